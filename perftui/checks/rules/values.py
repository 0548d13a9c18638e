"""指标值: present, measurable (or graded), rates in %, satisfaction, 时效, dates in the year."""

from __future__ import annotations

import re
from functools import lru_cache

from perftui.checks.catalog import rule
from perftui.checks.finding import Scope, Severity
from perftui.checks.text import (
    TIME_WORDS,
    VAGUE_TIME_VALUES,
    is_cost_row,
    is_date_value,
    is_graded,
    is_growth,
    is_money_cost_row,
    is_percent_unit,
    is_rate,
    is_satisfaction_block,
    is_time_row,
    money_factor,
    norm,
    parsed,
    percent_value,
    row_is_all_same,
    time_unit,
)
from perftui.kinds import parse_period
from perftui.money import as_written
from perftui.values import EMBEDDED, NUMBER, TEXT

E, W, H = Severity.ERROR, Severity.WARNING, Severity.HINT

_ROW = ("level1", "level2", "name", "description", "value", "basis")


@rule("VAL-001", E, Scope.FIELD, "indicator", "指标值不能为空",
      reads=("value",), bad="指标值空白", good="指标值「≥25个」")
def value_empty(ctx, p, pi, ii, ind):
    if not ind.value_text.strip():
        return [ctx.row_finding("VAL-001", p, pi, ii, ind, "指标值未填写；请填写 符号+数值+单位，如 ≥25个、≥90%。", field="value")]


@rule("VAL-002", W, Scope.FIELD, "indicator", "指标值应量化；确实不能量化时写分级的定性值",
      about=('value',), reads=(*_ROW, "value_type"), bad="指标值「逐步提高」「社会水平稳定」「提升社会经济增长」",
      good="指标值「≥90%」，或定性分级「好/较好/一般」「达到/基本达到/未达到」「是」")
def value_not_quantified(ctx, p, pi, ii, ind):
    v = ind.value_text.strip()
    if not v or is_cost_row(ind) or row_is_all_same(ind) or norm(ind.value_type) == "定量":
        return  # a value typed 定量 that is not a number: VAL-006 says so
    if parsed(v).kind != TEXT or is_graded(v) or is_date_value(v):
        return
    if is_time_row(ind) and norm(v) in VAGUE_TIME_VALUES:
        return  # TIME-001 says what a 时效 value should be
    return [ctx.row_finding(
        "VAL-002", p, pi, ii, ind,
        f"指标值「{v}」没有量化，也不是分级的定性值；请写成 符号+数值+单位（如 ≥90%、≥25个），"
        "确实无法量化时写分级值（如 好/较好/一般、达到/基本达到/未达到、是/否）。",
        field="value")]


@rule("VAL-003", H, Scope.FIELD, "indicator", "指标值只写 符号+数值+单位，说明文字放到描述",
      about=('value',), reads=_ROW, bad="指标值「本单位共有社区工作者112人」", good="指标值「112人」，描述「本单位社区工作者人数」")
def value_embedded(ctx, p, pi, ii, ind):
    v = ind.value_text.strip()
    pv = parsed(v)
    if pv.kind != EMBEDDED or row_is_all_same(ind) or is_date_value(v) or pv.number is None:
        return
    suggestion = f"{pv.sign}{as_written(pv.number)}{pv.unit}"
    return [ctx.row_finding(
        "VAL-003", p, pi, ii, ind,
        f"指标值「{v}」把数值写在句子里；请只填「{suggestion}」这样的 符号+数值+单位，说明文字放到绩效指标描述。",
        field="value")]


@rule("VAL-004", W, Scope.FIELD, "indicator", "计量单位不能写成一句话（长度超过 unit_max_chars）",
      reads=("value",), bad="指标值「≥90合法访数量占总访数的百分比」", good="指标值「≥90%」，描述「合法访数量占总访数的百分比」")
def unit_sentence(ctx, p, pi, ii, ind):
    pv = parsed(ind.value_text)
    if pv.kind != NUMBER or len(pv.unit.strip()) <= ctx.settings.unit_max_chars or pv.number is None:
        return
    unit = "%" if "百分" in pv.unit else "单位"
    return [ctx.row_finding(
        "VAL-004", p, pi, ii, ind,
        f"指标值「{ind.value_text.strip()}」的单位「{pv.unit.strip()}」是一句说明；请写成「{pv.sign}{as_written(pv.number)}{unit if unit == '%' else '（单位）'}」，"
        "说明放到绩效指标描述。",
        field="value")]


