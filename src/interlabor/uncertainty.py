"""Monte Carlo over the uncertain parameters of the modelled labour accounts.

For a table built with the labour accounts (the bundled table, ``--labour-data``,
:func:`interlabor.accounts.with_labour_accounts`) the cell structure travels in its metadata;
:func:`sample_hours` draws ``n`` sets of hours from it in one vectorised call
(:func:`interlabor.accounts.sampling.draw`, :func:`interlabor.accounts.structure.cells`), with
country persons at the ILO totals in every draw. Only the account changes between samples, so
the Leontief solve is shared: the hours flows of all samples come from one cached solve
(:func:`interlabor.kernel.flows_by_origin` with intensities of shape ``(n, n_cells)``).

:func:`footprint_uncertainty` and :func:`exchange_uncertainty` report the 5th, 50th and 95th
percentiles (or others) beside the central estimate, and which parameter drives the spread:
a one-at-a-time breakdown, each parameter group drawn alone with the others at their central
values, as the share of the full Monte Carlo variance it produces alone
(``interaction`` = 1 minus the sum: what the groups do only together). The distributions are
assumptions (:mod:`interlabor.accounts.sampling`): the percentiles describe them and are not
confidence intervals.

The exchange indicators of each sample are computed from the sampled grouped hours flows
with the formulas of :mod:`interlabor.exchange` (``_VECTORISED``; tested equal to
:func:`~interlabor.exchange_report.exchange_summary` at the central estimate and at each
alternative); an indicator that depends on hours but has no vectorised formula is reported
as not sampled (NaN percentiles, with a note), never as a constant.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

from . import kernel
from .accounts.sampling import PARAMETERS, Assumptions, draw
from .accounts.structure import LabourStructure, cells
from .errors import InvalidValueError
from .exchange import exchange_flows
from .exchange_report import default_pair, exchange_summary, summary_range
from .groups import rest_of_world
from .indicators import WITHOUT_ROW
from .model import MRIO

__all__ = ["NOTE", "Samples", "exchange_uncertainty", "footprint_uncertainty", "sample_hours"]

STRUCTURE_KEY = "labour_structure"
NOTE = ("Monte Carlo percentiles of the stated assumptions on the labour accounts' "
        "parameters (calibration factor, hours relativities, within-activity intensities, "
        "ILO shares), country persons at the ILO totals; not confidence intervals.")


@dataclass(frozen=True)
class Samples:
    """Hours of ``n`` Monte Carlo draws of a table's labour accounts.

    Attributes
    ----------
    hours : ndarray, shape (n, n_cells)
        Million hours of each producing region-sector (table order).
    direct : ndarray, shape (n, R)
        Households' direct part of each region (domestic workers of zero-output c35).
    vary : tuple of str
        The parameter groups drawn.
    seed : int
    assumptions : Assumptions
    """

    hours: np.ndarray
    direct: np.ndarray
    vary: tuple[str, ...]
    seed: int
    assumptions: Assumptions


def structure_of(mrio: MRIO, account: str = "hours") -> LabourStructure:
    """The labour cell structure stored with a table, checked against its hours account.

    Raises
    ------
    InvalidValueError
        The table carries no structure (it was not built with the labour accounts), or its
        structure does not reproduce the hours account (another account, or a changed table).
    """
    if STRUCTURE_KEY not in mrio.meta:
        raise InvalidValueError(
            "the table has no labour-account structure to sample: --uncertainty needs the "
            "bundled table or one built with --labour-data (interlabor.accounts."
            "with_labour_accounts)")
    st = LabourStructure.from_json(dict(mrio.meta[STRUCTURE_KEY]), mrio.x)
    acc = mrio.account(account)
    c = cells(st)
    vals = c.hours[0].ravel()
    if not np.allclose(vals, acc.values, rtol=1e-9, atol=1e-9 * max(vals.max(), 1.0)):
        raise InvalidValueError(
            f"account {acc.key!r} is not the central hours account of the table's labour "
            "structure: the Monte Carlo samples that account only")
    return st


def sample_hours(
    mrio: MRIO, n: int, *, account: str = "hours", seed: int = 0,
    assumptions: Assumptions | None = None, vary: Sequence[str] = PARAMETERS,
) -> Samples:
    """``n`` draws of the hours account of a table with labour accounts (one vectorised call).

    Raises
    ------
    InvalidValueError
        No labour structure, or ``n < 1`` (:func:`structure_of`, :func:`~.accounts.sampling.draw`).
    """
    st = structure_of(mrio, account)
    a = assumptions or Assumptions()
    c = cells(st, **draw(st, n, seed=seed, assumptions=a, vary=vary))
    K = c.hours.shape[0]
    hours = c.hours.reshape(K, -1)
    if K == 1 and n > 1:  # nothing varied: every sample is the central estimate
        hours, direct = np.repeat(hours, n, axis=0), np.repeat(c.hh_hours, n, axis=0)
    else:
        direct = c.hh_hours
    return Samples(hours, direct, tuple(vary), seed, a)


def region_flows(mrio: MRIO, s: Samples) -> np.ndarray:
    """Hours of each origin region in each region's final demand, per sample: (n, R, R)."""
    return kernel.flows_by_origin(mrio, kernel.intensities(mrio, s.hours), s.direct)


