"""Saves that never lose an edit: the save lock, the re-check just before the rename,
read-only files, temporary files that killed saves left (see also test_save_processes.py)."""

from __future__ import annotations

import argparse
import copy
import os
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from perftui import atomic, savelock, store, tomledit
from perftui.commands import import_

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "439001-2023.toml"
SEED = Path(__file__).resolve().parent / "fixtures" / "seed_wordtext.txt"


@pytest.fixture
def data_file(tmp_path: Path) -> Path:
    path = tmp_path / "data" / SAMPLE.name
    path.parent.mkdir()
    path.write_bytes(SAMPLE.read_bytes())
    return path


def edited(path: Path) -> tuple[store.Loaded, object]:
    loaded = store.load(path)
    doc = copy.deepcopy(loaded.doc)
    doc.projects[0].indicators[0].value = "≥77个"
    return loaded, doc


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# --- the re-check under the lock ----------------------------------------------------------


def test_a_change_made_while_the_save_works_is_a_conflict_not_a_lost_edit(data_file: Path, monkeypatch):
    """Someone else saves after our first check, while our save is still patching: the
    re-check just before the rename refuses, and their version stays."""
    loaded, doc = edited(data_file)
    theirs = data_file.read_text(encoding="utf-8").replace("玉田县无终街道办事处本级", "别人改的", 1)
    real = tomledit.apply_chunked

    def patch_meanwhile(*args):
        data_file.write_text(theirs, encoding="utf-8")
        return real(*args)

    monkeypatch.setattr(tomledit, "apply_chunked", patch_meanwhile)
    with pytest.raises(store.ConflictError) as exc:
        store.save(loaded, doc)
    assert "其他人或其他程序修改" in exc.value.message
    assert data_file.read_text(encoding="utf-8") == theirs
    assert names(data_file.parent) == [data_file.name]  # no temp file, no lock left


def test_a_change_made_during_the_write_is_caught_just_before_the_rename(data_file: Path, monkeypatch):
    loaded, doc = edited(data_file)
    theirs = data_file.read_bytes() + b"\n# theirs\n"
    real_chmod = atomic.os.chmod

    def chmod_then_someone_saves(path, mode, *a, **kw):  # the last step before the re-check
        real_chmod(path, mode, *a, **kw)
        if ".tmp" in str(path):
            data_file.write_bytes(theirs)

    monkeypatch.setattr(atomic.os, "chmod", chmod_then_someone_saves)
    with pytest.raises(store.ConflictError):
        store.save(loaded, doc)
    assert data_file.read_bytes() == theirs
    assert names(data_file.parent) == [data_file.name]


# --- the lock -----------------------------------------------------------------------------


def test_a_save_waits_for_the_lock_then_refuses_in_chinese(data_file: Path, monkeypatch):
    monkeypatch.setattr(savelock, "WAIT_SECONDS", 0.2)
    before = data_file.read_bytes()
    loaded, doc = edited(data_file)
    with savelock.held(data_file):  # another save hangs with the lock
        with pytest.raises(store.SaveBusyError) as exc:
            store.save(loaded, doc)
    message = str(exc.value)
    assert isinstance(exc.value, OSError) and "另一个保存占用" in message and "0.2 秒" in message
    assert savelock.lock_path(data_file).name in message
    assert data_file.read_bytes() == before
    store.save(loaded, doc)  # the lock is free again: the same save now goes through
    assert store.load(data_file).doc.projects[0].indicators[0].value == "≥77个"
    assert names(data_file.parent) == [data_file.name]


def test_a_waiting_save_goes_on_when_the_lock_is_let_go(data_file: Path):
    loaded, doc = edited(data_file)
    done: list[object] = []
    with savelock.held(data_file):
        worker = threading.Thread(target=lambda: done.append(store.save(loaded, doc)))
        worker.start()
        worker.join(0.3)
        assert not done  # still waiting for the lock
    worker.join(30)
    assert len(done) == 1 and store.load(data_file).doc.projects[0].indicators[0].value == "≥77个"


