"""What the document screens share: bound input fields, the findings panel, resyncing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Input, Label, OptionList, Select, TextArea

from perftui.money import format_amount, parse_amount
from perftui.tui.screens.guard import LeaveSafely
from perftui.tui.widgets.findings import FindingsPanel, severity_of
from perftui.tui.widgets.safe import SafeInput, SafeStatic, SafeTextArea, raw_text


@dataclass
class FieldSpec:
    """An input bound to one leaf of the document."""

    id: str
    path: Callable[[], tuple]
    kind: str = "text"  # text | amount | int | percent
    finding_field: str | None = None  # Finding.field this input shows

    def to_model(self, text: str):
        text = text.strip() if self.kind != "text" else text
        if self.kind == "text":
            return text
        if not text:
            return None if self.kind in ("amount", "percent") else 0
        if self.kind == "amount":
            value = parse_amount(text)
            if value is None:
                raise ValueError("金额应是数字（单位：元），如 770000.00 或 77万元")
            return value
        if self.kind == "int":
            if not text.isdigit():
                raise ValueError("年度应是四位数字，如 2023")
            return int(text)
        try:  # percent
            return Decimal(text.rstrip("%％").strip())
        except InvalidOperation:
            raise ValueError("支出计划应是百分数，如 30 或 30%") from None

    def from_model(self, value) -> str:
        if value is None:
            return ""
        if self.kind == "amount":
            return format_amount(value)
        if self.kind == "int":
            return str(value) if value else ""
        if self.kind == "percent":
            return f"{value.normalize():f}" if value == value.to_integral() else f"{value:f}"
        return str(value)


def field_row(label: str, widget, *, classes: str = "field-row") -> Horizontal:
    return Horizontal(Label(Text(label), classes="field-label"), widget, classes=classes)


def compact_input(id: str, placeholder: str = "", **kw) -> SafeInput:
    return SafeInput(id=id, placeholder=placeholder, compact=True, select_on_focus=False, **kw)


class DocScreen(LeaveSafely, Screen):
    """A screen showing part of the current document."""

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

    def __init__(self) -> None:
        super().__init__()
        self.specs: dict[str, FieldSpec] = {}
        self._seen_generation = -1

    # ----- helpers the subclasses use ---------------------------------------------------
    @property
    def state(self):
        return self.app.state

    def bind_field(self, spec: FieldSpec) -> None:
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
        for note in self.query("#field-note"):
            note.update(text)
        return True

    def findings_panel(self) -> FindingsPanel | None:
        panels = self.query(FindingsPanel)
        return panels.first() if panels else None

    # ----- model -> widgets -------------------------------------------------------------
    def sync_from_model(self) -> None:
        """Put every bound field back to the document's value (after undo, reload…)."""
        for spec in self.specs.values():
            for widget in self.query(f"#{spec.id}"):
                value = spec.from_model(self.app.resolve(spec.path()))
                with self.prevent(Input.Changed, TextArea.Changed, Select.Changed):
                    if isinstance(widget, (SafeInput, SafeTextArea)) and widget.raw != value:
                        widget.set_raw(value)
                        widget.remove_class("-invalid")
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

    def mark(self, widget, findings: list) -> None:
        sevs = {severity_of(f) for f in findings}
        widget.set_class("错误" in sevs, "-error")
        widget.set_class("错误" not in sevs and "警告" in sevs, "-warning")

    # ----- widgets -> model -------------------------------------------------------------
    def _edited(self, widget_id: str | None, text: str) -> None:
        spec = self.specs.get(widget_id or "")
        if spec is None:
            return
        widget = self.query_one(f"#{widget_id}")
        if self.app.state.read_only:
            self.app.refuse_read_only()
            with self.prevent(Input.Changed, TextArea.Changed, Select.Changed):
                value = spec.from_model(self.app.resolve(spec.path()))
                if isinstance(widget, (SafeInput, SafeTextArea)):
                    widget.set_raw(value)
            return
        try:
            value = spec.to_model(text)
        except ValueError as exc:
            widget.add_class("-invalid")
            self.note(Text(str(exc), style="bold red"))
            return
        widget.remove_class("-invalid")
        self.app.edit(lambda s: s.set(spec.path(), value))
        self._seen_generation = self.state.generation
        self.after_edit(spec)

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

    def on_findings_panel_jump(self, event: FindingsPanel.Jump) -> None:
        self.app.jump(event.finding)

    def compose_note(self) -> ComposeResult:
        yield SafeStatic(Text(""), id="field-note")
