"""LiveChecker: always equal to check_document after edits, and re-checks only what an edit affects."""

from __future__ import annotations

import copy
import random
from collections import Counter
from dataclasses import replace
from decimal import Decimal as D

import pytest
from checkskit import clean_doc, no_user_config, project  # noqa: F401
from hypothesis import given, settings
from hypothesis import strategies as st

from perftui.checks import LiveChecker, Severity, catalog, check_document
from perftui.model import Indicator

SEED_LIKE_ROWS = [
    Indicator("产出指标", "质量指标", "满意率", "居民满意率", "≥90%", "居民满意率"),
    Indicator("产出指标", "成本指标", "资金成本", "资金成本", "115万元", "资金使用情况"),
    Indicator("效益指标", "社会效益指标", "社会稳定水平", "社会稳定水平", "社会水平稳定", "社会稳定水平"),
    Indicator("满意度指标", "服务对象满意度指标", "群众满意度", "群众满意度", "≥80%", "群众满意度"),
]

VALUES = ["≥90%", "≥200%", "逐步提高", "较好", "115万元", "≥80%", "", "需使用资金30720元", "≥1年", "2022年12月前",
          "≤2天", "≥90合法访数量占总访数的百分比", "免费办理", "≥25个", "100%"]
NAMES = ["维稳经费", "人民调解经费", "城镇社区工作经费", "社区工作者工资保险", "招聘社区工作者工资保险", "人民武装、共青团经费、人大经费", ""]
CODES = ["13022923P00JXC4150646", "13022923P00JXC4150647", "13022823P00JXC4150648", "13022922P00JXC4150649", "BAD", ""]
ITEMS = [
    "维稳经费10万元，主要目标为维护社会稳定。资金累计支出进度3月底、6月底、10月底、12月底分别达到30%、60%、90%、100%。",
    "社区工作者工资保险895.5万元，主要目标为保证社区工作者积极性。",
    "人民武装经费、共青团经费、人大代表之家联络站经费共5万元，主要目标为开展工作。",
    "维稳经费、人民调解经费共15万元。",
    "网格化管理经费8万元。",
    "加强管理，做好服务。",
]


def mixed_doc(n: int = 8):
    doc = clean_doc()
    doc.projects = []
    for i in range(n):
        rows = copy.deepcopy(SEED_LIKE_ROWS if i % 2 else project().indicators)
        # the first projects carry names Part 1 items refer to; later ones have names of their own
        name = NAMES[i] if i < len(NAMES) - 1 else f"专项业务经费{i:04d}"
        p = project(f"13022923P00JXC41{i:05d}", name, str(10000 * (i + 1)), rows=rows)
        doc.projects.append(p)
    doc.overall.targets.items = list(ITEMS[:4])
    return doc


def assert_same(live: LiveChecker, doc):
    expected = check_document(doc)
    assert live.findings() == expected
    counts = Counter(f.severity for f in expected)
    assert live.counts() == {s: counts.get(s, 0) for s in Severity}


