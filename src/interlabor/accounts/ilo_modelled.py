"""ILO modelled estimates of employment by broad activity, sex and status in employment.

Files (Gapminder Systema Globalis DDF tables, ``geo,time,value``, values in per cent):

``<data>/ilo_by_sector/``
    Shares of total employment in agriculture, industry and services (the series the World
    Bank republishes as ``SL.AGR.EMPL.ZS``, ``SL.IND.EMPL.ZS``, ``SL.SRV.EMPL.ZS``, "modeled
    ILO estimate"), 189 countries, 1991-2023; ``ddf--entities--geo--country.csv`` maps
    Gapminder's ids to ISO3.
``<data>/ilo_status_sex/``
    The same shares by sex (of female and of male employment), and the self-employed
    (employers, own-account and contributing family workers) as a share of employment, total
    and by sex; contributing family workers as a share of employment.

One vintage is used throughout (older World Bank downloads of the same series differ by up to
a percentage point). The three shares of a country-year add to 100 within 0.006; they are
normalised to sum to one exactly. Look-ups fall back to the nearest year within ``max_gap``
years (rule ``ilo-nearest-year``); a country without the series raises
:class:`~interlabor.errors.CoverageError` (the rest of the world is pooled over the countries
that have it, see :meth:`IloModelled.pooled`).

Source: International Labour Organization, ILOSTAT, ILO modelled estimates (CC BY 4.0), as
republished by Gapminder Systema Globalis (open-numbers/ddf--gapminder--systema_globalis,
CC BY 4.0).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import CoverageError, TableReadError
from .ddf import read_geo_iso3, read_series
from .ilo import Lookup, nearest_year_values

__all__ = ["ACTS", "IloModelled", "read_ilo_modelled"]

#: Broad activities, in the order of every array of shares.
ACTS: tuple[str, ...] = ("AGR", "IND", "SER")

_DP = "ddf--datapoints--{}--by--geo--time.csv"
_ACT_WORD = {"AGR": "agriculture", "IND": "industry", "SER": "service"}
SHARE_FILES: dict[tuple[str, str], str] = {
    **{("T", a): "ilo_by_sector/" + _DP.format(f"{w}_workers_percent_of_employment")
       for a, w in _ACT_WORD.items()},
    **{(s, a): "ilo_status_sex/" + _DP.format(
        f"{sw}_{w}_workers_percent_of_{sw}_employment")
       for s, sw in (("F", "female"), ("M", "male")) for a, w in _ACT_WORD.items()},
}
STATUS_FILES: dict[str, str] = {
    "T": "ilo_status_sex/" + _DP.format("self_employed_percent_of_employment"),
    "F": "ilo_status_sex/" + _DP.format("female_self_employed_percent_of_female_employment"),
    "M": "ilo_status_sex/" + _DP.format("male_self_employed_percent_of_male_employment"),
}
FAMILY_FILE = "ilo_status_sex/" + _DP.format("family_workers_percent_of_employment")
GEO_FILE = "ilo_by_sector/ddf--entities--geo--country.csv"
#: Largest tolerated |sum of the three shares - 100| (percentage points).
SUM_TOLERANCE = 0.05


@dataclass(frozen=True, eq=False)
class IloModelled:
    """ILO modelled shares by activity and sex, and self-employment rates (fractions).

    Attributes
    ----------
    shares : dict
        ``(sex, activity)`` -> DataFrame ISO3 x year, share of the sex's employment in the
        activity (0-1, the three activities of a sex sum to one); sex ``T``, ``F``, ``M``.
    self_employed : dict
        sex -> DataFrame ISO3 x year, self-employed share of employment (0-1).
    family_workers : DataFrame
        Contributing family workers, share of employment (0-1), both sexes.
    max_gap : int
        Largest distance (years) of the nearest-year fallback.
    paths : dict
        Files read, for messages.
    """

    shares: dict[tuple[str, str], pd.DataFrame]
    self_employed: dict[str, pd.DataFrame]
    family_workers: pd.DataFrame
    max_gap: int = 10
    paths: dict[str, str] = field(default_factory=dict)
    _cache: dict = field(default_factory=dict, repr=False)

    def _year(self, table: pd.DataFrame, year: int) -> tuple[pd.Series, pd.Series]:
        key = (id(table), year)
        if key not in self._cache:
            self._cache[key] = nearest_year_values(table, year, self.max_gap)[:2]
        return self._cache[key]

    def has(self, iso3: str, sex: str = "T") -> bool:
        """Whether the country has activity shares (for ``sex``)."""
        return iso3 in self.shares[(sex, "AGR")].index

    def _one(self, table: pd.DataFrame, iso3: str, year: int, what: str) -> Lookup:
        vals, rules = self._year(table, year)
        if iso3 not in vals.index or not rules[iso3]:
            raise CoverageError(
                f"no ILO modelled estimate of {what} for {iso3} within {self.max_gap} years of "
                f"{year} in {table.attrs.get('path', 'the ILO modelled estimates')}")
        return Lookup(float(vals[iso3]), str(rules[iso3]))

    def activity_shares(self, iso3: str, year: int, sex: str = "T") -> tuple[np.ndarray, str]:
        """Shares of the country's employment in AGR, IND, SER (sum one) and the rule used.

        Raises
        ------
        CoverageError
            No shares for the country within ``max_gap`` years.
        """
        looks = [self._one(self.shares[(sex, a)], iso3, year, f"employment in {a} ({sex})")
                 for a in ACTS]
        v = np.array([lk.value for lk in looks])
        rule = "ilo-shares" if all(lk.rule == "ilo" for lk in looks) else \
            "ilo-shares-nearest-year"
        return v / v.sum(), rule

    def self_employed_rate(self, iso3: str, year: int, sex: str = "T") -> Lookup:
        """Self-employed share of employment (0-1) with its rule.

        Raises
        ------
        CoverageError
            No value for the country within ``max_gap`` years.
        """
        return self._one(self.self_employed[sex], iso3, year, f"self-employment ({sex})")

    def pooled(
        self, countries: Sequence[str], weights: pd.Series, year: int, sex: str = "T"
    ) -> tuple[np.ndarray, float, float]:
        """Employment-weighted activity shares and self-employment rate of a group.

        Used for the rest of the world: the countries of the ILO employment file outside the
        table, weighted by their employment (``weights``, same sex). Countries without the
        series are left out and reported through the coverage.

        Returns
        -------
        shares : ndarray, shape (3,)
            AGR, IND, SER, sum one.
        self_employed : float
            Self-employed share of employment.
        coverage : float
            Share of the group's employment in countries that have the series (0-1).

        Raises
        ------
        CoverageError
            No country of the group has the series.
        """
        ok = [self._year(self.shares[(sex, a)], year)[1] for a in ACTS]
        ok.append(self._year(self.self_employed[sex], year)[1])
        have = [c for c in countries if all(c in r.index and r[c] for r in ok)]
        w = weights.reindex(list(countries)).fillna(0.0)
        if not have or w[have].sum() <= 0:
            raise CoverageError(f"no country of the group has ILO activity shares in {year}")
        S = np.array([self.activity_shares(c, year, sex)[0] for c in have])
        se = np.array([self.self_employed_rate(c, year, sex).value for c in have])
        wh = w[have].to_numpy()
        return (wh @ S) / wh.sum(), float(wh @ se / wh.sum()), float(wh.sum() / w.sum())


def _check_sums(shares: dict[tuple[str, str], pd.DataFrame]) -> None:
    for sex in ("T", "F", "M"):
        parts = [shares[(sex, a)] for a in ACTS]
        idx = parts[0].index.intersection(parts[1].index).intersection(parts[2].index)
        total = sum(p.reindex(idx) for p in parts)
        dev = (total - 1.0).abs() * 100
        if (dev > SUM_TOLERANCE).to_numpy().any():
            r, y = dev.stack().idxmax()
            raise TableReadError(
                parts[0].attrs.get("path", "ILO shares"),
                f"shares of agriculture, industry and services ({sex}) add to "
                f"{100 * total.loc[r, y]:.3f} %, expected 100 (within {SUM_TOLERANCE})",
                row=f"{r} {y}")


def read_ilo_modelled(data_dir: str | Path, *, max_gap: int = 10) -> IloModelled:
    """Read the ILO modelled shares and status files under ``data_dir``.

    Parameters
    ----------
    data_dir : str or Path
        Folder holding ``ilo_by_sector/`` and ``ilo_status_sex/`` (e.g. ``../shared/data``).
    max_gap : int
        Largest distance (years) of the nearest-year fallback.

    Raises
    ------
    TableReadError
        A file is missing or malformed, or shares do not add to 100.
    """
    d = Path(data_dir)
    ids = read_geo_iso3(d / GEO_FILE)
    pct = {"ids": ids, "bounds": (0.0, 100.0), "scale": 0.01}
    shares = {k: read_series(d / f, **pct) for k, f in SHARE_FILES.items()}  # type: ignore[arg-type]
    _check_sums(shares)
    status = {k: read_series(d / f, **pct) for k, f in STATUS_FILES.items()}  # type: ignore[arg-type]
    family = read_series(d / FAMILY_FILE, **pct)  # type: ignore[arg-type]
    paths = {"shares": str(d / SHARE_FILES[("T", "AGR")]), "status": str(d / STATUS_FILES["T"])}
    return IloModelled(shares, status, family, max_gap, paths)
