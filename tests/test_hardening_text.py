"""Odd user text (markup brackets, backslashes, ANSI escapes, tabs, newlines, bidi and
zero-width marks, table pipes) through every report, and a large workspace file.

Terminal output never carries a control sequence that came from a data file; JSON gives
every text back exactly; Markdown table cells stay one cell.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import openpyxl
import pytest

from perftui import cli
from perftui.checks.settings import CONFIG_ENV
from perftui.store import load

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = (ROOT / "data" / "439001-2023.toml").read_text(encoding="utf-8")

# As TOML escapes, so the data file itself stays printable.
ODD_TOML = r"[b]粗[/b] [/usr] \\ \u001b[31m红\u001b[0m\t制表\n换行 |管道| \u200f右\u200b零 =HYPERLINK(\"x\")"
ODD = "[b]粗[/b] [/usr] \\ \x1b[31m红\x1b[0m\t制表\n换行 |管道| \u200f右\u200b零 =HYPERLINK(\"x\")"
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture(autouse=True)
def no_user_config(tmp_path, monkeypatch):
    monkeypatch.setenv(CONFIG_ENV, str(tmp_path / "config"))


@pytest.fixture
def odd_file(tmp_path) -> Path:
    text = SAMPLE.replace('name = "城镇社区工作经费"', f'name = "{ODD_TOML}"', 1)
    text = text.replace('basis = "社区工作覆盖情况"', f'basis = "{ODD_TOML}"', 1)
    text = text.replace('name = "玉田县无终街道办事处本级"', f'name = "{ODD_TOML}"', 1)
    text += f'\n[checks.off]\nBASIS-002 = "{ODD_TOML}"\n'
    path = tmp_path / "439001-2023.toml"
    path.write_text(text, encoding="utf-8")
    doc = load(path).doc
    assert doc.projects[0].name == ODD and doc.unit.name == ODD  # the escapes mean what the test says
    return path


def run(argv, capsys) -> tuple[int, str, str]:
    rc = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return rc, out, err


@pytest.mark.parametrize(
    "args",
    [
        ["show"],
        ["show", "--project", "1"],
        ["show", "--project", "1", "--width", "60"],
        ["check"],
        ["check", "--format", "markdown"],
    ],
    ids=" ".join,
)
def test_terminal_reports_carry_no_control_characters_from_data(args, odd_file, capsys):
    rc, out, err = run([args[0], odd_file, *args[1:]], capsys)
    assert rc in (0, 1), err
    assert "红" in out and "制表" in out
    assert not CONTROL.search(out), repr(CONTROL.search(out))
    assert not CONTROL.search(err)
    assert "[b]粗[/b] [/usr]" in out  # markup-like text shown as written


def test_error_messages_carry_no_control_characters(tmp_path, capsys):
    path = tmp_path / "x.toml"
    path.write_text(SAMPLE.replace("[unit]  # 预算单位", '"\\u001b[2J\\u001b]0;title\\u0007" = 1\n[unit]'), encoding="utf-8")
    for command in ("show", "check"):
        rc, _out, err = run([command, path], capsys)
        assert rc == 2
        assert "未知的键" in err and "[2J" in err
        assert not CONTROL.search(err)


def test_show_list_keeps_columns_aligned_with_odd_text(odd_file, capsys):
    rc, out, _err = run(["show", odd_file], capsys)
    assert rc == 0
    lines = out.splitlines()
    header = next(line for line in lines if line.lstrip().startswith("序号"))
    assert header.split() == ["序号", "编码", "名称", "预算数", "财政资金", "其他资金", "支出计划", "指标数"]
    first = next(line for line in lines if line.lstrip().startswith("1 "))
    assert "制表 换行" in first  # tab and newline became spaces: one row stays one line
    assert first.rstrip().endswith("7")  # 指标数 still in the last column


def test_check_table_keeps_rows_apart(odd_file, capsys):
    rc, out, _err = run(["check", odd_file, "--width", "100"], capsys)
    assert rc in (0, 1)
    rows = [line for line in out.splitlines() if re.match(r"^(错误|警告|提示)\s", line)]
    assert rows and all(re.match(r"^(错误|警告|提示)\s+[A-Z0-9]+-\d{3}\s", r) for r in rows)


def test_markdown_cells_escape_pipes_and_newlines(odd_file, capsys):
    rc, out, _err = run(["check", odd_file, "--format", "markdown"], capsys)
    assert rc in (0, 1)
    table = [line for line in out.splitlines() if line.startswith("| ")]
    assert len(table) > 2
    for line in table:
        cells = re.split(r"(?<!\\)\|", line)[1:-1]
        assert len(cells) == 4, line  # 级别 | 规则 | 位置 | 说明: no pipe from the data splits a cell
    body = "\n".join(table)
    assert "\\|管道\\|" in body
    assert "制表<br>换行" in body.replace("    ", "")
    assert "\\\\" in body  # a backslash in the data is escaped
    off = [line for line in out.splitlines() if line.startswith("- 已关闭的规则：BASIS-002")]
    assert off and "\\|管道\\|" in off[0] and "<br>" in off[0]


def test_json_gives_every_text_back_exactly(odd_file, capsys):
    rc, out, _err = run(["show", odd_file, "--format", "json"], capsys)
    assert rc == 0
    data = json.loads(out)
    assert data["unit"]["name"] == ODD
    assert data["projects"][0]["name"] == ODD
    assert data["projects"][0]["indicators"][0]["basis"] == ODD
    rc, out, _err = run(["check", odd_file, "--format", "json"], capsys)
    report = json.loads(out)
    assert report["files"][0]["unit"] == ODD
    assert report["files"][0]["off_rules"] == [{"rule": "BASIS-002", "reason": ODD.strip(), "source": "本文件"}]
    assert any(ODD in f["message"] for f in report["findings"])


def test_workbook_keeps_odd_text_as_text(odd_file, tmp_path, capsys):
    out = tmp_path / "x.xlsx"
    rc, _out, err = run(["export", odd_file, "-o", out], capsys)
    assert rc == 0, err
    ws = openpyxl.load_workbook(out).worksheets[2]
    values = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert any("[b]粗[/b] [/usr]" in v and "|管道|" in v for v in values)
    assert not any(v.startswith("=") for v in values)


def test_a_10_mb_workspace_file_shows(tmp_path, capsys):
    head, sep, rest = SAMPLE.partition("[[projects]]")
    block = sep + rest
    copies = 10_000_000 // len(block.encode("utf-8")) + 1
    path = tmp_path / "全县.toml"
    path.write_text(head + block * copies, encoding="utf-8")
    assert path.stat().st_size > 10_000_000
    start = time.perf_counter()
    rc, out, err = run(["show", path], capsys)
    assert rc == 0, err[:500]
    projects = copies * SAMPLE.count("[[projects]]")
    assert f"共 {projects} 个项目" in out
    assert time.perf_counter() - start < 60  # a guard against hanging, not a speed test


def test_file_names_with_control_characters_are_printed_safely(tmp_path, capsys):
    folder = tmp_path / "单位"
    folder.mkdir()
    (folder / "a\x1b[31mb\u202e.toml").write_text(SAMPLE, encoding="utf-8")
    (folder / "c\x1b[2J.toml").write_text("format = \n", encoding="utf-8")
    for args in (["show", folder], ["check", folder], ["check", folder, "--format", "markdown"],
                 ["export", folder, "-o", tmp_path / "books"]):
        rc, out, err = run(args, capsys)
        assert rc == 2
        assert "[31mb" in out + err and "[2J" in err
        assert not CONTROL.search(out) and not CONTROL.search(err), (args, out, err)
