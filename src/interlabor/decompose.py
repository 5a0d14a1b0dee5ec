"""Structural decomposition of changes over time: footprints and hours flows between groups.

The hours of origin region ``o`` embodied in the final demand of consumer ``d`` are
``H[o, d] = sum_{i in o} s_i (L y_d)_i + [o = d] h_d`` (``s = f / x`` hours per unit of output,
``L = (I - A)^-1``, ``y_d`` the final demand of ``d`` summed over categories, ``h_d`` the direct
hours of its final demand). Between two years its change is split into the contributions of

==========================  ======================================================================
factor                      what changes
==========================  ======================================================================
``intensity``               ``s``: hours per unit of output (constant prices by default)
``technology``              ``B[p, j] = sum_r A[(r, p), j]``: inputs of product p per unit of
                            output of j, whatever their origin (the input structure)
``trade``                   ``T[(r, p), j] = A[(r, p), j] / B[p, j]`` and
                            ``Tf[(r, p), d] = y[(r, p), d] / sum_r y[(r, p), d]``: the origin
                            (import) shares of intermediate and of final use
``demand_level``            ``W = sum_d sum_i y[i, d]``: world final demand
``demand_mix``              ``m[p, d] = sum_r y[(r, p), d] / sum_i y[i, d]``: the product mix
``demand_distribution``     ``g_d = sum_i y[i, d] / W``: the consumers' shares of world demand
``direct``                  ``h_d``: direct hours of final demand (domestic workers)
``population``              ``P_d`` (per-capita results only: ``H[o, d] / P_d``)
==========================  ======================================================================

so that ``A = T o B`` (``o`` elementwise, ``B`` repeated over origin rows) and
``y[(r, p), d] = Tf[(r, p), d] m[p, d] g_d W``. Two methods, both exact (the contributions
add up to the change): the Shapley decomposition, the average over all ``k!`` orderings of the
factors, computed from the ``2^k`` combinations of the two years' factors with weights
``|S|! (k - |S| - 1)! / k!``; and the average of the two polar decompositions (Dietzenbacher &
Los 1998). Every combination is one solve through :mod:`interlabor.kernel` with a replacement
``A`` and ``Y`` (four coefficient matrices, eight final demands each); the Leontief inverse is
never formed. Constant prices: each region's rows of ``Z``, ``Y`` and ``x`` divided by its
deflator (:func:`pwt_deflators`). Formulas, index-number choices and approximations in
``docs/decomposition.md``.

References
----------
Dietzenbacher, E. & Los, B. (1998). Structural decomposition techniques: sense and sensitivity.
*Economic Systems Research* 10(4): 307-324.
Lenzen, M. (2016). Structural analyses of energy use and carbon emissions - an overview.
*Economic Systems Research* 28(2): 119-132.
Xu, Y. & Dietzenbacher, E. (2014). A structural decomposition analysis of the emissions
embodied in trade. *Ecological Economics* 101: 10-20.
Miller, R. E. & Blair, P. D. (2009). *Input-Output Analysis*, 2nd ed., ch. 13.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import product
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from . import kernel
from .algebra import Matrix
from .errors import CoverageError, InvalidValueError, LabelMismatchError
from .groups import load_groups
from .model import MRIO

__all__ = ["FACTORS", "FACTOR_LABELS", "POPULATION", "Decomposition", "decompose",
           "polar_average", "pwt_deflators", "shapley"]

#: The factors, in the order of the polar decompositions (bit ``i`` of a combination).
FACTORS: tuple[str, ...] = ("intensity", "technology", "trade", "demand_level", "demand_mix",
                            "demand_distribution", "direct")
#: The extra factor of per-capita results.
POPULATION = "population"
FACTOR_LABELS: Mapping[str, str] = {
    "intensity": "labour intensity (hours per unit of output)",
    "technology": "production technology (input structure)",
    "trade": "trade structure (import shares of intermediate and final use)",
    "demand_level": "final-demand level (world total)",
    "demand_mix": "final-demand mix by product",
    "demand_distribution": "final demand's distribution across consumer regions",
    "direct": "direct hours of final demand (domestic workers)",
    POPULATION: "population of the consumers",
}
_CORE = 6  # factors that enter the Leontief solves: 2^6 combinations of flows
METHODS = ("shapley", "two_polar")


# ---- the index-number formulas -------------------------------------------------------------
def _weights(k: int) -> np.ndarray:
    """Shapley weight ``s! (k - s - 1)! / k!`` of a coalition of size ``s`` (0 .. k-1)."""
    return np.array([math.factorial(s) * math.factorial(k - s - 1) / math.factorial(k)
                     for s in range(k)])


def shapley(values: np.ndarray) -> np.ndarray:
    """Shapley decomposition from the values of all ``2^k`` factor combinations.

    Parameters
    ----------
    values : ndarray, shape (2^k, ...)
        ``values[mask]``: the result with factor ``i`` at its end-year value where bit ``i`` of
        ``mask`` is set and at its start-year value elsewhere (``values[0]`` the start,
        ``values[-1]`` the end).

    Returns
    -------
    ndarray, shape (k, ...)
        Contribution of each factor: the average over the ``k!`` orderings of the factors of
        its effect when it changes, ``sum_S w(|S|) (f(S + i) - f(S))``; they add up to
        ``values[-1] - values[0]``.

    Raises
    ------
    ValueError
        If the first axis is not a power of two.
    """
    v = np.asarray(values, dtype=np.float64)
    k = int(round(math.log2(v.shape[0]))) if v.shape[0] else -1
    if k < 1 or v.shape[0] != 2 ** k:
        raise ValueError(f"values has {v.shape[0]} combinations, expected 2^k for k >= 1")
    w = _weights(k)
    masks = np.arange(2 ** k)
    size = np.array([bin(m).count("1") for m in masks])
    out = np.zeros((k, *v.shape[1:]))
    for i in range(k):
        without = masks[(masks >> i) & 1 == 0]
        coef = w[size[without]].reshape(-1, *([1] * (v.ndim - 1)))
        out[i] = (coef * (v[without | (1 << i)] - v[without])).sum(axis=0)
    return out


def polar_average(values: np.ndarray) -> np.ndarray:
    """The average of the two polar decompositions (Dietzenbacher & Los 1998).

    In the first, factor ``i`` changes with the factors before it at their end-year values
    and those after it at their start-year values: ``f(1..i at end) - f(1..i-1 at end)``; in
    the second, the reverse. For ``k = 2`` it equals :func:`shapley`.

    Parameters
    ----------
    values : ndarray, shape (2^k, ...)
        As for :func:`shapley`.

    Returns
    -------
    ndarray, shape (k, ...)
        Contributions that add up to ``values[-1] - values[0]``.
    """
    v = np.asarray(values, dtype=np.float64)
    k = int(round(math.log2(v.shape[0])))
    first = [v[(1 << (i + 1)) - 1] - v[(1 << i) - 1] for i in range(k)]
    full = (1 << k) - 1
    second = [v[full & ~((1 << i) - 1)] - v[full & ~((1 << (i + 1)) - 1)] for i in range(k)]
    return 0.5 * (np.stack(first) + np.stack(second))


# ---- constant prices --------------------------------------------------------------------------
def pwt_deflators(prices: str | Path, regions: Sequence[str], year: int, base_year: int
                  ) -> pd.Series:
    """One deflator per region: its US$ price level of ``year`` over that of ``base_year``.

    ``D_r = pl_gdpo[r, year] / pl_gdpo[r, base_year]`` (PWT 10.01, the price level of output-
    side GDP, USA 2017 = 1). ``pl = PPP / XR`` carries the US inflation from the reference
    year and the PPP moves with national inflation relative to the USA, so ``D_r`` is the
    national GDP deflator times the change of the exchange rate: a year-``t`` value in
    current US$ divided by ``D_r`` is in base-year national prices at the base-year exchange
    rate. An aggregate rest of the world (``RoW``) takes every PWT economy outside the table
    with both years: ``D = sum N_t / sum (N_t / D_i)``, ``N_t = cgdpo pl_gdpo`` (GDP at
    market exchange rates, up to a factor common to the year).

    Parameters
    ----------
    prices : str or Path
        Folder with ``pwt1001/`` (or its parent).
    regions : sequence of str
        The table's regions (ISO3).
    year, base_year : int

    Returns
    -------
    Series
        Index the regions; dimensionless. ``attrs["source"]`` names the series.

    Raises
    ------
    CoverageError
        A region (or year) without a positive ``pl_gdpo``.
    TableReadError
        A PWT file is missing or malformed.
    """
    from .groups import rest_of_world
    from .io.price_data import read_pwt

    pl = read_pwt(prices, "pl_gdpo")
    rest = set(rest_of_world(regions))
    out: dict[str, float] = {}
    for r in regions:
        if r in rest:
            continue
        v = [pl.loc[r, y] if r in pl.index and y in pl.columns else np.nan
             for y in (year, base_year)]
        if not all(np.isfinite(v)) or min(v) <= 0:
            raise CoverageError(f"no positive PWT 10.01 pl_gdpo for {r} in {year} and "
                                f"{base_year} ({pl.attrs.get('path', prices)}): no deflator")
        out[r] = float(v[0] / v[1])
    if rest:
        gdp = read_pwt(prices, "cgdpo")
        others = [c for c in pl.index if c not in out and c in gdp.index]
        both = pd.DataFrame({"pl": pl.loc[others, year], "pl_base": pl.loc[others, base_year],
                             "gdp": gdp.loc[others, year]})
        both = both[(both > 0).all(axis=1)]
        if both.empty:
            raise CoverageError(f"no PWT economy outside the table with pl_gdpo in {year} and "
                                f"{base_year}: no deflator for {', '.join(sorted(rest))}")
        nominal = both["gdp"] * both["pl"]
        d = float(nominal.sum() / (nominal / (both["pl"] / both["pl_base"])).sum())
        out.update({r: d for r in rest})
    s = pd.Series(out, dtype=float).reindex(list(regions))
    s.attrs["source"] = (f"PWT 10.01 pl_gdpo {year} over {base_year} (one deflator per "
                         "country; rest of the world: GDP-weighted over PWT economies outside "
                         "the table)")
    return s


# ---- one year's table in the decomposition's terms ----------------------------------------------
@dataclass(frozen=True, eq=False)
class _Year:
    """A table's coefficients, final demand by consumer, intensities, direct hours, population."""

    A: Matrix
    Y: np.ndarray  # (n, R)
    s: np.ndarray  # (n,)
    direct: np.ndarray  # (R,)
    population: np.ndarray | None  # (R,) persons


