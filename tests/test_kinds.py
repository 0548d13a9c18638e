"""Every kind of field reads typed text exactly, or refuses it; never an exception."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from perftui.kinds import AMOUNT, CODE, KINDS, PERCENT, YEAR


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("77万", "770000.00"),
        ("77万元", "770000.00"),
        ("770,000", "770000.00"),
        ("770，000", "770000.00"),
        ("７７００００", "770000.00"),
        ("77.5万", "775000.00"),
        ("0.3亿", "30000000.00"),
        ("3.2万元", "32000.00"),
        ("770000.00", "770000.00"),
        (" 1,234.5 元", "1234.50"),
        ("￥880000", "880000.00"),
        ("15千元", "15000.00"),
    ],
)
def test_amounts_as_clerks_type_them(text, value):
    reading = AMOUNT.read(text)
    assert reading.ok, reading.error
    assert reading.value == Decimal(value) and str(reading.value) == value
    assert reading.shown == f"= {Decimal(value):,.2f} 元"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("77x", "不是金额"),
        ("七十七万", "不是金额"),
        ("nan", "不是金额"),
        ("inf", "不是金额"),
        ("1e1000000", "不是金额"),
        ("9" * 27, "过大"),
        ("-0.001", "负数"),
        ("1.001", "两位小数"),
        ("1,5", "千位分隔符"),
        ("77万万", "不是金额"),
    ],
)
def test_amounts_refused_with_a_reason(text, words):
    reading = AMOUNT.read(text)
    assert not reading.ok and reading.value is None
    assert words in reading.error


def test_blank_amount_is_blank_not_zero():
    assert AMOUNT.read("  ").value is None and AMOUNT.read("").ok


@pytest.mark.parametrize(("text", "value"), [("30", "30"), ("30%", "30"), ("３０％", "30"), ("32.5", "32.5"),
                                             ("100", "100"), ("0", "0")])
def test_percentages(text, value):
    assert PERCENT.read(text).value == Decimal(value)


@pytest.mark.parametrize("text", ["130", "-5", "nan", "snan", "1e999999", "1e1000000", "33.333", "三十"])
def test_percentages_refused(text):
    assert not PERCENT.read(text).ok


@pytest.mark.parametrize(("text", "value"), [("2023", 2023), ("２０２３", 2023), ("2023年", 2023), ("", 0)])
def test_years(text, value):
    assert YEAR.read(text).value == value


@pytest.mark.parametrize("text", ["20测23", "23", "20233", "1800", "二〇二三", "2023.5"])
def test_years_refused(text):
    assert not YEAR.read(text).ok


def test_codes():
    assert CODE.read(" 13022923P00JXC415060P ").value == "13022923P00JXC415060P"
    assert CODE.read("ＡＢ１２").value == "AB12"
    assert not CODE.read("城镇社区工作经费").ok
    assert not CODE.read("1" * 41).ok


# What clerks type, plus anything at all.
_typed = st.one_of(
    st.text(),
    st.text(alphabet="0123456789,.，。万亿元千%％+-eE ０１２３４５６７８９", max_size=40),
    st.from_regex(r"\A[0-9]{1,30}(\.[0-9]{1,5})?(万|万元|亿|元)?\Z"),
)


@given(kind=st.sampled_from(sorted(KINDS)), text=_typed)
def test_any_text_is_read_or_refused_and_a_reading_is_exact(kind, text):
    k = KINDS[kind]
    reading = k.read(text)  # never raises
    if not reading.ok:
        assert reading.value is None and reading.error
        return
    assert k.problem(reading.value) == ""
    # What is kept reads back as itself: the field shows it and a save writes it.
    again = k.read(k.format(reading.value))
    assert again.ok and again.value == reading.value


@given(st.decimals(allow_nan=False, allow_infinity=False, places=2, min_value=0, max_value=Decimal(10) ** 15 - 1),
       st.sampled_from(["", "元"]))
def test_amount_in_yuan_reads_as_itself(number, unit):
    assert AMOUNT.read(f"{number:f}{unit}").value == number


@given(st.decimals(allow_nan=False, allow_infinity=False, places=2, min_value=0, max_value=10**9))
def test_amount_in_wan_is_ten_thousand_times(number):
    assert AMOUNT.read(f"{number:f}万").value == (number * 10000).quantize(Decimal("0.01"))
