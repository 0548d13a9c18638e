"""The clerk's workbench: one Pilot test per complaint of the afternoon at 80×24 / 120×40
(prose editing, cursors, focus and Escape, widths, footers, themes, palette, findings list,
navigation, forms, finding → field)."""

from __future__ import annotations

import tui_support
from rich.cells import cell_len
from textual.widgets import Input, TextArea
from tui_support import make_app, open_editor, settle

from perftui.tui.screens.editor import IndicatorTable, ProjectEditorScreen
from perftui.tui.screens.info import FindingsScreen
from perftui.tui.screens.modals import ProseModal
from perftui.tui.screens.projects import ProjectsScreen, ProjectsTable
from perftui.tui.widgets.findings import FindingsPanel, severity_of
from perftui.tui.widgets.items import ItemsTable
from perftui.tui.widgets.keybar import KeyBar

isolated = tui_support.isolated
sample_copy = tui_support.sample_copy


def _notices(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


# 1. prose in a multi-line editor ---------------------------------------------------------
async def test_prose_item_opens_in_a_text_area_cursor_at_end_escape_cancels(sample_copy):
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await open_editor(pilot, app)
        table = editor.query(ItemsTable).first()
        table.focus()
        await pilot.pause()
        before = list(table.items)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ProseModal)
        area = app.screen.query_one(TextArea)
        assert area.text == before[0]
        assert area.cursor_location == area.document.end and area.selected_text == ""
        await pilot.press("X", "escape")  # typing lands at the end; Escape keeps the old text
        await pilot.pause()
        assert app.screen is editor and table.items == before
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("Y", "ctrl+s")
        await pilot.pause()
        assert app.screen is editor and table.items[0] == before[0] + "Y"


