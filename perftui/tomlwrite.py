"""Writing TOML text for a Document in the documented, readable layout (docs/format.md).

Everything here produces text by hand instead of through a TOML library so that the
layout is ours: amounts with exactly two decimals, the overall goal as a multi-line
string, list items one per line, a blank line between tables. ``store.save`` reuses the
same fragments when it patches a file through tomlkit, so edited values look like fresh ones.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from perftui.fields import LINES, OWN, PLAN, RAW, RECORD, RECORDS, SCALAR, TEXTS, Field, field_map, fields_of
from perftui.forms import DEFAULT_FORM, SCOPES, Profile, profile_of
from perftui.model import PLAN_MONTHS, Document, Project
from perftui.review import storage as review_storage

CENT = Decimal("0.01")

# The file's first line names the form; the field lists under it are made from the declarations.
TITLE_COMMENT = "# {title}（perftui 数据文件，UTF-8 编码，格式说明见 docs/format.md）"
# Field lists in the header comment wrap at this display width.
_COMMENT_WIDTH = 100

# Lists shorter than this (in characters, one item) stay on one line.
_INLINE_LIST_LIMIT = 60
_INDENT = "  "

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")
# Characters that must be escaped in a basic string: backslash, quote, controls, DEL.
_ESCAPE_RE = re.compile(r'[\\"\x00-\x1f\x7f]')
# In a multi-line basic string a newline stays as written.
_ML_ESCAPE_RE = re.compile(r'[\\"\x00-\x09\x0b-\x1f\x7f]')
_NAMED_ESCAPES = {"\\": "\\\\", '"': '\\"', "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}


def _escape_char(match: re.Match[str]) -> str:
    ch = match.group()
    return _NAMED_ESCAPES.get(ch) or f"\\u{ord(ch):04X}"


def basic_string(text: str) -> str:
    """A one-line TOML basic string for any text (quotes, backslashes, newlines, tabs…)."""
    if text.isprintable() and '"' not in text and "\\" not in text:
        return '"' + text + '"'  # nothing to escape: a printable text has no control character
    return '"' + _ESCAPE_RE.sub(_escape_char, text) + '"'


def multiline_string(text: str) -> str:
    """A multi-line basic string ``\"\"\"…\"\"\"`` (newlines kept, everything else escaped)."""
    if not text:
        return '""'
    # The newline right after the opening delimiter is dropped by TOML readers.
    return '"""\n' + _ML_ESCAPE_RE.sub(_escape_char, text) + '"""'


def key(name: str) -> str:
    return name if _BARE_KEY.match(name) else basic_string(name)


def amount(value: Decimal) -> str:
    """An amount in 元 as a TOML float with two decimals (``770000.00``).

    More decimals are kept as they are rather than rounded away: a save never changes a
    number the user wrote.
    """
    if not value.is_finite():
        raise ValueError(f"amount is not a finite number: {value}")
    q = value.quantize(CENT)
    if q != value:
        text = f"{value:f}"
    else:
        text = f"{q:f}"
    if text.startswith("-") and q == 0:
        text = text[1:]
    return text


def percent(value: Decimal) -> str:
    """A spending-plan percentage: an integer when whole (``30``), else a decimal (``32.5``)."""
    if not value.is_finite():
        raise ValueError(f"percentage is not a finite number: {value}")
    if value == value.to_integral_value():
        return str(int(value))
    text = f"{value:f}"
    return text


def plan(values: dict[int, Decimal]) -> str:
    if not values:
        return "{}"
    months = [m for m in PLAN_MONTHS if m in values] + sorted(m for m in values if m not in PLAN_MONTHS)
    return "{ " + ", ".join(f"{m} = {percent(values[m])}" for m in months) + " }"


def string_list(items: list[str], indent: str = "") -> str:
    """A list of strings: inline when it is one short item, else one item per line."""
    if not items:
        return "[]"
    if len(items) == 1 and len(items[0]) <= _INLINE_LIST_LIMIT and "\n" not in items[0]:
        return "[" + basic_string(items[0]) + "]"
    inner = indent + _INDENT
    return "[\n" + "".join(f"{inner}{basic_string(s)},\n" for s in items) + indent + "]"


