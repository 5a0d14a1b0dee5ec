"""WIOD 2016 Socio-Economic Accounts joined to a WIOD 2016 table (real SEA numbers)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from interlabor.accounts.sea import SeaData, read_sea
from interlabor.accounts.wiod2016_sea import wiod2016_sea_accounts, with_wiod2016_sea
from interlabor.errors import CoverageError, DataQualityWarning, LabelMismatchError
from interlabor.io.wiod2016_niot import read_wiod2016_niot
from interlabor.model import MRIO, build_mrio

REGIONS = ("AUS", "CAN", "DEU", "FRA", "GBR", "USA", "ROW")
SECTORS = ("A01", "C29", "M71", "T")
CATS = ("CONS_h", "CONS_np", "CONS_g", "GFCF", "INVEN")


@pytest.fixture(scope="module")
def sea(shared_data: Path) -> SeaData:
    return read_sea(shared_data / "wiod2016_sea")


@pytest.fixture(scope="module")
def table() -> MRIO:
    """7 regions x 4 industries, 2014; DEU/T has zero output."""
    rng = np.random.default_rng(3)
    n = len(REGIONS) * len(SECTORS)
    Z = rng.uniform(0, 10, (n, n))
    Y = rng.uniform(0, 10, (n, len(REGIONS) * len(CATS)))
    zero = REGIONS.index("DEU") * len(SECTORS) + SECTORS.index("T")
    Z[zero, :] = Z[:, zero] = Y[zero, :] = 0.0
    with pytest.warns(DataQualityWarning):
        return build_mrio(Z, Y, regions=REGIONS, sectors=SECTORS, categories=CATS, year=2014)


def cell(m: MRIO, key: str, region: str, sector: str) -> float:
    return float(m.account(key).values[m.index.get_loc((region, sector))])


def test_accounts_and_hand_computed_compensation(table: MRIO, sea: SeaData) -> None:
    m = with_wiod2016_sea(table, sea, missing="zero")
    keys = {a.key: a.unit for a in m.accounts}
    assert keys == {
        "sea/persons": "thousand persons", "sea/employees": "thousand persons",
        "sea/hours_employees": "million hours", "sea/hours": "million hours",
        "sea/compensation": "USD million", "sea/labour_compensation": "USD million",
    }
    t = sea.table
    deu = t[(t.country == "DEU") & (t.code == "A01") & (t.year == 2014)].iloc[0]
    # hand computation: DEU A01 2014, COMP 6,310 million EUR at 0.752728 EUR per US$
    assert deu["COMP"] == 6310.0 and deu["NOMEXCH"] == pytest.approx(0.752728, abs=1e-6)
    assert cell(m, "sea/compensation", "DEU", "A01") == pytest.approx(6310.0 / 0.752728,
                                                                      rel=1e-6)
    assert cell(m, "sea/compensation", "DEU", "A01") == pytest.approx(8382.8, abs=0.1)
    assert cell(m, "sea/persons", "DEU", "A01") == 606.0
    assert cell(m, "sea/employees", "DEU", "A01") == 306.0
    assert cell(m, "sea/hours_employees", "DEU", "A01") == 404.0
    assert cell(m, "sea/hours", "DEU", "A01") == pytest.approx(404.0 * 606.0 / 306.0)
    assert m.account("sea/hours").modelled and not m.account("sea/persons").modelled
    usa = t[(t.country == "USA") & (t.code == "C29") & (t.year == 2014)].iloc[0]
    assert cell(m, "sea/labour_compensation", "USA", "C29") == pytest.approx(
        usa["LAB"] / usa["NOMEXCH"])
    # ROW zero, as asked, and said so; AUS reports M71 as 0 (inside M69_M70)
    assert cell(m, "sea/persons", "ROW", "A01") == 0.0
    assert "regions without SEA data set to 0: ROW" in m.account("sea/persons").description
    assert cell(m, "sea/persons", "AUS", "M71") == 0.0
    assert "0 country-industry cell(s) not reported" in m.account("sea/persons").description


def test_work_at_zero_output_goes_to_household_final_demand(table: MRIO, sea: SeaData) -> None:
    m = with_wiod2016_sea(table, sea, missing="zero")
    t = sea.table
    emp = t[(t.country == "DEU") & (t.code == "T") & (t.year == 2014)]["EMP"].iloc[0]
    assert emp > 0 and cell(m, "sea/persons", "DEU", "T") == 0.0
    fd = m.account("sea/persons").final_demand
    assert fd is not None
    assert fd[REGIONS.index("DEU") * len(CATS) + CATS.index("CONS_h")] == emp
    assert fd.sum() == emp


def test_missing_regions_are_an_explicit_choice(table: MRIO, sea: SeaData) -> None:
    with pytest.raises(CoverageError, match=r"no WIOD 2016 SEA data for ROW in 2014.*"
                       r"missing='zero'"):
        with_wiod2016_sea(table, sea)
    with pytest.raises(CoverageError, match="AUS, CAN, DEU, FRA, GBR, USA, ROW in 1999"):
        wiod2016_sea_accounts(table, sea, year=1999)
    with pytest.raises(ValueError, match="missing='ignore'"):
        wiod2016_sea_accounts(table, sea, missing="ignore")  # type: ignore[arg-type]


def test_sectors_must_be_wiod2016_industries(sea: SeaData) -> None:
    m = build_mrio(np.ones((2, 2)), np.ones((2, 1)), regions=["DEU"], sectors=["c1", "c2"],
                   categories=["CONS_h"], year=2014)
    with pytest.raises(LabelMismatchError, match=r"\['c1', 'c2'\] are not WIOD 2016"):
        with_wiod2016_sea(m, sea)


def test_exchange_rate_direction_on_the_real_national_table(shared_data: Path,
                                                            sea: SeaData) -> None:
    """SEA gross output (national currency) / NOMEXCH = the national table's output (US$)."""
    m = read_wiod2016_niot(shared_data / "wiod2016_niot" / "DEU_NIOT_nov16.xlsx", warn=False)
    m = with_wiod2016_sea(m, sea)  # DEU has SEA data: no missing region
    part = sea.country_year("DEU", 2014)
    go_usd = part.loc[list(m.sectors), "GO"].to_numpy() / part["NOMEXCH"].max()
    ok = (m.x > 0) & (go_usd > 0)
    np.testing.assert_allclose(go_usd[ok], m.x[ok], rtol=0.02)
    assert m.account("sea/compensation").values.sum() < m.account("value_added").values.sum()
