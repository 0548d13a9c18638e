"""Lines of Chinese text for a terminal: how many columns a text takes, and wrapping as
Chinese is written (between any two characters, never before a closing mark nor after an
opening one, never inside a code or number). The command-line reports and the app's notes
wrap with it."""

from __future__ import annotations

import re
from functools import lru_cache


def display_width(text: str) -> int:
    """Columns a text takes on a terminal (a Chinese character two)."""
    if text.isascii() and text.isprintable():  # a rule id, a code, a number: one column each
        return len(text)
    if len(text) <= 8:  # 错误/警告/提示 and other short labels, thousands of times in a report
        return _short_width(text)
    return _width(text)


def _width(text: str) -> int:
    from wcwidth import wcwidth

    return sum(max(wcwidth(ch), 0) for ch in text)


_short_width = lru_cache(maxsize=1024)(_width)


# A line never starts with a closing mark nor ends with an opening one (Chinese line
# breaking); a run of narrow characters (a code, a number, ``≥80%``, a path) is one token
# that is never split; a Chinese character is a token of its own.
_NO_LINE_START = frozenset("，。、；：？！）》」』】〕〉”’%％,.;:?!)]}…—·")
_NO_LINE_END = frozenset("（《「『【〔〈“‘([{")
_TOKENS = re.compile(r" +|[^ ]")


def _tokens(paragraph: str) -> list[str]:
    """Spaces, narrow runs and single wide characters, in order."""
    from wcwidth import wcwidth

    out: list[str] = []
    for piece in _TOKENS.findall(paragraph):
        narrow = piece != " " * len(piece) and wcwidth(piece) == 1
        if narrow and out and out[-1][0] != " " and _narrow(out[-1]):
            out[-1] += piece
        else:
            out.append(piece)
    return out


def longest_token(text: str) -> int:
    """The width of the widest piece of ``text`` that wrapping never splits."""
    return max((display_width(t) for line in text.split("\n") for t in _tokens(line) if t[0] != " "), default=0)


def _narrow(token: str) -> bool:
    from wcwidth import wcwidth

    return all(wcwidth(ch) == 1 for ch in token)


def _glued(a: str, b: str) -> bool:
    """No line break may fall between tokens ``a`` and ``b``."""
    return b[0] in _NO_LINE_START or a[-1] in _NO_LINE_END


def wrap_parts(parts: list[str], width: int | None, sep: str = "  ") -> list[str]:
    """``parts`` joined by ``sep`` as lines of at most ``width`` columns, broken between parts;
    a part wider than a line is wrapped on its own (``wrap_text``)."""
    if width is None:
        return [sep.join(parts)]
    lines: list[str] = []
    line = ""
    for part in parts:
        joined = f"{line}{sep}{part}" if line else part
        if display_width(joined) <= width:
            line = joined
            continue
        if line:
            lines.append(line)
        pieces = wrap_text(part, width)
        lines += pieces[:-1]
        line = pieces[-1]
    lines.append(line)
    return lines


def wrap_text(text: str, width: int | None, rest: int | None = None) -> list[str]:
    """``text`` as lines of at most ``width`` columns (``rest`` for the lines after the first),
    broken only between words, between Chinese characters and never inside a code or number;
    a token longer than a line stands alone on its line. ``width`` None: the text's own lines."""
    out: list[str] = []
    for paragraph in text.split("\n"):
        if width is None or display_width(paragraph) <= width:
            out.append(paragraph)
            continue
        out += _wrap_paragraph(paragraph, width, width if rest is None else rest, first=not out)
    return out


def _wrap_paragraph(paragraph: str, width: int, rest: int, *, first: bool) -> list[str]:
    # Units: tokens glued together (a code with its brackets and the comma after it).
    units: list[tuple[str, list[str]]] = []  # (space before, tokens)
    space = ""
    for tok in _tokens(paragraph):
        if tok[0] == " ":
            space += tok
        elif units and not space and _glued(units[-1][1][-1], tok):
            units[-1][1].append(tok)
        else:
            units.append((space, [tok]))
            space = ""
    lines: list[str] = []
    line, used = "", 0
    room = width if first else rest

    def newline() -> None:
        nonlocal line, used, room
        lines.append(line)
        line, used, room = "", 0, rest

    for space, toks in units:
        w = sum(display_width(t) for t in toks)
        lead = space if line else ("" if lines or not first else space)
        if used + display_width(lead) + w <= room:
            line += lead + "".join(toks)
            used += display_width(lead) + w
            continue
        if line:
            newline()
        if w <= room:
            line, used = "".join(toks), w
            continue
        pieces = _break_run(toks, room, rest)  # a glued run longer than a line
        for piece in pieces[:-1]:
            line = piece
            newline()
        line, used = pieces[-1], display_width(pieces[-1])
    lines.append(line)
    return lines


def _break_run(toks: list[str], room: int, rest: int) -> list[str]:
    """The lines of a glued run too wide for one (``room`` for the first, ``rest`` after): each
    within its width (a token wider than a line stands alone), with the fewest breaks before
    a closing mark or after an opening one, then the fewest lines."""
    n = len(toks)
    widths = [display_width(t) for t in toks]
    # best[i]: (bad breaks, lines, break positions) of toks[:i] ending at a break
    none = (n + 1, n + 1, [n])
    best: list[tuple[int, int, list[int]]] = [(0, 0, [])] + [none] * n
    for i in range(n):
        if best[i] is none:
            continue
        bad0, lines0, ends0 = best[i]
        limit = room if i == 0 else rest
        used = 0
        for j in range(i + 1, n + 1):
            used += widths[j - 1]
            if used > limit and j > i + 1:
                break
            bad = bad0 + (j < n and (toks[j][0] in _NO_LINE_START or toks[j - 1][-1] in _NO_LINE_END))
            if (bad, lines0 + 1) < best[j][:2]:
                best[j] = (bad, lines0 + 1, [*ends0, j])
    ends = best[n][2]
    return ["".join(toks[a:b]) for a, b in zip([0, *ends], ends, strict=False)]
