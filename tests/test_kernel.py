"""The kernel: cached solves, flows of many accounts, the replacement hook, multipliers, Ghosh.

Reference values come from dense inverses (numpy.linalg.inv) formed here in the tests only,
and from a Ghosh example worked by hand.
"""

import numpy as np
import pytest
import scipy.sparse as sp

from interlabor import footprints as fp
from interlabor import kernel
from interlabor.errors import NonProductiveError
from interlabor.model import Account, build_mrio

RNG_SEED = 11


def two_by_two(sparse=False):
    """2 regions (A, B) x 2 sectors (s, t), 2 categories; hours with a direct part in B."""
    Z = np.array([[10.0, 20.0, 5.0, 0.0],
                  [5.0, 15.0, 10.0, 5.0],
                  [0.0, 10.0, 20.0, 10.0],
                  [5.0, 0.0, 15.0, 25.0]])
    Y = np.array([[40.0, 10.0, 15.0, 0.0],
                  [30.0, 5.0, 20.0, 10.0],
                  [10.0, 0.0, 50.0, 5.0],
                  [0.0, 5.0, 40.0, 20.0]])
    hours = Account("hours", "hours", np.array([100.0, 50.0, 300.0, 80.0]),
                    np.array([0.0, 0.0, 6.0, 1.0]))
    va = Account("va", "USD million", np.array([30.0, 40.0, 60.0, 70.0]))
    return build_mrio(sp.csr_array(Z) if sparse else Z, Y, regions=["A", "B"],
                      sectors=["s", "t"], categories=["hh", "gov"], accounts=[hours, va])


def by_hand(m):
    """x, A, L, Y by region, X = L Y_reg from the dense inverse."""
    Z = np.asarray(sp.csr_array(m.Z).toarray())
    Y = np.asarray(m.Y)
    x = Z.sum(axis=1) + Y.sum(axis=1)
    A = Z / x[None, :]
    L = np.linalg.inv(np.eye(len(x)) - A)
    Yr = Y.reshape(len(x), m.n_regions, -1).sum(axis=2)
    return x, A, L, Yr, L @ Yr


def random_table(seed, R=3, S=2, K=2, accounts=3):
    rng = np.random.default_rng(seed)
    n = R * S
    Z = rng.random((n, n)) * (rng.random((n, n)) < 0.7) * 10
    Y = rng.uniform(1, 30, (n, R * K))
    accs = [Account(f"a{j}", "hours", rng.uniform(0, 100, n), rng.uniform(0, 5, R * K))
            for j in range(accounts)]
    return build_mrio(Z, Y, regions=[f"r{i}" for i in range(R)],
                      sectors=[f"s{i}" for i in range(S)], categories=[f"c{i}" for i in range(K)],
                      accounts=accs, warn=False)


def account_rows(m):
    F = np.array([a.values for a in m.accounts])
    FY = np.array([a.final_demand for a in m.accounts])
    return kernel.intensities(m, F), kernel.direct_by_region(m, FY)


# ---- the 2 x 2 table by hand -------------------------------------------------------------------
@pytest.mark.parametrize("sparse", [False, True])
def test_two_by_two_against_dense_inverse(sparse):
    m = two_by_two(sparse)
    x, A, L, Yr, X = by_hand(m)
    np.testing.assert_allclose(kernel.final_output(m), X, rtol=1e-12)
    s = np.array([100.0, 50.0, 300.0, 80.0]) / x
    np.testing.assert_allclose(kernel.intensities(m, m.account("hours").values), s, rtol=1e-15)
    np.testing.assert_allclose(kernel.direct_by_region(m, m.account("hours").final_demand),
                               [0.0, 7.0])
    T = kernel.flows(m, s)
    np.testing.assert_allclose(T, s[:, None] * X, rtol=1e-12)
    F = kernel.flows_by_origin(m, s, np.array([0.0, 7.0]))
    want = np.array([[T[0:2, 0].sum(), T[0:2, 1].sum()],
                     [T[2:4, 0].sum(), T[2:4, 1].sum() + 7.0]])
    np.testing.assert_allclose(F, want, rtol=1e-12)
    # the world identity: every hour worked (and the direct 7) ends in some final demand
    assert F.sum() == pytest.approx(530.0 + 7.0, rel=1e-12)
    np.testing.assert_allclose(kernel.solve_transposed(m, s), s @ L, rtol=1e-12)


