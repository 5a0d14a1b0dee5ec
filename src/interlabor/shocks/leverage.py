"""Leverage of a stoppage, for every cell at once: what an hour stopped there stops elsewhere.

All four linear stoppage models of :mod:`interlabor.shocks.static` are linear in the stopped
share, so per hour stopped their losses do not depend on the share or the duration, and for
all ``n`` cells they follow from a few solves with many right-hand sides instead of ``n``
solves. Notation: cell ``j`` in region ``r(j)``, ``h_j`` its hours, ``x_j`` output, ``p_j`` its
primary inputs (``x - 1'Z``), ``y_j`` final demand for its product, ``X = L Y_reg`` (cached),
``L_jj`` the diagonal of ``L`` (:func:`interlabor.kernel.leontief_diagonal`); for each measure
``w`` (output, value added, hours) ``f^w`` its totals, ``s^w = f^w / x`` its intensities, and
``.^(-r)`` a vector set to zero on region ``r``'s cells. Per hour stopped at ``j``:

===================== ================================================ ==========================
model                 production lost abroad (measure ``w``)           final demand of ``d`` lost
===================== ================================================ ==========================
``iim_supply``        ``p_j / (x_j h_j) (L f^w(-r(j)))_j``             ``p_j X[j,d] / (x_j h_j)``
``ghosh_constrained`` ``(L f^w(-r(j)))_j / (L_jj h_j)``                ``X[j,d] / (L_jj h_j)``
``iim_demand``        ``y_j (s^w(-r(j))' L)_j / h_j``                  ``Y_reg[j,d] / h_j``
``leontief_           ``x_j (s^w(-r(j))' L)_j / (L_jj h_j)``           not defined
constrained``
===================== ================================================ ==========================

``iim_supply``'s final demand lost by ``d`` is the stopped cell's value added embodied in
``d``'s final demand (in the Ghosh model, ``sum_i G_ji Y[i,d] / x_i = X[j,d] / x_j``).
``leontief_constrained``'s production lost abroad is the closed form of backward extraction,
``((w'L)_j - w_j) x_j / L_jj``, restricted to other regions; its final-demand loss is not
defined: other final demand is given, and the stopped product's final users would absorb
``x_j / L_jj >= y_j``, more than they buy. The ``R`` region masks make ``3 R`` forward and
``3 R`` transposed right-hand sides, solved with the table's cached solver; ``L_jj`` is one
dense factorisation (allowed up to :data:`interlabor.kernel.DIAGONAL_LIMIT` cells).

The influence vector of Acemoglu et al. (2012), ``v = L beta`` with ``beta`` the world
final-demand shares (their ``(alpha / n) [I - (1 - alpha) W']^-1 1`` in input-output form: the
Domar weights ``x / sum(y)``), is a cross-check: by Hulten's theorem it is each cell's
first-order weight in world output; :func:`leverage` reports its rank correlation with each
model's world loss of a full stoppage.

References
----------
Acemoglu, D., Carvalho, V. M., Ozdaglar, A. & Tahbaz-Salehi, A. (2012). The network origins of
aggregate fluctuations. *Econometrica* 80(5): 1977-2016.
Hulten, C. R. (1978). Growth accounting with intermediate inputs. *Review of Economic Studies*
45(3): 511-518.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .. import kernel
from ..errors import ScenarioError
from ..indicators import indicator
from ..io.output import tidy
from ..model import MRIO
from ..units import parse_unit
from .stoppage import find_cell, optional_account, value_added_of

__all__ = ["LEVERAGE_MODELS", "Leverage", "chokepoints", "influence_vector", "leverage",
           "ranking_long"]

LEVERAGE_MODELS = ("iim_supply", "ghosh_constrained", "iim_demand", "leontief_constrained")
PRODUCTION = ("output_abroad", "value_added_abroad", "hours_abroad")
FD_MODELS = ("iim_supply", "ghosh_constrained", "iim_demand")


@dataclass(frozen=True)
class Leverage:
    """Leverage of every cell, per hour stopped.

    Attributes
    ----------
    cells : DataFrame
        Index (region, sector); columns ``sector_name``, ``hours``, ``persons`` (the cell's,
        per year), ``influence`` (Domar weight), then ``(model, measure)`` for measures
        ``output_abroad``, ``value_added_abroad``, ``hours_abroad`` and
        ``final_demand_abroad`` (final demand of every other region lost). NaN where the cell
        has no hours (nothing to stop) or the measure is not defined.
    consumers : dict of str to DataFrame
        For ``iim_supply``, ``ghosh_constrained``, ``iim_demand``: (n, R) final demand of each
        consumer region lost per hour stopped at each cell.
    units : dict
        Unit of each measure (``output_abroad``: money per hour, ...).
    attrs : dict
        ``modelled`` (hours from a modelled account), accounts used, ``influence_spearman``
        (rank correlation of influence with each model's world value-added loss of a full
        stoppage).
    """

    cells: pd.DataFrame
    consumers: dict[str, pd.DataFrame]
    units: dict[str, str]
    attrs: dict[str, object]


def influence_vector(mrio: MRIO) -> np.ndarray:
    """Influence vector ``v = L beta``, ``beta`` = world final-demand shares (one solve).

    Equal to the Domar weights ``x / sum(y)`` when ``x = L y``; in the economy of Acemoglu et
    al. (2012, ``A = (1 - alpha) W'``, equal final-demand shares) ``alpha v`` is their
    influence vector.

    Returns
    -------
    ndarray, shape (n,)
        Dimensionless.
    """
    y = mrio.Y_by_region.sum(axis=1)
    total = float(y.sum())
    if total == 0:
        return np.zeros(mrio.n)
    return kernel.solver(mrio).solve(y / total)


def _per_hour_scale(money_scale: float, hours_unit: str) -> tuple[float, str]:
    """Factor from (money unit per hours unit) to currency per hour, and its label."""
    try:
        u = parse_unit(hours_unit)
    except Exception:  # noqa: BLE001 - an unknown unit keeps the table's own units
        return 1.0, ""
    if u.monetary or u.base.lower() not in ("hours", "hour", "h"):
        return 1.0, ""
    return money_scale / u.scale, "per hour"


def _spearman(a: np.ndarray, b: np.ndarray) -> float:
    ok = np.isfinite(a) & np.isfinite(b)
    if ok.sum() < 3:
        return float("nan")
    ra = pd.Series(a[ok]).rank().to_numpy()
    rb = pd.Series(b[ok]).rank().to_numpy()
    return float(np.corrcoef(ra, rb)[0, 1])


def leverage(mrio: MRIO, *, hours: str = "hours", value_added: str = "value_added",
             persons: str | None = "persons") -> Leverage:
    """Leverage per hour stopped of every (region, sector) cell, in the four linear models.

    Parameters
    ----------
    mrio : MRIO
    hours, value_added, persons : str
        Accounts (value added: primary inputs ``x - 1'Z`` when the table has none; persons
        only reported, may be missing).

    Returns
    -------
    Leverage

    Raises
    ------
    AccountNotFoundError
        If the hours account is missing.
    InsufficientMemoryError
        Above :data:`interlabor.kernel.DIAGONAL_LIMIT` cells (the diagonal of ``L``).
    """
    R, S, n = mrio.n_regions, mrio.n_sectors, mrio.n
    x, p = mrio.x, mrio.value_added
    h_acc = mrio.account(hours)
    h = h_acc.values
    va, va_key, va_mod = value_added_of(mrio, value_added)
    pers = optional_account(mrio, persons)
    Fw = np.vstack([x, va, h])  # (3, n) account totals
    Sw = kernel.intensities(mrio, Fw)
    region = np.repeat(np.arange(R), S)
    mask = (region[None, :] != np.arange(R)[:, None]).astype(np.float64)  # (R, n): not region r
    # transposed: (s^w(-r)' L) for every w, r, plus the unmasked (world) rows; forward likewise
    T = kernel.solve_transposed(mrio, np.vstack([(Sw[:, None, :] * mask[None]).reshape(-1, n), Sw]))
    Fmask = np.vstack([(Fw[:, None, :] * mask[None]).reshape(-1, n), Fw])
    Fo = kernel.solver(mrio).solve(np.ascontiguousarray(Fmask.T)).T  # (3R + 3, n): L f rows
    cols = np.arange(n)
    Tj = T[:3 * R].reshape(3, R, n)[:, region, cols]  # (3, n): at r(j)
    Fj = Fo[:3 * R].reshape(3, R, n)[:, region, cols]
    Tworld, Fworld = T[3 * R:], Fo[3 * R:]
    d = kernel.leontief_diagonal(mrio)
    X = kernel.final_output(mrio)
    y = mrio.Y_by_region.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        per_h = np.where(h > 0, 1.0 / np.where(h > 0, h, 1.0), np.nan)
        px = np.where(x > 0, p / np.where(x > 0, x, 1.0), 0.0)
        scale = {"iim_supply": px * per_h, "ghosh_constrained": per_h / d,
                 "iim_demand": y * per_h, "leontief_constrained": x * per_h / d}
        prod = {"iim_supply": Fj, "ghosh_constrained": Fj, "iim_demand": Tj,
                "leontief_constrained": Tj}
        world = {"iim_supply": px * Fworld[1], "ghosh_constrained": Fworld[1] / d,
                 "iim_demand": y * Tworld[1], "leontief_constrained": x * Tworld[1] / d}
        fd = {"iim_supply": X * (px * per_h)[:, None],
              "ghosh_constrained": X * (per_h / d)[:, None],
              "iim_demand": mrio.Y_by_region * per_h[:, None]}
    money_f, per = _per_hour_scale(mrio.money.scale, h_acc.unit)
    money_unit = (f"{mrio.money.currency} per hour" if per
                  else f"{mrio.money.label} per {h_acc.unit}")
    own = region[:, None] == np.arange(R)[None, :]  # (n, R): consumer is the cell's own region
    data: dict[tuple[str, str], np.ndarray] = {}
    for model in LEVERAGE_MODELS:
        for k, meas in enumerate(PRODUCTION):
            f = 1.0 if meas == "hours_abroad" else money_f
            data[(model, meas)] = prod[model][k] * scale[model] * f
        data[(model, "final_demand_abroad")] = (
            np.where(own, 0.0, fd[model]).sum(axis=1) * money_f if model in fd
            else np.full(n, np.nan))
    table = pd.DataFrame(data, index=mrio.index)
    table.columns = pd.MultiIndex.from_tuples(table.columns, names=["model", "measure"])
    v = influence_vector(mrio)
    info = pd.DataFrame({("cell", "sector_name"): np.tile(mrio.sector_names, R),
                         ("cell", "hours"): h,
                         ("cell", "persons"): pers.values if pers is not None else np.nan,
                         ("cell", "influence"): v}, index=mrio.index)
    info.columns = pd.MultiIndex.from_tuples(info.columns, names=["model", "measure"])
    consumers = {m: pd.DataFrame(fd[m] * money_f, index=mrio.index,
                                 columns=pd.Index(mrio.regions, name="consumer_region"))
                 for m in FD_MODELS}
    units = {"output_abroad": money_unit, "value_added_abroad": money_unit,
             "final_demand_abroad": money_unit, "final_demand": money_unit,
             "hours_abroad": f"{h_acc.unit} per {h_acc.unit} stopped",
             "hours": h_acc.unit, "persons": pers.unit if pers is not None else "",
             "influence": "share of world final demand (Domar weight)"}
    attrs: dict[str, object] = {
        "modelled": bool(h_acc.modelled or va_mod), "hours_account": h_acc.key,
        "value_added_account": va_key, "persons_account": pers.key if pers is not None else "",
        "influence_spearman": {m: _spearman(v, world[m]) for m in LEVERAGE_MODELS},
        "cells_without_hours": int((h <= 0).sum())}
    return Leverage(pd.concat([info, table], axis=1), consumers, units, attrs)


def chokepoints(lev: Leverage, mrio: MRIO, *, consumer: str | None = None,
                producer: str | None = None, model: str = "iim_supply",
                measure: str | None = None, top: int | None = 20,
                min_hours: float = 0.0, min_persons: float = 0.0) -> pd.DataFrame:
    """Cells ranked by leverage per hour stopped: overall, against one consumer, within a producer.

    Parameters
    ----------
    lev : Leverage
        From :func:`leverage`.
    mrio : MRIO
        The same table (labels).
    consumer : str, optional
        Rank by the final demand of this region lost per hour stopped, over cells of other
        regions ("whose workers could stop this region's consumption most, per hour?").
    producer : str, optional
        Only cells of this region.
    model : str
        One of :data:`LEVERAGE_MODELS`.
    measure : str, optional
        Without ``consumer``: ``final_demand_abroad`` (default; ``value_added_abroad`` for
        ``leontief_constrained``), ``output_abroad``, ``value_added_abroad``,
        ``hours_abroad``.
    top : int or None
        Rows kept (None: all).
    min_hours : float
        Leave out cells with fewer hours than this (the account's unit).
    min_persons : float
        Leave out cells with fewer persons engaged than this (persons, whatever the
        account's scale; ignored without a persons account): per hour stopped, cells of a few
        dozen persons with much capital rank first and their modelled hours are least sure.

    Returns
    -------
    DataFrame
        Columns rank, region, sector, sector_name, value, unit, model, measure, hours,
        persons, and the same measure in the other models (``value_<model>``).

    Raises
    ------
    ScenarioError
        An unknown region, model or measure, or a consumer ranking for a model without one.
    """
    if model not in LEVERAGE_MODELS:
        raise ScenarioError(f"unknown model {model!r}: expected {', '.join(LEVERAGE_MODELS)}",
                            key="model")
    if top is not None and top < 1:
        raise ScenarioError(f"--top {top}: expected at least 1", key="top")
    region_of = np.repeat(np.array(mrio.regions), mrio.n_sectors)
    keep = lev.cells[("cell", "hours")].to_numpy() > max(min_hours, 0.0)
    persons = lev.cells[("cell", "persons")].to_numpy()
    if min_persons > 0 and np.isfinite(persons).any():
        try:
            scale = parse_unit(lev.units["persons"]).scale
        except Exception:  # noqa: BLE001 - unknown persons unit: compare in its own unit
            scale = 1.0
        keep &= persons * scale >= min_persons
    if consumer is not None:
        c = mrio.regions[find_cell(mrio, consumer, mrio.sectors[0], what="--consumer")
                         // mrio.n_sectors]
        if model not in lev.consumers:
            raise ScenarioError(f"model {model} defines no final demand lost by a consumer "
                                f"(final demand is given); use one of {', '.join(FD_MODELS)}",
                                key="model")
        others = {m: lev.consumers[m][c].to_numpy() for m in lev.consumers}
        values = others[model]
        keep &= region_of != c
        meas, unit = f"final demand of {c} lost per hour stopped", lev.units["final_demand"]
    else:
        meas = measure or ("value_added_abroad" if model == "leontief_constrained"
                           else "final_demand_abroad")
        if meas not in PRODUCTION + ("final_demand_abroad",):
            raise ScenarioError(f"unknown measure {meas!r}: expected one of "
                                f"{', '.join(PRODUCTION + ('final_demand_abroad',))}",
                                key="measure")
        others = {m: lev.cells[(m, meas)].to_numpy() for m in LEVERAGE_MODELS}
        values = others[model]
        unit = lev.units[meas]
        if np.all(np.isnan(values)):
            raise ScenarioError(f"model {model} does not define {meas}", key="measure")
    if producer is not None:
        pr = mrio.regions[find_cell(mrio, producer, mrio.sectors[0], what="--producer")
                          // mrio.n_sectors]
        keep &= region_of == pr
    keep &= np.isfinite(values)
    order = np.flatnonzero(keep)[np.argsort(-values[keep], kind="stable")]
    if top is not None:
        order = order[:top]
    idx = mrio.index[order]
    out = pd.DataFrame({
        "rank": np.arange(1, len(order) + 1),
        "region": idx.get_level_values("region"), "sector": idx.get_level_values("sector"),
        "sector_name": lev.cells[("cell", "sector_name")].to_numpy()[order],
        "value": values[order], "unit": unit, "model": model, "measure": meas,
        "hours": lev.cells[("cell", "hours")].to_numpy()[order],
        "persons": lev.cells[("cell", "persons")].to_numpy()[order],
    })
    for m, vals in others.items():
        if m != model:
            out[f"value_{m}"] = vals[order]
    out["modelled"] = bool(lev.attrs["modelled"])
    ind = ("leverage_final_demand_lost" if consumer is not None or meas == "final_demand_abroad"
           else f"leverage_{meas}")
    part = c if consumer is not None else (
        "every other region" if ind == "leverage_final_demand_lost" else None)
    out.attrs = {"unit": unit, "measure": meas, "model": model, "ranked": int(keep.sum()),
                 "indicator": ind, "part": part,
                 "left_out": int((~keep).sum()),
                 "hours_unit": lev.units["hours"], "persons_unit": lev.units["persons"],
                 "hours_account": lev.attrs["hours_account"],
                 "modelled": bool(lev.attrs["modelled"])}
    return out


def ranking_long(ranked: pd.DataFrame) -> pd.DataFrame:
    """A ranking of :func:`chokepoints` as a tidy table (docs/methods.md, Tidy outputs).

    One row per cell and model (the ranking model's rank for all), dimensions model, rank,
    region, sector, sector_name, cell_hours, cell_persons; indicator
    ``leverage_final_demand_lost`` (with the consumer in the label) or
    ``leverage_<measure>``.

    Returns
    -------
    DataFrame
    """
    a = ranked.attrs
    dims = ranked[["rank", "region", "sector", "sector_name"]].assign(
        cell_hours=ranked["hours"].to_numpy(), cell_persons=ranked["persons"].to_numpy())
    parts = [dims.assign(model=a["model"], value=ranked["value"].to_numpy())]
    parts += [dims.assign(model=col[len("value_"):], value=ranked[col].to_numpy())
              for col in ranked.columns if col.startswith("value_")]
    long = pd.concat(parts, ignore_index=True)
    long = long[["model", *dims.columns, "value"]]
    fields = {"part": a["part"]} if a.get("part") else {}
    return tidy(long, indicator=a["indicator"], label=indicator(a["indicator"]).label(**fields),
                unit=a["unit"], account=a.get("hours_account"), modelled=bool(a["modelled"]))
