"""A one-line title bar: the app title (unit, unsaved marker) and the file path."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


class TitleBar(Static):
    """Like Textual's Header, but updates itself without querying children (Textual 8.2's
    Header raised NoMatches when the title changed while its screen was being removed)."""

    DEFAULT_CSS = """
    TitleBar { dock: top; height: 1; width: 1fr; background: $panel; color: $foreground; text-style: bold; }
    """

    def on_mount(self) -> None:
        self.watch(self.app, "title", self._show, init=False)
        self.watch(self.app, "sub_title", self._show, init=False)
        self._show()

    def _show(self, _value: object = None) -> None:
        if not self.is_attached:
            return
        text = Text(f" {self.app.title}", no_wrap=True, overflow="ellipsis")
        if self.app.sub_title:
            text.append(" — ", style="dim")
            text.append(self.app.sub_title, style="dim not bold")
        self.update(text)