def test_final_output_is_cached_read_only_and_sums_to_x():
    m = two_by_two()
    X = kernel.final_output(m)
    assert kernel.final_output(m) is X
    assert not X.flags.writeable
    np.testing.assert_allclose(X.sum(axis=1), m.x, rtol=1e-12)
    assert kernel.solver(m) is kernel.solver(m) is fp.solver(m)
    assert fp.final_output(m) is X


def test_one_solve_for_every_account(monkeypatch):
    m = random_table(RNG_SEED)
    calls = []
    sol = kernel.solver(m)
    orig = sol.solve
    monkeypatch.setattr(sol, "solve", lambda B: (calls.append(B.shape), orig(B))[1])
    S, D = account_rows(m)
    kernel.flows_by_origin(m, S, D)
    kernel.flows(m, S)
    kernel.flows_by_origin(m, S[0])
    assert calls == [(m.n, m.n_regions)]


# ---- many accounts at once -----------------------------------------------------------------
def test_many_accounts_equal_one_at_a_time():
    m = random_table(RNG_SEED)
    S, D = account_rows(m)
    T = kernel.flows(m, S)
    F = kernel.flows_by_origin(m, S, D)
    M = kernel.solve_transposed(m, S)
    assert T.shape == (3, m.n, m.n_regions) and F.shape == (3, m.n_regions, m.n_regions)
    for a in range(3):
        np.testing.assert_allclose(T[a], kernel.flows(m, S[a]), rtol=1e-14)
        np.testing.assert_allclose(F[a], kernel.flows_by_origin(m, S[a], D[a]), rtol=1e-14)
        np.testing.assert_allclose(M[a], kernel.solve_transposed(m, S[a]), rtol=1e-12)
        cba = fp.consumption_based(m, f"a{a}", by="origin").to_numpy()
        np.testing.assert_allclose(F[a], cba, rtol=1e-12)
    # by origin is the flows summed over each origin's sectors, plus the direct part
    summed = T.reshape(3, m.n_regions, m.n_sectors, m.n_regions).sum(axis=2)
    np.testing.assert_allclose(F - summed, np.stack([np.diag(d) for d in D]), atol=1e-12)


def test_multipliers_transposed_equal_footprints_and_dense():
    m = random_table(RNG_SEED + 1)
    A = np.asarray(m.A)
    L = np.linalg.inv(np.eye(m.n) - A)
    S, _ = account_rows(m)
    M = kernel.solve_transposed(m, S)
    np.testing.assert_allclose(M, S @ L, rtol=1e-12)
    np.testing.assert_allclose(fp.multipliers(m).to_numpy(), M, rtol=1e-14)
    assert kernel.solve_transposed(m, np.zeros((0, m.n))).shape == (0, m.n)


