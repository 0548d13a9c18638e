"""Rules for the fields of the other official forms: 中期 vs 年度 amounts, periods, points,
separate unit columns, and defects reviewers found in real documents of those forms."""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

from perftui.checks.catalog import rule
from perftui.checks.finding import Scope, Severity
from perftui.checks.text import (
    is_cost_row,
    is_percent_unit,
    is_rate,
    is_time_row,
    money_text,
    norm,
    parsed,
    percent_value,
    row_is_all_same,
)
from perftui.fields import fields_of
from perftui.frameworks import canonical_level1
from perftui.kinds import parse_period
from perftui.model import Project
from perftui.money import as_written
from perftui.values import NUMBER, parse_value

E, W, H = Severity.ERROR, Severity.WARNING, Severity.HINT


# --- amounts ---------------------------------------------------------------------------------


@rule("AMT-004", E, Scope.FIELD, "project", "年度资金不能超过中期（项目总）资金",
      reads=("budget", "long_budget"), bad="中期资金总额 100万元，年度资金总额 120万元",
      good="中期资金总额 300万元，年度资金总额 100万元")
def annual_above_total(ctx, p, pi):
    if p.budget is not None and p.long_budget is not None and p.budget > p.long_budget:
        return [ctx.project_finding(
            "AMT-004", p, pi,
            f"{ctx.label('project', 'budget')} {money_text(ctx, p.budget)} 超过 {ctx.label('project', 'long_budget')} "
            f"{money_text(ctx, p.long_budget)}；年度资金是中期（项目总）资金的一部分，请核对。",
            field="budget")]


@rule("AMT-005", E, Scope.FIELD, "project", "中期资金总额应等于其中财政拨款加其他资金",
      reads=("long_budget", "long_fiscal", "long_other"),
      bad="中期资金总额 300万元，财政拨款 200万元，其他资金空白", good="中期资金总额 300万元，财政拨款 300万元")
def long_sum(ctx, p, pi):
    if p.long_budget is None or (p.long_fiscal is None and p.long_other is None):
        return
    total = (p.long_fiscal or Decimal(0)) + (p.long_other or Decimal(0))
    if total != p.long_budget:
        return [ctx.project_finding(
            "AMT-005", p, pi,
            f"中期资金总额 {money_text(ctx, p.long_budget)} 不等于 财政拨款 {money_text(ctx, p.long_fiscal)} + 其他资金 "
            f"{money_text(ctx, p.long_other)}；请核对。",
            field="long_budget")]


_AMOUNTS = tuple(f.key for f in fields_of(Project) if f.kind.key == "amount")


@rule("AMT-006", E, Scope.FIELD, "project", "金额不能为负数（表样的每一项金额）",
      reads=_AMOUNTS, about=("name",), bad="上级资金 -5万元", good="上级资金 0 或空白")
def negative_amounts(ctx, p, pi):
    out: list = []
    for key in _AMOUNTS:
        if key in ("budget", "fiscal", "other") and ctx.profile.has("project", "fiscal"):
            continue  # AMT-003 reports these where the form has the 预算数 = 财政 + 其他 block
        amount = getattr(p, key)
        if amount is not None and amount < 0:
            out.append(ctx.project_finding("AMT-006", p, pi, f"{ctx.label('project', key)}为负数（{money_text(ctx, amount)}）；"
                                      "请改为正确金额。", field=key))
    return out


# --- goals and periods -----------------------------------------------------------------------

_SPENDING = ("经费", "资金", "预算", "款项", "补助", "补贴")
_SPEND_VERBS = ("安排", "使用", "拨付", "支出", "发放", "到位", "保障", "落实", "支付")
_OUTCOME = ("提高", "提升", "改善", "增强", "满意", "受益", "覆盖", "达到", "降低", "减少", "增加", "促进",
            "带动", "优化", "完成率", "合格", "建成", "新建", "开展", "举办", "培训", "服务")


_DIGIT = re.compile(r"\d")


@lru_cache(maxsize=16384)
def spending_only(goal: str) -> bool:
    """A goal that only says the money is arranged or spent: no output, no effect, no number."""
    n = norm(goal)
    if not n or _DIGIT.search(n):
        return False
    return any(w in n for w in _SPENDING) and any(v in n for v in _SPEND_VERBS) and not any(o in n for o in _OUTCOME)


@rule("GOAL-005", W, Scope.FIELD, "project", "绩效目标不能只说资金如何安排使用",
      reads=("goals",), bad="年度目标「按工作计划完成教育局重点项目建设经费预算安排」",
      good="年度目标「完成2所学校改扩建，新增学位900个，验收合格率100%」")