def _percent(pv) -> bool:
    return pv.quantified and pv.number is not None and is_percent_unit(pv.unit)


@rule("RATE-001", E, Scope.FIELD, "indicator", "比率类指标（率、满意度、比例）不能超过 100%",
      about=('value',), reads=("name", "description", "value"), bad="「……的比例」指标值「≥200%」", good="「……的比例」指标值「≥90%」")
def rate_above_100(ctx, p, pi, ii, ind):
    pv = parsed(ind.value_text)
    if not percent_value(ind, pv) or not is_rate(ind) or is_growth(ind):
        return
    if pv.number > 100:
        return [ctx.row_finding(
            "RATE-001", p, pi, ii, ind,
            f"「{ind.name.strip()}」是比率，指标值「{ind.value_text.strip()}」超过 100%；请改为 0–100% 之间的目标值。",
            field="value")]


_SCORE_UNITS = ("分", "‰", "个百分点", "倍", "％", "%")


@rule("RATE-002", W, Scope.FIELD, "indicator", "比率类指标的指标值应带 %",
      about=('value',), reads=("name", "description", "value", "level2", "level1", "basis"), bad="「群众满意度」指标值「≥90」",
      good="「群众满意度」指标值「≥90%」")
def rate_without_percent(ctx, p, pi, ii, ind):
    pv = parsed(ind.value_text)
    if pv.kind != NUMBER or pv.number is None or not is_rate(ind) or row_is_all_same(ind):
        return
    unit = pv.unit.strip()
    if percent_value(ind, pv) or unit.startswith(_SCORE_UNITS) or money_factor(unit) or len(unit) > ctx.settings.unit_max_chars:
        return
    if is_time_row(ind) and time_unit(unit):
        return
    got = f"单位是「{unit}」" if unit else "没有 %"
    # A bare 1 on a rate is almost always "all of it" written as a fraction: 100%.
    whole = not unit and pv.number == 1
    suggestion = f"{pv.sign}100%（「1」看来表示全部）" if whole else f"≥{as_written(pv.number)}%"
    return [ctx.row_finding(
        "RATE-002", p, pi, ii, ind,
        f"「{ind.name.strip()}」是比率，指标值「{ind.value_text.strip()}」{got}；请写成百分数，如 {suggestion}。",
        field="value")]



_MONEY_WORDS = ("金额", "资金", "经费", "费用", "成本", "补助", "补贴", "投入", "工资", "预算", "资金量")


@rule("RATE-003", E, Scope.FIELD, "indicator", "金额不能用 % 作单位",
      about=('value',), reads=("level1", "level2", "name", "description", "value"), bad="成本指标「资金成本」指标值「100%」",
      good="成本指标「资金成本」指标值「≤770000元」")
def money_in_percent(ctx, p, pi, ii, ind):
    pv = parsed(ind.value_text)
    if not _percent(pv) or is_rate(ind):
        return
    n = norm(ind.name)
    # 「按年度发放……补贴」 names an activity (a share of it paid), not an amount.
    named_money = n.endswith(_MONEY_WORDS) and not any(v in n for v in _ACTIVITY)
    if is_money_cost_row(ind) or named_money:
        what = ind.name.strip() or ind.level2.strip() or "这一行"
        return [ctx.row_finding(
            "RATE-003", p, pi, ii, ind,
            f"「{what}」是金额，指标值「{ind.value_text.strip()}」却用了 %；请写成金额（元或万元），"
            "如 ≤770000元。",
            field="value")]


_ACTIVITY = ("发放", "支付", "拨付", "兑现", "落实", "完成")


@rule("SAT-001", W, Scope.FIELD, "indicator", "满意度目标不宜低于 satisfaction_min（默认 85%，实务做法）",
      about=('value',), reads=("level1", "name", "description", "value"), bad="「群众满意度」指标值「≥80%」",
      good="「群众满意度」指标值「≥90%」")
