"""The Word document: the sample's 绩效文本 read back paragraph by paragraph and table by table."""

from __future__ import annotations

import re
import zipfile

import pytest
from docx.oxml.ns import qn
from docxkit import anchor_rows, as_word_text, body_items, table_grid
from exportkit import ROOT, SEED, norm, sample_doc, seed_tables

from perftui.export.docstyle import SIZES, style_from
from perftui.export.docx import export_document
from perftui.importers.wordtext import import_text
from perftui.model import Indicator
from perftui.store import dumps, load

DATA = ROOT / "data" / "439001-2023.toml"


@pytest.fixture(scope="module")
def sample_docx(tmp_path_factory):
    doc = load(DATA).doc
    return doc, export_document(doc, tmp_path_factory.mktemp("docx") / "sample.docx")


def _seed_part1() -> list[str]:
    """The sample's Part 1 lines as Word exported them: bookmarks and blanks left out."""
    text = SEED.read_text(encoding="utf-8")
    lines = []
    for line in text.splitlines():
        line = re.sub(r"^\[bookmark: [^\]]*\]", "", line).strip()
        if line == "第二部分":
            break
        if line:
            lines.append(line)
    return lines


def test_part1_reads_as_the_sample(sample_docx):
    _, path = sample_docx
    _, items = body_items(path)
    lines = []
    for kind, _, text in items:
        if kind == "table" or text.startswith("第二部分"):
            break
        lines += [t.strip() for t in text.split("\n") if t.strip()]
    assert lines == _seed_part1()


def test_headings_are_word_heading_styles(sample_docx):
    doc, path = sample_docx
    _, items = body_items(path)
    h1 = [t for kind, style, t in items if kind == "p" and style == "Heading 1"]
    h2 = [t for kind, style, t in items if kind == "p" and style == "Heading 2"]
    assert h1 == ["第一部分\n部门整体绩效目标", "第二部分\n预算项目绩效目标"]
    assert h2[:3] == ["一、总体绩效目标", "二、分项绩效目标", "三、工作保障措施"]
    assert h2[3:] == [f"{i}.{p.name}绩效目标表" for i, p in enumerate(doc.projects, 1)]


def test_each_project_reads_back_as_the_sample_table_by_table(sample_docx):
    _, path = sample_docx
    _, items = body_items(path)
    tables = [el for kind, el, _ in items if kind == "table"]
    seed = seed_tables(SEED.read_text(encoding="utf-8"))
    # Two Word tables per project, as the sample has them: the header block, the indicators.
    assert len(tables) == 2 * len(seed)
    for k, (name, rows) in enumerate(seed):
        got = [[norm(t) for t in row] for table in tables[2 * k : 2 * k + 2] for row in anchor_rows(table)]
        assert got == [[norm(t) for t in row] for row in rows], name
        # The indicator table starts with its heading row.
        assert [t.replace("\n", "") for t in anchor_rows(tables[2 * k + 1])[0]] == [
            "一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据",
        ]  # fmt: skip


def test_word_text_of_the_document_imports_back_to_the_data_file(sample_docx):
    """What Word's "save as text" of our document gives is read by perftui's importer into
    exactly the bundled data file: the document says what the sample says, cell by cell."""
    _, path = sample_docx
    result = import_text(as_word_text(path))
    assert not result.failure
    assert dumps(result.doc) == DATA.read_text(encoding="utf-8")


def test_level1_cells_are_merged_vertically(sample_docx):
    _, path = sample_docx
    _, items = body_items(path)
    indicators = [el for kind, el, _ in items if kind == "table"][1]
    grid = table_grid(indicators)
    firsts = [(row[0].text, row[0].rowspan) for row in grid[1:] if row and row[0].col == 0]
    assert firsts == [("产出指标", 4), ("效益指标", 2), ("满意度指标", 1)]
    header = indicators.find(qn("w:tr"))
    assert header.find(qn("w:trPr")).find(qn("w:tblHeader")) is not None  # repeats on every page
    for tr in indicators.iter(qn("w:tr")):
        assert tr.find(qn("w:trPr")).find(qn("w:cantSplit")) is not None  # rows never break across pages


def test_the_header_block_merges_as_the_printed_form(sample_docx):
    _, path = sample_docx
    _, items = body_items(path)
    block = table_grid([el for kind, el, _ in items if kind == "table"][0])
    label = {c.text.replace("\n", ""): c for row in block for c in row}
    assert label["预算规模及资金用途"].rowspan == 2 and label["资金支出计划（%）"].rowspan == 2
    months = [c for c in block[4] if c.text.endswith("月底")]
    assert [c.span for c in months] == [3, 3, 3, 3]  # the months divide the row evenly
    assert label["城镇社区工作经费"].col == 1 and label["城镇社区工作经费"].span == 12


def test_page_fonts_and_page_numbers(sample_docx):
    _, path = sample_docx
    with zipfile.ZipFile(path) as z:
        document = z.read("word/document.xml").decode()
        styles = z.read("word/styles.xml").decode()
        footers = [z.read(n).decode() for n in z.namelist() if n.startswith("word/footer")]
    assert 'w:w="11906"' in document and 'w:h="16838"' in document  # A4 in twips
    assert 'w:eastAsia="宋体"' in document and '<w:sz w:val="21"/>' in document  # tables: 宋体 五号
    assert 'w:eastAsia="仿宋"' in styles and 'w:eastAsia="黑体"' in styles
    assert any('w:instr=" PAGE "' in f and "— " in f for f in footers)


def test_fonts_and_sizes_are_configurable(tmp_path):
    style, problems = style_from({"body_font": "仿宋_GB2312", "title_font": "方正小标宋简体", "table_size": "小四"})
    assert not problems and style.table_size == SIZES["小四"] == 12
    path = export_document(sample_doc(), tmp_path / "s.docx", style=style)
    with zipfile.ZipFile(path) as z:
        assert 'w:eastAsia="仿宋_GB2312"' in z.read("word/styles.xml").decode()
        assert '<w:sz w:val="24"/>' in z.read("word/document.xml").decode()
    _, bad = style_from({"body_size": 200, "colour": "red", "table_font": ""})
    assert [p.keypath for p in bad] == ["document.body_size", "document.colour", "document.table_font"]


def test_hostile_text_is_kept_as_text(tmp_path):
    doc = sample_doc()
    p = doc.projects[0]
    p.name = "<b>&amp;\"引号\"</b>\x07"
    p.indicators = [Indicator("产出指标", "数量指标", "=1+1", "a\x00b", "≥1个", "<w:t>")]
    path = export_document(doc, tmp_path / "h.docx")
    _, items = body_items(path)
    tables = [el for kind, el, _ in items if kind == "table"]
    assert anchor_rows(tables[1])[1] == ["产出指标", "数量指标", "=1+1", "a\ufffdb", "≥1个", "<w:t>"]
    assert any(t.startswith("1.<b>&amp;\"引号\"</b>\ufffd") for kind, _, t in items if kind == "p")


def test_same_data_gives_the_same_bytes(tmp_path):
    a = export_document(sample_doc(), tmp_path / "a.docx").read_bytes()
    b = export_document(sample_doc(), tmp_path / "b.docx").read_bytes()
    assert a == b
