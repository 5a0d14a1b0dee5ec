"""Linkages and the forward view (docs/linkages.md): hand example, dense inverses, pymrio."""

from __future__ import annotations

from contextlib import nullcontext

import numpy as np
import pandas as pd
import pytest

import interlabor as il
from interlabor import linkages as lk
from interlabor.errors import AccountNotFoundError, NonProductiveError, UnitError
from interlabor.indicators import INDICATORS
from interlabor.kernel import allocation_coefficients, ghosh_output, ghosh_solve
from interlabor.model import Account, build_mrio

# Miller & Blair (2009), ch. 2: A = [[.15, .25], [.20, .05]], x = [1000, 2000], so
# Z = A diag(x) = [[150, 500], [200, 100]] and f = x - Z 1 = [350, 1700], split here into
# household consumption [40, 320] and the rest; compensation [300, 500] gives the labour
# coefficients [.30, .25] and the household consumption coefficients [40, 320] / 800 =
# [.05, .40] of their example closed for households (without households' own purchases).
Z_MB = np.array([[150.0, 500.0], [200.0, 100.0]])
Y_MB = np.array([[40.0, 310.0], [320.0, 1380.0]])
DET = 0.85 * 0.95 - 0.25 * 0.20  # det(I - A) = det(I - B) = 0.7575


def textbook(**accounts: np.ndarray) -> il.MRIO:
    accs = [Account("compensation", "USD million", np.array([300.0, 500.0])),
            Account("hours", "million hours", np.array([10.0, 30.0]), modelled=True)]
    accs += [Account(k, "USD million", v) for k, v in accounts.items()]
    return build_mrio(Z_MB, Y_MB, regions=["R"], sectors=["s1", "s2"],
                      categories=["CONS_h", "other"], accounts=accs)


def random_table(R: int = 3, S: int = 4, seed: int = 0, zero: bool = False) -> il.MRIO:
    rng = np.random.default_rng(seed)
    n = R * S
    Z = rng.uniform(0, 10, (n, n)) * (rng.uniform(size=(n, n)) < 0.7)
    Y = rng.uniform(5, 40, (n, 2 * R))
    if zero:  # one region-sector without output, sales or purchases
        Z[1, :] = Z[:, 1] = 0.0
        Y[1, :] = 0.0
    x = Z.sum(1) + Y.sum(1)
    accs = [Account("compensation", "USD million", 0.3 * x * rng.uniform(0.5, 1.5, n)),
            Account("hours", "million hours", x * rng.uniform(0.01, 0.2, n))]
    with pytest.warns(Warning) if zero else nullcontext():
        return build_mrio(Z, Y, regions=[f"r{i}" for i in range(R)],
                          sectors=[f"s{i}" for i in range(S)], categories=["CONS_h", "GFCF"],
                          accounts=accs)


def dense(m: il.MRIO) -> tuple[np.ndarray, np.ndarray]:
    """``L`` and ``G`` by dense inversion (tests only)."""
    Z = np.asarray(m.Z)
    inv = np.divide(1.0, m.x, out=np.zeros(m.n), where=m.x > 0)
    L = np.linalg.inv(np.eye(m.n) - Z * inv[None, :])
    G = np.linalg.inv(np.eye(m.n) - inv[:, None] * Z)
    return L, G


# ---- the hand example ---------------------------------------------------------------------------
def test_textbook_backward_linkages_by_hand():
    # L = adj(I - A) / det = [[.95, .25], [.20, .85]] / .7575: column sums 1.15 and 1.10
    b = lk.backward_linkages(textbook())
    np.testing.assert_allclose(b["total"], [1.15 / DET, 1.10 / DET], rtol=1e-12)
    np.testing.assert_allclose(b["total"], [1.518152, 1.452145], atol=1e-6)  # M&B Table 2.4
    np.testing.assert_allclose(b["index"], [1.15 / 1.125, 1.10 / 1.125], rtol=1e-12)
    np.testing.assert_allclose(b["foreign"], 0.0, atol=1e-15)  # one region: all domestic


