"""The tests test the files in this checkout, not an installed copy."""

import subprocess
import sys
from pathlib import Path

import perftui

REPO = Path(__file__).resolve().parent.parent


def test_this_process_imports_the_checkout():
    assert Path(perftui.__file__).resolve().is_relative_to(REPO / "perftui")


def test_started_programs_import_the_checkout(tmp_path):
    out = subprocess.run([sys.executable, "-c", "import perftui; print(perftui.__file__)"],
                         capture_output=True, text=True, cwd=tmp_path, check=True)
    assert Path(out.stdout.strip()).resolve().is_relative_to(REPO / "perftui")
