"""Writing TOML text for a Document in the documented, readable layout (docs/format.md).

Everything here produces text by hand instead of through a TOML library so that the
layout is ours: amounts with exactly two decimals, the overall goal as a multi-line
string, list items one per line, a blank line between tables. ``store.save`` reuses the
same fragments when it patches a file through tomlkit, so edited values look like fresh ones.
"""

from __future__ import annotations

import datetime as _dt
import re
from decimal import Decimal

from perftui.model import INDICATOR_FIELDS, PLAN_MONTHS, Document, Indicator, Project, Section
from perftui.review import storage as review_storage

CENT = Decimal("0.01")

HEADER_COMMENT = """\
# 部门预算绩效文本（perftui 数据文件，UTF-8 编码，格式说明见 docs/format.md）
# 项目字段：code 项目编码 · name 项目名称 · budget 预算数（元） · fiscal 财政资金 · other 其他资金
#           use 资金用途 · plan 资金支出计划（月底累计 %） · goals 绩效目标
# 指标字段：level1 一级指标 · level2 二级指标 · name 三级指标 · description 绩效指标描述
#           value 指标值 · basis 指标值确定依据
"""

TABLE_COMMENTS = {
    "unit": "预算单位",
    "overall": "第一部分 部门整体绩效目标",
    "overall.targets": "二、分项绩效目标",
    "overall.measures": "三、工作保障措施",
    "projects": "项目绩效目标表",
    "checks": "审核设置：阈值与关闭的规则，见 docs/checks.md",
}

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


def _header(name: str, array: bool = False) -> str:
    head = f"[[{name}]]" if array else f"[{name}]"
    comment = TABLE_COMMENTS.get(name)
    return f"{head}  # {comment}" if comment else head


def _table_lines(name: str, table: dict, out: list[str]) -> None:
    """A free-form table: its plain values first, then its sub-tables."""
    out.append("")
    out.append(_header(name))
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
    _table_lines(name, table, out)
    return "\n".join(out[1:]) + "\n"


def section_lines(name: str, section: Section, out: list[str]) -> None:
    out.append("")
    out.append(_header(name))
    out.append(f"caption = {basic_string(section.caption)}")
    out.append(f"items = {string_list(section.items)}")


def project_body(project: Project) -> list[str]:
    """The key/value lines of one ``[[projects]]`` table (without its indicators)."""
    lines = [f"code = {basic_string(project.code)}", f"name = {basic_string(project.name)}"]
    for field in ("budget", "fiscal", "other"):
        v = getattr(project, field)
        if v is not None:
            lines.append(f"{field} = {amount(v)}")
    lines.append(f"use = {basic_string(project.use)}")
    lines.append(f"plan = {plan(project.plan)}")
    lines.append(f"goals = {string_list(project.goals)}")
    return lines


def indicator_body(indicator: Indicator) -> list[str]:
    return [f"{f} = {basic_string(getattr(indicator, f))}" for f in INDICATOR_FIELDS]


def project_lines(project: Project, out: list[str]) -> None:
    out.append("")
    out.append(_header("projects", array=True))
    out.extend(project_body(project))
    for ind in project.indicators:
        out.append("")
        out.append("[[projects.indicators]]")
        out.extend(indicator_body(ind))


def dumps(doc: Document) -> str:
    """A brand-new file text for ``doc`` in the documented layout."""
    out: list[str] = [HEADER_COMMENT.rstrip("\n")]
    out.append(f"format = {doc.format}")
    out.append(f"framework = {basic_string(doc.framework)}")
    out.append("")
    out.append(_header("unit"))
    out.append(f"code = {basic_string(doc.unit.code)}")
    out.append(f"name = {basic_string(doc.unit.name)}")
    out.append(f"year = {doc.unit.year}")
    out.append("")
    out.append(_header("overall"))
    out.append(f"goal = {multiline_string(doc.overall.goal)}")
    section_lines("overall.targets", doc.overall.targets, out)
    section_lines("overall.measures", doc.overall.measures, out)
    for project in doc.projects:
        project_lines(project, out)
    if doc.checks:
        _table_lines("checks", doc.checks, out)
    out.extend(review_storage.lines(doc.review))
    return "\n".join(out) + "\n"
