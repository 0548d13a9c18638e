"""Escapes, bidi overrides and zero-width characters in data never reach the terminal in the
app: every widget shows them as visible placeholders, and the file keeps them as written."""

from __future__ import annotations

import html
import re

import pytest
import tui_support
from escapes_support import ESCAPED, PROJECT_NAME, decoded, forbidden, with_escapes
from textual.widgets import DataTable, Input, Select, TextArea
from tui_support import make_app, open_editor, settle

from perftui import store
from perftui.tui.screens.department import DepartmentScreen
from perftui.tui.screens.info import ErrorScreen, FindingsScreen
from perftui.tui.screens.modals import ChoiceModal, PickModal, ProseModal
from perftui.tui.widgets.titlebar import TitleBar

isolated = tui_support.isolated
sample_copy = tui_support.sample_copy

@pytest.fixture
def evil(sample_copy):
    return with_escapes(sample_copy)


def assert_safe(app) -> str:
    """What the app shows (its screenshot's text) holds nothing a terminal acts on."""
    svg = app.export_screenshot()
    bad = sorted({f"U+{ord(ch):04X}" for ch in svg if forbidden(ch)})
    assert not bad, f"reached the screen raw: {bad}"
    return svg


def svg_text(svg: str) -> str:
    """The screenshot's visible text, one string (spaces as in the SVG)."""
    return html.unescape("".join(re.findall(r">([^<>]*)</text>", svg)))


async def test_escapes_in_every_displayed_field_are_shown_as_placeholders(evil):
    app = make_app(evil)
    async with app.run_test(size=(100, 40), notifications=True) as pilot:
        await settle(pilot, app)
        shown = svg_text(assert_safe(app))
        assert "玉田␛[31m红␛[0m县" in shown  # title bar and unit name field
        assert app.screen.query_one("#unit-name", Input).value == "玉田␛[31m红␛[0m县"
        assert app.screen.query_one("#targets-caption", Input).value.startswith("部门职责⟨U+200B⟩分类")
        assert app.screen.query_one(TextArea).text.startswith("前␛[2J后2023年")
        items = app.screen.query_one("#targets-items", DataTable)
        assert items.get_cell_at((0, 1)).plain.startswith("⟨U+202E⟩倒序")
        title = app.screen.query_one(TitleBar).render().plain
        assert "玉田␛[31m红␛[0m县" in title

        # the project table, its findings panel
        await pilot.press("f4")
        await settle(pilot, app)
        shown = svg_text(assert_safe(app))
        table = app.screen.query_one(DataTable)
        name_cell = table.get_cell_at((0, table.get_column_index("name"))).plain
        assert name_cell == "城镇␛]2;PWNED␇社区⟨U+202E⟩经费⟨U+200B⟩尾"
        assert "␛]2;PWNED␇" in shown

        # deleting asks with the name; the notice quotes it
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceModal)
        assert "␛]2;PWNED␇社区⟨U+202E⟩经费" in svg_text(assert_safe(app))
        await pilot.press("y")
        await pilot.pause()
        assert "已删除" in svg_text(assert_safe(app))
        assert app.state.doc.projects[0].name != decoded(PROJECT_NAME)
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert app.state.doc.projects[0].name == decoded(PROJECT_NAME)

        # the project's editor: fields, title, indicator table, level menus, reading
        await pilot.press("escape")
        await pilot.pause()
        editor = await open_editor(pilot, app)
        shown = svg_text(assert_safe(app))
        assert editor.query_one("#p-name", Input).value == "城镇␛]2;PWNED␇社区⟨U+202E⟩经费⟨U+200B⟩尾"
        assert editor.query_one("#i-value", Input).value == "≥25␛[1m个"
        assert editor.query_one("#i-basis", Input).value == "社区␇工作覆盖情况"
        level1 = editor.query_one("#i-level1", Select)
        assert level1.value == "产出\x9b指标"  # the value is the data's own
        assert "产出⟨U+009B⟩指标" in shown
        level1.focus()
        await pilot.press("enter")  # open its menu
        await pilot.pause()
        assert "产出⟨U+009B⟩指标" in svg_text(assert_safe(app))
        await pilot.press("escape")
        await pilot.pause()

        # all findings, with the detail of the highlighted one
        await pilot.press("f2")
        await settle(pilot, app)
        assert isinstance(app.screen, FindingsScreen)
        assert_safe(app)
        for row in range(min(app.screen.query_one(DataTable).row_count, 30)):
            app.screen._show_detail(row)
            await pilot.pause()
            assert_safe(app)


async def test_command_palette_lists_unit_names_display_safe(evil):
    app = make_app(evil)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        await pilot.press("ctrl+p")
        await pilot.pause()
        for ch in "单位":
            await pilot.press(ch)
        await pilot.pause(0.3)
        await settle(pilot, app)
        assert "玉田␛[31m红␛[0m县" in svg_text(assert_safe(app))


async def test_lists_and_prompts_are_display_safe(evil):
    app = make_app(evil)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot, app)
        app.push_screen(PickModal("选择", ["甲\x1b]2;X\x07乙", "丙\u202e丁"]))
        await pilot.pause()
        assert "甲␛]2;X␇乙" in svg_text(assert_safe(app))
        await pilot.press("escape")
        await pilot.pause()
        app.push_screen(ChoiceModal("标题\x1b[2J", "说明\x1b]2;Y\x07", [("y", "好")]))
        await pilot.pause()
        assert "说明␛]2;Y␇" in svg_text(assert_safe(app))
        await pilot.press("escape")
        await pilot.pause()
        app.notify("通知\x1b]2;Z\x07\u202e", title="题\x1b[2J")
        await pilot.pause()
        assert "通知␛]2;Z␇⟨U+202E⟩" in svg_text(assert_safe(app))


