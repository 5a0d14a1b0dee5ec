"""The inoperability input-output model (IIM): demand-reduction, supply-side and dynamic.

Inoperability is the share of a cell's (as-planned, annual) output that is lost,
``q = (x - x_tilde) / x``. With ``A* = diag(x)^-1 A diag(x)`` (= the Ghosh allocation
coefficients ``B = diag(x)^-1 Z``):

* **demand-reduction IIM** (Santos & Haimes 2004): ``q = A* q + c*``, ``c* = diag(x)^-1 dy``
  (a demand perturbation), so ``q = (I - A*)^-1 c* = diag(x)^-1 L dy``: a rescaled Leontief
  model, computed as one, and not independent evidence of anything the Leontief model says.
* **supply-side IIM** (Leung, Haimes & Santos 2007, interdependency matrix ``A^S = A'``):
  ``q = A' q + c_s``, ``c_s = dp / x`` (a loss of primary inputs), so ``q = L' c_s`` and
  ``dx = x q`` is the Ghosh model's ``dx' = dp' (I - B)^-1``: a rescaled Ghosh model.
* **dynamic IIM** (Lian & Haimes 2006), one step a day:
  ``q(t+1) = q(t) + K (A* q(t) + c*(t) - q(t))``, with resilience
  ``k_i = ln(q_i(0) / q_i(T_i)) / (T_i (1 - a*_ii))``: an isolated cell recovers from
  ``q_i(0)`` to ``q_i(T_i)`` (``target``, default 1 %) in ``T_i`` days. A stoppage enters as
  forced inoperability: a stopped cell's ``q`` is held at no less than its stopped share while
  the stoppage lasts, then every cell recovers. ``q`` stays in [0, 1]. The daily output lost
  is ``x q(t) / 365``. While a long stoppage lasts, ``q`` tends to the supply-constrained
  Leontief model's (:mod:`interlabor.shocks.constrained`) whenever the forced share binds.

References
----------
Santos, J. R. & Haimes, Y. Y. (2004). Modeling the demand reduction input-output (I-O)
inoperability due to terrorism of interconnected infrastructures. *Risk Analysis* 24(6):
1437-1451.
Leung, M., Haimes, Y. Y. & Santos, J. R. (2007). Supply- and output-side extensions to the
inoperability input-output model for interdependent infrastructures. *Journal of
Infrastructure Systems* 13(4): 299-310.
Lian, C. & Haimes, Y. Y. (2006). Managing the risk of terrorism to interdependent infrastructure
systems through the dynamic inoperability input-output model. *Systems Engineering* 9(3):
241-258.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

import numpy as np
import scipy.sparse as sp

from .. import kernel
from ..algebra import Matrix
from ..errors import ConvergenceWarning, ScenarioError
from ..model import MRIO
from .stoppage import YEAR_DAYS

__all__ = [
    "DiimPath",
    "demand_inoperability",
    "dynamic_inoperability",
    "interdependency",
    "recovery_days",
    "resilience",
    "supply_inoperability",
]

#: Longest horizon of the dynamic model, in days (ten years).
MAX_HORIZON = 3650


def interdependency(mrio: MRIO, side: Literal["demand", "supply"] = "demand") -> Matrix:
    """The interdependency matrix: ``A* = diag(x)^-1 A diag(x)`` (demand) or ``A^S = A'`` (supply).

    Returns
    -------
    ndarray or sparse CSR, shape (n, n)
        Dimensionless; zero rows where ``x <= 0``.
    """
    if side == "demand":
        return kernel.allocation_coefficients(mrio)
    if side == "supply":
        A = mrio.A
        return sp.csr_array(A.T) if sp.issparse(A) else np.asarray(A).T
    raise ValueError(f"unknown side {side!r}: expected 'demand' or 'supply'")


def _safe_div(a: np.ndarray, x: np.ndarray) -> np.ndarray:
    pos = x > 0
    shape = (-1,) + (1,) * (a.ndim - 1)
    return np.where(pos.reshape(shape), a / np.where(pos, x, 1.0).reshape(shape), 0.0)


def demand_inoperability(mrio: MRIO, c_star: np.ndarray) -> np.ndarray:
    """Demand-reduction inoperability ``q = (I - A*)^-1 c*`` (Santos & Haimes 2004).

    Parameters
    ----------
    mrio : MRIO
    c_star : ndarray, shape (n,) or (n, R)
        Demand perturbation normalised by output, ``dy / x`` (one column per consumer region
        to keep whose demand fell apart).

    Returns
    -------
    ndarray, same shape as c_star
        Inoperability (dimensionless); ``x q`` is the output lost. Computed as
        ``diag(x)^-1 L (x c*)`` with the table's cached Leontief solver.
    """
    c = np.asarray(c_star, dtype=np.float64)
    dy = c * (mrio.x if c.ndim == 1 else mrio.x[:, None])
    return _safe_div(kernel.solver(mrio).solve(dy), mrio.x)


def supply_inoperability(mrio: MRIO, c_s: np.ndarray) -> np.ndarray:
    """Supply-side inoperability ``q = (I - A^S)^-1 c_s = L' c_s`` (Leung et al. 2007).

    Parameters
    ----------
    mrio : MRIO
    c_s : ndarray, shape (n,) or (k, n)
        Loss of primary inputs normalised by output, ``dp / x``.

    Returns
    -------
    ndarray, same shape as c_s
        Inoperability; ``x q`` equals the Ghosh output change of ``dp``
        (:func:`interlabor.kernel.ghosh_output`).
    """
    return kernel.solve_transposed(mrio, np.asarray(c_s, dtype=np.float64))


# ---- the dynamic IIM ---------------------------------------------------------------------------
def recovery_days(mrio: MRIO, spec: float | Mapping[str, object]) -> np.ndarray:
    """Recovery time of every cell, in days, from a number or a table by sector.

    Parameters
    ----------
    spec : float or Mapping
        One number for every cell, or a mapping whose keys are sector codes or names,
        ``REGION:SECTOR`` for one cell, or ``default``; every sector must be covered.

    Returns
    -------
    ndarray, shape (n,)

    Raises
    ------
    ScenarioError
        A key that is no sector or cell, a value that is not a positive number, or sectors
        without a value and no ``default`` (names them).
    """
    from .stoppage import find_cell

    n_s = mrio.n_sectors
    if not isinstance(spec, Mapping):
        return np.full(mrio.n, _positive(spec, "recovery_days"))
    by_sector: dict[int, float] = {}
    cells: dict[int, float] = {}
    default = None
    names = {s.lower(): i for i, s in enumerate(mrio.sectors)}
    for i, nm in enumerate(mrio.sector_names):
        names.setdefault(nm.lower(), i)
    for key, val in spec.items():
        v = _positive(val, f"recovery_days.{key}")
        if key == "default":
            default = v
        elif ":" in key:
            region, sector = key.split(":", 1)
            cells[find_cell(mrio, region, sector, what=f"recovery_days.{key}")] = v
        elif key.lower() in names:
            by_sector[names[key.lower()]] = v
        else:
            find_cell(mrio, mrio.regions[0], key, what=f"recovery_days.{key}")  # names nearest
    missing = [mrio.sectors[s] for s in range(n_s) if s not in by_sector]
    if missing and default is None:
        shown = ", ".join(f"{s} ({mrio.sector_name_of[s]})" for s in missing[:5])
        more = f" and {len(missing) - 5} more" if len(missing) > 5 else ""
        raise ScenarioError(f"recovery_days: no value for sector {shown}{more}; give one for "
                            "every sector or a default", key="recovery_days")
    per_sector = np.array([by_sector.get(s, default or 0.0) for s in range(n_s)])
    out = np.tile(per_sector, mrio.n_regions)
    for idx, v in cells.items():
        out[idx] = v
    return out


def _positive(val: object, what: str) -> float:
    try:
        v = float(val)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ScenarioError(f"{what}: {val!r} is not a number of days", key=what) from None
    if not (math.isfinite(v) and v > 0):
        raise ScenarioError(f"{what}: {val!r} is not a positive number of days", key=what)
    return v


def resilience(mrio: MRIO, recovery: np.ndarray, *, target: float = 0.01) -> np.ndarray:
    """Resilience coefficients ``k_i = ln(1 / target) / (T_i (1 - a*_ii))`` (Lian & Haimes 2006).

    Parameters
    ----------
    recovery : ndarray, shape (n,)
        Days ``T_i`` for an isolated cell to fall from inoperability ``q(0)`` to
        ``target x q(0)``.
    target : float
        Remaining share of inoperability after ``T_i`` days, in (0, 1).

    Returns
    -------
    ndarray, shape (n,)
        Per day.

    Raises
    ------
    ScenarioError
        ``target`` outside (0, 1), or a recovery time shorter than ``ln(1 / target)`` days
        (the daily step would overshoot: ``k_i (1 - a*_ii) > 1``).
    """
    if not 0 < target < 1:
        raise ScenarioError(f"diim.target {target!r} is outside (0, 1)", key="diim.target")
    T = np.asarray(recovery, dtype=np.float64)
    rate = math.log(1.0 / target) / T  # k_i (1 - a*_ii)
    if np.any(rate > 1.0):
        j = int(np.argmax(rate))
        raise ScenarioError(
            f"recovery_days: {T[j]:g} days for {mrio.regions[j // mrio.n_sectors]}:"
            f"{mrio.sectors[j % mrio.n_sectors]} is shorter than ln(1/{target:g}) = "
            f"{math.log(1 / target):.2f} days, the fastest recovery a daily step can follow",
            key="recovery_days")
    B = kernel.allocation_coefficients(mrio)
    a_ii = np.asarray(B.diagonal() if sp.issparse(B) else np.diag(B), dtype=np.float64)
    return rate / (1.0 - a_ii)


@dataclass(frozen=True)
class DiimPath:
    """The path of the dynamic IIM.

    Attributes
    ----------
    loss : ndarray, shape (n,)
        Output lost by each cell over the whole horizon, money units of the table.
    daily : ndarray, shape (T, R)
        Output lost each day by each producing region, money per day.
    final : ndarray, shape (n,)
        Inoperability on the last day.
    days : int
        Days simulated, ``T``.
    converged : bool
        Whether the loss fell below the tolerance before the horizon.
    """

    loss: np.ndarray
    daily: np.ndarray
    final: np.ndarray
    days: int
    converged: bool


def dynamic_inoperability(mrio: MRIO, cells: np.ndarray, depth: np.ndarray, days: np.ndarray,
                          recovery: np.ndarray, *, target: float = 0.01,
                          horizon: int | None = None, tol: float = 1e-6) -> DiimPath:
    """Forced inoperability of stopped cells and the recovery after it (dynamic IIM).

    Parameters
    ----------
    mrio : MRIO
    cells : ndarray of int, shape (k,)
        Stopped cells.
    depth : ndarray, shape (k,)
        Share of each cell's output lost while it is stopped (its stopped share of hours).
    days : ndarray, shape (k,)
        Days each stop lasts (day ``t`` is stopped when ``t < days``).
    recovery : ndarray, shape (n,)
        Recovery times (see :func:`resilience`), days.
    target : float
        See :func:`resilience`.
    horizon : int, optional
        Days to simulate; default until the daily loss is below ``tol`` times the first
        day's, at most :data:`MAX_HORIZON` (a :class:`ConvergenceWarning` if reached).
    tol : float
        Relative daily loss at which the recovery counts as complete.

    Returns
    -------
    DiimPath

    Raises
    ------
    ScenarioError
        Bad recovery parameters (see :func:`resilience`).
    """
    cells = np.asarray(cells, dtype=np.intp)
    x = mrio.x
    R, S = mrio.n_regions, mrio.n_sectors
    K = resilience(mrio, recovery, target=target)
    Astar = kernel.allocation_coefficients(mrio)
    depth = np.asarray(depth, dtype=np.float64)
    days = np.asarray(days, dtype=np.float64)
    q = np.zeros(mrio.n)
    q[cells] = depth
    first = float(x[cells] @ depth) if cells.size else 0.0
    end = int(math.ceil(days.max())) if cells.size else 0
    limit = MAX_HORIZON if horizon is None else int(horizon)
    loss = np.zeros(mrio.n)
    daily: list[np.ndarray] = []
    converged = cells.size == 0
    for t in range(limit):
        lost = x * q / YEAR_DAYS
        loss += lost
        daily.append(lost.reshape(R, S).sum(axis=1))
        if horizon is None and t >= end and float(lost.sum()) * YEAR_DAYS <= tol * first:
            converged = True
            break
        q = q + K * (np.asarray(Astar @ q) - q)
        on = (t + 1) < days
        if on.any():
            q[cells[on]] = np.maximum(q[cells[on]], depth[on])
        np.clip(q, 0.0, 1.0, out=q)
    else:
        converged = converged or float(x @ q) <= tol * first
        if horizon is None and not converged:
            warnings.warn(f"dynamic IIM: recovery not complete after {limit} days (daily loss "
                          f"above {tol:g} of the first day's)", ConvergenceWarning, stacklevel=2)
    return DiimPath(loss, np.array(daily).reshape(-1, R), q, len(daily), converged)
