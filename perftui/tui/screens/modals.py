"""Small modal dialogs: a choice among keys, a one-line prompt, a list picker."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets.option_list import Option

from perftui.tui.screens.guard import LeaveSafely
from perftui.tui.widgets.lists import SafeOptionList
from perftui.tui.widgets.safe import SafeInput, SafeStatic, raw_text, user_text


class ChoiceModal(LeaveSafely, ModalScreen[str | None]):
    """A question with a few answers, each chosen by its key or its button; Escape cancels."""

    BINDINGS = [Binding("escape", "cancel", "取消", id="modal.cancel")]

    def __init__(self, title: str, message: str, choices: list[tuple[str, str]], *, id: str | None = None):
        super().__init__(id=id)
        self._title = title
        self._message = message
        self._choices = choices  # (key, label); the key is also the dismiss value

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield SafeStatic(user_text(self._title, style="bold"), classes="dialog-title")
            yield SafeStatic(user_text(self._message, multiline=True), classes="dialog-body")
            with Horizontal(classes="dialog-buttons"):
                for key, label in self._choices:
                    yield Button(Text(f"{label}（{key}）"), id=f"choice-{key}", compact=True)

    def on_mount(self) -> None:
        self.query(Button).first().focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.close_with(str(event.button.id).removeprefix("choice-"))

    def on_key(self, event: events.Key) -> None:
        for key, _label in self._choices:
            if event.key == key or event.character == key:
                event.stop()
                self.close_with(key)
                return
        if event.key in ("left", "up"):
            event.stop()
            self.focus_previous()
        elif event.key in ("right", "down"):
            event.stop()
            self.focus_next()

    def action_cancel(self) -> None:
        self.close_with(None)


class PromptModal(LeaveSafely, ModalScreen[str | None]):
    """One line of text: Enter accepts, Escape cancels."""

    BINDINGS = [Binding("escape", "cancel", "取消", id="modal.cancel")]

    def __init__(self, title: str, value: str = "", placeholder: str = "", *, id: str | None = None):
        super().__init__(id=id)
        self._title = title
        self._value = value
        self._placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield SafeStatic(user_text(self._title, style="bold"), classes="dialog-title")
            yield SafeInput(self._value, placeholder=self._placeholder, id="prompt-input")
            yield Static(Text("回车确定 · Esc 取消", style="dim"), classes="dialog-hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.close_with(raw_text(event.input))

    def action_cancel(self) -> None:
        self.close_with(None)


class PickModal(LeaveSafely, ModalScreen[str | None]):
    """Pick one of a list (themes, units): Enter picks, Escape cancels."""

    BINDINGS = [Binding("escape", "cancel", "取消", id="modal.cancel")]

    def __init__(self, title: str, items: list[str], current: str | None = None, *, id: str | None = None):
        super().__init__(id=id)
        self._title = title
        self._items = items
        self._current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield SafeStatic(user_text(self._title, style="bold"), classes="dialog-title")
            yield SafeOptionList(*[Option(user_text(item), id=str(i)) for i, item in enumerate(self._items)])

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        if self._current in self._items:
            options.highlighted = self._items.index(self._current)
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.close_with(self._items[event.option_index])

    def action_cancel(self) -> None:
        self.close_with(None)


class ProseModal(LeaveSafely, ModalScreen[str | None]):
    """A paragraph (分项目标, 保障措施, 绩效目标…) edited whole in a multi-line box: opened with
    the cursor at the end and nothing selected, the full text visible; ctrl+s (or Enter,
    for one-paragraph items) keeps it, Escape leaves it as it was."""

    BINDINGS = [
        Binding("escape", "cancel", "取消", id="prose.cancel"),
        Binding("ctrl+s", "commit", "确定", id="prose.commit", priority=True),
        Binding("enter", "commit_paragraph", "确定", id="prose.enter", priority=True, show=False),
    ]

    def __init__(self, title: str, value: str = "", *, paragraph: bool = True, id: str | None = None):
        super().__init__(id=id)
        self._title = title
        self._value = value
        self.paragraph = paragraph  # one paragraph: Enter keeps it (no line breaks in an item)

    def compose(self) -> ComposeResult:
        from perftui.tui.widgets.safe import SafeTextArea

        with Vertical(classes="dialog prose-dialog"):
            yield SafeStatic(user_text(self._title, style="bold"), classes="dialog-title")
            yield SafeTextArea(self._value, id="prose-input", soft_wrap=True, show_line_numbers=False,
                               compact=True, tab_behavior="focus")
            hint = "回车或 ctrl+s 确定 · Esc 取消" if self.paragraph else "ctrl+s 确定 · 回车换行 · Esc 取消"
            yield Static(Text(hint, style="dim"), classes="dialog-hint")

    def on_mount(self) -> None:
        from textual.widgets import TextArea

        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)  # at the end, nothing selected

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Enter keeps a one-paragraph item; in longer prose it breaks the line as usual.
        return self.paragraph if action == "commit_paragraph" else True

    def action_commit_paragraph(self) -> None:
        self.action_commit()

    def action_commit(self) -> None:
        self.close_with(raw_text(self.query_one("#prose-input")))

    def action_cancel(self) -> None:
        self.close_with(None)
