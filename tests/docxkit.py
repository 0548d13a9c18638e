"""Reading a Word document back as its reader sees it: paragraphs, tables, merged cells.

python-docx repeats a merged cell's object over its span; the grid here is resolved from
the XML instead (``w:gridSpan`` across, ``w:vMerge`` down), so every cell is read once.
"""

from __future__ import annotations

from dataclasses import dataclass

import docx
from docx.oxml.ns import qn


@dataclass
class WordCell:
    text: str
    col: int
    span: int
    rowspan: int


def cell_text(tc) -> str:
    paragraphs = []
    for p in tc.iter(qn("w:p")):
        parts = []
        for node in p.iter():
            if node.tag == qn("w:t"):
                parts.append(node.text or "")
            elif node.tag == qn("w:br"):
                parts.append("\n")
        paragraphs.append("".join(parts))
    return "\n".join(paragraphs)


def table_grid(tbl) -> list[list[WordCell]]:
    """Rows of anchor cells (a vertically merged cell once, in its first row, with its rowspan)."""
    rows: list[list[WordCell]] = []
    open_merges: dict[int, WordCell] = {}
    for tr in tbl.iter(qn("w:tr")):
        row: list[WordCell] = []
        col = 0
        for tc in tr.findall(qn("w:tc")):
            pr = tc.find(qn("w:tcPr"))
            span_el = pr.find(qn("w:gridSpan")) if pr is not None else None
            span = int(span_el.get(qn("w:val"))) if span_el is not None else 1
            vm = pr.find(qn("w:vMerge")) if pr is not None else None
            state = None if vm is None else (vm.get(qn("w:val")) or "continue")
            if state == "continue" and col in open_merges:
                open_merges[col].rowspan += 1
            else:
                cell = WordCell(cell_text(tc), col, span, 1)
                row.append(cell)
                if state == "restart":
                    open_merges[col] = cell
                else:
                    open_merges.pop(col, None)
            col += span
        rows.append(row)
    return rows


def anchor_rows(tbl) -> list[list[str]]:
    """Row by row, the non-empty texts of the anchor cells, stripped."""
    out = []
    for row in table_grid(tbl):
        texts = [c.text.strip() for c in row if c.text.strip()]
        if texts:
            out.append(texts)
    return out


def body_items(path):
    """("p", style name, text) and ("table", element) in document order."""
    document = docx.Document(str(path))
    items = []
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            p = docx.text.paragraph.Paragraph(child, document)
            items.append(("p", p.style.name if p.style is not None else "", p.text))
        elif child.tag == qn("w:tbl"):
            items.append(("table", child, ""))
    return document, items


def as_word_text(path) -> str:
    """The document as Word's "save as plain text" writes it (the sample's format): one line
    per paragraph (a line break inside one gives two lines); a table row as one line per cell
    starting with a TAB, a cell covered by a merge from above as an empty TAB line, and a
    blank line after each row."""
    _, items = body_items(path)
    lines: list[str] = []
    for kind, element, text in items:
        if kind == "p":
            lines.extend(text.split("\n"))
            continue
        for tr in element.iter(qn("w:tr")):
            for tc in tr.findall(qn("w:tc")):
                for k, line in enumerate(cell_text(tc).split("\n")):
                    lines.append(("\t" if k == 0 else "") + line)
            lines.append("")
    return "\n".join(lines) + "\n"