def _year(mrio: MRIO, account: str, deflator: np.ndarray | None, per_capita: bool) -> _Year:
    acc = mrio.account(account)
    s = kernel.intensities(mrio, acc.values)
    A, Y = mrio.A, mrio.Y_by_region
    if deflator is not None:  # rows of region r divided by D_r: A -> D^-1 A D, y -> D^-1 y
        d = np.repeat(np.asarray(deflator, dtype=np.float64), mrio.n_sectors)
        if sp.issparse(A):
            A = sp.csr_array(sp.diags_array(1.0 / d) @ A @ sp.diags_array(d))
        else:
            A = np.asarray(A) / d[:, None] * d[None, :]
        Y = Y / d[:, None]
        s = s * d
    pop = None
    if per_capita:
        from .accounts.population import population_by_region

        pop = population_by_region(mrio).to_numpy(dtype=np.float64)
        if not (pop > 0).all():
            bad = [r for r, v in zip(mrio.regions, pop, strict=True) if v <= 0]
            raise InvalidValueError(f"population account of {mrio.year}: not positive for {bad}")
    return _Year(A, Y, s, kernel.direct_by_region(mrio, acc.final_demand), pop)


def _shares(part: np.ndarray, total: np.ndarray, other_part: np.ndarray,
            other_total: np.ndarray) -> np.ndarray:
    """``part / total``; where ``total`` is 0, the other year's shares (0 where both are)."""
    ok, ok_o = total != 0, other_total != 0
    own = np.divide(part, np.where(ok, total, 1.0))
    other = np.divide(other_part, np.where(ok_o, other_total, 1.0)) * ok_o
    return np.where(ok, own, other)


