"""A one-line title bar: the unit, the unsaved / read-only marks and where the work goes.

Where the work goes (the file's path, or that the sample is not saved anywhere yet) is
always shown, also at 80 columns: a path takes what the unit's name leaves and at least
three fifths of the line, losing its leading folders first (never its file name); the
sample's hint is kept whole before the unit's name. A unit's name that must be cut keeps the
year after it (which year's file it is matters more than the end of a long name).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from rich.cells import cell_len
from rich.text import Text
from textual.widget import Widget

from perftui.safetext import shown

APP_NAME = "perftui · "
SEPARATOR = " — "
MIN_LABEL = 12  # cells of the unit label always kept
_YEAR = re.compile(r" (?:19|20)[0-9]{2}$")  # the label's year (title_parts: code, name, year)


def display_path(path: Path) -> str:
    """The absolute path, with the home folder as ``~``."""
    text = str(Path(os.path.abspath(path)))
    home = os.path.expanduser("~")
    if home not in ("", "/") and (text == home or text.startswith(home + os.sep)):
        text = "~" + text[len(home):]
    return text


def _cut_right(text: str, width: int) -> str:
    if cell_len(text) <= width:
        return text
    out, used = [], 0
    for ch in text:
        w = cell_len(ch)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…" if width > 0 else ""


def _cut_left(text: str, width: int) -> str:
    """The end of a path in ``width`` cells, starting at a folder boundary where it can."""
    if cell_len(text) <= width:
        return text
    out, used = [], 0
    for ch in reversed(text):
        w = cell_len(ch)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    tail = "".join(reversed(out))
    cut = tail.find(os.sep)
    if 0 <= cut < len(tail) - 1:
        tail = tail[cut:]
    return "…" + tail if width > 0 else ""


def title_line(label: str, marks: str, where: str | Path, width: int) -> Text:
    """The title bar's text for ``width`` cells (0: not laid out yet, nothing is cut)."""
    label, marks = shown(label), shown(marks)
    app_name = APP_NAME if label else APP_NAME.removesuffix(" · ")
    is_path = isinstance(where, Path)
    where_text = shown(display_path(where) if isinstance(where, Path) else where)
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(" ")
    if width <= 0:
        text.append(app_name + label + marks)
        if where_text:
            text.append(SEPARATOR, style="dim")
            text.append(where_text, style="dim not bold")
        return text
    fixed = 1 + cell_len(marks) + (cell_len(SEPARATOR) if where_text else 0)
    avail = width - fixed
    # Where the work goes may take what the label leaves, and at least three fifths for a
    # path (its leading folders matter less than the unit); a hint has priority.
    share = avail * 3 // 5 if is_path else avail
    room_where = min(max(avail - cell_len(label), share), avail - min(cell_len(label), MIN_LABEL))
    if cell_len(where_text) > room_where:
        where_text = (_cut_left if is_path else _cut_right)(where_text, max(room_where, 8))
    room = width - fixed - cell_len(where_text)
    year = _YEAR.search(label)
    if cell_len(app_name + label) <= room:
        label = app_name + label
    elif year and room - cell_len(year.group()) >= MIN_LABEL:
        label = _cut_right(label[: year.start()], room - cell_len(year.group())) + year.group()
    else:
        label = _cut_right(label, max(room, 0))
    text.append(label + marks)
    if where_text:
        text.append(SEPARATOR, style="dim")
        text.append(where_text, style="dim not bold")
    return text


class TitleBar(Widget):
    """Like Textual's Header, but updates itself without querying children (Textual 8.2's
    Header raised NoMatches when the title changed while its screen was being removed)."""

    DEFAULT_CSS = """
    TitleBar { dock: top; height: 1; width: 1fr; background: $panel; color: $foreground; text-style: bold; }
    """

    def on_mount(self) -> None:
        self.watch(self.app, "title", self._changed, init=False)
        self.watch(self.app, "sub_title", self._changed, init=False)

    def _changed(self, _value: object = None) -> None:
        if self.is_attached:
            self.refresh()

    def parts(self) -> tuple[str, str, str | Path]:
        parts = getattr(self.app, "title_parts", None)
        if parts is not None:
            return parts()
        return self.app.title, "", self.app.sub_title

    def render(self) -> Text:
        return title_line(*self.parts(), self.size.width)
