"""The model as stable JSON (``perftui show --format json``), documented in docs/json.md.

Keys come in a fixed order; amounts are strings with two decimals ("770000.00") so no
reader loses a cent to floating point; a blank cell is ``null``.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from perftui.fields import OWN, PLAN, RAW, RECORD, RECORDS, TEXTS, Field, fields_of
from perftui.forms import profile_of
from perftui.model import PLAN_MONTHS, Document, Project
from perftui.money import format_amount, plain_number

JSON_FORMAT = 1


def amount_json(value: Decimal | None) -> str | None:
    if value is None:
        return None
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2:  # more than two decimals: keep every digit
        return f"{value:f}"
    return format_amount(value)


def percent_json(value: Decimal | None) -> str | None:
    return None if value is None else plain_number(value)


def value_json(f: Field, v: Any) -> Any:
    """One field's value as JSON, by its declared shape and kind."""
    if f.shape == RECORD:
        return record_json(v)
    if f.shape == RECORDS:
        return [record_json(x) for x in v]
    if f.shape == RAW:
        return _plain(v)
    if f.shape == TEXTS:
        return list(v)
    if f.shape == PLAN:
        months = list(PLAN_MONTHS) + sorted(m for m in v if m not in PLAN_MONTHS)
        return {str(m): percent_json(v.get(m)) for m in months}
    if f.kind.key == "amount":
        return amount_json(v)
    if f.kind.key in ("percent", "points"):  # Decimal: a string, as the plan's percentages
        return percent_json(v)
    return v


def record_json(record: object) -> dict[str, Any]:
    # The review table is not the form's content: not part of this JSON (see docs/json.md).
    cls: type = type(record)  # annotated: mypy takes type(x) for unhashable (python/mypy#11470)
    return {f.key: value_json(f, getattr(record, f.key)) for f in fields_of(cls) if f.shape != OWN}


def project_json(project: Project, number: int) -> dict[str, Any]:
    return {"number": number, **record_json(project)}


def _plain(value: Any) -> Any:
    """The raw [checks] table with TOML values JSON can hold (numbers as written)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, Decimal):
        # Positional as written; scientific when that would take hundreds of digits (1e999999999).
        return f"{value:f}" if value.is_finite() and abs(value.adjusted()) <= 100 else str(value)
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return value


def document_json(doc: Document, path: str | Path | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"json_format": JSON_FORMAT, "file": None if path is None else str(path)}
    out.update(record_json(doc))
    out["projects"] = [project_json(p, i) for i, p in enumerate(doc.projects, 1)]
    # Added after json_format 1 was published: at the end, as the effective profile key.
    del out["form"]
    out["form"] = profile_of(doc).key
    return out


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)
