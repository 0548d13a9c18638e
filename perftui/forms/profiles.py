"""The shipped form profiles."""

from __future__ import annotations

from perftui.forms import DEFAULT_FORM, Profile, register

# The sample's form: the Hebei county 部门预算绩效文本 (第一部分 部门整体绩效目标, 第二部分 one
# 绩效目标表 per project with 预算规模及资金用途, 资金支出计划 and a six-column indicator table).
WENBEN = register(
    Profile(
        key=DEFAULT_FORM,
        title="部门预算绩效文本",
        summary="河北县级部门预算绩效文本：部门整体绩效目标 + 每个项目一张绩效目标表（样例的格式）",
        frameworks=("88号", "101号"),
        fields={
            "unit": ("code", "name", "year"),
            "overall": ("goal", "targets", "measures"),
            "project": ("code", "name", "budget", "fiscal", "other", "use", "plan", "goals", "indicators"),
            "indicator": ("level1", "level2", "name", "description", "value", "basis"),
        },
        layout="wenben",
    )
)
