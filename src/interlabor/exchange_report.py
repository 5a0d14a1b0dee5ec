"""Unequal-exchange summaries of one table (with a low/central/high range) and time series.

:func:`exchange_summary` puts together, for one pair of groups ``a`` (giving) and ``b``
(receiving), the flows both ways and their difference, both ratios, the drains (grouped and
pairwise, and the price-level drain when the flows have price levels), the labour and income
shares (:mod:`interlabor.exchange`) and, when the table has an aggregate rest-of-world region,
the robustness lines without it. :func:`exchange_series` does it for a table per year: nominal
(current prices of each year) unless a deflator is given.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeAlias

import numpy as np
import pandas as pd

from .errors import LabelMismatchError
from .exchange import (
    ExchangeFlows,
    OnUndefined,
    Row,
    drain,
    exchange_flows,
    indicator_table,
    net_transfer,
    pairwise_drain,
    price_level_drain,
    shares,
    trade,
)
from .groups import rest_of_world
from .indicators import INDICATORS, WITHOUT_ROW
from .model import MRIO, in_range, variants_of
from .progress import Progress, notify

__all__ = ["default_pair", "exchange_series", "exchange_summary", "summary_range"]

Groups: TypeAlias = str | Path | Mapping[str, str] | pd.Series


def default_pair(labels: list[str]) -> tuple[str, str]:
    """``("South", "North")`` when those are the groups; else the only two groups in order.

    Raises
    ------
    LabelMismatchError
        With more than two groups (name the pair explicitly).
    """
    if {"South", "North"} <= set(labels):
        return "South", "North"
    if len(labels) == 2:
        return labels[0], labels[1]
    raise LabelMismatchError(
        f"{len(labels)} groups ({', '.join(labels)}): name the pair to report (--pair A B)")


def exchange_summary(
    ef: ExchangeFlows, a: str, b: str, *, on_undefined: OnUndefined = "raise",
    without_rest_of_world: bool = True,
) -> pd.DataFrame:
    """Every indicator for the pair ``a -> b`` of a grouped :class:`ExchangeFlows`.

    Parameters
    ----------
    without_rest_of_world : bool
        Add the robustness lines ``<id>_without_row`` (:data:`~interlabor.indicators.
        WITHOUT_ROW`) and ``rest_of_world_share_of_hours_given`` when the grouped flows hold an
        aggregate rest-of-world region (:data:`~interlabor.groups.REST_OF_WORLD`) and both
        groups remain without it.

    Returns
    -------
    DataFrame
        Index ``indicator`` (ids of :data:`~interlabor.indicators.INDICATORS`: those of
        :func:`~interlabor.exchange.net_transfer`, :func:`~interlabor.exchange.drain`,
        :func:`~interlabor.exchange.pairwise_drain` (grouped flows),
        :func:`~interlabor.exchange.price_level_drain` (flows with price levels), and the
        per-group ones of ``trade`` and ``shares`` as ``<id>_of_a`` and ``<id>_of_b``);
        columns ``label``, ``part``, ``value``, ``unit``, ``note``; ``attrs`` carry pair,
        prices, accounts, compensation basis and ``modelled``.
    """
    parts = [net_transfer(ef, a, b, on_undefined=on_undefined)]
    t = trade(ef, on_undefined=on_undefined)
    cols = ("hours_per_value_added_exported", "hours_per_value_added_imported", "exchange_ratio")
    rows: list[Row] = [(f"{c}_of_{role}", t.loc[g, c], t.loc[g, "undefined"], None)
                       for role, g in (("a", a), ("b", b)) for c in cols]
    parts.append(indicator_table(rows, ef, a, b))
    parts.append(drain(ef, a, b, on_undefined=on_undefined))
    if ef.regional is not None:
        parts.append(pairwise_drain(ef, a, b, on_undefined=on_undefined))
    if ef.price_levels is not None:
        parts.append(price_level_drain(ef, a, b))
    s = shares(ef)
    rows = [(f"{c}_of_{role}", float(s.loc[g, c]), "", None)
            for role, g in (("a", a), ("b", b)) for c in s.columns]
    parts.append(indicator_table(rows, ef, a, b))
    if without_rest_of_world:
        parts += _without_rest_of_world(ef, a, b, on_undefined)
    out = pd.concat(parts)
    out["value"] = out["value"].astype(float)
    out.attrs = {
        **parts[0].attrs, "hours_unit": ef.units["hours"],
        "money_units": [ef.units["money"], f"{ef.units['currency']} per hour"],
        "hours_per_money": t.attrs["units"]["hours_per_value_added_exported"],
    }
    return out


def _without_rest_of_world(ef: ExchangeFlows, a: str, b: str, on_undefined: OnUndefined
                           ) -> list[pd.DataFrame]:
    """The :data:`WITHOUT_ROW` lines and RoW's share of ``H[a, b]`` (none without a RoW)."""
    if ef.regional is None or ef.groups is None:
        return []
    row = rest_of_world(ef.regional.labels)
    if not row:
        return []
    cut = ef.without(row)
    if a not in cut.labels or b not in cut.labels:
        return []
    s = exchange_summary(cut, a, b, on_undefined=on_undefined, without_rest_of_world=False)
    dropped = f"without {', '.join(row)} (its flows with every region removed)"
    rows: list[Row] = [
        (f"{i}_without_row", float(s.loc[i, "value"]),
         "; ".join(n for n in (dropped, str(s.loc[i, "note"])) if n), None)
        for i in WITHOUT_ROW if i in s.index]
    g, H = ef.groups, ef.regional.hours
    giving = [r for r in row if g[r] == a]
    into_b = list(g.index[g == b])
    share = float(H.loc[giving, into_b].to_numpy().sum()) / float(ef.hours.loc[a, b]) if (
        float(ef.hours.loc[a, b]) != 0) else float("nan")
    rows.append(("rest_of_world_share_of_hours_given", share,
                 f"{', '.join(row)} in {g[row[0]]}", None))
    return [indicator_table(rows, ef, a, b)]


