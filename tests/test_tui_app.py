"""The workbench driven through Pilot: open, drill down, edit, save, conflicts, quit, read-only."""

from __future__ import annotations

import shutil

import tui_support
from rich.cells import cell_len
from textual.widgets import DataTable, Input
from tui_support import changed_lines, make_app, open_editor, settle

from perftui.tui.screens.department import DepartmentScreen
from perftui.tui.screens.editor import IndicatorTable, ProjectEditorScreen
from perftui.tui.screens.info import ErrorScreen, HelpScreen
from perftui.tui.screens.modals import ChoiceModal
from perftui.tui.screens.projects import COLUMNS, ProjectsScreen

isolated = tui_support.isolated
sample_copy = tui_support.sample_copy


async def _type_value(pilot, editor: ProjectEditorScreen, text: str) -> None:
    box = editor.query_one("#i-value", Input)
    box.focus()
    await pilot.pause()
    box.action_end()
    for _ in range(len(box.value)):
        await pilot.press("backspace")
    for ch in text:
        if ch.isascii() or ch.isalnum():
            await pilot.press(ch)
        else:  # symbols such as ≥ have no key name: type them as a paste would
            box.insert_text_at_cursor(ch)
            await pilot.pause()
    await pilot.pause()


async def test_opens_sample_on_department_screen(sample_copy):
    app = make_app(sample_copy)
    async with app.run_test() as pilot:
        await settle(pilot, app)
        assert isinstance(app.screen, DepartmentScreen)
        assert app.screen.query_one("#unit-name", Input).value == "玉田县无终街道办事处本级"
        assert app.screen.query_one("#unit-code", Input).value == "439001"
        assert "玉田县无终街道办事处本级" in app.title
        assert "未保存" not in app.title
        totals = str(app.screen.query_one("#totals").render())
        assert f"项目 {len(app.state.doc.projects)} 个" in totals


async def test_drill_down_department_project_indicator_and_back(sample_copy):
    app = make_app(sample_copy)
    async with app.run_test() as pilot:
        await settle(pilot, app)
        await pilot.press("f4")
        await pilot.pause()
        assert isinstance(app.screen, ProjectsScreen)
        table = app.screen.query_one(DataTable)
        assert table.row_count == len(app.state.doc.projects)
        await pilot.press("down", "enter")
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, ProjectEditorScreen)
        assert editor.project is app.state.doc.projects[1]
        assert editor.query_one("#p-code", Input).value == app.state.doc.projects[1].code
        assert isinstance(app.focused, IndicatorTable)
        await pilot.press("enter")  # into the indicator form
        await pilot.pause()
        assert app.focused.id == "i-name"
        assert app.focused.value == editor.project.indicators[0].name
        await pilot.press("escape")  # form -> indicator table
        assert isinstance(app.focused, IndicatorTable)
        await pilot.press("escape")  # editor -> project table
        await pilot.pause()
        assert isinstance(app.screen, ProjectsScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DepartmentScreen)
        assert not app.state.dirty


async def test_value_reading_shows_as_you_type(sample_copy):
    app = make_app(sample_copy)
    async with app.run_test() as pilot:
        editor = await open_editor(pilot, app)
        await _type_value(pilot, editor, "≥30个")
        reading = str(editor.query_one("#value-reading").render())
        assert "≥ · 30 · 个" in reading
        await _type_value(pilot, editor, "逐步提高")
        assert "定性" in str(editor.query_one("#value-reading").render())


async def test_save_changes_exactly_that_line(sample_copy):
    before = sample_copy.read_text(encoding="utf-8")
    app = make_app(sample_copy)
    async with app.run_test() as pilot:
        editor = await open_editor(pilot, app)
        old = editor.project.indicators[0].value
        await _type_value(pilot, editor, "≥30个")
        assert "未保存" in app.title
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert "未保存" not in app.title
        assert not app.state.dirty
    after = sample_copy.read_text(encoding="utf-8")
    assert changed_lines(before, after) == [(f'value = "{old}"', 'value = "≥30个"')]
    from perftui import store

    assert store.load(sample_copy).doc.projects[0].indicators[0].value == "≥30个"


