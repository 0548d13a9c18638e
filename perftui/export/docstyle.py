"""Fonts, sizes and page of the Word document, with the usual 公文 defaults (GB/T 9704-2012).

| what | default |
|---|---|
| 第一部分 / 第二部分 (Heading 1) | 黑体 二号 (22 pt), centred |
| 一、二、三 and the table titles (Heading 2) | 黑体 三号 (16 pt) |
| captions (部门职责分类绩效目标情况说明) | 楷体 三号 |
| body text | 仿宋 三号, first line indented two characters, 28 pt line spacing |
| tables | 宋体 五号 (10.5 pt) |
| page | A4; margins 3.7 cm top, 3.5 cm bottom, 2.8 cm left, 2.6 cm right; page number
  ``— 1 —`` centred in the footer, 宋体 四号 |

The defaults name fonts every Windows machine has (仿宋, 黑体, 楷体, 宋体); offices that use
仿宋_GB2312 or 方正小标宋简体 set them in ``$XDG_CONFIG_HOME/perftui/config.toml``, table
``[document]`` (docs/export.md): keys ``title_font heading_font caption_font body_font
table_font`` and ``title_size heading_size caption_size body_size table_size`` (points, or a
size name such as ``"三号"``).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path

from perftui.errors import Problem

# Chinese type sizes in points.
SIZES: dict[str, float] = {
    "初号": 42, "小初": 36, "一号": 26, "小一": 24, "二号": 22, "小二": 18, "三号": 16, "小三": 15,
    "四号": 14, "小四": 12, "五号": 10.5, "小五": 9, "六号": 7.5,
}  # fmt: skip


@dataclass(frozen=True)
class DocStyle:
    title_font: str = "黑体"
    title_size: float = 22.0
    heading_font: str = "黑体"
    heading_size: float = 16.0
    caption_font: str = "楷体"
    caption_size: float = 16.0
    body_font: str = "仿宋"
    body_size: float = 16.0
    body_line: float = 28.0  # exact line spacing of body text, points
    table_font: str = "宋体"
    table_size: float = 10.5
    page_font: str = "宋体"
    page_size: float = 14.0
    margins_cm: tuple[float, float, float, float] = (3.7, 3.5, 2.8, 2.6)  # top, bottom, left, right

    @property
    def text_width_cm(self) -> float:
        return 21.0 - self.margins_cm[2] - self.margins_cm[3]


DEFAULT = DocStyle()
_FONTS = {f.name for f in fields(DocStyle) if f.name.endswith("_font")}
_SIZES = {f.name for f in fields(DocStyle) if f.name.endswith("_size")}


def style_from(table: dict, source: Path | None = None) -> tuple[DocStyle, list[Problem]]:
    """A DocStyle from a ``[document]`` table; unknown keys and bad values are problems and
    keep their defaults."""
    changes: dict = {}
    problems: list[Problem] = []
    for key, value in table.items():
        where = f"document.{key}"
        if key in _FONTS:
            if isinstance(value, str) and value.strip() and len(value) <= 64:
                changes[key] = value.strip()
            else:
                problems.append(Problem(source, None, where, "字体名应是不超过 64 个字符的文字，如 \"仿宋_GB2312\""))
        elif key in _SIZES:
            size = SIZES.get(value) if isinstance(value, str) else value
            if isinstance(size, int | float) and not isinstance(size, bool) and 5 <= size <= 72:
                changes[key] = float(size)
            else:
                problems.append(Problem(source, None, where, "字号应是 5–72 的磅值或字号名，如 16 或 \"三号\""))
        else:
            known = "、".join(sorted(_FONTS | _SIZES))
            problems.append(Problem(source, None, where, f"不认识的设置；可用的有：{known}"))
    return replace(DEFAULT, **changes), problems


def user_style() -> tuple[DocStyle, list[Problem]]:
    """The ``[document]`` table of the user's config.toml (defaults when there is none)."""
    from perftui.paths import config_dir

    path = config_dir() / "config.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return DEFAULT, []
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return DEFAULT, [Problem(path, None, "document", f"设置文件无法读取，Word 文档用默认字体：{exc}")]
    table = data.get("document", {})
    if not isinstance(table, dict):
        return DEFAULT, [Problem(path, None, "document", "[document] 应是一个表")]
    return style_from(table, path)
