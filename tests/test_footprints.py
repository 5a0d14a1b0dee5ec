"""Footprints against pymrio (known answers and pymrio itself) and accounting identities."""

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from interlabor import footprints as fp
from interlabor.errors import LabelMismatchError
from interlabor.model import Account, build_mrio


def small_mrio(k):
    Z = np.array(k["Z"], float)
    Y = np.array(k["Y_cols_reg1_reg2"], float)
    F = np.array(k["F"], float)
    return build_mrio(
        Z, Y, regions=k["regions"], sectors=k["sectors"], categories=["fd"],
        accounts=[Account("ext1", "kg", F[0]), Account("ext2", "kg", F[1])],
    )


def test_pymrio_small_mrio_known_answers(known_answers):
    k = known_answers["pymrio_small_mrio_2reg_3sec"]
    m = small_mrio(k)
    np.testing.assert_allclose(m.x, k["x"])
    M = fp.multipliers(m, ["ext1"]).loc["ext1"].to_numpy()
    np.testing.assert_allclose(M, k["M_row_ext1"], rtol=1e-6)
    cba = fp.consumption_based(m, "ext1")
    expected = k["D_cba_ext1_by_region_total"]
    np.testing.assert_allclose(cba[["reg1", "reg2"]], [expected["reg1"], expected["reg2"]],
                               rtol=1e-6)


# ---- pymrio on the real WIOD 2011 table ---------------------------------------------------
@pytest.fixture(scope="module")
def wiod_with_hours(wiod2011):
    rng = np.random.default_rng(7)
    hours = np.where(wiod2011.x > 0, wiod2011.x * rng.uniform(2, 60, wiod2011.n), 0.0)
    fd = np.zeros(len(wiod2011.fd_columns))
    fd[:: len(wiod2011.categories)] = rng.uniform(10, 500, wiod2011.n_regions)  # households
    acc = Account("hours", "thousand hours", hours, fd, extension="labour", modelled=True)
    return wiod2011.with_accounts([acc])


@pytest.fixture(scope="module")
def pymrio_wiod(wiod_with_hours):
    pymrio = pytest.importorskip("pymrio")
    m = wiod_with_hours
    cols = m.fd_columns.set_names(["region", "category"])
    io = pymrio.IOSystem(
        Z=pd.DataFrame(np.asarray(m.Z), index=m.index, columns=m.index),
        Y=pd.DataFrame(m.Y, index=m.index, columns=cols),
    )
    acc = m.account("hours")
    io.labour = pymrio.Extension(
        "labour",
        F=pd.DataFrame(acc.values[None, :], index=["hours"], columns=m.index),
        F_Y=pd.DataFrame(acc.final_demand[None, :], index=["hours"], columns=cols),
        unit=pd.DataFrame({"unit": ["1000 h"]}, index=["hours"]),
    )
    io.calc_all()
    return io


def assert_close(a, b):
    """1e-9 relative, absolute 1e-12 of the largest value for near-zero entries."""
    a, b = np.asarray(a, float), np.asarray(b, float)
    np.testing.assert_allclose(a, b, rtol=1e-9, atol=1e-12 * np.abs(b).max())


@pytest.mark.parametrize("method", ["dense", "block"])
def test_wiod_matches_pymrio(wiod_with_hours, pymrio_wiod, method):
    m = wiod_with_hours
    fp._SOLVERS.pop(m, None)
    fp._FINAL_OUTPUT.pop(m, None)
    fp.solver(m, method=method)
    try:
        ext = pymrio_wiod.labour
        assert_close(fp.multipliers(m, ["hours"]).to_numpy()[0], ext.M.loc["hours"])
        assert_close(fp.consumption_based(m, "hours"), ext.D_cba_reg.loc["hours", list(m.regions)])
        assert_close(fp.production_based(m, "hours"), ext.D_pba_reg.loc["hours", list(m.regions)])
        by_product = fp.consumption_based(m, "hours", by="product")
        ref = ext.D_cba.loc["hours"].unstack("sector").loc[list(m.regions), list(m.sectors)]
        assert_close(by_product.T, ref)
        # imports footprint: the part produced abroad (pymrio D_imp_reg, no direct part)
        by_origin = fp.consumption_based(m, "hours", by="origin").to_numpy()
        imports = by_origin.sum(axis=0) - np.diag(by_origin)
        assert_close(imports, ext.D_imp_reg.loc["hours", list(m.regions)])
        # exports: work of each region for final demand elsewhere (pymrio D_exp_reg)
        exports = by_origin.sum(axis=1) - np.diag(by_origin)
        assert_close(exports, ext.D_exp_reg.loc["hours", list(m.regions)])
    finally:
        fp._SOLVERS.pop(m, None)
        fp._FINAL_OUTPUT.pop(m, None)


