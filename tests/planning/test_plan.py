from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interlabor.errors import InfeasibleError, ScenarioError
from interlabor.footprints import eebt
from interlabor.planning import PlanScenario, Sovereignty, build_lp, plan, plan_data
from interlabor.planning.lp import FAM
from interlabor.planning.scenario import scenario_from_dict

FREE = PlanScenario(growth=1e4, labour_growth=1e4, delta=None, transport="none", non_tradable=(),
                    prices="money")


# ---- hand-solved cases ------------------------------------------------------------------
def test_ricardo_without_capacity_everything_where_hours_are_fewest(ricardo):
    res = plan(ricardo, FREE)
    # A makes all 20 p1 (1 h) and all 20 p2 (2 h): 60 hours against 120 today
    assert res.hours_saved["plan"] == pytest.approx(60.0, abs=1e-9)
    assert res.hours_saved["today"] == pytest.approx(120.0)
    assert res.output["plan"].to_numpy() == pytest.approx([20, 20, 0, 0], abs=1e-9)
    sp = res.shadow_prices["total"].to_numpy()
    assert sp == pytest.approx([1, 2, 1, 2], abs=1e-9)
    assert res.binding.empty


def test_ricardo_comparative_advantage_under_labour_capacity(ricardo):
    # labour capacity today's hours: A 30, B 90. A has the comparative advantage in p1 (6x
    # vs 1.5x): it makes all 20 p1 (20 h) and 5 p2 (10 h); B makes 15 p2 (45 h).
    sc = FREE.with_(labour_growth=0.0)
    res = plan(ricardo, sc)
    assert res.hours_saved["plan"] == pytest.approx(75.0, abs=1e-9)
    assert res.output["plan"].to_numpy() == pytest.approx([20, 5, 0, 15], abs=1e-9)
    assert res.hours["plan"].to_numpy() == pytest.approx([30, 45], abs=1e-9)
    # an hour of A is worth 3/2 - 1 = 0.5 hours saved: p1 = 1 + 0.5, p2 = 3 (made in B)
    assert res.shadow_prices["total"].to_numpy() == pytest.approx([1.5, 3, 1.5, 3], abs=1e-9)
    lab = res.binding[res.binding.family == "labour"]
    assert list(lab.region) == ["A"] and lab.dual.iloc[0] == pytest.approx(-0.5, abs=1e-9)
    split = res.shadow_prices.drop(columns="total").sum(axis=1)
    assert split.to_numpy() == pytest.approx(res.shadow_prices["total"].to_numpy(), abs=1e-9)
    assert "labour_capacity" in res.shadow_prices.columns


def test_ricardo_sourcing_share_bound(ricardo):
    # delta 0.25: each region buys at most 25 % of each product from the other region
    res = plan(ricardo, FREE.with_(delta=0.25))
    # B still buys 2.5 of each product from A; A makes 12.5 + 12.5, B 7.5 + 7.5
    assert res.output["plan"].to_numpy() == pytest.approx([12.5, 12.5, 7.5, 7.5], abs=1e-9)
    assert res.hours_saved["plan"] == pytest.approx(12.5 * 3 + 7.5 * 9, abs=1e-9)


def test_ricardo_infeasible_is_explained(ricardo):
    sc = FREE.with_(labour_growth=0.0, labour_capacity={"B": 50.0},
                    sovereignty=(Sovereignty("B", "p1", 1.0),))
    with pytest.raises(InfeasibleError) as err:
        plan(ricardo, sc)
    text = str(err.value)
    assert "B's labour capacity" in text
    assert "sovereignty in B" in text and "p1" in text
    assert err.value.explanation


def test_equal_burden(ricardo):
    res = plan(ricardo, FREE.with_(objective="equal_burden", epsilon=0.0))
    per = res.hours["per_worker_plan"].to_numpy()
    # persons: A 20, B 60. Below 1 hour per worker B would have to make p1 at 6 h a unit:
    # 6 (20 - 20 t) + 60 <= 60 t gives t >= 1; at t = 1, A makes all p1, B all p2.
    assert per == pytest.approx([1.0, 1.0], abs=1e-9)
    assert res.hours_saved["plan"] == pytest.approx(80.0, abs=1e-9)
    assert res.output["plan"].to_numpy() == pytest.approx([20, 0, 0, 20], abs=1e-9)


# ---- Leontief reproduction -----------------------------------------------------------------
def test_single_region_reproduces_leontief(make_table):
    A = np.array([[0.15, 0.25], [0.2, 0.05]])
    y = np.array([[350.0], [1700.0]])
    lab = np.array([0.5, 0.2])
    t = make_table(A, y, lab, ["W"], ["a", "b"])
    res = plan(t, PlanScenario(transport="none", prices="money"))
    L = np.linalg.inv(np.eye(2) - A)
    assert res.output["plan"].to_numpy() == pytest.approx(L @ y.ravel(), rel=1e-9)
    assert res.output["plan"].to_numpy() == pytest.approx([1000, 2000], rel=1e-9)
    sp = res.shadow_prices
    assert sp["total"].to_numpy() == pytest.approx(lab @ L, rel=1e-9)
    assert sp["direct_labour"].to_numpy() == pytest.approx(lab @ L, rel=1e-9)
    assert res.hours_saved["total"] == pytest.approx(0.0, abs=1e-7)


# ---- non-substitution ----------------------------------------------------------------------
def _labour_values(data):
    """Value iteration p_s = min_o (l_os + sum_s' Abar_o[s', s] p_s')."""
    p = np.zeros(data.S)
    for _ in range(2000):
        p_new = (data.lab + np.einsum("oks,k->os", data.Abar, p)).min(axis=0)
        if np.abs(p_new - p).max() < 1e-14:
            break
        p = p_new
    return p_new


