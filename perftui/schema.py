"""Checking the shape of a parsed data file and building the Document from it.

``build_document`` walks the dict that ``tomllib`` produced once, collecting every
problem (unknown keys, wrong types, missing required fields, bad plan months…) instead of
stopping at the first. Problems carry a key path; lines are filled in later by the caller
(only when there are problems, so a good file pays nothing for them).

Key paths count from 1, like the 序号 users see: ``projects[3].indicators[2].value``.
"""

from __future__ import annotations

from decimal import Decimal

from perftui.frameworks import FRAMEWORKS, get_framework
from perftui.kinds import AMOUNT, PERCENT, YEAR
from perftui.model import (
    FIELD_LABELS,
    FORMAT_VERSION,
    INDICATOR_FIELDS,
    PLAN_MONTHS,
    Document,
    Indicator,
    Overall,
    Project,
    Section,
    Unit,
)
from perftui.review import storage as review_storage

# Problems as (keypath, message) pairs; the store turns them into errors.Problem.
Issues = list[tuple[str, str]]

TOP_KEYS = ("format", "framework", "unit", "overall", "projects", "checks", "review")
UNIT_KEYS = ("code", "name", "year")
OVERALL_KEYS = ("goal", "targets", "measures")
SECTION_KEYS = ("caption", "items")
PROJECT_KEYS = ("code", "name", "budget", "fiscal", "other", "use", "plan", "goals", "indicators")
AMOUNT_KEYS = ("budget", "fiscal", "other")

_TOP_SET = frozenset(TOP_KEYS)
_UNIT_SET = frozenset(UNIT_KEYS)
_OVERALL_SET = frozenset(OVERALL_KEYS)
_SECTION_SET = frozenset(SECTION_KEYS)
_PROJECT_SET = frozenset(PROJECT_KEYS)
_INDICATOR_SET = frozenset(INDICATOR_FIELDS)
_PLAN_KEYS = {str(m): m for m in PLAN_MONTHS}

TOP_REQUIRED = ("format", "framework", "unit")
UNIT_REQUIRED = ("name", "year")
PROJECT_REQUIRED = ("name",)
INDICATOR_REQUIRED = ("level1", "level2", "name")



def describe(value: object) -> str:
    """What the user wrote, in words: ``文本 "七十万"``, ``整数 12``…"""
    if isinstance(value, bool):
        return f"布尔值 {'true' if value else 'false'}"
    if isinstance(value, str):
        shown = value if len(value) <= 20 else value[:20] + "…"
        return f'文本 "{shown}"'
    if isinstance(value, int | Decimal):
        shown = str(value)
        shown = shown if len(shown) <= 20 else shown[:20] + "…"
        return f"{'整数' if isinstance(value, int) else '小数'} {shown}"
    if isinstance(value, dict):
        return "表（table）"
    if isinstance(value, list):
        return "数组（array）"
    return f"{type(value).__name__} 值 {value}"


# Where the same key means different things (``name`` is 单位名称, 项目名称 or 三级指标).
_CONTEXT_LABELS = {
    "unit": {"code": "单位编码", "name": "单位名称"},
    "project": {"name": "项目名称"},
}


def _label(name: str, where: str = "") -> str:
    if ".indicators[" in where:
        context = "indicator"
    elif where.startswith("projects["):
        context = "project"
    else:
        context = where.split(".", 1)[0]
    label = _CONTEXT_LABELS.get(context, {}).get(name) or FIELD_LABELS.get(name)
    return f"{name}（{label}）" if label else name


def _unknown(keys, allowed: tuple[str, ...], where: str, issues: Issues) -> None:
    allowed_set = frozenset(allowed)
    for k in keys:
        if k not in allowed_set:
            shown = k if len(k) <= 40 else k[:40] + "…"
            issues.append((_join(where, k), f"未知的键 “{shown}”。这里允许的键：{', '.join(allowed)}"))


