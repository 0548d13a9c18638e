"""User text made safe to print on a terminal.

Text from data files may hold tabs, carriage returns, ANSI escape sequences, bidi marks
or zero-width characters; printed raw they would recolour the terminal, move the cursor
or break table alignment. Every report that prints user text passes it through here.
"""

from __future__ import annotations

import unicodedata


def clean(text: str) -> str:
    """Tabs to spaces, CR/CRLF to newlines, other control and format characters dropped."""
    text = text.replace("\t", "    ").replace("\r\n", "\n").replace("\r", "\n")
    if text.isprintable():  # the usual case: nothing to drop
        return text
    return "".join(ch for ch in text if ch == "\n" or unicodedata.category(ch) not in ("Cc", "Cf"))


def one_line(text: str) -> str:
    """``clean`` with line breaks as spaces, for one-line places (table cells, headers)."""
    return " ".join(clean(text).split("\n"))


def brief(text: str, limit: int = 40) -> str:
    """A user value as a message quotes it: at most ``limit`` characters, then "…" (a 10 MB
    value pasted by mistake must not be repeated whole in every message about it)."""
    return text if len(text) <= limit else text[:limit] + "…"
