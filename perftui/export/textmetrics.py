"""Estimates of how wide Chinese text is and how many lines it wraps to.

Two measures share one wrapping routine:

* Excel: widths in column units (one Calibri-11 digit, 7 px). In 宋体 at 10.5 pt an ASCII
  character is about 1 unit and a CJK character about 2. East Asian *ambiguous* characters
  (≥ ≤ “ ” — …) are drawn full width by Chinese fonts, so they count 2 here.
* Terminal: display cells as ``wcwidth`` counts them (ambiguous = 1), the way tabulate does.

Excel never auto-fits rows with merged or wrapped cells, so every row height is
estimated here: lines × font size × 1.3 + padding, clamped at 409 pt; a row that would
need more is split over several physical rows (its cells merged vertically).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from wcwidth import wcwidth

from perftui.layout.grid import AMOUNT, HEADING, INTEGER, PERCENT, TITLE, Cell, Grid

BODY_PT = 10.5
TITLE_PT = 16.0
HEADING_PT = 12.0
LINE_FACTOR = 1.3  # line height / font size
ROW_PAD_PT = 5.0  # space above and below the text in a row
MAX_ROW_PT = 409.0  # Excel's largest row height
CELL_PAD_UNITS = 1.0  # margin kept free inside a cell when wrapping (Excel estimate)

# Print widths in column units that fit one page width at 100 % (A4, 0.4" side margins).
PORTRAIT_UNITS = 95
LANDSCAPE_UNITS = 140

# Characters that must not begin a line; a line break before one moves the previous
# character down with it (Chinese line breaking rules, which Excel and WPS follow).
_NO_LINE_START = set("，。、；：？！）》」』】〕〉”’%％,.;:?!)]}…—")

Measure = Callable[[str], float]


def _excel_char(ch: str) -> float:
    if ch == "\t":
        return 1.0
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Cc", "Cf", "Mn"):
        return 0.0
    return 2.0 if unicodedata.east_asian_width(ch) in ("W", "F", "A") else 1.0


def _terminal_char(ch: str) -> float:
    return float(max(wcwidth(ch), 0))


class _Widths(dict):
    """A per-character width cache (the export measures millions of characters)."""

    def __init__(self, measure: Callable[[str], float]) -> None:
        super().__init__()
        self.measure = measure

    def __missing__(self, ch: str) -> float:
        w = self[ch] = self.measure(ch)
        return w


_EXCEL = _Widths(_excel_char)
_TERMINAL = _Widths(_terminal_char)
excel_char: Callable[[str], float] = _EXCEL.__getitem__
terminal_char: Callable[[str], float] = _TERMINAL.__getitem__


def excel_units(text: str) -> float:
    return sum(map(excel_char, text))


def terminal_width(text: str) -> float:
    return sum(map(terminal_char, text))


# Break opportunities: runs of printable ASCII (words, numbers) stay whole; every other
# character (CJK, punctuation, spaces) is a token of its own.
_TOKEN = re.compile(r"[!-~]+|.", re.S)


def wrap(text: str, width: float, char_width: Callable[[str], float] = excel_char) -> list[str]:
    """Greedy wrap at ``width`` (in the measure of ``char_width``), as a spreadsheet does.

    Hard line breaks are kept; words longer than a line are cut; a closing punctuation
    mark never starts a line. Always returns at least one line.
    """
    width = max(width, 2.0)
    lines: list[str] = []
    for para in text.split("\n"):
        if sum(map(char_width, para)) <= width:  # most cells: one line, nothing to break
            lines.append(para)
            continue
        current: list[str] = []
        widths: list[float] = []
        used = 0.0
        for tok in _TOKEN.findall(para):
            w = char_width(tok) if len(tok) == 1 else sum(map(char_width, tok))
            if used + w <= width:
                current.append(tok)
                widths.append(w)
                used += w
            elif tok == " ":  # a space at the break is swallowed
                lines.append("".join(current))
                current, widths, used = [], [], 0.0
            elif w > width:  # a word longer than a line starts a new line and is cut
                if current:
                    lines.append("".join(current))
                    current, widths, used = [], [], 0.0
                for ch in tok:
                    cw = char_width(ch)
                    if used + cw > width and current:
                        lines.append("".join(current))
                        current, widths, used = [], [], 0.0
                    current.append(ch)
                    widths.append(cw)
                    used += cw
            elif tok[0] in _NO_LINE_START and len(current) > 1:
                # The previous character moves down with the punctuation mark.
                lines.append("".join(current[:-1]))
                current, widths = [current[-1], tok], [widths[-1], w]
                used = widths[0] + w
            else:
                lines.append("".join(current))
                current, widths, used = [tok], [w], w
        lines.append("".join(current))
    return lines


def line_count(text: str, width: float) -> int:
    return len(wrap(text, width))


def font_pt(kind: str) -> float:
    if kind == TITLE:
        return TITLE_PT
    if kind == HEADING:
        return HEADING_PT
    return BODY_PT


def natural_widths(grid: Grid, measure: Measure, pad: float) -> list[float]:
    """Per column, the widest line of the table's single-column cells (plus ``pad``)."""
    natural = [0.0] * grid.ncols
    for row in grid.rows:
        if not row.boxed:
            continue
        for cell in row.cells:
            if cell.span == 1:
                longest = max((measure(line) for line in cell.text.split("\n")), default=0.0)
                natural[cell.col] = max(natural[cell.col], longest + pad)
    return natural


