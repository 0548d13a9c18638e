"""The importer on other documents of the seed's layout, damaged ones included.

Every non-blank input line must end up in the model or in a notice carrying its line
number; no input may raise.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from perftui import store
from perftui.importers import ImportResult, decode, import_text
from perftui.model import Document
from perftui.money import format_amount

SEED = Path(__file__).resolve().parent / "fixtures" / "seed_wordtext.txt"
SEED_TEXT = SEED.read_text(encoding="utf-8")
SEED_LINES = SEED_TEXT.split("\n")

BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]")
NUMBERING = re.compile(r"^(?:\d+\s*[、.．]|[（(]\d+[)）])")
TITLE = re.compile(r"^(?:\d+[.．、])?(.*)绩效目标表$")
HEADING_PREFIX = re.compile(r"^[一二三]、\s*(?:总体绩效目标|分项绩效目标|工作保障措施)[：:]")
# Structure of the form: headings and label cells (compared with whitespace removed).
STRUCTURE = {
    "第一部分", "部门整体绩效目标", "第二部分", "预算项目绩效目标",
    "一、总体绩效目标", "二、分项绩效目标", "三、工作保障措施",
    "单位：元", "项目编码", "项目名称", "预算规模及资金用途", "预算数", "其中：财政资金", "其他资金",
    "资金支出计划（%）", "3月底", "6月底", "10月底", "12月底", "绩效目标",
    "一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据",
}  # fmt: skip


def lines_of(number_from: int, number_to: int) -> list[str]:
    """Seed lines by their 1-based numbers, both ends included."""
    return SEED_LINES[number_from - 1 : number_to]


def placed_texts(doc: Document) -> set[str]:
    out: set[str] = set()

    def add(text: str) -> None:
        if text:
            out.add(text)
            out.update(part.strip() for part in text.split("\n"))

    add(doc.unit.code + doc.unit.name)
    add(doc.overall.goal)
    for section in (doc.overall.targets, doc.overall.measures):
        add(section.caption)
        for item in section.items:
            add(item)
    for p in doc.projects:
        for text in (p.code, p.name, p.use, *p.goals):
            add(text)
        for amount in (p.budget, p.fiscal, p.other):
            add(format_amount(amount))
        for value in p.plan.values():
            add(f"{value}%")
        for ind in p.indicators:
            for text in (ind.level1, ind.level2, ind.name, ind.description, ind.value, ind.basis):
                add(text)
    return out


def unaccounted(text: str, result: ImportResult) -> list[tuple[int, str]]:
    """Non-blank input lines found neither in the model nor in a notice's line number."""
    reported = {n.line for n in result.notices}
    placed = placed_texts(result.doc)
    missing = []
    for number, raw in enumerate(re.split(r"\r\n|\r|\n", text.removeprefix("\ufeff")), start=1):
        line = BOOKMARK.sub("", raw).strip()
        if not line or number in reported or re.sub(r"\s+", "", line) in STRUCTURE:
            continue
        title = TITLE.match(line)
        if title and title.group(1) in placed:
            continue
        bare = HEADING_PREFIX.sub("", NUMBERING.sub("", line, count=1), count=1).strip()
        if line in placed or bare in placed:
            continue
        missing.append((number, line))
    return missing


def test_every_seed_line_is_placed_or_reported():
    result = import_text(SEED_TEXT)
    assert unaccounted(SEED_TEXT, result) == []


def test_the_line_check_itself_notices_a_lost_line():
    result = import_text(SEED_TEXT)
    result.doc.projects[3].indicators[5].value = ""  # "逐步提高", line 416
    assert unaccounted(SEED_TEXT, result) == [(416, "逐步提高")]


# Junk inserted after the given seed line numbers (0 = before the first line).
JUNK = {
    0: ["杂项甲：封面说明"],
    3: ["杂项乙：小标题之前的文字"],
    5: ["杂项丙：总体目标的第二段"],
    21: ["杂项丁：保障措施之后没有编号的一段"],
    27: ["杂项戊：第二部分标题之间的文字"],
    34: ["\t杂项己：单独成行的单元格", ""],
    62: ["杂项庚：表格中间的一段文字", ""],
    80: ["\t杂项辛：指标行多出的单元格"],
    125: ["杂项壬：两张表之间的文字"],
    699: ["杂项癸：文件末尾的文字"],
}


