"""Each official form in its own printed layout, in the workbook and in the Word document.

A document of each form is built from a real printed one (tests/formdocs.py), exported,
read back (openpyxl in normal mode, python-docx with merges resolved from the XML) and
compared with the printed original (tests/fixtures/forms/) row by row and cell by cell:
the labels (the profile's own wording), the values, and the vertical merges. Where the
original is cut off (README there), the part that exists is compared.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from docx.oxml.ns import qn
from docxkit import body_items, cell_text
from exportkit import shown
from formdocs import FORMS, fixture, norm

from perftui.export.docx import export_document
from perftui.export.xlsx import export_workbook
from perftui.forms import PROFILES, profile_of
from perftui.layout.official import form_of
from perftui.layout.spec import build

# Where a printed original words a label otherwise than the form's profile (the profile
# follows the form's template; 武汉 2020 prints its district's variant of 88号).
ALIASES: dict[str, dict[str, str]] = {
    "88号申报表": {
        "主管部门及编码": "主管部门及代码", "项目起止时间": "项目期", "项目资金": "项目资金(万元)",
        "资金总额": "中期资金总额", "当年资金总额:": "年度资金总额", "其中:当年财政拨款": "其中:财政拨款",
        "当年其他资金": "其他资金", "二级指标(长期)": "二级指标(中期)", "三级指标(长期)": "三级指标(中期)",
        "指标值(长期)": "指标值(中期)",
    },  # fmt: skip
    "整体支出": {"目标值": "指标值"},
    # The 一体化 system stars its required fields on screen (*指标值); the labels are the same.
    "湖南整体支出": {"*部门(单位)职责": "部门(单位)职责", "*年度总体绩效目标": "年度总体绩效目标",
               "*指标值": "指标值", "*指标解释": "指标解释", "*评(扣)分标准": "评(扣)分标准"},
}


def _expected(key: str) -> list[list[str]]:
    """The original's bordered rows as compared: anchors only, blanks left out."""
    fx = fixture(FORMS[key][0])
    aliases = ALIASES.get(key, {})
    tables = fx["tables"]
    if key == "绩效文本":
        rows = tables[0]["rows"][1:] + tables[1]["rows"]  # the unit line is outside the frame
    elif key == "88号申报表":
        rows = [r for t in tables for r in t["rows"]]
    elif key == "101号审批表":
        rows = tables[0]["rows"][:-1]  # the last row is cut off in the original
    elif key == "整体支出":
        rows = tables[0]["rows"][:-1] + tables[1]["rows"]  # an empty spacer row between the two
    elif key == "湖南申报表":
        rows = tables[0]["rows"][1:]  # the caption line 填报单位…单位:万元 is outside the frame
    elif key == "湖北申报表":
        # Only the 成本构成 block and the indicator rows are certain in the original; its
        # indicator block has the 绩效指标 label at its left (the form's text, run together).
        rows = tables[1]["rows"] + [["绩效指标", *tables[2]["rows"][0]]] + tables[2]["rows"][1:]
    elif key == "湖南整体支出":
        rows = tables[0]["rows"][1:]  # the title above the frame
    elif key == "四川一体化":
        rows = [tables[0]["rows"][2], *tables[0]["rows"][4:]]  # captions, and the department's total row
    else:
        rows = tables[0]["rows"]
    out = []
    for row in rows:
        texts = [aliases.get(norm(c), norm(c)) for c in row if norm(c)]
        if texts:
            out.append(texts)
    return out


def _vertical_merges(key: str) -> set[tuple[str, int]]:
    """(anchor text, rows) of every vertical merge the original records with a text."""
    fx = fixture(FORMS[key][0])
    out = set()
    for t in fx["tables"]:
        for r1, c1, r2, _ in t.get("merges", []):
            if r2 > r1:
                row = t["rows"][r1]
                text = norm(row[c1]) if c1 < len(row) else ""
                if text:
                    out.add((ALIASES.get(key, {}).get(text, text), r2 - r1 + 1))
    if key == "101号审批表":  # 年度绩效目标 runs on past the cut in the original
        out = {(t, n) for t, n in out if not t.startswith("年度绩效目标")}
    return out


def _sheet(key: str, tmp_path):
    doc = FORMS[key][1]()
    wb = openpyxl.load_workbook(export_workbook(doc, tmp_path / "f.xlsx"))
    return doc, wb.worksheets[2] if key == "绩效文本" else wb.worksheets[0]


def _sheet_rows(ws) -> list[list[str]]:
    rows = []
    for row in ws.iter_rows():
        texts = [norm(shown(c)) for c in row if c.value is not None and c.border.left.style == "thin"]
        texts = [t for t in texts if t]
        if texts:
            rows.append(texts)
    return rows


