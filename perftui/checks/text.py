"""Text helpers shared by rules: normalising, rate words, graded values, units."""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

from perftui.frameworks import canonical_level1, canonical_level2
from perftui.kinds import parse_period
from perftui.model import Indicator
from perftui.money import MONEY_UNITS, format_amount, format_wan
from perftui.values import ParsedValue, parse_value

_PUNCT = re.compile(r"[\s\u3000，,、。．.；;：:！!？?（）()\[\]【】「」『』“”\"'‘’·—\-_/]+")


@lru_cache(maxsize=65536)
def norm(text: str) -> str:
    """Text without spaces and punctuation, for comparing what people typed."""
    return _PUNCT.sub("", text)


@lru_cache(maxsize=65536)
def parsed(text: str) -> ParsedValue:
    return parse_value(text)


RATE_WORDS = ("率", "满意度", "比例", "比重", "占比", "百分比")
# A rate that can legitimately exceed 100%.
GROWTH_WORDS = ("增长", "增幅", "增速", "提高", "提升", "增加")


_NOT_RATE = ("频率", "功率", "效率", "速率")
_PCT_MARK = re.compile(r"[%％]")


@lru_cache(maxsize=65536)
def _ends_rate(text: str) -> bool:
    t = _PCT_MARK.sub("", norm(text))
    return t.endswith(RATE_WORDS) and not t.endswith(_NOT_RATE)


def is_rate(ind: Indicator) -> bool:
    """The row measures a rate: its 三级 or 描述 ends with 率/满意度/比例 (not 频率 …)."""
    return _ends_rate(ind.name) or _ends_rate(ind.description)


def is_growth(ind: Indicator) -> bool:
    return any(w in ind.name + ind.description for w in GROWTH_WORDS)


_DATE = re.compile(r"(?:(?:19|20)\d{2}年)?(?:\d{1,2}月)?(?:\d{1,2}日)?(?:底|末|初|中旬|上旬|下旬|份)?(?:前|之前|以前|内|完成|止)*")


_YEAR_END = re.compile(r"(?:(?:19|20)\d{2}年)?(?:本|当)?年(?:度)?(?:内|底|末|底前|末前|年底前)(?:前)?(?:完成|办结|拨付|支付|到位)?")


@lru_cache(maxsize=65536)
def is_date_value(value: str) -> bool:
    """``2023年12月底前``, ``12月底前``, ``2023年6月30日``, ``年内完成``: a deadline, not prose;
    also a period as forms write it (``2023.07-2024.01``)."""
    if parse_period(value) is not None:
        return True
    v = norm(value)
    return bool(v) and ("年" in v or "月" in v) and bool(_DATE.fullmatch(v) or _YEAR_END.fullmatch(v))


def percent_value(ind: Indicator, pv: ParsedValue) -> bool:
    """A % value: written with %, or a bare number where the 三级/描述 names the unit (``满意度（%）``)."""
    if not pv.quantified or pv.number is None:
        return False
    if is_percent_unit(pv.unit):
        return True
    return not pv.unit.strip() and any(m in ind.name + ind.description for m in ("%", "％"))


def is_percent_unit(unit: str) -> bool:
    u = unit.strip()
    return u.startswith(("%", "％", "百分")) or u in ("个百分点",)


_COST_UNITS = {**MONEY_UNITS, "万": MONEY_UNITS["万元"], "亿": MONEY_UNITS["亿元"]}


def money_factor(unit: str, *, cost: bool = False) -> tuple[object, bool] | None:
    """(factor to 元, per_unit) when ``unit`` is money (``万元``, ``元/人``), else None. In a
    cost row a bare 万/亿 is money too (``250万`` in a table headed 万元)."""
    u = unit.strip()
    units = _COST_UNITS if cost else MONEY_UNITS
    for name in sorted(units, key=len, reverse=True):
        if u == name:
            return units[name], False
        if u.startswith(name) and u[len(name):len(name) + 1] in ("/", "每", "／"):
            return units[name], True
    return None


def is_cost_row(ind: Indicator) -> bool:
    return _cost_levels(ind.level1, ind.level2)


def is_money_cost_row(ind: Indicator) -> bool:
    """A cost row measured in money. 101号's 社会成本/生态环境成本 are impacts, not money."""
    return is_cost_row(ind) and canonical_level2(ind.level2) not in ("社会成本指标", "生态环境成本指标")


@lru_cache(maxsize=4096)
def _cost_levels(level1: str, level2: str) -> bool:
    l1 = canonical_level1(level1)
    l2 = canonical_level2(level2)
    return l2 == "成本指标" or l1 == "成本指标" or l2 in ("经济成本指标", "社会成本指标", "生态环境成本指标")


def is_satisfaction_block(ind: Indicator) -> bool:
    return canonical_level1(ind.level1) == "满意度指标"