def value(v: object, indent: str = "") -> str:
    """Any TOML value (used for the free-form [checks] table)."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, Decimal):
        if v.is_nan():
            return "nan"
        if v.is_infinite():
            return "-inf" if v < 0 else "inf"
        text = str(v)
        if not any(c in text for c in ".eE"):
            text += ".0"
        return text
    if isinstance(v, float):
        text = repr(v)
        return {"inf": "inf", "-inf": "-inf", "nan": "nan"}.get(text, text)
    if isinstance(v, str):
        return basic_string(v)
    if isinstance(v, (_dt.datetime, _dt.date, _dt.time)):
        return v.isoformat()
    if isinstance(v, (list, tuple)):
        if all(isinstance(x, str) for x in v):
            return string_list(list(v), indent)
        return "[" + ", ".join(value(x, indent) for x in v) + "]"
    if isinstance(v, dict):
        if not v:
            return "{}"
        return "{ " + ", ".join(f"{key(str(k))} = {value(x, indent)}" for k, x in v.items()) + " }"
    raise TypeError(f"cannot write {type(v).__name__} as TOML")


def _header(name: str, array: bool = False, comment: str = "") -> str:
    head = f"[[{name}]]" if array else f"[{name}]"
    return f"{head}  # {comment}" if comment else head


def _table_lines(name: str, table: dict, out: list[str], comment: str = "") -> None:
    """A free-form table: its plain values first, then its sub-tables."""
    out.append("")
    out.append(_header(name, comment=comment))
    subtables = []
    for k, v in table.items():
        if isinstance(v, dict) and v:
            subtables.append((k, v))
        else:
            out.append(f"{key(str(k))} = {value(v)}")
    for k, v in subtables:
        _table_lines(f"{name}.{key(str(k))}", v, out)


def dumps_table(name: str, table: dict) -> str:
    """The text of a free-form table ``[name]`` with its sub-tables."""
    out: list[str] = []
    _table_lines(name, table, out, _TABLE_DOCS.get(name, ""))
    return "\n".join(out[1:]) + "\n"


# --- records, from their declarations ------------------------------------------------------


def _number_text(v: int) -> str:
    return str(int(v))


_SCALAR_TEXT: dict[str, Callable[[Any], str]] = {
    "text": basic_string, "code": basic_string, "period": basic_string, "amount": amount,
    "percent": percent, "points": percent, "year": _number_text, "int": _number_text,
}  # fmt: skip


def fragment(f: Field, v: Any, indent: str = "") -> str:
    """The TOML value text of field ``f`` holding ``v``."""
    if f.shape == SCALAR:
        return _SCALAR_TEXT[f.kind.key](v)
    if f.shape == LINES:
        return multiline_string(v)
    if f.shape == TEXTS:
        return string_list(v, indent)
    if f.shape == PLAN:
        return plan(v)
    raise TypeError(f"{f.key} is a table, not a value")


def is_table(f: Field) -> bool:
    return f.shape in (RECORD, RECORDS, RAW, OWN)


def _writer(f: Field) -> Callable[[Any], str]:
    """``fragment`` for field ``f``, its shape looked at once."""
    if f.shape == SCALAR and f.kind.key in _SCALAR_TEXT:
        return _SCALAR_TEXT[f.kind.key]
    if f.shape == LINES:
        return multiline_string
    if f.shape == PLAN:
        return plan
    return lambda v: fragment(f, v)


# (id of the profile, record class) -> (the profile, its value fields with their writers,
# its table fields), in the form's order: a 1,000-project file writes 13,000 records.
_LAYOUTS: dict[tuple[int, type], tuple[Profile, tuple[tuple[Field, Callable[[Any], str]], ...], tuple[Field, ...]]] = {}


def _layout(profile: Profile, cls: type) -> tuple[tuple[tuple[Field, Callable[[Any], str]], ...], tuple[Field, ...]]:
    known = _LAYOUTS.get((id(profile), cls))
    if known is None or known[0] is not profile:
        ordered = profile.ordered(cls)
        values = tuple((f, _writer(f)) for f in ordered if not is_table(f))
        known = (profile, values, tuple(f for f in ordered if is_table(f)))
        _LAYOUTS[(id(profile), cls)] = known
    return known[1], known[2]


def body_lines(obj: Any, profile: Profile) -> list[str]:
    """The ``key = value`` lines of one record (without its sub-tables), in the form's order."""
    cls = type(obj)
    out = []
    shows = profile.shows
    for f, write in _layout(profile, cls)[0]:
        v = getattr(obj, f.key)
        if shows(cls, f, v):
            out.append(f"{f.key} = {write(v)}")
    return out


