"""A screen-free grid: rows of cells with column start, column span and row span.

The same grid drives the Excel workbook and the terminal preview, so the two always
print the same texts in the same places. A cell covered by a merge from the row above
is simply absent from the lower row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

# Cell kinds: how a cell is styled and written.
TITLE = "title"  # sheet title, above the table
UNIT = "unit"  # the unit line (code + name), above the table
UNIT_NOTE = "unit_note"  # 单位：元, right of the unit line
LABEL = "label"  # a printed label of the form (项目编码, 预算数 …)
HEADER = "header"  # a column header of a table
TEXT = "text"  # user text
AMOUNT = "amount"  # money in 元, written as a number with two decimals
PERCENT = "percent"  # a percentage; ``number`` holds the form's figure (30 for 30%)
INTEGER = "integer"  # a count or a running number
NUMBER = "number"  # a plain figure (分值, 权重); ``Cell.fmt`` says how it shows
HEADING = "heading"  # 一、总体绩效目标 … (Part 1)
CAPTION = "caption"  # the caption under a Part 1 heading
PROSE = "prose"  # a paragraph of Part 1

# A printed form's title again at the top of a continuation page: 「1.XX绩效目标表（续）」.
CONTINUED = "（续）"

KINDS = (TITLE, UNIT, UNIT_NOTE, LABEL, HEADER, TEXT, AMOUNT, PERCENT, INTEGER, NUMBER, HEADING, CAPTION, PROSE)
NUMERIC_KINDS = frozenset({AMOUNT, PERCENT, INTEGER, NUMBER})
# Kinds whose text comes from the user's data (always written as text, never parsed).
USER_TEXT_KINDS = frozenset({TITLE, UNIT, TEXT, PROSE, CAPTION})


@dataclass(frozen=True, slots=True)
class Cell:
    """One printed cell: its text, kind and span."""

    text: str  # what the form prints (amounts and percents already formatted)
    kind: str
    col: int  # first column, 0-based
    span: int = 1  # columns covered
    rowspan: int = 1  # rows covered (this row and the ones below)
    number: Decimal | None = None  # AMOUNT / PERCENT / INTEGER / NUMBER value; None = blank
    fmt: str | None = None  # the spreadsheet number format, where the kind's own does not fit (万元)

    @property
    def last_col(self) -> int:
        return self.col + self.span - 1


@dataclass(slots=True)
class Row:
    """One printed row of a grid."""

    cells: list[Cell]
    role: str  # title, unit, form, header, indicator, heading, prose, item, total
    boxed: bool = True  # part of the bordered table
    # A Word document starts a new table at this row (the sample prints a project's header
    # block and its indicator table as two tables); a workbook ignores it.
    table_break: bool = False

    def texts(self) -> list[str]:
        return [c.text for c in self.cells]


@dataclass(frozen=True, slots=True)
class Column:
    """Width hints in display cells (a CJK character is 2, an ASCII letter 1)."""

    min: int
    max: int


@dataclass(slots=True)
class Grid:
    """One printed table (a sheet or a Word table) as rows of cells."""

    name: str  # what the grid shows, e.g. the project name or 部门整体绩效目标
    columns: list[Column]
    rows: list[Row] = field(default_factory=list)
    # Rows (0-based, inclusive) repeated at the top of every printed page, or None.
    repeat: tuple[int, int] | None = None
    landscape: bool = False
    # Column widths in spreadsheet units (one digit of the default font) when the form
    # declares them: every sheet of the form then prints on the same column grid.
    widths: list[float] | None = None

    @property
    def ncols(self) -> int:
        return len(self.columns)

    def add(self, role: str, *cells: Cell, boxed: bool = True, table_break: bool = False) -> int:
        self.rows.append(Row(list(cells), role, boxed, table_break))
        return len(self.rows) - 1

    def merges(self) -> list[tuple[int, int, int, int, Cell]]:
        """(first_row, first_col, last_row, last_col, cell) of every cell covering more than one place."""
        out = []
        for r, row in enumerate(self.rows):
            for c in row.cells:
                if c.span > 1 or c.rowspan > 1:
                    out.append((r, c.col, r + c.rowspan - 1, c.last_col, c))
        return out

    def validate(self) -> None:
        """Raise ValueError when cells overlap or leave the grid (a layout bug, not user input)."""
        taken: set[tuple[int, int]] = set()
        for r, row in enumerate(self.rows):
            for c in row.cells:
                if c.col < 0 or c.last_col >= self.ncols or c.span < 1 or c.rowspan < 1:
                    raise ValueError(f"cell {c.text!r} outside the grid at row {r}")
                if r + c.rowspan > len(self.rows):
                    raise ValueError(f"cell {c.text!r} spans past the last row")
                for rr in range(r, r + c.rowspan):
                    for cc in range(c.col, c.last_col + 1):
                        if (rr, cc) in taken:
                            raise ValueError(f"cells overlap at row {rr}, column {cc}")
                        taken.add((rr, cc))
