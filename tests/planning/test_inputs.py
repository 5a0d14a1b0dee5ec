"""Price levels (volumes), labour capacity by skill and the PDLP backend on small instances."""

from __future__ import annotations

import numpy as np
import pytest

from interlabor.errors import ScenarioError
from interlabor.model import Account, build_mrio
from interlabor.planning import PlanScenario, build_lp, plan, plan_data, solve_lp

FREE = PlanScenario(growth=1e4, labour_growth=1e4, delta=None, transport="none", non_tradable=())
MONEY = FREE.with_(prices="money")

# the Ricardo table of conftest: A needs 1 and 2 hours a unit of p1 and p2, B 6 and 3; each
# region consumes 10 (money) of each product, made at home.
YR = np.array([[10.0, 0], [10, 0], [0, 10], [0, 10]])
LAB = np.array([1.0, 2.0, 6.0, 3.0])


def _table(extra: list[Account] | None = None):
    x = YR.sum(axis=1)
    accs = [Account("hours", "hours", LAB * x, extension="labour"), *(extra or [])]
    return build_mrio(np.zeros((4, 4)), YR, regions=["A", "B"], sectors=["p1", "p2"],
                      categories=["CONS_h"], accounts=accs, warn=False)


# ---- price levels: output in volumes ---------------------------------------------------------
def test_price_levels_convert_money_to_volumes(tmp_path):
    # B's p1 costs twice the reference: its 10 (money) are 5 units, made with 60 hours, i.e.
    # 12 hours a unit. A's p1 stays at 1 hour a unit. Planned in volumes, B needs only 5 units
    # of p1: A makes 10 + 5 = 15 p1 (15 h) and all 20 p2 (40 h): 55 hours against 120 today.
    f = tmp_path / "ppp.csv"
    f.write_text("region,sector,price_level\nB,p1,2.0\n*,p2,1.0\n")
    sc = FREE.with_(price_levels=f)
    data = plan_data(_table(), sc)
    assert data.x0.ravel() == pytest.approx([10, 10, 5, 10])
    assert data.lab.ravel() == pytest.approx([1, 2, 12, 3])
    assert data.y.ravel() == pytest.approx([10, 10, 5, 10])
    assert "reference price levels" in data.units["output"]
    res = plan(_table(), sc)
    assert res.hours_saved["today"] == pytest.approx(120.0)
    assert res.hours_saved["plan"] == pytest.approx(55.0, abs=1e-7)
    assert res.output["plan"].to_numpy() == pytest.approx([15, 20, 0, 0], abs=1e-7)


def test_price_levels_all_one_change_nothing(tmp_path):
    f = tmp_path / "ppp.csv"
    f.write_text("region,sector,price_level\n*,*,1\n")
    a = plan(_table(), FREE.with_(price_levels=f))
    b = plan(_table(), MONEY)
    assert a.hours_saved["plan"] == pytest.approx(b.hours_saved["plan"], abs=1e-9)


@pytest.mark.parametrize("text", ["region,sector,price_level\nC,p1,1\n",
                                  "region,sector,price_level\nA,p1,0\n",
                                  "region,sector,level\nA,p1,1\n"])
def test_price_levels_bad_file_names_the_key(tmp_path, text):
    f = tmp_path / "ppp.csv"
    f.write_text(text)
    with pytest.raises(ScenarioError) as err:
        plan_data(_table(), FREE.with_(price_levels=f))
    assert err.value.key == "price_levels.file"


def test_price_levels_missing_file(tmp_path):
    with pytest.raises(ScenarioError, match="not found"):
        plan_data(_table(), FREE.with_(price_levels=tmp_path / "none.csv"))


