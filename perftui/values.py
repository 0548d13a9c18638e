"""Reading a 指标值: comparison sign, number and unit, or qualitative (定性) text.

Handles ASCII and full-width signs, word signs (不低于 …), Chinese numerals (两天) and
numbers embedded in prose (``本单位共有社区工作者112人``, ``需使用资金30720元``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from perftui.money import as_written

# kinds
EMPTY = "empty"
NUMBER = "number"  # sign? number unit?  — the form reviewers expect
EMBEDDED = "embedded"  # a number inside prose: measurable, but not written as a value
TEXT = "text"  # qualitative (定性)

_SIGNS: dict[str, str] = {
    "≥": "≥", ">=": "≥", "≧": "≥", "＞＝": "≥", "＞=": "≥", "不低于": "≥", "不少于": "≥",
    "大于等于": "≥", "大于或等于": "≥", "至少": "≥", "达到": "≥",
    "≤": "≤", "<=": "≤", "≦": "≤", "＜＝": "≤", "＜=": "≤", "不高于": "≤", "不超过": "≤",
    "不多于": "≤", "小于等于": "≤", "小于或等于": "≤", "最多": "≤", "控制在": "≤",
    "=": "=", "＝": "=", "等于": "=",
    ">": ">", "＞": ">", "大于": ">", "高于": ">", "超过": ">",
    "<": "<", "＜": "<", "小于": "<", "低于": "<",
    "±": "±", "＋－": "±", "+-": "±",  # a tolerance: ±3%以内
}
# Longest first so that ">=" wins over ">".
_SIGN_RE = "|".join(re.escape(s) for s in sorted(_SIGNS, key=len, reverse=True))

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN_NUM = "[零〇一二两三四五六七八九十百千]+"

_FULLWIDTH = str.maketrans("０１２３４５６７８９．％，", "0123456789.%,")

_NUM = r"\d+(?:[.,]\d+)*(?:\.\d+)?"
# A whole value: sign? number unit?  (unit: anything short that is not a digit)
_WHOLE_RE = re.compile(rf"^\s*(?P<sign>{_SIGN_RE})?\s*(?P<num>{_NUM}|{_CN_NUM})\s*(?P<unit>[^\d]*?)\s*$")
_EMBED_RE = re.compile(rf"(?P<sign>{_SIGN_RE})?\s*(?P<num>{_NUM})\s*(?P<unit>%|[^\d\s，。,；;、（）()]{{0,4}})")
_EMBED_CN_RE = re.compile(rf"(?P<sign>{_SIGN_RE})?(?P<num>{_CN_NUM})(?P<unit>[天日月年周个人次项件份户家名台套场期]{{1}})")


@dataclass(frozen=True, slots=True)
class ParsedValue:
    """An indicator value read as sign, number and unit (or a graded word)."""

    text: str
    kind: str
    sign: str = ""  # "≥", "≤", "=", ">", "<" or "" (none written)
    number: Decimal | None = None
    unit: str = ""
    prefix: str = ""  # prose before an embedded number

    @property
    def quantified(self) -> bool:
        return self.kind in (NUMBER, EMBEDDED)

    @property
    def is_percent(self) -> bool:
        return self.unit.startswith("%") or self.unit.startswith("％") or self.unit.startswith("百分")

    def describe(self) -> str:
        """A short Chinese reading for the editor: ``≥ · 25 · 个``, ``无符号 · 115 · 万元`` or ``定性``.

        Kept short so that it fits beside the field in an 80-column terminal.
        """
        if self.kind == EMPTY:
            return "空"
        if self.kind == TEXT:
            return "定性"
        parts = [self.sign or "无符号", _fmt(self.number), self.unit or "无单位"]
        reading = " · ".join(parts)
        if self.kind == EMBEDDED:
            reading += "（文中数值）"
        return reading


def _fmt(n: Decimal | None) -> str:
    if n is None:
        return ""
    return as_written(n)


def chinese_number(text: str) -> int | None:
    """Small Chinese numerals: 两 -> 2, 十五 -> 15, 三百 -> 300."""
    if not text or any(c not in _CN_DIGITS and c not in _CN_UNITS for c in text):
        return None
    total, current = 0, 0
    for ch in text:
        if ch in _CN_DIGITS:
            current = _CN_DIGITS[ch]
        else:
            unit = _CN_UNITS[ch]
            total += (current or 1) * unit
            current = 0
    return total + current


# Larger or finer numbers are no target anyone sets; refusing them keeps the checks'
# arithmetic (万元 to 元, rounding to cents) within Decimal's limits.
_MAX_EXPONENT = 15


def _number(raw: str) -> Decimal | None:
    if raw and raw[0].isdigit():
        try:
            n = Decimal(raw.replace(",", ""))
        except InvalidOperation:
            return None
        if not n.is_finite() or (n and not -_MAX_EXPONENT <= n.adjusted() <= _MAX_EXPONENT):
            return None
        return n
    small = chinese_number(raw)
    return Decimal(small) if small is not None else None


def parse_value(text: str) -> ParsedValue:
    """Read one 指标值 as written."""
    raw = text
    norm = text.translate(_FULLWIDTH).strip()
    if not norm:
        return ParsedValue(raw, EMPTY)
    m = _WHOLE_RE.match(norm)
    if m:
        num = _number(m.group("num"))
        unit = m.group("unit")
        # A Chinese numeral alone ("十分重要") is prose unless a short unit follows.
        cn = not m.group("num")[0].isdigit()
        if num is not None and (not cn or 0 < len(unit) <= 2):
            sign = _SIGNS.get(m.group("sign") or "", "")
            return ParsedValue(raw, NUMBER, sign, num, unit)
    m = _EMBED_RE.search(norm) or _EMBED_CN_RE.search(norm)
    if m:
        num = _number(m.group("num"))
        if num is not None:
            sign = _SIGNS.get(m.group("sign") or "", "")
            return ParsedValue(raw, EMBEDDED, sign, num, m.group("unit"), norm[: m.start()])
    return ParsedValue(raw, TEXT)
