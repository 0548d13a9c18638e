"""Checking the shape of a parsed data file and building the Document from it.

``build_document`` walks the dict that ``tomllib`` produced once, collecting every
problem (unknown keys, wrong types, missing required fields, values out of bounds…)
instead of stopping at the first. What each table may hold comes from the field
declarations of the model (perftui.fields): nothing here names a field except the two
that describe the file itself (``format`` and ``framework``). Problems carry a key path;
lines are filled in later by the caller (only when there are problems, so a good file pays
nothing for them).

Key paths count from 1, like the 序号 users see: ``projects[3].indicators[2].value``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from functools import cache
from typing import Any

from perftui.fields import LINES, OWN, PLAN, RAW, RECORD, RECORDS, SCALAR, TEXTS, Field, field_map, fields_of
from perftui.forms import DEFAULT_FORM, PROFILES, Profile, get_profile
from perftui.frameworks import FRAMEWORKS, get_framework
from perftui.kinds import PERCENT
from perftui.model import FORMAT_VERSION, PLAN_MONTHS, Document
from perftui.review import storage as review_storage
from perftui.safetext import brief

# Problems as (keypath, message) pairs; the store turns them into errors.Problem.
Issues = list[tuple[str, str]]

_PLAN_KEYS = {str(m): m for m in PLAN_MONTHS}


def number_text(value: int | Decimal, limit: int = 20) -> str:
    """A number as a message quotes it, shortened; never fails (an integer written in hex
    can be too long for ``str``)."""
    if isinstance(value, int) and value.bit_length() > 200:
        return f"约 {int(value.bit_length() * 0.30103) + 1} 位的整数"
    return brief(str(value), limit)


def describe(value: object) -> str:
    """What the user wrote, in words: ``文本 "七十万"``, ``整数 12``…"""
    if isinstance(value, bool):
        return f"布尔值 {'true' if value else 'false'}"
    if isinstance(value, str):
        return f'文本 "{brief(value, 20)}"'
    if isinstance(value, int) and value.bit_length() > 200:
        return number_text(value)
    if isinstance(value, int | Decimal):
        return f"{'整数' if isinstance(value, int) else '小数'} {number_text(value)}"
    if isinstance(value, dict):
        return "表（table）"
    if isinstance(value, list):
        return "数组（array）"
    if isinstance(value, dt.datetime):
        return f"日期时间 {value.isoformat()}"
    if isinstance(value, dt.date):
        return f"日期 {value.isoformat()}"
    if isinstance(value, dt.time):
        return f"时间 {value.isoformat()}"
    return f"{type(value).__name__} 值"


def _named(f: Field) -> str:
    return f"{f.key}（{f.label}）"


def _join(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def _toml_name(where: str) -> str:
    """``projects[3].indicators`` as its table header names it: ``projects.indicators``."""
    return ".".join(part.split("[", 1)[0] for part in where.split("."))


def _unknown(keys, allowed: tuple[str, ...], where: str, issues: Issues) -> None:
    allowed_set = frozenset(allowed)
    for k in keys:
        if k not in allowed_set:
            issues.append((_join(where, k), f"未知的键 “{brief(k)}”。这里允许的键：{', '.join(allowed)}"))


# --- one value per shape and kind ------------------------------------------------------------


def _text(f: Field, v: object, path: str, issues: Issues, profile: Profile) -> str:
    if type(v) is str:
        return v
    issues.append((path, f"{_named(f)} 应为文本（用双引号括起），实际是{describe(v)}"))
    return ""


def _number(v: object) -> Decimal | None:
    t = type(v)
    return v if t is Decimal else Decimal(v) if t is int else None  # type: ignore[return-value,arg-type]


def _amount(f: Field, v: object, path: str, issues: Issues, profile: Profile) -> Decimal | None:
    number = _number(v)
    if number is not None and number.is_finite():
        why = f.kind.problem(number)  # the bounds of a typed amount
        if not why:
            return number
        issues.append((path, f"{_named(f)} 不能是{describe(v)}：{why}"))
        return None
    issues.append(
        (
            path,
            f"{_named(f)} 应为以元为单位的数字，两位小数且不加引号（如 770000.00），"
            f"实际是{describe(v)}；留空请删去这一行",
        )
    )
    return None


def _integer(f: Field, v: object, path: str, issues: Issues, profile: Profile) -> int:
    if type(v) is not int:
        example = "，如 2023" if f.kind.key == "year" else ""
        issues.append((path, f"{_named(f)}应为整数{example}，实际是{describe(v)}"))
        return f.kind.blank
    why = f.kind.problem(v)
    if why:
        issues.append((path, f"{_named(f)}不能是{describe(v)}：{why}"))
        return f.kind.blank
    return v


def _bounded(f: Field, v: object, path: str, issues: Issues, profile: Profile) -> Decimal | None:
    """A number within its kind's bounds (a percentage, points)."""
    number = _number(v)
    if number is None or not number.is_finite():
        issues.append((path, f"{_named(f)} 应为数字（不加引号，不带 % 或“分”），实际是{describe(v)}"))
        return None
    why = f.kind.problem(number)
    if why:
        issues.append((path, f"{_named(f)} 不能是{describe(v)}：{why}"))
        return None
    return number


