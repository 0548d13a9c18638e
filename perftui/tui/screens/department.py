"""The unit and its department-level content, as the document's form has it; the unit list.

The sample's 绩效文本: 第一部分 部门整体绩效目标 (总体目标, 分项目标, 保障措施). The 整体支出 form:
部门职责, budget totals, 年度总体目标, the 年度履职目标 table and the department-level indicator
table with its own form. Forms without department content show the unit only. Fields come
from the form's profile (perftui.forms) and the field declarations (perftui.model).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from perftui.fields import LINES, RECORD, RECORDS, SCALAR, TEXTS, declared
from perftui.forms import DEFAULT_FORM, profile_of
from perftui.forms.shown import form_keys
from perftui.frameworks import FRAMEWORKS
from perftui.layout.official import form_of
from perftui.layout.spec import money_text
from perftui.model import Indicator, Overall, Task, Unit
from perftui.money import format_grouped
from perftui.tui import keymap
from perftui.tui.screens.base import (
    DocScreen,
    FieldSpec,
    compact_input,
    field_row,
    group_scalars,
    kind_for,
    label_width,
    scalar_rows,
)
from perftui.tui.screens.indicators import IndicatorBlock, IndicatorTable
from perftui.tui.widgets.findings import (
    FindingsPanel,
    app_profile,
    counts_text,
    finding_line,
    normalise_counts,
)
from perftui.tui.widgets.items import ItemsTable
from perftui.tui.widgets.keybar import KeyBar
from perftui.tui.widgets.lists import SafeOptionList
from perftui.tui.widgets.records import RecordsTable, record_labels
from perftui.tui.widgets.safe import SafeInput, SafeSelect, SafeTextArea, WrappedStatic, user_text
from perftui.tui.widgets.titlebar import TitleBar

if TYPE_CHECKING:
    from textual import getters

    from perftui.tui.app import PerftuiApp

PLACEHOLDERS = {"code": "如 439001", "year": "如 2023"}


def _at(*path: str) -> Callable[[], tuple[str, ...]]:
    """A fixed document path, as fields and tables take it (a callback)."""
    return lambda: path


class DepartmentScreen(DocScreen):
    if TYPE_CHECKING:
        app = getters.app(PerftuiApp)  # for type checkers only: the app it runs in, with its attributes

    SCOPES = ("department",)
    BINDINGS = keymap.bindings("department")

    def __init__(self) -> None:
        super().__init__()
        self.built = False
        self.first_paint: float | None = None  # perf_counter() after the first refresh (benchmarks)
        self.field_widgets: dict[str, str] = {}  # Finding.field -> widget id
        self.block: IndicatorBlock | None = None

    def compose(self) -> ComposeResult:
        # The first paint shows the title and the totals line; the editing form (≈250 widgets,
        # ~0.2 s of styling) is mounted right after, so the screen appears without waiting.
        yield TitleBar()
        yield Static(self._totals_text(None), id="totals")

    # ----- the form, from the profile ---------------------------------------------------
    def _form(self) -> list:
        doc = self.state.doc
        profile = profile_of(doc)
        body = Horizontal(id="department-body")
        form = VerticalScroll(id="department-form")
        if profile.key == DEFAULT_FORM:
            heading = "第一部分 部门整体绩效目标"
        elif profile.order("overall"):
            heading = profile.title
        else:
            heading = f"{profile.title}：预算单位（本表样的内容在项目表中，按 f4 打开）"
        fields: list = [Static(Text(heading, style="bold"), classes="section-title")]
        unit_keys = form_keys(doc, "unit", Unit, [doc.unit]) or ["code", "name", "year"]
        overall_keys = form_keys(doc, "overall", Overall, [doc.overall])
        scalars = [k for k in overall_keys if declared(Overall, k).shape == SCALAR]
        width = label_width([self.label_of("unit", k) for k in unit_keys]
                            + [self.label_of("overall", k) for k in scalars] + ["指标体系"])
        unit_rows = []
        for key in unit_keys:
            unit_rows.append([(self.label_of("unit", key), compact_input(f"unit-{key}", PLACEHOLDERS.get(key, "")))])
            self.field_widgets[key] = f"unit-{key}"
        fields += scalar_rows(self, unit_rows, width)
        fields.append(Static(Text(""), id="unit-reading", classes="reading"))
        frameworks = [k for k in FRAMEWORKS if k in profile.frameworks] or list(FRAMEWORKS)
        if doc.framework and doc.framework not in frameworks:
            frameworks.append(doc.framework)
        # Made with the file's framework chosen: a Select without blank otherwise starts on its
        # first option and says so in a Changed message, which would edit the document.
        select = SafeSelect([(Text(k), k) for k in frameworks], id="unit-framework", allow_blank=False,
                            value=doc.framework if doc.framework in frameworks else frameworks[0],
                            compact=True, type_to_search=False)
        fields += scalar_rows(self, [[("指标体系", select)]], width)
        self.field_widgets["framework"] = "unit-framework"
        pending: list[str] = []

        def flush() -> None:
            if not pending:
                return
            kinds = {k: kind_for(doc, declared(Overall, k)).key for k in pending}
            rows = [[(self.label_of("overall", k), compact_input(f"overall-{k}")) for k in row]
                    for row in group_scalars(pending, kinds)]
            fields.extend(scalar_rows(self, rows, width))
            fields.append(Static(Text(""), id=f"overall-reading-{len(fields)}", classes="reading overall-reading"))
            for k in pending:
                self._reading_of[k] = fields[-1].id
            pending.clear()

        self._reading_of: dict[str, str] = {}
        if profile.money == "万元" and scalars:
            fields.append(Label(Text("金额单位：万元（直接写 65 即 65 万元；也可写 650000元）"), classes="hint"))
        for key in overall_keys:
            f = declared(Overall, key)
            label = self.label_of("overall", key)
            if f.shape == SCALAR:
                pending.append(key)
                self.field_widgets[key] = f"overall-{key}"
                continue
            flush()
            if f.shape == LINES:
                fields.append(Label(Text(label), classes="section-title"))
                fields.append(SafeTextArea(id=f"overall-{key}", soft_wrap=True, compact=True, show_line_numbers=False,
                                           classes="prose"))
                self.field_widgets[key] = f"overall-{key}"
            elif f.shape == RECORD:  # a Section: caption and items
                fields.append(Label(Text(label), classes="section-title"))
                fields.append(field_row("标题", compact_input(f"{key}-caption", "如 部门职责分类绩效目标情况说明")))
                fields.append(ItemsTable(label, _at("overall", key, "items"), id=f"{key}-items", long=True))
                self.field_widgets[key] = f"{key}-items"
            elif f.shape == RECORDS and f.record is Task:
                keys = form_keys(doc, "task", Task, doc.overall.tasks)
                kinds = {k: kind_for(doc, declared(Task, k)) for k in keys}
                fields.append(Label(Text(f"{label}（回车编辑 · a 新增 · d 删除）"), classes="section-title"))
                fields.append(RecordsTable(label, "task", Task, lambda: ("overall", "tasks"), keys, kinds,
                                           record_labels(self, "task", Task, keys), id="overall-tasks"))
                self.field_widgets[key] = "overall-tasks"
            elif f.shape == RECORDS and f.record is Indicator:
                self.block = IndicatorBlock(self, lambda: ("overall", "indicators"), prefix="di",
                                            table_id="dept-indicators", title=label)
                fields += self.block.compose()
                self.field_widgets[key] = "dept-indicators"
            elif f.shape == TEXTS:
                fields.append(Label(Text(label), classes="section-title"))
                fields.append(ItemsTable(label, _at("overall", key), id=f"overall-{key}", long=True))
                self.field_widgets[key] = f"overall-{key}"
        flush()
        fields.append(WrappedStatic(Text(""), id="field-note"))
        self._overall_keys = overall_keys
        self._unit_keys = unit_keys
        return [body, form, fields]

    def on_mount(self) -> None:
        self.call_after_refresh(self._build_form)

    def _bind(self) -> None:
        doc = self.state.doc
        for key in self._unit_keys:
            f = declared(Unit, key)
            self.bind_field(FieldSpec(f"unit-{key}", _at("unit", key), f.kind, key,
                                      label=self.label_of("unit", key),
                                      reading="unit-reading" if f.kind.key != "text" else None))
        self.bind_field(FieldSpec("unit-framework", lambda: ("framework",), finding_field="framework"))
        for key in self._overall_keys:
            f = declared(Overall, key)
            if f.shape in (SCALAR, LINES):
                self.bind_field(FieldSpec(f"overall-{key}", _at("overall", key), kind_for(doc, f), key,
                                          label=self.label_of("overall", key), reading=self._reading_of.get(key)))
            elif f.shape == RECORD:
                self.bind_field(FieldSpec(f"{key}-caption", _at("overall", key, "caption")))
        if self.block is not None:
            self.block.bind()

    async def _build_form(self) -> None:
        if self.app.state is None:
            return
        self.first_paint = time.perf_counter()
        body, form, fields = self._form()
        await self.mount(body, FindingsPanel(), KeyBar())
        if len(self.app.units) + len(self.app.broken) > 1:
            await body.mount(SafeOptionList(id="unit-list", multiline=True))
        await body.mount(form)
        await form.mount_all(fields)
        self._bind()
        self.built = True
        if self.block is not None:
            self.block.setup_columns()
        self.reload_units()
        self.sync_from_model()
        first = "unit-name" if "name" in self._unit_keys else f"unit-{self._unit_keys[0]}"
        self.query_one(f"#{first}").focus()
        self.app.form_built()

    def on_resize(self) -> None:
        if self.built and self.block is not None:
            self.call_after_refresh(self.block.setup_columns)

    # ----- units (folder) ---------------------------------------------------------------
    async def show_unit_list(self) -> None:
        """The unit list, once a second unit is open (新建下一年度 adds one to a single file)."""
        if self.built and len(self.app.units) + len(self.app.broken) > 1 and not self.query("#unit-list"):
            await self.query_one("#department-body").mount(SafeOptionList(id="unit-list", multiline=True), before="#department-form")
        self.reload_units()

    def reload_units(self) -> None:
        for units in self.query("#unit-list").results(OptionList):
            units.clear_options()
            units.add_options([Option(self._unit_option(i, label)) for i, label in enumerate(self.app.unit_labels())])
            units.highlighted = self.app.unit_index
            units.border_title = self._folder_total()

    def _folder_total(self) -> str:
        """The folder's totals over the units checked so far (each unit is checked when opened)."""
        from perftui.tui.widgets.findings import counts_of

        units = self.app.units
        checked = [s for s in units if s.checker is not None]
        errors = warnings = 0
        for state in checked:
            c = counts_of(state.findings())
            errors, warnings = errors + c["错误"], warnings + c["警告"]
        text = f"{len(units) + len(self.app.broken)} 个单位 · ✗{errors} !{warnings}"
        if len(checked) < len(units):
            text += f"（已检查 {len(checked)} 个）"
        return text

    def _unit_option(self, i: int, label: str) -> Text:
        """A unit in the list: its label cut to the list's width (never wrapped), its file's
        name and its errors/warnings once checked."""
        from perftui.tui.widgets.findings import counts_of

        text = user_text(label, no_wrap=True, overflow="ellipsis")
        if i < len(self.app.units):
            state = self.app.units[i]
            if state.path is not None:
                text.append("\n  ")
                text.append_text(user_text(state.path.name, style="dim", no_wrap=True, overflow="ellipsis"))
            if state.checker is not None:
                c = counts_of(state.findings())
                text.append(f"  ✗{c['错误']} !{c['警告']}", style="dim")
        return text

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list.id == "unit-list":
            event.stop()
            self.app.switch_unit(event.option_index)

    def action_next_unit(self) -> None:
        if len(self.app.units) > 1:
            self.app.switch_unit((self.app.unit_index + 1) % len(self.app.units))

    def action_prev_unit(self) -> None:
        if len(self.app.units) > 1:
            self.app.switch_unit((self.app.unit_index - 1) % len(self.app.units))

    def action_open_projects(self) -> None:
        self.app.open_projects()

    def action_revert_field(self) -> None:
        if self.revert_refused():
            return
        focused = self.focused
        if self.block is not None and (getattr(focused, "id", "") or "").startswith("di-"):
            self.query_one("#dept-indicators").focus()  # a field of the indicator form: back to its table

    # ----- model <-> widgets ------------------------------------------------------------
    def sync_from_model(self) -> None:
        if self.app.state is None or not self.built:
            self._show_totals()
            return
        if self.block is not None:
            if self.block.ii is None:
                records = self.block.records
                self.block.indicator = records[0] if records else None
            self.block.fill_table()
            self.block.fill_form()
            self.block.load_fields()
        super().sync_from_model()
        for items_table in self.query(ItemsTable):
            items_table.reload()
        for records_table in self.query(RecordsTable):
            records_table.reload()

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "unit-framework" and event.value != Select.NULL:
            event.stop()
            if str(event.value) != self.state.doc.framework:
                if self.app.refuse_read_only():
                    with self.prevent(Select.Changed):
                        # Select.Changed types its select with Select's own (unbound) type variable.
                        event.select.value = self.state.doc.framework  # type: ignore[assignment]
                    return
                self.app.edit(lambda s: s.set(("framework",), str(event.value)))
                if self.block is not None:
                    self.block.fill_form()
                self.refresh_findings()
        elif self.block is not None and event.select.id in ("di-level1", "di-level2"):
            event.stop()
            value = "" if event.value == Select.NULL else str(event.value)
            self.block.level_changed(event.select.id.removeprefix("di-"), value)
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
        rows = [f for f in overall if f.indicator_index is not None]
        for fld, wid in self.field_widgets.items():
            for widget in self.query(f"#{wid}"):
                if isinstance(widget, IndicatorTable):
                    self.mark(widget, rows)
                else:
                    self.mark(widget, [f for f in overall if f.field == fld and f.indicator_index is None])
        self.show_marks()
        if self.block is not None:
            self.block.mark_rows(rows)
        self._show_totals(all_counts)
        self._note_for_focus(overall)

    def marked_places(self) -> list:
        return self.block.marked_places() if self.block is not None else []

    def _show_totals(self, all_counts: dict[str, int] | None = None) -> None:
        self.query_one("#totals", Static).update(self._totals_text(all_counts))

    def _totals_text(self, all_counts: dict[str, int] | None) -> Text:
        state = self.app.state
        text = Text(no_wrap=True, overflow="ellipsis")
        if state is None:
            return text
        doc = state.doc
        total = sum((p.budget for p in doc.projects if p.budget is not None), Decimal(0))
        text.append(" 合计：", style="bold")
        profile = profile_of(doc)

        def money(amount: Decimal) -> str:  # in the form's unit, as its tables and printed form have it
            return f"{money_text(profile, amount)} 万元" if profile.money == "万元" else f"{format_grouped(amount)} 元"

        if form_of(profile).subject == "department":
            # A 整体支出 form is about the department's money: its 资金总额 first, the
            # projects (most such files have none) only when there are some.
            budget = doc.overall.budget
            text.append(f"{profile.label('overall', 'budget')} {money(budget) if budget is not None else '未填'} · ")
            if doc.projects:
                text.append(f"项目 {len(doc.projects)} 个 · 预算合计 {money(total)} · ")
        else:
            text.append(f"项目 {len(doc.projects)} 个 · 预算合计 {money(total)} · ")
        status = state.check_status
        if status and all_counts is not None:
            text.append_text(counts_text(all_counts, "检查"))
        else:
            text.append("检查中…" if status is False else "检查不可用", style="dim")
        return text

    def _note_for_focus(self, overall) -> None:
        focused = self.focused
        wid = focused.id if focused is not None else None
        hits = []
        if wid and wid.startswith("di-") and self.block is not None and self.block.ii is not None:
            hits = [f for f in overall if f.indicator_index == self.block.ii and f.field == wid[3:]]
        elif isinstance(focused, IndicatorTable) and self.block is not None and self.block.ii is not None:
            hits = [f for f in overall if f.indicator_index == self.block.ii]
        else:
            fld = next((f for f, w in self.field_widgets.items() if w == wid), None)
            hits = [f for f in overall if fld and f.field == fld and f.indicator_index is None]
        self.note(finding_line(hits[0], profile=app_profile(self.app)) if hits else Text(self.change_note() or ""))

    def on_descendant_focus(self, event) -> None:
        if self.app.state is not None and self.built:
            self._note_for_focus([f for f in self.state.findings() if f.project_index is None])

    def after_edit(self, spec: FieldSpec) -> None:
        if self.block is not None and spec.id.startswith("di-"):
            if spec.id == "di-value":
                self.block.show_value_reading()
            self.block.refresh_rows()
        self.refresh_findings()

    def on_data_table_row_highlighted(self, event) -> None:
        if self.block is not None and event.data_table.id == "dept-indicators":
            self.block.select(event.cursor_row)
            self.refresh_findings()

    # ----- the department-level indicator table -----------------------------------------
    def block_of(self, table) -> IndicatorBlock | None:
        return self.block

    def indicator_edit(self, block: IndicatorBlock | None) -> None:
        if block is None:
            return
        if block.indicator is None:
            self.indicator_add(block)
            return
        self._focus_indicator_field("name")

    def indicator_add(self, block: IndicatorBlock | None) -> None:
        if block is not None and block.add() is not None:
            self.sync_from_model()
            self._focus_indicator_field("name")

    def indicator_frame(self, block: IndicatorBlock | None) -> None:
        if block is None:
            return
        said = block.fill_framework()
        if said:
            self.sync_from_model()
            self.query_one("#dept-indicators").focus()
            self.app.notify(said, markup=False)

    def indicator_delete(self, block: IndicatorBlock | None) -> None:
        if block is None:
            return
        what = block.delete()
        if what:
            self.sync_from_model()
            self.query_one("#dept-indicators").focus()
            self.app.notify(f"已删除{what}（ctrl+z 撤销）", markup=False)

    def indicator_move(self, block: IndicatorBlock | None, delta: int) -> None:
        if block is not None and block.move(delta):
            self.sync_from_model()

    def _focus_indicator_field(self, key: str) -> None:
        for w in self.query(f"#di-{key}"):
            w.focus()
            self.call_after_refresh(w.scroll_visible, animate=False)
            return
        for w in self.query("#di-name"):
            w.focus()

    def focus_field(self, field: str | None, item_index: int | None = None, indicator_index: int | None = None,
                    ) -> None:
        if indicator_index is not None and self.block is not None:
            table = self.query_one("#dept-indicators", IndicatorTable)
            if 0 <= indicator_index < len(self.block.records):
                table.move_cursor(row=indicator_index, animate=False)
                self.block.select(indicator_index)
                self.refresh_findings()
            if self.query(f"#di-{field}"):
                self._focus_indicator_field(field or "name")
            else:
                table.focus()
                table.scroll_visible(animate=False)
            return
        wid = self.field_widgets.get(field or "")
        if wid is None:
            return
        widget = self.query_one(f"#{wid}")
        widget.focus()
        if isinstance(widget, ItemsTable) and item_index is not None and item_index < widget.row_count:
            widget.move_cursor(row=item_index)
        widget.scroll_visible(animate=False)
        if isinstance(widget, SafeInput):
            widget.cursor_position = len(widget.value)
