"""ILO and SEA readers: fallbacks, duplicate removal, employee->all-persons scaling, bad input."""

from __future__ import annotations

import gzip
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from interlabor.accounts.concordance import TARGETS, concord, concordance_matrix
from interlabor.accounts.ilo import read_ilo, read_vacation, read_weekly_hours, read_workforce
from interlabor.accounts.sea import NACE56, hours_all_persons, read_sea
from interlabor.errors import CoverageError, LabelMismatchError, TableReadError

pytestmark = pytest.mark.shared


# ---- SEA --------------------------------------------------------------------------------
def test_duplicate_sea_records_removed(labour_sources):
    sea = labour_sources.sea
    assert sea.duplicates_removed == 840  # USA: 56 industries x 15 years, in two files
    assert sea.conflicting == 0
    assert not sea.table.duplicated(["country", "code", "year"]).any()
    assert sea.countries == ("AUS", "CAN", "DEU", "FRA", "GBR", "USA")


def test_employee_hours_scaled_to_all_persons(labour_sources):
    t = labour_sources.sea.table
    r = t[(t.country == "USA") & (t.code == "A01") & (t.year == 2011)].iloc[0]
    assert r["H"] == pytest.approx(r["H_EMPE"] * r["EMP"] / r["EMPE"])
    # agriculture is where it matters most: about half of US farm workers are self-employed
    assert r["H"] > 1.7 * r["H_EMPE"]
    assert r["h_flag"] == "employee-hours-scaled"


def test_employee_scaling_fallback_where_no_employees():
    df = pd.DataFrame({
        "country": ["X"] * 3, "year": [2005] * 3, "code": ["A01", "A02", "C16"],
        "EMP": [10.0, 4.0, 5.0], "EMPE": [5.0, 0.0, 5.0], "H_EMPE": [10.0, 0.0, 8.0],
    })
    h, flag = hours_all_persons(df)
    assert h[0] == pytest.approx(20.0)
    assert flag[1] == "hours-per-employee-of-activity"
    assert h[1] == pytest.approx(4.0 * 10.0 / 5.0)  # agriculture's hours per employee
    assert np.isfinite(h).all()


def test_missing_and_malformed_sea_file(tmp_path: Path):
    with pytest.raises(TableReadError, match="usasea.rda"):
        read_sea(tmp_path)
    (tmp_path / "usasea.rda").write_bytes(b"not an R file")
    with pytest.raises(TableReadError, match="usasea.rda.*not a readable R data file"):
        read_sea(tmp_path)


# ---- ILO --------------------------------------------------------------------------------
def test_missing_ilo_years_nearest_then_regional(labour_sources):
    ilo = labour_sources.ilo
    for c in ("BRA", "IND", "JPN"):
        assert ilo.weekly_hours(c, 2011).rule == "ilo-nearest-year"
    assert ilo.weekly_hours("TWN", 2011).rule == "ilo-regional-average"  # no Taiwan at all
    assert ilo.weekly_hours("IND", 1995).rule == "ilo-regional-average"  # 2018 is > 10 y away
    china = ilo.weekly_hours("CHN", 1995)
    assert (china.rule, china.source_year) == ("ilo-nearest-year", 2005)
    assert ilo.weekly_hours("DEU", 2011).rule == "ilo"


def test_unmatched_country_code_and_year(labour_sources):
    ilo = labour_sources.ilo
    with pytest.raises(LabelMismatchError, match="'ROM'.*to_iso3"):
        ilo.check_country("ROM")
    with pytest.raises(CoverageError, match="1980.*1991-2023"):
        ilo.check_year(1980)


def test_missing_ilo_file(tmp_path: Path):
    with pytest.raises(TableReadError, match="workforce_total_iso3.csv.*not found"):
        read_ilo(tmp_path)


