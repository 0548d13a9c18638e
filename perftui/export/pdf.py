"""PDF: the Word document (or the workbook) converted by LibreOffice, run headless.

LibreOffice is the converter a Linux office server has (Debian packages
``libreoffice-writer-nogui`` for documents, ``libreoffice-calc-nogui`` for workbooks). It
runs with a profile of its own in a temporary folder, so a LibreOffice the user has open
is neither disturbed nor blocking, and it is stopped after a time limit.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from perftui.model import Document, Project

PACKAGES = {"docx": "libreoffice-writer-nogui", "xlsx": "libreoffice-calc-nogui"}
TIMEOUT_S = 300


class ConversionFailed(Exception):
    """LibreOffice did not produce a PDF; the message (Chinese) says why."""


def converter() -> str | None:
    """The LibreOffice program, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def missing_message(target: Path, source: str = "docx") -> str:
    package = PACKAGES.get(source, PACKAGES["docx"])
    return (
        f"没有导出 {target}：生成 PDF 需要 LibreOffice，本机没有安装。请安装 Debian 软件包 {package}"
        f"（sudo apt-get install {package}），或改为导出 .docx / .xlsx 后自行打印"
    )


def to_pdf(document: Path, out_dir: Path, *, timeout: float = TIMEOUT_S) -> Path:
    """Convert ``document`` (.docx or .xlsx) into ``out_dir``; the PDF's path."""
    return to_pdfs([document], out_dir, timeout=timeout)[0]


def to_pdfs(documents: Sequence[Path], out_dir: Path, *, timeout: float = TIMEOUT_S) -> list[Path]:
    """Convert several documents (distinct names) in one LibreOffice run; the PDFs' paths."""
    program = converter()
    if program is None:
        raise ConversionFailed("生成 PDF 需要 LibreOffice，本机没有安装")
    with tempfile.TemporaryDirectory(prefix="perftui-lo-") as profile:
        command = [
            program, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--norestore",
            "--nolockcheck", "--convert-to", "pdf", "--outdir", str(out_dir), *map(str, documents),
        ]  # fmt: skip
        env = {**os.environ, "HOME": profile}
        try:
            done = subprocess.run(command, capture_output=True, timeout=timeout, env=env, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            raise ConversionFailed(f"LibreOffice 在 {int(timeout)} 秒内没有完成转换") from None
        except OSError as exc:
            raise ConversionFailed(f"无法启动 LibreOffice（{exc.strerror or exc}）") from None
    pdfs = [out_dir / (d.stem + ".pdf") for d in documents]
    if done.returncode != 0 or not all(p.is_file() and p.stat().st_size for p in pdfs):
        raise ConversionFailed(f"LibreOffice 转换 PDF 失败（退出码 {done.returncode}）")
    return pdfs


def convert(
    doc: Document,
    out_path: Path,
    *,
    projects: Sequence[Project] | None = None,
    source: str = "docx",
    findings: Sequence[tuple[str, str, str, str]] | None = None,
    review=None,
) -> Path:
    """Write ``doc`` as a PDF at ``out_path``: its Word document, or its workbook, converted."""
    with tempfile.TemporaryDirectory(prefix="perftui-pdf-") as tmp:
        folder = Path(tmp)
        if source == "xlsx":
            from perftui.export.xlsx import export_workbook

            made = export_workbook(doc, folder / "document.xlsx", projects=projects, findings=findings, review=review)
        else:
            from perftui.export.docstyle import user_style
            from perftui.export.docx import export_document

            made = export_document(doc, folder / "document.docx", projects=projects, style=user_style()[0])
        pdf = to_pdf(made, folder)
        shutil.copyfile(pdf, out_path)
    return Path(out_path)
