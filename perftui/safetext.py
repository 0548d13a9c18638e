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


# ----- display form (the app) -----------------------------------------------------------
#
# The app shows user text as typed, but a character that a terminal would act on (C0/C1
# controls, DEL), that reorders or hides text (bidi embeddings, overrides, isolates and
# marks, zero-width spaces and joiners, the BOM, soft hyphens: Unicode category Cf), a line
# or paragraph separator, or a lone surrogate (it cannot even be encoded) is replaced by a
# visible placeholder: C0 controls and DEL by their Unicode control pictures (ESC -> ␛,
# BEL -> ␇, TAB -> ␉, LF -> ␊), everything else by its code point in angle brackets
# (U+202E -> ⟨U+202E⟩). Each placeholder stands for exactly one character; the data keeps
# the character itself (see ``edit_shown`` for how editing the display form keeps it).

_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})


def hidden(ch: str) -> bool:
    """Whether ``ch`` must not reach the terminal as it is."""
    return unicodedata.category(ch) in _HIDDEN_CATEGORIES


def placeholder(ch: str) -> str:
    """The visible stand-in of one hidden character."""
    code = ord(ch)
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ … ␟
    if code == 0x7F:
        return "\u2421"  # ␡
    return f"⟨U+{code:04X}⟩"


def _piece(ch: str, multiline: bool) -> str:
    if ch == "\n" and multiline:
        return ch
    return placeholder(ch) if hidden(ch) else ch


def _plain(text: str, multiline: bool) -> bool:
    """True when ``text`` needs no placeholder (the usual case, checked fast)."""
    if text.isprintable():  # no Cc/Cf/Cs/Zl/Zp (nor Zs other than space, Co, Cn)
        return True
    return not any(_piece(ch, multiline) is not ch for ch in text)


def shown(text: str, *, multiline: bool = False) -> str:
    """``text`` as the app displays it: every hidden character as its placeholder.

    ``multiline`` keeps line feeds as line breaks (for multi-line fields); otherwise they
    are shown as ␊ too. Other characters, including spaces, are left exactly as they are.
    """
    if _plain(text, multiline):
        return text
    return "".join(_piece(ch, multiline) for ch in text)


def shown_offsets(text: str, *, multiline: bool = False) -> tuple[str, list[int]]:
    """``shown(text)`` and, for each index ``i`` of ``text`` (and ``len(text)``), where the
    display form of ``text[i]`` starts: for carrying styles and cursors across."""
    out: list[str] = []
    offsets = [0]
    for ch in text:
        piece = _piece(ch, multiline)
        out.append(piece)
        offsets.append(offsets[-1] + len(piece))
    return "".join(out), offsets


def replace_shown(raw: str, start: int, end: int, typed: str, *, multiline: bool = False) -> tuple[str, int]:
    """``raw`` after the user replaced ``[start, end)`` of its display form by ``typed``.

    Returns the new text and the cursor position in its display form, just after what was
    typed. What the user typed is kept as typed; the hidden characters outside the replaced
    part are kept. A placeholder acts as one character: replacing or deleting any part of
    it deletes the hidden character, typing inside it puts the typed text after it.
    """
    _, offsets = shown_offsets(raw, multiline=multiline)
    start, end = sorted((max(0, start), max(0, end)))
    head: list[str] = []
    kept = ""  # a hidden character typed into (nothing deleted): stays, before the typed text
    tail: list[str] = []
    for i, ch in enumerate(raw):
        a, b = offsets[i], offsets[i + 1]  # where ch is shown (never empty)
        if b <= start:
            head.append(ch)
        elif a >= end:
            tail.append(ch)
        elif start == end:  # typed inside a placeholder
            kept = ch
        # else: shown within the replaced part: the whole character goes
    new = "".join(head) + kept + typed
    cursor = len(shown(new, multiline=multiline))
    return new + "".join(tail), cursor


def edit_shown(raw: str, edited: str, *, multiline: bool = False, cursor: int | None = None) -> tuple[str, int]:
    """``raw`` after its display form ``shown(raw)`` was changed to ``edited`` as a whole.

    The changed part is found by comparing the two (``cursor``, where the cursor is in
    ``edited`` after the change, says where the typing ended: nothing after it was typed),
    then applied with ``replace_shown``. So a field edited elsewhere keeps its hidden
    characters, and one nobody touches is never changed. Returns as ``replace_shown``.
    """
    before = shown(raw, multiline=multiline)
    if edited == before:
        return raw, len(before)
    limit = min(len(before), len(edited))

    def common_prefix(most: int) -> int:
        n = 0
        while n < most and before[n] == edited[n]:
            n += 1
        return n

    def common_suffix(most: int) -> int:
        n = 0
        while n < most and before[-1 - n] == edited[-1 - n]:
            n += 1
        return n

    if cursor is not None and 0 <= cursor <= len(edited):
        s = common_suffix(min(limit, len(edited) - cursor))
        p = common_prefix(min(cursor, limit - s))
    else:
        p = common_prefix(limit)
        s = common_suffix(limit - p)
    return replace_shown(raw, p, len(before) - s, edited[p:len(edited) - s], multiline=multiline)


def brief(text: str, limit: int = 40) -> str:
    """A user value as a message quotes it: at most ``limit`` characters, then "…" (a 10 MB
    value pasted by mistake must not be repeated whole in every message about it)."""
    return text if len(text) <= limit else text[:limit] + "…"
