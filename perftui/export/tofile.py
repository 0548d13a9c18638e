"""Exporting a document to a file (workbook, Word document or PDF): the one path
``perftui export`` and the app's export key both take.

Before anything is written the export refuses a target that is its own input (or another
data file), a file open in Excel/Word/WPS (its lock file), an existing file that is not of
the kind being written, and (for a workbook) texts longer than an Excel cell holds (they
would be cut). The file is then written to a temporary file beside the target and renamed
over it, so on any failure (disk full, no permission, read-only file system, name too long,
symlink loop…) the previous file is left exactly as it was. A PDF is the Word document (or
the workbook) converted by LibreOffice, run headless in a private profile; without
LibreOffice the export says which Debian package to install. Every refusal and failure is
an ``ExportRefused`` with a Chinese message.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from perftui.errors import Problem
from perftui.export.safewrite import TargetBusy, check_target, lock_files, write_atomically
from perftui.locate import index_lines, line_of
from perftui.model import Document, Project
from perftui.outputs import PATH_ERRNOS, FileSet, write_reason

if TYPE_CHECKING:
    from perftui.layout.grid import Grid

Progress = Callable[[int, int], None]
DATA_SUFFIX = ".toml"
EXCEL_CELL_CHARS = 32767  # Excel keeps at most this many characters in a cell
FORMATS = ("xlsx", "docx", "pdf")


@dataclass(frozen=True, slots=True)
class Kind:
    """What one export format is called, and how its files begin (an empty file may be replaced too)."""

    noun: str  # 工作簿
    name: str  # Excel 工作簿
    magic: bytes


KINDS: dict[str, Kind] = {
    "xlsx": Kind("工作簿", "Excel 工作簿", b"PK\x03\x04"),
    "docx": Kind("Word 文档", "Word 文档", b"PK\x03\x04"),
    "pdf": Kind("PDF 文件", "PDF 文件", b"%PDF-"),
}


def format_of(target: str | Path, default: str = "xlsx") -> str:
    """The export format a file name asks for (by its suffix), else ``default``."""
    suffix = Path(target).suffix.lower().lstrip(".")
    return suffix if suffix in FORMATS else default


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
    """What an export wrote: the file and how many projects it holds."""

    path: Path
    projects: int


def refuse_input(target: Path, inputs: FileSet | Iterable[Path | None], fmt: str = "xlsx") -> None:
    """Raise ExportRefused (usage) when an export at ``target`` would replace an input
    file or a data file: the same file by any name, or a name ending in .toml. (Give a
    FileSet when checking many targets against many inputs.)"""
    kind = KINDS[fmt]
    known = inputs if isinstance(inputs, FileSet) else FileSet(inputs)
    hit = known.find(target)
    if hit is not None:
        raise ExportRefused(
            f"没有导出：输出 {target} 就是输入的数据文件 {hit}，不能用{kind.noun}覆盖它；请另选 .{fmt} 文件名"
            "（命令行用 -o 指定）",
            usage=True,
        )
    if target.suffix.lower() == DATA_SUFFIX:
        raise ExportRefused(
            f"没有导出：输出 {target} 是数据文件（.toml），不能用{kind.noun}覆盖它；请另选 .{fmt} 文件名", usage=True
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
    fmt: str | None = None,
    pdf_from: str = "docx",
) -> Exported:
    """Write ``doc`` at ``target`` as a workbook, a Word document or a PDF (``fmt``, else
    the target's suffix, else a workbook); see the module docstring.

    ``source`` is the data file the document came from (never overwritten; it names the
    fields of over-long texts), ``text`` its content as on disk (for line numbers: give it
    only when ``doc`` is what that text says), ``protect`` further files that must not be
    overwritten (the other inputs of a folder export). ``pdf_from`` says what a PDF is
    converted from: the Word document (``docx``) or the workbook (``xlsx``)."""
    target = Path(target)
    fmt = fmt or format_of(target)
    inputs = FileSet([source, *protect])
    refuse_input(target, inputs, fmt)
    if fmt == "xlsx" or fmt == "pdf" and pdf_from == "xlsx":
        _refuse_overlong(doc, projects, source, text, target)
    real = Path(os.path.realpath(target))  # through a symlink to the file it names, as saves do
    if real != Path(os.path.abspath(target)):  # a symlink on the way: check the name given too
        refuse_input(real, inputs, fmt)
        _refuse_locked(target, fmt)
    chosen = len(doc.projects if projects is None else projects)
    _refuse_special(real, target, fmt)
    if fmt == "pdf":
        from perftui.export.pdf import converter

        soffice = converter()
        if soffice is None:
            from perftui.export.pdf import missing_message

            raise ExportRefused(missing_message(target, pdf_from))
    try:
        check_target(real)  # open in Excel/WPS, a folder, no folder: before looking inside
        _refuse_foreign(real, target, fmt)
        write_atomically(real, _writer(doc, fmt, projects, progress, findings, pdf_from, target, review))
    except TargetBusy as exc:
        raise ExportRefused(str(exc)) from None
    except ExportRefused:
        raise
    except OSError as exc:  # WriteError included: the OS error of the temporary file or the rename
        raise ExportRefused(_write_failed(target, exc, fmt), usage=exc.errno in PATH_ERRNOS) from None
    except Exception as exc:  # the library's own errors (XlsxWriter, python-docx): never a traceback
        raise ExportRefused(_library_failed(target, exc, fmt)) from None
    return Exported(target, chosen)


def _writer(doc, fmt, projects, progress, findings, pdf_from, target, review=None) -> Callable[[Path], object]:
    if fmt == "xlsx":
        from perftui.export.xlsx import export_workbook

        return lambda tmp: export_workbook(doc, tmp, projects=projects, progress=progress, findings=findings,
                                           review=review)
    if fmt == "docx":
        from perftui.export.docstyle import user_style
        from perftui.export.docx import export_document

        style, _ = user_style()
        return lambda tmp: export_document(doc, tmp, projects=projects, style=style)

    def to_pdf(tmp: Path) -> None:
        from perftui.export.pdf import ConversionFailed, convert

        try:
            convert(doc, tmp, projects=projects, source=pdf_from, findings=findings, review=review)
        except ConversionFailed as exc:
            raise ExportRefused(f"没有导出 {target}：{exc}") from None

    return to_pdf


def _library_failed(target: Path, exc: Exception, fmt: str) -> str:
    name = type(exc).__name__
    if name == "FileSizeError":
        return f"没有导出 {target}：工作簿超过 4 GB，Excel 打不开；请分几次导出（--project）"
    return f"没有导出 {target}：生成{KINDS[fmt].noun}时出错（{name}）；请把此情况告诉维护人员"


def _refuse_overlong(
    doc: Document, projects: Sequence[Project] | None, source: Path | None, text: str | None, target: Path
) -> None:
    from perftui.export.xlsx import overlong_texts

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


def _refuse_locked(link: Path, fmt: str = "xlsx") -> None:
    """Lock files beside the name given (a symlink): Excel may have opened it by that name."""
    locks = lock_files(link)
    if locks:
        raise ExportRefused(
            f"没有导出：{link} 似乎正在 Excel、Word 或 WPS 中打开（发现锁文件 {locks[0].name}）。"
            f"请先关闭这个{KINDS[fmt].noun}再导出。"
        )


def _refuse_special(real: Path, target: Path, fmt: str = "xlsx") -> None:
    """A device or pipe is not replaced by a file (and is never opened: that may block)."""
    if real.exists() and not real.is_dir() and not real.is_file():
        raise ExportRefused(
            f"没有导出：{target} 不是普通文件（是设备或管道），不能用{KINDS[fmt].noun}替换它", usage=True
        )


def _refuse_foreign(real: Path, target: Path, fmt: str = "xlsx") -> None:
    """An existing file of another kind (a data file, a document…) is someone's work."""
    kind = KINDS[fmt]
    try:
        if not real.is_file():
            return  # missing, or a folder: safewrite says so
        with open(real, "rb") as f:
            head = f.read(len(kind.magic))
    except OSError:
        return  # unreadable: the write itself reports why, with the old file kept
    if head and head != kind.magic:
        raise ExportRefused(
            f"没有导出：{target} 已存在，但不是 {kind.name}（可能是数据文件或别的文件）；为免覆盖它，"
            "请另选文件名，或先把它改名或删除"
        )


def _write_failed(target: Path, exc: OSError, fmt: str = "xlsx") -> str:
    try:
        existed = os.path.lexists(target)
    except (OSError, ValueError):
        existed = False
    kept = f"原有的{KINDS[fmt].noun}未改动" if existed else "没有留下不完整的文件"
    return f"没有导出：无法写入 {target}：{write_reason(exc)}（{kept}）"
