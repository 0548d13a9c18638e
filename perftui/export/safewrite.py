"""Writing a workbook safely: never over one that is open, never half-written.

Excel and WPS leave an owner file ``~$name.xlsx`` next to an open workbook (for long
names Excel drops the first one or two characters: ``~$port2023.xlsx``); LibreOffice
leaves ``.~lock.name.xlsx#``. On Windows the open workbook itself cannot be opened for
writing. The new workbook is written to a temporary file in the same folder and renamed
over the target only when complete.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from pathlib import Path

from perftui.atomic import WriteError, write_atomic_with


class TargetBusy(Exception):
    """The target workbook cannot be written now; the message (Chinese) says why."""


def lock_files(target: Path) -> list[Path]:
    """Owner/lock files next to ``target`` that say someone has it open."""
    name = target.name
    names = ["~$" + name, ".~lock." + name + "#"]
    stem = target.stem
    if len(stem) >= 7:
        names.append("~$" + name[1:])
    if len(stem) >= 8:
        names.append("~$" + name[2:])
    return [target.with_name(n) for n in names if target.with_name(n).exists()]


def check_target(target: Path) -> None:
    """Raise TargetBusy when ``target`` is open in Excel/WPS or cannot be written."""
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise TargetBusy(f"无法写入 {target}：文件夹 {folder} 不存在")
    if target.is_dir():
        raise TargetBusy(f"无法写入 {target}：这是一个文件夹")
    locks = lock_files(target)
    if locks:
        raise TargetBusy(
            f"没有导出：{target} 似乎正在 Excel 或 WPS 中打开（发现锁文件 {locks[0].name}）。"
            "请先关闭这个工作簿再导出，或另选文件名（命令行用 -o）。"
            "若确认没有打开，可删除该锁文件后重试。"
        )
    if target.exists():
        try:
            with open(target, "r+b"):
                pass
        except PermissionError:
            raise TargetBusy(
                f"没有导出：{target} 无法写入（正被其他程序占用或没有写权限）。请关闭后重试，或另选文件名（命令行用 -o）。"
            ) from None
    if not os.access(folder, os.W_OK):
        raise TargetBusy(f"无法写入 {target}：没有在文件夹 {folder} 中创建文件的权限")


def write_atomically(target: Path, write: Callable[[Path], object]) -> Path:
    """Call ``write(tmp)`` to produce the file in a temporary path beside ``target``, then
    rename it over ``target``. On any failure the temporary file is removed and an existing
    ``target`` is left untouched."""
    check_target(target)
    try:
        write_atomic_with(target, write)
    except WriteError as exc:
        # On Windows an open workbook cannot be replaced; elsewhere this is a plain permission error.
        if os.name == "nt" and exc.errno in (errno.EACCES, errno.EPERM) and target.exists():
            raise TargetBusy(
                f"没有导出：{target} 正被其他程序占用，无法替换。请关闭后重试，或另选文件名（命令行用 -o）。"
            ) from None
        raise
    return target
