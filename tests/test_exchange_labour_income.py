"""The modelled labour-income account: the split by hand, the real sources against the SEA."""

import numpy as np
import pandas as pd
import pytest

from interlabor.accounts.labour_income import (
    ALTERNATIVES,
    BASIS,
    distribute,
    labour_income_account,
    labour_income_accounts,
    labour_shares,
    load_income_sources,
)
from interlabor.errors import CoverageError
from interlabor.exchange import exchange_flows
from interlabor.exchange_report import summary_range
from interlabor.model import Account, build_mrio


def test_distribute_by_hand():
    va = np.array([[60.0, 40.0, 0.0], [100.0, -10.0, 10.0]])
    share = np.array([0.5, 0.4])
    pattern = np.array([[1.0, 0.5, 1.0], [0.2, 1.0, 1.0]])
    li = distribute(va, share, pattern)
    # region 1: 0.5 x 100 = 50 split 60 x 1 : 40 x 0.5 = 60 : 20
    np.testing.assert_allclose(li[0], [37.5, 12.5, 0.0])
    # region 2: 0.4 x 100 (negative cell counts in the total, gets nothing) split 20 : 0 : 10
    np.testing.assert_allclose(li[1], [40 * 2 / 3, 0.0, 40 / 3])
    np.testing.assert_allclose(li.sum(axis=1), share * va.sum(axis=1))
    assert distribute(np.zeros((1, 2)), np.array([0.5]), np.ones((1, 2))).sum() == 0


def test_flat_pattern_is_the_share_of_every_cell():
    va = np.array([[3.0, 1.0]])
    np.testing.assert_allclose(distribute(va, np.array([0.6]), np.ones((1, 2))), [[1.8, 0.6]])


def test_needs_wiod_industries_and_a_year():
    m = build_mrio(np.zeros((1, 1)), np.ones((1, 1)), regions=["USA"], sectors=["s"],
                   categories=["hh"], accounts=[Account("value_added", "USD million",
                                                        np.ones(1))], year=2011)
    with pytest.raises(CoverageError, match="c1..c35"):
        labour_income_account(m, "unused")
    with pytest.raises(ValueError, match="variant"):
        labour_income_account(m, "unused", variant="high")


# ---- the real sources (skipped without ../shared) -------------------------------------------
@pytest.fixture(scope="module")
def sources(shared_data):
    return load_income_sources(shared_data)


@pytest.mark.shared
def test_wiod_2011_totals_are_labour_share_times_value_added(wiod2011, sources):
    accs = labour_income_accounts(wiod2011, sources=sources)
    assert [a.name for a in accs] == ["labour_income", *ALTERNATIVES]
    R, S = wiod2011.n_regions, wiod2011.n_sectors
    va = wiod2011.account("value_added").values.reshape(R, S).sum(axis=1)
    shares = labour_shares(list(wiod2011.regions), 2011, sources)
    for a in accs:
        assert a.modelled and a.unit == "USD million" and a.description.startswith(BASIS)
        assert "compensation of employees" not in a.description.split(".")[0]
        assert (a.values >= 0).all()
    np.testing.assert_allclose(accs[0].values.reshape(R, S).sum(axis=1),
                               shares["pwt"].to_numpy(dtype=float) * va, rtol=1e-12)
    ilo = shares["ilo"].fillna(shares["pwt"]).to_numpy(dtype=float)
    np.testing.assert_allclose(accs[1].values.reshape(R, S).sum(axis=1), ilo * va, rtol=1e-12)
    # PWT labsh of 2011 as published (independent of the model): USA 0.593, CHN 0.550
    assert shares.loc["USA", "pwt"] == pytest.approx(0.5927, abs=5e-4)
    assert shares.loc["CHN", "pwt"] == pytest.approx(0.5500, abs=5e-4)
    assert 0.3 < shares.loc["RoW", "pwt"] < 0.7 and "rest-of-world" in shares.loc["RoW", "rule"]
    assert np.isfinite(shares["ilo"].drop("RoW")).all()  # ILO 2004-2011 covers the 40


@pytest.mark.shared
@pytest.mark.parametrize("year", [2005, 2011])
def test_modelled_income_against_the_sea_labour_compensation(shared_data, sources, year):
    """The SEA's own LAB (US$ at its exchange rates) is an independent total for six
    countries; PWT's labour share times WIOD 2013 value added lands within 11 % of it."""
    from interlabor.io.wiod2013 import read_wiod2013_rdata

    m = read_wiod2013_rdata(shared_data / "wiod2013" / f"wiot_{year}.RData", warn=False)
    li = labour_income_account(m, sources=sources).values.reshape(m.n_regions, m.n_sectors)
    by_region = pd.Series(li.sum(axis=1), index=m.regions)
    sea = sources.sea[sources.sea["year"] == year]
    for c, part in sea.groupby("country"):
        lab = part["LAB"].sum() / part["NOMEXCH"].dropna().iloc[0]
        assert by_region[c] / lab == pytest.approx(1.0, abs=0.11), c


@pytest.mark.shared
def test_wage_drains_computed_on_wiod(wiod2011, sources):
    m = wiod2011.with_accounts([
        Account("hours", "million hours", np.clip(wiod2011.x, 0, None) * 0.05, modelled=True),
        *labour_income_accounts(wiod2011, sources=sources)])
    ef = exchange_flows(m, compensation="labour_income")
    assert ef.compensation_basis == BASIS and ef.modelled
    s = summary_range(m, "north-south", compensation="labour_income",
                      wage_variants=ALTERNATIVES)
    for k in ("drain_a", "drain_b", "drain_c", "drain_a_pairwise"):
        assert np.isfinite(s.loc[k, "value"]) and s.loc[k, "low"] <= s.loc[k, "value"] <= (
            s.loc[k, "high"])
    assert BASIS in s.loc["drain_a", "note"]
    assert s.loc["drain_a", "low"] < s.loc["drain_a", "high"]  # the wage variants differ
    # the South's share of world labour income is below its share of value added
    assert s.loc["share_compensation_production_of_a", "value"] < s.loc[
        "share_value_added_production_of_a", "value"]
