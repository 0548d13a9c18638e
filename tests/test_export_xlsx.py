"""The workbook: fidelity to the seed's tables, merges, formats, print set-up, safety."""

from __future__ import annotations

import math
import re
from decimal import Decimal as D

import openpyxl
import pytest
from exportkit import SEED, norm, sample_doc, seed_tables
from openpyxl.utils import get_column_letter

from perftui.export.sheetnames import SheetNamer, project_sheet_name
from perftui.export.textmetrics import BODY_PT, LINE_FACTOR, MAX_ROW_PT
from perftui.export.xlsx import export_workbook
from perftui.model import Indicator, Project


def displayed(value, number_format: str) -> str:
    """A cell as the form shows it, for the number formats the export uses."""
    if isinstance(value, str):
        return value
    if number_format.endswith("%"):
        decimals = len(number_format.split(".")[1]) - 1 if "." in number_format else 0
        return f"{value * 100:.{decimals}f}%"
    if number_format in ("0.00", "#,##0.00"):
        return f"{value:,.2f}" if "," in number_format else f"{value:.2f}"
    if number_format == "0":
        return str(int(value))
    raise AssertionError(f"unexpected number format {number_format!r}")


def sheet_rows(ws, first_row: int = 1) -> list[list[str]]:
    """Row by row, merged cells once (their anchor), empty cells skipped, empty rows dropped."""
    rows = []
    for row in ws.iter_rows(min_row=first_row):
        texts = []
        for cell in row:
            if cell.value is None:
                continue
            text = displayed(cell.value, cell.number_format).strip()
            if text:
                texts.append(text)
        if texts:
            rows.append(texts)
    return rows


@pytest.fixture(scope="module")
def seed_book(tmp_path_factory):
    from perftui.importers.wordtext import import_text

    doc = import_text(SEED.read_text(encoding="utf-8")).doc
    out = export_workbook(doc, tmp_path_factory.mktemp("seed") / "seed.xlsx")
    return doc, openpyxl.load_workbook(out)


@pytest.fixture(scope="module")
def small_book(tmp_path_factory):
    doc = sample_doc()
    out = export_workbook(doc, tmp_path_factory.mktemp("small") / "small.xlsx")
    return doc, openpyxl.load_workbook(out)


def test_seed_workbook_reads_back_as_the_seed_tables(seed_book):
    _, wb = seed_book
    tables = seed_tables(SEED.read_text(encoding="utf-8"))
    assert len(tables) == 7
    project_sheets = wb.worksheets[2:]
    assert len(project_sheets) == len(tables)
    for ws, (name, rows) in zip(project_sheets, tables, strict=True):
        assert ws["A1"].value == f"{ws.title.split('.')[0]}.{name}绩效目标表"
        got = [[norm(t) for t in row] for row in sheet_rows(ws, first_row=2)]
        want = [[norm(t) for t in row] for row in rows]
        assert got == want, ws.title
    # The truncated last table ends after its 成本指标 row, as the document does.
    assert sheet_rows(project_sheets[-1])[-1][0] == "成本指标"


def test_seed_workbook_sheets(seed_book):
    doc, wb = seed_book
    assert wb.sheetnames[:2] == ["部门整体绩效目标", "项目汇总"]
    assert wb.sheetnames[2:] == [f"{i}.{p.name}" for i, p in enumerate(doc.projects, 1)]
    summary = sheet_rows(wb["项目汇总"])
    assert summary[-1] == ["合计", "9,951,720.00", "9,951,720.00", "49"]
    assert summary[0] == ["第二部分　预算项目绩效目标"]
    assert summary[6][:4] == ["2", "13022923P00JXC415602F", "国有企业退休人员社会化管理补助资金", "30,720.00"]
    assert summary[6][-2:] == ["100%", "8"]
    part1 = [r[0] for r in sheet_rows(wb["部门整体绩效目标"])]
    assert part1[:2] == ["第一部分", "部门整体绩效目标"]
    assert part1[3] == "一、总体绩效目标" and part1[4].startswith("2023年在县委")
    assert part1[7].startswith("1、社区工作者工资保险895.5万元")
    assert part1[-1] == "4、做好综合事务管理工作，保证机关和社区两委会工作正常高效运转。"


