"""``perftui export``: outputs, project selection, refusal to overwrite an open workbook, atomic write."""

from __future__ import annotations

import os
import zipfile

import openpyxl
import pytest
from exportkit import run_cli, sample_doc, write_doc

from perftui.commands import export as export_cmd


@pytest.fixture
def data(tmp_path):
    return write_doc(sample_doc(), tmp_path / "439001-2023.toml")


def test_file_exports_next_to_itself(data, capsys):
    assert run_cli(["export", str(data)]) == 0
    out = data.with_suffix(".xlsx")
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["部门整体绩效目标", "项目汇总", "1.城镇社区工作经费", "2.国有企业退休人员社会化管理补助资金"]
    assert "已导出" in capsys.readouterr().out
    assert sorted(p.name for p in data.parent.iterdir()) == sorted([data.name, out.name])  # no temp files left


def test_output_option_and_folder_mode(data, tmp_path):
    target = tmp_path / "out" / "绩效目标.xlsx"
    target.parent.mkdir()
    assert run_cli(["export", str(data), "-o", str(target)]) == 0
    assert target.exists()
    write_doc(sample_doc(), tmp_path / "439002-2023.toml")
    assert run_cli(["export", str(tmp_path), "-o", str(tmp_path / "books")]) == 0
    assert sorted(p.name for p in (tmp_path / "books").iterdir()) == ["439001-2023.xlsx", "439002-2023.xlsx"]


def test_project_selection_by_code_and_number(data, tmp_path):
    out = tmp_path / "one.xlsx"
    assert run_cli(["export", str(data), "-o", str(out), "--project", "13022923P00JXC415602F"]) == 0
    assert openpyxl.load_workbook(out).sheetnames[2:] == ["2.国有企业退休人员社会化管理补助资金"]
    assert run_cli(["export", str(data), "-o", str(out), "-p", "1", "-p", "2"]) == 0
    assert len(openpyxl.load_workbook(out).sheetnames) == 4
    out.unlink()
    assert run_cli(["export", str(data), "--project", "2", "13022923P00JXC415060P", "-o", str(out)]) == 0
    assert openpyxl.load_workbook(out).sheetnames[2:] == ["1.城镇社区工作经费", "2.国有企业退休人员社会化管理补助资金"]


def test_unknown_project_is_bad_usage(data, capsys):
    assert run_cli(["export", str(data), "--project", "NOPE"]) == 2
    err = capsys.readouterr().err
    assert "找不到项目" in err and "NOPE" in err
    assert not data.with_suffix(".xlsx").exists()


