"""Numerical edge cases of the Leontief solves: block-Jacobi against dense LU, stated tolerances.

Every case checks the block solver (``method="block"``) against a dense reference (LU of
``I - A``, numpy's solve) with a tolerance stated here and in docs/reliability.md, and where
possible against an identity that needs no reference at all:

* a scaled column-stochastic ``A = rho P`` has ``1' (I - A)^-1 = 1' / (1 - rho)``, and
  ``(I - A')^-1 1 = 1 / (1 - rho)`` exactly;
* a table's own final demand gives back its output: ``L (Y 1) = x`` when ``x = Z 1 + Y 1``;
* the world total of a consumption-based account equals the world total of the account.

Tolerances (relative; "normwise" is the max norm of the error over the max norm of the
reference, per column):

* well conditioned tables, block vs dense: normwise 1e-12;
* spectral radius ``rho`` close to 1: block vs dense normwise ``10 tol rho / (1 - rho)``
  (the stopping rule's bound, ``tol`` = 1e-13 the solver's tolerance); dense vs the identity
  ``10 n eps / (1 - rho)``;
* values from 1e-12 to 1e12 in one table: normwise 1e-13, elementwise 1e-10 (the stopping
  rule is normwise per column: entries twenty orders below the column's largest keep a
  relative error of up to about 1e-11);
* ``rho`` within 1e-9 of 1, or ``I - A`` singular: no solution is meaningful, and
  :class:`~interlabor.errors.NonProductiveError` says so.
"""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from interlabor import kernel
from interlabor.algebra import SINGULAR_MARGIN, LeontiefSolver, check_productive, spectral_radius
from interlabor.errors import InvalidValueError, NonProductiveError
from interlabor.footprints import consumption_based
from interlabor.model import Account, build_mrio

TOL = 1e-13  # LeontiefSolver's default tolerance
EPS = np.finfo(float).eps


def normwise(X: np.ndarray, ref: np.ndarray) -> float:
    """Largest per-column max-norm error relative to the reference column's max norm."""
    X, ref = X.reshape(len(X), -1), ref.reshape(len(ref), -1)
    scale = np.abs(ref).max(axis=0)
    scale[scale == 0] = 1.0
    return float((np.abs(X - ref).max(axis=0) / scale).max())


def stochastic(R: int = 6, S: int = 20, seed: int = 0) -> np.ndarray:
    """A column-stochastic matrix (columns sum to 1) buying mostly at home, like real tables."""
    rng = np.random.default_rng(seed)
    n = R * S
    P = rng.random((n, n)) * (rng.random((n, n)) < 0.3)
    for r in range(R):
        P[r * S:(r + 1) * S, r * S:(r + 1) * S] += rng.random((S, S)) * 8
    return P / P.sum(axis=0, keepdims=True)


def table(Z: np.ndarray, Y: np.ndarray, R: int, K: int = 2, hours: np.ndarray | None = None,
          **kw):
    n = Z.shape[0]
    S = n // R
    h = np.ones(n) if hours is None else hours
    return build_mrio(Z, Y, regions=[f"r{i}" for i in range(R)],
                      sectors=[f"s{i}" for i in range(S)],
                      categories=[f"c{i}" for i in range(K)],
                      accounts=[Account("hours", "hours", h)], warn=False, **kw)


def from_coefficients(A: np.ndarray, R: int, K: int = 2, x: float = 100.0):
    """A table with coefficients ``A`` and output ``x`` everywhere (final demand closes it)."""
    Z = A * x
    Y = np.repeat(((x - Z.sum(axis=1)) / K)[:, None], R * K, axis=1) / R
    return table(Z, Y, R, K)


def solve_both(A: np.ndarray, B: np.ndarray, S: int, transposed: bool = False):
    out = []
    for method in ("dense", "block"):
        s = LeontiefSolver(sp.csr_array(A), method=method, block_size=S)
        out.append(s.solve_transposed(B) if transposed else s.solve(B))
    return out


# ---- spectral radius close to 1 ------------------------------------------------------------------
@pytest.mark.parametrize("rho", [0.999, 0.9999, 1 - 1e-6, 1 - 1e-8])
def test_spectral_radius_close_to_one(rho: float) -> None:
    R, S = 6, 20
    n = R * S
    A = rho * stochastic(R, S)
    assert spectral_radius(A) == pytest.approx(rho, rel=1e-12)
    assert check_productive(A).productive
    B = np.random.default_rng(1).normal(size=(n, 4))  # negative entries too
    dense, block = solve_both(A, B, S)
    assert normwise(block, dense) <= 10 * TOL * rho / (1 - rho)
    # the identity 1' L = 1' / (1 - rho), needing no reference
    want = B.sum(axis=0) / (1 - rho)
    assert np.abs(dense.sum(axis=0) - want).max() <= 10 * n * EPS / (1 - rho) * np.abs(want).max()
    assert np.abs(block.sum(axis=0) - want).max() <= 10 * TOL * rho / (1 - rho) ** 2 * np.abs(
        B).sum(axis=0).max()
    # transposed: (I - A')^-1 1 = 1 / (1 - rho), elementwise
    dense_t, block_t = solve_both(A, np.ones(n), S, transposed=True)
    np.testing.assert_allclose(dense_t, 1 / (1 - rho), rtol=10 * n * EPS / (1 - rho))
    np.testing.assert_allclose(block_t, 1 / (1 - rho), rtol=10 * TOL * rho / (1 - rho))


