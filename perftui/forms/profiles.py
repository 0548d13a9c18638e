"""The shipped form profiles, from the official forms in tests/fixtures/forms/ (README there).

Each says which declared fields its form prints, in the form's order, and the form's own
wording where it differs from the declared label. Fields a form does not print are still
held when a file has them (nothing is dropped), but not asked for, checked or printed.
"""

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
        money="元",
        fields={
            "unit": ("code", "name", "year"),
            "overall": ("goal", "targets", "measures"),
            "project": ("code", "name", "budget", "fiscal", "other", "use", "plan", "goals", "indicators"),
            "indicator": ("level1", "level2", "name", "description", "value", "basis"),
        },
        labels={"project.fiscal": "其中：财政资金"},
        layout="wenben",
    )
)

# 财预〔2015〕88号 附1 项目支出绩效目标申报表: 中期 and 年度 funds, goals and indicators side by side
# (fixtures 01 武汉 2020, 03 东莞 2019). No 描述, no 依据, no points.
SHENBAO_88 = register(
    Profile(
        key="88号申报表",
        title="项目支出绩效目标申报表",
        summary="财预〔2015〕88号 项目支出绩效目标申报表：中期与年度资金、目标、指标并列（万元）",
        frameworks=("88号",),
        money="万元",
        fields={
            "unit": ("code", "name", "year"),
            "project": ("name", "dept", "implementer", "attribute", "period", "long_budget", "long_fiscal",
                        "long_other", "budget", "fiscal", "other", "long_goals", "goals", "indicators"),
            "indicator": ("level1", "long_level2", "long_name", "long_value", "level2", "name", "value"),
        },
        labels={
            "project.dept": "主管部门及代码",
            "project.long_fiscal": "其中：财政拨款",
            "project.long_other": "其他资金",
            "project.budget": "年度资金总额",
            "project.fiscal": "其中：财政拨款",
            "project.goals": "年度目标",
            "indicator.level2": "二级指标（年度）",
            "indicator.name": "三级指标（年度）",
            "indicator.value": "指标值（年度）",
        },
        layout="shenbao88",
    )
)

# 财预〔2021〕101号 four blocks with points: 重庆 项目支出绩效目标审批表 (fixture 07).
SHENPI_101 = register(
    Profile(
        key="101号审批表",
        title="项目支出绩效目标审批表",
        summary="财预〔2021〕101号 四类指标（成本、产出、效益、满意度）带分值的项目支出绩效目标审批表（万元）",
        frameworks=("101号",),
        money="万元",
        fields={
            "unit": ("code", "name", "year"),
            "project": ("name", "category", "period", "dept", "implementer", "manager", "phone", "approval",
                        "overview", "goals", "long_budget", "budget", "fiscal", "other", "fund_class", "subject",
                        "execution", "execution_points", "indicators"),
            "indicator": ("level1", "level2", "name", "value", "points", "explain"),
        },
        labels={
            "project.category": "项目分类",
            "project.period": "建设周期",
            "project.dept": "业务主管部门",
            "project.approval": "项目审批",
            "project.overview": "项目总体概况",
            "project.goals": "年度主要目标和成果",
            "project.long_budget": "项目总预算",
            "project.budget": "当年年度预算",
            "project.fiscal": "其中：财政资金",
            "project.other": "其中：其它资金",
            "project.execution_points": "分值",
        },
        # 项目资金预算执行 10分 + 年度绩效目标 90分; the block ranges printed in the 一级 labels
        # of the 重庆 form (效益 and 满意度 ranges are cut off in our copy, so not checked).
        points_total=100,
        points_ranges={"成本指标": (0, 20), "产出指标": (40, 50)},
        layout="shenpi101",
    )
)

# 部门整体支出绩效目标表: the subject is the department, not a project (fixtures 08 宁德 2019,
# 09 岳阳 2023): 部门职责, budget totals, 年度总体目标, 年度履职目标, department-level indicators.
ZHENGTI = register(
    Profile(
        key="整体支出",
        title="部门整体支出绩效目标表",
        summary="部门（单位）整体支出绩效目标表：部门职责、预算安排、年度总体目标、履职目标和部门整体指标（万元）",
        frameworks=("88号", "101号"),
        money="万元",
        fields={
            "unit": ("name", "code", "year"),
            "overall": ("duties", "budget", "spending", "basic", "goal", "tasks", "indicators"),
            "task": ("duty", "task", "project", "amount"),
            "indicator": ("level1", "level2", "name", "explain", "value"),
        },
        labels={
            "unit.name": "部门（单位）名称",
            "unit.code": "部门预算编码",
            "overall.goal": "年度总体目标",
            "overall.indicators": "绩效指标",
        },
        layout="zhengti",
    )
)

