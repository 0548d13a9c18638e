"""Prose: the document's Part 1 sections, each project's 绩效目标 and 资金用途."""

from __future__ import annotations

import re

from perftui.checks.catalog import rule
from perftui.checks.finding import Scope, Severity
from perftui.checks.text import norm
from perftui.frameworks import FRAMEWORKS

E, W, H = Severity.ERROR, Severity.WARNING, Severity.HINT


@rule("DOC-001", W, Scope.DOCUMENT, "document", "第一部分的总体绩效目标不能为空",
      reads=("overall.goal",), bad="一、总体绩效目标空白", good="2023年……做好社区服务工作……")
def overall_goal(ctx):
    if not ctx.doc.overall.goal.strip():
        return [ctx.doc_finding("DOC-001", "第一部分“一、总体绩效目标”未填写；请概述本年度部门整体要达到的产出和效果。",
                              field="goal")]


@rule("DOC-002", H, Scope.DOCUMENT, "document", "有项目时，分项绩效目标应逐项说明主要项目",
      reads=("targets.items", "projects"), bad="有 7 个项目，分项绩效目标没有条目",
      good="1、维稳经费10万元，项目主要目标为……")
def targets_empty(ctx):
    if ctx.doc.projects and not any(i.strip() for i in ctx.doc.overall.targets.items):
        return [ctx.doc_finding("DOC-002", "第一部分“二、分项绩效目标”没有条目；请按主要项目逐条写明金额、支出进度和主要指标。",
                              field="targets.items")]


@rule("DOC-003", H, Scope.DOCUMENT, "document", "工作保障措施应至少有一条",
      reads=("measures.items",), bad="三、工作保障措施没有条目", good="1、加强党组织建设……")
def measures_empty(ctx):
    if not any(i.strip() for i in ctx.doc.overall.measures.items):
        return [ctx.doc_finding("DOC-003", "第一部分“三、工作保障措施”没有条目；请写明实现目标的保障措施。",
                              field="measures.items")]


@rule("DOC-004", E, Scope.DOCUMENT, "document", "指标体系应是表样所用的体系（88号、101号或实施效果）",
      reads=("framework",), bad="framework = \"99号\"；101号审批表写 framework = \"88号\"",
      good="framework = \"88号\"；101号审批表写 framework = \"101号\"")
def framework_known(ctx):
    allowed = ctx.profile.frameworks
    if not ctx.framework_known:
        return [ctx.doc_finding(
            "DOC-004", f"指标体系「{ctx.doc.framework}」无法识别，已按 88号 检查；请改为 {' 或 '.join(FRAMEWORKS)}。",
            field="framework")]
    elif allowed and ctx.framework.key not in allowed:
        return [ctx.doc_finding(
            "DOC-004", f"表样「{ctx.profile.key}」使用 {' 或 '.join(allowed)} 指标体系，文件写的是 {ctx.framework.key}；"
            f"请核对 framework（或 form）是否写错。",
            field="framework")]


@rule("DOC-005", W, Scope.DOCUMENT, "document", "文档年度应填写（用于核对编码年份和日期）",
      reads=("unit.year",), bad="year = 0", good="year = 2023")
def year_known(ctx):
    if not ctx.year:
        return [ctx.doc_finding("DOC-005", "文档年度未填写或不合理，无法核对项目编码年份和指标中的日期；请填写预算年度，如 2023。",
                              field="year")]


@rule("GOAL-001", E, Scope.FIELD, "project", "项目绩效目标不能为空",
      reads=("goals",), bad="绩效目标空白", good="1.为全县112名社区工作者按时足额发放工资保险")
def goals_empty(ctx, p, pi):
    if not any(g.strip() for g in p.goals):
        return [ctx.project_finding("GOAL-001", p, pi, f"{ctx.label('project', 'goals')}未填写；"
                                    "请写明本项目年度内要完成的产出和达到的效果。", field="goals")]