def fit_widths(
    grid: Grid,
    measure: Measure,
    target: float,
    pad: float,
    *,
    floors: list[float] | None = None,
    grow: bool = True,
) -> list[float]:
    """Column widths from the text of single-column cells, within each column's hints,
    shrunk to ``target`` in total when too wide and grown towards the hints' maxima when
    narrower and ``grow`` is set (so the table fills the page)."""
    natural = natural_widths(grid, measure, pad)
    widths = [
        min(max(n, float(col.min)), float(col.max)) for n, col in zip(natural, grid.columns, strict=True)
    ]
    total = sum(widths)
    if total > target:
        # ``floors`` lets a narrow terminal go below the hints' minima.
        lows = [float(col.min) for col in grid.columns] if floors is None else floors
        lows = [min(low, w) for low, w in zip(lows, widths, strict=True)]
        room = sum(w - f for w, f in zip(widths, lows, strict=True))
        excess = total - target
        if room > 0:
            k = min(excess / room, 1.0)
            widths = [w - (w - f) * k for w, f in zip(widths, lows, strict=True)]
    elif total < target and grow:
        room = [float(col.max) - w for col, w in zip(grid.columns, widths, strict=True)]
        free = sum(room)
        if free > 0:
            k = min((target - total) / free, 1.0)
            widths = [w + r * k for w, r in zip(widths, room, strict=True)]
    return [round(w, 2) for w in widths]


def span_width(widths: list[float], cell: Cell) -> float:
    """Width of a cell across its columns in Excel units (each column adds ~5 px of padding)."""
    return sum(widths[cell.col : cell.last_col + 1]) + (cell.span - 1) * 5 / 7


def usable_units(width: float, kind: str) -> float:
    """Width available to text in a cell, in 10.5 pt character units."""
    return (width - CELL_PAD_UNITS) * BODY_PT / font_pt(kind)


def text_height(text: str, width: float, kind: str) -> float:
    """Points needed to show ``text`` wrapped in a cell ``width`` units wide."""
    usable = usable_units(width, kind)
    if "\n" in text or excel_units(text) > usable:
        lines = line_count(text, usable)
    else:
        lines = 1  # the common case, without wrapping
    return lines * font_pt(kind) * LINE_FACTOR + ROW_PAD_PT


@dataclass(slots=True)
class SheetPlan:
    """Column widths and physical rows of one grid on a worksheet."""

    widths: list[float]
    heights: list[float]  # per physical row, in points
    starts: list[int]  # first physical row of each grid row
    counts: list[int]  # physical rows of each grid row

    def rows_of(self, row: int, rowspan: int = 1) -> tuple[int, int]:
        last = row + rowspan - 1
        return self.starts[row], self.starts[last] + self.counts[last] - 1


def min_height(role: str, boxed: bool) -> float:
    if role == "title":
        return 30.0
    return 20.0 if boxed else 16.0


_NUMBER_KINDS = frozenset({AMOUNT, PERCENT, INTEGER})


def _number_units(text: str) -> float:
    """Width of a number as displayed, counting the thousands separators a format may add."""
    digits = len(text.split(".")[0].lstrip("-"))
    return excel_units(text) + max(digits - 1, 0) // 3


def plan_sheet(grid: Grid) -> SheetPlan:
    target = LANDSCAPE_UNITS if grid.landscape else PORTRAIT_UNITS
    widths = fit_widths(grid, excel_units, target, pad=2.0)
    # Numbers never wrap (a too narrow column shows ####): their columns grow to fit them.
    for row in grid.rows:
        for cell in row.cells:
            if cell.kind in _NUMBER_KINDS and cell.text:
                need = _number_units(cell.text) + 2.0
                have = span_width(widths, cell)
                if need > have:
                    widths[cell.last_col] = round(widths[cell.last_col] + need - have, 2)
    heights = [min_height(row.role, row.boxed) for row in grid.rows]
    tall: list[tuple[int, int, float]] = []
    for r, row in enumerate(grid.rows):
        for cell in row.cells:
            need = text_height(cell.text, span_width(widths, cell), cell.kind)
            if cell.rowspan == 1:
                heights[r] = max(heights[r], need)
            else:
                tall.append((r, cell.rowspan, need))
    for r, n, need in tall:  # a merged cell's rows share its height
        have = sum(heights[r : r + n])
        if need > have:
            extra = (need - have) / n
            for k in range(r, r + n):
                heights[k] += extra
    physical: list[float] = []
    starts: list[int] = []
    counts: list[int] = []
    for h in heights:
        n = max(1, math.ceil(h / MAX_ROW_PT))
        starts.append(len(physical))
        counts.append(n)
        physical.extend([math.ceil(h / n * 10) / 10] * n)  # round up, never down
    return SheetPlan(widths, physical, starts, counts)
