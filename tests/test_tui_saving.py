"""Saving in the app when something goes wrong: every branch (conflict → save as → exists →
overwrite → unwritable; read-only file; disk full; another save holding the lock) ends in a
Chinese notice or question, the app keeps running and the edits stay, still unsaved."""

from __future__ import annotations

import errno
import os
import stat

import tui_support
from textual.widgets import Input
from tui_support import make_app, open_editor, settle

from perftui import atomic, savelock, store
from perftui.tui.screens.editor import ProjectEditorScreen
from perftui.tui.screens.modals import ChoiceModal, PromptModal

isolated = tui_support.isolated
sample_copy = tui_support.sample_copy

VALUE = "≥41个"


async def _edit(pilot, app) -> ProjectEditorScreen:
    """Open the first project and type a new value into its first indicator."""
    editor = await open_editor(pilot, app)
    box = editor.query_one("#i-value", Input)
    box.focus()
    await pilot.pause()
    box.value = ""
    box.insert_text_at_cursor(VALUE)
    await pilot.pause()
    assert app.state.dirty
    return editor


async def _edit_quickly(pilot, app) -> None:
    """The same edit through the app's edit state, without opening the editor (faster)."""
    await settle(pilot, app)
    app.state.set(("projects", 0, "indicators", 0, "value"), VALUE)
    app.update_title()
    await pilot.pause()
    assert app.state.dirty


def _someone_else_saves(path) -> bytes:
    other = path.read_text(encoding="utf-8").replace("玉田县无终街道办事处本级", "别人改过的单位", 1)
    path.write_text(other, encoding="utf-8")
    return path.read_bytes()


def _edits_kept(app) -> None:
    """The app runs on, the edit is in the document and still marked unsaved."""
    assert app.is_running and app.return_code is None
    assert app.state.dirty and "未保存" in app.title
    assert app.state.doc.projects[0].indicators[0].value == VALUE


def _notices(app) -> list[str]:
    return [n.message for n in app._notifications]


async def _answer(pilot, app, title: str, key: str) -> None:
    await pilot.pause()
    assert isinstance(app.screen, ChoiceModal) and app.screen._title == title, app.screen
    await pilot.press(key)
    await pilot.pause()


async def _save_as_path(pilot, app, path) -> None:
    await pilot.pause()
    assert isinstance(app.screen, PromptModal)
    app.screen.query_one(Input).value = str(path)
    await pilot.press("enter")
    await pilot.pause()


async def test_conflict_save_as_over_an_unwritable_existing_path_is_a_notice(sample_copy):
    folder = sample_copy.with_name("已有的文件夹.toml")  # exists, and cannot be replaced by a file
    folder.mkdir()
    app = make_app(sample_copy)
    async with app.run_test(notifications=True) as pilot:
        await _edit(pilot, app)
        theirs = _someone_else_saves(sample_copy)
        await pilot.press("ctrl+s")
        await _answer(pilot, app, "保存冲突", "a")
        await _save_as_path(pilot, app, folder)
        await _answer(pilot, app, "文件已存在", "y")
        await settle(pilot, app)
        _edits_kept(app)
        assert any("另存失败" in m and "这是一个文件夹" in m for m in _notices(app)), _notices(app)
        assert app.state.path == sample_copy
    assert sample_copy.read_bytes() == theirs and folder.is_dir()
    assert sorted(p.name for p in sample_copy.parent.iterdir()) == sorted([sample_copy.name, folder.name])


async def test_a_read_only_file_asks_before_it_is_replaced_and_stays_read_only(sample_copy):
    os.chmod(sample_copy, 0o444)
    before = sample_copy.read_bytes()
    app = make_app(sample_copy)
    async with app.run_test(notifications=True) as pilot:
        await _edit(pilot, app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceModal)
        labels = [label for _key, label in app.screen._choices]
        assert labels == ["覆盖只读文件", "另存为", "取消"] and "只读" in app.screen._message
        await pilot.press("c")
        await settle(pilot, app)
        _edits_kept(app)
        assert sample_copy.read_bytes() == before
        await pilot.press("ctrl+s")
        await _answer(pilot, app, "只读文件", "o")
        await settle(pilot, app)
        assert not app.state.dirty
    assert stat.S_IMODE(sample_copy.stat().st_mode) == 0o444
    assert store.load(sample_copy).doc.projects[0].indicators[0].value == VALUE


async def test_a_read_only_file_can_be_saved_as_another(sample_copy):
    os.chmod(sample_copy, 0o444)
    before = sample_copy.read_bytes()
    target = sample_copy.with_name("可写的副本.toml")
    app = make_app(sample_copy)
    async with app.run_test(notifications=True) as pilot:
        await _edit_quickly(pilot, app)
        await pilot.press("ctrl+s")
        await _answer(pilot, app, "只读文件", "a")
        await _save_as_path(pilot, app, target)
        await settle(pilot, app)
        assert not app.state.dirty and app.state.path == target
    assert sample_copy.read_bytes() == before
    assert store.load(target).doc.projects[0].indicators[0].value == VALUE


