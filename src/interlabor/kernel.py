"""The footprint kernel: the cached Leontief solves of a table and everything computed from them.

Notation (Miller & Blair 2009): ``n`` region-sectors (region-major), ``R`` regions, ``S``
sectors, ``K`` final-demand categories, ``k`` accounts as rows; ``L = (I - A)^-1`` (never
formed), ``Y_reg`` (n, R) final demand summed over categories, ``s = f / x`` intensities.

* cached per table (weakly, keyed by the frozen :class:`~interlabor.model.MRIO`): the
  :class:`~interlabor.algebra.LeontiefSolver` of ``A`` (after a productivity check) and the
  final output ``X = L Y_reg`` (n x R);
* :func:`flows` ``T[a, i, d] = s[a, i] X[i, d]``, every account from the one solve, and
  :func:`flows_by_origin`, summed over the origin's sectors with each account's direct
  final-demand part on the diagonal; :func:`solve_transposed`, multipliers ``M = S L``;
  :func:`ghosh_output`, the supply-driven model ``x' = v' (I - B)^-1``, and :func:`ghosh_solve`,
  ``G W`` (row sums of the Ghosh inverse, downstream accounts);
* the replacement hook ``Y=`` (one final demand, or a sequence of scenarios solved in blocks
  of at most ``max_rhs`` right-hand sides) and ``A=`` (a fresh, productivity-checked solver,
  never the cached one), for shocks, decompositions, Monte Carlo and scenarios.

Pure functions: arrays (and the table) in, arrays out; :mod:`interlabor.footprints`,
:mod:`interlabor.exchange` and :mod:`interlabor.batch` label them. Formulas in
``docs/methods.md`` ("Kernel").

References
----------
Ghosh, A. (1958). Input-output approach in an allocation system. *Economica* 25: 58-64.
Miller, R. E. & Blair, P. D. (2009). *Input-Output Analysis: Foundations and Extensions*,
2nd ed., Cambridge University Press, ch. 2-3 (Leontief, MRIO) and ch. 12 (supply-side model).
"""

from __future__ import annotations

import weakref
from collections.abc import Iterator, Sequence
from typing import Literal, TypeAlias

import numpy as np
import scipy.sparse as sp

from .algebra import LeontiefSolver, Matrix, check_productive
from .model import MRIO

__all__ = [
    "MAX_RHS",
    "allocation_coefficients",
    "direct_by_region",
    "final_output",
    "flows",
    "flows_by_origin",
    "ghosh_output",
    "intensities",
    "solve_transposed",
    "solver",
]

Method = Literal["auto", "dense", "block"]
Demand: TypeAlias = np.ndarray | Sequence[np.ndarray]
#: Right-hand sides solved together when a sequence of final demands is given.
MAX_RHS = 512

_SOLVERS: weakref.WeakKeyDictionary[MRIO, LeontiefSolver] = weakref.WeakKeyDictionary()
_FINAL_OUTPUT: weakref.WeakKeyDictionary[MRIO, np.ndarray] = weakref.WeakKeyDictionary()


# ---- the cached solves -------------------------------------------------------------------------
def _check(mrio: MRIO, A: Matrix) -> None:
    labels = [f"{r}/{s}" for r, s in mrio.index]
    check_productive(A, labels, origin=str(mrio.meta.get("file") or "") or None)


def solver(mrio: MRIO, *, method: Method = "auto") -> LeontiefSolver:
    """The Leontief solver of a table's ``A``, built once (after a productivity check) and cached.

    Parameters
    ----------
    mrio : MRIO
    method : {"auto", "dense", "block"}
        See :class:`~interlabor.algebra.LeontiefSolver`; ``auto`` uses dense LU up to 3,000
        region-sectors and block-Jacobi over regions above. A cached solver of another method
        is replaced.

    Returns
    -------
    LeontiefSolver

    Raises
    ------
    NonProductiveError
        If ``A`` is not productive.
    """
    cached = _SOLVERS.get(mrio)
    if cached is not None and (method == "auto" or cached.method == method):
        return cached
    _check(mrio, mrio.A)
    s = LeontiefSolver(mrio.A, method=method, block_size=mrio.n_sectors)
    _SOLVERS[mrio] = s
    return s


