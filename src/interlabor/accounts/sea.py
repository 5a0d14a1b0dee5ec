"""WIOD 2016 Socio-Economic Accounts (SEA): persons, employees and hours by NACE Rev. 2 industry.

Files in ``<data>/wiod2016_sea/`` (R data files):

``sea_5countries.rda`` (object ``sea``)
    CAN, DEU, FRA, GBR, USA; from the MIT-licensed R package ``niotables``.
``usasea.rda`` (``usasea``), ``aussea.rda`` (``aussea``)
    USA and AUS; from the MIT-licensed R package ``clptheory``.

Each holds 56 industries (AUS: 53 with data; M71-M75 are reported inside M69_M70 and C33
inside other manufacturing) x 2000-2014 with ``EMP`` (persons engaged, thousands), ``EMPE``
(employees, thousands), ``H_EMPE`` (hours worked by employees, millions), ``GO`` (gross
output, millions of national currency), ``COMP``, ``LAB`` and ``NOMEXCH`` (national currency
per US dollar).

USA appears in two files: the duplicate records are removed (:func:`read_sea`); where two
files disagree the country's own file (``usasea``/``aussea``) is kept, and the number of
dropped records is reported.

Hours of all persons engaged: the SEA has hours of employees only. Hours of the
self-employed are estimated as the employees' hours per head in the same industry,

    H_j = H_EMPE_j * EMP_j / EMPE_j,

and, where ``EMPE_j = 0`` or ``H_EMPE_j = 0`` while ``EMP_j > 0``, with the employees' hours
per head of the same broad activity (agriculture/industry/services) of the same country and
year (flag ``hours-per-employee-of-activity``), else of the whole economy.

Source: Timmer, M. P., Dietzenbacher, E., Los, B., Stehrer, R. & de Vries, G. J. (2015),
Review of International Economics 23: 575-605; WIOD 2016 release (Timmer et al. 2016,
GGDC Research Memorandum 162), Socio-Economic Accounts, July 2018 revision.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import TableReadError

__all__ = ["NACE56", "SeaData", "hours_all_persons", "read_sea"]

#: (file, R object) in order of preference (a country's own file wins on conflicts).
SEA_FILES: tuple[tuple[str, str], ...] = (
    ("usasea.rda", "usasea"),
    ("aussea.rda", "aussea"),
    ("sea_5countries.rda", "sea"),
)

#: The 56 WIOD 2016 industries (NACE Rev. 2), in SEA order.
NACE56: tuple[str, ...] = tuple(
    (
    "A01 A02 A03 B C10-C12 C13-C15 C16 C17 C18 C19 C20 C21 C22 C23 C24 C25 C26 C27 C28 C29 "
    "C30 C31_C32 C33 D35 E36 E37-E39 F G45 G46 G47 H49 H50 H51 H52 H53 I J58 J59_J60 J61 "
    "J62_J63 K64 K65 K66 L68 M69_M70 M71 M72 M73 M74_M75 N O84 P85 Q R_S T U"
    ).split()
)

VARIABLES: tuple[str, ...] = ("EMP", "EMPE", "H_EMPE", "GO", "COMP", "LAB", "NOMEXCH")


def _broad_nace(code: str) -> str:
    if code.startswith("A"):
        return "AGR"
    if code[0] in "BCDEF":
        return "IND"
    return "SER"


@dataclass(frozen=True, eq=False)
class SeaData:
    """The SEA records kept after duplicate removal.

    Attributes
    ----------
    table : DataFrame
        Columns country, code (NACE56), year (int), EMP, EMPE, H_EMPE, GO, COMP, LAB,
        NOMEXCH, H (hours of all persons engaged, millions) and ``h_flag``.
    duplicates_removed : int
        Records dropped because another file had the same country, industry and year.
    conflicting : int
        Of those, records whose values differed (the preferred file's values were kept).
    path : str
        The SEA folder.
    """

    table: pd.DataFrame
    duplicates_removed: int
    conflicting: int
    path: str

    @property
    def countries(self) -> tuple[str, ...]:
        """ISO3 codes with SEA data."""
        return tuple(sorted(self.table["country"].unique()))

    @property
    def years(self) -> tuple[int, int]:
        """First and last SEA year."""
        return int(self.table["year"].min()), int(self.table["year"].max())

    def country_year(self, iso3: str, year: int) -> pd.DataFrame:
        """Return the 56 industries of one country-year, indexed by NACE code."""
        t = self.table
        part = t[(t["country"] == iso3) & (t["year"] == year)].set_index("code")
        return part.reindex(list(NACE56)).fillna(0.0) if not part.empty else part


def _read_one(path: Path, obj: str) -> pd.DataFrame:
    if not path.is_file():
        raise TableReadError(path, "SEA file not found")
    try:
        import rdata
    except ImportError as exc:  # pragma: no cover - optional dependency
        raise TableReadError(path, "reading .rda files needs the 'rdata' package "
                             "(pip install 'interlabor[wiod]')") from exc
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            data = rdata.read_rda(str(path))
    except Exception as exc:  # rdata raises many types on corrupt input
        raise TableReadError(path, f"not a readable R data file ({type(exc).__name__}: {exc})") \
            from exc
    if obj not in data:
        raise TableReadError(path, f"R object {obj!r} not found; found {list(data)}")
    df = pd.DataFrame(data[obj])
    need = ["country", "code", "year", *VARIABLES]
    missing = [c for c in need if c not in df.columns]
    if missing:
        raise TableReadError(path, f"missing SEA variable(s) {missing}", column=missing[0])
    df = df[need].copy()
    df["country"] = df["country"].astype(str)
    df["code"] = df["code"].astype(str)
    df["year"] = pd.to_numeric(df["year"], errors="coerce")
    if df["year"].isna().any():
        raise TableReadError(path, "non-numeric year", column="year")
    df["year"] = df["year"].astype(int)
    unknown = sorted(set(df["code"]) - set(NACE56))
    if unknown:
        raise TableReadError(path, f"unknown industry code(s) {unknown[:5]}; expected the 56 "
                             "WIOD 2016 (NACE Rev. 2) industries", column="code")
    for v in VARIABLES:
        df[v] = pd.to_numeric(df[v], errors="coerce").astype(float)
    lab = ["EMP", "EMPE", "H_EMPE"]
    bad = df[lab].isna().any(axis=1) | (df[lab] < 0).any(axis=1)
    if bad.any():
        r = df[bad].iloc[0]
        raise TableReadError(path, "missing or negative EMP/EMPE/H_EMPE",
                             row=f"{r['country']} {r['code']} {r['year']}")
    df["file"] = path.name
    return df


def hours_all_persons(df: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """Hours of all persons engaged from employees' hours (see module docstring).

    Parameters
    ----------
    df : DataFrame
        Columns country, code, year, EMP, EMPE, H_EMPE (thousands; millions of hours).

    Returns
    -------
    hours : Series
        Millions of hours of all persons engaged, aligned with ``df``.
    flag : Series
        ``employee-hours-scaled`` (EMP/EMPE applied), ``hours-per-employee-of-activity``,
        ``hours-per-employee-of-economy`` or ``no-persons``.
    """
    emp, empe, he = df["EMP"], df["EMPE"], df["H_EMPE"]
    ok = (empe > 0) & (he > 0)
    hours = pd.Series(np.where(ok, he * emp / empe.where(ok, 1.0), np.nan), index=df.index)
    flag = pd.Series(np.where(ok, "employee-hours-scaled", ""), index=df.index, dtype=object)
    broad = df["code"].map(_broad_nace)
    valid = df[ok]
    keys = ["country", "year"]
    per_act = valid.groupby([*keys, broad[ok]])[["H_EMPE", "EMPE"]].sum()
    per_eco = valid.groupby(keys)[["H_EMPE", "EMPE"]].sum()
    need = ~ok & (emp > 0)
    for i in np.flatnonzero(need.to_numpy()):
        r = df.iloc[i]
        k = (r["country"], r["year"], broad.iloc[i])
        if k in per_act.index and per_act.loc[k, "EMPE"] > 0:
            hpe = per_act.loc[k, "H_EMPE"] / per_act.loc[k, "EMPE"]
            flag.iloc[i] = "hours-per-employee-of-activity"
        else:
            e = per_eco.loc[(r["country"], r["year"])]
            hpe = e["H_EMPE"] / e["EMPE"]
            flag.iloc[i] = "hours-per-employee-of-economy"
        hours.iloc[i] = hpe * r["EMP"]
    none = ~ok & ~(emp > 0)
    hours[none] = 0.0
    flag[none] = "no-persons"
    return hours, flag


def read_sea(sea_dir: str | Path) -> SeaData:
    """Read the SEA files, remove duplicate country records, add hours of all persons.

    Parameters
    ----------
    sea_dir : str or Path
        Folder with ``sea_5countries.rda``, ``usasea.rda`` and ``aussea.rda``.

    Returns
    -------
    SeaData

    Raises
    ------
    TableReadError
        A file is missing, unreadable or lacks the SEA variables.
    """
    d = Path(sea_dir)
    frames = [_read_one(d / f, obj) for f, obj in SEA_FILES]
    allrec = pd.concat(frames, ignore_index=True)
    key = ["country", "code", "year"]
    dup = allrec.duplicated(key, keep="first")
    # records dropped whose values differ from the kept ones
    kept = allrec[~dup].set_index(key)
    dropped = allrec[dup].set_index(key)
    diff = (dropped[["EMP", "EMPE", "H_EMPE"]] - kept.loc[dropped.index, ["EMP", "EMPE", "H_EMPE"]])
    conflicting = int((diff.abs() > 1e-9).any(axis=1).sum())
    table = allrec[~dup].reset_index(drop=True)
    table["H"], table["h_flag"] = hours_all_persons(table)
    return SeaData(table, int(dup.sum()), conflicting, str(d))
