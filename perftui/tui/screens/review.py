"""审核: the review status, every 审核意见 and the open findings, per project.

Opened first in ``--review`` mode (content read-only, opinions and status writable) and
with F5 in any mode. Every change goes through the document's DocState (undo, unsaved
marker, the normal save), under ``("review", …)`` paths.
"""

from __future__ import annotations

import copy
import datetime as dt
from types import SimpleNamespace
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from perftui.labels import finding_label
from perftui.review.model import (
    OPINION_STATUSES,
    REVIEW_STATUSES,
    Opinion,
    ProjectStatus,
    locate,
    project_key,
    target_of,
)
from perftui.review.report import build_report, place_text, status_text
from perftui.safetext import one_line
from perftui.tui import keymap
from perftui.tui.screens.guard import LeaveSafely
from perftui.tui.screens.modals import ChoiceModal, PickModal, PromptModal
from perftui.tui.widgets.columns import Col, fit
from perftui.tui.widgets.findings import SEVERITY_STYLE, app_profile, counts_of, counts_text, short_message
from perftui.tui.widgets.safe import FOCUS_BORDER, SafeTable
from perftui.tui.widgets.titlebar import TitleBar

if TYPE_CHECKING:
    from textual import getters

    from perftui.tui.app import PerftuiApp
    from perftui.tui.state import DocState

STATUS_STYLE = {"草稿": "dim", "送审": "cyan", "退回": "bold red", "通过": "bold green",
                "待改": "bold yellow", "已改": "green", "不改": "dim"}


def today() -> str:
    return dt.date.today().isoformat()


def now() -> str:
    return dt.datetime.now().strftime("%Y-%m-%d %H:%M")


def jump_target(path: tuple) -> SimpleNamespace:
    """What ``app.jump`` needs (a finding's place) for a model path."""
    place = SimpleNamespace(project_index=None, indicator_index=None, field=None, item_index=None)
    if path[:1] == ("projects",) and len(path) >= 2:
        place.project_index = path[1]
        rest = path[2:]
        if rest[:1] == ("indicators",) and len(rest) >= 2:
            place.indicator_index = rest[1]
            place.field = rest[2] if len(rest) >= 3 else None
        elif rest:
            place.field = rest[0]
    elif path:
        names = [str(p) for p in path if isinstance(p, str)]
        place.field = ".".join(names[1:]) if len(names) > 1 else names[0]
    return place


def current_place(app) -> tuple:
    """The model path of what the user is on: a field, an indicator row, a project, or ()."""
    from perftui.tui.screens.editor import IndicatorTable, ProjectEditorScreen
    from perftui.tui.screens.projects import ProjectsScreen
    from perftui.tui.widgets.items import ItemsTable

    screen = app.screen
    if hasattr(screen, "current_path"):
        return screen.current_path()
    focused = screen.focused
    spec = getattr(screen, "specs", {}).get(getattr(focused, "id", None) or "")
    if spec is not None:
        path = tuple(spec.path())
        if None not in path:
            return path
    if isinstance(focused, ItemsTable):
        return tuple(focused.list_path())
    if isinstance(screen, ProjectEditorScreen) and screen.pi >= 0:
        wid = getattr(focused, "id", None) or ""
        keys = screen.block.keys if screen.block is not None else []
        ind_field = next((k for k in keys if f"i-{k}" == wid), None)
        if (ind_field or isinstance(focused, IndicatorTable)) and screen.ii is not None:
            return ("projects", screen.pi, "indicators", screen.ii, *((ind_field,) if ind_field else ()))
        head = next((f for f, w in screen.header_widgets.items() if w == wid), None)
        return ("projects", screen.pi, *((head,) if head else ()))
    if isinstance(screen, ProjectsScreen):
        p = screen.current_project()
        if p is not None:
            return ("projects", screen.project_index(p))
    return ()


OPINION_PROMPT = "opinion-prompt"


