"""Supply-constrained (mixed) input-output models of a stoppage: the stopped output is given.

A stoppage withdraws a share ``delta_j`` of cell ``j``'s hours; with labour as the binding input
its output over the year can be at most ``(1 - delta_j) x_j``. The two mixed models fix that
output and let the rest of the table respond (mixed exogenous/endogenous models: Miller &
Blair 2009, ch. 13; the supply-side model: ch. 12; Oosterhaven 1988 on why the plain
supply-driven model cannot carry a stoppage):

* **constrained Leontief** (demand-driven, upstream): the other cells' final demand is given;
  the stopped cells' final users absorb the shortfall, ``Delta y_E >= 0``. Then
  ``Delta x = L_{.E} Delta y_E`` with ``(L Delta y)_E = delta_E x_E``; for one cell
  ``Delta y_j = delta_j x_j / L_jj`` and ``Delta x = L e_j delta_j x_j / L_jj``. At
  ``delta = 1`` the loss of every other cell equals the backward hypothetical extraction of
  the stopped cells (:mod:`interlabor.shocks.extraction`).
* **constrained Ghosh** (supply-driven, downstream): the other cells' primary inputs are
  given; the stopped cells' primary inputs are rationed, ``Delta p_E >= 0``, so that
  ``Delta x_E = delta_E x_E``. ``Delta x' = Delta p_E' G_{E.}`` with
  ``G = (I - B)^-1 = diag(x)^-1 L diag(x)``; for one cell
  ``Delta x_i = delta_j L_ji x_i / L_jj``. At ``delta = 1`` the loss of every other cell
  equals the forward (Ghosh) extraction of the stopped cells.

With several stopped cells the stopped output is an upper bound, not an equality: a stopped
cell whose own demand (upstream model) or supply (downstream model) falls below its capacity
produces less, and its final users (primary inputs) are not rationed. That is a linear
complementarity problem with an M-matrix, ``u >= 0``, ``C u >= delta_E x_E``,
``u (C u - delta_E x_E) = 0``, solved exactly by principal pivoting on the ``k x k`` block.
Every solve is the table's cached Leontief solver (``k`` right-hand sides, ``k`` = cells
stopped); ``L`` is never formed.
"""

from __future__ import annotations

import numpy as np

from .. import kernel
from ..errors import ConvergenceError
from ..model import MRIO

__all__ = ["constrained_ghosh", "constrained_leontief"]


def _unit_columns(n: int, cells: np.ndarray) -> np.ndarray:
    E = np.zeros((n, len(cells)))
    E[cells, np.arange(len(cells))] = 1.0
    return E


def _complementarity(C: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``u >= 0``, ``C u >= b``, ``u (C u - b) = 0`` for a (k, k) block of an M-matrix inverse.

    Principal pivoting: solve on the active set, drop the most negative ``u``, add back the
    most violated released cell; at most ``3 k + 3`` steps (each a ``k x k`` solve).
    """
    k = len(b)
    act = b > 0
    u = np.zeros(k)
    for _ in range(3 * k + 3):
        u = np.zeros(k)
        if act.any():
            u[act] = np.linalg.solve(C[np.ix_(act, act)], b[act])
        neg = act & (u < -1e-12 * max(float(np.abs(u).max()), 1e-300))
        if neg.any():
            act[np.flatnonzero(neg)[np.argmin(u[neg])]] = False
            continue
        u = np.clip(u, 0.0, None)
        slack = C @ u - b
        viol = ~act & (slack < -1e-12 * max(float(np.abs(b).max()), 1e-300))
        if not viol.any():
            return u
        act[np.flatnonzero(viol)[np.argmin(slack[viol])]] = True
    raise ConvergenceError(  # pragma: no cover - principal pivoting on an M-matrix terminates
        f"the supply-constrained model of {k} stopped cells did not settle (principal pivoting)")


def constrained_leontief(mrio: MRIO, cells: np.ndarray, delta: np.ndarray
                         ) -> tuple[np.ndarray, np.ndarray]:
    """Output lost in the supply-constrained Leontief model (upstream effects of a stoppage).

    Parameters
    ----------
    mrio : MRIO
    cells : ndarray of int, shape (k,)
        Stopped cells.
    delta : ndarray, shape (k,)
        Annual capacity loss of each (share of its output), in [0, 1].

    Returns
    -------
    dx : ndarray, shape (n,)
        Output lost by every cell (money units of the table), ``>= 0``; ``dx_E >=
        delta_E x_E``, equal where the capacity binds.
    dy : ndarray, shape (k,)
        Final demand of the stopped cells' products that is not served, ``>= 0``.

    Raises
    ------
    NonProductiveError
        If ``A`` is not productive.
    """
    cells = np.asarray(cells, dtype=np.intp)
    if cells.size == 0:
        return np.zeros(mrio.n), np.zeros(0)
    Lc = kernel.solver(mrio).solve(_unit_columns(mrio.n, cells))  # (n, k): L e_j
    b = np.asarray(delta, dtype=np.float64) * mrio.x[cells]
    dy = _complementarity(Lc[cells, :], b)
    return np.clip(Lc @ dy, 0.0, None), dy


def constrained_ghosh(mrio: MRIO, cells: np.ndarray, delta: np.ndarray
                      ) -> tuple[np.ndarray, np.ndarray]:
    """Output lost in the supply-constrained Ghosh model (downstream effects of a stoppage).

    Takes the arguments of :func:`constrained_leontief` and returns ``(dx, dp)``: the output
    lost by every cell (money, ``>= 0``) and the primary inputs of the stopped cells left idle
    (shape (k,), ``>= 0``). Raises what it raises.
    """
    cells = np.asarray(cells, dtype=np.intp)
    if cells.size == 0:
        return np.zeros(mrio.n), np.zeros(0)
    x = mrio.x
    Rows = kernel.solve_transposed(mrio, _unit_columns(mrio.n, cells).T)  # (k, n): e_j' L
    xE = x[cells]
    inv = np.where(xE > 0, 1.0 / np.where(xE > 0, xE, 1.0), 0.0)
    G_EE = Rows[:, cells] * inv[:, None] * xE[None, :]  # G_ab = L_ab x_b / x_a
    b = np.asarray(delta, dtype=np.float64) * xE
    dp = _complementarity(G_EE.T, b)
    return np.clip(x * ((dp * inv) @ Rows), 0.0, None), dp
