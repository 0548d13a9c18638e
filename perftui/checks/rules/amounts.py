"""预算数 = 财政资金 + 其他资金, and 成本指标 values measured against the budget."""

from __future__ import annotations

from decimal import Decimal

from perftui.checks.catalog import rule
from perftui.checks.finding import Scope, Severity
from perftui.checks.text import (
    is_money_cost_row,
    is_percent_unit,
    money_factor,
    money_text,
    parsed,
    row_is_all_same,
)

E, W, H = Severity.ERROR, Severity.WARNING, Severity.HINT


@rule("AMT-001", E, Scope.FIELD, "project", "预算数应等于财政资金加其他资金（其他资金空白按 0 计）",
      reads=("budget", "fiscal", "other"),
      bad="预算数 770000.00，财政资金 700000.00，其他资金空白", good="预算数 770000.00，财政资金 770000.00，其他资金空白")
def budget_sum(ctx, p, pi):
    if p.budget is None or (p.fiscal is None and p.other is None):
        return  # no parts written, nothing to add up (a form that prints no split leaves both blank)
    total = (p.fiscal or Decimal(0)) + (p.other or Decimal(0))
    if total != p.budget:
        budget, fiscal, other = (ctx.short_label("project", k) for k in ("budget", "fiscal", "other"))
        return [ctx.project_finding(
            "AMT-001", p, pi,
            f"{budget} {money_text(ctx, p.budget)} 不等于 {fiscal} {money_text(ctx, p.fiscal)} + {other} {money_text(ctx, p.other)}"
            f" = {money_text(ctx, total)}；请核对三个金额，使{budget} = {fiscal} + {other}。",
            field="budget")]


@rule("AMT-002", E, Scope.FIELD, "project", "预算数不能为空",
      reads=("budget",), bad="预算数空白", good="预算数 770000.00")
def budget_empty(ctx, p, pi):
    if p.budget is None:
        return [ctx.project_finding("AMT-002", p, pi, f"{ctx.label('project', 'budget')}未填写；请填写项目的预算金额"
                                    f"（{ctx.profile.money}）。", field="budget")]


@rule("AMT-003", E, Scope.FIELD, "project", "金额不能为负数",
      reads=("budget", "fiscal", "other"), bad="其他资金 -5000.00", good="其他资金 5000.00 或空白")
def negative(ctx, p, pi):
    out: list = []
    for name in ("budget", "fiscal", "other"):
        amount, label = getattr(p, name), ctx.short_label("project", name)
        if amount is not None and amount < 0:
            out.append(ctx.project_finding("AMT-003", p, pi, f"{label}为负数（{money_text(ctx, amount)}）；请改为正确金额。", field=name))
    return out


_COST_READS = ("level1", "level2", "name", "description", "value", "basis", "budget")


def _cost_amount(ind):
    """(amount in 元, per_unit) of a cost row's value, or None when it is not an amount."""
    pv = parsed(ind.value_text)
    if not pv.quantified or pv.number is None:
        return None
    money = money_factor(pv.unit, cost=True)
    if money is None:
        return None
    factor, per_unit = money
    return pv.number * factor, per_unit


def _total_cost(p, ind):
    """A cost row's total amount in 元, to set against 预算数; None for other rows, unit
    costs (元/人), values that are not amounts, or a project without 预算数."""
    if not is_money_cost_row(ind) or p.budget is None or row_is_all_same(ind):
        return None
    got = _cost_amount(ind)
    if got is None or got[1]:
        return None
    return got[0]


@rule("COST-001", E, Scope.FIELD, "indicator", "成本指标的指标值应是金额（总额或单位成本）",
      about=('level1', 'level2', 'value'), reads=_COST_READS, when=is_money_cost_row, bad="成本指标「资金成本」指标值「免费办理」", good="成本指标「人均补助标准」指标值「≤500元/人」")
def cost_not_amount(ctx, p, pi, ii, ind):
    if not is_money_cost_row(ind) or not ind.value_text.strip() or row_is_all_same(ind):
        return
    if _cost_amount(ind) is not None:
        return
    pv = parsed(ind.value_text)
    # A % value is either a cost-control rate (预算控制率 ≤100%, fine) or money in % (RATE-003).
    if pv.quantified and is_percent_unit(pv.unit):
        return
    return [ctx.row_finding(
        "COST-001", p, pi, ii, ind,
        f"成本指标的指标值「{ind.value_text.strip()}」不是金额；请写成金额（如 ≤20000元）或单位成本（如 ≤500元/人），"
        "说明文字放到绩效指标描述。",
        field="value")]


@rule("COST-002", E, Scope.FIELD, "indicator", "成本指标金额不能超过项目预算数（万元与元已换算）",
      about=('level1', 'level2', 'value', 'budget'), reads=_COST_READS, when=is_money_cost_row, bad="预算数 770000.00，成本指标「115万元」", good="预算数 770000.00，成本指标「≤77万元」")
def cost_above_budget(ctx, p, pi, ii, ind):
    amount = _total_cost(p, ind)
    if amount is not None and amount > p.budget:
        return [ctx.row_finding(
            "COST-002", p, pi, ii, ind,
            f"成本「{ind.value_text.strip()}」= {money_text(ctx, amount)}，超过{ctx.label('project', 'budget')} "
            f"{money_text(ctx, p.budget)}；"
            "请核对金额和单位（万元/元）。",
            field="value")]


@rule("COST-003", H, Scope.FIELD, "indicator", "成本指标恰好等于全部预算时，建议改用单位成本",
      about=('level1', 'level2', 'value', 'budget'), reads=_COST_READS, when=is_money_cost_row, bad="预算数 30720.00，成本指标「需使用资金30720元」", good="成本指标「≤256元/人·月」")
def cost_is_budget(ctx, p, pi, ii, ind):
    amount = _total_cost(p, ind)
    if amount is not None and amount == p.budget:
        return [ctx.row_finding(
            "COST-003", p, pi, ii, ind,
            f"成本指标只是重复了全部{ctx.label('project', 'budget')}，看不出成本是否合理；"
            "建议改写为单位成本（如 元/人、元/次）或分项成本。",
            field="value")]
