"""The review report as a Word document (python-docx): headings, a status line, and one
table of opinions and one of findings per part, A4, 宋体 for Chinese text."""

from __future__ import annotations

from pathlib import Path

from perftui.review.report import Part, Report, status_text
from perftui.safetext import clean

FONT = "宋体"
TITLE_FONT = "黑体"
# Word keeps a table cell to what fits; very long finding texts are cut like in the workbook.
MAX_CELL = 2000


def _xml_safe(text: str) -> str:
    """Text Word can hold: no control characters (they make the file unreadable)."""
    text = clean(text)
    return "".join(ch for ch in text if ch in "\n\t" or ord(ch) >= 0x20)[:MAX_CELL]


def _font(run, name: str = FONT, size: float | None = None, bold: bool | None = None) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.name = name
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    fonts.set(qn("w:eastAsia"), name)
    if size is not None:
        run.font.size = Pt(size)
    if bold is not None:
        run.bold = bold


def _para(doc, text: str, *, size: float = 10.5, bold: bool = False, font: str = FONT, style: str | None = None):
    p = doc.add_paragraph(style=style)
    _font(p.add_run(_xml_safe(text)), font, size, bold)
    return p


def _heading(doc, text: str, level: int):
    h = doc.add_heading(level=level)
    _font(h.add_run(_xml_safe(text)), TITLE_FONT, (18, 14, 12)[min(level, 2)], True)
    return h


def _table(doc, headers: tuple[str, ...], rows: list[tuple[str, ...]], widths: tuple[float, ...]) -> None:
    from docx.shared import Cm

    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = ""
        _font(cell.paragraphs[0].add_run(text), FONT, 10.5, True)
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = ""
            _font(cell.paragraphs[0].add_run(_xml_safe(text)), FONT, 10)
    # Word reads the cells' widths, LibreOffice the grid's: set both.
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Cm(width)


def _part(doc, part: Part) -> None:
    if not part.opinions and not part.findings:
        _para(doc, "没有审核意见，检查未发现问题。")
        return
    if part.opinions:
        _para(doc, "审核意见", bold=True)
        _table(doc, ("序号", "状态", "位置", "审核意见", "审核人/日期"),
               [(str(o.number), o.opinion.status, o.place,
                 o.opinion.opinion + (f"\n单位答复：{o.opinion.reply}" if o.opinion.reply else ""),
                 " ".join(x for x in (o.opinion.author, o.opinion.date) if x)) for o in part.opinions],
               (1.1, 1.3, 4.0, 6.8, 3.8))
    if part.findings:
        _para(doc, "检查结果", bold=True)
        _table(doc, ("级别", "规则", "说明"), [(f.severity.value, f.rule, f.message) for f in part.findings],
               (1.2, 2.7, 13.1))


def write_docx(report: Report, path: str | Path) -> Path:
    """Write the report as a .docx at ``path`` (overwritten)."""
    from docx import Document as WordDocument
    from docx.shared import Cm

    doc = WordDocument()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)  # A4
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.0))
    _heading(doc, f"{report.title} 审核报告", 0)
    if report.path is not None:
        _para(doc, f"文件：{report.path}")
    _para(doc, f"审核状态：{report.document.status_text}", bold=True)
    _para(doc, f"合计：{report.summary()}")
    _heading(doc, "一、部门整体", 1)
    _part(doc, report.document)
    for line in report.off_rules:
        _para(doc, line)
    _heading(doc, "二、项目", 1)
    for part in report.projects:
        _heading(doc, part.title, 2)
        _para(doc, f"审核状态：{part.status_text}")
        _part(doc, part)
    if report.orphans or report.orphan_statuses:
        _heading(doc, "三、原位置已不存在的审核意见（保留，供核对）", 1)
        for o in report.orphans:
            _para(doc, f"{o.number}.［{o.opinion.status}］{o.place}：{o.opinion.opinion}")
        for s in report.orphan_statuses:
            _para(doc, f"项目「{s.project}」的审核状态：{status_text(s.status, s.by, s.at)}（项目已不存在）")
    if report.problems:
        _heading(doc, "四、文件中的格式问题（须由单位改正）", 1)
        for p in report.problems:
            _para(doc, str(p))
    doc.core_properties.title = f"{report.title} 审核报告"
    doc.save(str(path))
    return Path(path)
