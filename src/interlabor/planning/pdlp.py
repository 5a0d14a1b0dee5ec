"""The first-order backend: OR-Tools PDLP on a plan LP.

PDLP (primal-dual hybrid gradient with restarts, Applegate et al. 2021) needs only products
with the constraint matrix, so its memory grows with the non-zeros and it reaches instances
where interior point and simplex run out of time. It stops at a tolerance, not at a vertex:
there is no basis, the duals are approximate, and the relative gap and residuals are reported
with the solution.

``ortools`` is imported lazily (``pip install 'interlabor[plan-pdlp]'``). Reduced costs follow
HiGHS's convention (``c - M'y``), so :class:`~interlabor.planning.solution.LPSolution` means the
same whichever backend made it.
"""

from __future__ import annotations

import time
from typing import Any

import numpy as np
import scipy.sparse as sp

from ..errors import InfeasibleError, MissingDependencyError, SolverError
from .highs import configured_highs, explain_infeasible
from .lp import PlanLP
from .solution import LPSolution

__all__ = ["DEFAULT_TOLERANCE", "row_scale", "solve_lp_pdlp"]

#: Relative tolerance of PDLP's optimality criteria when the scenario gives none.
DEFAULT_TOLERANCE = 1e-4


def _ortools() -> tuple[Any, Any, Any]:
    try:
        from ortools.pdlp import solve_log_pb2, solvers_pb2
        from ortools.pdlp.python import pdlp
    except ModuleNotFoundError as exc:  # pragma: no cover - depends on the environment
        raise MissingDependencyError(
            "method 'ortools-pdlp' needs OR-Tools (ortools>=9.8), which is not installed: "
            "pip install 'interlabor[plan-pdlp]'", name="ortools") from exc
    return pdlp, solvers_pb2, solve_log_pb2


def row_scale(M: Any) -> np.ndarray:
    """Factors that bring every row's largest coefficient to 1, shape (m,).

    PDLP stops when its residuals are small relative to the norm of the bounds; unscaled, the
    labour-capacity rows (hours, about 1e11 for a large region) make that norm so large that
    the starting point ``z = 0`` already passes. Scaled, each row is in the units of the
    variables (money), so the relative criteria mean what they say.
    """
    a = sp.csr_array(M)
    big = np.ones(a.shape[0])
    nz = np.diff(a.indptr) > 0
    big[nz] = np.maximum.reduceat(np.abs(a.data), a.indptr[:-1][nz])
    big[big == 0] = 1.0  # rows of stored zeros stay as they are
    return 1.0 / big


def _program(lp: PlanLP, r: np.ndarray) -> Any:
    pdlp, _, _ = _ortools()
    m, n = lp.M.shape
    qp = pdlp.QuadraticProgram()
    qp.resize_and_initialize(n, m)
    qp.objective_vector = np.ascontiguousarray(lp.c, dtype=np.float64)
    qp.objective_offset = float(lp.offset)
    qp.constraint_matrix = sp.csc_matrix(sp.diags_array(r) @ sp.csc_array(lp.M),
                                         dtype=np.float64)
    qp.constraint_lower_bounds = np.ascontiguousarray(r * lp.row_lo, dtype=np.float64)
    qp.constraint_upper_bounds = np.ascontiguousarray(r * lp.row_hi, dtype=np.float64)
    qp.variable_lower_bounds = np.ascontiguousarray(lp.lo, dtype=np.float64)
    qp.variable_upper_bounds = np.ascontiguousarray(lp.hi, dtype=np.float64)
    return qp


def _explain(lp: PlanLP, time_limit: float, threads: int | None) -> list[str]:
    """An irreducible infeasible set from HiGHS (PDLP only certifies infeasibility)."""
    h = configured_highs(lp, "simplex", time_limit, threads)
    h.run()
    return explain_infeasible(lp, h)


