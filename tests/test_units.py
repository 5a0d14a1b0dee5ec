import pytest

from interlabor.errors import UnitError
from interlabor.units import MonetaryUnit, parse_unit


@pytest.mark.parametrize(
    ("text", "base", "scale", "monetary"),
    [
        ("hours", "hours", 1.0, False),
        ("million hours", "hours", 1e6, False),
        ("1000 persons", "persons", 1e3, False),
        ("thousand persons", "persons", 1e3, False),
        ("USD million", "USD", 1e6, True),
        ("million EUR", "EUR", 1e6, True),
        ("M.EUR", "EUR", 1e6, True),
        ("USD", "USD", 1.0, True),
    ],
)
def test_parse(text, base, scale, monetary):
    u = parse_unit(text)
    assert (u.base, u.scale, u.monetary) == (base, scale, monetary)


@pytest.mark.parametrize("text", ["", "furlongs", "million hourz", "per cent of GDP", "usd"])
def test_unknown_unit_is_refused_with_expectation(text):
    with pytest.raises(UnitError, match="expected"):
        parse_unit(text)


def test_monetary_unit_label_and_validation():
    m = MonetaryUnit("USD", 1e6, 2011, "basic prices")
    assert m.description == "USD million (basic prices, 2011 prices)"
    with pytest.raises(UnitError, match="ISO 4217"):
        MonetaryUnit("dollars")