def satisfaction_low(ctx, p, pi, ii, ind):
    pv = parsed(ind.value_text)
    if not percent_value(ind, pv) or pv.sign in ("≤", "<"):
        return
    n = norm(ind.name)
    if not (is_satisfaction_block(ind) or n.endswith(("满意度", "满意率"))):
        return
    floor = ctx.settings.satisfaction_min
    if pv.number < floor:
        return [ctx.row_finding(
            "SAT-001", p, pi, ii, ind,
            f"满意度目标「{ind.value_text.strip()}」低于常用水平 {as_written(floor)}%；请确认目标是否偏低"
            "（此下限是实务做法，可在 [checks] 中用 satisfaction_min 调整）。",
            field="value")]


@rule("TIME-001", W, Scope.FIELD, "indicator", "时效指标值应是明确期限（≤N天、某月底前）或及时率",
      when=is_time_row, reads=("level2", "value", "name", "description", "basis"), about=("level2", "value"), bad="时效指标值「≥1年」「及时」", good="时效指标值「≤2天」「2023年12月底前」「≥95%」")
def time_vague(ctx, p, pi, ii, ind):
    if not is_time_row(ind) or row_is_all_same(ind):
        return
    v = ind.value_text.strip()
    pv = parsed(v)
    vague = norm(v) in VAGUE_TIME_VALUES or (pv.kind == TEXT and any(w in v for w in ("及时", "按时", "尽快", "适时")))
    open_ended = pv.kind == NUMBER and pv.sign in ("≥", ">") and time_unit(pv.unit)
    if vague or open_ended:
        return [ctx.row_finding(
            "TIME-001", p, pi, ii, ind,
            f"时效指标值「{v}」不明确{'（“≥”的时限等于没有期限）' if open_ended else ''}；"
            f"请写成完成期限（如 ≤2天、{ctx.year or 2023}年12月底前）或及时率（如 ≥95%）。",
            field="value")]


@rule("TIME-002", H, Scope.FIELD, "indicator", "时效指标应衡量时间（期限、及时率），而不是完成率",
      when=is_time_row, about=('level2', 'name'), reads=("level2", "name", "description", "value", "basis"), bad="时效指标下「征兵入伍率 ≥90%」",
      good="时效指标下「资金发放准时率 ≥95%」或「受理时间 ≤2天」")
def time_not_time(ctx, p, pi, ii, ind):
    if not is_time_row(ind) or row_is_all_same(ind):
        return
    text = norm(ind.name + ind.description)
    if not text or any(w in text for w in TIME_WORDS):
        return
    v = ind.value_text.strip()
    pv = parsed(v)
    if is_date_value(v) or (pv.quantified and time_unit(pv.unit)) or norm(v) in VAGUE_TIME_VALUES:
        return
    return [ctx.row_finding(
        "TIME-002", p, pi, ii, ind,
        f"时效指标「{ind.name.strip()}」没有衡量时间；请改为完成期限或及时率（如 资金拨付及时率、完成时间 {ctx.year or 2023}年12月底前），"
        "完成率类指标放到数量或质量指标。",
        field="name")]


_YEAR = re.compile(r"((?:19|20)\d{2})\s*年(?!度?以来)")
_BASELINE = ("较", "比", "同比", "相比", "基期", "基数", "以来", "上年", "去年")


@lru_cache(maxsize=65536)  # asked of each row's 指标值, 描述 and 三级, which repeat across projects
def years_outside(text: str, year: int) -> tuple[str, ...]:
    """Years named as a date in ``text`` that are not the budget year (comparisons excluded)."""
    if "年" not in text:
        return ()
    out: list[str] = []
    for m in _YEAR.finditer(text):
        y = int(m.group(1))
        before = text[max(0, m.start() - 3):m.start()]
        if y != year and not any(b in before for b in _BASELINE) and m.group(1) not in out:
            out.append(m.group(1))
    return tuple(out)


@rule("DATE-001", W, Scope.FIELD, "indicator", "指标中的日期应在预算年度内",
      about=('value',), reads=("name", "description", "value"), bad="2023 年文档中指标值「2022年12月前」", good="「2023年12月底前」")