# 2. the text cursor is not carried from row to row ---------------------------------------
async def test_text_cursor_is_at_the_end_after_moving_to_another_row(sample_copy):
    app = make_app(sample_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await open_editor(pilot, app)
        box = editor.query_one("#i-name", Input)
        box.focus()
        await pilot.pause()
        await pilot.press("home", "right", "right")
        assert box.cursor_position == 2
        await pilot.press("escape")  # back to the table, not out of the project
        await pilot.pause()
        assert isinstance(editor.focused, IndicatorTable) and app.screen is editor
        await pilot.press("down", "enter")
        await pilot.pause()
        assert editor.focused is box and box.value == app.state.doc.projects[0].indicators[1].name
        assert box.cursor_position == len(box.value)


# 3. letters type in fields; d on the table deletes, undo says what came back ---------------
async def test_letters_type_in_fields_and_delete_on_table_is_undone_with_a_message(sample_copy):
    app = make_app(sample_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await open_editor(pilot, app)
        project = app.state.doc.projects[0]
        n = len(project.indicators)
        box = editor.query_one("#i-name", Input)
        box.focus()
        await pilot.pause()
        await pilot.press("d", "a")
        assert box.value.endswith("da") and len(project.indicators) == n
        await pilot.press("ctrl+z", "ctrl+z")
        table = editor.query_one(IndicatorTable)
        table.focus()
        table.move_cursor(row=2)
        await pilot.pause()
        gone = project.indicators[2].name
        await pilot.press("d")
        await pilot.pause()
        assert len(project.indicators) == n - 1
        assert table.cursor_row == 2  # the cursor stays where the row was
        assert any("已删除" in m and gone[:8] in m for m in _notices(app))
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert len(project.indicators) == n and project.indicators[2].name == gone
        assert any(m.startswith("已撤销") and gone[:8] in m for m in _notices(app))
        assert table.cursor_row == 2


async def test_focus_is_never_on_an_empty_findings_list(sample_copy):
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        panel = app.screen.query_one(FindingsPanel)  # 部门整体 has no findings in the sample
        assert panel.has_class("-empty")
        for _ in range(40):
            await pilot.press("tab")
            assert app.screen.focused is not None
            assert not panel.query_one("#findings-list").has_focus


# 4. widths: names whole, 描述 when there is room, compact at 80×24 -------------------------
async def test_project_names_whole_at_120_columns(sample_copy):
    app = make_app(sample_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("f4")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ProjectsScreen)
        longest = max(cell_len(p.name) for p in app.state.doc.projects)
        assert screen.widths["name"] >= longest
        shown = list(screen.widths)
        assert shown.index("count") < len(shown) and screen.query_one(ProjectsTable).columns["count"]


async def test_description_column_shown_at_120_not_at_80(sample_copy):
    for size, expected in (((120, 40), True), ((80, 24), False)):
        app = make_app(sample_copy)
        async with app.run_test(size=size) as pilot:
            editor = await open_editor(pilot, app)
            await pilot.pause()
            assert ("description" in editor.block.widths) is expected


async def test_compact_80x24_pins_the_project_and_shows_every_indicator(sample_copy):
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await open_editor(pilot, app)
        await pilot.pause()
        table = editor.query_one(IndicatorTable)
        assert table.row_count == len(app.state.doc.projects[0].indicators)
        assert table.region.height >= table.row_count + 1  # every row and the header in view
        editor.query_one("#editor-form").scroll_end(animate=False)
        await pilot.pause()
        title = editor.query_one("#project-title")
        assert title.region.y == 1 and "城镇社区工作经费" in str(title.render())


async def test_empty_findings_panel_is_one_line(sample_copy):
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        panel = app.screen.query_one(FindingsPanel)
        assert panel.has_class("-empty") and panel.region.height <= 2  # its rule and its totals line


# 5. footers fit 80 columns and follow the focus ------------------------------------------
async def test_footers_fit_80_columns_and_follow_focus(sample_copy):
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)

        def bar_text() -> str:
            bar = app.screen.query_one(KeyBar)
            text = bar.render().plain
            assert cell_len(text.rstrip()) <= 80 and "f1 帮助" in text and "f2 问题" in text
            return text

        bar_text()
        await pilot.press("f4")
        await pilot.pause()
        assert "⏎ 打开" in bar_text()
        await pilot.press("enter")
        await pilot.pause()
        assert "⏎ 编辑" in bar_text()
        app.screen.query_one("#i-name").focus()
        await pilot.pause()
        assert "⏎ 编辑" not in bar_text() and " d " not in bar_text()


# 6. finding → field keeps the project table's filter and sort ----------------------------
async def test_jump_from_finding_opens_field_and_keeps_table_filter_and_sort(sample_copy):
    app = make_app(sample_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("f4")
        await pilot.pause()
        projects = app.screen
        projects.sort_key, projects.filter_text = "name", "经费"
        projects.sync_from_model()
        order = list(projects.order)
        await pilot.press("f2")
        await pilot.pause()
        findings = app.screen
        assert isinstance(findings, FindingsScreen)
        row = next(j for j, f in enumerate(findings.items) if f.indicator_index is not None and f.field == "value")
        target = findings.items[row]
        findings.query_one("#all-findings").move_cursor(row=row)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, ProjectEditorScreen)
        assert editor.project is app.state.doc.projects[target.project_index]
        assert editor.focused.id == "i-value" and editor.ii == target.indicator_index
        assert projects in app.screen_stack and projects.order == order
        assert (projects.sort_key, projects.filter_text) == ("name", "经费")


# 7. fewer than 256 colours: the ANSI theme --------------------------------------------------
async def test_sixteen_colour_terminal_gets_the_ansi_theme(sample_copy, monkeypatch):
    monkeypatch.setenv("TERM", "xterm-16color")
    monkeypatch.delenv("COLORTERM", raising=False)
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == "ansi-dark"


# 8. the palette: Chinese, no duplicates, 跳到项目… -----------------------------------------
async def test_palette_entries_are_chinese_once_each_with_jump_to_project(sample_copy):
    import re

    from perftui.tui.commands import ActionsProvider

    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        provider = ActionsProvider(app.screen)
        titles = [t for t, _, _ in provider._entries()]
        assert "跳到项目…" in titles
        assert len(titles) == len(set(titles))
        words = [re.sub(r"（.*?）", "", t) for t in titles if not t.startswith(("主题：", "单位："))]
        assert len(words) == len(set(words)), "an action is listed twice under different keys"
        assert not [t for t in titles if re.search(r"[A-Za-z]{4,}", re.sub(r"（.*?）|主题：\S+|Excel|SVG", "", t))]
        system = [c.title for c in app.get_system_commands(app.screen)]
        assert system == ["截图"]
        await pilot.press("ctrl+g")
        await pilot.pause()
        for ch in "维稳":
            app.screen.query_one(Input).insert_text_at_cursor(ch)
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ProjectEditorScreen) and app.screen.project.name == "维稳经费"


