"""An indicator table with the form of its current row, built from the document's form.

Used twice: a project's 绩效指标 (the project editor) and the 整体支出 form's department-level
indicators (the department screen). Columns and fields are the form's own (perftui.forms),
in its order and with its labels; a column the form lacks is still shown when a row of
this table holds something in it (nothing the file holds is hidden).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol, cast

from rich.text import Text
from textual.containers import Horizontal
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label, Select

from perftui.fields import field_of, fields_of
from perftui.forms import profile_of
from perftui.frameworks import STANDARD_BASES, get_framework
from perftui.kinds import POINTS
from perftui.model import Indicator
from perftui.skeleton import framework_rows
from perftui.tui import keymap
from perftui.tui.screens.base import FieldSpec, compact_input, label_width
from perftui.tui.widgets.columns import Col, fit
from perftui.tui.widgets.findings import severity_of
from perftui.tui.widgets.safe import SafeInput, SafeSelect, SafeStatic, SafeTable, user_text
from perftui.values import parse_value

if TYPE_CHECKING:
    from textual.widget import Widget

LEVELS = ("level1", "level2")
# Table columns: (narrowest width, rank: 0 always shown, higher left out sooner / grown later).
COLUMN_FIT = {
    "level1": (8, 2), "level2": (10, 2), "name": (14, 0), "value": (8, 1), "long_value": (8, 6),
    # 中期 columns go before the 年度 ones, 二级 first (it mostly repeats the 年度 二级), then the
    # value: a lone 中期 column is its 三级 name, not a value without it.
    "long_name": (12, 5), "long_level2": (10, 7), "basis": (6, 4), "description": (12, 6), "unit": (4, 3),
    "points": (4, 2), "explain": (12, 7), "scoring": (12, 8), "value_type": (4, 8), "direction": (6, 8),
    "note": (6, 9),
}
# A 三级指标 cut short is made whole by leaving out columns of this rank and above (the 中期 二级,
# 指标解释, 评分标准 …): what a row measures matters more than those, which the form below shows.
WHOLE_FROM = 7
# Table headers where the form uses the declared label (a form's own wording is kept).
SHORT_HEADERS = {
    "level1": "一级", "level2": "二级", "description": "描述", "basis": "依据", "long_level2": "二级（中期）",
    "long_name": "三级（中期）", "long_value": "指标值（中期）", "value_type": "类型", "direction": "方向",
}
_LEVEL_WORD = re.compile(r"(?<=[一二三])级指标(?=（|$)")
VALUE_KEYS = ("value", "long_value")
PLACEHOLDERS = {
    "value": "如 ≥25个、≥90%、=100%", "long_value": "如 ≥25个", "points": "0–100",
    "basis": "计划标准/行业标准/历史标准/预算支出标准/其他标准或自填",
}


class IndicatorHost(Protocol):
    """What the screen of an indicator table does for its keys (the department screen, the project editor)."""

    def block_of(self, table: IndicatorTable) -> IndicatorBlock | None: ...

    def indicator_add(self, block: IndicatorBlock | None) -> None: ...

    def indicator_delete(self, block: IndicatorBlock | None) -> None: ...

    def indicator_move(self, block: IndicatorBlock | None, delta: int) -> None: ...

    def indicator_edit(self, block: IndicatorBlock | None) -> None: ...

    def indicator_frame(self, block: IndicatorBlock | None) -> None: ...


class IndicatorTable(SafeTable):
    """The indicator rows; a / d / alt+↑↓ work here (in a field they are just letters)."""

    SCOPE = "editor"
    BINDINGS = keymap.bindings("editor", on="table")

    @property
    def _host(self) -> IndicatorHost:
        # cast: only those screens mount an indicator table (IndicatorBlock.compose, which they own).
        return cast("IndicatorHost", self.screen)

    def _block(self) -> IndicatorBlock | None:
        return self._host.block_of(self)

    def action_add_indicator(self) -> None:
        self._host.indicator_add(self._block())

    def action_delete_indicator(self) -> None:
        self._host.indicator_delete(self._block())

    def action_move_indicator(self, delta: int) -> None:
        self._host.indicator_move(self._block(), delta)

    def action_edit_indicator(self) -> None:
        self._host.indicator_edit(self._block())

    def action_fill_framework(self) -> None:
        self._host.indicator_frame(self._block())


def _cell_text(ind: Indicator, key: str) -> str:
    return POINTS.format(ind.points) if key == "points" else str(getattr(ind, key))


def indicator_keys(doc, records: list[Indicator]) -> list[str]:
    """The indicator fields to show: the form's, in its order, then any others a row holds."""
    own = list(profile_of(doc).order("indicator"))
    if not own:
        own = ["level1", "level2", "name", "value"]
    for f in fields_of(Indicator):
        if f.key not in own and any(not f.blank(getattr(r, f.key)) for r in records):
            own.append(f.key)
    return own


