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


def test_installed_bundled_data_is_recognised_as_the_sample_however_it_is_named(installed, tmp_path):
    code = (
        "import os\n"
        "from perftui import resources\n"
        "sample = resources.sample_path()\n"
        "print(resources.is_installed_sample(sample), resources.is_installed_sample(sample.parent))\n"
        "os.symlink(sample, 'link.toml')\n"
        "print(resources.is_installed_sample('link.toml'), resources.is_installed_sample('other.toml'))\n"
    )
    out = _run(installed, tmp_path, "-c", code)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["True", "True", "True", "False"]


def test_plain_perftui_outside_a_data_folder_never_writes_the_installed_sample(installed, tmp_path):
    """The clerk edits the sample and presses ctrl+s: the work goes to a file in the current
    folder that the title then shows, never into the installed package."""
    from pty_support import PtyApp, app_env

    bundled = installed / "perftui" / "bundled_data" / "439001-2023.toml"
    original = bundled.read_bytes()
    work = tmp_path / "work"
    work.mkdir()
    app = PtyApp([], cwd=work, env=app_env(tmp_path, PYTHONPATH=str(installed)), cols=80, rows=24)
    try:
        # the title bar says where the work is (at 80 columns too)
        app.wait_for("玉田县无终街道办事处本级 2023 — 样例（尚未保存到文件，ctrl+s 另存为）")
        app.press("end", "甲")  # the unit name has the cursor
        app.wait_for("● 未保存 — 样例")
        app.press("ctrl+s")
        app.wait_for("不能直接保存")  # asks where to save, the current folder offered
        app.wait_for("/work/439001-2023.toml")  # the end of the path offered (the field scrolls)
        app.press("enter")
        app.wait_for("已另存为")
        # from now on the title names that file (its folders shortened at 80 columns)
        app.wait_for("2023 — …/work/439001-2023.toml")
        app.press("ctrl+q")
        assert app.wait_exit() == 0
    finally:
        app.close()
    assert bundled.read_bytes() == original
    saved = work / "439001-2023.toml"
    assert 'name = "玉田县无终街道办事处本级甲"' in saved.read_text(encoding="utf-8")
