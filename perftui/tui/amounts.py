"""The amount reader of a form that prints its amounts in 万元.

A bare number typed there is 万元 (``65`` → 650,000.00 元, through the core reader's ``unit``);
a written unit is honoured (``650000元``, ``77万``). The file still holds 元; the field shows
the value in 万元 and the reading says both.
"""

from __future__ import annotations

from typing import Any

from perftui.kinds import AMOUNT, Amount, Kind, Reading
from perftui.money import MONEY_UNITS, format_grouped


class WanAmount(Amount):
    key = "amount-wan"
    label = "金额（万元）"

    def read(self, text: str, *, unit: str = "万元") -> Reading:
        reading = super().read(text, unit=unit)
        if reading.ok and reading.value is not None:
            return Reading(reading.value, f"= {self.format(reading.value)} 万元 = {format_grouped(reading.value)} 元")
        return reading

    def format(self, value: Any) -> str:
        if value is None:
            return ""
        wan = (value / MONEY_UNITS["万元"]).normalize()
        return f"{wan:f}" if wan != wan.to_integral_value() else f"{wan.to_integral_value():f}"


AMOUNT_WAN = WanAmount()


def amount_kind(money: str) -> Kind:
    """The amount reader of a form that prints amounts in ``money`` (元 or 万元)."""
    return AMOUNT_WAN if money == "万元" else AMOUNT