def random_edit(rng: random.Random, doc, live: LiveChecker) -> str:
    kind = rng.choice(["row", "row", "row", "field", "name", "code", "budget", "plan", "insert", "remove", "move",
                       "rows", "item", "year", "goals"])
    n = len(doc.projects)
    if kind in ("insert",) or n == 0:
        i = rng.randrange(n + 1)
        src = copy.deepcopy(doc.projects[rng.randrange(n)]) if n else project()
        src.name = rng.choice(NAMES)
        src.code = rng.choice(CODES)
        doc.projects.insert(i, src)
        live.project_inserted(i)
        return "insert"
    i = rng.randrange(n)
    p = doc.projects[i]
    if kind == "row" and p.indicators:
        ii = rng.randrange(len(p.indicators))
        field = rng.choice(["value", "name", "level1", "level2", "basis", "description"])
        choices = {"value": VALUES, "name": ["满意率", "完成率", "社会效益显著", "资金成本", "征兵入伍率", "群众满意度", ""],
                   "level1": ["产出指标", "效益指标", "满意度指标", "成本指标", ""],
                   "level2": ["数量指标", "质量指标", "时效指标", "成本指标", "社会效益指标", "服务对象满意度指标", ""],
                   "basis": ["计划标准", "群众满意度", "", "满意率"], "description": ["群众满意度", "", "满意率"]}[field]
        setattr(p.indicators[ii], field, rng.choice(choices))
        live.recheck_field(i, ii, field)
    elif kind == "name":
        p.name = rng.choice(NAMES)
        live.recheck_field(i, None, "name")
    elif kind == "code":
        p.code = rng.choice(CODES + [q.code for q in doc.projects])
        live.recheck_field(i, None, "code")
    elif kind == "budget":
        p.budget = rng.choice([D("100000.00"), D("50000.00"), D("8955000.00"), None, D("150000.00")])
        live.recheck_field(i, None, "budget")
    elif kind == "field":
        fld = rng.choice(["fiscal", "other", "use"])
        setattr(p, fld, {"fiscal": D("100000.00"), "other": rng.choice([None, D("1.00")]),
                         "use": rng.choice(["维稳经费", "", "用于信访接待和值班补助"])}[fld])
        live.recheck_field(i, None, fld)
    elif kind == "plan":
        p.plan = rng.choice([{12: D(100)}, {3: D(30), 6: D(60), 10: D(90), 12: D(100)}, {}, {3: D(50), 6: D(40), 12: D(90)}])
        live.recheck_field(i, None, "plan")
    elif kind == "goals":
        p.goals = rng.choice([[], ["做好管理工作"], ["保证工作顺利开展"], ["2022年底前完成改造任务和验收"]])
        live.recheck_field(i, None, "goals")
    elif kind == "remove":
        del doc.projects[i]
        live.project_removed(i)
    elif kind == "move":
        j = rng.randrange(n)
        doc.projects.insert(j, doc.projects.pop(i))
        live.project_moved(i, j)
    elif kind == "rows":
        if p.indicators and rng.random() < 0.5:
            p.indicators.pop(rng.randrange(len(p.indicators)))
        else:
            p.indicators.insert(0, copy.deepcopy(rng.choice(SEED_LIKE_ROWS)))
        live.recheck_project(i)
    elif kind == "item":
        items = doc.overall.targets.items
        if items and rng.random() < 0.3:
            items.pop(rng.randrange(len(items)))
        else:
            items.insert(rng.randrange(len(items) + 1), rng.choice(ITEMS))
        live.recheck_overall()
    elif kind == "year":
        doc.unit.year = rng.choice([2023, 2022, 0])
        live.recheck_overall()
    return kind


@pytest.mark.parametrize("seed", range(12))
def test_live_equals_full_check_after_random_edits(seed):
    rng = random.Random(seed)
    doc = mixed_doc(rng.randrange(3, 10))
    live = LiveChecker(doc)
    assert_same(live, doc)
    for _ in range(60):
        random_edit(rng, doc, live)
        assert_same(live, doc)


def test_findings_of_one_project_and_row():
    doc = mixed_doc(4)
    live = LiveChecker(doc)
    everything = live.findings()
    assert live.findings(1) == [f for f in everything if f.project_index == 1]
    assert live.findings(1, 0) == [f for f in everything if f.project_index == 1 and f.indicator_index == 0]
    assert all(f.project_index is None for f in live.document_findings())


def test_moved_project_keeps_its_findings_with_new_index():
    doc = mixed_doc(5)
    live = LiveChecker(doc)
    before = [replace(f, project_index=None) for f in live.findings(1)]
    doc.projects.insert(4, doc.projects.pop(1))
    live.project_moved(1, 4)
    assert [replace(f, project_index=None) for f in live.findings(4)] == before
    assert all(f.project_index == 4 for f in live.findings(4))
    assert_same(live, doc)


class CountingList(list):
    """doc.projects that records which positions the engine reads."""

    def __init__(self, *a):
        super().__init__(*a)
        self.touched: set[int] = set()

    def __getitem__(self, i):
        if isinstance(i, int):
            self.touched.add(i % len(self))
        return super().__getitem__(i)

    def __iter__(self):
        self.touched.add(-1)  # a full scan
        return super().__iter__()


@pytest.fixture
def rule_calls(monkeypatch):
    """Wrap every rule so that each call records (rule id, project index)."""
    calls: list[tuple[str, int | None]] = []
    wrapped = {}
    for rid, r in catalog.RULES.items():
        if r.check is None:
            wrapped[rid] = r
            continue

        def spy(*args, _fn=r.check, _rid=rid, _kind=r.kind):
            calls.append((_rid, args[2] if _kind in ("project", "indicator") else None))
            return _fn(*args)

        wrapped[rid] = replace(r, check=spy)
    monkeypatch.setattr(catalog, "RULES", wrapped)
    return calls


