"""WIOD 2016 release world input-output tables (43 countries + ROW x 56 industries, 2000-2014).

Reader ``wiod2016``: the Excel files as published, ``WIOTyyyy_Nov16_ROW.xlsb`` (and the
``.xlsx`` variant), read with python-calamine. Values are current US$ million, basic prices.

Layout assumed (one sheet, named by the year, e.g. ``2014``; rows and columns 1-based)::

    row 1   A: "World Input-Output Table yyyy" (title; the year may also be in the sheet name)
    row 2   A: a subtitle ("43 countries, in current prices" or similar; not used)
    row 3   A: legend; E.. industry codes A01 .. U, then CONS_h CONS_np CONS_g GFCF INVEN
            for each country, then GO
    row 4   A: legend ("(millions of US$)"); E.. descriptions (the GO column: "Total output")
    row 5   E.. country of the column (AUS .. USA, ROW; the GO column: TOT)
    row 6   E.. column codes c1 .. c56 for industries, c57 .. c61 for final demand, c62 (GO)
    row 7.. one row per country x industry: A code (A01), B description, C country (AUS),
            D row code (c1 .. c56 or r1 ..; not used), E.. values
    then    rows II_fob, TXSP, EXP_adj, PURR, PURNR, VA, IntTTM, GO (A: code, B: description,
            C: TOT, D: row code; values under every column)

Rows and columns are matched by (country, code), so any subset of countries and industries is
read, as long as the rows and the intermediate columns carry the same labels in the same order
and every country has the five final-demand columns. The header row is the first row, among the
first 20, whose cells from column E on are ``c1, c2, ...``; codes, descriptions and countries
are the three rows above it.

What becomes what:

* ``Z`` the country-industry x country-industry block, ``Y`` the final-demand columns
  (categories CONS_h, CONS_np, CONS_g, GFCF, INVEN), ``x = Z·1 + Y·1`` (the published GO
  column is compared with it, ``use_published_x=True`` uses it instead).
* The value-added block becomes accounts (extension ``monetary``, USD million), each with the
  row's final-demand entries as its final-demand part: ``value_added`` (VA, value added at
  basic prices), ``taxes_less_subsidies_on_products`` (TXSP), ``cif_fob_adjustments_on_exports``
  (EXP_adj), ``direct_purchases_abroad_by_residents`` (PURR), ``purchases_by_non_residents``
  (PURNR), ``international_transport_margins`` (IntTTM). ``II_fob`` (total intermediate
  consumption) is checked against ``1'Z`` and ``GO`` against the GO column; neither is an
  account.
* Regions are ISO3 (``ROW`` stays as published); sectors are the NACE codes (``A01``), as in
  the Socio-Economic Accounts (:mod:`interlabor.accounts.wiod2016_sea`).

The R data variant of the release (``WIOTyyyy_Nov16_ROW.RData``) is not read.

Source: Timmer, M. P., Dietzenbacher, E., Los, B., Stehrer, R. & de Vries, G. J. (2015).
An Illustrated User Guide to the World Input-Output Database: the Case of Global Automotive
Production. *Review of International Economics* 23: 575-605; Timmer, M. P., Los, B., Stehrer, R.
& de Vries, G. J. (2016), An Anatomy of the Global Trade Slowdown based on the WIOD 2016
Release, GGDC Research Memorandum 162.
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import BalanceWarning, TableReadError
from ..model import MRIO, build_mrio, check_labels
from ..regions import to_iso3
from ..units import MonetaryUnit
from ._wiod2016_common import (
    FD_CODES,
    INDUSTRY_NAME,
    META_2016,
    SUMMARY_ROWS,
    YEAR,
    cell_text,
    read_sheet,
    to_float,
    va_block_accounts,
)
from .base import FunctionReader, register

__all__ = ["read_wiod2016"]

_CCODE = re.compile(r"^c(\d+)$")
_FILE = re.compile(r"^wiot(\d{4})_nov16_row\.xls[xb]$", re.I)
_WHAT = "a WIOD 2016 world table WIOTyyyy_Nov16_ROW.xlsb/.xlsx"


def _year(sheet: str, title: str, path: Path) -> int | None:
    for text in (sheet, title, path.name):
        m = YEAR.search(text)
        if m:
            return int(m.group(0))
    return None


def _columns(path: Path, codes: list[str], countries: list[str], ccodes: list[str]):
    """Split the columns from E on into intermediate, final-demand and the GO column."""
    inter, fd, go = [], [], None
    for j in range(4, len(ccodes)):
        cc, code = ccodes[j], codes[j]
        if not cc and not code:
            continue
        m = _CCODE.match(cc)
        if code == "GO" or (m and int(m.group(1)) == 62):
            go = j
        elif m and int(m.group(1)) <= 56 and code in INDUSTRY_NAME:
            inter.append(j)
        elif m and 57 <= int(m.group(1)) <= 61 and code in FD_CODES:
            fd.append(j)
        else:
            raise TableReadError(
                path, f"unexpected column: code {code!r}, column code {cc!r}, country "
                f"{countries[j]!r}; expected a WIOD 2016 industry with c1..c56, a final-demand "
                "category CONS_h..INVEN with c57..c61, or GO", column=j + 1)
    if not inter or not fd:
        raise TableReadError(path, "no industry or no final-demand columns in the header; "
                             f"expected {_WHAT}")
    return inter, fd, go


def read_wiod2016(
    path: str | Path,
    *,
    warn: bool = True,
    sheet: str | None = None,
    use_published_x: bool = False,
) -> MRIO:
    """Read a WIOD 2016 release world input-output table (``.xlsb`` or ``.xlsx``).

    Parameters
    ----------
    path : str or Path
        ``WIOTyyyy_Nov16_ROW.xlsb`` or ``.xlsx`` (layout in the module docstring).
    warn : bool
        Emit validation warnings (zero-output sectors, balance).
    sheet : str, optional
        Worksheet name (default: the first sheet).
    use_published_x : bool
        Use the published GO column as gross output instead of ``Z·1 + Y·1``.

    Returns
    -------
    MRIO
        Regions (ISO3, ``ROW``) x NACE industries, categories CONS_h, CONS_np, CONS_g, GFCF,
        INVEN, US$ million at basic prices; accounts ``monetary/value_added`` and the other
        value-added-block rows (module docstring).

    Raises
    ------
    TableReadError
        Missing, truncated or corrupt file; python-calamine missing; another layout (no
        header of column codes, an unknown column, missing rows below the data); a text cell
        among the numbers (naming its row and column).
    LabelMismatchError
        Rows and columns labelled differently, or a country without its five final-demand
        columns.
    ValidationError
        NaN (empty cells), negative flows, ...
    """
    p = Path(path)
    name, rows = read_sheet(p, sheet, _WHAT)
    width = max((len(r) for r in rows[:20]), default=0)
    head = next((i for i, r in enumerate(rows[:20])
                 if i >= 3 and len(r) > 4 and cell_text(r[4]) == "c1"), None)
    if head is None:
        raise TableReadError(p, f"no header row of column codes c1, c2, ... (from column E) in "
                             f"the first 20 rows of sheet {name!r}; expected {_WHAT}")

    def text_row(i: int) -> list[str]:
        return [cell_text(v) for v in rows[i]] + [""] * (width - len(rows[i]))

    ccodes, countries, codes = text_row(head), text_row(head - 1), text_row(head - 3)
    inter, fd, go = _columns(p, codes, countries, ccodes)

    start = stop = head + 1
    while stop < len(rows) and cell_text(rows[stop][0]) in INDUSTRY_NAME \
            and cell_text(rows[stop][2]) not in ("", "TOT"):
        stop += 1
    if stop == start:
        raise TableReadError(p, "no data rows (industry code, description, country) below the "
                             f"header; expected {_WHAT}", row=start + 1)
    keys = [(cell_text(r[2]), cell_text(r[0])) for r in rows[start:stop]]
    row_label = [f"{c}/{s}" for c, s in keys]
    regions = list(dict.fromkeys(c for c, _ in keys))
    sectors = list(dict.fromkeys(s for _, s in keys))
    origin = str(p)
    check_labels([f"{c}/{s}" for c in regions for s in sectors], row_label,
                 f"rows (sheet {name})", origin)
    check_labels(row_label, [f"{countries[j]}/{codes[j]}" for j in inter],
                 "intermediate columns", origin)
    check_labels([f"{c}/{k}" for c in regions for k in FD_CODES],
                 [f"{countries[j]}/{codes[j]}" for j in fd], "final-demand columns", origin)

    summary_at: dict[str, int] = {}
    for i in range(stop, min(stop + 20, len(rows))):
        summary_at.setdefault(cell_text(rows[i][0]) if rows[i] else "", i)
    missing = [c for c in SUMMARY_ROWS if c not in summary_at]
    if missing:
        raise TableReadError(p, f"rows {missing} not found below the data; expected the rows "
                             f"{', '.join(SUMMARY_ROWS)} after the last country-industry row "
                             "(the file may be truncated)", row=stop + 1)
    used = [*inter, *fd, *([go] if go is not None else [])]
    col_label = [f"{countries[j]}/{codes[j]}" if j != go else "GO" for j in used]

    def cells(i: int) -> list[Any]:
        r = rows[i]
        return [r[j] if j < len(r) else "" for j in used]

    values = to_float([cells(i) for i in range(start, stop)], p, row_label, col_label)
    summ = to_float([cells(summary_at[c]) for c in SUMMARY_ROWS], p, list(SUMMARY_ROWS),
                    col_label, finite=True)  # empty cells are 0 below, NaN text is not
    n, nf = len(inter), len(fd)
    Z, Y = values[:, :n], values[:, n:n + nf]
    x_pub = values[:, n + nf] if go is not None else summ[SUMMARY_ROWS.index("GO"), :n]
    summary = {c: np.nan_to_num(summ[k, :n + nf]) for k, c in enumerate(SUMMARY_ROWS)}
    if warn:
        gap = np.abs(summary["II_fob"][:n] - Z.sum(axis=0))
        bad = np.flatnonzero(gap > 1.0 + 1e-6 * np.abs(summary["II_fob"][:n]))
        if bad.size:
            warnings.warn(f"{p}: row II_fob differs from the column sums of the intermediate "
                          f"block in {bad.size} column(s), first {col_label[bad[0]]} (by "
                          f"{gap[bad[0]]:.6g})", BalanceWarning, stacklevel=2)
    x = x_pub if use_published_x else Z.sum(axis=1) + Y.sum(axis=1)
    year = _year(name, cell_text(rows[0][0]) if rows and rows[0] else "", p)
    return build_mrio(
        Z, Y,
        regions=to_iso3(regions, "wiod2016"),
        source_regions=regions,
        sectors=sectors,
        sector_names=[INDUSTRY_NAME[s] for s in sectors],
        categories=list(FD_CODES),
        accounts=va_block_accounts(summary, n, np.nan_to_num(x), f"WIOD 2016 world table {year}"),
        money=MonetaryUnit("USD", 1e6, year, "basic prices"),
        year=year,
        meta={**META_2016, "title": "WIOD 2016 release world input-output table",
              "file": p.name, "sheet": name,
              "notes": "Values in current US$ million, basic prices, as published. Accounts "
                       "monetary/* are the rows of the value-added block (VA = value added at "
                       "basic prices)."},
        x_published=x_pub,
        use_published_x=use_published_x,
        balance_atol=1.0,
        balance_rtol=1e-6,
        origin=origin,
        warn=warn,
    )


def _can_read_wiod2016(path: Path) -> bool:
    """Whether ``path`` looks like the wiod2016 layout (cheap check)."""
    return path.is_file() and bool(_FILE.match(path.name))


register(FunctionReader("wiod2016", _can_read_wiod2016, read_wiod2016))
