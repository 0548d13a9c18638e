"""Leaving a screen safely: keys typed quickly may still arrive after a screen was closed."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from textual.app import App
    from textual.await_complete import AwaitComplete


class _Screen(Protocol):
    """What the mixin needs of the Screen it is mixed into."""

    @property
    def is_current(self) -> bool: ...

    @property
    def app(self) -> App[Any]: ...

    def dismiss(self, result: Any = None) -> AwaitComplete: ...


class LeaveSafely:
    """Mixin for Screen: pop or dismiss only while this screen is the one on top."""

    def leave(self: _Screen) -> None:
        if self.is_current:
            self.app.pop_screen()

    def close_with(self: _Screen, result: Any = None) -> None:
        if self.is_current:
            self.dismiss(result)
