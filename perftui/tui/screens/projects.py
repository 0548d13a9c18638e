"""第二部分: the table of projects — sort, filter as you type, add/duplicate/delete, drill in."""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import DataTable, Input

from perftui.forms import profile_of
from perftui.forms.shown import list_columns, main_amount
from perftui.model import PLAN_MONTHS, Project
from perftui.safetext import one_line
from perftui.tui import keymap
from perftui.tui.marks import LEGEND
from perftui.tui.marks import current as current_marks
from perftui.tui.screens.base import DocScreen
from perftui.tui.screens.modals import ChoiceModal, PickModal
from perftui.tui.widgets.columns import Col, fit
from perftui.tui.widgets.findings import FindingsPanel, counts_of, normalise_counts
from perftui.tui.widgets.keybar import KeyBar
from perftui.tui.widgets.safe import FOCUS_BORDER, SafeInput, SafeStatic, SafeTable, raw_text, user_text
from perftui.tui.widgets.titlebar import TitleBar

if TYPE_CHECKING:
    from textual import getters

    from perftui.tui.app import PerftuiApp

# The columns every form's table has; its amounts, plan and period come from the form.
# (key, label, narrowest width, rank: 0 always shown, higher left out sooner / grown later)
FIXED = {
    "n": ("序号", 3, 0), "problems": ("错/警", 5, 0), "code": ("编码", 21, 3), "name": ("名称", 12, 0),
    "plan": ("支出计划", 11, 6), "period": ("项目期", 10, 6), "count": ("指标数", 6, 2),
}
# The sample's columns (what a file of the 绩效文本 form shows, in this order).
COLUMNS = (
    ("n", "序号", 4), ("problems", "错/警", 7), ("code", "编码", 21), ("name", "名称", 20),
    ("budget", "预算数", 12), ("fiscal", "财政资金", 12), ("other", "其他资金", 12),
    ("plan", "支出计划", 15), ("count", "指标数", 6),
)
SORT_LABELS = {"problems": "错误/警告"}  # the header is abbreviated to keep the column narrow
NUMERIC = {"n", "count", "problems"}


def problems_cell(counts: dict[str, int] | None) -> Text:
    """``✗1 !5``: errors in red, warnings in yellow; ``✓`` when there are neither."""
    counts = counts or {}
    err, warn = counts.get("错误", 0), counts.get("警告", 0)
    cell = Text(no_wrap=True, overflow="ellipsis")
    if err:
        cell.append(f"✗{err}", style="bold red")
    if warn:
        if err:
            cell.append(" ")
        cell.append(f"!{warn}", style="yellow")
    if not (err or warn):
        cell.append("✓", style="green")
    return cell


def _same_cell(a: Text, b: Text) -> bool:
    """Cells that look the same (rich's Text == leaves out the whole cell's style and justify)."""
    return a.plain == b.plain and a.spans == b.spans and a.style == b.style and a.justify == b.justify


def plan_text(p: Project) -> str:
    return "/".join(f"{p.plan[m].normalize():f}" if m in p.plan else "-" for m in PLAN_MONTHS)


def project_columns(doc) -> list[tuple[str, str]]:
    """(key, header) of the project table: 序号, findings, then the form's list columns."""
    return [("n", "序号"), ("problems", "错/警"), *list_columns(doc)]


def sort_label(key: str, labels: dict[str, str] | None = None) -> str:
    if key in SORT_LABELS:
        return SORT_LABELS[key]
    if labels and key in labels:
        return labels[key]
    return next((label for k, label, _ in COLUMNS if k == key), key)


