"""The planning LP, built directly as a sparse matrix (see ``docs/planning.md``).

Regions ``r, o, d`` (R of them), products ``s`` (S). Each region keeps its own technology
``Ā_d[s', s] = sum_o A[(o, s'), (d, s)]`` (inputs summed over origins) and its own hours per
unit of output ``l_{r,s}``. Variables:

* ``x_{r,s} >= 0``: output, at most today's output x ``(1 + growth)``;
* ``q_{o,d,s} >= 0``: shipments of product s from o to d (to itself when o = d); only for
  tradable s (non-tradables only o = d) and origins with output today;
* ``u_{d,s}``: use of tradable s in d (only with a sourcing-share bound or sovereignty);
* ``t``: the largest hours per worker (only in stage 1 of ``equal_burden``).

Rows (families): ``output`` ``x_{o,s} - sum_d q_{o,d,s} = v_{o,s} + F^out_{o,s}``;
``demand`` ``sum_o q_{o,d,s} - sum_s' Ā_d[s, s'] x_{d,s'} >= y_{d,s} - F^in_{d,s}``;
``labour`` ``sum_s l^k_{r,s} x_{r,s} <= cap^k_r - h^Y_r``; ``mutual_aid``
``sum_{d!=r,s} m_{r,s} q_{r,d,s} - (1+tau) sum_{o!=r,s} m_{o,s} q_{o,r,s} <= const``;
``use`` ``u_{d,s} - sum_o q_{o,d,s} = 0``; ``sovereignty`` ``q_{d,d,s} - sigma u_{d,s} >= 0``;
``share_hi``/``share_lo`` ``q_{o,d,s} - (sbar_{o,d,s} +- delta) u_{d,s} <=/>= 0``;
``burden`` ``sum_s l_{r,s} x_{r,s} - P_r t <= -h^Y_r``. ``v`` are exogenous deliveries
(changes in inventories and negative final demand), ``F`` today's flows held fixed (cross-border
flows of non-tradables, flows from region-sectors without output, negative flows), ``m`` the
EEBT multipliers ``l_r (I - A_rr)^-1`` of today's domestic chains.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from ..errors import AccountNotFoundError, ScenarioError
from ..io.price_levels import PRICE_LEVELS_KEY
from ..model import MRIO
from .scenario import DEFAULT_NON_TRADABLE_WIOD, REGION_COORDINATES, PlanScenario

__all__ = ["FAMILIES", "PlanData", "PlanLP", "build_lp", "plan_data"]

FAMILIES = ("output", "demand", "labour", "mutual_aid", "use", "sovereignty", "share_hi",
            "share_lo", "burden")
FAM = {f: i for i, f in enumerate(FAMILIES)}
TRANSPORT_SECTORS = ("c23", "c24", "c25", "c26")


@dataclass(frozen=True)
class PlanData:
    """Arrays of a table prepared for planning (volumes when price levels are given).

    Attributes
    ----------
    regions, sectors : tuple of str
        Labels (R and S of them).
    Abar : ndarray, shape (R, S, S)
        Technology of each region, inputs summed over origins (money or volume per unit).
    lab : ndarray, shape (R, S)
        Hours per unit of output (hours account unit per money/volume unit).
    cap_acc : list of (str, ndarray (R, S), ndarray (R,))
        Capacity accounts: name, direct intensity, capacity net of the final-demand part.
    x0 : ndarray, shape (R, S)
        Today's output (negative rounding set to 0).
    q0 : ndarray, shape (R, R, S)
        Today's shipments origin x destination x product (intermediate plus non-negative final
        demand, inventories excluded).
    y : ndarray, shape (R, S)
        Planned final demand of each region by product (inventories excluded).
    v : ndarray, shape (R, S)
        Exogenous deliveries from each origin (inventories and negative final demand).
    E : ndarray, shape (R, R, S)
        The same by destination (for embodied trade).
    fixed : ndarray of bool, shape (R, R, S)
        Flows held at today's value.
    tradable : ndarray of bool, shape (S,)
    mult : ndarray, shape (R, S)
        EEBT multipliers ``l_r (I - A_rr)^-1``: hours per unit shipped from r.
    transport : ndarray, shape (R, R)
        Hours per unit shipped from o to d (0 on the diagonal).
    hours_fd : ndarray, shape (R,)
        Hours worked directly for final demand (households as employers), held fixed.
    persons : ndarray, shape (R,)
        Persons employed today (NaN when the table has no persons account).
    units : dict
        ``hours`` and ``output`` unit strings.
    """

    regions: tuple[str, ...]
    sectors: tuple[str, ...]
    Abar: np.ndarray
    lab: np.ndarray
    cap_acc: list[tuple[str, np.ndarray, np.ndarray]]
    x0: np.ndarray
    q0: np.ndarray
    y: np.ndarray
    v: np.ndarray
    E: np.ndarray
    fixed: np.ndarray
    tradable: np.ndarray
    mult: np.ndarray
    transport: np.ndarray
    hours_fd: np.ndarray
    persons: np.ndarray
    units: dict[str, str] = field(default_factory=dict)

    @property
    def R(self) -> int:  # noqa: D102
        return len(self.regions)

    @property
    def S(self) -> int:  # noqa: D102
        return len(self.sectors)


def _price_levels(mrio: MRIO, scenario: PlanScenario) -> np.ndarray:
    """Price level of each region-sector, shape (n,): 1 unless the scenario's table sets it."""
    p = np.ones(mrio.n)
    levels = scenario.price_levels
    if levels is None:
        return p
    ri = {r: i for i, r in enumerate(mrio.regions)}
    si = {s: i for i, s in enumerate(mrio.sectors)}
    S = mrio.n_sectors
    for row in levels.rows:
        regs = range(mrio.n_regions) if row.region == "*" else [ri.get(row.region, -1)]
        secs = range(S) if row.sector == "*" else [si.get(row.sector, -1)]
        if -1 in regs or -1 in secs:
            raise ScenarioError(f"{PRICE_LEVELS_KEY}: {levels.source}: row {row.region}/"
                                f"{row.sector}/{row.level:g} (line {row.line}): expected a "
                                "region and sector of the table (or *)", key=PRICE_LEVELS_KEY)
        for a in regs:
            for b in secs:
                p[a * S + b] = row.level
    return p