def test_unreadable_input_gives_2(tmp_path, capsys):
    bad = tmp_path / "bad.toml"
    bad.write_text("format = 1\n[unit\n", encoding="utf-8")
    assert run_cli(["export", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "bad.toml" in err and "Traceback" not in err
    assert run_cli(["export", str(tmp_path / "missing.toml")]) == 2


@pytest.mark.parametrize("lock", ["~$439001-2023.xlsx", "~$9001-2023.xlsx", ".~lock.439001-2023.xlsx#"])
def test_refuses_to_overwrite_an_open_workbook(data, capsys, lock):
    out = data.with_suffix(".xlsx")
    out.write_bytes(b"the workbook someone has open")
    (data.parent / lock).write_bytes(b"owner")
    assert run_cli(["export", str(data)]) == 1
    err = capsys.readouterr().err
    assert "正在 Excel 或 WPS 中打开" in err and "请先关闭" in err
    assert out.read_bytes() == b"the workbook someone has open"
    assert sorted(p.name for p in data.parent.iterdir()) == sorted([data.name, out.name, lock])  # no temp file


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write read-only files")
def test_refuses_a_target_that_cannot_be_written(data, capsys):
    out = data.with_suffix(".xlsx")
    out.write_bytes(b"old")
    out.chmod(0o444)
    try:
        assert run_cli(["export", str(data)]) == 1
        assert "无法写入" in capsys.readouterr().err
        assert out.read_bytes() == b"old"
    finally:
        out.chmod(0o644)


def a_workbook(path):
    """A small stand-in for an earlier export (a zip archive, as every .xlsx is)."""
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("previous.txt", "previous export")
    return path.read_bytes()


def test_failure_mid_write_leaves_the_old_workbook(data, monkeypatch, capsys):
    out = data.with_suffix(".xlsx")
    before = a_workbook(out)

    def broken(doc, path, **kw):
        path.write_bytes(b"half a workbook")
        raise OSError(28, "No space left on device")

    from perftui.export import xlsx

    monkeypatch.setattr(xlsx, "export_workbook", broken)  # the one export path calls it at write time
    assert run_cli(["export", str(data)]) == 1
    err = capsys.readouterr().err
    assert "无法写入" in err and "磁盘空间不足" in err and "原有的工作簿未改动" in err
    assert "No space" not in err and "Traceback" not in err
    assert out.read_bytes() == before
    assert sorted(p.name for p in data.parent.iterdir()) == sorted([data.name, out.name])


def test_existing_file_mode_is_kept(data):
    out = data.with_suffix(".xlsx")
    a_workbook(out)
    out.chmod(0o640)
    assert run_cli(["export", str(data)]) == 0
    assert out.stat().st_mode & 0o777 == 0o640
    assert openpyxl.load_workbook(out).sheetnames[0] == "部门整体绩效目标"


def test_help_is_in_chinese(capsys):
    assert run_cli(["export", "--help"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("用法：") and "选项" in text and "显示本帮助并退出" in text
    assert "usage:" not in text and "show this help" not in text


def test_progress_bar_draws_on_a_terminal():
    import io

    class Tty(io.StringIO):
        def isatty(self):
            return True

    stream = Tty()
    bar = export_cmd.ProgressBar(stream, delay=0)
    bar.label = "a.toml"
    bar.update(5, 10)
    bar.finish()
    assert "导出 [" + "#" * 15 + "." * 15 + "] 5/10 a.toml" in stream.getvalue()
    quiet = io.StringIO()  # not a terminal: nothing drawn
    bar = export_cmd.ProgressBar(quiet, delay=0)
    bar.update(5, 10)
    assert quiet.getvalue() == ""


def test_folder_with_a_project_code_exports_only_the_files_holding_it(tmp_path, capsys):
    doc = sample_doc()
    write_doc(doc, tmp_path / "a.toml")
    other = sample_doc()
    other.projects = other.projects[1:]
    write_doc(other, tmp_path / "b.toml")
    assert run_cli(["export", str(tmp_path), "-p", "13022923P00JXC415060P"]) == 0
    assert (tmp_path / "a.xlsx").exists() and not (tmp_path / "b.xlsx").exists()
    assert openpyxl.load_workbook(tmp_path / "a.xlsx").sheetnames[2:] == ["1.城镇社区工作经费"]


def test_folder_with_a_broken_file_exports_the_others(tmp_path, capsys):
    write_doc(sample_doc(), tmp_path / "good.toml")
    (tmp_path / "broken.toml").write_text("format = 1\nprojects = 3\n", encoding="utf-8")
    assert run_cli(["export", str(tmp_path)]) == 2
    captured = capsys.readouterr()
    assert "broken.toml" in captured.err and "Traceback" not in captured.err
    assert (tmp_path / "good.xlsx").exists() and not (tmp_path / "broken.xlsx").exists()


def test_findings_option_adds_the_check_results(data):
    assert run_cli(["export", str(data), "--findings"]) == 0
    wb = openpyxl.load_workbook(data.with_suffix(".xlsx"))
    ws = wb["审核意见"]
    rules = [ws.cell(r, 3).value for r in range(3, ws.max_row + 1)]
    assert "COST-002" in rules  # 成本 115万元 above the 770000.00 budget of project 1


def test_word_and_pdf_exports_by_name_or_format(data, tmp_path, capsys):
    import docx

    out = tmp_path / "文本.docx"
    assert run_cli(["export", str(data), "-o", str(out)]) == 0
    assert docx.Document(str(out)).tables  # a real Word document
    assert run_cli(["export", str(data), "--format", "docx"]) == 0
    assert data.with_suffix(".docx").read_bytes()[:2] == b"PK"
    capsys.readouterr()
    # A name that says another format than --format, and sheets a Word document cannot have.
    assert run_cli(["export", str(data), "-o", str(tmp_path / "x.docx"), "--format", "xlsx"]) == 2
    assert "扩展名" in capsys.readouterr().err
    for option in ("--findings", "--review"):
        assert run_cli(["export", str(data), "--format", "docx", option]) == 2
        assert "只用于工作簿" in capsys.readouterr().err


def test_pdf_without_libreoffice_names_the_package(data, tmp_path, capsys, monkeypatch):
    from perftui.export import pdf

    monkeypatch.setattr(pdf, "converter", lambda: None)
    out = tmp_path / "文本.pdf"
    assert run_cli(["export", str(data), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "LibreOffice" in err and "libreoffice-writer-nogui" in err and not out.exists()
    assert run_cli(["export", str(data), "-o", str(out), "--pdf-from", "xlsx"]) == 1
    assert "libreoffice-calc-nogui" in capsys.readouterr().err


def test_an_existing_file_of_another_kind_is_not_replaced(data, tmp_path, capsys):
    out = tmp_path / "说明.docx"
    out.write_text("我的文字", encoding="utf-8")
    assert run_cli(["export", str(data), "-o", str(out)]) == 1
    assert "不是 Word 文档" in capsys.readouterr().err and out.read_text(encoding="utf-8") == "我的文字"
