"""Part 5 of issue 13: persons and hours by sex and by status in employment, every cell."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from interlabor.accounts import build_variants
from interlabor.accounts.concordance import concord, concordance_matrix
from interlabor.accounts.sex_status import rake
from interlabor.exchange import exchange_flows
from interlabor.io import load_default

pytestmark = pytest.mark.shared
SEA = ("AUS", "CAN", "DEU", "FRA", "GBR", "USA")


@pytest.fixture(scope="module")
def central(x2011, labour_sources):
    return build_variants(x2011, 2011, labour_sources, ("central",), groups=True)["central"]


def _tot(g) -> np.ndarray:
    return g.persons.sum(axis=1) + g.hh_persons


def test_groups_add_up_to_the_cells(central):
    R = len(central.household_persons)
    P, H = central.persons.to_numpy().reshape(R, 35), central.hours.to_numpy().reshape(R, 35)
    g = central.groups
    for a, b in (("female", "male"), ("employees", "self_employed")):
        assert np.allclose(g[a].persons + g[b].persons, P, rtol=1e-12, atol=1e-9)
        assert np.allclose(g[a].hours + g[b].hours, H, rtol=1e-12, atol=1e-9)
        assert np.allclose(g[a].hh_hours + g[b].hh_hours, central.household_hours, atol=1e-9)
        for x in (g[a], g[b]):
            assert (x.persons >= 0).all() and (x.hours >= 0).all()


def test_persons_by_sex_are_the_ilos(central, shared_data):
    wf = pd.read_csv(shared_data / "ilo/workforce_total_iso3.csv")
    wf = wf[wf.time == 2011].pivot(index="ref_area", columns="sex", values="Workforce (1000)")
    g = central.groups
    regions = list(central.household_persons.index)
    share = _tot(g["female"]) / (_tot(g["female"]) + _tot(g["male"]))
    for r in ("CHN", "IND", "DEU", "TUR"):
        ref = wf.loc[r, "SEX_F"] / (wf.loc[r, "SEX_F"] + wf.loc[r, "SEX_M"])
        assert share[regions.index(r)] == pytest.approx(ref, rel=1e-9), r
    # activity shares by sex: the ILO's where the accounts' activities are the ILO's (China)
    rep = central.group_reports["sex"]
    for b in ("AGR", "IND", "SER"):
        assert rep.loc["CHN", f"female_share_{b}"] == pytest.approx(
            rep.loc["CHN", f"female_share_{b}_ilo"], abs=2e-3)


def test_hours_by_sex_follow_ilo_weekly_hours(central, labour_sources):
    """Within a cell, hours per woman / hours per man = the ILO ratio of weekly hours."""
    ilo = labour_sources.ilo
    g = central.groups
    i = list(central.household_persons.index).index("MEX")
    j = 11  # c12, basic metals: industry
    ratio = (ilo.weekly_hours("MEX", 2011, "IND:F").value
             / ilo.weekly_hours("MEX", 2011, "IND:M").value)
    f, m = g["female"], g["male"]
    got = (f.hours[i, j] / f.persons[i, j]) / (m.hours[i, j] / m.persons[i, j])
    assert got == pytest.approx(ratio, rel=1e-9)
    assert ratio < 1  # women in Mexican industry work fewer paid hours a week than men


def test_self_employment_ilo_level_sea_pattern(central, labour_sources, x2011):
    mod = labour_sources.modelled
    rep = central.group_reports["status"]
    for r in ("CHN", "IND", "BRA", "TWN", "RoW"):
        assert rep.loc[r, "self_employed_share"] == pytest.approx(
            rep.loc[r, "self_employed_share_ilo"], rel=1e-6), r
    assert rep.loc["IND", "self_employed_share_ilo"] == pytest.approx(
        mod.self_employed_rate("IND", 2011).value)
    g = central.groups
    i = list(central.household_persons.index).index("IND")
    rate = g["self_employed"].persons[i] / np.maximum(
        g["self_employed"].persons[i] + g["employees"].persons[i], 1e-300)
    assert rate[0] > rate[2] and rate[0] > rate[11]  # agriculture above mining, basic metals
    # the SEA countries: the SEA's own employees (EMPE / EMP, concorded), cell by cell
    sea = labour_sources.sea.country_year("DEU", 2011)
    cc = concord(sea[["EMP", "EMPE"]], concordance_matrix(x2011.loc["DEU"]))
    k = list(central.household_persons.index).index("DEU")
    pers = g["employees"].persons[k] + g["self_employed"].persons[k]
    ok = pers > 0
    assert np.allclose(g["employees"].persons[k][ok] / pers[ok],
                       (cc["EMPE"] / cc["EMP"]).to_numpy()[ok], rtol=1e-9)
    assert rep.loc["DEU", "rule"] == "sea-employees"


def test_rake_by_hand():
    t = rake(np.array([[1.0, 1.0], [1.0, 3.0]]), np.array([4.0, 6.0]), np.array([5.0, 5.0]))
    assert np.allclose(t.sum(axis=1), [4, 6]) and np.allclose(t.sum(axis=0), [5, 5])
    # the cross-product ratio of the seed survives raking (1*3 / 1*1 = 3)
    assert t[0, 0] * t[1, 1] / (t[0, 1] * t[1, 0]) == pytest.approx(3.0)


def test_bundled_table_splits_footprints_and_exchange_by_sex():
    m = load_default()
    ef = exchange_flows(m, hours="hours", skills={"female": ("hours_female", None),
                                                  "male": ("hours_male", None)})
    g = ef.grouped("north-south")
    H, (Hf, _), (Hm, _) = g.hours, g.skills["female"], g.skills["male"]
    assert np.allclose(Hf + Hm, H, rtol=1e-12)
    assert 0.2 < Hf.loc["South", "North"] / H.loc["South", "North"] < 0.5
    for a in ("labour/persons_female", "labour/employees", "labour/hours_self_employed"):
        assert m.account(a).modelled
    # the labour-income adjustment (persons / employees) has employees in every region
    ef = exchange_flows(m, hours="hours", labour_income=("labour/persons", "labour/employees"))
    assert "labour income" in ef.compensation_basis