def _solver_for(mrio: MRIO, A: Matrix | None) -> LeontiefSolver:
    """The cached solver, or a fresh one for replacement coefficients ``A``."""
    if A is None:
        return solver(mrio)
    if A.shape != (mrio.n, mrio.n):
        raise ValueError(f"replacement A has shape {A.shape}, expected ({mrio.n}, {mrio.n})")
    _check(mrio, A)
    return LeontiefSolver(A, block_size=mrio.n_sectors)


def _by_region(mrio: MRIO, Y: np.ndarray) -> np.ndarray:
    """Final demand (n, R*K) or (n, R) as (n, R), summed over categories."""
    Y = np.asarray(Y, dtype=np.float64)
    R, K = mrio.n_regions, len(mrio.categories)
    if Y.ndim == 2 and Y.shape[0] == mrio.n and Y.shape[1] in (R, R * K):
        return Y if Y.shape[1] == R else Y.reshape(mrio.n, R, K).sum(axis=2)
    raise ValueError(
        f"final demand has shape {Y.shape}, expected ({mrio.n}, {R * K}) by region and category "
        f"or ({mrio.n}, {R}) by region"
    )


def final_output(mrio: MRIO, *, Y: np.ndarray | None = None, A: Matrix | None = None
                 ) -> np.ndarray:
    """Output required by each region's final demand, ``X = L Y_reg``.

    Parameters
    ----------
    mrio : MRIO
    Y : ndarray, shape (n, R*K) or (n, R), optional
        Replacement final demand (money); default the table's.
    A : ndarray or sparse, shape (n, n), optional
        Replacement coefficients: solved with a fresh solver, after a productivity check.

    Returns
    -------
    ndarray, shape (n, R)
        Money units of the table. Without ``Y`` and ``A`` it is the table's, computed once,
        cached and read-only; its rows sum to ``x`` when ``x = Z 1 + Y 1``.

    Raises
    ------
    NonProductiveError
        If ``A`` (the table's or the replacement) is not productive.
    ValueError
        If ``Y`` or ``A`` has the wrong shape.
    """
    if Y is None and A is None:
        X = _FINAL_OUTPUT.get(mrio)
        if X is None:
            X = solver(mrio).solve(mrio.Y_by_region)
            X.setflags(write=False)
            _FINAL_OUTPUT[mrio] = X
        return X
    return _solver_for(mrio, A).solve(_by_region(mrio, mrio.Y_by_region if Y is None else Y))


def _demands(Y: Demand | None) -> tuple[list[np.ndarray | None], bool]:
    """One final demand (or None) as ``([Y], False)``, a sequence of them as ``(list, True)``."""
    if Y is None or (isinstance(Y, np.ndarray) and Y.ndim == 2):
        return [Y], False
    return list(Y), True


