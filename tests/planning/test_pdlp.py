"""OR-Tools PDLP backend: agrees with HiGHS within its tolerance, same conventions."""

from __future__ import annotations

import numpy as np
import pytest

from interlabor.errors import InfeasibleError, SolverError
from interlabor.planning import PlanScenario, Sovereignty, plan, solve_lp
from interlabor.planning.lp import FAM
from interlabor.planning.scenario import scenario_from_dict

pytest.importorskip("ortools", reason="the first-order backend needs the plan-pdlp extra")

FREE = PlanScenario(growth=1e4, labour_growth=1e4, delta=None, transport="none", non_tradable=(),
                    prices="money")


@pytest.mark.parametrize("seed", [3, 4])
def test_agrees_with_highs_ipm(random_lp, seed):
    lp = random_lp(seed)
    ipm = solve_lp(lp, method="ipm")
    pd_ = solve_lp(lp, method="ortools-pdlp", options={"kkt_tolerance": 1e-8})
    assert pd_.status == "Optimal" and pd_.method == "ortools-pdlp"
    assert 0 <= pd_.info["relative_gap"] < 1e-7
    assert pd_.objective == pytest.approx(ipm.objective, rel=1e-7)
    assert lp.violations(pd_.z, tol=1e-6).empty
    # same dual convention as HiGHS: reduced costs = c - M'y, demand duals (>= rows) >= 0
    assert pd_.col_dual == pytest.approx(lp.c - lp.M.T @ pd_.row_dual, abs=1e-6)
    assert pd_.info["dual_objective"] == pytest.approx(ipm.objective, rel=1e-7)
    demand = lp.row_fam == FAM["demand"]
    assert (pd_.row_dual[demand] > -1e-6).all()
    assert not pd_.col_basic.any()


def test_comparative_advantage_by_hand(ricardo):
    # the hand-solved case of test_plan: A makes all 20 p1 and 5 p2, B 15 p2; 75 hours
    res = plan(ricardo, FREE.with_(labour_growth=0.0, method="ortools-pdlp", tolerance=1e-9))
    assert res.hours_saved["plan"] == pytest.approx(75.0, rel=1e-7)
    assert res.output["plan"].to_numpy() == pytest.approx([20, 5, 0, 15], abs=1e-5)
    assert res.shadow_prices["total"].to_numpy() == pytest.approx([1.5, 3, 1.5, 3], abs=1e-5)
    assert any("OR-Tools PDLP (first-order)" in n and "relative gap" in n for n in res.notes)


def test_bundled_table_agrees_within_tolerance(bundled, bundled_plan):
    res = plan(bundled, PlanScenario(method="ortools-pdlp", tolerance=1e-4), threads=2,
               split=False, ranges=0)
    exact = bundled_plan.hours_saved["plan"]
    assert res.solution.info["relative_gap"] < 1e-4
    assert res.hours_saved["plan"] == pytest.approx(exact, rel=1e-3)
    assert res.hours_saved["share"] == pytest.approx(bundled_plan.hours_saved["share"], abs=1e-3)


def test_infeasible_is_explained_by_highs(ricardo):
    sc = FREE.with_(labour_growth=0.0, labour_capacity={"B": 50.0},
                    sovereignty=(Sovereignty("B", "p1", 1.0),), method="ortools-pdlp")
    with pytest.raises(InfeasibleError) as err:
        plan(ricardo, sc)
    assert "PDLP certificate" in str(err.value)
    assert any("B's labour capacity" in ln for ln in err.value.explanation)


def test_time_limit_is_said_plainly(bundled):
    sc = PlanScenario(method="ortools-pdlp", tolerance=1e-9, time_limit=0.05)
    with pytest.raises(SolverError, match="OR-Tools PDLP stopped with 'time limit'") as err:
        plan(bundled, sc)
    assert err.value.info["relative_gap"] > 0 and err.value.info["seconds"] > 0


def test_scenario_and_options(random_lp):
    sc = scenario_from_dict({"solver": {"method": "ortools-pdlp", "tolerance": 1e-5}})
    assert sc.method == "ortools-pdlp" and sc.tolerance == 1e-5
    with pytest.raises(ValueError, match="only kkt_tolerance"):
        solve_lp(random_lp(), method="ortools-pdlp", options={"threads": 2})


def test_rows_in_hours_do_not_stop_pdlp_at_zero(make_table):
    # labour rows in hours dwarf the money rows (1e9 hours per unit): unscaled, PDLP's
    # relative criteria pass at z = 0; scaled rows keep the hand-solved answer
    Yr = np.array([[10.0, 0], [10, 0], [0, 10], [0, 10]])
    lab = 1e9 * np.array([1.0, 2.0, 6.0, 3.0])
    t = make_table(np.zeros((4, 4)), Yr, lab, ["A", "B"], ["p1", "p2"])
    res = plan(t, FREE.with_(labour_growth=0.0, method="ortools-pdlp", tolerance=1e-8))
    assert res.output["plan"].to_numpy() == pytest.approx([20, 5, 0, 15], abs=1e-4)
    assert res.hours_saved["plan"] == pytest.approx(75e9, rel=1e-7)
