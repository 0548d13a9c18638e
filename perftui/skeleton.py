"""The rows an indicator framework prints: a blank row (一级, 二级) for each 二级 a table lacks.

Official templates print every 一级 and 二级 of their framework, and a clerk fills in the
三级 and the 指标值 beside them. A row with nothing but its two levels is part of the form:
no check reports it (checks.context.is_placeholder), and one left unfilled prints as the
template would. Levels are matched as the checks match them (``成本指标(0-20)分`` is 成本指标,
``数量指标(或建筑规模指标)`` is 数量指标).
"""

from __future__ import annotations

from collections.abc import Sequence

from perftui.frameworks import Framework, canonical_level1, canonical_level2
from perftui.model import Indicator


def framework_rows(framework: Framework, rows: Sequence[Indicator]) -> list[Indicator]:
    """``rows`` with a blank row added for each 二级 of ``framework`` that no row has.

    The rows given stay, in their order, as the same objects. A missing 二级 goes after the
    last row of its 一级, written as that row writes it; a 一级 with no row at all gets its
    block where the framework puts it (after the rows of the 一级 before it)."""
    out = list(rows)
    order = framework.level1_names
    for k, level1 in enumerate(order):
        mine = [i for i, r in enumerate(out) if canonical_level1(r.level1) == level1]
        have = {canonical_level2(out[i].level2) for i in mine}
        missing = [level2 for level2 in framework.level2_names(level1) if level2 not in have]
        if not missing:
            continue
        if mine:
            at, written = mine[-1] + 1, out[mine[-1]].level1
        else:
            before = [i for i, r in enumerate(out) if canonical_level1(r.level1) in order[:k]]
            after = [i for i, r in enumerate(out) if canonical_level1(r.level1) in order[k + 1:]]
            at = before[-1] + 1 if before else (after[0] if after else len(out))
            written = level1
        out[at:at] = [Indicator(level1=written, level2=level2) for level2 in missing]
    return out
