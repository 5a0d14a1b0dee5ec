"""ARIO on its own: baseline, event timelines, accounting, parameters, bad input.

Agreement with BoARIO (the peer implementation) is in test_ario_boario.py.
"""

from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

import interlabor as il
from interlabor.errors import InvalidValueError, ScenarioError
from interlabor.io.output import SCHEMA
from interlabor.model import build_mrio
from interlabor.shocks import ario
from interlabor.shocks.ario_params import (
    ARIOParams,
    load_scenario,
    sector_params,
    shipped_concordances,
)

pymrio = pytest.importorskip("pymrio")


@pytest.fixture(scope="module")
def test_system():
    return il.from_pymrio(pymrio.load_test())


@pytest.fixture(scope="module")
def wiod():
    return il.read("default")


def no_overproduction(mrio):
    """Capacity = baseline x (1 - share lost) exactly: alpha stays at 1."""
    return replace(sector_params(ario.prepare_table(mrio).sectors),
                   alpha_max=np.ones(mrio.n_sectors))


# ---- the baseline ---------------------------------------------------------------------------
@pytest.mark.parametrize("order_type", ["alt", "noalt"])
def test_no_event_stays_at_baseline_for_a_year(test_system, wiod, order_type):
    for mrio in (test_system, wiod):
        params = replace(sector_params(mrio.sectors), order_type=order_type)
        res = ario.simulate(mrio, [], 365, params=params)
        base = np.where(res.baseline > 0, res.baseline, 1.0)
        assert np.abs(res.production - res.baseline).max(axis=None) <= 1e-12 * base.max()
        assert (np.abs(res.production - res.baseline) / base).max() < 1e-12
        assert np.array_equal(res.capacity, np.broadcast_to(res.baseline, res.capacity.shape))
        fd = np.where(res.final_demand_baseline > 0, res.final_demand_baseline, 1.0)
        assert (np.abs(res.final_demand_unmet) / fd).max() < 1e-12


def test_baseline_is_gross_output_per_day_and_demand_balances(wiod):
    res = ario.simulate(wiod, [], 2)
    table = res.table
    np.testing.assert_allclose(res.baseline, table.x / 365, rtol=1e-15)
    # final demand by (consumer, product) sums to the table's final demand
    assert math.isclose(res.final_demand_baseline.sum(), table.Y.sum() / 365, rel_tol=1e-12)


def test_prepare_table_sets_negative_final_demand_to_zero_and_rebalances(wiod):
    assert (wiod.Y < 0).sum() == 352
    t = ario.prepare_table(wiod)
    assert (t.Y >= 0).all()
    np.testing.assert_array_equal(t.Y, np.maximum(wiod.Y, 0))
    np.testing.assert_array_equal(t.Z, wiod.Z)
    np.testing.assert_allclose(t.x, np.asarray(wiod.Z).sum(axis=1) + t.Y.sum(axis=1),
                               rtol=1e-13)
    assert (t.x >= wiod.x).all() and (t.x > wiod.x).sum() > 0
    assert ario.prepare_table(t) is t


# ---- events: timelines --------------------------------------------------------------------
def test_stoppage_capacity_follows_its_timeline_and_returns_by_the_recovery_time(test_system):
    cell = ("reg2", "manufactoring")
    i = list(test_system.index).index(cell)
    ev = ario.Stoppage({cell: 0.4}, start=3, duration=10, recovery_days=20)
    res = ario.simulate(test_system, [ev], 120, params=no_overproduction(test_system))
    lost = 1 - res.capacity[:, i] / res.baseline[i]
    expected = np.array([0.4 * ev.loss(t) for t in range(120)])
    np.testing.assert_allclose(lost, expected, atol=1e-15)
    assert (lost[3:13] == pytest.approx(0.4)) and lost[2] == 0
    np.testing.assert_allclose(lost[13:32], 0.4 * (1 - np.arange(1, 20) / 20), atol=1e-15)
    assert ev.end == 32 and (lost[ev.end:] == 0).all() and lost[ev.end - 1] > 0
    # other cells keep their capacity
    others = np.delete(np.arange(test_system.n), i)
    np.testing.assert_array_equal(res.capacity[:, others],
                                  np.broadcast_to(res.baseline[others], (120, others.size)))
    # production follows capacity down and comes back once the backlog is worked off
    assert (res.production[3:13, i] <= res.capacity[3:13, i] * (1 + 1e-12)).all()
    assert res.production[5, i] < 0.7 * res.baseline[i]
    assert abs(res.production[-1, i] / res.baseline[i] - 1) < 1e-3


