"""Known answers by hand on the 2 x 2 table (docs/shocks.md), identities, model equivalences.

Every expected number below is worked by hand from the table in conftest.py (L is written out
there); none comes from the code under test.
"""

import numpy as np
import pytest
import scipy.sparse as sp

from interlabor import kernel
from interlabor.shocks import (
    constrained_ghosh,
    constrained_leontief,
    demand_inoperability,
    extraction,
    extraction_closed_form,
    make_stoppage,
    static_losses,
    supply_inoperability,
)
from interlabor.shocks.inoperability import dynamic_inoperability, interdependency, resilience
from interlabor.shocks.static import MODELS, STATIC

from .conftest import HAND_L, hand_table, random_table


# ---- the diagonal of L ---------------------------------------------------------------------------
@pytest.mark.parametrize("sparse", [False, True])
def test_leontief_diagonal_by_hand_and_dense_inverse(sparse):
    m = hand_table(sparse)
    np.testing.assert_allclose(kernel.leontief_diagonal(m), np.diag(HAND_L), rtol=1e-14)
    np.testing.assert_allclose(kernel.solver(m).solve(np.eye(4)), HAND_L, atol=1e-15)
    r = random_table(3, R=3, S=3, sparse=sparse)
    L = np.linalg.inv(np.eye(r.n) - sp.csr_array(r.A).toarray() if sparse else np.eye(r.n) - r.A)
    np.testing.assert_allclose(kernel.leontief_diagonal(r), np.diag(L), rtol=1e-12)
    assert kernel.leontief_diagonal(r) is kernel.leontief_diagonal(r)  # cached


def test_leontief_diagonal_with_row_interchanges():
    """A productive A with a column sum above 1: LU of I - A pivots, the diagonal is still L's."""
    from scipy.linalg import lu_factor

    from interlabor.model import build_mrio

    Z = np.array([[0.0, 0.1, 0.0], [1.5, 0.0, 0.2], [0.3, 0.4, 0.1]])
    x = np.ones(3)
    m = build_mrio(Z, (x - Z.sum(axis=1))[:, None], regions=["R"], sectors=["a", "b", "c"],
                   categories=["hh"], warn=False)
    assert lu_factor(np.eye(3) - m.A)[1][0] == 1  # rows 0 and 1 swapped
    L = np.linalg.inv(np.eye(3) - m.A)
    np.testing.assert_allclose(kernel.leontief_diagonal(m, block=2), np.diag(L), rtol=1e-13)


def test_leontief_diagonal_refuses_above_the_limit(hand):
    from interlabor.errors import InsufficientMemoryError

    with pytest.raises(InsufficientMemoryError, match="dense 4 x 4"):
        kernel.leontief_diagonal(hand, limit=3)


# ---- extraction by hand --------------------------------------------------------------------------
def test_backward_extraction_by_hand(hand):
    dx, dX = extraction(hand, np.array([0]), 1.0, direction="backward")
    # column 0 of A zeroed: x0 = 40 + 0.1 * 100 = 50, x2 = 80 (nobody buys from B:s)
    np.testing.assert_allclose(dx, [50, 0, 20, 0], atol=1e-12)
    np.testing.assert_allclose(dX.sum(axis=1), dx, atol=1e-12)
    half, _ = extraction(hand, np.array([0]), 0.5, direction="backward")
    # a00 = 0.25, a20 = 0.1: x0 = 50 / 0.75, x2 = 80 + 0.1 x0
    np.testing.assert_allclose(half, [100 - 200 / 3, 0, 20 - 20 / 3, 0], atol=1e-12)


def test_forward_extraction_by_hand(hand):
    dx, dX = extraction(hand, np.array([0]), 1.0, direction="forward")
    # row 0 of B zeroed, p fixed: x2 = 100, x0 = 30 + 0.2 * 100, x1 = 90, x3 = 70 + 0.3 * 90
    np.testing.assert_allclose(dx, [50, 10, 0, 3], atol=1e-12)
    assert dX is None


def test_closed_forms_by_hand(hand):
    F = np.vstack([hand.x, hand.value_added])
    back = extraction_closed_form(hand, F, direction="backward")
    fwd = extraction_closed_form(hand, F, direction="forward")
    np.testing.assert_allclose(back[0, 0], 70.0, atol=1e-12)  # 50 + 20
    np.testing.assert_allclose(fwd[0, 0], 63.0, atol=1e-12)  # 50 + 10 + 3
    np.testing.assert_allclose(back[1, 0], 0.3 * 50 + 1.0 * 20, atol=1e-12)
    half = extraction_closed_form(hand, hand.x, direction="backward", share=0.5)
    np.testing.assert_allclose(half[0], 140 / 3, atol=1e-12)  # 100/3 + 40/3 (see above)


