"""Import of the files users really have: Word and Excel, every shipped form, perftui's own
workbooks, and files that must be refused (issue 10).

The sample is built as a real .docx from its Word text export (tests/importkit.py), the
other forms' real documents from their cell-by-cell transcriptions with the merges they
print; each is imported through the command users run.
"""

from __future__ import annotations

import io
import json
import os
import random
import re
import subprocess
import sys
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from exportkit import run_cli
from hypothesis import given
from hypothesis import strategies as st
from importkit import (
    FIXTURE_FORMS,
    SAMPLE,
    build_docx,
    build_sample_docx,
    build_text,
    build_xlsx,
    fixture,
    layout,
)

from perftui import store
from perftui.importers.anyfile import import_file
from perftui.importers.container import MAX_XML_BYTES
from perftui.importers.vocab import GROUP, INLINE_LABEL_RE, MONEY_STATEMENT_RE, vocabulary
from perftui.kinds import AMOUNT

ROOT = Path(__file__).resolve().parents[1]


def run(argv, capsys) -> tuple[int, str, str]:
    rc = run_cli(["import", *map(str, argv)])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return rc, out, err


def show_json(path: Path) -> dict:
    proc = subprocess.run(
        [sys.executable, "-m", "perftui", "show", str(path), "--format", "json"],
        capture_output=True, text=True, cwd=ROOT, check=True,
    )
    data = json.loads(proc.stdout)
    for f in data.get("files", [data]):
        f.pop("file", None)
    return data


# -- the sample as a real Word document --------------------------------------------------


def test_the_sample_as_a_docx_imports_byte_for_byte(tmp_path, capsys):
    source = build_sample_docx(tmp_path / "2023年部门预算绩效文本.docx")
    with zipfile.ZipFile(source) as z:
        xml = z.read("word/document.xml").decode()
    # The printed form's merges are really there: across (gridSpan) and down (vMerge).
    assert xml.count("<w:gridSpan") > 50 and xml.count("<w:vMerge") > 60 and 'w:val="restart"' in xml
    assert "[bookmark" not in xml and "<w:bookmarkStart" in xml
    out = tmp_path / "439001-2023.toml"
    rc, stdout, err = run([source, "-o", out], capsys)
    assert rc == 0, err
    assert out.read_bytes() == SAMPLE.read_bytes()
    assert stdout.startswith("已导入 7 个项目，49 条指标，1 条提示 → ")
    # The truncated last table is named by its place in the document.
    assert f"{source} 表 14 第 4 行第 6 格: " in err and "截断" in err


def test_the_sample_workbook_round_trips(tmp_path, capsys):
    book = tmp_path / "439001-2023.xlsx"
    assert run_cli(["export", str(SAMPLE), "-o", str(book)]) == 0
    out = tmp_path / "back.toml"
    rc, stdout, err = run([book, "-o", out], capsys)
    assert rc == 0, err
    assert out.read_bytes() == SAMPLE.read_bytes()
    assert show_json(out) == show_json(SAMPLE)
    # The summary sheet is derived from the project sheets: said once, not imported twice.
    assert f"{book} 项目汇总!A1: " in err and "7.招聘社区工作者工资保险!" in err


def test_the_workspace_round_trips_folder_to_folder(tmp_path, capsys):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from workspace import build_workspace

    from perftui.export.xlsx import export_workbook

    files = build_workspace(tmp_path / "data")
    books = tmp_path / "books"
    books.mkdir()
    for path in files:
        export_workbook(store.load(path).doc, books / f"{path.stem}.xlsx")
    back = tmp_path / "back"
    rc, stdout, err = run([books, "-o", back], capsys)
    assert rc == 0, err
    lines = stdout.strip().split("\n")
    assert len(lines) == len(files) + 1 and lines[0].startswith(f"{files[0].stem}.xlsx：绩效文本，已导入 ")
    assert lines[-1] == f"合计：{len(files)} 个文件，成功 {len(files)} 个，失败 0 个；共 1000 个项目，12000 条指标"
    for path in files:
        assert (back / path.name).read_bytes() == path.read_bytes(), path.name


# -- every shipped form, from its real document ------------------------------------------


def _doc_values(doc) -> tuple[set[str], set[Decimal]]:
    """Every text and every number the document holds."""
    from perftui.export.jsondoc import document_json

    texts: set[str] = set()
    numbers: set[Decimal] = set()

    def walk(v) -> None:
        if isinstance(v, dict):
            for x in v.values():
                walk(x)
        elif isinstance(v, list):
            for x in v:
                walk(x)
        elif isinstance(v, str):
            texts.add(v)
            for line in v.split("\n"):
                texts.add(line)
        elif isinstance(v, (int, float, Decimal)) and not isinstance(v, bool):
            numbers.add(Decimal(str(v)))

    walk(document_json(doc))
    return texts, numbers


@pytest.mark.parametrize("kind", ["docx", "xlsx"])
@pytest.mark.parametrize("name", list(FIXTURE_FORMS))
def test_each_forms_real_document_imports_every_cell(tmp_path, name, kind):
    """Recognised as its form from its labels; every non-blank cell is a label of the form,
    a value in the document, or named in a notice — none is dropped silently."""
    path = (build_docx if kind == "docx" else build_xlsx)(name, tmp_path / f"{name}.{kind}")
    result = import_file(path)
    assert result.form == FIXTURE_FORMS[name] and result.ok
    vocab = vocabulary(result.form)
    texts, numbers = _doc_values(result.doc)
    noticed = " ".join(n.message for n in result.notices)
    money = vocab.profile.money
    for table in fixture(name)["tables"]:
        for row in table["rows"]:
            if row and row[0].strip() in ("合计", "总计") and "合计" in noticed:
                continue  # a total row: checked against its items and named in a notice
            for cell in row:
                text = GOAL_NUMBER.sub("", cell.strip())
                if not text or vocab.label(text) is not None or vocab.column(text) is not None:
                    continue
                flat = text.replace("\n", " ")
                if text in texts or flat[:30] in noticed or text.split("\n")[0] in texts:
                    continue
                reading = AMOUNT.read(text, unit=money)
                if reading.ok and (reading.value in numbers or f"{reading.value:.2f}" in texts):
                    continue
                bare = text.removesuffix("%").removesuffix("分")
                if bare.isdigit() and (Decimal(bare) in numbers or bare in texts):
                    continue
                unit = result.doc.unit
                if text == unit.code + unit.name or text == f"{unit.code}-{unit.name}":
                    continue
                if MONEY_STATEMENT_RE.search(text) or _title(text):
                    continue  # the money unit and the title (which gives the year) are the form's structure
                if result.form in ("四川一体化",) and any(text in t for t in texts):
                    continue  # a sign joined to its value (≥ + 95)
                if _is_label_with_value(text, vocab):
                    continue
                raise AssertionError(f"{name}: cell {text!r} is neither imported nor named in a notice")


