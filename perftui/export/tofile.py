"""Exporting a document to a workbook file: the one path ``perftui export`` and the app's
export key both take.

Before anything is written the export refuses a target that is its own input (or another
data file), a workbook open in Excel/WPS (its lock file), an existing file that is not a
workbook, and texts longer than an Excel cell holds (they would be cut). The workbook is
then written to a temporary file beside the target and renamed over it, so on any failure
(disk full, no permission, read-only file system, name too long, symlink loop…) the
previous workbook is left exactly as it was. Every refusal and failure is an
``ExportRefused`` with a Chinese message.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from xlsxwriter.exceptions import FileSizeError, XlsxWriterException

from perftui.errors import Problem
from perftui.export.safewrite import TargetBusy, check_target, lock_files, write_atomically
from perftui.export.xlsx import EXCEL_CELL_CHARS, Progress, export_workbook, overlong_texts
from perftui.layout.grid import Grid
from perftui.locate import index_lines, line_of
from perftui.model import Document, Project
from perftui.outputs import PATH_ERRNOS, FileSet, write_reason

# How every .xlsx (a zip archive) begins; an empty file may be replaced too.
_WORKBOOK_MAGIC = b"PK\x03\x04"
DATA_SUFFIX = ".toml"


class ExportRefused(Exception):
    """No workbook was written and an existing one at the target is untouched.

    ``str()`` is the Chinese message; ``problems`` name the fields at fault (file, line, key
    path); ``usage`` is set when the target is wrong whatever the state of the disk (the
    input itself, a data file, a path that cannot exist) rather than a failure to write."""

    def __init__(self, message: str, problems: Sequence[Problem] = (), *, usage: bool = False):
        super().__init__(message)
        self.problems = list(problems)
        self.usage = usage


@dataclass(frozen=True, slots=True)
class Exported:
    path: Path
    projects: int


def refuse_input(target: Path, inputs: FileSet | Iterable[Path | None]) -> None:
    """Raise ExportRefused (usage) when a workbook at ``target`` would replace an input
    file or a data file: the same file by any name, or a name ending in .toml. (Give a
    FileSet when checking many targets against many inputs.)"""
    known = inputs if isinstance(inputs, FileSet) else FileSet(inputs)
    hit = known.find(target)
    if hit is not None:
        raise ExportRefused(
            f"没有导出：输出 {target} 就是输入的数据文件 {hit}，不能用工作簿覆盖它；请另选 .xlsx 文件名"
            "（命令行用 -o 指定）",
            usage=True,
        )
    if target.suffix.lower() == DATA_SUFFIX:
        raise ExportRefused(
            f"没有导出：输出 {target} 是数据文件（.toml），不能用工作簿覆盖它；请另选 .xlsx 文件名", usage=True
        )


def export_file(
    doc: Document,
    target: str | Path,
    *,
    source: Path | None = None,
    text: str | None = None,
    protect: Iterable[Path] = (),
    projects: Sequence[Project] | None = None,
    findings: Sequence[tuple[str, str, str, str]] | None = None,
    review: Grid | None = None,
    progress: Progress | None = None,
) -> Exported:
    """Write ``doc`` as a workbook at ``target``; see the module docstring.

    ``source`` is the data file the document came from (never overwritten; it names the
    fields of over-long texts), ``text`` its content as on disk (for line numbers: give it
    only when ``doc`` is what that text says), ``protect`` further files that must not be
    overwritten (the other inputs of a folder export)."""
    target = Path(target)
    inputs = FileSet([source, *protect])
    refuse_input(target, inputs)
    _refuse_overlong(doc, projects, source, text, target)
    real = Path(os.path.realpath(target))  # through a symlink to the workbook it names, as saves do
    if real != Path(os.path.abspath(target)):  # a symlink on the way: check the name given too
        refuse_input(real, inputs)
        _refuse_locked(target)
    chosen = len(doc.projects if projects is None else projects)
    _refuse_special(real, target)
    try:
        check_target(real)  # open in Excel/WPS, a folder, no folder: before looking inside
        _refuse_foreign(real, target)
        write_atomically(
            real, lambda tmp: export_workbook(doc, tmp, projects=projects, progress=progress, findings=findings,
                                              review=review)
        )
    except TargetBusy as exc:
        raise ExportRefused(str(exc)) from None
    except OSError as exc:  # WriteError included: the OS error of the temporary file or the rename
        raise ExportRefused(_write_failed(target, exc), usage=exc.errno in PATH_ERRNOS) from None
    except FileSizeError:
        raise ExportRefused(f"没有导出 {target}：工作簿超过 4 GB，Excel 打不开；请分几次导出（--project）") from None
    except XlsxWriterException as exc:
        raise ExportRefused(
            f"没有导出 {target}：生成工作簿时出错（{type(exc).__name__}）；请把此情况告诉维护人员"
        ) from None
    return Exported(target, chosen)


def _refuse_overlong(
    doc: Document, projects: Sequence[Project] | None, source: Path | None, text: str | None, target: Path
) -> None:
    too_long = overlong_texts(doc, projects)
    if not too_long:
        return
    index = index_lines(text) if text is not None else {}
    problems = [
        Problem(
            source,
            line_of(key, index),
            key,
            f"这段文字有 {n} 个字符，超过 Excel 单元格最多能存的 {EXCEL_CELL_CHARS} 个字符，导出会丢字；请缩短后再导出",
        )
        for key, n in too_long
    ]
    raise ExportRefused(
        f"没有导出 {target}：有 {len(problems)} 段文字超过 Excel 单元格的 {EXCEL_CELL_CHARS} 个字符，导出会被截断",
        problems,
    )


def _refuse_locked(link: Path) -> None:
    """Lock files beside the name given (a symlink): Excel may have opened it by that name."""
    locks = lock_files(link)
    if locks:
        raise ExportRefused(
            f"没有导出：{link} 似乎正在 Excel 或 WPS 中打开（发现锁文件 {locks[0].name}）。请先关闭这个工作簿再导出。"
        )


def _refuse_special(real: Path, target: Path) -> None:
    """A device or pipe is not replaced by a file (and is never opened: that may block)."""
    if real.exists() and not real.is_dir() and not real.is_file():
        raise ExportRefused(f"没有导出：{target} 不是普通文件（是设备或管道），不能用工作簿替换它", usage=True)


def _refuse_foreign(real: Path, target: Path) -> None:
    """An existing file that is not a workbook (a data file, a document…) is someone's work."""
    try:
        if not real.is_file():
            return  # missing, or a folder: safewrite says so
        with open(real, "rb") as f:
            head = f.read(len(_WORKBOOK_MAGIC))
    except OSError:
        return  # unreadable: the write itself reports why, with the old file kept
    if head and head != _WORKBOOK_MAGIC:
        raise ExportRefused(
            f"没有导出：{target} 已存在，但不是 Excel 工作簿（可能是数据文件或别的文件）；为免覆盖它，"
            "请另选文件名，或先把它改名或删除"
        )


def _write_failed(target: Path, exc: OSError) -> str:
    try:
        existed = os.path.lexists(target)
    except (OSError, ValueError):
        existed = False
    kept = "原有的工作簿未改动" if existed else "没有留下不完整的文件"
    return f"没有导出：无法写入 {target}：{write_reason(exc)}（{kept}）"
