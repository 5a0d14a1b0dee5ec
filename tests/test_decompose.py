"""Structural decomposition: index-number identities, one-factor tables, additivity, order."""

from __future__ import annotations

import math
from itertools import permutations

import numpy as np
import pandas as pd
import pytest

from interlabor.decompose import (
    FACTORS,
    POPULATION,
    decompose,
    polar_average,
    pwt_deflators,
    shapley,
)
from interlabor.errors import CoverageError, InvalidValueError, LabelMismatchError
from interlabor.indicators import INDICATORS
from interlabor.model import Account, build_mrio

REGIONS = ("USA", "CHN", "DEU", "IND")  # North, South, North, South
S = 3


# ---- index numbers --------------------------------------------------------------------------
def _values(f, x0, x1):
    """f at every combination of the factors (bit i set: factor i at its end value)."""
    k = len(x0)
    return np.array([f(*[x1[i] if m >> i & 1 else x0[i] for i in range(k)])
                     for m in range(2 ** k)])


def test_shapley_equals_hand_computation_and_two_polar_for_two_factors():
    a0, a1, b0, b1 = 2.0, 5.0, 7.0, 3.0
    v = _values(lambda a, b: a * b, (a0, b0), (a1, b1))
    hand = np.array([(a1 - a0) * (b0 + b1) / 2, (b1 - b0) * (a0 + a1) / 2])  # -> 15, -14
    np.testing.assert_allclose(hand, [15.0, -14.0])
    np.testing.assert_allclose(shapley(v), hand, rtol=0, atol=1e-12)
    np.testing.assert_allclose(polar_average(v), hand, rtol=0, atol=1e-12)


def test_shapley_is_the_average_over_all_orderings():
    rng = np.random.default_rng(1)
    x0, x1 = rng.uniform(0.5, 2, 4), rng.uniform(0.5, 2, 4)
    f = lambda a, b, c, d: a * b ** 2 / c + np.sin(d) * a  # noqa: E731
    v = _values(f, x0, x1)
    expect = np.zeros(4)
    for order in permutations(range(4)):  # independent: walk each ordering
        x = list(x0)
        for i in order:
            before = f(*x)
            x[i] = x1[i]
            expect[i] += f(*x) - before
    expect /= math.factorial(4)
    np.testing.assert_allclose(shapley(v), expect, rtol=1e-12)
    assert abs(shapley(v).sum() - (v[-1] - v[0])) < 1e-12
    # the two-polar average: ordering 0..3 and its reverse only
    first, x = np.zeros(4), list(x0)
    for i in range(4):
        before = f(*x)
        x[i] = x1[i]
        first[i] = f(*x) - before
    second, x = np.zeros(4), list(x0)
    for i in reversed(range(4)):
        before = f(*x)
        x[i] = x1[i]
        second[i] = f(*x) - before
    np.testing.assert_allclose(polar_average(v), (first + second) / 2, rtol=1e-12)
    assert not np.allclose(polar_average(v), shapley(v))  # k > 2: not the same decomposition


def test_shapley_rejects_a_count_that_is_not_a_power_of_two():
    with pytest.raises(ValueError, match="2\\^k"):
        shapley(np.zeros(6))


# ---- constructed tables -----------------------------------------------------------------------
def _parts(seed: int):
    """Factors of a table: T (origin shares of A), B, s, Tf, m, g, W, direct, population."""
    rng = np.random.default_rng(seed)
    R, n = len(REGIONS), len(REGIONS) * S
    B = rng.uniform(0.05, 0.2, (S, n))  # column sums < 0.6: productive
    T = rng.uniform(0.1, 1, (R, S, n))
    T /= T.sum(axis=0)
    Tf = rng.uniform(0.1, 1, (R, S, R))
    Tf /= Tf.sum(axis=0)
    m = rng.uniform(0.1, 1, (S, R))
    m /= m.sum(axis=0)
    g = rng.uniform(0.5, 1, R)
    return dict(T=T, B=B, s=rng.uniform(1, 5, n), Tf=Tf, m=m, g=g / g.sum(), W=1000.0,
                direct=rng.uniform(0, 3, R), pop=rng.uniform(1e3, 5e3, R))


def _table(p: dict, year: int, regions=REGIONS):
    R, n = len(regions), len(regions) * S
    A = (p["T"] * p["B"][None]).reshape(n, n)
    Y = (p["Tf"] * p["m"][None] * p["g"][None, None, :] * p["W"]).reshape(n, R)
    x = np.linalg.solve(np.eye(n) - A, Y.sum(axis=1))
    accounts = [Account("hours", "million hours", p["s"] * x, final_demand=p["direct"],
                        modelled=True),
                Account("population", "thousand persons", np.zeros(n),
                        final_demand=p["pop"], extension="demography")]
    return build_mrio(A * x[None, :], Y, regions=regions, sectors=[f"c{i}" for i in range(S)],
                      categories=["CONS_h"], accounts=accounts, year=year)


