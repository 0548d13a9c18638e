"""与上一版比较 marks on the screens: changed fields, rows and projects, updated as one edits."""

from __future__ import annotations

import copy
import shutil

import tui_support
from textual.widgets import Input, Label
from tui_support import make_app, settle, type_into

from perftui import store
from perftui.tui.screens.compare import CompareScreen
from perftui.tui.screens.department import DepartmentScreen
from perftui.tui.screens.editor import ProjectEditorScreen
from perftui.tui.screens.modals import PromptModal
from perftui.tui.screens.projects import ProjectsScreen

isolated = tui_support.isolated
sample_copy = tui_support.sample_copy


def edited(sample_copy):
    """The sample kept as 第一轮.toml, and the open file edited: a value, a budget, an added
    indicator, a renamed project and the unit's name."""
    old = sample_copy.with_name("第一轮.toml")
    shutil.copy2(sample_copy, old)
    loaded = store.load(sample_copy)
    doc = copy.deepcopy(loaded.doc)
    doc.projects[0].indicators[2].value = "≥95%"
    doc.projects[3].budget += 100
    extra = copy.deepcopy(doc.projects[1].indicators[0])
    extra.name = "新增的指标"
    doc.projects[1].indicators.append(extra)
    doc.projects[2].name = "改过名的项目"
    doc.unit.name = "玉田县无终街道办事处"
    store.save(loaded, doc)
    return old, loaded.doc


async def compare_with(pilot, app, old) -> None:
    await pilot.press("f7")
    await pilot.pause()
    assert isinstance(app.screen, PromptModal)
    app.screen.query_one(Input).value = str(old)
    await pilot.press("enter")
    await settle(pilot, app)
    assert isinstance(app.screen, CompareScreen)


def marked_fields(screen) -> dict[str, str]:
    """Field id → its tooltip, for every marked field; each has Δ before its label."""
    out = {}
    for w in screen.query(".-changed"):
        if isinstance(w, Label):
            assert str(w.content).startswith("Δ"), w.content
            continue
        out[w.id] = w.tooltip
    labels = [w for w in screen.query(Label) if str(w.content).startswith("Δ")]
    assert len(labels) == len(out)  # no label marked without its field, nor a field without Δ
    return out


def signs(table) -> list[str]:
    """The change sign of every row of an indicator table (after the finding's mark in 检)."""
    return [c[-1] if c[-1:] in ("Δ", "+", "↕") else "" for c in column(table, "mark")]


def column(table, key: str) -> list[str]:
    return [table.get_cell_at((r, table.get_column_index(key))).plain for r in range(table.row_count)]


async def open_project(pilot, app, index: int) -> ProjectEditorScreen:
    await pilot.press("f4")
    await pilot.pause()
    projects = app.screen
    assert isinstance(projects, ProjectsScreen)
    projects.select_project(index)
    await pilot.press("enter")
    await settle(pilot, app)
    assert isinstance(app.screen, ProjectEditorScreen) and app.screen.pi == index
    return app.screen


