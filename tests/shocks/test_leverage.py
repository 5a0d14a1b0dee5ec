"""Leverage per hour stopped: by hand, against one stoppage per cell, the influence vector."""

import numpy as np
import pytest

from interlabor.errors import ScenarioError
from interlabor.model import Account, build_mrio
from interlabor.shocks import make_stoppage, static_losses
from interlabor.shocks.leverage import (
    LEVERAGE_MODELS,
    chokepoints,
    influence_vector,
    leverage,
)

from .conftest import random_table


def test_leverage_by_hand(hand):
    lev = leverage(hand)
    a = lev.cells.loc[("A", "s")]  # 10 million hours; money per million hours = USD per hour
    assert lev.units["final_demand_abroad"] == "USD per hour"
    # iim_supply: p0 X[0, d] / (x0 h0) = 30 x (69.2, 30.8) / 1000
    np.testing.assert_allclose(lev.consumers["iim_supply"].loc[("A", "s")], [2.076, 0.924])
    assert a[("iim_supply", "final_demand_abroad")] == pytest.approx(0.924)
    # ghosh_constrained: X[0, d] / (L00 h0)
    np.testing.assert_allclose(lev.consumers["ghosh_constrained"].loc[("A", "s")], [3.46, 1.54])
    np.testing.assert_allclose(lev.consumers["iim_demand"].loc[("A", "s")], [3.0, 1.0])
    # production abroad (region B): Leontief-constrained loses 20 of B:s (VA 20, hours 4)
    assert a[("leontief_constrained", "output_abroad")] == pytest.approx(2.0)
    assert a[("leontief_constrained", "value_added_abroad")] == pytest.approx(2.0)
    assert a[("leontief_constrained", "hours_abroad")] == pytest.approx(0.4)
    # iim_supply loses 1.8 of B:t (VA 0.7 x 1.8, hours 0.5 x 1.8)
    assert a[("iim_supply", "output_abroad")] == pytest.approx(0.18)
    assert a[("iim_supply", "value_added_abroad")] == pytest.approx(0.126)
    assert a[("iim_supply", "hours_abroad")] == pytest.approx(0.09)
    assert a[("ghosh_constrained", "output_abroad")] == pytest.approx(0.3)
    assert a[("iim_demand", "output_abroad")] == pytest.approx(1.6)
    assert np.isnan(a[("leontief_constrained", "final_demand_abroad")])
    # influence = Domar weights x / sum(y) = 100 / 290
    np.testing.assert_allclose(lev.cells[("cell", "influence")], 100 / 290)


@pytest.mark.parametrize("sparse", [False, True])
def test_leverage_equals_one_stoppage_per_cell(sparse):
    """The structured computation against the naive loop: one stoppage per cell."""
    m = random_table(21, R=3, S=2, sparse=sparse)
    lev = leverage(m)
    h = m.account("hours").values
    for j, (region, sector) in enumerate(m.index):
        res = static_losses(m, make_stoppage(m, [f"{region}:{sector}"]), models=LEVERAGE_MODELS)
        s = res.summary()
        abroad = s[s.scope == "abroad"].set_index(["model", "indicator"])["value"]
        for model in LEVERAGE_MODELS:
            for meas in ("output", "value_added", "hours"):
                assert lev.cells.iloc[j][(model, f"{meas}_abroad")] == pytest.approx(
                    abroad[(model, f"shock_{meas}_lost")] / h[j], rel=1e-9, abs=1e-12)
        # final demand lost by consumers in the supply-driven models: Ghosh final deliveries
        x = m.x
        for model in ("iim_supply", "ghosh_constrained"):
            dx = res.output[model].sum(axis=1)
            fd = (dx / x) @ m.Y_by_region / h[j]
            np.testing.assert_allclose(lev.consumers[model].iloc[j], fd, rtol=1e-9, atol=1e-12)


def test_influence_vector_of_acemoglu_et_al():
    """In their economy (A = (1 - alpha) W', equal final-demand shares) alpha v is theirs."""
    rng = np.random.default_rng(2)
    n, alpha = 4, 0.4
    W = rng.random((n, n))
    W /= W.sum(axis=1, keepdims=True)  # row-stochastic input shares
    A = (1 - alpha) * W.T
    y = np.full(n, 10.0)
    x = np.linalg.solve(np.eye(n) - A, y)
    m = build_mrio(A * x[None, :], y[:, None], regions=["R"], sectors=[f"s{i}" for i in range(n)],
                   categories=["hh"], accounts=[Account("hours", "hours", np.ones(n))])
    theirs = alpha / n * np.linalg.solve(np.eye(n) - (1 - alpha) * W.T, np.ones(n))
    np.testing.assert_allclose(alpha * influence_vector(m), theirs, rtol=1e-12)
    np.testing.assert_allclose(theirs.sum(), 1.0)


def test_chokepoints_rankings(hand):
    lev = leverage(hand)
    by_b = chokepoints(lev, hand, consumer="B", top=None)
    assert set(by_b.region) == {"A"}  # foreign workers only
    assert list(by_b["value"]) == sorted(by_b["value"], reverse=True)
    assert by_b.attrs["unit"] == "USD per hour" and by_b["modelled"].all()
    overall = chokepoints(lev, hand, top=2)
    assert len(overall) == 2 and overall["rank"].tolist() == [1, 2]
    within = chokepoints(lev, hand, producer="b", model="leontief_constrained", top=None)
    assert set(within.region) == {"B"} and within.attrs["measure"] == "value_added_abroad"
    big = chokepoints(lev, hand, min_persons=12_000, top=None)  # 15 and 25 thousand persons
    assert set(big.sector) == {"t"}


def test_chokepoints_bad_input(hand):
    lev = leverage(hand)
    with pytest.raises(ScenarioError, match="nearest: B"):
        chokepoints(lev, hand, consumer="BB")
    with pytest.raises(ScenarioError, match="final demand is given"):
        chokepoints(lev, hand, consumer="A", model="leontief_constrained")
    with pytest.raises(ScenarioError, match="unknown model"):
        chokepoints(lev, hand, model="ario")
    with pytest.raises(ScenarioError, match="does not define"):
        chokepoints(lev, hand, model="leontief_constrained", measure="final_demand_abroad")


@pytest.mark.slow
def test_leverage_on_the_default_table_against_single_stoppages():
    import interlabor as il

    m = il.read("default")
    lev = leverage(m)
    h = m.account("hours").values
    for cell in ("CHN:c14", "DEU:c2", "USA:c28", "RoW:c1"):
        st = make_stoppage(m, [cell])
        j = int(st.cells[0])
        s = static_losses(m, st, models=LEVERAGE_MODELS).summary()
        ab = s[(s.scope == "abroad") & (s.indicator == "shock_value_added_lost")]
        ab = ab.set_index("model")["value"]
        for model in LEVERAGE_MODELS:
            assert lev.cells.iloc[j][(model, "value_added_abroad")] == pytest.approx(
                ab[model] / h[j], rel=1e-9)
    assert lev.attrs["influence_spearman"]["leontief_constrained"] > 0.9
