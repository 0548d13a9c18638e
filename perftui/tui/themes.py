"""Theme files (``themes/*.toml``) turned into Textual themes, and the remembered choice.

A theme file holds the fields of ``textual.theme.Theme`` (see docs/themes.md)::

    name = "perftui-dark"
    dark = true
    primary = "#4f9fe8"
    [variables]
    "footer-key-foreground" = "#4f9fe8"

Broken files (bad TOML, values Textual could not apply) are skipped and reported as one
Chinese notice naming file, line and key; the app falls back to the default theme.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import tomlkit
from textual.color import Color, ColorParseError
from textual.theme import Theme

from perftui import paths, resources, tomlread
from perftui.atomic import write_atomic
from perftui.errors import DataError, Problem, os_reason
from perftui.locate import index_lines, line_of
from perftui.safetext import brief, one_line
from perftui.schema import describe

DEFAULT_THEME = "perftui-dark"
FALLBACK_THEME = "textual-dark"  # built into Textual: used when no theme file loads
ANSI_THEME = "ansi-dark"  # the terminal's own 16 colours: picked when it has fewer than 256

# What each theme is, for the theme list and the palette.
DESCRIPTIONS = {
    "perftui-dark": "深色（默认）", "perftui-light": "浅色", "perftui-high-contrast": "高对比度",
    "ansi-dark": "终端自己的 16 色，深色背景（16 色终端自动选用）", "ansi-light": "终端自己的 16 色，浅色背景",
    "textual-dark": "Textual 深色", "textual-light": "Textual 浅色",
}


def describe_theme(name: str, dark: bool | None = None) -> str:
    if name in DESCRIPTIONS:
        return DESCRIPTIONS[name]
    if dark is None:
        return "其他主题"
    return "深色主题" if dark else "浅色主题"


def few_colours(color_system: str | None) -> bool:
    """Whether a terminal shows fewer than 256 colours (Rich's detection reads TERM and
    COLORTERM): then only the terminal's own ANSI colours look as meant."""
    import os

    if os.environ.get("COLORTERM", "").lower() in ("truecolor", "24bit"):
        return False
    term = os.environ.get("TERM", "")
    if term.endswith("-16color") or term.endswith("-8color") or term in ("linux", "vt100", "vt220", "ansi"):
        return True
    return color_system in ("standard", "windows")

_COLOR_FIELDS = ("primary", "secondary", "warning", "error", "success", "accent", "foreground",
                 "background", "surface", "panel", "boost")
_OTHER_FIELDS = {"name", "dark", "luminosity_spread", "text_alpha", "variables", "ansi", "description"}


def theme_dirs() -> list[Path]:
    """Bundled themes, then the user's own (``$XDG_CONFIG_HOME/perftui/themes``)."""
    return [resources.bundled_themes_dir(), paths.config_dir() / "themes"]


NAME_MAX = 64
# Words of a Textual text style (the variables named ``…-style…``).
_STYLE_WORDS = frozenset("b bold i italic u underline uu underline2 s strike r reverse d dim blink o overline none not".split())
_VARIABLE_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
_ALPHA = re.compile(r"^(.*?)(?:\s+\d{1,3}(?:\.\d+)?%)?$", re.S)


def _is_color(value: str) -> bool:
    try:
        Color.parse(value)
    except (ColorParseError, TypeError, ValueError):
        return False
    return True


def _variable_problem(name: str, value: object) -> str:
    """Why a [variables] entry would break the app's styles ("" when it is fine): Textual
    applies them as CSS, and a value it cannot parse stops the app at its first paint."""
    if not _VARIABLE_NAME.match(name):
        return f"[variables] 中的名称 “{brief(one_line(name), 40)}” 无效（应如 \"footer-key-foreground\"）"
    if not isinstance(value, str) or len(value) > 100:
        return f"[variables] 中 {name} 的值应是不太长的文字，实际是{describe(value)}"
    if "-style" in name:
        if not value.split() or not set(value.split()) <= _STYLE_WORDS:
            return f"[variables] 中 {name} 的值 “{brief(one_line(value), 40)}” 不是文字样式（应如 \"bold\"、\"underline\"、\"none\"）"
        return ""
    color = _ALPHA.match(value).group(1).strip()  # type: ignore[union-attr]
    if color in ("auto", "initial", "transparent") or _is_color(color):
        return ""
    return f"[variables] 中 {name} 的值 “{brief(one_line(value), 40)}” 不是颜色（应如 \"#1e1e2e\" 或 \"#1e1e2e 50%\"）"


