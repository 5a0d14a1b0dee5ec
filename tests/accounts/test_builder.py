"""The WIOD 2013 labour builder: checks against ILO and SEA, and one test per known bias."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from interlabor.accounts import build_from_output, build_wiod2013_labour, cells, labour_accounts
from interlabor.accounts.checks import TOLERANCES, check_year
from interlabor.accounts.concordance import BROAD_ACTIVITY
from interlabor.errors import CoverageError, LabelMismatchError, TableReadError

pytestmark = pytest.mark.shared
SEA = ("AUS", "CAN", "DEU", "FRA", "GBR", "USA")


def test_shape_finite_nonnegative(acc2011, x2011):
    for a in acc2011.values():
        assert a.persons.index.equals(x2011.index)
        for s in (a.persons, a.hours, a.household_persons, a.household_hours):
            assert np.isfinite(s).all() and (s >= 0).all()
        assert (a.persons[x2011 <= 0] == 0).all() and (a.hours[x2011 <= 0] == 0).all()
        assert a.flags.str.len().min() > 0


def test_persons_equal_ilo_totals_exactly(acc2011, labour_sources):
    ilo = labour_sources.ilo
    tot = acc2011["central"].region_totals()
    for r in tot.index.drop("RoW"):
        assert tot.loc[r, "persons"] == pytest.approx(ilo.persons_of(r, 2011).value, rel=1e-12)
    assert tot["persons"].sum() == pytest.approx(ilo.persons_year(2011).sum(), rel=1e-12)


def test_variants_keep_ilo_persons_and_vary_hours_only_through_k(acc2011, labour_sources):
    """Every structural alternative has the ILO persons of every country; calibration variants
    change hours only through k (hours = P * h1 * k), the SEA countries not at all."""
    c = acc2011["central"]
    st = c.structure
    tc = c.region_totals()
    for v, a in acc2011.items():
        t = a.region_totals()
        assert np.allclose(t["persons"], tc["persons"], rtol=1e-12), v
        if v.startswith("calibration:"):
            assert np.allclose(a.persons, c.persons, rtol=1e-12, atol=0), v
            kk = st.k[v.split(":")[1]]
            m = st.modelled
            assert np.allclose(t["hours"][m], st.persons[m] * st.h1[m] * kk[m] / 1e3, rtol=1e-12)
        for r in SEA:  # measured hours of the SEA countries in every variant
            assert np.allclose(a.hours[r], c.hours[r], rtol=1e-12)
    k = acc2011["calibration:max"].calibration
    assert k["CHN"] == pytest.approx(max(c.meta["sea_factors"].values()))
    pos = c.hours["CHN"] > 0
    assert (acc2011["calibration:max"].hours["CHN"][pos] > c.hours["CHN"][pos]).all()
    assert acc2011["calibration:none"].calibration["IND"] == 1.0
    # the flat pattern keeps persons by activity, moves them within it
    flat = acc2011["pattern:flat"]
    assert np.allclose(flat.activity_persons(), c.activity_persons(), rtol=1e-12)
    assert not np.allclose(flat.persons["CHN"], c.persons["CHN"])


def test_pwt_calibration_is_pwt_hours_per_person(acc2011, shared_data):
    pwt = pd.read_csv(shared_data / "prices/pwt1001/ddf--datapoints--avh--by--country--year.csv")
    avh = pwt[pwt.year == 2011].set_index("country")["avh"]
    t = acc2011["calibration:pwt"].region_totals()
    for r in ("CHN", "IND", "BRA", "JPN", "TWN"):
        assert t.loc[r, "hours_per_person"] == pytest.approx(avh[r.lower()], rel=1e-9)
    assert t.loc["DEU", "hours_per_person"] == pytest.approx(
        acc2011["central"].region_totals().loc["DEU", "hours_per_person"])  # SEA kept
    assert "calibration=sea-mean(no-pwt)" in acc2011["calibration:pwt"].flags[("RoW", "c1")]


def test_checks_against_ilo_and_sea(acc2011, labour_sources, x2011):
    df = check_year(acc2011["central"], labour_sources, x2011, validation=False)
    for check, g in df.groupby("check"):
        assert g["diff"].abs().max() <= TOLERANCES[check], check  # type: ignore[operator]
    hpp = df[df.check == "hours_per_person"]
    assert set(hpp.region) == set(SEA)
    assert (hpp["diff"].abs() <= 0.02).all()


def test_calibration_against_sea(acc2011, labour_sources):
    """ILO weekly hours x weeks overstate DEU by ~25 % and FRA by ~16 % in 2011."""
    meta = acc2011["central"].meta
    assert 1 / meta["sea_factors"]["DEU"] - 1 == pytest.approx(0.25, abs=0.02)
    assert 1 / meta["sea_factors"]["FRA"] - 1 == pytest.approx(0.16, abs=0.02)
    cal = acc2011["central"].calibration
    assert cal["DEU"] == pytest.approx(meta["sea_factors"]["DEU"])
    # elsewhere: the mean SEA factor (central), stated in the docs
    assert cal["ITA"] == pytest.approx(meta["sea_factor_mean"])
    assert cal["RoW"] == pytest.approx(meta["sea_factor_mean"])


def test_reshaping_by_broad_activity(acc2011, labour_sources):
    """Non-SEA economies: hours per person by activity follow the country's ILO ratios."""
    ilo = labour_sources.ilo
    st = acc2011["central"].structure
    i = st.regions.index("IDN")
    ratios = np.array([ilo.activity_ratio("IDN", 2011, a).value for a in ("AGR", "IND", "SER")])
    assert np.allclose(st.rho[i], ratios)
    assert ratios[0] != pytest.approx(ratios[2], rel=0.02)
    acts = np.array([BROAD_ACTIVITY[s] for s in st_sectors()])
    flat = cells(st, iota=np.ones(35), eta=np.ones(35))
    sea = cells(st)
    p_flat, h_flat = flat.persons[0, i], flat.hours[0, i]
    p_sea, h_sea = sea.persons[0, i], sea.hours[0, i]
    hpp = {a: h_flat[acts == a].sum() / p_flat[acts == a].sum() for a in ("AGR", "SER")}
    assert hpp["AGR"] / hpp["SER"] == pytest.approx(ratios[0] / ratios[2])
    # both patterns share the split between activities; they differ within an activity
    for a in ("AGR", "IND", "SER"):
        assert p_flat[acts == a].sum() == pytest.approx(p_sea[acts == a].sum())
    xr = st.xpos[i]
    ind = (acts == "IND") & (xr > 0)
    assert np.ptp(p_flat[ind] / xr[ind]) < 1e-9 < np.ptp(p_sea[ind] / xr[ind])
    assert h_sea.sum() + sea.hh_hours[0, i] == pytest.approx(st.persons[i] * st.h1[i]
                                                             * st.k["mean"][i] / 1e3)


