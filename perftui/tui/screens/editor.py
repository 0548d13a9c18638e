"""One project's 绩效目标表, as the document's form has it: its fields in the form's order
and with its labels (perftui.forms), then its indicators grouped 一级 → 二级 → 三级.

The project is named on a line pinned under the title bar, so it stays in view however far
the form is scrolled. Widget ids: ``p-<field>`` for the project's fields (``p-plan-<month>``
for the spending plan), ``i-<field>`` for the current indicator's.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.css.query import NoMatches
from textual.message import Message
from textual.widgets import DataTable, Input, Label, Select, TextArea

from perftui.fields import LINES, PLAN, RECORDS, SCALAR, TEXTS, declared
from perftui.forms import profile_of
from perftui.forms.shown import form_keys
from perftui.frameworks import STANDARD_BASES
from perftui.model import PLAN_MONTHS, Cost, Indicator, Project
from perftui.tui import keymap
from perftui.tui.screens.base import (
    DocScreen,
    FieldSpec,
    compact_input,
    group_scalars,
    kind_for,
    label_width,
    scalar_rows,
)
from perftui.tui.screens.indicators import IndicatorBlock, IndicatorTable, indicator_keys
from perftui.tui.widgets.findings import FindingsPanel, app_profile, finding_line, normalise_counts
from perftui.tui.widgets.items import ItemsTable
from perftui.tui.widgets.keybar import KeyBar
from perftui.tui.widgets.records import RecordsTable, record_labels
from perftui.tui.widgets.safe import SafeInput, SafeStatic, SafeTextArea, user_text
from perftui.tui.widgets.titlebar import TitleBar

if TYPE_CHECKING:
    from textual.widget import Widget

__all__ = ["IndicatorTable", "ProjectEditorScreen"]

PLACEHOLDERS = {"code": "21 位，如 13022923P00JXC415060P", "period": "如 2023.01-2025.12"}
# Reading lines the sample's screens always had (tests and users know them by these ids).
READING_IDS = {"code": "code-reading", "plan": "plan-reading"}


def project_keys(doc, project: Project) -> list[str]:
    """The project fields an editor of ``project`` shows, in the form's order."""
    keys = form_keys(doc, "project", Project, [project])
    if "indicators" not in keys:
        keys.append("indicators")
    return keys


def size_classes(app) -> list[str]:
    """The classes Textual gives a screen of ``app`` at its size (App.VERTICAL_BREAKPOINTS)."""
    out = []
    for breakpoints, dimension in ((app.HORIZONTAL_BREAKPOINTS, app.size.width),
                                   (app.VERTICAL_BREAKPOINTS, app.size.height)):
        reached = [(at, name) for at, name in breakpoints or () if dimension >= at]
        if reached:
            out.append(max(reached)[1])
    return out


def editor_layout(doc, project: Project) -> tuple:
    """What an editor's widgets depend on besides the values: two projects with the same
    layout are shown by the same widgets (see ProjectEditorScreen.show_project)."""
    return (doc.form, doc.unit.year, tuple(project_keys(doc, project)),
            tuple(form_keys(doc, "cost", Cost, project.costs)), tuple(indicator_keys(doc, project.indicators)))


