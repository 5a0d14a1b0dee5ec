"""Structural path analysis: hand-computed paths, the truncated series, the bound, risk tables."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

import interlabor as il
from interlabor.errors import InterlaborError, LabelMismatchError, TableReadError
from interlabor.io.output import SCHEMA
from interlabor.io.risk import read_risk
from interlabor.model import Account, build_mrio
from interlabor.paths import DIRECT, coverage, paths, tiers

# Three sectors a, b, c of one region; A[i, j] = input of i per unit of j:
#   b buys 0.1 of a, a buys 0.2 of b (a cycle), c buys 0.3 of b. x = 100 each.
A3 = np.array([[0.0, 0.2, 0.0],
               [0.1, 0.0, 0.3],
               [0.0, 0.0, 0.0]])
X3 = np.array([100.0, 100.0, 100.0])
S3 = np.array([0.5, 0.2, 0.1])  # hours per unit of output
# Footprint of final demand for c (y_c = 100 - 0 = 100): tier 0 c: 0.1 * 100 = 10; tier 1
# c<-b: 0.2 * 0.3 * 100 = 6; tier 2 c<-b<-a: 0.5 * 0.2 * 0.3 * 100 = 3; then each two more
# steps (b<-a<-b) multiply by A_ba A_ab = 0.02: 0.12 (tier 3), 0.06 (tier 4), ...
FOOT_C = 10 + (6 + 3) / (1 - 0.02)


def _table(direct: float = 0.0):
    Z = A3 * X3[None, :]
    Y = (X3 - Z.sum(axis=1))[:, None]  # (80, 60, 100)
    fd = np.array([direct]) if direct else None
    hours = Account("hours", "million hours", S3 * X3, final_demand=fd, extension="labour",
                    modelled=True)
    return build_mrio(Z, Y, regions=["AAA"], sectors=["a", "b", "c"], categories=["CONS_h"],
                      accounts=[hours])


@pytest.fixture(scope="module")
def t3():
    return _table()


def test_hand_computed_paths_of_product_c(t3):
    res = paths(t3, "hours", "AAA", product="c", top=3, threshold=0.005, depth=8)
    assert list(res.columns[:len(SCHEMA)]) == list(SCHEMA)
    assert set(res["indicator"]) == {"path_footprint"} and res["modelled"].all()
    assert list(res["path"]) == ["AAA final demand c <- AAA c",
                                 "AAA final demand c <- AAA c <- AAA b",
                                 "AAA final demand c <- AAA c <- AAA b <- AAA a"]
    np.testing.assert_allclose(res["value"], [10.0, 6.0, 3.0], rtol=1e-12)
    assert list(res["tier"]) == [0, 1, 2] and list(res["origin_sector"]) == ["c", "b", "a"]
    np.testing.assert_allclose(res["share"], np.array([10, 6, 3]) / FOOT_C, rtol=1e-12)
    a = res.attrs
    assert a["footprint"] == pytest.approx(FOOT_C, rel=1e-12)
    # threshold 0.005 * 19.18 = 0.0959: paths 10, 6, 3, 0.12 (0.06 falls below)
    assert a["n_above_threshold"] == 4
    assert a["coverage_listed"] == pytest.approx(19 / FOOT_C, rel=1e-12)
    assert a["coverage_threshold"] == pytest.approx(19.12 / FOOT_C, rel=1e-12)
    # up to depth 8: 10 + 9 (1 + 0.02 + 0.02^2 + 0.02^3): pairs of tiers (1,2) ... (7,8)
    assert a["coverage_depth"] == pytest.approx(
        (10 + 9 * sum(0.02 ** k for k in range(4))) / FOOT_C, rel=1e-12)
    cov = coverage(res)
    assert set(cov["indicator"]) == {"path_coverage"} and set(cov["product"]) == {"c"}
    assert set(coverage(paths(t3, "hours", "AAA", product="a"))["consumer_region"]) == {"AAA"}
    np.testing.assert_allclose(cov["value"], [a["coverage_listed"], a["coverage_threshold"],
                                              a["coverage_depth"]])


def test_footprint_matches_consumption_based(t3):
    by_product = il.consumption_based(t3, "hours", by="product")
    assert paths(t3, "hours", "AAA", product="c").attrs["footprint"] == pytest.approx(
        by_product.loc["c", "AAA"], rel=1e-12)
    assert by_product.loc["c", "AAA"] == pytest.approx(FOOT_C, rel=1e-12)


def test_direct_final_demand_part_is_a_tier_zero_path():
    t = _table(direct=5.0)
    res = paths(t, "hours", "AAA", category="CONS_h", top=None, threshold=1e-6, depth=30)
    total = il.consumption_based(t, "hours").loc["AAA"]
    assert res.attrs["footprint"] == pytest.approx(total, rel=1e-12)
    row = res[res["origin_sector"] == DIRECT]
    assert len(row) == 1 and row["tier"].iloc[0] == 0 and row["value"].iloc[0] == 5.0
    assert row["path"].iloc[0].startswith("AAA households (direct")
    # all final demand y = (80, 60, 100): tier 0 a: 0.5 * 80 = 40, b: 0.2 * 60 = 12, c: 10
    top = res.head(4)
    np.testing.assert_allclose(top["value"], [40.0, 12.0, 10.0, 6.0], rtol=1e-12)
    assert res.attrs["coverage_threshold"] == pytest.approx(1.0, abs=1e-5)
    # with a product, the direct part (in no product) is left out
    assert DIRECT not in set(paths(t, "hours", "AAA", product="c")["origin_sector"])


@pytest.mark.parametrize("depth", [0, 1, 2, 5, 9])
def test_paths_sum_to_the_truncated_series(t3, depth):
    res = paths(t3, "hours", "AAA", top=None, threshold=1e-13, depth=depth)
    y = t3.Y[:, 0]
    series = sum(S3 @ np.linalg.matrix_power(A3, t) @ y for t in range(depth + 1))
    assert res["value"].sum() == pytest.approx(series, rel=1e-12)
    assert res["tier"].max() == depth


def test_series_converges_to_the_footprint(t3):
    total = il.consumption_based(t3, "hours").loc["AAA"]
    gaps = [1 - paths(t3, "hours", "AAA", top=None, threshold=1e-15, depth=d)
            .attrs["coverage_threshold"] for d in (1, 3, 6, 12, 24)]
    assert all(b < a for a, b in itertools.pairwise(gaps))
    assert gaps[-1] < 1e-12
    assert paths(t3, "hours", "AAA", depth=24).attrs["coverage_depth"] == pytest.approx(
        1.0, abs=1e-12)
    assert paths(t3, "hours", "AAA").attrs["footprint"] == pytest.approx(total, rel=1e-12)


def _random_table(seed: int, R: int = 2, S: int = 3):
    rng = np.random.default_rng(seed)
    n = R * S
    A = rng.uniform(0, 1, (n, n)) * (rng.uniform(size=(n, n)) < 0.7)
    A *= 0.6 / max(abs(np.linalg.eigvals(A)))
    Y = rng.uniform(1, 10, (n, R))
    Y[0, 1] = -2.0  # a negative final demand (changes in inventories)
    x = np.linalg.solve(np.eye(n) - A, Y.sum(axis=1))
    Z = A * x[None, :]
    hours = Account("hours", "million hours", rng.uniform(0, 5, n) * x)
    m = build_mrio(Z, Y, regions=["R1", "R2"][:R], sectors=[f"s{i}" for i in range(S)],
                   categories=["fd"], accounts=[hours])
    return m, np.asarray(m.A), hours.values / x


def _brute(A, s, y, depth):
    """Every path (chain of sectors from the one delivering to final demand) and its value."""
    n = len(y)
    out = {}
    for t in range(depth + 1):
        for chain in itertools.product(range(n), repeat=t + 1):
            v = y[chain[0]]
            for a, b in itertools.pairwise(chain):
                v *= A[b, a]
            out[chain] = v * s[chain[-1]]
    return out


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_bound_never_drops_a_path_above_the_threshold(seed):
    m, A, s = _random_table(seed)
    depth = 4
    y = m.Y[:, 1]  # consumer R2, with the negative entry
    brute = _brute(A, s, y, depth)
    foot = float(il.consumption_based(m, "hours").loc["R2"])
    thr = 2e-3
    want = sorted((v for v in brute.values() if v != 0 and abs(v) >= thr * abs(foot)),
                  key=lambda v: -abs(v))
    res = paths(m, "hours", "R2", top=None, threshold=thr, depth=depth)
    assert res.attrs["footprint"] == pytest.approx(foot, rel=1e-10)
    assert len(res) == len(want) == res.attrs["n_above_threshold"]
    np.testing.assert_allclose(res["value"], want, rtol=1e-10)
    assert (res["value"] < 0).any()  # the negative final demand's paths are found too
    assert res.attrs["expanded"] < len(brute)  # and the bound pruned
    # the exact top K without a threshold
    top = paths(m, "hours", "R2", top=15, threshold=0, depth=depth)
    np.testing.assert_allclose(top["value"], want[:15], rtol=1e-10)
    # the truncated series
    assert sum(brute.values()) / foot == pytest.approx(
        paths(m, "hours", "R2", depth=depth).attrs["coverage_depth"], rel=1e-10)


def test_chain_labels_follow_the_path(seed=3):
    m, A, s = _random_table(seed)
    res = paths(m, "hours", "R1", top=None, threshold=1e-3, depth=3)
    brute = _brute(A, s, m.Y[:, 0], 3)
    for p, v in zip(res["path"], res["value"], strict=True):
        cells = [tuple(c.split(" ")) for c in p.split(" <- ")[1:]]
        chain = tuple(m.index.get_loc(c) for c in cells)
        assert brute[chain] == pytest.approx(v, rel=1e-10)


def test_tiers_hand_computed_and_sum_to_footprint(t3):
    res = tiers(t3, "hours", "AAA", product="c", depth=1, by="sector")
    got = {(t, o): v for t, o, v in zip(res["tier"], res["origin_sector"], res["value"],
                                        strict=True)}
    assert got == pytest.approx({("0", "c"): 10.0, ("1", "b"): 6.0,
                                 ("2+", "a"): 3 / 0.98, ("2+", "b"): 0.12 / 0.98}, rel=1e-12)
    assert res["share"].sum() == pytest.approx(1.0, rel=1e-12)
    assert set(res["indicator"]) == {"tier_footprint"}


def test_tiers_are_all_paths_aggregated():
    m, A, s = _random_table(4)
    depth = 3
    brute = _brute(A, s, m.Y[:, 0], depth)
    res = tiers(m, "hours", "R1", depth=depth, by="region-sector")
    for t in range(depth + 1):
        for cell, (r, sec) in enumerate(m.index):
            want = sum(v for c, v in brute.items() if len(c) == t + 1 and c[-1] == cell)
            got = res[(res.tier == str(t)) & (res.origin_region == r)
                      & (res.origin_sector == sec)]["value"].sum()
            assert got == pytest.approx(want, rel=1e-10, abs=1e-12)
    assert res["value"].sum() == pytest.approx(
        il.consumption_based(m, "hours").loc["R1"], rel=1e-10)
    by_region = tiers(m, "hours", "R1", depth=depth, by="region")
    assert by_region["value"].sum() == pytest.approx(res["value"].sum(), rel=1e-12)


def test_risk_ranking_keeps_high_risk_paths(t3, tmp_path):
    f = tmp_path / "risk.csv"
    f.write_text("region,sector,risk\nAAA,a,1\n")
    w = read_risk(f, t3)
    np.testing.assert_array_equal(w.to_numpy(), [1.0, 0.0, 0.0])
    # on hours alone at 10 % of the footprint (1.92) only 10 and 6 pass: a (3) is far down
    by_hours = paths(t3, "hours", "AAA", product="c", top=1, threshold=0.1)
    assert by_hours["origin_sector"].iloc[0] == "c"
    res = paths(t3, "hours", "AAA", product="c", top=None, threshold=0.01, risk=w)
    # risk exposure only where a works: c<-b<-a 3, c<-b<-a<-b<-a 0.06 (>= 0.01 x 3.06)
    np.testing.assert_allclose(res["value"], [3.0, 0.06], rtol=1e-12)
    assert list(res["origin_sector"]) == ["a", "a"] and set(res["risk"]) == {1.0}
    np.testing.assert_allclose(res["account_value"], [3.0, 0.06], rtol=1e-12)
    assert res.attrs["footprint"] == pytest.approx(3 / 0.98, rel=1e-12)
    assert set(res["indicator"]) == {"path_risk_exposure"}
    assert res["unit"].iloc[0] == "risk x million hours"
    t = tiers(t3, "hours", "AAA", product="c", risk=w)
    assert t["value"].sum() == pytest.approx(3 / 0.98, rel=1e-12)


def test_risk_wildcards_most_specific_wins(tmp_path):
    m, _, _ = _random_table(0)
    f = tmp_path / "risk.csv"
    f.write_text("region,sector,risk,note\n*,*,0.1,\nR1,*,0.5,\n*,s2,0.7,\nR1,s2,2,x\n")
    w = read_risk(f, m)
    assert w.loc[("R1", "s2")] == 2 and w.loc[("R1", "s0")] == 0.5
    assert w.loc[("R2", "s2")] == 0.7 and w.loc[("R2", "s1")] == 0.1


@pytest.mark.parametrize("text, match", [
    ("region,sector\nR1,s0\n", "expected columns region, sector, risk"),
    ("region,sector,risk\nR1,s0,1\nXX,s0,1\n", r"row 3: unknown region 'XX'"),
    ("region,sector,risk\nR1,s9,1\n", r"row 2: unknown sector 's9'"),
    ("region,sector,risk\nR1,s0,-1\n", r"row 2: risk '-1' of R1/s0: expected a finite"),
    ("region,sector,risk\nR1,s0,high\n", r"row 2: risk 'high'"),
    ("region,sector,risk\nR1,s0,1\nR1,s0,2\n", r"row 3: R1/s0 repeats line 2"),
])
def test_risk_table_errors_name_file_and_row(tmp_path, text, match):
    m, _, _ = _random_table(0)
    f = tmp_path / "bad.csv"
    f.write_text(text)
    with pytest.raises(TableReadError, match=match) as exc:
        read_risk(f, m)
    assert str(f) in str(exc.value)
    with pytest.raises(TableReadError, match="not found"):
        read_risk(tmp_path / "missing.csv", m)


@pytest.mark.parametrize("kw, err, match", [
    ({"consumer": "XXX"}, LabelMismatchError, "unknown region 'XXX'"),
    ({"product": "z"}, LabelMismatchError, "unknown sector 'z'"),
    ({"category": "GFCF"}, LabelMismatchError, "unknown category 'GFCF'"),
    ({"top": 0}, InterlaborError, "top must be >= 1"),
    ({"threshold": 1.0}, InterlaborError, "0 <= threshold < 1"),
    ({"threshold": 0, "top": None}, InterlaborError, "give top"),
    ({"depth": -1}, InterlaborError, "depth must be >= 0"),
    ({"risk": np.ones(2)}, InterlaborError, r"shape \(2,\), expected \(3,\)"),
    ({"risk": np.array([1.0, -1.0, 0.0])}, InterlaborError, "finite and >= 0"),
    ({"risk": pd.Series([1.0], index=pd.MultiIndex.from_tuples([("AAA", "a")]))},
     LabelMismatchError, "miss 2 region-sector"),
])
def test_errors(t3, kw, err, match):
    args = {"consumer": "AAA", **kw}
    with pytest.raises(err, match=match):
        paths(t3, "hours", args.pop("consumer"), **args)


def test_tiers_unknown_by(t3):
    with pytest.raises(InterlaborError, match="expected region, sector or region-sector"):
        tiers(t3, "hours", "AAA", by="country")


def test_zero_footprint_has_no_paths(t3):
    t = _table()
    acc = Account("zero", "million hours", np.zeros(3))
    z = t.with_accounts([acc])
    res = paths(z, "zero", "AAA")
    assert len(res) == 0 and np.isnan(res.attrs["coverage_listed"])
    assert t3.n == 3
