"""Run a plan: prepare the table, build the LP, solve it, assemble the results.

:func:`plan` solves the planning LP of :mod:`interlabor.planning.lp` (two stages for the
``equal_burden`` objective) with the backend the scenario names and returns a
:class:`~interlabor.planning.results.PlanResult`.
"""

from __future__ import annotations

from typing import Any

from ..model import MRIO
from .lp import PlanData, build_lp, plan_data
from .results import PlanResult, assemble
from .scenario import PlanScenario
from .solve import solve_lp

__all__ = ["plan"]


def plan(mrio: MRIO, scenario: PlanScenario | None = None, *, threads: int | None = None,
         data: PlanData | None = None, verbose: bool = False) -> PlanResult:
    """Plan the division of labour that meets every region's final demand.

    Parameters
    ----------
    mrio : MRIO
        A table with an hours account (and persons, for hours per worker).
    scenario : PlanScenario, optional
        Default: :class:`PlanScenario()` (the documented defaults).
    threads : int, optional
        HiGHS threads.
    verbose : bool
        Print HiGHS's banner and log (default: silent).
    data : PlanData, optional
        Prepared arrays of ``mrio`` (to reuse across scenarios with the same price levels).

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
    """
    sc = scenario or PlanScenario()
    data = data if data is not None else plan_data(mrio, sc)
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
