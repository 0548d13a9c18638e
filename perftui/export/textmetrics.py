"""Estimates of how wide Chinese text is and how many lines it wraps to.

Two measures share one wrapping routine:

* Excel: widths in column units (one Calibri-11 digit, 7 px = 5.25 pt). A CJK character at
  10.5 pt is 2 units in every Chinese font. ASCII is measured with the metrics of the fonts
  the sheet may really be drawn in: 宋体 draws it at half an em, but a Linux office server
  without 宋体 draws it in a substitute (DejaVu Sans, Noto CJK, WenQuanYi), up to 0.7 em for
  a digit; each character counts its widest (``fontwidths``), which is the safety margin.
  East Asian *ambiguous* characters (≥ ≤ “ ” — …) are drawn full width by Chinese fonts.
* Terminal: display cells as ``wcwidth`` counts them (ambiguous = 1), the way tabulate does.

Excel never auto-fits rows with merged or wrapped cells, so every row height is
estimated here: lines × font size × 1.5 + padding (Noto CJK needs 1.45 × the font size per
line, 宋体 1.3), clamped at 409 pt; a row that would need more is split over several
physical rows (its cells merged vertically).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from perftui.export.fontwidths import ASCII_EM
from perftui.layout.grid import AMOUNT, HEADER, HEADING, INTEGER, LABEL, NUMBER, PERCENT, TITLE, Cell, Grid

BODY_PT = 10.5
TITLE_PT = 16.0
HEADING_PT = 12.0
LINE_FACTOR = 1.5  # line height / font size: Noto CJK's 1.45 and a little to spare
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


# Units of one em at the body size: 10.5 pt / 5.25 pt per unit.
_EM_UNITS = BODY_PT / 5.25
# Narrow characters beyond ASCII (é, µ …): as wide as the widest ASCII letters of a substitute.
_OTHER_NARROW = 0.75


def _excel_char(ch: str) -> float:
    if ch == "\t":
        return 1.0
    em = ASCII_EM.get(ch)
    if em is not None:
        return em * _EM_UNITS
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Cc", "Cf", "Mn"):
        return 0.0
    return _EM_UNITS if unicodedata.east_asian_width(ch) in ("W", "F", "A") else _OTHER_NARROW * _EM_UNITS


def _terminal_char(ch: str) -> float:
    from wcwidth import wcwidth  # the terminal preview only: the workbook does not need it

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
        slack = [float(col.max) - w for col, w in zip(grid.columns, widths, strict=True)]
        free = sum(slack)
        if free > 0:
            k = min((target - total) / free, 1.0)
            widths = [w + r * k for w, r in zip(widths, slack, strict=True)]
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


_NUMBER_KINDS = frozenset({AMOUNT, PERCENT, INTEGER, NUMBER})


def _number_units(text: str) -> float:
    """Width of a number as displayed, counting the thousands separators a format may add."""
    digits = len(text.split(".")[0].lstrip("-"))
    return excel_units(text) + max(digits - 1, 0) // 3


def grow_for_numbers(grids: list[Grid], widths: list[float], *, grouped: bool = False) -> list[float]:
    """``widths`` widened where a number of any of ``grids`` would not fit its cell (numbers
    never wrap: a too narrow column shows ####). One result serves every grid, so all the
    sheets of a form keep one column grid. ``grouped``: amounts show thousands separators."""
    widths = list(widths)
    for grid in grids:
        for row in grid.rows:
            for cell in row.cells:
                if cell.kind in _NUMBER_KINDS and cell.text:
                    commas = grouped or "," in (cell.fmt or "")
                    need = (_number_units(cell.text) if commas else excel_units(cell.text)) + 1.5
                    have = span_width(widths, cell)
                    if need > have:
                        widths[cell.last_col] = round(widths[cell.last_col] + need - have, 2)
    return widths


# Preferred places to break a label: after these characters, before an opening bracket, or
# before one of the words the forms' labels are made of (项目支出 / 名称, 年度本级 / 预算金额).
_BREAK_AFTER = set("：:、，,及和与/）)")
_BREAK_BEFORE = set("（(及")
_LABEL_WORDS = (
    "名称", "金额", "资金", "目标", "指标", "意见", "概况", "依据", "单位", "部门", "周期", "预算", "绩效",
    "实施", "上级", "编码", "代码", "计划", "用途", "成果", "分类", "执行", "职责", "说明", "标准", "属性",
)  # fmt: skip


def _label_tokens(text: str) -> list[str]:
    """A label's unbreakable pieces: ASCII runs, a bracketed group of up to 6 characters
    (``（%）``, ``(0-20)``), and each other character."""
    out: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch in _BREAK_BEFORE:
            close = "）" if ch == "（" else ")"
            j = text.find(close, i)
            if 0 < j - i <= 6:
                out.append(text[i : j + 1])
                i = j + 1
                continue
        m = _TOKEN.match(text, i)
        assert m is not None  # ``.`` with re.S matches any character
        out.append(m.group(0))
        i = m.end()
    return out


@lru_cache(maxsize=4096)
def break_label(text: str, width: float, char_width: Callable[[str], float] = excel_char) -> str:
    """A form label with line breaks at sensible places when it does not fit on one line of
    ``width``: as few lines as possible, each fitting, preferring breaks after ：、及和与 and
    before a bracket, and lines of even length (never one lone character on a line)."""
    if "\n" in text or sum(map(char_width, text)) <= width:
        return text
    toks = _label_tokens(text)
    widths = [sum(map(char_width, t)) for t in toks]
    n = len(toks)
    # best[i] = (lines, penalty, widest line) of the best breaking of toks[i:].
    best: list[tuple[int, float, float] | None] = [None] * (n + 1)
    nxt = [n] * (n + 1)
    best[n] = (0, 0.0, 0.0)
    for i in range(n - 1, -1, -1):
        used = 0.0
        for j in range(i + 1, n + 1):
            used += widths[j - 1]
            if used > width and j > i + 1:
                break
            rest = best[j]
            if rest is None:
                continue
            penalty = rest[1]
            if j < n:
                good = (toks[j - 1][-1] in _BREAK_AFTER or toks[j][0] in _BREAK_BEFORE
                        or "".join(toks[j : j + 2]) in _LABEL_WORDS)
                penalty += 0.0 if good else 1.0
                if j - i == 1 and len(toks[i]) == 1 or j == n - 1 and len(toks[-1]) == 1:
                    penalty += 3.0  # a lone character
            score = (rest[0] + 1, penalty, round(max(rest[2], used), 1))
            # On a tie the shorter first line wins: 资金支出 / 计划（%）.
            here = best[i]
            if here is None or score < here or score == here and j < nxt[i]:
                best[i] = score
                nxt[i] = j
    lines = []
    i = 0
    while i < n:
        j = nxt[i]
        lines.append("".join(toks[i:j]))
        i = j
    return "\n".join(lines)


def break_labels(grid: Grid, widths: list[float]) -> None:
    """Give every label and column heading of ``grid`` its sensible line breaks (in place)."""
    for row in grid.rows:
        for i, cell in enumerate(row.cells):
            if cell.kind in (LABEL, HEADER) and cell.text:
                text = break_label(cell.text, usable_units(span_width(widths, cell), cell.kind))
                if text != cell.text:
                    row.cells[i] = Cell(text, cell.kind, cell.col, cell.span, cell.rowspan, cell.number, cell.fmt)


def sheet_widths(grid: Grid) -> list[float]:
    """The form's declared widths, else widths fitted to the text; numbers always fit."""
    if grid.widths is not None:
        return grow_for_numbers([grid], grid.widths)
    target = LANDSCAPE_UNITS if grid.landscape else PORTRAIT_UNITS
    return grow_for_numbers([grid], fit_widths(grid, excel_units, target, pad=2.0), grouped=True)


def own_heights(grid: Grid, widths: list[float]) -> list[float]:
    """Each row's height from its own one-row cells (merged cells not yet counted)."""
    heights = [min_height(row.role, row.boxed) for row in grid.rows]
    for r, row in enumerate(grid.rows):
        for cell in row.cells:
            if cell.rowspan == 1:
                heights[r] = max(heights[r], text_height(cell.text, span_width(widths, cell), cell.kind))
    return heights


def plan_sheet(grid: Grid, widths: list[float] | None = None, own: list[float] | None = None) -> SheetPlan:
    """Widths (``widths``, else :func:`sheet_widths`) and the height of every row of
    ``grid`` on a worksheet (``own``: the rows' :func:`own_heights`, when known)."""
    widths = list(sheet_widths(grid) if widths is None else widths)
    heights = list(own_heights(grid, widths) if own is None else own)
    for r, row in enumerate(grid.rows):  # a merged cell's rows share its height
        for cell in row.cells:
            if cell.rowspan > 1:
                n = cell.rowspan
                need = text_height(cell.text, span_width(widths, cell), cell.kind)
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
