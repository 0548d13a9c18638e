"""The app in a real terminal (tmux at 80x24): shows the sample, edits, saves, quits."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).with_name("tmux_session.sh")


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_tmux_session_edits_saves_and_quits():
    result = subprocess.run(["bash", str(SCRIPT), sys.executable], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok: edited, saved and quit" in result.stdout
