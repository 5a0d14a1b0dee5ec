"""Run a plan: prepare the table, build the LP, solve it, assemble the results.

:func:`plan` solves the planning LP of :mod:`interlabor.planning.lp` (two stages for the
``equal_burden`` objective) with the backend the scenario names and returns a
:class:`~interlabor.planning.results.PlanResult`, with the saving split into price-level and
productivity parts (the same scenario solved in the other price basis), who gains and who loses
work, and the range of the most-changed regions' hours over near-optimal plans.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..model import MRIO
from .data import PlanData, plan_data
from .decompose import saving_split, split_statement
from .lp import build_lp
from .ranges import DEFAULT_RANGE_TOLERANCE, near_optimal_ranges, regions_to_range
from .results import PlanResult, assemble
from .scenario import PlanScenario
from .solve import solve_lp
from .work import givers_statement, net_hours_given

__all__ = ["plan", "solve_plan", "volumes_available"]


def solve_plan(data: PlanData, sc: PlanScenario, *, threads: int | None = None,
               verbose: bool = False) -> PlanResult:
    """Build and solve the LP of prepared arrays (both stages of ``equal_burden``)."""
    opts: dict[str, Any] = {"method": sc.method, "time_limit": sc.time_limit, "threads": threads,
                            "verbose": verbose}
    if sc.tolerance is not None:
        opts["options"] = {"kkt_tolerance": sc.tolerance}
    if sc.objective == "equal_burden":
        lp1 = build_lp(data, sc, stage="burden")
        s1 = solve_lp(lp1, **opts)
        cap = s1.z[lp1.t_col] * (1.0 + sc.epsilon)
        lp = build_lp(data, sc, stage="hours", burden_cap=cap)
        sol = solve_lp(lp, **opts)
        sol.seconds += s1.seconds
        res = assemble(lp, sol, sc)
        res.notes.append(f"equal burden: the largest hours per worker is at least "
                         f"{s1.z[lp1.t_col]:,.4g} in any plan; every region kept within "
                         f"{cap:,.4g} (epsilon {sc.epsilon:g})")
        return res
    lp = build_lp(data, sc)
    return assemble(lp, solve_lp(lp, **opts), sc)


def volumes_available(mrio: MRIO, sc: PlanScenario) -> bool:
    """Whether volumes can be planned: a price-level file, or levels shipped for the table."""
    from ..price_levels import sectoral_levels_for

    return sc.price_levels is not None or sectoral_levels_for(mrio) is not None


def _sharing_split(res: PlanResult, base: PlanResult) -> dict[str, float]:
    lp, z = res.lp, res.solution.z
    w = lp.sharing
    out = {"with_sharing": res.hours_saved["total"], "without_sharing": base.hours_saved["total"]}
    out["from_sharing"] = out["with_sharing"] - out["without_sharing"]
    if w is not None:
        wz = z[w.start:w.start + w.size]
        own = lp.data.lab[w.r, w.s]
        out["shared_output"] = float(wz.sum())
        out["shared_hours"] = float((w.hours * wz).sum())
        out["direct_technique_saving"] = float(((own - w.hours) * wz).sum())
    else:
        out.update(shared_output=0.0, shared_hours=0.0, direct_technique_saving=0.0)
    today = res.hours_saved["today"]
    for k in ("with_sharing", "without_sharing", "from_sharing", "direct_technique_saving"):
        out[f"{k}_share"] = out[k] / today if today else 0.0
    return out


def plan(mrio: MRIO, scenario: PlanScenario | None = None, *, threads: int | None = None,
         data: PlanData | None = None, verbose: bool = False, split: bool = True,
         ranges: int = 5, range_tolerance: float = DEFAULT_RANGE_TOLERANCE,
         range_time_limit: float = 120.0) -> PlanResult:
    """Plan the division of labour that meets every region's final demand.

    Parameters
    ----------
    mrio : MRIO
        A table with an hours account (and persons, for hours per worker and persons moved).
    scenario : PlanScenario, optional
        Default: :class:`PlanScenario()` (the documented defaults: volumes).
    threads : int, optional
        HiGHS threads.
    data : PlanData, optional
        Prepared arrays of ``mrio`` under ``scenario`` (to reuse across scenarios with the
        same price levels).
    verbose : bool
        Print HiGHS's banner and log (default: silent).
    split : bool
        Also solve the scenario in the other price basis and split the saving into
        price-level, productivity and transport parts (``PlanResult.saving_split``; only
        where price levels are known).
    ranges : int
        Range the hours of this many regions with the largest changes over the plans within
        ``range_tolerance`` of the optimum (``PlanResult.ranges``; two solves each, from the
        optimal basis; skipped, with a note, when the method gives no basis); 0 skips.
    range_tolerance : float
        Near-optimal: objective within this share of the optimum (default 0.1 %).
    range_time_limit : float
        Seconds per range solve; one stopped there reports the best plan reached (flagged
        in ``PlanResult.ranges``: the true range is at least that wide).

    Returns
    -------
    PlanResult

    Raises
    ------
    InfeasibleError
        No plan meets every constraint (the message lists an irreducible infeasible set).
    SolverError
        HiGHS ends unbounded or in trouble.
    AccountNotFoundError
        No hours account.

    Warns
    -----
    PriceLevelWarning
        Volumes asked for (the default) but no price levels for the table: money units.
    """
    sc = scenario or PlanScenario()
    data = data if data is not None else plan_data(mrio, sc)
    res = solve_plan(data, sc, threads=threads, verbose=verbose)
    unit = data.units.get("hours", "")
    res.hours["net_given_today"] = net_hours_given(mrio, sc.hours_account).reindex(
        res.hours.index).to_numpy()
    res.findings.append(givers_statement(res.hours, unit))
    if sc.sharing is not None:
        base = solve_plan(data, sc.with_(sharing=None), threads=threads)
        res.sharing_split = _sharing_split(res, base)
    if split:
        other_basis = "money" if data.basis == "volumes" else "volumes"
        if other_basis == "money" or volumes_available(mrio, sc):
            other_sc = sc.with_(prices=other_basis)
            other = solve_plan(plan_data(mrio, other_sc), other_sc, threads=threads)
            res.saving_split = saving_split(res, other)
            res.hours[f"change_pct_{other_basis}"] = other.hours["change_pct"].to_numpy()
            res.findings.append(split_statement(res.saving_split))
        else:
            res.findings.append("The saving cannot be split into price-level and productivity "
                                "parts: no price levels for this table (money units).")
    if ranges > 0 and res.solution.col_status.size == 0:
        res.notes.append("near-optimal ranges skipped: they start from the optimal basis, and "
                         f"{res.solution.method} gives none (near_optimal_ranges solves them "
                         "from scratch)")
    elif ranges > 0:
        regs = regions_to_range(res.hours, ranges)
        res.ranges = near_optimal_ranges(res.lp, res.solution, regs, tolerance=range_tolerance,
                                         time_limit=range_time_limit, threads=threads)
        if not (res.ranges["low_exact"] & res.ranges["high_exact"]).all():
            res.notes.append(f"near-optimal ranges: some solves stopped at {range_time_limit:g} s"
                             " (marked in the table); those bounds are the best plans reached, "
                             "so the true ranges are at least as wide")
        inside = (res.ranges["low"] <= res.ranges["plan"] + 1e-6 * np.abs(res.ranges["plan"])) & (
            res.ranges["plan"] <= res.ranges["high"] + 1e-6 * np.abs(res.ranges["plan"]))
        if not inside.all():  # pragma: no cover - a solver failure, reported not hidden
            res.notes.append("near-optimal ranges do not contain the plan for "
                             + ", ".join(res.ranges.index[~inside]))
    return res
