"""The sample's form (绩效文本) from a Word or Excel file: its grids and paragraphs turned
into the paragraphs and rows the text importer reads (perftui.importers.wordtext), exactly
as Word's text export would have written them, so every file of this form goes through one
reader and the sample as a .docx gives the bundled data file byte for byte.

- a row's cells are listed once each, left to right (a merge across columns is one cell,
  as in the text export); a cell continuing a merge from the row above is a bare TAB
  (``merged``), which is how the reader knows 一级指标 and 资金用途 rows;
- a grid of one text per row (the workbook's 部门整体绩效目标 sheet), a title row spanning the
  whole grid and the unit heading of that sheet are paragraphs;
- perftui's own summary and findings sheets (项目汇总, 审核意见) are derived from the
  project sheets and are not read again (one notice says so).
"""

from __future__ import annotations

from perftui.importers.grids import Grid, Paragraph, Source
from perftui.importers.lines import Cell as TextCell
from perftui.importers.lines import Prose, Row, squash
from perftui.importers.ownsheet import ReadTable, read_own_sheet
from perftui.importers.table import is_unit_row, title_name
from perftui.importers.xlsx import SheetGrid

# Header rows of the sheets perftui's export derives from the project sheets.
SUMMARY_HEADER = ("序号", "项目编码", "项目名称", "预算数")
FINDINGS_HEADER = ("序号", "级别", "规则", "位置", "说明")


def derived_sheet(grid: Grid) -> str:
    """The name of a derived sheet perftui wrote (summary, findings), else ""."""
    for r in range(min(len(grid.rows), 4)):
        if _first_anchor_text(grid, r) != "序号":
            continue  # both headers open with 序号: most rows are told apart by their first cell
        texts = tuple(c.text for c in grid.anchors(r))
        if texts[: len(SUMMARY_HEADER)] == SUMMARY_HEADER:
            return "项目汇总"
        if texts[: len(FINDINGS_HEADER)] == FINDINGS_HEADER:
            return "审核意见"
    return ""


def _is_prose(grid: Grid) -> bool:
    """One text per row (the workbook's 部门整体绩效目标 sheet, however many columns its
    paragraphs are merged across): paragraphs, not a table."""
    return grid.ncols == 1 or all(sum(1 for c in grid.anchors(r) if c.text) <= 1 for r in range(len(grid.rows)))
def _first_anchor_text(grid: Grid, r: int) -> str | None:
    """The text of ``grid.anchors(r)[0]`` (None when the row has no anchor), found without
    listing the row."""
    for c, cell in enumerate(grid.rows[r]):
        if cell is None:
            if grid.dense:
                return ""  # a blank cell of a sheet: an anchor without text
            continue
        if cell.col == c and cell.row == r:
            return cell.text
    return None


def tokens(source: Source) -> list[Prose | Row | ReadTable]:
    """The source's paragraphs and rows in document order; a sheet laid out as perftui's own
    workbooks print a project (perftui.importers.ownsheet) is one ReadTable, already read."""
    grids = source.grids()
    unit_lines: set[str] = set()
    first_rows: dict[tuple[int, int], Row | None] = {}  # (id(grid), r) -> row: read again below
    read: dict[int, ReadTable] = {}  # id(grid) -> the sheet read whole
    for grid in grids:
        table = read_own_sheet(grid) if isinstance(grid, SheetGrid) else None
        if table is not None:
            read[id(grid)] = table
            unit_lines.update(table.unit_lines)
            continue
        last = last_used_column(grid)
        for r in range(min(len(grid.rows), 3)):
            row = first_rows[id(grid), r] = _row(grid, r, last)
            if row is not None and is_unit_row(row) and row.cells[0].text:
                unit_lines.add(row.cells[0].text)
    out: list[Prose | Row | ReadTable] = []
    for block in source.blocks:
        if isinstance(block, Paragraph):
            out.append(Prose(block.text, block.place))
            continue
        table = read.get(id(block))
        if table is not None:
            out.append(table)
            continue
        _block_tokens(block, source, unit_lines, first_rows, out)
    return _joined(out) if read else out


def _joined(tokens: list[Prose | Row | ReadTable]) -> list[Prose | Row | ReadTable]:
    """A sheet read whole whose table the next rows would continue (rows of a sheet without a
    title or unit row of its own) goes back to rows, so that the reader joins them as before."""
    out: list[Prose | Row | ReadTable] = []
    for index, token in enumerate(tokens):
        after = tokens[index + 1] if index + 1 < len(tokens) else None
        if isinstance(token, ReadTable) and isinstance(after, Row) and not _opens_table(after):
            _block_tokens(token.grid, None, set(), {}, out)
        else:
            out.append(token)
    return out


def _opens_table(row: Row) -> bool:
    """Whether the row starts a new table after a complete one (table.starts_new_table)."""
    return is_unit_row(row) or squash(row.cells[0].text) == "项目编码"


def _block_tokens(
    block: Grid,
    source: Source | None,
    unit_lines: set[str],
    first_rows: dict[tuple[int, int], Row | None],
    out: list[Prose | Row | ReadTable],
) -> None:
    """One grid's tokens (``source``: where a derived sheet's notice goes)."""
    derived = derived_sheet(block)
    if derived:
        first = next((c for row in block.rows for c in row if c is not None), None)
        if source is not None:
            source.note(
                first.place if first else None, f"工作表“{block.name}”是{derived}表，由各项目表得出，未重复导入"
            )
        return
    if _is_prose(block):
        for r in range(len(block.rows)):
            for cell in block.anchors(r):
                if cell.text and not (r <= 3 and cell.text in unit_lines):
                    out.append(Prose(cell.text, cell.place))
        return
    last = last_used_column(block)
    for r in range(len(block.rows)):
        first = block.rows[r][0] if block.ncols else None
        if (
            first is not None
            and first.row == r
            and first.colspan == block.ncols
            and r + 1 < len(block.rows)
            and title_name(first.text) is not None
        ):
            out.append(Prose(first.text, first.place))  # a title row over the whole form
            continue
        row = first_rows[id(block), r] if (id(block), r) in first_rows else _row(block, r, last)
        if row is not None:
            out.append(row)


_NO_LAST = 1 << 62


def _row(grid: Grid, r: int, last: int | None = None) -> Row | None:
    """Row ``r`` as the text export writes it; None for a row with nothing in it. ``last``:
    the last column of a sheet that holds any text (blank columns right of it are no cells).

    The cells are those of ``grid.distinct(r)``, walked here directly (this runs for every
    row of every sheet)."""
    cells: list = []
    add = cells.append
    kept = False
    line = grid.rows[r]
    dense = grid.dense
    stop = last if last is not None else _NO_LAST  # a cell reaching past it is the row's last
    for c, cell in enumerate(line):
        if cell is None:
            if not dense:
                continue
            cell = grid.cell(r, c)
            if cell is None:
                continue
        elif cell.col != c:
            continue  # right of a merge's anchor
        if cell.row < r:
            # A continuation from above is the export's bare TAB.
            add(TextCell("", cell.place, True))
            kept = True
        else:
            # An anchor is read as it is (it has the text cell's attributes).
            add(cell)
            if cell.text:
                kept = True
        if c + cell.colspan > stop:
            break
    return Row(cells) if kept else None


def last_used_column(grid: Grid) -> int | None:
    """The last column of a sheet (a dense grid) with text in any row; None elsewhere."""
    return grid.last_text if grid.dense else None