async def test_marks_show_exactly_the_changes_follow_edits_and_clear(sample_copy):
    old, before = edited(sample_copy)
    app = make_app(sample_copy)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        assert isinstance(app.screen, DepartmentScreen)
        assert marked_fields(app.screen) == {}  # nothing before a comparison
        await compare_with(pilot, app, old)
        await pilot.press("escape")
        await settle(pilot, app)
        dept = app.screen
        assert isinstance(dept, DepartmentScreen)
        assert marked_fields(dept) == {"unit-name": f"上一版：{before.unit.name}"}

        # The project table: a mark column and its legend.
        await pilot.press("f4")
        await settle(pilot, app)
        table = app.screen.query_one("#projects-table")
        n = len(app.state.doc.projects)
        assert column(table, "changed") == ["Δ", "Δ", "Δ", "Δ"] + [""] * (n - 4)
        title = app.screen.query_one("#projects-title").content
        assert "Δ 有改动 · + 新增 · ↕ 移动" in str(title) and "第一轮.toml" in str(title)
        await pilot.press("escape")
        await settle(pilot, app)

        # Project 1: the 指标值 of row 3 only.
        editor = await open_project(pilot, app, 0)
        rows = signs(editor.block.table)
        assert rows == ["", "", "Δ"] + [""] * (len(rows) - 3)
        assert marked_fields(editor) == {}  # the cursor is on row 1, which did not change
        editor.block.table.move_cursor(row=2)
        await settle(pilot, app)
        assert marked_fields(editor) == {"i-value": "上一版：≥90%"}
        await pilot.press("escape")
        await settle(pilot, app)

        # Project 2: the added row is "+", no other row is marked.
        editor = await open_project(pilot, app, 1)
        rows = signs(editor.block.table)
        assert rows == [""] * (len(rows) - 1) + ["+"]
        assert marked_fields(editor) == {}
        await pilot.press("escape")
        await settle(pilot, app)

        # Project 3: the renamed project's name.
        editor = await open_project(pilot, app, 2)
        assert marked_fields(editor) == {"p-name": f"上一版：{before.projects[2].name}"}
        editor.query_one("#p-name").focus()
        await settle(pilot, app)
        assert str(editor.query_one("#field-note").content) == f"上一版：{before.projects[2].name}"
        editor.block.table.focus()
        assert set(signs(editor.block.table)) == {""}
        await pilot.press("escape")
        await settle(pilot, app)

        # Project 4: the budget; typed back to its old value, the mark goes.
        editor = await open_project(pilot, app, 3)
        assert marked_fields(editor) == {"p-budget": "上一版：50000.00"}
        await type_into(pilot, editor, "p-budget", "50000")
        await settle(pilot, app)
        assert marked_fields(editor) == {}
        assert "上一版" not in str(editor.query_one("#field-note").content)
        await type_into(pilot, editor, "p-budget", "50001")
        await settle(pilot, app)
        assert marked_fields(editor) == {"p-budget": "上一版：50000.00"}
        await type_into(pilot, editor, "p-budget", "50000")
        await settle(pilot, app)
        editor.block.table.focus()
        await pilot.press("escape")
        await settle(pilot, app)
        await pilot.press("f4")
        await settle(pilot, app)
        table = app.screen.query_one("#projects-table")
        assert column(table, "changed") == ["Δ", "Δ", "Δ", ""] + [""] * (n - 4)
        # F7 lists the changes as they are now.
        assert len(app.comparison.changes) == 4

        # x in the comparison ends it: no marks anywhere.
        await pilot.press("f7")
        await settle(pilot, app)
        assert isinstance(app.screen, CompareScreen)
        await pilot.press("x")
        await settle(pilot, app)
        assert app.comparison is None
        assert isinstance(app.screen, ProjectsScreen)
        table = app.screen.query_one("#projects-table")
        assert "changed" not in [str(k.value) for k in table.columns]
        assert "比较" not in str(app.screen.query_one("#projects-title").content)
        await pilot.press("escape")
        await settle(pilot, app)
        assert marked_fields(app.screen) == {}
        editor = await open_project(pilot, app, 2)
        assert marked_fields(editor) == {}
        assert set(signs(editor.block.table)) == {""}
    assert app._exception is None


def test_marks_of_a_moved_project_and_a_removed_row():
    """Marks come from the diff's changes: a moved project is ↕, a project that lost a row is Δ,
    and no place that is the same is marked."""
    from perftui.diff import diff
    from perftui.tui.marks import Marks

    old = store.load(tui_support.SAMPLE).doc
    new = copy.deepcopy(old)
    new.projects.insert(0, new.projects.pop(5))  # the sixth project first
    del new.projects[1].indicators[0]  # a row of the (old) first project removed
    marks = Marks.of("第一轮", diff(old, new).changes)
    assert [marks.sign(("projects", i)) for i in range(len(new.projects))] == ["↕", "Δ", "", "", "", "", ""]
    assert all(marks.sign(("projects", 1, "indicators", j)) == "" for j in range(len(new.projects[1].indicators)))
    assert marks.old_text(("projects", 1, "name")) is None
