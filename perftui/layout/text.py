"""The layout grid drawn in a terminal with box characters (``perftui show --project``).

Widths are display cells as wcwidth counts them; merged cells are drawn merged: a
row span leaves no line between its rows, a column span leaves no bar inside it.
"""

from __future__ import annotations

from perftui.export.textmetrics import (
    break_label,
    fit_widths,
    natural_widths,
    terminal_char,
    terminal_width,
    wrap,
)
from perftui.layout.grid import AMOUNT, HEADER, INTEGER, LABEL, PERCENT, TITLE, UNIT_NOTE, Cell, Column, Grid
from perftui.safetext import clean

_BOX = {
    # (up, down, left, right)
    (False, True, False, True): "┌",
    (False, True, True, False): "┐",
    (True, False, False, True): "└",
    (True, False, True, False): "┘",
    (True, True, False, True): "├",
    (True, True, True, False): "┤",
    (False, True, True, True): "┬",
    (True, False, True, True): "┴",
    (True, True, True, True): "┼",
    (False, False, True, True): "─",
    (False, False, True, False): "─",
    (False, False, False, True): "─",
    (True, True, False, False): "│",
    (True, False, False, False): "│",
    (False, True, False, False): "│",
    (False, False, False, False): " ",
}
MIN_COLUMN = 4