def ask_opinion(app, path: tuple) -> None:
    """Ask for an opinion on the place at ``path``; it is added when the prompt is answered.

    A callback, not a worker waiting for the answer: a prompt closed by a jump elsewhere
    then leaves nothing waiting behind."""
    state = app.state
    if state is None or any(s.id == OPINION_PROMPT for s in app.screen_stack):  # one prompt at a time
        return
    if state.read_only and not state.review_writable:
        app.refuse_read_only()
        return
    target = target_of(state.doc, path)
    where = place_text(state.doc, target, locate(state.doc, target), with_project=True)

    def done(text: str | None) -> None:
        if not text or not text.strip() or app.state is not state:
            return
        opinion = Opinion(target, text.strip(), app.reviewer, today())
        count = len(state.doc.review.opinions)
        app.edit(lambda s: s.insert(("review", "opinions"), count, opinion))
        app.notify(f"已记下审核意见（{where}）；ctrl+s 保存", markup=False, timeout=4)
        app.refresh_screen()

    app.push_screen(PromptModal(f"审核意见：{one_line(where)}", "", "写明问题和修改要求，回车保存", id=OPINION_PROMPT),
                    done)


def set_review_status(app, project_index: int | None, status: str) -> None:
    """Set the document's or one project's status (one undo step), with who and when."""
    state = app.state
    review = copy.deepcopy(state.doc.review)
    if project_index is None:
        review.status, review.by, review.at = status, app.reviewer, now()
    else:
        key = project_key(state.doc.projects[project_index])
        entry = review.project_status(key)
        if entry is None:
            review.projects.append(ProjectStatus(key, status, app.reviewer, now()))
        else:
            entry.status, entry.by, entry.at = status, app.reviewer, now()
    app.edit(lambda s: s.set(("review",), review, merge=False))


class ReviewTable(SafeTable):
    SCOPE = "review"


