"""What the document screens share: bound input fields, the findings panel, resyncing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.css.query import NoMatches
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Input, Label, OptionList, Select, TextArea

from perftui.forms import profile_of
from perftui.kinds import KINDS, TEXT, Kind, Reading
from perftui.labels import path_label
from perftui.safetext import one_line
from perftui.tui.screens.guard import LeaveSafely
from perftui.tui.widgets.findings import FindingsPanel, severity_of
from perftui.tui.widgets.safe import SafeInput, SafeTextArea, WrappedStatic, raw_text

if TYPE_CHECKING:
    from rich.text import Span
    from textual import getters
    from textual.visual import VisualType

    from perftui.tui.app import PerftuiApp
    from perftui.tui.state import DocState


@dataclass
class FieldSpec:
    """An input bound to one leaf of the document, read by its kind (perftui.kinds)."""

    id: str
    path: Callable[[], tuple]
    kind: Kind | str = TEXT
    finding_field: str | None = None  # Finding.field this input shows
    label: str = ""  # the field's name in messages (default: its finding field's label)
    reading: str | None = None  # id of the Static beside the field that shows its reading

    def __post_init__(self) -> None:
        if isinstance(self.kind, str):
            self.kind = KINDS[self.kind]

    @property
    def reader(self) -> Kind:
        return self.kind if isinstance(self.kind, Kind) else KINDS[self.kind]

    def read(self, text: str) -> Reading:
        return self.reader.read(text)

    def from_model(self, value) -> str:
        return self.reader.format(value)


def _quoted(text: str, limit: int = 20) -> str:
    text = one_line(text)
    return text if len(text) <= limit else text[:limit] + "…"


def field_row(label: str, widget, *, classes: str = "field-row") -> Horizontal:
    return Horizontal(Label(Text(label), classes="field-label"), widget, classes=classes)


SHORT_KINDS = ("amount", "amount-wan")  # consecutive amounts share a row (up to three)


def kind_for(doc, f) -> Kind:
    """The reader of a declared field in the document's form (amounts in its money unit)."""
    from perftui.tui.amounts import amount_kind

    if f.kind.key == "amount":
        return amount_kind(profile_of(doc).money)
    return f.kind


def scalar_rows(screen, rows: list[list], label_width: int) -> list:
    """Field rows: ``rows`` is a list of [(label, widget)…] (one to three per row)."""
    out = []
    for row in rows:
        parts = []
        for n, (label, widget) in enumerate(row):
            lab = Label(Text(label), classes="field-label" if n == 0 else "field-label-short")
            if n == 0:
                lab.styles.width = label_width
            parts.append(lab)
            parts.append(widget)
        out.append(Horizontal(*parts, classes="field-row"))
    return out


def group_scalars(keys: list[str], kinds: dict[str, str], per_row: int = 3) -> list[list[str]]:
    """Keys in rows: a run of amounts shares rows of up to ``per_row``, the rest one a row."""
    rows: list[list[str]] = []
    for key in keys:
        if kinds[key] in SHORT_KINDS and rows and len(rows[-1]) < per_row and kinds[rows[-1][-1]] in SHORT_KINDS:
            rows[-1].append(key)
        else:
            rows.append([key])
    return rows


def label_width(labels) -> int:
    from rich.cells import cell_len

    return max(8, min(18, max((cell_len(x) for x in labels), default=8) + 1))


def compact_input(id: str, placeholder: str = "", **kw) -> SafeInput:
    return SafeInput(id=id, placeholder=placeholder, compact=True, select_on_focus=False, **kw)


CHANGED_SIGN = "Δ"
# A marked label's own content (before the Δ), to put back when the mark goes.
_UNMARKED: WeakKeyDictionary[Label, VisualType] = WeakKeyDictionary()


def _label_before(widget) -> Label | None:
    """The Label of a field: the nearest one before it in its row."""
    parent = widget.parent
    if parent is None:
        return None
    kids = list(parent.children)
    if widget not in kids:
        return None
    for kid in reversed(kids[: kids.index(widget)]):
        if isinstance(kid, Label):
            return kid
    return None