def _title(text: str) -> bool:
    flat = "".join(text.split())
    return flat.endswith(("表", "年度)")) and ("目标" in flat or "年度" in flat)


def _is_label_with_value(text: str, vocab) -> bool:
    head = text.replace("：", ":").split(":", 1)[0]
    return vocab.label(head) is not None or INLINE_LABEL_RE.match(text) is not None


GOAL_NUMBER = re.compile(r"^\d+\.(?!\d)")  # goals are kept without their numbering


# The data files of each form (tests/data/forms/), transcribed by hand from the same fixtures.
DATA_FILES = {
    "00-hebei-yutian-2023-wenben": "wenben-yutian-2023",
    "01-hubei-wuhan-qingshan-2020-88": "88-wuhan-2020",
    "03-guangdong-dongguan-2019-88-pifu": "88-dongguan-2019",
    "04-hunan-xiangtan-2023-shenbao": "hunan-xiangtan-2023",
    "05-hubei-ezhou-2022-shenbao": "hubei-ezhou-2022",
    "06-sichuan-jingyan-mata-2023-yitihua": "sichuan-jingyan-2023",
    "07-chongqing-fengjie-2023-101": "101-fengjie-2023",
    "08-fujian-ningde-2019-zhengti": "zhengti-ningde-2019",
    "09-hunan-yueyang-2023-zhengti": "zhengti-yueyang-2023",
    "10-tianjin-baodi-2022-zhongyang-touzi": "touzi-baodi-2022",
}


def _as_imported(doc):
    """A hand-transcribed document as the importer gives it: text without the whitespace
    around it (the importer's one change, README), and the fixtures' anonymised names and
    phone numbers blank (the transcriber left those fields empty)."""
    import dataclasses

    def fix(record):
        for f in dataclasses.fields(record):
            v = getattr(record, f.name)
            if isinstance(v, str):
                v = "" if v.strip() in ("[name removed]", "[phone removed]") else v.strip()
                setattr(record, f.name, v)
            elif isinstance(v, list):
                for i, x in enumerate(v):
                    if isinstance(x, str):
                        v[i] = x.strip()
                    elif dataclasses.is_dataclass(x):
                        fix(x)
            elif dataclasses.is_dataclass(v):
                fix(v)
        return record

    return fix(doc)


@pytest.mark.parametrize("kind", ["docx", "xlsx"])
@pytest.mark.parametrize("name", list(DATA_FILES))
def test_each_form_imports_to_its_hand_made_data_file(tmp_path, name, kind):
    """Every cell in the right field: the import equals the data file transcribed by hand."""
    path = (build_docx if kind == "docx" else build_xlsx)(name, tmp_path / f"{name}.{kind}")
    got = _as_imported(import_file(path).doc)
    expected = _as_imported(store.load(ROOT / "tests" / "data" / "forms" / f"{DATA_FILES[name]}.toml").doc)
    assert store.dumps(got) == store.dumps(expected)


