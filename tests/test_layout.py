"""The layout grid of the printed forms (screen-free, drives both Excel and show)."""

from __future__ import annotations

from decimal import Decimal as D

from exportkit import sample_doc

from perftui.layout import overall_grid, project_grid, summary_grid
from perftui.layout.forms import split_paragraph
from perftui.layout.grid import AMOUNT, LABEL, PERCENT, TEXT
from perftui.model import Indicator


def texts(grid):
    return [[c.text for c in row.cells if c.text.strip()] for row in grid.rows]


def test_project_grid_follows_the_seed_layout():
    doc = sample_doc()
    g = project_grid(doc, doc.projects[0])
    g.validate()
    assert texts(g) == [
        ["1.城镇社区工作经费绩效目标表"],  # the running number of the document
        ["439001玉田县无终街道办事处本级", "单位：元"],
        ["项目编码", "13022923P00JXC415060P", "项目名称", "城镇社区工作经费"],
        ["预算规模及资金用途", "预算数", "770000.00", "其中：财政资金", "770000.00", "其他资金"],
        ["城镇社区工作经费"],
        ["资金支出计划（%）", "3月底", "6月底", "10月底", "12月底"],
        ["30%", "60%", "90%", "100%"],
        ["绩效目标", "1.城镇社区工作稳定开展"],
        ["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据"],
        ["产出指标", "数量指标", "城市社区综合服务设施数量", "城市社区综合服务设施数量", "≥25个", "社区工作覆盖情况"],
        ["质量指标", "满意率", "居民满意率 ", "≥90%", "居民满意率 "],
        ["成本指标", "资金成本", "资金成本", "115万元", "资金使用情况"],
        ["效益指标", "经济效益指标", "对地区工作的贡献率", "对地区工作的贡献率", "≥80%", "依据单位考核指标"],
        ["满意度指标", "服务对象满意度指标", "群众满意度", "群众满意数量占总数的比例。", "≥80%", "群众满意度"],
    ]
    # The header row is the one repeated on every printed page.
    assert g.rows[g.repeat[0]].role == "header" and g.repeat[0] == g.repeat[1] == 8


def test_block_labels_and_level1_are_merged_vertically():
    doc = sample_doc()
    g = project_grid(doc, doc.projects[0])
    merged = {(c.text, r, c.rowspan) for r, row in enumerate(g.rows) for c in row.cells if c.rowspan > 1}
    assert merged == {("预算规模及资金用途", 3, 2), ("资金支出计划（%）", 5, 2), ("产出指标", 9, 3)}
    # 资金用途 spans the rest of the row, next to the merged label.
    use = g.rows[4].cells
    assert len(use) == 1 and use[0].col == 1 and use[0].last_col == g.ncols - 1


def test_only_consecutive_equal_level1_rows_merge():
    doc = sample_doc()
    p = doc.projects[0]
    p.indicators = [
        Indicator("产出指标", "数量指标"),
        Indicator("产出指标", "质量指标"),
        Indicator("效益指标", "社会效益指标"),
        Indicator("产出指标", "时效指标"),
        Indicator("", "x"),
        Indicator("", "y"),
    ]
    g = project_grid(doc, p)
    g.validate()
    firsts = [(row.cells[0].text, row.cells[0].rowspan) for row in g.rows[9:] if row.cells[0].col == 0]
    assert firsts == [("产出指标", 2), ("效益指标", 1), ("产出指标", 1), ("", 1), ("", 1)]


def test_amounts_and_percents_carry_numbers_and_blanks():
    doc = sample_doc()
    g = project_grid(doc, doc.projects[1])
    budget = [c for c in g.rows[3].cells if c.kind == AMOUNT]
    assert [(c.text, c.number) for c in budget] == [
        ("30720.00", D("30720.00")),
        ("30720.00", D("30720.00")),
        ("0.00", D("0.00")),
    ]
    plan = g.rows[6].cells
    assert [c.kind for c in plan] == [PERCENT] * 4
    assert [(c.text, c.number) for c in plan] == [("", None), ("", None), ("", None), ("100%", D(100))]
    goals = g.rows[7].cells[1]
    assert goals.kind == TEXT and goals.text == "1.有效管理国有企业退休人员\n2.按时发放补助资金"