def _sheet_merges(ws) -> set[tuple[str, int]]:
    out = set()
    for rng in ws.merged_cells.ranges:
        if rng.max_row > rng.min_row:
            text = norm(shown(ws.cell(rng.min_row, rng.min_col))) if ws.cell(rng.min_row, rng.min_col).value else ""
            if text:
                out.add((text, rng.max_row - rng.min_row + 1))
    return out


KEYS = list(FORMS)


def test_every_profile_has_a_layout_and_a_document():
    assert set(FORMS) == set(PROFILES)
    for key, (_, builder) in FORMS.items():
        doc = builder()
        assert profile_of(doc).key == key
        form = form_of(profile_of(doc))
        grids = [build(form, doc, profile_of(doc), p, n) for n, p in enumerate(doc.projects, 1)] \
            if form.subject == "project" else [build(form, doc, profile_of(doc))]
        for g in grids:
            g.validate()
            assert g.ncols == len(form.widths)


@pytest.mark.parametrize("key", KEYS)
def test_workbook_reads_back_as_the_printed_form(key, tmp_path):
    _, ws = _sheet(key, tmp_path)
    got = _sheet_rows(ws)
    want = _expected(key)
    if key == "湖北申报表":  # compare the certain blocks where they stand
        start = next(i for i, r in enumerate(got) if r[0] == "项目预算成本构成")
        got_costs = got[start : start + 5]
        assert got_costs[:4] == want[:4]
        # The 合计 row is the sum of the items; the original misprints 662.98 for 662.88.
        assert got_costs[4] == ["合计", "814", "662.88", "794.55"] and want[4] == ["合计", "814", "662.98", "794.55"]
        ind = next(i for i, r in enumerate(got) if r[0] == "绩效指标")
        assert got[ind : ind + 6] == want[5:]
        return
    if key == "四川一体化":
        # The second project does not fit on the first page: it starts the next one, under
        # the repeated headings, with the unit's merged cell printed again.
        unit = want[1][0]
        assert got == [*want[:9], want[0], [unit, *want[9]], *want[10:]]
        return
    assert got == want


@pytest.mark.parametrize("key", KEYS)
def test_workbook_merges_as_the_printed_form(key, tmp_path):
    _, ws = _sheet(key, tmp_path)
    want = _vertical_merges(key)
    if key == "四川一体化":  # the unit's cell is cut at the page break: 8 rows, then 5
        unit = next(t for t, n in want if n == 13)
        want = want - {(unit, 13)} | {(unit, 8), (unit, 5)}
    assert want <= _sheet_merges(ws)


@pytest.mark.parametrize("key", KEYS)
def test_word_document_reads_back_as_the_printed_form(key, tmp_path):
    doc = FORMS[key][1]()
    path = export_document(doc, tmp_path / "f.docx")
    _, items = body_items(path)
    tables = [el for kind, el, _ in items if kind == "table"]
    if key == "绩效文本":
        tables = tables[:2]  # the first project's two tables
    got = []
    merges = set()
    for tbl in tables:
        open_cells: dict[int, list] = {}
        for tr in tbl.iter(qn("w:tr")):
            row, col = [], 0
            for tc in tr.findall(qn("w:tc")):
                pr = tc.find(qn("w:tcPr"))
                span = pr.find(qn("w:gridSpan"))
                span = int(span.get(qn("w:val"))) if span is not None else 1
                vm = pr.find(qn("w:vMerge"))
                boxed = pr.find(qn("w:tcBorders")).find(qn("w:top")).get(qn("w:val")) == "single"
                if vm is not None and vm.get(qn("w:val")) is None:
                    open_cells[col][1] += 1  # a cell merged with the one above
                else:
                    text = norm(cell_text(tc))
                    if boxed and text:
                        row.append(text)
                    if vm is not None:
                        open_cells[col] = [text, 1]
                    else:
                        open_cells.pop(col, None)
                col += span
            for text, n in open_cells.values():
                if n > 1 and text:
                    merges.add((text, n))
            if row:
                got.append(row)
    want = _expected(key)
    if key == "湖北申报表":
        start = next(i for i, r in enumerate(got) if r[0] == "项目预算成本构成")
        assert got[start : start + 4] == want[:4]
        ind = next(i for i, r in enumerate(got) if r[0] == "绩效指标")
        assert got[ind : ind + 6] == want[5:]
    else:
        assert got == want
    assert _vertical_merges(key) <= merges


