"""WIOD 2013 Socio-Economic Accounts (July 2014) as labour accounts of a WIOD 2013 table."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from interlabor.accounts.wiod_sea import wiod2013_sea_accounts, with_wiod2013_sea
from interlabor.errors import CoverageError, TableReadError
from interlabor.io.wiod2013 import read_wiod2013_xlsx

from .conftest import quiet


@pytest.fixture(scope="module")
def sea(mocks: Path) -> Path:
    return mocks / "wiod_mock" / "WIOD_SEA_July14.xlsx"


@pytest.fixture(scope="module")
def wiot(wiot_xlsx: Path):
    return read_wiod2013_xlsx(wiot_xlsx, warn=False)


def test_same_totals_as_pymrio(sea: Path, wiot_xlsx: Path, wiot, tmp_path: Path) -> None:
    pymrio = pytest.importorskip("pymrio")
    for f in (wiot_xlsx, sea):
        shutil.copy(f, tmp_path)
    io = quiet(pymrio.parse_wiod, tmp_path / wiot_xlsx.name, names=("c_codes", "c_codes"))
    ref = io.SEA.F.sum(axis=1)
    m = with_wiod2013_sea(wiot, sea)
    for var, name in (("EMP", "persons"), ("EMPE", "employees"), ("H_EMP", "hours"),
                      ("H_EMPE", "hours_employees")):
        a = m.account(f"sea/{name}")
        total = a.values.sum() + (a.final_demand.sum() if a.final_demand is not None else 0)
        np.testing.assert_allclose(total, ref[var], rtol=1e-12)
    # the SEA's ROU is the table's ROM: matched through the canonical code
    assert "ROM" in wiot.source_regions
    rou = wiot.regions.index("ROU") * wiot.n_sectors
    assert m.account("sea/persons").values[rou : rou + wiot.n_sectors].sum() > 0
    assert m.account("hours").unit == "million hours"


def test_skills_and_compensation(sea: Path, wiot) -> None:
    accs = {a.name: a for a in wiod2013_sea_accounts(sea, wiot)}
    assert "hours_low_skilled" in accs and "compensation" not in accs
    rates = {r: 2.0 for r in wiot.regions}
    accs2 = {a.name: a for a in wiod2013_sea_accounts(sea, wiot, exchange_rates=rates)}
    assert accs2["compensation"].unit == "USD million"
    assert accs2["labour_compensation_high_skilled"].values.sum() > 0


def test_missing_exchange_rate(sea: Path, wiot) -> None:
    with pytest.raises(CoverageError, match="no exchange rate for .*LUX"):
        wiod2013_sea_accounts(sea, wiot, exchange_rates={"AUS": 1.0})


def test_year_not_covered(sea: Path, wiot) -> None:
    with pytest.raises(CoverageError, match="no year 2011; it covers 2008-2010"):
        wiod2013_sea_accounts(sea, wiot, year=2011)


def test_other_layout(wiot_xlsx: Path, wiot) -> None:
    with pytest.raises(TableReadError, match="no sheet 'DATA'"):
        wiod2013_sea_accounts(wiot_xlsx, wiot)


def test_truncated(sea: Path, wiot, tmp_path: Path) -> None:
    bad = tmp_path / sea.name
    bad.write_bytes(sea.read_bytes()[:4000])
    with pytest.raises(TableReadError, match="truncated"):
        wiod2013_sea_accounts(bad, wiot)
