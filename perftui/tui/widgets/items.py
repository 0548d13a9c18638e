"""A numbered list of prose items (分项绩效目标, 工作保障措施, 绩效目标) with add/edit/delete/move."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.text import Text

from perftui.safetext import brief, one_line
from perftui.tui import keymap
from perftui.tui.screens.modals import ProseModal
from perftui.tui.widgets.safe import SafeTable, user_text

if TYPE_CHECKING:
    from textual import getters

    from perftui.tui.app import PerftuiApp


class ItemsTable(SafeTable):
    """Shows ``list[str]`` at a document path; edits go through the app's DocState."""

    if TYPE_CHECKING:
        app = getters.app(PerftuiApp)  # for type checkers only: the app it runs in, with its attributes

    BINDINGS = keymap.bindings("items")

    DEFAULT_CSS = """
    ItemsTable { height: auto; max-height: 8; }
    """

    def __init__(self, label: str, list_path: Callable[[], tuple], *, id: str | None = None, long: bool = False):
        super().__init__(id=id, cursor_type="row", zebra_stripes=False, show_cursor=True)
        self.label = label
        self.list_path = list_path
        # A list as long as the project list (分项目标 of 1,000 projects): its text column is as
        # wide as its texts are cut, so that Textual does not measure each of them; the short
        # lists of an editor keep the measured width its kept editors are compared by.
        self.long = long

    def on_mount(self) -> None:
        self.reload()

    def on_resize(self) -> None:
        if self.long and (self._waiting or self._cut_width() != self._text_width):
            self.reload()  # texts cut to the laid-out width

    _text_width = 0
    _waiting = False  # a long list not filled yet: its width is known at the first layout

    def _cut_width(self) -> int:
        return max(20, (self.size.width or 76) - 8)

    @property
    def items(self) -> list[str]:
        return self.app.resolve(self.list_path()) or []

    def reload(self) -> None:
        if self.long and not self.size.width:  # before the first layout: filled once, then
            self._waiting = True
            return
        self._waiting = False
        row = self.cursor_row
        items = self.items
        width = self._cut_width()
        if not self.columns or (self.long and width != self._text_width):
            self._text_width = width
            self.clear(columns=True)
            self.add_column("序号", key="n", width=4)
            self.add_column(self.label, key="text", width=width if self.long else None)
        else:
            self.clear()
        for i, item in enumerate(items):
            cell = user_text(item, no_wrap=True, overflow="ellipsis")
            cell.truncate(width, overflow="ellipsis")
            self.add_row(Text(f"{i + 1}."), cell, key=str(i))
        if not items:
            self.add_row(Text(""), Text("（无条目：按 a 新增）", style="dim"), key="empty")
        if items:
            self.move_cursor(row=min(row, len(items) - 1))

    def _index(self) -> int | None:
        return self.cursor_row if self.items and 0 <= self.cursor_row < len(self.items) else None

    def action_add_item(self) -> None:
        if self.app.refuse_read_only():
            return
        i = self._index()
        at = i + 1 if i is not None else len(self.items)

        def done(text: str | None) -> None:
            if text is not None and text.strip():
                self.app.edit(lambda s: s.insert(self.list_path(), at, text.strip()))
                self.reload()
                self.move_cursor(row=at)

        self.app.push_screen(ProseModal(f"新增{self.label}（第 {at + 1} 条）"), done)

    def action_edit_item(self) -> None:
        i = self._index()
        if i is None:
            self.action_add_item()
            return
        if self.app.refuse_read_only():
            return

        def done(text: str | None) -> None:
            if text is not None and text.strip():
                self.app.edit(lambda s: s.set((*self.list_path(), i), text.strip(), merge=False))
                self.reload()

        self.app.push_screen(ProseModal(f"编辑{self.label}（第 {i + 1} 条）", self.items[i]), done)

    def action_delete_item(self) -> None:
        i = self._index()
        if i is None or self.app.refuse_read_only():
            return
        gone = self.items[i]
        self.app.edit(lambda s: s.remove(self.list_path(), i))
        self.reload()
        self.move_cursor(row=min(i, max(len(self.items) - 1, 0)))
        self.app.notify(f"已删除{self.label}第 {i + 1} 条「{brief(one_line(gone), 16)}」（ctrl+z 撤销）", markup=False)

    def action_move_item(self, delta: int) -> None:
        i = self._index()
        if i is None or self.app.refuse_read_only():
            return
        if self.app.edit(lambda s: s.move(self.list_path(), i, i + delta)) is not None:
            self.reload()
            self.move_cursor(row=i + delta)
