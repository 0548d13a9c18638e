"""User text on screen: the one way each kind of widget shows it.

Text from data files (and from the user's config, themes and key files) may hold
characters a terminal acts on or that hide and reorder text (escapes, bidi overrides,
zero-width spaces). ``perftui.safetext.shown`` gives their visible placeholders; here each
widget kind the app uses applies it to whatever it is given, so no call site can forget:

- ``user_text``: a ``rich.text.Text`` for a piece of user text (use it where a plain
  ``Text(...)`` would be built from user text: Rich's ``Text`` would silently drop BEL, CR
  and BS, which then could not be shown as placeholders);
- ``SafeStatic``, ``SafeTable``, ``SafeSelect`` (and ``lists.SafeOptionList``): display
  widgets that pass every content, cell and option through ``safe_content``;
- ``SafeInput``, ``SafeTextArea``: editable fields that *show* the placeholders but keep
  the real characters in ``raw`` (editing goes through ``safetext.edit_shown``), so a field
  saved without touching them keeps them exactly, and an edit elsewhere in the field too.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.text import Span, Text
from textual.geometry import Size
from textual.widgets import DataTable, Input, Select, Static, TextArea
from textual.widgets.option_list import Option

from perftui.safetext import edit_shown, replace_shown, shown, shown_offsets


def user_text(text: str, *, multiline: bool = False, **kw: Any) -> Text:
    """``Text(text, **kw)`` with every hidden character shown as its placeholder."""
    return Text(shown(text, multiline=multiline), **kw)


def _safe_rich(text: Text, multiline: bool) -> Text:
    plain = text.plain
    if shown(plain, multiline=multiline) == plain:  # the usual case, checked fast
        return text
    new_plain, offsets = shown_offsets(plain, multiline=multiline)
    out = Text(new_plain, style=text.style, justify=text.justify, overflow=text.overflow,
               no_wrap=text.no_wrap, end=text.end, tab_size=text.tab_size)
    n = len(plain)
    out.spans = [Span(offsets[min(s.start, n)], offsets[min(s.end, n)], s.style) for s in text.spans]
    return out


def safe_content(content: Any, *, multiline: bool = True) -> Any:
    """Content for a widget, display-safe: a ``str`` becomes a ``Text`` (so it is never read
    as markup either), a ``Text`` keeps its styles; other renderables are left alone (the
    app builds those from its own text only)."""
    if isinstance(content, str):
        return user_text(content, multiline=multiline)
    if isinstance(content, Text):
        return _safe_rich(content, multiline)
    return content


class SafeStatic(Static):
    """A Static (title, note, message) whose content is always display-safe."""

    def __init__(self, content: Any = "", **kw: Any) -> None:
        super().__init__(safe_content(content), **kw)

    def update(self, content: Any = "", *, layout: bool = True) -> None:
        super().update(safe_content(content), layout=layout)


def wrap_chinese(text: Text, width: int) -> Text:
    """``text`` broken into lines of at most ``width`` columns as Chinese is written
    (perftui.linebreak), its styles kept. Rich and Textual break at spaces only: a message
    after 「项目1 指标1 」 would move to the next line whole, leaving the first nearly empty."""
    from perftui.linebreak import wrap_text

    if width <= 0:
        return text
    lines: list[Text] = []
    for para in text.split("\n", allow_blank=True):
        plain = para.plain
        starts, at = [], 0
        for piece in wrap_text(plain, width):
            start = plain.find(piece, at) if piece else at
            if start < 0:  # not a piece of the text as it stands: leave the line to the widget
                starts = [0]
                break
            starts.append(start)
            at = start + len(piece)
        for part in para.divide(starts[1:]):
            part.rstrip()
            lines.append(part)
    return Text("\n").join(lines)


class WrappedStatic(SafeStatic):
    """A SafeStatic of Chinese text (a finding under a field) that wraps with wrap_chinese."""

    def __init__(self, content: Any = "", **kw: Any) -> None:
        super().__init__(content, **kw)
        safe = safe_content(content)
        self._text: Text | None = safe if isinstance(safe, Text) else None

    def update(self, content: Any = "", *, layout: bool = True) -> None:
        safe = safe_content(content)
        self._text = safe if isinstance(safe, Text) else None
        super().update(safe, layout=layout)

    def _lines(self, width: int) -> Text | None:
        return wrap_chinese(self._text, width) if self._text is not None else None

    def get_content_height(self, container: Any, viewport: Any, width: int) -> int:
        lines = self._lines(width)
        if lines is None:
            return super().get_content_height(container, viewport, width)
        return lines.plain.count("\n") + 1

    def render(self) -> Any:
        lines = self._lines(self.size.width)
        return lines if lines is not None else super().render()


# A focused DataTable's left border (app.tcss: ``DataTable:focus { border-left: outer … }``)
# takes a column: tables fit their columns to ``outer_size.width - FOCUS_BORDER``, the same
# before the first layout, focused or not (no second build when the focus or layout comes).
FOCUS_BORDER = 1


class SafeTable(DataTable):
    """A DataTable whose column labels and cells are always display-safe (one line each)."""

    def add_column(self, label, *, width=None, key=None, default=None):
        label = safe_content(label, multiline=False)
        if isinstance(label, Text) and label.overflow is None:
            # A header narrower than its label ends in … (as its cells do), not cut mid-word
            # (「指标值（」 for 指标值（中期）).
            label = label.copy()
            label.no_wrap, label.overflow = True, "ellipsis"
        return super().add_column(label, width=width, key=key, default=safe_content(default, multiline=False))

    def add_row(self, *cells, height=1, key=None, label=None):
        cells = tuple(safe_content(c, multiline=False) for c in cells)
        return super().add_row(*cells, height=height, key=key, label=safe_content(label, multiline=False))

    def update_cell(self, row_key, column_key, value, *, update_width: bool = False) -> None:
        super().update_cell(row_key, column_key, safe_content(value, multiline=False), update_width=update_width)

    def _update_dimensions(self, new_rows) -> None:
        """Textual measures every cell of each new row, for columns that size themselves; where
        every column has its width and every new row one line, without a label (the project
        table: a third of opening 1,000 rows went there), only the virtual size is worked out,
        as Textual does it after the measuring (tests/test_tui_tables.py holds the two equal)."""
        new_rows = list(new_rows)
        plain = not any(c.auto_width for c in self.columns.values()) and all(
            row is None or (not row.auto_height and row.label is None) for row in map(self.rows.get, new_rows))
        if not plain:  # (a row removed meanwhile is None: Textual skips it too)
            super()._update_dimensions(new_rows)
            return
        width = sum(column.get_render_width(self) for column in self.columns.values()) + self._row_label_column_width
        header = self.header_height if self.show_header else 0
        self.virtual_size = Size(width, self._total_row_height + header)


def _safe_option(item: Any, multiline: bool) -> Any:
    if isinstance(item, Option):
        safe = safe_content(item.prompt, multiline=multiline)
        if safe is not item.prompt:
            item._set_prompt(safe)
        return item
    return item if item is None else safe_content(item, multiline=multiline)


def safe_options(items: Iterable[Any], *, multiline: bool = False) -> list[Any]:
    """OptionList contents (Option, text or None for a divider) with display-safe prompts;
    used by ``lists.SafeOptionList``, the app's own option list."""
    return [_safe_option(item, multiline) for item in items]


