"""A non-editable install carries the sample data and themes, found from any folder."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHIPPED = ["perftui", "data", "themes", "pyproject.toml", "setup.py", "README.md"]


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    src = tmp_path_factory.mktemp("src")
    for name in SHIPPED:
        path = REPO / name
        if path.is_dir():
            shutil.copytree(path, src / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(path, src / name)
    target = tmp_path_factory.mktemp("site")
    result = subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), str(src)],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        pytest.fail(f"pip install failed:\n{result.stderr[-2000:]}")
    return target


def _run(installed: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(installed))
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, cwd=cwd, env=env)


def test_installed_package_finds_sample_and_themes_from_another_folder(installed, tmp_path):
    code = (
        "from perftui import resources\n"
        "print(resources.sample_path())\n"
        "print(sorted(p.name for p in resources.bundled_themes_dir().glob('*.toml')))\n"
    )
    out = _run(installed, tmp_path, "-c", code)
    assert out.returncode == 0, out.stderr
    sample, themes = out.stdout.splitlines()
    assert Path(sample).is_relative_to(installed) and Path(sample).is_file()
    assert len(eval(themes)) >= 3


def test_installed_app_loads_the_bundled_themes(installed, tmp_path):
    code = (
        "from perftui.tui.themes import load_themes\n"
        "themes, problems = load_themes()\n"
        "print(sorted(t.name for t in themes))\n"
        "print(problems)\n"
    )
    out = _run(installed, tmp_path, "-c", code)
    assert out.returncode == 0, out.stderr
    names, problems = out.stdout.splitlines()
    assert {"perftui-dark", "perftui-light", "perftui-high-contrast"} <= set(eval(names))
    assert problems == "[]"


def test_installed_show_prints_the_sample_overview(installed, tmp_path):
    out = _run(installed, tmp_path, "-m", "perftui", "show")
    assert out.returncode == 0, out.stderr
    assert "玉田县无终街道办事处本级" in out.stdout
    assert "13022923P00JXC415060P" in out.stdout
