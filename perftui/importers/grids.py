"""What every container (Word, Excel, Word-exported text) is turned into before mapping:
a sequence of blocks, each a paragraph or a grid of cells with its merges resolved.

A grid is rectangular: ``rows[r][c]`` is the cell covering slot (r, c), the same object
across a merged cell's span, or None where the source has no cell at all (a short row).
A slot is the cell's *anchor* when it is the cell's top-left; a slot below the anchor is
a vertical continuation (``from_above``), one right of it a horizontal one.

Every cell and paragraph has a place: an integer in document order, which the source
turns into the words users read (``表 3 第 5 行第 2 格``, ``项目1!C7``, ``第 123 行``).
Places stay integers until a notice needs the words, so a 1,000-sheet workbook does not
build 150,000 strings nobody reads.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path


@dataclass(slots=True, eq=False)
class Cell:
    text: str  # as shown, whitespace around it removed; paragraphs inside joined with "\n"
    place: int
    row: int  # the anchor's row and column in its grid
    col: int
    rowspan: int = 1
    colspan: int = 1
    number: Decimal | None = None  # a numeric spreadsheet cell, exactly as the sheet shows it
    percent: bool = False  # ... formatted as a percentage (``number`` holds 0.3 for 30 %)

    # The sample's reader (perftui.importers.table) reads a cell as the text export gives it:
    # its line (here: its place), whether it continues a merge (an anchor never does), and
    # its continuation paragraphs (none: a grid cell's paragraphs are in its text).
    merged = False
    extra_lines: tuple[int, ...] = ()

    @property
    def line(self) -> int:
        return self.place


@dataclass(slots=True)
class Grid:
    """One table (a Word table, a sheet or a block of a sheet, a run of text rows)."""

    rows: list[list[Cell | None]]
    ncols: int
    name: str = ""  # the sheet's name, for messages and project boundaries
    index: int = 0  # 1-based among the source's grids
    # A dense grid (a sheet) has a cell in every slot: None there is a blank cell, made
    # when asked for. Elsewhere None is a slot without a cell (a short row).
    dense: bool = False
    base: int = 0  # the place of slot (0, 0); slot (r, c) is base + r * ncols + c
    last_text: int = -1  # dense grids: the last column with text in any row (-1: unknown)

    def cell(self, r: int, c: int) -> Cell | None:
        cell = self.rows[r][c]
        if cell is None and self.dense:
            cell = self.rows[r][c] = Cell("", self.base + r * self.ncols + c, r, c)
        return cell

    def distinct(self, r: int) -> list[tuple[Cell, bool]]:
        """The cells of row ``r`` left to right, each once, with whether it comes from above."""
        row = self.rows[r]
        out = []
        for c, cell in enumerate(row):
            if cell is None:
                if not self.dense:
                    continue
                cell = row[c] = Cell("", self.base + r * self.ncols + c, r, c)
            elif cell.col != c:
                continue
            out.append((cell, cell.row < r))
        return out

    def anchors(self, r: int) -> list[Cell]:
        """The cells that start in row ``r``, left to right."""
        return [cell for cell, above in self.distinct(r) if not above]


@dataclass(slots=True)
class Paragraph:
    text: str
    place: int
    heading: bool = False  # a Word heading style (a hint only)


Block = Grid | Paragraph


@dataclass(slots=True)
class Source:
    """A file turned into blocks, with how its places are named."""

    path: Path | None
    kind: str  # "docx", "xlsx", "text"
    blocks: list[Block] = field(default_factory=list)
    describe: Callable[[int], str] = str
    notices: list[tuple[int | None, str]] = field(default_factory=list)  # found while reading
    text: str = ""  # the text container only: the decoded text (the sample's own importer reads it)
    encoding_notice: str = ""  # the text container only: read in another encoding than asked

    def grids(self) -> list[Grid]:
        return [b for b in self.blocks if isinstance(b, Grid)]

    def note(self, place: int | None, message: str) -> None:
        self.notices.append((place, message))


def build_grid(
    spans: list[list[tuple[str, int, int, int]]],
    first_place: int,
    ncols: int | None = None,
) -> tuple[Grid, int]:
    """A grid from rows of (text, column, colspan, rowspan) anchors; places numbered from
    ``first_place`` (one per slot, in reading order). Returns the grid and the next free place.

    A later anchor that lands on a slot already covered by an earlier merge is moved right
    to the next free slot (a malformed file must still give a grid, never an exception).
    """
    width = ncols if ncols is not None else max(
        (col + span for row in spans for _, col, span, _ in row), default=0
    )
    nrows = len(spans)
    rows: list[list[Cell | None]] = [[None] * width for _ in range(nrows)]
    for r, row in enumerate(spans):
        for text, col, span, down in row:
            while col < width and rows[r][col] is not None:
                col += 1
            if col >= width:
                continue
            span = max(1, min(span, width - col))
            down = max(1, min(down, nrows - r))
            cell = Cell(text, first_place + r * width + col, r, col, down, span)
            for rr in range(r, r + down):
                for cc in range(col, col + span):
                    if rows[rr][cc] is None:
                        rows[rr][cc] = cell
    return Grid(rows, width, base=first_place), first_place + nrows * width
