"""审核意见 and review status: the data, and how an opinion names its place.

An opinion's place is named by stable identity, not by position, so it stays with its
row when rows are added or moved: the project by its 项目编码 (by its name when it has no
code), the indicator row by its 三级指标 (and which of the rows with that name), the field
by its key. A place that no longer exists makes the opinion *orphaned*: it is kept and
shown as such, never dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

OPINION_STATUSES: tuple[str, ...] = ("待改", "已改", "不改")
REVIEW_STATUSES: tuple[str, ...] = ("草稿", "送审", "退回", "通过")
DRAFT = REVIEW_STATUSES[0]
OPEN = OPINION_STATUSES[0]


@dataclass(slots=True)
class Target:
    """Where an opinion points. All blank: the whole document."""

    project: str = ""  # 项目编码, or 项目名称 when the project has no code
    indicator: str = ""  # 三级指标 of the row ("" = the project itself)
    n: int = 1  # which of the project's rows with that 三级指标 (1 = the first)
    field: str = ""  # field key: "value", "budget"; for the document a dotted path: "overall.goal"

    @property
    def level(self) -> str:
        if self.indicator:
            return "indicator"
        return "project" if self.project else "document"


@dataclass(slots=True)
class Opinion:
    """One reviewer's opinion on a place of the document."""

    target: Target = field(default_factory=Target)
    opinion: str = ""
    author: str = ""
    date: str = ""  # 2024-03-05
    status: str = OPEN  # 待改 / 已改 / 不改
    reply: str = ""  # the unit's answer (why 不改, what was changed)


@dataclass(slots=True)
class ProjectStatus:
    """The review status of one project."""

    project: str = ""  # 项目编码, or 项目名称 when the project has no code
    status: str = DRAFT
    by: str = ""
    at: str = ""  # 2024-03-05 14:30


@dataclass(slots=True)
class Review:
    """The document's review: its status, who set it, opinions and per-project statuses."""

    status: str = DRAFT  # the document's: 草稿 / 送审 / 退回 / 通过
    by: str = ""
    at: str = ""
    projects: list[ProjectStatus] = field(default_factory=list)
    opinions: list[Opinion] = field(default_factory=list)

    def is_empty(self) -> bool:
        return self == Review()

    def project_status(self, key: str) -> ProjectStatus | None:
        return next((s for s in self.projects if s.project == key), None)


# --- places ------------------------------------------------------------------------------


def project_key(project: Any) -> str:
    """The identity an opinion uses for a project: its code, or its name without one."""
    return project.code.strip() or project.name


def find_project(doc: Any, key: str) -> int | None:
    """The index of the project named by ``key``: by code first, then by name."""
    if not key:
        return None
    for i, p in enumerate(doc.projects):
        if p.code.strip() == key:
            return i
    for i, p in enumerate(doc.projects):
        if p.name == key:
            return i
    return None


def find_indicator(project: Any, name: str, n: int) -> int | None:
    seen = 0
    for j, ind in enumerate(project.indicators):
        if ind.name == name:
            seen += 1
            if seen == n:
                return j
    return None


def target_of(doc: Any, path: tuple) -> Target:
    """The opinion target for a place in the document given as a model path
    (``("projects", 2, "indicators", 0, "value")``, ``("unit", "name")``, ``()``…)."""
    path = tuple(path)
    if path[:1] == ("projects",) and len(path) >= 2 and isinstance(path[1], int):
        project = doc.projects[path[1]]
        rest = path[2:]
        if rest[:1] == ("indicators",) and len(rest) >= 2 and isinstance(rest[1], int):
            row = project.indicators[rest[1]]
            n = sum(1 for ind in project.indicators[: rest[1]] if ind.name == row.name) + 1
            fld = rest[2] if len(rest) >= 3 and isinstance(rest[2], str) else ""
            return Target(project_key(project), row.name, n, fld)
        fld = rest[0] if rest and isinstance(rest[0], str) else ""
        return Target(project_key(project), field=fld)
    names = [step for step in path if isinstance(step, str)]
    return Target(field=".".join(names))


def locate(doc: Any, target: Target) -> tuple | None:
    """The model path of ``target`` in ``doc``; None when the place no longer exists."""
    if not target.project:
        if target.indicator:
            return None
        if not target.field:
            return ()
        obj: Any = doc
        for name in target.field.split("."):
            if not hasattr(obj, name):
                return None
            obj = getattr(obj, name)
        return tuple(target.field.split("."))
    i = find_project(doc, target.project)
    if i is None:
        return None
    project = doc.projects[i]
    if target.indicator:
        j = find_indicator(project, target.indicator, target.n)
        if j is None:
            return None
        if target.field and not hasattr(project.indicators[j], target.field):
            return None
        return ("projects", i, "indicators", j, *((target.field,) if target.field else ()))
    if target.field and not hasattr(project, target.field):
        return None
    return ("projects", i, *((target.field,) if target.field else ()))