async def test_error_screen_quotes_a_bad_value_display_safe(isolated, sample_copy):
    bad = sample_copy.with_name("bad.toml")
    bad.write_text('format = 1\nframework = "88号"\n[unit]\nname = "坏\\u001b]2;BAD\\u0007单位"\n'
                   'year = "20\\u001b[2J23"\n', encoding="utf-8")
    from perftui.tui.app import PerftuiApp

    app = PerftuiApp([sample_copy, bad], folder=sample_copy.parent)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        assert isinstance(app.screen, ErrorScreen)
        assert '"20␛[2J23"' in svg_text(assert_safe(app))


# ----- the file keeps them -------------------------------------------------------------------

def _escaped_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if any(e in line for e in ESCAPED)]


async def test_a_save_after_an_edit_elsewhere_keeps_every_hidden_character(evil):
    before = evil.read_text(encoding="utf-8")
    app = make_app(evil)
    async with app.run_test(size=(100, 40)) as pilot:
        editor = await open_editor(pilot, app)
        editor.query_one("#indicators", DataTable).move_cursor(row=1)  # the second indicator
        await pilot.pause()
        box = editor.query_one("#i-value", Input)
        box.focus()
        await pilot.pause()
        box.action_end()
        await pilot.press("backspace", "backspace", "5", "%")  # ≥90% -> ≥95%
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert not app.state.dirty
    after = evil.read_text(encoding="utf-8")
    assert "≥95%" in after
    assert len(_escaped_lines(before)) == len(ESCAPED)
    assert _escaped_lines(after) == _escaped_lines(before)  # those lines byte for byte


async def test_editing_a_field_with_hidden_characters_keeps_them_unless_deleted(evil):
    app = make_app(evil)
    async with app.run_test(size=(100, 40)) as pilot:
        editor = await open_editor(pilot, app)
        box = editor.query_one("#p-name", Input)
        box.focus()
        await pilot.pause()
        box.action_end()
        await pilot.press("X")
        await pilot.pause()
        assert app.state.doc.projects[0].name == "城镇\x1b]2;PWNED\x07社区\u202e经费\u200b尾X"
        assert box.value == "城镇␛]2;PWNED␇社区⟨U+202E⟩经费⟨U+200B⟩尾X"
        # backspace reaches the placeholder of the zero-width space: one key deletes it whole
        await pilot.press("backspace", "backspace", "backspace")
        await pilot.pause()
        assert app.state.doc.projects[0].name == "城镇\x1b]2;PWNED\x07社区\u202e经费"
        assert box.value == "城镇␛]2;PWNED␇社区⟨U+202E⟩经费"
        # typing in the middle of the text keeps the escape before it
        box.cursor_position = box.value.index("社区")
        await pilot.press("新")
        await pilot.pause()
        assert app.state.doc.projects[0].name == "城镇\x1b]2;PWNED\x07新社区\u202e经费"
        await pilot.press("ctrl+s")
        await settle(pilot, app)
    saved = store.load(evil).doc
    assert saved.projects[0].name == "城镇\x1b]2;PWNED\x07新社区\u202e经费"
    assert saved.unit.name == "玉田\x1b[31m红\x1b[0m县"


async def test_goal_and_items_edited_keep_their_hidden_characters(evil):
    app = make_app(evil)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot, app)
        screen = app.screen
        assert isinstance(screen, DepartmentScreen)
        goal = screen.query_one("#overall-goal", TextArea)
        goal.focus()
        await pilot.pause()
        goal.move_cursor(goal.document.end)
        await pilot.press("!")
        await pilot.pause()
        assert app.state.doc.overall.goal.startswith("前\x1b[2J后2023年")
        assert app.state.doc.overall.goal.endswith("贡献。!")
        assert goal.text.startswith("前␛[2J后2023年")
        # the prose items: edit the first in its prompt, add to its end
        items = screen.query_one("#targets-items", DataTable)
        items.focus()
        items.move_cursor(row=0)
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ProseModal)
        prompt = app.screen.query_one(TextArea)
        assert prompt.text.startswith("⟨U+202E⟩倒序")
        assert prompt.cursor_location == prompt.document.end and prompt.selected_text == ""
        await pilot.press("Z", "enter")
        await pilot.pause()
        first = app.state.doc.overall.targets.items[0]
        assert first.startswith("\u202e倒序") and first.endswith("Z")
        await pilot.press("ctrl+s")
        await settle(pilot, app)
    saved = store.load(evil).doc
    assert saved.overall.goal.startswith("前\x1b[2J后") and saved.overall.goal.endswith("!")
    assert saved.overall.targets.items[0].startswith("\u202e倒序")
    assert saved.overall.targets.caption.startswith("部门职责\u200b分类")


def test_a_key_file_with_hidden_characters_is_refused_with_a_notice(tmp_path):
    from perftui.tui import keymap

    path = tmp_path / "keys.toml"
    path.write_text('[keys]\n"app.save" = "ctrl+s\\u001b"\n"app.export" = "f9"\n', encoding="utf-8")
    mapping, problems = keymap.load_keymap(path)
    assert mapping == {"app.export": "f9"}
    assert len(problems) == 1 and "app.save" in problems[0]