def st_sectors() -> list[str]:
    return [f"c{j}" for j in range(1, 36)]


def test_c35_households_go_to_final_demand(acc2011, x2011, wiod2011, shared_data):
    a = acc2011["central"]
    for r in ("AUS", "CHN", "JPN"):  # c35 output is zero in these
        assert x2011[(r, "c35")] == 0
        assert a.persons[(r, "c35")] == 0 and a.household_persons[r] > 0
        assert "households-final-demand" in a.flags[(r, "c35")]
    assert a.household_persons["USA"] == 0 and a.persons[("USA", "c35")] > 0
    # AUS: the SEA's domestic workers (activity T) are kept, not spread to other industries
    accs = labour_accounts(wiod2011, sources=None, data_dir=shared_data,
                           variants=["central"])
    persons = next(acc for acc in accs if acc.name == "persons")
    k = wiod2011.categories.index("CONS_h")
    i = wiod2011.regions.index("AUS")
    assert persons.final_demand[i * len(wiod2011.categories) + k] == pytest.approx(
        a.household_persons["AUS"])
    table = wiod2011.with_accounts(accs)  # valid: no account at zero output
    assert table.account("labour/hours").modelled


def test_missing_ilo_years_flagged_per_cell(acc2011, acc1995):
    f = acc2011["central"].flags
    for r in ("BRA", "IND", "JPN"):
        assert f[(r, "c3")].count("nearest-year") >= 1
    assert "hours=ilo-regional-average" in f[("TWN", "c3")]
    assert "hours=ilo-regional-average" in acc1995.flags[("IND", "c3")]
    assert "within-activity=sea-2000" in acc1995.flags[("DEU", "c3")]  # SEA starts in 2000
    assert acc1995.calibration["DEU"] == pytest.approx(acc1995.meta["sea_factors"]["DEU"])


def test_rom_accepted_and_unknown_code_refused(x2011, labour_sources):
    regions = x2011.index.get_level_values(0).map(lambda r: "ROM" if r == "ROU" else r)
    x = pd.Series(x2011.to_numpy(), index=pd.MultiIndex.from_arrays(
        [regions, x2011.index.get_level_values(1)], names=["region", "sector"]))
    a = build_from_output(x, 2011, labour_sources)
    assert a.persons["ROU"].sum() > 0
    bad = x.rename({"ROM": "XYZ"}, level=0)
    with pytest.raises(LabelMismatchError, match="'XYZ'"):
        build_from_output(bad, 2011, labour_sources)


def test_year_outside_data_and_missing_files(shared_data, tmp_path, x2011, labour_sources):
    with pytest.raises(CoverageError, match="2015.*1995-2011"):
        build_wiod2013_labour(shared_data, 2015)
    with pytest.raises(CoverageError, match="1980"):
        build_from_output(x2011, 1980, labour_sources)
    with pytest.raises(TableReadError, match="wiot_2011.RData"):
        build_wiod2013_labour(tmp_path, 2011)
    with pytest.raises(ValueError, match="variant"):
        build_from_output(x2011, 2011, labour_sources, variant="middle")
