"""The saving split into price-level and productivity parts; money units without a price table;
who gains and loses work; near-optimal ranges (hand-solved cases)."""

from __future__ import annotations

import numpy as np
import pytest

from interlabor.errors import PriceLevelWarning
from interlabor.model import Account, build_mrio
from interlabor.planning import PlanScenario, plan, plan_data
from interlabor.planning.ranges import near_optimal_ranges

FREE = PlanScenario(growth=1e4, labour_growth=1e4, delta=None, transport="none", non_tradable=())
MONEY = FREE.with_(prices="money")


def _one_product(price_b: float):
    """Two regions with the same physical technique (1 hour a physical unit, no inputs), each
    consuming 10 physical units made at home; B's price level is ``price_b`` (A's 1), so B's
    10 units are worth 10 * price_b money units."""
    x = np.array([10.0, 10.0 * price_b])
    Y = np.diag(x)
    hours = Account("hours", "hours", np.array([10.0, 10.0]), extension="labour")
    persons = Account("persons", "persons", np.array([5.0, 8.0]), extension="labour")
    return build_mrio(np.zeros((2, 2)), Y, regions=["A", "B"], sectors=["p"],
                      categories=["CONS_h"], accounts=[hours, persons], warn=False)


def _levels(tmp_path, price_b: float):
    f = tmp_path / "levels.csv"
    f.write_text(f"region,sector,price_level\nA,p,1\nB,p,{price_b}\n")
    return f


def test_price_artefact_has_no_productivity_part(tmp_path):
    # In money units B's product costs 2 hours a money unit, A's 1: the money plan makes all
    # 15 money units in A, 15 hours against 20, "saving" 5. Counted in volumes both need 1
    # hour a unit: nothing can be saved. The whole money saving is a price-level artefact.
    t = _one_product(0.5)
    sc = FREE.with_(price_levels=_levels(tmp_path, 0.5))
    res = plan(t, sc)
    assert res.lp.data.basis == "volumes"
    assert res.hours_saved["today"] == pytest.approx(20.0)
    assert res.hours_saved["total"] == pytest.approx(0.0, abs=1e-9)
    sp = res.saving_split
    assert sp["money"] == pytest.approx(5.0, abs=1e-9)
    assert sp["volumes"] == pytest.approx(0.0, abs=1e-9)
    assert sp["price_level"] == pytest.approx(5.0, abs=1e-9)
    assert sp["productivity"] == pytest.approx(0.0, abs=1e-9)
    assert sp["transport"] == pytest.approx(0.0, abs=1e-12)
    assert sp["price_level_share"] == pytest.approx(0.25)
    # the money plan moves B's work to A; its change is reported beside the volume plan's
    assert res.hours.loc["B", "change_pct_money"] == pytest.approx(-100.0, abs=1e-7)
    from interlabor.report.planning import plan_tables

    t_split = plan_tables(res)["saving_split"].set_index(["indicator", "part"])["value"]
    assert t_split[("plan_hours_saved", "price_level")] == pytest.approx(5.0, abs=1e-9)
    assert t_split[("plan_hours_saved_part_share", "money")] == pytest.approx(0.25)
    # planned in money units (on request), the split is the same
    m = plan(t, sc.with_(prices="money"))
    assert m.hours_saved["total"] == pytest.approx(5.0, abs=1e-9)
    assert m.saving_split["price_level"] == pytest.approx(5.0, abs=1e-9)
    assert m.saving_split["plan_basis"] == "money"