# Words that carry no content of their own in a goal ("保证工作顺利开展").
_STOCK = re.compile(
    "保证|保障|确保|做好|搞好|抓好|加强|完成|各项|相关|有关|工作|任务|顺利|正常|稳定|有序|有效|高效|开展|进行|推进|运转|"
    "运行|管理|更好地|更好|进一步|服务|促进|提高|提升|的|地|和|及"
)


def _goal_numbered(goals: list[str]) -> list[tuple[int, str]]:
    return [(k, g.strip()) for k, g in enumerate(goals) if g.strip()]


@rule("GOAL-002", H, Scope.FIELD, "project", "绩效目标过于简略（字数不超过 short_goal_chars）",
      reads=("goals",), bad="1.做好管理工作", good="1.按时足额发放112名退休人员社会化管理补助")
def goals_short(ctx, p, pi):
    out: list = []
    limit = ctx.settings.short_goal_chars
    for k, g in _goal_numbered(p.goals):
        if len(norm(g)) <= limit:
            out.append(ctx.project_finding(
                "GOAL-002", p, pi,
                f"绩效目标第{k + 1}条「{g}」只有 {len(norm(g))} 个字，说不清要完成什么；请写明产出数量、质量、时限和预期效果。",
                field="goals"))
    return out


@rule("GOAL-003", H, Scope.FIELD, "project", "绩效目标只有套话（如“保证工作顺利开展”）",
      reads=("goals",), bad="1.保证工作顺利开展", good="1.全年开办宣传专栏10个以上，完成征兵任务")
def goals_stock(ctx, p, pi):
    out: list = []
    limit = ctx.settings.short_goal_chars
    for k, g in _goal_numbered(p.goals):
        n = norm(g)
        if len(n) <= limit:
            continue  # GOAL-002 already says it
        if len(_STOCK.sub("", n)) <= 2:
            out.append(ctx.project_finding(
                "GOAL-003", p, pi,
                f"绩效目标第{k + 1}条「{g}」只是套话，没有说明本项目的具体产出和效果；请写明做什么、做多少、达到什么效果。",
                field="goals"))
    return out


@rule("USE-001", W, Scope.FIELD, "project", "资金用途不能为空",
      reads=("use",), bad="资金用途空白", good="用于社区办公、培训和居民活动")
def use_empty(ctx, p, pi):
    if not p.use.strip():
        return [ctx.project_finding("USE-001", p, pi, "资金用途未填写；请说明资金具体用于哪些方面。", field="use")]


_USE_TAIL = re.compile(r"(?:支出|使用|开支|费用)$")


def _use_repeats_name(p) -> bool:
    use = _USE_TAIL.sub("", norm(p.use))
    name = norm(p.name)
    return bool(use) and bool(name) and (use == name or use in name)


@rule("USE-002", H, Scope.FIELD, "project", "资金用途只是重复项目名称",
      reads=("use", "name"), bad="项目「维稳经费」资金用途「维稳经费」", good="资金用途「用于矛盾纠纷排查化解、信访接待和值班补助」")
def use_repeats_name(ctx, p, pi):
    if _use_repeats_name(p):
        return [ctx.project_finding(
            "USE-002", p, pi,
            f"资金用途「{p.use.strip()}」只是重复项目名称，没有说明钱用在哪里；请写明具体支出内容（如人员、设备、活动）。",
            field="use")]


@rule("USE-003", H, Scope.FIELD, "project", "资金用途过于简略（字数不超过 short_use_chars）",
      reads=("use", "name"), bad="资金用途「做好管理工作」", good="资金用途「用于退休人员社会化管理服务和慰问支出」")
def use_short(ctx, p, pi):
    n = norm(p.use)
    if n and len(n) <= ctx.settings.short_use_chars and not _use_repeats_name(p):
        return [ctx.project_finding(
            "USE-003", p, pi,
            f"资金用途「{p.use.strip()}」过于简略，看不出钱用在哪里；请写明具体支出内容。",
            field="use")]
