"""The code stays ruff-clean and mypy-clean (both come with the test extra)."""

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_ruff_clean():
    out = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "perftui", "tests", "benchmarks", "setup.py"],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stdout + out.stderr


def test_mypy_clean(tmp_path):
    """The type hints hold (pyproject.toml [tool.mypy]: the perftui package)."""
    out = subprocess.run(
        [sys.executable, "-m", "mypy", "--cache-dir", str(tmp_path / "mypy-cache")],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stdout + out.stderr