def test_all_price_levels_one_volume_plan_equals_money_plan(tmp_path, make_table):
    rng = np.random.default_rng(7)
    n = 3 * 3
    A = rng.uniform(0, 0.3 / n, (n, n))
    t = make_table(A, rng.uniform(1, 10, (n, 3)), rng.uniform(0.5, 5, n), ["A", "B", "C"],
                   ["p1", "p2", "p3"])
    f = tmp_path / "ones.csv"
    f.write_text("region,sector,price_level\n*,*,1\n")
    sc = PlanScenario(price_levels=f, non_tradable=(), transport=0.01)
    vol = plan(t, sc, ranges=0)
    mon = plan(t, sc.with_(prices="money"), ranges=0, split=False)
    assert vol.lp.data.basis == "volumes" and mon.lp.data.basis == "money"
    assert (vol.lp.M != mon.lp.M).nnz == 0
    assert np.array_equal(vol.lp.c, mon.lp.c) and np.array_equal(vol.lp.row_lo, mon.lp.row_lo)
    assert np.array_equal(vol.solution.z, mon.solution.z)
    assert vol.hours_saved == mon.hours_saved
    assert vol.saving_split["price_level"] == 0.0


def test_parts_add_up_with_price_levels(tmp_path):
    # the Ricardo table of test_inputs with B's p1 at twice the reference price
    Y = np.array([[10.0, 0], [10, 0], [0, 10], [0, 10]])
    accs = [Account("hours", "hours", np.array([10.0, 20, 60, 30]), extension="labour")]
    t = build_mrio(np.zeros((4, 4)), Y, regions=["A", "B"], sectors=["p1", "p2"],
                   categories=["CONS_h"], accounts=accs, warn=False)
    f = tmp_path / "ppp.csv"
    f.write_text("region,sector,price_level\nB,p1,2.0\n")
    res = plan(t, FREE.with_(price_levels=f), ranges=0)
    sp = res.saving_split
    # money: A makes 20 + 20 money units (60 h); volumes: B needs only 5 units of p1 (55 h)
    assert sp["money"] == pytest.approx(60.0, abs=1e-7)
    assert sp["volumes"] == pytest.approx(65.0, abs=1e-7)
    assert sp["price_level"] == pytest.approx(-5.0, abs=1e-7)
    assert sp["money"] == pytest.approx(sp["price_level"] + sp["productivity"] + sp["transport"])


def test_no_price_table_plans_in_money_and_says_so(ricardo, tmp_path):
    from interlabor.report.planning import plan_tables, write_plan

    with pytest.warns(PriceLevelWarning, match="money units: no price levels"):
        res = plan(ricardo, FREE, ranges=0)
    assert res.lp.data.basis == "money" and res.saving_split is None
    assert "money units: no price levels" in res.summary()
    assert any("cannot be split" in f for f in res.findings)
    for name, t in plan_tables(res).items():
        assert t["prices"].str.contains("money units: no price levels").all(), name
    write_plan(res, tmp_path / "out", chart=False)
    assert "money units: no price levels" in (tmp_path / "out" / "summary.txt").read_text()


def test_transport_proxy_is_not_in_hours_worked(make_table):
    # one unit shipped 10,000 km at 0.5 hours a unit: the table's 30 + 90 hours stay the base
    Y = np.array([[10.0, 0], [10, 0], [0, 10], [0, 10]])
    t = make_table(np.zeros((4, 4)), Y, np.array([1.0, 2, 6, 3]), ["A", "B"], ["p1", "p2"])
    res = plan(t, MONEY.with_(transport=0.5), ranges=0)
    hs = res.hours_saved
    assert hs["today"] == pytest.approx(120.0) and hs["transport_today"] == pytest.approx(0.0)
    # A makes everything (60 h) and ships 20 units to B (10 proxy hours): 50 saved of 120
    assert hs["plan"] == pytest.approx(60.0, abs=1e-7)
    assert hs["transport_plan"] == pytest.approx(10.0, abs=1e-7)
    assert hs["total"] == pytest.approx(50.0, abs=1e-7)
    assert hs["share"] == pytest.approx(50.0 / 120.0)