@pytest.mark.parametrize("direction", ["backward", "forward"])
@pytest.mark.parametrize("share", [1.0, 0.3])
def test_closed_forms_equal_one_solve_per_cell(direction, share):
    m = random_table(5, R=3, S=2, sparse=True)
    F = np.vstack([m.x, m.account("hours").values])
    closed = extraction_closed_form(m, F, direction=direction, share=share)
    S = kernel.intensities(m, F)
    for j in range(m.n):
        dx, _ = extraction(m, np.array([j]), share, direction=direction)
        np.testing.assert_allclose(closed[:, j], (S * dx).sum(axis=1), rtol=1e-10, atol=1e-10)


def test_extraction_identities(hand):
    # B:s (cell 2) has a zero column of A: backward extraction changes nothing
    dx, dX = extraction(hand, np.array([2]), 1.0, direction="backward")
    assert np.abs(dx).max() < 1e-12 and np.abs(dX).max() < 1e-12
    # B:t (cell 3) has a zero row of A: forward extraction changes nothing
    dx, _ = extraction(hand, np.array([3]), 1.0, direction="forward")
    assert np.abs(dx).max() < 1e-12
    # and the converse cells do change
    assert extraction(hand, np.array([2]), 1.0, direction="forward")[0].sum() > 1
    assert extraction(hand, np.array([3]), 1.0, direction="backward")[0].sum() > 1


def test_extraction_bad_arguments(hand):
    with pytest.raises(ValueError, match="direction"):
        extraction(hand, np.array([0]), direction="sideways")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        extraction(hand, np.array([0]), 1.5)


# ---- inoperability by hand -----------------------------------------------------------------------
def test_demand_iim_by_hand_and_equal_to_leontief(hand):
    c = np.zeros(4)
    c[0] = 0.5 * 40 / 100  # half of A:s's final demand (y0 = 40)
    q = demand_inoperability(hand, c)
    np.testing.assert_allclose(q, [0.4, 0, 0.08, 0], atol=1e-12)  # L e0 20 / x
    Astar = interdependency(hand, "demand")
    np.testing.assert_allclose(np.linalg.solve(np.eye(4) - Astar, c), q, atol=1e-12)
    # the same perturbation in the Leontief model: it is a rescaled Leontief model
    dY = np.zeros((4, 2))
    dY[0] = 0.5 * np.array([30.0, 10.0])
    leontief = kernel.final_output(hand, Y=dY)
    np.testing.assert_allclose(hand.x * q, leontief.sum(axis=1), atol=1e-12)


def test_supply_iim_by_hand_and_equal_to_ghosh(hand):
    c = np.zeros(4)
    c[0] = 30 / 100  # all of A:s's primary inputs
    q = supply_inoperability(hand, c)
    np.testing.assert_allclose(q, [0.6, 0.06, 0, 0.018], atol=1e-12)  # L' c
    np.testing.assert_allclose(np.linalg.solve(np.eye(4) - interdependency(hand, "supply"), c),
                               q, atol=1e-12)
    dp = np.array([30.0, 0, 0, 0])
    np.testing.assert_allclose(hand.x * q, kernel.ghosh_output(hand, dp), atol=1e-12)


# ---- supply-constrained models by hand ---------------------------------------------------------
def test_constrained_leontief_by_hand(hand):
    dx, dy = constrained_leontief(hand, np.array([0]), np.array([1.0]))
    # dy0 = x0 / L00 = 50 (more than y0 = 40: A:t keeps its inputs from A:s)
    np.testing.assert_allclose(dy, [50.0])
    np.testing.assert_allclose(dx, [100, 0, 20, 0], atol=1e-12)
    # joint stoppage of A:s and B:s: L_EE = [[2, 0], [.4, 1]] u = [100, 100] -> u = (50, 80)
    dx2, dy2 = constrained_leontief(hand, np.array([0, 2]), np.array([1.0, 1.0]))
    np.testing.assert_allclose(dy2, [50, 80])
    np.testing.assert_allclose(dx2, [100, 0, 100, 0], atol=1e-12)
    # B:s stopped only 10 %: A:s's stoppage already takes 20 of its orders, the capacity does
    # not bind, B:s is released (its final users are not rationed)
    dx3, dy3 = constrained_leontief(hand, np.array([0, 2]), np.array([1.0, 0.1]))
    np.testing.assert_allclose(dy3, [50, 0], atol=1e-12)
    np.testing.assert_allclose(dx3, [100, 0, 20, 0], atol=1e-12)


