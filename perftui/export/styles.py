"""Cell formats of the printed forms, created once per workbook."""

from __future__ import annotations

from decimal import Decimal

from xlsxwriter.workbook import Format, Workbook

from perftui.export.textmetrics import BODY_PT, HEADING_PT, TITLE_PT
from perftui.layout.grid import (
    AMOUNT,
    CAPTION,
    HEADER,
    HEADING,
    INTEGER,
    LABEL,
    NUMBER,
    PERCENT,
    PROSE,
    TEXT,
    TITLE,
    UNIT,
    UNIT_NOTE,
)

BODY_FONT = "宋体"
TITLE_FONT = "黑体"
AMOUNT_FORMAT = "0.00"  # the form prints 770000.00
GROUPED_AMOUNT_FORMAT = "#,##0.00"  # the summary's totals read better grouped
# charset 134 = GB2312, family 3 = modern: Excel and WPS then pick the Chinese font.
_CHINESE = {"font_charset": 134, "font_family": 3}

_BASE: dict[str, dict] = {
    TITLE: {"font_name": TITLE_FONT, "font_size": TITLE_PT, "align": "center"},
    UNIT: {"align": "left"},
    UNIT_NOTE: {"align": "right"},
    LABEL: {"align": "center"},
    HEADER: {"align": "center", "bold": True},
    TEXT: {"align": "left"},
    AMOUNT: {"align": "right", "num_format": AMOUNT_FORMAT},
    PERCENT: {"align": "center", "num_format": "0%"},
    INTEGER: {"align": "center", "num_format": "0"},
    NUMBER: {"align": "center"},
    HEADING: {"font_name": TITLE_FONT, "font_size": HEADING_PT, "align": "left"},
    CAPTION: {"align": "left", "bold": True},
    PROSE: {"align": "left", "valign": "top"},
}


def percent_format(value: Decimal) -> str:
    """``0%`` for whole percents, ``0.0%`` … for the decimals the user wrote."""
    exponent = value.normalize().as_tuple().exponent
    decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return "0%" if decimals == 0 else "0." + "0" * decimals + "%"


class Styles:
    def __init__(self, workbook: Workbook) -> None:
        self._wb = workbook
        self._cache: dict[tuple, Format] = {}

    def get(self, kind: str, boxed: bool, num_format: str | None = None) -> Format:
        key = (kind, boxed, num_format)
        fmt = self._cache.get(key)
        if fmt is None:
            props = {"font_name": BODY_FONT, "font_size": BODY_PT, "valign": "vcenter", "text_wrap": True}
            props.update(_CHINESE)
            props.update(_BASE[kind])
            if num_format is not None:
                props["num_format"] = num_format
            if boxed:
                props["border"] = 1  # thin
            fmt = self._wb.add_format(props)
            self._cache[key] = fmt
        return fmt

    def __len__(self) -> int:
        return len(self._cache)
