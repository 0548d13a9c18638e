"""What a check reports: a Finding with its rule, severity, place and a Chinese message."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from pathlib import Path


class Severity(enum.Enum):
    """Ordered: 提示 < 警告 < 错误."""

    ERROR = "错误"
    WARNING = "警告"
    HINT = "提示"

    # Members are singletons compared by identity: hash them so too (Enum's own hash is a
    # Python call, and the engine counts every finding by severity).
    __hash__ = object.__hash__

    @property
    def rank(self) -> int:
        return _RANK[self]

    @property
    def key(self) -> str:
        """The English word scripts use: error / warning / hint."""
        return self.name.lower()

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank < other.rank

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank <= other.rank

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank > other.rank

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank >= other.rank

    @classmethod
    def parse(cls, text: str) -> Severity:
        """``错误``/``error``/``ERROR`` … -> Severity; ValueError otherwise."""
        t = text.strip()
        for s in cls:
            if t == s.value or t.lower() == s.key:
                return s
        raise ValueError(text)


_RANK = {Severity.HINT: 1, Severity.WARNING: 2, Severity.ERROR: 3}


class Scope(enum.Enum):
    DOCUMENT = "document"  # the whole file (settings, Part 1, cross-project)
    ITEM = "item"  # one numbered item of 二、分项绩效目标
    PROJECT = "project"  # one project as a whole (its blocks, its goals)
    INDICATOR = "indicator"  # one indicator row as a whole
    FIELD = "field"  # one cell: 指标值, 预算数, 项目编码 …

    @property
    def label(self) -> str:
        return _SCOPE_LABELS[self]


_SCOPE_LABELS = {
    Scope.DOCUMENT: "文档",
    Scope.ITEM: "分项目标条目",
    Scope.PROJECT: "项目",
    Scope.INDICATOR: "指标行",
    Scope.FIELD: "单元格",
}


@dataclass(frozen=True, slots=True)
class Finding:
    """One finding of a check: rule, severity, place and message."""

    rule: str  # stable id, e.g. "PLAN-002"
    severity: Severity
    message: str  # Chinese: the place, what is wrong, how to fix it
    scope: Scope
    project_index: int | None = None
    project_code: str | None = None
    indicator_index: int | None = None  # 0-based row in the project's indicators
    field: str | None = None  # model field name: "value", "budget", "plan", "goals", "targets.items" …
    item_index: int | None = None  # 0-based item of 二、分项绩效目标
    path: Path | None = None

    def to_dict(self, profile=None) -> dict:
        """A plain dict for JSON output (Chinese severity plus its English key); the field's
        label in the words of the document's form (``profile``) when it is given."""
        from perftui.labels import finding_label

        return {
            "rule": self.rule,
            "severity": self.severity.value,
            "severity_key": self.severity.key,
            "scope": self.scope.value,
            "file": str(self.path) if self.path else None,
            "project_index": self.project_index,
            "project_code": self.project_code,
            "indicator_index": self.indicator_index,
            "indicator_row": None if self.indicator_index is None else self.indicator_index + 1,
            "field": self.field,
            "field_label": finding_label(self, profile),
            "item_index": self.item_index,
            "message": self.message,
        }


def sort_key(f: Finding, order: dict[str, int]) -> tuple:
    """Document findings first, then Part 1 items, then projects in order, rows within them."""
    if f.project_index is None:
        group = 0 if f.item_index is None else 1
    else:
        group = 2
    return (
        group,
        -1 if f.item_index is None else f.item_index,
        -1 if f.project_index is None else f.project_index,
        -1 if f.indicator_index is None else f.indicator_index,
        order.get(f.rule, 9999),
        f.field or "",
        f.message,
    )
