"""Properties over random productive tables (hypothesis)."""

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interlabor import kernel
from interlabor.shocks import (
    constrained_ghosh,
    constrained_leontief,
    extraction,
    extraction_closed_form,
    make_stoppage,
    static_losses,
)
from interlabor.shocks.static import STATIC

from .conftest import random_table

SETTINGS = settings(max_examples=25, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


@st.composite
def table_and_stops(draw):
    seed = draw(st.integers(0, 10_000))
    R, S = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    m = random_table(seed, R=R, S=S, density=draw(st.floats(0.2, 1.0)),
                     sparse=draw(st.booleans()))
    k = draw(st.integers(1, min(3, m.n)))
    cells = draw(st.lists(st.integers(0, m.n - 1), min_size=k, max_size=k, unique=True))
    shares = draw(st.lists(st.floats(0.05, 1.0), min_size=k, max_size=k))
    days = draw(st.floats(1.0, 365.0))
    stops = [f"{m.regions[c // m.n_sectors]}:{m.sectors[c % m.n_sectors]}:{s}"
             for c, s in zip(cells, shares, strict=True)]
    return m, make_stoppage(m, stops, days=days)


@SETTINGS
@given(table_and_stops())
def test_losses_are_bounded_and_add_up(case):
    m, stoppage = case
    res = static_losses(m, stoppage, models=STATIC)
    x = m.x
    cells = res.by_cell()
    out = cells[cells.indicator == "shock_output_lost"].groupby("model")["value"].sum()
    for model in res.models:
        dx = res.output[model].sum(axis=1)
        assert dx.min() >= -1e-9 * x.max(), model
        assert np.all(dx <= x * (1 + 1e-9) + 1e-9), model
        np.testing.assert_allclose(dx.sum(), out[model], rtol=1e-10)
    # the stopped cells lose at least their stopped share in the constrained models
    lost = res.output["leontief_constrained"].sum(axis=1)[stoppage.cells]
    assert np.all(lost >= stoppage.annual * x[stoppage.cells] * (1 - 1e-9))


@SETTINGS
@given(table_and_stops())
def test_joint_is_at_most_the_sum_in_the_static_models(case):
    m, stoppage = case
    res = static_losses(m, stoppage, models=STATIC)
    for model, ratio in res.joint.items():
        ok = np.isfinite(ratio)
        assert np.all(ratio[ok] <= 1 + 1e-9), (model, ratio)
        if model in ("iim_demand", "iim_supply"):  # linear in the perturbation
            np.testing.assert_allclose(ratio[ok], 1.0, rtol=1e-9)


@SETTINGS
@given(table_and_stops())
def test_complementarity_conditions(case):
    m, stoppage = case
    cells, delta = stoppage.cells, stoppage.annual
    b = delta * m.x[cells]
    dx, u = constrained_leontief(m, cells, delta)
    assert np.all(u >= 0) and np.all(dx[cells] >= b * (1 - 1e-9) - 1e-9)
    np.testing.assert_allclose(u * (dx[cells] - b), 0, atol=1e-7 * max(1.0, b.max() ** 2))
    dx, u = constrained_ghosh(m, cells, delta)
    assert np.all(u >= 0) and np.all(dx[cells] >= b * (1 - 1e-9) - 1e-9)


@SETTINGS
@given(st.integers(0, 10_000), st.floats(0.01, 1.0), st.sampled_from(["backward", "forward"]))
def test_closed_form_equals_the_solve(seed, share, direction):
    m = random_table(seed, R=2, S=2)
    closed = extraction_closed_form(m, m.x, direction=direction, share=share)
    j = seed % m.n
    dx, _ = extraction(m, np.array([j]), share, direction=direction)
    np.testing.assert_allclose(closed[j], dx.sum(), rtol=1e-9, atol=1e-9)


@SETTINGS
@given(st.integers(0, 10_000))
def test_zero_columns_and_rows_extract_nothing(seed):
    m0 = random_table(seed, R=2, S=2)
    Z = np.array(m0.Z, dtype=float)
    j = seed % m0.n
    Z[:, j] = 0.0  # j buys nothing
    Z[(j + 1) % m0.n, :] = 0.0  # the next cell sells nothing as an input
    from interlabor.model import build_mrio

    m = build_mrio(Z, m0.Y, regions=m0.regions, sectors=m0.sectors, categories=m0.categories,
                   accounts=m0.accounts, warn=False)
    assert np.abs(extraction(m, np.array([j]), 1.0, direction="backward")[0]).max() < 1e-9
    forward = extraction(m, np.array([(j + 1) % m.n]), 1.0, direction="forward")[0]
    assert np.abs(forward).max() < 1e-9
    np.testing.assert_allclose(kernel.leontief_diagonal(m)[j] >= 1, True)