# 湖南整体支出 counts in 万元 but prints no amount (no budget block): nothing to show the unit of.
@pytest.mark.parametrize("key", [k for k in KEYS if PROFILES[k].money == "万元" and k != "湖南整体支出"])
def test_money_forms_print_wan_yuan_with_a_note(key, tmp_path):
    doc, ws = _sheet(key, tmp_path)
    texts = [str(c.value) for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert any(t.endswith("单位：万元") for t in texts)
    amounts = [c for row in ws.iter_rows() for c in row
               if isinstance(c.value, int | float) and c.number_format != "0%" and '"' not in c.number_format]
    assert amounts
    for c in amounts:  # up to six decimals, as many as the amount needs
        assert c.number_format == "0" or c.number_format.startswith("0.") and len(c.number_format) <= 8


def test_wan_yuan_shows_the_decimals_it_needs(tmp_path):
    doc = FORMS["湖南申报表"][1]()
    doc.projects[0].budget = Decimal("1234567.89")  # 123.456789 万元
    doc.projects[0].superior = Decimal("5000.00")  # 0.5 万元
    ws = openpyxl.load_workbook(export_workbook(doc, tmp_path / "w.xlsx")).worksheets[0]
    printed = {shown(c) for row in ws.iter_rows() for c in row if isinstance(c.value, int | float)}
    assert {"123.456789", "0.5"} <= printed


def test_101_level1_cells_carry_their_point_ranges(tmp_path):
    _, ws = _sheet("101号审批表", tmp_path)
    texts = {str(c.value).replace("\n", "") for row in ws.iter_rows() for c in row if c.value is not None}
    assert "成本指标(0-20)分" in texts and "年度绩效目标(90分)" in texts and "项目资金预算执行10分" in texts


def test_sichuan_prints_sign_value_and_unit_apart(tmp_path):
    doc = FORMS["四川一体化"][1]()
    doc.projects[0].indicators[0].value = "≥95"
    doc.projects[0].indicators[1].value = "＞=1.50"  # full-width, as people type it
    doc.projects[0].indicators[1].unit = ""
    doc.projects[0].indicators[2].value = "按时足额"  # qualitative: no sign, the text as the value
    doc.projects[0].indicators[2].unit = ""
    ws = openpyxl.load_workbook(export_workbook(doc, tmp_path / "s.xlsx")).worksheets[0]
    rows = [[c.value for c in row[4:10]] for row in ws.iter_rows(min_row=4, max_row=6)]
    assert rows[0] == ["效益指标", "社会效益指标", "维护社会稳定", "≥", "95", "%"]
    assert rows[1][3:] == ["≥", "1.50", None]
    assert rows[2][3:] == [None, "按时足额", None]


def test_department_form_prints_duties_when_the_file_has_them(tmp_path):
    doc = FORMS["整体支出"][1]()
    doc.overall.duties = "负责地方志、年鉴编纂工作"
    ws = openpyxl.load_workbook(export_workbook(doc, tmp_path / "z.xlsx")).worksheets[0]
    rows = _sheet_rows(ws)
    assert rows[1] == ["部门职责", "负责地方志、年鉴编纂工作"]
    assert ws.title == "部门整体支出绩效目标表"


DATA_FORMS = sorted((Path(__file__).resolve().parent / "data" / "forms").glob("*.toml"))


def _word_rows(path) -> list[list[str]]:
    _, items = body_items(path)
    rows = []
    for kind, tbl, _ in items:
        if kind != "table":
            continue
        for tr in tbl.iter(qn("w:tr")):
            row = []
            for tc in tr.findall(qn("w:tc")):
                pr = tc.find(qn("w:tcPr"))
                vm = pr.find(qn("w:vMerge"))
                boxed = pr.find(qn("w:tcBorders")).find(qn("w:top")).get(qn("w:val")) == "single"
                text = norm(cell_text(tc))
                if boxed and text and not (vm is not None and vm.get(qn("w:val")) is None):
                    row.append(text)
            if row:
                rows.append(row)
    return rows


@pytest.mark.parametrize("path", DATA_FORMS, ids=lambda p: p.stem)
def test_each_form_data_file_exports_in_its_layout(path, tmp_path):
    """The data files transcribed from the real documents (tests/data/forms), exported through
    the one export path as the command does, read back as their form's layout."""
    from perftui.export.tofile import export_file
    from perftui.store import load

    loaded = load(path)
    doc, profile = loaded.doc, profile_of(loaded.doc)
    form = form_of(profile)
    book = export_file(doc, tmp_path / "f.xlsx", source=path, text=loaded.text).path
    word = export_file(doc, tmp_path / "f.docx", source=path, text=loaded.text).path
    grids = [build(form, doc, profile, p, n) for n, p in enumerate(doc.projects, 1)] \
        if form.subject == "project" else [build(form, doc, profile)]
    want = [[norm(c.text) for c in row.cells if norm(c.text)] for g in grids for row in g.rows if row.boxed]
    assert _word_rows(word) == [r for r in want if r]
    wb = openpyxl.load_workbook(book)
    printed = {norm(shown(c)) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None}
    assert {t for r in want for t in r} <= printed
