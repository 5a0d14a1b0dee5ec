"""Readers of the three ILOSTAT files used by the labour accounts, with documented fallbacks.

Files (in ``<data>/ilo/``, as gathered by the EXIOBASE labour-extension project):

``workforce_total_iso3.csv``
    Employment by country and sex, ILO modelled estimates (indicator ``EMP_2EMP_SEX_ECO_NB``),
    thousands of persons, 1991-2023: ``SEX_T`` (both sexes), ``SEX_F`` and ``SEX_M``.
``HOW_TEMP_SEX_ECO_NB_A.csv.gz``
    Mean weekly hours actually worked per employed person, by sex and economic activity
    (ILOSTAT indicator ``HOW_TEMP_SEX_ECO_NB``). The broad activities
    ``ECO_SECTOR_TOTAL``/``AGR``/``IND``/``SER`` are used, both sexes (keys ``TOTAL``,
    ``AGR``, ...) and by sex (keys ``TOTAL:F``, ``AGR:M``, ...).
``whole_vacation.csv``
    Statutory paid leave plus paid public holidays, working days per year.

Fallback chain of every looked-up value, recorded as a flag:

1. ``ilo``: the country's own value for the year;
2. ``ilo-nearest-year``: the country's value in the nearest year within ``max_gap`` years
   (ties go to the earlier year);
3. ``ilo-regional-average``: the employment-weighted mean of the countries of the same broad
   region (EXIOBASE's rest-of-world grouping, see :data:`BROAD_REGION_OF_EXIO3`) for that year,
   each country with its own fallback 1-2.

Source: International Labour Organization, ILOSTAT database (https://ilostat.ilo.org),
indicators EMP_2EMP_SEX_ECO_NB and HOW_TEMP_SEX_ECO_NB; paid leave as compiled for EXIOBASE 3
(Stadler et al. 2018, *J. Industrial Ecology* 22: 502-515).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import CoverageError, LabelMismatchError, TableReadError
from .lookup import Lookup, nearest_value, nearest_year_values

__all__ = [
    "ACTIVITIES",
    "BROAD_REGION_OF_EXIO3",
    "IloSources",
    "read_ilo",
    "read_vacation",
    "read_weekly_hours",
    "read_workforce",
    "nearest_value",
]

WORKFORCE_FILE = "workforce_total_iso3.csv"
HOURS_FILE = "HOW_TEMP_SEX_ECO_NB_A.csv.gz"
VACATION_FILE = "whole_vacation.csv"

#: Broad activities of ILOSTAT (``ECO_SECTOR_*``): agriculture, industry, services, total.
ACTIVITIES: tuple[str, ...] = ("TOTAL", "AGR", "IND", "SER")

#: Key suffix of each sex in :func:`read_weekly_hours`: both sexes, female, male.
SEXES: dict[str, str] = {"": "SEX_T", ":F": "SEX_F", ":M": "SEX_M"}

#: Broad region of each EXIOBASE 3 region code. EXIOBASE's five rest-of-world regions are
#: Asia-Pacific (WA), Europe (WE), Africa (WF), Americas (WL) and Middle East (WM); its 44
#: countries are put in the region they belong to. This stands in for the ILO's own regions
#: (Asia and the Pacific, Europe and Central Asia, Africa, Americas, Arab States), which the
#: files do not carry.
BROAD_REGION_OF_EXIO3: dict[str, str] = {
    **{c: "WA" for c in ("WA", "AU", "CN", "ID", "IN", "JP", "KR", "TW")},
    **{c: "WL" for c in ("WL", "BR", "CA", "MX", "US")},
    **{c: "WF" for c in ("WF", "ZA")},
    "WM": "WM",
    **{
        c: "WE"
        for c in (
            "WE AT BE BG CH CY CZ DE DK EE ES FI FR GB GR HR HU IE IT LT LU LV MT NL NO PL "
            "PT RO RU SE SI SK TR"
        ).split()
    },
}


def _read_csv(path: Path, required: list[str], **kw: object) -> pd.DataFrame:
    if not path.is_file():
        raise TableReadError(path, "file not found; expected the ILOSTAT extract described in "
                             "the data README")
    try:
        df = pd.read_csv(path, **kw)  # type: ignore[call-overload]
    except (OSError, ValueError, UnicodeDecodeError, EOFError) as exc:
        raise TableReadError(path, f"cannot be parsed as CSV ({exc})") from exc
    df.columns = [str(c).lstrip("\ufeff") for c in df.columns]
    missing = [c for c in required if c not in df.columns]
    if missing:
        raise TableReadError(
            path, f"missing column(s) {missing}; found {list(df.columns)[:10]}", column=missing[0]
        )
    return df


def _numeric(df: pd.DataFrame, col: str, path: Path, key: str) -> pd.Series:
    values = pd.to_numeric(df[col], errors="coerce")
    bad = values.isna() & df[col].notna()
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        raise TableReadError(
            path,
            f"non-numeric value {df[col].iloc[i]!r}; expected a number",
            row=f"{df[key].iloc[i]} (line {i + 2})",
            column=col,
        )
    return values


def read_workforce(path: str | Path, sex: str = "SEX_T") -> tuple[pd.DataFrame, pd.Series]:
    """Read employment totals of one sex (default both sexes), thousands of persons.

    Parameters
    ----------
    path : str or Path
        ``workforce_total_iso3.csv``.
    sex : {"SEX_T", "SEX_F", "SEX_M"}

    Returns
    -------
    persons : DataFrame
        Index ISO3 country code, columns year (int), values thousand persons (NaN: no value).
    exio3 : Series
        EXIOBASE 3 region code of each country.

    Raises
    ------
    TableReadError
        Missing file or column, non-numeric value, negative employment, or duplicated records.
    """
    path = Path(path)
    cols = ["ref_area", "sex", "time", "Workforce (1000)", "EXIO3"]
    df = _read_csv(path, cols)
    df = df[df["sex"] == sex].copy()
    if df.empty:
        raise TableReadError(path, f"no rows with sex {sex!r}", column="sex")
    df["time"] = _numeric(df, "time", path, "ref_area").astype(int)
    df["v"] = _numeric(df, "Workforce (1000)", path, "ref_area")
    neg = df["v"] < 0
    if neg.any():
        r = df[neg].iloc[0]
        raise TableReadError(path, f"negative employment {r['v']}", row=f"{r['ref_area']} "
                             f"{r['time']}", column="Workforce (1000)")
    dup = df.duplicated(["ref_area", "time"])
    if dup.any():
        r = df[dup].iloc[0]
        raise TableReadError(path, "duplicated country-year record", row=f"{r['ref_area']} "
                             f"{r['time']}")
    persons = df.pivot(index="ref_area", columns="time", values="v").sort_index(axis=1)
    persons.index = persons.index.astype(str)
    persons.columns = persons.columns.astype(int)
    exio3 = df.drop_duplicates("ref_area").set_index("ref_area")["EXIO3"].astype(str)
    exio3.index = exio3.index.astype(str)
    return persons, exio3


def read_weekly_hours(path: str | Path) -> dict[str, pd.DataFrame]:
    """Read mean weekly hours actually worked per employed person, by broad activity.

    Parameters
    ----------
    path : str or Path
        ``HOW_TEMP_SEX_ECO_NB_A.csv.gz``.

    Returns
    -------
    dict
        Activity (``TOTAL``, ``AGR``, ``IND``, ``SER``; both sexes) and activity by sex
        (``TOTAL:F``, ``AGR:M``, ...) -> DataFrame indexed by ISO3 code with one column per
        year; hours per week per employed person.

    Raises
    ------
    TableReadError
        Missing/unreadable file, missing columns, non-numeric or non-positive hours, or more
        than 168 hours a week.
    """
    path = Path(path)
    df = _read_csv(path, ["ref_area", "sex", "classif1", "time", "obs_value"], low_memory=False)
    df = df[df["sex"].isin(list(SEXES.values()))
            & df["classif1"].isin([f"ECO_SECTOR_{a}" for a in ACTIVITIES])]
    if df.empty:
        raise TableReadError(path, "no rows for SEX_T/F/M and ECO_SECTOR_TOTAL/AGR/IND/SER",
                             column="classif1")
    df = df.copy()
    df["time"] = _numeric(df, "time", path, "ref_area").astype(int)
    df["v"] = _numeric(df, "obs_value", path, "ref_area")
    df = df[df["v"].notna()]  # empty cells: no observation
    bad = ~df["v"].between(0.0, 168.0, inclusive="right")
    if bad.any():
        r = df[bad].iloc[0]
        raise TableReadError(path, f"weekly hours {r['v']} outside (0, 168]",
                             row=f"{r['ref_area']} {r['time']} {r['classif1']}",
                             column="obs_value")
    out: dict[str, pd.DataFrame] = {}
    for suffix, sex in SEXES.items():
        for act in ACTIVITIES:
            part = df[(df["classif1"] == f"ECO_SECTOR_{act}") & (df["sex"] == sex)]
            piv = part.pivot_table(index="ref_area", columns="time", values="v", aggfunc="mean")
            piv.index = piv.index.astype(str)
            piv.columns = piv.columns.astype(int)
            out[act + suffix] = piv
    return out


def read_vacation(path: str | Path) -> pd.Series:
    """Read paid leave plus paid public holidays, working days per year, by ISO3 code.

    Raises
    ------
    TableReadError
        Missing file or column, non-numeric value, or a value outside [0, 100] days.
    """
    path = Path(path)
    df = _read_csv(path, ["ISO3", "Total Paid Vacation Days"])
    v = _numeric(df, "Total Paid Vacation Days", path, "ISO3")
    bad = ~v.between(0, 100)
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        raise TableReadError(path, f"paid leave of {v.iloc[i]} days outside [0, 100]",
                             row=df["ISO3"].iloc[i], column="Total Paid Vacation Days")
    return pd.Series(v.to_numpy(), index=df["ISO3"].astype(str).to_numpy(), name="days")


@dataclass(frozen=True, eq=False)
class IloSources:
    """ILOSTAT data loaded once; pure look-ups with fallbacks.

    Attributes
    ----------
    persons : DataFrame
        Thousand persons employed, ISO3 x year.
    exio3 : Series
        EXIOBASE 3 region code per country.
    weekly : dict of DataFrame
        Mean weekly hours by activity, ISO3 x year.
    vacation : Series
        Paid leave and public holidays, days per year.
    max_gap : int
        Largest distance in years for the nearest-year fallback.
    paths : dict
        File of each source, for messages.
    persons_by_sex : dict of DataFrame
        ``F`` and ``M``: thousand persons employed by sex, ISO3 x year.
    """

    persons: pd.DataFrame
    exio3: pd.Series
    weekly: dict[str, pd.DataFrame]
    vacation: pd.Series
    max_gap: int = 10
    paths: dict[str, str] = field(default_factory=dict)
    persons_by_sex: dict[str, pd.DataFrame] = field(default_factory=dict)
    _cache: dict = field(default_factory=dict, repr=False)

    # ---- coverage -----------------------------------------------------------------------
    @property
    def years(self) -> tuple[int, int]:
        """First and last year of the employment estimates."""
        return int(self.persons.columns.min()), int(self.persons.columns.max())

    def check_year(self, year: int) -> None:
        """Raise :class:`CoverageError` when ``year`` is outside the employment estimates."""
        lo, hi = self.years
        if not lo <= year <= hi:
            raise CoverageError(
                f"year {year} is outside the ILO employment estimates ({lo}-{hi}) in "
                f"{self.paths.get('workforce', WORKFORCE_FILE)}"
            )

    def check_country(self, iso3: str) -> None:
        """Raise :class:`LabelMismatchError` when the ILO files have no such country code."""
        if iso3 not in self.persons.index:
            raise LabelMismatchError(
                f"country code {iso3!r} not found in {self.paths.get('workforce', WORKFORCE_FILE)}"
                " (expected an ISO 3166-1 alpha-3 code such as 'ROU'; WIOD's 'ROM' must be "
                "mapped with interlabor.regions.to_iso3)",
                labels=[iso3],
            )

    def region_of(self, iso3: str) -> str:
        """Broad region (WA, WE, WF, WL, WM) of a country."""
        code = str(self.exio3.get(iso3, ""))
        if code not in BROAD_REGION_OF_EXIO3:
            raise LabelMismatchError(
                f"country {iso3!r} has EXIOBASE region {code!r}, which has no broad region",
                labels=[iso3],
            )
        return BROAD_REGION_OF_EXIO3[code]

    # ---- look-ups -----------------------------------------------------------------------
    def _nearest(self, table: pd.DataFrame, iso3: str, year: int) -> Lookup | None:
        return nearest_value(table, iso3, year, self.max_gap)

    def persons_of(self, iso3: str, year: int, sex: str = "T") -> Lookup:
        """Employment of a country, thousand persons (fallback: nearest year only).

        ``sex`` is ``T`` (both sexes), ``F`` or ``M``.

        Raises
        ------
        LabelMismatchError
            Unknown country code.
        CoverageError
            No value within ``max_gap`` years.
        """
        self.check_country(iso3)
        table = self.persons if sex == "T" else self.persons_by_sex[sex]
        found = self._nearest(table, iso3, year)
        if found is None:
            raise CoverageError(
                f"no ILO employment estimate for {iso3} within {self.max_gap} years of {year} "
                f"in {self.paths.get('workforce', WORKFORCE_FILE)}"
            )
        return found

    def persons_year(self, year: int, sex: str = "T") -> pd.Series:
        """Employment of every country in the file for ``year`` (nearest-year filled)."""
        key = ("persons", year, sex)
        if key not in self._cache:
            table = self.persons if sex == "T" else self.persons_by_sex[sex]
            v, rule, _ = nearest_year_values(table, year, self.max_gap)
            if (rule == "").any():
                self.persons_of(str(v.index[(rule == "").to_numpy()][0]), year, sex)  # raises
            self._cache[key] = v.astype(float)
        return self._cache[key]

    def own_values(self, year: int, activity: str = "TOTAL") -> tuple[pd.Series, pd.Series]:
        """Each country's own weekly hours for ``year`` (exact or nearest within ``max_gap``).

        Returns
        -------
        values : Series
            Hours per week by ISO3 code (NaN where the country has no value within the gap).
        rules : Series
            ``ilo``, ``ilo-nearest-year`` or ``""``.
        """
        key = (year, activity)
        cache = self._cache
        if key not in cache:
            v, rule, used = nearest_year_values(self.weekly[activity], year, self.max_gap)
            cache[key] = (v, rule)
            cache[(*key, "year")] = used
        return cache[key]

    def _region_members(self, iso3: str) -> list[str]:
        key = ("members", iso3)
        if key not in self._cache:
            region = self.region_of(iso3)
            self._cache[key] = [c for c, e in self.exio3.items()
                                if c != iso3 and BROAD_REGION_OF_EXIO3.get(str(e)) == region]
        return self._cache[key]

    def _weights(self, countries: list[str], year: int) -> pd.Series:
        return self.persons_year(year).reindex(countries).fillna(0.0)

    def weekly_hours(self, iso3: str, year: int, activity: str = "TOTAL") -> Lookup:
        """Mean weekly hours per employed person with the fallback chain of this module.

        Raises
        ------
        CoverageError
            No value for the country nor for any country of its broad region.
        """
        vals, rules = self.own_values(year, activity)
        if iso3 in vals.index and rules[iso3]:
            src_year = int(self._cache[(year, activity, "year")][iso3])
            return Lookup(float(vals[iso3]), str(rules[iso3]), src_year)
        have = set(vals.index[(rules != "").to_numpy()])
        members = [c for c in self._region_members(iso3) if c in have]
        if not members:
            raise CoverageError(
                f"no ILO weekly hours ({activity}) for {iso3} in {year} nor for its region "
                f"{self.region_of(iso3)} in {self.paths.get('hours', HOURS_FILE)}"
            )
        w = self._weights(members, year)
        return Lookup(float(np.average(vals[members], weights=w)), "ilo-regional-average")

    def activity_ratio(self, iso3: str | list[str], year: int, activity: str) -> Lookup:
        """Weekly hours in a broad activity relative to all activities, ``h_b / h_total``.

        Own data (exact or nearest year) when the country has both; else the employment-
        weighted ratio ``sum_c P_c h_cb / sum_c P_c h_c`` over the countries of its broad
        region that have both (``ilo-regional-average``). A list of countries (the rest of
        the world) gives their pooled ratio (rule ``ilo-pooled``).
        """
        vb, rb = self.own_values(year, activity)
        vt, rt = self.own_values(year, "TOTAL")
        rt_ = rt.reindex(vb.index).fillna("")
        both = list(vb.index[(rb != "").to_numpy() & (rt_ != "").to_numpy()])
        if isinstance(iso3, str):
            if iso3 in both:
                return Lookup(float(vb[iso3] / vt[iso3]), str(rb[iso3]))
            members = [c for c in self._region_members(iso3) if c in set(both)]
            rule = "ilo-regional-average"
        else:
            members = [c for c in iso3 if c in set(both)]
            rule = "ilo-pooled"
        if not members:
            return Lookup(1.0, "none")
        w = self._weights(members, year)
        num = float((w * vb[members]).sum())
        den = float((w * vt[members]).sum())
        return Lookup(num / den, rule)

    def working_weeks(self, iso3: str) -> Lookup:
        """Weeks worked per year, ``52 - (paid leave + public holidays) / 5``.

        Falls back to the employment-weighted mean paid leave of the broad region.
        """
        key = ("weeks", iso3)
        if key not in self._cache:
            self._cache[key] = self._working_weeks(iso3)
        return self._cache[key]

    def _working_weeks(self, iso3: str) -> Lookup:
        if iso3 in self.vacation.index:
            return Lookup(52.0 - float(self.vacation[iso3]) / 5.0, "ilo")
        region = self.region_of(iso3)
        members = [c for c in self.vacation.index if c in self.exio3.index
                   and BROAD_REGION_OF_EXIO3.get(str(self.exio3[c])) == region]
        last = self.persons.columns.max()
        w = self.persons.reindex(members)[last].fillna(0.0)
        if w.sum() <= 0:
            raise CoverageError(f"no paid-leave data for {iso3} nor its region {region}")
        days = float(np.average(self.vacation[members], weights=w))
        return Lookup(52.0 - days / 5.0, "ilo-regional-average")


def read_ilo(ilo_dir: str | Path, *, max_gap: int = 10) -> IloSources:
    """Read the three ILO files of ``ilo_dir`` into :class:`IloSources`.

    Parameters
    ----------
    ilo_dir : str or Path
        Folder holding ``workforce_total_iso3.csv``, ``HOW_TEMP_SEX_ECO_NB_A.csv.gz`` and
        ``whole_vacation.csv``.
    max_gap : int
        Largest distance (years) for the nearest-year fallback; beyond it the regional
        average is used.

    Raises
    ------
    TableReadError
        A file is missing or malformed (the message names it).
    """
    d = Path(ilo_dir)
    persons, exio3 = read_workforce(d / WORKFORCE_FILE)
    by_sex = {s: read_workforce(d / WORKFORCE_FILE, f"SEX_{s}")[0] for s in ("F", "M")}
    weekly = read_weekly_hours(d / HOURS_FILE)
    vacation = read_vacation(d / VACATION_FILE)
    paths = {"workforce": str(d / WORKFORCE_FILE), "hours": str(d / HOURS_FILE),
             "vacation": str(d / VACATION_FILE)}
    return IloSources(persons, exio3, weekly, vacation, max_gap, paths, by_sex)