def _safe_choices(options: Iterable[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    return [(safe_content(prompt, multiline=False), value) for prompt, value in options]


class SafeSelect(Select):
    """A Select whose option labels (and so the shown choice) are always display-safe;
    the values stay exactly as given."""

    def __init__(self, options: Iterable[tuple[Any, Any]], **kw: Any) -> None:
        choices = _safe_choices(options)
        self._choices = _plain(choices)
        super().__init__(choices, **kw)

    def set_options(self, options: Iterable[tuple[Any, Any]]) -> None:
        choices = _safe_choices(options)
        if _plain(choices) == self._choices:
            return  # the same list: rebuilding it would only cost a relayout (the value is kept)
        self._choices = _plain(choices)
        super().set_options(choices)


def _plain(choices: list[tuple[Any, Any]]) -> list[tuple[str, Any]]:
    return [(str(prompt), value) for prompt, value in choices]


class SafeInput(Input):
    """A one-line field that shows hidden characters as placeholders and keeps them.

    ``raw`` is the text with the real characters; ``set_raw`` puts a value in. Every edit
    Textual makes by key or paste goes through ``replace``, which is applied to ``raw``
    exactly (``safetext.replace_shown``); a value set as a whole is followed by comparing
    (``safetext.edit_shown``). When an edit leaves part of a placeholder (one key deleted
    inside ``⟨U+202E⟩``), the shown text is put right at once, so the field always shows
    exactly what ``raw`` holds.
    """

    def __init__(self, value: str = "", **kw: Any) -> None:
        self._raw = value
        self._raw_shown = shown(value)
        super().__init__(self._raw_shown, **kw)

    @property
    def raw(self) -> str:
        self._follow()
        return self._raw

    def set_raw(self, raw: str) -> None:
        """Show ``raw`` (posts Input.Changed like setting ``value``, unless prevented)."""
        self._raw = raw
        self._raw_shown = shown(raw)
        self.value = self._raw_shown

    def replace(self, text: str, start: int, end: int) -> None:
        if self.restrict or self.max_length or self.type != "text":
            super().replace(text, start, end)  # Textual's checks on the shown text; followed
            return
        self._follow()
        length = len(self.value)
        start, end = sorted((min(max(0, start), length), min(max(0, end), length)))
        self._raw, cursor = replace_shown(self._raw, start, end, text)
        self._raw_shown = shown(self._raw)
        self.value = self._raw_shown
        self.cursor_position = cursor

    def _follow(self) -> None:
        value = self.value
        if value == self._raw_shown:
            return
        self._raw, cursor = edit_shown(self._raw, value)
        self._raw_shown = shown(self._raw)
        if self._raw_shown != value:
            with self.prevent(Input.Changed):
                self.value = self._raw_shown
            self.cursor_position = cursor

    def _watch_value(self, value: str) -> None:
        self._follow()
        super()._watch_value(self.value)


class SafeTextArea(TextArea):
    """A multi-line field that shows hidden characters as placeholders and keeps them
    (line feeds stay line breaks); ``raw`` and ``set_raw`` as for ``SafeInput``. TextArea's
    edits (typing, paste, its own undo) are followed by comparing, with the cursor saying
    where the typing ended."""

    def __init__(self, text: str = "", **kw: Any) -> None:
        self._raw = text
        self._raw_shown = shown(text, multiline=True)
        super().__init__(self._raw_shown, **kw)

    @property
    def raw(self) -> str:
        self._follow()
        return self._raw

    def set_raw(self, raw: str) -> None:
        self._raw = raw
        self._raw_shown = shown(raw, multiline=True)
        self.load_text(self._raw_shown)

    def _cursor_index(self) -> int:
        row, col = self.cursor_location
        lines = self.text.split("\n")
        return sum(len(line) + 1 for line in lines[:row]) + col

    def _follow(self) -> None:
        text = self.text
        if text == self._raw_shown:
            return
        self._raw, cursor = edit_shown(self._raw, text, multiline=True, cursor=self._cursor_index())
        self._raw_shown = shown(self._raw, multiline=True)
        if self._raw_shown != text:
            before = self._raw_shown[:cursor]
            row = before.count("\n")
            col = len(before) - (before.rfind("\n") + 1)
            with self.prevent(TextArea.Changed):
                self.load_text(self._raw_shown)
            self.move_cursor((row, col))

    def _on_text_area_changed(self, event: TextArea.Changed) -> None:
        self._follow()  # before the screen hears of it: the field shows what it holds


def raw_text(widget: Any) -> str:
    """The real text of an input field (``SafeInput``/``SafeTextArea`` or a plain one)."""
    raw = getattr(widget, "raw", None)
    if raw is not None:
        return raw
    return widget.text if isinstance(widget, TextArea) else widget.value
