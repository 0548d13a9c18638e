"""One project editor for many projects: a built editor shown again for another project
shows exactly what a newly built one would, and nothing of the project it showed before
(values, refused text, readings, cursors, scroll, marks, the note, a text area's own undo)."""

from __future__ import annotations

import pytest
import tui_support
from test_tui_marks import compare_with, edited
from textual.widgets import DataTable, Input, Label, OptionList, Select, Static, TextArea
from tui_support import make_app, settle, type_into

from perftui.tui.screens.department import DepartmentScreen
from perftui.tui.screens.editor import ProjectEditorScreen, editor_layout
from perftui.tui.screens.info import FindingsScreen
from perftui.tui.screens.projects import ProjectsScreen, ProjectsTable
from perftui.tui.widgets.findings import severity_of, short_message
from perftui.tui.widgets.items import ItemsTable

isolated = tui_support.isolated
sample_copy = tui_support.sample_copy


def editor_state(screen: ProjectEditorScreen) -> list:
    """What every widget of an editor shows and holds, in order (focus and scroll included)."""
    out: list = [("focused", getattr(screen.focused, "id", None)),
                 ("form-scroll", screen.query_one("#editor-form").scroll_offset)]
    for w in screen.walk_children():
        # "-valid": Textual's Input adds it once its value has ever changed (no style; a new
        # editor's fields got their values from empty, a shown-again one's from another's).
        classes = sorted(c for c in w.classes if c != "-valid")
        st: dict = {"type": type(w).__name__, "id": w.id, "classes": classes, "display": w.display,
                    "disabled": w.disabled, "tooltip": str(w.tooltip)}
        if isinstance(w, Input):
            st |= {"value": w.value, "cursor": w.cursor_position, "selection": tuple(w.selection)}
        elif isinstance(w, TextArea):
            st |= {"text": w.text, "cursor": w.cursor_location, "undo": len(w.history.undo_stack),
                   "scroll": w.scroll_offset}
        elif isinstance(w, Select):
            st |= {"value": w.value}
        elif isinstance(w, Label | Static):
            st |= {"content": str(w.render())}
        if isinstance(w, DataTable):
            st |= {"cursor": w.cursor_coordinate, "scroll": w.scroll_offset,
                   "columns": [(str(c.label), c.width) for c in w.columns.values()],
                   "rows": [[str(c) for c in w.get_row_at(r)] for r in range(w.row_count)]}
        elif isinstance(w, OptionList):
            st |= {"options": [str(o.prompt) for o in w.options], "highlighted": w.highlighted}
        out.append(st)
    return out


async def same_as_a_new_editor(pilot, app, shown: ProjectEditorScreen, pi: int) -> ProjectEditorScreen:
    """Leave ``shown`` and open a newly built editor of project ``pi`` (left open): it shows
    exactly what ``shown`` showed."""
    state = editor_state(shown)
    await pilot.press("escape")
    await settle(pilot, app)
    fresh = ProjectEditorScreen(app.state.doc.projects[pi])
    app.push_screen(fresh)
    await settle(pilot, app)
    assert fresh is not shown
    assert state == editor_state(fresh)
    return fresh


def same_layout_pair(app) -> tuple[int, int]:
    """Two projects of the sample an editor can be shown again for (same fields and rows' columns)."""
    doc = app.state.doc
    for a in range(len(doc.projects)):
        for b in range(len(doc.projects)):
            if a != b and editor_layout(doc, doc.projects[a]) == editor_layout(doc, doc.projects[b]):
                return a, b
    raise AssertionError("no two projects of the sample share a layout")


async def open_from_table(pilot, app, index: int) -> ProjectEditorScreen:
    projects = app.screen
    assert isinstance(projects, ProjectsScreen)
    projects.select_project(index)
    await pilot.press("enter")
    await settle(pilot, app)
    editor = app.screen
    assert isinstance(editor, ProjectEditorScreen) and editor.pi == index
    return editor


