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

from ..errors import ScenarioError
from .data import PlanData, plan_data, production_persons, transport_costs
from .scenario import PlanScenario
from .sharing import SharingColumns, sharing_columns

__all__ = ["FAMILIES", "PlanData", "PlanLP", "build_lp", "plan_data", "production_persons",
           "transport_costs"]

FAMILIES = ("output", "demand", "labour", "mutual_aid", "use", "sovereignty", "share_hi",
            "share_lo", "burden", "sharing_capacity", "sharing_cap")
FAM = {f: i for i, f in enumerate(FAMILIES)}


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
    sharing : SharingColumns or None
        The shared-technique columns ``w`` (after ``u``, before ``t``), when the scenario
        shares technology.
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
    sharing: SharingColumns | None = None

    @property
    def shape(self) -> tuple[int, int]:
        """(rows, columns)."""
        return self.M.shape

    def cell_hours(self, z: np.ndarray) -> np.ndarray:
        """Hours worked by region-sector at the point ``z``, shape (R, S).

        Own technique ``l_{r,s} x_{r,s}`` plus shared techniques used in ``r``; hours worked
        directly for final demand (``PlanData.hours_fd``) are not included.
        """
        d = self.data
        h = d.lab * z[:self.nx].reshape(d.R, d.S)
        w = self.sharing
        if w is not None:
            np.add.at(h, (w.r, w.s), w.hours * z[w.start:w.start + w.size])
        return h

    def region_hours_row(self, r: int) -> np.ndarray:
        """Coefficients of region ``r``'s hours (without ``hours_fd``) on the columns, (N,)."""
        d = self.data
        c = np.zeros(self.M.shape[1])
        c[r * d.S:(r + 1) * d.S] = d.lab[r]
        w = self.sharing
        if w is not None:
            mine = w.r == r
            c[w.start + np.flatnonzero(mine)] = w.hours[mine]
        return c

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
    shr = sharing_columns(data, sc.sharing, x_hi) if sc.sharing is not None else None
    nw = 0
    if shr is not None:
        shr = SharingColumns(**{**shr.__dict__, "start": n + nq + nu})
        nw = shr.size
    w_cols = n + nq + nu + np.arange(nw)
    t_col = n + nq + nu + nw if (stage == "burden" or burden_cap is not None) else -1
    N = n + nq + nu + nw + (1 if t_col >= 0 else 0)
    lo = np.zeros(N)
    hi = np.full(N, np.inf)
    hi[:n] = x_hi
    cost_lab = np.zeros(N)
    cost_lab[:n] = data.lab.ravel()
    if shr is not None:
        cost_lab[w_cols] = shr.hours
    cost_tr = np.zeros(N)
    cost_tr[n:n + nq] = data.transport[o_, d_] * data.price[o_, s_]
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
    none = np.zeros(0, int)
    # shared techniques: r's output (row of r, s), inputs (r's demand rows), hours (r's rows)
    if shr is not None:
        wr, wg, ws = shr.r, shr.g, shr.s
        wk, wsp = np.nonzero(data.Abar[wg, :, ws])  # column k of w uses input s'
        w_out, w_use, w_inp = wr * S + ws, wr[wk] * S + wsp, -data.Abar[wg[wk], wsp, ws[wk]]
    else:
        wr = wg = ws = wk = w_out = w_use = none
        w_inp = np.zeros(0)
    # output rows for origins with output
    live = np.flatnonzero(data.x0.ravel() > 0)
    row_of = np.full(n, -1)
    row_of[live] = np.arange(live.size)
    f_out = fixed_q.sum(axis=1).ravel()  # (o, s)
    oq = o_ * S + s_
    add("output",
        np.concatenate([np.arange(live.size), row_of[oq], row_of[w_out]]),
        np.concatenate([live, n + np.arange(nq), w_cols]),
        np.concatenate([np.ones(live.size), -np.ones(nq), np.ones(nw)]),
        (data.v.ravel() + f_out)[live], (data.v.ravel() + f_out)[live],
        live // S, live % S, np.full(live.size, -1))
    # demand rows (d, s)
    f_in = fixed_q.sum(axis=0).ravel()  # (d, s)
    Ab = data.Abar  # (d, s', s)
    dd, sp_, ss = np.nonzero(Ab)
    add("demand",
        np.concatenate([d_ * S + s_, dd * S + sp_, w_use]),
        np.concatenate([n + np.arange(nq), dd * S + ss, w_cols[wk]]),
        np.concatenate([np.ones(nq), -Ab[dd, sp_, ss], w_inp]),
        data.y.ravel() - f_in, np.full(n, np.inf),
        np.arange(n) // S, np.arange(n) % S, np.full(n, -1))
    # labour capacity rows
    for k, (_name, inten, cap) in enumerate(data.cap_acc):
        regs = np.flatnonzero(inten.sum(axis=1) > 0)
        rr, cc = np.nonzero(inten[regs])
        wj = (np.flatnonzero(np.isin(wr, regs) & (shr.intensity[k] > 0))
              if shr is not None else none)
        add("labour", np.concatenate([np.searchsorted(regs, regs[rr]),
                                      np.searchsorted(regs, wr[wj])]),
            np.concatenate([regs[rr] * S + cc, w_cols[wj]]),
            np.concatenate([inten[regs][rr, cc],
                            shr.intensity[k][wj] if shr is not None else np.zeros(0)]),
            np.full(regs.size, -np.inf), cap[regs], regs, np.full(regs.size, -1),
            np.full(regs.size, k))
    if shr is not None:  # joint output capacity, and the cap on shared techniques
        cells, cell_of = np.unique(w_out, return_inverse=True)
        kc = cells.size
        add("sharing_capacity", np.concatenate([np.arange(kc), cell_of]),
            np.concatenate([cells, w_cols]), np.ones(kc + nw), np.full(kc, -np.inf),
            x_hi[cells], cells // S, cells % S, np.full(kc, -1))
        if sc.sharing is not None and sc.sharing.cap < 1.0:
            add("sharing_cap", cell_of, w_cols, np.ones(nw), np.full(kc, -np.inf),
                sc.sharing.cap * x_hi[cells], cells // S, cells % S, np.full(kc, -1))
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
        du, su = np.nonzero(u_index >= 0)
        urow = np.full((R, S), -1)
        urow[du, su] = np.arange(du.size)
        add("use",
            np.concatenate([urow[du, su], urow[d_[tr_q], s_[tr_q]]]),
            np.concatenate([u_index[du, su], (n + np.arange(nq))[tr_q]]),
            np.concatenate([np.ones(du.size), -np.ones(int(tr_q.sum()))]),
            np.zeros(du.size), np.zeros(du.size), du, su, np.full(du.size, -1))
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
        add("burden", np.concatenate([rr, wr, np.arange(R)]),
            np.concatenate([rr * S + cc, w_cols, np.full(R, t_col)]),
            np.concatenate([data.lab[rr, cc], shr.hours if shr is not None
                            else np.zeros(0), -pers]),
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
    offset = float(data.hours_fd.sum() + transport_hours(data, fixed_q))
    return PlanLP(M=M, c=c, lo=lo, hi=hi, row_lo=np.concatenate(rlo), row_hi=np.concatenate(rhi),
                  row_fam=mt[:, 0].astype(int), row_r=mt[:, 1].astype(int),
                  row_s=mt[:, 2].astype(int), row_o=mt[:, 3].astype(int), nx=n, q_o=o_, q_d=d_,
                  q_s=s_, u_index=u_index, t_col=t_col, cost_labour=cost_lab,
                  cost_transport=cost_tr, offset=offset if stage == "hours" else 0.0,
                  today=today, data=data, notes=notes, sharing=shr)


def transport_hours(data: PlanData, q: np.ndarray) -> float:
    """Hours of the transport proxy for shipments ``q`` (shape (R, R, S), output units)."""
    return float(np.einsum("od,os,ods->", data.transport, data.price, q))
