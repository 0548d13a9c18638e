"""One project's 绩效目标表: header fields, goals, and indicators grouped 一级 → 二级 → 三级."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.css.query import NoMatches
from textual.suggester import SuggestFromList
from textual.widgets import DataTable, Footer, Input, Label, Select

from perftui.forms.profiles import WENBEN
from perftui.frameworks import STANDARD_BASES, get_framework
from perftui.kinds import AMOUNT, CODE, PERCENT
from perftui.model import PLAN_MONTHS, Indicator, Project
from perftui.tui import keymap
from perftui.tui.screens.base import DocScreen, FieldSpec, compact_input, field_row
from perftui.tui.widgets.findings import FindingsPanel, finding_line, normalise_counts, severity_of
from perftui.tui.widgets.items import ItemsTable
from perftui.tui.widgets.safe import SafeInput, SafeSelect, SafeStatic, SafeTable, user_text
from perftui.tui.widgets.titlebar import TitleBar
from perftui.values import parse_value

HEADER_WIDGETS = {
    "code": "p-code", "name": "p-name", "budget": "p-budget", "fiscal": "p-fiscal", "other": "p-other",
    "use": "p-use", "goals": "p-goals", "plan": "p-plan-12",
}
INDICATOR_WIDGETS = {f: f"i-{f}" for f in WENBEN.order("indicator")}


class IndicatorTable(SafeTable):
    SCOPE = "editor"


class ProjectEditorScreen(DocScreen):
    SCOPES = ("editor",)
    BINDINGS = keymap.bindings("editor")

    def __init__(self, project: Project) -> None:
        super().__init__()
        self.project = project
        self.indicator: Indicator | None = project.indicators[0] if project.indicators else None

    # ----- identity -> index (indices move when projects/indicators are inserted) -------
    @property
    def pi(self) -> int:
        for i, p in enumerate(self.state.doc.projects):
            if p is self.project:
                return i
        return -1

    @property
    def ii(self) -> int | None:
        if self.indicator is None:
            return None
        for j, ind in enumerate(self.project.indicators):
            if ind is self.indicator:
                return j
        return None

    # ----- layout -----------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="editor-form"):
            yield SafeStatic(id="project-title", classes="section-title")
            with Horizontal(classes="field-row reading-row"):
                yield Label(Text(self.label_of("project", "code")), classes="field-label")
                yield compact_input("p-code", "21 位，如 13022923P00JXC415060P")
                yield SafeStatic(Text(""), id="code-reading", classes="inline-reading")
            yield field_row(self.label_of("project", "name"), compact_input("p-name"))
            with Horizontal(classes="field-row"):
                yield Label(Text(self.label_of("project", "budget")), classes="field-label")
                yield compact_input("p-budget", "元")
                yield Label(Text(self.label_of("project", "fiscal")), classes="field-label-short")
                yield compact_input("p-fiscal", "元")
                yield Label(Text(self.label_of("project", "other")), classes="field-label-short")
                yield compact_input("p-other", "元")
            yield SafeStatic(Text(""), id="amount-reading", classes="reading")
            yield field_row(self.label_of("project", "use"), compact_input("p-use"))
            with Horizontal(classes="field-row"):
                yield Label(Text("支出计划%"), classes="field-label")
                for m in PLAN_MONTHS:
                    yield Label(Text(f"{m}月底"), classes="plan-label")
                    yield compact_input(f"p-plan-{m}", "%", classes="plan-input")
            yield SafeStatic(Text(""), id="plan-reading", classes="reading")
            yield Label(Text(self.label_of("project", "goals")), classes="section-title")
            yield ItemsTable("绩效目标", lambda: ("projects", self.pi, "goals"), id="p-goals")
            yield Label(Text("绩效指标（回车编辑 · a 新增 · d 删除 · alt+↑↓ 移动）"), classes="section-title")
            yield IndicatorTable(id="indicators", cursor_type="row", zebra_stripes=True)
            yield SafeStatic(Text("当前指标", style="bold"), id="indicator-title", classes="section-title")
            with Horizontal(classes="field-row"):
                yield Label(Text(self.label_of("indicator", "level1")), classes="field-label")
                yield SafeSelect([], id="i-level1", compact=True, prompt="（未选）", type_to_search=False)
                yield Label(Text(self.label_of("indicator", "level2")), classes="field-label-short")
                yield SafeSelect([], id="i-level2", compact=True, prompt="（未选）", type_to_search=False)
            yield field_row(self.label_of("indicator", "name"), compact_input("i-name"))
            yield field_row("指标描述", compact_input("i-description"))
            with Horizontal(classes="field-row", id="value-row"):
                yield Label(Text(self.label_of("indicator", "value")), classes="field-label")
                yield compact_input("i-value", "如 ≥25个、≥90%、=100%")
                yield SafeStatic(Text(""), id="value-reading")
            yield field_row(
                "确定依据",
                compact_input("i-basis", "计划标准/行业标准/历史标准/预算支出标准/其他标准或自填",
                              suggester=SuggestFromList(STANDARD_BASES, case_sensitive=True)),
            )
            yield from self.compose_note()
        yield FindingsPanel()
        yield Footer(compact=True)

    def on_mount(self) -> None:
        p = lambda: ("projects", self.pi)  # noqa: E731 - tiny path helpers
        self.bind_field(FieldSpec("p-code", lambda: (*p(), "code"), CODE, "code", reading="code-reading"))
        for fld in ("name", "use"):
            self.bind_field(FieldSpec(f"p-{fld}", lambda f=fld: (*p(), f), finding_field=fld))
        for fld in ("budget", "fiscal", "other"):
            self.bind_field(FieldSpec(f"p-{fld}", lambda f=fld: (*p(), f), AMOUNT, fld, reading="amount-reading"))
        for m in PLAN_MONTHS:
            self.bind_field(FieldSpec(f"p-plan-{m}", lambda m=m: (*p(), "plan", m), PERCENT, "plan",
                                      label=f"{m}月底累计支出", reading="plan-reading"))
        for fld in ("name", "description", "value", "basis"):
            self.bind_field(FieldSpec(f"i-{fld}", lambda f=fld: (*p(), "indicators", self.ii, f),
                                      finding_field=fld))
        table = self.query_one(IndicatorTable)
        # 74 cells with padding: fits the form at 80 columns, with room for the table's own scrollbar.
        for key, label, width in (("n", "#", 2), ("mark", "检", 2), ("level1", "一级", 10),
                                  ("level2", "二级", 12), ("name", "三级指标", 16), ("value", "指标值", 10),
                                  ("basis", "依据", 8)):
            table.add_column(Text(label), key=key, width=width)
        self.sync_from_model()
        table.focus()

    # ----- model -> widgets -------------------------------------------------------------
    def sync_from_model(self) -> None:
        if self.app.state is None:
            return
        if self.pi < 0:  # the project went away (undo of its insertion, reload)
            self.leave()
            return
        if self.ii is None:
            self.indicator = self.project.indicators[0] if self.project.indicators else None
        self._fill_table()
        self._fill_indicator_form()
        super().sync_from_model()
        for table in self.query(ItemsTable):
            table.reload()
        self.query_one("#project-title", SafeStatic).update(
            user_text(f"项目 {self.pi + 1}/{len(self.state.doc.projects)}：{self.project.title}", style="bold"))

    def _grouped_cells(self, j: int, ind: Indicator) -> list[Text]:
        prev = self.project.indicators[j - 1] if j > 0 else None
        same1 = prev is not None and prev.level1 == ind.level1
        same2 = same1 and prev.level2 == ind.level2
        return [
            Text(str(j + 1)),
            Text(""),
            user_text("" if same1 else ind.level1, no_wrap=True, overflow="ellipsis"),
            user_text("" if same2 else ind.level2, no_wrap=True, overflow="ellipsis"),
            user_text(ind.name, no_wrap=True, overflow="ellipsis"),
            user_text(ind.value, no_wrap=True, overflow="ellipsis"),
            user_text(ind.basis, no_wrap=True, overflow="ellipsis"),
        ]

    def _fill_table(self) -> None:
        table = self.query_one(IndicatorTable)
        table.clear()
        for j, ind in enumerate(self.project.indicators):
            table.add_row(*self._grouped_cells(j, ind), key=str(id(ind)))
        if not self.project.indicators:
            # spread over two columns so that neither crops it at 80 columns
            table.add_row(*[Text("")] * 2, Text("（无指标）", style="dim"), Text("按 a 新增", style="dim"),
                          *[Text("")] * 3, key="empty")
        if self.ii is not None:
            table.move_cursor(row=self.ii)

    def _refresh_rows(self) -> None:
        """Update the text cells of every row in place (cheap; keeps the cursor)."""
        table = self.query_one(IndicatorTable)
        keys = ("n", None, "level1", "level2", "name", "value", "basis")
        for j, ind in enumerate(self.project.indicators):
            row_key = str(id(ind))
            if row_key not in table.rows:
                self._fill_table()
                return
            for key, cell in zip(keys, self._grouped_cells(j, ind), strict=True):
                if key is not None:
                    self._set_cell(table, row_key, key, cell)

    @staticmethod
    def _set_cell(table: DataTable, row_key: str, column: str, cell: Text) -> None:
        """Update a cell only when it shows something else: each update repaints the table."""
        current = table.get_cell(row_key, column)
        if not (isinstance(current, Text) and current.plain == cell.plain and current.style == cell.style):
            table.update_cell(row_key, column, cell)

    def _fill_indicator_form(self) -> None:
        ind = self.indicator
        fw = get_framework(self.state.doc.framework)
        l1 = ind.level1 if ind else ""
        l2 = ind.level2 if ind else ""
        level1s = list(fw.level1_names) if fw else []
        level2s = list(fw.level2_names(l1)) if fw else []
        if l1 and l1 not in level1s:
            level1s.append(l1)
        if l2 and l2 not in level2s:
            level2s.append(l2)
        with self.prevent(Select.Changed, Input.Changed):
            s1 = self.query_one("#i-level1", Select)
            s1.set_options([(user_text(n), n) for n in level1s])
            s1.value = l1 if l1 else Select.NULL
            s2 = self.query_one("#i-level2", Select)
            s2.set_options([(user_text(n), n) for n in level2s])
            s2.value = l2 if l2 else Select.NULL
        for widget in self.query(".indicator-field"):
            widget.disabled = ind is None
        for fid in ("i-level1", "i-level2", "i-name", "i-description", "i-value", "i-basis"):
            self.query_one(f"#{fid}").disabled = ind is None
        title = f"当前指标：第 {self.ii + 1} 行" if ind is not None else "当前指标：（无）"
        self.query_one("#indicator-title", SafeStatic).update(Text(title, style="bold"))
        self._show_reading()

    def _show_reading(self) -> None:
        text = self.indicator.value if self.indicator is not None else ""
        reading = parse_value(text).describe() if text else ""
        self.query_one("#value-reading", SafeStatic).update(user_text(f"→ {reading}" if reading else "", style="italic"))

    # ----- findings ---------------------------------------------------------------------
    def refresh_findings(self) -> None:
        state = self.app.state
        if state is None or self.pi < 0:
            return
        pi, ii = self.pi, self.ii
        mine = state.findings(project_index=pi)
        ready = state.check_status
        panel = self.findings_panel()
        if panel is not None:
            panel.show(mine, f"项目{pi + 1}", normalise_counts(state.counts()) if ready else None, ready)
        header = [f for f in mine if f.indicator_index is None]
        for fld, wid in HEADER_WIDGETS.items():
            hits = [f for f in header if f.field == fld]
            if fld == "plan":
                for m in PLAN_MONTHS:
                    self.mark(self.query_one(f"#p-plan-{m}"), hits)
            else:
                self.mark(self.query_one(f"#{wid}"), hits)
        current = [f for f in mine if ii is not None and f.indicator_index == ii]
        for fld, wid in INDICATOR_WIDGETS.items():
            self.mark(self.query_one(f"#{wid}"), [f for f in current if f.field == fld])
        table = self.query_one(IndicatorTable)
        by_row: dict[int, set[str]] = {}
        for f in mine:
            if f.indicator_index is not None:
                by_row.setdefault(f.indicator_index, set()).add(severity_of(f))
        for j, ind in enumerate(self.project.indicators):
            sevs = by_row.get(j, set())
            mark = Text("✗", style="bold red") if "错误" in sevs else (
                Text("!", style="yellow") if "警告" in sevs else (Text("·", style="cyan") if sevs else Text("")))
            if str(id(ind)) in table.rows:
                self._set_cell(table, str(id(ind)), "mark", mark)
        self._note_for_focus(mine)

    def _note_for_focus(self, mine: list) -> None:
        focused = self.focused
        wid = focused.id if focused is not None else ""
        hits = []
        if wid and wid.startswith("i-") and self.ii is not None:
            fld = wid[2:]
            hits = [f for f in mine if f.indicator_index == self.ii and f.field == fld]
        elif wid and wid.startswith("p-"):
            fld = "plan" if wid.startswith("p-plan") else wid[2:]
            hits = [f for f in mine if f.indicator_index is None and f.field == fld]
        elif isinstance(focused, IndicatorTable) and self.ii is not None:
            hits = [f for f in mine if f.indicator_index == self.ii]
        changed = self.note(finding_line(hits[0]) if hits else Text(""))
        if changed and hits and wid.startswith("i-"):
            # The note sits just below the indicator form: show all its lines, keeping the field in view.
            self.call_after_refresh(self._show_note_under, focused)

    def _show_note_under(self, field) -> None:
        self._scroll_form_to("#field-note", field)

    def _scroll_form_to(self, *targets) -> None:
        """Scroll the editing form to each target in turn (a selector or a widget).

        Runs after a refresh, when the screen may already be closing (keys typed quickly):
        then its widgets are gone and there is nothing to scroll.
        """
        if not self.is_mounted:
            return
        try:
            form = self.query_one("#editor-form", VerticalScroll)
            widgets = [self.query_one(t) if isinstance(t, str) else t for t in targets]
        except NoMatches:
            return
        for widget in widgets:
            if widget.is_mounted:
                form.scroll_to_widget(widget, animate=False, immediate=True)

    def on_descendant_focus(self, event) -> None:
        if self.app.state is not None and self.pi >= 0:
            self._note_for_focus(self.state.findings(project_index=self.pi))

    def after_edit(self, spec: FieldSpec) -> None:
        if spec.id.startswith("i-"):
            if spec.id == "i-value":
                self._show_reading()
            self._refresh_rows()
        if spec.id == "p-name":
            self.query_one("#project-title", SafeStatic).update(
                user_text(f"项目 {self.pi + 1}/{len(self.state.doc.projects)}：{self.project.title}", style="bold"))
        self.refresh_findings()

    # ----- events -----------------------------------------------------------------------
    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id != "indicators":
            return
        row = event.cursor_row
        if 0 <= row < len(self.project.indicators) and self.project.indicators[row] is not self.indicator:
            self.indicator = self.project.indicators[row]
            self.state.seal()
            self._fill_indicator_form()
            with self.prevent(Input.Changed):
                for fld in ("name", "description", "value", "basis"):
                    self.query_one(f"#i-{fld}", SafeInput).set_raw(getattr(self.indicator, fld))
            self.refresh_findings()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.data_table.id == "indicators":
            event.stop()
            self.action_edit_indicator()

    @on(Select.Changed, "#i-level1, #i-level2")
    def level_changed(self, event: Select.Changed) -> None:
        event.stop()
        if self.indicator is None:
            return
        fld = "level1" if event.select.id == "i-level1" else "level2"
        value = "" if event.value == Select.NULL else str(event.value)
        if value == getattr(self.indicator, fld):
            return
        if self.app.refuse_read_only():
            self._fill_indicator_form()
            return
        self.app.edit(lambda s: s.set(("projects", self.pi, "indicators", self.ii, fld), value, merge=False))
        if fld == "level1":
            self._fill_indicator_form()
        self._refresh_rows()
        self.refresh_findings()

    # ----- actions ----------------------------------------------------------------------
    def reveal(self, widget_id: str) -> None:
        """Focus a field and scroll it into view once the form has its new layout.

        Scrolling at once would use the layout from before the edit (a new indicator row
        pushes the form down), leaving the field the user types into off-screen.
        """
        widget = self.query_one(f"#{widget_id}")
        widget.focus(scroll_visible=False)

        # The whole indicator form first, when it fits, then the field itself.
        targets = ("#i-basis", widget) if widget_id.startswith("i-") else (widget,)
        # Twice: a table that just grew takes its new height only on the refresh after next.
        self.call_after_refresh(self.call_after_refresh, self._scroll_form_to, *targets)

    def action_edit_indicator(self) -> None:
        if self.indicator is None:
            self.action_add_indicator()
            return
        self.reveal("i-name")

    def action_add_indicator(self) -> None:
        if self.app.refuse_read_only():
            return
        at = (self.ii + 1) if self.ii is not None else len(self.project.indicators)
        base = self.indicator
        new = Indicator(level1=base.level1 if base else "", level2=base.level2 if base else "")
        self.app.edit(lambda s: s.insert(("projects", self.pi, "indicators"), at, new))
        self.indicator = new
        self.sync_from_model()
        self.reveal("i-name")

    def action_delete_indicator(self) -> None:
        j = self.ii
        if j is None or self.app.refuse_read_only():
            return
        self.app.edit(lambda s: s.remove(("projects", self.pi, "indicators"), j))
        rest = self.project.indicators
        self.indicator = rest[min(j, len(rest) - 1)] if rest else None
        self.sync_from_model()
        self.query_one(IndicatorTable).focus()
        self.app.notify(f"已删除第 {j + 1} 行指标（ctrl+z 撤销）", markup=False)

    def action_move_indicator(self, delta: int) -> None:
        j = self.ii
        if j is None or self.app.refuse_read_only():
            return
        if self.app.edit(lambda s: s.move(("projects", self.pi, "indicators"), j, j + delta)) is not None:
            self.sync_from_model()

    def action_cycle_basis(self) -> None:
        if self.indicator is None or self.app.refuse_read_only():
            return
        cur = self.indicator.basis
        nxt = STANDARD_BASES[(STANDARD_BASES.index(cur) + 1) % len(STANDARD_BASES)] if cur in STANDARD_BASES \
            else STANDARD_BASES[0]
        box = self.query_one("#i-basis", SafeInput)
        box.set_raw(nxt)  # Input.Changed records the edit
        box.focus()

    def place(self, spec: FieldSpec) -> str:
        name = self.project.name if len(self.project.name) <= 20 else self.project.name[:20] + "…"
        return f"项目{self.pi + 1}「{name}」"

    def action_back(self) -> None:
        if self.revert_refused():
            return
        focused = self.focused
        if focused is not None and not isinstance(focused, IndicatorTable) and (
            (focused.id or "").startswith("i-")
        ):
            self.query_one(IndicatorTable).focus()
            return
        self.leave()

    def focus_finding(self, indicator_index: int | None, field: str | None) -> None:
        if not (self.is_mounted and self.is_current):  # left again before the jump landed
            return
        if indicator_index is not None and 0 <= indicator_index < len(self.project.indicators):
            self.query_one(IndicatorTable).move_cursor(row=indicator_index)
            self.indicator = self.project.indicators[indicator_index]
            self.sync_from_model()
            wid = INDICATOR_WIDGETS.get(field or "", "i-name")
        else:
            wid = HEADER_WIDGETS.get(field or "", "p-code")
        self.reveal(wid)
