"""A review session in the app: --review, an opinion on an indicator, 退回, save; and 与上一版比较."""

from __future__ import annotations

import copy
import shutil

import tui_support
from textual.widgets import Input
from tui_support import make_app, open_editor, settle

from perftui import store
from perftui.review.model import Target
from perftui.tui.screens.compare import CompareScreen, Comparison
from perftui.tui.screens.department import DepartmentScreen
from perftui.tui.screens.editor import IndicatorTable, ProjectEditorScreen
from perftui.tui.screens.modals import PickModal, PromptModal
from perftui.tui.screens.review import ReviewScreen

isolated = tui_support.isolated
sample_copy = tui_support.sample_copy
CODE = "13022923P00JXC415060P"


async def _type(pilot, text: str) -> None:
    box = pilot.app.screen.query_one(Input)
    box.insert_text_at_cursor(text)
    await pilot.pause()


async def test_review_session_opinion_on_an_indicator_then_return_and_save(sample_copy):
    before = sample_copy.read_text(encoding="utf-8")
    app = make_app(sample_copy, review=True, reviewer="李审")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        # It opens on the opinions and findings.
        assert isinstance(app.screen, ReviewScreen)
        assert app.state.read_only and app.state.review_writable
        assert "[审核]" in app.title
        rows = app.screen.rows
        assert rows[0] == ("status", None) and any(kind == "finding" for kind, _ in rows)
        # Content is read-only: typing into a field changes nothing.
        await pilot.press("escape")
        await pilot.pause()
        editor = await open_editor(pilot, app, 0)
        await pilot.press("down")  # the second indicator row
        await pilot.pause()
        assert isinstance(app.focused, IndicatorTable) and editor.ii == 1
        await pilot.press("f6")  # an opinion on this indicator row
        await pilot.pause()
        assert isinstance(app.screen, PromptModal)
        await _type(pilot, "满意率不是质量指标，请改为合格率")
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, ProjectEditorScreen)
        opinions = app.state.doc.review.opinions
        assert [(o.target, o.opinion, o.author, o.status) for o in opinions] == [
            (Target(CODE, "满意率", 1, ""), "满意率不是质量指标，请改为合格率", "李审", "待改")]
        # A field: the 指标值 of the first row.
        await pilot.press("up")
        value = editor.query_one("#i-value", Input)
        value.focus()
        await pilot.pause()
        await pilot.press("x")  # read-only content: refused, nothing typed
        await pilot.pause()
        assert app.state.doc.projects[0].indicators[0].value == "≥25个"
        await pilot.press("f6")
        await pilot.pause()
        await _type(pilot, "指标值偏低")
        await pilot.press("enter")
        await settle(pilot, app)
        assert app.state.doc.review.opinions[1].target == Target(CODE, "城市社区综合服务设施数量", 1, "value")
        # The document's status: 退回.
        await pilot.press("f5")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert app.screen.rows[0] == ("status", None)
        app.screen.query_one("#review-table").move_cursor(row=0)
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, PickModal)
        for _ in range(2):  # 草稿 → 送审 → 退回
            await pilot.press("down")
        await pilot.press("enter")
        await settle(pilot, app)
        assert app.state.doc.review.status == "退回" and app.state.doc.review.by == "李审"
        assert app.state.dirty and "未保存" in app.title
        # ... and 退回 for the project too, from its row.
        table = app.screen.query_one("#review-table")
        table.move_cursor(row=app.screen.rows.index(("project", 0)))
        await pilot.press("s", "down", "down", "enter")
        await settle(pilot, app)
        assert app.state.doc.review.projects[0].project == CODE
        assert app.state.doc.review.projects[0].status == "退回"
        # The opinion rows are in the list now; x marks one as 已改, ctrl+z takes it back.
        first = app.screen.rows.index(("opinion", 0))
        table.move_cursor(row=first)
        await pilot.press("x")
        await pilot.pause()
        assert app.state.doc.review.opinions[0].status == "已改"
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert app.state.doc.review.opinions[0].status == "待改"
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert not app.state.dirty
    after = sample_copy.read_text(encoding="utf-8")
    assert after.startswith(before)  # the content is unchanged, byte for byte
    saved = store.load(sample_copy).doc
    original = store.parse(before)
    assert saved.projects == original.projects and saved.overall == original.overall and saved.unit == original.unit
    assert saved.review.status == "退回" and len(saved.review.opinions) == 2
    assert saved.review.opinions[0].target.indicator == "满意率"


async def test_review_mode_with_read_only_writes_nothing(sample_copy):
    app = make_app(sample_copy, review=True, read_only=True)
    async with app.run_test() as pilot:
        await settle(pilot, app)
        assert isinstance(app.screen, ReviewScreen) and not app.state.review_writable
        await pilot.press("a")  # an opinion: refused before asking
        await pilot.pause()
        assert not isinstance(app.screen, PromptModal)
        assert app.state.doc.review.opinions == [] and not app.state.dirty


