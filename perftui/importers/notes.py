"""Collecting the importer's notices: one Problem per oddity, with the input's line number."""

from __future__ import annotations

from pathlib import Path

from perftui.errors import Problem


class Notices:
    def __init__(self, source: Path | None):
        self.source = source
        self.items: list[Problem] = []

    def add(self, line: int | None, message: str) -> None:
        self.items.append(Problem(self.source, line, "", message))

    def sorted(self) -> list[Problem]:
        # Stable: notices of one line keep the order they were found in.
        return sorted(self.items, key=lambda p: p.line or 0)


def quote(text: str, limit: int | None = 40) -> str:
    """A piece of user text for a message: in Chinese quotes, on one line, shortened unless
    ``limit`` is None (text that is reported instead of placed is quoted whole)."""
    flat = text.replace("\n", " ")
    if limit is not None and len(flat) > limit:
        flat = flat[: limit - 1] + "…"
    return f"“{flat}”"
