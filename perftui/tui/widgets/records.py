"""A table of simple records (年度履职目标, 项目预算成本构成) with a form per row.

Columns are the form's fields of the record (perftui.forms), in its order and with its
labels. Enter opens the row in a small form where each value is read by its kind (an
amount in the form's money unit, with its reading shown); ctrl+s keeps the row, Escape
leaves it as it was. A / d / alt+↑↓ add, delete (undoable) and move rows.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from perftui.fields import field_of
from perftui.kinds import Kind
from perftui.safetext import brief, one_line
from perftui.tui import keymap
from perftui.tui.screens.guard import LeaveSafely
from perftui.tui.widgets.columns import Col, fit
from perftui.tui.widgets.safe import SafeInput, SafeStatic, SafeTable, raw_text, user_text

if TYPE_CHECKING:
    from textual import getters

    from perftui.tui.app import PerftuiApp
    from perftui.tui.state import DocState


class RecordModal(LeaveSafely, ModalScreen[dict | None]):
    """One record's fields, each read by its kind; returns {key: value} of the changed ones."""

    BINDINGS = [
        Binding("escape", "cancel", "取消", id="record.cancel"),
        Binding("ctrl+s", "commit", "确定", id="record.commit", priority=True),
    ]

    def __init__(self, title: str, fields: list[tuple[str, str, Kind, object]]):
        super().__init__()
        self._title = title
        self._fields = fields  # (key, label, kind, current value)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield SafeStatic(user_text(self._title, style="bold"), classes="dialog-title")
            with VerticalScroll(classes="record-fields"):
                for key, label, kind, value in self._fields:
                    yield Horizontal(Label(Text(label), classes="field-label record-label"),
                                     SafeInput(kind.format(value), id=f"rec-{key}", compact=True,
                                               select_on_focus=False),
                                     classes="field-row")
                    yield SafeStatic(Text(""), id=f"rec-{key}-reading", classes="record-reading")
            yield Static(Text("回车到下一栏 · ctrl+s 确定 · Esc 取消", style="dim"), classes="dialog-hint")

    def on_mount(self) -> None:
        first = self.query(SafeInput).first()
        first.focus()
        first.cursor_position = len(first.value)
        for key, *_ in self._fields:
            self._show(key)

    def _reading(self, key: str):
        kind = next(k for kk, _, k, _ in self._fields if kk == key)
        return kind.read(raw_text(self.query_one(f"#rec-{key}", SafeInput)))

    def _show(self, key: str) -> bool:
        reading = self._reading(key)
        line = Text("")
        if not reading.ok:
            line = Text(reading.error, style="bold red")
        elif reading.shown and raw_text(self.query_one(f"#rec-{key}", SafeInput)).strip():
            line = Text(reading.shown)
        widget = self.query_one(f"#rec-{key}-reading", SafeStatic)
        widget.update(line)
        widget.display = bool(line.plain)
        self.query_one(f"#rec-{key}", SafeInput).set_class(not reading.ok, "-invalid")
        return reading.ok

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._show(str(event.input.id).removeprefix("rec-"))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        boxes: list[Input] = list(self.query(SafeInput))
        at = boxes.index(event.input)
        if at + 1 < len(boxes):
            boxes[at + 1].focus()
        else:
            self.action_commit()

    def action_commit(self) -> None:
        bad = [key for key, *_ in self._fields if not self._show(key)]
        if bad:
            self.query_one(f"#rec-{bad[0]}", SafeInput).focus()
            return
        out = {}
        for key, _label, _kind, value in self._fields:
            new = self._reading(key).value
            if new != value:
                out[key] = new
        self.close_with(out)

    def action_cancel(self) -> None:
        self.close_with(None)


