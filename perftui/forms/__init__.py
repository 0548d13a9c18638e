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

from perftui.fields import field_of
from perftui.model import Document, Indicator, Overall, Project, Unit

# The records a profile speaks of, by the scope names used in profiles and rules.
SCOPES: dict[str, type] = {"unit": Unit, "overall": Overall, "project": Project, "indicator": Indicator}


@dataclass(frozen=True)
class Profile:
    key: str  # the value of ``form`` in a data file
    title: str  # the form's official name, as printed
    summary: str  # one line for lists and --help
    frameworks: tuple[str, ...]  # indicator frameworks it allows; the first is the usual one
    fields: Mapping[str, tuple[str, ...]]  # scope -> field keys the form has, in the form's order
    labels: Mapping[str, str] = field(default_factory=dict)  # "scope.key" -> the form's own wording
    layout: str = ""  # the printed layout (perftui.layout)

    def has(self, scope: str, key: str) -> bool:
        return key in self.fields.get(scope, ())

    def order(self, scope: str) -> tuple[str, ...]:
        return self.fields.get(scope, ())

    def label(self, scope: str, key: str) -> str:
        """What this form calls a field (its own wording, else the declared label)."""
        own = self.labels.get(f"{scope}.{key}")
        if own:
            return own
        f = field_of(SCOPES[scope], key)
        return f.label if f is not None else key


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
