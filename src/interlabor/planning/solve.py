"""The HiGHS backend: solve a plan LP, read duals, explain infeasibility.

Solves a :class:`~interlabor.planning.lp.PlanLP`; infeasibility is explained from an
irreducible infeasible subsystem (IIS).

``highspy`` is imported lazily (``pip install 'interlabor[plan]'``). Interior point runs with
crossover, so the duals are those of a basic optimal solution; ``method="pdlp"`` uses HiGHS's
first-order PDLP solver (no crossover: duals are approximate, and the gap is reported).
"""

from __future__ import annotations

import time
from typing import Any

import numpy as np

from ..errors import InfeasibleError, SolverError
from .highs import configured_highs, explain_infeasible, load_highspy
from .lp import PlanLP
from .solution import LPSolution

__all__ = ["solve_lp"]


def solve_lp(lp: PlanLP, *, method: str = "ipm", time_limit: float = 600.0,
             threads: int | None = None, explain: bool = True,
             verbose: bool = False, options: dict[str, Any] | None = None) -> LPSolution:
    """Solve a planning LP with HiGHS.

    Parameters
    ----------
    lp : PlanLP
    method : {"ipm", "simplex", "pdlp", "ortools-pdlp"}
        HiGHS interior point with crossover, dual simplex or first-order PDLP; or OR-Tools
        PDLP (:func:`~interlabor.planning.pdlp.solve_lp_pdlp`; its only option is
        ``kkt_tolerance``, its relative optimality tolerance).
    time_limit : float
        Seconds.
    threads : int, optional
        HiGHS threads (default: HiGHS's choice).
    explain : bool
        On infeasibility, compute an IIS and put it in words in the error.
    verbose : bool
        Print HiGHS's banner and log to the console (default: silent).
    options : dict, optional
        Further HiGHS options set last (e.g. ``{"pdlp_optimality_tolerance": 1e-4}``).

    Returns
    -------
    LPSolution

    Raises
    ------
    InfeasibleError
        No plan meets every constraint; ``explanation`` lists an irreducible infeasible set.
    SolverError
        Unbounded, stopped at a limit, or in numerical trouble (names HiGHS's status).
    """
    if method == "ortools-pdlp":
        from .pdlp import solve_lp_pdlp

        opts = dict(options or {})
        tol = opts.pop("kkt_tolerance", None)
        if opts:
            raise ValueError(f"OR-Tools PDLP takes only kkt_tolerance, not {sorted(opts)}")
        return solve_lp_pdlp(lp, tolerance=tol, time_limit=time_limit, threads=threads,
                             explain=explain, verbose=verbose)
    hp = load_highspy()
    h = configured_highs(lp, method, time_limit, threads, verbose)
    for key, value in (options or {}).items():
        if h.setOptionValue(key, value) != hp.HighsStatus.kOk:
            raise ValueError(f"HiGHS rejects option {key} = {value!r}")
    t0 = time.perf_counter()
    h.run()
    seconds = time.perf_counter() - t0
    status = h.getModelStatus()
    name = h.modelStatusToString(status)
    MS = hp.HighsModelStatus
    if status in (MS.kInfeasible, MS.kUnboundedOrInfeasible) and status != MS.kUnbounded:
        if status == MS.kUnboundedOrInfeasible:
            # rerun with simplex without presolve to tell the two apart
            h.setOptionValue("presolve", "off")
            h.setOptionValue("solver", "simplex")
            h.run()
            status = h.getModelStatus()
            name = h.modelStatusToString(status)
    if status == MS.kInfeasible:
        lines = explain_infeasible(lp, h) if explain else []
        msg = "no plan meets every constraint of the scenario"
        if lines:
            msg += ". These constraints cannot all hold together (an irreducible infeasible " \
                   "set):\n  - " + "\n  - ".join(lines)
        raise InfeasibleError(msg, explanation=lines, status=name)
    if status == MS.kUnbounded:
        raise SolverError(f"HiGHS reports the plan unbounded (status {name!r}); a cost or "
                          "capacity is missing", status=name)
    info = h.getInfo()
    ok = status == MS.kOptimal
    if not ok:
        raise SolverError(
            f"HiGHS stopped with status {name!r} after {seconds:.1f} s (primal "
            f"infeasibility {info.max_primal_infeasibility:.3g}, dual infeasibility "
            f"{info.max_dual_infeasibility:.3g}); try a longer solver.time_limit, "
            "solver.method = 'simplex', or for large tables 'ortools-pdlp' (first-order, "
            "approximate, with its gap reported)", status=name)
    sol = h.getSolution()
    basis = h.getBasis()
    N, m = lp.M.shape[1], lp.M.shape[0]
    cs = np.zeros(0, np.int8)
    rs = np.zeros(0, np.int8)
    if basis.valid:
        cs = np.fromiter((int(s) for s in basis.col_status), np.int8, N)
        rs = np.fromiter((int(s) for s in basis.row_status), np.int8, m)
    basic = int(hp.HighsBasisStatus.kBasic)
    cb = cs == basic if basis.valid else np.zeros(N, bool)
    rb = rs == basic if basis.valid else np.zeros(m, bool)
    extra = {"max_primal_infeasibility": float(info.max_primal_infeasibility),
             "max_dual_infeasibility": float(info.max_dual_infeasibility)}
    if method == "pdlp":
        # HiGHS's relative primal-dual objective error |p - d| / (1 + |p| + |d|)
        extra["relative_gap"] = float(abs(info.primal_dual_objective_error))
        extra["max_relative_primal_residual_error"] = float(
            info.max_relative_primal_residual_error)
        extra["max_relative_dual_residual_error"] = float(info.max_relative_dual_residual_error)
    return LPSolution(
        status=name,
        objective=float(info.objective_function_value),
        z=np.asarray(sol.col_value), row_activity=np.asarray(sol.row_value),
        row_dual=np.asarray(sol.row_dual), col_dual=np.asarray(sol.col_dual),
        col_basic=cb, row_basic=rb, seconds=seconds,
        iterations={"simplex": int(info.simplex_iteration_count),
                    "ipm": int(info.ipm_iteration_count),
                    "pdlp": int(getattr(info, "pdlp_iteration_count", 0))},
        info=extra, method=method, col_status=cs, row_status=rs)