def test_rho_0999_through_the_kernel() -> None:
    """A table whose A has spectral radius 0.999: footprints by block and dense agree."""
    R, S = 6, 20
    dense_m, block_m = (from_coefficients(0.999 * stochastic(R, S), R) for _ in range(2))
    kernel.solver(dense_m, method="dense")
    kernel.solver(block_m, method="block")
    Xd, Xb = kernel.final_output(dense_m), kernel.final_output(block_m)
    assert normwise(Xb, Xd) <= 10 * TOL * 0.999 / 0.001
    np.testing.assert_allclose(Xb.sum(axis=1), block_m.x, rtol=1e-9)  # L (Y 1) = x


# ---- near-singular and singular ------------------------------------------------------------------
@pytest.mark.parametrize("gap", [1e-10, 1e-13, 1e-15, 0.0, -1e-12, -0.1])
def test_near_singular_is_refused(gap: float) -> None:
    """rho within 1e-9 of 1 (or above): an error naming the radius, not a meaningless answer.

    At rho = 1 - 1e-13 a solve would be off by 0.02 % (dense) and 3 % (block) with no
    warning; at 1 - 1e-15 by 2 % and 13 %.
    """
    R, S = 6, 20
    A = (1 - gap) * stochastic(R, S)
    with pytest.raises(NonProductiveError, match="spectral radius") as err:
        check_productive(A, origin="t.csv")
    assert "t.csv" in str(err.value)
    if 0 < gap:
        assert "numerically singular" in str(err.value)
    m = from_coefficients(A, R)
    with pytest.raises(NonProductiveError):
        kernel.final_output(m)
    with pytest.raises(NonProductiveError):
        consumption_based(m, "hours")


def test_just_outside_the_margin_is_solved() -> None:
    R, S = 6, 20
    rho = 1 - 10 * SINGULAR_MARGIN
    A = rho * stochastic(R, S)
    assert check_productive(A).productive
    dense, block = solve_both(A, np.ones(R * S), S)
    want = R * S / (1 - rho)
    assert abs(dense.sum() - want) <= 1e-6 * want
    assert abs(block.sum() - want) <= 1e-5 * want


@pytest.mark.parametrize("method", ["dense", "block"])
def test_singular_i_minus_a_is_an_error(method: str) -> None:
    """A closed sector (a_ii = 1): I - A is singular; an error, never inf or a LinAlgError."""
    A = np.zeros((4, 4))
    A[0, 0] = 1.0
    A[2, 3] = 0.5
    with pytest.raises(NonProductiveError, match="singular"):
        LeontiefSolver(A, method=method, block_size=2)


# ---- values over 24 orders of magnitude -----------------------------------------------------
def wide_table(R: int = 5, S: int = 8, K: int = 2, seed: int = 0):
    """Outputs from 1e-12 to 1e12 in one table; flows scaled to the smaller of the two sides."""
    rng = np.random.default_rng(seed)
    n = R * S
    size = 10.0 ** np.linspace(-12, 12, n)[rng.permutation(n)]
    C = rng.uniform(0, 1.2 / n, (n, n)) * (rng.random((n, n)) < 0.5)
    Z = C * np.minimum(size[:, None], size[None, :])
    Y = size[:, None] * rng.uniform(0.2, 1, (n, R * K))
    return table(Z, Y, R, K, hours=size * rng.uniform(0.5, 2, n))


def test_values_from_1e_minus12_to_1e12() -> None:
    dense_m, block_m = wide_table(), wide_table()
    x = dense_m.x
    assert x.min() < 1e-11 and x.max() > 1e12
    kernel.solver(dense_m, method="dense")
    kernel.solver(block_m, method="block")
    Xd, Xb = kernel.final_output(dense_m), kernel.final_output(block_m)
    Z = np.asarray(dense_m.Z.toarray() if sp.issparse(dense_m.Z) else dense_m.Z)
    ref = np.linalg.solve(np.eye(len(x)) - Z / x[None, :], dense_m.Y_by_region)
    assert normwise(Xd, ref) <= 1e-13 and normwise(Xb, ref) <= 1e-13
    np.testing.assert_allclose(Xb, ref, rtol=1e-10)  # elementwise, tiny entries included
    np.testing.assert_allclose(Xb.sum(axis=1), x, rtol=1e-10)  # L (Y 1) = x, elementwise
    np.testing.assert_allclose(Xd.sum(axis=1), x, rtol=1e-13)
    for m in (dense_m, block_m):  # the world identity
        total = consumption_based(m, "hours", by="region").sum()
        assert total == pytest.approx(m.account("hours").values.sum(), rel=1e-12)


