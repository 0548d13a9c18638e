"""A copy of the sample with terminal escapes, bidi overrides and zero-width characters in
its texts (as a hand-edited or imported file may hold them). Not collected itself."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

# What the data file holds (TOML escapes, as a hand-edited or imported file may have them).
UNIT_NAME = "玉田\\u001b[31m红\\u001b[0m县"
GOAL_HEAD = "前\\u001b[2J后"
TARGET_HEAD = "\\u202e倒序"
CAPTION = "部门职责\\u200b分类"
PROJECT_NAME = "城镇\\u001b]2;PWNED\\u0007社区\\u202e经费\\u200b尾"
VALUE = "≥25\\u001b[1m个"
LEVEL1 = "产出\\u009b指标"
BASIS = "社区\\u0007"
GOAL = "\\u2066目标\\u2069"
ESCAPED = [UNIT_NAME, GOAL_HEAD, TARGET_HEAD, CAPTION, PROJECT_NAME, VALUE, LEVEL1, BASIS, GOAL]


def decoded(escaped: str) -> str:
    return json.loads(f'"{escaped}"')  # the same \\uXXXX escapes as TOML


def forbidden(ch: str) -> bool:
    code = ord(ch)
    return (code < 0x20 and ch != "\n") or 0x7F <= code <= 0x9F or unicodedata.category(ch) in (
        "Cf", "Cs", "Zl", "Zp")


def with_escapes(path: Path) -> Path:
    text = path.read_text(encoding="utf-8")
    for old, new in (
        ('name = "玉田县无终街道办事处本级"', f'name = "{UNIT_NAME}"'),
        ('goal = """\n2023年', f'goal = """\n{GOAL_HEAD}2023年'),
        ('items = [\n  "社区工作者', f'items = [\n  "{TARGET_HEAD}社区工作者'),
        ('caption = "部门职责分类绩效目标情况说明"', f'caption = "{CAPTION}绩效目标情况说明"'),
        ('name = "城镇社区工作经费"', f'name = "{PROJECT_NAME}"'),
        ('level1 = "产出指标"', f'level1 = "{LEVEL1}"'),
        ('value = "≥25个"', f'value = "{VALUE}"'),
        ('basis = "社区工作覆盖情况"', f'basis = "{BASIS}工作覆盖情况"'),
        ('goals = ["城镇社区工作稳定开展"]', f'goals = ["{GOAL}城镇社区工作稳定开展"]'),
    ):
        assert old in text, old
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    return path
