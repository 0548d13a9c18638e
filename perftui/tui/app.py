"""The workbench application: opens files, owns the edit state, saving, export, themes, keys."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from textual import work
from textual.app import App, SystemCommand
from textual.command import CommandPalette
from textual.screen import ModalScreen, Screen

from perftui.errors import DataError
from perftui.tui import keymap, themes
from perftui.tui.commands import ActionsProvider
from perftui.tui.screens.department import DepartmentScreen
from perftui.tui.screens.editor import ProjectEditorScreen
from perftui.tui.screens.info import ErrorScreen, FindingsScreen, HelpScreen
from perftui.tui.screens.modals import ChoiceModal, PickModal, PromptModal
from perftui.tui.screens.projects import ProjectsScreen
from perftui.tui.screens.review import ReviewScreen
from perftui.tui.state import DocState, ReadOnlyError, resolve
from perftui.tui.widgets import lists  # noqa: F401 - fixes OptionList paging (see module)


class PerftuiApp(App[int]):
    """``PerftuiApp(paths)`` — ``paths`` are data files (a folder is expanded by the caller)."""

    CSS_PATH = "app.tcss"
    TITLE = "perftui"
    COMMANDS = App.COMMANDS | {ActionsProvider}
    BINDINGS = keymap.bindings("app")
    ENABLE_COMMAND_PALETTE = True
    # Screens shorter than 24 lines get the "-short" class: a smaller findings panel.
    VERTICAL_BREAKPOINTS = [(0, "-short"), (24, "-tall")]

    def __init__(
        self,
        paths: Iterable[Path],
        *,
        theme: str | None = None,
        read_only: bool = False,
        keys_file: Path | None = None,
        folder: Path | None = None,
        review: bool = False,
        reviewer: str | None = None,
    ) -> None:
        super().__init__()
        self.paths = [Path(p) for p in paths]
        self.folder = folder
        self.read_only = read_only
        # Review mode: content read-only, 审核意见 and status writable (perftui.tui.screens.review).
        self.review_mode = review
        self.reviewer = reviewer or _login_name()
        self.comparison = None  # the last 与上一版比较 (perftui.tui.screens.compare.Comparison)
        self.requested_theme = theme
        self.keys_file = keys_file
        self.units: list[DocState] = []
        self.broken: list[tuple[Path, list]] = []
        self.unit_index = 0
        self.startup_notices: list[tuple[str, str]] = []
        self.exported: Path | None = None
        self._read_only_noticed = -10.0
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

    def form_built(self) -> None:
        """The department form is up: now run the full check (it must not hold up the first
        screen). Other units of a folder are checked when first shown."""
        if self.state is not None:
            self._start_checks(self.state)

    def _setup_themes(self) -> None:
        loaded, problems = themes.load_themes()
        for theme in loaded:
            self.register_theme(theme)
        wanted = self.requested_theme or themes.remembered_theme() or themes.DEFAULT_THEME
        if wanted not in self.available_themes:
            fallback = themes.DEFAULT_THEME if themes.DEFAULT_THEME in self.available_themes else themes.FALLBACK_THEME
            if self.requested_theme or wanted != themes.DEFAULT_THEME:
                problems.append(f"没有名为 “{wanted}” 的主题，已使用 {fallback}")
            wanted = fallback
        # Before the app runs, set the theme the way App's theme watcher would, minus its
        # deferred full CSS refresh (that refresh re-styles every widget of the first screen).
        self.set_reactive(App.theme, wanted)
        dark = self.current_theme.dark
        self.update_classes({f"-theme-{wanted}": True, "-dark-mode": dark, "-light-mode": not dark},
                            update=False)
        self._refresh_truecolor_filter(self.ansi_theme)
        self.stylesheet.set_variables(self.get_css_variables())
        if problems:
            self.startup_notices.append(("主题文件有误，已跳过：\n" + "\n".join(problems), "warning"))

    def _setup_keys(self) -> None:
        keymap_, problems = keymap.load_keymap(self.keys_file)
        if keymap_:
            self.set_keymap(keymap_)
        if problems:
            self.startup_notices.append(("\n".join(problems), "warning"))

    def _open_files(self) -> None:
        from perftui import store

        loaded, errors = store.load_many(self.paths)
        for item in loaded:
            self.units.append(DocState(doc=item.doc, loaded=item, read_only=self.read_only or self.review_mode,
                                       review_writable=self.review_mode and not self.read_only))
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

    # ----- current document -------------------------------------------------------------
    @property
    def state(self) -> DocState | None:
        return self.units[self.unit_index] if self.units else None

    def resolve(self, path: tuple) -> Any:
        try:
            return resolve(self.state.doc, path)
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
        self._start_checks(self.state)
        self._to_department()
        dept = self.screen
        if isinstance(dept, DepartmentScreen):
            dept.sync_from_model()
            dept.reload_units()
        self.update_title()

    def update_title(self) -> None:
        state = self.state
        if state is None:
            self.title = "perftui"
            self.sub_title = "没有可打开的文件"
            return
        u = state.doc.unit
        marks = ""
        if state.dirty:
            marks += " ● 未保存"
        refused = len(state.pending_refusals())
        if refused:
            marks += f" ✗ {refused} 处输入无效"
        if state.read_only:
            marks += " [审核]" if state.review_writable else " [只读]"
        self.title = f"perftui · {u.code} {u.name} {u.year or ''}{marks}"
        self.sub_title = str(state.path or "")
        dirty = tuple(s.unsaved for s in self.units)
        if len(self.units) > 1 and dirty != getattr(self, "_dirty_marks", None):
            self._dirty_marks = dirty  # the unit list marks unsaved units with ●
            for screen in self.screen_stack:
                if isinstance(screen, DepartmentScreen):
                    screen.reload_units()

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
        self.update_title()
        screen = self.screen
        # A screen still being built syncs itself when it mounts; those below sync on resume.
        if hasattr(screen, "sync_from_model") and screen.is_mounted:
            screen.sync_from_model()

    # ----- navigation ---------------------------------------------------------------------
    def _to_department(self) -> None:
        while len(self.screen_stack) > 1 and not isinstance(self.screen, DepartmentScreen):
            self.pop_screen()

    def action_open_projects(self) -> None:
        self.open_projects()

    def open_projects(self) -> ProjectsScreen | None:
        if self.state is None:
            return None
        if isinstance(self.screen, ProjectsScreen):
            return self.screen
        screen = ProjectsScreen()
        self.push_screen(screen)
        return screen

    def open_project(self, project) -> ProjectEditorScreen:
        screen = ProjectEditorScreen(project)
        self.push_screen(screen)
        return screen

    def jump(self, finding) -> None:
        """Go to the field a finding is about."""
        if self.state is None:
            return
        self._to_department()
        if finding.project_index is None:
            dept = self.screen
            if isinstance(dept, DepartmentScreen):
                dept.focus_field((finding.field or "").split(".")[0], finding.item_index)
            return
        i = finding.project_index
        if not (0 <= i < len(self.state.doc.projects)):
            return
        projects = self.open_projects()
        project = self.state.doc.projects[i]

        def after_mount() -> None:
            projects.select_project(i)
            editor = self.open_project(project)
            self.call_after_refresh(editor.focus_finding, finding.indicator_index, finding.field)

        self.call_after_refresh(after_mount)

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
        if not state.dirty:
            self.notify("没有需要保存的修改", markup=False, timeout=2)
            return
        self._save(state)

    @work(exclusive=True, group="save")
    async def _save(self, state: DocState) -> bool:
        return await self.save_flow(state)

    async def save_flow(self, state: DocState, force: bool = False) -> bool:
        """Save through the store in a thread; on a conflict ask reload / overwrite / save as."""
        from perftui import store

        state.seal()
        try:
            loaded = await self._in_thread(lambda: store.save(state.loaded, state.doc, force=force))
        except store.ConflictError as exc:
            answer = await self.push_screen_wait(
                ChoiceModal("保存冲突", exc.message,
                            [("r", "重新载入"), ("o", "覆盖保存"), ("a", "另存为"), ("c", "取消")])
            )
            if answer == "r":
                return await self._reload(state)
            if answer == "o":
                return await self.save_flow(state, force=True)
            if answer == "a":
                return await self._save_as(state)
            return False
        except (DataError, OSError, AssertionError) as exc:
            self.notify(f"保存失败：{exc}", severity="error", markup=False, timeout=10)
            return False
        state.mark_saved(loaded)
        self.update_title()
        self.notify(f"已保存：{loaded.path}", markup=False, timeout=3)
        return True

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

    async def _save_as(self, state: DocState) -> bool:
        from perftui import store

        default = state.path.with_name(f"{state.path.stem}-副本.toml") if state.path else Path("新文件.toml")
        answer = await self.push_screen_wait(PromptModal("另存为（文件路径）", str(default)))
        if not answer:
            return False
        target = Path(answer).expanduser()
        try:
            loaded = await self._in_thread(lambda: store.save_as(state.doc, target))
        except store.ConflictError:
            ok = await self.push_screen_wait(
                ChoiceModal("文件已存在", f"{target} 已存在，要覆盖它吗？", [("y", "覆盖"), ("n", "取消")]))
            if ok != "y":
                return False
            loaded = await self._in_thread(lambda: store.save_as(state.doc, target, overwrite=True))
        except (DataError, OSError) as exc:
            self.notify(f"另存失败：{exc}", severity="error", markup=False, timeout=10)
            return False
        state.mark_saved(loaded)
        self.update_title()
        self.notify(f"已另存为：{loaded.path}", markup=False)
        return True

    # ----- export -------------------------------------------------------------------------
    def action_export(self) -> None:
        if self.state is not None:
            self._export(self.state)

    @work(exclusive=True, group="export")
    async def _export(self, state: DocState) -> None:
        from perftui.export.xlsx import export_workbook

        base = state.path or Path.cwd() / "perftui.toml"
        out = base.with_suffix(".xlsx")
        self.notify(f"正在导出 Excel：{out} …", markup=False, timeout=2)
        try:
            written = await self._in_thread(lambda: export_workbook(state.doc, out))
        except Exception as exc:  # noqa: BLE001 - any failure is reported, the app keeps running
            self.notify(f"导出失败：{exc}", severity="error", markup=False, timeout=10)
            return
        self.exported = Path(written)
        self.notify(f"已导出 Excel：{written}", markup=False, timeout=8)

    # ----- quit ---------------------------------------------------------------------------
    @work(exclusive=True, group="quit")
    async def action_quit(self) -> None:
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
        self.push_screen(PickModal("选择主题", self.theme_names(), self.theme),
                         lambda name: self.choose_theme(name) if name else None)

    def action_change_theme(self) -> None:  # the palette's built-in "Theme" command
        self.action_pick_theme()

    def action_command_palette(self) -> None:
        # Textual's own palette, with a Chinese prompt instead of "Search for commands…".
        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(id="--command-palette", placeholder="输入以搜索命令…"))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield SystemCommand("主题", "选择界面主题（会记住）", self.action_pick_theme)
        yield SystemCommand("退出", "退出（有未保存的修改时会询问）", self.action_quit)
        yield SystemCommand("按键帮助", "显示当前界面的按键", self.action_help)
        yield SystemCommand("截图", "把当前界面保存为 SVG 图片",
                            lambda: self.set_timer(0.1, self.deliver_screenshot))


def _login_name() -> str:
    """Who is reviewing, when not given: the login name (shown beside each opinion)."""
    import getpass

    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no name for this user id (containers)
        return ""
