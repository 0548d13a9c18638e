from decimal import Decimal

import pytest

from perftui.values import EMBEDDED, EMPTY, NUMBER, TEXT, chinese_number, parse_value


@pytest.mark.parametrize(
    ("text", "kind", "sign", "number", "unit"),
    [
        ("≥25个", NUMBER, "≥", "25", "个"),
        ("≥90%", NUMBER, "≥", "90", "%"),
        ("≤100人", NUMBER, "≤", "100", "人"),
        ("115万元", NUMBER, "", "115", "万元"),
        ("两天", NUMBER, "", "2", "天"),
        ("＞＝95％", NUMBER, "≥", "95", "%"),
        (">=95%", NUMBER, "≥", "95", "%"),
        ("＝100%", NUMBER, "=", "100", "%"),
        ("＜3天", NUMBER, "<", "3", "天"),
        ("不低于90%", NUMBER, "≥", "90", "%"),
        ("1,200.50元", NUMBER, "", "1200.50", "元"),
        ("≥90合法访数量占总访数的百分比", NUMBER, "≥", "90", "合法访数量占总访数的百分比"),
        ("本单位共有社区工作者112人", EMBEDDED, "", "112", "人"),
        ("需使用资金30720元", EMBEDDED, "", "30720", "元"),
        ("案件处理时限为两天", EMBEDDED, "", "2", "天"),
    ],
)
def test_quantified_values(text, kind, sign, number, unit):
    v = parse_value(text)
    assert (v.kind, v.sign, v.number, v.unit) == (kind, sign, Decimal(number), unit)
    assert v.quantified


@pytest.mark.parametrize("text", ["逐步提高", "社会水平稳定", "免费办理", "十分重要", "达到服务水平标准"])
def test_qualitative_values(text):
    v = parse_value(text)
    assert v.kind == TEXT and v.number is None and not v.quantified
    assert v.describe() == "定性"


def test_embedded_keeps_prefix_and_empty():
    assert parse_value("本单位共有社区工作者112人").prefix == "本单位共有社区工作者"
    assert parse_value("  ").kind == EMPTY


def test_describe_reads_sign_number_unit():
    assert parse_value("≥25个").describe() == "≥ · 25 · 个"
    assert parse_value("115万元").describe() == "无符号 · 115 · 万元"
    assert parse_value("≤3").describe() == "≤ · 3 · 无单位"
    assert parse_value("本单位共有社区工作者112人").describe() == "无符号 · 112 · 人（文中数值）"
    assert parse_value("").describe() == "空"


def test_percent_detection():
    assert parse_value("≥90%").is_percent
    assert not parse_value("≥25个").is_percent


@pytest.mark.parametrize(("text", "n"), [("两", 2), ("十", 10), ("十五", 15), ("二十", 20), ("三百", 300), ("x", None)])
def test_chinese_numbers(text, n):
    assert chinese_number(text) == n
