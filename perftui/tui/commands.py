"""Command-palette provider: every action of the current screen, themes and units."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider

from perftui.safetext import shown
from perftui.tui import keymap

if TYPE_CHECKING:
    from textual.dom import DOMNode

    from perftui.tui.app import PerftuiApp

SCOPE_TITLES = {
    "app": "通用",
    "department": "部门",
    "projects": "项目表",
    "editor": "指标",
    "items": "条目",
    "records": "表格",
    "findings": "问题",
    "review": "审核",
    "compare": "比较",
}


def _app(provider: Provider) -> PerftuiApp:
    """The app, typed: only PerftuiApp registers these providers (its COMMANDS, 跳到项目…)."""
    return cast("PerftuiApp", provider.app)


class ActionsProvider(Provider):
    """"group：action" entries for the screen the palette was opened from."""

    def _entries(self) -> Iterator[tuple[str, str, Callable[[], object]]]:
        # Unit names and theme names come from files: every entry is shown display-safe.
        for title, help_text, callback in self._raw_entries():
            yield shown(title), shown(help_text), callback

    def _raw_entries(self) -> Iterator[tuple[str, str, Callable[[], object]]]:
        screen = self.screen
        app = _app(self)
        scopes = ["app", *getattr(screen, "SCOPES", ())]
        focused = screen.focused
        focused_scope = getattr(type(focused), "SCOPE", None) if focused is not None else None
        if focused_scope:
            scopes.append(focused_scope)
        seen: set[str] = set()
        for key in keymap.KEYS:
            scope = key.id.split(".", 1)[0]
            if scope not in scopes or key.action in ("back", "command_palette", "revert_field"):
                continue
            if key.on == "table" and focused_scope != scope:
                continue  # a table's key (a, d…) where the table is not focused: it would not run
            if key.action in seen:
                continue
            seen.add(key.action)
            target: DOMNode
            if scope == "app":
                target = app
            elif scope == focused_scope and focused is not None:  # a focused scope has a focus
                target = focused
            else:
                target = screen
            keys = keymap.key_display(app, key.id)
            title = f"{SCOPE_TITLES.get(scope, scope)}：{key.description}（{keys}）"
            yield title, key.help, partial(target.run_action, key.action)
        state = getattr(app, "state", None)
        if state is not None and state.doc.projects:
            yield "跳到项目…", "按编码或名称搜索并打开一个项目（ctrl+g）", app.action_jump_project
        from perftui.tui.themes import describe_theme

        for name in getattr(app, "theme_names", lambda: [])():
            theme = app.available_themes.get(name)
            about = describe_theme(name, getattr(theme, "dark", None))
            yield f"主题：{name}（{about}）", f"切换到主题 {name}：{about}（会记住）", partial(app.choose_theme, name)
        for i, label in enumerate(getattr(app, "unit_labels", lambda: [])()):
            yield f"单位：{label}", "切换到这个单位", partial(app.switch_unit, i)

    async def discover(self) -> Hits:
        for title, help_text, callback in self._entries():
            yield DiscoveryHit(Text(title), callback, text=title, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback in self._entries():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, text=title, help=help_text)


class ProjectsProvider(Provider):
    """跳到项目…: every project of the current unit, searched by code and name."""

    def _entries(self) -> Iterator[tuple[str, str, Callable[[], object]]]:
        app = _app(self)
        state = getattr(app, "state", None)
        if state is None:
            return
        for i, p in enumerate(state.doc.projects):
            title = shown(f"项目{i + 1} {p.code} {p.name}".replace("  ", " "))
            yield title, "打开这个项目的绩效目标表", partial(app.open_project_at, i)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback in self._entries():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, text=title, help=help_text)


class JumpProjectsProvider(ProjectsProvider):
    """The 跳到项目… palette (ctrl+g): lists every project before anything is typed."""

    async def discover(self) -> Hits:
        for title, help_text, callback in self._entries():
            yield DiscoveryHit(Text(title), callback, text=title, help=help_text)