@settings(max_examples=20, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 10_000), R=st.integers(2, 3), S=st.integers(2, 3))
def test_non_substitution(make_table, seed, R, S):
    rng = np.random.default_rng(seed)
    n = R * S
    A = rng.uniform(0, 1, (n, n)) * (rng.random((n, n)) < 0.7)
    A *= rng.uniform(0.1, 0.5, n) / np.maximum(A.sum(axis=0), 1e-9)
    lab = rng.uniform(0.2, 2.0, n)
    regions, sectors = [f"R{i}" for i in range(R)], [f"s{i}" for i in range(S)]
    prices, hours = [], []
    for _ in range(2):
        Yr = rng.uniform(1, 10, (n, R))
        t = make_table(A, Yr, lab, regions, sectors)
        res = plan(t, FREE)
        assert res.binding.empty
        y = res.lp.data.y.sum(axis=0)
        p = _labour_values(res.lp.data)
        sp = res.shadow_prices["total"].to_numpy().reshape(R, S)
        # every region pays the labour value of the cheapest technique, whatever the demand
        assert sp == pytest.approx(np.tile(p, (R, 1)), rel=1e-6, abs=1e-9)
        assert res.hours_saved["plan"] == pytest.approx(p @ y, rel=1e-7)
        prices.append(sp)
        hours.append(res.hours_saved["plan"])
    assert prices[0] == pytest.approx(prices[1], rel=1e-6, abs=1e-9)


# ---- the bundled table ---------------------------------------------------------------------
def test_eebt_consistency_at_today(bundled):
    data = plan_data(bundled)
    lp = build_lp(data, PlanScenario(mutual_aid=0.0))
    rows = np.flatnonzero(lp.row_fam == FAM["mutual_aid"])
    act = (lp.M @ lp.today)[rows] - lp.row_hi[rows]  # exports - imports, embodied
    E = eebt(bundled, "hours")
    ex, im = E.sum(axis=1).to_numpy(), E.sum(axis=0).to_numpy()
    assert act == pytest.approx(ex - im, rel=1e-9, abs=1e-6)
    from interlabor.planning.results import _embodied

    e0, i0 = _embodied(data, data.q0)
    assert e0 == pytest.approx(ex, rel=1e-9)
    assert i0 == pytest.approx(im, rel=1e-9)
    assert e0.sum() == pytest.approx(i0.sum(), rel=1e-12)


def test_today_feasible_under_defaults(bundled):
    lp = build_lp(plan_data(bundled), PlanScenario())
    assert lp.violations(lp.today, tol=1e-9).empty


def test_plan_never_uses_more_hours_than_today(bundled_plan):
    hs = bundled_plan.hours_saved
    assert hs["objective_plan"] <= hs["objective_today"]
    assert hs["total"] == pytest.approx(hs["production"] + hs["transport"])
    assert hs["objective_plan"] == pytest.approx(bundled_plan.solution.objective, rel=1e-12)
    sp = bundled_plan.shadow_prices
    assert np.abs(sp["unattributed"]).max() <= 1e-6 * max(1.0, np.abs(sp["total"]).max())
    assert bundled_plan.lp.violations(bundled_plan.solution.z, tol=1e-6).empty


def test_plan_not_above_today_small_random(make_table):
    rng = np.random.default_rng(3)
    R, S = 3, 4
    n = R * S
    A = rng.uniform(0, 1, (n, n))
    A *= 0.4 / A.sum(axis=0)
    t = make_table(A, rng.uniform(1, 10, (n, R)), rng.uniform(0.1, 2, n),
                   [f"R{i}" for i in range(R)], [f"s{i}" for i in range(S)])
    for sc in (PlanScenario(), PlanScenario(delta=None, growth=0.0), PlanScenario(transport=0.05)):
        res = plan(t, sc.with_(prices="money"))
        assert res.hours_saved["objective_plan"] <= res.hours_saved["objective_today"] + 1e-9


# ---- scenarios -----------------------------------------------------------------------------
def test_scenario_errors_name_the_key():
    with pytest.raises(ScenarioError, match="sourcing.delt"):
        scenario_from_dict({"sourcing": {"delt": 0.1}})
    with pytest.raises(ScenarioError, match="capacity.growth"):
        scenario_from_dict({"capacity": {"growth": -1}})
    with pytest.raises(ScenarioError, match="objective"):
        scenario_from_dict({"objective": "max_profit"})


def test_example_scenario_loads():
    from interlabor.planning import example_scenario_path, load_scenario

    sc = load_scenario(example_scenario_path())
    assert sc.source.endswith("example.toml")


# ---- quiet solver --------------------------------------------------------------------------
def test_solver_is_quiet_unless_verbose(tmp_path):
    code = ("import numpy as np\n"
            "from interlabor.planning import PlanScenario, plan\n"
            "from conftest import make_table\n"
            "t = make_table(np.zeros((4, 4)), np.array([[10.0, 0], [10, 0], [0, 10], [0, 10]]),"
            " np.array([1.0, 2, 6, 3]), ['A', 'B'], ['p1', 'p2'])\n"
            "import sys\n"
            "plan(t, PlanScenario(delta=None, transport='none', non_tradable=(), prices='money'),"
            " verbose=sys.argv[1] == '1')\n")
    here = Path(__file__).resolve().parent
    src = here.parents[1] / "src"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(src), str(here)])}
    for flag, expect in (("0", False), ("1", True)):
        out = subprocess.run([sys.executable, "-c", code, flag], capture_output=True, text=True,
                             env=env, check=True, cwd=tmp_path)
        assert ("HiGHS" in out.stdout) is expect, out.stdout
