"""Helpers for the TUI tests (imported by tests/test_tui_*.py; not collected itself)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "data" / "439001-2023.toml"


@pytest.fixture
def isolated(monkeypatch, tmp_path):
    """Keep the user's own config, state and theme choice out of the tests."""
    for name in ("XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
        folder = tmp_path / name.lower()
        folder.mkdir()
        monkeypatch.setenv(name, str(folder))
    monkeypatch.setenv("TEXTUAL_CURSOR_BLINK", "0")
    # A full-colour terminal, whatever runs the tests (a 16-colour one picks ansi-dark itself).
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.setenv("COLORTERM", "truecolor")
    return tmp_path


@pytest.fixture
def sample_copy(isolated) -> Path:
    """A private copy of the bundled sample to edit and save."""
    if not SAMPLE.is_file():
        pytest.skip("the bundled sample data/439001-2023.toml is not there yet")
    target = isolated / "work" / SAMPLE.name
    target.parent.mkdir()
    shutil.copy2(SAMPLE, target)
    return target


def make_app(path: Path, **kw):
    from perftui.tui.app import PerftuiApp

    return PerftuiApp([path], **kw)


async def settle(pilot, app) -> None:
    """Let workers (checks, save) finish and the screen catch up."""
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def open_editor(pilot, app, project_index: int = 0):
    """Drill from the department screen into one project's editor."""
    from perftui.tui.screens.editor import ProjectEditorScreen

    await settle(pilot, app)
    await pilot.press("f4")
    await pilot.pause()
    for _ in range(project_index):
        await pilot.press("down")
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, ProjectEditorScreen)
    return app.screen


def changed_lines(before: str, after: str) -> list[tuple[str, str]]:
    a, b = before.splitlines(), after.splitlines()
    assert len(a) == len(b), "the number of lines changed"
    return [(x, y) for x, y in zip(a, b, strict=True) if x != y]


async def type_into(pilot, screen, widget_id: str, text: str, *, clear: bool = True) -> None:
    """Type ``text`` into an Input key by key, as a clerk would (symbols without a key name
    such as ≥ or 万 arrive as a paste would)."""
    from textual.widgets import Input

    box = screen.query_one(f"#{widget_id}", Input)
    box.focus()
    await pilot.pause()
    if clear:
        box.action_end()
        for _ in range(len(box.value)):
            await pilot.press("backspace")
    for ch in text:
        if ch.isascii() and ch.isprintable() and ch != " ":
            await pilot.press(ch)
        else:
            box.insert_text_at_cursor(ch)
            await pilot.pause()
    await pilot.pause()


def title_bar(app) -> str:
    """The title bar's text as painted."""
    from perftui.tui.widgets.titlebar import TitleBar

    return app.screen.query_one(TitleBar).render().plain
