"""A 项目绩效目标表 sheet laid out as perftui's own workbooks print it, read straight from
calamine's values into a Project: one pass over the sheet's cells, no Cell, Row or draft.

This is the fast path of the sample's form (perftui.importers.wenben → wordtext → table)
for the sheets a 1,000-project workbook is made of. It gives exactly what that path gives,
or nothing: it reads a sheet only when every row is where the printed form puts it
(title, unit row, 项目编码/项目名称, 预算规模及资金用途 and its 资金用途 row, 资金支出计划 and its
shares, 绩效目标, the indicator header, then indicator rows and printed continuation pages)
and the general path would say nothing about it. Anything else (a label it does not
know, a merge that overlaps another, a cell that would get a notice, a table that seems
cut off) returns None, and the sheet goes through the general path, notices and all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from operator import itemgetter
from typing import Any

from perftui.frameworks import canonical_level1
from perftui.importers.lines import Prose, continuation_title, squash
from perftui.importers.notes import Notices
from perftui.importers.table import (
    AMOUNT_FIELDS,
    BUDGET_LABEL,
    GOAL_LABELS,
    HEADER_FIELDS,
    MONTH_RE,
    PAIR_FIELDS,
    PERCENT_RE,
    PLAN_LABEL,
    STANDARD_HEADER,
    UNIT_CELL_RE,
    UNIT_CODE_RE,
    UnitRow,
    split_goals,
    title_name,
)
from perftui.importers.xlsx import SheetGrid, _display, _number_text, plain
from perftui.kinds import AMOUNT, PERCENT
from perftui.layout.grid import CONTINUED
from perftui.model import PLAN_MONTHS, Indicator, Project
from perftui.money import parse_amount

# Labels of the rows before the indicators; an indicator row that starts with one of them
# is something else (the general path reads it as such).
_ROW_LABELS = frozenset({"项目编码", "项目名称", BUDGET_LABEL, "一级指标", *GOAL_LABELS})
_FIELDS = frozenset(STANDARD_HEADER)
_ONE = Decimal(1)


@dataclass(slots=True)
class ReadTable:
    """One sheet read whole: what the sample's reader would have made of its rows."""

    grid: SheetGrid  # the sheet, for the general path when the table must be read again
    title: Prose  # the title row (the document's prose, for the budget year)
    project: Project
    unit: UnitRow
    unit_lines: tuple[str, ...]  # unit-row texts among the first three rows (wenben.tokens)


# Per merge layout (rows, columns, merges): each row's cells, or None when the layout is
# not one this reader takes. Sheets of one workbook share a handful of layouts.
@dataclass(slots=True, frozen=True)
class _RowPlan:
    cols: tuple[int, ...]  # the value column of each cell (a continuation: its anchor's)
    tabs: tuple[int, ...]  # the cells that continue a merge from above (bare TABs)
    get: Callable[[list[Any]], Any]  # the row's values at ``cols``, as a tuple
    reach: int  # how many values the row must have for ``get`` (short rows are padded)


_Plan = tuple[_RowPlan, ...]
_PLANS: dict[tuple[int, int, int], list[tuple[list, _Plan | None]]] = {}
_MAX_PLANS = 256


def _plan(nrows: int, ncols: int, merges: list) -> _Plan | None:
    """The cells of each row as ``wenben._row`` lists them: left to right, each once; a slot
    continuing a merge from above is a bare TAB. None when merges overlap, reach outside the
    grid or are malformed (the grid's merge rules decide those)."""
    anchors: set[tuple[int, int]] = set()
    covered: dict[tuple[int, int], tuple[int, int]] = {}
    for (r1, c1), (r2, c2) in merges:
        if not (0 <= r1 <= r2 < nrows and 0 <= c1 <= c2 < ncols) or (r1, c1) in anchors:
            return None
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                if (r, c) in covered or (r, c) in anchors:
                    return None
                if (r, c) != (r1, c1):
                    covered[r, c] = (r1, c1)
        anchors.add((r1, c1))
    if any(slot in covered for slot in anchors):
        return None
    plan = []
    for r in range(nrows):
        cols: list[int] = []
        tabs: list[int] = []
        for c in range(ncols):
            at = covered.get((r, c))
            if at is not None and at[1] != c:
                continue  # right of a merge's anchor
            if at is not None:
                tabs.append(len(cols))  # below the anchor: continues it
            cols.append(c)
        get = itemgetter(*cols) if len(cols) > 1 else (lambda line, c=cols[0]: (line[c],))
        plan.append(_RowPlan(tuple(cols), tuple(tabs), get, cols[-1] + 1))
    return tuple(plan)