def test_stoppage_with_overproduction_capacity_is_back_above_baseline(test_system):
    cell = ("reg2", "manufactoring")
    i = list(test_system.index).index(cell)
    ev = ario.Stoppage({cell: 0.4}, start=3, duration=10, recovery_days=20)
    res = ario.simulate(test_system, [ev], 120)
    assert (res.capacity[ev.end:, i] >= res.baseline[i]).all()
    assert res.capacity[ev.end:, i].max() > res.baseline[i] * 1.0001   # overproduction built up
    assert res.capacity[ev.start + 1, i] < 0.61 * res.baseline[i]


def test_stoppage_without_recovery_days_is_back_the_day_after():
    ev = ario.Stoppage({("a", "b"): 1.0}, start=2, duration=3)
    assert [ev.loss(t) for t in range(7)] == [0, 0, 1, 1, 1, 0, 0] and ev.end == 5


def two_separate_economies() -> il.MRIO:
    """Two regions that neither trade nor buy from each other (block-diagonal Z and Y)."""
    rng = np.random.default_rng(7)
    S = 4
    Z = np.zeros((2 * S, 2 * S))
    Y = np.zeros((2 * S, 2))
    for r in range(2):
        blk = slice(r * S, (r + 1) * S)
        Z[blk, blk] = rng.uniform(1, 10, (S, S))
        Y[blk, r] = rng.uniform(20, 60, S)
    return build_mrio(Z, Y, regions=["AAA", "BBB"], sectors=[f"s{k}" for k in range(S)],
                      categories=["fd"], warn=False)


@pytest.mark.parametrize("share", [0.01, 1.0])
def test_cells_the_shock_does_not_reach_stay_at_baseline(share):
    mrio = two_separate_economies()
    params = ARIOParams.uniform(mrio.sectors)
    res = ario.run_stoppage(mrio, [("AAA", "s1", share)], 20, params=params, recovery_days=5)
    b = slice(4, 8)          # region BBB
    np.testing.assert_allclose(res.production[:, b], np.broadcast_to(res.baseline[b], (365, 4)),
                               rtol=1e-13)
    assert np.abs(res.final_demand_unmet[:, b]).max() <= 1e-12 * res.final_demand_baseline[b].min()
    a = slice(0, 4)
    assert np.abs(res.production[:, a] / res.baseline[a] - 1).max() > share / 10


def test_small_stoppage_is_absorbed_by_inventories_downstream(test_system):
    """A 1 % stoppage for 2 days: customers' inventories (90 days of use) absorb it, so no
    region-sector runs short of an input, and every other region-sector stays within the
    shock's size of its baseline (it only sees the small change in demand). Halving the
    sector everywhere for 60 days does make its customers run short (inventories hold one
    stock per input product, whichever region supplies it)."""
    cell = ("reg3", "electricity")
    i = list(test_system.index).index(cell)
    res = ario.run_stoppage(test_system, [(*cell, 0.01)], 2, horizon=60)
    assert not res.shortage.any()
    others = np.delete(np.arange(test_system.n), i)
    dev = np.abs(res.production[:, others] / res.baseline[others] - 1)
    assert dev.max() < 0.01 and dev[-1].max() < 1e-3
    assert res.production[1, i] == pytest.approx(0.99 * res.baseline[i], rel=1e-12)
    big = ario.run_stoppage(test_system, [(r, "electricity", 0.5) for r in test_system.regions],
                            60, horizon=90)
    assert big.shortage[:, others].any() and not big.shortage[:2].any()


