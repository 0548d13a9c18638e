"""What a form shows of a document: the fields of a record in the form's order, and the
columns of its project list. The app's screens and ``perftui show`` read the same answer."""

from __future__ import annotations

from collections.abc import Iterable

from perftui.fields import RECORD, SCALAR, field_of, fields_of
from perftui.forms import blank_record, profile_of
from perftui.model import Document, Project

# Projects looked at for fields outside the form (a big file's first ones tell enough).
SAMPLED = 200


def form_keys(doc: Document, scope: str, cls: type, records: list) -> list[str]:
    """The fields of ``cls`` shown: the form's, in its order, then any other field a record
    holds something in (nothing the file holds is hidden)."""
    own = list(profile_of(doc).order(scope))
    for f in fields_of(cls):
        if f.key in own:
            continue
        for r in records:
            v = getattr(r, f.key)
            if (not blank_record(v)) if f.shape == RECORD else not f.blank(v):
                own.append(f.key)
                break
    return own


def _short(label: str) -> str:
    return label.removeprefix("其中：")


def list_columns(doc: Document) -> list[tuple[str, str]]:
    """(key, header) of the project list of the document's form: 编码 (where the form or a
    project has one), 名称, the form's amounts in its order, its 支出计划 or period, and the
    number of indicators (``count``)."""
    profile = profile_of(doc)
    year = doc.unit.year if isinstance(doc.unit.year, int) else 0
    keys = form_keys(doc, "project", Project, doc.projects[:SAMPLED])
    out = []
    if "code" in keys or any(p.code for p in doc.projects):
        out.append(("code", profile.label("project", "code", year)))
    out.append(("name", "名称"))
    for k in keys:
        f = field_of(Project, k)
        if f is not None and f.shape == SCALAR and f.kind.key == "amount":
            out.append((k, _short(profile.distinct_label("project", k, year))))
    if "plan" in keys:
        out.append(("plan", "支出计划"))
    elif "period" in keys:
        out.append(("period", profile.label("project", "period", year)))
    out.append(("count", "指标数"))
    return out


def amount_keys(keys: Iterable[str]) -> list[str]:
    """The amount fields among ``keys`` (of ``list_columns``), in their order."""
    return [k for k in keys if (f := field_of(Project, k)) is not None and f.kind.key == "amount"]


def main_amount(keys: Iterable[str]) -> str | None:
    """The amount a project list keeps longest: 预算数 (the budget year's, which totals and
    checks read) where the form has it, else the form's first amount."""
    amounts = amount_keys(keys)
    return "budget" if "budget" in amounts else (amounts[0] if amounts else None)
