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

from perftui.model import INDICATOR_FIELDS, PLAN_MONTHS, Document, Project
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


def project_json(project: Project, number: int) -> dict[str, Any]:
    months = list(PLAN_MONTHS) + sorted(m for m in project.plan if m not in PLAN_MONTHS)
    return {
        "number": number,
        "code": project.code,
        "name": project.name,
        "budget": amount_json(project.budget),
        "fiscal": amount_json(project.fiscal),
        "other": amount_json(project.other),
        "use": project.use,
        "plan": {str(m): percent_json(project.plan.get(m)) for m in months},
        "goals": list(project.goals),
        "indicators": [{f: ind.get(f) for f in INDICATOR_FIELDS} for ind in project.indicators],
    }


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
    ov = doc.overall
    return {
        "json_format": JSON_FORMAT,
        "file": None if path is None else str(path),
        "format": doc.format,
        "framework": doc.framework,
        "unit": {"code": doc.unit.code, "name": doc.unit.name, "year": doc.unit.year},
        "overall": {
            "goal": ov.goal,
            "targets": {"caption": ov.targets.caption, "items": list(ov.targets.items)},
            "measures": {"caption": ov.measures.caption, "items": list(ov.measures.items)},
        },
        "projects": [project_json(p, i) for i, p in enumerate(doc.projects, 1)],
        "checks": _plain(doc.checks),
    }


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)
