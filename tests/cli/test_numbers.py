"""Item 12: numbers in the terminal: no exponents, no unit '1', commas, readable scales."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from interlabor.report.text_format import number, quantity

EXPONENT = re.compile(r"\d[eE][+-]?\d")


def test_formatter_known_answers():
    assert number(44927.1) == "44,927" and number(0.01771) == "0.0177"
    assert number(8.9474) == "8.95" and number(float("nan")) == "n/a"
    assert quantity(560068.0, "million hours") == "560 billion hours"
    assert quantity(2.809e7, "USD million") == "USD 28.1 trillion"
    assert quantity(0.1571, "million hours per USD million") == "0.157 hours per USD"
    assert quantity(2.0017, "million hours per thousand persons") == "2,002 hours per person"
    assert quantity(56.46, "USD per hour") == "USD 56.5 per hour"
    assert quantity(8.947, "1") == "8.95" and quantity(0.8692, "share of world total (0-1)") \
        == "86.9 %"
    assert quantity(3.5e-7, "1") == "0.000000350"


def test_exchange_prints_readable_numbers(tmp_path, cli):
    out = tmp_path / "ex.csv"
    status, text, _ = cli("exchange", "default", "--out", str(out), "-q")
    assert status == 0
    assert not EXPONENT.search(text), EXPONENT.search(text)
    assert not re.search(r"\d 1\b", text)  # no unit of '1' after a ratio
    assert "wages: compensation of employees" not in text
    assert "wages: none (no compensation account" in text
    # the printed central value is the written one at the printed scale
    t = pd.read_csv(out).query("variant == 'central'").set_index("indicator")
    line = next(ln for ln in text.splitlines() if ln.strip().startswith("hours South->North"))
    shown = re.search(r"([\d,.]+) billion hours", line)
    assert shown is not None
    assert float(shown.group(1).replace(",", "")) == pytest.approx(
        t.loc["hours_given", "value"] / 1e3, rel=5e-3)
    ratio = next(ln for ln in text.splitlines() if ln.strip().startswith("gross hours ratio"))
    assert f"{t.loc['gross_hours_ratio', 'value']:.2f}" in ratio
    share = next(ln for ln in text.splitlines() if "share of world hours worked" in ln)
    assert f"{100 * t.loc['share_hours_production_of_a', 'value']:.1f} %" in share


def test_footprint_tables_without_exponents(cli):
    for by in ("region", "origin", "multipliers", "product"):
        status, text, _ = cli("footprint", "default", "--account", "hours", "--by", by, "-q")
        assert status == 0
        assert not EXPONENT.search(text), (by, EXPONENT.search(text))
    status, text, _ = cli("footprint", "default", "--account", "hours", "-q")
    assert re.search(r"\d{1,3},\d{3}", text)  # thousands separators


def test_demo_without_exponents(tmp_path, cli):
    status, text, _ = cli("demo", "--out", str(tmp_path / "r"), "-q")
    assert status == 0
    assert not EXPONENT.search(text), EXPONENT.search(text)
    assert "relative gap below 1 in 10^12" in text


def test_uncertainty_tables_without_exponents(cli):
    status, text, _ = cli("footprint", "default", "--account", "hours", "--uncertainty", "20",
                          "-q")
    assert status == 0
    assert not EXPONENT.search(text), EXPONENT.search(text)
    assert "What drives the spread" in text and re.search(r"\d{1,3},\d{3}", text)
