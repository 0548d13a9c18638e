"""An earlier version of a data file, read by git itself (``git show REV:path``).

Every way this can fail says so in Chinese: git missing, the file not in a git
repository, an unknown revision, a file that the revision does not have.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from perftui.errors import DataError, Problem

TIMEOUT = 60  # seconds; git answers in milliseconds on any real repository


class GitError(Exception):
    """The old version could not be had from git; the message (Chinese) says why."""


def _git(folder: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C", "GIT_OPTIONAL_LOCKS": "0"}
    try:
        return subprocess.run(
            ["git", "-C", str(folder), *args], capture_output=True, timeout=TIMEOUT, env=env, check=False
        )
    except FileNotFoundError:
        raise GitError("找不到 git 程序：--since 要用 git 读出旧版本，请先安装 git，或改为给出两个文件") from None
    except subprocess.TimeoutExpired:
        raise GitError(f"git 在 {TIMEOUT} 秒内没有完成，已放弃") from None
    except OSError as exc:
        raise GitError(f"无法运行 git：{exc.strerror or exc}") from None


def old_text(path: str | Path, rev: str) -> bytes:
    """The bytes of ``path`` as committed in revision ``rev``."""
    path = Path(path)
    if not rev.strip() or rev.startswith("-"):
        raise GitError(f"版本 “{rev}” 无效：应是 git 的提交号、分支、标签或 HEAD~1 这样的写法")
    if not path.is_file():
        raise GitError("找不到这个文件")
    folder = path.resolve().parent
    inside = _git(folder, "rev-parse", "--is-inside-work-tree")
    if inside.returncode != 0 or inside.stdout.strip() != b"true":
        raise GitError("这个文件不在 git 仓库中，不能用 --since 比较；请改为给出旧、新两个文件")
    commit = _git(folder, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
    if commit.returncode != 0:
        raise GitError(f"git 仓库中没有版本 “{rev}”（可用 git log 查看提交）")
    sha = commit.stdout.decode("ascii", "replace").strip()
    shown = _git(folder, "show", f"{sha}:./{path.resolve().name}")
    if shown.returncode != 0:
        raise GitError(f"版本 “{rev}” 中还没有这个文件（它在那之后才加入 git，或改过名）")
    return shown.stdout


def old_document(path: str | Path, rev: str):
    """The Document of ``path`` at revision ``rev``; problems name the file as ``REV:name``."""
    from perftui.store import decode, parse

    data = old_text(path, rev)
    label = Path(f"{rev}:{Path(path).name}")
    text, _bom = decode(data, label)
    try:
        return parse(text, label)
    except DataError as exc:
        raise DataError([Problem(label, p.line, p.keypath, p.message) for p in exc.problems]) from None