async def test_opinions_jump_and_orphans_are_listed(sample_copy):
    loaded = store.load(sample_copy)
    doc = copy.deepcopy(loaded.doc)
    from perftui.review.model import Opinion

    doc.review.opinions = [Opinion(Target(CODE, "完成率", 1, "value"), "完成率请量化"),
                           Opinion(Target(CODE, "已经删掉的行"), "这一行不要了？")]
    store.save(loaded, doc)
    app = make_app(sample_copy, review=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        screen = app.screen
        assert ("orphans", None) in screen.rows
        orphan_row = screen.rows.index(("opinion", 1))
        assert orphan_row > screen.rows.index(("orphans", None))
        table = screen.query_one("#review-table")
        table.move_cursor(row=screen.rows.index(("opinion", 0)))
        await pilot.press("enter")  # jumps to the 指标值 of row 3
        await settle(pilot, app)
        editor = app.screen
        assert isinstance(editor, ProjectEditorScreen) and editor.ii == 2
        assert app.focused.id == "i-value"


async def test_compare_with_another_file_steps_through_the_changes(sample_copy):
    old = sample_copy.with_name("第一轮.toml")
    shutil.copy2(sample_copy, old)
    loaded = store.load(sample_copy)
    doc = copy.deepcopy(loaded.doc)
    doc.projects[0].indicators[2].value = "≥95%"
    doc.projects[3].budget += 100
    doc.unit.name = "玉田县无终街道办事处"
    store.save(loaded, doc)
    app = make_app(sample_copy, review=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        await pilot.press("f7")
        await pilot.pause()
        assert isinstance(app.screen, PromptModal)
        box = app.screen.query_one(Input)
        box.value = str(old)
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, CompareScreen)
        comp: Comparison = app.comparison
        assert [c.message for c in comp.changes] == [
            "单位名称：玉田县无终街道办事处本级 → 玉田县无终街道办事处",
            "项目「城镇社区工作经费」指标值 第3行「完成率」：≥90% → ≥95%",
            "项目「人民武装、共青团经费、人大经费」预算数：50000.00 → 50100.00",
        ]
        await pilot.press("down", "enter")  # the 指标值 change
        await settle(pilot, app)
        assert isinstance(app.screen, ProjectEditorScreen) and app.screen.ii == 2
        assert app.focused.id == "i-value"
        await pilot.press("f8")  # the next change: another project's budget
        await settle(pilot, app)
        assert isinstance(app.screen, ProjectEditorScreen) and app.screen.pi == 3
        assert app.focused.id == "p-budget"
        await pilot.press("f8")  # wraps around to the first: the unit's name
        await settle(pilot, app)
        assert isinstance(app.screen, DepartmentScreen) and app.focused.id == "unit-name"
        await pilot.press("shift+f8")
        await settle(pilot, app)
        assert app.screen.pi == 3
        # An opinion on the change under the cursor of the list.
        await pilot.press("f7")
        await pilot.pause()
        assert isinstance(app.screen, CompareScreen)
        app.screen.query_one("#compare-table").move_cursor(row=2)
        await pilot.press("f6")
        await pilot.pause()
        await _type(pilot, "预算为何增加？")
        await pilot.press("enter")
        await settle(pilot, app)
        assert app.state.doc.review.opinions[0].target == Target("13022923P00JXC415062Y", field="budget")


async def test_random_keys_in_review_mode_never_crash_nor_touch_the_content(sample_copy):
    """250 random keys with the review keys (f5–f8, a s x e r d) in review mode: no crash, and
    whatever was saved is the original content plus review data."""
    import random

    from test_tui_fuzz import send_key
    from textual.screen import ModalScreen

    rng = random.Random(20240305)
    pool = (["f5", "f6", "f7", "f8", "shift+f8", "a", "s", "x", "e", "r", "d", "y", "n", "o"] * 3
            + ["up", "down", "enter", "enter", "escape", "escape", "tab", "f4", "ctrl+z", "ctrl+y"] * 2
            + list("指标1x") + ["backspace", "space", "left", "right"])
    keys = [rng.choice(pool) for _ in range(250)]
    before = store.parse(sample_copy.read_text(encoding="utf-8"))
    app = make_app(sample_copy, review=True, reviewer="李审")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for i, key in enumerate(keys, 1):
            await send_key(app, key)
            if i % 20 == 0:
                await pilot.pause()
                assert app.is_running, f"the app stopped after key {i}: {keys[i - 20:i]}"
        await pilot.pause()
        for _ in range(6):  # answer any question still open (an opinion prompt waits for its text)
            if isinstance(app.screen, ModalScreen):
                await pilot.press("escape")
                await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert app._exception is None
    after = store.load(sample_copy).doc
    assert (after.projects, after.overall, after.unit, after.checks) == (
        before.projects, before.overall, before.unit, before.checks)


async def test_a_findings_place_names_its_row_and_field_in_the_forms_words(sample_copy):
    app = make_app(sample_copy, review=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        screen = app.screen
        table = screen.query_one("#review-table")
        places = {}
        for n, (kind, data) in enumerate(screen.rows):
            if kind == "finding":
                places[(data.project_index, data.indicator_index, data.rule)] = table.get_row_at(n)[0].plain.strip()
        # The sample's first project (城镇社区工作经费): its 4th row's cost 115万元 is COST-002.
        assert places[(0, 3, "COST-002")] == "第4行 指标值 COST-002"
        assert places[(0, None, "USE-002")] == "资金用途 USE-002"
        assert places[(0, 1, "BASIS-002")] == "第2行 指标值确定依据 BASIS-002"
        assert places[(0, 1, "SAT-002")] == "第2行 一级指标 SAT-002"
