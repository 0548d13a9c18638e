"""The bundled sample opens as a sample: editable, but ctrl+s never writes it; it asks where
to save a working copy (the current folder by default), and the title always says where the
work is, also at 80 columns."""

from __future__ import annotations

from pathlib import Path

import tui_support
from rich.cells import cell_len
from textual.widgets import Input
from tui_support import settle, title_bar

from perftui import resources, store
from perftui.commands import app as app_command
from perftui.tui.app import PerftuiApp
from perftui.tui.screens.modals import ChoiceModal, PromptModal
from perftui.tui.widgets.titlebar import title_line

isolated = tui_support.isolated
sample_copy = tui_support.sample_copy

HINT = "样例（尚未保存到文件，ctrl+s 另存为）"


async def _type_into_unit_name(pilot, app, text: str) -> None:
    box = app.screen.query_one("#unit-name", Input)
    box.focus()
    await pilot.pause()
    box.action_end()
    for ch in text:
        await pilot.press(ch)
    await pilot.pause()


async def test_sample_edited_and_saved_goes_to_a_working_copy_in_the_current_folder(
        sample_copy, tmp_path, monkeypatch):
    here = tmp_path / "办公"
    here.mkdir()
    monkeypatch.chdir(here)
    original = sample_copy.read_bytes()
    app = PerftuiApp([sample_copy], samples=[sample_copy])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        assert app.state.sample
        assert HINT in title_bar(app)  # whole, at 80 columns
        await _type_into_unit_name(pilot, app, "甲")
        assert "未保存" in title_bar(app) and HINT in title_bar(app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PromptModal)  # save as: where?
        box = app.screen.query_one(Input)
        assert box.value == str(here / sample_copy.name)  # the current folder, named like the sample
        await pilot.press("enter")
        await settle(pilot, app)
        target = here / sample_copy.name
        assert not app.state.sample and not app.state.dirty and app.state.path == target
        assert "…/办公/439001-2023.toml" in title_bar(app) or str(target) in title_bar(app)
        assert "样例" not in title_bar(app)
        # from now on the app edits the working file: ctrl+s saves it in place
        await _type_into_unit_name(pilot, app, "乙")
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert not isinstance(app.screen, PromptModal) and not app.state.dirty
    assert sample_copy.read_bytes() == original
    assert store.load(here / sample_copy.name).doc.unit.name == "玉田县无终街道办事处本级甲乙"


async def test_sample_save_as_asks_before_replacing_a_file_and_can_be_cancelled(sample_copy, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    existing = tmp_path / sample_copy.name
    existing.write_text("# 我的文件\n", encoding="utf-8")
    original = sample_copy.read_bytes()
    app = PerftuiApp([sample_copy], samples=[sample_copy])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("ctrl+s")  # nothing edited: ctrl+s still offers a working copy
        await pilot.pause()
        assert isinstance(app.screen, PromptModal)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceModal)  # the file exists: overwrite?
        await pilot.press("n")
        await settle(pilot, app)
        assert app.state.sample and HINT in title_bar(app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("escape")  # cancel the prompt
        await settle(pilot, app)
        assert app.state.sample
    assert existing.read_text(encoding="utf-8") == "# 我的文件\n"
    assert sample_copy.read_bytes() == original


async def test_quitting_with_sample_edits_saves_them_as_a_copy(sample_copy, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    original = sample_copy.read_bytes()
    app = PerftuiApp([sample_copy], samples=[sample_copy])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await _type_into_unit_name(pilot, app, "丙")
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("s")  # save, then quit
        await pilot.pause()
        assert isinstance(app.screen, PromptModal)
        await pilot.press("enter")
        await settle(pilot, app)
    assert sample_copy.read_bytes() == original
    assert store.load(tmp_path / sample_copy.name).doc.unit.name.endswith("丙")


async def test_a_file_of_the_installed_bundled_data_opens_as_a_sample_and_is_not_a_save_target(
        sample_copy, tmp_path, monkeypatch):
    # sample_copy's folder stands for site-packages/perftui/bundled_data
    monkeypatch.setattr(resources, "installed_data_dirs", lambda: [sample_copy.parent.resolve()])
    monkeypatch.chdir(tmp_path)
    original = sample_copy.read_bytes()
    app = PerftuiApp([sample_copy])  # opened by its path, no sample flag given
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot, app)
        assert app.state.sample and HINT in title_bar(app)
        await _type_into_unit_name(pilot, app, "丁")
        await pilot.press("ctrl+s")
        await pilot.pause()
        app.screen.query_one(Input).value = str(sample_copy.with_name("另一个.toml"))  # still in there
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, PromptModal)  # refused: asked for another place
        await pilot.press("escape")
        await settle(pilot, app)
        assert app.state.sample and app.state.dirty  # nothing written
        assert not sample_copy.with_name("另一个.toml").exists()
        # ctrl+o does not write into the bundled folder either
        await pilot.press("ctrl+o")
        await settle(pilot, app)
        assert app.exported == tmp_path / "439001-2023.xlsx"
    assert sample_copy.read_bytes() == original


def test_a_checkout_data_folder_is_not_protected_but_an_installed_one_is(tmp_path):
    assert not resources.is_installed_sample(tui_support.SAMPLE)  # a checkout's data/: the user's
    assert not resources.is_installed_sample(tmp_path / "x.toml")


def test_plain_perftui_outside_a_data_folder_opens_the_sample_as_a_sample(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    opened = {}

    class Recorder:
        def __init__(self, paths, **kw):
            opened.update(paths=paths, **kw)

        def run(self):
            return 0

    monkeypatch.setattr("perftui.tui.app.PerftuiApp", Recorder)
    assert app_command.main([]) == 0
    assert opened["samples"] == opened["paths"] == [app_command.sample_path()]
    opened.clear()
    assert app_command.main([str(tui_support.SAMPLE)]) == 0  # a path of one's own: edited in place
    assert opened["samples"] == []


def test_title_keeps_where_the_work_goes_and_the_marks_at_80_columns():
    unit = "439001 玉田县无终街道办事处本级 2023"
    deep = Path("/srv/财政局/预算绩效/2023年/各单位/街道办事处/第一批/439001-2023.toml")
    for marks in ("", " ● 未保存", " ● 未保存 [只读]"):
        for where in (HINT, deep, Path("/tmp/439001-2023.toml")):
            line = title_line(unit, marks, where, 80).plain
            assert cell_len(line) <= 80
            assert line.rstrip().endswith("439001-2023.toml" if isinstance(where, Path) else HINT)
            assert marks in line and "439001 玉田" in line
    line = title_line(unit, " ● 未保存", deep, 80).plain
    assert "— …/" in line  # leading folders give way, from a folder boundary
    assert title_line("", "", "没有可打开的文件", 80).plain == " perftui — 没有可打开的文件"
    # A long unit name is cut before its year, which stays: which year's file it is.
    long_unit = "901001033 中共宁德市委党史和地方志研究室 2019"
    line = title_line(long_unit, "", Path("/tmp/ut/zhengti-ningde-2019.toml"), 80).plain
    assert cell_len(line) <= 80 and "… 2019 — /tmp/ut/zhengti-ningde-2019.toml" in line, line
    assert line.startswith(" 901001033 中共宁德市委党史和地方志研"), line
    # the title never carries a raw escape either
    assert title_line("名\x1b]2;X\x07", "", Path("/tmp/a\x1b[2J.toml"), 80).plain == " perftui · 名␛]2;X␇ — /tmp/a␛[2J.toml"
