"""The one export path (perftui.export.tofile) as ``perftui export`` takes it: never over its
own input by any name, never over a file that is not a workbook, every OS error a Chinese
message (never a traceback), the previous workbook intact on any failure.

The app's export key takes the same path: tests/test_tui_export.py.
"""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from exportkit import fill_disk, run_cli, sample_doc, tiny_disk, write_doc

from perftui.export import xlsx


@pytest.fixture
def data(tmp_path):
    return write_doc(sample_doc(), tmp_path / "439001-2023.toml")


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def fail_part_way(monkeypatch, code: int) -> None:
    """The workbook's bytes get half-way onto the disk, then the OS refuses (disk full …)."""
    real_open = open

    class HalfWritten:
        def __init__(self, path, mode):
            self.file = real_open(path, mode)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.file.close()

        def write(self, data):
            self.file.write(bytes(data[: len(data) // 2]))
            self.file.flush()
            raise OSError(code, os.strerror(code))

    monkeypatch.setattr(xlsx, "open", HalfWritten, raising=False)


def test_a_data_file_named_xlsx_is_not_replaced_by_its_own_workbook(tmp_path, capsys):
    data = write_doc(sample_doc(), tmp_path / "data.xlsx")
    before = data.read_bytes()
    assert run_cli(["export", str(data)]) == 2
    err = capsys.readouterr().err
    assert "就是输入的数据文件" in err and "Traceback" not in err
    assert data.read_bytes() == before
    assert names(tmp_path) == ["data.xlsx"]


@pytest.mark.parametrize("alias", ["hard link", "symlink", "folder alias"])
def test_no_other_name_of_the_input_is_written_over(tmp_path, capsys, alias):
    data = write_doc(sample_doc(), tmp_path / "d.xlsx")
    before = data.read_bytes()
    out = tmp_path / "book.xlsx"
    if alias == "hard link":
        os.link(data, out)
    elif alias == "symlink":
        out.symlink_to(data)
    else:
        (tmp_path / "alias").symlink_to(tmp_path)
        out = tmp_path / "alias" / "d.xlsx"
    assert run_cli(["export", str(data), "-o", str(out)]) == 2
    assert "不能用工作簿覆盖" in capsys.readouterr().err
    assert data.read_bytes() == before


def test_a_folder_export_never_writes_over_another_of_its_inputs(tmp_path, capsys):
    a = write_doc(sample_doc(), tmp_path / "a.toml")
    b = write_doc(sample_doc(), tmp_path / "b.toml")
    (tmp_path / "a.xlsx").symlink_to(b)  # a's workbook name leads to b's data
    before = b.read_bytes()
    assert run_cli(["export", str(tmp_path)]) == 2
    assert "不能用工作簿覆盖" in capsys.readouterr().err
    assert b.read_bytes() == before and a.is_file()
    assert not (tmp_path / "b.xlsx").exists()  # refused before anything was written


def test_an_existing_file_that_is_not_a_workbook_is_kept(data, tmp_path, capsys):
    notes = tmp_path / "报告.xlsx"
    notes.write_text("我的笔记：不是工作簿", encoding="utf-8")
    assert run_cli(["export", str(data), "-o", str(notes)]) == 1
    assert "不是 Excel 工作簿" in capsys.readouterr().err
    assert notes.read_text(encoding="utf-8") == "我的笔记：不是工作簿"
    notes.write_bytes(b"")  # an empty file holds nothing to lose
    assert run_cli(["export", str(data), "-o", str(notes)]) == 0
    assert openpyxl.load_workbook(notes).sheetnames[0] == "部门整体绩效目标"


@pytest.mark.parametrize(
    ("code", "words"),
    [
        (errno.ENOSPC, "磁盘空间不足"),
        (errno.EDQUOT, "磁盘配额已满"),
        (errno.EACCES, "没有写入权限"),
        (errno.EROFS, "文件系统是只读的"),
        (errno.EIO, "读写磁盘时出错"),
        (errno.EFBIG, "文件太大"),
        (errno.EXDEV, "不能跨磁盘移动"),
        (errno.ENOLINK, "操作系统拒绝了这个操作（错误代码 ENOLINK）"),
    ],
)
def test_an_os_error_part_way_is_a_chinese_message_and_the_old_workbook_stays(data, monkeypatch, capsys, code, words):
    out = data.with_suffix(".xlsx")
    assert run_cli(["export", str(data)]) == 0
    before = out.read_bytes()
    capsys.readouterr()
    fail_part_way(monkeypatch, code)
    assert run_cli(["export", str(data)]) == 1
    err = capsys.readouterr().err
    assert f"无法写入 {out}：{words}" in err and "原有的工作簿未改动" in err
    assert os.strerror(code) not in err and "Traceback" not in err
    assert out.read_bytes() == before
    assert names(data.parent) == sorted([data.name, out.name])  # no temporary file left


def test_a_failed_first_export_leaves_no_file(data, monkeypatch, capsys):
    fail_part_way(monkeypatch, errno.ENOSPC)
    assert run_cli(["export", str(data)]) == 1
    assert "没有留下不完整的文件" in capsys.readouterr().err
    assert names(data.parent) == [data.name]


def test_odd_targets_get_a_chinese_message(data, tmp_path, capsys):
    loop = tmp_path / "loop.xlsx"
    loop.symlink_to(loop)
    assert run_cli(["export", str(data), "-o", str(loop)]) == 2
    err = capsys.readouterr().err
    assert "符号链接循环指向自己" in err and "Traceback" not in err
    long = tmp_path / ("长" * 100 + ".xlsx")  # 300 bytes: longer than a file name may be
    assert run_cli(["export", str(data), "-o", str(long)]) == 2
    assert "文件名或路径太长" in capsys.readouterr().err
    fifo = tmp_path / "pipe.xlsx"
    os.mkfifo(fifo)
    assert run_cli(["export", str(data), "-o", str(fifo)]) == 2
    assert "不是普通文件" in capsys.readouterr().err
    assert names(tmp_path) == sorted([data.name, loop.name, fifo.name])


def test_the_core_refuses_an_open_workbook_and_reports_success(data, tmp_path):
    from perftui import store
    from perftui.export.tofile import ExportRefused, export_file

    loaded = store.load(data)
    out = tmp_path / "book.xlsx"
    done = export_file(loaded.doc, out, source=data, text=loaded.text)
    assert (done.path, done.projects) == (out, 2)
    before = out.read_bytes()
    (tmp_path / "~$book.xlsx").write_bytes(b"owner")
    with pytest.raises(ExportRefused) as refused:
        export_file(loaded.doc, out, source=data)
    assert "正在 Excel 或 WPS 中打开" in str(refused.value) and not refused.value.usage
    assert out.read_bytes() == before


def test_overlong_texts_are_refused_with_file_line_and_field(data):
    from perftui import store
    from perftui.export.tofile import ExportRefused, export_file

    text = data.read_text(encoding="utf-8").replace('name = "人数"', f'name = "{"长" * 40000}"')
    data.write_text(text, encoding="utf-8")
    loaded = store.load(data)
    with pytest.raises(ExportRefused) as refused:
        export_file(loaded.doc, data.with_suffix(".xlsx"), source=data, text=loaded.text)
    [problem] = refused.value.problems
    assert problem.keypath == "projects[2].indicators[1].name"
    assert problem.line == text[: text.index("长" * 10)].count("\n") + 1
    assert "40000" in problem.message and "32767" in problem.message
    assert not data.with_suffix(".xlsx").exists()


def test_a_real_full_disk_keeps_the_previous_workbook(tmp_path):
    """A small tmpfs filled up: the real OS error, through the real entry point."""
    with tiny_disk(tmp_path / "disk") as disk:
        data = write_doc(sample_doc(), disk / "439001-2023.toml")
        out = data.with_suffix(".xlsx")
        assert run_cli(["export", str(data)]) == 0
        before = out.read_bytes()
        fill_disk(disk, leave=2048)
        proc = subprocess.run(
            [sys.executable, "-m", "perftui", "export", str(data)],
            capture_output=True, text=True, timeout=120, env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        )  # fmt: skip
        assert proc.returncode == 1, proc.stderr
        assert "磁盘空间不足" in proc.stderr and "原有的工作簿未改动" in proc.stderr
        assert "Traceback" not in proc.stderr and "No space" not in proc.stderr
        assert out.read_bytes() == before and zipfile.is_zipfile(out)
        assert names(disk) == sorted([data.name, out.name, "filler"])


def test_a_read_only_file_system_keeps_the_previous_workbook(tmp_path, capsys):
    with tiny_disk(tmp_path / "disk", size="256k") as disk:
        data = write_doc(sample_doc(), disk / "439001-2023.toml")
        out = data.with_suffix(".xlsx")
        assert run_cli(["export", str(data)]) == 0
        before = out.read_bytes()
        capsys.readouterr()
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True, capture_output=True, timeout=20)
        assert run_cli(["export", str(data)]) == 1
        err = capsys.readouterr().err
        assert "只读" in err and "Traceback" not in err
        assert out.read_bytes() == before
