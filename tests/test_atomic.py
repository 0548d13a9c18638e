"""The one atomic-write module used by saves (``store``) and workbook exports (``safewrite``)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from perftui import atomic


class Boom(Exception):
    pass


@pytest.mark.parametrize("how", ["bytes", "writer"])
def test_replaces_keeps_mode_and_syncs_file_and_folder(tmp_path: Path, monkeypatch, how):
    target = tmp_path / "a.xlsx"
    target.write_bytes(b"old")
    os.chmod(target, 0o640)
    synced: list[int] = []
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: synced.append(fd) or real_fsync(fd))
    if how == "bytes":
        atomic.write_atomic(target, b"new")
    else:
        atomic.write_atomic_with(target, lambda tmp: Path(tmp).write_bytes(b"new"))
    assert target.read_bytes() == b"new"
    assert target.stat().st_mode & 0o777 == 0o640
    assert len(synced) == 2  # the file, then the folder
    assert [p.name for p in tmp_path.iterdir()] == ["a.xlsx"]


@pytest.mark.parametrize("how", ["bytes", "writer"])
def test_a_failure_leaves_the_old_file_and_no_temporary_file(tmp_path: Path, monkeypatch, how):
    target = tmp_path / "a.toml"
    target.write_bytes(b"old")

    def half(tmp):
        Path(tmp).write_bytes(b"ne")
        raise Boom()

    with pytest.raises(Boom):
        if how == "bytes":
            monkeypatch.setattr(os, "replace", lambda *a: (_ for _ in ()).throw(Boom()))
            atomic.write_atomic(target, b"new")
        else:
            atomic.write_atomic_with(target, half)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.toml"]


def test_os_errors_become_chinese_write_errors(tmp_path: Path):
    with pytest.raises(atomic.WriteError) as exc:
        atomic.write_atomic(tmp_path / "没有" / "a.toml", b"x")
    assert isinstance(exc.value, OSError) and "文件夹不存在" in str(exc.value)
    with pytest.raises(atomic.WriteError) as exc:
        atomic.write_atomic_with(tmp_path / "b.xlsx", lambda tmp: (_ for _ in ()).throw(OSError(28, "full")))
    assert "磁盘空间不足" in str(exc.value)
    assert list(tmp_path.iterdir()) == []


def test_a_new_file_gets_the_usual_mode(tmp_path: Path):
    mask = os.umask(0o022)
    os.umask(mask)
    atomic.write_atomic_with(tmp_path / "n.xlsx", lambda tmp: Path(tmp).write_bytes(b"x"))
    assert (tmp_path / "n.xlsx").stat().st_mode & 0o777 == 0o666 & ~mask
