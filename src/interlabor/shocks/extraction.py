"""Hypothetical extraction of (region, sector) cells, backward and forward, full or partial.

Following Dietzenbacher & Lahr (2013), a share ``s_j`` in (0, 1] of cell ``j`` is extracted
(``s = 1``: all of it), and the table is solved again:

* **backward** (demand-driven): the extracted share buys no inputs, ``A_bar = A (I - D)`` with
  ``D = diag(s)`` on the extracted cells (their columns of ``A`` scaled by ``1 - s``); final
  demand stays. Loss ``x - L_bar y``, and by consumer region ``X - L_bar Y_reg``.
* **forward** (supply-driven, Ghosh): the extracted share sells nothing as an input,
  ``B_bar = (I - D) B`` (rows of ``B`` scaled); primary inputs ``p = x - Z' 1`` stay. Since
  ``B = diag(x)^-1 A diag(x)``, ``x_bar = diag(x) L_bar' (p / x)`` with ``A_bar = (I - D) A``:
  one transposed solve.

The two are different questions (who would lose orders, who would lose supplies) and are
reported separately, never summed. Each is one solve with replacement coefficients through the
shared kernel (:func:`interlabor.kernel.final_output` / :func:`~interlabor.kernel.solve_transposed`
with ``A=``).

For one cell at a time the losses have closed forms (Sherman-Morrison), so all ``n`` cells are
ranked from one transposed (or forward) solve and the diagonal of ``L``
(:func:`interlabor.kernel.leontief_diagonal`); for weights ``w`` (intensities, account per
unit of output) and account totals ``f = w x``:

* backward: ``w' (x - x_bar) = s ((w'L)_j - w_j) x_j / (1 + s (L_jj - 1))``;
* forward:  ``w' (x - x_bar) = s ((L f)_j - f_j) / (1 + s (L_jj - 1))``.

References
----------
Dietzenbacher, E. & Lahr, M. L. (2013). Expanding extractions. *Economic Systems Research*
25(3): 341-360.
Miller, R. E. & Blair, P. D. (2009). *Input-Output Analysis*, 2nd ed., ch. 12 (supply-side
model, hypothetical extraction).
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import scipy.sparse as sp

from .. import kernel
from ..algebra import Matrix
from ..model import MRIO

__all__ = ["Direction", "extracted_coefficients", "extraction", "extraction_closed_form"]

Direction = Literal["backward", "forward"]


def _check_direction(direction: str) -> None:
    if direction not in ("backward", "forward"):
        raise ValueError(f"unknown direction {direction!r}: expected 'backward' or 'forward'")


def _keep(mrio: MRIO, cells: np.ndarray, share: float | np.ndarray) -> np.ndarray:
    """``1 - s`` on the extracted cells, 1 elsewhere, shape (n,)."""
    keep = np.ones(mrio.n)
    s = np.broadcast_to(np.asarray(share, dtype=np.float64), np.shape(cells))
    if np.any((s < 0) | (s > 1)):
        raise ValueError(f"extraction shares must lie in [0, 1], got {s}")
    keep[np.asarray(cells, dtype=np.intp)] = 1.0 - s
    return keep


def extracted_coefficients(mrio: MRIO, cells: np.ndarray, share: float | np.ndarray = 1.0, *,
                           direction: Direction = "backward") -> Matrix:
    """The coefficients ``A_bar`` of an extraction: columns (backward) or rows (forward) scaled.

    Returns
    -------
    ndarray or sparse CSR, shape (n, n)
        Sparse when the table's ``A`` is.
    """
    _check_direction(direction)
    keep = _keep(mrio, cells, share)
    A = mrio.A
    if sp.issparse(A):
        D = sp.diags_array(keep)
        return sp.csr_array(A @ D if direction == "backward" else D @ A)
    Ad = np.asarray(A)
    return Ad * keep[None, :] if direction == "backward" else Ad * keep[:, None]


def extraction(mrio: MRIO, cells: np.ndarray, share: float | np.ndarray = 1.0, *,
               direction: Direction = "backward") -> tuple[np.ndarray, np.ndarray | None]:
    """Output lost when a share of the given cells is extracted (one solve from the kernel).

    Parameters
    ----------
    mrio : MRIO
    cells : ndarray of int, shape (k,)
        Extracted cells (positions in the table's region-sector order); empty: nothing.
    share : float or ndarray of shape (k,)
        Share of each cell extracted, in [0, 1].
    direction : {"backward", "forward"}

    Returns
    -------
    dx : ndarray, shape (n,)
        Output lost by every cell, money units of the table.
    dX : ndarray of shape (n, R), or None
        Backward only: output lost by origin cell x consumer region (final demand given, so
        the output no longer required by each region's final demand); None for forward.

    Raises
    ------
    NonProductiveError
        Never for a productive table (extraction only lowers ``A``).
    ValueError
        Unknown direction, share outside [0, 1].
    """
    cells = np.asarray(cells, dtype=np.intp)
    _check_direction(direction)
    if cells.size == 0:
        return np.zeros(mrio.n), (np.zeros((mrio.n, mrio.n_regions))
                                  if direction == "backward" else None)
    Abar = extracted_coefficients(mrio, cells, share, direction=direction)
    x = mrio.x
    if direction == "backward":
        dX = kernel.final_output(mrio) - kernel.final_output(mrio, A=Abar)
        return dX.sum(axis=1), dX
    p_over_x = kernel.intensities(mrio, mrio.value_added)
    xbar = x * kernel.solve_transposed(mrio, p_over_x, A=Abar)
    return x - xbar, None


def extraction_closed_form(mrio: MRIO, F: np.ndarray, *, direction: Direction = "backward",
                           share: float = 1.0) -> np.ndarray:
    """Loss of each account when each cell, one at a time, is extracted: every cell at once.

    Parameters
    ----------
    mrio : MRIO
    F : ndarray, shape (n,) or (k, n)
        Account totals of the producing cells, one account per row (``mrio.x`` for output
        itself).
    direction : {"backward", "forward"}
    share : float
        Share extracted of each cell, in (0, 1].

    Returns
    -------
    ndarray, same shape as F
        Entry ``[a, j]``: account ``a`` lost over the whole table (the extracted cell's own
        loss included) when cell ``j`` alone is extracted, in the account's unit.

    Raises
    ------
    InsufficientMemoryError
        Tables above :data:`interlabor.kernel.DIAGONAL_LIMIT` region-sectors.
    ValueError
        Unknown direction, share outside (0, 1], ``F`` of the wrong shape.
    """
    _check_direction(direction)
    if not 0 < share <= 1:
        raise ValueError(f"share must lie in (0, 1], got {share}")
    F2 = np.atleast_2d(np.asarray(F, dtype=np.float64))
    if F2.shape[-1] != mrio.n:
        raise ValueError(f"account totals have shape {np.shape(F)}, expected (n,) or (k, n)")
    d = kernel.leontief_diagonal(mrio)
    denom = 1.0 + share * (d - 1.0)
    if direction == "backward":
        W = kernel.intensities(mrio, F2)
        loss = (kernel.solve_transposed(mrio, W) - W) * mrio.x[None, :]
    else:
        loss = kernel.solver(mrio).solve(np.ascontiguousarray(F2.T)).T - F2
    return (share * loss / denom[None, :]).reshape(np.shape(F))
