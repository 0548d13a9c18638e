"""The document model: one unit's 部门预算绩效文本 for one year.

Plain mutable dataclasses, no I/O and no screen. Each attribute is declared once with
its Chinese label, kind and shape (perftui.fields); loader, writer, JSON, screens and
exports are derived from these declarations. Amounts are Decimal in 元; ``None`` means
the cell is blank in the form (not zero). Text is kept as written.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from perftui.fields import LINES, PLAN, RAW, RECORD, RECORDS, TEXTS, declare, fields_of
from perftui.kinds import AMOUNT, CODE, INTEGER, YEAR

FORMAT_VERSION = 1

# The cumulative spending-plan checkpoints of the form: months 3, 6, 10 and 12.
PLAN_MONTHS: tuple[int, ...] = (3, 6, 10, 12)


@dataclass(slots=True)
class Unit:
    code: str = declare("单位编码", CODE)
    name: str = declare("单位名称", required=True)
    year: int = declare("年度", YEAR, required=True)


@dataclass(slots=True)
class Section:
    """A captioned list of numbered prose items (二、分项绩效目标 / 三、工作保障措施)."""

    caption: str = declare("标题")
    items: list[str] = declare("条目", shape=TEXTS)


@dataclass(slots=True)
class Overall:
    """第一部分 部门整体绩效目标."""

    goal: str = declare("总体绩效目标", shape=LINES)
    targets: Section = declare("分项绩效目标", shape=RECORD, record=Section, doc="二、分项绩效目标")
    measures: Section = declare("工作保障措施", shape=RECORD, record=Section, doc="三、工作保障措施")


@dataclass(slots=True)
class Indicator:
    level1: str = declare("一级指标", required=True)
    level2: str = declare("二级指标", required=True)
    name: str = declare("三级指标", required=True)
    description: str = declare("绩效指标描述")
    value: str = declare("指标值")
    basis: str = declare("指标值确定依据")

    def get(self, name: str) -> str:
        return getattr(self, name)


@dataclass(slots=True)
class Project:
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

    @property
    def title(self) -> str:
        return f"{self.name}绩效目标表"


@dataclass(slots=True)
class Document:
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

    def project_by_code(self, code: str) -> Project | None:
        for p in self.projects:
            if p.code == code:
                return p
        return None


# Field names of one indicator row, in the column order of the printed form.
INDICATOR_FIELDS: tuple[str, ...] = tuple(f.key for f in fields_of(Indicator))

# Chinese labels by key, for places that know only a finding's field key. Derived from the
# declarations; a key declared in several records (``name``) takes the innermost label.
FIELD_LABELS: dict[str, str] = {
    f.key: f.label for cls in (Document, Unit, Overall, Section, Project, Indicator) for f in fields_of(cls)
}
