"""The printed layout of each official form, described once (perftui.layout.spec).

Rows, spans and merges follow the real documents in tests/fixtures/forms/ (README there);
labels of fields come from the form's profile. Widths are spreadsheet units (a CJK
character at 10.5 pt is 2): every portrait form is at most 93 units wide, which prints on
A4 at 100 % between 0.4-inch margins in Excel, landscape ones 136.
"""

from __future__ import annotations

from perftui.forms import Profile
from perftui.layout.spec import (
    Column_,
    Context,
    Fields,
    Form,
    Goals,
    Group,
    Indicators,
    Line,
    Plan,
    ProjectRows,
    Put,
    Records,
    Say,
    Stack,
    Title,
)

SUB = 79.5 / 12  # the sample's form: twelve equal columns right of the first

# 部门预算绩效文本 (the sample, fixture 00). The twelve columns right of the first let the
# four months span three each and the three amounts two each, so both rows divide evenly;
# the indicator table uses them as 二级 3 | 三级 2 | 描述 3 | 指标值 2 | 依据 2.
WENBEN = Form(
    key="wenben",
    widths=(13.0, *([SUB] * 12)),
    blocks=(
        Title("{n}.{project}绩效目标表"),
        Line("{unit_line}", "单位：{money}", right_span=4),
        Fields((Put("project", "code", 1, 5), Put("project", "name", 2, 5))),
        Group(
            "预算规模及资金用途",
            (
                Fields((Put("project", "budget", 2, 2), Put("project", "fiscal", 2, 2), Put("project", "other", 2, 2))),
                Fields((Put("project", "use", 0, 12),)),
            ),
        ),
        Group("资金支出计划（%）", (Plan((3, 3, 3, 3)),)),
        Goals("project", "goals", 12, numbered=True),
        Indicators(
            (Column_("level1"), Column_("level2", 3), Column_("name", 2), Column_("description", 3),
             Column_("value", 2), Column_("basis", 2)),
            merge=("level1",),
            table_break=True,  # the sample prints the indicator table as a table of its own
        ),
    ),
    title="{unit_line}{year}年部门预算绩效文本",
)

# 财预〔2015〕88号 项目支出绩效目标申报表 (fixture 01 武汉 2020: 一级 printed on every row).
SHENBAO88 = Form(
    key="shenbao88",
    widths=(12.0, 15.0, 14.0, 11.5, 15.0, 14.0, 11.5),
    blocks=(
        Title("{project_form}"),
        Line("预算单位：{unit}　（{year}年度）", "金额单位：{money}", right_span=2),
        Fields((Put("project", "name", 1, 6),)),
        Fields((Put("project", "dept", 1, 3), Put("project", "implementer", 1, 2))),
        Fields((Put("project", "attribute", 1, 3), Put("project", "period", 1, 2))),
        Group(
            "项目资金（{money}）",
            (
                Fields((Put("project", "long_budget", 1, 2), Put("project", "budget", 1, 2))),
                Fields((Put("project", "long_fiscal", 1, 2), Put("project", "fiscal", 1, 2))),
                Fields((Put("project", "long_other", 1, 2), Put("project", "other", 1, 2))),
            ),
        ),
        Group("总体目标", (Stack((Put("project", "long_goals", 0, 3), Put("project", "goals", 0, 3))),)),
        Indicators(
            (Column_("level1"), Column_("long_level2"), Column_("long_name"), Column_("long_value"),
             Column_("level2"), Column_("name"), Column_("value")),
            merge=(),
        ),
    ),
)


def _execution_label(ctx: Context) -> str:
    points = ctx.project.execution_points if ctx.project is not None else None
    from perftui.money import plain_number

    return "项目资金预算执行" + (f"{plain_number(points)}分" if points is not None else "")


def _target_label(ctx: Context) -> str:
    total = ctx.profile.points_total
    points = ctx.project.execution_points if ctx.project is not None else None
    if total is None or points is None:
        return "年度绩效目标"
    from perftui.money import plain_number

    return f"年度绩效目标({plain_number(total - points)}分)"


