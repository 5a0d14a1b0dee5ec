"""Monte Carlo of the labour accounts (issue 13, part 2): vectorised draws, one shared solve."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from interlabor.accounts.sampling import PARAMETERS, Assumptions, draw
from interlabor.accounts.structure import cells
from interlabor.accounts.variants import variant_parameters
from interlabor.cli import main
from interlabor.errors import InvalidValueError
from interlabor.exchange import exchange_flows
from interlabor.exchange_report import exchange_summary
from interlabor.footprints import consumption_based
from interlabor.io import load_default
from interlabor.model import Account, variants_of
from interlabor.uncertainty import (
    _indicators,
    _pair,
    exchange_uncertainty,
    footprint_uncertainty,
    sample_hours,
    structure_of,
)


@pytest.fixture(scope="module")
def default():
    return load_default()


def test_stored_structure_reproduces_every_account(default):
    """The structure in the table's metadata gives back the central and every variant."""
    st = structure_of(default)
    c = cells(st)
    assert np.allclose(c.hours[0].ravel(), default.account("hours").values, rtol=1e-12)
    assert np.allclose(c.persons[0].ravel(), default.account("persons").values, rtol=1e-12)
    for v in variants_of(default, "hours"):
        cv = cells(st, **variant_parameters(st, v.variant))
        assert np.allclose(cv.hours[0].ravel(), v.values, rtol=1e-12), v.variant
    fd = default.account("hours").final_demand.reshape(default.n_regions, -1).sum(axis=1)
    assert np.allclose(c.hh_hours[0], fd, rtol=1e-12)


def test_draws_keep_ilo_persons_and_move_hours_through_k(default):
    st = structure_of(default)
    d = draw(st, 200, seed=3)
    c = cells(st, **d)
    P = c.persons.sum(axis=2) + c.hh_persons
    assert np.allclose(P, st.persons[None, :], rtol=1e-12)  # every sample, every region
    lo, hi = Assumptions().bounds(st)
    k = d["k"][:, st.modelled]
    assert (k >= lo).all() and (k <= hi).all() and np.ptp(k[0]) == 0  # one k per sample
    only_k = cells(st, **draw(st, 50, seed=1, vary=["calibration"]))
    H = only_k.hours.sum(axis=2) + only_k.hh_hours
    kk = draw(st, 50, seed=1, vary=["calibration"])["k"]
    m = st.modelled
    assert np.allclose(H[:, m], st.persons[m] * st.h1[m] * kk[:, m] / 1e3, rtol=1e-12)
    assert np.array_equal(draw(st, 5, seed=9)["shares"], draw(st, 5, seed=9)["shares"])
    s = d["shares"]
    assert np.allclose(s.sum(axis=-1), 1.0) and (s[..., 2] > st.domestic_share).all()
    with pytest.raises(InvalidValueError, match="unknown"):
        draw(st, 5, vary=["weather"])


def test_vectorised_indicators_equal_exchange_summary(default):
    """The per-sample formulas give exchange_summary's numbers, with and without wages."""
    va = default.account("value_added")
    table = default.with_accounts([Account("comp", va.unit, 0.5 * va.values)])
    for comp in (None, "comp"):
        for hours in ["hours", *(a.key for a in variants_of(default, "hours"))]:
            ef = exchange_flows(table, hours=hours, compensation=comp)
            efg = ef.grouped("north-south")
            ref = exchange_summary(efg, "South", "North", on_undefined="report")
            G = (np.array(efg.labels)[:, None] == efg.groups.to_numpy()[None, :]).astype(float)
            p = _pair(G, ef.labels, efg.labels.index("South"), efg.labels.index("North"),
                      ef.value_added.to_numpy(),
                      None if comp is None else ef.compensation.to_numpy(),
                      ef.units["money_scale"] / ef.units["hour_scale"])
            got = _indicators(ef.hours.to_numpy()[None], p)
            assert {"drain_d_pairwise", "hours_given_without_row",
                    "rest_of_world_share_of_hours_given"} <= set(got)
            for iid, v in got.items():
                assert v[0] == pytest.approx(float(ref.loc[iid, "value"]), rel=1e-12,
                                             nan_ok=True), (hours, comp, iid)


