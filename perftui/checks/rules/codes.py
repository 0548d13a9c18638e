"""项目编码 and 项目名称: present, of the usual shape, of the document's year, unique."""

from __future__ import annotations

import re

from perftui.checks.catalog import declare, rule
from perftui.checks.finding import Scope, Severity

E, W, H = Severity.ERROR, Severity.WARNING, Severity.HINT

# region (GB/T 2260, 6 digits) + year (2 digits) + "P" + 12 characters from the budget system
CODE_SHAPE = re.compile(r"^\d{6}\d{2}P[0-9A-Z]{12}$")
_HEAD = re.compile(r"^(\d{6})(\d{2})P")


def code_parts(code: str) -> tuple[str, str] | None:
    """(region, year2) of a code that starts like ``13022923P``."""
    m = _HEAD.match(code.strip())
    return (m.group(1), m.group(2)) if m else None


@rule("NAME-001", E, Scope.FIELD, "project", "项目名称不能为空",
      reads=("name",), bad="项目名称空白", good="项目名称「维稳经费」")
def name_empty(ctx, p, pi):
    if not p.name.strip():
        return [ctx.project_finding("NAME-001", p, pi, "项目名称未填写；请填写与预算系统一致的项目名称。", field="name")]


@rule("CODE-001", E, Scope.FIELD, "project", "项目编码不能为空",
      reads=("code",), bad="项目编码空白", good="13022923P00JXC415060P")
def code_empty(ctx, p, pi):
    if not p.code.strip():
        return [ctx.project_finding("CODE-001", p, pi, "项目编码未填写；请从预算系统复制项目编码。", field="code")]


@rule("CODE-002", W, Scope.FIELD, "project", "项目编码通常为 21 位：6 位区划 + 2 位年份 + P + 12 位（仅提醒）",
      reads=("code",), bad="13022923P00JXC41506（19 位）", good="13022923P00JXC415060P")
def code_shape(ctx, p, pi):
    code = p.code.strip()
    if code and not CODE_SHAPE.match(code):
        return [ctx.project_finding(
            "CODE-002", p, pi,
            f"项目编码「{code}」（{len(code)} 位）不是常见的 21 位格式（6 位区划 + 2 位年份 + P + 12 位）；"
            "请与预算系统核对是否漏抄或多抄。",
            field="code")]


@rule("CODE-003", W, Scope.FIELD, "project", "项目编码中的年份应与文档年度一致",
      reads=("code",), bad="2023 年文档中的编码 13022922P…", good="2023 年文档中的编码 13022923P…")
def code_year(ctx, p, pi):
    parts = code_parts(p.code)
    if not parts or not ctx.year:
        return
    if parts[1] != f"{ctx.year % 100:02d}":
        return [ctx.project_finding(
            "CODE-003", p, pi,
            f"项目编码「{p.code.strip()}」第 7–8 位为「{parts[1]}」，与文档年度 {ctx.year} 不一致；"
            "请确认是否沿用了往年的项目编码。",
            field="code")]


declare("CODE-004", W, Scope.FIELD, "项目编码的区划（前 6 位）应与本文档其他项目一致",
        reads=("code",), bad="其他项目都是 130229…，本项目为 130228…", good="所有项目都以 130229 开头")
declare("CODE-005", E, Scope.FIELD, "同一文档中项目编码不能重复",
        reads=("code",), bad="两个项目都是 13022923P00JXC415060P", good="每个项目编码各不相同")
declare("NAME-002", H, Scope.FIELD, "多个项目名称相同时，建议在名称中区分",
        reads=("name",), bad="两张表都叫「国有企业退休人员社会化管理补助资金」", good="「…补助资金（省级）」「…补助资金（县级）」")
