"""The Word document: the whole 部门预算绩效文本 as the sample is, or each form's tables.

The sample's form prints 第一部分 部门整体绩效目标 (一、二、三 with their captions and numbered
items) and 第二部分 预算项目绩效目标 with one numbered table title and its tables per project
(the header block and the indicator table, as the sample has them). Other forms print the
form's title and table per project (the department's one table for 整体支出, one table of
all projects for the 四川 export). Headings use Word's heading styles, so the navigation
pane and a table of contents work; fonts and sizes are the 公文 ones (perftui.export.docstyle).

Tables are the same grids the workbook draws (perftui.layout), written as WordprocessingML
directly: a merged cell is one ``w:tc`` with ``w:gridSpan`` / ``w:vMerge`` as Word itself
writes them. Rows do not break across pages (a row taller than a page does, or Word would cut
it), the indicator table's heading row repeats on every page, and a table's header block keeps
with its first rows.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from xml.sax.saxutils import escape

from docx import Document as new_document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt

from perftui.export.docstyle import DEFAULT, DocStyle
from perftui.export.textmetrics import break_labels, span_width, text_height
from perftui.forms import profile_of
from perftui.layout.forms import OVERALL_HEADINGS, OVERALL_PART, OVERALL_TITLE, numbered_items
from perftui.layout.grid import (
    AMOUNT,
    HEADER,
    INTEGER,
    LABEL,
    NUMBER,
    PERCENT,
    TITLE,
    UNIT_NOTE,
    Cell,
    Grid,
    Row,
)
from perftui.layout.official import form_of
from perftui.layout.spec import build
from perftui.model import Document, Project

FIXED_CREATED = datetime(2000, 1, 1)
PROJECTS_PART = ("第二部分", "预算项目绩效目标")
_TWIPS_PER_PT = 20
_CELL_MARGIN = 57  # twips left and right inside a cell (0.1 cm)
_CENTER = frozenset({LABEL, HEADER, PERCENT, INTEGER, NUMBER, TITLE})


def export_document(
    doc: Document,
    out_path: str | Path,
    *,
    projects: Sequence[Project] | None = None,
    style: DocStyle = DEFAULT,
) -> Path:
    """Write ``doc`` as a Word document at ``out_path`` (overwritten) and return the path."""
    out_path = Path(out_path)
    buffer = io.BytesIO()
    build_document(doc, projects=projects, style=style).save(buffer)
    with open(out_path, "wb") as f:
        f.write(buffer.getbuffer())
    return out_path


def build_document(doc: Document, *, projects: Sequence[Project] | None = None, style: DocStyle = DEFAULT):
    chosen = list(doc.projects if projects is None else projects)
    profile = profile_of(doc)
    form = form_of(profile)
    word = new_document()
    _setup(word, style, landscape=form.landscape)
    props = word.core_properties
    # Core properties hold at most 255 characters and no control characters.
    props.title = _xml_safe(f"{doc.unit.code}{doc.unit.name}预算绩效目标")[:255]
    props.author = _xml_safe(doc.unit.name)[:255]
    props.created = props.modified = FIXED_CREATED
    props.last_modified_by = props.author
    props.revision = 1
    writer = _Writer(word, style, form.landscape)
    numbers = {id(p): i for i, p in enumerate(doc.projects, 1)}
    if form.subject == "department":
        writer.grid(build(form, doc, profile))
    elif form.subject == "all":
        from dataclasses import replace

        writer.grid(build(form, replace(doc, projects=chosen), profile))
    else:
        if form.key == "wenben":
            writer.part1(doc)
            writer.heading("\n".join(PROJECTS_PART), 1, page_break=True)
        for n, project in enumerate(chosen, 1):
            writer.grid(build(form, doc, profile, project, numbers.get(id(project), n)))
    return word


# ----- page and styles ------------------------------------------------------------------


def _fonts(element, name: str) -> None:
    """Set one font for every script of a run or style (Word picks eastAsia for Chinese)."""
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)


def _style(word, name: str, font: str, size: float, *, bold: bool = False, center: bool = False) -> None:
    st = word.styles[name]
    st.font.size = Pt(size)
    st.font.bold = bold
    st.font.italic = False
    st.font.color.rgb = None
    _fonts(st.element, font)
    color = st.element.rPr.find(qn("w:color"))
    if color is not None:
        st.element.rPr.remove(color)
    pf = st.paragraph_format
    pf.alignment = WD_ALIGN_PARAGRAPH.CENTER if center else WD_ALIGN_PARAGRAPH.LEFT
    pf.space_before = Pt(size * 0.5)
    pf.space_after = Pt(size * 0.5)
    pf.first_line_indent = None
    pf.keep_with_next = True


def _setup(word, style: DocStyle, *, landscape: bool) -> None:
    section = word.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    top, bottom, left, right = style.margins_cm
    if landscape:
        top, bottom, left, right = 2.5, 2.5, 2.5, 2.5
    section.top_margin, section.bottom_margin = Cm(top), Cm(bottom)
    section.left_margin, section.right_margin = Cm(left), Cm(right)
    section.footer_distance = Cm(2.0)
    normal = word.styles["Normal"]
    normal.font.size = Pt(style.body_size)
    _fonts(normal.element, style.body_font)
    pf = normal.paragraph_format
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = Pt(style.body_line)
    pf.space_before = pf.space_after = Pt(0)
    pf.widow_control = True
    _style(word, "Heading 1", style.title_font, style.title_size, center=True)
    _style(word, "Heading 2", style.heading_font, style.heading_size)
    for name in ("Heading 1", "Heading 2"):
        word.styles[name].paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    # The page number, 公文 style: "— 1 —" centred.
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer._p.append(parse_xml(
        f'<w:r {nsdecls("w")}>{_rpr(style.page_font, style.page_size)}<w:t xml:space="preserve">— </w:t></w:r>'
    ))
    footer._p.append(parse_xml(
        f'<w:fldSimple {nsdecls("w")} w:instr=" PAGE "><w:r>{_rpr(style.page_font, style.page_size)}'
        "<w:t>1</w:t></w:r></w:fldSimple>"
    ))
    footer._p.append(parse_xml(
        f'<w:r {nsdecls("w")}>{_rpr(style.page_font, style.page_size)}<w:t xml:space="preserve"> —</w:t></w:r>'
    ))


def _rpr(font: str, size: float, *, bold: bool = False) -> str:
    f = escape(font, {'"': "&quot;"})
    half = int(round(size * 2))
    b = "<w:b/>" if bold else ""
    return (
        f'<w:rPr><w:rFonts w:ascii="{f}" w:hAnsi="{f}" w:eastAsia="{f}" w:cs="{f}"/>{b}'
        f'<w:sz w:val="{half}"/><w:szCs w:val="{half}"/></w:rPr>'
    )


# ----- content --------------------------------------------------------------------------


class _Writer:
    def __init__(self, word, style: DocStyle, landscape: bool) -> None:
        self.word = word
        self.style = style
        width_cm = 29.7 - 5.0 if landscape else style.text_width_cm
        self.width_twips = int(width_cm / 2.54 * 72 * _TWIPS_PER_PT)
        height_cm = 21.0 - 5.0 if landscape else 29.7 - style.margins_cm[0] - style.margins_cm[1]
        self.page_height_pt = height_cm / 2.54 * 72
        self.body = word.element.body

    def heading(self, text: str, level: int, *, page_break: bool = False) -> None:
        p = self.word.add_paragraph(style=f"Heading {level}")
        lines = text.split("\n")
        for i, line in enumerate(lines):
            run = p.add_run(_xml_safe(line))
            if i < len(lines) - 1:
                run.add_break(WD_BREAK.LINE)
        if page_break:
            p.paragraph_format.page_break_before = True

    def paragraph(self, text: str, *, font: str | None = None, size: float | None = None, indent: bool = True,
                  center: bool = False) -> None:
        p = self.word.add_paragraph()
        if indent:
            p.paragraph_format.first_line_indent = Pt((size or self.style.body_size) * 2)
        if center:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = p.add_run(_xml_safe(text))
        if font:
            _fonts(run._r, font)
        if size:
            run.font.size = Pt(size)

    def part1(self, doc: Document) -> None:
        ov = doc.overall
        self.heading(f"{OVERALL_PART}\n{OVERALL_TITLE}", 1)
        self.heading(OVERALL_HEADINGS[0], 2)
        for line in ov.goal.split("\n") if ov.goal else []:
            self.paragraph(line)
        for heading, section in zip(OVERALL_HEADINGS[1:], (ov.targets, ov.measures), strict=True):
            self.heading(heading, 2)
            if section.caption:
                self.paragraph(section.caption, font=self.style.caption_font, size=self.style.caption_size)
            for item in numbered_items(section.items):
                self.paragraph(item)

    def grid(self, grid: Grid) -> None:
        """A form: its title rows as a heading, its rows as Word tables (a new table where the
        grid says so), lines after the table as paragraphs."""
        boxed = [r for r, row in enumerate(grid.rows) if row.boxed]
        last_boxed = boxed[-1] if boxed else -1
        widths = self._widths(grid)
        units = [w / _TWIPS_PER_PT / 5.25 for w in widths]  # spreadsheet units, for label breaking
        copy = Grid(grid.name, grid.columns, [Row(list(r.cells), r.role, r.boxed, r.table_break) for r in grid.rows],
                    grid.repeat, grid.landscape, grid.widths)
        break_labels(copy, units)
        rows = copy.rows
        table: list[int] = []
        tables: list[list[int]] = []
        after: list[int] = []
        for r, row in enumerate(rows):
            if row.role == "title":
                continue
            if r > last_boxed and not row.boxed:
                after.append(r)
                continue
            if row.table_break and table:
                tables.append(table)
                table = []
            table.append(r)
        if table:
            tables.append(table)
        titles = [c.text for row in rows if row.role == "title" for c in row.cells]
        if titles:
            self.heading(titles[0], 2)
            for extra in titles[1:]:
                self.paragraph(extra, center=True, indent=False)
        for i, part in enumerate(tables):
            if i:
                self._gap()
            self.body.append(self._table(copy, part, widths))
        for r in after:
            self.paragraph("　".join(c.text for c in rows[r].cells if c.text), indent=False,
                           size=self.style.table_size, font=self.style.table_font)
        self._move_sectpr()

    def _gap(self) -> None:
        p = self.word.add_paragraph()
        p.paragraph_format.keep_with_next = True
        p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
        p.add_run(" ").font.size = Pt(self.style.table_size)

    def _move_sectpr(self) -> None:
        """Keep the section properties last in the body (appended tables land after them)."""
        sect = self.body.find(qn("w:sectPr"))
        if sect is not None and self.body[-1] is not sect:
            self.body.remove(sect)
            self.body.append(sect)

    def _widths(self, grid: Grid) -> list[int]:
        declared = grid.widths or [float(c.max) for c in grid.columns]
        total = sum(declared)
        out = [int(self.width_twips * w / total) for w in declared]
        out[-1] += self.width_twips - sum(out)
        return out

    def _table(self, grid: Grid, rows: list[int], widths: list[int]):
        """One ``w:tbl`` of the grid rows ``rows`` (a merge never leaves them)."""
        n = grid.ncols
        # owner[(r, c)] = (cell, first row) for every place a cell covers.
        owner: dict[tuple[int, int], tuple[Cell, int]] = {}
        for r in rows:
            for cell in grid.rows[r].cells:
                for rr in range(r, r + cell.rowspan):
                    for cc in range(cell.col, cell.last_col + 1):
                        owner[(rr, cc)] = (cell, r)
        header = grid.repeat[0] if grid.repeat is not None else -1
        font, size = self.style.table_font, self.style.table_size
        units = [w / _TWIPS_PER_PT / 5.25 * 10.5 / size for w in widths]  # spreadsheet units at the table's size
        out = [
            f"<w:tbl {nsdecls('w')}><w:tblPr>"
            f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/><w:tblLayout w:type="fixed"/>'
            f'<w:tblCellMar><w:top w:w="20" w:type="dxa"/><w:left w:w="{_CELL_MARGIN}" w:type="dxa"/>'
            f'<w:bottom w:w="20" w:type="dxa"/><w:right w:w="{_CELL_MARGIN}" w:type="dxa"/>'
            '</w:tblCellMar><w:tblLook w:val="0000"/></w:tblPr><w:tblGrid>',
            *(f'<w:gridCol w:w="{w}"/>' for w in widths),
            "</w:tblGrid>",
        ]
        for r in rows:
            row = grid.rows[r]
            repeat = r == header and r == rows[0]
            keep = r <= header  # the header block and the headings stay with the first row
            # A row stays whole on its page, unless it is taller than a page (it would be cut).
            tall = max((text_height(c.text, span_width(units, c), c.kind) for c in row.cells if c.rowspan == 1),
                       default=0.0) * size / 10.5 > 0.85 * self.page_height_pt
            split = "" if tall else "<w:cantSplit/>"
            out.append("<w:tr><w:trPr>" + split + ("<w:tblHeader/>" if repeat else "") + "</w:trPr>")
            c = 0
            while c < n:
                hit = owner.get((r, c))
                if hit is None:  # a hole: an empty cell keeps the grid whole
                    out.append(self._tc("", None, widths[c], 1, None, row.boxed, keep, font, size))
                    c += 1
                    continue
                cell, first = hit
                width = sum(widths[cell.col : cell.last_col + 1])
                merge = None
                if cell.rowspan > 1:
                    merge = "restart" if first == r else "continue"
                text = cell.text if first == r else ""
                out.append(self._tc(text, cell, width, cell.span, merge, row.boxed, keep, font, size))
                c = cell.last_col + 1
            out.append("</w:tr>")
        out.append("</w:tbl>")
        return parse_xml("".join(out))

    def _tc(self, text: str, cell: Cell | None, width: int, span: int, merge: str | None, boxed: bool, keep: bool,
            font: str, size: float) -> str:
        parts = [f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>']
        if span > 1:
            parts.append(f'<w:gridSpan w:val="{span}"/>')
        if merge == "restart":
            parts.append('<w:vMerge w:val="restart"/>')
        elif merge == "continue":
            parts.append("<w:vMerge/>")
        line = "single" if boxed else "nil"
        size_attr = ' w:sz="4" w:space="0" w:color="000000"' if boxed else ""
        parts.append(
            "<w:tcBorders>"
            + "".join(f'<w:{side} w:val="{line}"{size_attr}/>' for side in ("top", "left", "bottom", "right"))
            + '</w:tcBorders><w:vAlign w:val="center"/></w:tcPr>'
        )
        kind = cell.kind if cell is not None else ""
        align = "center" if kind in _CENTER else "right" if kind in (AMOUNT, UNIT_NOTE) else "left"
        ppr = (
            f'<w:pPr>{"<w:keepNext/>" if keep else ""}<w:spacing w:before="0" w:after="0" w:line="240" '
            f'w:lineRule="auto"/><w:ind w:firstLine="0"/><w:jc w:val="{align}"/></w:pPr>'
        )
        rpr = _rpr(font, size, bold=kind == HEADER)
        runs = []
        for i, line_text in enumerate(text.split("\n")):
            if i:
                runs.append(f"<w:r>{rpr}<w:br/></w:r>")
            if line_text:
                runs.append(f'<w:r>{rpr}<w:t xml:space="preserve">{escape(_xml_safe(line_text))}</w:t></w:r>')
        parts.append(f"<w:p>{ppr}{''.join(runs)}</w:p></w:tc>")
        return "".join(parts)


def _xml_safe(text: str) -> str:
    """Characters XML 1.0 cannot hold (control characters) become a visible replacement."""
    return "".join(ch if ch in "\t\n\r" or ord(ch) >= 0x20 and not 0xD800 <= ord(ch) <= 0xDFFF
                   and ch not in "\ufffe\uffff" else "\ufffd" for ch in text)