def test_merges_follow_the_form(small_book):
    _, wb = small_book
    ws = wb["1.城镇社区工作经费"]
    merged = {str(r) for r in ws.merged_cells.ranges}
    # Labels that do not fit one line break at a sensible place.
    assert "A4:A5" in merged and ws["A4"].value == "预算规模\n及资金用途"
    assert "A6:A7" in merged and ws["A6"].value == "资金支出\n计划（%）"
    assert "B5:M5" in merged and ws["B5"].value == "城镇社区工作经费"
    assert "B8:M8" in merged and ws["B8"].value == "1.城镇社区工作稳定开展"
    assert "A10:A12" in merged and ws["A10"].value == "产出指标"  # 一级指标 over its three rows
    assert "A1:M1" in merged  # title across the table
    assert "L9:M9" in merged and ws["L9"].value.replace("\n", "") == "指标值确定依据"
    assert ws["A13"].value == "效益指标" and not any(r.startswith("A13:") for r in merged)
    # The months span three columns each, the amounts and their labels two each.
    assert {"B6:D6", "E6:G6", "H6:J6", "K6:M6", "B7:D7", "E7:G7", "H7:J7", "K7:M7"} <= merged
    assert {"B4:C4", "D4:E4", "F4:G4", "H4:I4", "J4:K4", "L4:M4"} <= merged


def test_fonts_borders_and_wrap(small_book):
    _, wb = small_book
    ws = wb["1.城镇社区工作经费"]
    title = ws["A1"]
    assert title.font.name == "黑体" and title.font.sz >= 14 and title.font.charset == 134
    for row in ws.iter_rows(min_row=3, max_row=ws.max_row, max_col=13):
        for cell in row:
            if isinstance(cell, openpyxl.cell.cell.MergedCell):
                continue
            assert cell.font.name == "宋体" and cell.font.charset == 134 and cell.font.family == 3, cell.coordinate
            assert cell.alignment.wrap_text, cell.coordinate
            for side in (cell.border.left, cell.border.right, cell.border.top, cell.border.bottom):
                assert side.style == "thin", cell.coordinate
    assert ws["A9"].font.b  # the indicator header is bold
    # The unit line is outside the table frame.
    assert ws["A2"].value == "439001玉田县无终街道办事处本级" and ws["A2"].border.left.style is None
    assert ws["J2"].value == "单位：元" and ws["J2"].alignment.horizontal == "right"


def test_number_formats(small_book):
    _, wb = small_book
    ws = wb["1.城镇社区工作经费"]
    assert ws["D4"].value == 770000 and ws["D4"].number_format == "0.00" and ws["D4"].data_type == "n"
    assert ws["L4"].value is None  # 其他资金 blank stays blank, not 0
    assert [ws[c].value for c in ("B7", "E7", "H7", "K7")] == [0.3, 0.6, 0.9, 1]
    assert {ws[c].number_format for c in ("B7", "E7", "H7", "K7")} == {"0%"}
    second = wb["2.国有企业退休人员社会化管理补助资金"]
    assert second["L4"].value == 0 and second["L4"].number_format == "0.00"
    assert [second[c].value for c in ("B7", "E7", "H7")] == [None, None, None]
    summary = wb["项目汇总"]
    assert summary["D6"].number_format == "#,##0.00"


def test_fractional_percent_keeps_its_decimals(tmp_path):
    doc = sample_doc()
    doc.projects[0].plan = {3: D("33.5"), 6: D("60"), 10: D("90.25"), 12: D("100")}
    wb = openpyxl.load_workbook(export_workbook(doc, tmp_path / "p.xlsx"))
    ws = wb["1.城镇社区工作经费"]
    shown = [displayed(ws[c].value, ws[c].number_format) for c in ("B7", "E7", "H7", "K7")]
    assert shown == ["33.5%", "60%", "90.25%", "100%"]


def test_print_setup(small_book):
    _, wb = small_book
    for ws in wb.worksheets:
        assert ws.page_setup.paperSize == 9
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.page_setup.fitToWidth in (None, 1) and ws.page_setup.fitToHeight == 0
        assert ws.oddFooter.center.text == "第 &P 页，共 &N 页"
        assert not ws.sheet_view.showGridLines
        assert not ws.print_options.gridLines
    assert wb["1.城镇社区工作经费"].print_title_rows == "$9:$9"
    assert wb["1.城镇社区工作经费"].page_setup.orientation == "portrait"
    assert wb["项目汇总"].print_title_rows == "$4:$5"
    assert wb["项目汇总"].page_setup.orientation == "landscape"