@pytest.mark.parametrize("factor", [*FACTORS, POPULATION])
def test_only_one_factor_changes_every_other_effect_is_zero(factor):
    p0, new = _parts(0), _parts(1)
    key = {"intensity": ["s"], "technology": ["B"], "trade": ["T", "Tf"],
           "demand_level": ["W"], "demand_mix": ["m"], "demand_distribution": ["g"],
           "direct": ["direct"], POPULATION: ["pop"]}[factor]
    p1 = {**p0, **{k: new[k] for k in key}}
    if factor == "demand_level":
        p1["W"] = 1375.0
    res = decompose(_table(p0, 2000), _table(p1, 2010), per_capita=factor == POPULATION)
    eff, change = res.effects, res.values["change"]
    scale = res.values[["from", "to"]].abs().to_numpy().max()
    assert np.abs(change).max() > 1e-3 * scale  # the factor did change something
    for method in ("shapley", "two_polar"):
        others = eff[method].drop(columns=factor)
        assert np.abs(others.to_numpy()).max() < 1e-9 * scale, (method, factor)
        np.testing.assert_allclose(eff[(method, factor)], change, rtol=0, atol=1e-9 * scale)


def _random_pair(seed=0, regions=REGIONS):
    return _table(_parts(seed), 2000, regions), _table(_parts(seed + 10), 2010, regions)


@pytest.mark.parametrize("per_capita", [False, True])
def test_contributions_add_up_to_the_change(per_capita):
    m0, m1 = _random_pair()
    res = decompose(m0, m1, per_capita=per_capita)
    scale = res.values[["from", "to"]].abs().to_numpy().max()
    for method in ("shapley", "two_polar"):
        total = res.effects[method].sum(axis=1)
        np.testing.assert_allclose(total, res.values["change"], rtol=0, atol=1e-9 * scale)
    assert res.attrs["additivity_residual"] < 1e-9 * scale
    # the independent end points: footprints of each table, summed to groups by hand
    H = res.values.xs("footprint_by_origin", level="scope")["to"].unstack("consumer")
    north = ["USA", "DEU"]
    south = ["CHN", "IND"]
    sn = H.loc[south, north].to_numpy()
    if per_capita:
        pop = pd.Series(_parts(10)["pop"] * 1e3, index=REGIONS)
        hand = (sn * pop[north].to_numpy()[None]).sum() / pop[north].sum()
    else:
        hand = sn.sum()
    assert res.values.loc[("group_flow", "South", "North"), "to"] == pytest.approx(hand, rel=1e-12)
    assert res.factors == FACTORS + ((POPULATION,) if per_capita else ())


def test_independent_of_the_order_of_regions():
    m0, m1 = _random_pair(3)
    order = [2, 0, 3, 1]
    regions = tuple(REGIONS[i] for i in order)

    def permuted(m):
        idx = np.concatenate([np.arange(i * S, (i + 1) * S) for i in order])
        acc = [Account(a.name, a.unit, a.values[idx], final_demand=a.final_demand[order],
                       modelled=a.modelled, extension=a.extension) for a in m.accounts]
        return build_mrio(m.Z[np.ix_(idx, idx)], m.Y[np.ix_(idx, order)], regions=regions,
                          sectors=m.sectors, categories=m.categories, accounts=acc,
                          year=m.year)

    a = decompose(m0, m1, per_capita=True)
    b = decompose(permuted(m0), permuted(m1), per_capita=True)
    pd.testing.assert_frame_equal(a.values, b.values.reindex(a.values.index), rtol=1e-10)
    pd.testing.assert_frame_equal(a.effects, b.effects.reindex(a.effects.index), rtol=1e-9,
                                  atol=1e-9)


def test_constant_prices_move_effects_not_the_change():
    m0, m1 = _random_pair(5)
    nominal = decompose(m0, m1)
    defl = dict(zip(REGIONS, [1.2, 2.5, 0.9, 1.6], strict=True))
    const = decompose(m0, m1, deflator=defl)
    # hours flows of each year are invariant to deflating (a similarity transform of A)
    pd.testing.assert_frame_equal(const.values, nominal.values, rtol=1e-10)
    assert not np.allclose(const.effects["shapley"]["trade"], nominal.effects["shapley"]["trade"])