_SCALARS: dict[str, Callable[[Field, object, str, Issues, Profile], Any]] = {
    "text": _text, "code": _text, "period": _text, "amount": _amount, "year": _integer, "int": _integer,
    "percent": _bounded, "points": _bounded,
}  # fmt: skip


def _scalar(f: Field, v: object, path: str, issues: Issues, profile: Profile) -> Any:
    return _SCALARS[f.kind.key](f, v, path, issues, profile)


def _texts(f: Field, v: object, path: str, issues: Issues, profile: Profile) -> list[str]:
    if type(v) is not list:
        issues.append((path, f"{_named(f)} 应为文本数组，如 [\"第一条\", \"第二条\"]，实际是{describe(v)}"))
        return []
    out: list[str] = []
    for i, item in enumerate(v, 1):
        if type(item) is str:
            out.append(item)
        else:
            issues.append((f"{path}[{i}]", f"{_named(f)} 的第 {i} 条应为文本，实际是{describe(item)}"))
    return out


def _plan(f: Field, value: object, path: str, issues: Issues, profile: Profile) -> dict[int, Decimal]:
    if type(value) is not dict:
        issues.append((path, f"资金支出计划应写成 {{ 3 = 30, 6 = 60, 10 = 90, 12 = 100 }}，实际是{describe(value)}"))
        return {}
    out: dict[int, Decimal] = {}
    for k, v in value.items():
        month = _PLAN_KEYS.get(k)
        if month is None:
            issues.append((f"{path}.{k}", f"资金支出计划的月份只能是 3、6、10、12（月底），实际是 “{brief(k, 20)}”"))
            continue
        number = _number(v)
        if number is None or not number.is_finite():
            issues.append((f"{path}.{k}", f"{month}月底的累计支出比例应为数字（百分数，不带 %），实际是{describe(v)}"))
        elif why := PERCENT.problem(number):
            issues.append((f"{path}.{k}", f"{month}月底的累计支出比例不能是{describe(v)}：{why}"))
        else:
            out[month] = number
    return out


def _raw(f: Field, v: object, path: str, issues: Issues, profile: Profile) -> dict:
    if type(v) is dict:
        return v if _raw_table(v, path, issues) else {}
    issues.append((path, f"{_named(f)} 应为表（[{_toml_name(path)}]），实际是{describe(v)}"))
    return {}


# A free-form table ([checks]) is kept as written: readers of it recurse, reports print it, so
# deeper nesting than it ever needs and integers too long to print are refused here.
RAW_DEPTH = 8
_RAW_INT_BITS = 1000  # about 300 digits


def _raw_table(table: dict, where: str, issues: Issues) -> bool:
    """Whether a free-form table can be kept (else an issue for each problem found, and False)."""
    ok = True
    level: list[tuple[str, object]] = [(where, table)]
    for depth in range(RAW_DEPTH + 1):
        below: list[tuple[str, object]] = []
        for path, value in level:
            # type(value) is written out in each test: that is what narrows value for mypy.
            if type(value) is int and value.bit_length() > _RAW_INT_BITS:
                issues.append((path, f"检查设置不能是{describe(value)}：数值过大"))
                ok = False
            elif type(value) in (dict, list) and depth == RAW_DEPTH:
                issues.append((path, f"[{where}] 表嵌套超过 {RAW_DEPTH} 层；检查设置只需两层（如 [checks.off]），请删去多余的层"))
                return False
            elif type(value) is dict:
                below += [(f"{path}.{k}", v) for k, v in value.items()]
            elif type(value) is list:
                below += [(f"{path}[{i}]", v) for i, v in enumerate(value, 1)]
        level = below
    return ok


def _record_value(f: Field, v: object, path: str, issues: Issues, profile: Profile) -> Any:
    assert f.record is not None
    if type(v) is not dict:
        issues.append((path, f"{_named(f)} 应为表（[{_toml_name(path)}]），实际是{describe(v)}"))
        return f.record()
    return read_record(f.record, v, path, f"[{_toml_name(path)}] ", issues, profile)