# 财预〔2021〕101号 项目支出绩效目标审批表 (fixture 07 重庆 2023): points per block and indicator.
SHENPI101 = Form(
    key="shenpi101",
    widths=(10.0, 13.0, 16.0, 18.0, 13.0, 8.0, 15.0),
    blocks=(
        Title("{project_form}"),
        Line("预算单位：{unit}　（{year}年度）", "金额单位：{money}", right_span=2),
        Fields((Put("project", "name", 1, 3), Put("project", "category", 1, 2))),
        Fields((Put("project", "period", 1, 3), Put("project", "dept", 1, 2))),
        Fields((Put("project", "implementer", 1, 2), Put("project", "manager", 1, 1), Put("project", "phone", 1, 1))),
        Fields((Put("project", "approval", 1, 6),)),
        Goals("project", "overview", 6),
        Goals("project", "goals", 6),
        Group(
            _execution_label,
            (
                Fields((Put("project", "long_budget", 2, 1), Put("project", "fund_class", 2, 1))),
                Fields((Put("project", "budget", 2, 4),)),
                Fields((Put("project", "fiscal", 2, 1), Put("project", "subject", 2, 1))),
                Fields((Put("project", "other", 2, 4),)),
                Fields((Put("project", "execution", 2, 1), Put("project", "execution_points", 2, 1, suffix="分"))),
            ),
        ),
        Indicators(
            (Column_("level1"), Column_("level2"), Column_("name"), Column_("value"), Column_("points"),
             Column_("explain")),
            merge=("level1",),
            lead=_target_label,
            points_in_level1=True,
        ),
    ),
)

# 部门整体支出绩效目标表 (fixture 08 宁德 2019; 部门职责 as in 09 岳阳 2023): one table for the
# department, its 年度履职目标 and its own indicators.
ZHENGTI = Form(
    key="zhengti",
    widths=(12.0, 19.0, 24.0, 21.0, 17.0),
    subject="department",
    blocks=(
        Title("{form}"),
        Line("（{year}年度）", "金额单位：{money}", right_span=2),
        Fields((Put("unit", "name", 1, 2), Put("unit", "code", 1, 1))),
        Goals("overall", "duties", 4, optional=True),  # 岳阳 2023 prints it, 宁德 2019 has no such row
        Group(
            "年度预算安排（{money}）",
            (
                Fields((Put("overall", "budget", 1, 3),)),
                Fields((Put("overall", "spending", 1, 3),)),
                Fields((Put("overall", "basic", 1, 3),)),
            ),
        ),
        Goals("overall", "goal", 4),
        Group("年度履职目标", (Records("task", "tasks", (1, 1, 1, 1)),)),
        Indicators(
            (Column_("level1"), Column_("level2"), Column_("name"), Column_("explain"), Column_("value")),
            merge=("level1", "level2"),
            scope="overall",
        ),
    ),
)

# 湖南 一体化 整体绩效目标表 (fixture 09 岳阳 2023): 部门职责, 年度总体绩效目标 and nine
# indicator columns; no budget block and no 年度履职目标. Landscape: nine columns of prose.
HUNAN_ZHENGTI = Form(
    key="hunan_zhengti",
    widths=(11.0, 12.0, 18.0, 8.0, 12.0, 7.0, 28.0, 22.0, 10.0),
    subject="department",
    landscape=True,
    blocks=(
        Title("{unit}{year}年度{form}"),
        Fields((Put("unit", "name", 1, 8),)),
        Goals("overall", "duties", 8),
        Goals("overall", "goal", 8),
        Fields((Say("绩效指标", 9),)),  # a row of its own above the column headings
        Indicators(
            (Column_("level1"), Column_("level2"), Column_("name"), Column_("value_type"), Column_("value"),
             Column_("unit"), Column_("explain"), Column_("scoring"), Column_("note")),
            merge=("level1",),
            scope="overall",
        ),
    ),
)

