"""Indicator structure against the document's framework (88号 / 101号, domain.md §3)."""

from __future__ import annotations

from perftui.checks.catalog import rule
from perftui.checks.context import PLACEHOLDER_CELLS, is_placeholder
from perftui.checks.finding import Scope, Severity
from perftui.checks.text import is_level2_name
from perftui.frameworks import canonical_level1, canonical_level2

E, W, H = Severity.ERROR, Severity.WARNING, Severity.HINT


def _short(name: str) -> str:
    return name[:-2] if name.endswith("指标") else name


def _combined(level2: str, allowed: tuple[str, ...]) -> bool:
    """A 二级 printed as several joined by 、 (``社会、经济、生态效益 指标``), each allowed."""
    text = "".join(level2.split())
    if "、" not in text:
        return False
    text = text.removesuffix("指标")
    parts = text.split("、")
    tail = ""
    for suffix in ("效益", "成本", "指标"):
        if parts[-1].endswith(suffix):
            tail = suffix
    stems = {_short(a) for a in allowed}
    return all(((p if p.endswith(tail) else p + tail) in stems) for p in parts)


# Whether a row is more than a template row (一级 and 二级 only) depends on all its text cells.
_ROWS = ("indicators", *(f"indicators.{k}" for k in PLACEHOLDER_CELLS))


def _own(ind) -> bool:
    """A row with something of its own (a template row, 一级 and 二级 only, has not); the 三级
    first, which nearly every row has."""
    return bool(ind.name.strip()) or not is_placeholder(ind)


@rule("STRUCT-005", E, Scope.PROJECT, "project", "项目应有绩效指标（只有一级、二级的空行不算）",
      reads=_ROWS, about=("indicators",), bad="绩效目标表没有指标行，或只有照表样列出的一级、二级空行",
      good="至少有产出、效益、满意度指标各一行")
def no_indicators(ctx, p, pi):
    if not p.indicators:
        return [ctx.project_finding("STRUCT-005", p, pi, "没有任何绩效指标；请按指标体系填写产出、效益、满意度等指标。",
                                  field="indicators")]
    if not any(map(_own, p.indicators)):
        return [ctx.project_finding("STRUCT-005", p, pi, "绩效指标只有一级、二级指标的空行，没有一个三级指标；"
                                  "请在各行填写三级指标和指标值。", field="indicators")]


def _present(fw, base, layout: tuple[tuple[str, str], ...]) -> frozenset[str]:
    present = {canonical_level1(level1) for level1, _ in layout}
    # A province that puts 满意度 under 效益 (profile extra_levels) still has the block.
    if fw is not base:  # (the framework itself when the profile adds no 二级)
        present |= {base.level1_of(l2) for l1, l2 in layout if l2.strip() and fw.allows(l1, l2) and not base.allows(l1, l2)}
    return frozenset(present)


@rule("STRUCT-001", E, Scope.PROJECT, "project", "一级指标应齐全（88号：产出、效益、满意度；101号另加成本）",
      reads=(*_ROWS, "indicators.level1", "indicators.level2"), about=("indicators", "indicators.level1"),
      bad="只有产出指标，没有效益指标和满意度指标；或效益指标只有照表样列出的空行",
      good="产出指标、效益指标、满意度指标各有至少一行填了三级指标")
def missing_blocks(ctx, p, pi):
    out: list = []
    # A block whose rows are all template rows (一级 and 二级 only) is not there yet.
    layout = tuple([(ind.level1, ind.level2) for ind in p.indicators if _own(ind)])
    if not layout:
        return out  # no row of its own: STRUCT-005
    fw = ctx.framework
    present = ctx.blocks.get(layout)
    if present is None:
        if len(ctx.blocks) >= 4096:  # the app's context lives on, edit after edit
            ctx.blocks.clear()
        present = ctx.blocks[layout] = _present(fw, ctx.base_framework, layout)
    listed: frozenset[str] | None = None  # the blocks the template rows name too (only when one is missing)
    for name in fw.level1_names:
        if name not in present:
            if listed is None:
                listed = _present(fw, ctx.base_framework, tuple([(i.level1, i.level2) for i in p.indicators]))
            required = "、".join(_short(n) for n in fw.level1_names)
            if name in listed:
                message = (f"一级指标「{name}」只有一级、二级指标的空行，没有一个三级指标（{fw.key} 体系要求 {required} 都有）；"
                           f"请在这些行填写三级指标和指标值。")
            else:
                examples = "、".join(fw.levels[name][:2])
                message = f"缺少一级指标「{name}」（{fw.key} 体系要求 {required} 都有）；请补充{name}，如 {examples}。"
            out.append(ctx.project_finding("STRUCT-001", p, pi, message, field="indicators"))
    return out


@rule("STRUCT-003", W, Scope.FIELD, "indicator", "一级指标名称应属于文档的指标体系",
      reads=("level1",), bad="88号文档中一级指标写「成本指标」", good="一级指标「产出指标」")
def level1_known(ctx, p, pi, ii, ind):
    raw = ind.level1.strip()
    if not raw:
        return
    fw = ctx.framework
    name = canonical_level1(raw)
    if name in fw.level1_names:
        return
    hint = ""
    under = fw.level1_of(name)
    if under:
        hint = f"在 {fw.key} 体系中「{name}」是「{under}」下的二级指标；"
    return [ctx.row_finding(
        "STRUCT-003", p, pi, ii, ind,
        f"一级指标「{raw}」不属于 {fw.key} 体系（{'、'.join(fw.level1_names)}）；{hint}请改正一级指标，或核对文档的指标体系。",
        field="level1")]


@rule("STRUCT-002", W, Scope.FIELD, "indicator", "二级指标应在其一级指标之下（接受常见同义写法）",
      reads=("level1", "level2"), bad="效益指标下写「质量指标」", good="产出指标下写「质量指标」")
def level2_allowed(ctx, p, pi, ii, ind):
    raw1, raw2 = ind.level1.strip(), ind.level2.strip()
    fw = ctx.framework
    l1 = canonical_level1(raw1)
    if not raw2 or l1 not in fw.level1_names or fw.allows(l1, raw2):
        return
    if _combined(raw2, fw.level2_names(l1)):  # 「社会、经济、生态效益指标」 as one printed 二级
        return
    owner = fw.level1_of(raw2)
    if owner:
        fix = f"「{canonical_level2(raw2)}」应放在「{owner}」下"
    elif canonical_level2(raw2) in fw.level1_names:
        fix = f"在 {fw.key} 体系中「{canonical_level2(raw2)}」是一级指标"
    else:
        fix = f"「{l1}」下可用：{'、'.join(fw.level2_names(l1))}"
    return [ctx.row_finding(
        "STRUCT-002", p, pi, ii, ind,
        f"二级指标「{raw2}」不在一级指标「{raw1}」之下（{fw.key} 体系）；{fix}，请调整。",
        field="level2")]


@rule("STRUCT-004", W, Scope.FIELD, "indicator", "三级指标不能只写二级指标的名称",
      reads=("name",), bad="三级指标「社会效益显著」", good="三级指标「受益群众人数」")
def level2_as_name(ctx, p, pi, ii, ind):
    if is_level2_name(ind.name):
        return [ctx.row_finding(
            "STRUCT-004", p, pi, ii, ind,
            f"三级指标「{ind.name.strip()}」只是二级指标的名称，没有说明具体衡量什么；请写具体指标，如受益人数、覆盖率。",
            field="name")]
