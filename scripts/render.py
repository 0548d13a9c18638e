"""Pictures of printed pages for the documentation: the sample's workbook sheet and Word
table, as LibreOffice prints them (docs/images/*.png).

Needs LibreOffice and poppler (Debian: libreoffice-calc-nogui libreoffice-writer-nogui
poppler-utils fonts-noto-cjk). Run from the repository: ``python scripts/render.py``.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from perftui.export.docx import export_document  # noqa: E402
from perftui.export.pdf import to_pdfs  # noqa: E402
from perftui.export.xlsx import export_workbook  # noqa: E402
from perftui.store import load  # noqa: E402

OUT = ROOT / "docs" / "images"
FIRST_TABLE = "1.城镇社区工作经费绩效目标表"


def page_with(pdf: Path, text: str) -> int:
    """The first page (1-based) on which ``text`` is printed."""
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    for n, page in enumerate(out.split("\f"), 1):
        if text in page.replace(" ", ""):
            return n
    raise SystemExit(f"{text} is on no page of {pdf}")


def picture(pdf: Path, page: int, out: Path, dpi: int = 80) -> None:
    stem = out.with_suffix("")
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", str(page), "-l", str(page), "-singlefile",
                    str(pdf), str(stem)], check=True)  # fmt: skip


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    doc = load(ROOT / "data" / "439001-2023.toml").doc
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        book = export_workbook(doc, folder / "workbook.xlsx")
        word = export_document(doc, folder / "document.docx")
        book_pdf, word_pdf = to_pdfs([book, word], folder)
        picture(book_pdf, page_with(book_pdf, FIRST_TABLE), OUT / "workbook-page.png")
        picture(word_pdf, page_with(word_pdf, FIRST_TABLE), OUT / "word-table.png")
        picture(word_pdf, 1, OUT / "word-part1.png")
    for name in ("workbook-page.png", "word-table.png", "word-part1.png"):
        print(OUT / name)


if __name__ == "__main__":
    main()