@pytest.mark.parametrize("failure", ["conflict", "disk full", "read-only", "bug in the re-check"])
def test_the_lock_is_let_go_on_every_path(data_file: Path, monkeypatch, failure: str):
    loaded, doc = edited(data_file)
    if failure == "conflict":
        real = tomledit.apply_chunked
        monkeypatch.setattr(tomledit, "apply_chunked",
                            lambda *a: (data_file.write_text("format = 1\n", encoding="utf-8"), real(*a))[1])
        expected: type[BaseException] = store.ConflictError
    elif failure == "disk full":
        monkeypatch.setattr(atomic.os, "fsync", lambda fd: (_ for _ in ()).throw(OSError(28, "No space left")))
        expected = store.WriteError
    elif failure == "read-only":
        real_chmod = atomic.os.chmod
        monkeypatch.setattr(atomic.os, "chmod", lambda p, m, *a, **k: (
            real_chmod(p, m, *a, **k), ".tmp" in str(p) and real_chmod(data_file, 0o444))[0])
        expected = store.ReadOnlyFileError
    else:
        monkeypatch.setattr(store, "check_unchanged", lambda loaded: (_ for _ in ()).throw(KeyError("x")))
        expected = KeyError
    with pytest.raises(expected):
        store.save(loaded, doc)
    assert not savelock.lock_path(data_file).exists()
    with savelock.held(data_file, wait=0):  # free at once
        pass
    assert names(data_file.parent) == [data_file.name]


def test_a_lock_removed_between_seeing_it_and_opening_it_is_made_anew(data_file: Path, monkeypatch):
    """The holder lets go (removing its sidecar) just after a waiting save saw the sidecar
    exist and before it opened it: the waiting save makes the sidecar again and takes it
    (it used to fail with 文件夹不存在)."""
    real_open = os.open
    lock = savelock.lock_path(data_file)
    calls: list[str] = []

    def racing_open(path, flags, *args):
        if Path(path) == lock and not calls:
            calls.append("exists")
            raise FileExistsError(17, "exists", str(path))  # the holder's sidecar, seen …
        if Path(path) == lock and calls == ["exists"]:
            calls.append("gone")
            raise FileNotFoundError(2, "gone", str(path))  # … and removed as it let go
        return real_open(path, flags, *args)

    monkeypatch.setattr(savelock.os, "open", racing_open)
    with savelock.held(data_file, wait=1):
        assert lock.exists()
    assert calls == ["exists", "gone"]
    assert not lock.exists()


def test_a_symlink_planted_as_the_lock_is_refused(data_file: Path, tmp_path: Path):
    victim = tmp_path / "victim"
    victim.write_text("keep", encoding="utf-8")
    savelock.lock_path(data_file).symlink_to(victim)
    loaded, doc = edited(data_file)
    with pytest.raises(store.WriteError) as exc:
        store.save(loaded, doc)
    assert "符号链接" in str(exc.value)
    assert victim.read_text(encoding="utf-8") == "keep" and store.load(data_file).doc == loaded.doc


def test_the_lock_of_a_symlinked_file_is_beside_the_real_file(data_file: Path, tmp_path: Path, monkeypatch):
    monkeypatch.setattr(savelock, "WAIT_SECONDS", 0.1)
    link = tmp_path / "link.toml"
    link.symlink_to(data_file)
    loaded, doc = edited(link)
    with savelock.held(data_file):
        with pytest.raises(store.SaveBusyError):
            store.save(loaded, doc)
    store.save(loaded, doc)
    assert link.is_symlink() and names(tmp_path) == ["data", "link.toml"]


def test_discover_never_lists_the_lock_or_temporary_files(data_file: Path):
    folder = data_file.parent
    savelock.lock_path(data_file).touch()
    (folder / f".{data_file.name}.123-abcdefgh.tmp").touch()
    assert store.discover(folder) == [data_file]


