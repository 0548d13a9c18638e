"""The workbench application: opens files, owns the edit state, saving, export, themes, keys."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette
from textual.screen import ModalScreen, Screen

from perftui.errors import DataError
from perftui.safetext import brief, one_line, shown
from perftui.tui import keymap, themes
from perftui.tui.commands import ActionsProvider, ProjectsProvider
from perftui.tui.screens.department import DepartmentScreen
from perftui.tui.screens.editor import ProjectEditorScreen, editor_layout
from perftui.tui.screens.info import ErrorScreen, FindingsScreen, HelpScreen
from perftui.tui.screens.modals import ChoiceModal, PickModal, PromptModal, ProseModal
from perftui.tui.screens.projects import ProjectsScreen, ProjectsTable
from perftui.tui.screens.review import ReviewScreen
from perftui.tui.state import DocState, ReadOnlyError, resolve
from perftui.tui.widgets import linebreak, lists  # noqa: F401 - line breaking, OptionList paging (see modules)
from perftui.tui.widgets.findings import FindingsPanel
from perftui.tui.widgets.titlebar import display_path

if TYPE_CHECKING:
    from perftui.model import Project
    from perftui.tui.screens.compare import Comparison


# The cycle collector's thresholds: Python's own, and the young generation's once a document
# is open (objects made before a young collection; 20× Python's 700).
_GC_DEFAULT = gc.get_threshold()
_GC_YOUNG = 14_000


def _failure_reason(exc: BaseException) -> str:
    """Why a write did not happen, in Chinese (a bug is said plainly as one)."""
    from perftui.atomic import WriteError
    from perftui.errors import os_reason

    if isinstance(exc, DataError | WriteError):  # their messages are Chinese and name the file
        return str(exc)
    if isinstance(exc, OSError):
        return os_reason(exc)
    return f"程序内部错误（{type(exc).__name__}），请把此情况告诉维护人员"


class PerftuiApp(App[int]):
    """``PerftuiApp(paths)`` — ``paths`` are data files (a folder is expanded by the caller)."""

    CSS_PATH = "app.tcss"
    TITLE = "perftui"
    COMMANDS = App.COMMANDS | {ActionsProvider, ProjectsProvider}
    BINDINGS = keymap.bindings("app")
    ENABLE_COMMAND_PALETTE = True
    # Screens of 24 lines or fewer get the "-short" class (compact mode): a smaller findings panel.
    VERTICAL_BREAKPOINTS = [(0, "-short"), (25, "-tall")]

    def __init__(
        self,
        paths: Iterable[Path],
        *,
        theme: str | None = None,
        read_only: bool = False,
        keys_file: Path | None = None,
        folder: Path | None = None,
        samples: Iterable[Path] = (),
        review: bool = False,
        reviewer: str | None = None,
        imported: Iterable[tuple[Path, Any]] = (),
    ) -> None:
        super().__init__()
        self.paths = [Path(p) for p in paths]
        self.folder = folder
        # Opened as a sample (see DocState.sample): these, and any file of an installed copy's
        # bundled data.
        self.samples = {Path(p) for p in samples}
        # Documents imported in memory (``perftui 文件.docx``): (source, ImportResult), opened
        # like the sample, as unsaved new documents whose ctrl+s asks where to save the .toml.
        self.imported = list(imported)
        self.read_only = read_only
        # Review mode: content read-only, 审核意见 and status writable (perftui.tui.screens.review).
        self.review_mode = review
        self.reviewer = reviewer or _login_name()
        self.comparison: Comparison | None = None  # the last 与上一版比较 (perftui.tui.screens.compare.Comparison)
        self.requested_theme = theme
        self.keys_file = keys_file
        self.units: list[DocState] = []
        self.broken: list[tuple[Path, list]] = []
        self.unit_index = 0
        self.startup_notices: list[tuple[str, str]] = []
        self.exported: Path | None = None
        self._read_only_noticed = -10.0
        self.panel_collapsed = False  # the findings panel shows its totals line only (f9)
        self._editors: list[ProjectEditorScreen] = []  # see editor_for
        self._kept_table: tuple[DocState, Any, ProjectsScreen] | None = None  # see open_projects
        self._editors_to_lay_out = False  # see on_resize
        # Themes before the app runs: the first style pass uses the chosen theme directly
        # (switching later re-styles every widget).
        self._setup_themes()

    # ----- start --------------------------------------------------------------------------

    def on_mount(self) -> None:
        self._setup_keys()
        self._open_files()
        if self.units:
            self.push_screen(DepartmentScreen())
            if self.review_mode:  # a review starts on the opinions and findings
                self.push_screen(ReviewScreen())
        if self.broken:
            self.push_screen(ErrorScreen(self.broken, only=not self.units))
        self.update_title()
        for message, severity in self.startup_notices:
            self.notify(message, severity=severity, markup=False, timeout=8)
        if self.state is not None and not self.units[0:1]:
            self._start_checks(self.state)

    def on_unmount(self) -> None:
        gc.unfreeze()  # back to normal collection once the app is done (tests run many apps)
        gc.set_threshold(*_GC_DEFAULT)

    def form_built(self) -> None:
        """The department form is up: now run the full check (it must not hold up the first
        screen). Other units of a folder are checked when first shown."""
        if self.state is not None:
            self._start_checks(self.state)

    def _setup_themes(self) -> None:
        loaded, problems = themes.load_themes()
        for theme in loaded:
            self.register_theme(theme)
        remembered, state_problems = themes.read_remembered_theme()
        few_colours = themes.few_colours(self.console.color_system)
        if few_colours and remembered and not remembered.startswith("ansi-"):
            remembered = None  # a full-colour theme comes out wrong (errors magenta) in 16 colours
        default = themes.ANSI_THEME if few_colours else themes.DEFAULT_THEME
        wanted = self.requested_theme or remembered or default
        if wanted not in self.available_themes:
            fallback = themes.DEFAULT_THEME if themes.DEFAULT_THEME in self.available_themes else themes.FALLBACK_THEME
            if self.requested_theme or wanted != themes.DEFAULT_THEME:
                problems.append(f"没有名为 “{brief(one_line(wanted), 40)}” 的主题，已使用 {fallback}")
            wanted = fallback
        # Before the app runs, set the theme the way App's theme watcher would, minus its
        # deferred full CSS refresh (that refresh re-styles every widget of the first screen).
        self.set_reactive(App.theme, wanted)
        dark = self.current_theme.dark
        self.update_classes({f"-theme-{wanted}": True, "-dark-mode": dark, "-light-mode": not dark},
                            update=False)
        self._refresh_truecolor_filter(self.ansi_theme)
        self.stylesheet.set_variables(self.get_css_variables())
        if self.requested_theme and wanted == self.requested_theme:
            themes.remember_theme(wanted)  # --theme NAME is remembered, as --help says
        if problems:
            self.startup_notices.append(("主题文件有误，已跳过：\n" + "\n".join(problems), "warning"))
        if state_problems:
            self.startup_notices.append(("\n".join(state_problems), "warning"))

    def _setup_keys(self) -> None:
        keymap_, problems = keymap.load_keymap(self.keys_file)
        if keymap_:
            self.set_keymap(keymap_)
        if problems:
            self.startup_notices.append(("\n".join(problems), "warning"))

    def _open_files(self) -> None:
        from perftui import store

        loaded, errors = store.load_many(self.paths)
        from perftui.resources import is_installed_sample

        for item in loaded:
            sample = item.path in self.samples or is_installed_sample(item.path)
            self.units.append(DocState(doc=item.doc, loaded=item, read_only=self.read_only or self.review_mode,
                                       review_writable=self.review_mode and not self.read_only, sample=sample))
        for origin, result in self.imported:
            self.units.append(DocState(doc=result.doc, read_only=self.read_only, sample=True, origin=Path(origin)))
            self.startup_notices.append(
                (f"已从 {Path(origin).name} 导入（{result.form}）：{result.summary}，{len(result.notices)} 条提示"
                 f"（perftui import --dry-run 逐条列出）。尚未保存：ctrl+s 另存为数据文件", "information"))
        for err in errors:
            path = next((p.path for p in err.problems if p.path), None)
            self.broken.append((path or Path("?"), list(err.problems)))
        # The documents live as long as the app: keep the cyclic GC from re-walking their
        # hundreds of thousands of objects on every collection (a 1,000-project file made
        # each full collection cost tens of milliseconds while the screens were built).
        gc.freeze()

    def _start_checks(self, state: DocState) -> None:
        if not state.checks_started:
            state.checks_started = True
            self._run_checks(state)

    @work(thread=True, exclusive=False, group="checks")
    def _run_checks(self, state: DocState) -> None:
        state.start_checks()
        self.call_from_thread(self._checks_ready, state)

    def _checks_ready(self, state: DocState) -> None:
        if state is self.state:
            self.refresh_screen()
            self.call_after_refresh(self.build_editor_ahead)  # after the findings are painted
        if len(self.units) > 1:  # the unit list shows each unit's counts once it is checked
            for screen in self.screen_stack:
                if isinstance(screen, DepartmentScreen):
                    screen.reload_units()

    # ----- current document -------------------------------------------------------------
    @property
    def state(self) -> DocState | None:
        return self.units[self.unit_index] if self.units else None

    def open_state(self) -> DocState:
        """The current document, for the screens that are opened only over one."""
        state = self.state
        if state is None:
            raise LookupError("no document is open")
        return state

    def resolve(self, path: tuple) -> Any:
        state = self.state
        if state is None:
            return None
        try:
            return resolve(state.doc, path)
        except (AttributeError, IndexError, KeyError, TypeError):
            return None

    def unit_labels(self) -> list[str]:
        labels = []
        for s in self.units:
            u = s.doc.unit
            mark = " ●" if s.unsaved else ""
            labels.append(f"{u.code} {u.name} {u.year or ''}{mark}".strip())
        for path, _ in self.broken:
            labels.append(f"⚠ {path.name}（打不开）")
        return labels

    def switch_unit(self, index: int) -> None:
        if index >= len(self.units):
            broken = self.broken[index - len(self.units)]
            self.push_screen(ErrorScreen([broken]))
            return
        if index == self.unit_index:
            return
        self.unit_index = index
        self._start_checks(self.units[index])  # the state now current
        self._to_department()
        dept = self.screen
        if isinstance(dept, DepartmentScreen):
            dept.sync_from_model()
            dept.reload_units()
        self.update_title()

    def title_parts(self) -> tuple[str, str, str | Path]:
        """The title bar's unit label, marks, and where the work goes (a path or a hint)."""
        state = self.state
        if state is None:
            return "", "", "没有可打开的文件"
        u = state.doc.unit
        marks = ""
        if state.dirty:
            marks += " ● 未保存"
        refused = len(state.pending_refusals())
        if refused:
            marks += f" ✗ {refused} 处输入无效"
        if state.read_only:
            marks += " [审核]" if state.review_writable else " [只读]"
        if state.sample and state.origin is not None:
            where: str | Path = (f"由 {state.origin.name} 导入（尚未保存到文件，"
                                 f"{keymap.key_display(self, 'app.save')} 另存为）")
        elif state.sample:
            where = f"样例（尚未保存到文件，{keymap.key_display(self, 'app.save')} 另存为）"
        else:
            where = state.path or ""
        return f"{u.code} {u.name} {u.year or ''}".strip(), marks, where

    def update_title(self) -> None:
        label, marks, where = self.title_parts()
        self.title = shown(f"perftui · {label}{marks}" if label else "perftui")
        self.sub_title = shown(display_path(where) if isinstance(where, Path) else where)
        state = self.state
        if state is None:
            return
        dirty = tuple(s.unsaved for s in self.units)
        if len(self.units) > 1 and dirty != getattr(self, "_dirty_marks", None):
            self._dirty_marks = dirty  # the unit list marks unsaved units with ●
            for screen in self.screen_stack:
                if isinstance(screen, DepartmentScreen):
                    screen.reload_units()

    def notify(self, message: str, *, title: str = "", severity="information", timeout: float | None = None,
               markup: bool = True) -> None:
        # Notices quote names, paths and messages from files: always display-safe, never markup.
        message, title = _chinese_notice(str(message), str(title))
        super().notify(shown(str(message), multiline=True), title=shown(str(title)), severity=severity,
                       timeout=timeout, markup=False)

    def refresh_screen(self) -> None:
        screen = self.screen
        if hasattr(screen, "refresh_findings"):
            screen.refresh_findings()

    # ----- editing ------------------------------------------------------------------------
    def refuse_read_only(self, *, saving: bool = False) -> bool:
        state = self.state
        if state is not None and state.read_only:
            if saving and state.review_writable:
                return False  # review mode saves and undoes its opinions and status
            now = time.monotonic()
            if now - self._read_only_noticed > 2:  # one notice per burst of typing, not per key
                self._read_only_noticed = now
                message = ("审核模式：内容只读，只能写审核意见和设置审核状态（f6 写意见，f5 审核列表）"
                           if state.review_writable else "只读模式：不能修改或保存（以 --read-only 打开）")
                self.notify(message, severity="warning", markup=False, timeout=3)
            return True
        return False

    def edit(self, change: Callable[[DocState], Any]) -> Any:
        """Apply one edit to the current document; refused with a notice in read-only mode."""
        state = self.state
        if state is None:
            return None
        try:
            touch = change(state)
        except ReadOnlyError:
            self.refuse_read_only()
            return None
        self.update_title()
        return touch

    def action_undo(self) -> None:
        self._history("undo")

    def action_redo(self) -> None:
        self._history("redo")

    def _history(self, which: str) -> None:
        state = self.state
        if state is None or self.refuse_read_only(saving=True) or isinstance(self.screen, (ChoiceModal, PromptModal)):
            return
        touch = state.undo() if which == "undo" else state.redo()
        if touch is None:
            self.notify("没有可撤销的修改" if which == "undo" else "没有可重做的修改", markup=False, timeout=2)
            return
        from perftui.tui.history import describe

        self.update_title()
        screen = self.screen
        # A screen still being built syncs itself when it mounts; those below sync on resume.
        if hasattr(screen, "sync_from_model") and screen.is_mounted:
            screen.sync_from_model()
            show = getattr(screen, "show_change", None)
            if show is not None:
                show(touch.change, touch.undone)
        verb = "已撤销" if which == "undo" else "已重做"
        self.notify(f"{verb}：{describe(state.doc, touch.change, touch.undone)}", markup=False, timeout=4)

    # ----- navigation ---------------------------------------------------------------------
    def _to_department(self) -> None:
        while len(self.screen_stack) > 1 and not isinstance(self.screen, DepartmentScreen):
            self.pop_screen()

    def action_open_projects(self) -> None:
        self.open_projects()

    def open_projects(self) -> ProjectsScreen | None:
        """The project table: the one kept from the last time it was open (its cursor, sort and
        filter, and its rows, brought up to date only where the document changed) when it
        shows this document, else a new one, kept in its place."""
        state = self.state
        if state is None:
            return None
        if isinstance(self.screen, ProjectsScreen):
            return self.screen
        kept = self._kept_table
        if kept is not None and kept[0] is state and kept[1] is state.doc and kept[2] in self.screen_stack:
            while self.screen is not kept[2]:  # open under other screens: back to it
                self.pop_screen()
            return kept[2]
        if kept is not None and (kept[0] is not state or kept[1] is not state.doc):
            self._drop_kept_table()  # another unit's, or a document since reloaded
            kept = None
        if kept is None:
            screen = ProjectsScreen()
            self._kept_table = (state, state.doc, screen)
            self.install_screen(screen, f"projects-{id(screen)}")  # kept when popped
        else:
            screen = kept[2]
        self.push_screen(screen)
        return screen

    def _drop_kept_table(self) -> None:
        """Forget the kept project table; one still on the stack goes when it is popped."""
        if self._kept_table is not None:
            screen = self._kept_table[2]
            self._kept_table = None
            if screen not in self.screen_stack:  # (unit switches and reloads leave only the department screen)
                self.uninstall_screen(screen)
                screen.remove()

    def open_project(self, project, *, focus: bool = True, row: int | None = None) -> ProjectEditorScreen:
        screen = self.editor_for(project, focus=focus, row=row)
        self.push_screen(screen)
        return screen

    # Editors kept for reuse: building one (~100 widgets) takes far longer than showing another
    # project in one already built. Two, so that next / previous project can swap them.
    SPARE_EDITORS = 2

    def editor_for(self, project, *, focus: bool = True, row: int | None = None) -> ProjectEditorScreen:
        """An editor showing ``project``, to be pushed: a kept one re-pointed when one fits
        (ProjectEditorScreen.can_show), else a new one (kept in place of one that cannot be used).
        Without ``focus`` a kept editor leaves the focus to the caller (a jump to a field);
        ``row``: the indicator row it shows first."""
        for editor in self._editors:
            if editor.can_show(project):
                editor.show_project(project, focus=focus, row=row)
                return editor
        free = [e for e in self._editors if self._is_free(e)]
        if len(self._editors) >= self.SPARE_EDITORS and free:
            self._drop_editor(free[0])
        editor = ProjectEditorScreen(project)
        if len(self._editors) < self.SPARE_EDITORS:
            self._editors.append(editor)
            self.install_screen(editor, f"editor-{id(editor)}")  # kept when popped
        return editor

    def _is_free(self, editor: ProjectEditorScreen) -> bool:
        """Off the screen stack and done with (not one being built ahead)."""
        return editor not in self.screen_stack and editor.suspended

    def build_editor_ahead(self) -> None:
        """Build, off the screen, an editor for the layout most of the document's projects
        share, so that the first project opened (a finding's Enter, the project table's) is
        shown in it (editor_for) instead of waiting for a build. Run once, when the document's
        first check has been painted, as the last step of opening it: nothing on the screen
        changes, and a key typed meanwhile waits for the step of the build under way (the
        longest is benchmarks/tui.py's "longest wait for a key"). A project opened before it is
        ready gets an editor built for it, as before."""
        state = self.state
        if state is None or not state.doc.projects or not self.is_running:  # not while closing
            return
        for editor in [e for e in self._editors if not e.built_for(state) and self._is_free(e)]:
            self._drop_editor(editor)  # another unit's or a reloaded document's: no use any more
        if len(self._editors) >= self.SPARE_EDITORS:
            return
        doc = state.doc
        count: dict[tuple, int] = {}
        first: dict[tuple, Project] = {}
        for project in doc.projects:
            layout = editor_layout(doc, project)
            count[layout] = count.get(layout, 0) + 1
            first.setdefault(layout, project)
        common = max(count, key=count.__getitem__)
        if any(e.built_for(state, common) for e in self._editors):
            return
        editor = ProjectEditorScreen(first[common], ahead=True)
        self._editors.append(editor)
        self.install_screen(editor, f"editor-{id(editor)}")
        # Mounted, not pushed: the step push_screen takes first (Textual has no public one).
        self._get_screen(editor)

    def document_settled(self) -> None:
        """The document is open: checked, shown, an editor built ahead. What was made for it
        lives as long as the document: as after loading it (_open_files), the cyclic GC is
        kept from walking it again on every full collection (once the screens and the first
        check had been made, one of 30–45 ms at 1,000 projects fell inside most first jumps).
        Full collections come more often afterwards (fewer objects count as long-lived) but
        walk only what was made since. Collections are also made rarer (a jump makes tens of
        thousands of objects, so at the default threshold one full collection in every few
        jumps walked the project table and findings made since, 40 ms inside a jump)."""
        gc.freeze()
        gc.set_threshold(_GC_YOUNG, *_GC_DEFAULT[1:])

    def on_resize(self) -> None:
        """Kept editors are laid out again for the new size once it is painted (editor_for
        shows one only at the size it was laid out for)."""
        if not self._editors_to_lay_out:
            self._editors_to_lay_out = True
            self.call_after_refresh(self._lay_out_kept_editors)

    def _lay_out_kept_editors(self) -> None:
        self._editors_to_lay_out = False
        for editor in self._editors:
            if self._is_free(editor):
                editor.lay_out_unshown()

    def _drop_editor(self, editor: ProjectEditorScreen) -> None:
        self._editors.remove(editor)
        self.uninstall_screen(editor)
        editor.remove()

    def jump(self, finding) -> None:
        """Go to the field a finding is about: the project's editor opens at once, over the
        project table when one is open (its filter, sort and cursor kept), else over the
        department screen; the table is never rebuilt on the way."""
        if self.state is None:
            return
        if finding.project_index is None:
            self._to_department()
            dept = self.screen
            if isinstance(dept, DepartmentScreen):
                dept.focus_field((finding.field or "").split(".")[0], finding.item_index,
                                 getattr(finding, "indicator_index", None))
            return
        i = finding.project_index
        if not (0 <= i < len(self.state.doc.projects)):
            return
        project = self.state.doc.projects[i]
        current = self.screen
        if isinstance(current, ProjectEditorScreen) and current.project is project:
            current.focus_finding(finding.indicator_index, finding.field)
            return
        stack = self.screen_stack
        if isinstance(current, FindingsScreen) and len(stack) > 1 and isinstance(stack[-2], DepartmentScreen |
                                                                                  ProjectsScreen):
            # The list gives way to the editor directly: the screen below is never shown
            # (nor laid out again) on the way.
            below = stack[-2]
            self._point_table_at(below, project)
            editor = self.editor_for(project, focus=False, row=finding.indicator_index)
            self.switch_screen(editor)
        else:
            if isinstance(current, FindingsScreen):
                current.leave()
            self._to_projects_or_department()
            self._point_table_at(self.screen, project)
            editor = self.open_project(project, focus=False, row=finding.indicator_index)
        if editor.is_mounted:  # a kept editor (editor_for): its fields are there to take the focus now
            editor.focus_finding(finding.indicator_index, finding.field, at_once=True)
        else:
            self.call_after_refresh(editor.focus_finding, finding.indicator_index, finding.field)

    def _point_table_at(self, screen, project) -> None:
        """The project table's cursor on ``project`` (its filter and sort untouched)."""
        if isinstance(screen, ProjectsScreen):
            row = screen.row_of(project)
            if row is not None:
                screen.query_one(ProjectsTable).move_cursor(row=row, animate=False)

    def _to_projects_or_department(self) -> None:
        while len(self.screen_stack) > 1 and not isinstance(self.screen, DepartmentScreen | ProjectsScreen):
            self.pop_screen()

    def project_order(self) -> list:
        """The projects in the project table's order (filter and sort) when it is open."""
        for screen in reversed(self.screen_stack):
            if isinstance(screen, ProjectsScreen) and screen.order:
                return list(screen.order)
        return list(self.state.doc.projects) if self.state is not None else []

    def replace_editor(self, editor: ProjectEditorScreen, project) -> None:
        """Next / previous project: the editor of ``project`` takes this editor's place."""
        if not editor.is_current:
            return
        self.pop_screen()
        self._open_from_table(project)

    def action_jump_project(self) -> None:
        """跳到项目…: the palette, searching only the projects (by code and name)."""
        from perftui.tui.commands import JumpProjectsProvider

        if self.state is not None and not _palette_open(self):
            self.push_screen(ChinesePalette(providers=[JumpProjectsProvider], placeholder="跳到项目：输入编码或名称…"))

    def open_project_at(self, index: int) -> None:
        if self.state is None or not 0 <= index < len(self.state.doc.projects):
            return
        project = self.state.doc.projects[index]
        self._to_projects_or_department()
        self._open_from_table(project)

    def _open_from_table(self, project) -> None:
        """Open ``project``, the project table below (if any) with its cursor on that row."""
        below = self.screen
        if isinstance(below, ProjectsScreen):
            row = below.row_of(project)
            if row is not None:
                below.query_one(ProjectsTable).move_cursor(row=row, animate=False)
        self.open_project(project)

    def action_toggle_panel(self) -> None:
        """Collapse the findings panel to its totals line, or open it again."""
        self.panel_collapsed = not self.panel_collapsed
        for screen in self.screen_stack:
            for panel in screen.query(FindingsPanel):
                panel.set_collapsed(self.panel_collapsed)

    def action_findings(self) -> None:
        if self.state is not None and not isinstance(self.screen, FindingsScreen):
            self.push_screen(FindingsScreen())

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    # ----- review (perftui.tui.screens.review / compare) -----------------------------------
    def _review_keys_work(self) -> bool:
        # Not over a question: jumping away would leave it (and whoever waits for it) behind.
        return self.state is not None and not isinstance(self.screen, ModalScreen)

    def action_review(self) -> None:
        if self._review_keys_work() and not isinstance(self.screen, ReviewScreen):
            self.push_screen(ReviewScreen())

    def action_add_opinion(self) -> None:
        from perftui.tui.screens.review import ask_opinion, current_place

        if self._review_keys_work():
            ask_opinion(self, current_place(self))

    def action_compare(self) -> None:
        from perftui.tui.screens.compare import CompareScreen

        if self._review_keys_work() and not isinstance(self.screen, CompareScreen):
            self.push_screen(CompareScreen())

    def action_next_change(self) -> None:
        from perftui.tui.screens.compare import step

        if self._review_keys_work():
            step(self, 1)

    def action_prev_change(self) -> None:
        from perftui.tui.screens.compare import step

        if self._review_keys_work():
            step(self, -1)

    # ----- saving -------------------------------------------------------------------------
    def action_save(self) -> None:
        if isinstance(self.screen, ProseModal):  # ctrl+s in a paragraph editor keeps the paragraph
            self.screen.action_commit()
            return
        state = self.state
        if state is None:
            return
        if self.refuse_read_only(saving=True):
            return
        refused = state.pending_refusals()
        if refused:
            # Saving now would write the last valid values while the fields show other text.
            lines = "\n".join(r.message for r in refused[:5])
            more = f"\n……共 {len(refused)} 处" if len(refused) > 5 else ""
            self.notify(f"没有保存：有 {len(refused)} 处输入无效，请改正或按 Esc 还原后再保存。\n{lines}{more}",
                        severity="error", markup=False, timeout=10)
            return
        if not state.dirty and not state.sample:  # the sample: ctrl+s makes a working copy
            self.notify("没有需要保存的修改", markup=False, timeout=2)
            return
        # A second ctrl+s must not cancel a save still running (its thread would write on
        # while the app forgot it) nor one waiting for an answer.
        if any(w.group == "save" and not w.is_finished for w in self.workers):
            self.notify("正在保存，请稍候（或先回答保存对话框）", markup=False, timeout=3)
            return
        self._save(state)

    @work(exclusive=True, group="save")
    async def _save(self, state: DocState) -> bool:
        return await self.save_flow(state)

    async def save_flow(self, state: DocState, force: bool = False, replace_read_only: bool = False) -> bool:
        """Save through the store in a thread; on a conflict ask reload / overwrite / save as,
        on a read-only file ask overwrite it / save as. Any failure is a notice: the edits
        stay in the app, still marked unsaved (True only once they are on disk)."""
        from perftui import store

        if state.sample:  # never written back: saved as a file of the user's
            return await self._save_as(state, sample=True)
        state.seal()
        if state.loaded is None:  # never saved: it needs a name
            return await self._save_as(state)
        try:
            loaded = await self._in_thread(
                lambda: store.save(state.loaded, state.doc, force=force, replace_read_only=replace_read_only)
            )
        except store.ConflictError as exc:
            answer = await self.push_screen_wait(
                ChoiceModal("保存冲突", exc.message,
                            [("r", "重新载入"), ("o", "覆盖保存"), ("a", "另存为"), ("c", "取消")])
            )
            if answer == "r":
                return await self._reload(state)
            if answer == "o":
                return await self.save_flow(state, force=True, replace_read_only=replace_read_only)
            if answer == "a":
                return await self._save_as(state)
            return False
        except store.ReadOnlyFileError as exc:
            answer = await self._ask_read_only(exc)
            if answer == "o":
                return await self.save_flow(state, force=force, replace_read_only=True)
            if answer == "a":
                return await self._save_as(state)
            return False
        except Exception as exc:  # noqa: BLE001 - a failed save never ends the app or loses the edits
            self._save_failed("保存失败", exc)
            return False
        state.mark_saved(loaded)
        self.update_title()
        self.notify(f"已保存：{loaded.path}", markup=False, timeout=3)
        return True

    async def _ask_read_only(self, exc: Exception) -> str | None:
        path = getattr(exc, "path", "")
        return await self.push_screen_wait(ChoiceModal(
            "只读文件",
            f"{path} 是只读文件（文件权限不允许写入）。覆盖它时保留只读权限；也可以另存为新文件。",
            [("o", "覆盖只读文件"), ("a", "另存为"), ("c", "取消")],
        ))

    def _save_failed(self, what: str, exc: BaseException) -> None:
        """The notice for a save that did not happen: why, and that nothing is lost."""
        self.notify(f"{what}：{_failure_reason(exc)}。修改仍在，尚未保存", severity="error", markup=False, timeout=12)

    async def _in_thread(self, fn: Callable[[], Any]) -> Any:
        import asyncio

        return await asyncio.get_running_loop().run_in_executor(None, fn)

    async def _reload(self, state: DocState) -> bool:
        from perftui import store

        try:
            loaded = await self._in_thread(lambda: store.load(state.path))
        except DataError as exc:
            self.notify(f"重新载入失败：{exc}", severity="error", markup=False, timeout=10)
            return False
        state.replace(loaded)
        self._to_department()
        if isinstance(self.screen, DepartmentScreen):
            self.screen.sync_from_model()
        self.update_title()
        self.notify("已重新载入磁盘上的文件（本次修改已放弃）", markup=False)
        return True

    async def _save_as(self, state: DocState, *, sample: bool = False) -> bool:
        """Ask for a path and write the document there (asking before replacing a file, and
        again before replacing a read-only one); failures are notices, as in save_flow."""
        from perftui import store
        from perftui.resources import is_installed_sample

        title = "另存为（文件路径）"
        default = state.path.with_name(f"{state.path.stem}-副本.toml") if state.path else Path("新文件.toml")
        if sample and state.origin is not None:  # imported: beside the file it came from
            title = f"这是由 {state.origin.name} 导入的新文档，尚未保存。另存为（文件路径）"
            default = state.origin.with_suffix(".toml")
        elif sample:  # a working copy in the current folder, named like the sample
            title = "这是自带的样例，不能直接保存。另存为（文件路径）"
            default = Path.cwd() / (state.path.name if state.path else "新文件.toml")
        while True:  # once per path the user gives
            answer = await self.push_screen_wait(PromptModal(title, str(default)))
            if not answer:
                return False
            target = default = Path(answer).expanduser()
            if is_installed_sample(target):
                self.notify(f"不能保存到 {target}：那是安装包自带的样例文件夹，重新安装时会丢失。请换一个位置",
                            severity="error", markup=False, timeout=10)
                continue
            overwrite = replace_read_only = False
            while True:  # once per question answered about this path
                try:
                    loaded = await self._in_thread(partial(
                        store.save_as, state.doc, target, overwrite=overwrite, replace_read_only=replace_read_only))
                except store.ConflictError as exc:
                    if overwrite:  # save_as never says so when told to overwrite: no loop
                        self._save_failed("另存失败", exc)
                        return False
                    ok = await self.push_screen_wait(
                        ChoiceModal("文件已存在", f"{target} 已存在，要覆盖它吗？", [("y", "覆盖"), ("n", "取消")]))
                    if ok != "y":
                        return False
                    overwrite = True
                    continue
                except store.ReadOnlyFileError as exc:
                    if replace_read_only:  # the store never says so once told: no loop
                        self._save_failed("另存失败", exc)
                        return False
                    choice = await self._ask_read_only(exc)
                    if choice == "o":
                        replace_read_only = True
                        continue
                    if choice == "a":
                        break  # ask for another path
                    return False
                except Exception as exc:  # noqa: BLE001 - as in save_flow
                    self._save_failed("另存失败", exc)
                    return False
                state.mark_saved(loaded)
                self.update_title()
                self.notify(f"已另存为：{loaded.path}", markup=False)
                return True

    # ----- next year's file ----------------------------------------------------------------
    def action_next_year(self) -> None:
        state = self.state
        if state is None:
            return
        if self.review_mode or self.read_only:
            mode = "审核模式" if self.review_mode else "只读模式"
            self.notify(f"{mode}下不能新建数据文件", severity="warning", markup=False, timeout=4)
            return
        refused = state.pending_refusals()
        if refused:  # the copy would hold the last valid values, not what the fields show
            lines = "\n".join(r.message for r in refused[:5])
            self.notify(f"没有新建：有 {len(refused)} 处输入无效，请改正或按 Esc 还原后再新建。\n{lines}",
                        severity="error", markup=False, timeout=10)
            return
        self._next_year(state)

    @work(exclusive=True, group="next_year")
    async def _next_year(self, state: DocState) -> None:
        """The same copy as ``perftui new --from`` (perftui.nextyear), of what the app shows
        (unsaved edits included), written as a new file beside this one and opened as a unit."""
        from perftui import store
        from perftui.nextyear import next_year_copy, next_year_path
        from perftui.resources import is_installed_sample

        year = state.doc.unit.year if isinstance(state.doc.unit.year, int) and state.doc.unit.year else None
        new = next_year_copy(state.doc)
        base = state.path or (state.origin.with_suffix(".toml") if state.origin is not None else Path("新文件.toml"))
        if state.sample and state.origin is None:  # the bundled sample: the copy goes where the user works
            base = Path.cwd() / base.name
        default = next_year_path(Path(base).absolute(), year)
        what = f"{new.unit.year}年度"
        title = f"新建{what}的数据文件：照当前单位复制项目、指标、文字和金额，不带审核意见。文件路径"
        while True:  # once per path the user gives
            answer = await self.push_screen_wait(PromptModal(title, str(default)))
            if not answer:
                return
            target = default = Path(answer).expanduser()
            if target.suffix.lower() != ".toml":
                self.notify(f"数据文件的扩展名应是 .toml：{target}", severity="error", markup=False, timeout=6)
                continue
            if is_installed_sample(target):
                self.notify(f"不能新建在 {target}：那是安装包自带的样例文件夹，重新安装时会丢失。请换一个位置",
                            severity="error", markup=False, timeout=10)
                continue
            try:
                loaded = await self._in_thread(partial(store.save_as, new, target))
            except (store.ConflictError, store.ReadOnlyFileError):
                self.notify(f"{target} 已存在，没有覆盖；请换一个文件名", severity="error", markup=False, timeout=6)
                continue
            except Exception as exc:  # noqa: BLE001 - a failed write never ends the app
                self.notify(f"新建失败：{_failure_reason(exc)}。未生成文件", severity="error", markup=False, timeout=12)
                continue
            break
        self.units.append(DocState(doc=loaded.doc, loaded=loaded))
        self._to_department()
        if isinstance(self.screen, DepartmentScreen):
            await self.screen.show_unit_list()
        self.switch_unit(len(self.units) - 1)
        count = sum(len(p.indicators) for p in loaded.doc.projects)
        back = keymap.key_display(self, "department.prev_unit")
        self.notify(f"已新建 {loaded.path}（{what}，{len(loaded.doc.projects)} 个项目，{count} 条指标，审核意见未带入），"
                    f"现在编辑的是它；{back} 回到原文件。旧年度的日期和编码，检查会逐条指出",
                    markup=False, timeout=10)

    # ----- export -------------------------------------------------------------------------
    def action_export(self) -> None:
        if self.state is not None:
            self._export(self.state)

    @work(exclusive=True, group="export")
    async def _export(self, state: DocState) -> None:
        """The same export as ``perftui export`` (perftui.export.tofile): never over the data
        file, never over an open workbook, never cut, never half-written."""
        from perftui.export.tofile import ExportRefused, export_file

        base = state.path or Path.cwd() / "perftui.toml"
        if state.sample:  # not into the installed package: next to where the user works
            base = Path.cwd() / base.name
        out = base.with_suffix(".xlsx")
        origin = state.origin
        if origin is not None:  # imported: beside its source, never over it nor over a workbook of that name
            out = origin.with_name(f"{origin.stem}-perftui.xlsx")
        # Line numbers only when the document is still what the file on disk says.
        text = state.loaded.text if state.loaded is not None and not state.dirty else None
        doc = state.doc
        self.notify(f"正在导出 Excel：{out} …", markup=False, timeout=2)
        try:
            done = await self._in_thread(lambda: export_file(doc, out, source=state.path, text=text,
                                                             protect=[origin] if origin else []))
        except ExportRefused as exc:
            self.notify(self._refusal_text(exc), title="导出失败", severity="error", markup=False, timeout=15)
            return
        except Exception as exc:  # noqa: BLE001 - any failure is reported, the app keeps running
            self.notify(f"导出失败：{exc}", severity="error", markup=False, timeout=10)
            return
        self.exported = done.path
        self.notify(f"已导出 Excel：{done.path}（{done.projects} 个项目）", markup=False, timeout=8)

    @staticmethod
    def _refusal_text(exc: Exception, shown: int = 3) -> str:
        """An export refusal as a notice: the reason, then the first fields at fault."""
        from perftui.safetext import clean

        problems = getattr(exc, "problems", [])
        lines = [str(exc)]
        for p in problems[:shown]:
            where = f"第 {p.line} 行 " if p.line else ""
            lines.append(f"· {where}{p.keypath}：{p.message}")
        if len(problems) > shown:
            lines.append(f"… 另有 {len(problems) - shown} 处")
        return clean("\n".join(lines))

    # ----- quit ---------------------------------------------------------------------------
    async def action_quit(self) -> None:
        self._quit()  # a worker: it waits for the answer to 有未保存的修改

    @work(exclusive=True, group="quit")
    async def _quit(self) -> None:
        dirty = [s for s in self.units if s.unsaved]
        if not dirty:
            self.exit(0)
            return
        names = "、".join(f"{s.doc.unit.name or s.path}" for s in dirty)
        refused = sum(len(s.pending_refusals()) for s in dirty)
        also = f"（其中 {refused} 处输入无效，保存前须改正）" if refused else ""
        answer = await self.push_screen_wait(
            ChoiceModal("有未保存的修改", f"{names} 有未保存的修改{also}。",
                        [("s", "保存后退出"), ("q", "不保存退出"), ("c", "取消")])
        )
        if answer == "q":
            self.exit(0)
        elif answer == "s":
            for s in dirty:
                self.unit_index = self.units.index(s)
                if s.pending_refusals():
                    self.action_save()  # says which fields to correct, saves nothing
                    return
                if s.dirty and not await self.save_flow(s):
                    return
            self.exit(0)

    # ----- themes -------------------------------------------------------------------------
    def theme_names(self) -> list[str]:
        return sorted(self.available_themes)

    def choose_theme(self, name: str) -> None:
        if name in self.available_themes:
            self.theme = name
            themes.remember_theme(name)
            self.notify(f"主题：{name}", markup=False, timeout=2)

    def action_pick_theme(self) -> None:
        names = self.theme_names()
        labels = [f"{n}（{themes.describe_theme(n, self.available_themes[n].dark)}）" for n in names]
        current = labels[names.index(self.theme)] if self.theme in names else None
        self.push_screen(PickModal("选择主题", labels, current),
                         lambda label: self.choose_theme(names[labels.index(label)]) if label else None)

    def action_change_theme(self) -> None:  # the palette's built-in "Theme" command
        self.action_pick_theme()

    def action_command_palette(self) -> None:
        # Textual's own palette, with Chinese words instead of "Search for commands…".
        if self.use_command_palette and not _palette_open(self):
            self.push_screen(ChinesePalette(id="--command-palette", placeholder="输入以搜索命令…"))

    def can_save(self) -> bool:
        """Whether 保存 belongs in the footer (read-only: ctrl+s only says why nothing is saved)."""
        state = self.state
        return not (state is not None and state.read_only and not state.review_writable)


    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        # 主题, 退出 and 帮助 come with their keys from ActionsProvider (no entry twice).
        yield SystemCommand("截图", "把当前界面保存为 SVG 图片",
                            lambda: self.set_timer(0.1, self.deliver_screenshot))