def test_capital_recover_timeline_is_boarios(test_system):
    """As BoARIO's EventKapitalRecover: full damage on days start..start+duration, then
    damage x (1 - k/recovery_days) on day start+duration+1+k."""
    cell = ("reg4", "food")
    res0 = ario.simulate(test_system, [], 1)
    i = list(test_system.index).index(cell)
    va = test_system.value_added[i]
    K = va * sector_params(test_system.sectors).capital_to_va[0]   # food is the first sector
    ev = ario.CapitalRecover({cell: 0.5 * K}, recovery_days=30, start=4, duration=5)
    res = ario.simulate(test_system, [ev], 60, params=no_overproduction(test_system))
    lost = 1 - res.capacity[:, i] / res0.baseline[i]
    t = np.arange(60)
    k = t - (4 + 5 + 1)
    expected = np.where(t < 4, 0.0, np.where(k <= 0, 0.5, 0.5 * np.clip(1 - k / 30, 0, None)))
    np.testing.assert_allclose(lost, expected, atol=1e-14)
    assert lost[4 + 5 + 1 + 30 - 1] > 0 and (lost[4 + 5 + 1 + 30:] == 0).all()
    np.testing.assert_allclose(res.world()["capital_lost"], expected * K, rtol=1e-12, atol=1e-6)


def test_reconstruction_delivered_plus_remaining_is_the_damage(wiod):
    """Accounting: what the rebuilding sectors delivered plus what is still to rebuild is
    the reconstruction demand created (damage x factor), every day."""
    params = sector_params(wiod.sectors)
    table = ario.prepare_table(wiod)
    i = list(table.index).index(("CHN", "c14"))
    K = table.value_added[i] * params.capital_to_va[13]
    ev = ario.CapitalRebuild({("CHN", "c14"): 0.3 * K}, start=3, duration=2, factor=1.5)
    res = ario.simulate(wiod, [ev], 150)
    w = res.world()
    delivered = w["reconstruction_delivered"].cumsum().to_numpy()
    # remaining demand = capital lost x factor (from the day after rebuilding starts)
    remaining_next = 1.5 * w["capital_lost"].to_numpy()[1:]
    total = delivered[:-1] + remaining_next
    np.testing.assert_allclose(total[5:], total[5], rtol=1e-10)
    assert delivered[-1] > 0.8 * 1.5 * 0.3 * K        # most of it rebuilt in 150 days
    # reconstruction goes to the rebuilding sectors: construction c18 first
    assert w["reconstruction_demand"].iloc[3] == 0 and w["reconstruction_demand"].iloc[5] > 0
    c18 = [j for j, (_, s) in enumerate(table.index) if s == "c18"]
    extra = (res.production[5:60, c18] - res.baseline[c18]).sum()
    assert extra > 0
    # capital lost falls as it is rebuilt
    lost = w["capital_lost"].to_numpy()
    assert lost[3] == pytest.approx(0.3 * K) and (np.diff(lost[6:]) <= 1e-9).all()


# ---- result tables ------------------------------------------------------------------------
def test_run_stoppage_result_tables(wiod, tmp_path):
    res = ario.run_stoppage(wiod, [("CHN", "c14", 1.0)], 30)
    assert res.days == 365 and res.unit == "USD million per day"
    paths = res.paths()
    assert list(paths.columns) == [*SCHEMA, "day", "region", "sector", "value"]
    assert len(paths) == 3 * 365 * wiod.n and paths["modelled"].all()
    assert set(paths["indicator"]) == {"ario_production", "ario_capacity",
                                       "ario_final_demand_unmet"}
    prod = paths[paths["indicator"] == "ario_production"]
    np.testing.assert_array_equal(prod["value"].to_numpy(), res.production.ravel())
    assert (prod["region"].iloc[:3].tolist(), prod["sector"].iloc[:3].tolist()) == (
        ["AUS"] * 3, ["c1", "c2", "c3"])
    wide = res.losses()
    assert wide.index[-1] == "World"
    assert wide.loc["World", "production_loss"] == pytest.approx(
        wide.drop("World")["production_loss"].sum(), rel=1e-12)
    assert wide.loc["CHN", "production_loss"] == wide.drop("World")["production_loss"].max()
    s = res.summary()                       # tidy: World first, then regions by loss
    assert list(s.columns) == [*SCHEMA, "region", "value"] and s["modelled"].all()
    assert s["region"].iloc[0] == "World" and s["region"].iloc[3] == "CHN"
    total = s[(s["indicator"] == "ario_production_loss_total") & (s["region"] == "World")]
    assert total["value"].item() == wide.loc["World", "production_loss"]
    assert total["unit"].item() == "USD million"
    daily = res.daily_losses()
    assert daily.shape == (365, 2 * wiod.n_regions)
    chn = list(wiod.index).index(("CHN", "c14"))
    # China's c14 loses (almost) all its output while stopped
    assert res.production[1:31, chn].max() < 1e-9 * res.baseline[chn]
    assert "modelled" in res.describe()
    from interlabor.report.figures import ario_loss_chart

    out = ario_loss_chart(daily, tmp_path / "loss.png",
                          title="Stoppage of CHN c14, 30 days (ARIO, modelled)")
    assert out.stat().st_size > 10_000