async def leave_a_mess(pilot, app, editor: ProjectEditorScreen) -> None:
    """What a clerk leaves behind in a project: an edit, a refused amount with its reading,
    a cursor mid-text, another indicator row, the form scrolled, the text area typed in."""
    await type_into(pilot, editor, "p-name", "（改）", clear=False)
    await type_into(pilot, editor, "p-budget", "12万x")  # refused: stays in the field, unsaved
    assert editor.query_one("#p-budget").has_class("-invalid")
    box = editor.query_one("#i-name", Input)
    table = editor.query_one("#indicators", DataTable)
    table.move_cursor(row=2)
    await pilot.pause()
    box.focus()
    box.cursor_position = 1
    for area in editor.query(TextArea):
        area.focus()
        await pilot.pause()
        await pilot.press("x")
    for items in editor.query(ItemsTable):
        items.move_cursor(row=items.row_count - 1)
    findings = editor.query_one("#findings-list", OptionList)
    assert findings.option_count > 1
    findings.highlighted = findings.option_count - 1
    editor.query_one("#editor-form").scroll_end(animate=False)
    await settle(pilot, app)


async def leave(pilot, app, editor: ProjectEditorScreen, *, refused: bool = True) -> None:
    """Back to the project table from the indicator table (Escape in a field holding refused
    text would put the saved value back first)."""
    editor.query_one("#indicators").focus()
    await pilot.pause()
    await pilot.press("escape")
    await settle(pilot, app)
    assert isinstance(app.screen, ProjectsScreen)
    assert bool(app.state.pending_refusals()) == refused  # a refused amount stays held, for its project


async def jump_to_a_finding_of_another_project(pilot, app, a: int):
    """F2, then Enter on a row finding of a project other than ``a`` with the same layout."""
    doc = app.state.doc
    await pilot.press("f2")
    await settle(pilot, app)
    findings = app.screen
    assert isinstance(findings, FindingsScreen)
    row = next(j for j, f in enumerate(findings.items)
               if f.project_index not in (None, a) and f.indicator_index is not None
               and editor_layout(doc, doc.projects[f.project_index]) == editor_layout(doc, doc.projects[a]))
    target = findings.items[row]
    findings.query_one("#all-findings").move_cursor(row=row)
    await pilot.press("enter")
    await settle(pilot, app)
    return target


async def open_first_of_a_pair(pilot, app) -> tuple[int, int, ProjectEditorScreen]:
    """Two projects of the same layout; the first one's editor opened from the project table."""
    await settle(pilot, app)
    a, b = same_layout_pair(app)
    await pilot.press("f4")
    await pilot.pause()
    return a, b, await open_from_table(pilot, app, a)


async def built_ahead(pilot, app) -> ProjectEditorScreen:
    """The editor the app builds ahead once the first check is shown, when it is ready."""
    await settle(pilot, app)
    for _ in range(50):
        ready = [e for e in app._editors if e.ahead and e.suspended]
        if ready:
            return ready[0]
        await pilot.pause()
    raise AssertionError("no editor was built ahead")


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_the_editor_built_ahead_shows_the_first_project_exactly_as_a_new_editor(sample_copy, size):
    app = make_app(sample_copy)
    async with app.run_test(size=size) as pilot:
        ahead = await built_ahead(pilot, app)
        assert isinstance(app.screen, DepartmentScreen) and ahead not in app.screen_stack  # built, not shown
        doc = app.state.doc
        b = next(i for i in range(len(doc.projects)) if i != ahead.pi
                 and editor_layout(doc, doc.projects[i]) == editor_layout(doc, ahead.project))
        await pilot.press("f4")
        await pilot.pause()
        first = await open_from_table(pilot, app, b)
        assert first is ahead  # shown, not built
        shown = editor_state(first)
        await pilot.press("escape")
        await settle(pilot, app)
        fresh = ProjectEditorScreen(doc.projects[b])
        app.push_screen(fresh)
        await settle(pilot, app)
        assert shown == editor_state(fresh)