def test_wiod_identities(wiod_with_hours):
    m = wiod_with_hours
    chk = fp.identity_check(m, "hours")
    assert chk["relative_gap"] < 1e-12
    # value-added flows sum to world final demand, less the -1 inventory rows of LUX c5/c8
    # (rounding-negative output, treated as zero output; documented in docs/methods.md)
    va = fp.consumption_based(m, "value_added").sum()
    neg_output = m.Z.sum(axis=1) + m.Y.sum(axis=1)
    assert va == pytest.approx(m.Y.sum() - neg_output[neg_output < 0].sum(), rel=1e-12)
    # by origin-sector, by origin, by category all add up to the regional totals
    tot = fp.consumption_based(m, "hours")
    assert_close(fp.consumption_based(m, "hours", by="origin").sum(axis=0), tot)
    assert_close(fp.consumption_based(m, "hours", by="origin-sector").sum(axis=0), tot)
    assert_close(fp.consumption_based(m, "hours", by="category").sum(axis=1), tot)


def test_result_labels_say_unit_and_modelled(wiod_with_hours):
    res = fp.consumption_based(wiod_with_hours, "labour/hours", by="origin")
    assert res.attrs == {"account": "labour/hours", "unit": "thousand hours", "modelled": True}
    assert res.index.name == "origin_region" and res.columns.name == "consumer_region"


# ---- embodied trade ------------------------------------------------------------------------
def test_eebt_by_hand():
    """Two regions, one sector each: EEBT of r = s_r/(1-a_rr) * (Z_rd + Y_rd)."""
    Z = np.array([[10.0, 5.0], [2.0, 20.0]])
    Y = np.array([[70.0, 15.0], [3.0, 75.0]])
    m = build_mrio(Z, Y, regions=["A", "B"], sectors=["s"], categories=["fd"],
                   accounts=[Account("hours", "hours", np.array([50.0, 30.0]))])
    x = Z.sum(1) + Y.sum(1)
    s = np.array([50.0, 30.0]) / x
    a = Z / x
    expected_ab = s[0] / (1 - a[0, 0]) * (5.0 + 15.0)
    expected_ba = s[1] / (1 - a[1, 1]) * (2.0 + 3.0)
    e = fp.eebt(m, "hours")
    assert e.loc["A", "B"] == pytest.approx(expected_ab)
    assert e.loc["B", "A"] == pytest.approx(expected_ba)
    assert e.loc["A", "A"] == 0
    # footprint flows: the exporter's work in the importer's final demand
    flows = fp.embodied_trade(m, "hours", method="flows")
    by_origin = fp.consumption_based(m, "hours", by="origin")
    assert flows.loc["A", "B"] == pytest.approx(by_origin.loc["A", "B"])
    assert flows.loc["A", "A"] == 0


def test_per_capita_and_per_worker(wiod_with_hours):
    m = wiod_with_hours.with_accounts(
        [Account("persons", "thousand persons", wiod_with_hours.account("hours").values / 2000,
                 extension="labour")]
    )
    pw = fp.per_worker(m, "hours", "persons")
    assert pw.attrs["unit"] == "thousand hours per thousand persons"
    cba = fp.consumption_based(m, "hours")
    pc = fp.per_capita(cba, {r: 2.0 for r in m.regions})
    assert_close(pc, cba / 2)
    with pytest.raises(LabelMismatchError, match="no population for region"):
        fp.per_capita(cba, {"AUS": 1.0})