def is_time_row(ind: Indicator) -> bool:
    return canonical_level2(ind.level2) == "时效指标"


# Graded (分级分档) qualitative values: 2011 rule text asks for 定性的分级分档 when a value
# cannot be quantified. Kept as whole values, after signs and "及以上" are taken off.
GRADED = frozenset(
    "优 优秀 良 良好 优良 中 中等 差 较差 好 较好 一般 高 较高 低 较低 "
    "达到 基本达到 未达到 部分达到 达标 基本达标 未达标 合格 基本合格 不合格 "
    "是 否 有 无 完成 基本完成 未完成 全部完成 按时完成 按期完成 如期完成 "
    "显著 较显著 不显著 明显 较明显 不明显 满意 较满意 基本满意 不满意 "
    "符合 基本符合 不符合 正常 基本正常 正常运转 正常运行 "
    "A B C D 一级 二级 三级 四级 甲级 乙级 丙级 "
    "达到预期 基本达到预期 未达到预期 达到预期目标 符合要求 符合标准 符合规定 "
    "按计划实施 按计划完成 按计划推进 按期实施 按期推进".split()
)
_GRADE_AFFIX = re.compile(r"^(?:≥|>=|＞=|≧|>|＞|不低于|等于|=|＝)?(.*?)(?:及以上|以上|等级|档|级以上)?$")
# A change with a stated level ("明显改善", "显著提升") is a grade; "逐步提高" states no level.
_LEVEL_CHANGE = re.compile(r"^(?:有|得到|实现)?(?:明显|显著|较大|大幅|较明显|较显著)(?:的)?(?:改善|提升|提高|增强|改观|好转|下降|减少|降低)$")
_STANDARD = re.compile(r"^(?:达到|符合|满足|执行)(?:.{0,16})(?:标准|要求|规定|规范|预期|目标|条件)$")


_SCALE_SEP = re.compile(r"[/／|、]")


@lru_cache(maxsize=65536)
def is_graded(value: str) -> bool:
    v = norm(value)
    if not v:
        return False
    m = _GRADE_AFFIX.match(v)
    core = m.group(1) if m else v
    if core in GRADED or v in GRADED:
        return True
    # "好/较好/一般" written as the whole scale
    parts = _SCALE_SEP.split(value.strip())
    if len(parts) > 1 and all(norm(p) in GRADED for p in parts):
        return True
    return bool(_STANDARD.match(v) or _LEVEL_CHANGE.match(v))


TIME_UNITS = ("年", "个月", "月", "周", "天", "日", "小时", "工作日", "个工作日", "分钟")
TIME_WORDS = ("时", "期", "日", "天", "月", "年", "周", "及时", "准时", "按时", "进度", "季度")
VAGUE_TIME_VALUES = frozenset("及时 按时 准时 尽快 适时 随时 长期 近期 年内 当年 限期 定期 按期 立即 马上 从速".split())


def time_unit(unit: str) -> bool:
    u = unit.strip()
    return any(u.startswith(t) for t in TIME_UNITS)


def level2_words() -> frozenset[str]:
    from perftui.frameworks import ALL_LEVEL2

    words = set()
    for name in ALL_LEVEL2:
        words.add(name)
        if name.endswith("指标"):
            words.add(name[:-2])
    return frozenset(w for w in words if len(w) >= 2)


LEVEL2_WORDS = level2_words()
_VAGUE_SUFFIX = re.compile(r"(?:指标)?(?:显著|明显|良好|较好|提高|提升|增强|突出|情况|水平)?$")


@lru_cache(maxsize=65536)
def is_level2_name(name: str) -> bool:
    """``社会效益指标``, ``社会效益``, ``社会效益显著``: a 二级 name, not a concrete indicator."""
    n = norm(name)
    if not n:
        return False
    # "服务对象满意度" is the usual concrete satisfaction indicator (101号 examples), not a level name.
    if "满意度" in n and not n.endswith("指标"):
        return False
    if n in LEVEL2_WORDS:
        return True
    core = _VAGUE_SUFFIX.sub("", n)
    return core != n and core in LEVEL2_WORDS


def row_is_all_same(ind: Indicator) -> bool:
    """三级 = 描述 = 指标值 = 依据: the row says nothing measurable (IND-001 reports it alone)."""
    n = norm(ind.name)
    return bool(n) and n == norm(ind.description) == norm(ind.value) == norm(ind.basis)


def money_text(ctx, amount: Decimal | None) -> str:
    """An amount in a message as the document's form prints it: 万元 forms in 万元, else 元."""
    if amount is None:
        return "（空）"
    if ctx.profile.money == "万元":
        return f"{format_wan(amount)} 万元"
    return f"{format_amount(amount)} 元"
