"""Replacing a file all at once, so that no one ever sees it half-written.

The new content goes to a temporary file in the same folder (a rename across folders
would not be atomic), is flushed to disk, gets the old file's mode and owner, and is
renamed over the target; the folder is synced so the rename itself survives a crash. On
any failure the temporary file is removed and the old file is left exactly as it was.

A process killed mid-write cannot remove its temporary file. The name says whose it is,
``.NAME.PID-XXXXXXXX.tmp`` beside ``NAME``, so that ``remove_stale_temps`` (called by a save
while it holds the file's lock, see ``perftui.savelock``) can clear what killed writes left.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import time
from collections.abc import Callable
from pathlib import Path

from perftui.errors import os_reason

# A temporary file whose writer is still alive is removed only after this long: its pid may
# have been reused, or it may be from another machine sharing the folder.
STALE_TEMP_SECONDS = 120.0


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

    def __init__(self, path: Path, cause: OSError, message: str | None = None):
        reason = self._REASONS.get(cause.errno or 0) or os_reason(cause)
        super().__init__(cause.errno, message or f"无法写入 {path}：{reason}（原文件未改动）")
        self.path = path

    def __str__(self) -> str:
        return self.strerror or ""


def write_atomic(
    path: Path, data: bytes, *, mode: int | None = None, before_replace: Callable[[], object] | None = None
) -> os.stat_result:
    """Replace ``path`` by ``data``. ``mode`` defaults to the old file's mode (or the usual
    mode of a new file). OS errors come out as WriteError with a Chinese message.
    ``before_replace`` runs when the new content is safely on disk, just before the rename:
    an exception from it leaves the old file (a save re-checks the file there)."""

    def fill(fd: int, _tmp: Path) -> None:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())

    return _replace(path, fill, mode, before_replace)


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


def _replace(
    path: Path, fill: Callable[[int, Path], None], mode: int | None, before_replace: Callable[[], object] | None = None
) -> os.stat_result:
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
        import tempfile  # here: reading commands (check, show, diff) never load it (≈ 3 ms)

        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}-", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise WriteError(path, exc) from exc
    tmp = Path(tmp_name)
    try:
        fill(fd, tmp)
        if old is not None:
            _keep_owner(tmp, old)
        os.chmod(tmp, mode)
        if before_replace is not None:
            before_replace()
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


def _temp_pattern(name: str) -> re.Pattern[str]:
    # mkstemp's 8 random characters; files of earlier versions have no pid.
    return re.compile(r"\." + re.escape(name) + r"\.(?:(\d+)-)?[a-z0-9_]{8}\.tmp")


def stale_temps(path: Path, *, older_than: float = STALE_TEMP_SECONDS) -> list[Path]:
    """Temporary files that earlier writes of ``path`` left beside it: their writer is gone
    (the pid in the name is no running process here) or they are older than ``older_than``
    seconds. Only meaningful while no other write of ``path`` can run (under its lock)."""
    pattern = _temp_pattern(path.name)
    found: list[Path] = []
    try:
        with os.scandir(path.parent) as listing:
            entries = list(listing)
    except OSError:
        return found
    now = time.time()
    for entry in entries:
        m = pattern.fullmatch(entry.name)
        if m is None:
            continue
        try:
            st = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if not stat.S_ISREG(st.st_mode):
            continue
        pid = int(m.group(1)) if m.group(1) else None
        if (pid is not None and not _running(pid)) or now - st.st_mtime > older_than:
            found.append(Path(entry.path))
    return found


def remove_stale_temps(path: Path, *, older_than: float = STALE_TEMP_SECONDS) -> list[Path]:
    """Remove what ``stale_temps`` finds; a file that cannot be removed is left (never an error)."""
    removed = []
    for tmp in stale_temps(path, older_than=older_than):
        try:
            tmp.unlink()
        except OSError:
            continue
        removed.append(tmp)
    return removed


def _running(pid: int) -> bool:
    """Whether a process ``pid`` runs on this machine (when unsure: yes)."""
    if pid == os.getpid():
        return True
    if os.name != "posix":  # os.kill would end the process there
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # e.g. another user's process
        return True
    return True


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
