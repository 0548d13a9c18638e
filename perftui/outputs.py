"""Where a command may write what it makes: never over its own input, whatever the names.

Shared by ``export`` (workbooks) and ``import`` (data files).
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterable
from pathlib import Path

# Errors that say the path itself is wrong (bad usage), not that writing failed on the way.
PATH_ERRNOS = frozenset({errno.ENOENT, errno.ENOTDIR, errno.ELOOP, errno.ENAMETOOLONG, errno.EISDIR})


def same_file(a: Path, b: Path) -> bool:
    """One file under two names: the same inode (hard link, symlink, another spelling of the
    path) or, when one does not exist yet, the same resolved path."""
    try:
        if os.path.samefile(a, b):
            return True
    except (OSError, ValueError):
        pass  # one is missing, a symlink loop, a name the system refuses
    try:
        return os.path.realpath(a) == os.path.realpath(b)
    except (OSError, ValueError):
        return False


def input_among(target: Path, inputs: Iterable[Path | None]) -> Path | None:
    """The input file that ``target`` is (see ``same_file``), or None."""
    for source in inputs:
        if source is not None and same_file(target, source):
            return source
    return None
