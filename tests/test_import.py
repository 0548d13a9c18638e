"""The importer of the Word-exported text form, checked against the real seed document.

The seed is read here a second time, in the simplest possible way (every TAB line's text
per table, every Part 1 paragraph), and compared with the bundled sample: what the
importer wrote must hold every text of the document, in order, letter for letter.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from perftui import store
from perftui.importers import import_text
from perftui.model import Document, Indicator
from perftui.money import format_amount

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "tests" / "fixtures" / "seed_wordtext.txt"
SAMPLE = ROOT / "data" / "439001-2023.toml"

# Label cells of the form (stored as structure, not as text), exactly as the seed writes them.
LABEL_CELLS = {
    "单位：元", "项目编码", "项目名称", "预算规模及资金用途", "预算数", "其中：财政    资金", "其他资金",
    "资金支出计划（%）", "3月底", "6月底", "10月底", "12月底", "绩效目标",
    "一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据",
}  # fmt: skip
PART_HEADINGS = {"第一部分", "部门整体绩效目标", "第二部分", "预算项目绩效目标"}
SECTION_HEADINGS = {"一、总体绩效目标", "二、分项绩效目标", "三、工作保障措施"}
BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]")


def seed_lines() -> list[str]:
    return SEED.read_text(encoding="utf-8").split("\n")


# -- the seed, read independently -------------------------------------------------------


def seed_tables(lines: list[str]) -> list[tuple[str, list[str]]]:
    """(title, texts of its non-label cells in order) for each table of the seed."""
    tables: list[tuple[str, list[str]]] = []
    for line in lines:
        if line.endswith("绩效目标表"):
            tables.append((BOOKMARK.sub("", line), []))
        elif line.startswith("\t") and tables:
            text = line.strip()
            if text and text not in LABEL_CELLS:
                tables[-1][1].append(text)
    return tables


def seed_part1(lines: list[str]) -> list[str]:
    """Every paragraph of Part 1 (headings left out), in order."""
    end = lines.index("第二部分")
    texts = [BOOKMARK.sub("", line).strip() for line in lines[:end]]
    return [t for t in texts if t and t not in PART_HEADINGS and t not in SECTION_HEADINGS]


# -- the same texts, from a Document ------------------------------------------------------


def doc_tables(doc: Document) -> list[tuple[str, list[str]]]:
    tables = []
    for number, p in enumerate(doc.projects, start=1):
        texts = [doc.unit.code + doc.unit.name, p.code, p.name]
        texts += [format_amount(a) for a in (p.budget, p.fiscal, p.other) if a is not None]
        texts.append(p.use)
        texts += [f"{p.plan[m]}%" for m in sorted(p.plan)]
        texts += [f"{i}.{g}" for i, g in enumerate(p.goals, start=1)]
        previous = None
        for ind in p.indicators:
            if ind.level1 != previous:  # the form merges equal 一级 cells into one
                texts.append(ind.level1)
                previous = ind.level1
            texts += [ind.level2, ind.name, ind.description, ind.value, ind.basis]
        tables.append((f"{number}.{p.name}绩效目标表", texts))
    return tables


def doc_part1(doc: Document) -> list[str]:
    o = doc.overall
    texts = o.goal.split("\n") if o.goal else []
    for section in (o.targets, o.measures):
        texts.append(section.caption)
        texts += [f"{i}、{item}" for i, item in enumerate(section.items, start=1)]
    return texts


@pytest.fixture(scope="module")
def sample() -> Document:
    return store.load(SAMPLE).doc


def test_sample_holds_every_cell_of_every_seed_table_in_order(sample):
    expected = seed_tables(seed_lines())
    assert len(expected) == 7
    assert doc_tables(sample) == expected


def test_sample_holds_every_part1_paragraph_in_order(sample):
    expected = seed_part1(seed_lines())
    assert len(expected) == 1 + 1 + 5 + 1 + 4
    assert doc_part1(sample) == expected


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d.projects[-1].indicators.pop(),  # a row lost
        lambda d: setattr(d.projects[1].indicators[5], "value", "≥200"),  # a character lost
        lambda d: d.projects[0].plan.pop(3),  # a spending-plan cell lost
        lambda d: d.projects[4].indicators.insert(0, Indicator("产出指标", "数量指标", "x", "x", "x", "x")),
        lambda d: setattr(d.projects[2], "other", Decimal("0")),  # blank turned into zero
    ],
)
def test_table_comparison_catches_a_changed_document(change):
    doc = store.load(SAMPLE).doc
    change(doc)
    assert doc_tables(doc) != seed_tables(seed_lines())


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d.overall.measures.items.pop(),
        lambda d: setattr(d.overall, "goal", d.overall.goal + "。"),
        lambda d: setattr(d.overall.targets, "caption", ""),
    ],
)
def test_part1_comparison_catches_a_changed_document(change):
    doc = store.load(SAMPLE).doc
    change(doc)
    assert doc_part1(doc) != seed_part1(seed_lines())


def test_sample_keeps_the_documents_defects_and_truncation(sample):
    assert (sample.unit.code, sample.unit.name, sample.unit.year) == (
        "439001",
        "玉田县无终街道办事处本级",
        2023,
    )
    assert sample.framework == "88号"
    last = sample.projects[-1]
    assert last.name == "招聘社区工作者工资保险"
    assert [i.level2 for i in last.indicators] == ["数量指标", "质量指标", "成本指标"]
    values = [i.value for p in sample.projects for i in p.indicators]
    assert "≥200%" in values and "社会水平稳定" in values
    names = [p.name for p in sample.projects]
    assert names.count("国有企业退休人员社会化管理补助资金") == 2
    assert all(p.other is None for p in sample.projects)  # 其他资金 is blank in the seed, not 0
    assert sample.projects[1].plan == {12: Decimal(100)}  # 3/6/10月底 blank


# -- the importer on the seed -------------------------------------------------------------


def test_seed_import_gives_exactly_the_truncation_notice():
    result = import_text(SEED.read_text(encoding="utf-8"), SEED)
    assert [(n.line, n.keypath) for n in result.notices] == [(698, "")]
    message = result.notices[0].message
    assert "招聘社区工作者工资保险" in message and "截断" in message
    assert "效益指标" in message and "满意度指标" in message
    assert str(result.notices[0]).startswith(f"{SEED}:698: ")


def test_seed_cells_are_stripped_but_inner_text_is_kept():
    doc = import_text(SEED.read_text(encoding="utf-8")).doc
    first = doc.projects[0]
    assert first.indicators[1].description == "居民满意率"  # "居民满意率 " in the seed
    assert first.budget == Decimal("770000.00") and first.fiscal == Decimal("770000.00")
    assert first.plan == {3: Decimal(30), 6: Decimal(60), 10: Decimal(90), 12: Decimal(100)}
    assert first.goals == ["城镇社区工作稳定开展"]
    assert doc.overall.goal.startswith("2023年在县委") and doc.overall.goal.endswith("应有的贡献。")
    assert doc.overall.measures.items[0].endswith("办事能力。")
    assert "bookmark" not in store.dumps(doc)


def test_unit_year_falls_back_to_the_project_code():
    text = SEED.read_text(encoding="utf-8")
    part2 = text[text.index("第二部分") :]
    result = import_text(part2)
    assert result.doc.unit.year == 2023  # "13022923P…": digits 7–8