def _pad(text: str, width: int, align: str) -> str:
    gap = max(width - int(terminal_width(text)), 0)
    if align == "right":
        return " " * gap + text
    if align == "center":
        return " " * (gap // 2) + text + " " * (gap - gap // 2)
    return text + " " * gap


def _align(cell: Cell) -> str:
    if cell.kind in (AMOUNT,):
        return "right"
    if cell.kind in (LABEL, HEADER, PERCENT, INTEGER, TITLE):
        return "center"
    return "left"


def _declared_widths(grid: Grid, inner: int) -> list[int]:
    """Widths for a form that declares its column grid: in proportion to the declared widths,
    as wide as the longest line of any cell needs (within the terminal), numbers unbroken."""
    declared = grid.widths or []
    total = sum(declared) or 1.0
    need = 1.0
    for row in grid.rows:
        if not row.boxed:
            continue
        for cell in row.cells:
            longest = max((terminal_width(line) for line in clean(cell.text).split("\n")), default=0.0)
            room = sum(declared[cell.col : cell.last_col + 1])
            need = max(need, (longest - 3 * (cell.span - 1) + cell.span) / max(room, 1.0))
    k = min(need, inner / total)
    out = [max(1, int(w * k)) for w in declared]
    for row in grid.rows:  # amounts and percents are never broken
        for cell in row.cells:
            if cell.kind in (AMOUNT, PERCENT, INTEGER) and cell.text:
                have = sum(out[cell.col : cell.last_col + 1]) + 3 * (cell.span - 1)
                if have < terminal_width(cell.text):
                    out[cell.last_col] += int(terminal_width(cell.text) - have)
    return out


def column_widths(grid: Grid, width: int) -> list[int]:
    inner = width - (3 * grid.ncols + 1)
    if grid.widths:
        return _declared_widths(grid, inner)
    # Labels and headers on one line when the terminal has room: text columns give way first.
    label_need = [0.0] * grid.ncols
    for row in grid.rows:
        for cell in row.cells:
            if row.boxed and cell.span == 1 and cell.kind in (LABEL, HEADER):
                label_need[cell.col] = max(label_need[cell.col], terminal_width(cell.text))
    roomy = [
        Column(int(max(col.min, need)), int(max(col.max, need)))
        for col, need in zip(grid.columns, label_need, strict=True)
    ]
    if sum(c.min for c in roomy) <= inner:
        grid = Grid(grid.name, roomy, grid.rows, grid.repeat, grid.landscape)
    # Shrink wide text columns to their minima first; only a very narrow terminal goes below.
    widths = fit_widths(grid, terminal_width, inner, pad=0, grow=False)
    if sum(widths) > inner:
        widths = fit_widths(grid, terminal_width, inner, pad=0, floors=_number_floors(grid), grow=False)
    out = [max(int(w), MIN_COLUMN) for w in widths]
    # A wide terminal gives leftover room to columns whose text still wraps (labels first in line).
    natural = [int(n) for n in natural_widths(grid, terminal_width, pad=0)]
    spare = inner - sum(out)
    for c in range(grid.ncols):
        if spare <= 0:
            break
        extra = min(max(natural[c] - out[c], 0), spare)
        out[c] += extra
        spare -= extra
    return out


def _number_floors(grid: Grid) -> list[float]:
    """The narrowest each column may get: amounts and percents are never broken."""
    floors = [float(MIN_COLUMN)] * grid.ncols
    for row in grid.rows:
        for cell in row.cells:
            if cell.span == 1 and cell.kind in (AMOUNT, PERCENT, INTEGER):
                floors[cell.col] = max(floors[cell.col], terminal_width(cell.text))
    return floors


def render(grid: Grid, width: int = 100) -> list[str]:
    """The grid as lines of text at most about ``width`` cells wide (wider when the columns'
    minimum of 4 cells does not fit)."""
    widths = column_widths(grid, width)
    total = sum(widths) + 3 * (grid.ncols - 1)
    out: list[str] = []
    boxed_rows = [r for r, row in enumerate(grid.rows) if row.boxed]
    last = boxed_rows[-1] if boxed_rows else len(grid.rows)
    for r, row in enumerate(grid.rows):  # lines above the table (a line below it comes after)
        if not row.boxed and r < last:
            out.extend(_free_row(grid, r, widths, total + 4))
    if boxed_rows:
        out.extend(_table(grid, boxed_rows, widths))
    for r in range(last + 1, len(grid.rows)):
        if not grid.rows[r].boxed:
            out.extend(_free_row(grid, r, widths, total + 4))
    return out


def _free_row(grid: Grid, r: int, widths: list[int], total: int) -> list[str]:
    """A row outside the table: the title centred, the unit line with 单位：元 at the right."""
    row = grid.rows[r]
    texts = [clean(c.text) for c in row.cells]
    if len(row.cells) == 1:
        cell = row.cells[0]
        lines = wrap(texts[0], total, terminal_char)
        return [_pad(line, total, "center" if cell.kind == TITLE else "left").rstrip() for line in lines]
    right = [t for c, t in zip(row.cells, texts, strict=True) if c.kind == UNIT_NOTE]
    left = [t for c, t in zip(row.cells, texts, strict=True) if c.kind != UNIT_NOTE]
    lead = "  ".join(left)
    tail = "  ".join(right)
    gap = total - int(terminal_width(lead)) - int(terminal_width(tail))
    return [lead + " " * max(gap, 2) + tail]


def _table(grid: Grid, rows: list[int], widths: list[int]) -> list[str]:
    n = grid.ncols
    # owner[i][c]: the (row, cell) covering column c of the i-th table row, or None.
    owner: list[list[tuple[int, Cell] | None]] = [[None] * n for _ in rows]
    index = {r: i for i, r in enumerate(rows)}
    for r in rows:
        for cell in grid.rows[r].cells:
            for rr in range(r, r + cell.rowspan):
                if rr in index:
                    for c in range(cell.col, cell.last_col + 1):
                        owner[index[rr]][c] = (r, cell)

    def span_width(cell: Cell) -> int:
        return sum(widths[cell.col : cell.last_col + 1]) + 3 * (cell.span - 1)

    wrapped: dict[int, list[str]] = {}
    heights = [1] * len(rows)
    tall: list[tuple[int, int, int]] = []
    for i, r in enumerate(rows):
        for cell in grid.rows[r].cells:
            text = clean(cell.text)
            if cell.kind in (LABEL, HEADER):  # a label breaks where it reads well: 预算规模及 / 资金用途
                text = break_label(text, span_width(cell), terminal_char)
            lines = wrap(text, span_width(cell), terminal_char)
            wrapped[id(cell)] = lines
            span = min(cell.rowspan, len(rows) - i)
            if span == 1:
                heights[i] = max(heights[i], len(lines))
            else:
                tall.append((i, span, len(lines)))
    for i, span, need in tall:
        have = sum(heights[i : i + span])
        if need > have:
            heights[i + span - 1] += need - have

    def vbar(i: int, k: int) -> bool:
        """A vertical line at boundary k (left of column k) in table row i."""
        if i < 0 or i >= len(rows):
            return False
        if k == 0 or k == n:
            return True
        a, b = owner[i][k - 1], owner[i][k]
        return a is None or b is None or a[1] is not b[1]

    def hline(i: int, c: int) -> bool:
        """A horizontal line over column c between table rows i-1 and i."""
        if i == 0 or i == len(rows):
            return True
        a, b = owner[i - 1][c], owner[i][c]
        return a is None or b is None or a[1] is not b[1]

    def rule(i: int) -> str:
        parts = []
        for k in range(n + 1):
            left = k > 0 and hline(i, k - 1)
            right = k < n and hline(i, k)
            parts.append(_BOX[(vbar(i - 1, k), vbar(i, k), left, right)])
            if k < n:
                parts.append(("─" if right else " ") * (widths[k] + 2))
        return "".join(parts)

    # Lines already printed of each cell (row-spanning cells continue over their rows).
    printed: dict[int, int] = {}
    out = [rule(0)]
    for i in range(len(rows)):
        for _ in range(heights[i]):
            line = ["│"]
            c = 0
            while c < n:
                own = owner[i][c]
                if own is None:
                    line.append(" " * (widths[c] + 2) + "│")
                    c += 1
                    continue
                cell = own[1]
                lines = wrapped[id(cell)]
                k = printed.get(id(cell), 0)
                text = lines[k] if k < len(lines) else ""
                printed[id(cell)] = k + 1
                line.append(" " + _pad(text, span_width(cell), _align(cell)) + " │")
                c = cell.last_col + 1
            out.append("".join(line))
        out.append(rule(i + 1))
    return out
