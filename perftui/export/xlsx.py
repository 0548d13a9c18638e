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

from perftui.export.pages import paginate
from perftui.export.sheetnames import SheetNamer, project_sheet_name
from perftui.export.styles import GROUPED_AMOUNT_FORMAT, Styles, percent_format
from perftui.export.textmetrics import SheetPlan, break_labels, grow_for_numbers, plan_sheet, sheet_widths
from perftui.fields import SCALAR, field_of
from perftui.forms import SCOPES, profile_of
from perftui.gcpause import collector_paused
from perftui.layout.forms import (
    FINDINGS_TITLE,
    OVERALL_TITLE,
    findings_grid,
    overall_grid,
    summary_grid,
)
from perftui.layout.grid import AMOUNT, INTEGER, NUMBER, PERCENT, Cell, Grid
from perftui.layout.official import Form, form_of
from perftui.layout.spec import build
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
_NUMBERS = frozenset({AMOUNT, INTEGER, PERCENT, NUMBER})


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
    with collector_paused():  # the library holds every cell of every sheet until the end
        buffer = _build(doc, projects, progress, findings, review)
    with open(out_path, "wb") as f:
        f.write(buffer.getbuffer())
    return out_path


def _build(doc, projects, progress, findings, review) -> io.BytesIO:
    chosen = list(doc.projects if projects is None else projects)
    profile = profile_of(doc)
    form = form_of(profile)
    sheets = planned_sheets(doc, chosen, form)
    total = len(sheets)
    # Built in memory, then written in one go: a failing disk gives a plain OSError (and no
    # library temp files or half-closed archive are left behind).
    buffer = io.BytesIO()
    wb = Workbook(buffer, {**WORKBOOK_OPTIONS, "in_memory": True})
    try:
        wb.set_properties({"created": FIXED_CREATED, "title": f"{doc.unit.code}{doc.unit.name}预算绩效目标"})
        styles = Styles(wb)
        namer = SheetNamer()
        for done, (name, fallback, grid, widths, amount_format) in enumerate(sheets, 1):
            write_grid(wb.add_worksheet(namer.take(name, fallback)), grid, styles, widths=widths,
                       amount_format=amount_format)
            _tick(progress, done, total)
        if findings is not None:
            write_grid(
                wb.add_worksheet(namer.take(FINDINGS_TITLE)), findings_grid(doc, list(findings)), styles
            )
        if review is not None:
            write_grid(wb.add_worksheet(namer.take(review.name)), review, styles)
    finally:
        wb.close()  # into memory: nothing on disk can fail half-way through the library
    return buffer


Sheet = tuple[str, str, Grid, "list[float] | None", "str | None"]


def planned_sheets(doc: Document, chosen: list[Project], form: Form) -> list[Sheet]:
    """(wanted name, fallback name, grid, widths, amount format) of every sheet, in order.

    All tables of one form share one column grid: the form's widths, widened once for the
    longest number of any of them."""
    profile = profile_of(doc)
    numbers = {id(p): i for i, p in enumerate(doc.projects, 1)}
    if form.subject == "department":
        grid = build(form, doc, profile)
        return [(profile.title, "部门整体", grid, grow_for_numbers([grid], list(form.widths)), None)]
    if form.subject == "all":
        subset = doc if projects_all(doc, chosen) else _with_projects(doc, chosen)
        grid = build(form, subset, profile)
        return [(profile.title, "项目", grid, grow_for_numbers([grid], list(form.widths)), None)]
    grids = []
    for n, project in enumerate(chosen, 1):
        number = numbers.get(id(project), n)
        grids.append((number, project, build(form, doc, profile, project, number)))
    widths = grow_for_numbers([g for _, _, g in grids], list(form.widths))
    out: list[Sheet] = []
    if form.key == "wenben":
        out.append((OVERALL_SHEET, OVERALL_SHEET, overall_grid(doc, widths), widths, None))
        out.append((SUMMARY_SHEET, SUMMARY_SHEET, summary_grid(doc, chosen), None, GROUPED_AMOUNT_FORMAT))
    for number, project, grid in grids:
        out.append((project_sheet_name(number, project.name), f"{number}.项目", grid, widths, None))
    return out


def projects_all(doc: Document, chosen: list[Project]) -> bool:
    return len(chosen) == len(doc.projects) and all(a is b for a, b in zip(chosen, doc.projects, strict=True))


def _with_projects(doc: Document, chosen: list[Project]) -> Document:
    from dataclasses import replace

    return replace(doc, projects=list(chosen))


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
    profile = profile_of(doc)
    project_keys = [k for k in profile.order("project") if _one_cell(SCOPES["project"], k)]
    indicator_keys = [k for k in profile.order("indicator") if _one_cell(SCOPES["indicator"], k)]
    for n, p in enumerate(doc.projects, 1):
        if id(p) not in chosen:
            continue
        where = f"projects[{n}]"
        for key in project_keys:
            check(f"{where}.{key}", getattr(p, key), _TITLE_ROOM if key == "name" else 0)
        for k, ind in enumerate(p.indicators, 1):
            for name in indicator_keys:
                check(f"{where}.indicators[{k}].{name}", ind.get(name))
    return out


def _one_cell(cls: type, key: str) -> bool:
    """A text field printed whole in one cell (longer texts are spread over rows)."""
    f = field_of(cls, key)
    return f is not None and f.shape == SCALAR and f.kind.key in ("text", "code", "period")


def _tick(progress: Progress | None, done: int, total: int) -> None:
    if progress is not None:
        progress(done, total)


def write_grid(
    ws: Worksheet,
    grid: Grid,
    styles: Styles,
    *,
    widths: list[float] | None = None,
    amount_format: str | None = None,
) -> None:
    """Write one grid on a worksheet: widths, heights, merges, values, pages, print set-up."""
    widths = sheet_widths(grid) if widths is None else widths
    if grid.widths is not None:  # a form's labels break where they read well (other sheets wrap as they come)
        grid = _labelled(grid, widths)
    breaks: list[int] = []
    if grid.widths is not None and grid.repeat is not None:
        grid, plan, breaks = paginate(grid, widths)
    else:
        plan = plan_sheet(grid, widths)
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
    if breaks:
        ws.set_h_pagebreaks(breaks)
    _print_setup(ws, grid, plan)


def _labelled(grid: Grid, widths: list[float]) -> Grid:
    """A copy of ``grid`` whose labels break at sensible places for these widths."""
    from perftui.layout.grid import Row

    rows = [Row(list(r.cells), r.role, r.boxed, r.table_break) for r in grid.rows]
    copy = Grid(grid.name, grid.columns, rows, grid.repeat, grid.landscape, grid.widths)
    break_labels(copy, widths)
    return copy


def _num_format(cell: Cell, amount_format: str | None) -> str | None:
    if cell.fmt is not None:
        return cell.fmt
    if cell.kind == PERCENT and cell.number is not None:
        return percent_format(cell.number)
    if cell.kind == AMOUNT and amount_format:
        return amount_format
    return None


def _print_setup(ws: Worksheet, grid: Grid, plan: SheetPlan) -> None:
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