# ---- the replacement hook -------------------------------------------------------------------
def test_replacement_final_demand_equals_table_built_with_it():
    m = random_table(RNG_SEED + 2)
    rng = np.random.default_rng(5)
    Y2 = rng.uniform(0, 40, m.Y.shape)
    A = np.asarray(m.A)
    x2 = np.linalg.solve(np.eye(m.n) - A, Y2.sum(axis=1))
    m2 = build_mrio(A * x2[None, :], Y2, regions=m.regions, sectors=m.sectors,
                    categories=m.categories, warn=False)  # same A, final demand Y2
    np.testing.assert_allclose(m2.x, x2, rtol=1e-12)
    np.testing.assert_allclose(np.asarray(m2.A), A, rtol=1e-12, atol=1e-15)
    X2 = kernel.final_output(m2)
    np.testing.assert_allclose(kernel.final_output(m, Y=Y2), X2, rtol=1e-11)
    np.testing.assert_allclose(kernel.final_output(m, Y=m2.Y_by_region), X2, rtol=1e-11)
    S, D = account_rows(m)
    np.testing.assert_allclose(kernel.flows(m, S, Y=Y2), kernel.flows(m2, S), rtol=1e-11)
    np.testing.assert_allclose(kernel.flows_by_origin(m, S, D, Y=Y2),
                               kernel.flows_by_origin(m2, S, D), rtol=1e-11)
    # the cached baseline is untouched
    np.testing.assert_allclose(kernel.final_output(m).sum(axis=1), m.x, rtol=1e-12)