def _someone_else_saves(path):
    """Another person saves the file meanwhile (over SSH, another editor): the unit name changes."""
    other = path.read_text(encoding="utf-8").replace("玉田县无终街道办事处本级", "别人改过的单位", 1)
    path.write_text(other, encoding="utf-8")


async def test_conflict_on_save_offers_reload_overwrite_save_as(sample_copy):
    app = make_app(sample_copy)
    async with app.run_test() as pilot:
        editor = await open_editor(pilot, app)
        await _type_value(pilot, editor, "≥31个")
        _someone_else_saves(sample_copy)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceModal)
        assert app.state.dirty
        await pilot.press("o")  # overwrite
        await settle(pilot, app)
        assert not app.state.dirty
    text = sample_copy.read_text(encoding="utf-8")
    assert 'value = "≥31个"' in text and "别人改过的单位" not in text


async def test_conflict_reload_discards_edits(sample_copy):
    app = make_app(sample_copy)
    async with app.run_test() as pilot:
        editor = await open_editor(pilot, app)
        await _type_value(pilot, editor, "≥32个")
        _someone_else_saves(sample_copy)
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("r")  # reload
        await settle(pilot, app)
        assert isinstance(app.screen, DepartmentScreen)
        assert app.screen.query_one("#unit-name", Input).value == "别人改过的单位"
        assert not app.state.dirty
    assert "≥32个" not in sample_copy.read_text(encoding="utf-8")


async def test_quit_without_changes_exits_at_once(sample_copy):
    app = make_app(sample_copy)
    async with app.run_test() as pilot:
        await settle(pilot, app)
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0
    assert not any(isinstance(s, ChoiceModal) for s in app.screen_stack)


async def test_quit_with_changes_asks_and_can_cancel_or_discard(sample_copy):
    before = sample_copy.read_text(encoding="utf-8")
    app = make_app(sample_copy)
    async with app.run_test() as pilot:
        editor = await open_editor(pilot, app)
        await _type_value(pilot, editor, "≥33个")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceModal)
        await pilot.press("c")  # cancel: still running, still dirty
        await pilot.pause()
        assert isinstance(app.screen, ProjectEditorScreen) and app.state.dirty
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("q")  # quit without saving
        await pilot.pause()
    assert app.return_code == 0
    assert sample_copy.read_text(encoding="utf-8") == before


async def test_quit_with_changes_can_save_first(sample_copy):
    app = make_app(sample_copy)
    async with app.run_test() as pilot:
        editor = await open_editor(pilot, app)
        await _type_value(pilot, editor, "≥34个")
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("s")
        await settle(pilot, app)
    assert 'value = "≥34个"' in sample_copy.read_text(encoding="utf-8")


async def test_read_only_refuses_edits(sample_copy):
    before = sample_copy.read_text(encoding="utf-8")
    app = make_app(sample_copy, read_only=True)
    async with app.run_test(notifications=True) as pilot:
        editor = await open_editor(pilot, app)
        n_projects = len(app.state.doc.projects)
        old = editor.project.indicators[0].value
        await _type_value(pilot, editor, "9")
        assert editor.query_one("#i-value", Input).value == old
        assert editor.project.indicators[0].value == old
        await pilot.press("escape", "d")  # delete indicator: refused
        await pilot.press("ctrl+s")
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("a", "d")  # add / delete project: refused
        await pilot.pause()
        assert len(app.state.doc.projects) == n_projects
        assert not app.state.dirty and "只读" in app.title
        assert any("只读" in n.message for n in app._notifications)
    assert sample_copy.read_text(encoding="utf-8") == before


async def test_undo_redo_restore_fields(sample_copy):
    app = make_app(sample_copy)
    async with app.run_test() as pilot:
        editor = await open_editor(pilot, app)
        old = editor.project.indicators[0].value
        await _type_value(pilot, editor, "≥40个")
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert editor.project.indicators[0].value == old
        assert editor.query_one("#i-value", Input).value == old
        assert not app.state.dirty
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert editor.query_one("#i-value", Input).value == "≥40个"