def _records(f: Field, v: object, path: str, issues: Issues, profile: Profile) -> list:
    """An array of tables; entries that are not tables are reported and left out."""
    assert f.record is not None
    shape = f"{f.item}应写成 [[{_toml_name(path)}]] 表"
    if type(v) is not list:
        issues.append((path, f"{shape}，实际是{describe(v)}"))
        return []
    out = []
    plan = _plan_of(f.record, profile)
    for i, item in enumerate(v, 1):
        if type(item) is dict:
            plain = _plain_record(f.record, item, plan)  # most rows: no place to name, no issue
            if plain is not None:
                out.append(plain)
                continue
        where = f"{path}[{i}]"
        if type(item) is not dict:
            issues.append((where, f"{shape}，实际是{describe(item)}"))
            continue
        out.append(read_record(f.record, item, where, f.item, issues, profile))
    return out


def _own(f: Field, v: object, path: str, issues: Issues, profile: Profile) -> Any:
    return review_storage.build(v, issues)


_SHAPES: dict[str, Callable[[Field, object, str, Issues, Profile], Any]] = {
    SCALAR: _scalar, LINES: _text, TEXTS: _texts, PLAN: _plan, RAW: _raw, RECORD: _record_value, RECORDS: _records,
    OWN: _own,
}  # fmt: skip


# --- records --------------------------------------------------------------------------------


def _read_as_text(f: Field) -> bool:
    """A string value of this field is kept exactly as written (no bounds, no conversion)."""
    return f.shape == LINES or (f.shape == SCALAR and _SCALARS[f.kind.key] is _text)


@cache
def _plan_of(cls: type, profile: Profile) -> tuple[tuple[Field, ...], frozenset[str], tuple[str, ...], frozenset[str], frozenset[str]]:
    fields = fields_of(cls)
    required = tuple(f.key for f in fields if profile.required(cls, f))
    text_keys = frozenset(f.key for f in fields if _read_as_text(f))
    return fields, frozenset(f.key for f in fields), required, frozenset(required), text_keys


_JUST_TEXT = frozenset((str,))


def _plain_record(cls: type, data: dict, plan: tuple) -> Any:
    """The record when its table is plain (an indicator row: only text fields, every value a
    string, none missing): the table as it stands; else None."""
    keys = data.keys()
    if keys <= plan[4] and keys >= plan[3] and set(map(type, data.values())) <= _JUST_TEXT:
        return cls(**data)
    return None


def read_record(cls: type, data: dict, where: str, what: str, issues: Issues, profile: Profile) -> Any:
    """An instance of the record class ``cls`` from its table; ``what`` names it in messages.
    Which keys are required depends on the form (``profile``)."""
    plan = _plan_of(cls, profile)
    plain = _plain_record(cls, data, plan)
    if plain is not None:
        return plain
    fields, keyset, required, required_set, text_keys = plan
    keys = data.keys()
    if not keys <= keyset:
        _unknown(keys, tuple(f.key for f in fields), where, issues)
    for k in required:
        if k not in keys:
            issues.append((_join(where, k), f"{what}缺少必填的键 {_named(field_map(cls)[k])}"))
    values = {}
    for f in fields:
        if f.key in data:
            values[f.key] = _SHAPES[f.shape](f, data[f.key], _join(where, f.key), issues, profile)
    return cls(**values)


# --- the file ---------------------------------------------------------------------------------


def build_document(data: dict, issues: Issues) -> Document:
    """The Document for a parsed file; every shape problem is appended to ``issues``."""
    form = data.get("form")
    profile = get_profile(form) if type(form) is str else None
    doc: Document = read_record(Document, data, "", "文件", issues, profile or PROFILES[DEFAULT_FORM])
    # The keys that describe the file itself: which format, form and framework.
    fmt = data.get("format", FORMAT_VERSION)
    if type(fmt) is int and fmt != FORMAT_VERSION:
        issues.append(
            ("format", f"不支持的格式版本 format = {number_text(fmt)}；本程序读写 format = {FORMAT_VERSION}，请升级 perftui")
        )
    doc.format = FORMAT_VERSION
    if type(form) is str and profile is None:
        known = "、".join(f'"{k}"' for k in PROFILES)
        issues.append(("form", f"未知的表样 “{brief(form)}”，只能是 {known}"))
    fw = data.get("framework")
    if type(fw) is str:
        found = get_framework(fw)
        if found is None:
            known = "、".join(f'"{k}"' for k in FRAMEWORKS)
            issues.append(("framework", f"未知的指标体系 “{brief(fw)}”，只能是 {known}"))
        else:
            doc.framework = found.key
    return doc
