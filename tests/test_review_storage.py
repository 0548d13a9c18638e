"""The [review] table: read with problems like the rest, written back exactly, replaced whole."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from perftui import store
from perftui.errors import DataError
from perftui.model import Indicator
from perftui.review.model import Opinion, ProjectStatus, Review, Target, locate, target_of
from perftui.review.storage import OPINION_KEYS, PROJECT_KEYS, replace_in_text, review_toml
from perftui.tui.state import DocState

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "439001-2023.toml"
CODE = "13022923P00JXC415060P"


@pytest.fixture
def copy_path(tmp_path: Path) -> Path:
    target = tmp_path / SAMPLE.name
    shutil.copy2(SAMPLE, target)
    return target


def reviewed(doc):
    doc = copy.deepcopy(doc)
    doc.review = Review(
        status="退回", by="县财政局 李审", at="2024-03-05 14:30",
        projects=[ProjectStatus(CODE, "退回", "李审", "2024-03-05 14:30")],
        opinions=[Opinion(Target(CODE, "城市社区综合服务设施数量", 1, "value"), "指标值偏低，请按上年实际调整",
                          "李审", "2024-03-05")],
    )  # fmt: skip
    return doc


def test_save_adds_only_the_review_table(copy_path: Path):
    before = copy_path.read_text(encoding="utf-8")
    loaded = store.load(copy_path)
    saved = store.save(loaded, reviewed(loaded.doc))
    after = copy_path.read_text(encoding="utf-8")
    assert saved.notice == ""
    assert after.startswith(before)  # every byte of the content kept
    assert "[review]" in after[len(before):] and "[[review.opinions]]" in after
    again = store.load(copy_path).doc
    assert again.review == reviewed(loaded.doc).review
    assert again.projects == loaded.doc.projects


def test_changed_review_replaces_only_its_part(copy_path: Path):
    loaded = store.load(copy_path)
    loaded = store.save(loaded, reviewed(loaded.doc))
    text = loaded.text
    doc = copy.deepcopy(loaded.doc)
    doc.review.opinions[0].status = "已改"
    doc.review.status = "送审"
    after = store.save(loaded, doc).text
    changed = [(a, b) for a, b in zip(text.splitlines(), after.splitlines(), strict=True) if a != b]
    assert changed == [('status = "退回"', 'status = "送审"'), ('status = "待改"', 'status = "已改"')]


def test_clearing_the_review_gives_the_original_file_back(copy_path: Path):
    before = copy_path.read_text(encoding="utf-8")
    loaded = store.load(copy_path)
    loaded = store.save(loaded, reviewed(loaded.doc))
    doc = copy.deepcopy(loaded.doc)
    doc.review = Review()
    store.save(loaded, doc)
    assert copy_path.read_text(encoding="utf-8") == before


def test_review_table_before_checks_is_replaced_in_place():
    text = (
        'format = 1\nframework = "88号"\n\n[unit]\nname = "单位"\nyear = 2023\n\n'
        '[review]\nstatus = "送审"\n\n[[review.opinions]]\ntarget = {}\nopinion = "一"\n\n'
        '# 审核设置\n[checks]\nsatisfaction = 80\n'
    )
    doc = store.parse(text)
    doc.review.status = "通过"
    new = replace_in_text(text, doc.review)
    assert new.endswith('opinion = "一"\nstatus = "待改"\n\n# 审核设置\n[checks]\nsatisfaction = 80\n')
    assert store.parse(new).review.status == "通过"
    assert store.parse(new).checks == {"satisfaction": 80}


def test_review_written_as_a_top_level_key_falls_back_to_a_full_rewrite(tmp_path: Path):
    path = tmp_path / "x.toml"
    path.write_text('format = 1\nframework = "88号"\nreview = { status = "送审" }\n\n[unit]\nname = "单位"\nyear = 2023\n',
                    encoding="utf-8")
    loaded = store.load(path)
    doc = copy.deepcopy(loaded.doc)
    doc.review.status = "通过"
    saved = store.save(loaded, doc)
    assert store.load(path).doc.review.status == "通过"
    assert saved.notice  # said that the file was rewritten in the standard layout


def test_problems_in_the_review_table_name_their_key_path():
    text = (
        'format = 1\nframework = "88号"\n\n[unit]\nname = "单位"\nyear = 2023\n\n'
        '[review]\nstatus = "审核中"\nweight = 3\n\n'
        '[[review.opinions]]\ntarget = { project = "A", colour = "red", n = 0 }\nstatus = "done"\n'
    )
    with pytest.raises(DataError) as exc:
        store.parse(text)
    got = {(p.keypath, p.line) for p in exc.value.problems}
    assert ("review.status", 9) in got
    assert ("review.weight", 10) in got
    assert ("review.opinions[1].target.colour", 13) in got
    assert ("review.opinions[1].target.n", 13) in got
    assert ("review.opinions[1].opinion", 12) in got  # missing: points at its table
    assert ("review.opinions[1].status", 14) in got
    messages = " ".join(p.message for p in exc.value.problems)
    assert "草稿、送审、退回、通过" in messages and "待改、已改、不改" in messages


def test_hand_written_toml_dates_read_as_text():
    text = ('format = 1\nframework = "88号"\n\n[unit]\nname = "单位"\nyear = 2023\n\n'
            '[review]\nat = 2024-03-05T14:30:00\n\n[[review.opinions]]\nopinion = "x"\ndate = 2024-03-05\n')
    review = store.parse(text).review
    assert review.at == "2024-03-05 14:30" and review.opinions[0].date == "2024-03-05"


# --- opinions survive edits, saves, undo and the deletion of their row -------------------


def test_opinion_survives_edit_save_undo_and_deletion_of_its_row(copy_path: Path):
    loaded = store.load(copy_path)
    state = DocState(doc=loaded.doc, loaded=loaded)
    path = ("projects", 0, "indicators", 1, "value")
    target = target_of(state.doc, path)
    assert target == Target(CODE, "满意率", 1, "value")
    state.insert(("review", "opinions"), 0, Opinion(target, "满意率应为 ≥95%", "李审", "2024-03-05"))
    state.set(("projects", 0, "indicators", 0, "value"), "≥26个")
    state.mark_saved(store.save(state.loaded, state.doc))
    assert locate(state.doc, target) == path
    state.undo()  # the value edit
    assert state.doc.review.opinions[0].opinion == "满意率应为 ≥95%"
    # A row inserted above: the opinion follows its row.
    state.insert(("projects", 0, "indicators"), 0, Indicator("产出指标", "数量指标", "新行"))
    assert locate(state.doc, target) == ("projects", 0, "indicators", 2, "value")
    state.remove(("projects", 0, "indicators"), 2)  # its row deleted
    assert locate(state.doc, target) is None  # orphaned ...
    state.mark_saved(store.save(state.loaded, state.doc))
    again = store.load(copy_path).doc
    assert again.review.opinions == state.doc.review.opinions  # ... and kept
    assert locate(again, again.review.opinions[0].target) is None
    state.undo()  # the deletion undone: the opinion has its place again
    assert locate(state.doc, target) == ("projects", 0, "indicators", 2, "value")


def test_status_changes_are_saved(copy_path: Path):
    loaded = store.load(copy_path)
    state = DocState(doc=loaded.doc, loaded=loaded)
    state.set(("review", "status"), "送审")
    state.insert(("review", "projects"), 0, ProjectStatus(CODE, "退回", "李审", "2024-03-05 10:00"))
    state.mark_saved(store.save(state.loaded, state.doc))
    state.set(("review", "status"), "通过")
    state.set(("review", "projects", 0, "status"), "通过")
    store.save(state.loaded, state.doc)
    review = store.load(copy_path).doc.review
    assert review.status == "通过" and review.projects[0].status == "通过"


def test_targets_name_places_by_identity(copy_path: Path):
    doc = store.load(copy_path).doc
    # Projects 2 and 3 have rows with equal names: each row's occurrence is counted in its project.
    t = target_of(doc, ("projects", 2, "indicators", 3, "value"))
    assert t.project == doc.projects[2].code and t.n == 1
    assert locate(doc, t) == ("projects", 2, "indicators", 3, "value")
    assert target_of(doc, ("unit", "name")) == Target(field="unit.name")
    assert locate(doc, Target(field="unit.name")) == ("unit", "name")
    assert locate(doc, Target(field="unit.nothing")) is None
    assert target_of(doc, ()) == Target() and locate(doc, Target()) == ()
    no_code = copy.deepcopy(doc)
    no_code.projects[0].code = ""
    assert target_of(no_code, ("projects", 0)).project == "城镇社区工作经费"


# --- never a wrong value kept: any review round-trips --------------------------------------

_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=30)
_targets = st.builds(Target, project=_text, indicator=_text, n=st.integers(1, 5),
                     field=st.sampled_from(["", "value", "budget", "overall.goal"])).filter(
    lambda t: t.project or not t.indicator)  # a row is always named inside its project
_opinions = st.builds(Opinion, target=_targets, opinion=_text, author=_text, date=_text,
                      status=st.sampled_from(["待改", "已改", "不改"]), reply=_text)
_statuses = st.sampled_from(["草稿", "送审", "退回", "通过"])
_reviews = st.builds(
    Review, status=_statuses, by=_text, at=_text,
    projects=st.lists(st.builds(ProjectStatus, project=_text, status=_statuses, by=_text, at=_text), max_size=3),
    opinions=st.lists(_opinions, max_size=4),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(review=_reviews)
def test_any_review_round_trips_through_the_file(review: Review):
    base = store.parse(SAMPLE.read_text(encoding="utf-8"))
    text = replace_in_text(SAMPLE.read_text(encoding="utf-8"), review)
    doc = store.parse(text)
    assert doc.review == review
    assert doc.projects == base.projects and doc.overall == base.overall
    # The text of a brand-new file holds it too.
    base.review = review
    assert store.parse(store.dumps(base)).review == review
    assert (review_toml(review) == "") == review.is_empty()


def test_documented_review_example_loads():
    import re

    doc_text = (Path(__file__).resolve().parents[1] / "docs" / "format.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```toml\n(.*?)```", doc_text, re.S)
    review_block = next(b for b in blocks if b.startswith("[review]"))
    doc = store.parse(blocks[0] + "\n" + review_block)
    review = doc.review
    assert (review.status, review.by, review.at) == ("退回", "县财政局 李审", "2024-03-05 14:30")
    assert review.projects == [ProjectStatus(CODE, "退回", "县财政局 李审", "2024-03-05 14:30")]
    first, second, third = review.opinions
    assert first.target == Target(CODE, "城市社区综合服务设施数量", 1, "value")
    assert (first.status, first.reply) == ("待改", "已按上年实际调整")
    assert locate(doc, first.target) == ("projects", 0, "indicators", 0, "value")
    assert second.target == Target(field="overall.goal") and locate(doc, second.target) == ("overall", "goal")
    assert second.status == "待改"
    assert locate(doc, third.target) == ("projects", 1) and third.status == "已改"


# --- never a traceback: whatever a hand-edited [review] table holds --------------------------

_scalars = st.one_of(st.text(max_size=8), st.integers(-3, 3), st.booleans(), st.sampled_from(
    ["待改", "已改", "不改", "草稿", "送审", "退回", "通过", "value", "overall.goal", CODE]))
_values = st.recursive(_scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=3),
    st.dictionaries(st.sampled_from(["project", "indicator", "n", "field", "status", "opinion", "target", "x"]),
                    inner, max_size=4)), max_leaves=12)
_tables = st.dictionaries(st.sampled_from(["status", "by", "at", "projects", "opinions", "weight"]),
                          st.one_of(_values, st.lists(st.dictionaries(
                              st.sampled_from(list({*OPINION_KEYS, *PROJECT_KEYS, "colour"})), _values, max_size=5),
                              max_size=3)), max_size=5)


@settings(max_examples=150, deadline=None)
@given(table=_tables)
def test_any_review_table_gives_problems_or_a_review_that_round_trips(table):
    from perftui.review.storage import build

    issues: list[tuple[str, str]] = []
    review = build(table, issues)  # never raises
    assert all(path.startswith("review") and message for path, message in issues)
    if not issues:
        doc = store.parse(replace_in_text(SAMPLE.read_text(encoding="utf-8"), review))
        assert doc.review == review