def _layout(grid: SheetGrid) -> _Plan | None:
    merges = grid.merges
    known = _PLANS.setdefault((grid.nrows, grid.ncols, len(merges)), [])
    for seen, plan in known:
        if seen == merges:
            return plan
    plan = _plan(grid.nrows, grid.ncols, merges)
    if len(known) < _MAX_PLANS:
        known.append((list(merges), plan))
    return plan


def _texts(grid: SheetGrid, plan: _Plan) -> list[tuple[list[str], tuple[int, ...]] | None]:
    """Each row as (cell texts, the bare TABs among them), None for a row with nothing in it
    (the reader never sees it): the texts a grid's cells would hold (see xlsx._grid)."""
    values = grid.values
    percent = grid.percent
    numbers = grid.numbers
    strip = str.strip
    out: list[tuple[list[str], tuple[int, ...]] | None] = []
    for r, row in enumerate(plan):
        line = values[r] if r < len(values) else []
        if len(line) < row.reach:
            line = line + [""] * (row.reach - len(line))
        got = row.get(line)
        try:
            texts = list(map(strip, got))  # most rows: text only
        except TypeError:
            texts = [
                v.strip() if v.__class__ is str else _text(v, r, c, percent, numbers)
                for v, c in zip(got, row.cols, strict=True)
            ]
        tabs = row.tabs
        for i in tabs:
            texts[i] = ""
        out.append((texts, tabs) if tabs or any(texts) else None)
    return out


def _text(v: Any, r: int, c: int, percent: set[tuple[int, int]], numbers: dict) -> str:
    """A value other than text as the grid's cell shows it (xlsx._grid)."""
    kind = v.__class__
    if kind is float or kind is int:
        known = numbers.get(v) if kind is float else None
        number, text = known if known is not None else _number_text(v)
        return plain(number * 100) + "%" if (r, c) in percent else text
    return "" if v is None else _display(v)


def read_own_sheet(grid: SheetGrid) -> ReadTable | None:
    """The sheet's project as the sample's reader makes it, or None (see the module docstring)."""
    ncols = grid.ncols
    # The title is merged across the grid, so the last column with text is the grid's last
    # and no row is cut short (wenben._row); the bounds did not clip the merges.
    if not ncols or grid.far_col != ncols or len(grid.values) < 10:
        return None
    if not _labelled(grid.values[2], "项目编码"):
        return None
    plan = _layout(grid)
    if plan is None or len(plan) < 10 or len(plan[0].cols) != 1:
        return None
    rows = _texts(grid, plan)
    fixed = rows[1:9]
    if rows[0] is None or any(row is None or row[1] for row in fixed if row is not fixed[3] and row is not fixed[5]):
        return None  # a missing row, or a continued cell where the form has none
    if fixed[3] is None or fixed[5] is None:
        return None
    title_text = rows[0][0][0]
    name = title_name(title_text)
    if name is None:
        return None
    t1, t2, t3, t4, t5, t6, t7, t8 = (row[0] for row in fixed)  # type: ignore[index]
    # A row the reader would skip as a continuation page's title, or take for a unit row.
    if any(continuation_title(t) for t in (t1, t2, t3, t4, t5, t6, t7, t8)) or _is_unit(t5) or _is_unit(t7):
        return None
    project = Project()
    unit = _unit_row(t1, grid.base + ncols, plan[1].cols)
    if unit is None:
        return None
    unit_lines = tuple(t[0] for t in (rows[0][0], t1, t2) if _is_unit(t) and t[0])
    # 项目编码 | code | 项目名称 | name
    if len(t2) != 4 or (PAIR_FIELDS.get(squash(t2[0])), PAIR_FIELDS.get(squash(t2[2]))) != ("code", "name"):
        return None
    project.code, project.name = t2[1], t2[3]
    # 预算规模及资金用途 | 预算数 | n | 其中：财政资金 | n | 其他资金 | n, then its 资金用途 row
    if len(t3) != 7 or squash(t3[0]) != BUDGET_LABEL:
        return None
    if tuple(PAIR_FIELDS.get(squash(t3[i])) for i in (1, 3, 5)) != AMOUNT_FIELDS:
        return None
    for field_name, text in zip(AMOUNT_FIELDS, (t3[2], t3[4], t3[6]), strict=True):
        if text:
            amount = parse_amount(text)
            if amount is None:
                return None
            amount *= _ONE  # as the reader does (its factor, 元)
            if AMOUNT.problem(amount):
                return None
            setattr(project, field_name, amount)
    if squash(t4[0]) not in ("", "资金用途"):
        return None
    uses = [t for t in t4[1:] if t]
    if len(uses) > 1:
        return None
    project.use = "\n".join(uses)
    # 资金支出计划（%） | 3月底 | 6月底 | 10月底 | 12月底, then its shares
    if not squash(t5[0]).startswith(PLAN_LABEL) or squash(t6[0]) != "" or len(t6) != len(t5):
        return None
    for label, text in zip(t5[1:], t6[1:], strict=True):
        m = MONTH_RE.match(squash(label))
        month = int(m.group(1)) if m is not None else 0
        if month not in PLAN_MONTHS:
            return None
        if not text:
            continue
        m = PERCENT_RE.match(squash(text))
        if m is None or month in project.plan:
            return None
        share = Decimal(m.group(1))
        if PERCENT.problem(share):
            return None
        project.plan[month] = share
    # 绩效目标 | goals
    if squash(t7[0]) not in GOAL_LABELS:
        return None
    scratch = Notices(None)  # a notice about the numbering: the general path words it
    project.goals.extend(split_goals([(t, 0) for t in t7[1:] if t], scratch))
    if scratch.items:
        return None
    # The indicator header, then the indicators
    if squash(t8[0]) != "一级指标":
        return None
    header = [HEADER_FIELDS.get(squash(t)) for t in t8]
    if len(header) != len(_FIELDS) or set(header) != _FIELDS:
        return None
    if not _indicators(project, rows[9:], header):
        return None
    if not project.name:
        project.name = name
    if not project.name or squash(name) != squash(project.name):
        return None
    return ReadTable(grid, Prose(title_text, grid.base), project, unit, unit_lines)