def test_an_old_xls_workbook_imports_too(tmp_path):
    """The 湖南 form saved by LibreOffice as Excel 97–2003 (.xls), read by the same reader."""
    xls = ROOT / "tests" / "fixtures" / "import" / "04-hunan-xiangtan-2023-shenbao.xls"
    assert xls.read_bytes()[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    got = import_file(xls)
    assert got.form == "湖南申报表" and got.doc == _imported(tmp_path, "04-hunan-xiangtan-2023-shenbao")
    assert any(n.place == "Sheet1!A2" for n in got.notices)


def test_the_three_containers_of_a_form_give_the_same_document(tmp_path):
    """Word, Excel (cells as text, or numbers as numbers) and Word's text export agree."""
    for name in FIXTURE_FORMS:
        a = import_file(build_docx(name, tmp_path / f"{name}.docx")).doc
        b = import_file(build_xlsx(name, tmp_path / f"{name}.xlsx")).doc
        c = import_file(build_xlsx(name, tmp_path / f"{name}-n.xlsx", numbers=True)).doc
        t = import_file(build_text(name, tmp_path / f"{name}.txt"))
        assert a == b == c == t.doc and t.form == FIXTURE_FORMS[name], name


D = Decimal


def _imported(tmp_path, name):
    return import_file(build_docx(name, tmp_path / f"{name}.docx")).doc


def test_88_form_two_column_groups_and_wan_amounts(tmp_path):
    doc = _imported(tmp_path, "01-hubei-wuhan-qingshan-2020-88")
    p = doc.projects[0]
    assert doc.form == "88号申报表" and doc.unit.year == 2020
    assert (p.dept, p.implementer, p.attribute, p.period) == (
        "[015001]武汉市青山区教育局", "武汉市青山区教育局", "基础建设、修缮类", "202001-202012")
    assert (p.long_budget, p.long_fiscal, p.budget, p.fiscal) == (D("100000000.00"),) * 4  # 10000万元
    assert p.long_other is None and p.other is None  # blank, not zero
    first = p.indicators[0]
    assert (first.level1, first.long_level2, first.long_name, first.level2, first.name, first.value) == (
        "产出指标", "数量指标", "", "数量指标", "重点建设工程安排数量", "2")
    doc = _imported(tmp_path, "03-guangdong-dongguan-2019-88-pifu")
    p = doc.projects[0]
    assert doc.unit.name == "东莞市交通运输局" and (p.long_budget, p.budget) == (D("2845000000.00"), D("9190000.00"))
    assert p.indicators[2].long_level2 == "时效指标(工期指标)" and p.indicators[2].level2 == "时效指标(工期指标、形象进度指标)"


def test_101_form_points_and_blank_template_rows(tmp_path):
    doc = _imported(tmp_path, "07-chongqing-fengjie-2023-101")
    p = doc.projects[0]
    assert doc.framework == "101号" and doc.unit.name == "奉节县云雾土家族乡人民政府" and doc.unit.year == 2023
    assert (p.category, p.period, p.dept, p.fund_class, p.subject) == (
        "资产资源类--房屋类", "2023年4月-2024年2月", "县民宗委", "一般公共预算", "21305")
    assert (p.long_budget, p.budget, p.fiscal, p.other) == (D("650000"), D("650000"), D("650000"), D("0"))
    assert (p.execution, p.execution_points) == (D("100"), D("10"))
    cost = p.indicators[0]
    assert (cost.level1, cost.level2, cost.name, cost.value, cost.points) == (
        "成本指标(0-20)分", "经济成本指标", "项目建设成本", "≤65万元", D("10"))
    assert [i.level2 for i in p.indicators[1:3]] == ["社会成本指标", "生态环境成本指标"]
    assert all(not i.name and i.points is None for i in p.indicators[1:3])


def test_hunan_form_superior_funds_and_standards(tmp_path):
    doc = _imported(tmp_path, "04-hunan-xiangtan-2023-shenbao")
    p = doc.projects[0]
    assert (p.name, p.dept, p.budget, p.superior, p.period) == (
        "雾炮车降尘抑尘服务", "湘潭市环境卫生管理处", D("2500000"), D("0"), "2023.07-2024.01")
    assert p.long_goals == p.goals and len(p.indicators) == 10
    assert (p.indicators[1].level2, p.indicators[1].value, p.indicators[1].basis) == ("数量指标", "≥80M", "计划标准")
    assert p.indicators[-1].level2 == "社会公众或服务对象满意度指标" and p.indicators[-1].level1 == "效益指标"


def test_hubei_form_costs_and_its_two_level_indicators(tmp_path):
    result = import_file(build_docx("05-hubei-ezhou-2022-shenbao", tmp_path / "05.docx"))
    p = result.doc.projects[0]
    assert result.doc.unit.year == 2022  # the 2021 actuals are the year before
    assert [(c.item, c.amount, c.actual1, c.actual2) for c in p.costs] == [
        ("保安服务费", D("1910000"), D("1910000"), D("1910000")),
        ("保洁服务费", D("990000"), D("990000"), D("990000")),
        ("水电气、维修维护费", D("5240000"), D("3728800"), D("5045500")),
        ("合计", D("8140000"), D("6629800"), D("7945500")),  # kept as printed, and checked
    ]
    total = next(n for n in result.notices if "合计" in n.message)
    assert "6629800.00 元与各项之和 6628800.00 元不符" in total.message and total.place == "表 2 第 5 行第 1 格"
    first = p.indicators[0]
    assert (first.level2, first.name, first.description, first.value) == (
        "数量指标", "办公大楼日常维修维护次数", "反映办公大楼全年维修维护情况", "2280次")
    assert p.indicators[1].level2 == "数量指标"  # merged down


def test_zhengti_forms_are_the_department(tmp_path):
    doc = _imported(tmp_path, "08-fujian-ningde-2019-zhengti")
    ov = doc.overall
    assert doc.projects == [] and (doc.unit.name, doc.unit.code) == ("中共宁德市委党史和地方志研究室", "901001033")
    assert (ov.budget, ov.spending, ov.basic) == (D("1714100"), D("608000"), D("1106100"))
    assert ov.goal.startswith("目标1:确保本室") and ov.goal.count("\n") == 3
    assert [(t.project, t.amount) for t in ov.tasks] == [
        ("地情、市志编纂与年鉴出版经费", D("498000")), ("地情、市志编纂与年鉴出版经费", D("110000")),
        ("基本支出", D("1714100"))]
    assert (ov.indicators[0].explain, ov.indicators[0].value) == ("100%(历史标准)", "100%")
    doc = _imported(tmp_path, "09-hunan-yueyang-2023-zhengti")
    ov = doc.overall
    assert doc.framework == "101号" and ov.duties == "负责价格认定工作" and ov.goal == "做好涉案、价格认定工作。"
    first = ov.indicators[0]
    assert (first.value_type, first.value, first.unit, first.scoring) == ("定量", "28.8万元", "%", "未达指标值酌情扣分")


def test_touzi_form(tmp_path):
    doc = _imported(tmp_path, "10-tianjin-baodi-2022-zhongyang-touzi")
    p = doc.projects[0]
    assert doc.framework == "实施效果" and doc.unit.year == 2022
    assert (p.implementer, p.budget) == ("宝坻区人民政府", D("23500000"))
    assert [i.level2 for i in p.indicators] == ["产出指标"] * 3 + ["效益指标"]


# -- the one-row-per-indicator sheet -------------------------------------------------------


def _sichuan_repeated(path: Path) -> Path:
    """The 四川 export with the project cells repeated on every row instead of merged."""
    import openpyxl

    table = fixture("06-sichuan-jingyan-mata-2023-yitihua")["tables"][0]
    rows = [list(r) for r in table["rows"]]
    for r in range(5, len(rows)):
        for c in range(4):
            if rows[r][c] == "":
                rows[r][c] = rows[r - 1][c]
    wb = openpyxl.Workbook()
    ws = wb.active
    for r, row in enumerate(rows, 1):
        for c, text in enumerate(row, 1):
            if text:
                ws.cell(r, c, text)
    wb.save(path)
    return path


def test_sichuan_rows_join_sign_value_and_unit(tmp_path):
    for path in (build_xlsx("06-sichuan-jingyan-mata-2023-yitihua", tmp_path / "merged.xlsx"),
                 _sichuan_repeated(tmp_path / "repeated.xlsx")):
        result = import_file(path)
        doc = result.doc
        assert result.form == "四川一体化" and doc.unit.year == 2023, path
        assert (doc.unit.code, doc.unit.name) == ("820001", "井研县马踏镇人民政府")
        assert [(p.name, p.budget, len(p.indicators)) for p in doc.projects] == [
            ("村组干部报酬", D("3309840.00"), 8), ("基层组织活动经费", D("660000.00"), 5)]
        first = doc.projects[0].indicators[0]
        assert (first.value, first.unit, first.points, first.direction, first.value_text) == (
            "≥95", "%", D("10"), "正向指标", "≥95%")
        assert doc.projects[0].indicators[2].unit == "人/年" and doc.projects[1].indicators[-1].value == "=11"
        assert sum(i.points for i in doc.projects[0].indicators) == 90
        assert any("合计行" in n.message and "820-马踏镇部门" in n.message for n in result.notices)


# -- numbers in workbooks --------------------------------------------------------------


def test_workbook_numbers_are_read_as_the_sheet_shows_them(tmp_path):
    import openpyxl

    from perftui.importers.sources import open_source

    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"], ws["B1"], ws["C1"], ws["D1"] = 770000, 0.3, 0.1 + 0.2, 1234.5600000000001
    ws["B1"].number_format = "0%"
    ws["E1"] = 0.125
    ws["E1"].number_format = '0.0%;"负"0.0%'
    ws["F1"] = 3309840
    ws["F1"].number_format = "#,##0.00"
    wb.save(tmp_path / "n.xlsx")
    cells = open_source(tmp_path / "n.xlsx").grids()[0].rows[0]
    assert [c.text for c in cells] == ["770000", "30%", "0.3", "1234.56", "12.5%", "3309840"]
    assert cells[1].number == D("0.3") and cells[1].percent


# -- what is refused -------------------------------------------------------------------


def _refused(tmp_path, capsys, path: Path, words: str) -> str:
    out = tmp_path / "out.toml"
    rc, stdout, err = run([path, "-o", out], capsys)
    assert rc == 2, err
    assert words in err, err
    assert str(path) in err and not out.exists() and stdout == ""
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary file left
    return err


def test_password_protected_files(tmp_path, capsys):
    from msoffcrypto.format.ooxml import OOXMLFile  # encrypts as Word/Excel do (ECMA-376 agile)

    plain = build_sample_docx(tmp_path / "plain.docx")
    for name, source in (("加密.docx", plain), ("加密.xlsx", build_xlsx("04-hunan-xiangtan-2023-shenbao", tmp_path / "p.xlsx"))):
        target = tmp_path / name
        with open(source, "rb") as f, open(target, "wb") as out:
            OOXMLFile(f).encrypt("123456", out)
        assert target.read_bytes()[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        _refused(tmp_path, capsys, target, "设置了打开密码")


def test_corrupt_and_truncated_files(tmp_path, capsys):
    good = build_sample_docx(tmp_path / "good.docx")
    data = good.read_bytes()
    cut = tmp_path / "截断.docx"
    cut.write_bytes(data[: len(data) // 2])
    _refused(tmp_path, capsys, cut, "不完整")
    noise = tmp_path / "乱码.xlsx"
    noise.write_bytes(random.Random(1).randbytes(5000))
    _refused(tmp_path, capsys, noise, "不是 Word/Excel 文档")
    # A member whose packed data is damaged: the archive opens, the part does not unpack.
    broken = tmp_path / "损坏.docx"
    with zipfile.ZipFile(good) as z:
        info = z.getinfo("word/document.xml")
    raw = bytearray(data)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for i in range(start + 50, start + 200):
        raw[i] ^= 0x5A
    broken.write_bytes(bytes(raw))
    _refused(tmp_path, capsys, broken, "已损坏")
    # Not XML at all inside a good archive.
    bad_xml = tmp_path / "坏的.xlsx"
    with zipfile.ZipFile(bad_xml, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook><sheets><sheet name='a'")
    _refused(tmp_path, capsys, bad_xml, "已损坏")


def test_wrong_type_files(tmp_path, capsys):
    pdf = tmp_path / "预算.xlsx"
    pdf.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
    _refused(tmp_path, capsys, pdf, "这是PDF 文件")
    png = tmp_path / "截图.docx"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    _refused(tmp_path, capsys, png, "PNG 图片")
    plain_zip = tmp_path / "资料.docx"
    with zipfile.ZipFile(plain_zip, "w") as z:
        z.writestr("readme.txt", "hello")
    _refused(tmp_path, capsys, plain_zip, "普通的 zip 压缩包")
    old = tmp_path / "旧.doc"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500) + "WordDocument".encode("utf-16-le") + bytes(100))
    _refused(tmp_path, capsys, old, "旧版 Word 文档")


def test_a_50_mb_workbook_is_refused_before_it_is_read(tmp_path, capsys):
    huge = tmp_path / "全县.xlsx"
    row = b'<row r="1"><c r="A1" t="inlineStr"><is><t>' + "城镇社区工作经费".encode() * 8 + b"</t></is></c></row>"
    body = row * (50 * 1024 * 1024 // len(row))
    with zipfile.ZipFile(huge, "w", zipfile.ZIP_STORED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"<worksheet><sheetData>" + body + b"</sheetData></worksheet>")
    assert huge.stat().st_size > 50 * 1024 * 1024 > MAX_XML_BYTES
    _refused(tmp_path, capsys, huge, "文件太大")


def test_a_large_docx_of_pictures_is_not_refused(tmp_path, capsys):
    """Only the parts the reader parses count: a document fat with photos still imports."""
    source = build_sample_docx(tmp_path / "带照片.docx")
    with zipfile.ZipFile(source, "a", zipfile.ZIP_STORED) as z:
        z.writestr("word/media/image1.jpeg", os.urandom(45 * 1024 * 1024))
    out = tmp_path / "out.toml"
    rc, _stdout, err = run([source, "-o", out], capsys)
    assert rc == 0, err
    assert out.read_bytes() == SAMPLE.read_bytes()


def test_zip_bombs_are_bounded(tmp_path, capsys):
    bomb = tmp_path / "炸弹.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        with z.open("xl/worksheets/sheet1.xml", "w") as part:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(80):
                part.write(chunk)
    assert bomb.stat().st_size < 1024 * 1024
    _refused(tmp_path, capsys, bomb, "压缩炸弹")


def test_a_bomb_in_the_package_parts_is_bounded_too(tmp_path, capsys):
    """The package's own parts are read too (the workbook reader finds the package's kind in
    them): they count in the bounds like the sheets."""
    for part in ("[Content_Types].xml", "_rels/.rels"):
        bomb = tmp_path / "包炸弹.xlsx"
        with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
            for name in ("[Content_Types].xml", "_rels/.rels", "xl/workbook.xml"):
                if name != part:
                    z.writestr(name, "<x/>")
            with z.open(part, "w") as f:
                for _ in range(80):
                    f.write(b" " * (1024 * 1024))
        _refused(tmp_path, capsys, bomb, "压缩炸弹")


def test_the_workbook_reader_opens_exactly_the_checked_parts(tmp_path):
    """calamine opens a copy of the parts as they were checked and scanned: every part the
    bounds count, byte for byte, and nothing else (no macro project, no picture)."""
    from perftui.importers.container import PartReader, checked_copy, read_part

    source = build_xlsx("04-hunan-xiangtan-2023-shenbao", tmp_path / "h.xlsx")
    target = tmp_path / "带宏.xlsm"
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item))
        dst.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0Sub AutoOpen()")
        dst.writestr("xl/media/image1.png", b"\x89PNG" + b"0" * 100)
    with zipfile.ZipFile(target) as z, PartReader(z) as parts:
        copy = checked_copy(z, parts, {}, "xlsx")
        names = [i.filename for i in z.infolist()]
        with zipfile.ZipFile(io.BytesIO(copy)) as c:
            assert c.testzip() is None
            kept = c.namelist()
            assert kept == [n for n in names if n.startswith("xl/") and n.endswith((".xml", ".rels"))
                            and "/media/" not in n or n in ("[Content_Types].xml", "_rels/.rels")]
            assert "xl/vbaProject.bin" not in kept and "xl/media/image1.png" not in kept
            for name in kept:
                assert c.read(name) == read_part(z, name)
                assert c.getinfo(name).compress_type == zipfile.ZIP_STORED
    assert "[Content_Types].xml" in kept and "_rels/.rels" in kept


def test_macro_files_are_read_and_their_macros_never_run(tmp_path, capsys):
    for suffix, source in ((".docm", build_sample_docx(tmp_path / "s.docx")),
                           (".xlsm", build_xlsx("04-hunan-xiangtan-2023-shenbao", tmp_path / "h.xlsx"))):
        target = tmp_path / f"带宏{suffix}"
        with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
            for item in src.infolist():
                dst.writestr(item, src.read(item))
            part = "word/vbaProject.bin" if suffix == ".docm" else "xl/vbaProject.bin"
            dst.writestr(part, b"\xd0\xcf\x11\xe0" + b"Sub AutoOpen()\r\nShell \"rm -rf ~\"\r\nEnd Sub")
        out = tmp_path / f"{suffix[1:]}.toml"
        rc, stdout, err = run([target, "-o", out], capsys)
        assert rc == 0, err
        assert "宏从不运行" in err and out.exists()


def test_a_value_in_the_farthest_cell_is_refused_not_a_crash(tmp_path):
    """One value in XFD1048576 would make the reader allocate the whole sheet (and abort
    the process): the sheet is refused first. Run in its own process, so a crash shows."""
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active["A1"] = "项目名称"
    wb.active["XFD1048576"] = "x"
    wb.save(tmp_path / "远.xlsx")
    proc = subprocess.run([sys.executable, "-m", "perftui", "import", str(tmp_path / "远.xlsx"), "--dry-run"],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 2, proc.stderr
    assert "XFD1048576" in proc.stderr and "远大于" in proc.stderr


@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        (b'<c r="A2"', b'<c r="A99999999"', "A1:A99999999"),  # past any sheet's last row
        (b'<c r="A2"', b'<c r="A' + b"9" * 20 + b'"', "远大于"),  # past 2**32: the reader wraps it around
        (b'<row r="2"', b'<row r="99999999"', "A1:A99999999"),  # a cell placed by its row's number
        # Written as the reader reads it, not as Excel writes it: every way is bounded alike.
        (b'<c r="A2"', b"<c r='XFD1048576'", "A1:XFD1048576"),
        (b'<c r="A2"', b'<c r="xfd1048576"', "A1:XFD1048576"),
        (b'<c r="A2"', b'<c r = "XFD1048576"', "A1:XFD1048576"),
        (b'<c r="A2"', b'<c\tr="XFD1048576"', "A1:XFD1048576"),
        (b'<c r="A2"', b'<c\n r="XFD1048576"', "A1:XFD1048576"),
        (b'<c r="A2"', b'<c s="0" r="XFD1048576"', "A1:XFD1048576"),
        (b'<c r="A2"', b'<x:c r="XFD1048576"', "A1:XFD1048576"),
    ],
    ids=["row-99999999", "row-past-2**32", "row-tag", "single-quotes", "lower-case", "spaced", "tab",
         "line-break", "not-first", "prefixed"],
)
def test_a_reference_past_any_sheet_is_refused_not_a_crash(tmp_path, old, new, where):
    """References longer than any sheet's are bounded too (the reader would allocate from A1
    to them and abort the process). Run in its own process, so a crash shows."""
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active["A1"] = "项目名称"
    wb.active["A2"] = "x"
    wb.save(tmp_path / "src.xlsx")
    with zipfile.ZipFile(tmp_path / "src.xlsx") as src, zipfile.ZipFile(tmp_path / "远.xlsx", "w") as dst:
        for item in src.namelist():
            data = src.read(item)
            if item == "xl/worksheets/sheet1.xml":
                assert old in data
                data = data.replace(old, new)
                if old.startswith(b"<row"):
                    data = data.replace(b'<c r="A99999999"', b"<c").replace(b'<c r="A2"', b"<c")
            dst.writestr(item, data)
    proc = subprocess.run([sys.executable, "-m", "perftui", "import", str(tmp_path / "远.xlsx"), "--dry-run"],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 2, proc.stderr
    assert where in proc.stderr and "远大于" in proc.stderr


@pytest.mark.parametrize("name", ["perftui's own", *sorted(FIXTURE_FORMS)])
def test_cells_placed_as_the_reader_places_them_agree_with_the_quick_look(tmp_path, name):
    """On sheets as Excel or perftui write them, the full placing of cells (for sheets written
    otherwise) finds the percent cells the quick look finds, and an extent that holds every
    value the reader reads."""
    import python_calamine as calamine

    from perftui.importers.container import PartReader
    from perftui.importers.xlsx import _percent_styles, _placed_extent, _scan, _sheet_parts

    if name == "perftui's own":  # its spending plans are percent cells
        from perftui.export.xlsx import export_workbook

        book = export_workbook(store.load(SAMPLE).doc, tmp_path / "sample.xlsx")
    else:
        book = build_xlsx(name, tmp_path / f"{name}.xlsx", numbers=True)
    found = 0
    with zipfile.ZipFile(book) as z, PartReader(z) as parts:
        styles = _percent_styles(z)
        for sheet in _sheet_parts(z):
            data = parts.read(sheet.part)
            _scan(sheet, data, styles)
            assert sheet.extent == (9999, 26)  # the quick look
            percent: set = set()
            rows, cols = _placed_extent(data, styles, percent)
            page = calamine.CalamineWorkbook.from_path(str(book)).get_sheet_by_name(sheet.name)
            values = page.to_python(skip_empty_area=False)
            # The quick look also names empty styled cells (a merge's covered slots): no number.
            assert percent <= sheet.percent
            for r, c in sheet.percent - percent:
                assert r >= len(values) or c >= len(values[r]) or values[r][c] == ""
            found += len(percent)
            end = page.end if page.height else (-1, -1)
            assert (rows, cols) == (end[0] + 1, end[1] + 1)
    assert found or name != "perftui's own"


def test_cells_placed_by_their_order_are_bounded(tmp_path):
    """Rows and cells without a reference are placed one after the other (the reader counts
    them): 2,101 rows of 1,000 cells reach past the bound as surely as a far reference."""
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active["A1"] = "项目名称"
    wb.save(tmp_path / "src.xlsx")
    rows = b"<row></row>" * 2100 + b"<row>" + b"<c><v>1</v></c>" * 1000 + b"</row>"
    with zipfile.ZipFile(tmp_path / "src.xlsx") as src, zipfile.ZipFile(tmp_path / "远.xlsx", "w") as dst:
        for item in src.namelist():
            data = src.read(item)
            if item == "xl/worksheets/sheet1.xml":
                data = re.sub(rb"<sheetData>.*</sheetData>", b"<sheetData>" + rows + b"</sheetData>", data, flags=re.S)
            dst.writestr(item, data)
    proc = subprocess.run([sys.executable, "-m", "perftui", "import", str(tmp_path / "远.xlsx"), "--dry-run"],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 2, proc.stderr
    assert "A1:ALL2101" in proc.stderr and "远大于" in proc.stderr


def test_xml_entities_are_refused(tmp_path, capsys):
    laughs = tmp_path / "实体.docx"
    with zipfile.ZipFile(laughs, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">'
                   '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><d>&b;</d>')
    _refused(tmp_path, capsys, laughs, "DOCTYPE")


# -- what users see --------------------------------------------------------------------


def test_dry_run_writes_nothing(tmp_path, capsys):
    source = build_docx("04-hunan-xiangtan-2023-shenbao", tmp_path / "湖南.docx")
    rc, out, err = run([source, "--dry-run"], capsys)
    assert rc == 0 and out.startswith("已导入 1 个项目，10 条指标") and "试导入，未写文件；表样：湖南申报表" in out
    assert f"{source} 表 1 第 1 行第 1 格: " in err  # 填报单位:(盖章)
    assert [p.name for p in tmp_path.iterdir()] == ["湖南.docx"]


def _table_docx(path: Path, rows: list[list[str]]) -> Path:
    import docx

    document = docx.Document()
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    document.save(path)
    return path


def test_ambiguous_and_unknown_forms_need_form(tmp_path, capsys):
    both = _table_docx(tmp_path / "两可.docx", [  # as many 湖南 labels as 湖北 ones
        ["项目支出名称", "测试项目", "年度本级预算金额", "20"],
        ["项目支出实施期", "2023", "项目性质", "持续性项目"],
        ["主管部门审核意见", "同意", "当年预期实现值", "1"],
    ])
    rc, _out, err = run([both, "--dry-run"], capsys)
    assert rc == 2 and "无法确定是哪一种：湖南申报表（3 分）、湖北申报表（3 分）" in err and "--form" in err
    rc, out, err = run([both, "--dry-run", "--form", "湖南申报表"], capsys)
    assert rc == 0 and "表样：湖南申报表" in out
    assert f"{both} 表 1 第 2 行第 3 格: 不认识的单元格，未能导入：“项目性质”" in err  # the 湖北 label, said
    few = _table_docx(tmp_path / "太少.docx", [["项目名称", "测试项目", "立项依据", "文件"]])
    rc, _out, err = run([few, "--dry-run"], capsys)
    assert rc == 2 and "认不出这份 Word 文档是哪一种绩效目标表" in err and "栏目太少" in err
    rc, _out, err = run([few, "--dry-run", "--form", "湖北申报表"], capsys)
    assert rc == 2 and "按“湖北申报表”表样读取" in err  # read as told: a name alone is not enough
    memo = _table_docx(tmp_path / "纪要.docx", [["会议纪要"]])
    rc, _out, err = run([memo, "--dry-run"], capsys)
    assert rc == 2 and "没有找到任何表样的栏目名称" in err


def test_a_folder_imports_to_a_folder_with_a_line_per_file(tmp_path, capsys):
    src = tmp_path / "收到的文件"
    src.mkdir()
    build_sample_docx(src / "玉田.docx")
    build_xlsx("06-sichuan-jingyan-mata-2023-yitihua", src / "井研.xlsx")
    (src / "坏的.xlsx").write_bytes(b"%PDF-1.4")
    (src / "~$玉田.docx").write_bytes(b"lock")  # Word's lock file of an open document: not a source
    out = tmp_path / "数据"
    rc, stdout, err = run([src, "-o", out], capsys)
    assert rc == 2  # one file failed
    lines = stdout.strip().split("\n")
    assert lines[0].startswith("井研.xlsx：四川一体化，已导入 2 个项目，13 条指标")
    assert lines[1].startswith("玉田.docx：绩效文本，已导入 7 个项目，49 条指标")
    assert lines[-1] == "合计：3 个文件，成功 2 个，失败 1 个；共 9 个项目，62 条指标"
    assert "坏的.xlsx: 这是PDF 文件" in err
    assert sorted(p.name for p in out.iterdir()) == ["井研.toml", "玉田.toml"]
    assert (out / "玉田.toml").read_bytes() == SAMPLE.read_bytes()
    assert store.load(out / "井研.toml").doc.form == "四川一体化"


def test_notices_name_their_place(tmp_path):
    result = import_file(build_xlsx("10-tianjin-baodi-2022-zhongyang-touzi", tmp_path / "投资.xlsx"))
    places = [n.place for n in result.notices if n.place]
    assert "Sheet1!A1" in places and all("!" in p for p in places)
    result = import_file(build_docx("10-tianjin-baodi-2022-zhongyang-touzi", tmp_path / "投资.docx"))
    assert any(n.place == "第 1 段" and "津财基指" in n.message for n in result.notices)


# -- the Word reader on what real documents contain --------------------------------------

_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_MC = 'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'


def _docx(path: Path, body: str) -> Path:
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", f'<?xml version="1.0"?><w:document {_W} {_MC}><w:body>{body}</w:body></w:document>')
    return path


def _tc(text: str, props: str = "") -> str:
    return f"<w:tc><w:tcPr>{props}</w:tcPr><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"


def test_the_word_reader_resolves_merges_nesting_controls_and_revisions(tmp_path):
    from perftui.importers.sources import open_source

    inner = f"<w:tbl><w:tr>{_tc('内')}{_tc('嵌')}</w:tr></w:tbl>"
    span2, restart, cont = '<w:gridSpan w:val="2"/>', '<w:vMerge w:val="restart"/>', "<w:vMerge/>"
    body = (
        "<w:p><w:r><w:t>标题</w:t></w:r><w:del><w:r><w:delText>删掉的</w:delText></w:r></w:del>"
        "<w:ins><w:r><w:t>加上的</w:t></w:r></w:ins></w:p>"
        "<w:p><mc:AlternateContent><mc:Choice><w:r><w:t>一次</w:t></w:r></mc:Choice>"
        "<mc:Fallback><w:r><w:t>一次</w:t></w:r></mc:Fallback></mc:AlternateContent></w:p>"
        "<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>"
        f"<w:tr>{_tc('跨两列', span2)}{_tc('右', restart)}</w:tr>"
        "<w:tr><w:trPr><w:gridBefore w:val='1'/></w:trPr>" + _tc("中") + _tc("", cont) + "</w:tr>"
        f"<w:sdt><w:sdtContent><w:tr>{_tc('控件')}<w:tc><w:p/>{inner}</w:tc>{_tc('三')}</w:tr></w:sdtContent></w:sdt>"
        "</w:tbl>"
    )
    source = open_source(_docx(tmp_path / "d.docx", body))
    paragraphs = [b.text for b in source.blocks if not hasattr(b, "rows")]
    assert paragraphs == ["标题加上的", "一次"]
    outer, nested = source.grids()
    assert outer.ncols == 3
    assert [(c.text, above) for c, above in outer.distinct(0)] == [("跨两列", False), ("右", False)]
    assert outer.rows[1][0] is None  # gridBefore: no cell there
    assert [(c.text, above) for c, above in outer.distinct(1)] == [("中", False), ("右", True)]
    assert outer.rows[0][2].rowspan == 2
    assert [c.text for c, _ in outer.distinct(2)] == ["控件", "", "三"]
    assert [c.text for c in nested.anchors(0)] == ["内", "嵌"]
    assert source.describe(nested.rows[0][0].place) == "表 1 第 3 行第 2 格内的表 2 第 1 行第 1 格"


def test_a_label_without_any_value_cell_is_named(tmp_path):
    table = {"rows": [["项目名称"]], "merges": []}
    assert layout(table)[0] == 1
    result = import_file(_docx(tmp_path / "x.docx", "<w:tbl><w:tr>" + _tc("专项名称") + "</w:tr></w:tbl>"),
                         form="中央预算内投资")
    assert not result.ok and any("旁边和下面都没有" in n.message for n in result.notices)
    assert GROUP == "group"


# -- never a traceback, never a wrong value kept -----------------------------------------


def _mutations():
    from hypothesis import strategies as st

    return st.tuples(
        st.sampled_from(["cut", "flip", "zero", "splice"]),
        st.floats(min_value=0.0, max_value=1.0),
        st.integers(min_value=1, max_value=64),
        st.integers(min_value=0, max_value=255),
    )


@pytest.fixture(scope="module")
def office_sources(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sources")
    return [
        build_sample_docx(folder / "sample.docx").read_bytes(),
        build_xlsx("06-sichuan-jingyan-mata-2023-yitihua", folder / "sc.xlsx").read_bytes(),
        build_docx("07-chongqing-fengjie-2023-101", folder / "cq.docx").read_bytes(),
    ]


def test_mutated_office_files_never_give_a_traceback(office_sources, tmp_path_factory):
    """Cut, flipped, zeroed or spliced Word and Excel files: exit 0 or 2 with a Chinese
    message, never a traceback; what is written loads back as exactly what was imported."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from perftui.importers.anyfile import SourceError

    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.integers(min_value=0, max_value=len(office_sources) - 1), _mutations())
    def check(which, mutation):
        data = bytearray(office_sources[which])
        how, where, length, byte = mutation
        at = int(where * (len(data) - 1))
        if how == "cut":
            data = data[:at]
        elif how == "flip":
            for i in range(at, min(at + length, len(data))):
                data[i] ^= 0xFF
        elif how == "zero":
            data[at : at + length] = bytes(min(length, len(data) - at))
        else:
            data[at:at] = bytes([byte]) * length
        folder = tmp_path_factory.mktemp("m")
        path = folder / ("f.docx" if which != 1 else "f.xlsx")
        path.write_bytes(bytes(data))
        try:
            result = import_file(path)
        except SourceError as exc:
            assert exc.message and not exc.message.isascii()
            return
        if result.ok:
            out = folder / "out.toml"
            store.save_as(result.doc, out)
            assert store.load(out).doc == result.doc

    check()


def test_a_summary_sheet_beside_a_forms_sheet_is_not_read_as_projects(tmp_path):
    """A workbook of another form with perftui's summary sheet (as its export writes one)."""
    import openpyxl

    path = build_xlsx("04-hunan-xiangtan-2023-shenbao", tmp_path / "湖南.xlsx")
    wb = openpyxl.load_workbook(path)
    summary = wb.create_sheet("项目汇总")
    summary.append(["预算项目绩效目标汇总表"])
    summary.append(["序号", "项目编码", "项目名称", "预算数", "财政资金", "其他资金"])
    summary.append([1, "", "雾炮车降尘抑尘服务", 2500000, None, None])
    wb.save(path)
    result = import_file(path)
    assert [p.name for p in result.doc.projects] == ["雾炮车降尘抑尘服务"]
    assert any(n.place == "项目汇总!A1" and "未重复导入" in n.message for n in result.notices)


def test_random_grids_of_form_labels_never_break_the_mapper(tmp_path_factory):
    """Grids made of the forms' own labels, amounts, odd values and merges, in any order:
    every form's mapper gives a document or says it is empty; what it keeps saves and loads
    back as imported."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from perftui.forms import PROFILES
    from perftui.importers.anyfile import import_source
    from perftui.importers.grids import Paragraph, Source, build_grid
    from perftui.importers.vocab import all_vocabularies

    words = sorted({k for v in all_vocabularies() for k in v.keys()})
    values = ["", "65", "250万", "3,309,840.00", "≥95%", "100%", "10分", "-5", "1e999", "２０２３年度",
              "820001-某单位", "合计", "定性", "≥", "%", "(盖章)", "金额单位:万元", "\x1b[31m", "七十万"]
    text = st.sampled_from(words + values)
    anchor = st.tuples(text, st.integers(0, 7), st.integers(1, 3), st.integers(1, 3))
    rows = st.lists(st.lists(anchor, max_size=6), min_size=1, max_size=12)

    @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.lists(rows, min_size=1, max_size=3), st.sampled_from(list(PROFILES)), st.lists(text, max_size=3))
    def check(tables, form, paragraphs):
        source = Source(None, "docx")
        place = 1
        for p in paragraphs:
            source.blocks.append(Paragraph(p, place))
            place += 1
        for spans in tables:
            grid, place = build_grid(spans, place)
            source.blocks.append(grid)
        source.describe = str
        result = import_source(source, form=form)
        if result.ok:
            out = tmp_path_factory.mktemp("g") / "out.toml"
            store.save_as(result.doc, out)
            assert store.load(out).doc == result.doc

    check()


@pytest.mark.parametrize("name", ["sample-libreoffice.docx", "sample-export-libreoffice.xlsx"])
def test_files_saved_again_by_another_program_import_the_same(tmp_path, capsys, name):
    """The sample's .docx and perftui's workbook after LibreOffice opened and saved them."""
    out = tmp_path / "out.toml"
    rc, _stdout, err = run([ROOT / "tests" / "fixtures" / "import" / name, "-o", out], capsys)
    assert rc == 0, err
    assert out.read_bytes() == SAMPLE.read_bytes()


def test_a_workbook_edited_elsewhere_brings_the_edit_back(tmp_path, capsys):
    """Exported, one 指标值 and one amount changed in another program (openpyxl here), imported:
    the data differs in exactly those two values."""
    import openpyxl

    book = tmp_path / "439001-2023.xlsx"
    assert run_cli(["export", str(SAMPLE), "-o", str(book)]) == 0
    wb = openpyxl.load_workbook(book)
    sheet = wb[wb.sheetnames[2]]  # 1.城镇社区工作经费
    found = [c for row in sheet.iter_rows() for c in row if c.value == "≥25个"]
    found[0].value = "≥30个"
    budget = store.load(SAMPLE).doc.projects[0].budget
    amounts = [c for row in sheet.iter_rows() for c in row
               if isinstance(c.value, int | float) and D(str(c.value)) in (budget, budget / 10000)]  # 元 or 万元
    amounts[0].value = 800000 if D(str(amounts[0].value)) == budget else 80  # 预算数, the first amount of the sheet
    wb.save(book)
    out = tmp_path / "back.toml"
    rc, _stdout, err = run([book, "-o", out], capsys)
    assert rc == 0, err
    before, after = store.load(SAMPLE).doc, store.load(out).doc
    assert after.projects[0].indicators[0].value == "≥30个" and after.projects[0].budget == D("800000.00")
    after.projects[0].indicators[0].value = "≥25个"
    after.projects[0].budget = before.projects[0].budget
    assert after == before


def _outcome(read, name):
    from perftui.importers.container import SourceError

    try:
        return read(name)
    except SourceError as exc:
        return f"SourceError: {exc.message}"


def _zip_variants(tmp_path: Path) -> list[Path]:
    """A workbook as written, stored instead of deflated, with a sheet's packed bytes
    damaged, with a checksum or size in the directory that lies, and with two directory
    entries over the same bytes."""
    good = build_xlsx("04-hunan-xiangtan-2023-shenbao", tmp_path / "good.xlsx")
    with zipfile.ZipFile(good) as z:
        members = [(i, z.read(i)) for i in z.infolist()]
    stored = tmp_path / "stored.xlsx"
    with zipfile.ZipFile(stored, "w", zipfile.ZIP_STORED) as z:
        for info, data in members:
            z.writestr(info.filename, data)
    out = [good, stored]
    data = good.read_bytes()
    with zipfile.ZipFile(good) as z:
        sheet = next(i for i in z.infolist() if i.filename.startswith("xl/worksheets/"))
    start = sheet.header_offset + 30 + len(sheet.filename.encode()) + len(sheet.extra)
    damaged = bytearray(data)
    for i in range(start + 20, start + min(sheet.compress_size, 120)):
        damaged[i] ^= 0x5A
    out.append(tmp_path / "damaged.xlsx")
    out[-1].write_bytes(bytes(damaged))
    # The central directory entry of that sheet: its CRC (offset 16) and size (offset 24).
    entry = data.index(b"PK\x01\x02")
    while data[entry + 46 : entry + 46 + len(sheet.filename.encode())] != sheet.filename.encode():
        entry = data.index(b"PK\x01\x02", entry + 4)
    for name, offset in (("crc.xlsx", 16), ("size.xlsx", 24)):
        lying = bytearray(data)
        lying[entry + offset] ^= 0x01
        out.append(tmp_path / name)
        out[-1].write_bytes(bytes(lying))
    # A second directory entry pointing at the first sheet's bytes (overlapping entries).
    overlap = tmp_path / "overlap.xlsx"
    with zipfile.ZipFile(overlap, "w", zipfile.ZIP_DEFLATED) as z:
        for info, member in members:
            z.writestr(info.filename, member)
    raw = bytearray(overlap.read_bytes())
    with zipfile.ZipFile(overlap) as z:
        infos = z.infolist()
    first, second = infos[0], infos[1]
    entry = raw.index(b"PK\x01\x02")
    entry = raw.index(b"PK\x01\x02", entry + 4)  # the second entry's directory record
    raw[entry + 42 : entry + 46] = first.header_offset.to_bytes(4, "little")
    overlap.write_bytes(bytes(raw))
    assert second.filename != first.filename
    out.append(overlap)
    return out


def test_parts_read_straight_from_the_file_are_what_zipfile_reads(tmp_path):
    """The sheets are read without zipfile's per-part stream; every part, of a good archive
    or a damaged or lying one, gives the same bytes or the same refusal as read_part."""
    from perftui.importers.container import PartReader, read_part

    direct = 0
    refused = set()
    for path in _zip_variants(tmp_path):
        with zipfile.ZipFile(path) as z, PartReader(z) as parts:
            for info in z.infolist():
                fast = _outcome(parts.read, info.filename)
                assert fast == _outcome(lambda n, z=z: read_part(z, n), info.filename), (path.name, info.filename)
                direct += parts._direct(info.filename) is not None
                if isinstance(fast, str):
                    refused.add(path.name)
    assert direct > 0  # the direct path was taken, not only the fallback
    assert refused == {"damaged.xlsx", "crc.xlsx", "size.xlsx", "overlap.xlsx"}  # the variants are broken


@pytest.mark.parametrize("value", [0.0, -0.0, 1.0, 770000.0, 0.1 + 0.2, 1e15, 1e16, 1.5e-7, 5e-324, 1e308,
                                   float("inf"), float("-inf"), float("nan"), 123456789012345.6, 0, -7, 10**20])
def test_a_cells_number_and_its_written_form_come_from_one_formatting(value):
    from perftui.importers.xlsx import number_of, number_text, plain

    number, text = number_text(value)
    assert str(number) == str(number_of(value))
    assert text == plain(number_of(value))


@given(st.floats(allow_nan=True, allow_infinity=True) | st.integers(min_value=-(10**30), max_value=10**30))
def test_a_cells_number_and_its_written_form_for_any_value(value):
    from perftui.importers.xlsx import number_of, number_text, plain

    number, text = number_text(value)
    assert (str(number), text) == (str(number_of(value)), plain(number_of(value)))