class _Coefficients:
    """``A = T o B`` of two years, and the mixed ``A`` of one's trade and the other's technology.

    Where the trade year has no input of product p into j at all, the other year's shares.
    """

    def __init__(self, A0: Matrix, A1: Matrix, n_sectors: int) -> None:
        self.original = (A0, A1)
        self.dense = not (sp.issparse(A0) or sp.issparse(A1))
        self.csr = [sp.csr_array(a) for a in (A0, A1)]
        for a in self.csr:
            a.eliminate_zeros()
        n = A0.shape[0]
        self.p = np.arange(n) % n_sectors  # product of each row (region-major)
        agg = sp.csr_array((np.ones(n), (self.p, np.arange(n))), shape=(n_sectors, n))
        self.B = [np.asarray((agg @ a).toarray()) for a in self.csr]  # (S, n)

    def mixed(self, trade: int, tech: int) -> Matrix:
        if trade == tech:
            return self.original[trade]
        Ta, Bb, Ba = self.csr[trade].tocoo(), self.B[tech], self.B[trade]
        i, j = Ta.row, Ta.col
        data = Ta.data / Ba[self.p[i], j] * Bb[self.p[i], j]
        Ab = self.csr[tech].tocoo()
        new = Ba[self.p[Ab.row], Ab.col] == 0  # no input of p into j in the trade year
        M = sp.coo_array((np.concatenate([data, Ab.data[new]]),
                          (np.concatenate([i, Ab.row[new]]), np.concatenate([j, Ab.col[new]]))),
                         shape=Ta.shape).tocsr()
        return M.toarray() if self.dense else M