def solve_lp_pdlp(lp: PlanLP, *, tolerance: float | None = None, time_limit: float = 600.0,
                  threads: int | None = None, explain: bool = True,
                  verbose: bool = False) -> LPSolution:
    """Solve a planning LP with OR-Tools PDLP.

    Parameters
    ----------
    lp : PlanLP
    tolerance : float, optional
        Relative (and absolute) tolerance of PDLP's optimality criteria: relative primal and
        dual residuals and relative gap (default :data:`DEFAULT_TOLERANCE`).
    time_limit : float
        Seconds.
    threads : int, optional
        Worker threads (default 1).
    explain : bool
        On infeasibility, ask HiGHS for an irreducible infeasible set and put it in words.
    verbose : bool
        Let PDLP log its progress.

    Rows are scaled by :func:`row_scale` before PDLP sees them (duals are scaled back); the
    tolerances apply to the scaled rows, in money units.

    Returns
    -------
    LPSolution
        ``method="ortools-pdlp"``; no basis (``col_basic`` all False); ``info`` holds
        ``relative_gap`` (``|p - d| / (1 + |p| + |d|)``, the same measure HiGHS reports),
        ``primal_objective``, ``dual_objective``, ``max_primal_residual``,
        ``max_dual_residual`` and ``tolerance``.

    Raises
    ------
    InfeasibleError
        PDLP certifies the plan infeasible.
    SolverError
        Stopped at the time or iteration limit, found the plan unbounded, or ran into
        numerical trouble (names PDLP's termination reason, with the gap and residuals
        reached; ``info`` holds them as on a solution).
    """
    pdlp, solvers_pb2, solve_log_pb2 = _ortools()
    tol = DEFAULT_TOLERANCE if tolerance is None else float(tolerance)
    params = solvers_pb2.PrimalDualHybridGradientParams()
    crit = params.termination_criteria.simple_optimality_criteria
    crit.eps_optimal_relative = tol
    crit.eps_optimal_absolute = tol
    params.termination_criteria.time_sec_limit = float(time_limit)
    params.num_threads = int(threads or 1)
    params.verbosity_level = 2 if verbose else 0
    t0 = time.perf_counter()
    r = row_scale(lp.M)
    qp = _program(lp, r)
    result = pdlp.primal_dual_hybrid_gradient(qp, params)
    seconds = time.perf_counter() - t0
    log = result.solve_log
    reason = solve_log_pb2.TerminationReason.Name(log.termination_reason)
    name = reason.removeprefix("TERMINATION_REASON_").replace("_", " ").lower()
    if reason == "TERMINATION_REASON_PRIMAL_INFEASIBLE":
        lines = _explain(lp, time_limit, threads) if explain else []
        msg = "no plan meets every constraint of the scenario (PDLP certificate)"
        if lines:
            msg += ". These constraints cannot all hold together (an irreducible infeasible " \
                   "set, from HiGHS):\n  - " + "\n  - ".join(lines)
        raise InfeasibleError(msg, explanation=lines, status=name)
    stats = next((c for c in log.solution_stats.convergence_information
                  if c.candidate_type == log.solution_type), None)
    p = float(stats.primal_objective) if stats is not None else float("nan")
    d = float(stats.dual_objective) if stats is not None else float("nan")
    info = {"relative_gap": abs(p - d) / (1.0 + abs(p) + abs(d)),
            "primal_objective": p, "dual_objective": d,
            "max_primal_residual": float(stats.l_inf_primal_residual) if stats else np.nan,
            "max_dual_residual": float(stats.l_inf_dual_residual) if stats else np.nan,
            "tolerance": tol}
    if reason != "TERMINATION_REASON_OPTIMAL":
        raise SolverError(
            f"OR-Tools PDLP stopped with {name!r} after {seconds:.1f} s and "
            f"{log.iteration_count} iterations (relative gap {info['relative_gap']:.2e}, "
            f"largest primal residual {info['max_primal_residual']:.3g}, dual "
            f"{info['max_dual_residual']:.3g}; {log.termination_string or 'no detail'}); try "
            "a larger solver.tolerance, a longer solver.time_limit or method 'ipm'",
            status=name, info={**info, "seconds": seconds,
                                 "iterations": float(log.iteration_count)})
    z = np.asarray(result.primal_solution, dtype=float)
    y = r * np.asarray(result.dual_solution, dtype=float)  # duals of the unscaled rows
    N, m = lp.M.shape[1], lp.M.shape[0]
    return LPSolution(
        status="Optimal", objective=p, z=z, row_activity=np.asarray(lp.M @ z),
        row_dual=y, col_dual=np.asarray(result.reduced_costs, dtype=float),
        col_basic=np.zeros(N, bool), row_basic=np.zeros(m, bool), seconds=seconds,
        iterations={"simplex": 0, "ipm": 0, "pdlp": int(log.iteration_count)},
        info=info, method="ortools-pdlp")