# 湖南 项目支出绩效目标申报表 (fixture 04 湘潭 2023).
HUNAN = Form(
    key="hunan",
    widths=(10.0, 12.0, 16.0, 24.0, 15.0, 16.0),
    blocks=(
        Title("{unit}{year}年{project_form}"),
        Line("填报单位：{unit}（盖章）", "单位：{money}", right_span=2),
        Fields((Put("project", "name", 1, 2), Put("project", "dept", 1, 2))),
        Fields((Put("project", "budget", 1, 2), Put("project", "superior", 1, 2))),
        Fields((Put("project", "period", 1, 5),)),
        Goals("project", "long_goals", 5),
        Goals("project", "goals", 5),
        Indicators(
            (Column_("level1"), Column_("level2"), Column_("name"), Column_("value"), Column_("basis")),
            merge=("level1", "level2"),
            lead="本年度绩效指标",
        ),
        Goals("project", "opinion", 5),
        Line("填表人：　　　　联系电话：　　　　填报日期：　　　　单位负责人签字：", role="footer"),
    ),
)

# 湖北 (鄂州市直) 项目支出绩效目标表 (fixture 05): 项目预算成本构成 with its 合计; the column
# headed 一级指标 holds our 二级, the one headed 二级指标 our 三级.
HUBEI = Form(
    key="hubei",
    widths=(12.0, 18.0, 22.0, 22.0, 19.0),
    blocks=(
        Title("{unit}{year}年{project_form}"),
        Line("单位：{unit}", "金额单位：{money}", right_span=2),
        Fields((Put("project", "name", 1, 4),)),
        Fields((Put("project", "category", 1, 1), Put("project", "attribute", 1, 2))),
        Goals("project", "approval", 4),
        Records("cost", "costs", (1, 1, 1, 1, 1), total="合计"),
        Goals("project", "goals", 4),
        Indicators(
            (Column_("level2"), Column_("name"), Column_("description"), Column_("value")),
            merge=("level2",),
            lead="绩效指标",
        ),
        Goals("project", "opinion", 4),
    ),
)

# 中央预算内投资计划绩效目标表 (fixture 10 宝坻 2022): one 一级 实施效果指标 over 产出/效益.
TOUZI = Form(
    key="touzi",
    widths=(14.0, 14.0, 14.0, 32.0, 19.0),
    blocks=(
        Title("{project}{year}年{form}"),
        Line("单位：{unit}", "金额单位：{money}", right_span=2),
        Fields((Put("project", "name", 1, 4),)),
        Fields((Put("project", "implementer", 1, 4),)),
        Fields((Put("project", "budget", 1, 4, money_in_label=True),)),
        Goals("project", "goals", 4),
        Indicators(
            (Column_("level1"), Column_("level2"), Column_("name"), Column_("value")),
            merge=("level1", "level2"),
            lead="绩效指标",
        ),
    ),
)

# 四川 预算管理一体化 export (fixture 06 井研 2023): one row per indicator of every project.
SICHUAN = Form(
    key="rows",
    widths=(13.0, 14.0, 13.0, 22.0, 10.0, 12.0, 17.0, 6.0, 8.0, 6.0, 6.0, 9.0),
    subject="all",
    landscape=True,
    blocks=(
        Title("{form}({year}年度)"),
        Line("", "金额单位：{money}", right_span=3),
        ProjectRows(
            (("unit", "name"), ("project", "name"), ("project", "budget"), ("project", "goals")),
            (Column_("level1"), Column_("level2"), Column_("name"), Column_("value", split="sign", label="指标性质"),
             Column_("value", split="number"), Column_("unit", split="unit"), Column_("points"), Column_("direction")),
        ),
    ),
)

FORMS: dict[str, Form] = {f.key: f for f in (WENBEN, SHENBAO88, SHENPI101, ZHENGTI, HUNAN_ZHENGTI, HUNAN, HUBEI, TOUZI, SICHUAN)}
# Three profiles share the layout name "generic"; each of their forms has its own layout.
_GENERIC: dict[str, Form] = {"湖南申报表": HUNAN, "湖北申报表": HUBEI, "中央预算内投资": TOUZI}


def form_of(profile: Profile) -> Form:
    """The printed layout of a profile (its ``layout``; the sample's for an unknown one)."""
    if profile.layout == "generic":
        return _GENERIC.get(profile.key, HUNAN)
    return FORMS.get(profile.layout, WENBEN)


__all__ = ["FORMS", "Say", "form_of"]
