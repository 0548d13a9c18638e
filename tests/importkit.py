"""Building real Word and Excel files from the transcribed forms (tests/fixtures/forms/) and
from the sample's text, for the importer's tests.

A fixture grid lists each printed row's cells; merges are given as [r1, c1, r2, c2]. A row
shorter than the table (the source did not show where its cells start, README "Ragged
rows") is laid out left to right with its last cell spanning to the table's right edge,
as such label/value rows are printed.
"""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FORMS = ROOT / "tests" / "fixtures" / "forms"
SEED = ROOT / "tests" / "fixtures" / "seed_wordtext.txt"
SAMPLE = ROOT / "data" / "439001-2023.toml"

# Fixture -> the profile it is a document of.
FIXTURE_FORMS = {
    "00-hebei-yutian-2023-wenben": "绩效文本",
    "01-hubei-wuhan-qingshan-2020-88": "88号申报表",
    "02-hubei-wuhan-qingshan-2020-zhuanyi": "88号申报表",
    "03-guangdong-dongguan-2019-88-pifu": "88号申报表",
    "04-hunan-xiangtan-2023-shenbao": "湖南申报表",
    "05-hubei-ezhou-2022-shenbao": "湖北申报表",
    "06-sichuan-jingyan-mata-2023-yitihua": "四川一体化",
    "07-chongqing-fengjie-2023-101": "101号审批表",
    "08-fujian-ningde-2019-zhengti": "整体支出",
    "09-hunan-yueyang-2023-zhengti": "湖南整体支出",
    "10-tianjin-baodi-2022-zhongyang-touzi": "中央预算内投资",
}
# Paragraphs printed below the tables (the rest are above them, in the order given).
BELOW = {
    "01-hubei-wuhan-qingshan-2020-88": ("绩效项目指标表", "附件:"),
    "02-hubei-wuhan-qingshan-2020-zhuanyi": ("附件:",),
    "04-hunan-xiangtan-2023-shenbao": ("填表人:",),
    "05-hubei-ezhou-2022-shenbao": ("主管部门审核意见", "绩效指标保障", "成本指标成本控制率"),
}


def fixture(name: str) -> dict:
    return json.loads((FORMS / f"{name}.json").read_text(encoding="utf-8"))


def layout(table: dict) -> tuple[int, list[list[tuple[int, int, str]]], list[tuple[int, int, int, int]]]:
    """(columns, rows of (column, span, text), merges) of a fixture table."""
    rows = table["rows"]
    merges = [tuple(m) for m in table.get("merges", [])]
    width = max(len(r) for r in rows)
    covered = {(r, c) for r1, c1, r2, c2 in merges for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)
               if (r, c) != (r1, c1)}
    laid = []
    for r, row in enumerate(rows):
        cells = []
        for c, text in enumerate(row):
            span = 1
            if c == len(row) - 1 and len(row) < width and (r, c) not in covered:
                span = width - c
            cells.append((c, span, text))
        laid.append(cells)
    return width, laid, merges


def _split_paragraphs(name: str, paragraphs: list[str]) -> tuple[list[str], list[str]]:
    below = BELOW.get(name, ())
    above = [p for p in paragraphs if not p.startswith(below) or not below]
    after = [p for p in paragraphs if below and p.startswith(below)]
    return above, after


def build_docx(name: str, path: Path) -> Path:
    """The fixture as a Word document: paragraphs, then each table with its merges."""
    import docx

    data = fixture(name)
    document = docx.Document()
    above, after = _split_paragraphs(name, data.get("paragraphs", []))
    for text in above:
        document.add_paragraph(text)
    for table in data["tables"]:
        width, laid, merges = layout(table)
        t = document.add_table(rows=len(laid), cols=width)
        t.style = "Table Grid"
        for r, cells in enumerate(laid):
            for c, _span, text in cells:
                if text:
                    _set_text(t.cell(r, c), text)
        for r, cells in enumerate(laid):
            for c, span, _ in cells:
                if span > 1:
                    t.cell(r, c).merge(t.cell(r, c + span - 1))
        for r1, c1, r2, c2 in merges:
            t.cell(r1, c1).merge(t.cell(r2, c2))
        document.add_paragraph("")
    for text in after:
        document.add_paragraph(text)
    document.save(path)
    return path


def _set_text(cell, text: str) -> None:
    """A cell's text with each line break of the transcription as a paragraph of its own."""
    lines = text.split("\n")
    cell.paragraphs[0].text = lines[0]
    for line in lines[1:]:
        cell.add_paragraph(line)


def build_xlsx(name: str, path: Path, *, numbers: bool = False) -> Path:
    """The fixture as a workbook: paragraphs as rows above the tables, each table below the
    last with its merges, all on one sheet. ``numbers``: plain numbers written as numbers."""
    import openpyxl

    data = fixture(name)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    row = 1
    above, after = _split_paragraphs(name, data.get("paragraphs", []))
    for text in above:
        ws.cell(row, 1, text)
        row += 1
    for table in data["tables"]:
        width, laid, merges = layout(table)
        for r, cells in enumerate(laid):
            for c, span, text in cells:
                if text:
                    ws.cell(row + r, c + 1, _number(text) if numbers else text)
                if span > 1:
                    ws.merge_cells(start_row=row + r, start_column=c + 1, end_row=row + r, end_column=c + span)
        for r1, c1, r2, c2 in merges:
            ws.merge_cells(start_row=row + r1, start_column=c1 + 1, end_row=row + r2, end_column=c2 + 1)
        row += len(laid) + 1
    for text in after:
        ws.cell(row, 1, text)
        row += 1
    wb.save(path)
    return path


