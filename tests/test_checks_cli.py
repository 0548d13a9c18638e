"""``perftui check``: formats, severity filter, folders, exit codes."""

from __future__ import annotations

import json
import shutil

import pytest
from checkskit import clean_doc, no_user_config  # noqa: F401

from perftui.cli import main
from perftui.resources import sample_path
from perftui.store import dumps


@pytest.fixture
def seed_file(tmp_path):
    path = tmp_path / "439001-2023.toml"
    shutil.copy(sample_path(), path)
    return path


@pytest.fixture
def clean_file(tmp_path):
    path = tmp_path / "clean.toml"
    path.write_text(dumps(clean_doc()), encoding="utf-8")
    return path


def test_seed_has_errors_exit_1_with_summary(seed_file, capsys):
    assert main(["check", str(seed_file), "--width", "100"]) == 1
    out = capsys.readouterr().out
    assert out.rstrip().endswith("11 错误 · 32 警告 · 22 提示")
    assert "COST-002" in out and "玉田县无终街道办事处本级（2023年 · 7 个项目）" in out


def test_clean_file_exit_0(clean_file, capsys):
    assert main(["check", str(clean_file)]) == 0
    out = capsys.readouterr().out
    assert "没有发现问题。" in out and "0 错误 · 0 警告 · 0 提示" in out


def test_min_severity_filters_output_not_exit(seed_file, capsys):
    assert main(["check", str(seed_file), "--min-severity", "错误"]) == 1
    out = capsys.readouterr().out
    assert "警告  " not in out and "提示  " not in out and "COST-001" in out
    assert main(["check", str(seed_file), "-s", "warning", "-f", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert {f["severity"] for f in data["findings"]} == {"错误", "警告"}
    assert data["summary"]["hint"] == 22  # the summary counts everything


def test_json_for_scripts(seed_file, capsys):
    assert main(["check", str(seed_file), "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["summary"] == {"error": 11, "warning": 32, "hint": 22, "files": 1, "unreadable": 0,
                               "text": "11 错误 · 32 警告 · 22 提示"}
    f = next(f for f in data["findings"] if f["rule"] == "COST-002")
    assert f["file"] == str(seed_file) and f["project_code"] == "13022923P00JXC415060P"
    assert (f["indicator_index"], f["indicator_row"], f["field"], f["severity"], f["severity_key"]) == (3, 4, "value", "错误", "error")
    assert f["message"].startswith("项目「城镇社区工作经费」")


def test_markdown_review_note(seed_file, capsys):
    assert main(["check", str(seed_file), "--format", "markdown"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("# 绩效目标审核意见")
    assert "| 错误 | COST-002 | 13022923P00JXC415060P 第4行 |" in out
    assert "**合计：11 错误 · 32 警告 · 22 提示**" in out


def test_folder_with_broken_file_reports_it_and_checks_the_rest(tmp_path, seed_file, clean_file, capsys):
    (tmp_path / "broken.toml").write_text("format = 1\n[unit\n", encoding="utf-8")
    assert main(["check", str(tmp_path), "-f", "json"]) == 2
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    assert data["summary"]["files"] == 2 and data["summary"]["unreadable"] == 1
    assert data["problems"][0]["file"].endswith("broken.toml") and data["problems"][0]["line"] == 2
    assert "broken.toml:2" in captured.err


def test_missing_path_exit_2(tmp_path, capsys):
    assert main(["check", str(tmp_path / "nope.toml")]) == 2
    assert "找不到" in capsys.readouterr().err


def test_empty_folder_exit_2(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    assert main(["check", str(tmp_path / "empty")]) == 2
    assert "没有数据文件" in capsys.readouterr().err


def test_off_rules_are_shown(tmp_path, capsys):
    doc = clean_doc()
    doc.checks = {"off": {"PLAN-004": "年底一次性支付"}}
    path = tmp_path / "off.toml"
    path.write_text(dumps(doc), encoding="utf-8")
    assert main(["check", str(path)]) == 0
    assert "已关闭的规则：PLAN-004 — 年底一次性支付" in capsys.readouterr().out


def test_bad_severity_is_a_usage_error(seed_file, capsys):
    assert main(["check", str(seed_file), "--min-severity", "严重"]) == 2
    captured = capsys.readouterr()
    assert "用法错误：--min-severity 的值「严重」无法识别" in captured.err and captured.out == ""


def test_help_is_chinese(capsys):
    with pytest.raises(SystemExit):
        main(["check", "--help"])
    out = capsys.readouterr().out
    assert out.startswith("用法：") and "退出码" in out and "--min-severity" in out