def _outputs(mrio: MRIO, Ys: list[np.ndarray | None], many: bool, A: Matrix | None,
             max_rhs: int) -> Iterator[np.ndarray]:
    """``X = L Y_reg`` for one final demand, or for each of many, ``max_rhs`` columns at a time."""
    if not many:
        yield final_output(mrio, Y=Ys[0], A=A)
        return
    sol = _solver_for(mrio, A)
    R = mrio.n_regions
    per = max(1, max_rhs // max(R, 1))
    for start in range(0, len(Ys), per):
        chunk = [_by_region(mrio, mrio.Y if y is None else y) for y in Ys[start:start + per]]
        X = sol.solve(np.hstack(chunk))
        yield from (X[:, j * R:(j + 1) * R] for j in range(len(chunk)))


def _stack(out: list[np.ndarray], many: bool, shape: tuple[int, ...]) -> np.ndarray:
    """The one result, or the results of many final demands along a new leading axis."""
    if not many:
        return out[0]
    return np.stack(out) if out else np.zeros((0, *shape))


def _rows(M: np.ndarray, width: int, what: str) -> np.ndarray:
    """``M`` (width,) or (k, width) as (k, width); ValueError for another shape."""
    M = np.asarray(M, dtype=np.float64)
    if M.ndim not in (1, 2) or M.shape[-1] != width:
        raise ValueError(f"{what} has shape {M.shape}, expected ({width},) or (k, {width})")
    return M.reshape(-1, width)


# ---- intensities and direct parts -----------------------------------------------------------
def intensities(mrio: MRIO, F: np.ndarray) -> np.ndarray:
    """Direct intensities ``s = f / x``, 0 where ``x <= 0``.

    Parameters
    ----------
    mrio : MRIO
    F : ndarray, shape (n,) or (k, n)
        Account values of the producing region-sectors (one account per row).

    Returns
    -------
    ndarray, same shape as F
        Account unit per money unit of the table (e.g. hours per USD million).

    Raises
    ------
    ValueError
        If the last axis of ``F`` is not ``n``.
    """
    F2 = _rows(F, mrio.n, "account values")
    out = np.zeros_like(F2)
    pos = mrio.x > 0
    out[:, pos] = F2[:, pos] / mrio.x[pos]
    return out.reshape(np.shape(F))


def direct_by_region(mrio: MRIO, F_Y: np.ndarray | None) -> np.ndarray:
    """Direct account of final demand (pymrio's ``F_Y``) summed over categories per region.

    Parameters
    ----------
    mrio : MRIO
    F_Y : ndarray, shape (R*K,) or (k, R*K), or None
        Direct part of each (consuming region, category); None: no direct part.

    Returns
    -------
    ndarray, shape (R,) or (k, R)
        Account units; zeros for None.

    Raises
    ------
    ValueError
        If the last axis of ``F_Y`` is not ``R*K``.
    """
    R, K = mrio.n_regions, len(mrio.categories)
    if F_Y is None:
        return np.zeros(R)
    D = _rows(F_Y, R * K, "direct final-demand account")
    return D.reshape(-1, R, K).sum(axis=2).reshape(np.shape(F_Y)[:-1] + (R,))


# ---- flows ---------------------------------------------------------------------------------
def flows(mrio: MRIO, S: np.ndarray, *, Y: Demand | None = None, A: Matrix | None = None,
          max_rhs: int = MAX_RHS) -> np.ndarray:
    """Account of each origin region-sector embodied in each region's final demand.

    ``T[a, i, d] = S[a, i] (L Y_d)_i`` for every account ``a`` from one solve.

    Parameters
    ----------
    mrio : MRIO
    S : ndarray, shape (n,) or (k, n)
        Intensities (see :func:`intensities`).
    Y : ndarray of shape (n, R*K) or (n, R), or a sequence of them, optional
        Replacement final demand; a sequence is solved ``max_rhs`` columns at a time.
    A : ndarray or sparse, shape (n, n), optional
        Replacement coefficients (a fresh, productivity-checked solver).
    max_rhs : int
        Right-hand sides per block solve when ``Y`` is a sequence.

    Returns
    -------
    ndarray, shape (k, n, R), or (n, R) for a single vector ``S``
        Account units; origin (region, sector) x consuming region. A sequence ``Y`` of length
        ``m`` adds a leading axis of length ``m``. Direct parts of final demand are not in it.

    Raises
    ------
    NonProductiveError
        If ``A`` is not productive.
    ValueError
        If ``S``, ``Y`` or ``A`` has the wrong shape.
    """
    S2 = _rows(S, mrio.n, "intensities")
    lead = np.shape(S)[:-1]
    Ys, many = _demands(Y)
    out = [(S2[:, :, None] * X[None, :, :]).reshape(lead + X.shape)
           for X in _outputs(mrio, Ys, many, A, max_rhs)]
    return _stack(out, many, lead + (mrio.n, mrio.n_regions))


def flows_by_origin(mrio: MRIO, S: np.ndarray, direct: np.ndarray | Sequence[np.ndarray] | None
                    = None, *, Y: Demand | None = None, A: Matrix | None = None,
                    max_rhs: int = MAX_RHS) -> np.ndarray:
    """Account of each origin region in each region's final demand, direct part on the diagonal.

    ``F[a, o, d] = sum_{i in o} S[a, i] (L Y_d)_i + [o = d] direct[a, d]``; its column sums are
    the consumption-based accounts, its row sums the work (or value) done for final demand.

    Parameters
    ----------
    mrio : MRIO
    S : ndarray, shape (n,) or (k, n)
        Intensities (see :func:`intensities`).
    direct : ndarray of shape (R,) or (k, R), optional
        Direct account of each region's final demand (see :func:`direct_by_region`), in
        account units; with a sequence ``Y``, one array for all or a sequence of one per
        final demand (not scaled with ``Y``: pass the part that goes with it).
    Y, A, max_rhs
        The replacement hook, as in :func:`flows`.

    Returns
    -------
    ndarray, shape (k, R, R), or (R, R) for a single vector ``S``
        Origin region x consuming region, account units; a sequence ``Y`` of length ``m``
        adds a leading axis of length ``m``.

    Raises
    ------
    NonProductiveError
        If ``A`` is not productive.
    ValueError
        If an argument has the wrong shape, or ``direct`` and ``Y`` differ in length.
    """
    R, n_s = mrio.n_regions, mrio.n_sectors
    S2 = _rows(S, mrio.n, "intensities").reshape(-1, R, n_s)
    lead = np.shape(S)[:-1]
    Ys, many = _demands(Y)
    if direct is None or isinstance(direct, np.ndarray):
        directs: list[np.ndarray | None] = [direct] * len(Ys)
    else:
        directs = list(direct)
        if len(directs) != len(Ys):
            raise ValueError(f"{len(directs)} direct parts for {len(Ys)} final demands; "
                             "expected one per final demand or one for all")
    out = []
    for X, d in zip(_outputs(mrio, Ys, many, A, max_rhs), directs, strict=True):
        F = np.einsum("kos,osd->kod", S2, X.reshape(R, n_s, R))
        if d is not None:
            F[:, np.arange(R), np.arange(R)] += _rows(d, R, "direct part")
        out.append(F.reshape(lead + (R, R)))
    return _stack(out, many, lead + (R, R))


# ---- transposed and supply-driven solves ------------------------------------------------------
def solve_transposed(mrio: MRIO, S: np.ndarray, *, A: Matrix | None = None) -> np.ndarray:
    """Multipliers ``M = S L`` from one transposed solve ``(I - A)' M' = S'``.

    Parameters
    ----------
    mrio : MRIO
    S : ndarray, shape (n,) or (k, n)
        Intensities, one account per row (or any row vectors to multiply by ``L``).
    A : ndarray or sparse, shape (n, n), optional
        Replacement coefficients (a fresh, productivity-checked solver).

    Returns
    -------
    ndarray, same shape as S
        Account per unit of final demand of each product (account unit per money unit).

    Raises
    ------
    NonProductiveError
        If ``A`` is not productive.
    ValueError
        If ``S`` or ``A`` has the wrong shape.
    """
    S2 = _rows(S, mrio.n, "intensities")
    if S2.shape[0] == 0:
        return np.zeros(np.shape(S))
    M = _solver_for(mrio, A).solve_transposed(np.ascontiguousarray(S2.T)).T
    return M.reshape(np.shape(S))


def allocation_coefficients(mrio: MRIO) -> Matrix:
    """Ghosh allocation (output) coefficients ``B = diag(x)^-1 Z``.

    Returns
    -------
    ndarray or sparse CSR, shape (n, n)
        Dimensionless, sparse when ``Z`` is; rows where ``x <= 0`` are zero, never NaN.
    """
    inv = np.zeros(mrio.n)
    pos = mrio.x > 0
    inv[pos] = 1.0 / mrio.x[pos]
    if sp.issparse(mrio.Z):
        return sp.csr_array(sp.diags_array(inv) @ sp.csr_array(mrio.Z))
    return inv[:, None] * np.asarray(mrio.Z, dtype=np.float64)


def ghosh_output(mrio: MRIO, V: np.ndarray) -> np.ndarray:
    """Supply-driven (Ghosh) output ``x' = v' (I - B)^-1`` of primary inputs ``v``.

    Solves ``(I - B)' x = v`` without any inverse, through the table's cached Leontief solver:
    where ``x > 0``, ``B = diag(x)^-1 A diag(x)``, so ``x' = v' + u' Z`` with
    ``u' = (v / x)' L`` (``v / x`` set to 0 where ``x <= 0``). The same expression holds for
    zero-output sectors, whose rows of ``B`` are zero: they pass nothing on but still take
    ``v_j + sum_i u_i Z_ij``. With ``v = x - Z' 1`` (column sums) it gives back ``x``.

    Parameters
    ----------
    mrio : MRIO
    V : ndarray, shape (n,) or (k, n)
        Primary inputs (value added, or any input vector) of each region-sector, money units;
        one row per vector.

    Returns
    -------
    ndarray, same shape as V
        Gross output driven by each row of ``V``, money units.

    Raises
    ------
    NonProductiveError
        If the table's ``A`` is not productive.
    ValueError
        If the last axis of ``V`` is not ``n``.
    """
    V2 = _rows(V, mrio.n, "primary inputs")
    U = solve_transposed(mrio, intensities(mrio, V2))
    ZtU = mrio.Z.T @ U.T  # (n, k): sparse times dense stays dense
    return (V2 + np.asarray(ZtU).T).reshape(np.shape(V))


__all__ += ["ghosh_solve"]


def ghosh_solve(mrio: MRIO, W: np.ndarray) -> np.ndarray:
    """``G W`` with the Ghosh inverse ``G = (I - B)^-1``, from one Leontief solve.

    ``G`` is never formed: where ``x > 0``, ``G = diag(x)^-1 L diag(x)``, so
    ``G W = diag(x)^-1 L (diag(x) W + c)``, where ``c_i = sum_{j: x_j <= 0} Z_ij W_j`` carries
    the sales to zero-output sectors (whose columns of ``A`` are zero); rows with
    ``x_i <= 0`` have zero rows of ``B`` and take ``W_i``. With ``W = 1`` it gives the row
    sums of ``G`` (forward linkages); with ``W = s`` (intensities) the account enabled
    downstream per unit of primary input of each sector.

    Parameters
    ----------
    mrio : MRIO
    W : ndarray, shape (n,) or (n, k)
        Column vectors to multiply by ``G`` (any unit per unit of output).

    Returns
    -------
    ndarray, same shape as W
        ``G W``, in the unit of ``W``.

    Raises
    ------
    NonProductiveError
        If the table's ``A`` is not productive.
    ValueError
        If the first axis of ``W`` is not ``n``.
    """
    W = np.asarray(W, dtype=np.float64)
    if W.ndim not in (1, 2) or W.shape[0] != mrio.n:
        raise ValueError(f"vectors to multiply by G have shape {W.shape}, expected "
                         f"({mrio.n},) or ({mrio.n}, k)")
    W2 = W.reshape(mrio.n, -1)
    pos = mrio.x > 0
    rhs = mrio.x[:, None] * W2
    if not pos.all():
        rhs += np.asarray(mrio.Z[:, np.flatnonzero(~pos)] @ W2[~pos])
        rhs[~pos] = 0.0
    H = solver(mrio).solve(rhs) if W2.shape[1] else rhs
    out = W2.copy()
    out[pos] = H[pos] / mrio.x[pos, None]
    return out.reshape(W.shape)


# ---- the diagonal of L (shocks: extraction closed forms, leverage) ------------------------------
__all__ += ["DIAGONAL_LIMIT", "leontief_diagonal"]

#: Largest table whose Leontief diagonal is computed by default: one dense n x n float64 array
#: (8 n^2 bytes: 0.77 GiB at 9,800 region-sectors, 1.07 GiB at 11,600) is factorised in place.
DIAGONAL_LIMIT = 11_600

_DIAGONALS: weakref.WeakKeyDictionary[MRIO, np.ndarray] = weakref.WeakKeyDictionary()


def leontief_diagonal(mrio: MRIO, *, limit: int = DIAGONAL_LIMIT, block: int = 512
                      ) -> np.ndarray:
    """The diagonal ``L_jj`` of the Leontief inverse ``L = (I - A)^-1``, computed once and cached.

    ``L`` itself is never formed. One dense copy of ``I - A`` (``8 n^2`` bytes, the peak
    memory with LAPACK's workspace) is factorised in place, ``P^T (I - A) = Lo U`` (``getrf``,
    ``2 n^3 / 3`` flops), both triangular factors are inverted in place (``trtri``, ``n^3 / 3``
    each), and ``L_jj = sum_k (U^-1)_jk (Lo^-1)_{k, p(j)}`` (``p`` the inverse row permutation)
    is summed ``block`` rows at a time: ``4 n^3 / 3`` flops against ``2 n^3`` for the whole
    inverse (``getri``). Used by the closed forms of hypothetical extraction and of the
    stoppage leverage (:mod:`interlabor.shocks`), which need ``L_jj`` for every cell at once.

    Parameters
    ----------
    mrio : MRIO
    limit : int
        Largest ``n`` allowed (default :data:`DIAGONAL_LIMIT`).
    block : int
        Rows summed at a time (memory ``16 n block`` bytes besides the factors).

    Returns
    -------
    ndarray, shape (n,)
        Dimensionless, each ``>= 1`` for a productive ``A``; read-only.

    Raises
    ------
    InsufficientMemoryError
        If ``n > limit`` (says the memory the dense array would take).
    NonProductiveError
        If ``A`` is not productive.
    """
    cached = _DIAGONALS.get(mrio)
    if cached is not None:
        return cached
    from scipy.linalg import lapack

    from .algebra import as_dense
    from .errors import InsufficientMemoryError

    n = mrio.n
    if n > limit:
        need = 8 * n * n
        raise InsufficientMemoryError(
            f"the diagonal of the Leontief inverse of a table of {n} region-sectors needs a dense "
            f"{n} x {n} factorisation ({need / 2**30:.1f} GiB); allowed up to {limit} "
            "region-sectors (aggregate the table, or pass a larger limit)",
            needed=need)
    solver(mrio)  # productivity check, once per table
    A = mrio.A
    if sp.issparse(A):  # one dense copy, in the column order LAPACK works in
        M = sp.csr_array(A).toarray(order="F")
    else:
        M = np.array(as_dense(A), dtype=np.float64, order="F")
    M *= -1.0
    M[np.diag_indices(n)] += 1.0
    M, piv, info = lapack.dgetrf(M, overwrite_a=True)
    if info == 0:
        M, info = lapack.dtrtri(M, lower=0, unitdiag=0, overwrite_c=True)  # U^-1, upper part
    if info == 0:
        M, info = lapack.dtrtri(M, lower=1, unitdiag=1, overwrite_c=True)  # Lo^-1, below
    if info != 0:  # pragma: no cover - a productive A gives a non-singular I - A
        raise ValueError(f"LU inverse of I - A failed (LAPACK info {info})")
    perm = np.arange(n)
    for i, p in enumerate(piv):  # rows of I - A in the order of the factors
        perm[i], perm[p] = perm[p], perm[i]
    col = np.empty(n, dtype=np.intp)
    col[perm] = np.arange(n)  # column of Lo^-1 P^T that holds e_j's column
    d = np.empty(n)
    k = np.arange(n)
    for j0 in range(0, n, block):
        rows = np.arange(j0, min(j0 + block, n))
        U = M[rows, :] * (k[None, :] >= rows[:, None])  # (b, n): rows of U^-1
        c = col[rows]
        Lc = M[:, c] * (k[:, None] > c[None, :])  # (n, b): columns of Lo^-1, unit diagonal
        Lc[c, np.arange(len(rows))] = 1.0
        d[rows] = np.einsum("bk,kb->b", U, Lc)
    del M
    d.setflags(write=False)
    _DIAGONALS[mrio] = d
    return d
