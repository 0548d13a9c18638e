"""What users call a field: the form's own wording, else the declared label.

A field key alone is ambiguous (``name`` is 单位名称, 项目名称 or 三级指标); a finding names its
place (project, indicator row, Part 1), which settles the record and so the label.
"""

from __future__ import annotations

from perftui.fields import field_of
from perftui.forms import Profile, get_profile
from perftui.model import Document, Overall, Section, Unit


def field_label(profile: Profile | None, field: str | None, *, project: bool, indicator: bool, year: int = 0) -> str:
    """The label of the field ``field`` of a finding at that place (``""`` when it has none).

    ``field`` may be dotted (``targets.items``): the last part within the first's record.
    """
    if not field:
        return ""
    profile = profile or get_profile("")
    assert profile is not None
    head, _, rest = field.partition(".")
    if indicator:
        return profile.label("indicator", head, year)
    if project:
        return profile.distinct_label("project", head, year)
    if field_of(Overall, head) is not None:
        label = profile.label("overall", head, year)
        if rest and field_of(Section, rest) is not None:
            return f"{label}{field_of(Section, rest).label}"  # type: ignore[union-attr]
        return label
    if field_of(Unit, head) is not None:
        return profile.label("unit", head, year)
    found = field_of(Document, head)
    return found.label if found is not None else field


def finding_label(finding, profile: Profile | None = None, year: int = 0) -> str:
    return field_label(profile, finding.field, project=finding.project_index is not None,
                       indicator=finding.indicator_index is not None, year=year)


def label_in(doc: Document, scope: str, key: str) -> str:
    """The label of ``scope.key`` in the document's own form."""
    from perftui.forms import profile_of

    return profile_of(doc).label(scope, key, doc.unit.year)


def path_label(doc: Document, path: tuple) -> str:
    """The label of the field at a document path (``("projects", 2, "budget")``)."""
    from perftui.forms import profile_of

    keys = [step for step in path if isinstance(step, str)]
    if not keys:
        return ""
    profile = profile_of(doc)
    if keys[0] == "projects":
        if "indicators" in keys[1:-1] or (len(keys) > 2 and keys[1] == "indicators"):
            return profile.label("indicator", keys[-1], doc.unit.year)
        return profile.label("project", keys[1] if len(keys) > 1 else keys[0], doc.unit.year)
    if keys[0] in ("unit", "overall") and len(keys) > 1:
        if keys[0] == "overall" and len(keys) > 2 and keys[1] in ("targets", "measures"):
            return profile.label("overall", keys[1], doc.unit.year) + field_of(Section, keys[2]).label  # type: ignore[union-attr]
        return profile.label(keys[0], keys[1], doc.unit.year)
    found = field_of(Document, keys[0])
    return found.label if found is not None else keys[-1]