async def test_project_table_add_duplicate_delete_with_confirmation(sample_copy):
    app = make_app(sample_copy)
    async with app.run_test() as pilot:
        await settle(pilot, app)
        await pilot.press("f4")
        await pilot.pause()
        n = len(app.state.doc.projects)
        await pilot.press("c")  # duplicate the first project
        await pilot.pause()
        assert len(app.state.doc.projects) == n + 1
        assert app.state.doc.projects[1].name.endswith("（副本）")
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceModal)
        await pilot.press("n")
        await pilot.pause()
        assert len(app.state.doc.projects) == n + 1
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert len(app.state.doc.projects) == n
        await pilot.press("a")
        await pilot.pause()
        assert len(app.state.doc.projects) == n + 1
        assert app.screen.query_one(DataTable).row_count == n + 1


async def test_filter_as_you_type_and_sort(sample_copy):
    app = make_app(sample_copy)
    async with app.run_test() as pilot:
        await settle(pilot, app)
        await pilot.press("f4")
        await pilot.pause()
        screen = app.screen
        await pilot.press("slash")
        for ch in "维稳":
            await pilot.press(ch)
        await pilot.pause()
        table = screen.query_one(DataTable)
        assert table.row_count == sum("维稳" in p.name for p in app.state.doc.projects) >= 1
        await pilot.press("enter")  # back to the table, filter kept
        await pilot.pause()
        assert isinstance(app.focused, DataTable)
        await pilot.press("slash", "ctrl+u", "escape")
        await pilot.pause()
        assert app.screen is screen and not screen.query_one("#filter").display
        screen.sort_by("budget")
        await pilot.pause()
        budgets = [p.budget or 0 for p in screen.order]
        assert budgets == sorted(budgets, reverse=True)
        assert table.row_count == len(app.state.doc.projects)


async def test_user_text_with_brackets_and_backslashes_shown_exactly(sample_copy):
    text = sample_copy.read_text(encoding="utf-8")
    weird = r"完成率[b]达标[/usr]路径\\n"
    text = text.replace('name = "城镇社区工作经费"', f'name = "{weird}"', 1)
    sample_copy.write_text(text, encoding="utf-8")
    app = make_app(sample_copy)
    async with app.run_test() as pilot:
        await settle(pilot, app)
        await pilot.press("f4")
        await pilot.pause()
        shown = app.state.doc.projects[0].name
        assert shown == "完成率[b]达标[/usr]路径\\n"
        table = app.screen.query_one(DataTable)
        assert table.get_cell_at((0, table.get_column_index("name"))).plain == shown
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.query_one("#p-name", Input).value == shown
        assert shown in str(app.screen.query_one("#project-title").render())


async def test_broken_file_shows_error_screen_and_others_open(isolated, sample_copy):
    folder = sample_copy.parent
    (folder / "坏文件.toml").write_text('format = 1\n[unit]\nname = "缺引号\n', encoding="utf-8")
    from perftui.tui.app import PerftuiApp

    app = PerftuiApp(sorted(folder.glob("*.toml")), folder=folder)
    async with app.run_test() as pilot:
        await settle(pilot, app)
        assert isinstance(app.screen, ErrorScreen)
        body = " ".join(str(w.render()) for w in app.screen.query("Static"))
        assert "坏文件.toml" in body and "第 3 行" in body
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DepartmentScreen)
        assert len(app.units) == 1
        assert any("打不开" in label for label in app.unit_labels())


async def test_small_terminal_60x20_does_not_crash(sample_copy):
    app = make_app(sample_copy)
    async with app.run_test(size=(60, 20)) as pilot:
        editor = await open_editor(pilot, app)
        await pilot.press("enter", "tab", "tab", "x", "escape", "down", "down", "f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape", "escape", "escape")
        await pilot.resize_terminal(40, 10)
        await pilot.pause()
        await pilot.press("f2")
        await pilot.pause()
        assert editor is not None


async def test_help_lists_keys_of_current_screen(sample_copy):
    app = make_app(sample_copy)
    async with app.run_test() as pilot:
        await settle(pilot, app)
        await pilot.press("f4")
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.query_one(DataTable)
        rows = [table.get_row_at(i)[1].plain for i in range(table.row_count)]
        assert any("复制光标所在项目" in r for r in rows)
        assert any("保存当前文件" in r for r in rows)