class ProjectsTable(SafeTable):
    """Rows are picked whole, so ← → scroll a whole column at a time (the default is one cell).
    Add, copy, delete and sort are keys of the table (never of the filter box)."""

    SCOPE = "projects"
    BINDINGS = keymap.bindings("projects", on="table")

    if TYPE_CHECKING:
        @property
        def screen(self) -> ProjectsScreen:  # for type checkers only: the screen it is shown on
            ...

    def action_open_project(self) -> None:
        self.screen.action_open_project()

    def action_add_project(self) -> None:
        self.screen.action_add_project()

    def action_duplicate_project(self) -> None:
        self.screen.action_duplicate_project()

    def action_delete_project(self) -> None:
        self.screen.action_delete_project()

    def action_sort(self) -> None:
        self.screen.action_sort()

    def _column_stops(self) -> list[int]:
        """scroll_x values that put each scrolling column right after the pinned ones."""
        columns = self.ordered_columns
        pinned = sum(c.get_render_width(self) for c in columns[: self.fixed_columns])
        stops, x = [], 0
        for i, column in enumerate(columns):
            if i >= self.fixed_columns:
                stops.append(max(0, x - pinned))
            x += column.get_render_width(self)
        return stops

    def action_cursor_right(self) -> None:
        if self.cursor_type != "row":
            return super().action_cursor_right()
        ahead = [x for x in self._column_stops() if x > self.scroll_x + 0.5]
        self.scroll_to(x=min(ahead[0], self.max_scroll_x) if ahead else self.max_scroll_x, animate=False)

    def action_cursor_left(self) -> None:
        if self.cursor_type != "row":
            return super().action_cursor_left()
        behind = [x for x in self._column_stops() if x < self.scroll_x - 0.5]
        self.scroll_to(x=behind[-1] if behind else 0, animate=False)


