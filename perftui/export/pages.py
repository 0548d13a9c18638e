"""Pages of a printed form: where a worksheet breaks, and what a continuation page repeats.

Every row height of a sheet is set by the export, so the pages are known before a program
prints them: the export chooses the breaks itself. A break never falls inside a row, nor
inside the header block of a form, nor between the column headings and the first row; it
falls before a run of rows sharing a merged 一级 cell when the run then fits on the next
page. A continuation page begins with the form's title marked （续） and the column headings,
and a merged cell cut by the break is printed again on the new page (its text on both).
"""

from __future__ import annotations

from dataclasses import replace

from perftui.export.textmetrics import SheetPlan, own_heights, plan_sheet
from perftui.layout.grid import CONTINUED, TITLE, Cell, Grid, Row

# A4 in points, and the margins the export sets (inches).
A4 = (595.3, 841.9)
MARGINS = {"left": 0.4, "right": 0.4, "top": 0.6, "bottom": 0.7}
# Room kept free on each page for the rounding of row heights to pixels.
SAFETY = 0.96


def printable(landscape: bool) -> tuple[float, float]:
    """(width, height) of the printable area in points."""
    w, h = (A4[1], A4[0]) if landscape else A4
    return (w - (MARGINS["left"] + MARGINS["right"]) * 72, h - (MARGINS["top"] + MARGINS["bottom"]) * 72)


def sheet_width_pt(widths: list[float]) -> float:
    """The printed width of the columns as Excel draws them: ``int(w × 7 + 0.5) + 5`` pixels each."""
    return sum(int(w * 7 + 0.5) + 5 for w in widths) * 0.75


def page_capacity(widths: list[float], landscape: bool) -> float:
    """Points of sheet rows that fit on one page once the sheet is scaled to the page width."""
    width, height = printable(landscape)
    scale = min(1.0, width / sheet_width_pt(widths))
    scale = int(scale * 100) / 100  # Excel scales by whole percents
    return height / scale * SAFETY


def _row_heights(plan: SheetPlan, n: int) -> list[float]:
    out = []
    for r in range(n):
        first, last = plan.rows_of(r)
        out.append(sum(plan.heights[first : last + 1]))
    return out


def _covering(grid: Grid) -> list[list[tuple[int, Cell]]]:
    """For each row, the merged cells of earlier rows that reach into it (row, cell)."""
    out: list[list[tuple[int, Cell]]] = [[] for _ in grid.rows]
    for r, row in enumerate(grid.rows):
        for cell in row.cells:
            for k in range(r + 1, r + cell.rowspan):
                out[k].append((r, cell))
    return out


def choose_breaks(grid: Grid, heights: list[float], capacity: float) -> list[int]:
    """Grid rows before which a new page starts."""
    if grid.repeat is None:
        return []
    header = grid.repeat[0]
    cover = _covering(grid)
    splittable = {id(c) for r, row in enumerate(grid.rows) if r >= header for c in row.cells}
    lead = {id(c) for c in grid.rows[header].cells if c.rowspan > 1}

    def allowed(r: int) -> bool:  # a break before row r
        if r <= header + 1:
            return False  # the header block, the headings and the first row stay together
        return all(id(c) in splittable for _, c in cover[r])

    def cuts(r: int) -> int:  # merged cells a break before row r would cut (the label left of the table aside)
        return sum(1 for _, c in cover[r] if id(c) not in lead)

    continued = heights[0] + heights[header]  # what a continuation page starts with
    breaks: list[int] = []
    start, used = 0, 0.0
    r = 0
    while r < len(grid.rows):
        h = heights[r]
        if used + h <= capacity or r == start:
            used += h
            r += 1
            continue
        # Row r does not fit: break where the fewest merged cells are cut (between projects
        # rather than inside one, between 一级 runs rather than inside one), if what moves then
        # fits on the next page; else just before row r.
        candidates = [b for b in range(r, start, -1) if allowed(b)]
        movable = [b for b in candidates if continued + sum(heights[b : r + 1]) <= capacity]
        choice = min(movable, key=lambda b: (cuts(b), -b)) if movable else (candidates[0] if candidates else None)
        if choice is None:
            used += h  # nothing can move: the row goes where it falls
            r += 1
            continue
        breaks.append(choice)
        start = choice
        used = continued + sum(heights[choice:r])
    return breaks


def continue_pages(grid: Grid, breaks: list[int]) -> tuple[Grid, list[int], list[int]]:
    """``grid`` with a continuation title and the column headings inserted at each break,
    merged cells cut there and printed again; the rows where the new pages start; and for
    each new row the old row it stands for (an inserted row: the one it repeats)."""
    if not breaks or grid.repeat is None:
        return grid, [], list(range(len(grid.rows)))
    header = grid.repeat[0]
    title = next((c for c in grid.rows[0].cells if c.kind == TITLE), None)
    lead = [c for c in grid.rows[header].cells if c.rowspan > 1]
    extra = 2 if title is not None else 1
    cut = sorted(set(breaks))
    new_of: list[int] = []
    shift = 0
    for r in range(len(grid.rows)):
        if r in cut:
            shift += extra
        new_of.append(r + shift)
    out: list[Row] = []
    source: list[int] = []
    for r, row in enumerate(grid.rows):
        if r in cut:
            if title is not None:
                out.append(Row([replace(title, text=title.text + CONTINUED)], "title", False))
                source.append(0)
            out.append(Row([c for c in grid.rows[header].cells if c.rowspan == 1], "header"))
            source.append(header)
        out.append(Row([], row.role, row.boxed, row.table_break))
        source.append(r)
    for r, row in enumerate(grid.rows):
        for cell in row.cells:
            end = r + cell.rowspan  # rows [r, end) of the old grid
            inner = [b for b in cut if r < b < end]
            for s, e in zip([r, *inner], [*inner, end], strict=True):
                first = new_of[s]
                if s != r and any(cell is c for c in lead):
                    first -= 1  # a label left of the table covers the repeated headings too
                rowspan = new_of[e - 1] - first + 1
                out[first].cells.append(cell if rowspan == cell.rowspan else replace(cell, rowspan=rowspan))
    for row in out:
        row.cells.sort(key=lambda c: c.col)
    new = Grid(grid.name, grid.columns, out, None, grid.landscape, grid.widths)
    return new, [new_of[b] - extra for b in cut], source


def paginate(grid: Grid, widths: list[float]) -> tuple[Grid, SheetPlan, list[int]]:
    """The grid as printed (continuations inserted), its sheet plan, and the physical rows
    where pages start (for the sheet's manual page breaks)."""
    own = own_heights(grid, widths)
    plan = plan_sheet(grid, widths, own)
    if grid.repeat is None:
        return grid, plan, []
    heights = _row_heights(plan, len(grid.rows))
    breaks = choose_breaks(grid, heights, page_capacity(plan.widths, grid.landscape))
    if not breaks:
        return grid, plan, []
    printed, starts, source = continue_pages(grid, breaks)
    plan = plan_sheet(printed, widths, [own[r] for r in source])  # a repeated row is as tall as its original
    return printed, plan, [plan.starts[s] for s in starts]