async def test_export_key_writes_workbook_next_to_data_file(sample_copy):
    app = make_app(sample_copy)
    async with app.run_test(notifications=True) as pilot:
        await settle(pilot, app)
        await pilot.press("ctrl+o")
        await settle(pilot, app)
        out = sample_copy.with_suffix(".xlsx")
        assert out.is_file() and app.exported == out
        assert any(str(out) in n.message for n in app._notifications)


async def test_every_binding_has_an_id_and_is_remappable(sample_copy, isolated):
    from perftui.tui import keymap

    keys = isolated / "xdg_config_home" / "perftui" / "keys.toml"
    keys.parent.mkdir(parents=True)
    keys.write_text('[keys]\n"app.export" = "f9"\n"nope.nothing" = "x"\n', encoding="utf-8")
    app = make_app(sample_copy)
    async with app.run_test(notifications=True) as pilot:
        await settle(pilot, app)
        for scope in ("app", "department", "projects", "editor", "items"):
            assert all(b.id for b in keymap.bindings(scope))
        await pilot.press("f9")
        await settle(pilot, app)
        assert sample_copy.with_suffix(".xlsx").is_file()
        assert any("nope.nothing" in n.message for n in app._notifications)


async def test_palette_lists_actions_of_the_screen(sample_copy):
    from textual.command import CommandPalette

    from perftui.tui.commands import ActionsProvider

    app = make_app(sample_copy)
    async with app.run_test() as pilot:
        await settle(pilot, app)
        await pilot.press("f4")
        await pilot.pause()
        screen = app.screen
        provider = ActionsProvider(screen)
        titles = [t for t, _h, _c in provider._entries()]
        assert any(t.startswith("项目表：删除") for t in titles)
        assert any(t.startswith("通用：保存") for t in titles)
        assert any(t.startswith("主题：perftui-high-contrast") for t in titles)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        from textual.command import CommandInput

        assert app.screen.query_one(CommandInput).placeholder == "输入以搜索命令…"
        await pilot.press("escape")


async def test_folder_with_two_units_switches(isolated, sample_copy):
    second = sample_copy.with_name("439002-2023.toml")
    shutil.copy2(sample_copy, second)
    second.write_text(second.read_text(encoding="utf-8").replace('code = "439001"', 'code = "439002"', 1),
                      encoding="utf-8")
    from perftui.tui.app import PerftuiApp

    app = PerftuiApp([sample_copy, second], folder=sample_copy.parent)
    async with app.run_test() as pilot:
        await settle(pilot, app)
        assert app.screen.query_one("#unit-code", Input).value == "439001"
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert app.screen.query_one("#unit-code", Input).value == "439002"


async def test_value_edit_raises_and_clears_a_finding(sample_copy):
    app = make_app(sample_copy)
    async with app.run_test() as pilot:
        editor = await open_editor(pilot, app)
        assert app.state.checker is not None
        ind = editor.project.indicators[0]
        original = ind.value

        def value_findings():
            return [f for f in app.state.findings(project_index=0, indicator_index=0) if f.field == "value"]

        assert value_findings() == []
        before_total = sum(app.state.counts().values())
        await _type_value(pilot, editor, "逐步提高")
        hits = value_findings()
        assert hits, "an unquantified 指标值 must be reported at once"
        box = editor.query_one("#i-value", Input)
        assert box.has_class("-warning") or box.has_class("-error")
        mark = editor.query_one(IndicatorTable).get_cell(str(id(ind)), "mark").plain
        assert mark in ("!", "✗")
        from perftui.tui.widgets.findings import counts_of, short_message

        note = str(editor.query_one("#field-note").render())
        assert short_message(hits[0])[:12] in note
        panel_total = str(editor.query_one("#findings-total").render())
        mine = counts_of(app.state.findings(project_index=0))
        assert f"项目1：错误 {mine['错误']} · 警告 {mine['警告']} · 提示 {mine['提示']}" in panel_total
        assert sum(app.state.counts().values()) == before_total + len(hits)
        await _type_value(pilot, editor, original)
        assert value_findings() == []
        assert not box.has_class("-warning") and not box.has_class("-error")
        assert sum(app.state.counts().values()) == before_total
        assert not app.state.dirty


