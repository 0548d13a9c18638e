"""The 指标体系 choice: opening a file changes nothing (every shipped form's file, and the
sample under each of its frameworks, opens unmodified, its 指标体系 shown as the file says);
choosing another one from the list edits that one line."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest
import tui_support
from rich.cells import cell_len
from textual.widgets import Select
from tui_support import make_app, settle

from perftui.store import load
from perftui.tui.screens.indicators import IndicatorTable

isolated = tui_support.isolated
FORM_DATA = Path(__file__).parent / "data" / "forms"


def _form_copy(folder: Path, name: str) -> Path:
    """A copy of a shipped form's data file to open and edit."""
    path = folder / name
    shutil.copy2(FORM_DATA / name, path)
    return path
FORMS = sorted(FORM_DATA.glob("*.toml"))


def _copies(tmp: Path) -> list[tuple[str, Path]]:
    out = []
    for path in FORMS:
        target = tmp / path.name
        shutil.copy2(path, target)
        out.append((path.stem, target))
    # The sample's form offers 88号 and 101号: a file on the second one.
    text = tui_support.SAMPLE.read_text(encoding="utf-8")
    assert 'framework = "88号"' in text
    target = tmp / "439001-2023.toml"
    target.write_text(text.replace('framework = "88号"', 'framework = "101号"', 1), encoding="utf-8")
    out.append(("sample-101", target))
    return out


@pytest.mark.parametrize("index", range(len(FORMS) + 1))
async def test_opening_changes_nothing(isolated, index):
    name, path = _copies(isolated)[index]
    before = path.read_bytes()
    framework = load(path).doc.framework
    app = make_app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        assert "未保存" not in app.title, name
        assert app.state.doc.framework == framework, name
        select = app.screen.query_one("#unit-framework", Select)
        assert select.value == framework, name
    assert path.read_bytes() == before


async def test_choosing_the_framework_edits_that_line_only(isolated):
    path = isolated / "439001-2023.toml"
    shutil.copy2(tui_support.SAMPLE, path)
    before = path.read_text(encoding="utf-8")
    app = make_app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        select = app.screen.query_one("#unit-framework", Select)
        select.focus()
        await pilot.press("enter")  # the list opens on the chosen 88号
        await pilot.pause()
        await pilot.press("down", "enter")
        await settle(pilot, app)
        assert select.value == "101号"
        assert app.state.doc.framework == "101号"
        assert "未保存" in app.title
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert "未保存" not in app.title
    after = path.read_text(encoding="utf-8")
    assert tui_support.changed_lines(before, after) == [
        (line, line.replace('"88号"', '"101号"')) for line in before.splitlines() if line.startswith("framework = ")]


async def test_a_header_cut_short_ends_in_an_ellipsis(isolated):
    """The 88号 form's indicator table has seven columns with long labels (二级指标（中期） …):
    at 80 columns some are cut, each with a … where it is cut, none mid-label; the 三级 is
    whole, and the 中期 columns give way to it (三级 and 指标值（中期） are blank in every row of
    this document, its 二级（中期） only repeats the 年度 one)."""
    path = _form_copy(isolated, "88-wuhan-2020.toml")
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await tui_support.open_editor(pilot, app)
        table = app.screen.query_one(IndicatorTable)
        header = "".join(segment.text for segment in table.render_line(0))
        labels = {key: str(column.label) for key, column in table.columns.items()}
        cut = [key for key, column in table.columns.items() if cell_len(str(column.label)) > column.width]
        assert cut, labels  # the test needs a column cut short
        for key in cut:
            assert labels[key][:2] in header
        assert "…" in header
        shown = [str(key.value) for key in table.columns]
        assert shown == ["n", "mark", "level1", "level2", "name", "value"], shown
        longest = max(cell_len(ind.name) for ind in app.state.doc.projects[0].indicators)
        assert table.columns["name"].width >= longest  # type: ignore[index]
        assert "（ " not in header and not header.rstrip().endswith("（"), header


async def test_typing_into_an_empty_column_brings_it_into_the_table(isolated):
    """A column no row fills gives way to the others; the first thing typed into it (here the
    88号 form's 三级指标（中期）) fits the table again with that column in it, and emptying it
    again lets it go."""
    path = _form_copy(isolated, "88-wuhan-2020.toml")
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await tui_support.open_editor(pilot, app)
        table = app.screen.query_one(IndicatorTable)
        assert "long_name" not in [str(k.value) for k in table.columns]
        await tui_support.type_into(pilot, app.screen, "i-long_name", "校舍建设数量")
        await settle(pilot, app)
        assert app.state.doc.projects[0].indicators[0].long_name == "校舍建设数量"
        assert "long_name" in [str(k.value) for k in table.columns]
        row = "".join(segment.text for segment in table.render_line(1))
        assert "校舍建设数量" in row, row
        await tui_support.type_into(pilot, app.screen, "i-long_name", "")
        await settle(pilot, app)
        assert "long_name" not in [str(k.value) for k in table.columns]


