"""Problems with input files, reported to users with file, line and key path."""

from __future__ import annotations

import errno
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Problem:
    """One reason a file could not be read or written: its place and a Chinese message."""

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
    errno.EDQUOT: "磁盘配额已满",
    errno.EROFS: "文件系统是只读的",
    errno.EIO: "读写磁盘时出错（输入/输出错误）",
    errno.EFBIG: "文件太大",
    errno.EMFILE: "打开的文件太多",
    errno.ENFILE: "系统打开的文件太多",
    errno.ENOMEM: "内存不足",
    errno.EBUSY: "文件或设备正忙",
    errno.ETXTBSY: "文件正被使用",
    errno.EEXIST: "文件已存在",
    errno.ENOTEMPTY: "文件夹不是空的",
    errno.EXDEV: "不能跨磁盘移动",
    errno.ENXIO: "没有这个设备",
    errno.ENODEV: "没有这个设备",
    errno.EINVAL: "文件名或操作无效",
    errno.EAGAIN: "资源暂时不可用，请稍后再试",
    errno.ETIMEDOUT: "操作超时（网络磁盘无响应？）",
    errno.ESTALE: "网络磁盘上的文件已失效，请重新打开",
}


def os_reason(exc: OSError) -> str:
    """Why an operating-system call failed, in Chinese; an error without a Chinese reason
    is named by its code (the system's own words are English)."""
    known = _OS_REASONS.get(exc.errno or 0)
    if known:
        return known
    code = errno.errorcode.get(exc.errno or 0)
    return f"操作系统拒绝了这个操作（错误代码 {code}）" if code else "操作系统拒绝了这个操作"
