"""A table's arrays prepared for planning: technologies, shipments, hours, price levels.

:func:`plan_data` turns an :class:`~interlabor.model.MRIO` into the :class:`PlanData` that the
LP of :mod:`interlabor.planning.lp` is built from. Output is counted in **volumes** (money
divided by the price level of each region's product, so that a unit is "what one reference
money unit buys of the same product at the reference's prices") when price levels are known:
from the scenario's price-level file, else from the sectoral price levels shipped for the table
(:func:`interlabor.price_levels.sectoral_levels_for`). A table without either is planned in
money units, with a :class:`~interlabor.errors.PriceLevelWarning` and a note in every output.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

from ..errors import AccountNotFoundError, PriceLevelWarning, ScenarioError
from ..io.price_levels import PRICE_LEVELS_KEY, PriceLevels
from ..model import MRIO
from .scenario import DEFAULT_NON_TRADABLE_WIOD, REGION_COORDINATES, PlanScenario

__all__ = ["TRANSPORT_SECTORS", "PlanData", "plan_data", "price_levels_of", "production_persons",
           "transport_costs"]

TRANSPORT_SECTORS = ("c23", "c24", "c25", "c26")

#: Why a plan is in money units, by cause (the text of the warning and of every output).
MONEY_ON_REQUEST = "money units (asked for: price basis 'money')"
MONEY_NO_TABLE = ("money units: no price levels for this table (give a price-level file in the "
                  "scenario's [price_levels] file); savings include price-level differences")


@dataclass(frozen=True)
class PlanData:
    """Arrays of a table prepared for planning (volumes when price levels are known).

    Attributes
    ----------
    regions, sectors : tuple of str
        Labels (R and S of them).
    Abar : ndarray, shape (R, S, S)
        Technology of each region, inputs summed over origins (output units per unit).
    lab : ndarray, shape (R, S)
        Hours per unit of output (hours account unit per output unit).
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
        Hours of the transport proxy per **money** unit shipped from o to d (0 on the
        diagonal); a shipment of ``q`` output units of product s costs
        ``transport[o, d] * price[o, s] * q`` hours, the same in money and volumes.
    hours_fd : ndarray, shape (R,)
        Hours worked directly for final demand (households as employers), held fixed.
    persons : ndarray, shape (R,)
        Persons employed today (NaN when the table has no persons account).
    persons_rs : ndarray, shape (R, S)
        Persons employed today by region-sector (NaN without a persons account).
    price : ndarray, shape (R, S)
        Price level of each region's product relative to the reference (1 in money units).
    basis : {"volumes", "money"}
        What output is counted in.
    price_source : str
        Where the price levels came from, or why the plan is in money units.
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
    persons_rs: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)))
    price: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)))
    basis: str = "money"
    price_source: str = MONEY_ON_REQUEST
    units: dict[str, str] = field(default_factory=dict)

    @property
    def R(self) -> int:  # noqa: D102
        return len(self.regions)

    @property
    def S(self) -> int:  # noqa: D102
        return len(self.sectors)

    @property
    def hours0(self) -> np.ndarray:
        """Today's hours by region-sector, shape (R, S) (direct final-demand hours apart)."""
        return self.lab * self.x0


def _rows_to_array(mrio: MRIO, levels: PriceLevels) -> np.ndarray:
    """Price level of each region-sector, shape (n,), from the rows of a price-level table.

    Rows with a year other than the table's are skipped (a file of many years).
    """
    p = np.ones(mrio.n)
    ri = {r: i for i, r in enumerate(mrio.regions)}
    si = {s: i for i, s in enumerate(mrio.sectors)}
    S = mrio.n_sectors
    rows = [r for r in levels.rows if r.year is None or r.year == mrio.year]
    if levels.rows and not rows:
        years = sorted({r.year for r in levels.rows if r.year is not None})
        raise ScenarioError(f"{PRICE_LEVELS_KEY}: {levels.source}: no rows for the table's year "
                            f"{mrio.year}; the file has {years[0]}-{years[-1]}",
                            key=PRICE_LEVELS_KEY)
    for row in rows:
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


def price_levels_of(mrio: MRIO, scenario: PlanScenario) -> tuple[np.ndarray, str, str]:
    """The price levels a plan of ``mrio`` under ``scenario`` uses.

    Order: price basis ``money`` (ones); the scenario's price-level file; the sectoral price
    levels shipped for the table (:func:`interlabor.price_levels.sectoral_levels_for`); else
    ones, with a :class:`~interlabor.errors.PriceLevelWarning`.

    Returns
    -------
    price : ndarray, shape (n,)
    basis : {"volumes", "money"}
    source : str
        The file or table the levels came from, or why the plan is in money units.

    Raises
    ------
    ScenarioError
        A price-level file with a region or sector the table does not have.
    """
    if scenario.prices == "money":
        return np.ones(mrio.n), "money", MONEY_ON_REQUEST
    if scenario.price_levels is not None:
        return _rows_to_array(mrio, scenario.price_levels), "volumes", str(scenario.price_levels)
    from ..price_levels import sectoral_levels_for

    shipped = sectoral_levels_for(mrio)
    if shipped is not None:
        return _rows_to_array(mrio, shipped), "volumes", shipped.source
    warnings.warn(f"plan of {mrio.meta.get('title', 'this table')!s}: {MONEY_NO_TABLE}",
                  PriceLevelWarning, stacklevel=3)
    return np.ones(mrio.n), "money", MONEY_NO_TABLE