def mark_changed(widget, tip: str | None) -> None:
    """Mark (``tip`` given) or unmark a field: ``Δ`` before its label, the old value as tooltip."""
    changed = tip is not None
    if getattr(widget, "_change_tip", None) == tip:
        return
    widget._change_tip = tip
    widget.set_class(changed, "-changed")
    widget.tooltip = tip
    label = _label_before(widget)
    if label is None:
        return
    original = _UNMARKED.get(label)
    if original is None:
        original = _UNMARKED[label] = label.content
    label.set_class(changed, "-changed")
    if changed:
        text = Text(CHANGED_SIGN, style="bold")
        text.append_text(original if isinstance(original, Text) else Text(str(original)))
        label.update(text)
    else:
        label.update(original)
    label.tooltip = tip


class DocScreen(LeaveSafely, Screen):
    """A screen showing part of the current document."""

    if TYPE_CHECKING:
        app = getters.app(PerftuiApp)  # for type checkers only: the app it runs in, with its attributes

    # Widget messages still queued when the screen stops being the top one (keys typed
    # quickly while it closes) are dropped: acting on them would touch removed widgets.
    LATE_MESSAGES = (
        DataTable.RowSelected, DataTable.RowHighlighted, DataTable.HeaderSelected, Input.Changed,
        Input.Submitted, Select.Changed, TextArea.Changed, OptionList.OptionSelected, FindingsPanel.Jump,
    )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Keys that arrive while the screen is still being built (or already closing) wait.
        return self.is_mounted and self.is_current

    async def _on_message(self, message: Message) -> None:
        if isinstance(message, self.LATE_MESSAGES) and not self.is_current:
            return
        await super()._on_message(message)

    SCOPES: tuple[str, ...] = ()
    _marks = None  # the marks last shown (perftui.tui.marks.Marks), None without a comparison
    _last_note: tuple[str, str, tuple[Span, ...]] | None = None  # the note shown (see note)

    def __init__(self) -> None:
        super().__init__()
        self.specs: dict[str, FieldSpec] = {}
        self._seen_generation = -1

    # ----- helpers the subclasses use ---------------------------------------------------
    @property
    def state(self) -> DocState:
        return self.app.open_state()

    def by_id(self, wid: str, kind: type | None = None) -> list:
        """The widgets of this screen with the id ``wid`` (of type ``kind`` when given)."""
        found = list(self.query(f"#{wid}"))
        return [w for w in found if isinstance(w, kind)] if kind is not None else found

    def of_type(self, *kinds: type) -> list:
        """The widgets of this screen of one of ``kinds``, in order."""
        return [w for w in self.walk_children() if isinstance(w, kinds)]

    def one(self, wid: str, kind: type | None = None):
        """The widget with the id ``wid``; NoMatches when there is none."""
        found = self.by_id(wid, kind)
        if not found:
            raise NoMatches(f"no widget #{wid}")
        return found[0]

    def label_of(self, scope: str, key: str) -> str:
        """What the document's form calls a field (perftui.forms)."""
        doc = self.app.state.doc if self.app.state is not None else None
        if doc is None:
            return key
        return profile_of(doc).label(scope, key, doc.unit.year)

    def bind_field(self, spec: FieldSpec) -> None:
        if not spec.label:  # the field's name in the document's own form
            try:
                spec.label = path_label(self.state.doc, spec.path())
            except (AttributeError, IndexError, TypeError):
                spec.label = ""
        self.specs[spec.id] = spec

    def note(self, text: Text | str) -> bool:
        """The one-line note under the form: the focused field's finding or a format problem.

        Returns whether the note changed.
        """
        text = text if isinstance(text, Text) else Text(text)
        key = (text.plain, str(text.style), tuple(text.spans))
        if getattr(self, "_last_note", None) == key:
            return False  # unchanged: skip the repaint (and relayout) on every keystroke
        self._last_note = key
        for note in self.by_id("field-note"):
            note.update(text)
        return True

    def findings_panel(self) -> FindingsPanel | None:
        panels = self.of_type(FindingsPanel)
        return panels[0] if panels else None

    # ----- model -> widgets -------------------------------------------------------------
    def sync_from_model(self) -> None:
        """Put every bound field back to the document's value (after undo, reload…)."""
        for spec in self.specs.values():
            for widget in self.by_id(spec.id):
                value = spec.from_model(self.app.resolve(spec.path()))
                refused = self._refused_text(spec)
                with self.prevent(Input.Changed, TextArea.Changed, Select.Changed):
                    if isinstance(widget, (SafeInput, SafeTextArea)):
                        # Text a field refused stays in it (never saved) until corrected or reverted.
                        shown = value if refused is None else refused
                        if widget.raw != shown:
                            widget.set_raw(shown)
                        widget.set_class(refused is not None, "-invalid")
                    elif isinstance(widget, Select) and widget.value != value:
                        widget.value = value if value else Select.NULL
        self._seen_generation = self.state.generation
        self.refresh_findings()

    def on_screen_resume(self) -> None:
        if self.app.state is not None and self._seen_generation != self.state.generation:
            self.sync_from_model()
        else:
            self.refresh_findings()

    def refresh_findings(self) -> None:
        """Subclasses show their scope's findings and mark fields."""

    def show_change(self, change, undone: bool) -> None:
        """After an undo or redo: the cursor on the row it touched (never back to row 1)."""
        from perftui.tui.history import row_of
        from perftui.tui.widgets.items import ItemsTable
        from perftui.tui.widgets.records import RecordsTable

        hit = row_of(change, undone)
        if hit is None:
            return
        path, row = hit
        for table in self.of_type(ItemsTable, RecordsTable):
            if tuple(table.list_path()) == tuple(path) and table.row_count:
                table.move_cursor(row=min(row, table.row_count - 1), animate=False)
                table.focus()
        block = getattr(self, "block", None)
        if block is not None and tuple(block.list_path()) == tuple(path) and block.records:
            j = min(row, len(block.records) - 1)
            block.table.move_cursor(row=j, animate=False)
            block.select(j)
            block.table.focus()
            self.refresh_findings()

    # ----- 与上一版比较 marks (perftui.tui.marks) ---------------------------------------
    def show_marks(self) -> None:
        """Δ before the label of every shown field that differs from the compared version,
        the old value as its tooltip (and in the note when focused); none without a comparison."""
        from perftui.tui.marks import current

        marks = current(self.app)
        self._marks = marks
        places = [(spec.id, spec.path, spec.from_model) for spec in self.specs.values()]
        for wid, path_of, fmt in [*places, *self.marked_places()]:
            tip = None
            if marks is not None:
                try:
                    path = tuple(path_of())
                except (AttributeError, IndexError, TypeError):
                    path = (None,)
                if None not in path:
                    tip = marks.old_text(path, fmt)
            for widget in self.by_id(wid):
                mark_changed(widget, tip)

    def marked_places(self) -> list[tuple[str, Callable[[], tuple], Callable | None]]:
        """Fields shown but not bound as FieldSpecs (selects) that get change marks too."""
        return []

    def change_note(self) -> str | None:
        """``上一版：…`` of the focused field when it is marked."""
        focused = self.focused
        return getattr(focused, "_change_tip", None) if focused is not None else None

    def mark(self, widget, findings: list) -> None:
        sevs = {severity_of(f) for f in findings}
        widget.set_class("错误" in sevs, "-error")
        widget.set_class("错误" not in sevs and "警告" in sevs, "-warning")

    # ----- widgets -> model -------------------------------------------------------------
    def _refused_text(self, spec: FieldSpec) -> str | None:
        path = spec.path()
        if self.app.state is None or any(step is None for step in path):
            return None
        return self.app.state.refused_text(path)

    def _edited(self, widget_id: str | None, text: str) -> None:
        spec = self.specs.get(widget_id or "")
        if spec is None:
            return
        widget = self.one(spec.id)  # the specs are keyed by their ids
        if self.state.read_only:
            self.app.refuse_read_only()
            with self.prevent(Input.Changed, TextArea.Changed, Select.Changed):
                value = spec.from_model(self.app.resolve(spec.path()))
                if isinstance(widget, (SafeInput, SafeTextArea)):
                    widget.set_raw(value)
            return
        reading = spec.read(text)
        path = spec.path()
        if not reading.ok:
            # Refused: the document keeps its last valid value, saving is refused until the
            # field is corrected or reverted (Esc), and the field says why.
            widget.add_class("-invalid")
            self.state.refuse(path, text, f"{self.place(spec)}{spec.label}「{_quoted(text)}」：{reading.error}")
            if self.state.drop_run(path) is not None:  # "77" was valid a keystroke ago: not kept
                self._seen_generation = self.state.generation
                self.after_edit(spec)
            self.show_reading(spec, text, reading)
            self.app.update_title()
            return
        widget.remove_class("-invalid")
        had_refusal = self.state.refused_text(path) is not None
        self.state.accept(path)
        self.app.edit(lambda s: s.set(path, reading.value))
        if had_refusal:
            self.app.update_title()
        self._seen_generation = self.state.generation
        self.show_reading(spec, text, reading)
        self.after_edit(spec)

    def place(self, spec: FieldSpec) -> str:
        """Where a field is, for messages (``项目2「…」``); the department's fields need none."""
        return ""

    def show_reading(self, spec: FieldSpec, text: str, reading: Reading | None) -> None:
        """Beside the field: what the typed text will be saved as, or why it is refused.

        Shown only when it says more than the text itself (``77万`` → ``= 770,000.00 元``).
        """
        if spec.reading is None:
            return
        if reading is None:
            line = Text("")
        elif not reading.ok:
            line = Text(f"{spec.label}：{reading.error}（未保存；改正，或按 Esc 还原）", style="bold red")
        elif reading.shown and text.strip() and text.strip() != spec.from_model(reading.value):
            line = Text(f"{spec.label} {reading.shown}", style="bold")
        else:
            line = Text("")
        for widget in self.by_id(spec.reading):
            widget.update(line)
            widget.display = bool(line.plain)

    def revert_refused(self) -> bool:
        """Esc in a field holding refused text puts the saved value back; False when none."""
        focused = self.focused
        spec = self.specs.get(getattr(focused, "id", None) or "")
        if spec is None or not isinstance(focused, SafeInput) or self._refused_text(spec) is None:
            return False
        self.state.accept(spec.path())
        with self.prevent(Input.Changed):
            focused.set_raw(spec.from_model(self.app.resolve(spec.path())))
        focused.remove_class("-invalid")
        self.show_reading(spec, focused.raw, None)
        self.app.update_title()
        return True

    def _tidy(self, widget) -> None:
        """Leaving a field: a valid entry is shown as it will be saved (``77万`` → ``770000.00``)."""
        spec = self.specs.get(getattr(widget, "id", None) or "")
        if spec is None or not isinstance(widget, SafeInput) or spec.reader is TEXT or not widget.is_mounted:
            return
        if self._refused_text(spec) is not None:
            return
        shown = spec.from_model(self.app.resolve(spec.path()))
        if widget.raw != shown:
            with self.prevent(Input.Changed):
                widget.set_raw(shown)
        self.show_reading(spec, shown, None)

    def after_edit(self, spec: FieldSpec) -> None:
        self.refresh_findings()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id in self.specs:
            event.stop()
            self._edited(event.input.id, raw_text(event.input))

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if event.text_area.id in self.specs:
            event.stop()
            self._edited(event.text_area.id, raw_text(event.text_area))

    def on_descendant_blur(self, event) -> None:
        # Leaving a field ends its typing run: the next edit is a separate undo step.
        if self.app.state is not None:
            self.app.state.seal()
            self._tidy(event.widget)

    def on_findings_panel_jump(self, event: FindingsPanel.Jump) -> None:
        self.app.jump(event.finding)

    def compose_note(self) -> ComposeResult:
        yield WrappedStatic(Text(""), id="field-note")
