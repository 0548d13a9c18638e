"""Read-only screens: F1 help (keys of the current screen), broken files, all findings."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Footer

from perftui.tui import keymap
from perftui.tui.screens.guard import LeaveSafely
from perftui.tui.widgets.findings import (
    SEVERITY_STYLE,
    app_profile,
    by_severity,
    counts_of,
    counts_text,
    severity_of,
    short_message,
    where_of,
)
from perftui.tui.widgets.safe import SafeStatic, SafeTable, user_text
from perftui.tui.widgets.titlebar import TitleBar

if TYPE_CHECKING:
    from textual import getters

    from perftui.tui.app import PerftuiApp

SCREEN_TITLES = {
    "DepartmentScreen": "部门整体绩效目标",
    "ProjectsScreen": "项目表",
    "ProjectEditorScreen": "项目绩效目标表",
    "FindingsScreen": "检查结果",
    "ErrorScreen": "打不开的文件",
    "ReviewScreen": "审核",
    "CompareScreen": "与上一版比较",
}


class HelpScreen(LeaveSafely, ModalScreen[None]):
    """The keys that work on the screen below, with what they do."""

    BINDINGS = [Binding("escape,f1,q", "dismiss_help", "关闭", id="help.close")]

    def __init__(self, under: Screen) -> None:
        super().__init__()
        self.under = under

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog help-dialog"):
            name = SCREEN_TITLES.get(type(self.under).__name__, "")
            yield SafeStatic(Text(f"按键帮助 · {name}（↑↓ 翻看 · Esc 关闭）", style="bold"), classes="dialog-title")
            yield SafeTable(id="help-keys", cursor_type="row", zebra_stripes=True)
            yield SafeStatic(user_text(f"按键可在 {keymap.keys_path()} 中修改（见 docs/keys.md）", style="dim"),
                             classes="help-foot")

    def _rows(self) -> list[tuple[str, str]]:
        """Every key of the screen below: its own, its tables' (Enter 编辑, a, d…), the
        app's; then the editing keys of fields. Each once."""
        rows: list[tuple[str, str]] = []
        seen: set[str] = set()
        scopes = {"app", *getattr(self.under, "SCOPES", ())}
        focused = self.under.focused
        scope = getattr(type(focused), "SCOPE", None) if focused is not None else None
        if scope:
            scopes.add(scope)
        for active in self.under.active_bindings.values():  # what works where the cursor is, first
            b = active.binding
            if b.system or b.id not in keymap.KEYS_BY_ID or b.id in seen:
                continue
            seen.add(b.id)
            rows.append((b.key_display or self.app.get_key_display(b), keymap.KEYS_BY_ID[b.id].help))
        for k in keymap.KEYS:  # the screen's keys that work on one of its tables
            if k.id in seen or k.id.split(".", 1)[0] not in scopes:
                continue
            seen.add(k.id)
            rows.append((keymap.key_display(self.app, k.id), k.help))
        if type(self.under).__name__ == "ProjectEditorScreen":
            rows.append(("→（输入依据时）", "接受建议的标准依据（计划标准、行业标准……）"))
        rows.append(("tab / shift+tab", "在字段之间移动"))
        rows.append(("←→ home end", "在输入框中移动光标；ctrl+u 清除光标前的文字"))
        return rows

    def on_mount(self) -> None:
        self.call_after_refresh(self._fill)

    def _fill(self) -> None:
        from rich.cells import cell_len

        table = self.query_one(DataTable)
        rows = self._rows()
        width = table.size.width or (min(self.app.size.width - 4, 78) - 4)
        key_width = min(max(cell_len(k) for k, _ in rows), 18)
        text_width = max(width - key_width - 4 - 2, 16)  # cell padding, the table's scrollbar
        table.add_column(Text("按键"), key="key", width=key_width)
        table.add_column(Text("操作"), key="what", width=text_width)
        for key, help_text in rows:
            cell = user_text(help_text)
            lines = max(1, len(cell.wrap(self.app.console, text_width)))
            table.add_row(user_text(key), cell, height=lines)
        table.focus()

    def action_dismiss_help(self) -> None:
        self.close_with(None)


class ErrorScreen(LeaveSafely, Screen[None]):
    """Files that could not be opened, each problem with file and line."""

    BINDINGS = [Binding("escape", "close", "返回", id="error.close")]

    def __init__(self, broken: Sequence[tuple[object, list]], *, only: bool = False) -> None:
        super().__init__()
        self.broken = broken
        self.only = only

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="error-body"):
            yield SafeStatic(Text("以下数据文件打不开，请按提示修改后重新打开：", style="bold red"))
            for path, problems in self.broken:
                yield SafeStatic(user_text(f"\n{path}", multiline=True, style="bold"))
                for p in problems:
                    line = Text("  ")
                    if getattr(p, "line", None):
                        line.append(f"第 {p.line} 行 ", style="bold")
                    if getattr(p, "keypath", ""):
                        line.append_text(user_text(f"[{p.keypath}] ", style="cyan"))
                    line.append_text(user_text(str(getattr(p, "message", p)), multiline=True))
                    yield SafeStatic(line)
            tail = "没有可以打开的文件。按 ctrl+q 退出。" if self.only else "按 Esc 继续编辑其余的文件。"
            yield SafeStatic(Text(f"\n{tail}", style="dim"))
        yield Footer(compact=True)

    def action_close(self) -> None:
        if not self.only:
            self.leave()