def date_outside_year(ctx, p, pi, ii, ind):
    if not ctx.year:
        return
    period = parse_period(ind.value_text)
    if period is not None and not (period[0][0] <= ctx.year <= period[1][0] == ctx.year):
        (ay, am), (by, bm) = period
        return [ctx.row_finding(
            "DATE-001", p, pi, ii, ind,
            f"指标值「{ind.value_text.strip()}」是一个期间（{ay}年{am}月至{by}年{bm}月），不全在预算年度 {ctx.year} 内；"
            f"年度绩效目标宜写本年度内的期限（如 {ctx.year}年12月底前），跨年度的安排写在中长期（实施期）目标中。",
            field="value")]
    for fld in ("value_text", "description", "name"):
        bad = years_outside(getattr(ind, fld), ctx.year)
        if bad:
            return [ctx.row_finding(
                "DATE-001", p, pi, ii, ind,
                f"「{getattr(ind, fld).strip()}」中的 {'、'.join(bad)} 年不在预算年度 {ctx.year} 内；"
                f"请改为 {ctx.year} 年内的期限（与往年对比请写“较{int(bad[0])}年”）。",
                field="value" if fld == "value_text" else fld)]


@rule("DATE-002", W, Scope.FIELD, "project", "绩效目标中的日期应在预算年度内",
      reads=("goals",), bad="2023 年文档中绩效目标「2022年底前完成改造」", good="「2023年底前完成改造」")
def goal_date_outside_year(ctx, p, pi):
    out: list = []
    if not ctx.year:
        return out
    for k, g in enumerate(p.goals):
        bad = years_outside(g, ctx.year)
        if bad:
            out.append(ctx.project_finding(
                "DATE-002", p, pi,
                f"绩效目标第{k + 1}条中的 {'、'.join(bad)} 年不在预算年度 {ctx.year} 内；请改为本年度内的目标和期限。",
                field="goals"))
    return out


@rule("DATE-004", H, Scope.FIELD, "project", "项目名称写到的年份应是预算年度（照上年文件改写时常漏改）",
      reads=("name",), bad="2024 年文档中项目名称「2023年加工园配套设施建设项目」",
      good="「2024年加工园配套设施建设项目」；跨年度延续、沿用立项名称的项目可不改")
def name_year_outside(ctx, p, pi):
    """A project named for another year than the document's: most often last year's project
    carried over by a copy of last year's file (perftui new --from, F10). A hint: a project
    approved in an earlier year may keep its name."""
    if not ctx.year:
        return []
    bad = years_outside(p.name, ctx.year)
    if not bad:
        return []
    return [ctx.project_finding(
        "DATE-004", p, pi,
        f"项目名称写的是 {'、'.join(bad)} 年，文档年度是 {ctx.year}；若是照上年的文件改写，请改为 {ctx.year} 年的项目名称"
        "（跨年度延续、沿用立项名称的项目可不改）。",
        field="name")]


@rule("DATE-003", H, Scope.DOCUMENT, "document", "第一部分写到的年份应是预算年度（照上年文件改写时常漏改）",
      about=("overall.goal",), reads=("overall.goal", "targets.items", "measures.items", "unit.year"),
      bad="2024 年文档的总体绩效目标「2023年在县委、县政府的领导下……」",
      good="「2024年在县委、县政府的领导下……」；「较2023年提高5个百分点」（与往年对比）")
def part1_date_outside_year(ctx):
    """Part 1 naming another year than the document's: most often last year's text carried over
    into this year's file (perftui new --from). A hint: a review of last year is prose too."""
    if not ctx.year:
        return []
    overall = ctx.doc.overall
    out: list = []
    bad = years_outside(overall.goal, ctx.year)
    if bad:
        out.append(ctx.doc_finding(
            "DATE-003", f"第一部分“{ctx.label('overall', 'goal')}”写的是 {'、'.join(bad)} 年，文档年度是 {ctx.year}；"
            f"若是照上年的文件改写，请改为 {ctx.year} 年的目标（与往年对比请写“较{int(bad[0])}年”）。",
            field="goal"))
    for k, item in enumerate(overall.targets.items):
        bad = years_outside(item, ctx.year)
        if bad:
            out.append(ctx.item_finding(
                "DATE-003", k, f"写的是 {'、'.join(bad)} 年，文档年度是 {ctx.year}；若是照上年的文件改写，请改为 {ctx.year} 年的内容。"))
    for k, item in enumerate(overall.measures.items):
        bad = years_outside(item, ctx.year)
        if bad:
            out.append(ctx.doc_finding(
                "DATE-003", f"第一部分“{ctx.label('overall', 'measures')}”第{k + 1}条写的是 {'、'.join(bad)} 年，文档年度是 {ctx.year}；"
                f"若是照上年的文件改写，请改为 {ctx.year} 年的措施。",
                field="measures.items"))
    return out