def _distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    la1, lo1, la2, lo2 = map(np.radians, (*a, *b))
    h = np.sin((la2 - la1) / 2) ** 2 + np.cos(la1) * np.cos(la2) * np.sin((lo2 - lo1) / 2) ** 2
    return float(2 * 6371.0 * np.arcsin(np.sqrt(h)))


def transport_costs(regions: tuple[str, ...], sectors: tuple[str, ...], lab: np.ndarray,
                    x0: np.ndarray, scenario: PlanScenario) -> np.ndarray:
    """Hours per unit shipped between regions, shape (R, R), zero diagonal.

    ``"distance"``: ``share * km / 10,000 * h_T`` where ``h_T`` is the world average hours per
    unit of output of the transport sectors (WIOD c23-c26; all sectors when absent) and ``km``
    the great-circle distance between the regions' centres (:data:`REGION_COORDINATES`;
    5,000 km for a pair without coordinates).
    """
    R = len(regions)
    if scenario.transport == "none":
        return np.zeros((R, R))
    if not isinstance(scenario.transport, str):
        return float(scenario.transport) * (1.0 - np.eye(R))
    cols = [i for i, s in enumerate(sectors) if s in TRANSPORT_SECTORS] or list(range(len(sectors)))
    out = x0[:, cols].sum()
    hT = float((lab[:, cols] * x0[:, cols]).sum() / out) if out > 0 else 0.0
    km = np.full((R, R), 5000.0)
    for i, a in enumerate(regions):
        for j, b in enumerate(regions):
            if a in REGION_COORDINATES and b in REGION_COORDINATES:
                km[i, j] = _distance_km(REGION_COORDINATES[a], REGION_COORDINATES[b])
    np.fill_diagonal(km, 0.0)
    return scenario.transport_share * km / 10_000.0 * hT


def _non_tradable(mrio: MRIO, scenario: PlanScenario) -> np.ndarray:
    if scenario.non_tradable is None:
        wiod = set(mrio.sectors) >= set(DEFAULT_NON_TRADABLE_WIOD)
        names = set(DEFAULT_NON_TRADABLE_WIOD) if wiod else set()
    else:
        names = set(scenario.non_tradable)
        unknown = names - set(mrio.sectors)
        if unknown:
            raise ScenarioError(f"{scenario.source}: tradability: unknown sector(s) "
                                f"{sorted(unknown)[:5]}; the table's sectors are "
                                f"{', '.join(mrio.sectors[:8])} ...", key="tradability")
    return np.array([s not in names for s in mrio.sectors])