def _distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    la1, lo1, la2, lo2 = map(np.radians, (*a, *b))
    h = np.sin((la2 - la1) / 2) ** 2 + np.cos(la1) * np.cos(la2) * np.sin((lo2 - lo1) / 2) ** 2
    return float(2 * 6371.0 * np.arcsin(np.sqrt(h)))


def transport_costs(regions: tuple[str, ...], sectors: tuple[str, ...], lab: np.ndarray,
                    x0: np.ndarray, scenario: PlanScenario) -> np.ndarray:
    """Hours of the transport proxy per money unit shipped between regions, shape (R, R).

    ``"distance"``: ``share * km / 10,000 * h_T`` where ``h_T`` is the world average hours per
    money unit of output of the transport sectors (WIOD c23-c26; all sectors when absent) and
    ``km`` the great-circle distance between the regions' centres
    (:data:`~interlabor.planning.scenario.REGION_COORDINATES`; 5,000 km for a pair without
    coordinates). ``lab`` and ``x0`` are in money units (hours per money unit, money).
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


def production_persons(mrio: MRIO, name: str) -> np.ndarray:
    """Persons employed by region (direct and final-demand parts), shape (R,)."""
    acc = mrio.account(name)
    R, K = mrio.n_regions, len(mrio.categories)
    fd = acc.final_demand.reshape(R, K).sum(axis=1) if acc.final_demand is not None else 0.0
    return np.asarray(acc.values.reshape(R, mrio.n_sectors).sum(axis=1) + fd, dtype=float)


def _capacity_accounts(mrio: MRIO, sc: PlanScenario, x0: np.ndarray, xpos: np.ndarray
                       ) -> list[tuple[str, np.ndarray, np.ndarray]]:
    R, S, K = mrio.n_regions, mrio.n_sectors, len(mrio.categories)
    lg = sc.effective_labour_growth
    out = []
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
        out.append((acc.key, inten, cap - fd))
    return out


def plan_data(mrio: MRIO, scenario: PlanScenario | None = None) -> PlanData:
    """Prepare a table for planning: technologies, today's shipments, exogenous parts.

    Parameters
    ----------
    mrio : MRIO
        A table with an hours account (``scenario.hours_account``).
    scenario : PlanScenario, optional
        Default :class:`PlanScenario()` (volumes where price levels are known).

    Returns
    -------
    PlanData

    Raises
    ------
    AccountNotFoundError
        The table has no hours account (or no capacity account named in the scenario).
    ScenarioError
        A price-level file or tradability list that does not fit the table.

    Warns
    -----
    PriceLevelWarning
        Volumes asked for (the default) but no price levels for this table: money units.
    """
    sc = scenario or PlanScenario()
    R, S, n = mrio.n_regions, mrio.n_sectors, mrio.n
    K = len(mrio.categories)
    p, basis, source = price_levels_of(mrio, sc)
    inv = 1.0 / p
    Z = sp.csr_array(mrio.Z) if sp.issparse(mrio.Z) else np.asarray(mrio.Z)
    Y = mrio.Y.reshape(n, R, K) * inv[:, None, None]
    x_money = np.clip(mrio.x, 0.0, None)
    x0 = x_money * inv
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
    try:
        hours = mrio.account(sc.hours_account)
    except AccountNotFoundError as exc:
        raise AccountNotFoundError(
            f"planning needs an hours account: {exc}; name it in the scenario's "
            "[accounts] hours = ...") from exc
    lab = np.where(x0 > 0, hours.values / xpos, 0.0).reshape(R, S)
    hours_fd = (hours.final_demand.reshape(R, K).sum(axis=1) if hours.final_demand is not None
                else np.zeros(R))
    cap_acc = _capacity_accounts(mrio, sc, x0, xpos)
    try:
        persons = production_persons(mrio, sc.persons_account)
        persons_rs = np.asarray(mrio.account(sc.persons_account).values,
                                dtype=float).reshape(R, S)
    except AccountNotFoundError:
        persons = np.full(R, np.nan)
        persons_rs = np.full((R, S), np.nan)
    # EEBT multipliers of today's domestic chains: m_r = l_r (I - A_rr)^-1 (money units of the
    # table, then per unit of volume)
    A = mrio.A
    mult = np.zeros((R, S))
    xm = np.where(x_money > 0, x_money, 1.0)
    lab_money = np.where(x_money > 0, hours.values / xm, 0.0)
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
    out_unit = mrio.money.label + (" at reference price levels (volume)" if basis == "volumes"
                                   else " (money units)")
    return PlanData(
        regions=mrio.regions, sectors=mrio.sectors, Abar=Abar, lab=lab, cap_acc=cap_acc,
        x0=x0.reshape(R, S), q0=q0, y=y, v=v, E=E, fixed=fixed, tradable=tradable, mult=mult,
        transport=transport_costs(mrio.regions, mrio.sectors, lab_money.reshape(R, S),
                                  x_money.reshape(R, S), sc),
        hours_fd=hours_fd, persons=persons, persons_rs=persons_rs, price=p.reshape(R, S),
        basis=basis, price_source=source,
        units={"hours": hours.unit, "output": out_unit},
    )