def summary_range(
    mrio: MRIO,
    groups: Groups,
    pair: tuple[str, str] | None = None,
    *,
    hours: str = "hours",
    variants: tuple[str, ...] | None = None,
    wage_variants: Sequence[str] = (),
    on_undefined: OnUndefined = "raise",
    **flow_options: Any,
) -> pd.DataFrame:
    """:func:`exchange_summary` for the central hours account and its named variants.

    Parameters
    ----------
    variants : tuple of str, optional
        Hours accounts of the range; default the structural alternatives of ``hours`` found by
        metadata (:func:`interlabor.model.variants_of`; names never make a variant), and the
        variants reported beside the range (``previous method``) as columns of their own.
    wage_variants : sequence of str
        Alternative compensation (labour-income) accounts, each in place of ``compensation``
        with the central hours (e.g. the modelled labour income's ILO share and flat pattern,
        :data:`interlabor.accounts.labour_income.ALTERNATIVES`): they widen ``low`` and
        ``high`` (one alternative at a time).
    **flow_options
        ``value_added``, ``compensation``, ``skills``, ``labour_income``, ``price_levels``
        for :func:`~interlabor.exchange.exchange_flows`.

    Returns
    -------
    DataFrame
        The summary (index ``indicator``, see :func:`exchange_summary`), with one column
        per variant (its variant name, e.g. ``calibration:max``, ``previous method``; listed
        in ``attrs["variants"]``) and ``low`` and ``high`` (min and max over the central value
        and the range's variants) when there are variants. The Leontief solve is shared by
        all of them. :func:`interlabor.io.output.to_long` turns it into tidy rows, every
        variant column (and ``low``, ``high``) becoming rows of that variant beside
        ``central``.
    """
    ef = exchange_flows(mrio, hours=hours, **flow_options).grouped(groups)
    a, b = pair or default_pair(ef.labels)
    out = exchange_summary(ef, a, b, on_undefined=on_undefined)
    beside: tuple[str, ...] = ()
    if variants is None:  # by metadata (variant_of), never by name
        found = variants_of(mrio, hours)
        variants = tuple(v.key for v in found if in_range(v.variant))
        beside = tuple(v.key for v in found if not in_range(v.variant))
    if variants or beside:
        cols = []
        for name in (*variants, *beside):
            efv = exchange_flows(mrio, hours=name, **flow_options).grouped(groups)
            col = exchange_summary(efv, a, b, on_undefined="report")["value"].to_numpy()
            out[_variant_label(mrio, name)] = col
            if name in variants:
                cols.append(col)
        _widen(out, cols)
        out.attrs["range"] = f"min and max over {hours}, {', '.join(variants)}"
        out.attrs["variants"] = [_variant_label(mrio, v) for v in (*variants, *beside)]
        if beside:
            out.attrs["beside_range"] = ", ".join(_variant_label(mrio, v) for v in beside)
    if wage_variants:
        _widen(out, [exchange_summary(
            exchange_flows(mrio, hours=hours, **{**flow_options, "compensation": w}).grouped(
                groups), a, b, on_undefined="report")["value"].to_numpy()
            for w in wage_variants])
        wages = f"{flow_options.get('compensation')}, {', '.join(wage_variants)}"
        out.attrs["range"] = (f"{out.attrs['range']}; " if "range" in out.attrs else (
            f"min and max over {hours}; ")) + f"and over wages {wages}"
    return out


