"""Property: diff(a, a) is empty, and diff(a, mutate(a)) reports every mutation — and nothing else."""

from __future__ import annotations

import copy
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from perftui import store
from perftui.diff import ADDED, CHANGED, MOVED, REMOVED, diff
from perftui.model import Indicator

SAMPLE = store.load(Path(__file__).resolve().parents[1] / "data" / "439001-2023.toml").doc

_text = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=12)
_amounts = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False)

# One mutation per chosen project, so that their reports cannot mask each other.
MUTATIONS = ("value", "budget", "add_row", "remove_row", "move_row", "rename", "delete", "goal", "plan")


@st.composite
def mutated(draw):
    doc = copy.deepcopy(SAMPLE)
    chosen = draw(st.lists(st.sampled_from(range(len(doc.projects))), min_size=1, max_size=4, unique=True))
    expected: list[tuple[str, str]] = []  # (kind, key path) each mutation must be reported as
    deleted: list[int] = []
    for i in chosen:
        p = doc.projects[i]
        what = draw(st.sampled_from(MUTATIONS))
        where = f"projects[{i + 1}]"
        rows = p.indicators
        if what == "value":
            j = draw(st.sampled_from(range(len(rows))))
            new = draw(_text.filter(lambda t, old=rows[j].value: t != old))
            rows[j].value = new
            expected.append((CHANGED, f"{where}.indicators[{j + 1}].value"))
        elif what == "budget":
            new = draw(_amounts.filter(lambda v, old=p.budget: v != old))
            p.budget = new
            expected.append((CHANGED, f"{where}.budget"))
        elif what == "add_row":
            j = draw(st.integers(0, len(rows)))
            name = draw(_text.filter(lambda t, p=p: all(t != r.name for r in p.indicators)))
            rows.insert(j, Indicator("产出指标", "数量指标", name, "", "≥1个", "计划标准"))
            expected.append((ADDED, f"{where}.indicators[{j + 1}]"))
        elif what == "remove_row":
            # A row whose (一级, 二级, 三级) is unique in its project: its removal is unambiguous.
            keys = [(r.level1, r.level2, r.name) for r in rows]
            unique = [j for j, k in enumerate(keys) if keys.count(k) == 1]
            j = draw(st.sampled_from(unique))
            del rows[j]
            expected.append((REMOVED, f"{where}.indicators[{j + 1}]"))
        elif what == "move_row":
            keys = [(r.level1, r.level2, r.name) for r in rows]
            unique = [j for j, k in enumerate(keys) if keys.count(k) == 1
                      and any(abs(x - j) > 1 for x in range(len(rows)))]
            j = draw(st.sampled_from(unique))
            k = draw(st.sampled_from([x for x in range(len(rows)) if abs(x - j) > 1]))
            rows.insert(k, rows.pop(j))
            expected.append((MOVED, ""))  # which row counts as moved is the diff's choice: one move
        elif what == "rename":
            p.name = draw(_text.filter(lambda t, old=p.name: t != old))
            expected.append((CHANGED, f"{where}.name"))
        elif what == "delete":
            deleted.append(i)
            expected.append((REMOVED, where))
        elif what == "goal":
            p.goals.append(draw(_text))
            expected.append((ADDED, f"{where}.goals[{len(p.goals)}]"))
        else:
            month = draw(st.sampled_from([3, 6, 10, 12]))
            p.plan[month] = p.plan.get(month, Decimal(0)) + 1
            expected.append((CHANGED, f"{where}.plan.{month}"))
    for i in sorted(deleted, reverse=True):
        del doc.projects[i]
    return doc, expected, deleted


def _renumbered(path: str, deleted: list[int]) -> str:
    """The new-side path of an old project's place, after the deletions."""
    if not path.startswith("projects["):
        return path
    n = int(path[len("projects["): path.index("]")])
    shift = sum(1 for i in deleted if i + 1 < n)
    return f"projects[{n - shift}]" + path[path.index("]") + 1:]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=mutated())
def test_diff_reports_every_mutation_and_nothing_else(case):
    new, expected, deleted = case
    assert diff(SAMPLE, SAMPLE).equal
    assert diff(new, new).equal
    changes = diff(SAMPLE, new).changes
    got = sorted((c.kind, c.old_path if c.kind == REMOVED else (c.new_path if c.kind != MOVED else ""))
                 for c in changes)
    want = sorted((kind, path if kind == REMOVED else _renumbered(path, deleted)) for kind, path in expected)
    assert got == want, [c.message for c in changes]
    assert all(c.message for c in changes)
