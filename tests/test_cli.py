"""The command line as scripts use it: help everywhere, Chinese messages, exit codes."""

import subprocess
import sys

import pytest

from perftui.cli import main

SUBCOMMANDS = ["show", "check", "import", "export", "app"]


@pytest.mark.parametrize("cmd", SUBCOMMANDS)
def test_every_command_has_chinese_help(cmd, capsys):
    with pytest.raises(SystemExit) as exc:
        main([cmd, "--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    assert "用法：" in out and "显示本帮助并退出" in out


def test_top_level_help_lists_commands_and_exit_codes(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    for cmd in ("show", "check", "import", "export"):
        assert cmd in out
    assert "退出码" in out


def test_bad_usage_exits_2_in_chinese(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["show", "--no-such-option"])
    assert exc.value.code == 2
    assert "无法识别的参数" in capsys.readouterr().err


def test_missing_required_argument_is_chinese(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["import"])
    assert exc.value.code == 2
    assert "缺少必需的参数" in capsys.readouterr().err


def test_python_dash_m_works_and_unreadable_input_exits_2(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('format = 1\n[unit\nname = "x"\n', encoding="utf-8")
    out = subprocess.run(
        [sys.executable, "-m", "perftui", "show", str(bad)], capture_output=True, text=True
    )
    assert out.returncode == 2
    assert "Traceback" not in out.stderr
    assert f"{bad}:2" in out.stderr


def test_version(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    assert "perftui" in capsys.readouterr().out