# ---- labour capacity by skill ----------------------------------------------------------------
def test_skill_capacity_binds_beside_hours():
    # every hour of A's p1 is skilled (1 skilled hour a unit); nothing else needs the skill.
    # Capacities today x 1.5: hours A 45, B 135; skilled A 15, so A makes at most 15 p1.
    # min 180 - 5 p1A - p2A s.t. p1A <= 15, p1A + 2 p2A <= 45: p1A = 15, p2A = 15, 90 hours
    # (hours alone: p1A = 20, p2A = 12.5, 67.5 hours).
    skilled = Account("skilled", "hours", np.array([10.0, 0, 0, 0]), extension="labour")
    t = _table([skilled])
    base = MONEY.with_(labour_growth=0.5)
    only_hours = plan(t, base)
    assert only_hours.hours_saved["plan"] == pytest.approx(67.5, abs=1e-7)
    res = plan(t, base.with_(labour_accounts=("hours", "skilled")))
    assert res.hours_saved["plan"] == pytest.approx(90.0, abs=1e-7)
    assert res.output["plan"].to_numpy() == pytest.approx([15, 15, 5, 5], abs=1e-7)
    lab = res.binding[res.binding.family == "labour"].set_index("description")["dual"]
    sk = lab[[k for k in lab.index if "/skilled)" in k]]
    hr = lab[[k for k in lab.index if "/hours)" in k]]
    # a skilled hour more lets A make one more p1 (5 h saved) and half a p2 less (0.5 h lost)
    assert list(sk.to_numpy()) == pytest.approx([-4.5], abs=1e-7)
    assert list(hr.to_numpy()) == pytest.approx([-0.5], abs=1e-7)


# ---- first-order backend ---------------------------------------------------------------------
def test_pdlp_agrees_with_ipm_within_its_tolerance(random_lp):
    lp = random_lp(3)
    ipm = solve_lp(lp, method="ipm")
    pd_ = solve_lp(lp, method="pdlp")
    assert pd_.status == "Optimal" and pd_.method == "pdlp"
    gap = pd_.info["relative_gap"]
    assert 0 <= gap < 1e-4
    assert pd_.objective == pytest.approx(ipm.objective, rel=1e-4)
    assert lp.violations(pd_.z, tol=1e-4).empty


def test_extra_highs_options(make_table):
    t = _table()
    lp = build_lp(plan_data(t, MONEY), MONEY)
    s = solve_lp(lp, method="pdlp", options={"pdlp_optimality_tolerance": 1e-5})
    assert s.objective == pytest.approx(60.0, rel=1e-4)
    with pytest.raises(ValueError, match="no_such_option"):
        solve_lp(lp, options={"no_such_option": 1})


def test_scenario_tolerance_reaches_highs():
    from interlabor.planning.scenario import scenario_from_dict

    sc = scenario_from_dict({"solver": {"method": "pdlp", "tolerance": 1e-4}})
    assert sc.tolerance == 1e-4 and sc.method == "pdlp"
    with pytest.raises(ScenarioError) as err:
        scenario_from_dict({"solver": {"tolerance": -1}})
    assert err.value.key == "solver.tolerance"
    res = plan(_table(), MONEY.with_(method="pdlp", tolerance=1e-4))
    assert res.hours_saved["plan"] == pytest.approx(60.0, rel=1e-3)
    assert any("PDLP" in n and "relative gap" in n for n in res.notes)


def test_scenario_holds_the_parsed_price_levels(tmp_path):
    # the file is read by the scenario loader (relative to the scenario's folder), not by
    # the LP: removing it afterwards changes nothing
    (tmp_path / "ppp.csv").write_text("region,sector,price_level\nB,p1,2.0\n*,p2,1.0\n")
    (tmp_path / "s.toml").write_text('[price_levels]\nfile = "ppp.csv"\n')
    from interlabor.planning import PriceLevels, load_scenario

    sc = load_scenario(tmp_path / "s.toml")
    assert isinstance(sc.price_levels, PriceLevels)
    assert [(r.region, r.sector, r.level, r.line) for r in sc.price_levels.rows] == [
        ("B", "p1", 2.0, 2), ("*", "p2", 1.0, 3)]
    assert str(tmp_path / "ppp.csv") in sc.describe()
    (tmp_path / "ppp.csv").unlink()
    free = sc.with_(growth=1e4, labour_growth=1e4, delta=None, transport="none",
                    non_tradable=())
    assert plan_data(_table(), free).x0.ravel() == pytest.approx([10, 10, 5, 10])
    with pytest.raises(ScenarioError, match=r"ppp.csv not found"):
        load_scenario(tmp_path / "s.toml")


def test_sensitivity_reports_each_solve():
    from interlabor.report.planning import sensitivity

    seen = []
    sens = sensitivity(_table(), MONEY, growths=(0.1, 1.0), deltas=(0.1, None), step=seen.append)
    assert sens.shape == (2, 2)
    assert [e.done for e in seen] == [0, 1, 2, 3, 4] and {e.total for e in seen} == {4}
    assert {e.task for e in seen} == {"sensitivity"} and seen[-1].unit == "solves"
