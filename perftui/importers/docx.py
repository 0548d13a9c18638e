"""Word documents (.docx/.docm) as paragraphs and grids, read from the OOXML with lxml.

Why lxml and not python-docx: python-docx repeats a merged cell's object across its span
and has no notion of a vertically merged cell's continuation, so the merges have to be
read from the XML anyway (``w:gridSpan``, ``w:vMerge``, ``w:gridBefore``); it refuses a
macro-enabled .docm outright; and it skips content controls (``w:sdt``), which real forms
use for their fill-in fields. Reading ``word/document.xml`` directly, with the hardened
parser of perftui.importers.xmlsafe, gives all of that in document order.

- A table's rows are laid on the table's column grid: a cell with ``w:gridSpan=n`` covers
  n columns, ``w:gridBefore``/``w:gridAfter`` leave columns without a cell, and a cell
  with ``w:vMerge`` (not ``restart``) continues the cell above it in the same columns.
- A table nested in a cell is read as a grid of its own, right after the table holding
  it (real documents use an outer table as a frame around the form); its place names the
  cell it sits in.
- Text: runs' ``w:t``, tabs as TAB, line breaks as "\\n", paragraphs of a cell joined by
  "\\n", each paragraph without the whitespace around it; deleted tracked changes
  (``w:del``) and field instructions are not text; of ``mc:AlternateContent`` only the
  first choice is read (the fallback repeats it). Text boxes' paragraphs are paragraphs.
- Headers, footers, footnotes and comments are not read.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from lxml import etree

from perftui.importers.container import read_part
from perftui.importers.grids import Cell, Grid, Paragraph, Source
from perftui.importers.xmlsafe import parse_xml

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_W = f"{{{W}}}"
_P, _TBL, _TR, _TC, _SDT, _SDTCONTENT = (f"{_W}{n}" for n in ("p", "tbl", "tr", "tc", "sdt", "sdtContent"))
_T, _TAB, _BR, _CR, _DEL, _INSTR = (f"{_W}{n}" for n in ("t", "tab", "br", "cr", "del", "instrText"))
_TXBX = f"{_W}txbxContent"
_ALT, _FALLBACK = f"{{{MC}}}AlternateContent", f"{{{MC}}}Fallback"
_SKIP_TEXT = frozenset({_DEL, _INSTR, f"{_W}delText", f"{_W}moveFrom", f"{_W}pPr", f"{_W}rPr"})
# Paragraph styles that mark a heading (Word's built-in ids and their Chinese names).
_HEADING_STYLES = ("Heading", "heading", "标题", "Title")


def _val(el: etree._Element | None, name: str) -> str | None:
    if el is None:
        return None
    child = el.find(f"{_W}{name}")
    return None if child is None else child.get(f"{_W}val", "")


def _int(text: str | None, default: int) -> int:
    try:
        return max(int(text or ""), 0)
    except ValueError:
        return default


class _Reader:
    def __init__(self, source: Source):
        self.source = source
        self.places: list[str] = [""]  # place id -> words (ids count from 1)
        self.tables = 0
        self.paragraphs = 0

    def place(self, words: str) -> int:
        self.places.append(words)
        return len(self.places) - 1

    # -- text ---------------------------------------------------------------------------

    def text_of(self, p: etree._Element, boxes: list[etree._Element]) -> str:
        """A paragraph's text; text boxes met on the way are collected into ``boxes``."""
        parts: list[str] = []

        def walk(el: etree._Element) -> None:
            for child in el:
                tag = child.tag
                if not isinstance(tag, str) or tag in _SKIP_TEXT:
                    continue
                if tag == _T:
                    parts.append(child.text or "")
                elif tag == _TAB:
                    parts.append("\t")
                elif tag in (_BR, _CR):
                    parts.append("\n")
                elif tag == _TXBX:
                    boxes.append(child)
                elif tag == _FALLBACK:
                    continue
                elif tag == _P:  # a paragraph inside a paragraph only comes from odd content
                    parts.append("\n")
                    walk(child)
                else:
                    walk(child)

        walk(p)
        return "".join(parts)

    def heading(self, p: etree._Element) -> bool:
        style = _val(p.find(f"{_W}pPr"), "pStyle") or ""
        outline = _val(p.find(f"{_W}pPr"), "outlineLvl")
        return outline is not None or style.startswith(_HEADING_STYLES)

    # -- body ---------------------------------------------------------------------------

    def body(self, parent: etree._Element) -> None:
        for child in self._content(parent):
            if child.tag == _P:
                boxes: list[etree._Element] = []
                text = self.text_of(child, boxes)
                self.paragraph(text, self.heading(child))
                for box in boxes:
                    self.body(box)
            elif child.tag == _TBL:
                self.table(child, "")

    def _content(self, parent: etree._Element):
        """Block children in order, content controls opened up."""
        for child in parent:
            if child.tag == _SDT:
                content = child.find(_SDTCONTENT)
                if content is not None:
                    yield from self._content(content)
            elif child.tag == _ALT:
                choice = next((c for c in child if c.tag != _FALLBACK), None)
                if choice is not None:
                    yield from self._content(choice)
            elif child.tag in (_P, _TBL):
                yield child

    def paragraph(self, text: str, heading: bool = False) -> None:
        self.paragraphs += 1
        stripped = text.strip()
        if stripped:
            self.source.blocks.append(Paragraph(stripped, self.place(f"第 {self.paragraphs} 段"), heading))

    def table(self, tbl: etree._Element, within: str) -> None:
        self.tables += 1
        number = self.tables
        name = f"{within}表 {number}" if not within else f"{within}内的表 {number}"
        nested: list[tuple[etree._Element, str]] = []
        rows = list(self._rows(tbl))
        grid_cols = len(tbl.findall(f"{_W}tblGrid/{_W}gridCol"))
        laid: list[list[tuple[etree._Element, int, int, str | None]]] = []
        width = grid_cols
        for tr in rows:
            tr_pr = tr.find(f"{_W}trPr")
            col = _int(_val(tr_pr, "gridBefore"), 0)
            cells = []
            for tc in self._cells(tr):
                tc_pr = tc.find(f"{_W}tcPr")
                span = max(_int(_val(tc_pr, "gridSpan"), 1), 1)
                merge = None
                if tc_pr is not None:
                    v = tc_pr.find(f"{_W}vMerge")
                    if v is not None:
                        merge = v.get(f"{_W}val", "continue")
                cells.append((tc, col, span, merge))
                col += span
            width = max(width, col)
            laid.append(cells)
        grid_rows: list[list[Cell | None]] = [[None] * width for _ in laid]
        base = len(self.places)
        for r, cells in enumerate(laid):
            for tc, col, span, merge in cells:
                where = f"{name} 第 {r + 1} 行第 {col + 1} 格"
                above = grid_rows[r - 1][col] if r > 0 and col < width else None
                if merge is not None and merge != "restart" and above is not None and above.col == col:
                    above.rowspan = r - above.row + 1
                    for c in range(col, min(col + span, width)):
                        if grid_rows[r][c] is None:
                            grid_rows[r][c] = above
                    self._nested(tc, where, nested)
                    continue
                text = self.cell_text(tc, where, nested)
                cell = Cell(text, self.place(where), r, col, 1, span)
                for c in range(col, min(col + span, width)):
                    if grid_rows[r][c] is None:
                        grid_rows[r][c] = cell
        grid = Grid(grid_rows, width, name=name, index=number, base=base)
        self.source.blocks.append(grid)
        for inner, where in nested:
            self.table(inner, where)

    def _rows(self, tbl: etree._Element):
        yield from self._content_rows(tbl, _TR)

    def _cells(self, tr: etree._Element):
        yield from self._content_rows(tr, _TC)

    def _content_rows(self, parent: etree._Element, tag: str):
        for child in parent:
            if child.tag == tag:
                yield child
            elif child.tag == _SDT:
                content = child.find(_SDTCONTENT)
                if content is not None:
                    yield from self._content_rows(content, tag)
            elif child.tag == f"{_W}customXml":
                yield from self._content_rows(child, tag)

    def cell_text(self, tc: etree._Element, where: str, nested: list) -> str:
        paragraphs: list[str] = []
        for child in self._content(tc):
            if child.tag == _P:
                boxes: list[etree._Element] = []
                paragraphs.append(self.text_of(child, boxes).strip())
                for box in boxes:
                    paragraphs += [self.text_of(p, []).strip() for p in box.iter(_P)]
            elif child.tag == _TBL:
                nested.append((child, where))
        while paragraphs and not paragraphs[-1]:
            paragraphs.pop()
        while paragraphs and not paragraphs[0]:
            paragraphs.pop(0)
        return "\n".join(paragraphs)

    def _nested(self, tc: etree._Element, where: str, nested: list) -> None:
        for child in self._content(tc):
            if child.tag == _TBL:
                nested.append((child, where))


def read_docx(path: Path, archive: zipfile.ZipFile) -> Source:
    source = Source(path, "docx")
    root = parse_xml(read_part(archive, "word/document.xml"), "word/document.xml")
    body = root.find(f"{_W}body")
    reader = _Reader(source)
    if body is not None:
        reader.body(body)
    places = reader.places
    source.describe = lambda p: places[p] if 0 <= p < len(places) else ""
    return source
