"""The app's tables: SafeTable's shortcut past Textual's cell measuring gives Textual's own
sizes, and the project table is built once when opened, whatever takes the focus after."""

from __future__ import annotations

import tui_support
from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import DataTable
from tui_support import make_app, settle

from perftui.tui.screens.projects import ProjectsScreen
from perftui.tui.widgets.safe import SafeTable

isolated = tui_support.isolated
sample_copy = tui_support.sample_copy

ROWS = [("1", "城镇社区工作经费", Text("770,000.00", justify="right")),
        ("2", "国有企业退休人员社会化管理服务工作经费（长名称长名称长名称）", Text("12.5")),
        ("3", "", Text(""))]


def _calls_of(monkeypatch, cls, name: str) -> list:
    """A list that gets an entry each time ``cls.name`` runs (it still runs)."""
    calls: list = []
    original = getattr(cls, name)

    def counted(self, *args, **kwargs):
        calls.append(args)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(cls, name, counted)
    return calls


class Tables(App):
    def compose(self) -> ComposeResult:
        yield DataTable(id="plain")
        yield SafeTable(id="safe")


async def _sizes(widths, height=1):
    app = Tables()
    async with app.run_test(size=(100, 30)) as pilot:
        for table in app.query(DataTable):
            for n, w in enumerate(widths):
                table.add_column(f"列{n}", width=w, key=str(n))
            for k, row in enumerate(ROWS * 40):
                table.add_row(*row, height=height, key=str(k))
        await pilot.pause()
        plain, safe = app.query_one("#plain", DataTable), app.query_one("#safe", SafeTable)
        return plain.virtual_size, safe.virtual_size


async def test_fixed_widths_give_textuals_own_virtual_size():
    plain, safe = await _sizes([4, 20, 12])
    assert safe == plain and plain.height == 121


async def test_columns_sizing_themselves_and_tall_rows_are_measured_as_textual_does():
    assert len({*await _sizes([4, None, 12])}) == 1  # an auto-width column: Textual's measuring
    plain, safe = await _sizes([4, 20, 12], height=None)  # rows as tall as their cells
    assert safe == plain


