"""``perftui import``: the command line around the importer."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

import pytest

from perftui import store
from perftui.commands import import_

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "tests" / "fixtures" / "seed_wordtext.txt"
SAMPLE = ROOT / "data" / "439001-2023.toml"


def run_import(*argv: str) -> int:
    """The import command's own parser and run(), in process (quick)."""
    parser = argparse.ArgumentParser(prog="perftui")
    import_.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["import", *argv])
    return args.func(args)


def test_perftui_import_of_the_seed_reproduces_the_bundled_sample_byte_for_byte(tmp_path):
    out = tmp_path / "out.toml"
    proc = subprocess.run(
        [sys.executable, "-m", "perftui", "import", str(SEED), "-o", str(out)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert out.read_bytes() == SAMPLE.read_bytes()
    assert proc.stdout.strip().startswith("已导入 7 个项目，49 条指标，1 条提示")
    assert f"{SEED}:698: " in proc.stderr and "截断" in proc.stderr


def test_import_writes_next_to_the_input_by_default(tmp_path, capsys):
    source = tmp_path / "绩效目标.txt"
    source.write_bytes(SEED.read_bytes())
    assert run_import(str(source)) == 0
    written = tmp_path / "绩效目标.toml"
    assert written.read_bytes() == SAMPLE.read_bytes()
    assert store.load(written).doc == store.load(SAMPLE).doc
    out, err = capsys.readouterr()
    assert "7 个项目，49 条指标，1 条提示" in out
    assert f"{source}:698:" in err


def test_existing_output_is_refused_without_force(tmp_path, capsys):
    out = tmp_path / "out.toml"
    out.write_text("# 我的文件\n", encoding="utf-8")
    assert run_import(str(SEED), "-o", str(out)) == 2
    assert out.read_text(encoding="utf-8") == "# 我的文件\n"
    assert "--force" in capsys.readouterr().err
    assert run_import(str(SEED), "-o", str(out), "--force") == 0
    assert out.read_bytes() == SAMPLE.read_bytes()


def test_gbk_input_is_read_through_the_fallback(tmp_path, capsys):
    source = tmp_path / "gbk.txt"
    source.write_bytes(SEED.read_text(encoding="utf-8").encode("gb18030"))
    assert run_import(str(source), "-o", str(tmp_path / "out.toml")) == 0
    assert (tmp_path / "out.toml").read_bytes() == SAMPLE.read_bytes()
    assert "gb18030" in capsys.readouterr().err


def test_explicit_encoding_that_does_not_fit_is_exit_2(tmp_path, capsys):
    source = tmp_path / "gbk.txt"
    source.write_bytes("第一部分\n中文".encode("gb18030"))
    assert run_import(str(source), "--encoding", "utf-8") == 2
    err = capsys.readouterr().err
    assert "第 1 行" in err and "--encoding" in err
    assert not (tmp_path / "gbk.toml").exists()
    assert run_import(str(source), "--encoding", "不存在的编码") == 2


@pytest.mark.parametrize(
    "make",
    [
        lambda d: d / "missing.txt",
        lambda d: d,
        lambda d: (d / "bin.txt").write_bytes(b"\x00\x01PK\x03\x04") and d / "bin.txt",
        lambda d: (d / "empty.txt").write_text("\n \n", encoding="utf-8") and d / "empty.txt",
    ],
    ids=["missing", "folder", "binary", "nothing-to-import"],
)
def test_unreadable_input_is_exit_2_with_a_chinese_message(tmp_path, capsys, make):
    source = make(tmp_path)
    assert run_import(str(source), "-o", str(tmp_path / "out.toml")) == 2
    err = capsys.readouterr().err
    assert str(source) in err and "Traceback" not in err
    assert not (tmp_path / "out.toml").exists()


def test_help_is_in_chinese(capsys):
    with pytest.raises(SystemExit) as exit_:
        run_import("--help")
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    for words in ("用法：", "输入文件", "输出文件", "--force", "--encoding", "gb18030", "显示本帮助"):
        assert words in out


def test_output_folder_that_does_not_exist_is_exit_2(tmp_path, capsys):
    out = tmp_path / "no" / "such" / "folder" / "out.toml"
    assert run_import(str(SEED), "-o", str(out)) == 2
    assert "无法写入" in capsys.readouterr().err