def _percentiles(x: np.ndarray, q: Sequence[float]) -> dict[str, np.ndarray]:
    with np.errstate(all="ignore"):
        return {f"p{v:g}": np.nanpercentile(x, v, axis=0) for v in q}


def _oat(mrio: MRIO, n: int, seed: int, a: Assumptions, account: str,
         measure: Callable[[np.ndarray], np.ndarray], full: np.ndarray) -> pd.DataFrame:
    """Variance of ``measure`` with one parameter group drawn at a time, over the full one."""
    var_all = np.nanvar(full, axis=0)
    rows = {}
    for i, p in enumerate(PARAMETERS):
        s = sample_hours(mrio, n, account=account, seed=seed + 1 + i, assumptions=a, vary=[p])
        with np.errstate(all="ignore"):
            rows[p] = np.nanvar(measure(region_flows(mrio, s)), axis=0) / var_all
    out = pd.DataFrame(rows).T
    out.loc["interaction"] = 1.0 - out.sum(axis=0)
    out.index.name = "parameter"
    return out


# ---- footprints -------------------------------------------------------------------------------
def footprint_uncertainty(
    mrio: MRIO, n: int = 1000, *, by: str = "region", account: str = "hours", seed: int = 0,
    assumptions: Assumptions | None = None, percentiles: Sequence[float] = (5, 50, 95),
    drivers: bool = True,
) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """Monte Carlo percentiles of the footprints of the hours account.

    Parameters
    ----------
    mrio : MRIO
        A table with labour accounts and their structure (:func:`structure_of`).
    n : int
        Samples.
    by : {"region", "origin"}
        Footprint by consuming region, or origin region x consuming region.
    account, seed, assumptions
        The central hours account; the seed and assumptions of the draws.
    percentiles : sequence of float
    drivers : bool
        Also the one-at-a-time breakdown (``n`` more samples per parameter group).

    Returns
    -------
    table : DataFrame
        Index ``consumer_region`` (or ``origin_region``, ``consumer_region``); columns
        ``central`` and ``p5``, ``p50``, ``p95`` (account units); ``attrs`` carry account,
        unit, modelled, ``samples``, ``seed`` and the note on what the percentiles mean.
    drivers : DataFrame or None
        Index parameter group (and ``interaction``), columns the consuming regions (by
        region) or ``world`` (by origin: the footprints' total spread): share of the full
        variance produced by the group alone.

    Raises
    ------
    InvalidValueError
        ``by`` not region or origin, or a table without labour structure.
    """
    if by not in ("region", "origin"):
        raise InvalidValueError(f"--uncertainty works with --by region or origin, not {by!r}")
    a = assumptions or Assumptions()
    acc = mrio.account(account)
    s = sample_hours(mrio, n, account=account, seed=seed, assumptions=a)
    F = region_flows(mrio, s)
    F0 = kernel.flows_by_origin(mrio, kernel.intensities(mrio, acc.values),
                                kernel.direct_by_region(mrio, acc.final_demand))
    regions = pd.Index(mrio.regions, name="consumer_region")

    def measure(Fs: np.ndarray) -> np.ndarray:
        return Fs.sum(axis=1) if by == "region" else Fs.reshape(len(Fs), -1)

    if by == "region":
        central, index = F0.sum(axis=0), regions
    else:
        central = F0.ravel()
        index = pd.MultiIndex.from_product([mrio.regions, mrio.regions],
                                           names=["origin_region", "consumer_region"])
    table = pd.DataFrame({"central": central, **_percentiles(measure(F), percentiles)},
                         index=index)
    table.attrs = {"account": acc.key, "unit": acc.unit, "modelled": True, "samples": n,
                   "seed": seed, "note": NOTE}
    drv = None
    if drivers:
        if by == "region":
            drv = _oat(mrio, n, seed, a, account, measure, measure(F))
            drv.columns = regions
        else:
            def world(Fs: np.ndarray) -> np.ndarray:
                return Fs.sum(axis=(1, 2))[:, None]

            drv = _oat(mrio, n, seed, a, account, world, world(F))
            drv.columns = pd.Index(["world"])
        drv.attrs = {"note": "share of the full Monte Carlo variance produced by each "
                     "parameter group drawn alone (one at a time)"}
    return table, drv


