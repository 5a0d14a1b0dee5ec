"""Country price levels (WDI, PWT where WDI has none, rest of the world) and their reader."""

import numpy as np
import pandas as pd
import pytest

from interlabor.errors import CoverageError, TableReadError
from interlabor.io.price_data import read_country_year
from interlabor.price_levels import PriceLevels, load_price_levels


def levels() -> PriceLevels:
    """Three economies: A (WDI), B (PWT only), C (WDI) with PPP GDP 1, 3 and 1."""
    wdi = pd.DataFrame({2011: [1.0, np.nan, 0.5]}, index=["A", "B", "C"])
    pwt = pd.DataFrame({2011: [1.1, 0.25, 0.6]}, index=["A", "B", "C"])
    gdp = pd.DataFrame({2011: [1.0, 3.0, 1.0]}, index=["A", "B", "C"])
    return PriceLevels(wdi, pwt, gdp, "by hand")


def test_rules_by_hand():
    pl = levels().for_regions(["A", "B", "RoW"], 2011)
    assert pl["A"] == 1.0 and pl["B"] == 0.25
    # RoW = C alone (the only economy outside the table): its WDI level
    assert pl["RoW"] == pytest.approx(0.5)
    assert pl.attrs["rules"]["B"] == "pwt" and "rest-of-world" in pl.attrs["rules"]["RoW"]
    assert "PWT for B" in pl.attrs["source"] and "WDI PA.NUS.PPPC.RF" in pl.attrs["source"]
    # with A alone in the table: RoW = (3 x 0.25 + 1 x 0.5) / (3 + 1), GDP at PPP weights
    assert levels().for_regions(["A", "RoW"], 2011)["RoW"] == pytest.approx(1.25 / 4)


def test_errors_name_what_is_missing():
    with pytest.raises(CoverageError, match="no price level for D in 2011"):
        levels().for_regions(["D"], 2011)
    with pytest.raises(CoverageError, match="several rest-of-world regions"):
        levels().for_regions(["A", "WA", "WE"], 2011)
    with pytest.raises(CoverageError, match="year"):
        levels().for_regions(["A"], None)


def test_reader_checks_rows(tmp_path):
    p = tmp_path / "s.csv"
    p.write_text("geo,time,x\nchn,2011,0.5\nchn,2012,\nusa,2011,1\n")
    t = read_country_year(p)
    assert t.loc["CHN", 2011] == 0.5 and t.loc["USA", 2011] == 1 and 2012 not in t.columns
    p.write_text("geo,time,x\nchn,2011,0.5\nchn,2011,0.6\n")
    with pytest.raises(TableReadError, match="CHN 2011.*duplicated"):
        read_country_year(p)
    p.write_text("geo,time,x\nchn,2011,-1\n")
    with pytest.raises(TableReadError, match="outside"):
        read_country_year(p)
    p.write_text("geo,time,x\nchn,2011,n/a\n")
    with pytest.raises(TableReadError, match="non-numeric"):
        read_country_year(p)
    with pytest.raises(TableReadError, match="not found"):
        read_country_year(tmp_path / "missing.csv")


@pytest.mark.shared
def test_wiod_price_levels_2011(shared_data, wiod2011):
    pl = load_price_levels(shared_data / "prices").for_regions(wiod2011.regions, 2011)
    # published values (../shared/data/README.md): WDI CHN 0.54, IND 0.32, DEU 1.10; TWN 0.54
    # from PWT
    assert pl["USA"] == 1.0
    assert pl[["CHN", "IND", "DEU", "TWN"]].round(2).tolist() == [0.54, 0.32, 1.10, 0.54]
    assert pl.attrs["rules"]["TWN"] == "pwt" and pl.attrs["rules"]["CHN"] == "wdi"
    assert 0.3 < pl["RoW"] < 1.0
    assert load_price_levels(shared_data).folder == load_price_levels(
        shared_data / "prices").folder