def _edit_cost(n: int, rule_calls, edit) -> tuple[int, set[int]]:
    doc = mixed_doc(n)
    doc.projects = CountingList(doc.projects)
    live = LiveChecker(doc)
    rule_calls.clear()
    doc.projects.touched.clear()
    edit(doc, live)
    assert_same_without_touching = live.findings()  # reading findings does not re-run rules
    assert assert_same_without_touching is not None
    return len(rule_calls), set(doc.projects.touched)


EDITS = {
    "value": lambda doc, live: (setattr(doc.projects[5].indicators[1], "value", "逐步提高"), live.recheck_field(5, 1, "value")),
    "level1": lambda doc, live: (setattr(doc.projects[5].indicators[1], "level1", "效益指标"), live.recheck_field(5, 1, "level1")),
    "budget": lambda doc, live: (setattr(doc.projects[5], "budget", D("1.00")), live.recheck_field(5, None, "budget")),
    "plan": lambda doc, live: (setattr(doc.projects[5], "plan", {12: D(100)}), live.recheck_field(5, None, "plan")),
    "name": lambda doc, live: (setattr(doc.projects[5], "name", "维稳经费"), live.recheck_field(5, None, "name")),
    "code": lambda doc, live: (setattr(doc.projects[5], "code", doc.projects[2].code), live.recheck_field(5, None, "code")),
}


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_edit_reruns_only_rules_of_the_edited_project(edit, rule_calls):
    doc = mixed_doc(12)
    live = LiveChecker(doc)
    rule_calls.clear()
    EDITS[edit](doc, live)
    assert rule_calls, "the edit re-ran nothing"
    assert {pi for _, pi in rule_calls if pi is not None} == {5}
    assert all(pi is not None for _, pi in rule_calls), "no document-wide rule runs after a project edit"
    assert_same(live, doc)


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_edit_cost_does_not_grow_with_the_document(edit, rule_calls):
    small_calls, small_touched = _edit_cost(10, rule_calls, EDITS[edit])
    big_calls, big_touched = _edit_cost(300, rule_calls, EDITS[edit])
    assert small_calls == big_calls
    # the engine reads the edited project and the few projects sharing its code/name/Part 1 item
    assert -1 not in big_touched
    assert len(big_touched) <= len(small_touched) + 2 and len(big_touched) < 12


def test_value_edit_runs_only_row_rules_and_block_rules():
    doc = mixed_doc(6)
    live = LiveChecker(doc)
    calls = []
    orig = catalog.RULES
    try:
        catalog.RULES = {rid: (replace(r, check=(lambda *a, _f=r.check, _id=rid: (calls.append(_id), _f(*a))[1]))
                               if r.check else r) for rid, r in orig.items()}
        doc.projects[3].indicators[0].value = "逐步提高"
        live.recheck_field(3, 0, "value")
    finally:
        catalog.RULES = orig
    kinds = {orig[c].kind for c in calls}
    assert "indicator" in kinds and kinds <= {"indicator", "project"}
    # Of the project's rules, only those reading the row's value run (whether a block has a
    # row of its own, beyond the template's 一级/二级, depends on it).
    assert all("indicators.value" in orig[c].reads for c in calls if orig[c].kind == "project"), calls
    budget_calls = []
    try:
        catalog.RULES = {rid: (replace(r, check=(lambda *a, _f=r.check, _id=rid: (budget_calls.append(_id), _f(*a))[1]))
                               if r.check else r) for rid, r in orig.items()}
        doc.projects[3].budget = D("5.00")
        live.recheck_field(3, None, "budget")
    finally:
        catalog.RULES = orig
    assert budget_calls and all("budget" in orig[c].reads for c in budget_calls)
    assert_same(live, doc)


def test_year_change_rechecks_everything():
    doc = mixed_doc(4)
    live = LiveChecker(doc)
    doc.unit.year = 2022
    live.recheck_overall()
    assert any(f.rule == "CODE-003" for f in live.findings())
    assert_same(live, doc)


def test_unsynced_project_list_is_rebuilt_not_crashed():
    doc = mixed_doc(4)
    live = LiveChecker(doc)
    doc.projects.append(project("13022923P00JXC4150699", "人民调解经费"))
    live.recheck_field(0, 0, "value")  # the app forgot project_inserted
    assert_same(live, doc)