class _Demand:
    """``y[(r, p), d] = Tf m g W`` of two years and every mix of the four parts."""

    def __init__(self, Y0: np.ndarray, Y1: np.ndarray, n_regions: int) -> None:
        R = n_regions
        self.original = (Y0, Y1)
        Y3 = [y.reshape(R, -1, R) for y in (Y0, Y1)]  # (origin, product, consumer)
        prod = [y.sum(axis=0) for y in Y3]  # (S, R)
        tot = [p.sum(axis=0) for p in prod]  # (R,)
        self.W = [float(t.sum()) for t in tot]
        if min(self.W) <= 0:
            raise InvalidValueError(f"world final demand is not positive ({self.W}): no "
                                    "decomposition by level and distribution")
        self.Tf = [_shares(Y3[a], prod[a][None], Y3[1 - a], prod[1 - a][None]) for a in (0, 1)]
        self.m = [_shares(prod[a], tot[a][None], prod[1 - a], tot[1 - a][None]) for a in (0, 1)]
        self.g = [tot[a] / self.W[a] for a in (0, 1)]
        self.shape = Y0.shape

    def mixed(self, trade: int, mix: int, dist: int, level: int) -> np.ndarray:
        if trade == mix == dist == level:
            return self.original[trade]
        Y3 = self.Tf[trade] * self.m[mix][None] * self.g[dist][None, None, :] * self.W[level]
        return Y3.reshape(self.shape)


