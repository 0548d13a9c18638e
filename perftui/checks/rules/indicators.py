"""One indicator row as a whole: empty cells, repeated text, 依据, misplaced indicators."""

from __future__ import annotations

from perftui.checks.catalog import rule
from perftui.checks.finding import Scope, Severity
from perftui.checks.text import is_satisfaction_block, norm, row_is_all_same
from perftui.frameworks import canonical_level1

E, W, H = Severity.ERROR, Severity.WARNING, Severity.HINT

_ROW = ("level1", "level2", "name", "description", "value", "basis")


@rule("IND-001", E, Scope.INDICATOR, "indicator", "三级指标、绩效指标描述、指标值、依据不能是同一句话",
      reads=_ROW, bad="四格都是「国有企业不承担移交后的退休人员社会化管理服务费」",
      good="三级「移交退休人员数量」、描述「纳入社会化管理的退休人员」、指标值「≥120人」、依据「计划标准」")
def all_same(ctx, p, pi, ii, ind):
    if row_is_all_same(ind):
        return [ctx.row_finding(
            "IND-001", p, pi, ii, ind,
            "三级指标、绩效指标描述、指标值和指标值确定依据是同一句话，没有说明衡量什么、目标多少；"
            "请分别写明指标名称、描述、可衡量的指标值（如 ≥120人）和确定依据（如 计划标准）。")]


@rule("IND-002", E, Scope.FIELD, "indicator", "一级、二级、三级指标不能为空",
      reads=("level1", "level2", "name"), bad="三级指标空白", good="三级指标「开办宣传专栏数」")
def empty_levels(ctx, p, pi, ii, ind):
    return [ctx.row_finding("IND-002", p, pi, ii, ind, f"{label}未填写；请补充。", field=fld)
            for fld, label in (("level1", "一级指标"), ("level2", "二级指标"), ("name", "三级指标"))
            if not getattr(ind, fld).strip()]


@rule("IND-003", H, Scope.FIELD, "indicator", "绩效指标描述宜填写",
      about=("description",), reads=("name", "description"), bad="绩效指标描述空白", good="绩效指标描述「群众满意数量占调查总数的比例」")
def empty_description(ctx, p, pi, ii, ind):
    if ind.name.strip() and not ind.description.strip():
        return [ctx.row_finding("IND-003", p, pi, ii, ind, "绩效指标描述未填写；请说明指标的含义或计算方法。", field="description")]


@rule("BASIS-001", W, Scope.FIELD, "indicator", "指标值确定依据不能为空",
      reads=("basis",), bad="指标值确定依据空白", good="指标值确定依据「计划标准」")
def basis_empty(ctx, p, pi, ii, ind):
    if not ind.basis.strip():
        return [ctx.row_finding(
            "BASIS-001", p, pi, ii, ind,
            "指标值确定依据未填写；请写明依据，如 计划标准、行业标准、历史标准、预算支出标准 或具体文件。",
            field="basis")]


@rule("BASIS-002", W, Scope.FIELD, "indicator", "指标值确定依据不能只是重复指标名称或描述",
      reads=("name", "description", "basis", "value"), bad="三级「居民满意率」，依据「居民满意率」",
      good="三级「居民满意率」，依据「历史标准：上年实际 92%」")
def basis_repeats(ctx, p, pi, ii, ind):
    b = norm(ind.basis)
    if not b or row_is_all_same(ind):
        return
    if b == norm(ind.name) or b == norm(ind.description):
        return [ctx.row_finding(
            "BASIS-002", p, pi, ii, ind,
            f"指标值确定依据「{ind.basis.strip()}」只是重复了指标名称，没有说明目标值从何而来；"
            "请写明 计划标准、行业标准、历史标准、预算支出标准 或具体文件。",
            field="basis")]


_OUTPUT_MEASURES = ("完成率", "完成数", "完成数量", "完成情况", "合格率", "及时率", "拨付率", "执行率", "到位率")


@rule("EFF-001", H, Scope.FIELD, "indicator", "效益指标不宜用完成率等产出指标",
      reads=("level1", "name"), bad="效益指标下「工作完成率 ≥90%」", good="效益指标下「受益群众人数 ≥5000人」")
def output_as_effect(ctx, p, pi, ii, ind):
    if canonical_level1(ind.level1) != "效益指标":
        return
    n = norm(ind.name)
    if n.endswith(_OUTPUT_MEASURES):
        return [ctx.row_finding(
            "EFF-001", p, pi, ii, ind,
            f"「{ind.name.strip()}」衡量的是工作完成情况（产出），不是效益；请放到产出指标，"
            "效益指标写项目带来的影响，如受益人数、群众诉求解决率。",
            field="name")]


@rule("SAT-002", W, Scope.FIELD, "indicator", "满意度应放在一级指标“满意度指标”下，不能替代质量或效益指标",
      about=("level1", "name"), reads=("level1", "level2", "name"), bad="产出指标/质量指标下「满意率」", good="满意度指标/服务对象满意度指标下「居民满意率」")
def satisfaction_misplaced(ctx, p, pi, ii, ind):
    fw, base = ctx.framework, ctx.base_framework
    if fw is not base and fw.allows(ind.level1, ind.level2) and not base.allows(ind.level1, ind.level2):
        return  # where the form's province puts 满意度 (profile extra_levels)
    if "满意" in norm(ind.name) and ind.level1.strip() and not is_satisfaction_block(ind):
        where = "/".join(x for x in (ind.level1.strip(), ind.level2.strip()) if x)
        return [ctx.row_finding(
            "SAT-002", p, pi, ii, ind,
            f"满意度写在了「{where}」下；满意度应放在一级指标「满意度指标」下，"
            "这里请改写为真正的质量或效益指标（如 合格率、达标率、受益人数）。",
            field="level1")]