# 9. words: sort arrow, read-only footer, duplicate-name label ------------------------------
async def test_sort_arrow_and_read_only_footer(sample_copy):
    app = make_app(sample_copy, read_only=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        assert "^s 保存" not in app.screen.query_one(KeyBar).render().plain
        await pilot.press("f4")
        await pilot.pause()
        screen = app.screen
        screen.sort_key = "name"
        screen.sync_from_model()
        await pilot.pause()
        header = screen.query_one(ProjectsTable).columns["name"].label.plain
        assert header.endswith("▲")


async def test_duplicate_project_name_finding_names_the_project_name(sample_copy):
    from perftui.tui.widgets.findings import where_of

    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        dup = [f for f in app.state.findings() if f.rule == "NAME-002"]
        assert dup and all(where_of(f).endswith("项目名称") for f in dup)


async def test_theme_given_on_the_command_line_is_remembered(sample_copy):
    from perftui.tui import themes

    app = make_app(sample_copy, theme="perftui-light")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
    assert themes.read_remembered_theme()[0] == "perftui-light"


# 10. findings list: errors first, one severity at a time ---------------------------------
async def test_findings_list_errors_first_and_filtered_by_severity(sample_copy):
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("f2")
        await pilot.pause()
        screen = app.screen
        order = {"错误": 0, "警告": 1, "提示": 2}
        ranks = [order[severity_of(f)] for f in screen.items]
        assert ranks == sorted(ranks) and ranks[0] == 0
        await pilot.press("v")
        await pilot.pause()
        assert screen.items and {severity_of(f) for f in screen.items} == {"错误"}
        await pilot.press("v")
        await pilot.pause()
        assert {severity_of(f) for f in screen.items} == {"警告"}
        table = screen.query_one("#all-findings")
        assert table.max_scroll_x == 0  # the columns fit: End never scrolls to a blank table


# 11. next / previous project ------------------------------------------------------------
async def test_next_and_previous_project_keys(sample_copy):
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await open_editor(pilot, app)
        projects = app.state.doc.projects
        await pilot.press("ctrl+down")
        await pilot.pause()
        assert isinstance(app.screen, ProjectEditorScreen) and app.screen.project is projects[1]
        assert app.screen is not editor and editor not in app.screen_stack
        await pilot.press("ctrl+up")
        await pilot.pause()
        assert app.screen.project is projects[0]
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ProjectsScreen)


# 12. forms ---------------------------------------------------------------------------------
async def test_new_project_starts_on_its_name(sample_copy):
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("f4")
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        await pilot.pause()
        if not isinstance(app.screen, ProjectEditorScreen):  # the table asks where first
            await pilot.press("enter")
            await pilot.pause()
        assert isinstance(app.screen, ProjectEditorScreen)
        assert app.screen.focused is not None and app.screen.focused.id in ("p-name", "p-code")