def test_malformed_ilo_files(tmp_path: Path):
    p = tmp_path / "w.csv"
    p.write_text("ref_area,sex,time,EXIO3\nDEU,SEX_T,2011,DE\n")
    with pytest.raises(TableReadError, match="Workforce") as e:
        read_workforce(p)
    assert e.value.column == "Workforce (1000)"
    p.write_text("ref_area,sex,time,EXIO3,Workforce (1000)\nDEU,SEX_T,2011,DE,lots\n")
    with pytest.raises(TableReadError, match="'lots'") as e:
        read_workforce(p)
    assert "DEU" in str(e.value.row)
    h = tmp_path / "h.csv.gz"
    with gzip.open(h, "wt") as f:
        f.write("ref_area,sex,classif1,time,obs_value\nDEU,SEX_T,ECO_SECTOR_TOTAL,2011,400\n")
    with pytest.raises(TableReadError, match="outside"):
        read_weekly_hours(h)
    v = tmp_path / "v.csv"
    v.write_text("ISO3,Total Paid Vacation Days\nDEU,x\n")
    with pytest.raises(TableReadError, match="'x'"):
        read_vacation(v)


# ---- concordance ------------------------------------------------------------------------
def test_concordance_weights_and_totals(x2011):
    assert set(TARGETS) == set(NACE56)
    W = concordance_matrix(x2011.loc["DEU"])
    assert np.allclose(W.sum(axis=1), 1.0)
    xs = x2011.loc["DEU"]
    assert W.loc["C13-C15", "c5"] == pytest.approx(xs["c5"] / (xs["c4"] + xs["c5"]))
    v = pd.DataFrame({"a": np.arange(56.0)}, index=list(NACE56))
    assert concord(v, W)["a"].sum() == pytest.approx(v["a"].sum())


# ---- ILO modelled estimates (shares by activity, sex, status) ------------------------------
def test_gapminder_ids_to_iso3(tmp_path: Path):
    from interlabor.accounts.ddf import read_series

    p = tmp_path / "s.csv"
    p.write_text("geo,time,share\nchn,2011,40\nchanisl,2011,3\n")
    t = read_series(p, ids={"chanisl": "CHI"}, scale=0.01)
    assert t.loc["CHN", 2011] == pytest.approx(0.4) and t.loc["CHI", 2011] == pytest.approx(0.03)
    p.write_text("geo,time,share\nchn,2011,120\n")
    with pytest.raises(TableReadError, match="outside"):
        read_series(p, bounds=(0, 100))


def test_ilo_shares_must_add_to_100(shared_data: Path, tmp_path: Path):
    import shutil

    from interlabor.accounts.ilo_modelled import SHARE_FILES, read_ilo_modelled

    for sub in ("ilo_by_sector", "ilo_status_sex"):
        shutil.copytree(shared_data / sub, tmp_path / sub)
    f = tmp_path / SHARE_FILES[("T", "AGR")]
    f.chmod(0o644)
    df = pd.read_csv(f)
    df.loc[(df.geo == "chn") & (df.time == 2011), df.columns[2]] += 3.0
    df.to_csv(f, index=False)
    with pytest.raises(TableReadError, match=r"CHN 2011.*add to 103\.0"):
        read_ilo_modelled(tmp_path)


def test_ilo_modelled_lookups(labour_sources):
    m = labour_sources.modelled
    s, rule = m.activity_shares("CHN", 1995)
    assert s.sum() == pytest.approx(1.0, abs=1e-15) and rule == "ilo-shares"
    assert s[0] == pytest.approx(0.522, abs=5e-4)  # data README: China 1995, 52.2 %
    assert m.activity_shares("TWN", 2011)[0][0] == pytest.approx(0.053, abs=5e-4)
    assert m.activity_shares("CHN", 2030)[1] == "ilo-shares-nearest-year"
    with pytest.raises(CoverageError, match="XKX"):
        m.activity_shares("XKX", 2011)  # Kosovo: employment, no shares
    se = m.self_employed_rate("IND", 2011)
    assert 0.7 < se.value < 0.9
