"""Text measuring for the workbook and the terminal: widths, wrapping, row heights."""

from __future__ import annotations

from exportkit import sample_doc

from perftui.export.textmetrics import (
    MAX_ROW_PT,
    PORTRAIT_UNITS,
    excel_units,
    line_count,
    plan_sheet,
    span_width,
    terminal_char,
    terminal_width,
    wrap,
)
from perftui.layout import project_grid, summary_grid


def test_chinese_counts_double_and_ambiguous_signs_are_wide_in_excel_only():
    assert excel_units("城镇社区") == 8
    # ASCII counts as wide as the widest font that may draw it (DejaVu Sans digits: 0.696 em),
    # not 宋体's half em: a Linux server without 宋体 draws the digits in a substitute.
    assert 12.0 <= excel_units("770000.00") <= 12.5
    assert excel_units("13022923P00JXC415060P") > 21 * 1.3
    assert 6.5 <= excel_units("≥90%") <= 7  # 宋体 draws ≥ full width
    assert terminal_width("≥90%") == 4  # a terminal (wcwidth) does not
    assert terminal_width("其中：财政资金") == 14


def test_wrap_breaks_chinese_anywhere_and_keeps_words_whole():
    assert wrap("一二三四五六七八九十", 8) == ["一二三四", "五六七八", "九十"]
    assert wrap("hello world foo", 11, terminal_char) == ["hello world", "foo"]
    assert wrap("资金13022923P00JXC415060P", 12, terminal_char) == ["资金", "13022923P00J", "XC415060P"]
    assert wrap("第一行\n第二行", 100) == ["第一行", "第二行"]
    assert wrap("", 10) == [""]


def test_closing_punctuation_never_starts_a_line():
    assert wrap("一二三，四", 6) == ["一二", "三，四"]
    assert wrap("完成率≥90%。", 8, terminal_char)[-1] != "。"


def test_line_count_matches_wrap():
    for text in ("城市社区综合服务设施数量" * 7, "a b c " * 30, "≥90%，合格。" * 12, "x\n\ny"):
        for width in (6, 11, 23.5, 40):
            assert line_count(text, width) == len(wrap(text, width))


def test_project_columns_are_the_forms_and_fit_the_page():
    from perftui.export.pages import printable, sheet_width_pt
    from perftui.layout.official import FORMS

    doc = sample_doc()
    grid = project_grid(doc, doc.projects[0])
    plan = plan_sheet(grid)
    assert plan.widths == list(grid.widths) and sum(plan.widths) <= PORTRAIT_UNITS
    for form in FORMS.values():  # every form prints at 100 % on A4 in Excel
        assert sheet_width_pt(list(form.widths)) <= printable(form.landscape)[0], form.key
    summary = plan_sheet(summary_grid(doc))
    assert sum(summary.widths) <= 145  # fit to the page width scales it by a few percent at most
    assert summary.widths[1] >= excel_units("13022923P00JXC415060P") + 1  # codes never wrap


def test_a_row_taller_than_excel_allows_is_split():
    doc = sample_doc()
    doc.projects[0].indicators[0].name = "资金" * 600
    grid = project_grid(doc, doc.projects[0])
    plan = plan_sheet(grid)
    first, last = plan.rows_of(9)
    assert last > first  # the indicator row became several physical rows
    assert all(h <= MAX_ROW_PT for h in plan.heights)
    # The merged 一级指标 above and the rows after it still line up.
    assert plan.rows_of(9, 3)[1] == plan.rows_of(11)[1]
    assert plan.starts[10] == last + 1


def test_columns_grow_for_big_amounts_instead_of_showing_hashes():
    from decimal import Decimal

    doc = sample_doc()
    doc.projects[0].budget = Decimal("123456789012.00")
    grid = project_grid(doc, doc.projects[0])
    plan = plan_sheet(grid)
    budget = grid.rows[3].cells[2]
    assert budget.number == Decimal("123456789012.00")
    assert span_width(plan.widths, budget) >= excel_units("123456789012.00") + 1
    summary = summary_grid(doc)
    splan = plan_sheet(summary)
    assert splan.widths[3] >= excel_units("123,456,789,012.00") + 1.5