class RecordsTable(SafeTable):
    """``list[record]`` at a document path, shown with the form's columns."""

    if TYPE_CHECKING:
        app = getters.app(PerftuiApp)  # for type checkers only: the app it runs in, with its attributes

    BINDINGS = keymap.bindings("records")
    SCOPE = "records"

    DEFAULT_CSS = """
    RecordsTable { height: auto; max-height: 10; }
    """

    def __init__(self, label: str, scope: str, record: type, list_path: Callable[[], tuple], keys: list[str],
                 kinds: Mapping[str, Kind], labels: dict[str, str], *, id: str | None = None):
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.label = label
        self.scope = scope
        self.record = record
        self.list_path = list_path
        self.keys = keys
        self.kinds = kinds
        self.labels = labels
        self._widths: dict[str, int] = {}

    def on_mount(self) -> None:
        self.reload()

    def on_resize(self) -> None:
        self.reload()

    @property
    def items(self) -> list:
        return self.app.resolve(self.list_path()) or []

    def _cell(self, record, key: str) -> Text:
        value = getattr(record, key)
        text = self.kinds[key].format(value)
        amount = self.kinds[key].key.startswith("amount")
        return user_text(text, no_wrap=True, overflow="ellipsis", justify="right" if amount else "left")

    def reload(self) -> None:
        row = self.cursor_row
        items = self.items
        cols = [Col("n", "序号", 4, rank=0, max=4)]
        for key in self.keys:
            amount = self.kinds[key].key.startswith("amount")
            cols.append(Col(key, self.labels[key], 8 if amount else 10, rank=1 if not amount else 2, max=60)
                        .measure(self._cell(r, key) for r in items))
        width = self.size.width or max(40, self.app.size.width - 4)
        widths = fit(cols, width)
        if widths != self._widths or not self.columns:
            self._widths = widths
            self.clear(columns=True)
            for c in cols:
                if c.key in widths:
                    self.add_column(Text(c.label), key=c.key, width=widths[c.key])
        else:
            self.clear()
        for i, r in enumerate(items):
            cells = {"n": Text(f"{i + 1}")} | {k: self._cell(r, k) for k in self.keys}
            self.add_row(*[cells[k] for k in widths], key=str(i))
        if not items:
            hint = [Text("")] * len(widths)
            hint[min(1, len(hint) - 1)] = Text(f"（无{self.label}：按 a 新增）", style="dim")
            self.add_row(*hint, key="empty")
        else:
            self.move_cursor(row=min(row, len(items) - 1), animate=False)

    def _index(self) -> int | None:
        return self.cursor_row if self.items and 0 <= self.cursor_row < len(self.items) else None

    def _ask(self, title: str, record, done) -> None:
        fields = [(k, self.labels[k], self.kinds[k], getattr(record, k)) for k in self.keys]
        self.app.push_screen(RecordModal(title, fields), done)

    def action_add_record(self) -> None:
        if self.app.refuse_read_only():
            return
        i = self._index()
        at = i + 1 if i is not None else len(self.items)
        new = self.record()

        def done(values: dict | None) -> None:
            if values is None:
                return
            fresh = copy.copy(new)
            for k, v in values.items():
                setattr(fresh, k, v)
            self.app.edit(lambda s: s.insert(self.list_path(), at, fresh))
            self.reload()
            self.move_cursor(row=at)
            self._after()

        self._ask(f"新增{self.label}（第 {at + 1} 行）", new, done)

    def action_edit_record(self) -> None:
        i = self._index()
        if i is None:
            self.action_add_record()
            return
        if self.app.refuse_read_only():
            return

        def done(values: dict | None) -> None:
            if not values:
                return
            for k, v in values.items():
                def change(s: DocState, k: str = k, v: object = v) -> object:
                    return s.set((*self.list_path(), i, k), v, merge=False)

                self.app.edit(change)
            self.reload()
            self._after()

        self._ask(f"编辑{self.label}（第 {i + 1} 行）", self.items[i], done)

    def action_delete_record(self) -> None:
        i = self._index()
        if i is None or self.app.refuse_read_only():
            return
        first = self.keys[0] if self.keys else ""
        what = one_line(str(getattr(self.items[i], first, "") or ""))
        self.app.edit(lambda s: s.remove(self.list_path(), i))
        self.reload()
        self._after()
        named = f"「{brief(what, 16)}」" if what else ""
        self.app.notify(f"已删除{self.label}第 {i + 1} 行{named}（ctrl+z 撤销）", markup=False)

    def action_move_record(self, delta: int) -> None:
        i = self._index()
        if i is None or self.app.refuse_read_only():
            return
        if self.app.edit(lambda s: s.move(self.list_path(), i, i + delta)) is not None:
            self.reload()
            self.move_cursor(row=i + delta)
            self._after()

    def _after(self) -> None:
        refresh = getattr(self.screen, "refresh_findings", None)
        if refresh is not None:
            refresh()


def record_labels(screen, scope: str, record: type, keys: list[str]) -> dict[str, str]:
    out = {}
    for k in keys:
        f = field_of(record, k)
        out[k] = screen.label_of(scope, k) if f is not None else k
    return out