def _flows(base: MRIO, y0: _Year, y1: _Year) -> np.ndarray:
    """``H[o, d]`` without the direct part for the 2^6 combinations of the core factors."""
    coef = _Coefficients(y0.A, y1.A, base.n_sectors)
    demand = _Demand(y0.Y, y1.Y, base.n_regions)
    R = base.n_regions
    out = np.empty((2 ** _CORE, R, R))
    S = np.vstack([y0.s, y1.s])
    fd = list(product((0, 1), repeat=3))  # (level, mix, dist)
    for tech, trade in product((0, 1), repeat=2):
        Ys = [demand.mixed(trade, mix, dist, level) for level, mix, dist in fd]
        F = kernel.flows_by_origin(base, S, None, Y=Ys, A=coef.mixed(trade, tech))
        for (level, mix, dist), Fj in zip(fd, F, strict=True):
            for inten in (0, 1):
                mask = inten | tech << 1 | trade << 2 | level << 3 | mix << 4 | dist << 5
                out[mask] = Fj[inten]
    return out


# ---- the result -------------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class Decomposition:
    """The decomposition of every footprint and group flow between two years.

    Attributes
    ----------
    values : DataFrame
        Index (``scope``, ``origin``, ``consumer``); columns ``from``, ``to`` (the account
        computed on each year's table by the kernel, independently of the factors) and
        ``change``. Scopes: ``group_flow`` (origin group -> consumer group),
        ``group_footprint`` (origin ``all``), ``footprint_by_origin`` (region -> region) and
        ``footprint`` (origin ``all``).
    effects : DataFrame
        Same index; columns (``method``, ``factor``): ``shapley`` and ``two_polar``, each
        factor of ``factors``; each method's row sums equal ``change``.
    factors : tuple of str
    attrs : dict
        ``account``, ``unit`` (million hours, or hours per person), ``modelled``, ``years``,
        ``prices``, ``groups``, ``per_capita``, ``additivity_residual`` (largest
        ``|sum of effects - change|`` over rows and methods, in the unit) and
        ``reconstruction_gap`` (largest relative gap between the factor-built end points and
        the tables' own results).
    """

    values: pd.DataFrame
    effects: pd.DataFrame
    factors: tuple[str, ...]
    attrs: dict[str, Any] = field(default_factory=dict)

    def table(self, scope: str, origin: str, consumer: str) -> pd.DataFrame:
        """One row's decomposition: index the factors, columns ``shapley``, ``two_polar``."""
        row = self.effects.loc[(scope, origin, consumer)]
        return row.unstack("method").reindex(list(self.factors))[list(METHODS)]

    def long(self) -> pd.DataFrame:
        """Every number as a tidy row (:func:`interlabor.io.output.tidy`).

        Returns
        -------
        DataFrame
            Indicators ``decomposition_value`` (column ``endpoint`` ``from`` or ``to``),
            ``decomposition_change`` and ``decomposition_effect`` (columns ``method``,
            ``factor``), with ``_per_capita`` for per-capita results; dimensions
            ``year_from``, ``year_to``, ``scope``, ``origin``, ``consumer``; ``prices``
            after the value. ``modelled`` is carried from the account.
        """
        from .indicators import INDICATORS
        from .io.output import tidy

        a = self.attrs
        pc = "_per_capita" if a["per_capita"] else ""
        flat = self.values.reset_index()
        frames = [flat.assign(indicator=f"decomposition_value{pc}", endpoint=e, method="",
                              factor="", value=flat[e]) for e in ("from", "to")]
        frames.append(flat.assign(indicator=f"decomposition_change{pc}", endpoint="",
                                  method="", factor="", value=flat["change"]))
        eff = self.effects.stack(["method", "factor"], future_stack=True).rename("value")
        frames.append(eff.reset_index().assign(indicator=f"decomposition_effect{pc}",
                                               endpoint=""))
        long = pd.concat(frames, ignore_index=True)
        labels = {(i, f): INDICATORS[i].label(account=a["account"],
                                              **({"part": FACTOR_LABELS[f]} if f else {}))
                  for i, f in set(zip(long["indicator"], long["factor"], strict=True))}
        long["label"] = [labels[k] for k in zip(long["indicator"], long["factor"],
                                                strict=True)]
        long = long[["indicator", "label", "scope", "origin", "consumer", "endpoint", "method",
                     "factor", "value"]]
        y0, y1 = a["years"]
        return tidy(long.assign(year_from=y0, year_to=y1)[
            ["indicator", "label", "year_from", "year_to", "scope", "origin", "consumer",
             "endpoint", "method", "factor", "value"]], unit=a["unit"], account=a["account"],
            modelled=a["modelled"], prices=a["prices"])