def record_lines(name: str, obj: Any, out: list[str], profile: Profile, *, array: bool = False,
                 comment: str = "") -> None:
    """A record's table ``[name]`` (or ``[[name]]``) and its sub-tables, each after a blank line."""
    out.append("")
    out.append(_header(name, array, comment))
    out.extend(body_lines(obj, profile))
    _subtables(name, obj, out, profile)


def _subtables(name: str, obj: Any, out: list[str], profile: Profile) -> None:
    cls = type(obj)
    for f in _layout(profile, cls)[1]:
        v = getattr(obj, f.key)
        sub = f"{name}.{f.key}" if name else f.key
        if f.shape == RECORD and profile.shows(cls, f, v):
            record_lines(sub, v, out, profile, comment=f.doc)
        elif f.shape == RECORDS:
            for item in v:
                record_lines(sub, item, out, profile, array=True, comment=f.doc)
        elif f.shape == RAW and v:
            _table_lines(sub, v, out, f.doc)
        elif f.shape == OWN:
            out.extend(review_storage.lines(v))


def element_lines(name: str, item: Any, profile: Profile, comment: str = "") -> list[str]:
    """The lines of one element of an array of tables (written as ``[[name]]``)."""
    out: list[str] = []
    record_lines(name, item, out, profile, array=True, comment=comment)
    return out[1:]


def project_lines(project: Project, out: list[str], profile: Profile) -> None:
    out.extend(["", *element_lines("projects", project, profile, field_map(Document)["projects"].doc)])


def header_comment(profile: Profile) -> str:
    """The comment that opens a new file: what each key of the form's tables means."""
    lines = [TITLE_COMMENT.format(title=profile.title)]
    items = dict(_listed_records(Document))
    for scope, keys in profile.fields.items():
        owner = SCOPES[scope]
        entries = [f"{g.key} {_note(profile, scope, g)}" for g in profile.ordered(owner) if not is_table(g) and g.key in keys]
        if owner in items and entries:
            lines.extend(_wrapped(f"# {items[owner]}字段：", entries))
    return "\n".join(lines) + "\n"


def _note(profile: Profile, scope: str, f: Field) -> str:
    """How the header comment names a key: the form's own label (amounts say they are in 元)."""
    if profile.key == DEFAULT_FORM:
        return f.note  # the sample's files, written this way since their first version
    label = profile.label(scope, f.key)
    return f"{label}（元）" if f.kind.key == "amount" else label


def _listed_records(cls: type, seen: set | None = None) -> list[tuple[type, str]]:
    """The records held in arrays of tables (projects, their indicators…), outermost first."""
    seen = set() if seen is None else seen
    out: list[tuple[type, str]] = []
    for f in fields_of(cls):
        if f.record is None or f.record in seen:
            continue
        if f.shape == RECORDS:
            seen.add(f.record)
            out.append((f.record, f.item))
        if f.shape in (RECORD, RECORDS):
            out.extend(_listed_records(f.record, seen))
    return out


def _wrapped(lead: str, entries: list[str]) -> list[str]:
    from wcwidth import wcswidth  # only new files get a header comment: keep it off the read path

    pad = "#" + " " * (wcswidth(lead) - 1)
    lines = [lead + entries[0]]
    for entry in entries[1:]:
        candidate = f"{lines[-1]} · {entry}"
        if wcswidth(candidate) > _COMMENT_WIDTH:
            lines.append(pad + entry)
        else:
            lines[-1] = candidate
    return lines


def dumps(doc: Document) -> str:
    """A brand-new file text for ``doc`` in the documented layout of its form."""
    profile = profile_of(doc)
    out: list[str] = [header_comment(profile).rstrip("\n")]
    out.extend(body_lines(doc, profile))
    _subtables("", doc, out, profile)
    return "\n".join(out) + "\n"


_TABLE_DOCS = {f.key: f.doc for f in fields_of(Document) if f.doc}