def junk_document() -> tuple[str, dict[str, int]]:
    """The seed with the JUNK lines inserted; returns the text and each junk's line number."""
    out: list[str] = list(JUNK.get(0, []))
    for number, line in enumerate(SEED_LINES, start=1):
        out.append(line)
        out.extend(JUNK.get(number, []))
    where = {}
    for number, line in enumerate(out, start=1):
        if "杂项" in line:
            where[line.strip()] = number
    return "\n".join(out), where


def test_junk_lines_are_reported_with_their_line_numbers():
    text, where = junk_document()
    result = import_text(text)
    assert unaccounted(text, result) == []
    reported = {n.line for n in result.notices}
    for junk, number in where.items():
        if junk.startswith("杂项丙"):
            continue  # a second paragraph of the overall goal: placed, not odd
        assert number in reported, junk
        assert any(junk in n.message for n in result.notices if n.line == number), junk
    assert "杂项丙：总体目标的第二段" in result.doc.overall.goal.split("\n")
    # The tables themselves are read as before.
    seed = import_text(SEED_TEXT).doc
    assert [len(p.indicators) for p in result.doc.projects] == [len(p.indicators) for p in seed.projects]
    assert result.doc.projects[0].indicators[0] == seed.projects[0].indicators[0]


@pytest.mark.parametrize(
    "variant",
    [
        lambda t: "\ufeff" + t.replace("\n", "\r\n"),
        lambda t: t.replace("\n", "\r"),
        lambda t: t.replace("\n", "\r\n"),
    ],
    ids=["bom-crlf", "cr", "crlf"],
)
def test_line_ends_and_bom_give_the_same_document(variant):
    seed = import_text(SEED_TEXT)
    result = import_text(variant(SEED_TEXT))
    assert result.doc == seed.doc
    assert [(n.line, n.message) for n in result.notices] == [(n.line, n.message) for n in seed.notices]


def test_extra_blank_lines_change_nothing_but_line_numbers():
    text = SEED_TEXT.replace("\n\n", "\n\n \n\n").replace("第二部分\n", "\n\n第二部分\n\n")
    result = import_text(text)
    assert result.doc == import_text(SEED_TEXT).doc
    assert len(result.notices) == 1 and "截断" in result.notices[0].message
    assert unaccounted(text, result) == []


def test_missing_part1_is_reported_and_tables_still_read():
    text = "\n".join(lines_of(26, 699))
    result = import_text(text)
    assert result.doc.overall.goal == "" and result.doc.overall.targets.items == []
    assert len(result.doc.projects) == 7
    assert any("没有找到第一部分" in n.message and n.line == 1 for n in result.notices)
    assert result.doc.unit.year == 2023


def test_complete_tables_only_give_no_notices():
    text = "\n".join(lines_of(1, 229))  # Part 1 and the first two tables
    result = import_text(text)
    assert [p.name for p in result.doc.projects] == ["城镇社区工作经费", "国有企业退休人员社会化管理补助资金"]
    assert result.notices == []


def test_more_projects():
    text = "\n".join(lines_of(1, 125) + lines_of(126, 229) + lines_of(31, 125) + lines_of(126, 699))
    result = import_text(text)
    assert len(result.doc.projects) == 9
    assert result.doc.projects[2].name == "城镇社区工作经费"
    assert len(result.notices) == 1


def table1_with(replace: dict[int, list[str]]) -> str:
    """The first table (lines 31–124) with some seed lines replaced by others."""
    out: list[str] = []
    for number in range(31, 125):
        out.extend(replace.get(number, [SEED_LINES[number - 1]]))
    return "\n".join(out)


