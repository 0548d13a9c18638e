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
from typing import Any, cast

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
from perftui.importers.xlsx import SheetGrid, display_text, number_text, plain
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
    grid or are malformed (the grid's merge rules decide those), or when the rows before the
    indicators are not shaped as the printed form's: a title across the sheet, 4 cells of
    项目编码/项目名称, 7 of the budget, 6 headings, and no merge from above but the budget's
    and the spending plan's label."""
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
    if len(plan) < 10 or [len(plan[r].cols) for r in (0, 2, 3, 8)] != [1, 4, 7, len(_FIELDS)]:
        return None
    if any(plan[r].tabs for r in (1, 2, 3, 5, 7, 8)):
        return None
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


_strip = str.strip


def _texts(line: list[Any], row: _RowPlan, r: int, grid: SheetGrid) -> list[str]:
    """The row's cell texts as a grid's cells would hold them (see xlsx._grid); a bare TAB
    (continuing a merge from above) is ""."""
    if len(line) < row.reach:
        line = line + [""] * (row.reach - len(line))
    got = row.get(line)
    try:
        texts = list(map(_strip, got))  # most rows: text only
    except TypeError:
        texts = [
            v.strip() if v.__class__ is str else _text(v, r, c, grid.percent, grid.numbers)
            for v, c in zip(got, row.cols, strict=True)
        ]
    for i in row.tabs:
        texts[i] = ""
    return texts


def _text(v: Any, r: int, c: int, percent: set[tuple[int, int]], numbers: dict) -> str:
    """A value other than text as the grid's cell shows it (xlsx._grid)."""
    kind = v.__class__
    if kind is float or kind is int:
        known = numbers.get(v) if kind is float else None
        number, text = known if known is not None else number_text(v)
        return plain(number * 100) + "%" if (r, c) in percent else text
    return "" if v is None else display_text(v)


def _continues(texts: list[str]) -> bool:
    """lines.continuation_title, with its first look (most rows) done here."""
    for text in texts:
        if text:
            return text.rstrip().endswith(CONTINUED) and continuation_title(texts)
    return False


# What the reader makes of the texts that recur in every sheet (bounded): a month label
# (0: not one of the plan's), a share (None: one it does not keep), the indicator header.
_MONTHS: dict[str, int] = {}
_SHARES: dict[str, Decimal | None] = {}
_HEADERS: dict[tuple[str, ...], tuple[str | None, ...]] = {}
_MAX_MEMO = 4096


def _month(label: str) -> int:
    month = _MONTHS.get(label)
    if month is None:
        m = MONTH_RE.match(squash(label))
        month = int(m.group(1)) if m is not None else 0
        month = month if month in PLAN_MONTHS else 0
        if len(_MONTHS) < _MAX_MEMO:
            _MONTHS[label] = month
    return month


def _share(text: str) -> Decimal | None:
    try:
        return _SHARES[text]
    except KeyError:
        pass
    m = PERCENT_RE.match(squash(text))
    share = Decimal(m.group(1)) if m is not None else None
    if share is not None and PERCENT.problem(share):
        share = None
    if len(_SHARES) < _MAX_MEMO:
        _SHARES[text] = share
    return share


def _header(texts: list[str]) -> tuple[str | None, ...]:
    key = tuple(texts)
    header = _HEADERS.get(key)
    if header is None:
        header = tuple(HEADER_FIELDS.get(squash(t)) for t in texts)
        if len(_HEADERS) < _MAX_MEMO:
            _HEADERS[key] = header
    return header


def read_own_sheet(grid: SheetGrid) -> ReadTable | None:
    """The sheet's project as the sample's reader makes it, or None (see the module docstring)."""
    ncols = grid.ncols
    values = grid.values
    # The title is merged across the grid, so the last column with text is the grid's last
    # and no row is cut short (wenben._row); the bounds did not clip the merges.
    if not ncols or grid.far_col != ncols or len(values) < 10 or not _labelled(values[2], "项目编码"):
        return None
    plan = _layout(grid)
    if plan is None:
        return None
    rows = [_texts(values[r], plan[r], r, grid) for r in range(9)]
    title, t1, t2, t3, t4, t5, t6, t7, t8 = rows
    # Each row is there (a row with nothing in it is left out), none a continuation page's
    # title, none but the first a unit row.
    if not all(any(t) for t in (title, t1, t2, t3, t5, t7, t8)):
        return None
    if not (plan[4].tabs or any(t4)) or not (plan[6].tabs or any(t6)):
        return None
    if any(_continues(t) for t in (t1, t2, t3, t4, t5, t6, t7, t8)) or _is_unit(t5) or _is_unit(t7):
        return None
    title_text = title[0]
    name = title_name(title_text)
    if name is None:
        return None
    project = Project()
    unit = _unit_row(t1, grid.base + ncols, plan[1].cols)
    if unit is None:
        return None
    # The unit-row texts among the first three rows (wenben.tokens): the title's if it is
    # one (four cells of 项目编码 are not).
    unit_lines = tuple(t[0] for t in (title, t1) if t[0] and _is_unit(t))
    # 项目编码 | code | 项目名称 | name
    if (PAIR_FIELDS.get(squash(t2[0])), PAIR_FIELDS.get(squash(t2[2]))) != ("code", "name"):
        return None
    project.code, project.name = t2[1], t2[3]
    # 预算规模及资金用途 | 预算数 | n | 其中：财政资金 | n | 其他资金 | n, then its 资金用途 row
    if squash(t3[0]) != BUDGET_LABEL or (
        PAIR_FIELDS.get(squash(t3[1])), PAIR_FIELDS.get(squash(t3[3])), PAIR_FIELDS.get(squash(t3[5]))
    ) != AMOUNT_FIELDS:
        return None
    for field_name, text in ((AMOUNT_FIELDS[0], t3[2]), (AMOUNT_FIELDS[1], t3[4]), (AMOUNT_FIELDS[2], t3[6])):
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
    plan_shares = project.plan
    for label, text in zip(t5[1:], t6[1:], strict=True):
        month = _month(label)
        if not month:
            return None
        if not text:
            continue
        share = _share(text)
        if share is None or month in plan_shares:
            return None
        plan_shares[month] = share
    # 绩效目标 | goals
    if squash(t7[0]) not in GOAL_LABELS:
        return None
    scratch = Notices(None)  # a notice about the numbering: the general path words it
    project.goals.extend(split_goals([(t, 0) for t in t7[1:] if t], scratch))
    if scratch.items:
        return None
    # The indicator header, then the indicators
    header = _header(t8)
    if header[0] != "level1" or set(header) != _FIELDS:
        return None
    if not _indicators(grid, plan, project, cast(tuple[str, ...], header)):  # each a field
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


def _indicators(grid: SheetGrid, plan: _Plan, project: Project, header: tuple[str, ...]) -> bool:
    """The indicator rows and printed continuation pages (title marked （续）, the column
    headings again); False at anything the general path would say a word about."""
    values = grid.values
    indicators = project.indicators
    width = len(header)
    standard = header == STANDARD_HEADER  # Indicator's first fields, in this order
    level2_at = header.index("level2")
    continued = False
    previous: Indicator | None = None
    for r in range(9, len(plan)):
        row = plan[r]
        texts = _texts(values[r] if r < len(values) else [], row, r, grid)
        tabs = row.tabs
        if not tabs and not any(texts):
            continue  # a row with nothing in it: the reader never sees it
        after_title = continued
        continued = _continues(texts)
        if continued:
            continue
        first = texts[0]
        key = squash(first) if first else ""
        if after_title and key == "一级指标":
            continue
        if len(texts) != width or key in _ROW_LABELS or key.startswith(PLAN_LABEL):
            return False  # width 6: never a unit row (three cells at most)
        if standard:
            indicator = Indicator(first, texts[1], texts[2], texts[3], texts[4], texts[5])
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
