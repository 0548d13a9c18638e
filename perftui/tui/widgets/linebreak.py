"""Chinese line breaking: no wrapped line starts with ，。；：、！？ or a closing bracket.

Textual's TextArea and Content and Rich's Text wrap CJK text at any character, so a paragraph could show
``，加强基层领导班子建设`` at the start of a line. Both ask one function where to break; the
app wraps that function (once, when this module is imported) so that a break falling just
before such a mark moves one character earlier: the mark's word goes down with it, and no
line grows wider than before.
"""

from __future__ import annotations

from collections.abc import Callable

import rich._wrap
import rich.text
import textual._wrap
import textual.content
import textual.document._wrapped_document

# Marks that must not begin a line (GB/T 15834 and common practice).
NO_LINE_START = frozenset("，。；：、！？）」』】》〉…—,.;:!?)%％·")


def _earlier(text: str, b: int, previous: int) -> int:
    """The break ``b`` moved back over marks (two at most: ……, ）。), leaving the line above at
    least two characters."""
    at = b
    while 0 < at < len(text) and text[at] in NO_LINE_START and at - 1 - previous >= 2 and b - at < 2:
        at -= 1
    return at


def _wrapped(divide: Callable[..., list[int]]) -> Callable[..., list[int]]:
    def divide_without_leading_marks(text: str, *args, **kwargs) -> list[int]:
        breaks = divide(text, *args, **kwargs)
        kwargs.pop("precomputed_tab_sections", None)  # they describe the whole text only
        out: list[int] = []
        base = 0
        while breaks:
            for b in breaks:
                at = _earlier(text, b, out[-1] if out else 0)
                out.append(at)
                if at != b:  # the rest of the text wraps again from the new line start
                    base = at
                    breaks = [base + x for x in divide(text[base:], *args, **kwargs)]
                    break
            else:
                breaks = []
        return out

    divide_without_leading_marks.perftui = True  # type: ignore[attr-defined]
    return divide_without_leading_marks


def install() -> None:
    if not getattr(textual.document._wrapped_document.compute_wrap_offsets, "perftui", False):
        textual.document._wrapped_document.compute_wrap_offsets = _wrapped(textual._wrap.compute_wrap_offsets)
    if not getattr(rich.text.divide_line, "perftui", False):
        rich.text.divide_line = _wrapped(rich._wrap.divide_line)
    # Textual's own Content (Static, Label, dialogs) took rich's function at its import.
    if not getattr(textual.content.divide_line, "perftui", False):
        textual.content.divide_line = _wrapped(rich._wrap.divide_line)


install()
