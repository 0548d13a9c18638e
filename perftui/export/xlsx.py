"""The workbook: Part 1, the project summary and one sheet per project table.

Every piece of user text goes through ``write_string`` (never ``write``), and the
workbook is opened with string conversions off, so ``=HYPERLINK(...)`` or ``+86 …`` in a
project stays text. Row heights and column widths come from ``textmetrics``.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

from xlsxwriter import Workbook
from xlsxwriter.worksheet import Worksheet

from perftui.export.sheetnames import SheetNamer, project_sheet_name
from perftui.export.styles import GROUPED_AMOUNT_FORMAT, Styles, percent_format
from perftui.export.textmetrics import plan_sheet
from perftui.forms.profiles import WENBEN
from perftui.layout.forms import (
    FINDINGS_TITLE,
    OVERALL_TITLE,
    findings_grid,
    overall_grid,
    project_grid,
    summary_grid,
)
from perftui.layout.grid import AMOUNT, INTEGER, PERCENT, Cell, Grid
from perftui.model import Document, Project

OVERALL_SHEET = OVERALL_TITLE
SUMMARY_SHEET = "项目汇总"
WORKBOOK_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
# A fixed creation time makes the same data give the same bytes on every run.
FIXED_CREATED = datetime(2000, 1, 1)
FOOTER = "&C第 &P 页，共 &N 页"

# Excel keeps at most this many characters in a cell and cuts the rest without a word.
EXCEL_CELL_CHARS = 32767
# The project title cell adds "绩效目标表" to the name.
_TITLE_ROOM = 16

Progress = Callable[[int, int], None]
_NUMBERS = frozenset({AMOUNT, INTEGER, PERCENT})


def export_workbook(
    doc: Document,
    out_path: str | Path,
    *,
    projects: Sequence[Project] | None = None,
    progress: Progress | None = None,
    findings: Sequence[tuple[str, str, str, str]] | None = None,
    review: Grid | None = None,
) -> Path:
    """Write ``doc`` as a workbook at ``out_path`` (overwritten) and return the path.

    ``projects`` limits the project sheets and the summary to those projects (in the
    given order; numbering follows their place in the document). ``progress(done, total)``
    is called after each sheet. ``findings`` (级别, 规则, 位置, 说明 texts), when given, adds
    a sheet 审核意见; ``review`` (``perftui.review.report.grid``) a last sheet 审核报告.
    """
    out_path = Path(out_path)
    chosen = list(doc.projects if projects is None else projects)
    numbers = {id(p): i for i, p in enumerate(doc.projects, 1)}
    total = len(chosen) + 2
    # Built in memory, then written in one go: a failing disk gives a plain OSError (and no
    # library temp files or half-closed archive are left behind).
    buffer = io.BytesIO()
    wb = Workbook(buffer, {**WORKBOOK_OPTIONS, "in_memory": True})
    try:
        wb.set_properties({"created": FIXED_CREATED, "title": f"{doc.unit.code}{doc.unit.name}预算绩效目标"})
        styles = Styles(wb)
        namer = SheetNamer()
        write_grid(wb.add_worksheet(namer.take(OVERALL_SHEET)), overall_grid(doc), styles)
        _tick(progress, 1, total)
        write_grid(
            wb.add_worksheet(namer.take(SUMMARY_SHEET)),
            summary_grid(doc, chosen),
            styles,
            amount_format=GROUPED_AMOUNT_FORMAT,
        )
        _tick(progress, 2, total)
        for done, project in enumerate(chosen, 3):
            number = numbers.get(id(project), done - 2)
            sheet = wb.add_worksheet(namer.take(project_sheet_name(number, project.name), f"{number}.项目"))
            write_grid(sheet, project_grid(doc, project), styles)
            _tick(progress, done, total)
        if findings is not None:
            write_grid(
                wb.add_worksheet(namer.take(FINDINGS_TITLE)), findings_grid(doc, list(findings)), styles
            )
        if review is not None:
            write_grid(wb.add_worksheet(namer.take(review.name)), review, styles)
    finally:
        wb.close()  # into memory: nothing on disk can fail half-way through the library
    with open(out_path, "wb") as f:
        f.write(buffer.getbuffer())
    return out_path


def overlong_texts(doc: Document, projects: Sequence[Project] | None = None) -> list[tuple[str, int]]:
    """(key path, length) of every text that would land whole in one cell and is longer than
    Excel keeps. Goals and Part 1 paragraphs are spread over several cells and never count."""
    out: list[tuple[str, int]] = []

    def check(keypath: str, text: str, room: int = 0) -> None:
        if len(text) + room > EXCEL_CELL_CHARS:
            out.append((keypath, len(text)))

    check("unit.name", doc.unit.code + doc.unit.name)
    check("overall.targets.caption", doc.overall.targets.caption)
    check("overall.measures.caption", doc.overall.measures.caption)
    chosen = {id(p) for p in (doc.projects if projects is None else projects)}
    for n, p in enumerate(doc.projects, 1):
        if id(p) not in chosen:
            continue
        where = f"projects[{n}]"
        check(f"{where}.code", p.code)
        check(f"{where}.name", p.name, _TITLE_ROOM)
        check(f"{where}.use", p.use)
        for k, ind in enumerate(p.indicators, 1):
            for name in WENBEN.order("indicator"):
                check(f"{where}.indicators[{k}].{name}", ind.get(name))
    return out


def _tick(progress: Progress | None, done: int, total: int) -> None:
    if progress is not None:
        progress(done, total)


def write_grid(ws: Worksheet, grid: Grid, styles: Styles, *, amount_format: str | None = None) -> None:
    """Write one grid on a worksheet: widths, heights, merges, values, print set-up."""
    plan = plan_sheet(grid)
    for c, w in enumerate(plan.widths):
        ws.set_column(c, c, w)
    for r, h in enumerate(plan.heights):
        ws.set_row(r, h)
    get = styles.get
    for r, row in enumerate(grid.rows):
        boxed = row.boxed
        for cell in row.cells:
            kind = cell.kind
            fmt = get(kind, boxed, _num_format(cell, amount_format) if kind in _NUMBERS else None)
            first, last = plan.rows_of(r, cell.rowspan)
            if last > first or cell.span > 1:
                ws.merge_range(first, cell.col, last, cell.last_col, "", fmt)
            if kind in _NUMBERS and cell.number is not None:
                value = cell.number / 100 if kind == PERCENT else cell.number
                ws.write_number(first, cell.col, float(value), fmt)
            elif cell.text:
                ws.write_string(first, cell.col, cell.text, fmt)
            else:
                ws.write_blank(first, cell.col, None, fmt)
    _print_setup(ws, grid, plan)


def _num_format(cell: Cell, amount_format: str | None) -> str | None:
    if cell.kind == PERCENT and cell.number is not None:
        return percent_format(cell.number)
    if cell.kind == AMOUNT and amount_format:
        return amount_format
    return None


def _print_setup(ws: Worksheet, grid: Grid, plan) -> None:
    ws.set_paper(9)  # A4
    if grid.landscape:
        ws.set_landscape()
    else:
        ws.set_portrait()
    ws.fit_to_pages(1, 0)  # one page wide, as many pages tall as needed
    ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.7)
    ws.center_horizontally()
    ws.set_footer(FOOTER)
    ws.hide_gridlines(2)
    if grid.repeat is not None:
        first, _ = plan.rows_of(grid.repeat[0])
        _, last = plan.rows_of(grid.repeat[1])
        ws.repeat_rows(first, last)
