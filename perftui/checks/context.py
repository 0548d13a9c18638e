"""What every rule receives: the document, its settings and framework, and finding helpers.

Messages name the place by project name and code, and by row number and 三级指标, never by a
project's position in the file, so that moving projects does not make them stale.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from perftui.checks.catalog import RULES
from perftui.checks.finding import Finding
from perftui.checks.settings import Settings
from perftui.forms import profile_of
from perftui.frameworks import FRAMEWORK_88, Framework, get_framework
from perftui.model import Document, Indicator, Project

# A quoted value in a message (「…」) longer than this is cut to its start: a page of text
# pasted into 指标值 must not be repeated whole in the message about it.
QUOTE_MAX = 60
_LONG_QUOTE = re.compile(rf"「([^「」]{{{QUOTE_MAX + 1},}})」")


def _bounded(message: str) -> str:
    if len(message) < 200:  # the usual message: nothing to cut
        return message
    return _LONG_QUOTE.sub(lambda m: f"「{m.group(1)[:QUOTE_MAX]}…」", message)


def _short(text: str, limit: int = 60) -> str:
    # Every message of a project names it: a name pasted in by mistake must not swamp them.
    return text if len(text) <= limit else text[:limit] + "…"


# The department's own indicators (整体支出 form) are checked as the rows of this pseudo
# project; its findings carry no project index.
DEPARTMENT = "部门整体"


def project_place(p: Project) -> str:
    if p.code == DEPARTMENT:
        return DEPARTMENT
    name = _short(p.name.strip()) or "未命名项目"
    code = _short(p.code.strip()) or "未填编码"
    return f"项目「{name}」（{code}）"


def row_place(p: Project, ii: int, ind: Indicator) -> str:
    # A row without its 三级指标 is named by its levels (``产出指标/成本指标``).
    levels = "/".join(x for x in (ind.level1.strip(), ind.level2.strip()) if x)
    label = _short(ind.name.strip()) or (f"{levels}下未填三级指标" if levels else "未填三级指标")
    return f"{project_place(p)}第{ii + 1}行「{label}」"


def department_project(doc: Document) -> Project:
    """The department-level indicators of a document as the rows of a pseudo project."""
    return Project(code=DEPARTMENT, name=doc.unit.name, budget=doc.overall.budget, indicators=doc.overall.indicators)


def is_placeholder(ind: Indicator) -> bool:
    """A printed template row with only its 一级/二级 filled (101号 社会成本指标 of a project
    that has none, an unused 二级 row): part of the form, not an omission."""
    return not any(getattr(ind, f).strip() for f in _ROW_TEXT) and ind.points is None


# A form may print a standard text on every row (湖南 评(扣)分标准 「未达指标值酌情扣分」): not content.
_ROW_TEXT = ("name", "description", "value", "basis", "unit", "long_name", "long_value", "explain")
# The cells that make a row more than a template row (what is_placeholder reads).
PLACEHOLDER_CELLS = (*_ROW_TEXT, "points")


class Context:
    __slots__ = ("doc", "settings", "framework", "base_framework", "framework_known", "year", "path", "profile",
                 "blocks")

    def __init__(self, doc: Document, settings: Settings, path: Path | None):
        self.doc = doc
        self.settings = settings
        self.profile = profile_of(doc)
        fw = get_framework(doc.framework or "")
        self.framework_known = fw is not None
        self.base_framework: Framework = fw or FRAMEWORK_88
        self.framework: Framework = widened(self.base_framework, self.profile.extra_levels)
        self.year = doc.unit.year if isinstance(doc.unit.year, int) and 1990 <= doc.unit.year <= 2100 else 0
        self.path = path
        # the 一级 blocks a project's (一级, 二级) column makes present (STRUCT-001): projects of
        # one unit mostly share their indicator layout
        self.blocks: dict[tuple[tuple[str, str], ...], frozenset[str]] = {}

    def _make(self, rid: str, message: str, **where) -> Finding:
        r = RULES[rid]
        return Finding(rule=rid, severity=r.severity, message=_bounded(message), scope=r.scope, path=self.path,
                       **where)

    def doc_finding(self, rid: str, message: str, field: str | None = None) -> Finding:
        return self._make(rid, message, field=field)

    def item_finding(self, rid: str, k: int, message: str, project_code: str | None = None) -> Finding:
        return self._make(rid, f"分项绩效目标第{k + 1}条：{message}", field="targets.items", item_index=k,
                          project_code=project_code)

    def project_finding(self, rid: str, p: Project, pi: int | None, message: str,
                        field: str | None = None) -> Finding:
        return self._make(rid, f"{project_place(p)}：{message}", project_index=pi,
                          project_code=_code(p), field=field)

    def row_finding(self, rid: str, p: Project, pi: int | None, ii: int, ind: Indicator, message: str,
                    field: str | None = None) -> Finding:
        return self._make(rid, f"{row_place(p, ii, ind)}：{message}", project_index=pi,
                          project_code=_code(p), indicator_index=ii, field=field)

    def label(self, scope: str, key: str) -> str:
        """What the document's form calls a field, told apart from another it shares its
        label with (for messages: 中期其他资金, not 其他资金, in an 88号 file)."""
        return self.profile.distinct_label(scope, key, self.year)

    def short_label(self, scope: str, key: str) -> str:
        """The label without its 其中： (a part of a total, named in a sum)."""
        return self.label(scope, key).removeprefix("其中：")


def _code(p: Project) -> str | None:
    return None if p.code == DEPARTMENT else (p.code.strip() or None)


def widened(fw: Framework, extra: Mapping[str, tuple[str, ...]]) -> Framework:
    """The framework with the 二级 names a province adds under a 一级 (``extra_levels``)."""
    if not extra:
        return fw
    levels = {k: v + tuple(x for x in extra.get(k, ()) if x not in v) for k, v in fw.levels.items()}
    return Framework(fw.key, fw.title, levels)