def goals_spending_only(ctx, p, pi):
    out: list = []
    for k, g in enumerate(p.goals):
        if spending_only(g):
            out.append(ctx.project_finding(
                "GOAL-005", p, pi,
                f"{ctx.label('project', 'goals')}第{k + 1}条「{g.strip()[:60]}」只说明了资金怎样安排、使用，"
                "没有说明要完成的产出和达到的效果；请写明做成什么、做多少、达到什么效果。",
                field="goals"))
            return out
    return out


@rule("GOAL-004", H, Scope.FIELD, "project", "跨年度项目的年度目标不宜照抄中期（实施期）目标",
      reads=("goals", "long_goals", "period"), bad="项目期 2023–2025 年，中期目标与年度目标一字不差",
      good="中期目标写三年要达到的，年度目标写本年度完成的部分")
def annual_copies_long(ctx, p, pi):
    if not p.goals or [norm(g) for g in p.goals] != [norm(g) for g in p.long_goals]:
        return
    period = parse_period(p.period)
    if period is None or period[0][0] == period[1][0]:
        return  # within one year the two may well be the same
    return [ctx.project_finding(
        "GOAL-004", p, pi,
        f"{ctx.label('project', 'goals')}与{ctx.label('project', 'long_goals')}完全相同，而{ctx.label('project', 'period')}"
        f"「{p.period.strip()}」跨年度；建议年度目标写出本年度要完成的那一部分。",
        field="goals")]


_DURATION = re.compile(r"^\d+(?:\.\d+)?(?:个)?(?:年|个月|月)$")


@rule("PERIOD-001", W, Scope.FIELD, "project", "项目期（实施期、建设周期）应包含预算年度",
      reads=("period",), bad="2023 年文档中项目期「2021.01-2022.12」", good="项目期「2023.01-2025.12」或「3年」")
def period_outside_year(ctx, p, pi):
    text = p.period.strip()
    if not text or not ctx.year:
        return
    found = parse_period(text)
    label = ctx.label("project", "period")
    if found is None:
        if not _DURATION.match(norm(text)):
            return [ctx.project_finding(
                "PERIOD-001", p, pi,
                f"{label}「{text}」无法读出起止时间；请写成「{ctx.year}.01-{ctx.year}.12」或「{ctx.year}年1月-{ctx.year + 1}年6月」。",
                field="period")]
        return
    (ay, am), (by, bm) = found
    if not ay <= ctx.year <= by:
        return [ctx.project_finding(
            "PERIOD-001", p, pi,
            f"{label}「{text}」（{ay}年{am}月至{by}年{bm}月）不包含预算年度 {ctx.year}；请核对项目期或文档年度。",
            field="period")]


# --- points ----------------------------------------------------------------------------------


def _points(p) -> list[Decimal]:
    return [i.points for i in p.indicators if i.points is not None]


@rule("PTS-001", E, Scope.PROJECT, "project", "分值合计应等于表样的总分（101号审批表：预算执行 10 分 + 指标 90 分 = 100）",
      reads=("indicators", "indicators.points", "execution_points"), about=("indicators.points",),
      bad="预算执行 10分，各指标分值合计 80", good="预算执行 10分，各指标分值合计 90")
def points_total(ctx, p, pi):
    total = ctx.profile.points_total
    points = _points(p)
    if total is None or not points:
        return
    got = sum(points, Decimal(0)) + (p.execution_points or Decimal(0))
    if got != total:
        part = f"（其中预算执行 {as_written(p.execution_points)} 分）" if p.execution_points is not None else ""
        return [ctx.project_finding(
            "PTS-001", p, pi, f"分值合计 {as_written(got)} 分{part}，表样总分是 {total} 分；请调整各指标的分值。",
            field="indicators")]


@rule("PTS-002", W, Scope.PROJECT, "project", "一级指标的分值应在表样规定的范围内（101号：成本 0–20 分，产出 40–50 分）",
      reads=("indicators", "indicators.points", "indicators.level1"), about=("indicators.points",),
      bad="产出指标各行分值合计 30 分", good="产出指标各行分值合计 45 分")
def points_ranges(ctx, p, pi):
    out: list = []
    ranges = ctx.profile.points_ranges
    if not ranges or not _points(p):
        return out
    sums: dict[str, Decimal] = {}
    for ind in p.indicators:
        if ind.points is not None:
            name = canonical_level1(ind.level1)
            sums[name] = sums.get(name, Decimal(0)) + ind.points
    for name, (low, high) in ranges.items():
        got = sums.get(name)
        if got is not None and not low <= got <= high:
            out.append(ctx.project_finding(
                "PTS-002", p, pi, f"{name}各行分值合计 {as_written(got)} 分，表样规定 {low}–{high} 分；请调整。",
                field="indicators"))
    return out


# --- indicator rows --------------------------------------------------------------------------


