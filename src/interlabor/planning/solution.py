"""The solution of a planning LP, as every backend returns it."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

__all__ = ["LPSolution"]


@dataclass
class LPSolution:
    """Primal and dual solution of a planning LP.

    Attributes
    ----------
    status : str
        HiGHS model status (``"Optimal"``).
    objective : float
        ``c'z + offset``.
    z : ndarray, shape (N,)
        Primal values.
    row_activity, row_dual : ndarray, shape (m,)
        ``M z`` and duals (HiGHS convention: ``c - M' y = reduced costs``; a ``>=`` row of a
        minimisation has ``y >= 0``, a ``<=`` row ``y <= 0``).
    col_dual : ndarray, shape (N,)
        Reduced costs.
    col_basic, row_basic : ndarray of bool
        Basic status (all False without a basis).
    seconds : float
        Wall time of ``run()``.
    iterations : dict
        Simplex, IPM and PDLP iteration counts.
    info : dict
        Primal/dual infeasibility and, for PDLP, the relative duality gap.
    method : str
    col_status, row_status : ndarray of int8, shape (N,) and (m,)
        HiGHS basis status of each column and row (``HighsBasisStatus``: 0 lower, 1 basic,
        2 upper, 3 zero, 4 nonbasic), to warm-start further solves; empty without a basis.
    """

    status: str
    objective: float
    z: np.ndarray
    row_activity: np.ndarray
    row_dual: np.ndarray
    col_dual: np.ndarray
    col_basic: np.ndarray
    row_basic: np.ndarray
    seconds: float
    iterations: dict[str, int]
    info: dict[str, float]
    method: str
    col_status: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int8))
    row_status: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int8))
