"""Printed pages, as LibreOffice prints them: the sample's workbook and Word document, a
hostile document (a 600-character goal, a 300-character 三级指标) and every official form,
converted to PDF and read back with pdftotext.

On every page: no word outside the page, no text drawn over other text (what overflows its
cell), and every cell's text printed whole (LibreOffice leaves out the lines a cell clips,
so a cut shows as missing text). Runs where LibreOffice and poppler are installed (Debian:
libreoffice-calc-nogui libreoffice-writer-nogui poppler-utils fonts-noto-cjk), and says
so where they are not.
"""

from __future__ import annotations

import re
import shutil

import openpyxl
import pytest
from docx.oxml.ns import qn
from docxkit import body_items, cell_text
from exportkit import ROOT, sample_doc, shown
from formdocs import FORMS
from pdfkit import outside, overlaps, pages, raw_text

from perftui.export.docx import export_document
from perftui.export.pdf import converter, to_pdfs
from perftui.export.xlsx import export_workbook
from perftui.store import load

pytestmark = [
    pytest.mark.skipif(converter() is None, reason="LibreOffice 未安装（Debian: libreoffice-calc-nogui libreoffice-writer-nogui）"),
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext 未安装（Debian: poppler-utils）"),
]

# Long and never repeating, so that every piece of them is found in one place only.
GOAL = "".join(f"第{i}项工作保障社区工作者队伍稳定，提升服务能力；" for i in range(1, 60))[:600]
LEVEL3 = "".join(f"第{i}类社区综合服务设施覆盖率" for i in range(1, 40))[:300]


def hostile():
    doc = sample_doc()
    doc.projects[0].goals = [GOAL]
    doc.projects[0].indicators[1].name = LEVEL3
    return doc


DOCS = {"sample": lambda: load(ROOT / "data" / "439001-2023.toml").doc, "hostile": hostile}
DOCS.update({f"form{i}": builder for i, (_, builder) in enumerate(FORMS.values())})
NAMES = [f"{name}.{ext}" for name in DOCS for ext in ("xlsx", "docx")]


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    """name -> (exported file, its PDF), all converted in one LibreOffice run."""
    folder = tmp_path_factory.mktemp("render")
    files = []
    for name, build in DOCS.items():
        files.append(export_workbook(build(), folder / f"{name}.xlsx"))
        files.append(export_document(build(), folder / f"{name}-docx.docx"))
    out = folder / "pdf"
    out.mkdir()
    pdfs = to_pdfs(files, out)
    return {(f.name.replace("-docx", "")): (f, p) for f, p in zip(files, pdfs, strict=True)}


def _texts(path) -> tuple[list[str], list[str]]:
    """(cell texts, prose paragraphs) of an exported file, as printed."""
    if path.suffix == ".xlsx":
        wb = openpyxl.load_workbook(path)
        return [shown(c) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None], []
    _, items = body_items(path)
    cells = [text for kind, style, text in items if kind == "p" and style.startswith("Heading")]
    prose = [text for kind, style, text in items if kind == "p" and not style.startswith("Heading")]
    for kind, element, _ in items:
        if kind == "table":
            cells += [cell_text(tc) for tc in element.iter(qn("w:tc"))]
    return cells, prose


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text).replace(",", "")


def _in_order(text: str, drawn: str, pieces: int = 3) -> bool:
    """``text`` drawn in at most ``pieces`` runs, in order: a Word table row taller than what
    is left of a page continues on the next one, after the rest of the row's cells."""
    at = 0
    for _ in range(pieces):
        if not text:
            return True
        lo, hi = 0, len(text)  # the longest prefix of text found from ``at`` on
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if drawn.find(text[:mid], at) >= 0:
                lo = mid
            else:
                hi = mid - 1
        if lo == 0:
            return False
        at = drawn.find(text[:lo], at) + lo
        text = text[lo:]
    return not text


def _letters(text: str) -> str:
    """Ideographs, letters and digits only: in Word's justified prose LibreOffice draws a
    sign such as ≥ from a fallback font out of line, and pdftotext cannot name a few glyphs
    (it gives U+FFFD); those are left out of the comparison of prose."""
    return "".join(ch for ch in text if "\u4e00" <= ch <= "\u9fff" or ch.isascii() and ch.isalnum() or ch == "\ufffd")


def _in_prose(text: str, drawn: str) -> bool:
    """``text`` (its letters) in ``drawn``, where an unreadable glyph may stand for any letter."""
    want = _letters(text).replace("\ufffd", "")
    if not want:
        return True
    pattern = "".join(f"(?:{re.escape(ch)}|\ufffd)" for ch in want)
    return re.search(pattern, _letters(drawn)) is not None


@pytest.mark.parametrize("name", NAMES)
def test_no_word_outside_a_page_and_none_over_another(printed, name):
    _, pdf = printed[name]
    for n, page in enumerate(pages(pdf), 1):
        assert not outside(page), (name, n, outside(page)[:3])
        assert not overlaps(page), (name, n, [(a.text, b.text) for a, b in overlaps(page)[:3]])


@pytest.mark.parametrize("name", NAMES)
def test_every_cell_prints_whole(printed, name):
    path, pdf = printed[name]
    drawn = _squash(raw_text(pdf))
    cells, prose = _texts(path)
    if name.endswith(".xlsx"):  # a worksheet row never breaks across pages
        missing = [t for t in cells if _squash(t) and _squash(t) not in drawn]
    else:
        missing = [t for t in cells if _squash(t) and not _in_order(_squash(t), drawn)]
    missing += [t for t in prose if not _in_prose(t, drawn)]
    assert not missing, (name, missing[:3])


@pytest.mark.parametrize("ext", ["xlsx", "docx"])
def test_the_hostile_texts_print_whole(printed, ext):
    _, pdf = printed[f"hostile.{ext}"]
    drawn = _squash(raw_text(pdf))
    assert _in_order(_squash(f"1.{GOAL}"), drawn, 1 if ext == "xlsx" else 3)
    assert _in_order(_squash(LEVEL3), drawn, 1 if ext == "xlsx" else 3)


def test_pages_are_a4(printed):
    for name, (_, pdf) in printed.items():
        for page in pages(pdf):
            assert {round(page.width), round(page.height)} == {595, 842}, name
