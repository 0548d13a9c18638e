"""Money as Decimal: parsing what users type and formatting what forms print."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation

CENT = Decimal("0.01")
WAN = Decimal(10000)

# Units that name money, with their factor to 元.
MONEY_UNITS: dict[str, Decimal] = {
    "元": Decimal(1),
    "万元": WAN,
    "亿元": Decimal(100000000),
    "千元": Decimal(1000),
}

_AMOUNT_RE = re.compile(r"^\s*([+-]?)\s*([0-9][0-9,，]*(?:\.[0-9]+)?|\.[0-9]+)\s*(元|万元|千元|亿元)?\s*$")


def to_decimal(value: object) -> Decimal:
    """Turn a TOML number (int, Decimal) into Decimal exactly; floats go through str()."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        raise TypeError("bool is not an amount")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(str(value))
    raise TypeError(f"not a number: {value!r}")


def parse_amount(text: str) -> Decimal | None:
    """Parse what a clerk types as an amount in 元: ``770000.00``, ``770,000``, ``77万元``.

    Returns None when the text is not an amount (the caller reports it).
    """
    m = _AMOUNT_RE.match(text.replace("\u3000", " "))
    if not m:
        return None
    sign, digits, unit = m.groups()
    try:
        number = Decimal(digits.replace(",", "").replace("，", ""))
    except InvalidOperation:
        return None
    if sign == "-":
        number = -number
    if unit:
        number = number * MONEY_UNITS[unit]
    return number


def quantize(amount: Decimal) -> Decimal:
    """Rounded to cents; a number too long for the default precision still rounds (not an error)."""
    digits = amount.adjusted() + 3
    if digits <= 28:
        return amount.quantize(CENT, rounding=ROUND_HALF_UP)
    return amount.quantize(CENT, rounding=ROUND_HALF_UP, context=Context(prec=digits))


def format_amount(amount: Decimal | None) -> str:
    """Two decimals, no grouping: how the forms print amounts (``770000.00``)."""
    if amount is None:
        return ""
    return f"{quantize(amount):f}"


def format_grouped(amount: Decimal | None) -> str:
    """Two decimals with thousands separators, for on-screen totals."""
    if amount is None:
        return ""
    return f"{quantize(amount):,.2f}"


def format_wan(amount: Decimal) -> str:
    """An amount in 万元 as prose writes it: 8955000 -> ``895.5``."""
    return plain_number(amount / WAN)


def plain_number(value: Decimal) -> str:
    """A Decimal without exponent or trailing zeros: 30.0 -> ``30``, 33.50 -> ``33.5``, 1E+2 -> ``100``."""
    return f"{value.normalize():f}"


def as_written(value: Decimal) -> str:
    """A whole number without decimals (30.00 -> ``30``, 1E+2 -> ``100``); any other number
    with the decimals the user wrote (33.50 -> ``33.50``)."""
    return plain_number(value) if value == value.to_integral_value() else f"{value:f}"
