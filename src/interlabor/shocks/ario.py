"""Dynamic shocks: the adaptive regional input-output model (ARIO), stepping daily.

The ARIO model (Hallegatte 2008, 2014) as BoARIO 0.7.2 implements it (``ARIOPsiModel``,
Juhel 2023), on a sparse table: each day every region-sector produces the least of its
demand, its capacity (baseline x (1 - share lost) x overproduction) and what its
inventories allow; rations its output across all its customers in proportion to their
demand; restocks; and orders inputs for tomorrow to cover use and close ``1/restoration_days``
of the gap to its target inventories, splitting the orders across supplying regions by the
table's shares, weighted by each supplier's production capacity today (``order_type="alt"``,
Guan et al. 2020) or not (``"noalt"``). Overproduction rises towards ``alpha_max`` where
demand exceeds production and falls back otherwise. Events (:mod:`.ario_events`) remove
capacity (stoppages) or destroy capital (recovered over time, or rebuilt through
reconstruction demand).

Every step is vectorised over the non-zeros of ``Z`` (orders live on them) and over
``(finite-inventory input sector, industry)`` pairs (the inventories); nothing is ``n x n``.
The table ARIO runs on has negative final demand set to zero and gross output recomputed
(:func:`prepare_table`). Formulas, the day-by-day order of operations and every difference
from BoARIO: ``docs/shocks.md`` ("Dynamic: ARIO").

References
----------
Hallegatte, S. (2008). An adaptive regional input-output model and its application to the
assessment of the economic cost of Katrina. *Risk Analysis* 28(3): 779-799.
Hallegatte, S. (2014). Modeling the role of inventories and heterogeneity in the assessment
of the economic costs of natural disasters. *Risk Analysis* 34(1): 152-167.
Guan, D. et al. (2020). Global supply-chain effects of COVID-19 control measures. *Nature
Human Behaviour* 4: 577-587.
Juhel, S. (2023). BoARIO: a Python implementation of the ARIO model. *JOSS* 8(92): 6547.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from ..errors import ScenarioError
from ..model import MRIO, build_mrio
from ..progress import Progress, notify
from .ario_events import CapitalRebuild, CapitalRecover, Event, Stoppage, compile_events
from .ario_params import ARIOParams, sector_params
from .ario_result import ARIOResult

__all__ = [
    "INPUT_THRESHOLD",
    "NEGATIVE_FINAL_DEMAND",
    "ARIOParams",
    "ARIOResult",
    "CapitalRebuild",
    "CapitalRecover",
    "Stoppage",
    "prepare_table",
    "run_stoppage",
    "simulate",
]

#: How ARIO treats negative final demand (changes in inventories): the one treatment used.
NEGATIVE_FINAL_DEMAND = ("negative final-demand entries (changes in inventories) set to zero, "
                         "gross output recomputed as x = Z·1 + Y·1")
#: An input constrains production only where its yearly use exceeds this share of the
#: user's *daily* output (BoARIO 0.7.2's TECHNOLOGY_THRESHOLD, applied as BoARIO applies it).
INPUT_THRESHOLD = 1e-5
DAYS_PER_YEAR = 365


def prepare_table(mrio: MRIO) -> MRIO:
    """The table ARIO runs on: negative final demand set to zero, gross output recomputed.

    ``Y+ = max(Y, 0)``, ``x = Z·1 + Y+·1`` (:data:`NEGATIVE_FINAL_DEMAND`); ``Z``, labels
    and money are kept, satellite accounts are not (ARIO does not use them). BoARIO is given
    the same table in the agreement tests.

    Parameters
    ----------
    mrio : MRIO

    Returns
    -------
    MRIO
        ``mrio`` itself when it has no negative final demand.
    """
    if not (mrio.Y < 0).any():
        return mrio
    Y = np.maximum(mrio.Y, 0.0)
    meta = dict(mrio.meta)
    meta["notes"] = (str(meta.get("notes", "")) + f" ARIO: {NEGATIVE_FINAL_DEMAND}.").strip()
    return build_mrio(mrio.Z, Y, regions=mrio.regions, sectors=mrio.sectors,
                      sector_names=mrio.sector_names, categories=mrio.categories,
                      accounts=(), money=mrio.money, year=mrio.year,
                      source_regions=mrio.source_regions, meta=meta, warn=False)


class _System:
    """The arrays of a table that the daily steps use (daily flows; see the module docstring).

    Shapes: ``n`` region-sectors, ``S`` sectors, ``Sf`` sectors with finite inventories,
    ``nnz`` non-zeros of ``Z``.
    """

    def __init__(self, mrio: MRIO, params: ARIOParams) -> None:
        if tuple(params.sectors) != tuple(mrio.sectors):
            raise ScenarioError("the parameters are for other sectors than the table's "
                                f"({params.sectors[:3]}... against {mrio.sectors[:3]}...)")
        R, S, n = mrio.n_regions, mrio.n_sectors, mrio.n
        self.R, self.S, self.n = R, S, n
        self.params = params
        step = 1.0 / DAYS_PER_YEAR
        Zr = sp.csr_array(mrio.Z) if sp.issparse(mrio.Z) else sp.csr_array(np.asarray(mrio.Z))
        Zr.sum_duplicates()
        Zr.eliminate_zeros()
        z = Zr.data.astype(np.float64)
        rows = np.repeat(np.arange(n), np.diff(Zr.indptr))
        cols = Zr.indices.astype(np.int64)
        Zr.data = z
        self._Z = Zr
        sec = np.arange(n) % S
        fidx = sec[rows] * n + cols                               # flat (sector, user) index
        self.x = np.asarray(mrio.x, dtype=np.float64)
        self.X0 = self.x * step
        # Orders live on the non-zeros of Z: orders[i, j] = q[s(i), j] z[i, j] ratio[i] / 365.
        # M sums per-supplier weights over supplying regions, M @ w = sum_r z[(r,s), j] w_(r,s);
        # Mt spreads (sector, user) values back to suppliers, Mt @ q = sum_j z[i, j] q[s(i), j].
        z0 = z * step
        self.M = sp.csr_array((z0, (fidx, rows)), shape=(S * n, n))
        self.Mt = sp.csr_array((z0, (rows, fidx)), shape=(n, S * n))
        self.zc0 = self.M @ np.ones(n)                            # daily Z summed by sector
        self.Zc = np.bincount(fidx, z, minlength=S * n).reshape(S, n)
        self.tech = np.divide(self.Zc, self.x, out=np.zeros((S, n)), where=self.x > 0)
        # an input counts where Zc (yearly) > X0 (daily) x threshold, as BoARIO 0.7.2 does
        self.is_input = self.Zc > self.X0[None, :] * INPUT_THRESHOLD
        inv = params.inventory_days
        self.fin = np.flatnonzero(np.isfinite(inv))               # sectors with inventories
        self.inv = inv[self.fin][:, None]
        self.restore = (1.0 / params.restoration_days[self.fin])[:, None]
        self.tech_f = self.tech[self.fin]
        self.is_input_f = self.is_input[self.fin]
        Yd = np.asarray(mrio.Y, dtype=np.float64) * step
        if (Yd < 0).any():
            raise ScenarioError("the table has negative final demand: run it through "
                                "prepare_table first")
        self.Ytot = Yd.sum(axis=1)
        self.Yreg = Yd.reshape(n, R, -1).sum(axis=2)              # (n, R consumers)
        va = np.maximum(self.x - np.asarray(mrio.Z.sum(axis=0)).ravel(), 0.0)
        self.capital = va * params.capital_to_va[sec]
        self.alpha_max = params.alpha_max[sec]
        self.alpha_rate = 1.0 / params.alpha_tau[sec]
        self.unmet_baseline = self._by_consumer(self.Yreg)

    @property
    def Zcsc(self) -> sp.csc_array:
        """Yearly ``Z`` by columns (read for the reconstruction demand of affected cells)."""
        return self._Z.tocsc()

    def _by_consumer(self, Yreg: np.ndarray) -> np.ndarray:
        """(n suppliers, R consumers) -> (R consumers x S products,), region-major."""
        return Yreg.reshape(self.R, self.S, self.R).sum(axis=0).T.ravel()


def _event_state(trackers: list[Any], t: int, n: int) -> tuple[np.ndarray, np.ndarray,
                                                                 np.ndarray]:
    """Capital lost, capacity share lost (stoppages) and reconstruction demand on day ``t``."""
    lost, share, rebuild = np.zeros(n), np.zeros(n), np.zeros(n)
    for tr in trackers:
        tr.begin_day(t)
        if tr.lost is not None and tr.status in ("happening", "recovering", "rebuilding"):
            np.add.at(lost, tr.idx, tr.lost)
        s = tr.capacity_share(t)
        if s is not None:
            np.maximum.at(share, tr.idx, s)
        d = tr.step_demand()
        if d is not None:
            np.add.at(rebuild, tr.rows, d)
    return lost, share, rebuild


def _run(sysm: _System, trackers: list[Any], days: int,
         progress: Progress | None = None) -> dict[str, np.ndarray]:
    """Step the model ``days`` days; the order of operations is BoARIO's ``next_step``."""
    p = sysm.params
    n, S = sysm.n, sysm.S
    X0, tech, tech_f, psi = sysm.X0, sysm.tech, sysm.tech_f, p.psi
    M, Mt = sysm.M, sysm.Mt
    fin = sysm.fin
    Sf = fin.size
    all_fin = Sf == S
    alt = p.order_type == "alt"
    nz_X0 = X0 != 0
    safe_X0 = np.where(nz_X0, X0, 1.0)
    tech_inv = tech_f * sysm.inv                             # target inventory per unit output
    tech_need = tech_inv * psi                               # inventory below which it binds
    zc0_pos = sysm.zc0 != 0

    stock = X0[None, :] * tech_inv                           # (Sf, n) inventories
    q = np.ones(S * n)                                       # orders at baseline: Z / 365
    ratio = np.ones(n)
    orders_tot = Mt @ q
    production = X0.copy()
    alpha = np.full(n, p.alpha_base)
    out = {k: np.empty((days, n)) for k in ("production", "capacity", "final_demand_unmet")}
    totals = np.zeros((days, 3))        # capital lost, reconstruction demanded and delivered
    short = np.zeros((days, n), dtype=bool)  # production held down by inventories
    every = max(1, days // 50)
    for t in range(days):
        if t % every == 0:
            notify(progress, "ario", f"day {t} of {days}", done=t, total=days, unit="days")
        lost, share, rebuild = _event_state(trackers, t, n)
        delta = np.maximum(np.divide(lost, sysm.capital, out=np.zeros(n),
                                     where=sysm.capital != 0), share)
        demand = orders_tot + sysm.Ytot + rebuild
        # overproduction, from the third day (BoARIO: current_temporal_unit > 1)
        if t > 1:
            scarcity = np.divide(demand - production, demand, out=np.zeros(n),
                                 where=demand != 0)
            alpha = alpha + ((sysm.alpha_max - alpha) * scarcity * sysm.alpha_rate
                             + (p.alpha_base - alpha) * (scarcity == 0) * sysm.alpha_rate)
            alpha[alpha < 1.0] = 1.0
        capacity = X0 * (1.0 - delta) * alpha
        # production: the least of demand, capacity and what inventories allow
        prod_opt = np.fmin(demand, capacity)
        if Sf:
            needed = prod_opt[None, :] * tech_need           # inventory constraint (Sf, n)
            binding = needed > stock
            binding &= sysm.is_input_f
        if Sf and binding.any():
            ratio_inv = np.ones_like(stock)
            np.divide(stock, needed, out=ratio_inv, where=sysm.is_input_f & (needed != 0))
            limit = np.minimum(ratio_inv.min(axis=0), 1.0)
            production = prod_opt * limit
            short[t] = limit < 1.0
        else:
            production = prod_opt
        # rationing: every customer receives the same share rho of its demand
        rho = np.divide(production, demand, out=np.zeros(n), where=demand != 0)
        if Sf:   # deliveries of yesterday's orders: q (M @ (ratio rho)), by (sector, user)
            add = (M @ (ratio * rho)) * q
            add_f = add.reshape(S, n) if all_fin else add.reshape(S, n)[fin]
            stock -= production[None, :] * tech_f
            stock += add_f
        unmet = sysm._by_consumer(sysm.Yreg * (1.0 - rho)[:, None])
        for tr in trackers:
            tr.end_day(t, rho)
        # orders for tomorrow: use + 1/restoration_days of the gap to target inventories
        after = orders_tot + sysm.Ytot + rebuild * (1.0 - rho)   # rebuild delivered is off
        gap = production[None, :] * tech
        if Sf:
            missing = np.fmin(after, capacity)[None, :] * tech_inv
            missing -= stock
            np.maximum(missing, 0.0, out=missing)
            missing *= sysm.restore
            if all_fin:
                gap += missing
            else:
                gap[fin] += missing
        if alt:   # split by the table's shares weighted by each supplier's capacity today
            ratio = np.divide(capacity, safe_X0, out=np.ones(n), where=nz_X0)
            zc = M @ ratio
            q = np.divide(gap.ravel(), zc, out=np.zeros(S * n), where=zc != 0)
        else:     # split by the table's shares
            q = np.divide(gap.ravel(), sysm.zc0, out=np.zeros(S * n), where=zc0_pos)
        orders_tot = ratio * (Mt @ q)
        out["production"][t] = production
        out["capacity"][t] = capacity
        out["final_demand_unmet"][t] = unmet
        totals[t] = lost.sum(), rebuild.sum(), (rebuild * rho).sum()
    out["totals"] = totals
    out["shortage"] = short
    notify(progress, "ario", f"{days} days", done=days, total=days, unit="days")
    return out


def simulate(mrio: MRIO, events: Sequence[Event] = (), days: int = DAYS_PER_YEAR, *,
             params: ARIOParams | None = None,
             scenario: Mapping[str, Any] | str | Path | None = None,
             progress: Progress | None = None) -> ARIOResult:
    """Run the ARIO model day by day.

    Parameters
    ----------
    mrio : MRIO
        A yearly table (negative final demand is treated by :func:`prepare_table`).
    events : sequence of Stoppage, CapitalRecover, CapitalRebuild
        What happens (none: the baseline, which the model keeps to machine precision).
    days : int
        Days simulated; day 0 is the baseline, events start on day 1 or later.
    params : ARIOParams, optional
        Default: the shipped BoARIO defaults for the table's sectors
        (:func:`~interlabor.shocks.ario_params.sector_params`), overridden by ``scenario``.
    scenario : mapping, str or Path, optional
        TOML file (or parsed mapping) of parameter overrides.
    progress : callable, optional
        Receives a :class:`~interlabor.progress.ProgressEvent` every few days.

    Returns
    -------
    ARIOResult
        Daily paths of production, capacity and final demand not met (table money units per
        day), with losses by region.

    Raises
    ------
    ScenarioError
        Parameters missing for a sector (named), an invalid parameter, or an event outside
        the table or the days simulated.
    InvalidValueError
        Events destroy more capital than a region-sector has.
    """
    if isinstance(days, bool) or not isinstance(days, int) or days < 1:
        raise ScenarioError(f"days is {days!r}; expected a whole number >= 1", key="days")
    table = prepare_table(mrio)
    if params is None:
        params = sector_params(table.sectors, scenario)
    elif scenario is not None:
        raw = scenario if isinstance(scenario, Mapping) else _load(scenario)
        params = params.overridden(raw, getattr(scenario, "origin", "scenario")
                                   if isinstance(scenario, Mapping) else str(scenario))
    sysm = _System(table, params)
    index = {lab: i for i, lab in enumerate(table.index)}
    trackers = compile_events(list(events), index=index, sectors=table.sectors,
                              capital=sysm.capital, Z=sysm.Zcsc, Zc=sysm.Zc,
                              rebuilding_share=params.rebuilding_share,
                              rebuild_tau=params.rebuild_tau, days=days,
                              money=table.money.description)
    paths = _run(sysm, trackers, days, progress)
    return ARIOResult(table=table, params=params, events=tuple(events), baseline=sysm.X0,
                      final_demand_baseline=sysm.unmet_baseline, **paths)


def _load(path: str | Path) -> dict[str, Any]:
    from .ario_params import load_scenario

    return load_scenario(path)


#: Run settings of the ``[dynamic]`` table of a stoppage scenario file (docs/shocks.md).
DYNAMIC_KEYS = ("recovery_days", "horizon", "start")


def _stops(stops: Any, days: float | None) -> list[tuple[str, str, float, float]]:
    """(region, sector, share, days) of each stop: tuples, or a validated stoppage."""
    out = []
    items = getattr(stops, "stops", stops)
    for item in items:
        if hasattr(item, "region") and hasattr(item, "share"):
            d = float(getattr(item, "days", days if days is not None else DAYS_PER_YEAR))
            out.append((str(item.region), str(item.sector), float(item.share), d))
            continue
        if not isinstance(item, tuple | list) or len(item) != 3:
            raise ScenarioError(f"stop {item!r}: expected (region, sector, share)", key="stop")
        if days is None:
            raise ScenarioError("days: give the length of the stoppage in days", key="days")
        r, sec, v = item
        out.append((str(r), str(sec), float(v), float(days)))
    if not out:
        raise ScenarioError("no stop given: expected at least one (region, sector, share)",
                            key="stop")
    return out


def _split_scenario(scenario: Mapping[str, Any] | str | Path | None,
                    ) -> tuple[Mapping[str, Any] | str | Path | None, dict[str, Any], str]:
    """Parameter overrides and ``[dynamic]`` run settings of a scenario.

    A stoppage scenario's tables (``[ario]``: parameters, ``[dynamic]``: run settings) or the
    parameter layout itself (``[model]``, ``[all_sectors]``, ``[sector.CODE]``).
    """
    if scenario is None:
        return None, {}, "scenario"
    origin = "scenario"
    raw: Mapping[str, Any]
    if isinstance(scenario, str | Path):
        raw, origin = _load(scenario), str(scenario)
    else:
        raw = scenario
    if not ({"ario", "dynamic"} & set(raw)):
        return raw, {}, origin
    unknown = set(raw) - {"ario", "dynamic"}
    if unknown:
        raise ScenarioError(f"{origin}: unknown key(s) {', '.join(sorted(unknown))} beside "
                            "[ario] and [dynamic]", key=sorted(unknown)[0])
    run = dict(raw.get("dynamic") or {})
    for k, v in run.items():
        if k not in DYNAMIC_KEYS:
            raise ScenarioError(f"{origin}: unknown key 'dynamic.{k}'; expected one of "
                                f"{', '.join(DYNAMIC_KEYS)}", key=f"dynamic.{k}")
        if isinstance(v, bool) or not isinstance(v, int):
            raise ScenarioError(f"{origin}: dynamic.{k} is {v!r}; expected a whole number of "
                                "days", key=f"dynamic.{k}")
    params = raw.get("ario") or None
    if params is not None and not isinstance(params, Mapping):
        raise ScenarioError(f"{origin}: [ario] must be a table", key="ario")
    return params, run, origin


def run_stoppage(mrio: MRIO, stops: Any, days: float | None = None, *,
                 params: ARIOParams | None = None, recovery_days: int | None = None,
                 scenario: Mapping[str, Any] | str | Path | None = None,
                 horizon: int | None = None, start: int | None = None,
                 progress: Progress | None = None, out: str | Path | None = None,
                 ) -> ARIOResult:
    """A work stoppage, day by day: hours withdrawn are production capacity lost.

    Parameters
    ----------
    mrio : MRIO
    stops : sequence of (region, sector, share), or a stoppage
        Share of each region-sector's hours withdrawn, in (0, 1]: the share of its capacity
        lost (a share given twice for one cell adds up). Or a validated
        :class:`interlabor.shocks.stoppage.Stoppage` (anything with ``stops`` whose items
        have ``region``, ``sector``, ``share``, ``days``): each stop lasts its own days.
    days : float
        Length of the stoppage in days (> 0; a fraction stops the last day for that
        fraction). Ignored for stops that carry their own days.
    params : ARIOParams, optional
        As :func:`simulate`.
    recovery_days : int, optional
        Days over which capacity comes back linearly after the stoppage (default 0: in full
        the day after).
    scenario : mapping, str or Path, optional
        Parameter overrides as :func:`simulate`, or a stoppage scenario's tables: ``ario``
        (parameter overrides) and ``dynamic`` (run settings ``recovery_days``, ``horizon``,
        ``start``; arguments given here take precedence).
    horizon : int, optional
        Days simulated (default: a year, or longer when the stoppage and its recovery need it).
    start : int, optional
        First day of the stoppage (default 1; day 0 is the baseline).
    progress : callable, optional
        Receives a :class:`~interlabor.progress.ProgressEvent` every few days.
    out : str or Path, optional
        Folder to write the daily paths to (``dynamic_paths.parquet``, tidy) and the daily
        losses by region (``dynamic_daily.csv``, tidy); nothing is written on an error.

    Returns
    -------
    ARIOResult
        ``paths()`` gives the tidy daily paths, ``summary()`` the losses by region (tidy),
        ``losses()`` the same wide, ``daily_losses()`` for the chart.

    Raises
    ------
    ScenarioError
        A share outside (0, 1], a region-sector not in the table, bad days or parameters.
    """
    overrides, run, origin = _split_scenario(scenario)
    rec = recovery_days if recovery_days is not None else int(run.get("recovery_days", 0))
    first = start if start is not None else int(run.get("start", 1))
    by_days: dict[float, dict[tuple[str, str], float]] = {}
    for r, sec, share, d in _stops(stops, days):   # one event per duration; shares add up
        cells = by_days.setdefault(d, {})
        cells[(r, sec)] = cells.get((r, sec), 0.0) + share
    events = [Stoppage(cells, start=first, duration=d, recovery_days=rec)
              for d, cells in by_days.items()]
    if horizon is None:
        horizon = int(run.get("horizon", max(DAYS_PER_YEAR, max(e.end for e in events) + 90)))
    if isinstance(overrides, Mapping) and params is None:
        res = simulate(mrio, events, horizon, scenario=_Origin(overrides, origin),
                       progress=progress)
    else:
        res = simulate(mrio, events, horizon, params=params, scenario=overrides,
                       progress=progress)
    if out is not None:
        from ..io.atomic import output_folder
        from ..io.output import tidy, write_result

        folder = output_folder(out)  # the final folder only, never its parents
        write_result(res.paths(), folder / "dynamic_paths.parquet")
        daily = res.daily_losses().stack("region", future_stack=True).reset_index()
        parts = [tidy(daily[["day", "region", v]], value=v, indicator=f"ario_{v}",
                      unit=res.unit, modelled=True)
                 for v in ("production_loss", "final_demand_unmet")]
        write_result(pd.concat(parts, ignore_index=True), folder / "dynamic_daily.csv")
    return res


class _Origin(dict):  # type: ignore[type-arg]
    """A scenario mapping that remembers the file it came from (for messages)."""

    def __init__(self, raw: Mapping[str, Any], origin: str) -> None:
        super().__init__(raw)
        self.origin = origin