def test_run_stoppage_takes_a_validated_stoppage_and_its_scenario_tables(test_system, tmp_path):
    """The hook of ``interlabor shock --dynamic``: stops that carry their own days, the
    scenario's [ario] and [dynamic] tables, a progress callback and an output folder."""
    stop = SimpleNamespace
    stoppage = stop(stops=[stop(region="reg1", sector="food", share=0.5, days=2.5),
                           stop(region="reg3", sector="mining", share=1.0, days=10.0)])
    events = []
    scenario = {"ario": {"all_sectors": {"alpha_max": 1.0}},
                "dynamic": {"recovery_days": 4, "horizon": 40}}
    res = ario.run_stoppage(test_system, stoppage, 10.0, scenario=scenario,
                            progress=events.append, out=tmp_path / "dyn")
    assert res.days == 40 and (res.params.alpha_max == 1.0).all()
    i, j = 0, list(test_system.index).index(("reg3", "mining"))
    lost = 1 - res.capacity / res.baseline
    # 2.5 days: two full days, half of the third, then back over 4 days
    np.testing.assert_allclose(lost[:9, i], 0.5 * np.array([0, 1, 1, 0.5, 0.75, 0.5, 0.25, 0,
                                                            0]), atol=1e-15)
    np.testing.assert_allclose(lost[[10, 11, 12, 14], j], [1, 0.75, 0.5, 0], atol=1e-15)
    assert events and events[-1].fraction == 1.0 and events[0].unit == "days"
    written = sorted(p.name for p in (tmp_path / "dyn").iterdir())
    assert written == ["dynamic_daily.csv", "dynamic_paths.parquet"]
    daily = pd.read_csv(tmp_path / "dyn" / "dynamic_daily.csv")
    assert set(daily["indicator"]) == {"ario_production_loss", "ario_final_demand_unmet"}
    assert len(daily) == 2 * 40 * test_system.n_regions and daily["modelled"].all()
    paths = pd.read_parquet(tmp_path / "dyn" / "dynamic_paths.parquet")
    assert len(paths) == 3 * 40 * test_system.n
    with pytest.raises(ScenarioError, match="dynamic.recovery"):
        ario.run_stoppage(test_system, stoppage, 10.0, scenario={"dynamic": {"recovery": 3}})
    with pytest.raises(ScenarioError, match="unknown key 'model.psy'"):
        ario.run_stoppage(test_system, stoppage, 10.0, scenario={"ario": {"model": {"psy": 1}}})
    with pytest.raises(ScenarioError, match="beside"):
        ario.run_stoppage(test_system, stoppage, 10.0, scenario={"ario": {}, "diim": {}})


def test_stops_add_up_and_bad_stops_are_refused(test_system):
    res = ario.run_stoppage(test_system, [("reg1", "food", 0.2), ("reg1", "food", 0.3)], 5,
                            horizon=10, params=no_overproduction(test_system))
    assert res.capacity[2, 0] == pytest.approx(0.5 * res.baseline[0], rel=1e-14)
    with pytest.raises(ScenarioError, match="share"):
        ario.run_stoppage(test_system, [("reg1", "food", 1.5)], 5)
    with pytest.raises(ScenarioError, match="reg9/food"):
        ario.run_stoppage(test_system, [("reg9", "food", 0.5)], 5)
    with pytest.raises(ScenarioError, match="days"):
        ario.run_stoppage(test_system, [("reg1", "food", 0.5)], 0)