def test_textbook_forward_linkages_by_hand():
    # B = diag(x)^-1 Z = [[.15, .5], [.1, .05]]; G = [[.95, .5], [.1, .85]] / .7575
    m = textbook()
    np.testing.assert_allclose(allocation_coefficients(m), [[0.15, 0.5], [0.1, 0.05]])
    f = lk.forward_linkages(m)
    np.testing.assert_allclose(f["total"], [1.45 / DET, 0.95 / DET], rtol=1e-12)
    np.testing.assert_allclose(f["index"], [1.45 / 1.2, 0.95 / 1.2], rtol=1e-12)
    G = np.array([[0.95, 0.5], [0.1, 0.85]]) / DET
    np.testing.assert_allclose(ghosh_solve(m, np.eye(2)), G, rtol=1e-12)


def test_textbook_downstream_accounts_by_hand():
    # s = [10/1000, 30/2000]; G s = [.95*.01 + .5*.015, .1*.01 + .85*.015] / .7575
    d = lk.downstream_accounts(textbook(), ["hours"]).xs("hours")
    np.testing.assert_allclose(d["downstream_intensity"], [0.017 / DET, 0.01375 / DET])
    np.testing.assert_allclose(d["primary_inputs"], [650.0, 1400.0])
    np.testing.assert_allclose(d["income_based"], [650 * 0.017 / DET, 1400 * 0.01375 / DET])
    assert d["income_based"].sum() == pytest.approx(40.0, rel=1e-12)  # = total hours


def test_textbook_type2_against_the_closed_matrix():
    # propensity "average": M&B's household column, consumption per unit of labour income
    Abar = np.array([[0.15, 0.25, 0.05], [0.20, 0.05, 0.40], [0.30, 0.25, 0.0]])
    Lbar = np.linalg.inv(np.eye(3) - Abar)
    t = lk.type2_multipliers(textbook(), accounts=["hours"], propensity="average")
    out = t.xs("output")
    np.testing.assert_allclose(out["type2"], Lbar[:2, :2].sum(axis=0), rtol=1e-12)
    np.testing.assert_allclose(out["type1"], [1.15 / DET, 1.10 / DET], rtol=1e-12)
    hours = t.xs("hours")
    np.testing.assert_allclose(hours["type2"], np.array([0.01, 0.015]) @ Lbar[:2, :2])
    assert (t["induced"] > 0).all()
    assert t.attrs["income"] == "compensation" and t.attrs["households"] == "CONS_h"
    assert "per-region households" in t.attrs["closure"]
    assert t.attrs["modelled"] == {"output": False, "hours": True}
    assert t.attrs["propensity"] == {"R": pytest.approx(0.45)}  # 360 / 800


@pytest.mark.parametrize("p", [1.0, 0.6])
def test_textbook_type2_consumption_shares(p):
    # default: households spend p of each unit of labour income in the shares [40, 320] / 360
    Abar = np.array([[0.15, 0.25, p * 40 / 360], [0.20, 0.05, p * 320 / 360], [0.30, 0.25, 0]])
    Lbar = np.linalg.inv(np.eye(3) - Abar)
    t = lk.type2_multipliers(textbook(), propensity=p)
    np.testing.assert_allclose(t.xs("output")["type2"], Lbar[:2, :2].sum(axis=0), rtol=1e-12)
    assert t.attrs["propensity"]["R"] == pytest.approx(p)
    assert f"spend {p:g} of each unit" in t.attrs["closure"]
    with pytest.raises(ValueError, match="propensity"):
        lk.type2_multipliers(textbook(), propensity=1.5)


