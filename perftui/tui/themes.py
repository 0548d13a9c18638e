"""Theme files (``themes/*.toml``) turned into Textual themes, and the remembered choice.

A theme file holds the fields of ``textual.theme.Theme`` (see docs/themes.md)::

    name = "perftui-dark"
    dark = true
    primary = "#4f9fe8"
    [variables]
    "footer-key-foreground" = "#4f9fe8"

Broken files are skipped and reported as one Chinese notice; the app falls back to the
default theme.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import tomlkit
from textual.color import Color, ColorParseError
from textual.theme import Theme

from perftui import paths, resources
from perftui.atomic import write_atomic

DEFAULT_THEME = "perftui-dark"
FALLBACK_THEME = "textual-dark"  # built into Textual: used when no theme file loads

_COLOR_FIELDS = ("primary", "secondary", "warning", "error", "success", "accent", "foreground",
                 "background", "surface", "panel", "boost")
_OTHER_FIELDS = {"name", "dark", "luminosity_spread", "text_alpha", "variables", "ansi", "description"}


def theme_dirs() -> list[Path]:
    """Bundled themes, then the user's own (``$XDG_CONFIG_HOME/perftui/themes``)."""
    return [resources.bundled_themes_dir(), paths.config_dir() / "themes"]


def parse_theme(text: str, source: Path) -> Theme:
    """One theme file -> Theme; ValueError with a Chinese message naming file and line."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"{source}：不是有效的 TOML（{exc}）") from None
    unknown = sorted(set(data) - set(_COLOR_FIELDS) - _OTHER_FIELDS)
    if unknown:
        raise ValueError(f"{source}：不认识的字段 {', '.join(unknown)}")
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ValueError(f"{source}：缺少 name（主题名称）")
    if not isinstance(data.get("primary"), str):
        raise ValueError(f"{source}：缺少 primary（主色，如 \"#4f9fe8\"）")
    colors: dict[str, str] = {}
    for key in _COLOR_FIELDS:
        if key in data:
            value = data[key]
            try:
                Color.parse(value)
            except (ColorParseError, TypeError, ValueError):
                raise ValueError(f"{source}：{key} = {value!r} 不是颜色（应如 \"#1e1e2e\"）") from None
            colors[key] = value
    variables = data.get("variables", {})
    if not isinstance(variables, dict) or not all(isinstance(v, str) for v in variables.values()):
        raise ValueError(f"{source}：[variables] 的值都应是文字")
    return Theme(
        name=name.strip(),
        dark=bool(data.get("dark", True)),
        luminosity_spread=float(data.get("luminosity_spread", 0.15)),
        text_alpha=float(data.get("text_alpha", 0.95)),
        variables=dict(variables),
        **colors,
    )


def load_themes(dirs: list[Path] | None = None) -> tuple[list[Theme], list[str]]:
    """Every theme file found: (themes, Chinese problems). Later dirs override earlier names."""
    themes: dict[str, Theme] = {}
    problems: list[str] = []
    for folder in dirs if dirs is not None else theme_dirs():
        if not folder.is_dir():
            continue
        for file in sorted(folder.glob("*.toml")):
            try:
                theme = parse_theme(file.read_text(encoding="utf-8"), file)
            except (OSError, UnicodeDecodeError) as exc:
                problems.append(f"{file}：读不出来（{exc}）")
                continue
            except ValueError as exc:
                problems.append(str(exc))
                continue
            themes[theme.name] = theme
    return list(themes.values()), problems


# ----- the remembered choice ---------------------------------------------------------------

def state_path() -> Path:
    return paths.state_dir() / "state.toml"


def remembered_theme() -> str | None:
    try:
        data = tomllib.loads(state_path().read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    name = data.get("theme")
    return name if isinstance(name, str) else None


def remember_theme(name: str) -> None:
    path = state_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, tomlkit.dumps({"theme": name}).encode("utf-8"))
    except OSError:
        pass  # remembering the theme is a convenience; never fail the app for it
