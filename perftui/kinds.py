"""Kinds of field: how each reads what a user types, and which values it may hold.

Every typed value goes through one reader here (the app's fields, importers, scripts):
a :class:`Reading` is either the value that will be kept, with the reading shown to the
user before it is kept (``77万`` → ``= 770,000.00 元``), or a Chinese refusal. Nothing is
guessed: text that is not exactly one value of the kind is refused, never cut short to
a prefix that happens to parse.

The loader applies the same bounds to the numbers it reads (:meth:`Kind.problem`), so a
value that could not have been typed cannot come in through a file either.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

from perftui.money import CENT, MONEY_UNITS, format_amount, format_grouped

# No real amount comes near this (1000 万亿元); larger numbers are typing slips that would
# also overflow Decimal arithmetic and spreadsheet numbers further on.
AMOUNT_LIMIT = Decimal(10) ** 15
# The budget years a file can be for.
YEAR_MIN, YEAR_MAX = 1990, 2100
CODE_MAX = 40

# Units a clerk writes after an amount, with their factor to 元 (万 alone is how most type it).
_AMOUNT_UNITS: dict[str, Decimal] = {**MONEY_UNITS, "万": MONEY_UNITS["万元"], "亿": MONEY_UNITS["亿元"]}
_UNIT_RE = "|".join(sorted(map(re.escape, _AMOUNT_UNITS), key=len, reverse=True))
# Digits with optional thousands separators in the right places, then optional decimals.
_AMOUNT_RE = re.compile(rf"^[¥￥]?(?P<num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)(?P<unit>{_UNIT_RE})?$")
_PERCENT_RE = re.compile(r"^(?P<num>\d+(?:\.\d+)?|\.\d+)%?$")
_CODE_RE = re.compile(r"^[0-9A-Za-z._-]+$")


def normalise(text: str) -> str:
    """Full-width digits, letters and signs as ASCII (``７７万`` → ``77万``), no spaces."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(text.split())


@dataclass(frozen=True, slots=True)
class Reading:
    """What a typed text means: the value kept and how it is shown, or why it is refused."""

    value: Any = None  # None: the field is blank
    shown: str = ""  # the reading as the user sees it beside the field
    error: str = ""  # Chinese; set when the text is refused (value is then None)

    @property
    def ok(self) -> bool:
        return not self.error


def refused(message: str) -> Reading:
    return Reading(error=message)


class Kind:
    """A kind of field. Subclasses read typed text, format stored values, bound loaded ones."""

    key = "text"
    label = "文本"
    blank: Any = ""  # the value of an empty field

    def read(self, text: str) -> Reading:
        return Reading(text, "")

    def format(self, value: Any) -> str:
        """The stored value as the field shows it for editing."""
        return "" if value is None else str(value)

    def problem(self, value: Any) -> str:
        """Why a stored value is out of this kind's bounds ("" when it is fine)."""
        return ""


class Text(Kind):
    pass


class Amount(Kind):
    """An amount in 元: ``770000``, ``770,000.00``, ``77万``, ``77.5万元``, ``0.3亿``, ``７７００００``."""

    key = "amount"
    label = "金额"
    blank = None

    def read(self, text: str, *, unit: str = "元") -> Reading:
        """``unit``: what a bare number means (a 万元 form's ``65`` is 650,000.00 元); a number
        written with its own unit (``77万``) keeps it."""
        raw = normalise(text)
        if not raw:
            return Reading(None, "空（不填）")
        if raw[0] == "-":
            return refused("金额不能是负数")
        m = _AMOUNT_RE.match(raw.lstrip("+"))
        if not m:
            if "," in raw and re.fullmatch(rf"[\d,.]+({_UNIT_RE})?", raw):
                return refused("千位分隔符的位置不对：应每三位一个逗号，如 770,000.00")
            return refused("不是金额：请写数字，可带单位 元、万、万元、亿元，如 770000.00、77万")
        number = Decimal(m.group("num").replace(",", ""))
        number *= _AMOUNT_UNITS[m.group("unit") or unit]
        return self._bounded(number)

    def _bounded(self, number: Decimal) -> Reading:
        why = self.problem(number)
        if why:
            return refused(why)
        value = number.quantize(CENT)
        return Reading(value, f"= {format_grouped(value)} 元")

    def format(self, value: Any) -> str:
        return format_amount(value)

    def problem(self, value: Any) -> str:
        if value is None:
            return ""
        if not isinstance(value, Decimal) or not value.is_finite():
            return "金额应是有限的数字"
        if abs(value) >= AMOUNT_LIMIT:
            return "金额过大：应小于 1000 万亿元，请检查是否多写了数字"
        if value != value.quantize(CENT):
            return "金额最多精确到分（两位小数）"
        return ""


class Percent(Kind):
    """A cumulative spending-plan percentage, 0–100: ``30``, ``30%``, ``３０％``, ``32.5``."""

    key = "percent"
    label = "百分比"
    blank = None

    def read(self, text: str) -> Reading:
        raw = normalise(text)
        if not raw:
            return Reading(None, "空（不填）")
        m = _PERCENT_RE.match(raw)
        if not m:
            return refused("不是百分比：请写 0–100 的数字，如 30 或 30%")
        number = Decimal(m.group("num"))
        if number > 100:
            return refused("累计支出比例不能超过 100%")
        if number != number.quantize(CENT):
            return refused("百分比最多两位小数")
        return Reading(number, f"= {self.format(number)}%")

    def format(self, value: Any) -> str:
        if value is None:
            return ""
        return f"{value.normalize():f}" if value == value.to_integral_value() else f"{value:f}"

    def problem(self, value: Any) -> str:
        if value is None:
            return ""
        if not isinstance(value, Decimal) or not value.is_finite():
            return "应是有限的数字"
        if abs(value) >= AMOUNT_LIMIT:
            return "数值过大，应为 0–100 的百分数"
        # What can be typed (see read): 1e-999999 would print as a million digits.
        if value != value.quantize(CENT):
            return "百分比最多两位小数"
        return ""


