"""补齐框架: a blank row (一级, 二级) for each 二级 of the framework a table lacks."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from perftui import store
from perftui.checks import check_document
from perftui.checks.context import is_placeholder
from perftui.frameworks import FRAMEWORK_88, FRAMEWORK_101, FRAMEWORKS, canonical_level1, canonical_level2
from perftui.model import Indicator
from perftui.skeleton import framework_rows

REPO = Path(__file__).resolve().parents[1]


def _levels(rows):
    return [(r.level1, r.level2) for r in rows]


def test_the_samples_project_gets_the_two_effect_rows_it_lacks():
    doc = store.load(REPO / "data" / "439001-2023.toml").doc
    rows = doc.projects[0].indicators
    out = framework_rows(FRAMEWORK_88, rows)
    added = [r for r in out if not any(r is x for x in rows)]
    assert _levels(added) == [("效益指标", "生态效益指标"), ("效益指标", "可持续影响指标")]
    # after the last 效益 row, before 满意度; the rows given kept as they were, in order
    assert [r for r in out if any(r is x for x in rows)] == rows
    at = out.index(added[0])
    assert out[at - 1].level2 == "社会效益指标" and out[at + 2].level1 == "满意度指标"
    # the sample's findings do not change: a template row is part of the form
    before = check_document(doc)
    doc.projects[0].indicators = out
    assert [f.rule for f in check_document(doc)] == [f.rule for f in before]


def test_a_cut_off_101_table_gets_its_missing_blocks_in_order():
    """The 奉节 copy stops after one 产出 row: its 产出 block gets 数量、质量、时效 (written as the
    form writes the 一级: 产出指标\\n(40-50)分), then 效益 and 满意度 blocks follow."""
    doc = store.load(REPO / "tests" / "data" / "forms" / "101-fengjie-2023.toml").doc
    rows = doc.projects[0].indicators
    out = framework_rows(FRAMEWORK_101, rows)
    assert out[:4] == rows
    assert _levels(out[4:]) == [
        ("产出指标\n(40-50)分", "数量指标"), ("产出指标\n(40-50)分", "质量指标"), ("产出指标\n(40-50)分", "时效指标"),
        ("效益指标", "经济效益指标"), ("效益指标", "社会效益指标"), ("效益指标", "生态效益指标"),
        ("效益指标", "可持续影响指标"), ("满意度指标", "服务对象满意度指标"),
    ]
    assert all(is_placeholder(r) for r in out[4:])
    assert framework_rows(FRAMEWORK_101, out) == out  # nothing more to add


def test_an_empty_table_gets_the_whole_framework():
    out = framework_rows(FRAMEWORK_88, [])
    assert _levels(out) == [(l1, l2) for l1, l2s in FRAMEWORK_88.levels.items() for l2 in l2s]


_NAMES = sorted({n for fw in FRAMEWORKS.values() for l1, l2s in fw.levels.items() for n in (l1, *l2s)}
                | {"成本指标(0-20)分", "产出", "效益", "数量指标(或建筑规模指标)", "其他", ""})
_row = st.builds(lambda l1, l2, name: Indicator(level1=l1, level2=l2, name=name),
                 st.sampled_from(_NAMES), st.sampled_from(_NAMES), st.sampled_from(["", "受益人数", " "]))


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(sorted(FRAMEWORKS)), st.lists(_row, max_size=12))
def test_rows_are_kept_every_level_is_there_after_and_twice_adds_nothing(key, rows):
    fw = FRAMEWORKS[key]
    out = framework_rows(fw, rows)
    kept = [r for r in out if any(r is x for x in rows)]
    assert len(kept) == len(rows) and all(a is b for a, b in zip(kept, rows, strict=True))
    added = [r for r in out if not any(r is x for x in rows)]
    assert all(is_placeholder(r) for r in added)
    have = {(canonical_level1(r.level1), canonical_level2(r.level2)) for r in out}
    assert all((l1, l2) in have for l1, l2s in fw.levels.items() for l2 in l2s)
    again = framework_rows(fw, out)
    assert len(again) == len(out) and all(a is b for a, b in zip(again, out, strict=True))
