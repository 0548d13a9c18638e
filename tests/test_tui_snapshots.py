"""Every screen as an SVG at 80×24 and 120×40 on the bundled sample (pytest-textual-snapshot).

The pictures live in tests/__snapshots__/ and were looked at by eye when they were taken; a
change in layout fails here until it is looked at again and kept (``pytest
tests/test_tui_snapshots.py --snapshot-update``).
"""

from __future__ import annotations

import pytest
import tui_support
from tui_support import SAMPLE

isolated = tui_support.isolated

SIZES = {"80x24": (80, 24), "120x40": (120, 40)}


def _longest_project() -> int:
    """The project with the most to show (its name and indicators' text)."""
    from perftui import store

    doc = store.load(SAMPLE).doc
    sizes = [len(p.name) + sum(len(i.name) + len(i.value) + len(i.description) for i in p.indicators)
             for p in doc.projects]
    return sizes.index(max(sizes))


def _down(n: int) -> list[str]:
    return ["down"] * n


SCREENS = {
    "department": [],
    "projects": ["f4"],
    "editor": ["f4", "enter"],
    "editor-longest": ["f4", *_down(_longest_project()), "enter"],
    "findings": ["f2"],
    "help": ["f4", "enter", "f1"],
    "review": ["f5"],
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("screen", SCREENS)
def test_screen_snapshot(snap_compare, isolated, monkeypatch, screen, size):
    from perftui.tui.app import PerftuiApp

    # F1 names the key file's folder: the same on every run (nothing is written there).
    monkeypatch.setenv("XDG_CONFIG_HOME", "/home/clerk/.config")

    app = PerftuiApp([SAMPLE], samples=[SAMPLE])

    async def ready(pilot) -> None:
        await pilot.pause()
        await app.workers.wait_for_complete()
        for key in SCREENS[screen]:
            await pilot.press(key)
            await pilot.pause()
            await app.workers.wait_for_complete()
        await pilot.pause()
        app.clear_notifications()  # toasts come and go with time
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZES[size], run_before=ready)


def test_editor_with_change_marks_snapshot(snap_compare, isolated, monkeypatch, tmp_path):
    """The first project's editor after f7 against an older version: the name changed (Δ before
    its label), row 2 added (+ in 检), row 3's 指标值 changed (Δ in 检)."""
    import copy

    from textual.widgets import Input

    from perftui import store
    from perftui.tui.app import PerftuiApp

    monkeypatch.setenv("XDG_CONFIG_HOME", "/home/clerk/.config")
    loaded = store.load(SAMPLE)
    older = copy.deepcopy(loaded.doc)
    project = older.projects[0]
    project.name = "社区工作经费"
    project.indicators[2].value = "≥90%" if project.indicators[2].value != "≥90%" else "≥80%"
    del project.indicators[1]
    old = tmp_path / "old.toml"
    store.save_as(older, old)
    app = PerftuiApp([SAMPLE], samples=[SAMPLE])

    async def ready(pilot) -> None:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.press("f7")
        await pilot.pause()
        app.screen.query_one(Input).value = str(old)
        for key in ("enter", "escape", "f4", "enter"):
            await pilot.press(key)
            await pilot.pause()
            await app.workers.wait_for_complete()
        await pilot.pause()
        app.clear_notifications()
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=ready)