class FindingsScreen(LeaveSafely, Screen[None]):
    """All findings of the current document, errors first; ``v`` shows one severity only;
    Enter jumps to the field."""

    if TYPE_CHECKING:
        app = getters.app(PerftuiApp)  # for type checkers only: the app it runs in, with its attributes

    BINDINGS = keymap.bindings("findings")
    SCOPES = ("findings",)
    LEVELS = (None, "错误", "警告", "提示")  # what ``v`` steps through

    def compose(self) -> ComposeResult:
        from perftui.tui.widgets.keybar import KeyBar

        yield TitleBar()
        yield SafeStatic(id="findings-summary")
        yield SafeTable(id="all-findings", cursor_type="row", zebra_stripes=True)
        yield SafeStatic(id="finding-detail")
        yield KeyBar()

    def on_mount(self) -> None:
        state = self.app.state
        self.every = by_severity(state.findings()) if state is not None else []
        self.level: str | None = None
        self._fill()
        self.query_one(DataTable).focus()

    def on_resize(self) -> None:
        if self.is_mounted:
            self.call_after_refresh(self._refit)

    def _refit(self) -> None:
        """Filled again only when the columns change (the first layout gives the widths the
        list was filled with: 4,000 findings are not listed twice)."""
        if self.is_mounted and self._widths()[1] != self._filled_widths:
            self._fill()

    _filled_widths: dict[str, int] = {}

    def _widths(self) -> tuple[list, dict[str, int]]:
        from perftui.tui.widgets.columns import Col, fit
        from perftui.tui.widgets.safe import FOCUS_BORDER

        table = self.query_one(DataTable)
        profile = app_profile(self.app)
        where = [where_of(f, profile) for f in self.items[:2000]]
        cols = [Col("sev", "级别", 4, rank=0, max=4), Col("where", "位置", 10, rank=0, max=30).measure(where),
                Col("msg", "说明", 20, rank=0, max=400)]
        cols[2].want = 400  # the message takes what is left
        return cols, fit(cols, (table.outer_size.width or self.app.size.width) - FOCUS_BORDER)

    def _fill(self) -> None:
        state = self.app.state
        self.items = [f for f in self.every if self.level is None or severity_of(f) == self.level]
        summary = counts_text(counts_of(self.every), "全部检查结果")
        if self.level is not None:
            summary.append(f" · 只看{self.level}：{len(self.items)} 条（v 切换）", style="bold")
        if state is not None and state.checker is None:
            summary = Text("正在检查…", style="dim")
        self.query_one("#findings-summary", SafeStatic).update(summary)
        table = self.query_one(DataTable)
        profile = app_profile(self.app)
        cols, widths = self._widths()
        self._filled_widths = widths
        row = table.cursor_row
        table.clear(columns=True)
        for col in cols:
            table.add_column(Text(col.label), key=col.key, width=widths[col.key])
        for f in self.items:
            sev = severity_of(f)
            table.add_row(Text(sev, style=SEVERITY_STYLE.get(sev, "")),
                          user_text(where_of(f, profile), no_wrap=True, overflow="ellipsis"),
                          user_text(short_message(f), no_wrap=True, overflow="ellipsis"))
        if self.items:
            table.move_cursor(row=min(max(row, 0), len(self.items) - 1), animate=False)
        self._show_detail(table.cursor_row if self.items else -1)

    def action_severity_filter(self) -> None:
        self.level = self.LEVELS[(self.LEVELS.index(self.level) + 1) % len(self.LEVELS)]
        self.query_one(DataTable).move_cursor(row=0, animate=False)
        self._fill()
        self.app.notify(f"只看{self.level}" if self.level else "显示全部级别", markup=False, timeout=2)

    def _show_detail(self, row: int) -> None:
        detail = Text()
        if 0 <= row < len(self.items):
            f = self.items[row]
            detail.append(f"{f.rule} ", style="dim")
            detail.append_text(user_text(str(f.message), multiline=True))
        self.query_one("#finding-detail", SafeStatic).update(detail)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail(event.cursor_row)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_jump()

    def action_jump(self) -> None:
        table = self.query_one(DataTable)
        if self.is_current and 0 <= table.cursor_row < len(self.items):
            self.app.jump(self.items[table.cursor_row])  # the app takes this list away

    def action_close(self) -> None:
        self.leave()
