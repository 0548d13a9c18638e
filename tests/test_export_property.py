"""Random documents of every form through the layout engine, the page breaks, the workbook
and the Word document: never a traceback, never a broken grid, every text read back."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
from docx.oxml.ns import qn
from docxkit import cell_text
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from perftui.export.docx import _xml_safe, build_document
from perftui.export.pages import choose_breaks, continue_pages, page_capacity
from perftui.export.textmetrics import plan_sheet
from perftui.export.xlsx import export_workbook
from perftui.forms import PROFILES
from perftui.layout.official import form_of
from perftui.layout.spec import build
from perftui.model import Cost, Document, Indicator, Overall, Project, Task, Unit

TEXT = st.text(
    alphabet=st.sampled_from(list("产出效益满意度指标数量质量≥≤%个人元万 ,.;<>&\"'=+\n\t") + ["\x00", "\x07", "\ud7ff", "𠀀"]),
    max_size=40,
)
LONG = st.one_of(TEXT, TEXT, TEXT, st.just("达标情况" * 120))
LEVEL = st.sampled_from(["产出指标", "效益指标", "满意度指标", "成本指标", ""])
LEVEL2 = st.sampled_from(["数量指标", "质量指标", "时效指标", "社会效益指标", ""])
AMOUNT = st.one_of(st.none(), st.decimals(min_value=0, max_value=10**11, places=2, allow_nan=False))
POINTS = st.one_of(st.none(), st.decimals(min_value=0, max_value=100, places=1, allow_nan=False))

indicator = st.builds(
    Indicator, level1=LEVEL, level2=LEVEL2, name=LONG, description=TEXT, value=TEXT, basis=TEXT,
    unit=st.sampled_from(["", "%", "个"]), long_level2=LEVEL2, long_name=TEXT, long_value=TEXT,
    points=POINTS, explain=TEXT, direction=st.sampled_from(["", "正向指标"]),
)  # fmt: skip
project = st.builds(
    Project, code=st.text("0123456789ABP", max_size=21), name=TEXT, budget=AMOUNT, fiscal=AMOUNT, other=AMOUNT,
    use=TEXT, goals=st.lists(LONG, max_size=2), indicators=st.lists(indicator, max_size=10),
    long_goals=st.lists(TEXT, max_size=2), long_budget=AMOUNT, superior=AMOUNT, period=TEXT, dept=TEXT,
    execution_points=POINTS, costs=st.lists(st.builds(Cost, item=TEXT, amount=AMOUNT, basis=TEXT), max_size=3),
    opinion=TEXT,
)  # fmt: skip
overall = st.builds(
    Overall, goal=TEXT, duties=TEXT, budget=AMOUNT, spending=AMOUNT, basic=AMOUNT,
    tasks=st.lists(st.builds(Task, duty=TEXT, task=TEXT, project=TEXT, amount=AMOUNT), max_size=3),
    indicators=st.lists(indicator, max_size=10),
)  # fmt: skip


@st.composite
def documents(draw):
    form = draw(st.sampled_from(sorted(PROFILES)))
    return Document(
        form=form, unit=Unit(draw(TEXT), draw(TEXT), 2023), overall=draw(overall),
        projects=draw(st.lists(project, min_size=1, max_size=2)),
    )  # fmt: skip


def _grids(doc: Document):
    profile = PROFILES[doc.form]
    form = form_of(profile)
    if form.subject == "project":
        return [build(form, doc, profile, p, n) for n, p in enumerate(doc.projects, 1)]
    return [build(form, doc, profile)]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_grids_and_pages_stay_whole(doc):
    for grid in _grids(doc):
        grid.validate()
        plan = plan_sheet(grid)
        heights = [sum(plan.heights[a : b + 1]) for a, b in (plan.rows_of(r) for r in range(len(grid.rows)))]
        breaks = choose_breaks(grid, heights, page_capacity(plan.widths, grid.landscape))
        assert breaks == sorted(set(breaks))
        printed, starts, _ = continue_pages(grid, breaks)
        printed.validate()
        assert len(starts) == len(breaks)
        # Nothing is lost: every text of the grid is still printed.
        before = {c.text for row in grid.rows for c in row.cells if c.text}
        assert before <= {c.text for row in printed.rows for c in row.cells}


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=documents())
def test_workbook_and_word_document_hold_every_text(doc, tmp_path_factory):
    path = tmp_path_factory.mktemp("p") / "p.xlsx"
    export_workbook(doc, path)
    wb = openpyxl.load_workbook(path)
    assert wb.worksheets
    word = build_document(doc)
    buffer = io.BytesIO()
    word.save(buffer)  # the XML is well formed whatever the text
    texts = {cell_text(tc) for tc in word.element.body.iter(qn("w:tc"))}
    for grid in _grids(doc):
        for row in grid.rows:
            if row.role == "title" or not row.boxed:
                continue
            for cell in row.cells:
                if cell.kind in ("label", "header"):
                    continue  # labels get line breaks where they read well
                assert _xml_safe(cell.text) in texts


def test_amounts_in_wan_keep_six_decimals():
    from perftui.layout.spec import money_number

    assert money_number(PROFILES["湖南申报表"], Decimal("1.00")) == Decimal("0.0001")
    assert money_number(PROFILES["湖南申报表"], Decimal("2500000.00")) == Decimal("250")
    assert money_number(PROFILES["四川一体化"], Decimal("3309840")) == Decimal("3309840.00")