class ReviewScreen(LeaveSafely, Screen[None]):
    """Rows: the document's status, its opinions and findings, then each project's."""

    if TYPE_CHECKING:
        app = getters.app(PerftuiApp)  # for type checkers only: the app it runs in, with its attributes

    BINDINGS = keymap.bindings("review")
    SCOPES = ("review",)
    DEFAULT_CSS = """
    ReviewScreen ReviewTable { height: 1fr; }
    ReviewScreen #review-summary { height: auto; }
    ReviewScreen #review-detail { height: auto; max-height: 5; border-top: solid $primary; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[tuple] = []  # ("status"|"project"|"opinion"|"finding"|"orphans", data)
        self._seen = -1

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(id="review-summary")
        yield ReviewTable(id="review-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="review-detail")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        table = self.query_one(ReviewTable)
        self._add_columns()
        self.app.form_built()  # the checks may not have started yet when this is the first screen
        self.rebuild()
        table.focus()

    def _widths(self) -> dict[str, int]:
        """位置 and 状态 as they are, 内容 the rest of the width (its text ends in … where it
        is cut, the whole of it is under the list): no column measures 5,000 rows."""
        table = self.query_one(ReviewTable)
        cols = [Col("where", "位置", 28, rank=0, max=28), Col("status", "状态", 6, rank=0, max=6),
                Col("what", "内容", 20, want=400, rank=0, max=400)]
        return fit(cols, (table.outer_size.width or self.app.size.width) - FOCUS_BORDER)

    def _add_columns(self) -> None:
        table = self.query_one(ReviewTable)
        self._column_widths = widths = self._widths()
        for key, label in (("where", "位置"), ("status", "状态"), ("what", "内容")):
            table.add_column(Text(label), key=key, width=widths[key])

    _column_widths: dict[str, int] = {}

    def on_resize(self) -> None:
        if self.is_mounted:
            self.call_after_refresh(self._refit)

    def _refit(self) -> None:
        if self.is_mounted and self._widths() != self._column_widths:
            self.query_one(ReviewTable).clear(columns=True)
            self._add_columns()
            self.rebuild()

    def on_screen_resume(self) -> None:
        if self.app.state is not None and self._seen != self.app.state.generation:
            self.rebuild()

    def refresh_findings(self) -> None:  # the app calls this when the checks are ready
        self.rebuild()

    # ----- rows -----------------------------------------------------------------------
    def rebuild(self) -> None:
        state = self.app.state
        if state is None:
            return
        self._seen = state.generation
        doc = state.doc
        table = self.query_one(ReviewTable)
        keep = table.cursor_row
        findings = state.findings()
        rep = build_report(doc, findings)
        review = doc.review
        index = {id(o): k for k, o in enumerate(review.opinions)}
        profile, year = app_profile(self.app), doc.unit.year if isinstance(doc.unit.year, int) else 0
        rows: list[tuple] = []
        cells: list[tuple[Text, Text, Text]] = []

        def status_cell(status: str) -> Text:
            return Text(status or "—", style=STATUS_STYLE.get(status, ""))

        def add_part(part, kind: str, data) -> None:
            rows.append((kind, data))
            summary = counts_text(counts_of(part.findings))
            summary = Text(f"意见 {len(part.opinions)} · ").append_text(summary)
            if kind == "status":
                who = status_text(part.status, part.by, part.at)
                summary = Text(f"审核状态：{who}　").append_text(summary)
            cells.append((Text(one_line(part.title), style="bold", no_wrap=True, overflow="ellipsis"),
                          status_cell(part.status), summary))
            for line in part.opinions:
                rows.append(("opinion", index[id(line.opinion)]))
                cells.append(self._opinion_cells(line.place, line.opinion))
            for f in part.findings:
                rows.append(("finding", f))
                sev = f.severity.value
                cells.append((Text(f"  {_where(f, profile, year)}", no_wrap=True, overflow="ellipsis"),
                              Text(sev, style=SEVERITY_STYLE.get(sev, "")),
                              Text(short_message(f), no_wrap=True, overflow="ellipsis")))

        add_part(rep.document, "status", None)
        for part in rep.projects:
            add_part(part, "project", part.project_index)
        if rep.orphans:
            rows.append(("orphans", None))
            cells.append((Text("原位置已不存在的意见", style="bold"), Text(""),
                          Text("行被删除或改名；意见保留，供核对", style="dim")))
            for line in rep.orphans:
                rows.append(("opinion", index[id(line.opinion)]))
                cells.append(self._opinion_cells(line.place, line.opinion))
        self.rows = rows
        table.clear()
        for n, row in enumerate(cells):
            table.add_row(*row, key=str(n))
        if rows:
            table.move_cursor(row=min(max(keep, 0), len(rows) - 1))
        open_count = rep.opinion_counts()[OPINION_STATUSES[0]]
        head = Text(f" {review.status}", style=STATUS_STYLE.get(review.status, "bold"))
        head.append(f"　意见 {len(review.opinions)} 条（待改 {open_count}）　")
        head.append_text(counts_text(counts_of(findings), "检查") if state.check_status else Text("检查中…", style="dim"))
        mode = "　审核模式" if state.review_writable else ""
        head.append(mode, style="dim")
        self.query_one("#review-summary", Static).update(head)
        self._show_detail()

    @staticmethod
    def _opinion_cells(place: str, o: Opinion) -> tuple[Text, Text, Text]:
        who = " ".join(x for x in (o.author, o.date) if x)
        what = Text(one_line(o.opinion), no_wrap=True, overflow="ellipsis")
        if who:
            what.append(f"（{one_line(who)}）", style="dim")
        return (Text(f"  {one_line(place)}", no_wrap=True, overflow="ellipsis"),
                Text(o.status, style=STATUS_STYLE.get(o.status, "")), what)

    @property
    def _state(self) -> DocState:
        return self.app.open_state()

    def current(self) -> tuple:
        row = self.query_one(ReviewTable).cursor_row
        return self.rows[row] if 0 <= row < len(self.rows) else ("status", None)

    def current_path(self) -> tuple:
        """The place the cursor row is about (for a new opinion)."""
        kind, data = self.current()
        doc = self._state.doc
        if kind == "project":
            return ("projects", data)
        if kind == "opinion":
            return locate(doc, doc.review.opinions[data].target) or ()
        if kind == "finding":
            return _finding_path(data)
        return ()

    def _project_of_row(self) -> int | None:
        path = self.current_path()
        return path[1] if path[:1] == ("projects",) else None

    def _show_detail(self) -> None:
        kind, data = self.current()
        detail = Text()
        if kind == "opinion":
            doc = self._state.doc
            o = doc.review.opinions[data]
            detail.append(f"［{o.status}］", style=STATUS_STYLE.get(o.status, ""))
            detail.append(one_line(place_text(doc, o.target, with_project=True)) + "：", style="bold")
            detail.append(o.opinion)
            if o.reply:
                detail.append(f"\n单位答复：{o.reply}")
        elif kind == "finding":
            detail.append(f"{data.rule} ", style="dim")
            detail.append(str(data.message))
        self.query_one("#review-detail", Static).update(detail)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_jump()

    # ----- actions --------------------------------------------------------------------
    def action_jump(self) -> None:
        if not self.is_current:
            return
        kind, data = self.current()
        if kind == "opinion":
            doc = self._state.doc
            path = locate(doc, doc.review.opinions[data].target)
            if path is None:
                self.app.notify("这条意见的原位置已不存在（行被删除或改名）", markup=False, timeout=4)
                return
            place = jump_target(path)
        elif kind == "finding":
            place = data
        elif kind == "project":
            place = jump_target(("projects", data))
        else:
            place = jump_target(())
        self.leave()
        self.app.jump(place)

    def action_add(self) -> None:
        ask_opinion(self.app, self.current_path())

    def action_set_status(self) -> None:
        state = self._state
        pi = self._project_of_row()
        current: str | None
        if pi is None:
            current, what = state.doc.review.status, "文档"
        else:
            entry = state.doc.review.project_status(project_key(state.doc.projects[pi]))
            current, what = (entry.status if entry else None), f"项目「{one_line(state.doc.projects[pi].name)}」"

        def done(status: str | None) -> None:
            if status:
                set_review_status(self.app, pi, status)
                self.rebuild()

        self.app.push_screen(PickModal(f"审核状态：{what}", list(REVIEW_STATUSES), current), done)

    def _opinion_index(self) -> int | None:
        kind, data = self.current()
        if kind != "opinion":
            self.app.notify("请把光标移到一条审核意见上", markup=False, timeout=3)
            return None
        return data

    def action_mark(self) -> None:
        k = self._opinion_index()
        if k is None:
            return
        o = self._state.doc.review.opinions[k]
        nxt = OPINION_STATUSES[(OPINION_STATUSES.index(o.status) + 1) % len(OPINION_STATUSES)]
        self.app.edit(lambda s: s.set(("review", "opinions", k, "status"), nxt, merge=False))
        self.rebuild()

    def _ask_text(self, key: str, title: str) -> None:
        k = self._opinion_index()
        if k is None:
            return
        o = self._state.doc.review.opinions[k]

        def done(text: str | None) -> None:
            if text is not None and text.strip() != getattr(o, key) and (text.strip() or key == "reply"):
                self.app.edit(lambda s: s.set(("review", "opinions", k, key), text.strip(), merge=False))
                self.rebuild()

        self.app.push_screen(PromptModal(title, getattr(o, key)), done)

    def action_edit(self) -> None:
        self._ask_text("opinion", "修改审核意见")

    def action_reply(self) -> None:
        self._ask_text("reply", "单位答复（已改/不改的说明）")

    def action_delete(self) -> None:
        k = self._opinion_index()
        if k is None:
            return

        def done(answer: str | None) -> None:
            if answer == "y":
                self.app.edit(lambda s: s.remove(("review", "opinions"), k))
                self.rebuild()
                self.app.notify("已删除这条意见（ctrl+z 撤销）", markup=False, timeout=3)

        self.app.push_screen(ChoiceModal("删除审核意见", "确定删除这条审核意见？", [("y", "删除"), ("n", "取消")]), done)

    def action_close(self) -> None:
        self.leave()


def _where(f, profile, year: int) -> str:
    """Row or item, the field in the form's words, and the rule (``第3行 指标值 VAL-002``)."""
    parts = []
    if f.indicator_index is not None:
        parts.append(f"第{f.indicator_index + 1}行")
    elif f.item_index is not None:
        parts.append(f"第{f.item_index + 1}条")
    label = finding_label(f, profile, year)
    if label:
        parts.append(label)
    return " ".join([*parts, f.rule])


def _finding_path(f) -> tuple:
    if f.project_index is None:
        return ()
    path: tuple = ("projects", f.project_index)
    if f.indicator_index is not None:
        path += ("indicators", f.indicator_index)
    if f.field and "." not in f.field:
        path += (f.field,)
    return path

