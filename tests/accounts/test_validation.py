"""Part 7 of issue 13: validation rows of the checks table (ILO shares, PWT, leave-one-out)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from interlabor.accounts.checks import TOLERANCES, check_year, summarise, validation_by_country

pytestmark = pytest.mark.shared
SEA = ("AUS", "CAN", "DEU", "FRA", "GBR", "USA")


@pytest.fixture(scope="module")
def checks2011(acc2011, labour_sources, x2011) -> pd.DataFrame:
    return check_year(acc2011["central"], labour_sources, x2011)


def test_activity_shares_against_ilo_all_regions(checks2011, shared_data):
    a = checks2011[checks2011.check == "activity_share"]
    assert len(a) == (41 - 6) * 3 and "RoW" in set(a.region)
    assert a["diff"].abs().max() <= TOLERANCES["activity_share"]
    s = checks2011[checks2011.check == "activity_share_sea"]
    assert set(s.region) == set(SEA)
    raw = pd.read_csv(shared_data / "ilo_by_sector/ddf--datapoints--industry_workers_percent_"
                      "of_employment--by--geo--time.csv")
    usa = raw[(raw.geo == "usa") & (raw.time == 2011)].iloc[0, 2] / 100
    ref = s[(s.region == "USA") & (s.sector == "IND")]["reference"].iloc[0]
    assert ref == pytest.approx(usa, abs=1e-4)
    # the SEA counts fewer persons in US industry than the ILO's survey-based share
    assert s[(s.region == "USA") & (s.sector == "IND")]["diff"].iloc[0] < -0.03


def test_hours_per_person_against_pwt(checks2011):
    p = checks2011[checks2011.check == "pwt_hours_per_person"].set_index("region")
    assert len(p) == 40
    assert (p.loc["CHN", "ours"], p.loc["CHN", "reference"]) == pytest.approx((2144, 2179),
                                                                              abs=1)
    assert (p.loc["IND", "ours"], p.loc["IND", "reference"]) == pytest.approx((2303, 2114),
                                                                              abs=1)
    assert p["diff"].abs().max() < 0.3


def test_leave_one_out_backtest(checks2011, acc2011, labour_sources):
    loo = checks2011[checks2011.check.str.startswith("loo_")]
    assert set(loo.region) == set(SEA)
    hpp = loo[loo.check == "loo_hours_per_person"].set_index("region")
    # DEU without its SEA: ILO hours per person x the mean factor of the five others
    factors = acc2011["central"].meta["sea_factors"]
    k = np.mean([v for c, v in factors.items() if c != "DEU"])
    st = acc2011["central"].structure
    h1 = st.h1[st.regions.index("DEU")]
    assert hpp.loc["DEU", "ours"] == pytest.approx(h1 * k, rel=1e-9)
    assert hpp.loc["DEU", "reference"] == pytest.approx(
        acc2011["central"].region_totals().loc["DEU", "hours_per_person"], rel=1e-9)
    act = loo[loo.check == "loo_activity_hours_share"]
    for _, g in act.groupby("region"):
        assert g["ours"].sum() == pytest.approx(1.0) and g["reference"].sum() == pytest.approx(1)
    assert act["diff"].abs().max() < 0.1  # activity shares of hours within 10 pp
    v = validation_by_country(checks2011)
    assert set(v["loo"].index) == set(SEA) and {"CHN", "IND"} <= set(v["pwt"].index)


def test_summary_reports_validation_without_pass_fail(checks2011):
    s = summarise(checks2011)
    assert s.loc["loo_hours_per_person", "pass"] == "reported"
    assert s.loc["pwt_hours_per_person", "tolerance"] == "reported"
    assert bool(s.loc["activity_share", "pass"]) and s.loc["activity_share", "tolerance"] == 1e-9
    assert all(s.loc[c, "pass"] for c in ("world_persons", "country_persons", "hours_per_person"))
