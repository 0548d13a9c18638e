"""The lock a save holds on its data file, so that two saves of one file never both succeed.

A save takes the lock, re-checks the file on disk, writes and renames, and lets go; a second
save of the same file (another app session, a script) waits for it and then finds the file
changed. The lock is ``fcntl.flock`` on a hidden sidecar ``.NAME.lock`` beside the file
(``store.discover`` lists only ``*.toml`` files that are not hidden). The kernel releases it
when its holder dies, so a killed save never blocks the next one.

The sidecar is removed when the lock is let go, while still held; a save that was waiting on
the removed file finds that it is no longer the one at the sidecar's path and starts over
on the new one. So the folder keeps only what the user put there; a killed save's sidecar
stays until the next save of that file removes it.

Where ``fcntl`` is missing (Windows) or the file system has no locks, a save goes on without
the lock (it still re-checks the file just before the rename).
"""

from __future__ import annotations

import errno
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from perftui.atomic import WriteError

try:
    import fcntl
except ImportError:  # pragma: no cover - not on Windows
    fcntl = None  # type: ignore[assignment]

WAIT_SECONDS = 10.0  # how long a save waits for another save of the same file
_POLL = 0.005
_NO_LOCKS = {errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOSYS}


class SaveBusyError(WriteError):
    """Another save of the same file held the lock for longer than a save waits."""

    def __init__(self, path: Path, waited: float):
        super().__init__(
            path,
            OSError(errno.EAGAIN, "busy"),
            f"没有保存：{path} 正由另一个保存占用（已等待 {waited:g} 秒仍未结束，可能是另一个窗口或程序卡住了）。"
            "本次修改仍在，请稍后再保存；若确认没有其他保存在进行，可删除锁文件 "
            f"{lock_path(path).name} 后重试",
        )


def lock_path(target: Path) -> Path:
    """The sidecar locked while ``target`` is being saved."""
    return target.with_name(f".{target.name}.lock")


@contextmanager
def held(target: Path, *, wait: float | None = None) -> Iterator[None]:
    """Hold the save lock of ``target`` (the real file, not a symlink to it) for the block.

    Raises SaveBusyError after ``wait`` seconds (default ``WAIT_SECONDS``), WriteError when
    the sidecar cannot be made (the folder is not writable, missing…). Always released."""
    fd = _acquire(lock_path(target), target, WAIT_SECONDS if wait is None else wait)
    try:
        yield
    finally:
        if fd is not None:
            _release(lock_path(target), fd)


def _acquire(lock: Path, target: Path, wait: float) -> int | None:
    if fcntl is None:
        return None
    deadline = time.monotonic() + wait
    while True:
        fd = _open(lock, target)
        try:
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise SaveBusyError(target, wait) from None
                    time.sleep(_POLL)
                except OSError as exc:
                    if exc.errno in _NO_LOCKS:  # a file system without locks: go on without
                        os.close(fd)
                        return None
                    raise WriteError(target, exc) from exc
            if _is_current(fd, lock):
                return fd
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)  # the holder removed it as it let go: lock the one there now


def _open(lock: Path, target: Path) -> int:
    # Open for writing where we may: over NFS an exclusive flock needs it.
    flags = getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        while True:
            try:
                fd = os.open(lock, flags | os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
                break
            except FileExistsError:
                try:
                    try:
                        return os.open(lock, flags | os.O_RDWR)
                    except PermissionError:  # another user's sidecar: reading is enough for flock here
                        return os.open(lock, flags | os.O_RDONLY)
                except FileNotFoundError:  # its holder let go and removed it just now: make it anew
                    continue
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise WriteError(target, exc, f"没有保存：锁文件 {lock} 是符号链接（出于安全不使用），请删除它后再保存") from None
        raise WriteError(target, exc) from None
    # Whoever may write the data file may lock it: the data file's mode, whatever our umask.
    try:
        mode = (os.stat(target).st_mode & 0o666) | 0o600
    except OSError:
        mode = 0o644
    try:
        os.fchmod(fd, mode)
    except OSError:
        pass
    return fd


def _is_current(fd: int, lock: Path) -> bool:
    try:
        return os.path.samestat(os.fstat(fd), os.lstat(lock))
    except OSError:
        return False


def _release(lock: Path, fd: int) -> None:
    try:
        if _is_current(fd, lock):
            os.unlink(lock)
    except OSError:
        pass  # e.g. a sticky folder: the sidecar stays, the lock still goes
    finally:
        os.close(fd)
