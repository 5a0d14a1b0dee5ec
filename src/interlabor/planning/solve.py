"""The HiGHS backend: solve a plan LP, read duals, explain infeasibility.

Solves a :class:`~interlabor.planning.model.PlanLP`; infeasibility is explained from an
irreducible infeasible subsystem (IIS).

``highspy`` is imported lazily (``pip install 'interlabor[plan]'``). Interior point runs with
crossover, so the duals are those of a basic optimal solution; ``method="pdlp"`` uses HiGHS's
first-order PDLP solver (no crossover: duals are approximate, and the gap is reported).
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..errors import Infeasible, SolverError
from .model import FAMILIES, PlanLP

__all__ = ["LPSolution", "describe_row", "explain_infeasible", "new_highs", "solve_lp"]


def _highspy() -> Any:
    try:
        import highspy
    except ModuleNotFoundError as exc:  # pragma: no cover - depends on the environment
        raise ModuleNotFoundError(
            "planning needs the HiGHS solver: pip install 'interlabor[plan]' (highspy>=1.7)"
        ) from exc
    return highspy


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


def _model(lp: PlanLP) -> Any:
    hp = _highspy()
    M = lp.M.tocsc()
    model = hp.HighsLp()
    model.num_col_ = int(M.shape[1])
    model.num_row_ = int(M.shape[0])
    inf = hp.kHighsInf
    model.col_cost_ = np.ascontiguousarray(lp.c, dtype=np.float64)
    model.col_lower_ = np.ascontiguousarray(np.where(np.isfinite(lp.lo), lp.lo, -inf))
    model.col_upper_ = np.ascontiguousarray(np.where(np.isfinite(lp.hi), lp.hi, inf))
    model.row_lower_ = np.ascontiguousarray(np.where(np.isfinite(lp.row_lo), lp.row_lo, -inf))
    model.row_upper_ = np.ascontiguousarray(np.where(np.isfinite(lp.row_hi), lp.row_hi, inf))
    model.a_matrix_.format_ = hp.MatrixFormat.kColwise
    model.a_matrix_.start_ = M.indptr.astype(np.int32)
    model.a_matrix_.index_ = M.indices.astype(np.int32)
    model.a_matrix_.value_ = M.data.astype(np.float64)
    model.offset_ = float(lp.offset)
    return model


@contextlib.contextmanager
def _quiet_stdout() -> Iterator[None]:
    """Point file descriptor 1 at the null device (HiGHS prints its banner from C++)."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        sys.stdout.flush()
    try:
        saved = os.dup(1)
    except OSError:  # pragma: no cover - no descriptor 1
        yield
        return
    null = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(null, 1)
        yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)
        os.close(null)


def new_highs(verbose: bool = False) -> Any:
    """A ``highspy.Highs`` object; silent (no start-up banner, no log) unless ``verbose``."""
    hp = _highspy()
    if verbose:
        h = hp.Highs()
    else:
        with _quiet_stdout():
            h = hp.Highs()
    h.setOptionValue("output_flag", bool(verbose))
    h.setOptionValue("log_to_console", bool(verbose))
    return h


def _highs(lp: PlanLP, method: str, time_limit: float, threads: int | None,
           verbose: bool = False) -> Any:
    h = new_highs(verbose)
    h.setOptionValue("time_limit", float(time_limit))
    if threads:
        h.setOptionValue("threads", int(threads))
    if method == "ipm":
        h.setOptionValue("solver", "ipm")
        h.setOptionValue("run_crossover", "on")
    elif method == "simplex":
        h.setOptionValue("solver", "simplex")
    elif method == "pdlp":
        h.setOptionValue("solver", "pdlp")
    else:
        raise ValueError(f"unknown method {method!r}: expected ipm, simplex, pdlp or "
                         "ortools-pdlp")
    h.passModel(_model(lp))
    return h


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
    Infeasible
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
    hp = _highspy()
    h = _highs(lp, method, time_limit, threads, verbose)
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
        raise Infeasible(msg, explanation=lines, status=name)
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
    if basis.valid:
        cb = np.array([s == hp.HighsBasisStatus.kBasic for s in basis.col_status])
        rb = np.array([s == hp.HighsBasisStatus.kBasic for s in basis.row_status])
    else:
        cb = np.zeros(N, bool)
        rb = np.zeros(m, bool)
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
        info=extra, method=method)