@rule("UNIT-001", E, Scope.FIELD, "indicator", "指标值中的单位与计量单位列不能矛盾",
      reads=("value", "unit"), bad="指标值「28.8万元」，计量单位「%」", good="指标值「28.8」，计量单位「万元」")
def unit_conflict(ctx, p, pi, ii, ind):
    column = ind.unit.strip()
    if not column:
        return
    pv = parse_value(ind.value)
    if pv.quantified and pv.number is not None and pv.unit.strip() and pv.unit.strip() != column:
        return [ctx.row_finding(
            "UNIT-001", p, pi, ii, ind,
            f"指标值「{ind.value.strip()}」已带单位「{pv.unit.strip()}」，计量单位列却写「{column}」；"
            "请只在一处写单位，并核对是哪一个。",
            field="unit")]


_COUNT_LEVELS = ("数量指标",)


@rule("VAL-005", W, Scope.FIELD, "indicator", "数值型指标值应带计量单位",
      reads=("level2", "name", "description", "value", "unit", "basis"), about=("value",),
      bad="数量指标「重点建设工程安排数量」指标值「2」", good="指标值「2个」")
def number_without_unit(ctx, p, pi, ii, ind):
    pv = parsed(ind.value_text)
    if pv.kind != NUMBER or pv.number is None or pv.unit.strip() or row_is_all_same(ind):
        return
    if percent_value(ind, pv) or is_rate(ind) or is_cost_row(ind):
        return  # RATE-002 / COST rules speak of those
    return [ctx.row_finding(
        "VAL-005", p, pi, ii, ind,
        f"指标值「{ind.value_text.strip()}」只有数字，没有计量单位；请写明单位，如 {pv.sign}{as_written(pv.number)}个、"
        f"{pv.sign}{as_written(pv.number)}人次。",
        field="value")]


_ACTIONS = ("维护", "保障", "确保", "加强", "推进", "落实", "促进", "做好", "开展", "提升", "完善", "巩固")


@rule("RATE-004", W, Scope.FIELD, "indicator", "百分数指标值应对应一个比率（××率、比例），而不是一句工作要求",
      reads=("level1", "level2", "name", "description", "value"), about=("value",),
      bad="三级指标「维护社会稳定」指标值「≥95%」", good="三级指标「矛盾纠纷化解率」指标值「≥95%」")
def percent_on_phrase(ctx, p, pi, ii, ind):
    pv = parsed(ind.value_text)
    if not (pv.quantified and pv.number is not None and is_percent_unit(pv.unit)):
        return
    n = norm(ind.name)
    if not n or is_rate(ind) or is_cost_row(ind) or any(m in ind.name + ind.description for m in ("%", "％")):
        return
    if not n.startswith(_ACTIONS):
        return
    return [ctx.row_finding(
        "RATE-004", p, pi, ii, ind,
        f"三级指标「{ind.name.strip()}」是一句工作要求，不是比率，指标值「{ind.value_text.strip()}」衡量的是什么的百分比"
        "说不清；请改为具体的比率（如 矛盾纠纷化解率、按时完成率），或写可数的指标。",
        field="name")]


_NAME_NUMBER = re.compile(r"(\d+(?:\.\d+)?)\s*(人次|人|个|户|家|项|次|件|场|所|名|台|套|辆|天|万元|元|公里|平方米|亩)")


@rule("NAME-003", W, Scope.FIELD, "indicator", "三级指标名称里不要写数值；数值与单位写在指标值",
      reads=("name", "value", "unit"), about=("name",), bad="三级「村组干部230人」，指标值「≥230」，单位「个」",
      good="三级「村组干部人数」，指标值「≥230人」")
def number_in_name(ctx, p, pi, ii, ind):
    m = _NAME_NUMBER.search(ind.name)
    if not m:
        return
    pv = parsed(ind.value_text)
    if not pv.quantified or pv.number is None:
        return
    number, unit = m.group(1), m.group(2)
    other = pv.unit.strip() and pv.unit.strip() != unit
    return [ctx.row_finding(
        "NAME-003", p, pi, ii, ind,
        f"三级指标「{ind.name.strip()}」里写了数值「{number}{unit}」"
        + (f"，指标值却是「{ind.value_text.strip()}」（单位「{pv.unit.strip()}」）" if other else "")
        + "；请三级指标只写衡量什么（如 村组干部人数），数值和单位写在指标值。",
        field="name")]


@rule("TIME-003", W, Scope.FIELD, "indicator", "时效指标（完成时间、期限）的指标值不能是百分数",
      when=is_time_row, reads=("level2", "name", "description", "value", "basis"), about=("level2", "value"),
      bad="时效指标「项目完成时间」指标值「100%」", good="「项目完成时间」指标值「2019年12月底前」，或「按时完成率 100%」")