class ProjectsScreen(DocScreen):
    if TYPE_CHECKING:
        app = getters.app(PerftuiApp)  # for type checkers only: the app it runs in, with its attributes

    SCOPES = ("projects",)
    BINDINGS = keymap.bindings("projects")

    def __init__(self) -> None:
        super().__init__()
        self.sort_key: str | None = None
        self.sort_reverse = False
        self.filter_text = ""
        self.order: list[Project] = []
        self.columns: list[tuple[str, str]] = []
        self.widths: dict[str, int] = {}

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield SafeStatic(id="projects-title", classes="pinned-title")
        yield SafeInput(placeholder="筛选：输入编码或名称的一部分（Esc 关闭）", id="filter", compact=True)
        yield ProjectsTable(id="projects-table", cursor_type="row", zebra_stripes=True, fixed_columns=2)
        yield FindingsPanel()
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#filter").display = False
        doc = self.state.doc
        self.columns = project_columns(doc)
        self.money = profile_of(doc).money
        self.sync_from_model()
        self.query_one(ProjectsTable).focus()

    def on_resize(self) -> None:
        if self.is_mounted and self.order is not None:
            self.call_after_refresh(self._refit)

    def _refit(self) -> None:
        if self.is_mounted and self._fit() != self.widths:
            self.sync_from_model()

    # ----- rows -------------------------------------------------------------------------
    def _project_counts(self) -> dict[int, dict[str, int]]:
        per: dict[int, list] = {}
        for f in self.state.findings():
            if f.project_index is not None:
                per.setdefault(f.project_index, []).append(f)
        return {i: counts_of(fs) for i, fs in per.items()}

    def _amount(self, value) -> str:
        from perftui.tui.amounts import amount_kind

        return amount_kind(self.money).format(value) if value is not None else ""

    def _cell(self, key: str, n: int, p: Project, counts) -> Text:
        if key == "changed":
            return Text(self._marks.sign(("projects", n - 1)) if self._marks is not None else "", style="bold")
        if key == "n":
            return Text(str(n))
        if key == "problems":
            return problems_cell(counts)
        if key in ("code", "name", "period"):
            return user_text(getattr(p, key), overflow="ellipsis", no_wrap=True)
        if key == "plan":
            return Text(plan_text(p))
        if key == "count":
            return Text(str(len(p.indicators)), justify="right")
        return Text(self._amount(getattr(p, key)), justify="right")

    def _source(self, key: str, n: int, p: Project, counts) -> object:
        """What the cell ``key`` of row ``n`` is made from: an equal source makes the same cell."""
        if key == "changed":
            return self._marks.sign(("projects", n - 1)) if self._marks is not None else ""
        if key == "n":
            return n
        if key == "problems":
            return (counts or {}).get("错误", 0), (counts or {}).get("警告", 0)
        if key == "plan":
            return tuple(p.plan.items())
        if key == "count":
            return len(p.indicators)
        if key in ("code", "name", "period"):
            return getattr(p, key)
        return getattr(p, key), self.money  # an amount, shown in the form's unit

    def _sort_value(self, key: str, i: int, p: Project, counts):
        c = counts.get(i, {})
        if key == "n":
            return i
        if key == "problems":
            return (c.get("错误", 0), c.get("警告", 0))
        if key == "count":
            return len(p.indicators)
        if key == "plan":
            return plan_text(p)
        value = getattr(p, key)
        if key in ("code", "name", "period"):
            return value
        return value if value is not None else -1

    def _fit(self) -> dict[str, int]:
        table = self.query_one(ProjectsTable)
        # Fitted to the focused table (see FOCUS_BORDER): neither a focus change nor the
        # first layout rebuilds 1,000 rows.
        width = (table.outer_size.width or self.app.size.width) - FOCUS_BORDER
        if self._marks is not None:
            width -= 1 + 2  # the change mark column and its padding
        doc = self.state.doc
        cols = []
        sample = doc.projects[:2000]  # enough to size the columns; a huge file is not measured whole
        ranks = {k: r for k, (_, _, r) in FIXED.items()}
        main = main_amount(k for k, _ in self.columns)
        amount_rank = 4  # the main amount 1; the others leave sooner, the later ones first
        for key, label in self.columns:
            if key in FIXED:
                low, rank = FIXED[key][1], ranks[key]
            elif key == main:
                low, rank = 8, 1
            else:
                low, rank = 8, amount_rank
                amount_rank += 1
            col = Col(key, label, low, rank=rank, max=60)
            if key in ("code", "name", "period"):
                col.measure(getattr(p, key) for p in sample)
            elif key == "plan":
                col.measure(plan_text(p) for p in sample)
                col.min = col.want  # 30/60/90/10 cut from …/100 would read as a wrong plan
            elif key not in ("n", "problems", "count"):
                col.measure(self._amount(getattr(p, key)) for p in sample)
                col.min = min(col.want, 16)  # a number is shown whole or not at all
                if all(getattr(p, key) is None for p in sample):
                    col.rank = 8  # an empty column gives its room first
            else:
                col.measure([str(len(doc.projects))] if key == "n" else [])
                col.min = col.want
            if key == "code":
                col.min = min(col.want, col.min)
            cols.append(col)
        # A vertical scrollbar only when the rows do not fit (header and horizontal bar take a line each).
        rows = len(self.order) if self.order else len(doc.projects)
        # Before the first layout the screen's height stands in for the table's (a few lines
        # more than it will have: a file of 1,000 or of 7 projects is told right).
        bar = rows > (table.size.height or self.app.size.height) - 2
        return fit(cols, width, scrollbar=bar, rest=True, whole=4)

    def _header(self, key: str, label: str) -> Text:
        if key == self.sort_key:
            return Text(f"{label}{'▼' if self.sort_reverse else '▲'}")
        return Text(label)

    def sync_from_model(self) -> None:
        if self.app.state is None:
            return
        table = self.query_one(ProjectsTable)
        current = self.current_project()
        projects = self.state.doc.projects
        counts = self._project_counts()
        rows = list(enumerate(projects))
        needle = self.filter_text.strip().lower()
        if needle:
            rows = [(i, p) for i, p in rows if needle in p.code.lower() or needle in p.name.lower()]
        sort_key = self.sort_key
        if sort_key:
            rows.sort(key=lambda r: self._sort_value(sort_key, r[0], r[1], counts), reverse=self.sort_reverse)
        self.order = [p for _, p in rows]
        marks = self._marks = current_marks(self.app)
        widths = self._fit()
        if marks is not None:
            widths = {"changed": 1, **widths}
        labels = dict(self.columns)
        keys = list(widths)
        # A row whose sources did not change keeps its cells (back from an edit: one row changed
        # of 1,000, not 10,000 cells made again to compare).
        made, kept = {}, self._made
        built = []
        for i, p in rows:
            rk, c = str(id(p)), counts.get(i)
            source = tuple([self._source(k, i + 1, p, c) for k in keys])
            prior = kept.get(rk)
            cells = prior[1] if prior is not None and prior[0] == source else [self._cell(k, i + 1, p, c) for k in keys]
            made[rk] = (source, cells)
            built.append((rk, cells))
        self._made = made
        if widths != self.widths or not table.columns or self._headers != (self.sort_key, self.sort_reverse):
            self.widths = widths
            self._headers = (self.sort_key, self.sort_reverse)
            table.clear(columns=True)
            for key in widths:
                table.add_column(self._header(key, labels.get(key, "")), key=key, width=widths[key])
            self._shown = []
        if [rk for rk, _ in built] == [rk for rk, _ in self._shown]:
            # The same rows in the same order (back from an edit): only the cells that changed
            # are put in, instead of 1,000 rows built again.
            for (rk, cells), (_, old) in zip(built, self._shown, strict=True):
                if cells is old:
                    continue
                for key, new, was in zip(keys, cells, old, strict=True):
                    if not _same_cell(new, was):
                        table.update_cell(rk, key, new)
        else:
            table.clear()
            for rk, cells in built:
                table.add_row(*cells, key=rk)
        self._shown = built
        row = self.row_of(current)
        if row is not None:
            table.move_cursor(row=row, animate=False)
        self._seen_generation = self.state.generation
        self._show_title()
        self.refresh_findings()

    _headers: tuple = (None, False)
    _shown: list[tuple[str, list[Text]]] = []  # the rows in the table: (row key, cells), in order
    _made: dict[str, tuple[tuple, list[Text]]] = {}  # row key -> (the cells' sources, the cells)

    def _show_title(self) -> None:
        shown, total = len(self.order), len(self.state.doc.projects)
        text = Text(f"项目表：{total} 个项目", style="bold", no_wrap=True, overflow="ellipsis")
        if shown != total:
            text.append(f"（筛选“{self.filter_text}”后 {shown} 个）", style="bold")
        if self.money == "万元":
            text.append(" · 金额单位：万元")
        if self._marks is not None:
            text.append(f" · 与「{one_line(self._marks.label)}」比较：{LEGEND}", style="bold")
        if self.sort_key:
            text.append(f" · 按{sort_label(self.sort_key, dict(self.columns))}{'降序' if self.sort_reverse else '升序'}")
        self.query_one("#projects-title", SafeStatic).update(text)

    def refresh_findings(self) -> None:
        state = self.app.state
        if state is None:
            return
        if current_marks(self.app) is not self._marks and self.is_mounted:
            self.sync_from_model()  # a comparison opened, ended or the marks changed: new marks column
            return
        p = self.current_project()
        ready = state.check_status
        panel = self.findings_panel()
        if panel is None:
            return
        if p is not None:
            i = self.project_index(p)
            panel.show(state.findings(project_index=i), f"项目{i + 1}", normalise_counts(state.counts()) if ready else None,
                       ready)
        else:
            panel.show([], "本表", normalise_counts(state.counts()) if ready else None, ready)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.refresh_findings()

    def show_change(self, change, undone: bool) -> None:
        from perftui.tui.history import row_of

        hit = row_of(change, undone)
        if hit is None or tuple(hit[0]) != ("projects",):
            return
        projects = self.state.doc.projects
        if projects:
            row = self.row_of(projects[min(hit[1], len(projects) - 1)])
            if row is not None:
                self.query_one(ProjectsTable).move_cursor(row=row, animate=False)

    # ----- current row ------------------------------------------------------------------
    def current_project(self) -> Project | None:
        table = self.query_one(ProjectsTable)
        if not self.order or table.row_count == 0:
            return None
        row = table.cursor_row
        return self.order[row] if 0 <= row < len(self.order) else None

    def project_index(self, p: Project) -> int:
        for i, q in enumerate(self.state.doc.projects):
            if q is p:
                return i
        return -1

    def select_project(self, index: int) -> None:
        if not (0 <= index < len(self.state.doc.projects)):
            return
        p = self.state.doc.projects[index]
        if self.row_of(p) is None:
            self.filter_text = ""
            self.query_one("#filter", SafeInput).set_raw("")
            self.sync_from_model()
        self.query_one(ProjectsTable).move_cursor(row=self.row_of(p) or 0)

    def row_of(self, p: Project | None) -> int | None:
        """The table row showing ``p`` — by identity: a fresh or copied project equals another one."""
        return next((row for row, q in enumerate(self.order) if q is p), None)

    # ----- actions ----------------------------------------------------------------------
    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open_project()

    def action_open_project(self) -> None:
        p = self.current_project()
        if p is not None:
            self.app.open_project(p)

    def action_add_project(self) -> None:
        if self.app.refuse_read_only():
            return
        cur = self.current_project()
        at = self.project_index(cur) + 1 if cur is not None else len(self.state.doc.projects)
        new = Project(name="新项目")
        self.app.edit(lambda s: s.insert(("projects",), at, new))
        self.sync_from_model()
        self.select_project(at)  # clears a filter that would hide the new row
        frame = keymap.key_display(self.app, "editor.frame")
        self.app.notify(f"已新增第 {at + 1} 个项目，回车编辑；在其绩效指标表按 {frame} 可按指标体系列出一级、二级指标行",
                        markup=False)

    def action_duplicate_project(self) -> None:
        cur = self.current_project()
        if cur is None or self.app.refuse_read_only():
            return
        at = self.project_index(cur) + 1
        dup = copy.deepcopy(cur)
        dup.name = f"{cur.name}（副本）"
        self.app.edit(lambda s: s.insert(("projects",), at, dup))
        self.sync_from_model()
        self.select_project(at)

    def action_delete_project(self) -> None:
        cur = self.current_project()
        if cur is None or self.app.refuse_read_only():
            return
        i = self.project_index(cur)
        label = f"{cur.code} {cur.name}".strip() or f"第 {i + 1} 个项目"

        row = self.query_one(ProjectsTable).cursor_row

        def done(answer: str | None) -> None:
            if answer == "y":
                self.app.edit(lambda s: s.remove(("projects",), i))
                self.sync_from_model()
                table = self.query_one(ProjectsTable)
                if table.row_count:  # the cursor stays where the project was, not on row 1
                    table.move_cursor(row=min(row, table.row_count - 1), animate=False)
                self.app.notify(f"已删除：{label}（ctrl+z 撤销）", markup=False)

        self.app.push_screen(
            ChoiceModal("删除项目", f"确定删除“{label}”及其 {len(cur.indicators)} 条指标？",
                        [("y", "删除"), ("n", "取消")]),
            lambda answer: done(answer),
        )

    def action_sort(self) -> None:
        names = dict(self.columns)
        labels = [sort_label(key, names) for key, _ in self.columns]
        current = sort_label(self.sort_key, names) if self.sort_key else None

        def done(label: str | None) -> None:
            if label is not None:
                self.sort_by(self.columns[labels.index(label)][0])

        self.app.push_screen(PickModal("按哪一列排序？（再选同一列则反向）", labels, current), done)

    def sort_by(self, key: str) -> None:
        if key == self.sort_key:
            self.sort_reverse = not self.sort_reverse
        else:
            numeric = key in NUMERIC or key not in ("code", "name", "period", "plan")
            self.sort_key, self.sort_reverse = key, numeric and key != "n"
        self.sync_from_model()
        label = sort_label(key, dict(self.columns))
        self.app.notify(f"按{label}{'降序' if self.sort_reverse else '升序'}排列", markup=False, timeout=2)

    def on_data_table_header_selected(self, event: DataTable.HeaderSelected) -> None:
        self.sort_by(str(event.column_key.value))

    def action_filter(self) -> None:
        box = self.query_one("#filter", Input)
        box.display = True
        box.focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "filter":
            event.stop()
            self.filter_text = raw_text(event.input)
            self.sync_from_model()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "filter":
            event.stop()
            self.query_one(ProjectsTable).focus()

    def action_back(self) -> None:
        box = self.query_one("#filter", Input)
        if box.has_focus:
            if not box.value:
                box.display = False
            self.query_one(ProjectsTable).focus()
            return
        self.leave()