def test_labels_are_written_clean():
    doc = sample_doc()
    g = project_grid(doc, doc.projects[0])
    labels = [c.text for row in g.rows for c in row.cells if c.kind == LABEL]
    assert "其中：财政资金" in labels
    assert all(" " not in t for t in labels)


def test_summary_grid_has_one_row_per_project_and_a_total():
    doc = sample_doc()
    g = summary_grid(doc)
    g.validate()
    body = [row for row in g.rows if row.role == "summary"]
    assert len(body) == 2
    assert [c.text for c in body[1].cells] == [
        "2", "13022923P00JXC415602F", "国有企业退休人员社会化管理补助资金", "30720.00", "30720.00", "0.00",
        "", "", "", "100%", "1",
    ]  # fmt: skip
    total = g.rows[-1]
    assert total.role == "total"
    assert [c.text for c in total.cells if c.text] == ["合计", "800720.00", "800720.00", "0.00", "6"]
    assert g.repeat == (3, 4) and g.landscape
    assert texts(g)[0] == ["第二部分　预算项目绩效目标"]


def test_overall_grid_numbers_items_and_keeps_order():
    doc = sample_doc()
    g = overall_grid(doc)
    assert [r.cells[0].text for r in g.rows] == [
        "第一部分",
        "部门整体绩效目标",
        "439001玉田县无终街道办事处本级",
        "一、总体绩效目标",
        "2023年在县委、县政府的领导下做好社区服务工作。",
        "二、分项绩效目标",
        "部门职责分类绩效目标情况说明",
        "1、社区工作者工资保险895.5万元。",
        "2、维稳经费10万元。",
        "三、工作保障措施",
        "实现年度发展规划目标的保障措施",
        "1、加强党组织建设。",
        "2、做好综合事务管理工作。",
    ]


def test_overall_grid_spans_the_project_columns_when_given_them():
    from perftui.layout.official import WENBEN

    g = overall_grid(sample_doc(), list(WENBEN.widths))
    g.validate()
    assert g.ncols == 13 and all(len(r.cells) == 1 and r.cells[0].span == 13 for r in g.rows)


def test_months_and_amounts_divide_the_row_evenly():
    from perftui.layout.official import WENBEN

    doc = sample_doc()
    g = project_grid(doc, doc.projects[0])
    widths = list(WENBEN.widths)

    def width(c):
        return sum(widths[c.col : c.last_col + 1])

    months = g.rows[5].cells[1:]
    assert [c.text for c in months] == ["3月底", "6月底", "10月底", "12月底"]
    assert len({round(width(c), 6) for c in months}) == 1 and len({c.span for c in months}) == 1
    budget = g.rows[3].cells[1:]
    assert len({round(width(c), 6) for c in budget}) == 1


def test_long_paragraphs_split_at_sentence_ends_without_losing_text():
    text = "加强党组织建设，提高领导水平。" * 100
    pieces = split_paragraph(text, 200)
    assert "".join(pieces) == text
    assert all(len(p) <= 200 for p in pieces) and len(pieces) > 1
    assert all(p.endswith("。") for p in pieces)
    hard = "无标点" * 300
    assert "".join(split_paragraph(hard, 200)) == hard


def test_goals_longer_than_a_cell_shows_go_over_several_rows():
    doc = sample_doc()
    p = doc.projects[0]
    p.goals = ["保障社区工作者队伍稳定。" * 100, "提升服务水平。" * 40, "短目标"]
    g = project_grid(doc, p)
    g.validate()
    label = next(c for row in g.rows for c in row.cells if c.text == "绩效目标")
    chunks = [row.cells[-1].text for row in g.rows[7 : 7 + label.rowspan]]
    assert label.rowspan == len(chunks) > 1
    assert all(len(c) <= 1000 for c in chunks)
    # Nothing lost: chunks end at a goal's end or inside an overlong goal at a sentence end.
    full = "\n".join(f"{i}.{t}" for i, t in enumerate(p.goals, 1))
    assert "".join(chunks).replace("\n", "") == full.replace("\n", "")
    assert all(c.endswith("。") or c.endswith("短目标") for c in chunks)
    assert g.rows[g.repeat[0]].role == "header"