# ---- exchange ---------------------------------------------------------------------------------
def _exp_imp(M: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    d = np.diagonal(M, axis1=-2, axis2=-1)
    return M.sum(axis=-1) - d, M.sum(axis=-2) - d


def _vectorised(H: np.ndarray, V: np.ndarray, C: np.ndarray | None, i: int, j: int,
                per_hour: float) -> dict[str, np.ndarray]:
    """Hours-dependent exchange indicators of grouped flows ``H`` (n, G, G) for ``i -> j``.

    The formulas of :mod:`interlabor.exchange_indicators` (``net_transfer``, ``trade``,
    ``drain`` without skills, ``shares``), on arrays; undefined ratios are NaN.
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        hab, hba = H[:, i, j], H[:, j, i]
        Hx, Hm = _exp_imp(H)
        Vx, Vm = _exp_imp(V)
        N = hab - hba
        out = {"hours_given": hab, "hours_received": hba, "net_hours": N,
               "gross_hours_ratio": hab / hba}
        for role, g in (("a", i), ("b", j)):
            px, pm = Hx[:, g] / Vx[g], Hm[:, g] / Vm[g]
            out[f"hours_per_value_added_exported_of_{role}"] = px
            out[f"hours_per_value_added_imported_of_{role}"] = pm
            out[f"exchange_ratio_of_{role}"] = px / pm
            out[f"share_hours_production_of_{role}"] = H.sum(axis=2)[:, g] / H.sum(axis=(1, 2))
            out[f"share_hours_consumption_of_{role}"] = H.sum(axis=1)[:, g] / H.sum(axis=(1, 2))
        v = Vx[j] / Hx[:, j]
        out["value_added_per_hour_b_exports"] = v * per_hour
        out["drain_d"] = N * v
        if C is not None:
            Cx, _ = _exp_imp(C)
            wb, wa, ww = Cx[j] / Hx[:, j], Cx[i] / Hx[:, i], C.sum() / H.sum(axis=(1, 2))
            out["drain_a"], out["drain_b"] = N * wb, N * ww
            out["drain_c"] = np.where(N != 0, N * np.where(N >= 0, wa, wb), 0.0)
            out["wage_b_exports"], out["wage_a_exports"] = wb * per_hour, wa * per_hour
            out["world_average_wage"] = ww * per_hour
    return out


def _pairwise(H: np.ndarray, M: np.ndarray, ma: np.ndarray, mb: np.ndarray, receiver: bool
              ) -> np.ndarray:
    """``sum N_od rate(receiver or giver)`` over region pairs (``pairwise_drain``), per sample."""
    mx, _ = _exp_imp(M)
    hx, _ = _exp_imp(H)
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = np.where(hx != 0, mx / np.where(hx != 0, hx, 1.0), np.nan)  # (n, R)
    Nod = H[:, ma][:, :, mb] - np.swapaxes(H[:, mb][:, :, ma], 1, 2)
    ra, rb = rate[:, ma][:, :, None], rate[:, mb][:, None, :]
    r = np.where(Nod > 0, rb, ra) if receiver else np.where(Nod > 0, ra, rb)
    need = Nod != 0
    val = np.where(need, Nod * np.where(need, r, 0.0), 0.0).sum(axis=(1, 2))
    return np.where((need & ~np.isfinite(r)).any(axis=(1, 2)), np.nan, val)


@dataclass(frozen=True)
class _Pair:
    """What the indicators of a pair of groups need besides the sampled region flows."""

    G: np.ndarray  # (groups, R) membership
    i: int
    j: int
    V: np.ndarray  # (R, R) value-added flows
    C: np.ndarray | None  # (R, R) compensation flows
    per_hour: float
    row: np.ndarray | None  # the rest-of-world regions (None: none)
    cut: _Pair | None = None  # the same pair without the rest of the world
    rest_giving: np.ndarray | None = None  # RoW regions in the giving group


def _pair(G: np.ndarray, regions: list[str], i: int, j: int, V: np.ndarray,
          C: np.ndarray | None, per_hour: float) -> _Pair:
    """The pair ``i -> j`` of groups ``G`` over ``regions``, with its cut without RoW."""
    row = [k for k, r in enumerate(regions) if r in rest_of_world(regions)]
    cut = rest = None
    if row:
        keep = np.array([k for k in range(len(regions)) if k not in row])
        Gk = G[:, keep]
        left = Gk.sum(axis=1) > 0
        if left[i] and left[j]:
            idx = np.flatnonzero(left)
            cut = _Pair(Gk[left], int(np.flatnonzero(idx == i)[0]),
                        int(np.flatnonzero(idx == j)[0]), V[np.ix_(keep, keep)],
                        None if C is None else C[np.ix_(keep, keep)], per_hour, None)
            rest = np.array([k for k in row if G[i, k] > 0])
    return _Pair(G, i, j, V, C, per_hour, np.array(row) if row else None, cut, rest)


def _indicators(Hr: np.ndarray, p: _Pair) -> dict[str, np.ndarray]:
    """Every vectorised indicator of region flows ``Hr`` (n, R, R) for the pair ``p``."""
    def group(M: np.ndarray) -> np.ndarray:
        return np.einsum("gr,...rs,hs->...gh", p.G, M, p.G)

    H = group(Hr)
    out = _vectorised(H, group(p.V), None if p.C is None else group(p.C), p.i, p.j,
                      p.per_hour)
    ma, mb = np.flatnonzero(p.G[p.i]), np.flatnonzero(p.G[p.j])
    out["drain_d_pairwise"] = _pairwise(Hr, np.broadcast_to(p.V, Hr.shape), ma, mb, True)
    if p.C is not None:
        Cb = np.broadcast_to(p.C, Hr.shape)
        out["drain_a_pairwise"] = _pairwise(Hr, Cb, ma, mb, True)
        out["drain_c_pairwise"] = _pairwise(Hr, Cb, ma, mb, False)
    if p.cut is not None and p.row is not None and p.rest_giving is not None:
        keep = np.setdiff1d(np.arange(Hr.shape[1]), p.row)
        inner = _indicators(Hr[:, keep][:, :, keep], p.cut)
        out |= {f"{k}_without_row": inner[k] for k in WITHOUT_ROW if k in inner}
        with np.errstate(divide="ignore", invalid="ignore"):
            out["rest_of_world_share_of_hours_given"] = (
                Hr[:, p.rest_giving][:, :, mb].sum(axis=(1, 2)) / H[:, p.i, p.j])
    return out


def exchange_uncertainty(
    mrio: MRIO, n: int = 1000, groups: str | Mapping[str, str] | pd.Series = "north-south",
    pair: tuple[str, str] | None = None, *, hours: str = "hours", seed: int = 0,
    assumptions: Assumptions | None = None, percentiles: Sequence[float] = (5, 50, 95),
    drivers: bool = True, summary: pd.DataFrame | None = None, **flow_options: Any,
) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """Monte Carlo percentiles of every exchange indicator of a pair of groups.

    Parameters
    ----------
    mrio, n, hours, seed, assumptions, percentiles
        As for :func:`footprint_uncertainty` (``hours`` the central hours account).
    groups, pair
        As for :func:`~interlabor.exchange_report.summary_range`.
    drivers : bool
        Also the one-at-a-time breakdown for the headline indicators (``hours_given``,
        ``hours_received``, ``net_hours``, ``gross_hours_ratio``).
    summary : DataFrame, optional
        The :func:`~interlabor.exchange_report.summary_range` of the same table and options,
        if already computed (else computed here).
    **flow_options
        ``value_added``, ``compensation``, ``labour_income``, ``price_levels`` (skills are
        not sampled).

    Returns
    -------
    table : DataFrame
        The summary (central ``value``, named alternatives, ``low``/``high``) with columns
        ``p5``, ``p50``, ``p95`` added and listed in ``attrs["variants"]`` (so
        :func:`~interlabor.io.output.to_long` makes them rows of those variants); hours-free
        indicators have the central value as every percentile; ``attrs["uncertainty"]`` says
        samples, seed and what the percentiles mean, ``attrs["not_sampled"]`` the ids that
        depend on hours but have no vectorised formula (NaN percentiles).
    drivers : DataFrame or None
        Index parameter group and ``interaction``, columns the headline indicator ids.

    Raises
    ------
    InvalidValueError
        A table without labour structure, or ``skills`` among the options.
    """
    if flow_options.get("skills"):
        raise InvalidValueError("the Monte Carlo samples total hours only: drop skills "
                                "(--by-sex) with --uncertainty")
    flow_options.pop("on_undefined", None)
    flow_options.pop("wage_variants", None)
    a = assumptions or Assumptions()
    out = (summary if summary is not None else summary_range(
        mrio, groups, pair, hours=hours, on_undefined="report", **flow_options)).copy()
    ef = exchange_flows(mrio, hours=hours, **flow_options)
    efg = ef.grouped(groups)
    g, order = efg.groups, efg.labels
    assert g is not None
    G = (np.array(order)[:, None] == g.to_numpy()[None, :]).astype(float)  # (groups, R)
    a_, b_ = pair or default_pair(order)
    p = _pair(G, ef.labels, order.index(a_), order.index(b_), ef.value_added.to_numpy(),
              None if ef.compensation is None else ef.compensation.to_numpy(),
              float(ef.units["money_scale"]) / float(ef.units["hour_scale"]))
    s = sample_hours(mrio, n, account=hours, seed=seed, assumptions=a)
    vals = _indicators(region_flows(mrio, s), p)
    ids = out.index.to_numpy()
    rows = {k: np.full(len(ids), np.nan) for k in (f"p{v:g}" for v in percentiles)}
    free = _hours_free(ef, groups, a_, b_)
    not_sampled = []
    for r, iid in enumerate(ids):
        if iid in vals:
            for k, v in _percentiles(vals[iid][:, None], percentiles).items():
                rows[k][r] = v[0]
        elif iid in free:
            for k in rows:
                rows[k][r] = out["value"].iloc[r]
        else:
            not_sampled.append(str(iid))
    for k, v in rows.items():
        out[k] = v
    out.attrs = {**out.attrs, "variants": [*out.attrs.get("variants", []), *rows],
                 "uncertainty": f"{n} samples, seed {seed}. {NOTE}",
                 "not_sampled": sorted(set(not_sampled))}
    drv = None
    if drivers:
        head = ["hours_given", "hours_received", "net_hours", "gross_hours_ratio"]

        def measure(Fs: np.ndarray) -> np.ndarray:
            v = _indicators(Fs, p)
            return np.stack([v[h] for h in head], axis=1)

        drv = _oat(mrio, n, seed, a, hours, measure, np.stack([vals[h] for h in head], axis=1))
        drv.columns = pd.Index(head, name="indicator")
        drv.attrs = {"note": "share of the full Monte Carlo variance produced by each "
                     "parameter group drawn alone (one at a time)"}
    return out, drv


def _hours_free(ef: Any, groups: Any, a: str, b: str) -> set[str]:
    """Indicator ids of the summary that do not change when the (region) hours flows change."""
    base = exchange_summary(ef.grouped(groups), a, b, on_undefined="report")
    H = ef.hours
    moved = replace(ef, hours=H * (1.0 + 0.37 * np.arange(1, H.size + 1).reshape(H.shape)),
                    skills={k: (h * 1.3, c) for k, (h, c) in ef.skills.items()})
    other = exchange_summary(moved.grouped(groups), a, b, on_undefined="report")
    same = np.isclose(base["value"].to_numpy(), other["value"].to_numpy(), rtol=1e-12,
                      equal_nan=True)
    return {str(i) for i, ok in zip(base.index, same, strict=True) if ok}
