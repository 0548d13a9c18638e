"""The footer: the keys of the focused widget and its screen, fitted to one line.

Textual's Footer rebuilds a widget per key after the focus has moved (two refreshes
later, and slow on a busy screen) and cuts what does not fit. This bar draws one line in
the same frame as the focus change: keys in the order of their rank (perftui.tui.keymap),
short labels when the line is short, the least important left out, f1 帮助 always kept,
and the command palette's key at the right.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.dom import DOMNode
from textual.widget import Widget

from perftui.tui import keymap

GAP = "  "


def _entries(screen) -> list[tuple[int, int, str, str, str, DOMNode, str]]:
    """(rank, order, key, label, short label, node, action) of every key worth showing."""
    out = []
    seen: set[str] = set()
    app = screen.app
    # A table's own hidden Enter (select_cursor) shadows the screen's Enter 跳转: show the screen's.
    own = {k.key: k for k in keymap.KEYS if k.show and not k.on and k.id.split(".", 1)[0] in getattr(screen, "SCOPES", ())}
    for n, active in enumerate(screen.active_bindings.values()):
        node, b, enabled = active.node, active.binding, active.enabled
        if not b.show and b.key in own and own[b.key].action not in seen:
            k = own[b.key]
            b, node = Binding(k.key, k.action, k.description, id=k.id), screen
        if not b.show or not enabled or b.action in seen:
            continue
        if b.action == "save" and not getattr(app, "can_save", lambda: True)():
            continue
        seen.add(b.action)
        known = keymap.KEYS_BY_ID.get(b.id or "")
        rank = known.rank if known is not None else 5
        short = (known.short if known is not None else "") or b.description
        display = b.key_display or app.get_key_display(b)
        out.append((rank, n, display, b.description, short, node, b.action))
    return out


def layout(entries, width: int, palette: str) -> list[tuple[str, str, DOMNode, str]]:
    """The (key, label, node, action) entries that fit ``width``, in screen order."""
    room = width - (cell_len(palette) + len(GAP) if palette else 0) - 1

    def size(items, short: bool) -> int:
        return sum(cell_len(k) + 1 + cell_len(s if short else d) + len(GAP) for _, _, k, d, s, _, _ in items)

    chosen = sorted(entries, key=lambda e: (e[0], e[1]))
    short = False
    while chosen:
        if size(chosen, False) <= room:
            break
        if size(chosen, True) <= room:
            short = True
            break
        if len(chosen) == 1:
            short = True
            break
        chosen.pop()  # the least important (highest rank, latest) goes first
    chosen.sort(key=lambda e: e[1])
    return [(k, s if short else d, node, action) for _, _, k, d, s, node, action in chosen]


class KeyBar(Widget):
    COMPONENT_CLASSES = {"keybar--key"}
    DEFAULT_CSS = """
    KeyBar { dock: bottom; height: 1; width: 1fr; background: $footer-background; color: $footer-foreground; }
    KeyBar > .keybar--key { color: $footer-key-foreground; text-style: bold; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._hits: list[tuple[int, int, DOMNode, str]] = []

    def on_mount(self) -> None:
        screen = self.screen
        self.watch(screen, "focused", self._changed, init=False)
        screen.bindings_updated_signal.subscribe(self, self._changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _changed(self, _value: object = None) -> None:
        if self.is_attached:
            self.refresh()

    def shown(self) -> list[tuple[str, str]]:
        """(key, label) of what the bar shows now (for tests and F1)."""
        return [(k, label) for k, label, _, _ in self._layout()]

    def _palette(self) -> str:
        app = self.app
        if not app.ENABLE_COMMAND_PALETTE:
            return ""
        return f"{keymap.key_display(app, 'app.palette').replace('ctrl+', '^')} 命令"

    def _layout(self):
        return layout(_entries(self.screen), self.size.width or self.app.size.width, self._palette())

    def render(self) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis")
        key_style = self.get_component_rich_style("keybar--key")
        self._hits = []
        text.append(" ")
        for key, label, node, action in self._layout():
            start = cell_len(text.plain)
            text.append(key, style=key_style)
            text.append(" ")
            text.append(label)
            self._hits.append((start, cell_len(text.plain), node, action))
            text.append(GAP)
        palette = self._palette()
        if palette:
            pad = (self.size.width or 0) - cell_len(text.plain) - cell_len(palette) - 1
            text.append(" " * max(pad, 1))
            start = cell_len(text.plain)
            text.append(palette, style=key_style)
            self._hits.append((start, cell_len(text.plain), self.app, "command_palette"))
        return text

    async def on_click(self, event: events.Click) -> None:
        for start, end, node, action in self._hits:
            if start <= event.x < end:
                event.stop()
                await self.app.run_action(action, node)
                return