def test_sequence_of_final_demands_in_chunks(monkeypatch):
    m = random_table(RNG_SEED + 3)
    R = m.n_regions
    S, D = account_rows(m)
    scales = [np.array([1.0, 2.0, 0.5]), np.ones(R), np.array([0.0, 1.0, 3.0]), 2 * np.ones(R),
              np.array([1.5, 1.0, 1.0])]
    Ys = [m.Y_by_region * f[None, :] for f in scales]
    directs = [D * f[None, :] for f in scales]
    calls = []
    sol = kernel.solver(m)
    orig = sol.solve
    monkeypatch.setattr(sol, "solve", lambda B: (calls.append(B.shape[1]), orig(B))[1])
    F = kernel.flows_by_origin(m, S, directs, Y=Ys, max_rhs=2 * R)
    assert calls == [2 * R, 2 * R, R]  # 5 scenarios, 2 per block solve
    assert F.shape == (5, 3, R, R)
    base = kernel.flows_by_origin(m, S, D)
    for j, f in enumerate(scales):
        # linear in final demand: consumer d's column scales with f_d, direct part included
        np.testing.assert_allclose(F[j], base * f[None, None, :], rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(F[j], kernel.flows_by_origin(m, S, directs[j], Y=Ys[j]),
                                   rtol=1e-12, atol=1e-12)
    T = kernel.flows(m, S[0], Y=np.stack(Ys))  # a 3-D array is a sequence too
    assert T.shape == (5, m.n, R)
    np.testing.assert_allclose(T[2], kernel.flows(m, S[0], Y=Ys[2]), rtol=1e-12)
    with pytest.raises(ValueError, match="2 direct parts for 5 final demands"):
        kernel.flows_by_origin(m, S, directs[:2], Y=Ys)


def test_replacement_coefficients_use_a_fresh_solver():
    m = random_table(RNG_SEED + 4)
    cached = kernel.solver(m)
    X = kernel.final_output(m).copy()
    A2 = np.asarray(m.A) * 0.7
    L2 = np.linalg.inv(np.eye(m.n) - A2)
    S, D = account_rows(m)
    np.testing.assert_allclose(kernel.final_output(m, A=A2), L2 @ m.Y_by_region, rtol=1e-12)
    np.testing.assert_allclose(kernel.flows(m, S, A=sp.csr_array(A2)),
                               S[:, :, None] * (L2 @ m.Y_by_region)[None], rtol=1e-12)
    np.testing.assert_allclose(kernel.solve_transposed(m, S, A=A2), S @ L2, rtol=1e-12)
    Y2 = m.Y * 1.3
    np.testing.assert_allclose(kernel.final_output(m, Y=Y2, A=A2),
                               L2 @ Y2.reshape(m.n, m.n_regions, -1).sum(axis=2), rtol=1e-12)
    assert kernel.solver(m) is cached
    np.testing.assert_array_equal(kernel.final_output(m), X)
    with pytest.raises(NonProductiveError, match="not productive"):
        kernel.final_output(m, A=np.asarray(m.A) * 50)
    with pytest.raises(ValueError, match="replacement A has shape"):
        kernel.final_output(m, A=np.eye(2))


def test_shapes_are_checked():
    m = two_by_two()
    with pytest.raises(ValueError, match="final demand has shape"):
        kernel.final_output(m, Y=np.ones((4, 3)))
    with pytest.raises(ValueError, match="intensities has shape"):
        kernel.flows(m, np.ones(3))
    with pytest.raises(ValueError, match="direct final-demand account has shape"):
        kernel.direct_by_region(m, np.ones(3))
    assert kernel.direct_by_region(m, None).tolist() == [0.0, 0.0]


# ---- Ghosh ------------------------------------------------------------------------------------
def ghosh_table(sparse=False):
    """Miller & Blair's 2-sector example: Z = [[150, 500], [200, 100]], x = (1000, 2000)."""
    Z = np.array([[150.0, 500.0], [200.0, 100.0]])
    Y = np.array([[350.0], [1700.0]])
    return build_mrio(sp.csr_array(Z) if sparse else Z, Y, regions=["R"], sectors=["1", "2"],
                      categories=["fd"])


@pytest.mark.parametrize("sparse", [False, True])
def test_ghosh_by_hand(sparse):
    m = ghosh_table(sparse)
    B = kernel.allocation_coefficients(m)
    B = B.toarray() if sp.issparse(B) else B
    np.testing.assert_allclose(B, [[0.15, 0.5], [0.1, 0.05]], rtol=1e-15)
    # v = x - Z'1 = (650, 1400) gives back x
    np.testing.assert_allclose(kernel.ghosh_output(m, np.array([650.0, 1400.0])),
                               [1000.0, 2000.0], rtol=1e-12)
    # 100 more primary input in sector 1: dx' = (100, 0)(I - B)^-1, det(I - B) = 0.7575
    got = kernel.ghosh_output(m, np.array([750.0, 1400.0]))
    np.testing.assert_allclose(got, [1000 + 0.95 / 0.7575 * 100, 2000 + 0.5 / 0.7575 * 100],
                               rtol=1e-12)


def test_ghosh_matrix_against_dense_inverse_and_identity():
    m = random_table(RNG_SEED + 5)
    Z = np.asarray(m.Z)
    B = Z / m.x[:, None]
    G = np.linalg.inv(np.eye(m.n) - B)
    np.testing.assert_allclose(kernel.allocation_coefficients(m), B, rtol=1e-15)
    V = np.random.default_rng(3).uniform(0, 10, (4, m.n))
    np.testing.assert_allclose(kernel.ghosh_output(m, V), V @ G, rtol=1e-11)
    v = m.x - Z.sum(axis=0)
    np.testing.assert_allclose(kernel.ghosh_output(m, v), m.x, rtol=1e-11)
    np.testing.assert_allclose(kernel.ghosh_output(m, m.value_added), m.x, rtol=1e-11)


def test_ghosh_with_a_zero_output_sector():
    """Sector 3 has no output but buys inputs: its row of B is 0, it still takes inputs."""
    Z = np.array([[10.0, 20.0, 5.0], [5.0, 10.0, 8.0], [0.0, 0.0, 0.0]])
    Y = np.array([[70.0], [40.0], [0.0]])
    m = build_mrio(Z, Y, regions=["R"], sectors=["1", "2", "3"], categories=["fd"], warn=False)
    assert m.x[2] == 0
    B = np.zeros((3, 3))
    B[:2] = Z[:2] / m.x[:2, None]
    np.testing.assert_allclose(kernel.allocation_coefficients(m), B)
    v = np.array([3.0, 7.0, 2.0])
    np.testing.assert_allclose(kernel.ghosh_output(m, v), v @ np.linalg.inv(np.eye(3) - B),
                               rtol=1e-12)
    np.testing.assert_array_equal(kernel.intensities(m, v)[2], 0.0)
