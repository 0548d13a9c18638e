"""Where a command may write what it makes: never over its own input, whatever the names.

Shared by ``export`` (workbooks) and ``import`` (data files).
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterable
from pathlib import Path

from perftui.errors import os_reason

# Errors that say the path itself is wrong (bad usage), not that writing failed on the way.
PATH_ERRNOS = frozenset({errno.ENOENT, errno.ENOTDIR, errno.ELOOP, errno.ENAMETOOLONG, errno.EISDIR})
# Reasons worded for writing a file (errors.os_reason words the rest).
_WRITE_REASONS = {
    errno.EACCES: "没有写入权限",
    errno.EPERM: "没有写入权限",
    errno.ENOENT: "文件夹不存在",
}


def write_reason(exc: OSError) -> str:
    """Why a file could not be written, in Chinese."""
    return _WRITE_REASONS.get(exc.errno or 0) or os_reason(exc)


class FileSet:
    """Files an output must never replace, known by identity (device and inode: hard links,
    symlinks, other spellings of the path) and by resolved path (for a target that does not
    exist yet). Built once, asked for each target in constant time."""

    def __init__(self, paths: Iterable[Path | None]):
        self._ids: dict[tuple[int, int], Path] = {}
        self._real: dict[str, Path] = {}
        for path in paths:
            if path is None:
                continue
            ident = _identity(path)
            if ident is not None:
                self._ids.setdefault(ident, path)
            real = _resolved(path)
            if real is not None:
                self._real.setdefault(real, path)

    def find(self, target: Path) -> Path | None:
        """The file of the set that ``target`` is, or None."""
        ident = _identity(target)
        if ident is not None and ident in self._ids:
            return self._ids[ident]
        real = _resolved(target)
        return self._real.get(real) if real is not None else None


def same_file(a: Path, b: Path) -> bool:
    """``a`` and ``b`` name one file (see FileSet)."""
    return FileSet([b]).find(a) is not None


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except (OSError, ValueError):  # missing, a symlink loop, a name the system refuses
        return None
    return (st.st_dev, st.st_ino)


def _resolved(path: Path) -> str | None:
    try:
        return os.path.realpath(path)
    except (OSError, ValueError):
        return None