def parse_theme(text: str, source: Path) -> Theme:
    """One theme file -> Theme; ValueError with a Chinese message naming file, line and key."""
    try:
        data = tomlread.loads(text, source)
    except DataError as exc:
        raise ValueError(str(exc.problems[0])) from None
    return _theme(data, text, source)


def _theme(data: dict, text: str, source: Path) -> Theme:
    index = index_lines(text)

    def bad(key: str, message: str) -> ValueError:
        return ValueError(str(Problem(source, line_of(key, index), key, message)))

    unknown = sorted(set(data) - set(_COLOR_FIELDS) - _OTHER_FIELDS)
    if unknown:
        raise bad(unknown[0], f"不认识的字段 {brief(one_line(', '.join(unknown)), 60)}")
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        raise bad("name", "缺少 name（主题名称）")
    if len(name.strip()) > NAME_MAX or not name.strip().isprintable():
        raise bad("name", f"name（主题名称）“{brief(one_line(name), 40)}” 太长或含有控制字符")
    if not isinstance(data.get("primary"), str):
        raise bad("primary", "缺少 primary（主色，如 \"#4f9fe8\"）")
    colors: dict[str, str] = {}
    for key in _COLOR_FIELDS:
        if key in data:
            value = data[key]
            if not isinstance(value, str) or len(value) > 100 or not _is_color(value):
                shown = f"“{brief(one_line(value), 40)}”" if isinstance(value, str) else describe(value)
                raise bad(key, f"{key} = {shown} 不是颜色（应如 \"#1e1e2e\"）")
            colors[key] = value
    if not isinstance(data.get("dark", True), bool):
        raise bad("dark", f"dark 应是 true 或 false，实际是{describe(data['dark'])}")
    fractions: dict[str, float] = {}
    for key, default in (("luminosity_spread", Decimal("0.15")), ("text_alpha", Decimal("0.95"))):
        value = data.get(key, default)
        number = value if isinstance(value, int | Decimal) and not isinstance(value, bool) else None
        if number is None or not Decimal(number).is_finite() or not 0 <= number <= 1:
            raise bad(key, f"{key} 应是 0 到 1 之间的数，实际是{describe(value)}")
        fractions[key] = float(number)
    variables = data.get("variables", {})
    if not isinstance(variables, dict):
        raise bad("variables", f"[variables] 应是一个表，实际是{describe(variables)}")
    for key, value in variables.items():
        why = _variable_problem(key, value)
        if why:
            raise bad(f"variables.{key}", why)
    # Checked above; which names a file gives varies, so mypy cannot match them to parameters.
    given: dict[str, Any] = {**fractions, **colors}
    return Theme(name=name.strip(), dark=data.get("dark", True), variables=dict(variables), **given)


def load_themes(dirs: list[Path] | None = None) -> tuple[list[Theme], list[str]]:
    """Every theme file found: (themes, Chinese problems). Later dirs override earlier names."""
    themes: dict[str, Theme] = {}
    problems: list[str] = []
    for folder in dirs if dirs is not None else theme_dirs():
        try:
            files = sorted(folder.glob("*.toml")) if folder.is_dir() else []
        except OSError as exc:
            problems.append(f"{folder}：无法读取主题文件夹（{os_reason(exc)}）")
            continue
        for file in files:
            data, text, read_problems = tomlread.read_config(file)
            if read_problems:
                problems.append(str(read_problems[0]))
                continue
            try:
                theme = _theme(data, text, file)
            except ValueError as exc:
                problems.append(str(exc))
                continue
            themes[theme.name] = theme
    return list(themes.values()), problems


# ----- the remembered choice ---------------------------------------------------------------

def state_path() -> Path:
    return paths.state_dir() / "state.toml"


def remembered_theme() -> str | None:
    return read_remembered_theme()[0]


def read_remembered_theme() -> tuple[str | None, list[str]]:
    """The theme chosen last time (None: none remembered), and why the state file could not
    be used (the app then starts with the default theme)."""
    path = state_path()
    data, text, problems = tomlread.read_config(path)
    if problems:
        return None, [f"记住的主题无法读取，已使用默认主题：{p}" for p in problems]
    name = data.get("theme")
    if name is None:
        return None, []
    if not isinstance(name, str) or not name.strip() or len(name) > NAME_MAX or not name.isprintable():
        where = Problem(path, line_of("theme", index_lines(text)), "theme", f"应是主题名称，实际是{describe(name)}")
        return None, [f"记住的主题无法使用，已使用默认主题：{where}"]
    return name, []


def remember_theme(name: str) -> None:
    path = state_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, tomlkit.dumps({"theme": name}).encode("utf-8"))
    except OSError:
        pass  # remembering the theme is a convenience; never fail the app for it