def test_same_data_gives_the_same_bytes(tmp_path):
    a = export_workbook(sample_doc(), tmp_path / "a.xlsx").read_bytes()
    b = export_workbook(sample_doc(), tmp_path / "b.xlsx").read_bytes()
    assert a == b


def test_sheet_name_rules():
    namer = SheetNamer()
    long = project_sheet_name(12, "关于进一步加强城乡社区治理和服务体系建设的专项工作经费补助资金项目")
    names = [
        namer.take(long),
        namer.take(long),
        namer.take(project_sheet_name(3, "a[b]c:d*e?f/g\\h")),
        namer.take("History"),
        namer.take("'引号'"),
        namer.take("ABC"),
        namer.take("abc"),
        namer.take(""),
    ]
    for n in names:
        assert 0 < len(n) <= 31 and not set("[]:*?/\\") & set(n) and not n.startswith("'") and not n.endswith("'")
    assert len({n.casefold() for n in names}) == len(names)
    assert names[0].startswith("12.关于进一步加强") and len(names[0]) == 31
    assert names[2] == "3.a【b】c：d＊e？f／g＼h"
    assert names[3] != "History"


def test_clashing_and_hostile_project_names_give_valid_sheets(tmp_path):
    doc = sample_doc()
    base = doc.projects[0]
    hostile = ["=HYPERLINK(\"http://x\",\"y\")", "+86 10 1234", "@SUM(A1)", "-1+2", "a/b\\c?[d]*:e", "x" * 40]
    doc.projects = [Project(code=f"C{i}", name=n, indicators=list(base.indicators)) for i, n in enumerate(hostile)]
    doc.projects.append(Project(code="C9", name="x" * 40))
    wb = openpyxl.load_workbook(export_workbook(doc, tmp_path / "h.xlsx"))
    names = wb.sheetnames
    assert len(names) == 2 + len(doc.projects)
    assert len({n.casefold() for n in names}) == len(names)
    assert all(len(n) <= 31 and not set("[]:*?/\\") & set(n) for n in names)


def test_user_text_is_never_a_formula_or_link(tmp_path):
    nasty = ["=HYPERLINK(\"http://x\",\"y\")", "+86 10 1234", "@SUM(A1)", "-1+2", "http://example.com", "0012", "1e5"]
    doc = sample_doc()
    p = doc.projects[0]
    p.name, p.code, p.use = nasty[0], nasty[1], nasty[2]
    p.goals = [nasty[3]]
    p.indicators = [Indicator(*nasty[:6]), Indicator("产出指标", nasty[6], nasty[4], nasty[5], nasty[0], nasty[1])]
    doc.unit.name = nasty[0]
    doc.overall.goal = nasty[0]
    doc.overall.targets.caption = nasty[2]
    out = export_workbook(doc, tmp_path / "nasty.xlsx")
    wb = openpyxl.load_workbook(out)
    seen = set()
    for ws in wb.worksheets:
        assert not ws._hyperlinks
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    assert cell.data_type == "s", (ws.title, cell.coordinate, cell.value)
                    seen.add(cell.value)
    assert set(nasty) <= {s.removeprefix("1.") for s in seen} | seen
    import zipfile

    with zipfile.ZipFile(out) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/sheet"):
                xml = z.read(name).decode()
                assert "<f>" not in xml and "<hyperlink" not in xml


def _needed_lines(text: str, width_units: float) -> int:
    """An independent estimate: CJK text wraps at floor((width - 1) / 2) characters a line."""
    per_line = max(1, math.floor((width_units - 1) / 2))
    return sum(max(1, math.ceil(len(part) / per_line)) for part in text.split("\n"))


def _cell_box(ws, coordinate: str) -> tuple[float, float]:
    """(width in units, height in points) of a cell or of the merged range it anchors."""
    for rng in ws.merged_cells.ranges:
        if rng.coord.startswith(coordinate + ":"):
            cols = range(rng.min_col, rng.max_col + 1)
            rows = range(rng.min_row, rng.max_row + 1)
            break
    else:
        cell = ws[coordinate]
        cols, rows = [cell.column], [cell.row]
    width = sum(ws.column_dimensions[get_column_letter(c)].width for c in cols)
    height = sum(ws.row_dimensions[r].height for r in rows)
    return width, height


