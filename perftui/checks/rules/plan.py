"""资金支出计划: cumulative % by the end of 3/6/10/12月, 0–100, ending at 100%."""

from __future__ import annotations

from decimal import Decimal

from perftui.checks.catalog import rule
from perftui.checks.finding import Scope, Severity
from perftui.model import PLAN_MONTHS
from perftui.money import as_written

E, W, H = Severity.ERROR, Severity.WARNING, Severity.HINT


def _pct(v: Decimal) -> str:
    return f"{as_written(v)}%"


@rule("PLAN-005", E, Scope.FIELD, "project", "资金支出计划不能全部空白",
      reads=("plan",), bad="3月底、6月底、10月底、12月底全空", good="30%、60%、90%、100%")
def plan_empty(ctx, p, pi):
    if not any(m in p.plan for m in PLAN_MONTHS):
        return [ctx.project_finding("PLAN-005", p, pi, "资金支出计划未填写；请填写3月底、6月底、10月底、12月底的累计支出进度（%）。",
                                  field="plan")]


@rule("PLAN-001", E, Scope.FIELD, "project", "支出进度应在 0–100% 之间",
      reads=("plan",), bad="10月底 120%", good="10月底 90%")
def plan_range(ctx, p, pi):
    bad = [f"{m}月底 {_pct(v)}" for m, v in sorted(p.plan.items()) if v < 0 or v > 100]
    if bad:
        return [ctx.project_finding("PLAN-001", p, pi, f"资金支出计划 {'、'.join(bad)} 超出 0–100% 的范围；请改为 0% 到 100% 之间的累计进度。",
                                  field="plan")]


@rule("PLAN-002", E, Scope.FIELD, "project", "支出进度是累计数，后一时点不能低于前一时点",
      reads=("plan",), bad="6月底 60%，10月底 40%", good="6月底 60%，10月底 90%")
def plan_cumulative(ctx, p, pi):
    filled = [(m, p.plan[m]) for m in PLAN_MONTHS if m in p.plan]
    drops = [f"{m1}月底 {_pct(v1)} → {m2}月底 {_pct(v2)}" for (m1, v1), (m2, v2) in zip(filled, filled[1:], strict=False) if v2 < v1]
    if drops:
        return [ctx.project_finding(
            "PLAN-002", p, pi,
            f"资金支出计划不是累计数：{'；'.join(drops)} 反而下降；请填写截至各月底的累计支出进度。",
            field="plan")]


@rule("PLAN-003", E, Scope.FIELD, "project", "12月底的累计支出进度应为 100%",
      reads=("plan",), bad="12月底 90% 或空白", good="12月底 100%")
def plan_final(ctx, p, pi):
    if not p.plan:
        return
    final = p.plan.get(12)
    if final is None:
        return [ctx.project_finding("PLAN-003", p, pi, "资金支出计划 12月底未填写；请填写 100%（年底累计支出进度应为 100%）。", field="plan")]
    elif final != 100:
        return [ctx.project_finding("PLAN-003", p, pi, f"资金支出计划 12月底为 {_pct(final)}；请改为 100%（年底累计支出进度应为 100%）。",
                                  field="plan")]


@rule("PLAN-004", W, Scope.FIELD, "project", "支出计划缺少时点（3月底、6月底、10月底）",
      reads=("plan",), bad="只填了 12月底 100%", good="0%、0%、0%、100%（年底一次支付也把前三个时点填 0%）")
def plan_missing(ctx, p, pi):
    if not p.plan:
        return
    missing = [f"{m}月底" for m in PLAN_MONTHS[:-1] if m not in p.plan]
    if missing:
        return [ctx.project_finding(
            "PLAN-004", p, pi,
            f"资金支出计划缺少 {'、'.join(missing)} 的进度，执行监控无法对照；若该时点前不支出，请填 0%。",
            field="plan")]