def test_save_as_and_import_take_the_same_lock(data_file: Path, tmp_path: Path, monkeypatch):
    monkeypatch.setattr(savelock, "WAIT_SECONDS", 0.1)
    doc = store.load(data_file).doc
    with savelock.held(data_file):
        with pytest.raises(store.SaveBusyError):
            store.save_as(doc, data_file, overwrite=True)
        parser = argparse.ArgumentParser(prog="perftui")
        import_.register(parser.add_subparsers(dest="command"))
        args = parser.parse_args(["import", str(SEED), "-o", str(data_file), "--force"])
        assert args.func(args) == 2  # refused with the message, no traceback
    assert data_file.read_bytes() == SAMPLE.read_bytes()


def test_save_as_refuses_a_file_made_meanwhile(tmp_path: Path, monkeypatch):
    target = tmp_path / "new.toml"
    doc = store.load(SAMPLE).doc
    real = atomic.os.chmod

    def someone_makes_it(p, m, *a, **k):
        real(p, m, *a, **k)
        if ".tmp" in str(p):
            target.write_text("theirs", encoding="utf-8")

    monkeypatch.setattr(atomic.os, "chmod", someone_makes_it)
    with pytest.raises(store.ConflictError):
        store.save_as(doc, target)
    assert target.read_text(encoding="utf-8") == "theirs"


# --- read-only files -----------------------------------------------------------------------


def test_a_read_only_file_is_not_replaced_without_asking(data_file: Path):
    os.chmod(data_file, 0o444)
    before = data_file.read_bytes()
    loaded, doc = edited(data_file)
    with pytest.raises(store.ReadOnlyFileError) as exc:
        store.save(loaded, doc)
    assert "只读文件" in str(exc.value) and str(data_file) in str(exc.value)
    assert isinstance(exc.value, store.WriteError)  # every caller of a save reports it
    assert data_file.read_bytes() == before
    saved = store.save(loaded, doc, replace_read_only=True)  # the user confirmed
    assert stat.S_IMODE(data_file.stat().st_mode) == 0o444  # and it stays read-only
    assert store.load(data_file).doc == saved.doc
    assert names(data_file.parent) == [data_file.name]


def test_save_as_over_a_read_only_file_asks_too(data_file: Path, tmp_path: Path):
    target = tmp_path / "other.toml"
    target.write_bytes(SAMPLE.read_bytes())
    os.chmod(target, 0o440)
    doc = store.load(data_file).doc
    doc.unit.name = "另存"
    with pytest.raises(store.ReadOnlyFileError):
        store.save_as(doc, target, overwrite=True)
    assert target.read_bytes() == SAMPLE.read_bytes()
    store.save_as(doc, target, overwrite=True, replace_read_only=True)
    assert store.load(target).doc.unit.name == "另存" and stat.S_IMODE(target.stat().st_mode) == 0o440


def test_import_over_a_read_only_file_is_refused(data_file: Path, capsys):
    os.chmod(data_file, 0o444)
    parser = argparse.ArgumentParser(prog="perftui")
    import_.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["import", str(SEED), "-o", str(data_file), "--force"])
    assert args.func(args) == 2
    assert "只读文件" in capsys.readouterr().err
    assert data_file.read_bytes() == SAMPLE.read_bytes()