# ---- bad input ----------------------------------------------------------------------------
def test_destroying_more_capital_than_exists_is_an_error_before_any_step(test_system):
    cell = ("reg2", "mining")
    i = list(test_system.index).index(cell)
    K = test_system.value_added[i] * sector_params(test_system.sectors).capital_to_va[1]
    with pytest.raises(InvalidValueError, match=r"reg2/mining, which has") as e:
        ario.simulate(test_system, [ario.CapitalRebuild({cell: 1.01 * K})], 30)
    assert e.value.labels == ["reg2/mining"]
    # two events each within the capital, together over it (checked conservatively)
    with pytest.raises(InvalidValueError, match="reg2/mining"):
        ario.simulate(test_system, [ario.CapitalRecover({cell: 0.6 * K}, 10),
                                    ario.CapitalRecover({cell: 0.6 * K}, 10, start=40)], 60)


def test_missing_parameters_name_the_sectors():
    mrio = two_separate_economies()           # sectors s0..s3: no shipped concordance
    with pytest.raises(ScenarioError, match=r"no ARIO parameters for sector\(s\) s0, s1"):
        ario.simulate(mrio, [], 5)
    scen = {"all_sectors": {"inventory_days": 90, "restoration_days": 60}}
    with pytest.raises(ScenarioError, match="capital_to_va"):
        ario.simulate(mrio, [], 5, scenario=scen)
    scen["sector"] = {s: {"capital_to_va": 3.0} for s in mrio.sectors}
    res = ario.simulate(mrio, [], 5, scenario=scen)
    assert (res.params.capital_to_va == 3.0).all()


@pytest.mark.parametrize(("scenario", "match"), [
    ({"model": {"psi": 1.5}}, "psi"),
    ({"model": {"order": "alt"}}, "unknown key 'model.order'"),
    ({"model": {"order_type": "fast"}}, "order_type"),
    ({"all_sectors": {"inventory_days": 1}}, "inventory_days of sector"),
    ({"all_sectors": {"alpha_max": 0.9}}, "alpha_max"),
    ({"sector": {"c99": {"alpha_max": 1.1}}}, "no sector 'c99'"),
    ({"sector": {"c1": {"inventory": 3}}}, "unknown key 'sector.c1.inventory'"),
    ({"events": []}, "unknown key 'events'"),
])
def test_bad_scenarios_are_named(wiod, scenario, match):
    with pytest.raises(ScenarioError, match=match):
        ario.simulate(wiod, [], 3, scenario=scenario)


def test_bad_events_are_refused(test_system):
    with pytest.raises(ScenarioError, match="start"):
        ario.Stoppage({("reg1", "food"): 0.5}, start=0)
    with pytest.raises(ScenarioError, match="positive"):
        ario.CapitalRecover({("reg1", "food"): -1.0}, 10)
    with pytest.raises(ScenarioError, match="sum to 1"):
        ario.CapitalRebuild({("reg1", "food"): 1.0}, sectors={"construction": 0.5})
    with pytest.raises(ScenarioError, match="rebuilding sector"):
        ario.simulate(test_system, [ario.CapitalRebuild({("reg1", "food"): 1.0},
                                                        sectors={"housing": 1.0})], 10)
    with pytest.raises(ScenarioError, match="after the last simulated day"):
        ario.simulate(test_system, [ario.Stoppage({("reg1", "food"): 0.5}, start=10)], 10)


# ---- parameters ---------------------------------------------------------------------------
def test_shipped_parameters_for_wiod_follow_the_concordance(wiod):
    p = sector_params(wiod.sectors)
    t = p.table()
    src = pd.read_csv(Path(ario.__file__).parents[1] / "data" / "ario" /
                      "icio2021_full_sectors.csv", index_col=0)
    assert t.loc["c18", "capital_to_va"] == src.loc["Construction",
                                                     "productive_capital_to_va_ratio"] == 0.5
    assert math.isinf(t.loc["c28", "inventory_days"])          # financial services
    assert t.loc["c1", "capital_to_va"] == pytest.approx(2.7714285714285714)
    assert (t["restoration_days"] == 60).all() and (t["alpha_max"] == 1.25).all()
    assert (t["alpha_tau"] == 365).all()
    assert t["rebuilding_share"].sum() == pytest.approx(1.0)
    # trade: three WIOD sectors share the source's 0.105
    assert t.loc["c19", "rebuilding_share"] == pytest.approx(t.loc["c20", "rebuilding_share"])
    assert t.loc["c18", "rebuilding_share"] > 0.5
    assert "concordance_wiod2013" in p.source


