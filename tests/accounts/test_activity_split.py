"""Part 1 of issue 13: persons by broad activity from the ILO modelled shares, every economy."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from interlabor.accounts import PREVIOUS_METHOD

pytestmark = pytest.mark.shared
SEA = ("AUS", "CAN", "DEU", "FRA", "GBR", "USA")
DP = "ddf--datapoints--{}_workers_percent_of_employment--by--geo--time.csv"


@pytest.fixture(scope="module")
def ilo_raw(shared_data):
    """The ILO shares and employment read here with pandas alone (independent of the reader)."""
    d = shared_data / "ilo_by_sector"
    ids = pd.read_csv(d / "ddf--entities--geo--country.csv").set_index("country")[
        "iso3166_1_alpha3"].dropna()
    ids["chanisl"] = "CHI"  # Channel Islands: no ISO3 in the entities file, CHI at the ILO
    parts = []
    for a, word in (("AGR", "agriculture"), ("IND", "industry"), ("SER", "service")):
        t = pd.read_csv(d / DP.format(word))
        t = t[t.time == 2011]
        parts.append(pd.Series(t.iloc[:, 2].to_numpy() / 100, index=t.geo.map(ids), name=a))
    shares = pd.concat(parts, axis=1)
    shares = shares[shares.index.notna()]
    wf = pd.read_csv(shared_data / "ilo/workforce_total_iso3.csv")
    wf = wf[(wf.sex == "SEX_T") & (wf.time == 2011)].set_index("ref_area")["Workforce (1000)"]
    return shares, wf


def _shares(acc) -> pd.DataFrame:
    ap = acc.activity_persons()
    return ap.div(ap.sum(axis=1), axis=0)


def test_non_sea_economies_have_the_ilo_activity_shares(acc2011, ilo_raw):
    shares, _ = ilo_raw
    ours = _shares(acc2011["central"])
    for r in ours.index.drop(["RoW", *SEA]):
        ref = shares.loc[r] / shares.loc[r].sum()
        assert np.allclose(ours.loc[r], ref, atol=1e-12), r
    # the figures of the data README and of the issue
    assert ours.loc["CHN", "AGR"] == pytest.approx(0.348, abs=5e-4)
    assert ours.loc["IND", "AGR"] == pytest.approx(0.491, abs=5e-4)
    assert ours.loc["MEX", "AGR"] == pytest.approx(0.142, abs=5e-4)
    assert ours.loc["BRA", "AGR"] == pytest.approx(0.108, abs=5e-4)
    assert ours.loc["CHN", "IND"] == pytest.approx(0.295, abs=5e-4)


def test_rest_of_world_is_world_minus_wiod_weighted_by_employment(acc2011, ilo_raw):
    shares, wf = ilo_raw
    regions = set(acc2011["central"].persons.index.get_level_values(0)) - {"RoW"}
    rest = [c for c in wf.index if c not in regions and c in shares.index]
    w = wf[rest]
    ref = (shares.loc[rest].div(shares.loc[rest].sum(axis=1), axis=0).mul(w, axis=0).sum()
           / w.sum())
    assert np.allclose(_shares(acc2011["central"]).loc["RoW"], ref, atol=1e-12)
    # world: ILO shares weighted by ILO employment (31.8 % in agriculture in 2011)
    ap = acc2011["central"].activity_persons()
    assert ap["AGR"].sum() / ap.to_numpy().sum() == pytest.approx(0.318, abs=1e-3)


def test_previous_method_is_the_sea_intensity_split(acc2011, x2011):
    """The old split, by hand: P (1 - d) w_b / sum w, w_b = iota_b * output of b (not c35)."""
    prev = acc2011[PREVIOUS_METHOD]
    ctx_share = prev.structure.shares_previous
    st = prev.structure
    i = st.regions.index("CHN")
    ours = _shares(prev).loc["CHN"]
    assert np.allclose(ours, ctx_share[i], atol=1e-12)
    assert ours["AGR"] == pytest.approx(0.079, abs=2e-3)  # the 8 %
    assert _shares(prev).loc["IND", "AGR"] == pytest.approx(0.13, abs=5e-3)
    ap = prev.activity_persons()
    assert ap["AGR"].sum() / ap.to_numpy().sum() == pytest.approx(0.077, abs=2e-3)
    # it moves persons between activities, never between countries
    assert np.allclose(prev.region_totals()["persons"],
                       acc2011["central"].region_totals()["persons"], rtol=1e-12)


def test_flag_per_cell_names_the_rule(acc2011):
    f = acc2011["central"].flags
    assert "activity-split=ilo-shares" in f[("CHN", "c1")]
    assert "within-activity=sea-intensity" in f[("CHN", "c12")]
    assert "within-activity=domestic-share" in f[("CHN", "c35")]
    assert "activity-split=ilo-shares-pooled" in f[("RoW", "c3")]
    assert "activity-split=sea" in f[("USA", "c3")]
    assert "within-activity=flat" in acc2011["pattern:flat"].flags[("CHN", "c12")]
    assert "previous-method" in acc2011[PREVIOUS_METHOD].flags[("CHN", "c1")]
    assert "calibration=sea-max" in acc2011["calibration:max"].flags[("IND", "c1")]


def test_bias_of_the_previous_method_south_north_2011(shared_data):
    """tools/activity_split_bias.py: South->North hours with the ILO split and before it."""
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "tools" / "activity_split_bias.py"
    spec = importlib.util.spec_from_file_location("activity_split_bias", path)
    assert spec is not None and spec.loader is not None
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    df = tool.south_north_before_after(shared_data, range(2011, 2012))
    row = df.loc[2011]
    assert row["S->N before"] == pytest.approx(560.1, abs=0.1)  # the previous accounts
    assert row["S->N after"] == pytest.approx(524.5, abs=0.1)
    assert row["S->N change %"] == pytest.approx(-6.3, abs=0.1)  # overstated before
