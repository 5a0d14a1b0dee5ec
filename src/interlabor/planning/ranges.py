"""Is the optimum unique? Ranges of regions' hours over near-optimal plans.

Planning LPs of this kind are often degenerate: many plans reach (almost) the least total
hours, and one optimal vertex is only one of them. For a region ``r``,
:func:`near_optimal_ranges` solves

    min / max  h_r(z)   s.t.  z feasible,  c'z + offset <= (1 + tol) (c'z* + offset)

(``h_r`` the region's hours, ``z*`` the reported plan, ``tol`` 0.1 % by default): the range of
its hours over every plan within ``tol`` of the optimum. A narrow range says the optimum really
requires that region's re-allocation; a wide one that other near-optimal plans do it
differently. Each bound is one extra solve, warm-started from the optimal basis (HiGHS
primal simplex by default: the optimal basis, with the objective row added basic, is primal
feasible for every one of these LPs).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from ..errors import InfeasibleError, SolverError
from .highs import configured_highs, load_highspy
from .lp import PlanLP
from .solution import LPSolution

__all__ = ["DEFAULT_RANGE_TOLERANCE", "near_optimal_ranges", "regions_to_range"]

#: Plans within this share of the optimal objective count as near-optimal.
DEFAULT_RANGE_TOLERANCE = 1e-3


def regions_to_range(hours: pd.DataFrame, k: int) -> list[str]:
    """The ``k`` regions with the largest change of hours (in hours), largest first."""
    order = hours["change"].abs().sort_values(ascending=False, kind="stable")
    return [str(r) for r in order.index[:k]]


def _basis(hp: Any, sol: LPSolution, extra_rows: int) -> Any:
    b = hp.HighsBasis()
    b.col_status = [hp.HighsBasisStatus(int(s)) for s in sol.col_status]
    b.row_status = [hp.HighsBasisStatus(int(s)) for s in sol.row_status] + \
        [hp.HighsBasisStatus.kBasic] * extra_rows
    b.valid = True
    return b


def near_optimal_ranges(lp: PlanLP, sol: LPSolution, regions: Sequence[str], *,
                        tolerance: float = DEFAULT_RANGE_TOLERANCE, time_limit: float = 120.0,
                        threads: int | None = None, strategy: str = "primal") -> pd.DataFrame:
    """Least and most hours of each region over the plans within ``tolerance`` of the optimum.

    Parameters
    ----------
    lp : PlanLP
    sol : LPSolution
        The optimal solution of ``lp`` (with its basis; without one, e.g. from PDLP, every
        bound is solved from scratch by HiGHS simplex).
    regions : sequence of str
        Regions to range.
    tolerance : float
        Near-optimal: objective at most ``(1 + tolerance)`` times the optimum.
    time_limit : float
        Seconds per solve; a solve stopped there reports the best plan it reached.
    threads : int, optional
    strategy : {"primal", "dual"}
        HiGHS simplex strategy of the warm-started solves. Primal (default): the optimal
        basis is primal feasible for the new objective, so primal simplex starts in phase 2;
        dual simplex must first repair the dual infeasibilities the new objective creates
        (measured on the bundled table: ``docs/planning.md``).

    Returns
    -------
    DataFrame
        Index region; ``today``, ``plan``, ``low``, ``high`` (hours unit, direct final-demand
        hours included), ``low_pct``, ``high_pct`` (change from today, % of today),
        ``width_pct`` (``high - low``, % of today), ``low_exact``, ``high_exact`` (False
        where the solve stopped at ``time_limit``: the bound is then the best feasible plan
        reached, so the true range is at least as wide), ``seconds`` (both solves),
        ``iterations`` (simplex iterations of both); ``attrs`` ``tolerance``, ``warm``.

    Raises
    ------
    SolverError
        A bound's solve ends other than optimal or at its limit.
    """
    hp = load_highspy()
    d = lp.data
    h = configured_highs(lp, "simplex", time_limit, threads)
    h.setOptionValue("simplex_strategy", 1 if strategy == "dual" else 4)
    obj = float(lp.c @ sol.z + lp.offset)
    bound = (1.0 + tolerance) * obj - lp.offset
    nzc = np.flatnonzero(lp.c)
    h.addRow(-hp.kHighsInf, bound, nzc.size, nzc.astype(np.int32), lp.c[nzc].astype(float))
    h.changeObjectiveOffset(0.0)  # the region's hours only (its hours_fd added below)
    warm = sol.col_status.size == lp.M.shape[1]
    rows = []
    N = lp.M.shape[1]
    plan_hours = lp.cell_hours(sol.z).sum(axis=1)
    for reg in regions:
        r = d.regions.index(reg)
        cost = lp.region_hours_row(r)
        h.changeColsCost(N, np.arange(N, dtype=np.int32), cost)
        res: dict[str, float] = {}
        seconds, iters = 0.0, 0
        for side, sense in (("low", hp.ObjSense.kMinimize), ("high", hp.ObjSense.kMaximize)):
            h.changeObjectiveSense(sense)
            if warm:
                h.setBasis(_basis(hp, sol, 1))
            t0 = time.perf_counter()
            h.run()
            seconds += time.perf_counter() - t0
            status = h.getModelStatus()
            info = h.getInfo()
            iters += int(info.simplex_iteration_count)
            stopped = status in (hp.HighsModelStatus.kTimeLimit,
                                 hp.HighsModelStatus.kIterationLimit)
            if status != hp.HighsModelStatus.kOptimal and not stopped:
                name = h.modelStatusToString(status)
                err = InfeasibleError if status == hp.HighsModelStatus.kInfeasible else \
                    SolverError
                raise err(f"range of {reg}'s hours ({side}): HiGHS ends {name!r}", status=name)
            value = float(plan_hours[r])
            if status == hp.HighsModelStatus.kOptimal or int(info.primal_solution_status) == 2:
                # optimal, or stopped at a feasible point: an inner bound of the range
                value = float(cost @ np.asarray(h.getSolution().col_value))
            res[side] = value + float(d.hours_fd[r])
            res[f"{side}_exact"] = not stopped
        today = float(lp.cell_hours(lp.today)[r].sum() + d.hours_fd[r])
        plan = float(lp.cell_hours(sol.z)[r].sum() + d.hours_fd[r])
        rows.append({"region": reg, "today": today, "plan": plan, **res, "seconds": seconds,
                     "iterations": iters})
    out = pd.DataFrame(rows).set_index("region")
    for c in ("low", "high"):
        out[f"{c}_pct"] = (out[c] - out["today"]) / out["today"] * 100
    out["width_pct"] = (out["high"] - out["low"]) / out["today"] * 100
    out = out[["today", "plan", "low", "high", "low_pct", "high_pct", "width_pct", "low_exact",
               "high_exact", "seconds", "iterations"]]
    out.attrs = {"unit": d.units.get("hours", ""), "tolerance": tolerance, "warm": warm}
    return out
