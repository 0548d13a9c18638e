"""Problems with input files, reported to users with file, line and key path."""

from __future__ import annotations

import errno
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Problem:
    path: Path | None
    line: int | None  # 1-based, None when unknown
    keypath: str  # e.g. "projects[3].indicators[2].value" ("" for the whole file)
    message: str  # Chinese, says what is wrong and how to fix it
    # Where in a Word or Excel file (``表 3 第 5 行第 2 格``, ``项目1!C7``), instead of a line.
    place: str = ""

    def __str__(self) -> str:
        where = str(self.path) if self.path else "<输入>"
        if self.line:
            where += f":{self.line}"
        if self.place:
            where += f" {self.place}"
        keypath = self.keypath if len(self.keypath) <= 120 else self.keypath[:120] + "…"  # a pasted-in huge key
        key = f" [{keypath}]" if keypath else ""
        return f"{where}{key}: {self.message}"


class DataError(Exception):
    """A file could not be read as a perftui document; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class UsageError(Exception):
    """Bad command-line usage (exit code 2), with a Chinese message."""


_OS_REASONS = {
    errno.ENOENT: "找不到这个文件或文件夹",
    errno.EACCES: "没有访问权限",
    errno.EPERM: "没有访问权限",
    errno.ENAMETOOLONG: "文件名或路径太长",
    errno.ELOOP: "符号链接循环指向自己",
    errno.ENOTDIR: "路径中有一段不是文件夹",
    errno.EISDIR: "这是一个文件夹",
    errno.ENOSPC: "磁盘空间不足",
    errno.EROFS: "文件系统是只读的",
    errno.EDQUOT: "磁盘配额已满",
    errno.EFBIG: "文件太大",
    errno.EIO: "读写出错（磁盘或网络故障）",
    errno.EBUSY: "文件正被占用",
    errno.ETXTBSY: "文件正被占用",
    errno.EEXIST: "文件已存在",
    errno.EMFILE: "打开的文件太多",
    errno.ENFILE: "打开的文件太多",
}


def os_reason(exc: OSError) -> str:
    """Why an operating-system call failed, in Chinese; an error without a Chinese wording is
    named by its code (``系统错误 EXDEV``), never by the system's English words."""
    reason = _OS_REASONS.get(exc.errno or 0)
    if reason:
        return reason
    if exc.errno:
        return f"系统错误 {errno.errorcode.get(exc.errno, exc.errno)}"
    return str(exc) or "系统错误"  # no code: a message of our own
