"""Key path → line number, for messages about a data file.

A light line scanner, run only when a file has problems. It follows ``[table]`` and
``[[array]]`` headers (counting array entries from 1, as key paths do) and ``key = …``
lines, skipping the inside of multi-line strings and arrays. Key paths whose exact key is
not written (a missing field, an item inside an array or inline table) fall back to the
nearest written parent: the ``plan = {…}`` line, the ``[[projects]]`` header.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# Possessive quantifiers and no lazy ones: a line of a megabyte (a pasted-in key, a header
# with a run of spaces) is scanned once, never with backtracking.
_HEADER = re.compile(r"^\s*+(\[\[?)\s*+([^\]#]*[^\]#\s])\s*\]\]?\s*(?:#.*)?$")
_PART = r"""(?:[A-Za-z0-9_-]++|"(?:[^"\\]++|\\.)*+"|'[^']*+')"""
_KEYLINE = re.compile(rf"""^\s*+({_PART}(?:\s*+\.\s*+{_PART})*+)\s*+=""")
_KEYPART = re.compile(_PART)
# In a multi-line basic string: an escape (skipped: \" does not close it) or the closing quotes.
_ESCAPE_OR_CLOSE = re.compile(r'\\.|"""', re.S)
# What a bracket count skips: strings (to their end, or the line's) and a comment.
_NOT_BRACKETS = re.compile(r""""(?:[^"\\]++|\\.)*+"?|'[^']*+'?|#.*""")
_INDEX = re.compile(r"\[(\d+)\]")


def _parts(dotted: str) -> list[str]:
    out = []
    for m in _KEYPART.finditer(dotted):
        part = m.group()
        if part[0] in "\"'":
            part = part[1:-1]
        out.append(part)
    return out


def statements(text: str) -> Iterator[tuple[int, re.Match[str] | None, re.Match[str] | None]]:
    """(1-based line, header match, key match) for each line that starts a header or a key.

    Lines inside multi-line strings and multi-line arrays / inline tables are skipped.
    """
    in_string: str | None = None  # the delimiter of an open multi-line string
    depth = 0  # open brackets of a multi-line array / inline table
    for no, line in enumerate(text.split("\n"), 1):
        if in_string:
            if _closing(line, 0, in_string) is not None:
                in_string = None
            continue
        if depth > 0:
            depth += _bracket_balance(line)
            continue
        header = _HEADER.match(line)
        if header:
            yield no, header, None
            continue
        m = _KEYLINE.match(line)
        if not m:
            continue
        yield no, None, m
        value = line[m.end():].lstrip()
        delim = value[:3]
        if delim in ('"""', "'''"):
            if _closing(value, 3, delim) is None:
                in_string = delim
        elif value[:1] and value[0] in "[{":
            depth = max(0, _bracket_balance(value))


def _closing(text: str, start: int, delim: str) -> int | None:
    """Where a multi-line string delimited by ``delim`` closes in ``text`` (None: not on this line)."""
    if delim != '"""':  # a literal string has no escapes
        found = text.find(delim, start)
        return None if found < 0 else found
    for m in _ESCAPE_OR_CLOSE.finditer(text, start):
        if m.group() == '"""':
            return m.start()
    return None


def header_names(header: re.Match[str]) -> tuple[bool, list[str]]:
    """Whether a header is an ``[[array]]`` one, and its dotted names."""
    return header.group(1) == "[[", _parts(header.group(2))


def index_lines(text: str) -> dict[str, int]:
    """Every table header and key written in ``text``, as key path → 1-based line."""
    lines: dict[str, int] = {}
    counts: dict[str, int] = {}
    table = ""  # key path of the current table, e.g. "projects[2].indicators[3]"
    for no, header, key in statements(text):
        if header:
            array, names = header_names(header)
            path = _resolve(names, counts, array)
            if array:
                counts[path] = counts.get(path, 0) + 1
                path = f"{path}[{counts[path]}]"
            table = path
            lines.setdefault(table, no)
            continue
        assert key is not None  # statements() yields a header match or a key match
        keypath = table
        for part in _parts(key.group(1)):  # a dotted key also names its parents: a.b = 1 defines a
            keypath = f"{keypath}.{part}" if keypath else part
            lines.setdefault(keypath, no)
    return lines


def _resolve(names: list[str], counts: dict[str, int], array: bool) -> str:
    """A header's key path: ``projects.indicators`` inside the 2nd project → ``projects[2].indicators``.

    The last name of an ``[[array]]`` header is left bare: the caller adds the new entry's index.
    """
    path = ""
    last = len(names) - 1
    for i, name in enumerate(names):
        path = f"{path}.{name}" if path else name
        if path in counts and not (array and i == last):
            path = f"{path}[{counts[path]}]"
    return path


def _bracket_balance(text: str) -> int:
    """Opening minus closing brackets outside strings and comments (rough but enough here)."""
    bare = _NOT_BRACKETS.sub("", text)
    return bare.count("[") + bare.count("{") - bare.count("]") - bare.count("}")


def line_of(keypath: str, index: dict[str, int]) -> int | None:
    """The line of ``keypath`` or of its nearest written parent."""
    path = keypath
    while path:
        if path in index:
            return index[path]
        # Drop the last step: ".key" or "[n]".
        cut = max(path.rfind("."), path.rfind("["))
        if cut <= 0:
            break
        path = path[:cut]
    return index.get(path) if path else None