def test_who_gains_and_loses_work(ricardo):
    # capacity of A's labour at today's 30 hours: A makes 20 p1 and 5 p2, B 15 p2 (test_plan)
    res = plan(ricardo, MONEY.with_(labour_growth=0.0), ranges=0)
    w = res.work
    assert list(w.index[:2]) == [("B", "p1"), ("B", "p2")]  # largest changes first
    assert w.loc[("B", "p1"), "change"] == pytest.approx(-60.0, abs=1e-7)
    assert w.loc[("A", "p1"), "change"] == pytest.approx(10.0, abs=1e-7)
    # % of the region's hours today (A 30, B 90); persons at today's persons per hour
    assert w.loc[("A", "p2"), "change_pct_region"] == pytest.approx(-100 / 3, abs=1e-6)
    # persons: A's p1 10 persons for 10 hours, p2 10 for 20; B's 30 for 60 and 30 for 30
    assert w.loc[("A", "p1"), "change_persons"] == pytest.approx(10.0, abs=1e-6)
    assert w.loc[("A", "p2"), "change_persons"] == pytest.approx(-5.0, abs=1e-6)
    assert w.loc[("B", "p1"), "change_persons"] == pytest.approx(-30.0, abs=1e-6)
    assert res.hours["change_persons"].to_numpy() == pytest.approx([5.0, -15.0], abs=1e-6)
    assert res.hours["net_given_today"].to_numpy() == pytest.approx([0.0, 0.0], abs=1e-9)


def test_givers_statement_says_plainly_when_work_leaves_net_givers(make_table):
    # B makes 9 of A's 10 p1 today: B gives 54 hours, receives none. The plan moves p1 to A,
    # where it takes 1 hour a unit instead of 6: B's hours fall from 84 to 30 (p2 is not
    # traded).
    Y = np.array([[1.0, 0], [10, 0], [9, 0], [0, 10]])
    t = make_table(np.zeros((4, 4)), Y, np.array([1.0, 2, 6, 3]), ["A", "B"], ["p1", "p2"])
    res = plan(t, MONEY.with_(growth=1e4, non_tradable=("p2",)), ranges=0)
    assert res.hours.loc["B", "net_given_today"] == pytest.approx(54.0)
    assert res.hours.loc["A", "net_given_today"] == pytest.approx(-54.0)
    text = res.findings[0]
    assert "moves work AWAY from the 1 regions that give more hours" in text
    assert "B -64.3 %" in text


def test_ranges_by_hand(ricardo):
    # optimum 75 hours (A 30 at its capacity, B 45). Within 0.1 % (75.075 hours): moving one
    # unit of p2 from A to B costs 1 hour more, so B may rise to 45 + 3 * 0.075 = 45.225 and
    # A fall to 30 - 2 * 0.075 = 29.85; neither can go the other way (A's capacity).
    res = plan(ricardo, MONEY.with_(labour_growth=0.0), ranges=2)
    rg = res.ranges
    assert list(rg.index) == ["B", "A"]
    assert rg.loc["B", ["low", "high"]].to_numpy() == pytest.approx([45.0, 45.225], abs=1e-7)
    assert rg.loc["A", ["low", "high"]].to_numpy() == pytest.approx([29.85, 30.0], abs=1e-7)
    assert ((rg["low"] <= rg["plan"] + 1e-9) & (rg["plan"] <= rg["high"] + 1e-9)).all()
    assert rg.attrs["warm"] and rg.attrs["tolerance"] == 1e-3
    # the same from scratch (no basis) and with primal simplex
    cold = near_optimal_ranges(res.lp, _without_basis(res.solution), ["B"])
    assert not cold.attrs["warm"]
    assert cold.loc["B", "high"] == pytest.approx(45.225, abs=1e-7)
    primal = near_optimal_ranges(res.lp, res.solution, ["A"], strategy="primal", tolerance=0.01)
    assert primal.loc["A", "low"] == pytest.approx(30 - 2 * 0.75, abs=1e-7)