class ProjectEditorScreen(DocScreen):
    SCOPES = ("editor",)
    BINDINGS = keymap.bindings("editor")
    # The editor puts the focus where it starts itself (_first_view): Textual's own first
    # focus (the form, focused and blurred again) would restyle every widget twice.
    AUTO_FOCUS = ""

    def __init__(self, project: Project, *, ahead: bool = False) -> None:
        super().__init__()
        self.project = project
        self.ahead = ahead  # built before any project was opened (see PerftuiApp.build_editor_ahead)
        self.block: IndicatorBlock | None = None
        self.header_widgets: dict[str, str] = {}  # Finding.field -> widget id
        self.suspended = False  # off the screen stack or under another screen (see show_project)
        self._pi_hint = -1
        self._widgets: tuple[list, dict[str, list]] | None = None  # every widget, and by id (see by_id)
        self._composed = False
        self._just_shown = False
        self._scroll_on_resume: Widget | None = None  # see _first_view
        self._mounted_with: tuple | None = None
        self._styled_for: tuple | None = None  # what it was styled and laid out for when it left (see _on_message)
        state = self.state
        self._built_for = (state, state.doc, editor_layout(state.doc, project))
        # The size classes the screen's first resize gives it, from the start: set then, they
        # would restyle every widget once more.
        self.add_class(*size_classes(self.app))

    # ----- identity -> index (indices move when projects/indicators are inserted) -------
    @property
    def pi(self) -> int:
        projects = self.state.doc.projects
        hint = self._pi_hint
        if 0 <= hint < len(projects) and projects[hint] is self.project:
            return hint  # asked many times per refresh: no walk through a long file each time
        for i, p in enumerate(projects):
            if p is self.project:
                self._pi_hint = i
                return i
        return -1

    @property
    def ii(self) -> int | None:
        return self.block.ii if self.block is not None else None

    @property
    def indicator(self) -> Indicator | None:
        return self.block.indicator if self.block is not None else None

    @indicator.setter
    def indicator(self, value: Indicator | None) -> None:
        if self.block is not None:
            self.block.indicator = value

    def _path(self) -> tuple:
        return ("projects", self.pi)

    def _at(self, *steps: object) -> Callable[[], tuple]:
        """A path under the project shown (whichever it is when called), as fields and tables take it."""
        return lambda: (*self._path(), *steps)

    # ----- layout -----------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        doc = self.state.doc
        profile = profile_of(doc)
        yield TitleBar()
        yield SafeStatic(id="project-title", classes="pinned-title")
        keys = self._keys = project_keys(doc, self.project)
        scalars = [k for k in keys if declared(Project, k).shape == SCALAR]
        width = label_width([self.label_of("project", k) for k in scalars])
        self._reading_of: dict[str, str] = {}
        amount_rows = 0
        with VerticalScroll(id="editor-form"):
            if profile.money == "万元":
                yield Label(Text("金额单位：万元（直接写 65 即 65 万元；也可写 650000元）"), classes="hint")
            pending: list[str] = []

            def flush():
                nonlocal amount_rows
                if not pending:
                    return []
                kinds = {k: kind_for(doc, declared(Project, k)).key for k in pending}
                rows = group_scalars(pending, kinds)
                out = []
                for row in rows:
                    parts = [(self.label_of("project", k), compact_input(f"p-{k}", PLACEHOLDERS.get(k, "")))
                             for k in row]
                    out += scalar_rows(self, [parts], width)
                    kind = kinds[row[0]]
                    if kind.startswith("amount"):
                        rid = "amount-reading" if amount_rows == 0 else f"amount-reading-{amount_rows + 1}"
                        amount_rows += 1
                    else:
                        rid = READING_IDS.get(row[0], f"p-{row[0]}-reading")
                    for k in row:
                        self._reading_of[k] = rid
                    out.append(SafeStatic(Text(""), id=rid, classes="reading"))
                pending.clear()
                return out

            for key in keys:
                f = declared(Project, key)
                label = self.label_of("project", key)
                if f.shape == SCALAR:
                    pending.append(key)
                    self.header_widgets[key] = f"p-{key}"
                    continue
                yield from flush()
                if f.shape == LINES:
                    yield Label(Text(label), classes="section-title")
                    yield SafeTextArea(id=f"p-{key}", soft_wrap=True, compact=True, show_line_numbers=False,
                                       classes="prose")
                    self.header_widgets[key] = f"p-{key}"
                elif f.shape == PLAN:
                    with Horizontal(classes="field-row"):
                        lab = Label(Text("支出计划%"), classes="field-label")
                        lab.styles.width = width
                        yield lab
                        for m in PLAN_MONTHS:
                            yield Label(Text(f"{m}月底"), classes="plan-label")
                            yield compact_input(f"p-plan-{m}", classes="plan-input")
                    yield SafeStatic(Text(""), id="plan-reading", classes="reading")
                    self.header_widgets[key] = "p-plan-12"
                elif f.shape == TEXTS:
                    yield Label(Text(label), classes="section-title")
                    yield ItemsTable(label, self._at(key), id=f"p-{key}")
                    self.header_widgets[key] = f"p-{key}"
                elif f.shape == RECORDS and f.record is Cost:
                    ckeys = form_keys(doc, "cost", Cost, self.project.costs)
                    kinds = {k: kind_for(doc, declared(Cost, k)) for k in ckeys}
                    yield Label(Text(f"{label}（回车编辑 · a 新增 · d 删除）"), classes="section-title")
                    yield RecordsTable(label, "cost", Cost, lambda: (*self._path(), "costs"), ckeys, kinds,
                                       record_labels(self, "cost", Cost, ckeys), id="p-costs")
                    self.header_widgets[key] = "p-costs"
                elif f.shape == RECORDS and f.record is Indicator:
                    self.block = IndicatorBlock(self, lambda: (*self._path(), "indicators"), prefix="i",
                                                table_id="indicators", title=label)
                    yield from self.block.compose()
            yield from flush()
            yield from self.compose_note()
        yield FindingsPanel()
        yield KeyBar()

    def on_mount(self) -> None:
        if self.ahead and not self.app.is_running:
            return  # the app closed while it was built ahead: its widgets may not all be there
        self._composed = True  # every widget is there (see by_id)
        self._mounted_with = self._style_inputs()
        doc = self.state.doc
        for key in self._keys:
            f = declared(Project, key)
            if f.shape in (SCALAR, LINES):
                self.bind_field(FieldSpec(f"p-{key}", self._at(key), kind_for(doc, f), key,
                                          reading=self._reading_of.get(key)))
            elif f.shape == PLAN:
                for m in PLAN_MONTHS:
                    self.bind_field(FieldSpec(f"p-plan-{m}", self._at("plan", m), "percent", "plan",
                                              label=f"{m}月底累计支出", reading="plan-reading"))
        if self.block is not None:
            self.block.bind()
            self.block.setup_columns()
        self._first_view()
        if self.ahead:
            # After the widgets' own mounting (their messages come first): laid out while not shown.
            self.call_after_refresh(self.lay_out_unshown)

    def lay_out_unshown(self) -> None:
        """Lay this editor out for the terminal's size while it is off the screen stack, with
        its findings panel and indicator columns as shown, as an editor is when it leaves the
        screen: showing it (show_project, a push) then takes one frame, not a build.

        Used for an editor built ahead and for kept editors after the terminal was resized.
        Textual lays out only screens in the stack: its own layout step is called here."""
        if self._unshown():
            size = self.app.size
            # The screen's own handling of a size first (its breakpoint classes: -short at 80×24).
            self.post_message(events.Resize(size, size))
            self.call_later(self._lay_out_at, size)

    def _unshown(self) -> bool:
        return (self.is_mounted and self not in self.app.screen_stack and self.app.state is not None
                and self.pi >= 0)

    def _lay_out_at(self, size, passes: int = 2) -> None:
        if not self._unshown() or size != self.app.size:
            return  # shown meanwhile, or resized again (laid out for that size next)
        self.refresh_findings()  # the panel's height is part of the layout
        self._refresh_layout(size)
        if passes > 1:
            # Once more when the widgets have taken their sizes (a scroll bar that now shows
            # narrows what is beside it), as the frames after a push would.
            self.call_after_refresh(self._lay_out_at, size, passes - 1)
            return
        if self.block is not None:
            self.block.setup_columns()  # fitted to the table's laid-out width
        first = not self.suspended and self._styled_for is None
        self.suspended = True
        self._styled_for = self._style_inputs()
        if self.ahead and first:
            self.app.document_settled()

    def _first_view(self, *, focus: bool = True, at_once: bool = False) -> None:
        """The project's values, and where an opened editor starts (``focus``)."""
        self.sync_from_model()
        if not focus:
            return
        table = self.one("indicators", IndicatorTable)
        if self.project.indicators:
            self._focus(table, at_once)
            # The indicator table and its title at the top of the form (at 80×24 the fields
            # above would push the rows down), once the editor is pushed and laid out for this
            # project (an editor shown again had another project's, its findings panel's height).
            self._scroll_on_resume = table
        else:  # a new project starts on its name, not on an empty, all-red table
            first = "p-name" if self.by_id("p-name") else f"p-{self._keys[0]}"
            self._focus(self.one(first), at_once)

    def _focus(self, widget, at_once: bool, scroll_visible: bool = True) -> None:
        """Focus ``widget``. ``at_once`` (an editor already built): the focus moves now, so
        the restyling it brings is done before the next frame, not in one more."""
        if at_once:
            self.set_focus(widget, scroll_visible=scroll_visible)
        else:
            widget.focus(scroll_visible=scroll_visible)

    def by_id(self, wid: str, kind: type | None = None) -> list:
        # The editor's widgets never change once built: found through a list and a map, not
        # by walking every widget on each look-up (a refresh makes hundreds).
        if not self._composed:
            return super().by_id(wid, kind)
        found = self._map()[1].get(wid, [])
        return [w for w in found if isinstance(w, kind)] if kind is not None else list(found)

    def of_type(self, *kinds: type) -> list:
        if not self._composed:
            return super().of_type(*kinds)
        return [w for w in self._map()[0] if isinstance(w, kinds)]

    def _map(self) -> tuple[list, dict[str, list]]:
        if self._widgets is None:
            every = list(self.walk_children())
            ids: dict[str, list] = {}
            for widget in every:
                if widget.id:
                    ids.setdefault(widget.id, []).append(widget)
            self._widgets = (every, ids)
        return self._widgets

    # ----- one editor, many projects ------------------------------------------------------
    def can_show(self, project: Project) -> bool:
        """Whether ``show_project`` can put ``project`` in these widgets: built, off the screen
        stack, for the same document and terminal size, and the project has the same layout."""
        state = self.state
        return (self.is_mounted and self.suspended and self not in self.app.screen_stack
                and self._styled_for is not None and self._styled_for[-1] == self.app.size  # laid out for it
                and self.built_for(state, editor_layout(state.doc, project)))

    def built_for(self, state, layout: tuple | None = None) -> bool:
        """Whether this editor was built for ``state``'s document as it is (and ``layout``)."""
        built_state, built_doc, built_layout = self._built_for
        return state is built_state and state.doc is built_doc and layout in (None, built_layout)

    def show_project(self, project: Project, *, focus: bool = True, row: int | None = None) -> None:
        """Show ``project`` (see can_show) as a newly built editor would show it: its values,
        marks and findings, the first indicator row (or ``row``), focus and scroll where an editor starts.
        Nothing of the project shown before stays: cursors, scroll, refused text (each
        project's own comes back from the document state), readings, the note, field undo."""
        # The cursor moves below are this method's own: no row-highlighted message may come
        # back later and select a row of its own.
        with self.prevent(DataTable.RowHighlighted):
            self._show_project(project, focus, row)

    def _show_project(self, project: Project, focus: bool, row: int | None) -> None:
        self.state.seal()
        self.project = project
        self._pi_hint = -1
        if self.block is not None:
            rows = project.indicators
            self.block.indicator = rows[row] if row is not None and 0 <= row < len(rows) else (
                rows[0] if rows else None)
        self.one("editor-form", VerticalScroll).scroll_home(animate=False, immediate=True)
        for table in self.of_type(ItemsTable, RecordsTable, IndicatorTable):
            table.move_cursor(row=0, column=0, animate=False)
            table.scroll_home(animate=False, immediate=True)
        with self.prevent(TextArea.Changed, Input.Changed):
            for area in self.of_type(SafeTextArea):
                area.set_raw("")  # a new document: cursor at the start, its own undo emptied
        for select in self.of_type(Select):
            select.expanded = False
        for spec in self.specs.values():
            if spec.reading:
                for reading in self.by_id(spec.reading):
                    reading.update(Text(""))
                    reading.styles.clear_rule("display")
        self._last_note = None
        panel = self.findings_panel()
        if panel is not None:
            panel.forget()
            panel.set_collapsed(self.app.panel_collapsed)
        if self.block is not None:
            self.block.setup_columns()  # widths follow the new rows' contents
        self._first_view(focus=focus, at_once=True)
        for box in self.of_type(SafeInput):
            box.cursor_position = len(box.value)  # as when a field first gets its value
        self._just_shown = True  # pushed next: its findings are those just shown

    def on_screen_suspend(self) -> None:
        if self.is_active:  # popped, then shown again before word of the pop came: still on top
            return
        self.suspended = True
        self._styled_for = self._style_inputs()

    def on_screen_resume(self) -> None:
        self.suspended = False
        if self._scroll_on_resume is not None:
            self.call_after_refresh(self._scroll_form_to_top, self._scroll_on_resume)
            self._scroll_on_resume = None
        just_shown, self._just_shown = self._just_shown, False
        if not (just_shown and self._seen_generation == self.state.generation):
            super().on_screen_resume()

    def _style_inputs(self) -> tuple:
        """What the styles of every widget follow, besides their own classes (which restyle
        the widget the moment they change, shown or not)."""
        app = self.app
        return app.theme, frozenset(app.classes), app.ansi_color, app.size

    async def _on_message(self, message: Message) -> None:
        if (isinstance(message, events.ScreenResume) and message.refresh_styles
                and (self._styled_for or self._mounted_with) == self._style_inputs()):
            # Pushed again with nothing its styles follow changed: restyling every widget
            # (Textual's default on a push) would only spend a frame's time.
            message.refresh_styles = False
        await super()._on_message(message)

    def _scroll_form_to_top(self, widget: Widget) -> None:
        if not self.is_mounted or self.focused is not widget:
            return  # closed, or the focus went elsewhere first (a jump to a field): nothing to do
        try:
            form = self.one("editor-form", VerticalScroll)
        except NoMatches:
            return
        if isinstance(widget, IndicatorTable):
            widget = self.one("indicators-title")
        if widget.is_mounted:
            form.scroll_to_widget(widget, animate=False, immediate=True, top=True)

    def on_resize(self) -> None:
        if self.block is not None and self.is_mounted:
            self.call_after_refresh(self.block.setup_columns)

    # ----- model -> widgets -------------------------------------------------------------
    def _title_text(self) -> Text:
        p = self.project
        code = f"{p.code} " if p.code else ""
        return user_text(f"项目 {self.pi + 1}/{len(self.state.doc.projects)}：{code}{p.title}", style="bold",
                         no_wrap=True, overflow="ellipsis")

    def sync_from_model(self) -> None:
        if self.app.state is None:
            return
        if self.pi < 0:  # the project went away (undo of its insertion, reload)
            self.leave()
            return
        block = self.block
        if block is not None:
            if block.ii is None:
                block.indicator = self.project.indicators[0] if self.project.indicators else None
            block.fill_table()
            block.fill_form()
        super().sync_from_model()
        if block is not None:
            block.load_fields()
        for table in self.of_type(ItemsTable):
            table.reload()
        for table in self.of_type(RecordsTable):
            table.reload()
        self.one("project-title", SafeStatic).update(self._title_text())

    def _show_reading(self) -> None:
        if self.block is not None:
            self.block.show_value_reading()

    # ----- findings ---------------------------------------------------------------------
    def refresh_findings(self) -> None:
        state = self.app.state
        if state is None or self.pi < 0:
            return
        pi = self.pi
        mine = state.findings(project_index=pi)
        ready = state.check_status
        panel = self.findings_panel()
        if panel is not None:
            panel.show(mine, f"项目{pi + 1}", normalise_counts(state.counts()) if ready else None, ready)
        header = [f for f in mine if f.indicator_index is None]
        for fld, wid in self.header_widgets.items():
            hits = [f for f in header if f.field == fld]
            if fld == "plan":
                for m in PLAN_MONTHS:
                    self.mark(self.one(f"p-plan-{m}"), hits)
            else:
                for w in self.by_id(wid):
                    self.mark(w, hits)
        self.show_marks()
        if self.block is not None:
            self.block.mark_rows(mine)
        self._note_for_focus(mine)

    def marked_places(self) -> list:
        return self.block.marked_places() if self.block is not None else []

    def _note_for_focus(self, mine: list) -> None:
        focused = self.focused
        wid = (focused.id if focused is not None else None) or ""
        hits = []
        ii = self.ii
        if wid and wid.startswith("i-") and ii is not None:
            fld = wid[2:]
            hits = [f for f in mine if f.indicator_index == ii and f.field == fld]
        elif wid and wid.startswith("p-"):
            fld = "plan" if wid.startswith("p-plan") else wid[2:]
            hits = [f for f in mine if f.indicator_index is None and f.field == fld]
        elif isinstance(focused, IndicatorTable) and ii is not None:
            hits = [f for f in mine if f.indicator_index == ii]
        changed = self.note(finding_line(hits[0], profile=app_profile(self.app)) if hits else Text(self.change_note() or ""))
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
            form = self.one("editor-form", VerticalScroll)
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
        if spec.id.startswith("i-") and self.block is not None:
            if spec.id in ("i-value", "i-long_value"):
                self.block.show_value_reading()
            self.block.refresh_rows()
        if spec.id in ("p-name", "p-code"):
            self.one("project-title", SafeStatic).update(self._title_text())
        self.refresh_findings()

    # ----- events -----------------------------------------------------------------------
    def on_data_table_row_highlighted(self, event) -> None:
        if event.data_table.id != "indicators" or self.block is None:
            return
        before = self.block.indicator
        self.block.select(event.cursor_row)
        if self.block.indicator is not before:
            self.refresh_findings()

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id in ("i-level1", "i-level2") and self.block is not None:
            event.stop()
            value = "" if event.value == Select.NULL else str(event.value)
            self.block.level_changed(event.select.id.removeprefix("i-"), value)
            self.refresh_findings()

    # ----- actions ----------------------------------------------------------------------
    def block_of(self, table) -> IndicatorBlock | None:
        return self.block

    def reveal(self, widget_id: str, *, at_once: bool = False) -> None:
        """Focus a field and scroll it into view once the form has its new layout.

        Scrolling at once would use the layout from before the edit (a new indicator row
        pushes the form down), leaving the field the user types into off-screen.
        """
        widget = self.one(widget_id)
        self._focus(widget, at_once, scroll_visible=False)
        if isinstance(widget, Input):
            widget.cursor_position = len(widget.value)  # typing goes at the end, never mid-word
        last = f"#i-{self.block.keys[-1]}" if self.block is not None and self.block.keys else None
        # The whole indicator form first, when it fits, then the field itself.
        targets = (last, widget) if widget_id.startswith("i-") and last else (widget,)
        # Twice: a table that just grew takes its new height only on the refresh after next.
        self.call_after_refresh(self.call_after_refresh, self._scroll_form_to, *targets)

    def indicator_edit(self, block=None) -> None:
        own = self.block  # the editor's one indicator block (``block`` is the table's, the same)
        if own is None or own.indicator is None:
            self.indicator_add(block)
            return
        self.reveal("i-name" if self.by_id("i-name") else f"i-{own.keys[0]}")

    def indicator_add(self, block=None) -> None:
        if self.block is not None and self.block.add() is not None:
            self.sync_from_model()
            self.reveal("i-name" if self.by_id("i-name") else f"i-{self.block.keys[0]}")

    def indicator_frame(self, block=None) -> None:
        if self.block is None:
            return
        said = self.block.fill_framework()
        if said:
            self.sync_from_model()
            self.one("indicators", IndicatorTable).focus()
            self.app.notify(said, markup=False)

    def indicator_delete(self, block=None) -> None:
        if self.block is None:
            return
        what = self.block.delete()
        if what:
            self.sync_from_model()
            self.one("indicators", IndicatorTable).focus()
            self.app.notify(f"已删除{what}（ctrl+z 撤销）", markup=False)

    def indicator_move(self, block=None, delta: int = 1) -> None:
        if self.block is not None and self.block.move(delta):
            self.sync_from_model()

    # The old action names (palette entries and scripts call them on the screen).
    def action_edit_indicator(self) -> None:
        self.indicator_edit()

    def action_add_indicator(self) -> None:
        self.indicator_add()

    def action_delete_indicator(self) -> None:
        self.indicator_delete()

    def action_move_indicator(self, delta: int) -> None:
        self.indicator_move(None, delta)

    def action_cycle_basis(self) -> None:
        if self.indicator is None or self.app.refuse_read_only() or not self.by_id("i-basis"):
            return
        cur = self.indicator.basis
        nxt = STANDARD_BASES[(STANDARD_BASES.index(cur) + 1) % len(STANDARD_BASES)] if cur in STANDARD_BASES \
            else STANDARD_BASES[0]
        box = self.one("i-basis", SafeInput)
        box.set_raw(nxt)  # Input.Changed records the edit
        box.focus()

    def action_next_project(self) -> None:
        self._step_project(1)

    def action_prev_project(self) -> None:
        self._step_project(-1)

    def _step_project(self, delta: int) -> None:
        """The next project in the project table's order (its filter and sort), else the file's."""
        order = self.app.project_order()
        if self.project not in order:
            return
        at = next(i for i, p in enumerate(order) if p is self.project)
        target = at + delta
        if not 0 <= target < len(order):
            self.app.notify("已是最后一个项目" if delta > 0 else "已是第一个项目", markup=False, timeout=2)
            return
        self.app.replace_editor(self, order[target])

    def place(self, spec: FieldSpec) -> str:
        name = self.project.name if len(self.project.name) <= 20 else self.project.name[:20] + "…"
        return f"项目{self.pi + 1}「{name}」"

    def action_back(self) -> None:
        if self.revert_refused():
            return
        focused = self.focused
        wid = getattr(focused, "id", "") or ""
        # Escape in a field first returns to its table: the indicator form to the indicators,
        # a project field to the indicator table too (the one place the editor starts).
        if focused is not None and not isinstance(focused, IndicatorTable) and wid.startswith(("i-", "p-")):
            self.one("indicators", IndicatorTable).focus()
            return
        self.leave()

    def focus_finding(self, indicator_index: int | None, field: str | None, *, at_once: bool = False) -> None:
        if not (self.is_mounted and self.is_current):  # left again before the jump landed
            return
        block = self.block
        if block is not None and indicator_index is not None and 0 <= indicator_index < len(self.project.indicators):
            self.one("indicators", IndicatorTable).move_cursor(row=indicator_index, animate=False)
            before = block.indicator
            block.select(indicator_index)
            if block.indicator is not before:  # the row's marks (its fields' own come with the focus)
                self.refresh_findings()
            wid = f"i-{field}" if field and self.by_id(f"i-{field}") else (
                "i-name" if self.by_id("i-name") else f"i-{block.keys[0]}")
        else:
            wid = self.header_widgets.get(field or "", "")
            if not wid or not self.by_id(wid):
                wid = "p-code" if self.by_id("p-code") else "p-name"
        self.reveal(wid, at_once=at_once)
