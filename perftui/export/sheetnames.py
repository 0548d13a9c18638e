"""Valid, unique, readable worksheet names.

Excel's rules: at most 31 characters, none of ``[]:*?/\\``, not starting or ending with an
apostrophe, not empty, unique ignoring case, and not the reserved name ``History``.
Forbidden characters become their full-width look-alikes so the name stays readable.
"""

from __future__ import annotations

import unicodedata

MAX_LEN = 31
_REPLACE = str.maketrans({"[": "【", "]": "】", ":": "：", "*": "＊", "?": "？", "/": "／", "\\": "＼"})
RESERVED = ("History",)


def _len16(text: str) -> int:
    """Length as Excel counts it (UTF-16 code units)."""
    return len(text.encode("utf-16-le")) // 2


def _truncate(text: str, limit: int) -> str:
    out = ""
    for ch in text:
        if _len16(out + ch) > limit:
            break
        out += ch
    return out


def clean(name: str) -> str:
    text = name.translate(_REPLACE)
    text = "".join(" " if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") else ch for ch in text)
    text = " ".join(text.split())
    return text.strip("'").strip()


class SheetNamer:
    """Hands out sheet names for one workbook."""

    def __init__(self) -> None:
        self._used: set[str] = {r.casefold() for r in RESERVED}

    def take(self, wanted: str, fallback: str = "工作表") -> str:
        base = _truncate(clean(wanted), MAX_LEN).rstrip("'").strip() or fallback
        name = base
        n = 2
        while name.casefold() in self._used:
            suffix = f"~{n}"
            name = _truncate(base, MAX_LEN - len(suffix)).rstrip("'").strip() + suffix
            n += 1
        self._used.add(name.casefold())
        return name


def project_sheet_name(number: int, project_name: str) -> str:
    """The wanted name of a project's sheet: its running number and name, ``1.城镇社区工作经费``."""
    return f"{number}.{project_name.strip()}" if project_name.strip() else f"{number}.项目"
