"""Part 1 prose (二、分项绩效目标) against the projects' tables.

An item usually starts with a project's name and its amount in 万元 (``维稳经费10万元，…``),
then the cumulative spending plan (``3月底、6月底、10月底、12月底分别达到30%、60%、90%、100%``).
Items are matched to projects by name, in tiers: the same name; one name containing the
other; or, for an item naming several projects (``人民武装经费、共青团经费、人大代表之家联络站
经费共5万元``), every named part matched to a project whose name parts start alike.

The tier predicates below are the single definition of a match. The engine only uses indexes
to find candidates faster, then applies the same predicates.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from decimal import Decimal

from perftui.checks.catalog import declare
from perftui.checks.finding import Scope, Severity
from perftui.checks.text import norm
from perftui.money import MONEY_UNITS, format_amount, format_wan, plain_number

declare("PART1-001", Severity.ERROR, Scope.ITEM, "分项绩效目标中的金额应与所指项目表的预算数一致（万元/元已换算）",
        reads=("targets.items", "name", "budget"), bad="「维稳经费12万元」而项目表预算数 100000.00",
        good="「维稳经费10万元」，项目表预算数 100000.00")
declare("PART1-002", Severity.HINT, Scope.ITEM, "分项绩效目标提到的项目应能在第二部分找到",
        reads=("targets.items", "name"), bad="「网格化管理经费8万元」但没有这个项目表", good="条目名称与项目表名称一致")
declare("PART1-003", Severity.WARNING, Scope.ITEM, "分项绩效目标中的支出进度应与项目表的资金支出计划一致",
        reads=("targets.items", "name", "plan"), bad="条目写 3月底 30%，项目表 3月底 25%",
        good="条目与项目表都是 30%、60%、90%、100%")

# At most 15 digits before the point (no budget comes near): a longer run of digits is no amount.
_AMOUNT = re.compile(r"(?<![\d.])(?P<num>\d{1,15}(?:\.\d{1,8})?)(?![\d.])\s*(?P<unit>亿元|万元|千元|元)")
_NAME_TAIL = re.compile(r"(?:共计|合计|总计|共|计|约|预算|资金为|为|是|：|:|\s)+$")
_SPLIT = re.compile(r"[、，,；;/和及与]+")
_CORE_TAIL = re.compile(r"(?:工作经费|专项经费|补助资金|经费|资金|费用|补助|项目|费)$")
_TITLE_TAIL = re.compile(r"绩效目标表$")
_MONTHS = re.compile(r"((?:\d{1,2}\s*月底?\s*[、，,和及]?\s*){1,4})(?:分别)?(?:达到|为|是)?\s*((?:\d+(?:\.\d+)?\s*[%％]\s*[、，,和及]?\s*){1,4})")
_MONTH = re.compile(r"(\d{1,2})\s*月")
_PCT = re.compile(r"(\d+(?:\.\d+)?)\s*[%％]")

ROUNDING_LIMIT = Decimal(50)
# An item about the whole budget or a category, not one project: no PART1-002 when nothing matches.
TOTAL_WORDS = ("部门", "整体", "总额", "合计", "总计", "全年", "本单位", "预算", "基本支出", "项目支出")
MIN_CONTAIN = 4  # shortest name that may match by containment
MIN_CORE = 2


@dataclass(frozen=True, slots=True)
class ItemInfo:
    """A Part 1 item read as a project name and an amount."""

    name: str  # as written, before the amount
    key: str  # normalised name
    amount: Decimal  # in 元
    written: str  # the amount as written: "895.5万元"
    tolerance: Decimal  # rounding the written precision allows (元): 107.88万元 may stand for 1078812.34
    parts: tuple[str, ...]  # cores of the named parts (2+ when the item names several projects)
    plan: tuple[tuple[int, Decimal], ...]  # (month, %) pairs written in the item


def name_key(name: str) -> str:
    return norm(_TITLE_TAIL.sub("", name.strip()))


def cores(name: str) -> tuple[str, ...]:
    out = []
    for part in _SPLIT.split(_TITLE_TAIL.sub("", name.strip())):
        c = _CORE_TAIL.sub("", norm(part))
        if len(c) >= MIN_CORE and c not in out:
            out.append(c)
    return tuple(out)


def parse_item(text: str) -> ItemInfo | None:
    m = _AMOUNT.search(text)
    if not m:
        return None
    name = _NAME_TAIL.sub("", text[: m.start()])
    key = name_key(name)
    if len(key) < MIN_CORE:
        return None
    factor = MONEY_UNITS[m.group("unit")]
    amount = Decimal(m.group("num")) * factor
    decimals = len(m.group("num").partition(".")[2])
    half_digit = Decimal(5).scaleb(-decimals - 1) * factor
    # Prose may round to its last digit, but only when that digit is fine enough (≤ 100 元):
    # "107.88万元" for 1078812.34 is rounding; "77万元" for 773000.00 is a different amount.
    tolerance = half_digit if half_digit <= ROUNDING_LIMIT else Decimal(0)
    plan: list[tuple[int, Decimal]] = []
    pm = _MONTHS.search(text, m.end())
    if pm:
        months = [int(x) for x in _MONTH.findall(pm.group(1))]
        pcts = [Decimal(x) for x in _PCT.findall(pm.group(2))]
        if months and len(months) == len(pcts):
            plan = list(zip(months, pcts, strict=True))
    return ItemInfo(name, key, amount, m.group(0), tolerance, cores(name), tuple(plan))


# --- the tier predicates: (item, project name key / cores) -> bool ------------------------


def exact(item: ItemInfo, key: str) -> bool:
    return bool(key) and item.key == key


def contains(item: ItemInfo, key: str) -> bool:
    if not key or key == item.key:
        return False
    return (len(item.key) >= MIN_CONTAIN and item.key in key) or (len(key) >= MIN_CONTAIN and key in item.key)


def part_matches(part: str, core: str) -> bool:
    return len(core) >= MIN_CORE and (part.startswith(core) or core.startswith(part))


def matches_part(part: str, pcores: tuple[str, ...]) -> bool:
    return any(part_matches(part, c) for c in pcores)


@dataclass(frozen=True, slots=True)
class Match:
    """The projects a Part 1 item was matched to, and how."""

    projects: tuple[int, ...]  # project indices, or slot ids in the engine
    how: str  # "exact" | "contains" | "parts" | "none"
    cover_all: bool  # one project covers the item (compare with it alone)


def resolve_match(item: ItemInfo, exact_hits, contain_hits, part_hits: list, covering) -> Match:
    """Pick the tier. ``part_hits`` is one collection per part; ``covering`` the projects matching all parts."""
    if exact_hits:
        return Match(tuple(exact_hits), "exact", True)
    if contain_hits:
        return Match(tuple(contain_hits), "contains", True)
    if len(item.parts) >= 2 and part_hits and all(part_hits):
        if covering:
            return Match(tuple(covering), "parts", True)
        union: set = set()
        for hits in part_hits:
            union |= set(hits)
        return Match(tuple(union), "parts", False)
    return Match((), "none", False)


def describe(p) -> str:
    return f"「{p.name.strip()}」（{p.code.strip() or '未填编码'}）"


SHOWN = 5  # how many matched projects a message names


def _near(amount: Decimal, tol: Decimal, ordered: list) -> bool:
    """Whether one of the budgets ``ordered`` (sorted) is within ``tol`` of ``amount`` (an
    item naming a project by a name several projects share: the one it means)."""
    i = bisect_left(ordered, amount - tol)
    return i < len(ordered) and ordered[i] <= amount + tol


def budget_totals(projects: list) -> tuple[list, Decimal | None]:
    """The projects' budgets in order and their sum (None if one is blank): what PART1-001
    compares an item with, the same for every item naming these projects."""
    budgets = [p.budget for p in projects]
    if not all(b is not None for b in budgets):
        return budgets, None
    return sorted(budgets), sum(budgets, Decimal(0))


def evaluate(ctx, k: int, item: ItemInfo, projects: list, totals: tuple[list, Decimal | None] | None = None) -> list:
    """Findings for item ``k`` given the matched Project objects (in any order); ``totals``
    is their ``budget_totals`` where the caller has it already."""
    out = []
    off = ctx.settings.is_off
    if not projects:
        if not off("PART1-002") and not any(w in item.key for w in TOTAL_WORDS):
            out.append(ctx.item_finding(
                "PART1-002", k,
                f"提到「{item.name.strip()}」{item.written}，但第二部分没有名称对应的项目表；"
                "请核对条目中的项目名称是否与项目表一致。"))
        return out
    single = len(projects) == 1
    code = (projects[0].code.strip() or None) if single else None
    if not off("PART1-001"):
        ordered, total = totals or budget_totals(projects)
        if total is not None:
            tol = item.tolerance
            agree = abs(item.amount - total) <= tol or (not single and _near(item.amount, tol, ordered))
            if not agree:
                # sorted for a message that does not depend on the order of projects in the file
                shown = sorted(projects, key=lambda p: (p.name, p.code, p.budget))
                more = f"等 {len(shown)} 个" if len(shown) > SHOWN else ""
                names = "、".join(describe(p) for p in shown[:SHOWN]) + more
                table = "、".join(format_amount(p.budget) for p in shown[:SHOWN]) + ("……" if more else "")
                sum_text = f"，合计 {format_amount(total)} 元" if not single else " 元"
                out.append(ctx.item_finding(
                    "PART1-001", k,
                    f"写的是 {item.written}（{format_amount(item.amount)} 元），而项目{names}表中预算数为 {table}{sum_text}"
                    f"（{format_wan(total)}万元）；请把两处金额改为一致。",
                    project_code=code))
    if single and item.plan and not off("PART1-003"):
        p = projects[0]
        diffs = []
        for month, pct in item.plan:
            got = p.plan.get(month)
            if got is None or got != pct:
                shown_pct = "空白" if got is None else f"{plain_number(got)}%"
                diffs.append(f"{month}月底 条目 {plain_number(pct)}%、项目表 {shown_pct}")
        if diffs:
            out.append(ctx.item_finding(
                "PART1-003", k,
                f"支出进度与项目{describe(p)}的资金支出计划不一致（{'；'.join(diffs)}）；请把两处改为一致。",
                project_code=code))
    return out


def check_items_simple(ctx, doc) -> list:
    """Every Part 1 item against every project: the plain definition (no indexes)."""
    keys = [name_key(p.name) for p in doc.projects]
    pcores = [cores(p.name) for p in doc.projects]
    out = []
    for k, text in enumerate(doc.overall.targets.items):
        item = parse_item(text)
        if item is None:
            continue
        ex = [i for i, key in enumerate(keys) if exact(item, key)]
        co = [i for i, key in enumerate(keys) if contains(item, key)]
        part_hits = [[i for i, pc in enumerate(pcores) if matches_part(part, pc)] for part in item.parts] \
            if len(item.parts) >= 2 else []
        covering = [i for i, pc in enumerate(pcores) if item.parts and all(matches_part(part, pc) for part in item.parts)] \
            if len(item.parts) >= 2 else []
        m = resolve_match(item, ex, co, part_hits, covering)
        out += evaluate(ctx, k, item, [doc.projects[i] for i in m.projects])
    return out