async def test_the_project_table_is_built_once_and_kept_across_focus_changes(sample_copy, monkeypatch):
    builds = _calls_of(monkeypatch, ProjectsScreen, "sync_from_model")
    app = make_app(sample_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("f4")
        await settle(pilot, app)
        assert isinstance(app.screen, ProjectsScreen) and len(builds) == 1  # not again after the first layout
        widths = dict(app.screen.widths)
        await pilot.press("slash")  # the filter box takes the focus: the table's border goes
        await settle(pilot, app)
        await pilot.press("escape")
        await settle(pilot, app)
        assert len(builds) == 1 and app.screen.widths == widths


async def test_back_from_an_edit_only_the_changed_cells_are_put_in(sample_copy, monkeypatch):
    from perftui.tui.screens.projects import ProjectsTable

    app = make_app(sample_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("f4")
        await settle(pilot, app)
        table = app.screen.query_one(ProjectsTable)
        before = [[c.plain for c in table.get_row_at(r)] for r in range(table.row_count)]
        cleared, updated = [], []
        monkeypatch.setattr(table, "clear", lambda *a, **k: cleared.append(a) or DataTable.clear(table, *a, **k))
        original_update = table.update_cell

        def update(row_key, column_key, value, **kw):
            updated.append((row_key, column_key))
            original_update(row_key, column_key, value, **kw)

        monkeypatch.setattr(table, "update_cell", update)
        await pilot.press("down", "enter")  # the second project's editor
        await settle(pilot, app)
        p = app.state.doc.projects[1]
        app.edit(lambda s: s.set(("projects", 1, "name"), "改过的项目名称"))
        app.edit(lambda s: s.set(("projects", 1, "indicators"), p.indicators[:2]))
        await settle(pilot, app)
        made = _calls_of(monkeypatch, ProjectsScreen, "_cell")
        await pilot.press("escape")
        await settle(pilot, app)
        assert app.screen is table.screen and cleared == []
        # Only the edited row's cells are made again (and a row whose finding counts changed).
        rows = {args[1] for args in made}
        assert 2 in rows and len(rows) <= 2, sorted(rows)
        after = [[c.plain for c in table.get_row_at(r)] for r in range(table.row_count)]
        assert after[0] == before[0] and after[2:] == before[2:]
        name_col = [k.value for k in table.columns].index("name")
        count_col = [k.value for k in table.columns].index("count")
        assert after[1][name_col] == "改过的项目名称" and after[1][count_col] == "2"
        assert {c for _, c in updated} <= {"name", "count", "problems"} and updated


async def test_the_project_table_is_kept_between_openings_of_the_same_document(sample_copy):
    import shutil

    from perftui.tui.app import PerftuiApp
    from perftui.tui.screens.projects import ProjectsTable

    second = sample_copy.with_name("439002-2023.toml")
    shutil.copy2(sample_copy, second)
    app = PerftuiApp([sample_copy, second], folder=sample_copy.parent)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("f4")
        await settle(pilot, app)
        first = app.screen
        await pilot.press("down", "down", "s")  # the third row, and the sort picker
        await settle(pilot, app)
        await pilot.press("escape")  # (no sort chosen)
        await settle(pilot, app)
        assert first.query_one(ProjectsTable).cursor_row == 2
        await pilot.press("escape")  # back to the department screen
        await settle(pilot, app)
        app.edit(lambda s: s.set(("projects", 0, "name"), "部门页改的名称"))  # a change meanwhile
        await pilot.press("f4")
        await settle(pilot, app)
        assert app.screen is first and first.query_one(ProjectsTable).cursor_row == 2  # kept, cursor too
        assert first.query_one(ProjectsTable).get_row_at(0)[3].plain == "部门页改的名称"  # brought up to date
        await pilot.press("escape")
        await settle(pilot, app)
        await pilot.press("ctrl+n")  # the other unit: a table of its own
        await settle(pilot, app)
        await pilot.press("f4")
        await settle(pilot, app)
        assert isinstance(app.screen, ProjectsScreen) and app.screen is not first
        assert app.screen.query_one(ProjectsTable).cursor_row == 0
        assert not first.is_attached  # the first unit's table was let go


async def test_the_findings_list_is_filled_once_and_again_only_when_its_columns_change(sample_copy, monkeypatch):
    from perftui.tui.screens.info import FindingsScreen

    fills = _calls_of(monkeypatch, FindingsScreen, "_fill")
    app = make_app(sample_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("f2")
        await settle(pilot, app)
        assert isinstance(app.screen, FindingsScreen) and len(fills) == 1
        widths = dict(app.screen._filled_widths)
        await pilot.resize_terminal(100, 30)
        await settle(pilot, app)
        await pilot.pause(0.1)
        assert len(fills) == 2 and app.screen._filled_widths != widths  # a narrower terminal: fitted again


async def test_the_review_lists_content_column_takes_the_rest_of_the_width(sample_copy):
    from perftui.tui.screens.review import ReviewScreen, ReviewTable

    app = make_app(sample_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("f5")
        await settle(pilot, app)
        assert isinstance(app.screen, ReviewScreen)
        table = app.screen.query_one(ReviewTable)
        rows = table.row_count

        def widths():
            return [c.get_render_width(table) for c in table.ordered_columns]

        assert sum(widths()) == table.outer_size.width - 1 - 2  # the focus border, the scrollbar
        assert table.virtual_size.width <= table.size.width  # nothing off to the right
        await pilot.resize_terminal(90, 30)
        await settle(pilot, app)
        await pilot.pause(0.1)
        assert sum(widths()) == table.outer_size.width - 1 - 2 and table.row_count == rows


async def test_the_departments_lists_use_the_terminals_width(sample_copy):
    from rich.cells import cell_len

    from perftui.tui.widgets.items import ItemsTable

    for width in (80, 120):
        app = make_app(sample_copy)
        async with app.run_test(size=(width, 40)) as pilot:
            await settle(pilot, app)
            table = app.screen.query_one("#targets-items", ItemsTable)
            first = table.get_row_at(0)[1].plain
            # Cut with … to the table's own width (it was cut to a guessed 68 before the layout).
            assert first.endswith("…") and cell_len(first) == table.size.width - 8, (width, first)
            assert table.row_count == len(app.state.doc.overall.targets.items)


# --- columns that no row fills ------------------------------------------------------------

def _cols(blank_name: bool = True):
    from perftui.tui.widgets.columns import Col

    return [Col("n", "#", 2, rank=0), Col("name", "三级", 14, rank=0).measure(["重点建设工程安排数量"]),
            Col("long_name", "三级（中期）", 12, rank=5, blank=blank_name).measure([""]),
            Col("level2", "二级", 10, rank=2).measure(["可持续影响指标"])]


def test_a_blank_column_gives_way_to_a_filled_column_it_would_cut():
    from perftui.tui.widgets.columns import fit

    # 60 cells hold every column at its narrowest, but 二级 is then cut.
    assert "long_name" not in fit(_cols(), 50)
    widths = fit(_cols(), 50)
    assert widths["level2"] == 14 and widths["name"] == 20
    # The same column with something in it is shown, as before.
    assert "long_name" in fit(_cols(blank_name=False), 50)
    # With room for all, the blank column is there too, every filled one whole.
    roomy = fit(_cols(), 80)
    assert "long_name" in roomy and roomy["level2"] == 14 and roomy["name"] == 20


def test_blank_columns_never_cost_a_filled_column_anything():
    """Property: the filled columns get exactly what they would get without the blank ones,
    or every one of them is whole."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from perftui.tui.widgets.columns import Col, fit

    col = st.builds(lambda i, low, want, rank, blank: Col(f"c{i}", "列", low, want=max(low, want), rank=rank,
                                                        blank=blank and rank > 0),
                    st.integers(0, 10**6), st.integers(1, 20), st.integers(0, 40), st.integers(0, 9), st.booleans())

    @settings(max_examples=300, deadline=None)
    @given(st.lists(col, min_size=1, max_size=9, unique_by=lambda c: c.key), st.integers(10, 200))
    def check(cols, width):
        got = fit(cols, width)
        filled = [c for c in cols if not c.blank]
        alone = fit(filled, width)
        assert {k: w for k, w in got.items() if k in alone} == alone or all(
            got.get(c.key, 0) >= c.want for c in filled)
        for c in cols:
            if c.blank and c.key in got:  # shown only beside whole filled columns
                assert all(got.get(k.key, 0) >= k.want for k in filled)

    check()
