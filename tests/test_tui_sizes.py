"""The other two terminal sizes the workbench is checked at (80×24 and 120×40 have their
snapshots): 100×30 and 160×50. Every screen opens; footers fit and keep f1/f2; the project
table shows every name whole (and at 160 columns every column); the editor names its project
and shows every indicator row and the 描述 column."""

from __future__ import annotations

import pytest
import tui_support
from rich.cells import cell_len
from tui_support import make_app, settle

from perftui.tui.screens.editor import IndicatorTable
from perftui.tui.screens.info import FindingsScreen
from perftui.tui.screens.projects import ProjectsScreen, ProjectsTable
from perftui.tui.widgets.keybar import KeyBar

isolated = tui_support.isolated
sample_copy = tui_support.sample_copy

SIZES = [(100, 30), (160, 50)]


def _bar(app, width: int) -> str:
    text = app.screen.query_one(KeyBar).render().plain
    assert cell_len(text.rstrip()) <= width and "f1 帮助" in text and "f2 问题" in text
    return text


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_screens_at_size(sample_copy, size):
    width, height = size
    app = make_app(sample_copy)
    async with app.run_test(size=size) as pilot:
        await settle(pilot, app)
        _bar(app, width)

        await pilot.press("f4")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ProjectsScreen)
        names = [p.name for p in app.state.doc.projects]
        assert screen.widths["name"] >= max(cell_len(n) for n in names)
        table = screen.query_one(ProjectsTable)
        assert table.region.right <= width and table.row_count == len(names)
        if width >= 160:  # room for every column of the table
            assert set(screen.widths) == {str(k.value) for k in table.columns}
        assert "⏎ 打开" in _bar(app, width)

        await pilot.press("enter")
        await pilot.pause()
        editor = app.screen
        indicators = editor.query_one(IndicatorTable)
        assert indicators.row_count == len(app.state.doc.projects[0].indicators)
        assert indicators.region.height >= indicators.row_count + 1  # every row and the header in view
        title = editor.query_one("#project-title")
        assert title.region.y == 1 and names[0] in str(title.render())
        assert "description" in editor.block.widths  # 描述 has room from 100 columns on
        assert "⏎ 编辑" in _bar(app, width)

        await pilot.press("f1")
        await pilot.pause()
        help_box = app.screen.query_one("#help-box") if app.screen.query("#help-box") else app.screen.children[0]
        assert help_box.region.right <= width and help_box.region.bottom <= height
        await pilot.press("escape")
        await pilot.pause()

        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, FindingsScreen)
        assert app.screen.children[0].region.right <= width


@pytest.mark.parametrize("size", [(80, 24), (100, 30), (120, 40)], ids=lambda s: f"{s[0]}x{s[1]}")
async def test_no_sliver_of_a_column_at_the_right_edge_of_the_project_table(sample_copy, size):
    """The columns that do not fit start exactly at the table's right edge: no cut-off column
    shows a lone digit of its amount beside the last whole one (at 80 columns the 财政资金 of
    8,955,000 showed as an '8' after 指标数 3, reading as 38)."""
    app = make_app(sample_copy)
    async with app.run_test(size=size) as pilot:
        await settle(pilot, app)
        await pilot.press("f4")
        await pilot.pause()
        table = app.screen.query_one(ProjectsTable)
        visible = table.scrollable_content_region.width
        edges, x = [0], 0
        for column in table.ordered_columns:
            x += column.get_render_width(table)
            edges.append(x)
        assert x <= visible or visible in edges, (visible, edges)