def _widen(out: pd.DataFrame, columns: list[np.ndarray]) -> None:
    """Widen (or make) ``low`` and ``high`` of ``out`` to cover ``columns`` (NaN ignored)."""
    stack = np.vstack([out["value"].to_numpy(), *columns,
                       *([out["low"].to_numpy(), out["high"].to_numpy()]
                         if "low" in out.columns else [])])
    with np.errstate(all="ignore"):
        known = ~np.isnan(stack).all(0)
        out["low"] = np.where(known, np.nanmin(np.where(known, stack, 0), axis=0), np.nan)
        out["high"] = np.where(known, np.nanmax(np.where(known, stack, 0), axis=0), np.nan)
    out.loc[out["value"].isna(), ["low", "high"]] = np.nan


def _variant_label(mrio: MRIO, name: str) -> str:
    """Column of a variant account: its variant name, or the account's name."""
    acc = mrio.account(name)
    return acc.variant if acc.variant_of is not None else name


def exchange_series(
    tables: Mapping[int, MRIO | str | Path],
    groups: Groups,
    pair: tuple[str, str] | None = None,
    *,
    read: Callable[[str | Path], MRIO] | None = None,
    deflator: Mapping[int, float] | None = None,
    base_year: int | None = None,
    step: Progress | None = None,
    **options: Any,
) -> pd.DataFrame:
    """The summary for each year, one table at a time (tables given as paths are read lazily).

    Parameters
    ----------
    tables : mapping year -> MRIO or path
    deflator : mapping year -> price index, optional
        Without it every monetary value is nominal (current prices of its year). With it,
        monetary values are multiplied by ``deflator[base_year] / deflator[year]`` (constant
        prices of ``base_year``, default the last year); ratios and hours are unchanged.
    step : Progress, optional
        Told before each table is read and summarised (task ``"exchange"``, unit ``"years"``).
    **options
        ``hours``, ``variants``, ``on_undefined`` and flow options for :func:`summary_range`.

    Returns
    -------
    DataFrame
        Index ``(year, indicator)``; columns ``label``, ``part``, ``value``, ``unit``,
        ``note`` (and ``low``, ``high``); ``attrs["prices"]`` says nominal or the deflator's
        base year.
    """
    years = sorted(tables)
    if deflator is not None:
        base_year = base_year if base_year is not None else years[-1]
        missing = [y for y in [*years, base_year] if y not in deflator]
        if missing:
            raise ValueError(f"deflator has no value for year(s) {sorted(set(missing))}")
    frames = []
    attrs: dict[str, Any] = {}
    for i, y in enumerate(years):
        t = tables[y]
        if not isinstance(t, MRIO):
            notify(step, "exchange", f"reading {t}", done=i, total=len(years), unit="years")
            if read is None:
                from .io import read_table

                t = read_table(t)
            else:
                t = read(t)
        notify(step, "exchange", f"exchange {y}", done=i, total=len(years), unit="years")
        s = summary_range(t, groups, pair, **options)
        if deflator is not None:
            f = deflator[base_year] / deflator[y]  # type: ignore[index]
            cols = ["value", *(c for c in ("low", "high") if c in s.columns),
                    *s.attrs.get("variants", ())]
            kind = s.index.map(lambda i: INDICATORS[i].unit_kind)
            money = kind.isin(["money", "wage"])
            per_money = kind == "hours_per_money"
            s.loc[money, cols] = s.loc[money, cols] * f
            s.loc[per_money, cols] = s.loc[per_money, cols] / f
        s = s.assign(year=y).set_index("year", append=True).reorder_levels(["year", "indicator"])
        frames.append(s)
        attrs = dict(s.attrs) or attrs
        attrs["modelled"] = bool(attrs.get("modelled")) or bool(s.attrs.get("modelled"))
    notify(step, "exchange", "exchange series done", done=len(years), total=len(years),
           unit="years")
    out = pd.concat(frames)
    attrs["prices"] = (
        f"constant {base_year} prices (deflated with the given index)" if deflator is not None
        else "nominal: current prices of each year (no deflator given)"
    )
    out.attrs = attrs
    return out