@pytest.mark.parametrize(
    "goal_lines",
    [
        ["\t1.城镇社区工作稳定开展", "2.居民满意度不断提高"],
        ["\t1.城镇社区工作稳定开展", "\t2.居民满意度不断提高"],
        ["\t1.城镇社区工作稳定开展；2.居民满意度不断提高"],
    ],
    ids=["continuation-line", "two-cells", "one-line"],
)
def test_several_numbered_goals_are_split(goal_lines):
    result = import_text(table1_with({64: goal_lines}))
    goals = result.doc.projects[0].goals
    assert [g.rstrip("；") for g in goals] == ["城镇社区工作稳定开展", "居民满意度不断提高"]
    assert [n for n in result.notices if n.line and 30 <= n.line <= 40] == []  # goals at line 34


def test_unnumbered_goal_paragraphs_and_bad_numbering():
    result = import_text(table1_with({64: ["\t1.第一个目标", "第一个目标的说明", "\t3.第三个目标"]}))
    assert result.doc.projects[0].goals == ["第一个目标\n第一个目标的说明", "第三个目标"]
    assert any("编号" in n.message and n.line == 34 for n in result.notices)


def test_table_without_spending_plan_block():
    text = table1_with({n: [] for n in range(51, 63)})
    result = import_text(text)
    project = result.doc.projects[0]
    assert project.plan == {}
    assert project.goals == ["城镇社区工作稳定开展"] and len(project.indicators) == 7
    assert any("资金支出计划" in n.message and n.line == 1 for n in result.notices)


def test_blank_and_bad_spending_plan_cells():
    result = import_text(table1_with({58: ["\t "], 59: ["\t六成"], 60: ["\t90"]}))
    assert result.doc.projects[0].plan == {10: Decimal(90), 12: Decimal(100)}
    bad = [n for n in result.notices if n.line == 29]
    assert len(bad) == 1 and "六成" in bad[0].message


def test_labels_are_matched_without_their_stray_spaces_and_amounts_in_wan():
    result = import_text(
        table1_with(
            {33: ["\t单位： 万元"], 42: ["\t77.00"], 43: ["\t其中 ： 财 政 资 金"], 44: ["\t77"], 46: ["\t0"]}
        )
    )
    p = result.doc.projects[0]
    assert (p.budget, p.fiscal, p.other) == (Decimal("770000.00"), Decimal(770000), Decimal(0))
    assert any("万元" in n.message and n.line == 3 for n in result.notices)


def test_unreadable_amount_is_reported_not_guessed():
    result = import_text(table1_with({42: ["\t七十七万元"]}))
    assert result.doc.projects[0].budget is None
    assert any("七十七万元" in n.message and n.line == 12 for n in result.notices)


def test_title_disagreeing_with_project_name():
    result = import_text(table1_with({31: ["1.城镇社区经费绩效目标表"]}))
    assert result.doc.projects[0].name == "城镇社区工作经费"
    assert [n.line for n in result.notices if "不一致" in n.message] == [1]


def test_101_framework_when_cost_is_a_first_level():
    result = import_text(table1_with({96: ["\t成本指标"], 97: ["\t经济成本指标"]}))
    assert result.doc.framework == "101号"
    assert result.doc.projects[0].indicators[3].level1 == "成本指标"
    assert result.doc.projects[0].indicators[4].level1 == "效益指标"
    assert import_text(SEED_TEXT).doc.framework == "88号"


def test_merged_second_level_cell_is_filled_from_above_with_a_notice():
    result = import_text(table1_with({90: ["\t"]}))
    ind = result.doc.projects[0].indicators[2]
    assert (ind.level1, ind.level2, ind.name) == ("产出指标", "质量指标", "完成率")
    assert any("二级指标" in n.message and n.line == 60 for n in result.notices)


def test_unit_row_without_code_and_row_on_one_line():
    result = import_text(
        table1_with(
            {
                32: ["\t玉田县无终街道办事处本级"],
                35: ["\t项目编码\tX1\t项目名称\t城镇社区工作经费"],
                36: [],
                37: [],
                38: [],
            }
        )
    )
    assert result.doc.unit.code == "" and result.doc.unit.name == "玉田县无终街道办事处本级"
    assert result.doc.projects[0].code == "X1"
    assert any(n.line == 2 and "单位编码" in n.message for n in result.notices)


