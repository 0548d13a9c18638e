"""The app in a real terminal (tmux at 80x24): shows the sample, edits, saves, quits."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent
pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


def _run(script: str) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", str(HERE / script), sys.executable], capture_output=True, text=True, timeout=150)


def test_tmux_session_edits_saves_and_quits():
    result = _run("tmux_session.sh")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok: edited, saved and quit" in result.stdout


def test_tmux_77_wan_is_saved_as_770000():
    result = _run("tmux_amount.sh")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok: 77万 saved as 770000.00" in result.stdout


def test_tmux_every_project_name_whole_at_120x40():
    result = _run("tmux_names.sh")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok: 7 whole project names at 120x40" in result.stdout