def test_ranges_with_constant_hours(make_table):
    # hours worked directly for final demand (households as employers) are a constant of the
    # objective: 5 in A and 7 in B, on top of the hand-solved case above
    Y = np.array([[10.0, 0], [10, 0], [0, 10], [0, 10]])
    x = Y.sum(axis=1)
    hours = Account("hours", "hours", np.array([1.0, 2, 6, 3]) * x,
                    final_demand=np.array([5.0, 7.0]), extension="labour")
    t = build_mrio(np.zeros((4, 4)), Y, regions=["A", "B"], sectors=["p1", "p2"],
                   categories=["CONS_h"], accounts=[hours], warn=False)
    res = plan(t, MONEY.with_(labour_growth=0.0, labour_capacity={"A": 35.0}), ranges=2)
    assert res.lp.offset == pytest.approx(12.0)
    rg = res.ranges
    # 87 hours in all: within 0.1 %, 0.087 hours more; B gains 3 x 0.087, A loses 2 x 0.087
    assert rg.loc["B", ["plan", "low", "high"]].to_numpy() == pytest.approx(
        [52.0, 52.0, 52.0 + 3 * 0.087], abs=1e-7)
    assert rg.loc["A", ["plan", "low", "high"]].to_numpy() == pytest.approx(
        [35.0, 35.0 - 2 * 0.087, 35.0], abs=1e-7)


def test_ranges_stopped_at_the_time_limit_are_inner_bounds(ricardo):
    res = plan(ricardo, MONEY.with_(labour_growth=0.0), ranges=0)
    exact = near_optimal_ranges(res.lp, res.solution, ["B", "A"])
    quick = near_optimal_ranges(res.lp, res.solution, ["B", "A"], time_limit=1e-9)
    for side in ("low", "high"):
        for reg in ("A", "B"):
            v, e = quick.loc[reg, side], exact.loc[reg, side]
            if quick.loc[reg, f"{side}_exact"]:
                assert v == pytest.approx(e, abs=1e-9)
            else:  # between the plan and the true bound
                p = quick.loc[reg, "plan"]
                assert min(p, e) - 1e-9 <= v <= max(p, e) + 1e-9


def _without_basis(sol):
    from dataclasses import replace

    return replace(sol, col_status=np.zeros(0, np.int8), row_status=np.zeros(0, np.int8))


@pytest.mark.parametrize("seed", [1, 2])
def test_ranges_contain_the_plan_random(make_table, seed):
    rng = np.random.default_rng(seed)
    n = 3 * 3
    A = rng.uniform(0, 0.4 / n, (n, n))
    t = make_table(A, rng.uniform(1, 10, (n, 3)), rng.uniform(0.5, 5, n), ["A", "B", "C"],
                   ["p1", "p2", "p3"], persons=rng.uniform(1, 5, n))
    res = plan(t, PlanScenario(prices="money", non_tradable=()), ranges=3)
    rg = res.ranges
    tol = 1e-7 * rg["plan"].abs().max()
    assert ((rg["low"] <= rg["plan"] + tol) & (rg["plan"] <= rg["high"] + tol)).all()
    assert (rg["high"] - rg["low"] >= -tol).all()


def test_plan_data_reports_basis(tmp_path, ricardo):
    f = tmp_path / "ppp.csv"
    f.write_text("region,sector,price_level\n*,*,2\n")
    d = plan_data(ricardo, FREE.with_(price_levels=f))
    assert d.basis == "volumes" and str(f) in d.price_source
    assert d.price.ravel() == pytest.approx([2, 2, 2, 2])
    # the transport proxy is in money: the same physical shipment costs the same hours
    sc = FREE.with_(price_levels=f, transport=0.5)
    from interlabor.planning import build_lp

    lp_v = build_lp(plan_data(ricardo, sc), sc)
    lp_m = build_lp(plan_data(ricardo, sc.with_(prices="money")), sc.with_(prices="money"))
    cross = lp_v.q_o != lp_v.q_d
    assert lp_v.cost_transport[lp_v.nx:][cross] == pytest.approx(
        2 * lp_m.cost_transport[lp_m.nx:][cross])