def _check_pair(m0: MRIO, m1: MRIO) -> None:
    for what in ("regions", "sectors"):
        if getattr(m0, what) != getattr(m1, what):
            raise LabelMismatchError(f"the {what} of the {m0.year} and {m1.year} tables differ; "
                                     "expected the same classification in both years")


def _scopes(M: np.ndarray, G: np.ndarray, pop: np.ndarray | None) -> np.ndarray:
    """Values of every scope from flows ``M`` (..., R, R): group flows, footprints, ...

    Per capita (``pop`` (..., R)): each over the consumer's (region's or group's) population.
    """
    gf = np.einsum("og,...od,dh->...gh", G, M, G)
    fp = M.sum(axis=-2)
    parts = [gf, gf.sum(axis=-2), M, fp]
    if pop is not None:
        pg = pop @ G
        parts = [gf / pg[..., None, :], gf.sum(axis=-2) / pg, M / pop[..., None, :], fp / pop]
    lead = M.shape[:-2]
    return np.concatenate([p.reshape(*lead, -1) for p in parts], axis=-1)


def _index(regions: Sequence[str], groups: Sequence[str]) -> pd.MultiIndex:
    rows = [("group_flow", o, d) for o in groups for d in groups]
    rows += [("group_footprint", "all", d) for d in groups]
    rows += [("footprint_by_origin", o, d) for o in regions for d in regions]
    rows += [("footprint", "all", d) for d in regions]
    return pd.MultiIndex.from_tuples(rows, names=["scope", "origin", "consumer"])