async def test_conflict_overwrite_of_a_file_made_read_only_meanwhile_asks_again(sample_copy):
    app = make_app(sample_copy)
    async with app.run_test(notifications=True) as pilot:
        await _edit_quickly(pilot, app)
        _someone_else_saves(sample_copy)
        os.chmod(sample_copy, 0o440)
        await pilot.press("ctrl+s")
        await _answer(pilot, app, "保存冲突", "o")
        await _answer(pilot, app, "只读文件", "o")
        await settle(pilot, app)
        assert not app.state.dirty
    assert stat.S_IMODE(sample_copy.stat().st_mode) == 0o440
    doc = store.load(sample_copy).doc
    assert doc.projects[0].indicators[0].value == VALUE and doc.unit.name != "别人改过的单位"


async def test_conflict_save_as_over_a_read_only_file_asks_then_keeps_its_mode(sample_copy):
    target = sample_copy.with_name("只读的旧副本.toml")
    target.write_bytes(sample_copy.read_bytes())
    os.chmod(target, 0o444)
    app = make_app(sample_copy)
    async with app.run_test(notifications=True) as pilot:
        await _edit_quickly(pilot, app)
        _someone_else_saves(sample_copy)
        await pilot.press("ctrl+s")
        await _answer(pilot, app, "保存冲突", "a")
        await _save_as_path(pilot, app, target)
        await _answer(pilot, app, "文件已存在", "y")
        await _answer(pilot, app, "只读文件", "a")  # another path, please …
        assert isinstance(app.screen, PromptModal)
        await pilot.press("escape")  # … or none after all: nothing written
        await settle(pilot, app)
        _edits_kept(app)
        assert store.load(target).doc.projects[0].indicators[0].value != VALUE
        await pilot.press("ctrl+s")
        await _answer(pilot, app, "保存冲突", "a")
        await _save_as_path(pilot, app, target)
        await _answer(pilot, app, "文件已存在", "y")
        await _answer(pilot, app, "只读文件", "o")
        await settle(pilot, app)
        assert not app.state.dirty and app.state.path == target
    assert stat.S_IMODE(target.stat().st_mode) == 0o444
    assert store.load(target).doc.projects[0].indicators[0].value == VALUE


async def test_disk_full_is_a_notice_and_the_next_save_works(sample_copy, monkeypatch):
    before = sample_copy.read_bytes()
    app = make_app(sample_copy)
    async with app.run_test(notifications=True) as pilot:
        await _edit_quickly(pilot, app)
        with monkeypatch.context() as m:
            m.setattr(atomic.os, "fsync", lambda fd: (_ for _ in ()).throw(OSError(errno.ENOSPC, "No space left")))
            await pilot.press("ctrl+s")
            await settle(pilot, app)
        _edits_kept(app)
        assert any("保存失败" in m and "磁盘空间不足" in m for m in _notices(app)), _notices(app)
        assert sample_copy.read_bytes() == before
        assert sorted(p.name for p in sample_copy.parent.iterdir()) == [sample_copy.name]
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert not app.state.dirty
    assert store.load(sample_copy).doc.projects[0].indicators[0].value == VALUE


async def test_save_as_on_a_full_disk_is_a_notice(sample_copy, monkeypatch):
    target = sample_copy.with_name("新副本.toml")
    app = make_app(sample_copy)
    async with app.run_test(notifications=True) as pilot:
        await _edit_quickly(pilot, app)
        _someone_else_saves(sample_copy)
        monkeypatch.setattr(atomic.os, "fsync", lambda fd: (_ for _ in ()).throw(OSError(errno.ENOSPC, "full")))
        await pilot.press("ctrl+s")
        await _answer(pilot, app, "保存冲突", "a")
        await _save_as_path(pilot, app, target)
        await settle(pilot, app)
        _edits_kept(app)
        assert any("另存失败" in m and "磁盘空间不足" in m for m in _notices(app)), _notices(app)
    assert not target.exists()


async def test_another_save_holding_the_lock_is_a_notice_not_a_hang(sample_copy, monkeypatch):
    monkeypatch.setattr(savelock, "WAIT_SECONDS", 0.2)
    app = make_app(sample_copy)
    async with app.run_test(notifications=True) as pilot:
        await _edit_quickly(pilot, app)
        with savelock.held(sample_copy):
            await pilot.press("ctrl+s")
            await settle(pilot, app)
        _edits_kept(app)
        assert any("另一个保存占用" in m for m in _notices(app)), _notices(app)


async def test_an_unexpected_error_in_a_save_is_a_notice(sample_copy, monkeypatch):
    def broken(*args, **kwargs):
        raise KeyError("projects")

    monkeypatch.setattr(store, "save", broken)
    app = make_app(sample_copy)
    async with app.run_test(notifications=True) as pilot:
        await _edit_quickly(pilot, app)
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        _edits_kept(app)
        assert any("保存失败" in m and "修改仍在" in m for m in _notices(app)), _notices(app)


async def test_a_second_ctrl_s_while_a_save_waits_does_not_cancel_it(sample_copy):
    app = make_app(sample_copy)
    async with app.run_test(notifications=True) as pilot:
        await _edit_quickly(pilot, app)
        with savelock.held(sample_copy):  # the first save waits for this lock
            await pilot.press("ctrl+s")
            await pilot.pause()
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert any("正在保存" in m for m in _notices(app)), _notices(app)
        await settle(pilot, app)
        assert not app.state.dirty
    assert store.load(sample_copy).doc.projects[0].indicators[0].value == VALUE