async def test_the_first_jump_of_a_session_lands_in_the_editor_built_ahead(sample_copy):
    app = make_app(sample_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        ahead = await built_ahead(pilot, app)
        target = await jump_to_a_finding_of_another_project(pilot, app, ahead.pi)
        jumped = app.screen
        assert jumped is ahead and jumped.project is app.state.doc.projects[target.project_index]
        field = target.field or "name"  # a finding about the whole row lands on its name
        assert jumped.ii == target.indicator_index and jumped.focused.id == f"i-{field}"
        await type_into(pilot, jumped, f"i-{field}", "（改）", clear=False)  # it takes keys
        ind = app.state.doc.projects[target.project_index].indicators[target.indicator_index]
        assert getattr(ind, field).endswith("（改）")


async def test_editor_shown_again_is_exactly_a_new_editor(sample_copy):
    app = make_app(sample_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        a, b, editor = await open_first_of_a_pair(pilot, app)
        await leave_a_mess(pilot, app, editor)
        await leave(pilot, app, editor)

        again = await open_from_table(pilot, app, b)
        assert again is editor  # shown again, not built again
        await same_as_a_new_editor(pilot, app, again, b)


async def test_jump_to_another_project_shows_its_values_and_back_shows_the_edit(sample_copy):
    app = make_app(sample_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        doc = app.state.doc
        await pilot.press("f4")
        await pilot.pause()
        projects = app.screen
        projects.sort_key, projects.filter_text = "name", "经费"
        projects.sync_from_model()
        await settle(pilot, app)
        order = list(projects.order)
        assert len(order) >= 2
        a = doc.projects.index(order[0])
        editor = await open_from_table(pilot, app, a)
        await type_into(pilot, editor, "p-name", "（改）", clear=False)
        await type_into(pilot, editor, "p-budget", "12万x")
        name_a = doc.projects[a].name
        assert name_a.endswith("（改）")
        await leave(pilot, app, editor)

        target = await jump_to_a_finding_of_another_project(pilot, app, a)
        b = target.project_index
        jumped = app.screen
        assert jumped is editor and jumped.project is doc.projects[b]
        assert jumped.ii == target.indicator_index
        assert jumped.focused.id == f"i-{target.field}" or jumped.focused.id.startswith("i-")
        # Every field shows project B's value: nothing typed into A (kept or refused) leaks.
        for spec in jumped.specs.values():
            widget = jumped.query_one(f"#{spec.id}")
            assert widget.raw == spec.from_model(app.resolve(spec.path())), spec.id
            assert not widget.has_class("-invalid"), spec.id
        assert "12万x" not in str(jumped.query_one("#amount-reading").render())
        # The focused field is marked and named in the note by its own findings (B's, this row's).
        await settle(pilot, app)
        field = jumped.focused.id.removeprefix("i-")
        hits = [f for f in app.state.findings(project_index=b)
                if f.indicator_index == target.indicator_index and f.field == field]
        assert hits
        assert jumped.focused.has_class("-error") or jumped.focused.has_class("-warning") or all(
            severity_of(f) == "提示" for f in hits)
        assert short_message(hits[0])[:12] in str(jumped.query_one("#field-note").render()).replace("\n", "")
        title = str(jumped.query_one("#project-title").render())
        assert f"项目 {b + 1}/" in title and "（改）" not in title
        # The project table kept its filter, sort and order, its cursor on B when B is listed.
        assert projects in app.screen_stack and list(projects.order) == order
        assert (projects.sort_key, projects.filter_text) == ("name", "经费")

        # Back to A: its edit and its refused amount are there again.
        await pilot.press("escape", "escape")
        await settle(pilot, app)
        assert app.screen is projects
        projects.query_one(ProjectsTable).move_cursor(row=order.index(doc.projects[a]))
        await pilot.press("enter")
        await settle(pilot, app)
        back = app.screen
        assert isinstance(back, ProjectEditorScreen) and back.project is doc.projects[a]
        assert back.query_one("#p-name").raw == name_a
        assert back.query_one("#p-budget").raw == "12万x" and back.query_one("#p-budget").has_class("-invalid")


async def test_undo_in_an_editor_shown_again(sample_copy):
    app = make_app(sample_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        a, b = same_layout_pair(app)
        doc = app.state.doc
        before = doc.projects[a].name
        await pilot.press("f4")
        await pilot.pause()
        editor = await open_from_table(pilot, app, a)
        await type_into(pilot, editor, "p-name", "（改）", clear=False)
        await leave(pilot, app, editor, refused=False)
        again = await open_from_table(pilot, app, b)
        assert again is editor
        await pilot.press("ctrl+z")  # A's edit, undone from B's editor
        await settle(pilot, app)
        assert doc.projects[a].name == before
        assert again.query_one("#p-name").raw == doc.projects[b].name
        assert any("已撤销" in str(n.message) for n in app._notifications)
        await pilot.press("escape")
        await settle(pilot, app)
        back = await open_from_table(pilot, app, a)
        assert back.query_one("#p-name").raw == before


async def test_marks_of_one_project_do_not_stay_on_the_next(sample_copy):
    old, _ = edited(sample_copy)  # project 1: a changed 指标值; project 4: a changed budget
    app = make_app(sample_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await compare_with(pilot, app, old)
        await pilot.press("escape")
        await settle(pilot, app)
        await pilot.press("f4")
        await settle(pilot, app)
        first = await open_from_table(pilot, app, 3)
        assert first.query_one("#p-budget").has_class("-changed")
        await pilot.press("escape")
        await settle(pilot, app)
        doc = app.state.doc
        plain = next(i for i in range(len(doc.projects)) if i not in (0, 1, 2, 3)
                     and editor_layout(doc, doc.projects[i]) == editor_layout(doc, doc.projects[3]))
        again = await open_from_table(pilot, app, plain)
        assert again is first
        assert not again.query(".-changed")
        assert not [w for w in again.query(Label) if str(w.content).startswith("Δ")]


async def test_a_kept_editor_is_laid_out_again_after_a_resize_and_at_most_two_are_kept(sample_copy):
    app = make_app(sample_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        a, b, first = await open_first_of_a_pair(pilot, app)
        await pilot.press("escape")
        await settle(pilot, app)
        for size in ((100, 30), (80, 24)):
            await pilot.resize_terminal(*size)
            await settle(pilot, app)
            # Laid out again for the new size while off the screen: shown again, not built again,
            # exactly as a new editor at that size (its columns fitted to the new width).
            editor = await open_from_table(pilot, app, b)
            assert editor is first
            await same_as_a_new_editor(pilot, app, editor, b)
            app.pop_screen()
            await settle(pilot, app)
        doc = app.state.doc
        for i in range(len(doc.projects)):  # every layout of the sample opened once
            await open_from_table(pilot, app, i)
            await pilot.press("escape")
            await settle(pilot, app)
        assert 1 <= len(app._editors) <= 2
        assert all(app.is_screen_installed(e) for e in app._editors)


async def test_jump_from_the_findings_list_opened_over_an_editor(sample_copy):
    app = make_app(sample_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        doc = app.state.doc
        a, _ = same_layout_pair(app)
        await pilot.press("f4")
        await pilot.pause()
        editor = await open_from_table(pilot, app, a)
        target = await jump_to_a_finding_of_another_project(pilot, app, a)
        jumped = app.screen
        assert isinstance(jumped, ProjectEditorScreen) and jumped.project is doc.projects[target.project_index]
        assert jumped.ii == target.indicator_index and jumped.focused.id.startswith("i-")
        assert [type(s).__name__ for s in app.screen_stack][-2:] == ["ProjectsScreen", "ProjectEditorScreen"]
        assert jumped is editor and not jumped.suspended  # the list's editor, popped and shown again
        await type_into(pilot, jumped, "i-name", "（改）", clear=False)  # it takes keys
        assert doc.projects[target.project_index].indicators[target.indicator_index].name.endswith("（改）")
        jumped.query_one("#indicators").focus()
        await pilot.pause()
        await pilot.press("escape")
        await settle(pilot, app)
        assert isinstance(app.screen, ProjectsScreen)
        again = await open_from_table(pilot, app, a)  # and A once more, from a kept editor
        assert again.query_one("#p-name").raw == doc.projects[a].name


async def test_collections_are_rarer_once_the_document_is_settled_and_as_before_after(sample_copy):
    """Once the document is open, checked and an editor built ahead, young collections wait
    for more objects (a full one had fallen into one jump in five at 1,000 projects); when
    the app ends, Python's own thresholds are back (the tests run many apps in one process)."""
    import gc

    from perftui.tui import app as app_module

    before = gc.get_threshold()
    app = make_app(sample_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await built_ahead(pilot, app)
        await settle(pilot, app)
        assert gc.get_threshold() == (app_module._GC_YOUNG, *before[1:])
        assert gc.get_freeze_count() > 0
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0