class Year(Kind):
    """A budget year: ``2023``, ``２０２３``, ``2023年``."""

    key = "year"
    label = "年度"
    blank = 0

    def read(self, text: str) -> Reading:
        raw = normalise(text).removesuffix("年")
        if not raw:
            return Reading(0, "空（不填）")
        if not (raw.isascii() and raw.isdigit() and len(raw) == 4):
            return refused("年度应是四位数字，如 2023")
        year = int(raw)
        why = self.problem(year)
        return refused(why) if why else Reading(year, f"= {year} 年")

    def format(self, value: Any) -> str:
        return str(value) if value else ""

    def problem(self, value: Any) -> str:
        if type(value) is not int:
            return "年度应是整数，如 2023"
        if value and not YEAR_MIN <= value <= YEAR_MAX:
            return f"年度应在 {YEAR_MIN}–{YEAR_MAX} 之间"
        return ""


class Code(Kind):
    """A unit or project code: digits and letters (``439001``, ``13022923P00JXC415060P``).

    Full-width characters are read as ASCII; spaces pasted with the code are dropped. The
    usual shape (21 characters for a project) is a check, not a refusal.
    """

    key = "code"
    label = "编码"

    def read(self, text: str) -> Reading:
        raw = normalise(text)
        if not raw:
            return Reading("", "空（不填）")
        if len(raw) > CODE_MAX:
            return refused(f"编码太长（{len(raw)} 个字符），最多 {CODE_MAX} 个")
        if not _CODE_RE.match(raw):
            return refused("编码只能含数字、字母和 - _ .（是否把名称写进了编码？）")
        return Reading(raw, f"= {raw}" if raw != text else "")


class Points(Kind):
    """Points or a weight of an indicator (分值/权重): ``10``, ``10分``, ``7.5``; 0–100."""

    key = "points"
    label = "分值"
    blank = None

    def read(self, text: str) -> Reading:
        raw = normalise(text).removesuffix("分")
        if not raw:
            return Reading(None, "空（不填）")
        m = _PERCENT_RE.match(raw)
        if not m or raw.endswith("%"):
            return refused("分值应是 0–100 的数字，如 10 或 7.5")
        number = Decimal(m.group("num"))
        why = self.problem(number)
        return refused(why) if why else Reading(number, f"= {self.format(number)} 分")

    def format(self, value: Any) -> str:
        return PERCENT.format(value)

    def problem(self, value: Any) -> str:
        if value is None:
            return ""
        if not isinstance(value, Decimal) or not value.is_finite():
            return "分值应是有限的数字"
        if not 0 <= value <= 100:
            return "分值应在 0–100 之间"
        if value != value.quantize(CENT):
            return "分值最多两位小数"
        return ""


# A period as forms write it: 202001-202012, 2023年4月-2024年2月, 2023.07-2024.01, 2023-2025年.
_YM = r"(?P<{0}y>(?:19|20|21)\d\d)(?:(?:年|\.|/|-)?(?P<{0}m>0?[1-9]|1[0-2])月?)?年?"
_PERIOD_RE = re.compile(r"^" + _YM.format("a") + r"(?:-|—|–|~|～|至|到)+" + _YM.format("b") + r"$")


@lru_cache(maxsize=16384)  # the checks ask it of every 指标值, and values repeat
def parse_period(text: str) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """((start year, month), (end year, month)) of a written period; months default to 1 and 12."""
    m = _PERIOD_RE.match(normalise(text).replace("--", "-"))
    if not m:
        return None
    start = (int(m.group("ay")), int(m.group("am") or 1))
    end = (int(m.group("by")), int(m.group("bm") or 12))
    return (start, end) if start <= end else None


class Period(Kind):
    """A project's period (项目期/实施期/建设周期), kept as written; read when it can be."""

    key = "period"
    label = "期间"

    def read(self, text: str) -> Reading:
        found = parse_period(text) if text.strip() else None
        if found is None:
            return Reading(text, "")
        (ay, am), (by, bm) = found
        return Reading(text, f"= {ay}年{am}月 至 {by}年{bm}月")


class Integer(Kind):
    """A whole number written without quotes (the file's format version)."""

    key = "int"
    label = "整数"
    blank = 0

    def read(self, text: str) -> Reading:
        raw = normalise(text)
        if not (raw.isascii() and raw.isdigit() and len(raw) <= 9):
            return refused("应是不带小数的整数")
        return Reading(int(raw), "")

    def problem(self, value: Any) -> str:
        return "" if type(value) is int else "应是整数"


TEXT = Text()
INTEGER = Integer()
POINTS = Points()
PERIOD = Period()
AMOUNT = Amount()
PERCENT = Percent()
YEAR = Year()
CODE = Code()

KINDS: dict[str, Kind] = {k.key: k for k in (TEXT, AMOUNT, PERCENT, YEAR, CODE, INTEGER, POINTS, PERIOD)}