def test_long_goal_and_long_indicator_are_fully_visible(tmp_path):
    doc = sample_doc()
    p = doc.projects[0]
    goal = ("保障社区工作者队伍稳定提升社区服务能力和水平" * 30)[:500]
    level3 = ("城市社区综合服务设施覆盖率及服务质量达标情况" * 20)[:300]
    p.goals = [goal]
    p.indicators[1].name = level3
    wb = openpyxl.load_workbook(export_workbook(doc, tmp_path / "long.xlsx"))
    ws = wb["1.城镇社区工作经费"]
    cells = {c.value: c.coordinate for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    line = BODY_PT * LINE_FACTOR
    for text in (f"1.{goal}", level3):
        coordinate = cells[text]  # the whole text is in one cell
        width, height = _cell_box(ws, coordinate)
        assert height >= _needed_lines(text, width) * line, (coordinate, width, height)
    assert all((d.height or 0) <= MAX_ROW_PT for d in ws.row_dimensions.values())


def test_text_taller_than_one_row_spreads_over_several(tmp_path):
    doc = sample_doc()
    p = doc.projects[0]
    huge = "城市社区综合服务设施覆盖率" * 60  # 780 characters in a narrow column
    p.indicators[0].description = huge
    wb = openpyxl.load_workbook(export_workbook(doc, tmp_path / "huge.xlsx"))
    ws = wb["1.城镇社区工作经费"]
    coordinate = next(c.coordinate for row in ws.iter_rows() for c in row if c.value == huge)
    width, height = _cell_box(ws, coordinate)
    assert height > MAX_ROW_PT  # more than one physical row
    assert height >= _needed_lines(huge, width) * BODY_PT * LINE_FACTOR
    # The rest of that indicator row is merged over the same rows, and the texts still read back in order.
    rows = sheet_rows(ws, first_row=10)
    assert rows[0] == ["产出指标", "数量指标", "城市社区综合服务设施数量", huge, "≥25个", "社区工作覆盖情况"]
    # That row fills a page: the next page continues the table under its title and headings,
    # with the merged 一级指标 printed again.
    assert rows[1] == ["1.城镇社区工作经费绩效目标表（续）"]
    assert [t.replace("\n", "") for t in rows[2]] == ["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据"]
    assert rows[3][:2] == ["产出指标", "质量指标"]
    title = next(c.row for row in ws.iter_rows() for c in row if c.value == "1.城镇社区工作经费绩效目标表（续）")
    assert [b.id for b in ws.row_breaks.brk] == [title - 1]  # a manual page break just above it
    assert all((d.height or 0) <= MAX_ROW_PT for d in ws.row_dimensions.values())


def test_progress_reports_every_sheet(tmp_path):
    calls = []
    export_workbook(sample_doc(), tmp_path / "p.xlsx", progress=lambda d, t: calls.append((d, t)))
    assert calls == [(1, 4), (2, 4), (3, 4), (4, 4)]


def test_selected_projects_keep_their_numbers(tmp_path):
    doc = sample_doc()
    wb = openpyxl.load_workbook(export_workbook(doc, tmp_path / "s.xlsx", projects=[doc.projects[1]]))
    assert wb.sheetnames == ["部门整体绩效目标", "项目汇总", "2.国有企业退休人员社会化管理补助资金"]
    assert re.fullmatch(r"合计", sheet_rows(wb["项目汇总"])[-1][0])


def test_findings_sheet_lists_the_given_rows(tmp_path):
    rows = [("错误", "COST-002", "1.城镇社区工作经费 第3行指标 指标值", "成本超过预算数"), ("提示", "USE-002", "整个文档", "=1+1")]
    wb = openpyxl.load_workbook(export_workbook(sample_doc(), tmp_path / "f.xlsx", findings=rows))
    assert wb.sheetnames[-1] == "审核意见"
    ws = wb["审核意见"]
    assert sheet_rows(ws)[1:] == [["序号", "级别", "规则", "位置", "说明"], ["1", *rows[0]], ["2", *rows[1]]]
    assert ws["E4"].data_type == "s" and ws.print_title_rows == "$2:$2"
