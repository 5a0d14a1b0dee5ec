"""Technology sharing as mutual aid: donors' techniques at a labour penalty, within a cap."""

from __future__ import annotations

import math

import numpy as np
import pytest

from interlabor.errors import ScenarioError
from interlabor.planning import PlanScenario, TechnologySharing, plan
from interlabor.planning.lp import FAM
from interlabor.planning.scenario import scenario_from_dict

# The Ricardo table (conftest): A needs 1 and 2 hours a unit of p1 and p2, B 6 and 3; each
# region consumes 10 of each. Output capacity today x 2 (20 of each product in each region),
# labour capacity today's hours (A 30, B 90).
BASE = PlanScenario(growth=1.0, labour_growth=0.0, delta=None, transport="none",
                    non_tradable=(), prices="money")
SHARE = BASE.with_(sharing=TechnologySharing(penalty=0.2, cap=0.5, donors=1))


def test_sharing_by_hand(ricardo):
    # Without sharing: A makes 20 p1 and 5 p2 (30 h), B 15 p2 (45 h): 75 hours.
    # With A's techniques in B at +20 % (p1 1.2 h, p2 2.4 h), at most half of B's capacity
    # (10 of each): A makes 10 p1 and 10 p2 (30 h), B 10 p1 and 10 p2 with A's techniques
    # (12 + 24 h): 66 hours. Any other use of A's 30 hours costs more (moving one A-hour
    # from p2 to p1 saves 2 x 1.2 but needs a p2 in B at 3 hours: +0.6).
    res = plan(ricardo, SHARE, ranges=0)
    assert res.hours_saved["plan"] == pytest.approx(66.0, abs=1e-7)
    w = res.lp.sharing
    assert w is not None and list(zip(w.r, w.g, w.s, strict=True)) == [(1, 0, 0), (1, 0, 1)]
    wz = res.solution.z[w.start:w.start + w.size]
    assert wz == pytest.approx([10.0, 10.0], abs=1e-7)
    assert res.output["plan"].to_numpy() == pytest.approx([10, 10, 0, 0], abs=1e-7)
    # B's hours are its shared-technique hours
    assert res.hours.loc["B", "plan"] == pytest.approx(36.0, abs=1e-7)
    assert res.work.loc[("B", "p1"), "plan"] == pytest.approx(12.0, abs=1e-7)
    sh = res.sharing_split
    assert sh["without_sharing"] == pytest.approx(120 - 75.0, abs=1e-7)
    assert sh["with_sharing"] == pytest.approx(120 - 66.0, abs=1e-7)
    assert sh["from_sharing"] == pytest.approx(9.0, abs=1e-7)
    assert sh["shared_output"] == pytest.approx(20.0, abs=1e-7)
    # the same output with B's own techniques would need 10 x 6 + 10 x 3 = 90 hours
    assert sh["direct_technique_saving"] == pytest.approx(90 - 36.0, abs=1e-7)
    from interlabor.report.planning import plan_tables

    t = plan_tables(res)["sharing"].set_index(["indicator", "part"])["value"]
    assert t[("plan_hours_saved", "from_sharing")] == pytest.approx(9.0, abs=1e-7)
    # without the cap any a + 2 b = 30 for A would do (66 hours); the cap (10 of each in B)
    # makes a = b = 10 the only optimum, at no cost: its dual is zero, A's labour binds
    assert "labour" in set(res.binding["family"])
    capped = res.lp.row_fam == FAM["sharing_cap"]
    assert capped.sum() == 2
    assert (res.lp.M @ res.solution.z)[capped] == pytest.approx([10.0, 10.0], abs=1e-7)


def test_infinite_penalty_equals_the_plan_without(ricardo):
    base = plan(ricardo, BASE, ranges=0)
    none = plan(ricardo, SHARE.with_(sharing=TechnologySharing(penalty=math.inf)), ranges=0)
    assert none.lp.sharing is None and none.lp.shape == base.lp.shape
    assert none.hours_saved["plan"] == pytest.approx(base.hours_saved["plan"], abs=1e-9)
    # a penalty that makes every shared technique worse than any own one: columns exist,
    # none is used, the plan is the same
    big = plan(ricardo, SHARE.with_(sharing=TechnologySharing(1e6, cap=1.0, donors=1)), ranges=0)
    assert big.lp.sharing is not None and big.lp.sharing.size == 2
    assert big.lp.shape[1] == base.lp.shape[1] + 2
    assert big.hours_saved["plan"] == pytest.approx(base.hours_saved["plan"], abs=1e-7)
    w = big.lp.sharing
    assert big.solution.z[w.start:w.start + w.size] == pytest.approx([0, 0], abs=1e-9)
    assert big.sharing_split["from_sharing"] == pytest.approx(0.0, abs=1e-7)


def test_shared_technique_uses_the_donors_inputs(make_table):
    # one product per region pair: p2 needs 0.5 of p1 per unit in A, 0.1 in B; hours 1 a unit
    # everywhere. With B's technique (at no penalty) A needs less p1: fewer hours.
    A = np.zeros((4, 4))
    A[0, 1] = 0.5  # A's p1 into A's p2
    A[2, 3] = 0.1  # B's p1 into B's p2
    Yr = np.array([[5.0, 0], [10, 0], [0, 5], [0, 10]])
    t = make_table(A, Yr, np.ones(4), ["A", "B"], ["p1", "p2"])
    sc = PlanScenario(growth=0.0, labour_growth=1e3, delta=None, transport="none",
                      non_tradable=("p1", "p2"), prices="money",
                      sharing=TechnologySharing(penalty=0.0, cap=1.0, donors=2))
    res = plan(t, sc, ranges=0)
    # A: p2 10 units with B's technique need 1 of p1 (was 5): p1 6 instead of 10; B unchanged
    assert res.hours.loc["A", "plan"] == pytest.approx(16.0, abs=1e-7)
    assert res.hours.loc["B", "plan"] == pytest.approx(16.0, abs=1e-7)
    assert res.hours_saved["total"] == pytest.approx(4.0, abs=1e-7)


def test_sharing_scenario_keys():
    sc = scenario_from_dict({"technology_sharing": {"penalty": 0.3, "cap": 0.2, "donors": 2}})
    assert sc.sharing == TechnologySharing(0.3, 0.2, 2)
    assert "penalty +30%" in sc.describe()
    assert scenario_from_dict({"technology_sharing": {"penalty": math.inf}}).sharing.penalty \
        == math.inf
    for raw, key in (({"cap": 2.0}, "technology_sharing.cap"),
                     ({"donors": 0}, "technology_sharing.donors"),
                     ({"penalty": -1}, "technology_sharing.penalty"),
                     ({"speed": 1}, "technology_sharing.speed")):
        with pytest.raises(ScenarioError) as err:
            scenario_from_dict({"technology_sharing": raw})
        assert err.value.key == key
