"""Check findings as rows of the optional 审核意见 sheet."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from perftui.forms import profile_of
from perftui.labels import finding_label
from perftui.model import Document


def place_text(doc: Document, f) -> str:
    """Where a finding points, in the words of the form: ``1.城镇社区工作经费 第2行 指标值``."""
    parts: list[str] = []
    if f.project_index is not None:
        name = doc.projects[f.project_index].name if f.project_index < len(doc.projects) else ""
        parts.append(f"{f.project_index + 1}.{name}")
        if f.indicator_index is not None:
            parts.append(f"第{f.indicator_index + 1}行指标")
    elif f.item_index is not None:
        parts.append(f"分项绩效目标第{f.item_index + 1}条")
    else:
        parts.append("整个文档")
    label = finding_label(f, profile_of(doc), doc.unit.year)
    if label:
        parts.append(label)
    return " ".join(parts)


# A finding quotes the text it is about; a huge text quoted whole would not fit a cell.
MAX_FINDING_CHARS = 2000


def _cut(text: str, limit: int = MAX_FINDING_CHARS) -> str:
    return text if len(text) <= limit else text[:limit] + "…（过长，已截断）"


def finding_rows(doc: Document, findings: Iterable) -> list[tuple[str, str, str, str]]:
    return [(f.severity.value, f.rule, _cut(place_text(doc, f), 200), _cut(f.message)) for f in findings]


def check_rows(doc: Document, path: Path | None = None) -> list[tuple[str, str, str, str]]:
    """Run every check on ``doc`` and return the sheet rows."""
    from perftui.checks import check_fast

    return finding_rows(doc, check_fast(doc, path=path))
