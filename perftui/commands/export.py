"""``perftui export``: data files to workbooks, Word documents or PDFs in the printed form layout."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import TextIO

from perftui.commands.common import (
    EXIT_INPUT,
    EXIT_OK,
    chinese_parser,
    find_project,
    load_one_path,
    report,
    say,
)
from perftui.errors import UsageError
from perftui.export.tofile import FORMATS, ExportRefused, export_file, format_of, refuse_input
from perftui.gcpause import collector_paused
from perftui.model import Document, Project
from perftui.outputs import FileSet
from perftui.safetext import one_line

EXIT_FAILED = 1  # a workbook could not be written


def register(sub) -> None:
    p = chinese_parser(
        sub,
        "export",
        help="导出为 Excel 工作簿、Word 文档或 PDF（正式打印版式）",
        description=(
            "把数据文件导出为 Excel 工作簿（部门整体绩效目标、项目汇总、每个项目一张绩效目标表）、"
            "Word 文档（整本绩效文本：第一部分、第二部分，每个项目一张表）或 PDF（由 LibreOffice 转换），"
            "按数据文件的表样（form）打印，A4 纸，可在 Excel、Word 和 WPS 中打开。"
        ),
        epilog=(
            "示例：\n"
            "  perftui export data/439001-2023.toml                 # 生成 data/439001-2023.xlsx\n"
            "  perftui export data/439001-2023.toml -o 绩效文本.docx  # Word 文档（按 -o 的扩展名）\n"
            "  perftui export data/439001-2023.toml --format pdf    # 生成 data/439001-2023.pdf\n"
            "  perftui export data/ -o 导出/                        # 文件夹中每个文件一个工作簿\n"
            "  perftui export data/439001-2023.toml --project 13022923P00JXC415060P\n\n"
            "文件正在 Excel/Word/WPS 中打开时不会覆盖它（请先关闭）；不会覆盖数据文件，也不会覆盖别种的已有文件；\n"
            "工作簿中文字超过 Excel 单元格的 32767 个字符时不导出（不会悄悄截断）。写入失败时原有的文件保持不变。\n"
            "PDF 需要 LibreOffice（Debian 软件包 libreoffice-writer-nogui，从工作簿转换还需 libreoffice-calc-nogui）。\n"
            "Word 文档的字体、字号见 docs/export.md（config.toml 的 [document] 表）。\n"
            "退出码：0 成功；1 有文件没能写出（如正被打开、没有 LibreOffice）；2 输入文件无法读取或用法错误。"
        ),
    )
    p.add_argument("path", metavar="路径", help="数据文件（.toml）或文件夹")
    p.add_argument(
        "-o",
        "--output",
        metavar="输出",
        help="输出的文件（.xlsx / .docx / .pdf）；输入是文件夹时为输出文件夹（默认：与数据文件同名同处）",
    )
    p.add_argument(
        "--format",
        "-f",
        choices=FORMATS,
        metavar="格式",
        help="xlsx（工作簿，默认）、docx（Word 文档）或 pdf；省略时按 -o 的扩展名",
    )
    p.add_argument(
        "--pdf-from",
        choices=("docx", "xlsx"),
        default="docx",
        metavar="来源",
        help="PDF 由什么转换：docx（Word 文档，默认）或 xlsx（工作簿）",
    )
    p.add_argument(
        "--project",
        "-p",
        action="extend",
        nargs="+",
        metavar="编码",
        help="只导出这些项目（项目编码；单个文件时也可用序号）；可写多个",
    )
    p.add_argument("--findings", action="store_true", help="另加一张“审核意见”工作表，列出审核规则发现的问题")
    p.add_argument("--review", action="store_true",
                   help="另加一张“审核报告”工作表：审核状态、审核意见和检查结果（同 perftui review）")
    p.set_defaults(func=run)


class ProgressBar:
    """A one-line text bar on stderr, shown only on a terminal and only once work takes a while."""

    def __init__(self, stream: TextIO | None = None, delay: float = 0.3, width: int = 30) -> None:
        self.stream = stream or sys.stderr  # looked up now: sys.stderr may have been replaced
        self.enabled = self.stream.isatty()
        self.delay = delay
        self.width = width
        self.start = time.monotonic()
        self.shown = False
        self.label = ""

    def update(self, done: int, total: int) -> None:
        if not self.enabled or time.monotonic() - self.start < self.delay:
            return
        filled = int(self.width * done / max(total, 1))
        bar = "#" * filled + "." * (self.width - filled)
        self.stream.write(f"\r导出 [{bar}] {done}/{total} {self.label}\x1b[K")
        self.stream.flush()
        self.shown = True

    def finish(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.shown = False


def choose_projects(doc: Document, keys: list[str] | None, *, by_number: bool) -> list[Project] | None:
    """The projects named by ``keys`` (codes, or numbers when ``by_number``), in document order;
    None when no selection was asked for. Keys that match nothing are left out."""
    if not keys:
        return None
    picked: set[int] = set()
    for key in keys:
        if by_number:
            hit = find_project(doc, key)
            if hit:
                picked.add(hit[0] - 1)
        else:
            picked.update(i for i, p in enumerate(doc.projects) if p.code == key)
    return [doc.projects[i] for i in sorted(picked)]


def _select(loaded, keys: list[str] | None, *, folder: bool, src: Path):
    """(doc, path, out, projects or None) for each workbook to write. Every asked-for
    project must exist somewhere before anything is written; files without any of them
    are skipped in folder mode."""
    jobs = []
    for doc, path, out in loaded:
        chosen = choose_projects(doc, keys, by_number=not folder)
        if chosen is None or chosen:
            jobs.append((doc, path, out, chosen))
    if keys and loaded:
        if folder:
            codes = {p.code for doc, _, _ in loaded for p in doc.projects}
            missing = [k for k in keys if k not in codes]
        else:
            missing = [k for k in keys if find_project(loaded[0][0], k) is None]
        if missing:
            raise UsageError(f"找不到项目：{'、'.join(missing)}（请用 perftui show {src} 查看项目编码）")
    return jobs


def choose_format(output: str | None, asked: str | None, folder: bool) -> str:
    """The format asked for with --format, else by the output's suffix, else xlsx; a
    suffix that says another format than --format is bad usage."""
    named = None
    if output and not folder and not output.endswith(("/", os.sep)):
        suffix = Path(output).suffix.lower().lstrip(".")
        named = format_of(output) if suffix in FORMATS else None
    if asked and named and named != asked:
        raise UsageError(f"输出 {output} 的扩展名与 --format {asked} 不符；请改用 .{asked} 文件名，或去掉 --format")
    return asked or named or "xlsx"


def _targets(src: Path, files: list[Path], output: str | None, fmt: str = "xlsx") -> list[tuple[Path, Path]]:
    suffix = "." + fmt
    if src.is_dir():
        out_dir = Path(output) if output else None
        if out_dir is not None:
            if out_dir.exists() and not out_dir.is_dir():
                raise UsageError(f"输入是文件夹时，-o 必须是文件夹：{out_dir} 是一个文件")
            out_dir.mkdir(parents=True, exist_ok=True)
        pairs = [(f, (out_dir or f.parent) / (f.stem + suffix)) for f in files]
    elif output:
        out = Path(output)
        if out.is_dir() or output.endswith(("/", os.sep)):
            out = out / (src.stem + suffix)
        pairs = [(src, out)]
    else:
        pairs = [(src, src.with_suffix(suffix))]  # "data.xlsx" as input: refused below
    inputs = FileSet(files or [src])
    for _, out in pairs:
        try:  # before anything is written: no export may replace any input
            refuse_input(out, inputs, fmt)
        except ExportRefused as exc:
            raise UsageError(str(exc)) from None
    return pairs


def review_grid(doc: Document, path: Path):
    """The 审核报告 sheet (``perftui review``'s report) of one document."""
    from perftui.checks import check_document, settings_for
    from perftui.review.report import build_report, grid

    settings = settings_for(doc)
    findings = check_document(doc, settings, path)
    return grid(build_report(doc, findings, path=path, off_rules=settings.off_lines()))


def run(args: argparse.Namespace) -> int:
    src = Path(args.path)
    with collector_paused():  # a folder's documents stay loaded until the last one is written
        loaded_files, problems = load_one_path(src)
    report(problems)  # a folder: broken files are reported, the others exported
    rc = EXIT_INPUT if problems else EXIT_OK
    folder = src.is_dir()
    fmt = choose_format(args.output, getattr(args, "format", None), folder)
    for option in ("findings", "review"):  # extra sheets: a Word document has no sheets
        if getattr(args, option, False) and (fmt == "docx" or fmt == "pdf" and args.pdf_from == "docx"):
            raise UsageError(f"--{option} 只用于工作簿（.xlsx）或由工作簿转换的 PDF（--pdf-from xlsx）")
    inputs = [item.path for item in loaded_files]
    targets = dict(_targets(src, inputs, args.output, fmt))
    loaded = [(item.doc, item.path, targets[item.path]) for item in loaded_files]
    texts = {item.path: item.text for item in loaded_files}

    jobs = _select(loaded, args.project, folder=folder, src=src)

    bar = ProgressBar()
    total = sum(len(doc.projects if chosen is None else chosen) + 2 for doc, _, _, chosen in jobs)
    base = 0
    for doc, path, out, chosen in jobs:
        bar.label = one_line(path.name)
        count = len(doc.projects if chosen is None else chosen)

        def progress(done: int, _total: int, base: int = base) -> None:
            bar.update(base + done, total)

        findings = None
        if getattr(args, "findings", False):
            from perftui.export.findings import check_rows  # the checks load only when asked for

            findings = check_rows(doc, path)
        review = review_grid(doc, path) if getattr(args, "review", False) else None
        try:
            export_file(
                doc,
                out,
                source=path,  # the other inputs were ruled out as targets above
                text=texts[path],
                projects=chosen,
                findings=findings,
                review=review,
                progress=progress,
                fmt=fmt,
                pdf_from=getattr(args, "pdf_from", "docx"),
            )
        except ExportRefused as exc:
            bar.finish()
            report(exc.problems)
            say(str(exc))  # names the workbook and the reason; the old one is untouched
            rc = max(rc, EXIT_INPUT if exc.usage else EXIT_FAILED)
            continue
        finally:
            base += count + 2
        bar.finish()
        print(one_line(f"已导出 {out}（{count} 个项目）"))
    return rc