def test_part1_numbering_gaps_and_unnumbered_paragraphs():
    text = "\n".join(lines_of(1, 17) + ["3、第一条", "补充说明", "5、第二条"])
    result = import_text(text)
    measures = result.doc.overall.measures
    assert measures.items == ["第一条\n补充说明", "第二条"]
    lines = sorted(n.line for n in result.notices if n.line)
    assert lines == [18, 19, 20]


@pytest.mark.parametrize("cut", range(1, len(SEED_LINES) + 1, 3))
def test_document_cut_anywhere_never_raises_and_loses_nothing(cut):
    text = "\n".join(SEED_LINES[:cut])
    result = import_text(text)
    assert unaccounted(text, result) == []
    store.parse(store.dumps(result.doc))  # always writable and readable back


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\n\n \n",
        "\t\n\t\n\t\t\t\n",
        "1.绩效目标表\n\t\n\n\t一级指标\n",
        "一、\n二、\n三、\n1、\n",
        "第二部分\n\t产出指标\t数量指标\ta\tb\tc\td\n",
        "\x00\x01\x0b\x0c[bookmark: x]\t[bookmark: y]\n\t\x0b\n",
        "\t单位：元\n\n\t项目编码\n\n\t项目编码\n",
    ],
)
def test_odd_inputs_never_raise(text):
    result = import_text(text)
    assert unaccounted(text, result) == []
    store.parse(store.dumps(result.doc))


def test_decode_falls_back_to_gb18030():
    data = SEED_TEXT.encode("gb18030")
    text, used = decode(data)
    assert (text, used) == (SEED_TEXT, "gb18030")
    with pytest.raises(UnicodeDecodeError):
        decode(data, fallback=False)


def test_prose_ending_like_a_title_is_not_a_table():
    text = "\n".join(lines_of(1, 21) + ["5、其余目标详见预算项目绩效目标表"] + lines_of(22, 229))
    result = import_text(text)
    assert result.doc.overall.measures.items[-1] == "其余目标详见预算项目绩效目标表"
    assert len(result.doc.projects) == 2 and result.notices == []


def test_budget_row_without_other_funds_cells():
    result = import_text(table1_with({45: [], 46: []}))
    assert result.doc.projects[0].other is None
    assert [n.line for n in result.notices if "其他资金" in n.message] == [10]


def test_text_year_disagreeing_with_the_project_codes_is_noticed():
    text = SEED_TEXT.replace("2023年在县委", "2024年在县委")
    result = import_text(text)
    assert result.doc.unit.year == 2024
    assert [n.line for n in result.notices if "2024" in n.message and "2023" in n.message] == [5]


def test_part1_heading_variants():
    text = "\n".join(
        [
            "一、总体绩效目标：2023年做好社区服务。",
            "第二段。",
            "二、分项绩效目标",
            "说明",
            "1、甲项目",
            "一、加强保障措施落实",
        ]
        + ["三、 工作保障措施", "保障措施说明", "1、乙措施", "四、其他事项", "其他内容"]
    )
    result = import_text(text)
    overall = result.doc.overall
    assert overall.goal == "2023年做好社区服务。\n第二段。"
    assert (overall.targets.caption, overall.targets.items) == ("说明", ["甲项目\n一、加强保障措施落实"])
    assert (overall.measures.caption, overall.measures.items) == ("保障措施说明", ["乙措施"])
    assert {n.line for n in result.notices if n.line} == {6, 10, 11}
    assert unaccounted(text, result) == []


def test_decode_reads_words_unicode_export():
    data = SEED_TEXT.replace("\n", "\r\n").encode("utf-16")  # with its byte-order mark
    text, used = decode(data)
    assert used == "utf-16"
    assert import_text(text).doc == import_text(SEED_TEXT).doc
