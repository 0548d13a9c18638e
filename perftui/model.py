"""The document model: one unit's 部门预算绩效文本 for one year.

Plain mutable dataclasses, no I/O and no screen. Each attribute is declared once with
its Chinese label, kind and shape (perftui.fields); loader, writer, JSON, screens and
exports are derived from these declarations. Amounts are Decimal in 元; ``None`` means
the cell is blank in the form (not zero). Text is kept as written.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from perftui.fields import LINES, OWN, PLAN, RAW, RECORD, RECORDS, TEXTS, declare
from perftui.kinds import AMOUNT, CODE, INTEGER, PERCENT, PERIOD, POINTS, YEAR
from perftui.review.model import Review

FORMAT_VERSION = 1

# The cumulative spending-plan checkpoints of the form: months 3, 6, 10 and 12.
PLAN_MONTHS: tuple[int, ...] = (3, 6, 10, 12)


@dataclass(slots=True)
class Unit:
    """The spending unit and budget year the document is for."""

    code: str = declare("单位编码", CODE)
    name: str = declare("单位名称", required=True)
    year: int = declare("年度", YEAR, required=True)


@dataclass(slots=True)
class Section:
    """A captioned list of numbered prose items (二、分项绩效目标 / 三、工作保障措施)."""

    caption: str = declare("标题")
    items: list[str] = declare("条目", shape=TEXTS)


@dataclass(slots=True)
class Indicator:
    """One row of a 绩效指标 table."""

    level1: str = declare("一级指标", required=True)
    level2: str = declare("二级指标", required=True)
    name: str = declare("三级指标", required=True)
    description: str = declare("绩效指标描述")
    value: str = declare("指标值")
    basis: str = declare("指标值确定依据")
    # Columns of other official forms (perftui.forms says which form has which).
    unit: str = declare("计量单位")  # where the form prints the unit apart from the value
    long_level2: str = declare("二级指标（中期）")
    long_name: str = declare("三级指标（中期）")
    long_value: str = declare("指标值（中期）")
    points: Decimal | None = declare("分值", POINTS, omit_blank=True)
    explain: str = declare("指标解释")
    scoring: str = declare("评分标准")
    value_type: str = declare("指标值类型")  # 定量 / 定性
    direction: str = declare("指标方向性")  # 正向指标 / 反向指标
    note: str = declare("备注")

    def get(self, name: str) -> str:
        return getattr(self, name)

    @property
    def value_text(self) -> str:
        """The value as one reading: a separately printed unit joined on to a number (``95`` +
        ``%``); a qualitative value stays as it is (``应保尽保`` with a stray ``%`` column)."""
        unit = self.unit.strip()
        value = self.value.rstrip()
        if not unit or value.endswith(unit) or not any(c.isdigit() for c in value):
            return self.value
        return self.value + unit


@dataclass(slots=True)
class Task:
    """One row of 年度履职目标 (部门整体): a duty, its task for the year, the spending behind it."""

    duty: str = declare("部门职能")
    task: str = declare("年度目标任务")
    project: str = declare("支出项目名称")
    amount: Decimal | None = declare("预算金额", AMOUNT, omit_blank=True)


@dataclass(slots=True)
class Overall:
    """第一部分 部门整体绩效目标 (or the 整体支出 form's department-level content)."""

    goal: str = declare("总体绩效目标", shape=LINES)
    targets: Section = declare("分项绩效目标", shape=RECORD, record=Section, doc="二、分项绩效目标")
    measures: Section = declare("工作保障措施", shape=RECORD, record=Section, doc="三、工作保障措施")
    duties: str = declare("部门职责", shape=LINES)
    budget: Decimal | None = declare("资金总额", AMOUNT, omit_blank=True)
    fiscal: Decimal | None = declare("财政拨款", AMOUNT, omit_blank=True)
    other: Decimal | None = declare("其他资金", AMOUNT, omit_blank=True)
    basic: Decimal | None = declare("基本支出", AMOUNT, omit_blank=True)
    spending: Decimal | None = declare("项目支出", AMOUNT, omit_blank=True)
    tasks: list[Task] = declare("年度履职目标", shape=RECORDS, record=Task, item="履职目标")
    indicators: list[Indicator] = declare("部门整体绩效指标", shape=RECORDS, record=Indicator, item="指标")


@dataclass(slots=True)
class Cost:
    """One row of 项目预算成本构成: an item, its amount, how it was reckoned, two years' actuals."""

    item: str = declare("成本项目")
    amount: Decimal | None = declare("金额", AMOUNT, omit_blank=True)
    basis: str = declare("测算依据")
    actual1: Decimal | None = declare("前年实际执行数", AMOUNT, omit_blank=True)
    actual2: Decimal | None = declare("上年实际执行数", AMOUNT, omit_blank=True)


@dataclass(slots=True)
class Project:
    """One budget project and its 绩效目标表."""

    code: str = declare("项目编码", CODE)
    name: str = declare("项目名称", required=True)
    budget: Decimal | None = declare("预算数", AMOUNT, doc="预算数（元）", omit_blank=True)
    fiscal: Decimal | None = declare("财政资金", AMOUNT, omit_blank=True)
    other: Decimal | None = declare("其他资金", AMOUNT, omit_blank=True)
    use: str = declare("资金用途")
    # Cumulative % spent by the end of each month in PLAN_MONTHS; a missing month is blank.
    plan: dict[int, Decimal] = declare("资金支出计划", shape=PLAN, doc="资金支出计划（月底累计 %）")
    goals: list[str] = declare("绩效目标", shape=TEXTS)
    indicators: list[Indicator] = declare("绩效指标", shape=RECORDS, record=Indicator, item="指标")
    # Fields of other official forms (perftui.forms says which form has which).
    dept: str = declare("主管部门")
    implementer: str = declare("实施单位")
    attribute: str = declare("项目属性")  # 新增项目 / 延续项目
    category: str = declare("项目类别")
    period: str = declare("项目期", PERIOD)
    long_budget: Decimal | None = declare("中期资金总额", AMOUNT, omit_blank=True)
    long_fiscal: Decimal | None = declare("中期财政拨款", AMOUNT, omit_blank=True)
    long_other: Decimal | None = declare("中期其他资金", AMOUNT, omit_blank=True)
    superior: Decimal | None = declare("上级资金", AMOUNT, omit_blank=True)
    long_goals: list[str] = declare("中期目标", shape=TEXTS)
    overview: str = declare("项目概况", shape=LINES)
    approval: str = declare("立项依据")
    manager: str = declare("项目负责人")
    phone: str = declare("联系电话")
    fund_class: str = declare("财政资金预算分类")
    subject: str = declare("财政资金科目代码", CODE)
    execution: Decimal | None = declare("年度预算执行率", PERCENT, omit_blank=True)
    execution_points: Decimal | None = declare("预算执行分值", POINTS, omit_blank=True)
    costs: list[Cost] = declare("项目预算成本构成", shape=RECORDS, record=Cost, item="成本项目")
    opinion: str = declare("审核意见", shape=LINES)

    @property
    def title(self) -> str:
        return f"{self.name}绩效目标表"


@dataclass(slots=True)
class Document:
    """One unit's goals for one year: Part 1 (department) and the project tables."""

    format: int = declare("格式版本", INTEGER, required=True, default=FORMAT_VERSION)
    # The official form the file follows (perftui.forms); blank: the sample's 绩效文本.
    form: str = declare("表样", omit_blank=True)
    framework: str = declare("指标体系", required=True, default="88号")
    # A table's ``doc`` is the comment on its header line in a new file.
    unit: Unit = declare("预算单位", shape=RECORD, record=Unit, required=True, doc="预算单位")
    overall: Overall = declare("部门整体绩效目标", shape=RECORD, record=Overall, doc="第一部分 部门整体绩效目标")
    projects: list[Project] = declare("项目绩效目标表", shape=RECORDS, record=Project, item="项目",
                                      doc="项目绩效目标表")
    # Raw [checks] table of the file: thresholds and switched-off rules (see perftui.checks).
    checks: dict = declare("审核设置", shape=RAW, doc="审核设置：阈值与关闭的规则，见 docs/checks.md")
    # 审核意见 and review status ([review], see perftui.review): not the form's content.
    review: Review = declare("审核意见", shape=OWN, factory=Review)

    def project_by_code(self, code: str) -> Project | None:
        for p in self.projects:
            if p.code == code:
                return p
        return None
