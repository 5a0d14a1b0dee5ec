"""ARIO against BoARIO 0.7.2 (``ARIOPsiModel``), the implementation the field uses.

BoARIO is a test-only dependency (GPL-3; never imported by the package). Both models get the
same table: :func:`interlabor.shocks.ario.prepare_table` (negative final demand set to zero,
gross output recomputed), the same per-sector parameters (BoARIO's ``inventory_dict``,
``inventory_restoration_tau``, ``productive_capital_to_VA_dict``) and the same events, with
impacts in the table's money units (``event_monetary_factor`` = ``monetary_factor``).

Agreement: the daily production of every region-sector, and the daily final demand not met
of every (consuming region, product), within 1e-6 of the cell's baseline daily value, on
every day. BoARIO's ``EventArbitraryProd`` is not compared: BoARIO 0.7.2 itself warns that its
recovery "does not function properly" (interlabor's Stoppage is tested in test_ario.py).

The deliberate differences (docs/shocks.md, "Differences from BoARIO") are tested here too.
"""

from __future__ import annotations

import logging
import warnings
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

import interlabor as il
from interlabor.shocks import ario
from interlabor.shocks.ario_params import sector_params

boario = pytest.importorskip("boario")
pymrio = pytest.importorskip("pymrio")

from boario import event as bev  # noqa: E402
from boario import model_base  # noqa: E402
from boario.extended_models import ARIOPsiModel  # noqa: E402
from boario.simulation import Simulation  # noqa: E402

TOL = 1e-6

# (psi, alpha_max, alpha_tau, restoration_days): BoARIO's defaults, and another set
PARAMS = {"defaults": (0.8, 1.25, 365, 60), "other": (0.95, 1.1, 100, 30)}


class _NoShortcuts:
    """numpy for boario.model_base, with ``allclose`` always False (see the test below)."""

    def __getattr__(self, name):
        return getattr(np, name)

    @staticmethod
    def allclose(*args, **kwargs):
        return False


def params_for(table, name):
    psi, amax, atau, rest = PARAMS[name]
    p = sector_params(table.sectors)
    return replace(p, psi=psi, alpha_max=np.full(table.n_sectors, amax),
                   alpha_tau=np.full(table.n_sectors, float(atau)),
                   restoration_days=np.full(table.n_sectors, float(rest)))


def run_boario(table, params, events, days, *, tmp_path, shortcuts=True):
    """BoARIO's daily production and final demand not met, aligned with ``table.index``."""
    io = il.to_pymrio(table)
    io.x = pymrio.calc_x(io.Z, io.Y)          # what BoARIO needs: x and A (not L)
    io.A = pymrio.calc_A(io.Z, io.x)
    sec = list(table.sectors)
    logger = logging.getLogger("boario")
    before = list(logger.handlers)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = ARIOPsiModel(
            io, order_type=params.order_type, alpha_base=params.alpha_base,
            alpha_max=float(params.alpha_max[0]), alpha_tau=int(params.alpha_tau[0]),
            rebuild_tau=params.rebuild_tau, monetary_factor=int(table.money.scale),
            inventory_dict=dict(zip(sec, params.inventory_days.tolist(), strict=True)),
            inventory_restoration_tau={s: int(v) for s, v in zip(sec, params.restoration_days,
                                                                 strict=True)},
            productive_capital_to_VA_dict=dict(zip(sec, params.capital_to_va.tolist(),
                                                   strict=True)),
            psi_param=float(params.psi))
        sim = Simulation(model, n_temporal_units_to_sim=days, boario_output_dir=tmp_path)
        for ev in events:
            sim.add_event(to_boario(ev, table))
        try:
            if shortcuts:
                sim.loop()
            else:
                with pytest.MonkeyPatch.context() as mp:
                    mp.setattr(model_base, "np", _NoShortcuts())
                    sim.loop()
        finally:
            for h in logger.handlers[len(before):]:
                logger.removeHandler(h)
                h.close()
    assert not sim.has_crashed
    idx = table.index
    return (sim.production_realised.reindex(columns=idx).to_numpy(),
            sim.final_demand_unmet.reindex(columns=idx).to_numpy())


def to_boario(ev, table):
    s = pd.Series(ev.damage)
    s.index = pd.MultiIndex.from_tuples(s.index, names=["region", "sector"])
    kw = dict(occurrence=ev.start, duration=ev.duration,
              event_monetary_factor=int(table.money.scale))
    if isinstance(ev, ario.CapitalRecover):
        return bev.from_series(s, event_type="recovery", recovery_tau=ev.recovery_days, **kw)
    return bev.from_series(s, event_type="rebuild", rebuild_tau=ev.rebuild_tau,
                           rebuilding_sectors=dict(ev.sectors), rebuilding_factor=ev.factor,
                           **kw)


def differences(res, prod, unmet):
    """Largest daily difference of each path, relative to the cell's baseline daily value."""
    base = np.where(res.baseline > 0, res.baseline, res.baseline.max())
    fd = np.where(res.final_demand_baseline > 0, res.final_demand_baseline,
                  res.final_demand_baseline.max())
    return (float((np.abs(res.production - prod) / base).max()),
            float((np.abs(res.final_demand_unmet - unmet) / fd).max()))


def capital(table, cell, params):
    i = list(table.index).index(cell)
    return table.value_added[i] * params.capital_to_va[table.sectors.index(cell[1])]


def events_for(table, kind, params, cells, rebuilding):
    damage = {c: share * capital(table, c, params) for c, share in cells.items()}
    if kind == "recover":
        return [ario.CapitalRecover(damage, recovery_days=90, start=5, duration=3)]
    return [ario.CapitalRebuild(damage, start=5, duration=3, rebuild_tau=60,
                                sectors=rebuilding)]