def test_every_concordance_row_names_a_source_sector():
    from interlabor.shocks.ario_params import SOURCES, _read_csv

    folder = Path(ario.__file__).parents[1] / "data" / "ario"
    names = set(shipped_concordances())
    assert {"wiod2013", "wiod2016", "pymrio_test", "eora26"} <= names
    for name, path in shipped_concordances().items():
        rows = _read_csv(path)
        assert len({r["sector"] for r in rows}) == len(rows), name
        for r in rows:
            src = {next(iter(x.values())) for x in _read_csv(folder / SOURCES[r["source"]])}
            assert r["source_sector"] in src, (name, r)


def test_wiod2016_concordance_covers_the_wiod2016_codes():
    folder = Path(ario.__file__).parents[1] / "data"
    codes = pd.read_csv(folder / "concordances" / "wiod2016_to_wiod2013.csv",
                        comment="#")["source"].unique()
    p = sector_params(list(codes))
    assert "concordance_wiod2016" in p.source and len(p.sectors) == 56


def test_shipped_source_tables_are_boarios_unchanged(shared_data):
    folder = Path(ario.__file__).parents[1] / "data" / "ario"
    for f in ("icio2021_full_sectors.csv", "eora26_full_sectors.csv",
              "euregio_full_sectors.csv"):
        assert (folder / f).read_bytes() == (shared_data / "ario_params" / f).read_bytes()
    notice = (folder / "LICENSE-BoARIO-MRIOT-Tools.txt").read_text()
    assert "MIT License" in notice and "Permission is hereby granted" in notice


def test_scenario_file_overrides(wiod, tmp_path):
    f = tmp_path / "s.toml"
    f.write_text('[model]\norder_type = "noalt"\npsi = 0.9\n'
                 '[all_sectors]\ninventory_days = 30\n'
                 '[sector.c14]\ninventory_days = inf\nalpha_max = 1.1\n')
    p = sector_params(wiod.sectors, f)
    assert p.order_type == "noalt" and p.psi == 0.9
    assert p.inventory_days[0] == 30 and math.isinf(p.inventory_days[13])
    assert p.alpha_max[13] == 1.1 and p.alpha_max[0] == 1.25
    assert str(f) in p.source
    res = ario.simulate(wiod, [], 2, scenario=f)
    assert res.params.psi == 0.9
    with pytest.raises(ScenarioError, match="not found"):
        load_scenario(tmp_path / "none.toml")
    (tmp_path / "bad.toml").write_text("[model\n")
    with pytest.raises(ScenarioError, match="not valid TOML"):
        load_scenario(tmp_path / "bad.toml")


def test_example_scenario_is_valid(wiod):
    path = Path(ario.__file__).parents[1] / "data" / "ario" / "scenario_example.toml"
    p = sector_params(wiod.sectors, path)
    assert p.source.endswith(f"overridden by {path}")


def test_shock_dynamic_command_draws_the_recovery_path(tmp_path, capsys):
    from interlabor.cli import main

    out = tmp_path / "out"
    assert main(["shock", "default", "--stop", "CHN:c14", "--days", "30", "--dynamic",
                 "--out", str(out), "-q"]) == 0
    text = capsys.readouterr().out
    assert "ARIO (modelled), 365 days" in text
    path = text.split("day 0 to 364:\n")[1].splitlines()[0].strip()
    assert len(path) == 73 and path[1] == "█" and path[-1] == "_"   # stopped, then back
    for name in ("dynamic.csv", "dynamic_daily.csv", "dynamic_paths.parquet",
                 "dynamic_losses.png"):
        assert (out / name).stat().st_size > 0
    summary = pd.read_csv(out / "dynamic.csv")
    assert summary["region"].iloc[0] == "World" and summary["modelled"].all()
