"""What reaches a real terminal: the app in a pseudo-terminal on data holding terminal
escapes, bidi overrides and zero-width characters writes none of them, only their visible
placeholders (the terminal title stays, the screen is not cleared, no cell is recoloured)."""

from __future__ import annotations

import re

import tui_support
from escapes_support import forbidden, with_escapes
from pty_support import PtyApp, app_env

isolated = tui_support.isolated
sample_copy = tui_support.sample_copy

OSC = re.compile(r"\x1b\]([^\x07\x1b]*)(?:\x07|\x1b\\)")
CSI = re.compile(r"\x1b\[([0-9;?<>=$]*[ -/]*[@-~])")


def test_escapes_in_data_never_reach_the_terminal(sample_copy, tmp_path):
    with_escapes(sample_copy)
    app = PtyApp([str(sample_copy)], cwd=sample_copy.parent, env=app_env(tmp_path), cols=80, rows=24)
    try:
        app.wait_for("玉田␛[31m红␛[0m县")  # the title bar and the unit name field
        app.wait_for("前␛[2J后2023年")  # the goal
        app.press("f4")
        app.wait_for("城镇␛]2;PWNED␇社区")  # the project table
        app.press("enter")
        app.wait_for("≥25␛[1m个")  # the project's indicators and fields
        app.wait_for("产出⟨U+009B⟩指标")
        app.press("f2")
        app.wait_for("全部检查结果")
        app.press("escape", "ctrl+q")
        assert app.wait_exit() == 0
    finally:
        app.close()
    out = bytes(app.output).decode("utf-8")  # a lone surrogate or broken byte would fail here
    # The only operating-system commands are Textual's own (22: the mouse pointer's shape):
    # none sets the window title.
    assert {payload.split(";")[0] for payload in OSC.findall(out)} <= {"22"}
    rest = OSC.sub("", out)
    # Control sequences: Textual's colours, cursor moves and modes only; no erasing the screen.
    assert not [c for c in CSI.findall(rest) if c.endswith("J")]
    assert "\x1b[31m红" not in rest and "\x1b[1m个" not in rest
    rest = CSI.sub("", rest)
    # Nothing else a terminal acts on, no bidi override, no zero-width character.
    left = sorted({f"U+{ord(ch):04X}" for ch in rest if forbidden(ch) and ch not in "\r\n"})
    assert not left, left
