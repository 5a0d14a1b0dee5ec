"""Looking a value up in a country x year table: the year itself, else the nearest one.

Every source of the labour accounts is a country x year table with gaps. A looked-up value
carries the rule that produced it (:class:`Lookup`), which ends up in the flag of each cell:
``ilo`` (the year itself) or ``ilo-nearest-year`` (the nearest year within ``max_gap`` years,
the earlier one on ties).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = ["Lookup", "nearest_value", "nearest_year_values"]


@dataclass(frozen=True)
class Lookup:
    """A looked-up value with the rule that produced it.

    Attributes
    ----------
    value : float
    rule : str
        ``ilo``, ``ilo-nearest-year``, ``ilo-regional-average``.
    source_year : int or None
        Year of the value used (None for a regional average).
    """

    value: float
    rule: str
    source_year: int | None = None


def nearest_value(table: pd.DataFrame, iso3: str, year: int, max_gap: int) -> Lookup | None:
    """The value of ``table`` (ISO3 x year) for ``iso3`` in ``year`` or the nearest year.

    Ties go to the earlier year; None when the country has no value within ``max_gap`` years.
    Rules: ``ilo`` (same year), ``ilo-nearest-year``.
    """
    if iso3 not in table.index:
        return None
    row = table.loc[iso3].dropna()
    if row.empty:
        return None
    years = row.index.to_numpy(dtype=int)
    dist = np.abs(years - year)
    k = int(np.lexsort((years, dist))[0])  # nearest, earlier year on ties
    if dist[k] == 0:
        return Lookup(float(row.iloc[k]), "ilo", int(years[k]))
    if dist[k] <= max_gap:
        return Lookup(float(row.iloc[k]), "ilo-nearest-year", int(years[k]))
    return None


def nearest_year_values(
    table: pd.DataFrame, year: int, max_gap: int
) -> tuple[pd.Series, pd.Series, pd.Series]:
    """:func:`nearest_value` for every country of ``table`` at once.

    Returns
    -------
    values : Series
        By ISO3 code; NaN where the country has no value within ``max_gap`` years.
    rules : Series
        ``ilo``, ``ilo-nearest-year`` or ``""``.
    years : Series
        Year used (-1 where none).
    """
    vals = table.to_numpy(dtype=float)
    years = table.columns.to_numpy(dtype=int)
    dist = np.abs(years - year)[None, :] * 2.0 + (years > year)[None, :]
    dist = np.where(np.isnan(vals), np.inf, dist)
    k = np.argmin(dist, axis=1) if vals.size else np.zeros(len(table), dtype=int)
    best = dist[np.arange(len(k)), k] if vals.size else np.full(len(table), np.inf)
    ok = best <= 2 * max_gap + 1
    v = np.where(ok, vals[np.arange(len(k)), k], np.nan) if vals.size else best * np.nan
    rule = np.where(best == 0, "ilo", np.where(ok, "ilo-nearest-year", ""))
    return (pd.Series(v, index=table.index), pd.Series(rule, index=table.index),
            pd.Series(np.where(ok, years[k] if vals.size else -1, -1), index=table.index))


