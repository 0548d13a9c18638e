"""Replacing a file all at once, so that no one ever sees it half-written.

The new content goes to a temporary file in the same folder (a rename across folders
would not be atomic), is flushed to disk, gets the old file's mode and owner, and is
renamed over the target; the folder is synced so the rename itself survives a crash. On
any failure the temporary file is removed and the old file is left exactly as it was.
"""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from perftui.errors import os_reason


class WriteError(OSError):
    """A file could not be written (no permission, disk full…); the old file is intact."""

    _REASONS = {
        errno.EACCES: "没有写入权限",
        errno.EPERM: "没有写入权限",
        errno.ENOSPC: "磁盘空间不足",
        errno.EDQUOT: "磁盘配额已满",
        errno.EROFS: "文件系统是只读的",
        errno.ENOENT: "文件夹不存在",
        errno.EISDIR: "这是一个文件夹",
    }

    def __init__(self, path: Path, cause: OSError):
        reason = self._REASONS.get(cause.errno or 0) or os_reason(cause)
        super().__init__(cause.errno, f"无法写入 {path}：{reason}（原文件未改动）")
        self.path = path

    def __str__(self) -> str:
        return self.strerror or ""


def write_atomic(path: Path, data: bytes, *, mode: int | None = None) -> os.stat_result:
    """Replace ``path`` by ``data``. ``mode`` defaults to the old file's mode (or the usual
    mode of a new file). OS errors come out as WriteError with a Chinese message."""

    def fill(fd: int, _tmp: Path) -> None:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())

    return _replace(path, fill, mode)


def write_atomic_with(path: Path, write: Callable[[Path], object], *, mode: int | None = None) -> os.stat_result:
    """Replace ``path`` by the file that ``write(tmp)`` produces at a temporary path (for
    writers that want a file name, such as a workbook library). Exceptions from ``write``
    other than OS errors pass through unchanged."""

    def fill(fd: int, tmp: Path) -> None:
        os.close(fd)
        write(tmp)
        with open(tmp, "rb") as f:
            os.fsync(f.fileno())

    return _replace(path, fill, mode)


def _replace(path: Path, fill: Callable[[int, Path], None], mode: int | None) -> os.stat_result:
    folder = path.parent
    try:
        old = os.stat(path)
    except FileNotFoundError:
        old = None
    except OSError as exc:
        raise WriteError(path, exc) from exc
    if mode is None:
        mode = old.st_mode & 0o7777 if old else 0o666 & ~_umask()
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise WriteError(path, exc) from exc
    tmp = Path(tmp_name)
    try:
        fill(fd, tmp)
        if old is not None:
            _keep_owner(tmp, old)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException as exc:
        try:
            tmp.unlink()
        except FileNotFoundError:
            pass
        if isinstance(exc, OSError) and not isinstance(exc, WriteError):
            raise WriteError(path, exc) from exc
        raise
    _fsync_dir(folder)
    return os.stat(path)


def _umask() -> int:
    # Read it where the system shows it: setting it to read it back is not thread-safe.
    try:
        with open("/proc/self/status", encoding="ascii", errors="replace") as f:
            for line in f:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _keep_owner(tmp: Path, old: os.stat_result) -> None:
    """Give the new file the old one's group (and owner, when allowed): shared folders stay shared."""
    if not hasattr(os, "chown"):
        return
    try:
        os.chown(tmp, old.st_uid, old.st_gid)
    except OSError:
        try:
            os.chown(tmp, -1, old.st_gid)
        except OSError:
            pass


def _fsync_dir(folder: Path) -> None:
    # Makes the rename itself durable; not possible on every platform or filesystem.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