def test_constrained_ghosh_by_hand(hand):
    dx, dp = constrained_ghosh(hand, np.array([0]), np.array([1.0]))
    np.testing.assert_allclose(dp, [50.0])  # x0 / G00
    np.testing.assert_allclose(dx, [100, 10, 0, 3], atol=1e-12)


def test_full_year_stoppage_equals_extraction_on_every_other_cell():
    """A full stoppage for a year is the extraction of the stopped cells, plus their output."""
    for seed in range(4):
        m = random_table(seed, R=3, S=2)
        cells = np.array([seed % m.n, (seed + 3) % m.n])
        others = np.setdiff1d(np.arange(m.n), cells)
        for direction, model in (("backward", constrained_leontief),
                                 ("forward", constrained_ghosh)):
            dx, _ = model(m, cells, np.ones(2))
            ext, _ = extraction(m, cells, 1.0, direction=direction)
            np.testing.assert_allclose(dx[others], ext[others], rtol=1e-10, atol=1e-9)
            np.testing.assert_allclose(dx[cells], m.x[cells], rtol=1e-12)


# ---- the stoppage through every model ------------------------------------------------------------
def test_stopping_nothing_changes_nothing(hand):
    res = static_losses(hand, make_stoppage(hand, []), recovery=30)
    assert res.models == list(MODELS)
    for model in res.models:
        assert np.abs(res.output[model]).max() == 0
    assert (res.summary()["value"] == 0).all()


def test_stoppage_by_hand(hand):
    st = make_stoppage(hand, ["A:s"], days=365)
    res = static_losses(hand, st)
    out = {m: res.output[m].sum(axis=1) for m in res.models}
    np.testing.assert_allclose(out["leontief_constrained"], [100, 0, 20, 0], atol=1e-12)
    np.testing.assert_allclose(out["ghosh_constrained"], [100, 10, 0, 3], atol=1e-12)
    np.testing.assert_allclose(out["iim_demand"], [80, 0, 16, 0], atol=1e-12)
    np.testing.assert_allclose(out["iim_supply"], [60, 6, 0, 1.8], atol=1e-12)
    np.testing.assert_allclose(out["extraction_backward"], [50, 0, 20, 0], atol=1e-12)
    np.testing.assert_allclose(out["extraction_forward"], [50, 10, 0, 3], atol=1e-12)
    # whose final demand: demand IIM exactly (A buys 30, B 10 of A:s's 40)
    np.testing.assert_allclose(res.output["iim_demand"][:, 1], [20, 0, 4, 0], atol=1e-12)
    # the others at the shares X[i, d] / x_i: X[0] = (69.2, 30.8), X[2] = (43.84, 56.16)
    np.testing.assert_allclose(res.output["leontief_constrained"][0], [69.2, 30.8])
    np.testing.assert_allclose(res.output["leontief_constrained"][2], [0.2 * 43.84, 0.2 * 56.16])
    s = res.summary().set_index(["model", "indicator", "scope"])["value"]
    assert s[("leontief_constrained", "shock_value_added_lost", "abroad")] == pytest.approx(20.0)
    assert s[("leontief_constrained", "shock_hours_lost", "abroad")] == pytest.approx(4.0)
    assert s[("iim_supply", "shock_hours_lost", "abroad")] == pytest.approx(0.9)  # 1.8 x .5
    lab = res.labour.iloc[0]
    assert (lab.persons_stopped, lab.hours_stopped) == (5.0, 10.0)


def test_stoppage_scales_with_share_and_days(hand):
    full = static_losses(hand, make_stoppage(hand, ["A:s"], days=365), models=STATIC)
    part = static_losses(hand, make_stoppage(hand, ["A:s:0.5"], days=73), models=STATIC)
    for model in ("leontief_constrained", "ghosh_constrained", "iim_demand", "iim_supply"):
        np.testing.assert_allclose(part.output[model], 0.1 * full.output[model], atol=1e-12)
    assert part.labour.iloc[0].hours_stopped == pytest.approx(10 * 0.5 * 73 / 365)
    assert part.labour.iloc[0].persons_stopped == pytest.approx(2.5)


