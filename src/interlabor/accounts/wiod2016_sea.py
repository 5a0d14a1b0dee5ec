"""WIOD 2016 release Socio-Economic Accounts joined to a WIOD 2016 table as labour accounts.

The SEA (read by :func:`interlabor.accounts.sea.read_sea`) give, per country, NACE industry and
year, the variables below; :func:`with_wiod2016_sea` adds them to a table whose sectors are the
56 WIOD 2016 industries (the world tables of :mod:`.wiod2016`, the national tables of
:mod:`.wiod2016_niot`), as accounts of extension ``sea``:

========  ====================================================  ==================================
variable  meaning                                               account (unit)
========  ====================================================  ==================================
EMP       persons engaged (thousands)                           ``persons`` (thousand persons)
EMPE      employees (thousands)                                 ``employees`` (thousand persons)
H_EMPE    hours worked by employees (millions)                  ``hours_employees`` (million hours)
--        hours of all persons engaged, H_EMPE·EMP/EMPE         ``hours`` (million hours, modelled)
COMP      compensation of employees (millions, national cur.)   ``compensation`` (USD million)
LAB       labour compensation, incl. self-employed (idem)       ``labour_compensation`` (USD m.)
========  ====================================================  ==================================

``hours`` is an estimate (:func:`~interlabor.accounts.sea.hours_all_persons`: employees' hours
per head applied to the self-employed) and is marked ``modelled``. COMP and LAB are converted
with the SEA's own exchange rate ``NOMEXCH`` (national currency per US dollar, e.g. 0.75 EUR
per USD for DEU in 2014) of the same country and year: ``USD million = value / NOMEXCH``.

Countries of the table without SEA data for the year (``ROW`` always) are an explicit choice:
``missing="error"`` (default) raises :class:`~interlabor.errors.CoverageError` naming them,
``missing="zero"`` gives them zeros and says so in each account's description. Industries a
country does not report (AUS: C33, M71-M75 are inside other industries) are 0 and counted.
Where the table's output is zero but the SEA reports work (households as employers, T), the
value goes to the country's household final demand (CONS_h), as for the WIOD 2013 SEA.

Source: WIOD 2016 release Socio-Economic Accounts (Timmer et al. 2016, GGDC Research Memorandum
162; July 2018 revision), files described in :mod:`interlabor.accounts.sea`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import numpy as np

from ..errors import CoverageError, TableReadError
from ..model import MRIO, Account
from .sea import NACE56, SeaData, read_sea

__all__ = ["SEA2016_ACCOUNTS", "wiod2016_sea_accounts", "with_wiod2016_sea"]

#: column of the SEA table -> (account name, unit, what, modelled, in national currency).
SEA2016_ACCOUNTS: dict[str, tuple[str, str, str, bool, bool]] = {
    "EMP": ("persons", "thousand persons", "persons engaged", False, False),
    "EMPE": ("employees", "thousand persons", "employees", False, False),
    "H_EMPE": ("hours_employees", "million hours", "hours worked by employees", False, False),
    "H": ("hours", "million hours", "hours worked by all persons engaged, estimated as "
          "H_EMPE·EMP/EMPE", True, False),
    "COMP": ("compensation", "USD million", "compensation of employees, COMP/NOMEXCH", False,
             True),
    "LAB": ("labour_compensation", "USD million", "labour compensation (employees and "
            "self-employed), LAB/NOMEXCH", False, True),
}


def _exchange_rate(part, country: str, year: int, path: str) -> float:
    rates = part["NOMEXCH"].to_numpy(dtype=float)
    rates = rates[np.isfinite(rates) & (rates > 0)]
    if rates.size == 0:
        raise TableReadError(path, f"no positive exchange rate NOMEXCH (national currency per "
                             f"US$) for {country} in {year}", row=f"{country} {year}")
    if np.ptp(rates) > 1e-9 * rates.max():
        raise TableReadError(path, f"exchange rates NOMEXCH of {country} in {year} differ "
                             f"between industries ({rates.min():g} to {rates.max():g}); "
                             "expected one rate per country and year", row=f"{country} {year}")
    return float(rates[0])


def wiod2016_sea_accounts(
    mrio: MRIO,
    sea: str | Path | SeaData,
    *,
    year: int | None = None,
    missing: Literal["error", "zero"] = "error",
) -> list[Account]:
    """Labour accounts of a WIOD 2016 table from the Socio-Economic Accounts.

    Parameters
    ----------
    mrio : MRIO
        A table with WIOD 2016 industries (any subset of the 56 NACE codes) and ISO3 regions.
    sea : str, Path or SeaData
        The SEA folder (``sea_5countries.rda``, ``usasea.rda``, ``aussea.rda``) or its reading.
    year : int, optional
        Default: the table's year.
    missing : {"error", "zero"}
        Regions of the table without SEA data for the year: raise (default) or give them 0.

    Returns
    -------
    list of Account
        Extension ``sea`` (see the module docstring), each of shape (n,), with a final-demand
        part (R*K,) only where work at zero output was moved to household final demand.

    Raises
    ------
    CoverageError
        No year; regions without SEA data when ``missing="error"`` (naming them).
    LabelMismatchError
        A sector of the table that is not a WIOD 2016 industry.
    TableReadError
        Unreadable SEA files; no or inconsistent exchange rate of a country-year.

    Examples
    --------
    >>> m = with_wiod2016_sea(table, "../shared/data/wiod2016_sea", missing="zero")
    ... # doctest: +SKIP
    """
    from ..errors import LabelMismatchError

    if missing not in ("error", "zero"):
        raise ValueError(f"missing={missing!r}; expected 'error' or 'zero'")
    data = sea if isinstance(sea, SeaData) else read_sea(sea)
    year = year if year is not None else mrio.year
    if year is None:
        raise CoverageError("the table has no year: pass year=...")
    unknown = [s for s in mrio.sectors if s not in NACE56]
    if unknown:
        raise LabelMismatchError(
            f"sector(s) {unknown[:5]} are not WIOD 2016 industries (NACE56); the SEA join needs "
            "a WIOD 2016 table", labels=unknown)
    parts = {r: data.country_year(r, year) for r in mrio.regions}
    absent = [r for r, part in parts.items() if part.empty]
    if absent and missing == "error":
        raise CoverageError(
            f"no WIOD 2016 SEA data for {', '.join(absent)} in {year} (the SEA in {data.path} "
            f"cover {', '.join(data.countries)}, {data.years[0]}-{data.years[1]}); pass "
            "missing='zero' to give these regions zero labour accounts")
    S, K = mrio.n_sectors, len(mrio.categories)
    x = np.asarray(mrio.x)
    hh = next((k for k, c in enumerate(mrio.categories) if c.upper().startswith("CONS_H")), 0)
    cols = {v: np.zeros(mrio.n) for v in SEA2016_ACCOUNTS}
    unreported, rates = 0, {}
    for r_i, r in enumerate(mrio.regions):
        part = parts[r]
        if part.empty:
            continue
        t = data.table
        have = set(t[(t["country"] == r) & (t["year"] == year)]["code"])
        unreported += sum(s not in have for s in mrio.sectors)
        rates[r] = _exchange_rate(part, r, year, data.path)
        for v, (_, _, _, _, money) in SEA2016_ACCOUNTS.items():
            vals = part.loc[list(mrio.sectors), v].to_numpy(dtype=float)
            cols[v][r_i * S:(r_i + 1) * S] = vals / rates[r] if money else vals
    zero = x <= 0
    out = []
    for v, (name, unit, what, modelled, money) in SEA2016_ACCOUNTS.items():
        vals, fd = cols[v], None
        moved = zero & (vals != 0)
        note = ""
        if moved.any():
            fd = np.zeros(mrio.n_regions * K)
            for i in np.flatnonzero(moved):
                fd[(i // S) * K + hh] += vals[i]
            vals = np.where(zero, 0.0, vals)
            note = f"; {int(moved.sum())} cell(s) at zero output moved to household final demand"
        conv = (" converted at " + ", ".join(f"{r} {q:.6g}" for r, q in rates.items())
                + " national currency per US$") if money else ""
        out.append(Account(
            name, unit, vals, fd, extension="sea", modelled=modelled,
            description=f"WIOD 2016 SEA {what}, {year}{conv}; {unreported} country-industry "
            f"cell(s) not reported by the SEA set to 0"
            + (f"; regions without SEA data set to 0: {', '.join(absent)}" if absent else "")
            + note))
    return out


def with_wiod2016_sea(
    mrio: MRIO, sea_files: str | Path | SeaData, **options: object
) -> MRIO:
    """Return ``mrio`` with the WIOD 2016 SEA labour accounts added.

    See :func:`wiod2016_sea_accounts` for the options (``year=``, ``missing="error"|"zero"``)
    and what is added.
    """
    return mrio.with_accounts(wiod2016_sea_accounts(mrio, sea_files, **options))  # type: ignore[arg-type]