async def test_changing_level1_clears_a_level2_that_does_not_belong(sample_copy):
    from textual.widgets import Select

    app = make_app(sample_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await open_editor(pilot, app)
        ind = app.state.doc.projects[0].indicators[0]
        assert ind.level2 == "数量指标"
        editor.query_one("#i-level1", Select).value = "满意度指标"
        await pilot.pause()
        assert ind.level1 == "满意度指标" and ind.level2 == ""


async def test_placeholders_do_not_look_like_values(sample_copy):
    app = make_app(sample_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await open_editor(pilot, app)
        for box in editor.query(Input):
            assert box.placeholder.strip() not in ("元", "%", "万元"), box.id


# 11. the folder's unit list: one line per unit with its file and counts, folder totals ---
async def test_folder_unit_list_names_files_counts_and_totals(sample_copy):
    import shutil

    from textual.widgets import OptionList

    from perftui.tui.app import PerftuiApp

    second = sample_copy.with_name("439002-2023.toml")
    shutil.copy2(sample_copy, second)
    app = PerftuiApp([sample_copy, second], folder=sample_copy.parent)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        units = app.screen.query_one("#unit-list", OptionList)
        first = units.get_option_at_index(0).prompt.plain
        # The label on one line, the file and counts on the next (not a ␊ in one wrapped line).
        assert first.split("\n") == ["439001 玉田县无终街道办事处本级 2023", "  439001-2023.toml  ✗11 !32"]
        shown = [units.render_line(y).text for y in range(4)]
        assert shown[0].rstrip().endswith("…") and "439001-2023.toml" in shown[1], shown  # cut, never wrapped
        assert "439002-2023.toml" in units.get_option_at_index(1).prompt.plain  # same unit twice: told apart
        assert units.border_title.startswith("2 个单位 · ✗11 !32")
        await pilot.press("ctrl+n")
        await settle(pilot, app)
        app.screen.reload_units()
        assert app.screen.query_one("#unit-list", OptionList).border_title == "2 个单位 · ✗22 !64"


# 11b. 新建下一年度: next year's file beside this one, opened as a second unit --------------
async def test_next_years_file_is_made_beside_and_opened(sample_copy):
    from textual.widgets import OptionList

    from perftui.review.model import Review
    from perftui.store import load
    from perftui.tui.screens.modals import PromptModal

    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        app.state.doc.projects[0].name = "改过未保存的名称"  # what the app shows goes into the copy
        app.state.doc.review.status = "退回"
        await pilot.press("f10")
        await pilot.pause()
        assert isinstance(app.screen, PromptModal)
        target = sample_copy.with_name("439001-2024.toml")
        assert app.screen.query_one(Input).value == str(target)
        await pilot.press("enter")
        await settle(pilot, app)
        assert [s.path for s in app.units] == [sample_copy, target] and app.unit_index == 1
        assert app.state.doc.unit.year == 2024 and app.state.doc.review == Review()
        assert app.state.doc.projects[0].name == "改过未保存的名称"
        assert "439001-2024.toml" in tui_support.title_bar(app)
        assert any("已新建" in n and "2024年度" in n for n in _notices(app))
        units = app.screen.query_one("#unit-list", OptionList)  # shown now that there are two
        assert units.option_count == 2 and units.highlighted == 1
        assert {f.rule for f in app.state.findings()} >= {"DATE-003", "CODE-003"}
        # A second time the file is there: it is never replaced, another name is asked for.
        app.switch_unit(0)
        await pilot.press("f10")
        await pilot.pause()
        await pilot.press("enter")  # the worker waits on the prompt again: no settle() here
        for _ in range(40):
            await pilot.pause(0.05)
            if any("已存在，没有覆盖" in n for n in _notices(app)):
                break
        assert any("已存在，没有覆盖" in n for n in _notices(app))
        assert isinstance(app.screen, PromptModal)
        await pilot.press("escape")
        await settle(pilot, app)
        assert len(app.units) == 2
    assert load(target).doc.unit.year == 2024


async def test_next_year_is_refused_in_review_mode(sample_copy):
    app = make_app(sample_copy, review=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("f10")
        await settle(pilot, app)
        assert any("审核模式下不能新建数据文件" in n for n in _notices(app))
    assert sorted(p.name for p in sample_copy.parent.iterdir()) == [sample_copy.name]


# 12. no wrapped line starts with ，/；(TextArea and Rich text) ----------------------------
def _segments(text: str, breaks: list[int]) -> list[str]:
    return [text[a:b] for a, b in zip([0, *breaks], [*breaks, len(text)], strict=True)]


def test_wrapped_prose_never_starts_a_line_with_a_mark():
    from rich.console import Console
    from rich.text import Text
    from textual.content import Content
    from textual.document import _wrapped_document

    from perftui import store
    from perftui.tui.widgets.linebreak import NO_LINE_START

    goal = store.load(tui_support.SAMPLE).doc.overall.goal
    assert "，" in goal
    for width in range(12, 81):
        lines = [line.plain for line in Text(goal).wrap(Console(width=width), width)]
        area = _segments(goal, _wrapped_document.compute_wrap_offsets(goal, width, 4))
        # Static, Label and the dialogs' text: Textual's Content
        content = [line.plain for line in Content(goal).wrap(width)]
        for shown in (lines, area, content):
            assert "".join(shown) == goal
            assert all(cell_len(s) <= width for s in shown)
            assert not [s for s in shown if s[:1] in NO_LINE_START], width


def test_line_breaking_keeps_every_character_within_the_width():
    from hypothesis import given, settings
    from hypothesis import strategies as st
    from textual.document import _wrapped_document

    @settings(max_examples=200, deadline=None)
    @given(st.text(alphabet="城市社区服务，。；、）」ab 1", max_size=120), st.integers(2, 40))
    def check(text, width):
        segs = _segments(text, _wrapped_document.compute_wrap_offsets(text, width, 4))
        assert "".join(segs) == text
        assert all(cell_len(s) <= width for s in segs)

    import perftui.tui.widgets.linebreak  # noqa: F401 - installs the line breaking

    check()


# 9. F1: every key of the editor once, Enter 编辑 and → 接受建议 among them, within 80×24 ----
async def test_help_lists_every_key_once_and_fits_80x24(sample_copy):
    from perftui.tui.screens.info import HelpScreen

    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_editor(pilot, app)
        await pilot.press("f1")
        await pilot.pause()
        await pilot.pause()
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        rows = help_screen._rows()
        keys = [k for k, _ in rows]
        assert len(keys) == len(set(keys)) and keys.count("^p") == 1
        assert ("⏎", "编辑光标所在指标") in rows and any(k.startswith("→") for k in keys)
        dialog = help_screen.query_one(".help-dialog").region
        assert dialog.bottom <= 24 and dialog.right <= 80
