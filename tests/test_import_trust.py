"""``perftui import`` tells success from failure: a hollow result is no success, a partial
one says what it left out, and odd output targets get a Chinese message (never a traceback)."""

from __future__ import annotations

import errno
import os
from decimal import Decimal
from pathlib import Path

import pytest
from exportkit import fill_disk, run_cli, tiny_disk

from perftui import store
from perftui.importers import import_text

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "tests" / "fixtures" / "seed_wordtext.txt"
SAMPLE = ROOT / "data" / "439001-2023.toml"
SEED_LINES = SEED.read_text(encoding="utf-8").split("\n")

# The same project in another layout (a provincial 申报表), saved from Word as text.
OTHER_LAYOUT = """2023年度项目支出绩效目标申报表
\t（2023年度）

\t项目名称：社区服务项目
\t主管部门及代码：某局

\t项目资金（万元）
\t年度资金总额：
\t77

\t年度总体目标
\t完成社区服务工作

\t绩效指标
\t一级指标：产出指标
\t二级指标：数量指标
\t三级指标：服务人数
\t指标值：≥100人
"""


def run(argv, capsys) -> tuple[int, str, str]:
    rc = run_cli(["import", *map(str, argv)])
    out, err = capsys.readouterr()
    return rc, out, err


def test_a_text_of_another_form_is_read_by_its_labels(tmp_path, capsys):
    """Recognised as the 88号 form by its labels: what has a label is kept (also a label and
    its value in one cell), every other line is named, nothing is dropped silently."""
    source = tmp_path / "申报表.txt"
    source.write_text(OTHER_LAYOUT, encoding="utf-8")
    out_path = tmp_path / "out.toml"
    rc, out, err = run([source, "-o", out_path], capsys)
    assert rc == 0, err
    assert out.startswith("已导入 1 个项目，0 条指标")
    doc = store.load(out_path).doc
    assert doc.form == "88号申报表" and doc.unit.year == 2023
    project = doc.projects[0]
    assert (project.name, project.dept, project.budget) == ("社区服务项目", "某局", Decimal("770000.00"))
    assert project.goals == ["完成社区服务工作"]
    for line in (15, 16, 17, 18):  # the indicator written as label：value lines has no table
        assert f"{source}:{line}: 不认识的单元格" in err


def test_a_document_in_no_known_layout_is_not_a_success(tmp_path, capsys):
    source = tmp_path / "申报表.txt"
    text = OTHER_LAYOUT.replace("项目名称", "名目").replace("年度资金总额", "钱").replace("主管部门及代码", "谁")
    text = text.replace("年度总体目标", "想法").replace("（2023年度）", "2023")
    source.write_text(text, encoding="utf-8")
    rc, out, err = run([source, "-o", tmp_path / "out.toml"], capsys)
    assert rc == 2, err
    assert out == "" and "已导入" not in err
    assert not (tmp_path / "out.toml").exists()
    # What was missing, and where.
    assert f"{source}:2: 第 2–18 行的表格中读不出项目名称、预算金额或任何绩效指标" in err
    assert "没有找到第一部分" in err and "没有可导入的内容，未生成文件" in err
    assert f"{source}:4: " in err and "名目：社区服务项目" in err  # the lines it could not place


def test_the_hollow_result_names_its_reasons():
    result = import_text(OTHER_LAYOUT)
    assert not result.ok and result.doc.projects == []
    assert [(p.line, "表格" in p.message) for p in result.failure] == [(None, False), (2, True)]
    empty = import_text("")
    assert not empty.ok and any("没有找到任何项目绩效目标表" in p.message for p in empty.failure)
    assert import_text(SEED.read_text(encoding="utf-8")).ok


def test_a_hollow_table_in_a_good_document_is_left_out_row_by_row(tmp_path, capsys):
    # A table whose title has no name and whose rows give a code and a goal, but no name,
    # no amount and no indicator: not a project.
    hollow = ["", "绩效目标表", "\t项目编码", "\tX1", "", "\t绩效目标", "\t1.做好工作", "", "\t主管部门：某局", ""]
    text = "\n".join(SEED_LINES[:229] + hollow + SEED_LINES[229:])
    result = import_text(text)
    assert result.ok and len(result.doc.projects) == 7  # the seed's seven; nothing invented
    assert "X1" not in {p.code for p in result.doc.projects}
    title = 229 + 2
    left_out = {n.line: n.message for n in result.notices if "未作为项目导入" in n.message}
    assert set(left_out) == {title, title + 1, title + 4}  # the table, its code row and goal row
    assert f"第 {title}–{title + 7} 行的表格" in left_out[title] and "绩效目标表" in left_out[title]
    assert "项目编码 | X1" in left_out[title + 1] and "绩效目标 | 1.做好工作" in left_out[title + 4]
    assert any(n.line == title + 7 and "主管部门：某局" in n.message for n in result.notices)
    source = tmp_path / "文本.txt"
    source.write_text(text, encoding="utf-8")
    rc, out, err = run([source, "-o", tmp_path / "out.toml"], capsys)
    assert rc == 0 and "已导入 7 个项目" in out
    assert f"{source}:{title + 1}: " in err and f"{source}:{title + 4}: " in err