# 湖南 预算管理一体化 整体绩效目标表 (fixture 09 岳阳 2023): 部门职责, 年度总体绩效目标 and nine
# indicator columns with 指标值类型, a separate 计量单位, 指标解释, 评(扣)分标准 and 备注.
HUNAN_ZHENGTI = register(
    Profile(
        key="湖南整体支出",
        title="整体绩效目标表",
        summary="湖南 一体化系统的部门（单位）整体绩效目标表：部门职责、年度总体绩效目标和九列的部门整体指标",
        frameworks=("101号", "88号"),
        money="万元",
        fields={
            "unit": ("name", "code", "year"),
            "overall": ("duties", "goal", "indicators"),
            "indicator": ("level1", "level2", "name", "value_type", "value", "unit", "explain", "scoring", "note"),
        },
        labels={
            "unit.name": "部门（单位）名称",
            "overall.duties": "部门（单位）职责",
            "overall.goal": "年度总体绩效目标",
            "overall.indicators": "绩效指标",
            "indicator.scoring": "评（扣）分标准",
        },
        layout="hunan_zhengti",
    )
)

# 湖南 项目支出绩效目标申报表 (fixture 04 湘潭 2023): 实施期 and 本年度 goals, 上级资金,
# 指标值及单位 + 绩效标准 (the 依据 kind), 财政部门审核意见.
HUNAN = register(
    Profile(
        key="湖南申报表",
        title="项目支出绩效目标申报表",
        summary="湖南 项目支出绩效目标申报表：实施期与本年度目标、上级资金、指标值及单位和绩效标准（万元）",
        frameworks=("88号",),
        money="万元",
        fields={
            "unit": ("code", "name", "year"),
            "project": ("name", "dept", "budget", "superior", "period", "long_goals", "goals", "indicators",
                        "opinion"),
            "indicator": ("level1", "level2", "name", "value", "basis"),
        },
        labels={
            "project.name": "项目支出名称",
            "project.dept": "预算部门",
            "project.budget": "年度本级预算金额",
            "project.superior": "该项目支出上级资金",
            "project.period": "项目支出实施期",
            "project.long_goals": "实施期绩效目标",
            "project.goals": "本年度绩效目标",
            "project.opinion": "财政部门审核意见",
            "indicator.value": "指标值及单位",
            "indicator.basis": "绩效标准",
        },
        extra_levels={"效益指标": ("服务对象满意度指标",)},
        layout="generic",
    )
)

# 湖北 (鄂州市直) 项目支出绩效目标表 with 项目预算成本构成 (fixture 05). Its indicator table has two
# levels: the column headed 一级指标 holds 数量指标/质量指标… (our 二级), the one headed 二级指标
# the concrete indicator (our 三级); 绩效标准 holds a description.
HUBEI = register(
    Profile(
        key="湖北申报表",
        title="项目支出绩效目标表",
        summary="湖北 项目支出绩效目标表：项目预算成本构成、绩效标准和当年预期实现值（万元）",
        frameworks=("88号",),
        money="万元",
        fields={
            "unit": ("code", "name", "year"),
            "project": ("name", "category", "attribute", "approval", "costs", "goals", "indicators", "opinion"),
            "cost": ("item", "amount", "basis", "actual1", "actual2"),
            "indicator": ("level2", "name", "description", "value"),
        },
        labels={
            "project.category": "项目类别",
            "project.attribute": "项目性质",
            "project.opinion": "主管部门审核意见",
            "cost.item": "项目预算成本构成",
            "cost.basis": "测算(公式)依据",
            "cost.actual1": "{year2}年实际执行数",
            "cost.actual2": "{year1}年实际执行数",
            "indicator.level2": "一级指标",
            "indicator.name": "二级指标",
            "indicator.description": "绩效标准",
            "indicator.value": "当年预期实现值",
        },
        layout="generic",
    )
)

# 四川 预算管理一体化 export, one row per indicator (fixture 06 井研 2023): 指标性质 | 指标值 |
# 度量单位 | 权重 | 指标方向性. The sign is held with the value (``≥95``), the unit apart.
SICHUAN = register(
    Profile(
        key="四川一体化",
        title="部门预算项目绩效目标申报表",
        summary="四川 一体化系统导出：每行一条指标，指标性质、指标值、度量单位、权重、指标方向性分列（元）",
        frameworks=("88号",),
        money="元",
        fields={
            "unit": ("code", "name", "year"),
            "project": ("name", "budget", "goals", "indicators"),
            "indicator": ("level1", "level2", "name", "value", "unit", "points", "direction"),
        },
        labels={
            "project.goals": "年度目标",
            "indicator.unit": "度量单位",
            "indicator.points": "权重",
        },
        layout="rows",
    )
)

# 中央预算内投资计划绩效目标表 (fixture 10 宝坻 2022): one 一级 实施效果指标 over 产出/效益.
TOUZI = register(
    Profile(
        key="中央预算内投资",
        title="中央预算内投资计划绩效目标表",
        summary="中央预算内投资计划绩效目标表：实施效果指标（产出、效益）（万元）",
        frameworks=("实施效果",),
        money="万元",
        fields={
            "unit": ("code", "name", "year"),
            "project": ("name", "implementer", "budget", "goals", "indicators"),
            "indicator": ("level1", "level2", "name", "value"),
        },
        labels={
            "project.name": "专项名称",
            "project.implementer": "下达地方或单位",
            "project.budget": "下达中央预算内投资",
            "project.goals": "总体目标",
        },
        layout="generic",
    )
)