def decompose(mrio_from: MRIO, mrio_to: MRIO, *, account: str = "hours",
              groups: str | Path | Mapping[str, str] | pd.Series = "north-south",
              deflator: Mapping[str, float] | pd.Series | None = None,
              prices: str | None = None, per_capita: bool = False,
              years: tuple[int, int] | None = None) -> Decomposition:
    """Decompose the change of footprints and group flows of ``account`` between two tables.

    Parameters
    ----------
    mrio_from, mrio_to : MRIO
        The start and end years: same regions and sectors, both with ``account`` (hours
        per region-sector, and the direct part of final demand if any).
    account : str
        The account (e.g. ``hours``, million hours).
    groups : str, Path, mapping or Series
        Region groups (:func:`interlabor.groups.load_groups`): one grouping for both years.
    deflator : mapping region -> float, optional
        Constant prices: the end year's price index of each region relative to the start
        year (:func:`pwt_deflators`); each region's rows of ``Z``, ``Y`` and ``x`` of the end
        year are divided by it. Without it: nominal (current prices of each year).
    prices : str, optional
        How the prices are described in ``attrs["prices"]``.
    per_capita : bool
        Decompose results per person of the consumer (the tables' population accounts), with
        population as a factor.

    Returns
    -------
    Decomposition

    Raises
    ------
    LabelMismatchError
        The tables differ in regions or sectors, or a region has no group.
    AccountNotFoundError
        A table lacks ``account`` (or, per capita, its population account).
    InvalidValueError
        A grouping that changes over time, world final demand not positive, or a deflator
        missing or not positive for a region.
    NonProductiveError
        A combination of coefficients that is not productive.
    """
    _check_pair(mrio_from, mrio_to)
    regions = list(mrio_from.regions)
    try:
        g = load_groups(groups, regions)
    except InvalidValueError as exc:
        raise InvalidValueError(f"{exc}; a decomposition needs one grouping for both years "
                                "(e.g. north-south)") from exc
    names = list(pd.unique(g.to_numpy()))
    G = (g.to_numpy()[:, None] == np.array(names)[None, :]).astype(np.float64)
    d = None
    if deflator is not None:
        d = pd.Series(deflator, dtype=float).reindex(regions).to_numpy()
        if not (np.isfinite(d).all() and (d > 0).all()):
            bad = [r for r, v in zip(regions, d, strict=True) if not (np.isfinite(v) and v > 0)]
            raise InvalidValueError(f"deflator missing or not positive for {bad[:5]}")
    y0 = _year(mrio_from, account, None, per_capita)
    y1 = _year(mrio_to, account, d, per_capita)
    factors = FACTORS + ((POPULATION,) if per_capita else ())
    k = len(factors)
    core = _flows(mrio_from, y0, y1)  # (64, R, R)
    masks = np.arange(2 ** k)
    R = len(regions)
    direct = np.stack([y0.direct, y1.direct])[(masks >> 6) & 1]
    M = core[masks & (2 ** _CORE - 1)] + direct[:, None, :] * np.eye(R)[None]
    pop = None
    if per_capita:
        pops = np.stack([y0.population, y1.population])  # type: ignore[list-item]
        pop = pops[(masks >> 7) & 1] / _account_scale(mrio_from, account)
    V = _scopes(M, G, pop)
    effects = {"shapley": shapley(V), "two_polar": polar_average(V)}

    ends = []  # each year's own solve, independent of the split
    for m, yy in ((mrio_from, y0), (mrio_to, y1)):
        F = kernel.flows_by_origin(m, kernel.intensities(m, m.account(account).values),
                                   yy.direct)
        ends.append(_scopes(F, G, None if yy.population is None else
                            yy.population / _account_scale(m, account)))
    change = ends[1] - ends[0]
    scale = max(float(np.abs(np.stack(ends)).max()), 1e-300)
    gap = max(float(np.abs(V[0] - ends[0]).max()), float(np.abs(V[-1] - ends[1]).max())) / scale
    # the contributions add up to V[-1] - V[0]; the residual against the tables' own results:
    resid = max(float(np.abs(e.sum(axis=0) - change).max()) for e in effects.values())
    idx = _index(regions, names)
    values = pd.DataFrame({"from": ends[0], "to": ends[1], "change": change}, index=idx)
    cols = pd.MultiIndex.from_tuples([(m, f) for m in METHODS for f in factors],
                                     names=["method", "factor"])
    eff = pd.DataFrame(np.hstack([effects[m].T for m in METHODS]), index=idx, columns=cols)
    acc0, acc1 = mrio_from.account(account), mrio_to.account(account)
    unit = acc0.unit if not per_capita else f"{acc0.parsed_unit.base} per person"
    base = (years or (mrio_from.year, mrio_to.year))[0]
    attrs = {"account": account, "unit": unit, "modelled": bool(acc0.modelled or acc1.modelled),
             "years": years or (mrio_from.year, mrio_to.year), "groups": g.attrs.get("groups"),
             "prices": prices or ("nominal: current prices of each year" if d is None else
                                  f"constant {base} prices (given deflators)"),
             "per_capita": per_capita, "additivity_residual": resid,
             "reconstruction_gap": gap}
    return Decomposition(values, eff, factors, attrs)


def _account_scale(mrio: MRIO, account: str) -> float:
    """Base units per unit of ``account`` (1e6 for million hours), for results per person."""
    return float(mrio.account(account).parsed_unit.scale)