def _chinese_notice(message: str, title: str) -> tuple[str, str]:
    """Textual's own notices (the palette's 截图) in Chinese."""
    import re

    if title == "Screenshot":
        m = re.match(r"Saved screenshot to \[\$text-success\]'?(.*?)'?$", message)
        if m:
            return f"已保存截图：{m.group(1)}", "截图"
        if message == "Saved screenshot":
            return "已保存截图", "截图"
        return "截图保存失败", "截图"
    return message, title


class ChinesePalette(CommandPalette):
    """Textual's command palette in Chinese ("No matches found", its key descriptions)."""

    BINDINGS = [
        Binding("ctrl+end, shift+end", "command_list('last')", "到最后", show=False),
        Binding("ctrl+home, shift+home", "command_list('first')", "到最前", show=False),
        Binding("down", "cursor_down", "下一条", show=False),
        Binding("escape", "escape", "关闭命令面板"),
        Binding("pagedown", "command_list('page_down')", "下一页", show=False),
        Binding("pageup", "command_list('page_up')", "上一页", show=False),
        Binding("up", "command_list('cursor_up')", "上一条", show=False),
    ]

    def _start_no_matches_countdown(self, search_value: str) -> None:
        from rich.align import Align
        from rich.text import Text
        from textual.command import CommandList
        from textual.widgets.option_list import Option

        self._stop_no_matches_countdown()

        def show() -> None:
            if search_value:
                self.query_one(CommandList).add_option(
                    Option(Align.center(Text("没有找到匹配的命令", style="not bold")), disabled=True,
                           id=self._NO_MATCHES))
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show)


def _palette_open(app: App[Any]) -> bool:
    """Whether a command palette is open (Textual types its app App[object], which an App[int] is not)."""
    return CommandPalette.is_open(app)


def _login_name() -> str:
    """Who is reviewing, when not given: the login name (shown beside each opinion)."""
    import getpass

    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no name for this user id (containers)
        return ""