class IndicatorBlock:
    """The table and form of one indicator list, owned by a DocScreen."""

    def __init__(self, screen, list_path: Callable[[], tuple], *, prefix: str, table_id: str, title: str):
        self.screen = screen
        self.list_path = list_path
        self.prefix = prefix
        self.table_id = table_id
        self.title = title
        records = self.records
        self.keys = indicator_keys(screen.app.state.doc, records)
        self.indicator: Indicator | None = records[0] if records else None
        self.widths: dict[str, int] = {}
        self._blank: frozenset[str] = frozenset()  # the blank columns when the widths were fitted

    # ----- where ------------------------------------------------------------------------
    @property
    def records(self) -> list[Indicator]:
        return self.screen.app.resolve(self.list_path()) or []

    @property
    def ii(self) -> int | None:
        if self.indicator is None:
            return None
        for j, ind in enumerate(self.records):
            if ind is self.indicator:
                return j
        return None

    def _field_path(self, key: str) -> Callable[[], tuple]:
        """The path of a field of the current row (whichever row that is when called)."""
        return lambda: (*self.list_path(), self.ii, key)

    def wid(self, key: str) -> str:
        return f"{self.prefix}-{key}"

    def reading_id(self, key: str) -> str:
        if key == "value" and self.prefix == "i":
            return "value-reading"  # the sample's id, kept
        return f"{self.prefix}-{key}-reading"

    @property
    def table(self) -> IndicatorTable:
        return self.screen.one(self.table_id, IndicatorTable)

    def label(self, key: str) -> str:
        return self.screen.label_of("indicator", key)

    # ----- layout -----------------------------------------------------------------------
    def compose(self) -> list:
        out: list = [
            Label(Text(f"{self.title}（回车编辑 · a 新增 · d 删除 · alt+↑↓ 移动）"), classes="section-title",
                  id=f"{self.table_id}-title"),
            IndicatorTable(id=self.table_id, cursor_type="row", zebra_stripes=True, classes="indicator-table"),
            SafeStatic(Text("当前指标", style="bold"), id=f"{self.prefix}-title", classes="section-title"),
        ]
        keys = [k for k in self.keys if k not in LEVELS]
        width = label_width([self.label(k) for k in self.keys])
        if any(k in self.keys for k in LEVELS):
            parts: list[Widget] = []
            for n, key in enumerate(k for k in LEVELS if k in self.keys):
                lab = Label(Text(self.label(key)), classes="field-label" if n == 0 else "field-label-short")
                if n == 0:
                    lab.styles.width = width
                parts.append(lab)
                parts.append(SafeSelect([], id=self.wid(key), compact=True, prompt="（未选）", type_to_search=False))
            out.append(Horizontal(*parts, classes="field-row"))
        for key in keys:
            label = Label(Text(self.label(key)), classes="field-label")
            label.styles.width = width
            kw = {}
            if key == "basis":
                kw["suggester"] = SuggestFromList(STANDARD_BASES, case_sensitive=True)
            box = compact_input(self.wid(key), PLACEHOLDERS.get(key, ""), **kw)
            if key in VALUE_KEYS or key == "points":
                row_id = "value-row" if key == "value" and self.prefix == "i" else f"{self.prefix}-{key}-row"
                out.append(Horizontal(label, box, SafeStatic(Text(""), id=self.reading_id(key),
                                                             classes="value-reading"),
                                      classes="field-row value-row", id=row_id))
            else:
                out.append(Horizontal(label, box, classes="field-row"))
        return out

    def bind(self) -> None:
        for key in self.keys:
            if key in LEVELS:
                continue
            kind = POINTS if key == "points" else "text"
            self.screen.bind_field(FieldSpec(
                self.wid(key), self._field_path(key), kind, key,
                reading=self.reading_id(key) if key == "points" else None))

    # ----- columns ----------------------------------------------------------------------
    def _columns(self) -> list[Col]:
        cols = [Col("n", "#", 2, rank=0, max=3), Col("mark", "检", 2, rank=0, max=2)]
        records = self.records
        blank = self._blank_keys()
        for key in self.keys:
            low, rank = COLUMN_FIT.get(key, (6, 6))
            label = self.label(key)
            declared = field_of(Indicator, key)
            if declared is not None and declared.label == label:
                short = SHORT_HEADERS.get(key, label)
            else:  # a form's own label, as short as the declared ones: 二级指标（年度） -> 二级（年度）
                short = _LEVEL_WORD.sub("级", label)
            cells = [_cell_text(r, key) for r in records]
            cols.append(Col(key, short, low, rank=rank, max=60, blank=key in blank).measure(cells))
        cols[0].measure(str(len(records)))
        return cols

    def _blank_keys(self) -> frozenset[str]:
        """The columns no row fills (they give way to the others, see columns.fit)."""
        records = self.records
        if not records:
            return frozenset()
        return frozenset(k for k in self.keys if not any(_cell_text(r, k).strip() for r in records))

    def setup_columns(self, width: int | None = None) -> None:
        table = self.table
        width = width or table.size.width or (self.screen.app.size.width - 4)
        widths = fit(self._columns(), width, whole=WHOLE_FROM)
        self._blank = self._blank_keys()
        if widths == self.widths and table.columns:
            return
        self.widths = widths
        table.clear(columns=True)
        labels = {c.key: c.label for c in self._columns()}
        for key, w in widths.items():
            table.add_column(Text(labels[key]), key=key, width=w)
        self.fill_table()
        if self.screen.is_mounted:
            self.screen.refresh_findings()  # the rebuilt rows get their 检 marks again

    # ----- model -> widgets -------------------------------------------------------------
    def _cells(self, j: int, ind: Indicator, records: list[Indicator]) -> dict[str, Text]:
        prev = records[j - 1] if j > 0 else None
        same1 = prev is not None and prev.level1 == ind.level1
        same2 = same1 and prev is not None and prev.level2 == ind.level2
        out = {"n": Text(str(j + 1)), "mark": Text("")}
        for key in self.keys:
            if key == "level1":
                value = "" if same1 else ind.level1
            elif key == "level2":
                value = "" if same2 else ind.level2
            else:
                value = _cell_text(ind, key)
            out[key] = user_text(value, no_wrap=True, overflow="ellipsis")
        return out

    def fill_table(self) -> None:
        table = self.table
        if not table.columns:
            return
        table.clear()
        records = self.records
        shown = list(self.widths)
        for j, ind in enumerate(records):
            cells = self._cells(j, ind, records)
            table.add_row(*[cells[k] for k in shown], key=str(id(ind)))
        if not records:
            hint = [Text("")] * len(shown)
            at = shown.index("name") if "name" in shown else min(2, len(shown) - 1)
            hint[at] = Text("（无指标）", style="dim")
            if at + 1 < len(hint):  # over two columns, so that neither crops it at 80 columns
                hint[at + 1] = Text("按a新增", style="dim")
            table.add_row(*hint, key="empty")
        if self.ii is not None:
            table.move_cursor(row=self.ii, animate=False)

    def refresh_rows(self) -> None:
        """Update the text cells of every row in place (cheap; keeps the cursor); the columns
        are fitted again when an edit filled the first cell of an empty column (or emptied one)."""
        table = self.table
        if table.columns and self._blank_keys() != self._blank:
            self.setup_columns()
            return
        records = self.records
        for j, ind in enumerate(records):
            row_key = str(id(ind))
            if row_key not in table.rows:
                self.fill_table()
                return
            cells = self._cells(j, ind, records)
            for key in self.widths:
                if key != "mark":
                    set_cell(table, row_key, key, cells[key])

    def fill_form(self) -> None:
        s = self.screen
        ind = self.indicator
        doc = s.app.state.doc
        fw = get_framework(doc.framework)
        l1 = ind.level1 if ind else ""
        l2 = ind.level2 if ind else ""
        level1s = list(fw.level1_names) if fw else []
        level2s = list(fw.level2_names(l1)) if fw else []
        level2s += [n for n in profile_of(doc).extra_levels.get(l1, ()) if n not in level2s]
        if l1 and l1 not in level1s:
            level1s.append(l1)
        if l2 and l2 not in level2s:
            level2s.append(l2)
        with s.prevent(Select.Changed, Input.Changed):
            for key, names, value in (("level1", level1s, l1), ("level2", level2s, l2)):
                for sel in s.by_id(self.wid(key), Select):
                    sel.set_options([(user_text(n), n) for n in names])
                    sel.value = value if value else Select.NULL
        for key in self.keys:
            for w in s.by_id(self.wid(key)):
                w.disabled = ind is None
        ii = self.ii
        title = f"当前指标：第 {ii + 1} 行" if ind is not None and ii is not None else "当前指标：（无）"
        s.one(f"{self.prefix}-title", SafeStatic).update(Text(title, style="bold"))
        self.show_value_reading()

    def load_fields(self) -> None:
        """The current row's values into the fields, each cursor at the end of its text."""
        s = self.screen
        ind = self.indicator
        with s.prevent(Input.Changed):
            for key in self.keys:
                if key in LEVELS:
                    continue
                for box in s.by_id(self.wid(key), SafeInput):
                    refused = s._refused_text(s.specs[box.id]) if ind is not None else None
                    text = refused if refused is not None else (
                        s.specs[box.id].from_model(getattr(ind, key)) if ind is not None else "")
                    if box.raw != text:
                        box.set_raw(text)
                    box.cursor_position = len(box.value)
                    box.set_class(refused is not None, "-invalid")

    def show_value_reading(self) -> None:
        for key in VALUE_KEYS:
            for w in self.screen.by_id(self.reading_id(key), SafeStatic):
                text = getattr(self.indicator, key) if self.indicator is not None else ""
                reading = parse_value(text).describe() if text else ""
                w.update(user_text(f"→ {reading}" if reading else "", style="italic"))

    def select(self, j: int) -> None:
        records = self.records
        if 0 <= j < len(records) and records[j] is not self.indicator:
            self.indicator = records[j]
            self.screen.app.state.seal()
            self.fill_form()
            self.load_fields()

    # ----- findings ---------------------------------------------------------------------
    def mark_rows(self, findings: list) -> None:
        """The 检 column and the current row's fields, from this table's findings."""
        s = self.screen
        table = self.table
        ii = self.ii
        by_row: dict[int, set[str]] = {}
        for f in findings:
            if f.indicator_index is not None:
                by_row.setdefault(f.indicator_index, set()).add(severity_of(f))
        marks = getattr(s, "_marks", None)  # 与上一版比较 (perftui.tui.marks), after the finding's mark
        base = tuple(self.list_path())
        if "mark" in self.widths:
            for j, ind in enumerate(self.records):
                sevs = by_row.get(j, set())
                mark = Text("✗", style="bold red") if "错误" in sevs else (
                    Text("!", style="yellow") if "警告" in sevs else (Text("·", style="cyan") if sevs else Text("")))
                if marks is not None and (sign := marks.sign((*base, j))):
                    mark.append(sign, style="bold")
                if str(id(ind)) in table.rows:
                    set_cell(table, str(id(ind)), "mark", mark)
        current = [f for f in findings if ii is not None and f.indicator_index == ii]
        for key in self.keys:
            for w in s.by_id(self.wid(key)):
                s.mark(w, [f for f in current if f.field == key])

    def marked_places(self) -> list:
        """The level selects of the current row, for change marks (the other fields are FieldSpecs)."""
        return [(self.wid(key), self._field_path(key), None)
                for key in self.keys if key in LEVELS]

    # ----- edits ------------------------------------------------------------------------
    def level_changed(self, key: str, value: str) -> None:
        s = self.screen
        ind = self.indicator
        if ind is None or value == getattr(ind, key):
            return
        if s.app.refuse_read_only():
            self.fill_form()
            return
        path = (*self.list_path(), self.ii)
        s.app.edit(lambda st: st.set((*path, key), value, merge=False))
        if key == "level1":
            # A 二级 that does not belong under the new 一级 is cleared, not left standing.
            fw = get_framework(s.app.state.doc.framework)
            allowed = set(fw.level2_names(value)) if fw else set()
            allowed |= set(profile_of(s.app.state.doc).extra_levels.get(value, ()))
            if ind.level2 and fw is not None and ind.level2 not in allowed:
                s.app.edit(lambda st: st.set((*path, "level2"), "", merge=False))
            self.fill_form()
        self.refresh_rows()

    def add(self) -> Indicator | None:
        s = self.screen
        if s.app.refuse_read_only():
            return None
        ii = self.ii
        at = (ii + 1) if ii is not None else len(self.records)
        base = self.indicator
        new = Indicator(level1=base.level1 if base else "", level2=base.level2 if base else "")
        s.app.edit(lambda st: st.insert(self.list_path(), at, new))
        self.indicator = new
        return new

    def fill_framework(self) -> str:
        """Add a blank row for each 二级 of the document's framework that no row has (one undo
        step); the cursor goes to the first one. What was done, for a notice."""
        s = self.screen
        if s.app.refuse_read_only():
            return ""
        doc = s.app.state.doc
        fw = get_framework(doc.framework)
        if fw is None:
            return f"指标体系「{doc.framework or '未填'}」没有规定的一级、二级指标，无法补齐"
        rows = self.records
        new = framework_rows(fw, rows)
        added = [r for r in new if not any(r is old for old in rows)]
        if not added:
            return f"{fw.key} 体系的二级指标都已有行，无需补齐"
        s.app.edit(lambda st: st.set(self.list_path(), new, merge=False))
        self.indicator = added[0]
        names = "、".join(r.level2 for r in added[:4]) + ("等" if len(added) > 4 else "")
        return f"已按 {fw.key} 体系补齐 {len(added)} 行空白指标（{names}），请填写三级指标和指标值；ctrl+z 撤销"

    def delete(self) -> str | None:
        s = self.screen
        j = self.ii
        if j is None or s.app.refuse_read_only():
            return None
        gone = self.indicator
        s.app.edit(lambda st: st.remove(self.list_path(), j))
        rest = self.records
        self.indicator = rest[min(j, len(rest) - 1)] if rest else None
        name = gone.name if gone is not None else ""
        return f"第 {j + 1} 行指标「{name[:16]}」" if name else f"第 {j + 1} 行指标"

    def move(self, delta: int) -> bool:
        s = self.screen
        j = self.ii
        if j is None or s.app.refuse_read_only():
            return False
        return s.app.edit(lambda st: st.move(self.list_path(), j, j + delta)) is not None


def set_cell(table, row_key: str, column: str, cell: Text) -> None:
    """Update a cell only when it shows something else: each update repaints the table."""
    if column not in table.columns:
        return
    current = table.get_cell(row_key, column)
    if not (isinstance(current, Text) and current.plain == cell.plain and current.style == cell.style):
        table.update_cell(row_key, column, cell)
