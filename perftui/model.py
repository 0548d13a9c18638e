"""The document model: one unit's 部门预算绩效文本 for one year.

Plain mutable dataclasses, no I/O and no screen. Amounts are Decimal in 元; ``None``
means the cell is blank in the form (not zero). Text is kept as written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from perftui.review.model import Review

FORMAT_VERSION = 1

# The cumulative spending-plan checkpoints of the form: months 3, 6, 10 and 12.
PLAN_MONTHS: tuple[int, ...] = (3, 6, 10, 12)

# Field names of one indicator row, in the column order of the printed form.
INDICATOR_FIELDS: tuple[str, ...] = ("level1", "level2", "name", "description", "value", "basis")

# Chinese labels users see for each field (UI, messages, exports).
FIELD_LABELS: dict[str, str] = {
    "level1": "一级指标",
    "level2": "二级指标",
    "name": "三级指标",
    "description": "绩效指标描述",
    "value": "指标值",
    "basis": "指标值确定依据",
    "code": "项目编码",
    "budget": "预算数",
    "fiscal": "财政资金",
    "other": "其他资金",
    "use": "资金用途",
    "plan": "资金支出计划",
    "goals": "绩效目标",
    "goal": "总体绩效目标",
    "targets": "分项绩效目标",
    "measures": "工作保障措施",
    "caption": "标题",
    "items": "条目",
    "year": "年度",
    "framework": "指标体系",
}


@dataclass(slots=True)
class Unit:
    code: str = ""
    name: str = ""
    year: int = 0


@dataclass(slots=True)
class Section:
    """A captioned list of numbered prose items (二、分项绩效目标 / 三、工作保障措施)."""

    caption: str = ""
    items: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Overall:
    """第一部分 部门整体绩效目标."""

    goal: str = ""
    targets: Section = field(default_factory=Section)
    measures: Section = field(default_factory=Section)


@dataclass(slots=True)
class Indicator:
    level1: str = ""
    level2: str = ""
    name: str = ""
    description: str = ""
    value: str = ""
    basis: str = ""

    def get(self, name: str) -> str:
        return getattr(self, name)


@dataclass(slots=True)
class Project:
    code: str = ""
    name: str = ""
    budget: Decimal | None = None
    fiscal: Decimal | None = None
    other: Decimal | None = None
    use: str = ""
    # Cumulative % spent by the end of each month in PLAN_MONTHS; a missing month is blank.
    plan: dict[int, Decimal] = field(default_factory=dict)
    goals: list[str] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)

    @property
    def title(self) -> str:
        return f"{self.name}绩效目标表"


@dataclass(slots=True)
class Document:
    unit: Unit = field(default_factory=Unit)
    framework: str = "88号"
    overall: Overall = field(default_factory=Overall)
    projects: list[Project] = field(default_factory=list)
    # Raw [checks] table of the file: thresholds and switched-off rules (see perftui.checks).
    checks: dict = field(default_factory=dict)
    format: int = FORMAT_VERSION
    # 审核意见 and review status ([review] table, see perftui.review); not the form's content.
    review: Review = field(default_factory=Review)

    def project_by_code(self, code: str) -> Project | None:
        for p in self.projects:
            if p.code == code:
                return p
        return None
