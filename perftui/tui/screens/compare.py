"""与上一版比较: the changes since another version (a file, or a git revision of this file).

The list marks every changed project, indicator and field (the same diff as ``perftui
diff``); Enter jumps to one, and F8 / shift+F8 step through them from any screen, each
step saying what changed there. While a comparison is open the editor screens mark the
changed places too (perftui.tui.marks); x ends it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from perftui.diff import ADDED, CHANGED, MOVED, REMOVED, Change, diff
from perftui.safetext import one_line
from perftui.tui import keymap
from perftui.tui.screens.guard import LeaveSafely
from perftui.tui.screens.modals import PromptModal
from perftui.tui.widgets.titlebar import TitleBar

if TYPE_CHECKING:
    from textual import getters

    from perftui.tui.app import PerftuiApp

KIND_STYLE = {CHANGED: "yellow", ADDED: "green", REMOVED: "red", MOVED: "cyan"}


@dataclass
class Comparison:
    label: str  # the other version, as the user named it
    changes: list[Change] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    index: int = -1  # the change last jumped to
    generation: int = -1  # the document's generation the diff was made at
    old: Any = None  # the other version's Document: edits are diffed against it again (marks)
    state: Any = None  # the DocState compared (a folder has several)
    marks: Any = None  # perftui.tui.marks.Marks of ``changes``, made when first asked for


def read_version(state, answer: str):
    """The other version's Document: a file path, else a git revision of the open file."""
    from perftui import store
    from perftui.gitversion import old_document

    candidate = Path(answer).expanduser()
    if candidate.is_file():
        return store.load(candidate).doc
    if state.path is None:
        raise ValueError("当前文件还没有保存过，只能与另一个文件比较")
    return old_document(state.path, answer)


def model_path(keypath: str) -> tuple:
    """``projects[2].indicators[3].value`` (counting from 1) → ``("projects", 1, "indicators", 2, "value")``."""
    out: list = []
    for part in keypath.split("."):
        name, _, rest = part.partition("[")
        if name:
            out.append(int(name) if name.isdigit() else name)
        for index in rest.replace("]", "").split("[") if rest else ():
            out.append(int(index) - 1)
    return tuple(out)


def place_of(change: Change):
    """What ``app.jump`` needs for a change (None: the place is gone, e.g. a deleted project)."""
    from types import SimpleNamespace

    if change.kind == REMOVED and change.project_index is None and (change.old_path or "").startswith("projects"):
        return None
    return SimpleNamespace(project_index=change.project_index, indicator_index=change.indicator_index,
                           field=change.field, item_index=change.item_index)


def step(app, delta: int) -> None:
    """Jump to the next (or previous) change of the current comparison."""
    comp: Comparison | None = getattr(app, "comparison", None)
    if comp is None or not comp.changes:
        app.notify("还没有比较，或两版内容相同：按 f7 与上一版比较", markup=False, timeout=3)
        return
    comp.index = (comp.index + delta) % len(comp.changes)
    show(app, comp, comp.index)


def show(app, comp: Comparison, index: int) -> None:
    change = comp.changes[index]
    place = place_of(change)
    app.notify(f"第 {index + 1}/{len(comp.changes)} 处：{change.message}", markup=False, timeout=8)
    if place is not None:
        app.jump(place)


class CompareTable(DataTable):
    SCOPE = "compare"


