"""OptionList paging that survives a freshly replaced option list.

Textual 8.2's ``OptionList._move_page`` reads a line cache that is rebuilt only on render;
page up/down between replacing the options and the next render raised KeyError and killed
the app (found by tests/test_tui_fuzz.py). ``Select`` uses an OptionList inside, so the fix
is applied to the class itself, once, when this module is imported by the app.

The open ``Select`` menu also put Textual's English "Dismiss menu" in the footer: its key
is given a Chinese label the same way.

``SafeOptionList`` is the app's own list: its options are display-safe (see widgets/safe.py).
"""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import OptionList
from textual.widgets._select import SelectOverlay

from perftui.tui.widgets.safe import safe_options

_original_move_page = OptionList._move_page


def _move_page_safely(self: OptionList, direction) -> None:
    try:
        _original_move_page(self, direction)
    except (KeyError, IndexError):
        if direction > 0:
            self.action_last()
        else:
            self.action_first()


if getattr(OptionList._move_page, "__name__", "") != "_move_page_safely":
    OptionList._move_page = _move_page_safely  # type: ignore[method-assign]  # the patch is the point


# Bindings are merged when a class is created, so the merged map is rebuilt after the change.
SelectOverlay.BINDINGS = [Binding("escape", "dismiss", "关闭菜单")]
SelectOverlay._merged_bindings = SelectOverlay._merge_bindings()


class SafeOptionList(OptionList):
    """An OptionList whose options are always display-safe: every way of adding options
    (the constructor, ``set_options``, ``add_option``) goes through ``add_options``.
    ``multiline``: the app's prompts break lines themselves (each part made safe by itself)."""

    def __init__(self, *content, multiline: bool = False, **kw) -> None:
        self._multiline = multiline  # before super().__init__, which adds the options
        super().__init__(*content, **kw)

    def add_options(self, new_options):
        return super().add_options(safe_options(new_options, multiline=self._multiline))
