"""Input-output algebra: coefficients, productivity, and Leontief solves without the inverse.

The Leontief inverse ``L = (I - A)^-1`` is dense even when ``A`` is sparse, and every quantity
interlabor reports is ``L`` applied to a few vectors (final demand of each consuming region) or
``L'`` applied to a few account vectors (multipliers). So ``L`` is never formed unless asked
(:meth:`LeontiefSolver.inverse`); :class:`LeontiefSolver` factorises once and solves:

* ``method="dense"``: LU factorisation of ``I - A`` (LAPACK ``getrf``), then triangular solves.
  Exact to rounding; cost ``2n^3/3`` once and ``2n^2`` per right-hand side. Default for
  ``n <= 3000``.
* ``method="block"``: block-Jacobi iteration over the region blocks. With
  ``I - A = D - N`` (``D`` = block-diagonal domestic part, ``N`` = the off-diagonal,
  inter-regional inputs), iterate ``X_{k+1} = D^{-1}(B + N X_k)``. For a productive
  non-negative ``A`` this is a regular splitting of an M-matrix, so it converges, with rate
  ``rho(D^{-1} N) <= rho(A) < 1`` (Varga, *Matrix Iterative Analysis*, Thm 3.13). Real MRIO
  tables buy most inputs at home (83 % in WIOD 2011), so the rate is small (about 0.26 for
  WIOD 2011) and ~20 iterations reach 1e-13. Stops when the update is below ``tol`` relative
  to the solution (max norm, per column); the error is then at most ``q/(1-q)`` times that.
  Only the region blocks (``R`` dense ``S x S`` inverses) and sparse ``N`` are stored.
  By default the iteration is Anderson-accelerated (depth 5, column by column): the same
  stopping rule, about half the iterations (9 instead of 20 at 9,800 sectors), results equal to
  plain block-Jacobi within the tolerance. The small block products run with one BLAS thread.

References
----------
Miller, R. E. & Blair, P. D. (2009). *Input-Output Analysis: Foundations and Extensions*,
2nd ed., Cambridge University Press, ch. 2 (A, L) and ch. 3 (MRIO).
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Literal, TypeAlias

import numpy as np
import scipy.linalg as sla
import scipy.sparse as sp
import scipy.sparse.linalg as spla

from .errors import ConvergenceError, ConvergenceWarning, NonProductiveError

__all__ = [
    "LeontiefSolver",
    "as_dense",
    "ProductivityReport",
    "check_productive",
    "coefficients",
    "leontief_inverse",
    "spectral_radius",
]

Matrix: TypeAlias = np.ndarray | sp.sparray | sp.spmatrix
DENSE_LIMIT = 3000
#: A spectral radius within this of 1 counts as not productive: ``I - A`` is then numerically
#: singular (condition number above ~1e9), and a solve loses more than 9 of its 16 digits.
SINGULAR_MARGIN = 1e-9


def as_dense(M: Matrix) -> np.ndarray:
    """The matrix as a dense ndarray (a copy only when it is sparse)."""
    if sp.issparse(M):
        return np.asarray(M.toarray())  # type: ignore[union-attr]
    return np.asarray(M)


def coefficients(Z: Matrix, x: np.ndarray) -> Matrix:
    """Technical (input) coefficients ``A = Z diag(x)^-1``.

    Parameters
    ----------
    Z : ndarray or sparse, shape (n, n)
        Intermediate flows (or any flow matrix, e.g. an account ``F`` of shape (k, n)).
    x : ndarray, shape (n,)
        Gross output.

    Returns
    -------
    ndarray or sparse CSR, same shape as Z
        Columns where ``x <= 0`` are zero (a sector with no output buys nothing), never NaN.

    Examples
    --------
    >>> coefficients(np.array([[150., 500.], [200., 100.]]), np.array([1000., 2000.]))
    array([[0.15, 0.25],
           [0.2 , 0.05]])
    """
    x = np.asarray(x, dtype=np.float64).ravel()
    inv = np.zeros_like(x)
    pos = x > 0
    inv[pos] = 1.0 / x[pos]
    if sp.issparse(Z):
        return sp.csr_array(sp.csr_array(Z) @ sp.diags_array(inv))
    return np.asarray(Z, dtype=np.float64) * inv[None, :]


def spectral_radius(A: Matrix) -> float:
    """Spectral radius of a square non-negative matrix (its Perron root).

    Uses ARPACK (``eigs``, largest magnitude) for large matrices, LAPACK for small ones.

    Parameters
    ----------
    A : ndarray or sparse, shape (n, n)

    Returns
    -------
    float
    """
    n = A.shape[0]
    if n <= 500:
        dense = as_dense(A)
        return float(np.max(np.abs(np.linalg.eigvals(dense))))
    op = sp.csr_array(A) if sp.issparse(A) else np.asarray(A)
    try:
        vals = spla.eigs(op, k=1, which="LM", return_eigenvectors=False, tol=1e-10, maxiter=5000)
        return float(np.abs(vals).max())
    except spla.ArpackNoConvergence:  # pragma: no cover - fall back to the dense spectrum
        dense = as_dense(op)
        return float(np.max(np.abs(np.linalg.eigvals(dense))))


@dataclass(frozen=True)
class ProductivityReport:
    """Outcome of :func:`check_productive`.

    Attributes
    ----------
    max_column_sum : float
        Largest column sum of A (an upper bound of the spectral radius).
    columns_at_or_above_one : tuple
        Labels of columns with sum >= 1.
    spectral_radius : float or None
        Computed only when the column-sum screen could not decide.
    """

    max_column_sum: float
    columns_at_or_above_one: tuple[object, ...]
    spectral_radius: float | None

    @property
    def productive(self) -> bool:
        """True when ``rho(A) < 1 - SINGULAR_MARGIN``."""
        if self.spectral_radius is None:
            return self.max_column_sum < 1 - SINGULAR_MARGIN
        return self.spectral_radius < 1 - SINGULAR_MARGIN


def check_productive(
    A: Matrix, labels: Sequence[object] | None = None, *, origin: str | None = None
) -> ProductivityReport:
    """Check that ``A`` is productive (``rho(A) < 1``), so that ``(I - A)^-1 >= 0`` exists.

    Screens column sums first (``rho(A) <= max_j sum_i a_ij``, and row sums likewise); only
    where a column sum reaches ``1 - SINGULAR_MARGIN`` is the spectral radius computed. A
    spectral radius within :data:`SINGULAR_MARGIN` (1e-9) of 1 counts as not productive:
    ``I - A`` is then numerically singular and no solve of it is meaningful.

    Parameters
    ----------
    A : ndarray or sparse, shape (n, n)
        Non-negative coefficient matrix (possibly augmented, e.g. ``A + depreciation``).
    labels : sequence, optional
        Column labels used in the report and error message.
    origin : str, optional
        Table or file name for the message.

    Returns
    -------
    ProductivityReport

    Raises
    ------
    NonProductiveError
        If the spectral radius is >= 1, or within :data:`SINGULAR_MARGIN` of 1; names the
        columns whose sums reach 1.
    """
    colsum = np.asarray(A.sum(axis=0)).ravel()
    rowsum = np.asarray(A.sum(axis=1)).ravel()
    lab = list(labels) if labels is not None else list(range(A.shape[1]))
    over = tuple(lab[j] for j in np.flatnonzero(colsum >= 1.0))
    maxcol = float(colsum.max()) if colsum.size else 0.0
    bound = 1.0 - SINGULAR_MARGIN
    if maxcol < bound or (rowsum.size and rowsum.max() < bound):
        return ProductivityReport(maxcol, over, None)
    rho = spectral_radius(A)
    report = ProductivityReport(maxcol, over, rho)
    if not rho < bound:  # NaN too
        where = f"{origin}: " if origin else ""
        named = ", ".join(str(c) for c in over[:10]) + (" ..." if len(over) > 10 else "")
        what = (f"spectral radius {rho:.6g} >= 1" if not rho < 1.0 else
                f"spectral radius {rho!r} is within {SINGULAR_MARGIN:g} of 1, so I - A is "
                "numerically singular")
        raise NonProductiveError(
            f"{where}the coefficient matrix A is not productive: {what} (expected < 1). "
            f"Columns whose inputs sum to 1 or more of output: {named or 'none'}. "
            "Check units (flows and output in the same unit) and the gross output vector.",
            spectral_radius=rho,
            columns=over,
        )
    return report


_BLAS: list[Any] = []


@contextmanager
def _one_blas_thread() -> Iterator[None]:
    """Run the block products with one BLAS thread (threadpoolctl), when it is installed.

    Each block product is small (S x S times S x R: 4 MFLOP at 200 sectors) and there are R
    of them per iteration, so a multithreaded BLAS spends its time synchronising its threads:
    on a loaded 2-core machine the 9,800-sector solve took 5-14 s with two OpenBLAS threads
    and 1.2-1.6 s with one, with bitwise equal results. The sparse products are
    single-threaded anyway.
    """
    if not _BLAS:
        try:
            from threadpoolctl import ThreadpoolController

            _BLAS.append(ThreadpoolController())
        except ModuleNotFoundError:  # pragma: no cover - threadpoolctl is a dependency
            _BLAS.append(None)
    ctl = _BLAS[0]
    if ctl is None:  # pragma: no cover
        yield
        return
    with ctl.limit(limits=1, user_api="blas"):
        yield


def _singular(what: str) -> NonProductiveError:
    """The error of a singular ``I - A``: A has the eigenvalue 1, so ``rho(A) >= 1``."""
    return NonProductiveError(
        f"{what}: A has the eigenvalue 1, so it is not productive (spectral radius >= 1, "
        "expected < 1); no Leontief solution exists. Check the table with check_productive",
        spectral_radius=1.0, columns=[])


@dataclass
class SolveInfo:
    """Diagnostics of the last iterative solve."""

    iterations: int = 0
    relative_update: float = 0.0


class LeontiefSolver:
    """Solve ``(I - A) X = B`` and ``(I - A)' X = B`` repeatedly, factorising once.

    Parameters
    ----------
    A : ndarray or sparse, shape (n, n)
        Coefficient matrix (may be augmented, e.g. ``A + depreciation coefficients``).
    method : {"auto", "dense", "block"}
        ``"dense"``: LU of ``I - A``; ``"block"``: block-Jacobi iteration over blocks of
        ``block_size`` (regions); ``"auto"``: dense up to n = 3000, else block.
    block_size : int, optional
        Sectors per region (needed for ``"block"``; ``"auto"`` falls back to dense without it).
    tol : float
        Relative tolerance of the iterative method (max norm of the update per column).
    max_iter : int
        Iteration cap of the iterative method.
    anderson : int
        Depth of the Anderson acceleration of block-Jacobi (0: plain block-Jacobi). At 9,800
        sectors depth 5 needs 9 iterations instead of 20 for the same tolerance.

    Raises
    ------
    NonProductiveError
        ``I - A`` is exactly singular (a zero pivot of its LU factors, or a singular region
        block); a nearly singular ``I - A`` is caught by :func:`check_productive`, which the
        kernel runs before it builds a solver.

    Notes
    -----
    ``LeontiefSolver(A).solve(B)`` equals ``np.linalg.inv(I - A) @ B`` without forming the
    inverse. See the module docstring for the methods and their error bounds: block-Jacobi
    stops when the update is below ``tol``, which bounds the error by
    ``tol * q / (1 - q) <= tol * rho(A) / (1 - rho(A))`` (relative, max norm per column;
    ``docs/reliability.md`` measures it against dense LU up to ``rho(A) = 1 - 1e-9``).

    Examples
    --------
    >>> A = np.array([[0.15, 0.25], [0.2, 0.05]])
    >>> LeontiefSolver(A).solve(np.array([600., 1500.])).round(1)
    array([1247.5, 1841.6])
    """

    def __init__(
        self,
        A: Matrix,
        *,
        method: Literal["auto", "dense", "block"] = "auto",
        block_size: int | None = None,
        tol: float = 1e-13,
        max_iter: int = 1000,
        anderson: int = 5,
    ) -> None:
        n = A.shape[0]
        if A.shape != (n, n):
            raise ValueError(f"A must be square, got shape {A.shape}")
        if method == "auto":
            method = "dense" if (n <= DENSE_LIMIT or block_size is None) else "block"
        self.method = method
        self.n = n
        self.tol = tol
        self.max_iter = max_iter
        self.anderson = int(anderson)
        self.info = SolveInfo()
        if method == "dense":
            dense = np.array(as_dense(A), dtype=np.float64)
            M = np.eye(n) - dense
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", sla.LinAlgWarning)  # raised below instead
                self._lu = sla.lu_factor(M, overwrite_a=True, check_finite=False)
            pivots = np.abs(np.diagonal(self._lu[0]))
            if n and not (pivots > 0).all():  # zero or NaN pivot: I - A is singular
                raise _singular(f"I - A is singular (a pivot of its LU factors is {pivots.min()})")
        elif method == "block":
            if not block_size or n % block_size:
                raise ValueError(f"block_size {block_size} must divide n = {n}")
            self._b = block_size
            self._build_blocks(A, block_size)
        else:
            raise ValueError(f"unknown method {method!r}: expected 'auto', 'dense' or 'block'")

    # ---- block-Jacobi set-up ---------------------------------------------------------------
    def _build_blocks(self, A: Matrix, b: int) -> None:
        n = self.n
        r = n // b
        As = sp.csr_array(A, dtype=np.float64)
        coo = As.tocoo()
        same = (coo.row // b) == (coo.col // b)
        diag = np.zeros((r, b, b))
        diag[coo.row[same] // b, coo.row[same] % b, coo.col[same] % b] = coo.data[same]
        self._N = sp.csr_array((coo.data[~same], (coo.row[~same], coo.col[~same])), shape=(n, n))
        self._NT: sp.csr_array | None = None  # built on the first transposed solve
        eye = np.eye(b)
        with _one_blas_thread():  # R small S x S block inverses
            try:
                self._Dinv = np.linalg.inv(eye[None, :, :] - diag)
            except np.linalg.LinAlgError:
                dets = np.linalg.det(eye[None, :, :] - diag)
                bad = int(np.flatnonzero(~(np.abs(dets) > 0))[0]) if r else 0
                raise _singular(f"I - A of region block {bad} is singular") from None
        self._DinvT = np.ascontiguousarray(np.transpose(self._Dinv, (0, 2, 1)))

    def _apply_block(self, Dinv: np.ndarray, V: np.ndarray) -> np.ndarray:
        r, b, _ = Dinv.shape
        m = V.shape[1]
        return np.matmul(Dinv, V.reshape(r, b, m)).reshape(r * b, m)

    def _iterate(self, B: np.ndarray, transposed: bool) -> np.ndarray:
        with _one_blas_thread():
            return self._iterate_blocks(B, transposed)

    def _iterate_blocks(self, B: np.ndarray, transposed: bool) -> np.ndarray:
        """Block-Jacobi ``X <- G(X) = D^-1 (B + N X)``, Anderson-accelerated per column.

        Each iteration evaluates ``G`` once at the current iterate ``X`` and stops when the
        block-Jacobi update ``G(X) - X`` is below ``tol`` relative to ``G(X)`` (max norm, per
        column), returning ``G(X)``, so the stopping rule and its error bound are those of
        plain block-Jacobi. With ``anderson = m > 0`` the next iterate mixes the last ``m + 1``
        values of ``G`` with the weights that minimise the mixed update (Anderson 1965;
        Walker & Ni 2011): for a linear map this is GMRES-like and needs about half the
        iterations; a singular or non-finite mixing step falls back to the plain step.
        """
        Dinv = self._DinvT if transposed else self._Dinv
        if transposed and self._NT is None:
            self._NT = sp.csr_array(self._N.T)
        N = self._NT if transposed else self._N
        depth = self.anderson
        X = self._apply_block(Dinv, B)
        n, cols = X.shape
        if depth:
            dF = np.empty((depth, n, cols))
            dG = np.empty((depth, n, cols))
            H = np.zeros((cols, depth, depth))
        stored = 0
        F_prev: np.ndarray | None = None
        G_prev: np.ndarray | None = None
        rel = np.inf
        for k in range(1, self.max_iter + 1):
            G = self._apply_block(Dinv, B + N @ X)
            F = G - X
            scale = np.abs(G).max(axis=0)
            scale[scale == 0] = 1.0
            rel = float((np.abs(F).max(axis=0) / scale).max())
            if not np.isfinite(rel) or (k > 50 and rel > 1.0):
                raise ConvergenceError(
                    f"block-Jacobi Leontief solve diverged (relative update {rel:.3g} after {k} "
                    "iterations); expected a productive A (spectral radius < 1)"
                )
            if rel <= self.tol:
                self.info = SolveInfo(k, rel)
                return G
            if not depth:
                X = G
                continue
            if F_prev is not None and G_prev is not None:
                slot = stored % depth
                np.subtract(F, F_prev, out=dF[slot])
                np.subtract(G, G_prev, out=dG[slot])
                stored += 1
                m = min(stored, depth)
                row = np.einsum("ink,nk->ki", dF[:m], dF[slot])
                H[:, slot, :m] = row
                H[:, :m, slot] = row
            F_prev, G_prev = F, G
            m = min(stored, depth)
            if m == 0:
                X = G
                continue
            Hm = H[:, :m, :m]
            rhs = np.einsum("ink,nk->ki", dF[:m], F)
            diag = np.einsum("kii->ki", Hm).max(axis=1)
            reg = (1e-13 * diag + 1e-300)[:, None, None] * np.eye(m)
            with np.errstate(all="ignore"):
                try:
                    gamma = np.linalg.solve(Hm + reg, rhs[:, :, None])[:, :, 0]
                except np.linalg.LinAlgError:
                    gamma = np.full((cols, m), np.nan)
            if not np.isfinite(gamma).all():
                X, stored, F_prev = G, 0, None  # restart the history
                continue
            X = G - np.einsum("ink,ki->nk", dG[:m], gamma)
        self.info = SolveInfo(self.max_iter, rel)
        warnings.warn(
            f"block-Jacobi Leontief solve stopped after {self.max_iter} iterations at relative "
            f"update {rel:.3g}, {rel / self.tol:.3g}x the tolerance {self.tol:g}",
            ConvergenceWarning,
            stacklevel=3,
        )
        return G

    # ---- public solves ------------------------------------------------------------------------
    def _solve(self, B: np.ndarray | sp.sparray, transposed: bool) -> np.ndarray:
        Bd = np.asarray(as_dense(B), dtype=np.float64)
        vec = Bd.ndim == 1
        Bm = Bd.reshape(self.n, -1)
        if Bm.shape[0] != self.n:
            raise ValueError(f"right-hand side has {Bd.shape[0]} rows, expected {self.n}")
        if self.method == "dense":
            X = sla.lu_solve(self._lu, Bm, trans=1 if transposed else 0, check_finite=False)
        else:
            X = self._iterate(Bm, transposed)
        return X.ravel() if vec else X

    def solve(self, B: np.ndarray | sp.sparray) -> np.ndarray:
        """Return ``(I - A)^-1 B``.

        Parameters
        ----------
        B : ndarray, shape (n,) or (n, m)

        Returns
        -------
        ndarray, same shape as B
        """
        return self._solve(B, transposed=False)

    def solve_transposed(self, B: np.ndarray | sp.sparray) -> np.ndarray:
        """Return ``((I - A)^-1)' B``, e.g. multipliers ``M' = L' S'``.

        Parameters
        ----------
        B : ndarray, shape (n,) or (n, m)

        Returns
        -------
        ndarray, same shape as B
        """
        return self._solve(B, transposed=True)

    def inverse(self) -> np.ndarray:
        """The dense Leontief inverse ``(I - A)^-1``, shape (n, n); only on request (O(n^2))."""
        return self.solve(np.eye(self.n))


def leontief_inverse(A: Matrix) -> np.ndarray:
    """Dense Leontief inverse ``L = (I - A)^-1`` (on request only; prefer :class:`LeontiefSolver`).

    Parameters
    ----------
    A : ndarray or sparse, shape (n, n)

    Returns
    -------
    ndarray, shape (n, n)

    Examples
    --------
    >>> leontief_inverse(np.array([[0.15, 0.25], [0.2, 0.05]])).round(4)
    array([[1.2541, 0.33  ],
           [0.264 , 1.1221]])
    """
    return LeontiefSolver(A, method="dense").inverse()