@pytest.fixture(scope="module")
def test_table():
    return ario.prepare_table(il.from_pymrio(pymrio.load_test()))


TEST_CELLS = {("reg2", "manufactoring"): 0.3, ("reg5", "electricity"): 0.1}
TEST_REBUILD = {"construction": 0.6, "manufactoring": 0.4}


@pytest.mark.parametrize("name", sorted(PARAMS))
@pytest.mark.parametrize("kind", ["recover", "rebuild"])
@pytest.mark.parametrize("order_type", ["alt", "noalt"])
def test_agrees_with_boario_on_pymrio_test_system(test_table, tmp_path, order_type, kind, name):
    params = replace(params_for(test_table, name), order_type=order_type)
    events = events_for(test_table, kind, params, TEST_CELLS, TEST_REBUILD)
    res = ario.simulate(test_table, events, 200, params=params)
    prod, unmet = run_boario(test_table, params, events, 200, tmp_path=tmp_path)
    dp, du = differences(res, prod, unmet)
    assert dp < TOL and du < TOL, (dp, du)
    # the shock is real: production of the hit industry falls by more than 5 %
    i = list(test_table.index).index(("reg2", "manufactoring"))
    assert prod[:, i].min() < 0.95 * res.baseline[i]


@pytest.mark.slow
@pytest.mark.parametrize(("order_type", "kind", "name", "days"),
                         [("alt", "rebuild", "defaults", 60), ("noalt", "recover", "other", 100)])
def test_agrees_with_boario_on_the_bundled_wiod_table(tmp_path, order_type, kind, name, days):
    raw = il.read("default")
    table = ario.prepare_table(raw)
    assert (raw.Y < 0).sum() == 352 and (table.Y >= 0).all()   # the one treatment, in both
    params = replace(params_for(table, name), order_type=order_type)
    cells = {("CHN", "c14"): 0.2, ("DEU", "c15"): 0.3, ("JPN", "c12"): 0.1}
    events = events_for(table, kind, params, cells, {"c18": 0.55, "c13": 0.25, "c14": 0.2})
    res = ario.simulate(table, events, days, params=params)
    prod, unmet = run_boario(table, params, events, days, tmp_path=tmp_path)
    dp, du = differences(res, prod, unmet)
    assert dp < TOL and du < TOL, (dp, du)
    assert res.losses().loc["World", "production_loss"] != 0


@pytest.mark.parametrize("kind", ["recover", "rebuild"])
def test_boarios_allclose_shortcuts_are_the_difference_on_tiny_shocks(test_table, tmp_path,
                                                                       kind):
    """Deliberate difference: BoARIO skips the day's inventory update when every delivery is
    within ``np.allclose`` of use, and orders no restocking when every inventory is within
    ``np.allclose`` of its target (rtol 1e-5); interlabor always updates. On a tiny shock the
    paths still agree within 1e-6 of baseline but the total losses differ; with BoARIO's
    shortcuts switched off the two agree to rounding."""
    params = params_for(test_table, "defaults")
    events = events_for(test_table, kind, params, {("reg2", "manufactoring"): 1e-6},
                        TEST_REBUILD)
    res = ario.simulate(test_table, events, 120, params=params)
    loss = (res.baseline[None, :] - res.production).sum()
    prod, unmet = run_boario(test_table, params, events, 120, tmp_path=tmp_path)
    dp, du = differences(res, prod, unmet)
    assert dp < TOL and du < TOL
    loss_b = (res.baseline[None, :] - prod).sum()
    assert abs(loss - loss_b) > 1e-5 * abs(loss)              # the shortcuts show in the total
    prod, unmet = run_boario(test_table, params, events, 120, tmp_path=tmp_path,
                             shortcuts=False)
    dp, du = differences(res, prod, unmet)
    assert dp < 1e-11 and du < 1e-10, (dp, du)
    # (a loss is a small difference of large sums; BoARIO also rounds reconstruction demand)
    assert (res.baseline[None, :] - prod).sum() == pytest.approx(loss, rel=1e-7)


def test_boarios_rounding_of_events_is_the_other_difference(test_table, tmp_path):
    """Deliberate difference: BoARIO rounds the reconstruction still to do (and recovering
    damage) to ``log10(monetary factor) + 1`` decimals every day; interlabor does not round.
    In a table counted in plain dollars (factor 1: rounding to 0.1) the paths of a rebuild
    differ by about 1e-6 of baseline; with the rounding pushed to 16 decimals (factor 1e15)
    and BoARIO's allclose shortcuts off, the two agree to rounding of floating point."""
    from interlabor.model import build_mrio
    from interlabor.units import MonetaryUnit

    got = {}
    for scale in (1.0, 1e15):
        t = build_mrio(test_table.Z, test_table.Y, regions=test_table.regions,
                       sectors=test_table.sectors, categories=test_table.categories,
                       money=MonetaryUnit("USD", scale), warn=False)
        params = params_for(t, "defaults")
        events = events_for(t, "rebuild", params, TEST_CELLS, TEST_REBUILD)
        res = ario.simulate(t, events, 200, params=params)
        prod, unmet = run_boario(t, params, events, 200, tmp_path=tmp_path, shortcuts=False)
        got[scale] = differences(res, prod, unmet)
    assert got[1.0][0] > 1e-7                  # BoARIO's rounding to 0.1 dollar shows
    assert max(got[1e15]) < 1e-13, got