def test_the_sample_still_imports_byte_for_byte(tmp_path, capsys):
    rc, out, _err = run([SEED, "-o", tmp_path / "out.toml"], capsys)
    assert rc == 0 and "7 个项目，49 条指标，1 条提示" in out
    assert (tmp_path / "out.toml").read_bytes() == SAMPLE.read_bytes()


@pytest.mark.parametrize(
    ("cell", "words"),
    [("99999999999999999999", "金额过大"), ("770000.123", "最多精确到分"), ("1e5", "不是金额")],
)
def test_an_amount_the_data_file_cannot_hold_is_noticed_at_its_line(tmp_path, capsys, cell, words):
    lines = list(SEED_LINES)
    assert lines[41] == "\t770000.00"  # line 42: 预算数 of the first project
    lines[41] = f"\t{cell}"
    source = tmp_path / "文本.txt"
    source.write_text("\n".join(lines), encoding="utf-8")
    rc, _out, err = run([source, "-o", tmp_path / "out.toml"], capsys)
    assert rc == 0, err
    assert f"{source}:42: " in err and words in err
    assert store.load(tmp_path / "out.toml").doc.projects[0].budget is None


def test_a_year_out_of_range_is_not_taken(tmp_path):
    text = "\n".join(SEED_LINES).replace("2023年在县委", "1950年在县委")
    assert import_text(text).doc.unit.year == 2023  # from the project codes


def test_output_onto_a_symlink_loop(tmp_path, capsys):
    loop = tmp_path / "loop.toml"
    loop.symlink_to(loop)
    rc, _out, err = run([SEED, "-o", loop], capsys)
    assert rc == 2 and "符号链接循环指向自己" in err
    assert "Traceback" not in err and "RuntimeError" not in err
    rc, _out, err = run([SEED, "-o", loop, "--force"], capsys)
    assert rc == 2 and "符号链接循环指向自己" in err


def test_output_onto_odd_targets(tmp_path, capsys):
    folder = tmp_path / "文件夹"
    (folder / (SEED.stem + ".toml")).mkdir(parents=True)  # the name it would take is a folder
    rc, _out, err = run([SEED, "-o", folder, "--force"], capsys)
    assert rc == 2 and "这是一个文件夹" in err
    rc, _out, err = run([SEED, "-o", tmp_path / ("长" * 100 + ".toml")], capsys)
    assert rc == 2 and "文件名或路径太长" in err
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    rc, _out, err = run([SEED, "-o", fifo, "--force"], capsys)
    assert rc == 2 and "不是普通文件" in err
    data = tmp_path / "data.toml"
    data.write_bytes(SAMPLE.read_bytes())
    rc, _out, err = run([SEED, "-o", data], capsys)
    assert rc == 2 and "--force" in err and data.read_bytes() == SAMPLE.read_bytes()


def test_output_never_replaces_the_input(tmp_path, capsys):
    source = tmp_path / "文本.txt"
    source.write_bytes(SEED.read_bytes())
    os.link(source, tmp_path / "link.toml")
    rc, _out, err = run([source, "-o", tmp_path / "link.toml", "--force"], capsys)
    assert rc == 2 and "不能是输入文件" in err
    assert source.read_bytes() == SEED.read_bytes()


def test_a_write_failing_part_way_leaves_no_file(tmp_path, capsys, monkeypatch):
    from perftui import atomic

    def fsync(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", fsync)
    rc, _out, err = run([SEED, "-o", tmp_path / "out.toml"], capsys)
    assert rc == 2 and "磁盘空间不足" in err and "No space" not in err
    assert list(tmp_path.iterdir()) == []


def test_a_real_full_disk_leaves_no_file(tmp_path, capsys):
    with tiny_disk(tmp_path / "disk") as disk:
        fill_disk(disk, leave=8192)
        rc, _out, err = run([SEED, "-o", disk / "out.toml"], capsys)
        assert rc == 2 and "磁盘空间不足" in err and "Traceback" not in err
        assert sorted(os.listdir(disk)) == ["filler"]
