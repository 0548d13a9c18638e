from decimal import Decimal

import pytest

from perftui.frameworks import FRAMEWORK_88, FRAMEWORK_101, canonical_level2, get_framework
from perftui.money import format_amount, format_grouped, format_wan, parse_amount, to_decimal


@pytest.mark.parametrize(
    ("text", "value"),
    [("770000.00", "770000.00"), ("770,000", "770000"), ("77万元", "770000"), ("895.5万元", "8955000.0"), ("26000元", "26000")],
)
def test_parse_amount(text, value):
    assert parse_amount(text) == Decimal(value)


@pytest.mark.parametrize("text", ["七十万", "", "12a", "1.2.3"])
def test_parse_amount_rejects(text):
    assert parse_amount(text) is None


def test_formats_are_exact():
    assert format_amount(Decimal("770000")) == "770000.00"
    assert format_amount(Decimal("0.005")) == "0.01"
    assert format_amount(None) == ""
    assert format_grouped(Decimal("8955000")) == "8,955,000.00"
    assert format_wan(Decimal("8955000.00")) == "895.5"
    assert to_decimal(0.1) == Decimal("0.1")
    with pytest.raises(TypeError):
        to_decimal(True)


def test_frameworks():
    assert FRAMEWORK_88.allows("产出指标", "成本指标")
    assert not FRAMEWORK_101.allows("产出指标", "成本指标")
    assert FRAMEWORK_101.allows("成本指标", "经济成本指标")
    assert FRAMEWORK_88.allows("满意度指标", "社会公众或服务对象满意度指标")
    assert canonical_level2("环境效益指标") == "生态效益指标"
    assert FRAMEWORK_88.level1_of("可持续影响指标") == "效益指标"
    assert get_framework("财预〔2021〕101号") is FRAMEWORK_101
    assert get_framework("99号") is None