def time_in_percent(ctx, p, pi, ii, ind):
    if not is_time_row(ind) or is_rate(ind) or row_is_all_same(ind):
        return
    pv = parsed(ind.value_text)
    if not (pv.quantified and pv.number is not None and is_percent_unit(pv.unit)):
        return
    n = norm(ind.name)
    if not any(w in n for w in ("时间", "时限", "期限", "日期", "工期", "周期", "进度")):
        return
    return [ctx.row_finding(
        "TIME-003", p, pi, ii, ind,
        f"「{ind.name.strip()}」是时间，指标值「{ind.value_text.strip()}」却是百分数；请写明期限（如 {ctx.year or 2023}年12月底前），"
        "或把指标改为按时完成率。",
        field="value")]



# --- tables of the other forms ---------------------------------------------------------------

_TOTAL_NAMES = ("合计", "总计", "小计")


@rule("COSTS-001", E, Scope.PROJECT, "project", "项目预算成本构成的合计应等于各项之和",
      reads=("costs",), bad="保安 191 + 保洁 99 + 水电 372.88 = 662.88，合计写 662.98",
      good="合计 662.88（或不写合计行，由程序汇总）")
def costs_total(ctx, p, pi):
    out: list = []
    items = [c for c in p.costs if norm(c.item) not in _TOTAL_NAMES]
    totals = [c for c in p.costs if norm(c.item) in _TOTAL_NAMES]
    if not totals or not items:
        return out
    total = totals[-1]
    for key in ("amount", "actual1", "actual2"):
        written = getattr(total, key)
        parts = [getattr(c, key) for c in items if getattr(c, key) is not None]
        if written is None or not parts:
            continue
        summed = sum(parts, Decimal(0))
        if summed != written:
            label = ctx.label("cost", key)
            out.append(ctx.project_finding(
                "COSTS-001", p, pi,
                f"项目预算成本构成的「{label}」各项合计 {money_text(ctx, summed)}，合计行却写 {money_text(ctx, written)}；"
                "请核对各项金额和合计。",
                field="costs"))
    return out


@rule("ZT-001", E, Scope.DOCUMENT, "document", "部门资金总额应等于基本支出加项目支出",
      reads=("overall.budget", "overall.basic", "overall.spending"),
      bad="资金总额 171.41万元，基本支出 100万元，项目支出 60.8万元", good="资金总额 171.41 = 110.61 + 60.8")
def department_totals(ctx):
    ov = ctx.doc.overall
    if ov.budget is None or ov.basic is None or ov.spending is None:
        return
    if ov.basic + ov.spending != ov.budget:
        return [ctx.doc_finding(
            "ZT-001", f"{ctx.label('overall', 'budget')} {money_text(ctx, ov.budget)} 不等于 {ctx.label('overall', 'basic')} "
            f"{money_text(ctx, ov.basic)} + {ctx.label('overall', 'spending')} {money_text(ctx, ov.spending)}；请核对。",
            field="budget")]


@rule("ZT-002", W, Scope.DOCUMENT, "document", "年度履职目标中“基本支出”的金额应等于部门的基本支出",
      reads=("overall.tasks", "overall.basic"), bad="基本支出 110.61万元，履职目标的基本支出一行写 171.41",
      good="履职目标的基本支出一行写 110.61")
def tasks_basic(ctx):
    out: list = []
    ov = ctx.doc.overall
    if ov.basic is None:
        return out
    for k, t in enumerate(ov.tasks):
        if norm(t.project) == "基本支出" and t.amount is not None and t.amount != ov.basic:
            out.append(ctx.doc_finding(
                "ZT-002", f"年度履职目标第{k + 1}行（{t.duty.strip()[:30] or '未填职能'}）的基本支出 {money_text(ctx, t.amount)} "
                f"与{ctx.label('overall', 'basic')} {money_text(ctx, ov.basic)} 不一致；请核对（是否误填了资金总额？）。",
                field="tasks"))
    return out


@rule("VAL-006", W, Scope.FIELD, "indicator", "指标值类型写“定量”的，指标值应是数值",
      reads=("value", "value_type", "unit"), about=("value_type",), bad="指标值类型「定量」，指标值「按月安排」",
      good="指标值类型「定量」，指标值「12」，计量单位「次」；或类型「定性」")
def quantitative_typed(ctx, p, pi, ii, ind):
    if norm(ind.value_type) != "定量" or not ind.value.strip():
        return
    if parse_value(ind.value_text).quantified:
        return
    return [ctx.row_finding(
        "VAL-006", p, pi, ii, ind,
        f"指标值类型是「定量」，指标值「{ind.value.strip()}」却不是数值；请写成数值（如 ≥12次），或把类型改为「定性」。",
        field="value")]