def _number(text: str):
    plain = text.replace(",", "")
    try:
        value = float(plain)
    except ValueError:
        return text
    return int(value) if value.is_integer() and "." not in plain else value


# -- the sample's document as a real Word file ----------------------------------------------

# How the cells of a row of the sample's tables sit on the printed 7-column grid of the
# project form (the text export lists a row's cells without their spans), by cell count.
_SPANS = {2: (1, 6), 4: (1, 2, 1, 3), 5: (1, 2, 1, 1, 2), 7: (1,) * 7}
_UNIT_SPANS = (5, 2)
_INDICATOR_COLUMNS = 6


def _spans(count: int, width: int, unit_row: bool) -> tuple[int, ...]:
    if width == 7:
        if unit_row and count == 2:
            return _UNIT_SPANS
        if count in _SPANS:
            return _SPANS[count]
    return (1,) * (count - 1) + (width - count + 1,)


def sample_tables(text: str):
    """The seed's tokens with its tables told apart: a list of ``("p", Prose)`` and
    ``("table", [Row, …])``. Tables are separated where the export has a paragraph (also
    an empty one, written as a line holding a space) between two runs of rows."""
    from perftui.importers.lines import Prose, split_lines, tokenize
    from perftui.importers.wordtext import breaks_row

    lines = split_lines(text)
    out: list[tuple[str, object]] = []
    for token in tokenize(lines, breaks_row):
        if isinstance(token, Prose):
            out.append(("p", token))
            continue
        if out and out[-1][0] == "table":
            rows = out[-1][1]
            gap = lines[rows[-1].last_line : token.line - 1]  # lines between the two rows
            if not any(line.strip() == "" and line != "" for line in gap):
                rows.append(token)
                continue
        out.append(("table", [token]))
    return out


def build_sample_docx(path: Path, text: str | None = None) -> Path:
    """The sample's document (the seed's Word text export) as the Word document it was
    exported from: headings and paragraphs; each table on the form's grid, cells merged
    across as printed (项目编码's value over two columns, 资金用途 over six …) and down where
    the export shows a continued cell (预算规模及资金用途, 资金支出计划, each 一级指标 over its
    rows); the table-of-contents bookmarks as real bookmarks."""
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    from perftui.importers.table import is_unit_row

    text = SEED.read_text(encoding="utf-8") if text is None else text
    raw = text.split("\n")
    document = docx.Document()
    bookmark = 0
    for kind, item in sample_tables(text):
        if kind == "p":
            p = document.add_paragraph(item.text)
            if item.text.startswith(("一、", "二、", "三、")) or item.text in ("第一部分", "第二部分"):
                p.style = "Heading 1"
            if "[bookmark:" in raw[item.line - 1]:
                bookmark += 1
                start = OxmlElement("w:bookmarkStart")
                start.set(qn("w:id"), str(bookmark))
                start.set(qn("w:name"), f"_Toc{bookmark}")
                end = OxmlElement("w:bookmarkEnd")
                end.set(qn("w:id"), str(bookmark))
                p._p.insert(1, start)
                p._p.append(end)
            continue
        rows = item
        width = 7 if any(r.cells[0].text == "项目编码" or is_unit_row(r) for r in rows) else _INDICATOR_COLUMNS
        table = document.add_table(rows=len(rows), cols=width)
        table.style = "Table Grid"
        places: list[list[tuple[int, int]]] = []
        for r, row in enumerate(rows):
            spans = _spans(len(row.cells), width, is_unit_row(row))
            col = 0
            laid = []
            for cell, span in zip(row.cells, spans, strict=False):
                laid.append((col, span))
                if cell.text:
                    _set_text(table.cell(r, col), cell.text)
                col += span
            places.append(laid)
        for r, laid in enumerate(places):
            for col, span in laid:
                if span > 1:
                    table.cell(r, col).merge(table.cell(r, col + span - 1))
        # Down: a bare-TAB cell continues the cell above it in the same column.
        for r, row in enumerate(rows):
            for (col, _span), cell in zip(places[r], row.cells, strict=False):
                if cell.merged and r > 0:
                    top = r - 1
                    while top > 0 and any(c == col and rows[top].cells[i].merged
                                          for i, (c, _s) in enumerate(places[top]) if i < len(rows[top].cells)):
                        top -= 1
                    table.cell(top, col).merge(table.cell(r, col))
        document.add_paragraph("")
    document.save(path)
    return path


def build_text(name: str, path: Path) -> Path:
    """The fixture as Word's plain-text export writes a document: a table row is a group of
    TAB lines (one per cell), a cell continuing a merge from above a bare TAB, a blank cell
    a TAB and a space, rows apart by a blank line, tables by a paragraph."""
    data = fixture(name)
    above, after = _split_paragraphs(name, data.get("paragraphs", []))
    lines: list[str] = list(above)
    for table in data["tables"]:
        _width, laid, merges = layout(table)
        below = {(r, c) for r1, c1, r2, c2 in merges for r in range(r1 + 1, r2 + 1) for c in range(c1, c2 + 1)}
        across = {(r, c) for r1, c1, r2, c2 in merges for r in range(r1, r2 + 1) for c in range(c1 + 1, c2 + 1)}
        for r, cells in enumerate(laid):
            for c, _span, text in cells:
                if (r, c) in below and (r, c) not in across:
                    lines.append("\t")
                elif (r, c) in across:
                    continue
                else:
                    first, *rest = text.split("\n") if text else [" "]
                    lines.append("\t" + (first or " "))
                    lines += rest
            lines.append("")
        lines.append(" ")
    lines += after
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