# ---- infeasibility in words ---------------------------------------------------------------
def _num(v: float) -> str:
    return f"{v:,.4g}"


def describe_row(lp: PlanLP, i: int) -> str:
    """A row of the LP in words (family, region, product, bound)."""
    d = lp.data
    fam = FAMILIES[lp.row_fam[i]]
    r, s, o = lp.row_r[i], lp.row_s[i], lp.row_o[i]
    reg = d.regions[r] if r >= 0 else ""
    sec = d.sectors[s] if s >= 0 else ""
    hu, ou = d.units.get("hours", "hours"), d.units.get("output", "money")
    if fam == "labour":
        name = d.cap_acc[o][0]
        return (f"{reg}'s labour capacity ({name}) cannot exceed {_num(lp.row_hi[i])} {hu} "
                "for production")
    if fam == "demand":
        return (f"{reg} must receive at least {_num(lp.row_lo[i])} {ou} of {sec} beyond what "
                "its own industries use (its final demand, with its use of the product as an "
                "input on top)")
    if fam == "output":
        return f"{reg}'s output of {sec} must be shipped somewhere (output = shipments)"
    if fam == "mutual_aid":
        return (f"mutual aid: the hours {reg} puts into its exports stay within the agreed "
                "multiple of the hours it receives in its imports")
    if fam == "sovereignty":
        k = lp.row_o[i]
        own = lp.M[[i], :].toarray().ravel()
        share = -own[lp.u_index[k, s]] if lp.u_index[k, s] >= 0 else float("nan")
        return (f"sovereignty in {reg} requires at least {share:.0%} of its use of {sec} made "
                "at home")
    if fam in ("share_hi", "share_lo"):
        side = "above" if fam == "share_hi" else "below"
        return (f"{reg}'s share of {sec} bought from {d.regions[o]} may not move more than delta "
                f"{side} today's")
    if fam == "use":
        return f"{reg}'s use of {sec} is the sum of what it receives"
    if fam == "burden":
        return f"{reg}'s hours per worker stay within the equal-burden cap"
    return f"row {i} ({fam})"


def describe_col(lp: PlanLP, j: int) -> str:
    """A column bound of the LP in words."""
    d = lp.data
    if j < lp.nx:
        r, s = divmod(j, d.S)
        return (f"{d.regions[r]}'s output of {d.sectors[s]} is capped at "
                f"{_num(lp.hi[j])} {d.units.get('output', '')} (today's x (1 + growth))")
    k = j - lp.nx
    if k < lp.q_o.size:
        return (f"shipments of {d.sectors[lp.q_s[k]]} from {d.regions[lp.q_o[k]]} to "
                f"{d.regions[lp.q_d[k]]} cannot be negative")
    return f"column {j} bound"


def explain_infeasible(lp: PlanLP, h: Any) -> list[str]:
    """An irreducible infeasible set of an infeasible LP, each constraint in words.

    Parameters
    ----------
    lp : PlanLP
    h : highspy.Highs
        The solver object after ``run()`` reported infeasibility.

    Returns
    -------
    list of str
        Empty when HiGHS could not compute an IIS.
    """
    iis = None
    for strategy in (4, 2, 3):  # HiGHS 1.16: 4 and 2 find an irreducible set from the LP
        try:
            h.setOptionValue("iis_strategy", strategy)
            status, found = h.getIis()
        except Exception:  # pragma: no cover - option values differ between versions
            continue
        if getattr(found, "valid_", False) and (len(found.row_index_) or len(found.col_index_)):
            iis = found
            break
    if iis is None:
        return []
    lines = [describe_row(lp, int(i)) for i in iis.row_index_]
    for j in iis.col_index_:
        j = int(j)
        if j < lp.nx and np.isfinite(lp.hi[j]):
            lines.append(describe_col(lp, j))
    # group repeated descriptions (many demand rows of one kind) and keep it short
    seen: dict[str, int] = {}
    for ln in lines:
        seen[ln] = seen.get(ln, 0) + 1
    out = [ln + (f" (x{c})" if c > 1 else "") for ln, c in seen.items()]
    if len(out) > 25:
        out = out[:25] + [f"... and {len(out) - 25} more constraints"]
    return out
