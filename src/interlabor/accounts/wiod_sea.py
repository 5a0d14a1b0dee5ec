"""WIOD 2013 release Socio-Economic Accounts (July 2014 layout) as labour accounts.

Layout of ``WIOD_SEA_July14.xlsx``: a sheet ``DATA`` with columns ``Country`` (ISO3; Romania is
``ROU`` there but ``ROM`` in the world tables), ``Variable``, ``Description``, ``Code`` (ISIC
Rev. 3 industry code of the WIOD 2013 tables, ``AtB`` ... ``P``, and ``TOT``) and one column
per year ``_1995`` ... ``_2011``. Variables used:

===========  ===================================================  =========================
variable     meaning                                              account (unit)
===========  ===================================================  =========================
EMP          persons engaged (thousands)                          persons (thousand persons)
EMPE         employees (thousands)                                employees
H_EMP        hours worked by persons engaged (millions)           hours (million hours)
H_EMPE       hours worked by employees (millions)                 hours_employees
H_HS/MS/LS   share of H_EMP of high/medium/low-skilled persons    hours_<level>_skilled
COMP         compensation of employees (millions, national)       compensation (USD million)
LAB          labour compensation (millions, national currency)    labour_compensation
LABHS/MS/LS  share of LAB of high/medium/low-skilled persons      labour_compensation_<lvl>
===========  ===================================================  =========================

Shares are read as fractions; where the three shares of a cell sum to more than 1.5 they are
taken as percentages. The monetary variables are in national currency: they become accounts only
when ``exchange_rates`` (national currency per US dollar, per country) are given, since an
account has one unit. Country-industries of the table absent from the SEA (``RoW``, industries
not reported) and cells that are empty or an Excel error (``#VALUE!``) are 0, and counted in
the account's description. Where the table's gross output is zero but the SEA reports work
(typically ``c35``, private households with employed persons), the value goes to the final-demand
part of the account, in the country's household consumption: domestic workers are paid by
households directly.

Source: Timmer, M. P. et al. (2015), Review of International Economics 23: 575-605;
WIOD Socio-Economic Accounts, July 2014 release.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import CoverageError, TableReadError
from ..io.wiod2013 import INDUSTRIES
from ..model import MRIO, Account
from ..regions import to_iso3

__all__ = ["SEA_ACCOUNTS", "wiod2013_sea_accounts", "with_wiod2013_sea"]

#: SEA variable -> (account name, unit, description).
SEA_ACCOUNTS: dict[str, tuple[str, str, str]] = {
    "EMP": ("persons", "thousand persons", "persons engaged"),
    "EMPE": ("employees", "thousand persons", "employees"),
    "H_EMP": ("hours", "million hours", "hours worked by persons engaged"),
    "H_EMPE": ("hours_employees", "million hours", "hours worked by employees"),
}
_SKILLS = (("HS", "high"), ("MS", "medium"), ("LS", "low"))
_MONEY = {"COMP": ("compensation", "compensation of employees"),
          "LAB": ("labour_compensation", "labour compensation (employees and self-employed)")}
_ERRORS = re.compile(r"^(#\w+[!?/]?\w*!?|NA|n\.a\.|\.)$", re.I)


def _sheet(path: Path, sheet: str) -> list[tuple[Any, ...]]:
    try:
        import openpyxl
    except ModuleNotFoundError as exc:  # pragma: no cover - depends on the environment
        raise TableReadError(path, "reading the SEA needs 'openpyxl': pip install "
                             "'interlabor[wiod]'") from exc
    if not path.is_file():
        raise TableReadError(path, "no such file; expected WIOD_SEA_July14.xlsx")
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # zipfile/openpyxl raise many types for corrupt input
        raise TableReadError(path, f"cannot open as an Excel workbook ({exc}); the file may "
                             "be truncated") from exc
    try:
        if sheet not in wb.sheetnames:
            raise TableReadError(path, f"no sheet {sheet!r}; the workbook has {wb.sheetnames} "
                                 "(expected the July 2014 SEA layout)")
        return [tuple(r) for r in wb[sheet].iter_rows(values_only=True)]
    finally:
        wb.close()


def _values(path: Path, year: int, sheet: str) -> tuple[dict[tuple[str, str, str], float], int]:
    """{(country ISO3, variable, ISIC code): value} of one year, and the count of error cells."""
    rows = _sheet(path, sheet)
    if not rows:
        raise TableReadError(path, f"sheet {sheet!r} is empty")
    head = [str(h or "").strip() for h in rows[0]]
    need = ["Country", "Variable", "Code"]
    if any(h not in head for h in need):
        raise TableReadError(path, f"header {head[:6]}; expected columns {need} and _YEAR "
                             "(the July 2014 SEA layout)", row=1)
    years = {int(h.lstrip("_")): j for j, h in enumerate(head) if re.fullmatch(r"_?\d{4}", h)}
    if year not in years:
        raise CoverageError(f"{path}: the SEA has no year {year}; it covers "
                            f"{min(years, default=0)}-{max(years, default=0)}")
    jc, jv, jk, jy = head.index("Country"), head.index("Variable"), head.index("Code"), years[year]
    out: dict[tuple[str, str, str], float] = {}
    bad = 0
    for i, r in enumerate(rows[1:], start=2):
        if r[jc] is None:
            continue
        v = r[jy] if jy < len(r) else None
        if isinstance(v, str):
            if not _ERRORS.match(v.strip()):
                raise TableReadError(path, f"value {v!r} is not a number", row=i,
                                     column=head[jy])
            bad += 1
            v = None
        country = to_iso3([str(r[jc]).strip()], "wiod2013")[0]
        out[(country, str(r[jv]).strip(), str(r[jk]).strip())] = float(v or 0.0)
    return out, bad


def _rates(
    exchange_rates: Mapping[str, float] | str | Path | None, year: int
) -> dict[str, float] | None:
    if exchange_rates is None or isinstance(exchange_rates, Mapping):
        return dict(exchange_rates) if exchange_rates is not None else None
    import csv

    p = Path(exchange_rates)
    with p.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    try:
        return {to_iso3([r["country"]], "wiod2013")[0]: float(r["rate"])
                for r in rows if int(r["year"]) == year}
    except (KeyError, ValueError) as exc:
        raise TableReadError(p, f"expected columns country, year, rate ({exc})") from exc


def wiod2013_sea_accounts(
    path: str | Path,
    mrio: MRIO,
    *,
    year: int | None = None,
    exchange_rates: Mapping[str, float] | str | Path | None = None,
    sheet: str = "DATA",
) -> list[Account]:
    """Labour accounts of a WIOD 2013 table from the Socio-Economic Accounts (July 2014).

    Parameters
    ----------
    path : str or Path
        ``WIOD_SEA_July14.xlsx``.
    mrio : MRIO
        A WIOD 2013 table (sectors ``c1``..``c35``, or any subset of them).
    year : int, optional
        Default: the table's year.
    exchange_rates : mapping or path, optional
        National currency per US dollar by country (ISO3), or a CSV with columns country,
        year, rate; needed for the compensation accounts.
    sheet : str
        The data sheet.

    Returns
    -------
    list of Account
        Extension ``sea``, each of shape (n,), with a final-demand part (R*K,) where work at
        zero output is put in household consumption.

    Raises
    ------
    TableReadError
        Missing or corrupt file, another layout, a text cell that is not an Excel error.
    CoverageError
        The year is not in the SEA, or a country has no exchange rate.
    """
    p = Path(path)
    year = year if year is not None else mrio.year
    if year is None:
        raise CoverageError("the table has no year: pass year=...")
    data, bad = _values(p, year, sheet)
    isic = {code: i for code, i, _ in INDUSTRIES}
    cells = [(r, isic.get(s, s)) for r in mrio.regions for s in mrio.sectors]
    x = np.asarray(mrio.x)
    K = len(mrio.categories)
    hh = next((k for k, c in enumerate(mrio.categories) if c.upper().startswith("CONS_H")), 0)

    def column(var: str) -> tuple[np.ndarray, int]:
        vals = np.array([data.get((r, var, c), np.nan) for r, c in cells])
        missing = int(np.isnan(vals).sum())
        return np.nan_to_num(vals), missing

    def account(name: str, unit: str, vals: np.ndarray, what: str, missing: int) -> Account:
        zero = x <= 0
        fd = None
        moved = ""
        if (vals[zero] != 0).any():
            fd = np.zeros(len(mrio.regions) * K)
            for i in np.flatnonzero(zero & (vals != 0)):
                fd[(i // mrio.n_sectors) * K + hh] += vals[i]
            moved = f"; {int((zero & (vals != 0)).sum())} cell(s) at zero output moved to " \
                    "household final demand"
            vals = np.where(zero, 0.0, vals)
        return Account(
            name, unit, vals, fd, extension="sea",
            description=f"WIOD SEA (July 2014) {what}, {year}; {missing} of {len(vals)} cells "
            f"not in the SEA set to 0{moved}"
            + (f"; {bad} Excel error cell(s) in the year read as 0" if bad else ""),
        )

    out = []
    for var, (name, unit, what) in SEA_ACCOUNTS.items():
        vals, missing = column(var)
        out.append(account(name, unit, vals, what, missing))

    def by_skill(total: np.ndarray, prefix: str, name: str, unit: str, what: str) -> None:
        shares = [column(f"{prefix}{code}") for code, _ in _SKILLS]
        pct = np.where(np.sum([s for s, _ in shares], axis=0) > 1.5, 0.01, 1.0)
        for (code, level), (share, missing) in zip(_SKILLS, shares, strict=True):
            out.append(account(f"{name}_{level}_skilled", unit, total * share * pct,
                               f"{what} of {level}-skilled persons ({prefix}{code} share)",
                               missing))

    by_skill(column("H_EMP")[0], "H_", "hours", "million hours", "hours worked")
    rates = _rates(exchange_rates, year)
    if rates is not None:
        per_usd = np.array([rates.get(r, np.nan) for r, _ in cells])
        no_rate = sorted({r for (r, _), v in zip(cells, per_usd, strict=True) if np.isnan(v)}
                         - {"RoW"})
        if no_rate:
            raise CoverageError(f"no exchange rate for {', '.join(no_rate)} in {year}")
        usd = np.divide(1.0, per_usd, out=np.zeros_like(per_usd), where=~np.isnan(per_usd))
        for var, (name, what) in _MONEY.items():
            vals, missing = column(var)
            out.append(account(name, "USD million", vals * usd, what, missing))
        by_skill(column("LAB")[0] * usd, "LAB", "labour_compensation", "USD million",
                 "labour compensation")
    return out


def with_wiod2013_sea(mrio: MRIO, path: str | Path, **options: Any) -> MRIO:
    """Return ``mrio`` with the SEA labour accounts added (see :func:`wiod2013_sea_accounts`)."""
    return mrio.with_accounts(wiod2013_sea_accounts(path, mrio, **options))