async def test_enter_on_a_finding_jumps_to_its_field(sample_copy):
    app = make_app(sample_copy)
    async with app.run_test() as pilot:
        await settle(pilot, app)
        target = next(f for f in app.state.findings() if f.indicator_index is not None and f.field == "value")
        await pilot.press("f2")
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        table.move_cursor(row=app.screen.items.index(target))
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, ProjectEditorScreen)
        assert editor.pi == target.project_index and editor.ii == target.indicator_index
        assert app.focused.id == "i-value"


async def test_department_items_add_edit_move_delete(sample_copy):
    from perftui.tui.screens.modals import ProseModal
    from perftui.tui.widgets.items import ItemsTable

    app = make_app(sample_copy)
    async with app.run_test() as pilot:
        await settle(pilot, app)
        items = app.state.doc.overall.measures.items
        n = len(items)
        first = items[0]
        original = list(items)
        table = app.screen.query_one("#measures-items", ItemsTable)
        table.focus()
        await pilot.press("a")  # add after the first item
        await pilot.pause()
        assert isinstance(app.screen, ProseModal)
        for ch in "新增[措施]":
            await pilot.press(ch)
        await pilot.press("enter")
        await pilot.pause()
        assert len(items) == n + 1 and items[1] == "新增[措施]"
        await pilot.press("alt+up")  # move it to the top
        await pilot.pause()
        assert items[0] == "新增[措施]" and items[1] == first
        await pilot.press("enter")  # edit
        await pilot.pause()
        await pilot.press("end", "!", "enter")
        await pilot.pause()
        assert items[0] == "新增[措施]!"
        await pilot.press("d")
        await pilot.pause()
        assert len(items) == n and items[0] == first
        assert table.get_cell_at((0, 1)).plain.startswith(first[:10])
        for _ in range(4):
            await pilot.press("ctrl+z")
        await pilot.pause()
        assert app.state.doc.overall.measures.items == original and not app.state.dirty


async def test_conflict_save_as_writes_a_new_file(sample_copy):
    from perftui import store
    from perftui.tui.screens.modals import PromptModal

    app = make_app(sample_copy)
    async with app.run_test() as pilot:
        editor = await open_editor(pilot, app)
        await _type_value(pilot, editor, "≥35个")
        sample_copy.write_text(sample_copy.read_text(encoding="utf-8") + "\n", encoding="utf-8")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("a")  # save as
        await pilot.pause()
        assert isinstance(app.screen, PromptModal)
        target = sample_copy.with_name("另存[副本].toml")
        box = app.screen.query_one(Input)
        box.value = str(target)
        await pilot.press("enter")
        await settle(pilot, app)
        assert not app.state.dirty and app.state.path == target
        assert "另存[副本].toml" in app.sub_title
    assert store.load(target).doc.projects[0].indicators[0].value == "≥35个"
    assert "≥35个" not in sample_copy.read_text(encoding="utf-8")


def _column_span(table: DataTable, key: str) -> tuple[int, int]:
    """Screen x of a column's first cell and the x just after its last one."""
    x = table.region.x - round(table.scroll_x)
    for column in table.ordered_columns:
        width = column.get_render_width(table)
        if column.key.value == key:
            return x, x + width
        x += width
    raise KeyError(key)