# ---- identities on random tables -------------------------------------------------------------
@st.composite
def random_tables(draw):
    R = draw(st.integers(1, 4))
    S = draw(st.integers(1, 5))
    K = draw(st.integers(1, 3))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    n = R * S
    Z = rng.random((n, n)) * (rng.random((n, n)) < 0.6) * 10
    Y = rng.random((n, R * K)) * 30 - (rng.random((n, R * K)) < 0.1) * 5  # some inventories < 0
    Y[:, 0] += 40  # keep output positive
    hours = rng.random(n) * 100
    fd = rng.random(R * K) * 10
    sparse = draw(st.booleans())
    return build_mrio(
        sp.csr_array(Z) if sparse else Z, Y, regions=[f"R{i}" for i in range(R)],
        sectors=[f"S{i}" for i in range(S)], categories=[f"C{i}" for i in range(K)],
        accounts=[Account("hours", "hours", hours, fd)], warn=False,
    )


@settings(max_examples=40, deadline=None)
@given(random_tables())
def test_identities_hold_on_random_tables(m):
    # global footprint = global direct account
    assert fp.identity_check(m, "hours")["relative_gap"] < 1e-10
    # value-added flows sum to world final demand
    va = np.asarray(m.x - np.asarray(m.Z.sum(axis=0)).ravel())
    m2 = m.with_accounts([Account("va", "USD million", va)])
    assert fp.consumption_based(m2, "va").sum() == pytest.approx(m.Y.sum(), rel=1e-10)
    # x = L Y 1
    np.testing.assert_allclose(fp.final_output(m).sum(axis=1), m.x, rtol=1e-10)
    # every decomposition adds up to the total
    tot = fp.consumption_based(m, "hours").to_numpy()
    direct = m.account("hours").final_demand.reshape(m.n_regions, -1).sum(axis=1)
    np.testing.assert_allclose(
        fp.consumption_based(m, "hours", by="product").sum(axis=0) + direct, tot, rtol=1e-10
    )
    np.testing.assert_allclose(
        fp.consumption_based(m, "hours", by="origin").sum(axis=0), tot, rtol=1e-10
    )


# ---- pymrio's own orientation ------------------------------------------------------------------
@pytest.fixture(scope="module")
def pymrio_test_system():
    pymrio = pytest.importorskip("pymrio")
    io = pymrio.load_test()
    io.calc_all()
    regions, sectors = list(io.get_regions()), list(io.get_sectors())
    ext = io.emissions
    accounts = [
        Account(stressor, "kg", ext.F.loc[(stressor, comp)].to_numpy(),
                ext.F_Y.loc[(stressor, comp)].to_numpy(), extension="emissions")
        for stressor, comp in ext.F.index
    ]
    m = build_mrio(io.Z.to_numpy(), io.Y.to_numpy(), regions=regions, sectors=sectors,
                   categories=list(io.get_Y_categories()), accounts=accounts, warn=False)
    return io, m


def test_pymrio_layout_equals_pymrio_d_cba(pymrio_test_system):
    io, m = pymrio_test_system
    ext = io.emissions
    assert np.abs(ext.F_Y.to_numpy()).sum() > 0  # the direct part is exercised
    for stressor, comp in ext.F.index:
        key = f"emissions/{stressor}"
        prod = fp.consumption_based(m, key, by="product", layout="pymrio")
        ref = ext.D_cba.loc[[(stressor, comp)]]
        assert list(prod.columns) == list(ref.columns)
        assert prod.columns.names == ref.columns.names == ["region", "sector"]
        assert list(prod.index) == [key] and prod.index.name == "account"
        assert_close(prod.to_numpy(), ref.to_numpy())
        reg = fp.consumption_based(m, key, layout="pymrio")
        ref_reg = ext.D_cba_reg.loc[[(stressor, comp)]]
        assert list(reg.columns) == list(ref_reg.columns) and reg.columns.name == "region"
        assert_close(reg.to_numpy(), ref_reg.to_numpy())
        assert reg.attrs == {"account": key, "unit": "kg", "modelled": False}
        # the interlabor layout is the same numbers, product x consumer
        assert_close(fp.consumption_based(m, key, by="product").T.to_numpy().ravel(),
                     prod.to_numpy()[0])
    with pytest.raises(ValueError, match="layout='pymrio' has no by='origin'"):
        fp.consumption_based(m, "emission_type1", by="origin", layout="pymrio")
    with pytest.raises(ValueError, match="unknown layout"):
        fp.consumption_based(m, "emission_type1", layout="wide")
