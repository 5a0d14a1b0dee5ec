"""WIOD 2016 release national input-output tables (one country x 56 industries, 2000-2014).

Reader ``wiod2016-niot``: ``{ISO}_NIOT_nov16.xlsx`` as published, sheet "National IO-tables"
(a sheet "Notes" names the country). Values are current US$ million, basic prices.

Layout (rows and columns 1-based)::

    row 1   Year, Code, Description, Origin, A01 .. U (56 industries), CONS_h, CONS_np, CONS_g,
            GFCF, INVEN, EXP, GO
    row 2   descriptions of the columns
    row 3.. for each year 2000 .. 2014: 56 rows with Origin "Domestic" (domestic use), 56 rows
            with Origin "Imports" (use of imported products), then rows II_fob, TXSP, EXP_adj,
            PURR, PURNR, VA, IntTTM, GO with Origin "TOT"

One year (``year=``, default the latest) becomes a one-region MRIO:

* ``Z`` the domestic intermediate block (56 x 56); ``Y`` the domestic final demand with six
  categories CONS_h, CONS_np, CONS_g, GFCF, INVEN and **EXP** (exports, which the national
  table gives for domestic products only), so that ``x = Z·1 + Y·1`` reproduces the published
  output (GO column) -- the reader checks it (``BalanceWarning`` beyond 1e-6 relative).
* Imports are an account, not a block: ``monetary/imports`` (USD million) is the imported
  intermediate use of each industry (column sums of the "Imports" block), and its final-demand
  part the imported final demand by category (0 for EXP). The imports by product are not kept.
* The value-added block becomes accounts as in the world tables (:mod:`.wiod2016`):
  ``monetary/value_added`` (VA) and ``taxes_less_subsidies_on_products`` (TXSP),
  ``cif_fob_adjustments_on_exports`` (EXP_adj), ``direct_purchases_abroad_by_residents``
  (PURR), ``purchases_by_non_residents`` (PURNR), ``international_transport_margins``
  (IntTTM), with their final-demand entries. ``II_fob`` (domestic plus imported intermediate
  use) is checked against the two blocks.

Source: Timmer, M. P., Los, B., Stehrer, R. & de Vries, G. J. (2016), WIOD 2016 release,
national input-output tables (aggregated from the world tables).
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import numpy as np

from ..errors import BalanceWarning, CoverageError, TableReadError
from ..model import MRIO, Account, build_mrio, check_labels
from ..units import MonetaryUnit
from ._wiod2016_common import (
    FD_CODES,
    INDUSTRIES_2016,
    INDUSTRY_NAME,
    META_2016,
    SUMMARY_ROWS,
    cell_text,
    read_sheet,
    to_float,
    va_block_accounts,
)
from .base import FunctionReader, register

__all__ = ["NIOT_CATEGORIES", "read_wiod2016_niot"]

SHEET = "National IO-tables"
#: Final-demand categories of the national tables (exports last).
NIOT_CATEGORIES: tuple[str, ...] = (*FD_CODES, "EXP")
_FILE = re.compile(r"^([A-Z]{3})_NIOT_nov16\.xlsx$", re.I)
_WHAT = "a WIOD 2016 national table {ISO}_NIOT_nov16.xlsx (sheet 'National IO-tables')"
_HEAD = ["Year", "Code", "Description", "Origin"]


def read_wiod2016_niot(
    path: str | Path,
    *,
    year: int | None = None,
    region: str | None = None,
    warn: bool = True,
) -> MRIO:
    """Read one year of a WIOD 2016 national input-output table.

    Parameters
    ----------
    path : str or Path
        ``{ISO}_NIOT_nov16.xlsx``.
    year : int, optional
        Year to read (2000-2014); default the latest in the file.
    region : str, optional
        ISO3 code of the country; default from the file name.
    warn : bool
        Emit validation warnings (zero-output sectors, balance).

    Returns
    -------
    MRIO
        One region x 56 industries; categories CONS_h, CONS_np, CONS_g, GFCF, INVEN, EXP;
        accounts ``monetary/imports`` and the value-added block (module docstring).

    Raises
    ------
    TableReadError
        Missing, truncated or corrupt file; another layout (header, a block of the year with
        missing or extra rows, an unknown code); a text cell among the numbers.
    CoverageError
        The year is not in the file.
    LabelMismatchError
        Row codes that differ from the column codes.
    """
    p = Path(path)
    if region is None:
        m = _FILE.match(p.name)
        if m is None:
            raise TableReadError(p, "cannot tell the country from the file name: pass "
                                 "region='ISO' (files are named {ISO}_NIOT_nov16.xlsx)")
        region = m.group(1).upper()
    _, rows = read_sheet(p, SHEET, _WHAT)
    head = [cell_text(v) for v in rows[0]] if rows else []
    codes = head[4:4 + len(INDUSTRIES_2016)]
    tail = head[4 + len(INDUSTRIES_2016):]
    if head[:4] != _HEAD or tail[:len(NIOT_CATEGORIES) + 1] != [*NIOT_CATEGORIES, "GO"]:
        raise TableReadError(p, f"header {head[:6]} ... {tail}; expected {_HEAD}, the 56 "
                             f"industries, {list(NIOT_CATEGORIES)} and GO ({_WHAT})", row=1)
    check_labels([c for c, _ in INDUSTRIES_2016], codes, "industry columns (row 1)", str(p))
    ncol = 4 + len(codes) + len(NIOT_CATEGORIES) + 1
    years: dict[int, list[int]] = {}
    for i, r in enumerate(rows[2:], start=2):
        y = cell_text(r[0]) if r else ""
        if not y:
            continue
        if not y.isdigit():
            raise TableReadError(p, f"year {r[0]!r} is not a year", row=i + 1, column="Year")
        years.setdefault(int(y), []).append(i)
    if not years:
        raise TableReadError(p, f"no data rows below the header; expected {_WHAT}", row=3)
    year = max(years) if year is None else int(year)
    if year not in years:
        raise CoverageError(f"{p}: no year {year}; the file covers {min(years)}-{max(years)}")

    block: dict[tuple[str, str], int] = {}
    for i in years[year]:
        key = (cell_text(rows[i][3]), cell_text(rows[i][1]))
        if key in block:
            raise TableReadError(p, f"row {key[1]} ({key[0]}) appears twice in {year}", row=i + 1)
        block[key] = i
    expect = [(o, c) for o in ("Domestic", "Imports") for c in codes]
    expect += [("TOT", c) for c in SUMMARY_ROWS]
    missing = [f"{c} ({o})" for o, c in expect if (o, c) not in block]
    extra = [f"{c} ({o})" for o, c in block if (o, c) not in set(expect)]
    if missing or extra:
        raise TableReadError(
            p, f"the rows of {year} do not fit the layout: missing {missing[:5]}, unexpected "
            f"{extra[:5]}; expected 56 Domestic, 56 Imports and the rows "
            f"{', '.join(SUMMARY_ROWS)} (TOT)", row=min(years[year]) + 1)
    labels = [f"{c} ({o})" for o, c in expect]
    col_labels = head[4:ncol]
    cells = [list(rows[block[k]][4:ncol]) + [""] * (ncol - len(rows[block[k]])) for k in expect]
    # empty cells of the imports and summary rows are 0 below; NaN or inf text is an error
    v = to_float(cells, p, [f"{year} {lab}" for lab in labels], col_labels, finite=True)
    s = len(codes)
    dom, imp, summ = v[:s], v[s:2 * s], v[2 * s:]
    Z, Y = dom[:, :s], dom[:, s:s + len(NIOT_CATEGORIES)]
    x_pub = dom[:, -1]
    x = Z.sum(axis=1) + Y.sum(axis=1)
    origin = str(p)
    if warn:
        ii = np.nan_to_num(summ[SUMMARY_ROWS.index("II_fob"), :s])
        gap = np.abs(ii - Z.sum(axis=0) - imp[:, :s].sum(axis=0))
        bad = np.flatnonzero(gap > 1.0 + 1e-6 * np.abs(ii))
        if bad.size:
            warnings.warn(f"{p}: row II_fob differs from domestic plus imported intermediate "
                          f"use in {bad.size} column(s) of {year}, first {codes[bad[0]]} (by "
                          f"{gap[bad[0]]:.6g})", BalanceWarning, stacklevel=2)
    nf = len(NIOT_CATEGORIES)
    summary = {c: np.nan_to_num(summ[k, :s + nf]) for k, c in enumerate(SUMMARY_ROWS)}
    accounts = va_block_accounts(summary, s, np.nan_to_num(x),
                                 f"WIOD 2016 national table {region} {year}")
    imp_use = np.nan_to_num(imp[:, :s].sum(axis=0))
    imp_use[np.nan_to_num(x) <= 0] = 0.0
    accounts.insert(1, Account(
        "imports", "USD million", imp_use, np.nan_to_num(imp[:, s:s + nf].sum(axis=0)),
        extension="monetary",
        description=f"Imported intermediate use by industry (column sums of the Imports block); "
                    f"final-demand part: imported final demand by category; {region} {year}"))
    return build_mrio(
        Z, Y,
        regions=[region],
        source_regions=[region],
        sectors=codes,
        sector_names=[INDUSTRY_NAME[c] for c in codes],
        categories=list(NIOT_CATEGORIES),
        accounts=accounts,
        money=MonetaryUnit("USD", 1e6, year, "basic prices"),
        year=year,
        meta={**META_2016, "title": f"WIOD 2016 release national input-output table, {region}",
              "file": p.name, "sheet": SHEET,
              "notes": "Domestic table; imports as the account monetary/imports; exports are "
                       "the final-demand category EXP. US$ million, basic prices."},
        x_published=x_pub,
        balance_atol=1e-3,
        balance_rtol=1e-6,
        origin=origin,
        warn=warn,
    )


def _can_read_wiod2016niot(path: Path) -> bool:
    """Whether ``path`` looks like the wiod2016-niot layout (cheap check)."""
    return path.is_file() and bool(_FILE.match(path.name))


register(FunctionReader("wiod2016-niot", _can_read_wiod2016niot, read_wiod2016_niot))
