"""第一部分 部门整体绩效目标: unit header, overall goal, item sections, totals; the unit list."""

from __future__ import annotations

import time
from decimal import Decimal

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Footer, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from perftui.frameworks import FRAMEWORKS
from perftui.kinds import CODE, YEAR
from perftui.money import format_grouped
from perftui.tui import keymap
from perftui.tui.screens.base import DocScreen, FieldSpec, compact_input, field_row
from perftui.tui.widgets.findings import FindingsPanel, counts_text, normalise_counts
from perftui.tui.widgets.items import ItemsTable
from perftui.tui.widgets.lists import SafeOptionList
from perftui.tui.widgets.safe import SafeSelect, SafeStatic, SafeTextArea, user_text
from perftui.tui.widgets.titlebar import TitleBar

# Finding.field values of the overall part that map onto a widget of this screen.
FIELD_WIDGETS = {
    "code": "unit-code", "name": "unit-name", "year": "unit-year", "framework": "unit-framework",
    "goal": "overall-goal", "targets": "targets-items", "measures": "measures-items",
}


class DepartmentScreen(DocScreen):
    SCOPES = ("department",)
    BINDINGS = keymap.bindings("department")

    def __init__(self) -> None:
        super().__init__()
        self.built = False
        self.first_paint: float | None = None  # perf_counter() after the first refresh (benchmarks)

    def compose(self) -> ComposeResult:
        # The first paint shows the title and the totals line; the editing form (≈250 widgets,
        # ~0.2 s of styling) is mounted right after, so the screen appears without waiting.
        yield TitleBar()
        yield Static(self._totals_text(None), id="totals")

    def _form(self) -> list:
        body = Horizontal(id="department-body")
        form = VerticalScroll(id="department-form")
        fields = [
            Static(Text("第一部分 部门整体绩效目标", style="bold"), classes="section-title"),
            field_row("单位编码", compact_input("unit-code", "如 439001")),
            field_row("单位名称", compact_input("unit-name")),
            field_row("年度", compact_input("unit-year", "如 2023")),
            Static(Text(""), id="unit-reading", classes="reading"),
            field_row(
                "指标体系",
                SafeSelect([(Text(k), k) for k in FRAMEWORKS], id="unit-framework", allow_blank=False,
                           compact=True, type_to_search=False),
            ),
            Label(Text("一、总体绩效目标"), classes="section-title"),
            SafeTextArea(id="overall-goal", soft_wrap=True, compact=True, show_line_numbers=False),
            Label(Text("二、分项绩效目标"), classes="section-title"),
            field_row("标题", compact_input("targets-caption", "如 部门职责分类绩效目标情况说明")),
            ItemsTable("分项绩效目标", lambda: ("overall", "targets", "items"), id="targets-items"),
            Label(Text("三、工作保障措施"), classes="section-title"),
            field_row("标题", compact_input("measures-caption")),
            ItemsTable("工作保障措施", lambda: ("overall", "measures", "items"), id="measures-items"),
            SafeStatic(Text(""), id="field-note"),
        ]
        return [body, form, fields]

    def on_mount(self) -> None:
        self.bind_field(FieldSpec("unit-code", lambda: ("unit", "code"), CODE, "code", label="单位编码",
                                  reading="unit-reading"))
        self.bind_field(FieldSpec("unit-name", lambda: ("unit", "name"), finding_field="name", label="单位名称"))
        self.bind_field(FieldSpec("unit-year", lambda: ("unit", "year"), YEAR, "year", reading="unit-reading"))
        self.bind_field(FieldSpec("unit-framework", lambda: ("framework",), finding_field="framework"))
        self.bind_field(FieldSpec("overall-goal", lambda: ("overall", "goal"), finding_field="goal"))
        self.bind_field(FieldSpec("targets-caption", lambda: ("overall", "targets", "caption")))
        self.bind_field(FieldSpec("measures-caption", lambda: ("overall", "measures", "caption")))
        self.call_after_refresh(self._build_form)

    async def _build_form(self) -> None:
        self.first_paint = time.perf_counter()
        body, form, fields = self._form()
        await self.mount(body, FindingsPanel(), Footer(compact=True))
        if len(self.app.units) + len(self.app.broken) > 1:
            await body.mount(SafeOptionList(id="unit-list"))
        await body.mount(form)
        await form.mount_all(fields)
        self.built = True
        self.reload_units()
        self.sync_from_model()
        self.query_one("#unit-name").focus()
        self.app.form_built()

    # ----- units (folder) ---------------------------------------------------------------
    def reload_units(self) -> None:
        for units in self.query("#unit-list").results(OptionList):
            units.clear_options()
            units.add_options([Option(user_text(label)) for label in self.app.unit_labels()])
            units.highlighted = self.app.unit_index

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list.id == "unit-list":
            event.stop()
            self.app.switch_unit(event.option_index)

    def action_next_unit(self) -> None:
        if len(self.app.units) > 1:
            self.app.switch_unit((self.app.unit_index + 1) % len(self.app.units))

    def action_open_projects(self) -> None:
        self.app.open_projects()

    def action_revert_field(self) -> None:
        self.revert_refused()

    # ----- model <-> widgets ------------------------------------------------------------
    def sync_from_model(self) -> None:
        if self.app.state is None or not self.built:
            self._show_totals()
            return
        super().sync_from_model()
        for table in self.query(ItemsTable):
            table.reload()

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "unit-framework" and event.value != Select.NULL:
            event.stop()
            if str(event.value) != self.state.doc.framework:
                if self.app.refuse_read_only():
                    with self.prevent(Select.Changed):
                        event.select.value = self.state.doc.framework
                    return
                self.app.edit(lambda s: s.set(("framework",), str(event.value)))
                self.refresh_findings()

    def refresh_findings(self) -> None:
        state = self.app.state
        if state is None or not self.built:
            self._show_totals()
            return
        overall = [f for f in state.findings() if f.project_index is None]
        ready = state.check_status
        all_counts = normalise_counts(state.counts()) if ready else None
        panel = self.findings_panel()
        if panel is not None:
            panel.show(overall, "部门整体", all_counts, ready)
        for fld, wid in FIELD_WIDGETS.items():
            for widget in self.query(f"#{wid}"):
                self.mark(widget, [f for f in overall if f.field == fld])
        self._show_totals(all_counts)
        self._note_for_focus(overall)

    def _show_totals(self, all_counts: dict[str, int] | None = None) -> None:
        self.query_one("#totals", Static).update(self._totals_text(all_counts))

    def _totals_text(self, all_counts: dict[str, int] | None) -> Text:
        doc = self.app.state.doc if self.app.state is not None else None
        text = Text(no_wrap=True, overflow="ellipsis")
        if doc is None:
            return text
        total = sum((p.budget for p in doc.projects if p.budget is not None), Decimal(0))
        text.append(" 合计：", style="bold")
        text.append(f"项目 {len(doc.projects)} 个 · 预算合计 {format_grouped(total)} 元 · ")
        status = self.app.state.check_status
        if status and all_counts is not None:
            text.append_text(counts_text(all_counts, "检查"))
        else:
            text.append("检查中…" if status is False else "检查不可用", style="dim")
        return text

    def _note_for_focus(self, overall) -> None:
        focused = self.focused
        wid = focused.id if focused is not None else None
        fld = next((f for f, w in FIELD_WIDGETS.items() if w == wid), None)
        hits = [f for f in overall if fld and f.field == fld]
        if hits:
            from perftui.tui.widgets.findings import finding_line

            self.note(finding_line(hits[0]))
        else:
            self.note(Text(""))

    def on_descendant_focus(self, event) -> None:
        if self.app.state is not None:
            self._note_for_focus([f for f in self.state.findings() if f.project_index is None])

    def focus_field(self, field: str | None, item_index: int | None = None) -> None:
        wid = FIELD_WIDGETS.get(field or "")
        if wid is None:
            return
        widget = self.query_one(f"#{wid}")
        widget.focus()
        if isinstance(widget, ItemsTable) and item_index is not None and item_index < widget.row_count:
            widget.move_cursor(row=item_index)
        widget.scroll_visible()