def _stat(mode: int, uid: int, gid: int) -> os.stat_result:
    return os.stat_result((stat.S_IFREG | mode, 1, 1, 1, uid, gid, 0, 0, 0, 0))


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="owner/group/other bits are POSIX")
@pytest.mark.parametrize(
    ("mode", "uid", "gid", "expected"),
    [
        (0o644, 1000, 1000, False),  # own file, owner may write
        (0o444, 1000, 1000, True),
        (0o464, 1000, 1000, True),  # owner bits apply to the owner, even if the group may write
        (0o464, 2000, 1000, False),  # a member of the group may
        (0o644, 2000, 1000, True),
        (0o446, 2000, 3000, False),  # others may
        (0o664, 2000, 3000, True),
        (0o666, 0, 0, False),  # root's file that everyone may write
    ],
)
def test_read_only_is_read_from_the_mode_bits(monkeypatch, mode, uid, gid, expected):
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    monkeypatch.setattr(os, "getegid", lambda: 1000)
    monkeypatch.setattr(os, "getgroups", lambda: [1000])
    assert store.read_only(_stat(mode, uid, gid)) is expected


@pytest.mark.parametrize(("mode", "expected"), [(0o444, True), (0o400, True), (0o644, False), (0o464, False)])
def test_for_root_a_file_no_one_may_write_is_read_only(monkeypatch, mode, expected):
    monkeypatch.setattr(os, "geteuid", lambda: 0)
    assert store.read_only(_stat(mode, 1000, 1000)) is expected


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root may write any file: nothing to compare")
@pytest.mark.parametrize("mode", [0o644, 0o444, 0o464, 0o200])
def test_read_only_agrees_with_the_system(tmp_path: Path, mode: int):
    path = tmp_path / "f.toml"
    path.write_text("", encoding="utf-8")
    os.chmod(path, mode)
    assert store.read_only(os.stat(path)) is (not os.access(path, os.W_OK))


# --- temporary files killed saves left -------------------------------------------------------


def _gone_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_the_next_save_removes_what_killed_saves_left_and_only_that(data_file: Path):
    folder, name = data_file.parent, data_file.name
    old = time.time() - atomic.STALE_TEMP_SECONDS - 60
    dead = folder / f".{name}.{_gone_pid()}-abcdefgh.tmp"  # its writer is gone
    ancient = folder / f".{name}.x1y2z3w4.tmp"  # an earlier version's name, long ago
    recent = folder / f".{name}.q1w2e3r4.tmp"  # the same, just now: a writer may be at work
    alive = folder / f".{name}.{os.getpid()}-abcdefgh.tmp"  # a running writer's
    other = folder / f".other.toml.{_gone_pid()}-abcdefgh.tmp"  # another file's
    notes = folder / f".{name}.notes.tmp"  # not our pattern
    for p in (dead, ancient, recent, alive, other, notes):
        p.write_bytes(b"half")
    os.utime(ancient, (old, old))
    loaded, doc = edited(data_file)
    store.save(loaded, doc)
    assert names(folder) == sorted(p.name for p in (data_file, recent, alive, other, notes))
    os.utime(recent, (old, old))
    os.utime(alive, (old, old))  # a pid long running (or reused): the age decides
    store.save(store.load(data_file), doc)
    assert names(folder) == sorted(p.name for p in (data_file, other, notes))


def test_temporary_files_are_not_touched_while_another_save_holds_the_lock(data_file: Path):
    dead = data_file.with_name(f".{data_file.name}.{_gone_pid()}-abcdefgh.tmp")
    dead.write_bytes(b"half")
    loaded, doc = edited(data_file)
    worker = threading.Thread(target=store.save, args=(loaded, doc))
    with savelock.held(data_file):
        worker.start()
        worker.join(0.3)
        assert dead.exists()
    worker.join(30)
    assert not dead.exists()


def test_temporary_files_carry_the_writers_pid(tmp_path: Path, monkeypatch):
    seen: list[str] = []
    real = atomic.os.replace
    monkeypatch.setattr(atomic.os, "replace", lambda src, dst: (seen.append(Path(src).name), real(src, dst))[1])
    atomic.write_atomic(tmp_path / "a.toml", b"x")
    assert len(seen) == 1 and seen[0].startswith(f".a.toml.{os.getpid()}-") and seen[0].endswith(".tmp")
    assert atomic.stale_temps(tmp_path / "a.toml") == []