def _join(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def _missing(data: dict, required: tuple[str, ...], where: str, what: str, issues: Issues) -> None:
    for k in required:
        if k not in data:
            issues.append((_join(where, k), f"{what}缺少必填的键 {_label(k, where)}"))


def _text(data: dict, k: str, where: str, issues: Issues) -> str:
    v = data.get(k, "")
    if type(v) is str:
        return v
    issues.append((_join(where, k), f"{_label(k, where)} 应为文本（用双引号括起），实际是{describe(v)}"))
    return ""


def _text_list(data: dict, k: str, where: str, issues: Issues) -> list[str]:
    v = data.get(k)
    if v is None:
        return []
    path = _join(where, k)
    if type(v) is not list:
        issues.append((path, f"{_label(k, where)} 应为文本数组，如 [\"第一条\", \"第二条\"]，实际是{describe(v)}"))
        return []
    out: list[str] = []
    for i, item in enumerate(v, 1):
        if type(item) is str:
            out.append(item)
        else:
            issues.append((f"{path}[{i}]", f"{_label(k, where)} 的第 {i} 条应为文本，实际是{describe(item)}"))
    return out


def _table(data: dict, k: str, where: str, issues: Issues) -> dict | None:
    v = data.get(k)
    if v is None or type(v) is dict:
        return v
    issues.append((_join(where, k), f"{_label(k, where)} 应为表（[{_join(where, k)}]），实际是{describe(v)}"))
    return None


def _amount(value: object, path: str, name: str, issues: Issues) -> Decimal | None:
    t = type(value)
    number = value if t is Decimal else Decimal(value) if t is int else None  # type: ignore[arg-type]
    if number is not None and number.is_finite():
        why = AMOUNT.problem(number)  # the bounds of a typed amount
        if not why:
            return number
        issues.append((path, f"{_label(name)} 不能是{describe(value)}：{why}"))
        return None
    issues.append(
        (
            path,
            f"{_label(name)} 应为以元为单位的数字，两位小数且不加引号（如 770000.00），"
            f"实际是{describe(value)}；留空请删去这一行",
        )
    )
    return None


def _plan(value: object, path: str, issues: Issues) -> dict[int, Decimal]:
    if type(value) is not dict:
        issues.append((path, f"资金支出计划应写成 {{ 3 = 30, 6 = 60, 10 = 90, 12 = 100 }}，实际是{describe(value)}"))
        return {}
    out: dict[int, Decimal] = {}
    for k, v in value.items():  # type: ignore[union-attr]
        month = _PLAN_KEYS.get(k)
        if month is None:
            issues.append((f"{path}.{k}", f"资金支出计划的月份只能是 3、6、10、12（月底），实际是 “{k}”"))
            continue
        t = type(v)
        number = v if t is Decimal else Decimal(v) if t is int else None
        if number is not None and number.is_finite() and not PERCENT.problem(number):
            out[month] = number
        elif number is not None and number.is_finite():
            issues.append((f"{path}.{k}", f"{month}月底的累计支出比例数值过大（{describe(v)}），应为 0–100 的百分数"))
        else:
            issues.append((f"{path}.{k}", f"{month}月底的累计支出比例应为数字（百分数，不带 %），实际是{describe(v)}"))
    return out


def _section(data: dict | None, where: str, issues: Issues) -> Section:
    if data is None:
        return Section()
    if not data.keys() <= _SECTION_SET:
        _unknown(data.keys(), SECTION_KEYS, where, issues)
    return Section(caption=_text(data, "caption", where, issues), items=_text_list(data, "items", where, issues))


def _indicator(data: object, where: str, issues: Issues) -> Indicator | None:
    if type(data) is not dict:
        issues.append((where, f"指标应写成 [[projects.indicators]] 表，实际是{describe(data)}"))
        return None
    keys = data.keys()  # type: ignore[union-attr]
    get = data.get  # type: ignore[union-attr]
    values = [get(f, "") for f in INDICATOR_FIELDS]
    # Fast path: exactly the known keys, all text.
    if keys <= _INDICATOR_SET and all(type(v) is str for v in values) and len(keys) >= 3:
        if "level1" in keys and "level2" in keys and "name" in keys:
            return Indicator(*values)
    _unknown(keys, INDICATOR_FIELDS, where, issues)
    _missing(data, INDICATOR_REQUIRED, where, "指标", issues)  # type: ignore[arg-type]
    return Indicator(*(_text(data, f, where, issues) for f in INDICATOR_FIELDS))  # type: ignore[arg-type]


def _project(data: object, where: str, issues: Issues) -> Project | None:
    if type(data) is not dict:
        issues.append((where, f"项目应写成 [[projects]] 表，实际是{describe(data)}"))
        return None
    keys = data.keys()  # type: ignore[union-attr]
    if not keys <= _PROJECT_SET:
        _unknown(keys, PROJECT_KEYS, where, issues)
    if "name" not in keys:
        _missing(data, PROJECT_REQUIRED, where, "项目", issues)  # type: ignore[arg-type]
    p = Project(
        code=_text(data, "code", where, issues),  # type: ignore[arg-type]
        name=_text(data, "name", where, issues),  # type: ignore[arg-type]
        use=_text(data, "use", where, issues),  # type: ignore[arg-type]
        goals=_text_list(data, "goals", where, issues),  # type: ignore[arg-type]
    )
    get = data.get  # type: ignore[union-attr]
    for k in AMOUNT_KEYS:
        v = get(k)
        if v is not None:
            setattr(p, k, _amount(v, f"{where}.{k}", k, issues))
    plan = get("plan")
    if plan is not None:
        p.plan = _plan(plan, f"{where}.plan", issues)
    inds = get("indicators")
    if inds is not None:
        p.indicators = _tables(inds, f"{where}.indicators", "指标应写成 [[projects.indicators]] 表", _indicator, issues)
    return p


def _tables(value: object, where: str, shape: str, build, issues: Issues) -> list:
    """An array of tables (``[[projects]]``, ``[[projects.indicators]]``), each entry built by
    ``build(entry, "where[n]", issues)``; entries that are not tables are left out."""
    if type(value) is not list:
        issues.append((where, f"{shape}，实际是{describe(value)}"))
        return []
    out = []
    for i, item in enumerate(value, 1):
        built = build(item, f"{where}[{i}]", issues)
        if built is not None:
            out.append(built)
    return out


def build_document(data: dict, issues: Issues) -> Document:
    """The Document for a parsed file; every shape problem is appended to ``issues``."""
    doc = Document()
    if not data.keys() <= _TOP_SET:
        _unknown(data.keys(), TOP_KEYS, "", issues)
    _missing(data, TOP_REQUIRED, "", "文件", issues)

    fmt = data.get("format", FORMAT_VERSION)
    if type(fmt) is not int:
        issues.append(("format", f"format 应为整数 {FORMAT_VERSION}，实际是{describe(fmt)}"))
    elif fmt != FORMAT_VERSION:
        issues.append(
            ("format", f"不支持的格式版本 format = {fmt}；本程序读写 format = {FORMAT_VERSION}，请升级 perftui")
        )
    else:
        doc.format = fmt

    if "framework" in data:
        fw = data["framework"]
        if type(fw) is not str:
            issues.append(("framework", f"framework（指标体系）应为文本，实际是{describe(fw)}"))
        else:
            found = get_framework(fw)
            if found is None:
                known = "、".join(f'"{k}"' for k in FRAMEWORKS)
                issues.append(("framework", f"未知的指标体系 “{fw}”，只能是 {known}"))
            else:
                doc.framework = found.key

    unit = _table(data, "unit", "", issues)
    if unit is not None:
        if not unit.keys() <= _UNIT_SET:
            _unknown(unit.keys(), UNIT_KEYS, "unit", issues)
        _missing(unit, UNIT_REQUIRED, "unit", "[unit] ", issues)
        year = unit.get("year", 0)
        if type(year) is not int:
            issues.append(("unit.year", f"year（年度）应为整数，如 2023，实际是{describe(year)}"))
            year = 0
        elif YEAR.problem(year):
            issues.append(("unit.year", f"year（年度）不能是{describe(year)}：{YEAR.problem(year)}"))
            year = 0
        doc.unit = Unit(code=_text(unit, "code", "unit", issues), name=_text(unit, "name", "unit", issues), year=year)

    overall = _table(data, "overall", "", issues)
    if overall is not None:
        if not overall.keys() <= _OVERALL_SET:
            _unknown(overall.keys(), OVERALL_KEYS, "overall", issues)
        doc.overall = Overall(
            goal=_text(overall, "goal", "overall", issues),
            targets=_section(_table(overall, "targets", "overall", issues), "overall.targets", issues),
            measures=_section(_table(overall, "measures", "overall", issues), "overall.measures", issues),
        )

    projects = data.get("projects")
    if projects is not None:
        doc.projects = _tables(projects, "projects", "项目应写成 [[projects]] 表", _project, issues)

    checks = _table(data, "checks", "", issues)
    if checks is not None:
        doc.checks = checks
    if "review" in data:
        doc.review = review_storage.build(data["review"], issues)
    return doc