def _labelled(line: list[Any], label: str) -> bool:
    """Whether a row of values opens with ``label`` (a quick look before the layout's)."""
    return bool(line) and line[0].__class__ is str and squash(line[0].strip()) == label


def _is_unit(texts: list[str]) -> bool:
    return len(texts) <= 3 and bool(UNIT_CELL_RE.match(squash(texts[-1])))


def _unit_row(texts: list[str], row_place: int, cols: tuple[int, ...]) -> UnitRow | None:
    """The unit code and name, and a money unit of 元 (any other would get a notice).
    ``row_place``: the place of the row's first slot."""
    if not _is_unit(texts):
        return None
    unit: UnitRow | None = None
    for text, c in zip(texts, cols, strict=True):
        m = UNIT_CELL_RE.match(squash(text))
        if m:
            if m.group(1) != "元":
                return None
        elif text:
            code_name = UNIT_CODE_RE.match(text)
            if unit is not None or code_name is None:
                return None
            unit = UnitRow(code_name.group(1), code_name.group(2).strip(), row_place + c)
    return unit


def _indicators(project: Project, rows: list[tuple[list[str], tuple[int, ...]] | None], header: list) -> bool:
    """The indicator rows and printed continuation pages (title marked （续）, the column
    headings again); False at anything the general path would say a word about."""
    indicators = project.indicators
    width = len(header)
    standard = tuple(header) == STANDARD_HEADER  # Indicator's first fields, in this order
    level2_at = header.index("level2")
    continued = False
    previous: Indicator | None = None
    for row in rows:
        if row is None:
            continue
        texts, tabs = row
        after_title = continued
        first = texts[0] or next((t for t in texts if t), "")
        continued = first.rstrip().endswith(CONTINUED) and continuation_title(texts)
        if continued:
            continue
        key = squash(texts[0])
        if after_title and key == "一级指标":
            continue
        if len(texts) != width or key in _ROW_LABELS or key.startswith(PLAN_LABEL):
            return False  # width 6: never a unit row (three cells at most)
        if standard:
            indicator = Indicator(texts[0], texts[1], texts[2], texts[3], texts[4], texts[5])
        else:
            indicator = Indicator()
            for text, name in zip(texts, header, strict=True):
                setattr(indicator, name, text)
        if not indicator.level1:
            if previous is None:
                return False
            indicator.level1 = previous.level1
            if level2_at in tabs and previous.level2:
                return False
        indicators.append(indicator)
        previous = indicator
    return bool(indicators) and canonical_level1(indicators[-1].level1) == "满意度指标"
