"""Turn the LP solution of a plan into labelled results.

:func:`assemble` makes the :class:`PlanResult` of pandas objects that
:func:`interlabor.planning.planner.plan` returns: output and shipments by region and
sector, hours by region against today's, hours saved, binding constraints and shadow prices
split by constraint family.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import scipy.sparse as sp
import scipy.sparse.linalg as spla

from .highs import describe_row
from .lp import FAM, FAMILIES, PlanData, PlanLP, transport_hours
from .scenario import PlanScenario
from .solution import LPSolution
from .work import persons_per_hour, work_changes

__all__ = ["PlanResult", "assemble", "shadow_price_split"]

SIDE = ("labour", "mutual_aid", "sovereignty", "share_hi", "share_lo", "burden",
        "sharing_capacity", "sharing_cap")
LABEL = {"labour": "labour capacity", "mutual_aid": "mutual aid", "sovereignty": "sovereignty",
         "share_hi": "sourcing share", "share_lo": "sourcing share", "burden": "equal burden",
         "output_capacity": "output capacity", "sharing_capacity": "output capacity",
         "sharing_cap": "sharing cap"}
#: Methods without a basis: duals approximate, the relative gap reported.
FIRST_ORDER = ("pdlp", "ortools-pdlp")


def _solver_name(method: str) -> str:
    names = {"ortools-pdlp": "OR-Tools PDLP", "pdlp": "HiGHS PDLP"}
    return names.get(method, f"HiGHS {method}")


NOTE_VALUES = ("Shadow prices are hours per unit of each product delivered to each region. They "
               "equal the labour values l(I - A)^-1 of the chosen technique only when no "
               "capacity, sovereignty, sourcing-share or mutual-aid constraint binds.")


@dataclass
class PlanResult:
    """A solved plan, its comparison with today and its shadow prices.

    Attributes
    ----------
    scenario : PlanScenario
    status : str
        HiGHS model status.
    output : DataFrame
        Index (region, sector); columns ``today``, ``plan``, ``capacity``, ``change`` (output
        units, see ``attrs['unit']``).
    shipments : DataFrame
        Index (origin, destination, sector), rows where today or the plan ship anything;
        columns ``today``, ``plan``.
    hours : DataFrame
        Index region; ``today``, ``plan``, ``change``, ``change_pct``, ``change_persons``
        (at today's persons per hour of each region-sector), ``persons``,
        ``per_worker_today``, ``per_worker_plan`` (hours unit; persons unit of the table);
        ``net_given_today`` (net hours given in today's footprint flows) when the planner
        had the table.
    hours_saved : dict
        Hours worked (the table's own hours, direct final-demand hours included)
        ``today`` and ``plan``; the transport proxy (modelled hours, not in the table)
        ``transport_today`` and ``transport_plan``; saved: ``production`` (hours worked),
        ``transport`` (proxy), ``total`` (their sum, the LP's objective); ``share`` =
        ``total / today`` (share of today's hours worked).
    work : DataFrame
        Who gains and who loses work: hours by region-sector today and in the plan, largest
        changes first (:func:`~interlabor.planning.work.work_changes`).
    binding : DataFrame
        Binding constraints: ``family``, ``region``, ``sector``, ``partner``, ``dual`` (hours
        per unit of the constraint), ``description``.
    shadow_prices : DataFrame
        Index (region, sector): ``total`` hours per unit delivered, split into
        ``direct_labour``, ``transport`` and one column per binding family, and
        ``unattributed`` (rounding, or a degenerate basis).
    embodied_trade : DataFrame
        Index region: hours embodied in exports and imports (EEBT multipliers), today and plan.
    lp : PlanLP
    solution : LPSolution
    notes : list of str
    saving_split : dict or None
        The saving in money units and in volumes and its parts (set by
        :func:`~interlabor.planning.planner.plan` when price levels are known; see
        :func:`~interlabor.planning.decompose.saving_split`).
    ranges : DataFrame or None
        Hours of the regions with the largest changes over all plans within a tolerance of
        the optimum (:func:`~interlabor.planning.ranges.near_optimal_ranges`).
    sharing_split : dict or None
        With technology sharing: the saving with and without shared techniques.
    findings : list of str
        Plain statements about the plan (whether it moves work away from net givers, ...).
    """

    scenario: PlanScenario
    status: str
    output: pd.DataFrame
    shipments: pd.DataFrame
    hours: pd.DataFrame
    hours_saved: dict[str, float]
    binding: pd.DataFrame
    shadow_prices: pd.DataFrame
    embodied_trade: pd.DataFrame
    lp: PlanLP
    solution: LPSolution
    notes: list[str] = field(default_factory=list)
    work: pd.DataFrame = field(default_factory=pd.DataFrame)
    saving_split: dict[str, float | str] | None = None
    ranges: pd.DataFrame | None = None
    sharing_split: dict[str, float] | None = None
    findings: list[str] = field(default_factory=list)

    @property
    def valued_in(self) -> str:
        """What output is counted in, and from which price levels (or why money units)."""
        d = self.lp.data
        return d.price_source if d.basis == "money" else f"volumes ({d.price_source})"

    def summary(self) -> str:
        """A few lines: hours saved, the transport proxy, what binds, solve time."""
        u = self.lp.data.units.get("hours", "hours")
        hs = self.hours_saved
        fams = self.binding["family"].value_counts()
        lines = [
            f"plan ({self.scenario.objective}): {self.status} in {self.solution.seconds:.2f} s "
            f"({_solver_name(self.solution.method)}; LP {self.lp.shape[0]:,} rows x "
            f"{self.lp.shape[1]:,} columns)",
            f"output counted in {self.valued_in}",
            f"hours worked today {hs['today']:,.0f} {u} (the table's); plan "
            f"{hs['plan']:,.0f}; saved {hs['total']:,.0f} ({hs['share']:.2%} of today's "
            f"hours worked): production {hs['production']:,.0f}, transport proxy "
            f"{hs['transport']:,.0f}",
            f"transport proxy (modelled hours, not in the table): today "
            f"{hs['transport_today']:,.0f}, plan {hs['transport_plan']:,.0f}",
            "binding: " + (", ".join(f"{k} {v}" for k, v in fams.items()) or "nothing"),
        ]
        return "\n".join(lines + [f"note: {n}" for n in self.notes])


def _hours_by_region(lp: PlanLP, z: np.ndarray) -> np.ndarray:
    return lp.cell_hours(z).sum(axis=1) + lp.data.hours_fd


def shadow_price_split(lp: PlanLP, sol: LPSolution, tol: float = 1e-9) -> pd.DataFrame:
    """Split the duals of the demand rows by what causes them.

    Stationarity of every column ``j`` active in the optimal basis (basic, or at its upper
    bound) reads ``M_bal,j' y_bal = c_j - rc_j - M_side,j' y_side``: the balance rows (output,
    demand, use) carry prices that propagate costs along the chosen supply chains. The system
    is linear in its right-hand side, so solving it once per part of the right-hand side
    (direct labour, transport, the bound duals of output capacities, each side family's
    ``-M_f' y_f``) splits each price into parts that sum to it.

    Returns
    -------
    DataFrame
        Index (region, sector); ``total`` (HiGHS's dual), ``direct_labour``, ``transport``,
        ``output_capacity``, one column per binding side family, ``unattributed``.
    """
    d = lp.data
    M = sp.csr_array(lp.M)
    bal = np.isin(lp.row_fam, [FAM["output"], FAM["demand"], FAM["use"]])
    bal_idx = np.flatnonzero(bal)
    side_idx = np.flatnonzero(~bal)
    rc = sol.col_dual
    at_hi = np.isfinite(lp.hi) & (np.abs(sol.z - lp.hi) <= 1e-9 * np.maximum(1, np.abs(lp.hi)))
    has_basis = sol.col_basic.any()
    if has_basis:
        active = sol.col_basic | (at_hi & (np.abs(rc) > tol))
        zero_rows = bal_idx[sol.row_basic[bal_idx]]
    else:  # no basis (PDLP): columns with zero reduced cost
        active = (np.abs(rc) <= 1e-7 * np.maximum(1.0, np.abs(lp.c))) | (sol.z > 1e-9)
        zero_rows = np.zeros(0, int)
    if lp.t_col >= 0:
        active[lp.t_col] = False
    J = np.flatnonzero(active)
    Mb = M[bal_idx][:, J].T  # (|J|, |bal|)
    pos = {r: k for k, r in enumerate(bal_idx)}
    Zr = sp.csr_array((np.ones(zero_rows.size), (np.arange(zero_rows.size),
                                                  [pos[r] for r in zero_rows])),
                      shape=(zero_rows.size, bal_idx.size))
    A = sp.vstack([Mb, Zr]).tocsr()
    parts: dict[str, np.ndarray] = {
        "direct_labour": lp.cost_labour[J] if lp.t_col < 0 or lp.c[lp.t_col] == 0
        else np.zeros(J.size),
        "transport": lp.cost_transport[J] if lp.t_col < 0 or lp.c[lp.t_col] == 0
        else np.zeros(J.size),
        "output_capacity": np.where(at_hi[J], -rc[J], 0.0),
    }
    if lp.t_col >= 0 and lp.c[lp.t_col] != 0:
        parts["burden"] = lp.c[J]
    ys = sol.row_dual
    for fam in SIDE:
        rows = side_idx[lp.row_fam[side_idx] == FAM[fam]]
        if rows.size == 0 or not np.any(np.abs(ys[rows]) > tol):
            continue
        contrib = -(M[rows][:, J].T @ ys[rows])
        key = LABEL[fam].replace(" ", "_")
        parts[key] = parts.get(key, 0.0) + contrib
    dem = np.flatnonzero(lp.row_fam[bal_idx] == FAM["demand"])
    out: dict[str, np.ndarray] = {}
    lu = None
    if A.shape[0] == A.shape[1]:
        try:
            lu = spla.splu(A.tocsc())
        except RuntimeError:
            lu = None
    for k, rhs in parts.items():
        b = np.concatenate([np.asarray(rhs, dtype=float), np.zeros(zero_rows.size)])
        if not np.any(b):
            y = np.zeros(bal_idx.size)
        elif lu is not None:
            y = lu.solve(b)
        else:
            y = spla.lsmr(A, b, atol=1e-12, btol=1e-12, maxiter=20 * A.shape[1])[0]
        out[k] = y[dem]
    total = ys[bal_idx[dem]]
    df = pd.DataFrame(out, index=pd.MultiIndex.from_product([d.regions, d.sectors],
                                                            names=["region", "sector"]))
    df = df.loc[:, (df.abs() > tol).any() | df.columns.isin(["direct_labour", "transport"])]
    df.insert(0, "total", total)
    df["unattributed"] = total - df.drop(columns="total").sum(axis=1)
    df.attrs = {"unit": f"{d.units.get('hours')} per {d.units.get('output')}",
                "note": NOTE_VALUES}
    return df


def _binding(lp: PlanLP, sol: LPSolution, tol: float = 1e-9) -> pd.DataFrame:
    d = lp.data
    rows = []
    side = ~np.isin(lp.row_fam, [FAM["output"], FAM["demand"], FAM["use"]])
    for i in np.flatnonzero(side & (np.abs(sol.row_dual) > tol)):
        rows.append((FAMILIES[lp.row_fam[i]], d.regions[lp.row_r[i]] if lp.row_r[i] >= 0 else "",
                     d.sectors[lp.row_s[i]] if lp.row_s[i] >= 0 else "",
                     d.regions[lp.row_o[i]] if lp.row_fam[i] in (FAM["share_hi"],
                                                                FAM["share_lo"]) else "",
                     float(sol.row_dual[i]), describe_row(lp, int(i))))
    at_hi = np.isfinite(lp.hi[:lp.nx]) & (lp.hi[:lp.nx] > 0) & (
        np.abs(sol.z[:lp.nx] - lp.hi[:lp.nx]) <= 1e-7 * np.maximum(1, lp.hi[:lp.nx]))
    for j in np.flatnonzero(at_hi & (np.abs(sol.col_dual[:lp.nx]) > tol)):
        r, s = divmod(int(j), d.S)
        rows.append(("output_capacity", d.regions[r], d.sectors[s], "",
                     float(sol.col_dual[j]), f"{d.regions[r]}'s output of {d.sectors[s]} at its "
                     "capacity"))
    return pd.DataFrame(rows, columns=["family", "region", "sector", "partner", "dual",
                                       "description"])


def _embodied(data: PlanData, q: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    emb = data.mult[:, None, :] * (q + data.E)
    tot = emb.sum(axis=2)
    np.fill_diagonal(tot, 0.0)
    return tot.sum(axis=1), tot.sum(axis=0)


def _shipments_full(lp: PlanLP, z: np.ndarray) -> np.ndarray:
    d = lp.data
    q = np.where(d.fixed, d.q0, 0.0)
    q[lp.q_o, lp.q_d, lp.q_s] = z[lp.nx:lp.nx + lp.q_o.size]
    return q


def assemble(lp: PlanLP, sol: LPSolution, scenario: PlanScenario) -> PlanResult:
    """Turn an LP solution into a :class:`PlanResult`."""
    d = lp.data
    idx = pd.MultiIndex.from_product([d.regions, d.sectors], names=["region", "sector"])
    xp = sol.z[:lp.nx]
    x0 = d.x0.ravel()
    output = pd.DataFrame({"today": x0, "plan": xp, "capacity": lp.hi[:lp.nx],
                           "change": xp - x0}, index=idx)
    output.attrs = {"unit": d.units.get("output", "")}
    q = _shipments_full(lp, sol.z)
    keep = (np.abs(q) > 1e-9) | (np.abs(d.q0) > 1e-9)
    oo, dd, ss = np.nonzero(keep)
    ship = pd.DataFrame({"today": d.q0[oo, dd, ss], "plan": q[oo, dd, ss]},
                        index=pd.MultiIndex.from_arrays(
                            [np.asarray(d.regions)[oo], np.asarray(d.regions)[dd],
                             np.asarray(d.sectors)[ss]],
                            names=["origin", "destination", "sector"]))
    ship.attrs = dict(output.attrs)
    h0 = _hours_by_region(lp, lp.today)
    h1 = _hours_by_region(lp, sol.z)
    persons_change = ((lp.cell_hours(sol.z) - d.hours0) * persons_per_hour(lp)).sum(axis=1)
    hours = pd.DataFrame({"today": h0, "plan": h1, "change": h1 - h0,
                          "change_pct": np.where(h0 > 0, (h1 - h0) / np.where(h0 > 0, h0, 1),
                                                 np.nan) * 100,
                          "change_persons": persons_change},
                         index=pd.Index(d.regions, name="region"))
    if np.all(np.isfinite(d.persons)):
        hours["persons"] = d.persons
        with np.errstate(divide="ignore", invalid="ignore"):
            hours["per_worker_today"] = h0 / d.persons
            hours["per_worker_plan"] = h1 / d.persons
    hours.attrs = {"unit": d.units.get("hours", "")}
    tr0, tr1 = transport_hours(d, d.q0), transport_hours(d, q)
    worked0, worked1 = float(h0.sum()), float(h1.sum())
    total = (worked0 + tr0) - (worked1 + tr1)
    saved = {"today": worked0, "plan": worked1, "transport_today": tr0, "transport_plan": tr1,
             "production": worked0 - worked1, "transport": tr0 - tr1, "total": total,
             "objective_today": worked0 + tr0, "objective_plan": worked1 + tr1,
             "share": total / worked0 if worked0 else 0.0}
    e0, i0 = _embodied(d, d.q0)
    e1, i1 = _embodied(d, q)
    emb = pd.DataFrame({"exports_today": e0, "imports_today": i0, "exports_plan": e1,
                        "imports_plan": i1}, index=pd.Index(d.regions, name="region"))
    emb.attrs = dict(hours.attrs)
    binding = _binding(lp, sol)
    notes = list(lp.notes)
    if sol.col_basic.any() or sol.method in FIRST_ORDER:
        prices = shadow_price_split(lp, sol)
    else:  # pragma: no cover
        prices = pd.DataFrame()
    fams = sorted(set(binding["family"]))
    notes.append(NOTE_VALUES + (" Here these bind: " + ", ".join(fams) + "; the columns of the "
                                "shadow-price table show their parts." if fams else
                                " Here none binds: the shadow prices are labour values."))
    if sol.method in FIRST_ORDER:
        notes.append(f"{_solver_name(sol.method)} (first-order): relative gap "
                     f"{sol.info.get('relative_gap', 0):.2e}; duals and their split are "
                     "approximate")
    return PlanResult(scenario=scenario, status=sol.status, output=output, shipments=ship,
                      hours=hours, hours_saved=saved, binding=binding, shadow_prices=prices,
                      embodied_trade=emb, lp=lp, solution=sol, notes=notes,
                      work=work_changes(lp, sol.z))