def plan_data(mrio: MRIO, scenario: PlanScenario | None = None) -> PlanData:
    """Prepare a table for planning: technologies, today's shipments, exogenous parts.

    Parameters
    ----------
    mrio : MRIO
        A table with an hours account (``scenario.hours_account``).
    scenario : PlanScenario, optional
        Default :class:`PlanScenario()`.

    Returns
    -------
    PlanData

    Raises
    ------
    AccountNotFoundError
        The table has no hours account (or no capacity account named in the scenario).
    ScenarioError
        A price-level file or tradability list that does not fit the table.
    """
    sc = scenario or PlanScenario()
    R, S, n = mrio.n_regions, mrio.n_sectors, mrio.n
    K = len(mrio.categories)
    p = _price_levels(mrio, sc)
    inv = 1.0 / p
    Z = sp.csr_array(mrio.Z) if sp.issparse(mrio.Z) else np.asarray(mrio.Z)
    Y = mrio.Y.reshape(n, R, K) * inv[:, None, None]
    x0 = np.clip(mrio.x * inv, 0.0, None)
    # today's flows by (origin region-sector, destination region), intermediate part
    Q = sp.kron(sp.eye_array(R), np.ones((S, 1)), format="csr")  # (n, R): sum within dest
    if sp.issparse(Z):
        Zd = sp.csr_array(sp.diags_array(inv) @ Z @ Q).toarray()
    else:
        Zd = np.asarray((Z * inv[:, None]) @ Q)
    cats = [c.upper() for c in mrio.categories]
    k_inv = cats.index(sc.inventory_category.upper()) if sc.inventory_category.upper() in cats \
        else -1
    Yk = Y.copy()
    if k_inv >= 0:
        Yk[:, :, k_inv] = 0.0
    Ypos = np.clip(Yk, 0.0, None).sum(axis=2)  # (n, R)
    Eflat = Y.sum(axis=2) - Ypos  # inventories and negative final demand, (n, R)
    q0f = Zd + Ypos  # (n, R)
    q0 = q0f.reshape(R, S, R).transpose(0, 2, 1).copy()  # (o, d, s)
    E = Eflat.reshape(R, S, R).transpose(0, 2, 1).copy()
    v = E.sum(axis=1)  # (o, s)
    y = Ypos.reshape(R, S, R).sum(axis=0).T.copy()  # (d, s)
    # technology: inputs summed over origins, per unit of the user's output
    P = sp.kron(np.ones((1, R)), sp.eye_array(S), format="csr")  # (S, n)
    if sp.issparse(Z):
        PZ = sp.csr_array(P @ (sp.diags_array(inv) @ Z)).toarray()  # (S, n)
    else:
        PZ = np.asarray(P @ (Z * inv[:, None]))
    xpos = np.where(x0 > 0, x0, 1.0)
    PA = np.where(x0 > 0, PZ / xpos, 0.0)
    Abar = PA.reshape(S, R, S).transpose(1, 0, 2).copy()  # (d, s', s)
    # accounts
    try:
        hours = mrio.account(sc.hours_account)
    except AccountNotFoundError as exc:
        raise AccountNotFoundError(
            f"planning needs an hours account: {exc}; name it in the scenario's "
            "[accounts] hours = ...") from exc
    lab = np.where(x0 > 0, hours.values / xpos, 0.0).reshape(R, S)
    hours_fd = (hours.final_demand.reshape(R, K).sum(axis=1) if hours.final_demand is not None
                else np.zeros(R))
    lg = sc.effective_labour_growth
    cap_acc = []
    for i, name in enumerate(sc.labour_accounts):
        acc = mrio.account(name)
        inten = np.where(x0 > 0, acc.values / xpos, 0.0).reshape(R, S)
        fd = (acc.final_demand.reshape(R, K).sum(axis=1) if acc.final_demand is not None
              else np.zeros(R))
        cap = (acc.values.reshape(R, S).sum(axis=1) + fd) * (1.0 + lg)
        if i == 0:
            for reg, val in sc.labour_capacity.items():
                if reg not in mrio.regions:
                    raise ScenarioError(f"{sc.source}: capacity.labour.{reg}: unknown region; "
                                        f"expected one of {', '.join(mrio.regions[:10])} ...",
                                        key=f"capacity.labour.{reg}")
                cap[mrio.regions.index(reg)] = val
        cap_acc.append((acc.key, inten, cap - fd))
    try:
        persons = production_persons(mrio, sc.persons_account)
    except AccountNotFoundError:
        persons = np.full(R, np.nan)
    # EEBT multipliers of today's domestic chains: m_r = l_r (I - A_rr)^-1 (money units of the
    # table, then per unit of volume)
    A = mrio.A
    mult = np.zeros((R, S))
    lab_money = np.where(mrio.x > 0, hours.values / np.where(mrio.x > 0, mrio.x, 1.0), 0.0)
    As = sp.csr_array(A) if sp.issparse(A) else None
    for r in range(R):
        sl = slice(r * S, (r + 1) * S)
        Arr = As[sl, sl].toarray() if As is not None else np.asarray(A)[sl, sl]
        mult[r] = np.linalg.solve((np.eye(S) - Arr).T, lab_money[sl]) * p[sl]
    tradable = _non_tradable(mrio, sc)
    origin_off = (x0 <= 0).reshape(R, S)  # (o, s)
    fixed = np.zeros((R, R, S), dtype=bool)
    fixed |= origin_off[:, None, :]
    fixed |= (~np.eye(R, dtype=bool))[:, :, None] & ~tradable[None, None, :]
    fixed |= q0 < 0
    return PlanData(
        regions=mrio.regions, sectors=mrio.sectors, Abar=Abar, lab=lab, cap_acc=cap_acc,
        x0=x0.reshape(R, S), q0=q0, y=y, v=v, E=E, fixed=fixed, tradable=tradable, mult=mult,
        transport=transport_costs(mrio.regions, mrio.sectors, lab, x0.reshape(R, S), sc),
        hours_fd=hours_fd, persons=persons,
        units={"hours": hours.unit, "output": mrio.money.label + (
            " at reference price levels" if sc.price_levels is not None else "")},
    )