class CompareScreen(LeaveSafely, Screen[None]):
    if TYPE_CHECKING:
        app = getters.app(PerftuiApp)  # for type checkers only: the app it runs in, with its attributes

    BINDINGS = keymap.bindings("compare")
    SCOPES = ("compare",)
    DEFAULT_CSS = """
    CompareScreen CompareTable { height: 1fr; }
    CompareScreen #compare-summary { height: auto; }
    CompareScreen #compare-detail { height: auto; max-height: 5; border-top: solid $primary; }
    """

    def __init__(self) -> None:
        super().__init__()
        self._choosing = False  # the version prompt is open

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(id="compare-summary")
        yield CompareTable(id="compare-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="compare-detail")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        table = self.query_one(CompareTable)
        table.add_column(Text("#"), key="n", width=4)
        table.add_column(Text("类型"), key="kind", width=4)
        table.add_column(Text("改动"), key="what")
        from perftui.tui.marks import current

        current(self.app)  # edited since: the changes diffed again against the kept version
        comp = getattr(self.app, "comparison", None)
        if comp is not None and self.app.state is not None and comp.generation == self.app.state.generation:
            self.fill(comp)
        else:
            self.fill(None)
            self.action_other()
        table.focus()

    def fill(self, comp: Comparison | None) -> None:
        table = self.query_one(CompareTable)
        table.clear()
        summary = self.query_one("#compare-summary", Static)
        if comp is None:
            summary.update(Text(" 按 o 选择要比较的版本（另一个文件，或 git 版本如 HEAD、HEAD~1）", style="dim"))
            return
        line = Text(f" 与 {one_line(comp.label)} 比较：", style="bold")
        line.append(f"{len(comp.changes)} 处不同" if comp.changes else "内容相同")
        for w in comp.warnings:
            line.append(f"\n 注意：{w}", style="bold yellow")
        summary.update(line)
        for n, c in enumerate(comp.changes, 1):
            table.add_row(Text(str(n)), Text(c.kind_name, style=KIND_STYLE.get(c.kind, "")),
                          Text(one_line(c.message), no_wrap=True, overflow="ellipsis"), key=str(n))
        if comp.changes:
            table.move_cursor(row=max(comp.index, 0))
        self._detail()

    def _detail(self) -> None:
        comp = getattr(self.app, "comparison", None)
        row = self.query_one(CompareTable).cursor_row
        text = Text()
        if comp is not None and 0 <= row < len(comp.changes):
            c = comp.changes[row]
            text.append(f"{c.kind_name} ", style=KIND_STYLE.get(c.kind, ""))
            text.append(c.message)
            if c.path:
                text.append(f"\n{c.path}", style="dim")
        self.query_one("#compare-detail", Static).update(text)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._detail()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_jump()

    def current_path(self) -> tuple:
        """The place of the change under the cursor (for an opinion on it)."""
        comp = getattr(self.app, "comparison", None)
        row = self.query_one(CompareTable).cursor_row
        if comp is None or not (0 <= row < len(comp.changes)) or comp.changes[row].new_path is None:
            return ()
        return model_path(comp.changes[row].new_path)

    def action_jump(self) -> None:
        comp = getattr(self.app, "comparison", None)
        row = self.query_one(CompareTable).cursor_row
        if not self.is_current or comp is None or not (0 <= row < len(comp.changes)):
            return
        comp.index = row
        if place_of(comp.changes[row]) is None:
            self.app.notify(f"{comp.changes[row].message}（这一处在当前版本中已不存在）", markup=False, timeout=6)
            return
        self.leave()
        show(self.app, comp, row)

    def action_other(self) -> None:
        if self._choosing:
            return
        previous = getattr(self.app, "comparison", None)
        self._choosing = True

        def answered(answer: str | None) -> None:
            self._choosing = False
            if answer and answer.strip():
                # Textual's WorkType cannot take an async callable under mypy (textual#6386).
                self.app.run_worker(partial(self._compare, answer.strip()), group="compare")  # type: ignore[arg-type]

        self.app.push_screen(
            PromptModal("与哪一版比较？另一个文件的路径，或 git 版本（HEAD、HEAD~1、提交号、标签）",
                        previous.label if previous else "HEAD"), answered)

    async def _compare(self, answer: str) -> None:
        state = self.app.state
        if state is None:
            return
        try:
            old = await self.app._in_thread(lambda: read_version(state, answer))
        except Exception as exc:  # noqa: BLE001 - every reason is shown, the app keeps running
            self.app.notify(f"无法读取要比较的版本：{exc}", severity="error", markup=False, timeout=10)
            return
        result = diff(old, state.doc)
        self.app.comparison = Comparison(answer, result.changes, result.warnings, -1, state.generation, old, state)
        if self.is_mounted:
            self.fill(self.app.comparison)

    def action_close(self) -> None:
        self.leave()

    def action_clear(self) -> None:
        """End the comparison: the list and every screen's change marks go."""
        if self.app.comparison is None:
            return
        self.app.comparison = None
        self.app.notify("已结束比较：改动标记已清除", markup=False, timeout=3)
        self.leave()