# ---- dense comparisons on a random multi-region table ------------------------------------------
@pytest.mark.parametrize("zero", [False, True])
def test_linkages_and_split_match_dense_inverses(zero):
    m = random_table(zero=zero)
    L, G = dense(m)
    reg = np.repeat(np.arange(m.n_regions), m.n_sectors)
    same = reg[:, None] == reg[None, :]
    b, f = lk.backward_linkages(m), lk.forward_linkages(m)
    np.testing.assert_allclose(b["total"], L.sum(axis=0), rtol=1e-10)
    np.testing.assert_allclose(b["domestic"], (L * same).sum(axis=0), rtol=1e-10)
    np.testing.assert_allclose(f["total"], G.sum(axis=1), rtol=1e-10)
    np.testing.assert_allclose(f["foreign"], (G * ~same).sum(axis=1), rtol=1e-10)
    pos = m.x > 0
    np.testing.assert_allclose(b["index"][pos], L.sum(0)[pos] / L.sum(0)[pos].mean())
    for t in (b, f):  # the parts add up to the index
        np.testing.assert_allclose(t["index_domestic"] + t["index_foreign"], t["index"])
        assert t["index"].isna().sum() == (~pos).sum()
    W = np.random.default_rng(1).normal(size=(m.n, 3))
    np.testing.assert_allclose(ghosh_solve(m, W), G @ W, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("propensity", [1.0, "average"])
def test_type2_matches_a_dense_closed_inverse_and_exceeds_type1(propensity):
    m = random_table(seed=3)
    n, R, S = m.n, m.n_regions, m.n_sectors
    w = m.account("compensation").values
    Abar = np.zeros((n + R, n + R))
    Abar[:n, :n] = np.asarray(m.A)
    hh = m.Y.reshape(n, R, 2)[:, :, 0]
    for r in range(R):
        cells = slice(r * S, (r + 1) * S)
        Abar[n + r, cells] = w[cells] / m.x[cells]
        income = w[cells].sum() if propensity == "average" else hh[:, r].sum()
        Abar[:n, n + r] = hh[:, r] / income
    Lbar = np.linalg.inv(np.eye(n + R) - Abar)
    t = lk.type2_multipliers(m, accounts=["hours"], propensity=propensity)
    np.testing.assert_allclose(t.xs("output")["type2"], Lbar[:n, :n].sum(0), rtol=1e-10)
    s = m.account("hours").values / m.x
    np.testing.assert_allclose(t.xs("hours")["type2"], s @ Lbar[:n, :n], rtol=1e-10)
    assert (t["type2"] >= t["type1"]).all()


def test_ghosh_identity_and_income_based_totals():
    m = random_table(seed=5)
    v = m.value_added
    np.testing.assert_allclose(ghosh_output(m, v), m.x, rtol=1e-10)  # x' = v' G
    np.testing.assert_allclose(v @ ghosh_solve(m, np.eye(m.n)), m.x, rtol=1e-10)
    d = lk.downstream_accounts(m, ["hours"])
    assert d["income_based"].sum() == pytest.approx(m.account("hours").values.sum(), rel=1e-10)


def test_against_pymrio():
    iomath = pytest.importorskip("pymrio.tools.iomath")
    m = random_table(seed=7)
    Z, x = np.asarray(m.Z), m.x
    A = iomath.calc_A(Z, x)
    L = iomath.calc_L(A)
    G = iomath.calc_G(iomath.calc_B(Z, x))
    np.testing.assert_allclose(lk.backward_linkages(m)["total"], L.sum(axis=0), rtol=1e-10)
    np.testing.assert_allclose(lk.forward_linkages(m)["total"], G.sum(axis=1), rtol=1e-10)
    S = (m.account("hours").values / x)[None, :]
    M_down = iomath.calc_M_down(S, G)  # S (G' - I): downstream without the sector's own
    d = lk.downstream_accounts(m, ["hours"])
    np.testing.assert_allclose(d["downstream_intensity"], (M_down + S).ravel(), rtol=1e-10)


def test_bundled_table_identities():
    m = il.read("default")
    d = lk.downstream_accounts(m, ["hours"])
    assert d["income_based"].sum() == pytest.approx(d["production_based"].sum(), rel=1e-8)
    np.testing.assert_allclose(ghosh_output(m, m.value_added), m.x, rtol=1e-8, atol=1e-6)
    b = lk.backward_linkages(m)
    assert (b["total"] >= 1 - 1e-12).all() and b["index"].mean() == pytest.approx(1.0)


# ---- errors and the tidy table ------------------------------------------------------------------
def test_type2_refuses_without_income_or_households():
    m = textbook()
    bare = build_mrio(Z_MB, Y_MB, regions=["R"], sectors=["s1", "s2"],
                      categories=["CONS_h", "other"])
    with pytest.raises(AccountNotFoundError, match="'compensation' or 'labour_income'"):
        lk.type2_multipliers(bare)
    with pytest.raises(AccountNotFoundError, match="household final consumption.*CONS_h"):
        lk.type2_multipliers(m, households="HFCE")
    with pytest.raises(UnitError, match="hours"):
        lk.type2_multipliers(m, income="hours")


def test_type2_not_productive_names_the_households():
    # all final demand is household consumption: the labour income it embodies is all labour
    # income, the loop gain H L C is 1 and the closed system singular
    m = build_mrio(Z_MB, np.array([[350.0, 0.0], [1700.0, 0.0]]), regions=["R"],
                   sectors=["s1", "s2"], categories=["CONS_h", "other"],
                   accounts=[Account("compensation", "USD million", np.array([300.0, 500.0]))])
    with pytest.raises(NonProductiveError, match="households/R"):
        lk.type2_multipliers(m, propensity="average")
    lk.type2_multipliers(m)  # consumption shares: the loop gain is W / HFCE = 800 / 2050


def test_tidy_table():
    m = random_table(seed=2)
    t = lk.linkages(m, accounts=["hours"])
    assert set(t["indicator"]) <= set(INDICATORS)
    assert set(t["indicator"]) == {
        "backward_linkage", "backward_linkage_index", "forward_linkage",
        "forward_linkage_index", "downstream_intensity", "income_based",
        "type1_output_multiplier", "type2_output_multiplier", "type1_multiplier",
        "type2_multiplier"}
    bl = t[t["indicator"] == "backward_linkage_index"].pivot_table(
        index=["region", "sector"], columns="part", values="value")
    np.testing.assert_allclose(bl["domestic"] + bl["foreign"], bl["total"])
    assert (t["label"].str.len() > 0).all()
    assert t.loc[t["indicator"] == "type2_output_multiplier", "note"].str.contains(
        "per-region households").all()
    with pytest.raises(ValueError, match="need an account"):
        lk.linkages(m, kinds=["ghosh"])
    with pytest.raises(ValueError, match="unknown kind"):
        lk.linkages(m, kinds=["sideways"])


def test_modelled_flag_is_carried():
    t = lk.linkages(textbook(), kinds=["ghosh", "type2"], accounts=["hours"])
    flag = t.groupby("indicator")["modelled"].all()
    assert flag["income_based"] and flag["type2_multiplier"]
    assert not t.loc[t["indicator"] == "type2_output_multiplier", "modelled"].any()
    assert isinstance(t, pd.DataFrame)


def test_sparse_table_gives_the_same_numbers():
    import scipy.sparse as sp

    m = random_table(seed=4, zero=True)
    with pytest.warns(Warning):
        s = build_mrio(sp.csr_array(np.asarray(m.Z)), m.Y, regions=m.regions, sectors=m.sectors,
                       categories=m.categories, accounts=m.accounts)
    a, b = lk.linkages(m, accounts=["hours"]), lk.linkages(s, accounts=["hours"])
    np.testing.assert_allclose(a["value"], b["value"], rtol=1e-10)


def test_ghosh_solve_checks_the_shape():
    with pytest.raises(ValueError, match=r"expected \(2,\) or \(2, k\)"):
        ghosh_solve(textbook(), np.ones(3))