def test_exchange_uncertainty(default):
    tab, drv = exchange_uncertainty(default, 300, seed=5)
    assert tab.attrs["not_sampled"] == []
    assert {"p5", "p50", "p95"} <= set(tab.attrs["variants"])
    ok = tab["p5"].notna()
    assert (tab.loc[ok, "p5"] <= tab.loc[ok, "p50"]).all()
    assert (tab.loc[ok, "p50"] <= tab.loc[ok, "p95"]).all()
    assert tab.loc["value_added_given", "p5"] == tab.loc["value_added_given", "value"]
    g = tab.loc["hours_given"]
    assert g["p5"] < g["value"] < g["p95"]
    assert "not confidence intervals" in tab.attrs["uncertainty"]
    assert np.allclose(drv.sum(axis=0), 1.0)  # interaction closes the breakdown
    assert drv.loc["calibration", "hours_given"] > 0.5  # k sets the hours
    again, _ = exchange_uncertainty(default, 300, seed=5, drivers=False)
    assert np.array_equal(again["p50"].to_numpy(), tab["p50"].to_numpy(), equal_nan=True)


def test_footprint_uncertainty(default):
    tab, drv = footprint_uncertainty(default, 200, seed=2)
    fp = consumption_based(default, "hours")
    assert np.allclose(tab["central"], fp, rtol=1e-12)
    assert (tab["p5"] <= tab["p95"]).all() and list(drv.columns) == list(default.regions)
    by, _ = footprint_uncertainty(default, 50, by="origin", drivers=False)
    assert by.index.names == ["origin_region", "consumer_region"]
    assert by["central"].groupby(level="consumer_region", sort=False).sum().to_numpy() == (
        pytest.approx(fp.to_numpy(), rel=1e-12))
    # one sample: the central estimate, the same solve
    s = sample_hours(default, 3, vary=[])
    assert np.allclose(s.hours, default.account("hours").values[None], rtol=1e-12)


def test_errors(default, tmp_path):
    plain = default.with_accounts([])
    from dataclasses import replace

    bare = replace(plain, meta={k: v for k, v in plain.meta.items()
                                if k != "labour_structure"})
    with pytest.raises(InvalidValueError, match="no labour-account structure"):
        structure_of(bare)
    with pytest.raises(InvalidValueError, match="not the central hours account"):
        structure_of(default, "hours (calibration:max)")
    with pytest.raises(InvalidValueError, match="--by region or origin"):
        footprint_uncertainty(default, 10, by="product")
    with pytest.raises(InvalidValueError, match="skills"):
        exchange_uncertainty(default, 10, skills={"female": ("hours_female", None)})
    assert main(["exchange", "--years", str(tmp_path), "--uncertainty", "5", "-q"]) == 2


def test_cli_tidy_rows_of_every_variant(tmp_path):
    out = tmp_path / "fp.csv"
    assert main(["footprint", "default", "--account", "hours", "--uncertainty", "40",
                 "--out", str(out), "-q"]) == 0
    t = pd.read_csv(out)
    assert {"central", "calibration:max", "previous method", "p5", "p50", "p95"} <= set(
        t.variant)
    assert set(t.indicator) == {"footprint"} and t.modelled.all()
    d = pd.read_csv(tmp_path / "fp_drivers.csv")
    assert set(d.parameter) == {*PARAMETERS, "interaction"}
    out = tmp_path / "pc.csv"
    assert main(["footprint", "default", "--account", "hours", "--uncertainty", "40",
                 "--per-capita", "--out", str(out), "-q"]) == 0
    pc = pd.read_csv(out)
    assert set(pc.unit) == {"hours per person"} and set(pc.indicator) == {
        "footprint_per_capita"}
    out = tmp_path / "ex.parquet"
    assert main(["exchange", "default", "--uncertainty", "40", "--out", str(out), "-q"]) == 0
    e = pd.read_parquet(out)
    rows = e[e.indicator == "hours_given"].set_index("variant")["value"]
    assert rows["p5"] <= rows["p50"] <= rows["p95"] and "pattern:flat" in rows.index