def production_persons(mrio: MRIO, name: str) -> np.ndarray:
    """Persons employed by region (direct and final-demand parts), shape (R,)."""
    acc = mrio.account(name)
    R, K = mrio.n_regions, len(mrio.categories)
    fd = acc.final_demand.reshape(R, K).sum(axis=1) if acc.final_demand is not None else 0.0
    return np.asarray(acc.values.reshape(R, mrio.n_sectors).sum(axis=1) + fd, dtype=float)


@dataclass
class PlanLP:
    """A planning LP: ``min c'z + offset`` s.t. ``row_lo <= M z <= row_hi``, ``lo <= z <= hi``.

    Attributes
    ----------
    M : scipy.sparse.csc_array, shape (m, N)
    c, lo, hi : ndarray, shape (N,)
    row_lo, row_hi : ndarray, shape (m,)
    row_fam, row_r, row_s, row_o : ndarray of int, shape (m,)
        Family code (index of :data:`FAMILIES`), region, sector and partner of each row
        (-1 where not applicable; ``row_o`` of ``share_*`` rows is the origin, of ``labour``
        rows the capacity account).
    nx : int
        ``x`` occupies columns 0..nx-1 (region-major, as the table).
    q_o, q_d, q_s : ndarray of int
        Origin, destination and product of each shipment column (after the x block).
    u_index : ndarray of int, shape (R, S)
        Column of ``u_{d,s}`` (-1 where none).
    t_col : int
        Column of ``t`` (-1 where none).
    cost_labour, cost_transport : ndarray, shape (N,)
        The two parts of ``c`` for the min-hours objective.
    offset : float
        Constant hours: direct final-demand hours and transport of fixed flows.
    today : ndarray, shape (N,)
        Today's allocation as a point of this LP.
    data : PlanData
    notes : list of str
        Constraints skipped (with why).
    """

    M: Any
    c: np.ndarray
    lo: np.ndarray
    hi: np.ndarray
    row_lo: np.ndarray
    row_hi: np.ndarray
    row_fam: np.ndarray
    row_r: np.ndarray
    row_s: np.ndarray
    row_o: np.ndarray
    nx: int
    q_o: np.ndarray
    q_d: np.ndarray
    q_s: np.ndarray
    u_index: np.ndarray
    t_col: int
    cost_labour: np.ndarray
    cost_transport: np.ndarray
    offset: float
    today: np.ndarray
    data: PlanData
    notes: list[str] = field(default_factory=list)

    @property
    def shape(self) -> tuple[int, int]:
        """(rows, columns)."""
        return self.M.shape

    def violations(self, z: np.ndarray, tol: float = 1e-7) -> pd.DataFrame:
        """Rows and bounds that ``z`` breaks by more than ``tol`` (relative to the row scale).

        Returns
        -------
        DataFrame
            Columns ``family, region, sector, excess``; empty when ``z`` is feasible.
        """
        act = self.M @ z
        fin_lo = np.where(np.isfinite(self.row_lo), np.abs(self.row_lo), 0.0)
        fin_hi = np.where(np.isfinite(self.row_hi), np.abs(self.row_hi), 0.0)
        scale = np.maximum(1.0, np.maximum(fin_lo, fin_hi))
        ex = np.maximum(self.row_lo - act, act - self.row_hi) / scale
        bad = np.flatnonzero(ex > tol)
        rows = [(FAMILIES[self.row_fam[i]], self.row_r[i], self.row_s[i], ex[i]) for i in bad]
        bex = np.maximum(self.lo - z, z - self.hi) / np.maximum(1.0, np.abs(z))
        for j in np.flatnonzero(bex > tol):
            rows.append(("bound", -1, j, bex[j]))
        return pd.DataFrame(rows, columns=["family", "region", "sector", "excess"])