# ---- zero regions, negative demand, zero output ------------------------------------------------
def base_table(R: int = 4, S: int = 5, K: int = 2, seed: int = 3):
    rng = np.random.default_rng(seed)
    n = R * S
    Z = rng.uniform(0, 10, (n, n)) * (rng.random((n, n)) < 0.5)
    Y = rng.uniform(5, 50, (n, R * K))
    return Z, Y, rng.uniform(1, 100, n)


@pytest.mark.parametrize("method", ["dense", "block"])
def test_all_zero_region_changes_nothing_else(method: str) -> None:
    """A region with no flows, demand or output: its rows are zero, the rest as without it."""
    R, S, K = 4, 5, 2
    Z, Y, h = base_table(R, S, K)
    zero = 2
    rows = slice(zero * S, (zero + 1) * S)
    Z[rows, :] = 0.0
    Z[:, rows] = 0.0
    Y[rows, :] = 0.0
    Y[:, zero * K:(zero + 1) * K] = 0.0
    with_zero = table(Z, Y, R, K, hours=np.where(np.arange(R * S) // S == zero, 0.0, h))
    keep = np.arange(R * S) // S != zero
    keep_fd = np.arange(R * K) // K != zero
    without = table(Z[np.ix_(keep, keep)], Y[np.ix_(keep, keep_fd)], R - 1, K, hours=h[keep])
    for m in (with_zero, without):
        kernel.solver(m, method=method)
    X = kernel.final_output(with_zero)
    assert not X[rows].any() and not X[:, zero].any()
    np.testing.assert_allclose(np.delete(X[keep], zero, axis=1), kernel.final_output(without),
                               rtol=1e-12, atol=0)
    got = consumption_based(with_zero, "hours", by="origin")
    assert not got.to_numpy()[zero].any() and not got.to_numpy()[:, zero].any()
    others = [r for r in with_zero.regions if r != f"r{zero}"]
    want = consumption_based(without, "hours", by="origin")
    np.testing.assert_allclose(got.loc[others, others].to_numpy(), want.to_numpy(), rtol=1e-12)


@pytest.mark.parametrize("method", ["dense", "block"])
def test_negative_final_demand(method: str) -> None:
    """Inventory draw-downs: solves are linear in final demand, block equals dense."""
    R, S, K = 4, 5, 2
    Z, Y, h = base_table(R, S, K)
    neg = -np.random.default_rng(9).uniform(0, 20, Y.shape) * (np.arange(R * K) % K == 1)
    m = table(Z, Y + neg, R, K, hours=h)
    kernel.solver(m, method=method)
    X = kernel.final_output(m)
    pos_part = kernel.final_output(m, Y=Y)
    neg_part = kernel.final_output(m, Y=neg)
    assert (neg_part <= 0).all() and (X < pos_part).any()
    np.testing.assert_allclose(X, pos_part + neg_part, rtol=1e-12, atol=1e-12 * np.abs(X).max())
    np.testing.assert_allclose(X.sum(axis=1), m.x, rtol=1e-12)  # L (Y 1) = x
    ref = np.linalg.solve(np.eye(R * S) - Z / m.x[None, :], m.Y_by_region)
    assert normwise(X, ref) <= 1e-12


@pytest.mark.parametrize("method", ["dense", "block"])
def test_zero_and_rounding_negative_output(method: str) -> None:
    """Sectors with x = 0 and x = -1 (rounding, as LUX c5 in WIOD 2011): A's column is zero,
    results finite, and the rest of the table solved as usual."""
    R, S, K = 4, 5, 2
    Z, Y, h = base_table(R, S, K)
    for j, last in ((3, 0.0), (11, -1.0)):  # no sales; or only a -1 inventory change
        Z[j, :] = 0.0
        Z[:, j] = 0.0
        Y[j, :] = 0.0
        Y[j, -1] = last
        h[j] = 0.0
    m = table(Z, Y, R, K, hours=h)
    assert m.x[3] == 0.0 and m.x[11] == -1.0
    A = m.A.toarray() if sp.issparse(m.A) else np.asarray(m.A)
    assert not A[:, [3, 11]].any() and np.isfinite(A).all()
    kernel.solver(m, method=method)
    X = kernel.final_output(m)
    assert np.isfinite(X).all()
    ref = np.linalg.solve(np.eye(R * S) - A, m.Y_by_region)
    assert normwise(X, ref) <= 1e-12
    np.testing.assert_allclose(X.sum(axis=1), m.x, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(consumption_based(m, "hours", by="region").sum(), h.sum(),
                               rtol=1e-12)


def test_account_at_zero_output_is_named() -> None:
    """Hours in a sector that produces nothing: no intensity is meaningful -- an error."""
    R, S, K = 4, 5, 2
    Z, Y, h = base_table(R, S, K)
    Z[3, :] = Z[:, 3] = 0.0
    Y[3, :] = 0.0
    with pytest.raises(InvalidValueError, match="r0/s3"):
        table(Z, Y, R, K, hours=h)
