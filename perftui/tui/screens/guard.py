"""Leaving a screen safely: keys typed quickly may still arrive after a screen was closed."""

from __future__ import annotations


class LeaveSafely:
    """Mixin for Screen: pop or dismiss only while this screen is the one on top."""

    def leave(self) -> None:
        if self.is_current:
            self.app.pop_screen()

    def close_with(self, result=None) -> None:
        if self.is_current:
            self.dismiss(result)
