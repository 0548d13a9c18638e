"""Reading Word-exported text into prose lines and TAB-cell rows.

Word's "plain text" export writes a table row as a group of lines that each start with a
TAB (one line per cell) and separates rows with blank lines; a cell that continues a
cell merged from the row above is written as a bare TAB. Everything else is prose.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from perftui.layout.grid import CONTINUED

# Word writes its hidden bookmarks (e.g. table-of-contents anchors) as "[bookmark: _Toc…]".
BOOKMARK_RE = re.compile(r"\[bookmark:[^\]]*\]")
_LINE_BREAK_RE = re.compile(r"\r\n|\r|\n")
# Word's manual line break (vertical tab) and page break (form feed) inside a paragraph.
_SOFT_BREAKS = str.maketrans({"\x0b": "\n", "\x0c": "\n"})


@dataclass(slots=True)
class Cell:
    text: str  # stripped; a paragraph break inside the cell is kept as "\n"
    line: int
    merged: bool  # written as a bare TAB: Word's mark of a cell merged from the row above
    extra_lines: list[int] = field(default_factory=list)  # continuation paragraphs


@dataclass(slots=True)
class Row:
    cells: list[Cell]

    @property
    def line(self) -> int:
        return self.cells[0].line

    @property
    def last_line(self) -> int:
        last = self.cells[-1]
        return last.extra_lines[-1] if last.extra_lines else last.line

    @property
    def texts(self) -> list[str]:
        return [c.text for c in self.cells]

    def preview(self) -> str:
        return " | ".join(t.replace("\n", " ") for t in self.texts)


@dataclass(slots=True)
class Prose:
    text: str
    line: int


def continuation_title(texts: list[str]) -> bool:
    """A row that holds only the form's title marked （续）: the top of a printed continuation
    page (perftui's own workbooks repeat the title and the column headings there)."""
    first = next((t for t in texts if t), "")
    if not first.rstrip().endswith(CONTINUED):  # most rows: one look at the first text
        return False
    found = {squash(t) for t in texts} - {""}
    return len(found) == 1


def squash(text: str) -> str:
    """Text with every whitespace removed: how labels are compared (``其中：财政    资金``)."""
    key = _SQUASHED.get(text)
    if key is None:
        key = "".join(text.split()).replace(":", "：")  # str.split() breaks at exactly what \s matches
        if len(text) <= _MEMO_TEXT and len(_SQUASHED) < _MEMO_SIZE:
            _SQUASHED[text] = key
    return key


# Labels repeat in every table (a 1,000-project workbook compares 一级指标 70,000 times):
# the squashed form of short texts is remembered, up to a bound.
_SQUASHED: dict[str, str] = {"": ""}
_MEMO_TEXT = 40
_MEMO_SIZE = 20000


def clean(text: str) -> str:
    """A cell or paragraph as stored: Word artefacts removed, inner characters untouched."""
    return BOOKMARK_RE.sub("", text).translate(_SOFT_BREAKS).strip()


def split_lines(text: str) -> list[str]:
    """Physical lines of the input (line i+1 is ``result[i]``), whatever the line ends."""
    if text.startswith("\ufeff"):
        text = text[1:]
    return _LINE_BREAK_RE.split(text)


def tokenize(lines: list[str], breaks_row: Callable[[str], bool]) -> list[Prose | Row]:
    """Group lines into prose paragraphs and table rows.

    A non-TAB line right after a cell line (no blank line between) is a further paragraph
    of that cell, unless ``breaks_row`` says it is a heading or a table title.
    """
    tokens: list[Prose | Row] = []
    row: Row | None = None
    for number, raw in enumerate(lines, start=1):
        if raw.startswith("\t"):
            if row is None:
                row = Row([])
                tokens.append(row)
            for part in raw[1:].split("\t"):
                row.cells.append(Cell(text=clean(part), line=number, merged=part == ""))
            continue
        text = clean(raw)
        if not text:
            row = None
            continue
        if row is not None and not breaks_row(text):
            cell = row.cells[-1]
            cell.text = f"{cell.text}\n{text}" if cell.text else text
            cell.extra_lines.append(number)
            cell.merged = False
            continue
        row = None
        tokens.append(Prose(text, number))
    return tokens