def test_pure_inflation_is_no_change_in_constant_prices():
    """All prices up by c, nothing real changed: nominal intensity falls and level rises by
    the same amount; deflated by c, every contribution is zero."""
    p0 = _parts(4)
    c = 1.8
    p1 = {**p0, "s": p0["s"] / c, "W": p0["W"] * c}
    m0, m1 = _table(p0, 2000), _table(p1, 2010)
    nominal = decompose(m0, m1)
    scale = nominal.values["from"].abs().max()
    assert nominal.values["change"].abs().max() < 1e-9 * scale
    sn = nominal.effects.loc[("group_flow", "South", "North"), "shapley"]
    assert sn["intensity"] < -0.1 * nominal.values.loc[("group_flow", "South", "North"), "from"]
    assert sn["intensity"] == pytest.approx(-sn["demand_level"], rel=1e-9)
    const = decompose(m0, m1, deflator=dict.fromkeys(REGIONS, c))
    assert const.effects.abs().to_numpy().max() < 1e-9 * scale


def test_tidy_output_carries_ids_and_the_modelled_flag():
    m0, m1 = _random_pair()
    res = decompose(m0, m1)
    long = res.long()
    assert set(long["indicator"]) == {"decomposition_value", "decomposition_change",
                                      "decomposition_effect"}
    assert set(long["indicator"]) <= set(INDICATORS)
    assert long["modelled"].all() and (long["unit"] == "million hours").all()
    eff = long[(long["indicator"] == "decomposition_effect") & (long["method"] == "shapley")]
    total = eff.groupby(["scope", "origin", "consumer"])["value"].sum()
    change = long[long["indicator"] == "decomposition_change"].set_index(
        ["scope", "origin", "consumer"])["value"]
    np.testing.assert_allclose(total.reindex(change.index), change, atol=1e-9)


def test_errors_name_what_is_wrong():
    m0, m1 = _random_pair()
    other = _table(_parts(2), 2010, ("USA", "CHN", "DEU", "BRA"))
    with pytest.raises(LabelMismatchError, match="regions"):
        decompose(m0, other)
    with pytest.raises(InvalidValueError, match="one grouping for both years"):
        decompose(m0, m1, groups="north-south-by-year")
    with pytest.raises(InvalidValueError, match="deflator missing or not positive.*IND"):
        decompose(m0, m1, deflator={"USA": 1.0, "CHN": 1.0, "DEU": 1.0})


# ---- deflators --------------------------------------------------------------------------------
def _pwt(folder, var, rows):
    d = folder / "pwt1001"
    d.mkdir(exist_ok=True)
    text = "country,year," + var + "\n" + "".join(f"{c},{y},{v}\n" for c, y, v in rows)
    (d / f"ddf--datapoints--{var}--by--country--year.csv").write_text(text)


def test_pwt_deflators_by_hand(tmp_path):
    _pwt(tmp_path, "pl_gdpo", [("usa", 2000, 0.8), ("usa", 2010, 0.9), ("chn", 2000, 0.2),
                              ("chn", 2010, 0.4), ("nor", 2000, 1.0), ("nor", 2010, 1.5),
                              ("che", 2000, 1.2), ("che", 2010, 1.2), ("sgp", 2010, 0.7)])
    _pwt(tmp_path, "cgdpo", [("nor", 2010, 300.0), ("che", 2010, 500.0), ("sgp", 2010, 400.0),
                             ("usa", 2010, 1e4), ("chn", 2010, 1e4)])
    d = pwt_deflators(tmp_path, ["USA", "CHN", "RoW"], 2010, 2000)
    assert d["USA"] == pytest.approx(0.9 / 0.8)
    assert d["CHN"] == pytest.approx(2.0)
    # RoW: nominal GDP N = cgdpo * pl (NOR 450, CHE 600; SGP lacks 2000): sum N / sum N / D
    assert d["RoW"] == pytest.approx((450 + 600) / (450 / 1.5 + 600 / 1.0))
    with pytest.raises(CoverageError, match="IND"):
        pwt_deflators(tmp_path, ["USA", "IND"], 2010, 2000)


@pytest.mark.shared
def test_pwt_deflators_of_the_wiod_countries(shared_data):
    regions = ["USA", "CHN", "DEU", "TWN", "RoW"]
    d = pwt_deflators(shared_data, regions, 2011, 1995)
    assert d.notna().all() and (d > 0).all()
    # US$ price levels: the US GDP deflator rose about 37 % 1995-2011 (PWT 0.911 / 0.667);
    # China's US$ price level nearly tripled (inflation plus the renminbi's rise)
    assert d["USA"] == pytest.approx(1.367, abs=0.01)
    assert 2.5 < d["CHN"] < 3.2