async def test_project_table_shows_findings_counts_at_80_columns(sample_copy):
    from perftui.checks import check_document
    from perftui.tui.widgets.findings import counts_of

    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("f4")
        await settle(pilot, app)
        table = app.screen.query_one(DataTable)
        for key in ("n", "problems", "code", "name", "budget"):
            left, right = _column_span(table, key)
            assert 0 <= left and right <= min(80, table.region.right), key
        expected = counts_of([f for f in check_document(app.state.doc) if f.project_index == 0])
        assert expected["错误"] or expected["警告"], "the sample's first project has findings"
        row_key = str(id(app.state.doc.projects[0]))
        cell = table.get_cell(row_key, "problems")
        shown = cell.plain.split()
        assert ("✗" + str(expected["错误"]) in shown) == bool(expected["错误"])
        assert ("!" + str(expected["警告"]) in shown) == bool(expected["警告"])
        red = [cell.plain[s.start:s.end] for s in cell.spans if "red" in str(s.style)]
        assert red == ([f"✗{expected['错误']}"] if expected["错误"] else [])
        # → scrolls a whole column; 序号 and the counts stay pinned at the left
        await pilot.press("right")
        await pilot.pause()
        code = table.ordered_columns[table.get_column_index("code")]
        assert table.fixed_columns == 2 and table.scroll_x == min(code.get_render_width(table), table.max_scroll_x)
        assert table.scroll_x > 0
        await pilot.press("left")
        await pilot.pause()
        assert table.scroll_x == 0
        # every column still sorts, the findings one by errors then warnings
        screen = app.screen
        screen.sort_by("problems")
        await pilot.pause()
        keyed = [counts_of(app.state.findings(project_index=screen.project_index(p))) for p in screen.order]
        pairs = [(c["错误"], c["警告"]) for c in keyed]
        assert pairs == sorted(pairs, reverse=True)
        assert {key for key, _, _ in COLUMNS} == {
            "n", "code", "name", "budget", "fiscal", "other", "plan", "count", "problems"}


async def test_value_reading_fits_beside_the_field_and_wraps_when_narrow(sample_copy):
    from rich.cells import cell_len

    from perftui.values import parse_value

    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await open_editor(pilot, app)
        reading = editor.query_one("#value-reading")
        await _type_value(pilot, editor, "115万元")
        shown = f"→ {parse_value('115万元').describe()}"
        assert str(reading.render()) == shown
        assert reading.region.height == 1 and reading.region.right <= 80
        assert reading.content_region.width >= cell_len(shown)  # not cut off
        await pilot.resize_terminal(60, 20)
        prose = "本单位共有社区工作者112人"
        await _type_value(pilot, editor, prose)
        await pilot.pause()
        shown = f"→ {parse_value(prose).describe()}"
        assert str(reading.render()) == shown
        width = reading.content_region.width
        assert reading.region.right <= 60 and width < cell_len(shown)
        assert reading.content_region.height * width >= cell_len(shown)  # wrapped, every cell shown
        assert editor.query_one("#i-value", Input).region.width >= 10
        assert editor.query_one("#i-basis", Input).region.y >= reading.region.bottom


def _fully_visible(container, widget) -> bool:
    return container.scrollable_content_region.contains_region(widget.region)


async def test_new_indicator_field_is_scrolled_into_view_at_80x24(sample_copy):
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await open_editor(pilot, app)
        form = editor.query_one("#editor-form")
        await pilot.press("a")
        await pilot.pause()
        await pilot.pause()
        name = editor.query_one("#i-name", Input)
        assert app.focused is name and editor.ii == 1
        assert _fully_visible(form, name)
        assert _fully_visible(form, editor.query_one("#i-basis"))  # the whole indicator form shows
        await pilot.press("x")
        assert name.value == "x"


async def test_indicator_table_fits_the_form_at_80_columns(sample_copy):
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await open_editor(pilot, app)
        table = editor.query_one(IndicatorTable)
        await pilot.pause()
        assert table.max_scroll_x == 0, "every column, 依据 included, shows without scrolling sideways"
        # a project with more indicators than the table's height adds a 2-cell scrollbar: keep room for it
        assert table.scrollbar_size_vertical == 0 and table.virtual_size.width + 2 <= table.region.width


async def test_help_lines_fit_at_80_columns(sample_copy):
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_editor(pilot, app)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.query_one(DataTable)
        assert table.row_count > 5
        assert table.max_scroll_x == 0, "no help line is cut off at the right"


async def test_finding_note_of_an_indicator_field_shows_whole_at_80x24(sample_copy):
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await open_editor(pilot, app)
        form = editor.query_one("#editor-form")
        await _type_value(pilot, editor, "逐步提高")  # unquantified: a finding on this field
        await pilot.pause()
        note = editor.query_one("#field-note")
        assert str(note.render()).strip(), "the field's finding is shown under the form"
        assert _fully_visible(form, note) and _fully_visible(form, editor.query_one("#i-value"))


