"""第二部分: the table of projects — sort, filter as you type, add/duplicate/delete, drill in."""

from __future__ import annotations

import copy

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import DataTable, Footer, Input

from perftui.model import PLAN_MONTHS, Project
from perftui.money import format_amount
from perftui.tui import keymap
from perftui.tui.screens.base import DocScreen
from perftui.tui.screens.modals import ChoiceModal, PickModal
from perftui.tui.widgets.findings import FindingsPanel, counts_of, normalise_counts
from perftui.tui.widgets.safe import SafeInput, SafeTable, raw_text, user_text
from perftui.tui.widgets.titlebar import TitleBar

# Ordered so that 序号, the findings, 编码, 名称 and 预算数 fit an 80-column terminal
# (each column also takes one cell of padding either side).
COLUMNS = (
    ("n", "序号", 4), ("problems", "错/警", 7), ("code", "编码", 21), ("name", "名称", 20),
    ("budget", "预算数", 12), ("fiscal", "财政资金", 12), ("other", "其他资金", 12),
    ("plan", "支出计划", 15), ("count", "指标数", 6),
)
SORT_LABELS = {"problems": "错误/警告"}  # the header is abbreviated to keep the column narrow
NUMERIC = {"n", "budget", "fiscal", "other", "count", "problems"}


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


def plan_text(p: Project) -> str:
    return "/".join(f"{p.plan[m].normalize():f}" if m in p.plan else "-" for m in PLAN_MONTHS)


def sort_label(key: str) -> str:
    return SORT_LABELS.get(key) or next(label for k, label, _ in COLUMNS if k == key)


class ProjectsTable(SafeTable):
    """Rows are picked whole, so ← → scroll a whole column at a time (the default is one cell)."""

    SCOPE = "projects"

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
    SCOPES = ("projects",)
    BINDINGS = keymap.bindings("projects")

    def __init__(self) -> None:
        super().__init__()
        self.sort_key: str | None = None
        self.sort_reverse = False
        self.filter_text = ""
        self.order: list[Project] = []

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield SafeInput(placeholder="筛选：输入编码或名称的一部分（Esc 关闭）", id="filter", compact=True)
        yield ProjectsTable(id="projects-table", cursor_type="row", zebra_stripes=True, fixed_columns=2)
        yield FindingsPanel()
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#filter").display = False
        table = self.query_one(ProjectsTable)
        for key, label, width in COLUMNS:
            table.add_column(Text(label), key=key, width=width)
        self.sync_from_model()
        table.focus()

    # ----- rows -------------------------------------------------------------------------
    def _project_counts(self) -> dict[int, dict[str, int]]:
        per: dict[int, list] = {}
        for f in self.state.findings():
            if f.project_index is not None:
                per.setdefault(f.project_index, []).append(f)
        return {i: counts_of(fs) for i, fs in per.items()}

    def _row(self, n: int, p: Project, counts: dict[str, int] | None) -> list[Text]:
        return [
            Text(str(n)), problems_cell(counts), user_text(p.code, overflow="ellipsis", no_wrap=True),
            user_text(p.name, overflow="ellipsis", no_wrap=True),
            Text(format_amount(p.budget), justify="right"), Text(format_amount(p.fiscal), justify="right"),
            Text(format_amount(p.other), justify="right"), Text(plan_text(p)),
            Text(str(len(p.indicators)), justify="right"),
        ]

    def _sort_value(self, key: str, i: int, p: Project, counts):
        c = counts.get(i, {})
        return {
            "n": i, "code": p.code, "name": p.name,
            "budget": p.budget if p.budget is not None else -1,
            "fiscal": p.fiscal if p.fiscal is not None else -1,
            "other": p.other if p.other is not None else -1,
            "plan": plan_text(p), "count": len(p.indicators),
            "problems": (c.get("错误", 0), c.get("警告", 0)),
        }[key]

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
        if self.sort_key:
            rows.sort(key=lambda r: self._sort_value(self.sort_key, r[0], r[1], counts), reverse=self.sort_reverse)
        self.order = [p for _, p in rows]
        table.clear()
        for i, p in rows:
            table.add_row(*self._row(i + 1, p, counts.get(i)), key=str(id(p)))
        row = self.row_of(current)
        if row is not None:
            table.move_cursor(row=row)
        self._seen_generation = self.state.generation
        self.refresh_findings()

    def refresh_findings(self) -> None:
        state = self.app.state
        if state is None:
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
        self.app.notify(f"已新增第 {at + 1} 个项目，回车编辑", markup=False)

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

        def done(answer: str | None) -> None:
            if answer == "y":
                self.app.edit(lambda s: s.remove(("projects",), i))
                self.sync_from_model()
                self.app.notify(f"已删除：{label}（ctrl+z 撤销）", markup=False)

        self.app.push_screen(
            ChoiceModal("删除项目", f"确定删除“{label}”及其 {len(cur.indicators)} 条指标？",
                        [("y", "删除"), ("n", "取消")]),
            lambda answer: done(answer),
        )

    def action_sort(self) -> None:
        labels = [sort_label(key) for key, _, _ in COLUMNS]
        current = sort_label(self.sort_key) if self.sort_key else None

        def done(label: str | None) -> None:
            if label is not None:
                self.sort_by(COLUMNS[labels.index(label)][0])

        self.app.push_screen(PickModal("按哪一列排序？（再选同一列则反向）", labels, current), done)

    def sort_by(self, key: str) -> None:
        if key == self.sort_key:
            self.sort_reverse = not self.sort_reverse
        else:
            self.sort_key, self.sort_reverse = key, key in NUMERIC and key != "n"
        self.sync_from_model()
        label = sort_label(key)
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