async def test_the_totals_line_is_in_the_forms_money_unit(isolated):
    """A 101号 file prints 万元: the department screen's 预算合计 says 65 万元 (the file's
    650000.00 元), as its project table does; the sample's stays in 元."""
    path = _form_copy(isolated, "101-fengjie-2023.toml")
    app = make_app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        totals = str(app.screen.query_one("#totals").render())
        assert "预算合计 65 万元" in totals, totals


async def test_a_department_forms_totals_are_the_departments_money(isolated):
    """The 整体支出 form is about the department: its totals line says 资金总额 171.41 万元, not
    "项目 0 个 · 预算合计 0"; a project added to such a file shows beside it."""
    path = _form_copy(isolated, "zhengti-ningde-2019.toml")
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        totals = str(app.screen.query_one("#totals").render())
        assert totals.startswith(" 合计：资金总额 171.41 万元 · 检查："), totals
        assert "项目" not in totals
        from perftui.model import Project

        app.edit(lambda st: st.doc.projects.append(Project(name="新项目", budget=Decimal("100000.00"))))
        app.screen._show_totals()
        totals = str(app.screen.query_one("#totals").render())
        assert "资金总额 171.41 万元 · 项目 1 个 · 预算合计 10 万元 · " in totals, totals


async def test_the_project_table_keeps_the_years_budget_longest(isolated):
    """The 88号 list has six amounts; at 80 columns it keeps 年度资金总额 (预算数: what the totals
    and checks read), not the 中期 one that comes first, as ``perftui show`` does."""
    from perftui.tui.screens.projects import ProjectsTable

    path = _form_copy(isolated, "88-wuhan-2020.toml")
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f4")
        await settle(pilot, app)
        table = app.screen.query_one(ProjectsTable)
        header = "".join(segment.text for segment in table.render_line(0))
        assert "年度资金总额" in header and "中期资金总额" not in header, header
    wide = make_app(path)
    async with wide.run_test(size=(160, 30)) as pilot:
        await pilot.press("f4")
        await settle(pilot, wide)
        header = "".join(segment.text for segment in wide.screen.query_one(ProjectsTable).render_line(0))
        assert all(h in header for h in ("中期资金总额", "中期财政拨款", "年度资金总额")), header


async def test_t_fills_the_frameworks_missing_rows_and_ctrl_z_takes_them_back(isolated):
    """In the indicator table, t adds a blank row for each 二级 of the document's framework the
    project lacks (the 奉节 copy: 8), the cursor on the first; one ctrl+z takes them all back.
    Saved, the template rows are written as rows with only 一级 and 二级."""
    path = _form_copy(isolated, "101-fengjie-2023.toml")
    app = make_app(path)
    async with app.run_test(size=(100, 32)) as pilot:
        editor = await tui_support.open_editor(pilot, app)
        table = editor.query_one(IndicatorTable)
        table.focus()
        await pilot.pause()
        await pilot.press("t")
        await settle(pilot, app)
        rows = app.state.doc.projects[0].indicators
        assert len(rows) == 12 and table.row_count == 12
        assert table.cursor_row == 4 and editor.block.indicator is rows[4]
        assert (rows[4].level2, rows[11].level1, rows[11].level2) == ("数量指标", "满意度指标", "服务对象满意度指标")
        await pilot.press("t")  # nothing more to add: said so, nothing changed
        await settle(pilot, app)
        assert len(app.state.doc.projects[0].indicators) == 12
        await pilot.press("ctrl+z")
        await settle(pilot, app)
        assert len(app.state.doc.projects[0].indicators) == 4 and table.row_count == 4
        await pilot.press("ctrl+y", "ctrl+s")
        await settle(pilot, app)
        assert not app.state.dirty
    saved = load(path).doc.projects[0].indicators
    assert [(r.level1, r.level2, r.name) for r in saved[-1:]] == [("满意度指标", "服务对象满意度指标", "")]


async def test_t_fills_the_department_indicator_table_of_a_department_form(isolated):
    path = _form_copy(isolated, "zhengti-yueyang-2023.toml")
    app = make_app(path)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot, app)
        before = list(app.state.doc.overall.indicators)
        table = app.screen.query_one("#dept-indicators", IndicatorTable)
        table.focus()
        await pilot.pause()
        await pilot.press("t")
        await settle(pilot, app)
        after = app.state.doc.overall.indicators
        assert len(after) > len(before) and table.row_count == len(after)
        assert [r for r in after if any(r is b for b in before)] == before
