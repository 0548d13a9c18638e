"""An OptionList that survives paging right after its options were replaced."""

from __future__ import annotations

from textual.widgets import OptionList


class SafeOptionList(OptionList):
    """Textual 8.2's OptionList pages through a line cache that is rebuilt only on render;
    paging between a rebuild and the next render raised KeyError. Fall back to first/last."""

    def _move_page(self, direction) -> None:
        try:
            super()._move_page(direction)
        except (KeyError, IndexError):
            if direction > 0:
                self.action_last()
            else:
                self.action_first()