def test_losses_add_up_across_consumers():
    m = random_table(8, R=3, S=3)
    st = make_stoppage(m, ["r0:s1:0.4", "r2:s0"], days=90)
    res = static_losses(m, st, recovery={"default": 20, "s1": 40})
    cells = res.by_cell().set_index(["model", "region", "sector", "indicator"])["value"]
    cons = (res.by_consumer(nonzero=False)
            .groupby(["model", "origin_region", "origin_sector", "indicator"])["value"].sum())
    cons.index = cons.index.set_names(cells.index.names)
    np.testing.assert_allclose(cons.reindex(cells.index).to_numpy(), cells.to_numpy(),
                               rtol=1e-12, atol=1e-12)
    reg = res.by_region().groupby(["model", "indicator"])["value"].sum()
    np.testing.assert_allclose(reg.to_numpy(),
                               cells.groupby(["model", "indicator"]).sum().reindex(reg.index),
                               rtol=1e-12)


def test_joint_over_sum_by_hand(hand):
    st = make_stoppage(hand, ["A:s", "B:s"], days=365)
    res = static_losses(hand, st, models=["leontief_constrained", "iim_demand"])
    # alone: A:s loses 100 + 20 at B:s, B:s loses 100; together 100 + 100: B:s's lost orders
    # from A:s are counted once
    out, va, hours = res.joint["leontief_constrained"]
    assert out == pytest.approx(200 / 220)
    assert va == pytest.approx((30 + 100) / (30 + 20 + 100))
    assert hours == pytest.approx((10 + 20) / (10 + 4 + 20))
    np.testing.assert_allclose(res.joint["iim_demand"], 1.0)  # linear: joint = sum
    s = res.summary()
    joint = s[s.indicator == "shock_joint_over_sum"]
    assert (joint["unit"] == "ratio").all() and len(joint) == 2 * 3
    assert list(s.columns[:6]) == ["indicator", "label", "unit", "account", "variant", "modelled"]


def test_models_on_sparse_and_dense_tables_agree():
    dense, sparse = random_table(4, R=2, S=3), random_table(4, R=2, S=3, sparse=True)
    kw = {"days": 40}
    a = static_losses(dense, make_stoppage(dense, ["r1:s2:0.3", "r0:s0"], **kw), recovery=25)
    b = static_losses(sparse, make_stoppage(sparse, ["r1:s2:0.3", "r0:s0"], **kw), recovery=25)
    for model in MODELS:
        np.testing.assert_allclose(a.output[model], b.output[model], rtol=1e-10, atol=1e-10)


# ---- the dynamic IIM ---------------------------------------------------------------------------
def test_diim_isolated_cell_by_hand():
    from interlabor.model import Account, build_mrio

    Y = np.array([[100.0], [50.0]])
    m = build_mrio(np.zeros((2, 2)), Y, regions=["A"], sectors=["s", "t"], categories=["hh"],
                   accounts=[Account("hours", "hours", np.array([1.0, 1.0]))])
    T, D, H = 20.0, 10, 60
    k = np.log(100) / T
    path = dynamic_inoperability(m, np.array([0]), np.array([0.5]), np.array([D]),
                                 np.full(2, T), horizon=H)
    # q = 0.5 on days 0..9, then 0.5 (1 - k)^t on day 10 + t - 1 ... up to day H - 1
    want = 100 * 0.5 / 365 * (D + sum((1 - k) ** t for t in range(1, H - D + 1)))
    assert path.loss[0] == pytest.approx(want, rel=1e-12)
    assert path.loss[1] == 0 and path.days == H
    np.testing.assert_allclose(resilience(m, np.full(2, T)), k)


def test_diim_tends_to_the_constrained_leontief_model_while_stopped(hand):
    path = dynamic_inoperability(hand, np.array([0]), np.array([1.0]), np.array([365]),
                                 np.full(4, 30.0), horizon=250)
    np.testing.assert_allclose(path.final, [1.0, 0, 0.2, 0], atol=1e-10)
    dx, _ = constrained_leontief(hand, np.array([0]), np.array([1.0]))
    np.testing.assert_allclose(path.daily[-1].sum() * 365, dx.sum(), rtol=1e-9)


def test_diim_recovers_and_stops(hand):
    res = static_losses(hand, make_stoppage(hand, ["A:s:0.5"], days=30), recovery=30)
    assert res.diim is not None and res.diim.converged
    assert res.diim.days < 3650
    static = res.output["leontief_constrained"].sum()
    assert res.output["diim"].sum() > static  # the recovery after the stoppage adds to it