async def test_new_project_shows_and_opens_even_when_a_filter_hides_it(sample_copy):
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("f4")
        await pilot.pause()
        await pilot.press("slash", "维", "稳", "enter")
        await pilot.pause()
        screen = app.screen
        assert len(screen.order) < len(app.state.doc.projects)
        await pilot.press("a")
        await pilot.pause()
        new = next(p for p in app.state.doc.projects if p.name == "新项目")
        assert screen.current_project() is new and screen.filter_text == ""
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ProjectEditorScreen) and app.screen.project is new


async def test_second_new_project_gets_the_cursor_not_the_first(sample_copy):
    app = make_app(sample_copy)
    async with app.run_test() as pilot:
        await settle(pilot, app)
        await pilot.press("f4")
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("a")  # a second, identical 新项目 right after the first
        await pilot.pause()
        screen = app.screen
        assert screen.current_project() is app.state.doc.projects[2]
        assert screen.query_one(DataTable).cursor_row == 2


async def test_empty_indicator_table_hint_is_not_cropped(sample_copy):
    from rich.cells import cell_len

    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("f4")
        await pilot.pause()
        await pilot.press("a", "enter")
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, ProjectEditorScreen) and not editor.project.indicators
        table = editor.query_one(IndicatorTable)
        cells = table.get_row_at(0)
        assert "".join(c.plain for c in cells).replace(" ", "") == "（无指标）按a新增"
        for column, cell in zip(table.ordered_columns, cells, strict=True):
            assert cell_len(cell.plain) <= column.width, column.key


async def test_open_select_menu_labels_its_key_in_chinese(sample_copy):
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await open_editor(pilot, app)
        level1 = editor.query_one("#i-level1")
        level1.focus()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert level1.expanded
        shown = {b.binding.description for b in app.screen.active_bindings.values() if b.binding.show}
        assert "关闭菜单" in shown and "Dismiss menu" not in shown
        await pilot.press("escape")
        await pilot.pause()
        assert not level1.expanded


async def test_footer_shows_f1_help_whole_at_80_columns(sample_copy):
    from perftui.tui.widgets.keybar import KeyBar

    def f1_visible() -> bool:
        bar = app.screen.query_one(KeyBar)
        shown = bar.shown()
        text = str(bar.render())
        return ("f1", "帮助") in shown and "f1 帮助" in text and text.rstrip().endswith("命令")

    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        assert f1_visible()
        await open_editor(pilot, app)
        await pilot.pause()
        assert isinstance(app.focused, IndicatorTable)
        assert f1_visible()


async def test_pinned_counts_keep_a_plain_background_in_16_colours(sample_copy):
    app = make_app(sample_copy, theme="ansi-dark")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("f4")
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        pinned = table.get_component_rich_style("datatable--fixed")
        assert pinned.bgcolor is None or pinned.bgcolor.number != 6  # not ANSI cyan: red/yellow on it is unreadable


async def test_finding_note_wraps_as_chinese_is_written(sample_copy):
    """The note's first line is full: Rich and Textual break only at spaces and would move the
    message after 「警告 项目1 指标1」 to the next line whole. Every line fits the note, and the
    lines together are the finding's text."""
    from perftui.tui.widgets.findings import finding_line

    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await open_editor(pilot, app)
        await _type_value(pilot, editor, "逐步提高")
        await pilot.pause()
        note = editor.query_one("#field-note")
        width = note.size.width
        lines = note.render().plain.split("\n")
        assert len(lines) >= 2
        assert all(cell_len(line) <= width for line in lines)
        assert cell_len(lines[0]) >= width - 2, lines  # not cut at the last space before the message
        hit = [f for f in app.state.findings(project_index=0, indicator_index=0) if f.field == "value"][0]
        assert "".join(lines).replace(" ", "") == finding_line(hit).plain.replace(" ", "")
        assert note.get_content_height(note.size, note.size, width) == len(lines)