def build_lp(data: PlanData, scenario: PlanScenario | None = None, *, stage: str = "hours",
             burden_cap: float | None = None) -> PlanLP:
    """Build the sparse planning LP.

    Parameters
    ----------
    data : PlanData
    scenario : PlanScenario, optional
    stage : {"hours", "burden"}
        ``hours``: minimise total hours (with ``burden_cap``: every region's hours per worker
        at most the cap, stage 2 of ``equal_burden``); ``burden``: minimise the largest hours
        per worker ``t`` (stage 1).
    burden_cap : float, optional
        Cap on hours per worker (stage 2).

    Returns
    -------
    PlanLP

    Raises
    ------
    ScenarioError
        Sovereignty names a region or sector the table does not have.
    """
    sc = scenario or PlanScenario()
    R, S = data.R, data.S
    n = R * S
    growth = np.full(S, sc.growth)
    for sec, g in sc.sector_growth.items():
        if sec not in data.sectors:
            raise ScenarioError(f"{sc.source}: capacity.sectors.{sec}: unknown sector",
                                key=f"capacity.sectors.{sec}")
        growth[data.sectors.index(sec)] = g
    x_hi = (data.x0 * (1.0 + growth[None, :])).ravel()
    # shipment columns
    o_, d_, s_ = np.nonzero(~data.fixed)
    nq = o_.size
    q_col = np.full((R, R, S), -1)
    q_col[o_, d_, s_] = n + np.arange(nq)
    need_u = sc.delta is not None or bool(sc.sovereignty)
    u_index = np.full((R, S), -1)
    nu = 0
    if need_u:
        tr = np.flatnonzero(data.tradable)
        u_index[:, tr] = n + nq + np.arange(R * tr.size).reshape(R, tr.size)
        nu = R * tr.size
    t_col = n + nq + nu if (stage == "burden" or burden_cap is not None) else -1
    N = n + nq + nu + (1 if t_col >= 0 else 0)
    lo = np.zeros(N)
    hi = np.full(N, np.inf)
    hi[:n] = x_hi
    cost_lab = np.zeros(N)
    cost_lab[:n] = data.lab.ravel()
    cost_tr = np.zeros(N)
    cost_tr[n:n + nq] = data.transport[o_, d_]
    notes: list[str] = []

    rows: list[np.ndarray] = []
    cols: list[np.ndarray] = []
    vals: list[np.ndarray] = []
    rlo: list[np.ndarray] = []
    rhi: list[np.ndarray] = []
    meta: list[np.ndarray] = []  # (k, 4): fam, r, s, o
    m = 0

    def add(fam: str, r_i: np.ndarray, c_i: np.ndarray, v_i: np.ndarray, lo_b: np.ndarray,
            hi_b: np.ndarray, mr: np.ndarray, ms: np.ndarray, mo: np.ndarray) -> None:
        nonlocal m
        rows.append(r_i + m)
        cols.append(c_i)
        vals.append(v_i)
        rlo.append(lo_b)
        rhi.append(hi_b)
        k = lo_b.size
        meta.append(np.column_stack([np.full(k, FAM[fam]), mr, ms, mo]))
        m += k

    fixed_q = np.where(data.fixed, data.q0, 0.0)
    # output rows for origins with output
    live = np.flatnonzero(data.x0.ravel() > 0)
    row_of = np.full(n, -1)
    row_of[live] = np.arange(live.size)
    f_out = fixed_q.sum(axis=1).ravel()  # (o, s)
    oq = o_ * S + s_
    add("output",
        np.concatenate([np.arange(live.size), row_of[oq]]),
        np.concatenate([live, n + np.arange(nq)]),
        np.concatenate([np.ones(live.size), -np.ones(nq)]),
        (data.v.ravel() + f_out)[live], (data.v.ravel() + f_out)[live],
        live // S, live % S, np.full(live.size, -1))
    # demand rows (d, s)
    f_in = fixed_q.sum(axis=0).ravel()  # (d, s)
    Ab = data.Abar  # (d, s', s)
    dd, sp_, ss = np.nonzero(Ab)
    add("demand",
        np.concatenate([d_ * S + s_, dd * S + sp_]),
        np.concatenate([n + np.arange(nq), dd * S + ss]),
        np.concatenate([np.ones(nq), -Ab[dd, sp_, ss]]),
        data.y.ravel() - f_in, np.full(n, np.inf),
        np.arange(n) // S, np.arange(n) % S, np.full(n, -1))
    # labour capacity rows
    for k, (_name, inten, cap) in enumerate(data.cap_acc):
        regs = np.flatnonzero(inten.sum(axis=1) > 0)
        rr, cc = np.nonzero(inten[regs])
        add("labour", np.searchsorted(regs, regs[rr]), regs[rr] * S + cc, inten[regs][rr, cc],
            np.full(regs.size, -np.inf), cap[regs], regs, np.full(regs.size, -1),
            np.full(regs.size, k))
    # mutual aid
    if sc.mutual_aid is not None:
        f = 1.0 + sc.mutual_aid
        cross = o_ != d_
        mq = data.mult[o_, s_]
        fixed_emb = np.where(data.fixed, data.q0, 0.0) + data.E
        emb = data.mult[:, None, :] * fixed_emb  # (o, d, s)
        off = ~np.eye(R, dtype=bool)
        c_exp = (emb.sum(axis=2) * off).sum(axis=1)
        c_imp = (emb.sum(axis=2) * off).sum(axis=0)
        add("mutual_aid",
            np.concatenate([o_[cross], d_[cross]]),
            np.concatenate([(n + np.arange(nq))[cross]] * 2),
            np.concatenate([mq[cross], -f * mq[cross]]),
            np.full(R, -np.inf), f * c_imp - c_exp, np.arange(R), np.full(R, -1),
            np.full(R, -1))
    if need_u:
        tr_q = data.tradable[s_]
        uu = u_index[d_[tr_q], s_[tr_q]]
        du, su = np.nonzero(u_index >= 0)
        urow = np.full((R, S), -1)
        urow[du, su] = np.arange(du.size)
        add("use",
            np.concatenate([urow[du, su], urow[d_[tr_q], s_[tr_q]]]),
            np.concatenate([u_index[du, su], (n + np.arange(nq))[tr_q]]),
            np.concatenate([np.ones(du.size), -np.ones(int(tr_q.sum()))]),
            np.zeros(du.size), np.zeros(du.size), du, su, np.full(du.size, -1))
        del uu
    if sc.sovereignty:
        share = np.full((R, S), -1.0)
        for sv in sc.sovereignty:
            if sv.region != "*" and sv.region not in data.regions:
                raise ScenarioError(f"{sc.source}: sovereignty: unknown region {sv.region!r}",
                                    key="sovereignty.pairs")
            if sv.sector != "*" and sv.sector not in data.sectors:
                raise ScenarioError(f"{sc.source}: sovereignty: unknown sector {sv.sector!r}",
                                    key="sovereignty.pairs")
            ri = slice(None) if sv.region == "*" else data.regions.index(sv.region)
            si = slice(None) if sv.sector == "*" else data.sectors.index(sv.sector)
            share[ri, si] = sv.share
        share[:, ~data.tradable] = -1.0
        dd2, ss2 = np.nonzero(share > 0)
        own = q_col[dd2, dd2, ss2]
        miss = own < 0
        if miss.any():
            notes.append(f"sovereignty skipped for {int(miss.sum())} region-product pair(s) "
                         "without output today (they cannot produce at home), e.g. "
                         + ", ".join(f"{data.regions[a]}/{data.sectors[b]}"
                                     for a, b in zip(dd2[miss][:5], ss2[miss][:5], strict=True)))
        dd2, ss2, own = dd2[~miss], ss2[~miss], own[~miss]
        k = dd2.size
        add("sovereignty", np.concatenate([np.arange(k)] * 2),
            np.concatenate([own, u_index[dd2, ss2]]),
            np.concatenate([np.ones(k), -share[dd2, ss2]]),
            np.zeros(k), np.full(k, np.inf), dd2, ss2, dd2)
    if sc.delta is not None:
        tr_q = data.tradable[s_]
        use0 = np.where(data.fixed, 0.0, data.q0).sum(axis=0)  # (d, s)
        with np.errstate(invalid="ignore", divide="ignore"):
            s0 = np.where(use0[d_, s_] > 0, data.q0[o_, d_, s_] / use0[d_, s_], np.nan)
        for fam, bound, keep in (
            ("share_hi", s0 + sc.delta, tr_q & np.isfinite(s0) & (s0 + sc.delta < 1.0)),
            ("share_lo", s0 - sc.delta, tr_q & np.isfinite(s0) & (s0 - sc.delta > 0.0)),
        ):
            idx = np.flatnonzero(keep)
            k = idx.size
            inf = np.full(k, np.inf)
            add(fam, np.concatenate([np.arange(k)] * 2),
                np.concatenate([n + idx, u_index[d_[idx], s_[idx]]]),
                np.concatenate([np.ones(k), -bound[idx]]),
                -inf if fam == "share_hi" else np.zeros(k),
                np.zeros(k) if fam == "share_hi" else inf,
                d_[idx], s_[idx], o_[idx])
        nodata = int((use0[:, data.tradable] <= 0).sum())
        if nodata:
            notes.append(f"no sourcing-share bound for {nodata} region-product pair(s) not used "
                         "today (no shares to keep close to)")
    if t_col >= 0:
        pers = data.persons
        if not np.all(np.isfinite(pers)) or np.any(pers <= 0):
            raise ScenarioError(f"{sc.source}: objective equal_burden needs persons employed "
                                "in every region (account " f"{sc.persons_account!r})",
                                key="accounts.persons")
        rr, cc = np.nonzero(data.lab)
        add("burden", np.concatenate([rr, np.arange(R)]),
            np.concatenate([rr * S + cc, np.full(R, t_col)]),
            np.concatenate([data.lab[rr, cc], -pers]),
            np.full(R, -np.inf), -data.hours_fd, np.arange(R), np.full(R, -1), np.full(R, -1))
        if burden_cap is not None:
            lo[t_col] = hi[t_col] = burden_cap
    M = sp.csc_array((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
                     shape=(m, N))
    M.sum_duplicates()
    mt = np.vstack(meta)
    if stage == "burden":
        c = np.zeros(N)
        c[t_col] = 1.0
    else:
        c = cost_lab + cost_tr
    today = np.zeros(N)
    today[:n] = data.x0.ravel()
    today[n:n + nq] = data.q0[o_, d_, s_]
    if need_u:
        du, su = np.nonzero(u_index >= 0)
        today[u_index[du, su]] = np.where(data.fixed, 0.0, data.q0).sum(axis=0)[du, su]
    if t_col >= 0:
        today[t_col] = float(np.max(((data.lab * data.x0).sum(axis=1) + data.hours_fd)
                                    / data.persons))
    offset = float(data.hours_fd.sum() + (data.transport[:, :, None] * fixed_q).sum())
    return PlanLP(M=M, c=c, lo=lo, hi=hi, row_lo=np.concatenate(rlo), row_hi=np.concatenate(rhi),
                  row_fam=mt[:, 0].astype(int), row_r=mt[:, 1].astype(int),
                  row_s=mt[:, 2].astype(int), row_o=mt[:, 3].astype(int), nx=n, q_o=o_, q_d=d_,
                  q_s=s_, u_index=u_index, t_col=t_col, cost_labour=cost_lab,
                  cost_transport=cost_tr, offset=offset if stage == "hours" else 0.0,
                  today=today, data=data, notes=notes)
