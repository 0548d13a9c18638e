"""What a command loads at its start: only what it uses (each module costs every run)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from perftui import argparse_zh

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("columns", [None, "100", "40", "0", "-5", "abc", ""])
def test_help_is_as_wide_as_shutil_would_make_it(monkeypatch, columns):
    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    assert argparse_zh.terminal_columns() == shutil.get_terminal_size().columns


@pytest.mark.skipif(__import__("perftui.tomlread").tomlread._rust is None, reason="rtoml is not installed")
def test_a_check_loads_neither_shutil_nor_the_slow_parsers():
    code = (
        "import sys\n"
        "from perftui.cli import main\n"
        f"main(['check', {str(REPO / 'data' / '439001-2023.toml')!r}, '--format', 'json'])\n"
        "print(sorted(m for m in ('shutil', 'tomli', 'tomllib', 'textual') if m in sys.modules), file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=False)
    assert done.returncode in (0, 1), done.stderr
    loaded = done.stderr.strip().splitlines()[-1]
    assert loaded == "[]", loaded
