"""Rules across projects: duplicate codes and names, the region of codes.

Message builders are shared with the engine, which keeps these up to date incrementally;
``check_cross_simple`` is the plain definition over the whole document.
"""

from __future__ import annotations

from collections import Counter

from perftui.checks.rules.codes import code_parts

SHOWN = 3  # how many of the other projects a message names


def _others(group: list, me) -> tuple[list, int]:
    """Up to SHOWN members of a sorted group other than ``me``, and how many others there are."""
    shown = []
    for p in group:
        if p is not me:
            shown.append(p)
            if len(shown) == SHOWN:
                break
    return shown, len(group) - 1


def _more(total: int) -> str:
    return f"等 {total} 个" if total > SHOWN else ""


def sort_by_name(projects: list) -> list:
    return sorted(projects, key=lambda p: (p.name, p.code))


def sort_by_code(projects: list) -> list:
    return sorted(projects, key=lambda p: (p.code, p.name))


def dup_code_message(code: str, group: list, me) -> str:
    """``group``: every project with this code, sorted by sort_by_name."""
    shown, total = _others(group, me)
    names = "、".join(f"「{p.name.strip() or '未命名项目'}」" for p in shown)
    return f"项目编码「{code}」与项目{names}{_more(total)}重复；每个项目的编码应唯一，请核对是否抄错。"


def dup_name_message(name: str, group: list, me) -> str:
    """``group``: every project with this name, sorted by sort_by_code."""
    shown, total = _others(group, me)
    codes = "、".join(f"「{p.code.strip() or '未填编码'}」" for p in shown)
    return (f"与编码为{codes}{_more(total)}的项目同名「{name}」；若是不同资金来源或批次，请在名称中注明"
            "（如“（省级资金）”），便于审核和公开时区分。")


def name_group_key(p) -> str:
    return p.name.strip()


def region_message(region: str, reference: str) -> str:
    return (f"项目编码的区划代码「{region}」与本文档多数项目的「{reference}」不一致；"
            "请核对编码是否抄错或属于其他地区的项目。")


def reference_region(counts: Counter) -> str | None:
    """The region most codes share; None when there is no single most common one."""
    if not counts:
        return None
    top = max(counts.values())
    leaders = [r for r, n in counts.items() if n == top]
    return leaders[0] if len(leaders) == 1 else None


def code_key(p) -> str:
    return p.code.strip()


def region_of(p) -> str | None:
    parts = code_parts(p.code)
    return parts[0] if parts else None


def check_cross_simple(ctx, doc) -> list:
    off = ctx.settings.is_off
    out = []
    by_code: dict[str, list[int]] = {}
    by_name: dict[str, list[int]] = {}
    regions: Counter = Counter()
    for i, p in enumerate(doc.projects):
        if code_key(p):
            by_code.setdefault(code_key(p), []).append(i)
        if name_group_key(p):
            by_name.setdefault(name_group_key(p), []).append(i)
        r = region_of(p)
        if r:
            regions[r] += 1
    projects = doc.projects
    if not off("CODE-005"):
        for code, idx in by_code.items():
            if len(idx) > 1:
                group = sort_by_name([projects[j] for j in idx])
                for i in idx:
                    out.append(ctx.project_finding("CODE-005", projects[i], i, dup_code_message(code, group, projects[i]),
                                                   field="code"))
    if not off("NAME-002"):
        for name, idx in by_name.items():
            if len(idx) > 1:
                group = sort_by_code([projects[j] for j in idx])
                for i in idx:
                    out.append(ctx.project_finding("NAME-002", projects[i], i, dup_name_message(name, group, projects[i]),
                                                   field="name"))
    ref = reference_region(regions)
    if ref and not off("CODE-004"):
        for i, p in enumerate(projects):
            r = region_of(p)
            if r and r != ref:
                out.append(ctx.project_finding("CODE-004", p, i, region_message(r, ref), field="code"))
    return out
