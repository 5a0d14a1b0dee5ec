import numpy as np
import pytest
import scipy.sparse as sp

from interlabor.algebra import (
    LeontiefSolver,
    check_productive,
    coefficients,
    leontief_inverse,
    spectral_radius,
)
from interlabor.errors import ConvergenceWarning, NonProductiveError


def test_miller_blair_table_2_3(known_answers):
    k = known_answers["miller_blair_2009_table2_3"]
    A = coefficients(np.array(k["Z"], float), np.array(k["x"], float))
    np.testing.assert_allclose(A, k["A"], rtol=1e-12)
    np.testing.assert_allclose(leontief_inverse(A), k["L"], rtol=1e-6)
    x_new = LeontiefSolver(A).solve(np.array(k["f_new"], float))
    np.testing.assert_allclose(x_new, k["x_new"], atol=0.05)  # published to one decimal
    labour = np.array(k["labour_coeff"]) * x_new
    np.testing.assert_allclose(labour, k["labour_total_new"], atol=0.02)


@pytest.mark.parametrize("augmented", [False, True])
def test_ochoa_labour_values(known_answers, augmented):
    """Labour values l(I - A)^-1, and with depreciation l(I - A - D)^-1 (augmented matrix)."""
    k = known_answers["ochoa_1984_3_industry"]
    A = np.array(k["A"])
    if augmented:
        A = A + np.array(k["D_depreciation"])
        expected = k["SI_capital_stock"]["labour_values"]
    else:
        expected = k["labour_values_circulating"]
    values = LeontiefSolver(A).solve_transposed(np.array(k["l"]))
    np.testing.assert_allclose(values, expected, rtol=1e-6)


def _block_system(R=6, S=15, seed=0, coupling=0.3):
    rng = np.random.default_rng(seed)
    n = R * S
    A = rng.random((n, n)) * (rng.random((n, n)) < 0.1) * coupling / (0.1 * n)
    for r in range(R):
        A[r * S : (r + 1) * S, r * S : (r + 1) * S] = rng.random((S, S)) * 0.6 / S
    return A


@pytest.mark.parametrize("method", ["dense", "block"])
@pytest.mark.parametrize("sparse_input", [False, True])
def test_solver_matches_numpy(method, sparse_input):
    A = _block_system()
    n = A.shape[0]
    B = np.random.default_rng(1).normal(size=(n, 4))  # negative entries too (inventories)
    ref = np.linalg.solve(np.eye(n) - A, B)
    ref_t = np.linalg.solve((np.eye(n) - A).T, B)
    s = LeontiefSolver(sp.csr_array(A) if sparse_input else A, method=method, block_size=15)
    np.testing.assert_allclose(s.solve(B), ref, rtol=1e-10, atol=1e-12 * np.abs(ref).max())
    np.testing.assert_allclose(
        s.solve_transposed(B), ref_t, rtol=1e-10, atol=1e-12 * np.abs(ref_t).max()
    )
    np.testing.assert_allclose(s.solve(B[:, 0]), ref[:, 0], rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("coupling", [0.3, 0.9])
def test_anderson_acceleration_same_answer_fewer_iterations(coupling):
    A = _block_system(R=8, S=12, coupling=coupling)
    n = A.shape[0]
    B = np.random.default_rng(2).normal(size=(n, 5))
    B[:, 4] = 0.0  # a zero right-hand side stays zero (singular mixing falls back)
    ref = np.linalg.solve(np.eye(n) - A, B)
    plain = LeontiefSolver(sp.csr_array(A), method="block", block_size=12, anderson=0)
    fast = LeontiefSolver(sp.csr_array(A), method="block", block_size=12)
    Xp, Xf = plain.solve(B), fast.solve(B)
    assert fast.info.iterations < plain.info.iterations
    for X in (Xp, Xf):
        np.testing.assert_allclose(X, ref, rtol=1e-11, atol=1e-12 * np.abs(ref).max())
    assert not Xf[:, 4].any()
    ref_t = np.linalg.solve((np.eye(n) - A).T, B)
    np.testing.assert_allclose(fast.solve_transposed(B), ref_t, rtol=1e-11,
                               atol=1e-12 * np.abs(ref_t).max())


@pytest.mark.parametrize("anderson", [0, 5])
def test_block_solver_warns_when_stopped_early(anderson):
    A = _block_system(coupling=0.35)
    s = LeontiefSolver(A, method="block", block_size=15, max_iter=3, tol=1e-15,
                       anderson=anderson)
    with pytest.warns(ConvergenceWarning, match="tolerance"):
        s.solve(np.ones(A.shape[0]))


def test_inverse_only_on_request_and_correct():
    A = _block_system()
    L = LeontiefSolver(A).inverse()
    np.testing.assert_allclose((np.eye(A.shape[0]) - A) @ L, np.eye(A.shape[0]), atol=1e-12)


def test_zero_output_column_is_zero_not_nan():
    Z = np.array([[1.0, 0.0], [2.0, 0.0]])
    A = coefficients(Z, np.array([10.0, 0.0]))
    assert np.isfinite(A).all()
    assert (A[:, 1] == 0).all()
    As = coefficients(sp.csr_array(Z), np.array([10.0, -1.0]))
    assert np.isfinite(As.toarray()).all() and (As.toarray()[:, 1] == 0).all()


def test_productivity_screen_and_spectral_radius():
    ok = check_productive(np.array([[0.2, 0.5], [0.3, 0.4]]))
    assert ok.productive and ok.spectral_radius is None  # screen decides
    # a column sum above 1, but still productive: the spectral radius decides
    A = np.array([[0.1, 0.3], [0.95, 0.2]])
    rep = check_productive(A, ["a", "b"])
    assert rep.columns_at_or_above_one == ("a",)
    assert rep.spectral_radius == pytest.approx(spectral_radius(A))
    assert rep.productive


def test_non_productive_names_columns():
    A = np.array([[0.5, 0.6], [0.6, 0.5]])
    with pytest.raises(NonProductiveError, match=r"spectral radius 1\.1.*AUS/c1") as info:
        check_productive(A, ["AUS/c1", "AUS/c2"], origin="table.parquet")
    assert info.value.spectral_radius == pytest.approx(1.1)
    assert "table.parquet" in str(info.value)


def test_spectral_radius_of_wiod_2011(wiod2011):
    """The stated structural fact: rho(A) of WIOD 2011 is about 0.61."""
    assert spectral_radius(wiod2011.A) == pytest.approx(0.61, abs=0.01)
