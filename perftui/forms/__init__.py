"""Form profiles: which official form a data file follows, and what that form has.

Provinces and years use different official forms for the same content. A data file names
its form (``form = "…"``; a file without it is the sample's 绩效文本). A profile says which
declared fields (perftui.model) the form has and in which order, what the form calls them
where its wording differs, which indicator frameworks it uses, and which printed layout
draws it. Loader, checks, screens and exports ask the profile; the fields themselves stay
declared once in the model.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from perftui.fields import RECORD, RECORDS, Field, field_of, fields_of
from perftui.model import Cost, Document, Indicator, Overall, Project, Task, Unit

# The records a profile speaks of, by the scope names used in profiles and rules.
SCOPES: dict[str, type] = {
    "unit": Unit, "overall": Overall, "task": Task, "project": Project, "indicator": Indicator, "cost": Cost,
}  # fmt: skip
SCOPE_OF: dict[type, str] = {cls: scope for scope, cls in SCOPES.items()}


@dataclass(frozen=True, eq=False)
class Profile:
    """One official form: the fields and columns it has, its framework and layout."""

    key: str  # the value of ``form`` in a data file
    title: str  # the form's official name, as printed
    summary: str  # one line for lists and --help
    frameworks: tuple[str, ...]  # indicator frameworks it allows; the first is the usual one
    fields: Mapping[str, tuple[str, ...]]  # scope -> field keys the form has, in the form's order
    money: str = "元"  # the unit the form prints amounts in ("元" or "万元"); files always hold 元
    labels: Mapping[str, str] = field(default_factory=dict)  # "scope.key" -> the form's own wording
    # 二级 names a province allows under a 一级 beyond its framework (湖南: 满意度 under 效益).
    extra_levels: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # Points (分值) of a form that scores its indicators: what they add up to with 预算执行
    # (None: no total is printed), and the range each 一级 block's points must fall in.
    points_total: int | None = None
    points_ranges: Mapping[str, tuple[int, int]] = field(default_factory=dict)
    layout: str = ""  # the printed layout (perftui.layout)

    def has(self, scope: str, key: str) -> bool:
        return key in self.fields.get(scope, ())

    def order(self, scope: str) -> tuple[str, ...]:
        return self.fields.get(scope, ())

    def shows(self, cls: type, f: Field, value: Any) -> bool:
        """Whether field ``f`` of a ``cls`` record is written: always when the form has it,
        otherwise only when it holds something (a file never loses what it holds)."""
        if f.omit_blank and f.blank(value):
            return False
        scope = SCOPE_OF.get(cls)
        if cls is Document:
            if f.key == "review":
                return False  # written by perftui.review.storage itself
            if f.key == "overall":
                return bool(self.fields.get("overall")) or not blank_record(value)
            return f.key != "checks" or bool(value)
        if scope is None or f.key in self.fields.get(scope, ()):
            return True
        if f.shape == RECORD:
            return not blank_record(value)
        return not f.blank(value)

    def ordered(self, cls: type) -> tuple[Field, ...]:
        """The fields of a record in the form's order, then the others as declared."""
        return self._orders.get(cls) or fields_of(cls)

    @cached_property
    def _orders(self) -> dict[type, tuple[Field, ...]]:
        out = {}
        for scope, keys in self.fields.items():
            cls = SCOPES[scope]
            own = [field_of(cls, k) for k in keys]
            out[cls] = tuple(f for f in own if f is not None) + tuple(f for f in fields_of(cls) if f.key not in keys)
        return out

    def required(self, cls: type, f: Field) -> bool:
        """A declared required key is required where the form has the field."""
        scope = SCOPE_OF.get(cls)
        return f.required and (scope is None or f.key in self.fields.get(scope, ()))

    def label(self, scope: str, key: str, year: int = 0) -> str:
        """What this form calls a field (its own wording, else the declared label). Wording
        that names years counts back from the budget year (``{year1}`` = the year before)."""
        own = self.labels.get(f"{scope}.{key}")
        if own:
            if "{" in own:
                own = own.format(year1=year - 1 if year else "上", year2=year - 2 if year else "前")
            return own
        f = field_of(SCOPES[scope], key)
        return f.label if f is not None else key

    def distinct_label(self, scope: str, key: str, year: int = 0) -> str:
        """The label, or where another field of the form has the same one (the 88号 form's
        其他资金 under 中期 and under 年度) the declared label when it says more (中期其他资金):
        for a place named out of its group, in a list heading, a diff or a review place."""
        label = self.label(scope, key, year)
        if label not in self._shared.get(scope, ()):
            return label
        f = field_of(SCOPES[scope], key)
        if f is not None and f.label != label and label.removeprefix("其中：") in f.label:
            return f.label
        return label

    @cached_property
    def _shared(self) -> dict[str, frozenset[str]]:
        """Per scope, the labels several of the form's fields share."""
        out = {}
        for scope, keys in self.fields.items():
            labels = [self.label(scope, k) for k in keys]
            out[scope] = frozenset(x for x in labels if labels.count(x) > 1)
        return out


def blank_record(record: object) -> bool:
    """A record with nothing in it (every field blank, every list empty)."""
    cls: type = type(record)  # annotated: mypy takes type(x) for unhashable (python/mypy#11470)
    for f in fields_of(cls):
        v = getattr(record, f.key)
        if f.shape == RECORD:
            if not blank_record(v):
                return False
        elif f.shape == RECORDS:
            if v:
                return False
        elif not f.blank(v):
            return False
    return True


PROFILES: dict[str, Profile] = {}
DEFAULT_FORM = "绩效文本"


def register(profile: Profile) -> Profile:
    for scope, keys in profile.fields.items():
        for key in keys:
            if field_of(SCOPES[scope], key) is None:
                raise ValueError(f"profile {profile.key}: {scope}.{key} is not a declared field")
    PROFILES[profile.key] = profile
    return profile


def get_profile(key: str) -> Profile | None:
    return PROFILES.get(key or DEFAULT_FORM)


def profile_of(doc: Document) -> Profile:
    """The profile of a loaded document (the loader has checked its ``form``)."""
    return PROFILES.get(doc.form or DEFAULT_FORM) or PROFILES[DEFAULT_FORM]


from perftui.forms import profiles as _profiles  # noqa: E402,F401  (registers the shipped profiles)