def test_fast_check_equals_the_plain_definition_on_the_sample():
    from perftui import store
    from perftui.checks import check_fast
    from perftui.resources import sample_path

    doc = store.load(sample_path()).doc
    assert check_fast(doc) == check_document(doc)


# --- row guards (``when``): the engine skips a rule where its guard says no ---------------------

LEVEL1 = ["产出指标", "效益指标", "满意度指标", "成本指标", "", "产出"]
LEVEL2 = ["成本指标", "经济成本指标", "社会成本指标", "时效指标", "时效", "数量指标", "质量指标", "服务对象满意度指标", ""]


def _guarded_rules():
    import perftui.checks  # noqa: F401 - the rules register on import

    return [r for r in catalog.RULES.values() if r.when is not None]


def test_some_rules_have_guards():
    assert {"COST-001", "COST-002", "COST-003", "TIME-001", "TIME-002", "TIME-003"} <= {r.id for r in _guarded_rules()}


@settings(max_examples=300, deadline=None)
@given(l1=st.sampled_from(LEVEL1), l2=st.sampled_from(LEVEL2), name=st.sampled_from(NAMES + ["完成时间", "资金成本"]),
       value=st.sampled_from(VALUES) | st.text(max_size=12), unit=st.sampled_from(["", "%", "元", "万元", "天"]),
       budget=st.sampled_from([None, D("30720.00"), D("770000.00"), D(0)]))
def test_a_guard_that_says_no_means_the_rule_finds_nothing(l1, l2, name, value, unit, budget):
    from perftui.checks import settings_for
    from perftui.checks.context import Context

    doc = clean_doc()
    p = project(name=name or "项目")
    p.budget = budget
    ind = Indicator(l1, l2, name, name, value, "依据", unit=unit)
    p.indicators = [ind]
    doc.projects = [p]
    ctx = Context(doc, settings_for(doc), None)
    for r in _guarded_rules():
        if not r.when(ind):
            assert not r.check(ctx, p, 0, 0, ind), r.id


def test_rules_are_plain_calls_that_return_their_findings():
    """The engine reads a rule's result as a list (None: nothing found); a rule written as a
    generator would hand it a generator object, which is never empty."""
    import inspect

    rules = [r for r in catalog.RULES.values() if r.check is not None]
    assert len(rules) >= 60
    for r in rules:
        assert not inspect.isgeneratorfunction(r.check), r.id


# --- what a row rule reads (``reads``): the engine remembers some rules' findings per the cells
# they read, so a rule must find the same on any row that has those cells alike ----------------

_ROW_TEXTS = ["", "产出指标", "满意度指标", "数量指标", "时效指标", "服务对象满意度", "社会效益显著", "资金拨付及时率",
              "≥90%", "100", "2022年12月底前", "逐步提高", "计划标准", "本单位共有社区工作者112人", "%", "元", "定量"]
_CELLS = ("level1", "level2", "name", "description", "value", "basis", "unit", "value_type", "direction", "note")


def _read_cells(r) -> set[str]:
    cells = set(r.reads)
    if "value" in cells:
        cells.add("unit")  # value_text: the value with a separately printed unit
    return cells


@settings(max_examples=600, deadline=None)
@given(cells=st.fixed_dictionaries({c: st.sampled_from(_ROW_TEXTS) | st.text(max_size=8) for c in _CELLS}),
       other=st.sampled_from(_CELLS), changed=st.sampled_from(_ROW_TEXTS) | st.text(max_size=8), same=st.booleans())
def test_a_row_rule_finds_the_same_whatever_the_cells_it_does_not_read(cells, other, changed, same):
    from perftui.checks import settings_for
    from perftui.checks.context import Context
    from perftui.checks.engine import _bodies_of, _row_only

    if same:  # one sentence in 三级, 描述, 指标值 and 依据 (IND-001), which other rules leave to it
        cells.update(dict.fromkeys(("description", "value", "basis"), cells["name"]))
    doc = clean_doc()
    p = project(name="项目")
    a = Indicator(**cells)
    b = replace(a, **{other: changed})
    p.indicators = [a]
    doc.projects = [p]
    ctx = _bodies_of(Context(doc, settings_for(doc), None))  # findings without their row's place
    for r in catalog.RULES.values():
        if r.kind == "indicator" and r.check is not None and _row_only(r) and other not in _read_cells(r):
            assert (r.check(ctx, p, 0, 0, a) or []) == (r.check(ctx, p, 0, 0, b) or []), (r.id, other)
