"""WIOD 2013 release world input-output tables (41 regions x 35 industries, 1995-2011).

Two readers share one builder (:func:`_build_wiod`), so both give the same MRIO shape:

* ``wiod2013`` reads the R data files ``wiot_YYYY.RData`` of the R package ``wiod`` (a list with
  ``inter`` Z 1435x1435, ``final`` 1435x205, ``output``, ``countries``, ``industries``,
  ``year``). They carry no value-added rows; the account ``value_added`` is derived as
  ``x - 1'Z``, value added at basic prices *plus* net taxes on products and international
  transport margins (both are inputs in the published table's value-added block).
* ``wiod2013-xlsx`` reads the original Excel files ``wiotYY_row_sep12.xlsx``
  (:func:`read_wiod2013_xlsx`); there ``value_added`` is the published row ``r64``, value
  added at basic prices only.

Source: Timmer, M. P., Dietzenbacher, E., Los, B., Stehrer, R. & de Vries, G. J. (2015).
An Illustrated User Guide to the World Input-Output Database: the Case of Global Automotive
Production. *Review of International Economics* 23: 575-605. https://doi.org/10.1111/roie.12178
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import TableReadError
from ..model import MRIO, Account, build_mrio, check_labels
from ..regions import to_iso3
from ..units import MonetaryUnit
from .base import FunctionReader, register
from .routing import content_kind, damage

__all__ = [
    "FINAL_DEMAND_CATEGORIES",
    "INDUSTRIES",
    "WIOD2013_META",
    "read_wiod2013",
    "read_wiod2013_rdata",
    "read_wiod2013_xlsx",
    "value_added_account",
]

#: The 35 WIOD 2013 industries: (code, ISIC Rev. 3 code, name).
INDUSTRIES: tuple[tuple[str, str, str], ...] = (
    ("c1", "AtB", "Agriculture, Hunting, Forestry and Fishing"),
    ("c2", "C", "Mining and Quarrying"),
    ("c3", "15t16", "Food, Beverages and Tobacco"),
    ("c4", "17t18", "Textiles and Textile Products"),
    ("c5", "19", "Leather, Leather and Footwear"),
    ("c6", "20", "Wood and Products of Wood and Cork"),
    ("c7", "21t22", "Pulp, Paper, Paper, Printing and Publishing"),
    ("c8", "23", "Coke, Refined Petroleum and Nuclear Fuel"),
    ("c9", "24", "Chemicals and Chemical Products"),
    ("c10", "25", "Rubber and Plastics"),
    ("c11", "26", "Other Non-Metallic Mineral"),
    ("c12", "27t28", "Basic Metals and Fabricated Metal"),
    ("c13", "29", "Machinery, Nec"),
    ("c14", "30t33", "Electrical and Optical Equipment"),
    ("c15", "34t35", "Transport Equipment"),
    ("c16", "36t37", "Manufacturing, Nec; Recycling"),
    ("c17", "E", "Electricity, Gas and Water Supply"),
    ("c18", "F", "Construction"),
    (
        "c19",
        "50",
        "Sale, Maintenance and Repair of Motor Vehicles and Motorcycles; Retail Sale of Fuel",
    ),
    ("c20", "51", "Wholesale Trade and Commission Trade, Except of Motor Vehicles and Motorcycles"),
    (
        "c21",
        "52",
        "Retail Trade, Except of Motor Vehicles and Motorcycles; Repair of Household Goods",
    ),
    ("c22", "H", "Hotels and Restaurants"),
    ("c23", "60", "Inland Transport"),
    ("c24", "61", "Water Transport"),
    ("c25", "62", "Air Transport"),
    (
        "c26",
        "63",
        "Other Supporting and Auxiliary Transport Activities; Activities of Travel Agencies",
    ),
    ("c27", "64", "Post and Telecommunications"),
    ("c28", "J", "Financial Intermediation"),
    ("c29", "70", "Real Estate Activities"),
    ("c30", "71t74", "Renting of M&Eq and Other Business Activities"),
    ("c31", "L", "Public Admin and Defence; Compulsory Social Security"),
    ("c32", "M", "Education"),
    ("c33", "N", "Health and Social Work"),
    ("c34", "O", "Other Community, Social and Personal Services"),
    ("c35", "P", "Private Households with Employed Persons"),
)

#: Final-demand categories in the order of the columns of each region block: (code, name).
FINAL_DEMAND_CATEGORIES: tuple[tuple[str, str], ...] = (
    ("CONS_h", "Final consumption expenditure by households"),
    ("CONS_np", "Final consumption expenditure by non-profit organisations serving households"),
    ("CONS_g", "Final consumption expenditure by government"),
    ("GFCF", "Gross fixed capital formation"),
    ("INVEN", "Changes in inventories and valuables"),
)

WIOD2013_META: dict[str, Any] = {
    "title": "WIOD 2013 release world input-output table",
    "source": "World Input-Output Database, 2013 release (Timmer et al. 2015)",
    "doi": "10.1111/roie.12178",
    "url": "https://www.rug.nl/ggdc/valuechain/wiod/wiod-2013-release",
    "version": "2013 release (November 2013)",
    "licence": "WIOD terms of use: free for research with citation; R repackaging GPL-3 (wiod)",
    "notes": (
        "Values in current US$ million, basic prices, rounded to integers in the R repackaging. "
        "Region ROM (Romania) is ISO3 ROU. value_added = x - 1'Z includes net taxes on "
        "products and international transport margins."
    ),
}

_YEAR = re.compile(r"(19|20)\d\d")


def value_added_account(Z: Any, x: np.ndarray) -> Account:
    """Return the account ``x - 1'Z`` (value added plus net taxes and margins), 0 where x <= 0.

    Parameters
    ----------
    Z : ndarray or sparse, shape (n, n)
    x : ndarray, shape (n,)

    Returns
    -------
    Account
        Unit ``USD million``; where output is zero or rounding-negative the value is set to 0
        (those columns have no inputs in WIOD; the residual is an inventory change of -1).
    """
    colsum = np.asarray(Z.sum(axis=0)).ravel()
    va = np.where(x > 0, x - colsum, 0.0)
    return Account(
        "value_added",
        "USD million",
        va,
        extension="monetary",
        description=(
            "Gross output minus intermediate inputs (x - 1'Z): value added at basic prices plus "
            "net taxes on products and international transport margins"
        ),
    )


def _build_wiod(
    Z: np.ndarray,
    Y: np.ndarray,
    *,
    path: Path,
    countries: Sequence[str],
    codes: Sequence[str],
    names: Sequence[str],
    categories: Sequence[str],
    x_pub: np.ndarray | None,
    year: int | None,
    value_added: np.ndarray | None,
    options: dict[str, Any],
    warn: bool,
    balance_atol: float,
    extra_meta: Mapping[str, Any],
) -> MRIO:
    """Turn WIOD arrays and labels into a validated MRIO (shared by the RData and xlsx readers).

    ``value_added`` (shape (n,)) is the published value-added row where the layout has one;
    otherwise the account is derived as ``x - 1'Z`` by :func:`value_added_account`.
    """
    use_pub = bool(options.pop("use_published_x", False))
    if options:
        raise TypeError(f"unknown option(s) for the WIOD 2013 readers: {sorted(options)}")
    if use_pub and x_pub is None:
        raise TableReadError(path, "use_published_x=True but the file has no gross-output column")
    x_used = x_pub if (use_pub and x_pub is not None) else Z.sum(axis=1) + Y.sum(axis=1)
    if value_added is None:
        va_account = value_added_account(Z, x_used)
    else:
        va_account = Account(
            "value_added",
            "USD million",
            value_added,
            extension="monetary",
            description=(
                "Value added at basic prices as published (row r64 of the WIOT); excludes net "
                "taxes on products and international transport margins"
            ),
        )
    known = {code: name for code, _, name in INDUSTRIES}
    return build_mrio(
        Z,
        Y,
        regions=to_iso3(countries, "wiod2013"),
        source_regions=list(countries),
        sectors=list(codes),
        sector_names=[known.get(c, n) for c, n in zip(codes, names, strict=True)],
        categories=list(categories),
        accounts=[va_account],
        money=MonetaryUnit("USD", 1e6, year, "basic prices"),
        year=year,
        meta={**WIOD2013_META, **extra_meta, "file": path.name},
        x_published=x_pub,
        use_published_x=use_pub,
        balance_atol=balance_atol,
        balance_rtol=1e-3,
        origin=str(path),
        warn=warn,
    )


def _numbers(value: Any, path: Path, key: str) -> np.ndarray:
    """An element of the R list as float64; TableReadError when it is not numeric."""
    try:
        return np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise TableReadError(path, f"the WIOD list's element {key!r} is not numeric ({exc})"
                             ) from exc


def read_wiod2013_rdata(path: str | Path, *, warn: bool = True, **options: Any) -> MRIO:
    """Read one ``wiot_YYYY.RData`` file of the WIOD 2013 release.

    Parameters
    ----------
    path : str or Path
        The ``.RData`` file.
    warn : bool
        Emit validation warnings (zero-output sectors, balance).
    **options
        ``use_published_x=True`` to use the published output instead of ``Z·1 + Y·1``.

    Returns
    -------
    MRIO
        41 regions x 35 industries, 5 final-demand categories, account ``value_added``
        (``x - 1'Z``: the R files carry no value-added rows).

    Raises
    ------
    TableReadError
        Missing, truncated or corrupt file, or a list without the expected elements.
    ValidationError
        From :func:`~interlabor.model.build_mrio` (NaN, negative flows, ...).
    """
    p = Path(path)
    try:
        import rdata
    except ModuleNotFoundError as exc:  # pragma: no cover - depends on the environment
        raise TableReadError(
            p, "reading .RData files needs the 'rdata' package: pip install 'interlabor[wiod]'"
        ) from exc
    if not p.is_file():
        raise TableReadError(p, "no such file; expected a WIOD 2013 wiot_YYYY.RData file")
    if content_kind(p) == "zip":
        raise TableReadError(p, "is a zip container (an Excel workbook?), not R data; read a "
                             "WIOD 2013 .xlsx with format 'wiod2013-xlsx' (or 'wiod2013', which "
                             "reads both)")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            content = rdata.read_rda(p)
    except Exception as exc:  # rdata raises many types for truncated/corrupt input
        broken = damage(p)
        raise TableReadError(
            p, broken or f"cannot parse as R data ({type(exc).__name__}: {exc}); expected an R "
            "save file such as wiot_2011.RData"
        ) from exc
    tables = [v for v in content.values() if isinstance(v, dict) and "inter" in v]
    if len(tables) != 1:
        raise TableReadError(
            p,
            f"expected one WIOD table (an R list with inter, final, output, countries, "
            f"industries), found objects {list(content)}",
        )
    t = tables[0]
    for key in ("inter", "final", "output", "countries", "industries"):
        if key not in t:
            raise TableReadError(p, f"the WIOD list has no element {key!r}")
    countries = [str(c) for c in np.asarray(t["countries"])]
    industries = [str(c) for c in np.asarray(t["industries"])]
    codes = [c for c, _, _ in INDUSTRIES]
    if industries != codes:
        raise TableReadError(
            p, f"industries {industries[:3]}... do not match the 35 WIOD 2013 codes c1..c35"
        )
    Z, Y, x_pub = (_numbers(t[key], p, key) for key in ("inter", "final", "output"))
    x_pub = x_pub.ravel()
    n = len(countries) * len(industries)
    if Z.shape != (n, n) or Y.shape != (n, len(countries) * len(FINAL_DEMAND_CATEGORIES)):
        raise TableReadError(
            p,
            f"inter {Z.shape} / final {Y.shape} do not fit {len(countries)} countries x "
            f"{len(industries)} industries x {len(FINAL_DEMAND_CATEGORIES)} final-demand "
            "categories",
        )
    year_arr = t.get("year")
    if year_arr is not None and np.size(year_arr):
        first = _numbers(year_arr, p, "year").ravel()[0]
        if not np.isfinite(first):
            raise TableReadError(p, f"the WIOD list's year is {first}; expected a year")
        year: int | None = int(first)
    else:
        m = _YEAR.search(p.name)
        year = int(m.group(0)) if m else None
    return _build_wiod(
        Z,
        Y,
        path=p,
        countries=countries,
        codes=codes,
        names=[name for _, _, name in INDUSTRIES],
        categories=[c for c, _ in FINAL_DEMAND_CATEGORIES],
        x_pub=x_pub,
        year=year,
        value_added=None,
        options=options,
        warn=warn,
        # integers rounded to US$ 1 million: 1435 + 205 rounded entries per row
        balance_atol=150.0,
        extra_meta={},
    )


#: Final-demand column codes of the WIOT xlsx (there is no c40) -> category codes.
WIOT_FD_CODES: dict[str, str] = {
    "c37": "CONS_h",
    "c38": "CONS_np",
    "c39": "CONS_g",
    "c41": "GFCF",
    "c42": "INVEN",
}
_CODE = re.compile(r"^c\d+$")
_VA_CODE, _VA_NAME = "r64", "value added at basic prices"


def _wiot_year(sheet: str, title: object, path: Path) -> int | None:
    for text in (sheet, str(title or "")):
        m = _YEAR.search(text)
        if m:
            return int(m.group(0))
    m = re.search(r"wiot(\d\d)", path.name.lower())
    if m:
        yy = int(m.group(1))
        return 1900 + yy if yy >= 50 else 2000 + yy
    return None


def _to_float(block: list[tuple[Any, ...]], path: Path, rows: Sequence[str], cols: Sequence[str]):
    """Cells -> float64 array; empty cells become NaN (reported by validation), text is an error."""
    arr = np.array(block, dtype=object)
    arr[arr == None] = np.nan  # noqa: E711 - elementwise comparison on an object array
    try:
        return arr.astype(np.float64)
    except (TypeError, ValueError):
        for i, row in enumerate(block):
            for j, v in enumerate(row):
                if not isinstance(v, int | float) and v is not None:
                    try:
                        float(v)
                    except (TypeError, ValueError):
                        raise TableReadError(
                            path, f"cell {v!r} is not a number", row=rows[i], column=cols[j]
                        ) from None
        raise  # pragma: no cover - unreachable: some cell failed above


def read_wiod2013_xlsx(
    path: str | Path, *, warn: bool = True, sheet: str | None = None, **options: Any
) -> MRIO:
    """Read a WIOD 2013 world input-output table in its original Excel layout.

    The files are named ``wiotYY_row_sep12.xlsx`` (one sheet ``WIOT_YYYY``).

    Layout: header rows with industry codes, names, country and column codes (``c1``..``c35``
    for industries, ``c37``..``c42`` for final demand, a last "Total output" column), then one
    row per country-industry (columns: ISIC code, name, country, ``cN``), then rows ``r60``
    (total intermediate consumption), ``r99`` (net taxes), ``r61``..``r63``, ``r64`` (value
    added at basic prices), international transport margins and ``r69`` (output). Any subset of
    industries and countries is accepted, as long as rows and columns carry the same labels.

    Parameters
    ----------
    path : str or Path
        The ``.xlsx`` file.
    warn : bool
        Emit validation warnings (zero-output sectors, balance).
    sheet : str, optional
        Worksheet name (default: the first sheet).
    **options
        ``use_published_x=True`` to use the "Total output" column instead of ``Z·1 + Y·1``.

    Returns
    -------
    MRIO
        Regions (ISO3) x industries, categories CONS_h, CONS_np, CONS_g, GFCF, INVEN, in
        US$ million. The account ``value_added`` is the published row ``r64`` (value added at
        basic prices) when the sheet has it -- unlike the RData reader's ``x - 1'Z`` it excludes
        net taxes on products and transport margins -- else ``x - 1'Z``.

    Raises
    ------
    TableReadError
        Missing, truncated or corrupt file; openpyxl missing; unexpected layout or a
        non-numeric cell (naming its row and column).
    ValidationError
        Rows and columns labelled differently; NaN (empty cells), negative flows, ...
    """
    p = Path(path)
    try:
        import openpyxl
    except ModuleNotFoundError as exc:  # pragma: no cover - depends on the environment
        raise TableReadError(
            p, "reading WIOT .xlsx files needs 'openpyxl': pip install 'interlabor[wiod]'"
        ) from exc
    if not p.is_file():
        raise TableReadError(p, "no such file; expected a WIOD 2013 wiotYY_row_sep12.xlsx file")
    with p.open("rb") as fh:  # opened here: openpyxl leaves a file it fails on open
        try:
            wb = openpyxl.load_workbook(fh, read_only=True, data_only=True)
        except Exception as exc:  # zipfile/openpyxl raise many types for corrupt input
            raise TableReadError(
                p, f"cannot open as an Excel workbook ({type(exc).__name__}: {exc}); "
                "the file may be truncated"
            ) from exc
        try:
            if sheet is not None and sheet not in wb.sheetnames:
                raise TableReadError(p, f"no sheet {sheet!r}; the workbook has {wb.sheetnames}")
            ws = wb[sheet] if sheet is not None else wb.worksheets[0]
            title = ws.title
            rows = [tuple(r) for r in ws.iter_rows(values_only=True)]
        except TableReadError:
            raise
        except Exception as exc:
            raise TableReadError(p, f"cannot read the worksheet ({type(exc).__name__}: {exc})"
                                 ) from exc
        finally:
            wb.close()

    width = max((len(r) for r in rows), default=0)  # rows of a damaged sheet may be short
    rows = [r + (None,) * (max(width, 4) - len(r)) for r in rows]
    # header: the row of column codes (c1, c2, ...) after the four label columns
    head = next(
        (i for i, r in enumerate(rows[:20]) if i >= 2 and any(_CODE.match(str(v)) for v in r[4:])),
        None,
    )
    if head is None:
        raise TableReadError(p, "no header row of column codes c1, c2, ... in the first 20 rows")
    code_row, country_row, name_row = rows[head], rows[head - 1], rows[head - 2]
    inter_cols, fd_cols, total_col = [], [], None
    for j in range(4, len(code_row)):
        code = code_row[j]
        if code is None or str(code).strip() == "c62":
            if "total output" in str(name_row[j] or "").lower():
                total_col = j
            continue
        code = str(code).strip()
        if code in WIOT_FD_CODES:
            fd_cols.append(j)
        elif _CODE.match(code) and int(code[1:]) <= 35:
            inter_cols.append(j)
        else:
            raise TableReadError(
                p, f"unexpected column code {code!r}; expected c1..c35, c37..c42", column=j + 1
            )
    col_label = [f"{country_row[j]}/{code_row[j]}" for j in range(len(code_row))]

    # data rows: label columns (ISIC code, name, country, cN); they end at r60/TOT
    start, stop = head + 1, head + 1
    while stop < len(rows) and _CODE.match(str(rows[stop][3] or "").strip()):
        stop += 1
    data = rows[start:stop]
    if not data:
        raise TableReadError(p, "no data rows (country, c1..c35) below the header", row=start + 1)
    row_keys = [(str(r[2]).strip(), str(r[3]).strip()) for r in data]
    row_label = [f"{c}/{s}" for c, s in row_keys]
    countries = list(dict.fromkeys(c for c, _ in row_keys))
    codes = list(dict.fromkeys(s for _, s in row_keys))
    grid = [f"{c}/{s}" for c in countries for s in codes]
    check_labels(grid, row_label, f"rows (sheet {title})", str(p))
    check_labels(row_label, [col_label[j] for j in inter_cols], "intermediate columns", str(p))
    fd_codes = list(dict.fromkeys(str(code_row[j]).strip() for j in fd_cols))
    check_labels(
        [f"{c}/{k}" for c in countries for k in fd_codes],
        [col_label[j] for j in fd_cols],
        "final-demand columns",
        str(p),
    )
    names = {s: str(r[1] or s).strip() for r, (_, s) in zip(data, row_keys, strict=True)}

    used = [*inter_cols, *fd_cols, *([total_col] if total_col is not None else [])]
    values = _to_float(
        [tuple(r[j] if j < len(r) else None for j in used) for r in data],
        p,
        row_label,
        [col_label[j] if code_row[j] else "Total output" for j in used],
    )
    ni, nf = len(inter_cols), len(fd_cols)
    va_row = next(
        (
            r
            for r in rows[stop:]
            if str(r[3] or "").strip() == _VA_CODE or str(r[1] or "").strip().lower() == _VA_NAME
        ),
        None,
    )
    va = None
    if va_row is not None:
        va = _to_float(
            [tuple(va_row[j] for j in inter_cols)], p, ["value added (r64)"],
            [col_label[j] for j in inter_cols],
        ).ravel()
    return _build_wiod(
        values[:, :ni],
        values[:, ni : ni + nf],
        path=p,
        countries=countries,
        codes=codes,
        names=[names[s] for s in codes],
        categories=[WIOT_FD_CODES[k] for k in fd_codes],
        x_pub=values[:, ni + nf] if total_col is not None else None,
        year=_wiot_year(title, rows[0][0] if rows and rows[0] else None, p),
        value_added=va,
        options=options,
        warn=warn,
        balance_atol=1.0,
        extra_meta={
            "sheet": title,
            "notes": (
                "Values in current US$ million, basic prices, as published in the WIOT Excel "
                "file. Region ROM (Romania) is ISO3 ROU. value_added is "
                + (
                    "the published row r64 (value added at basic prices; excludes net taxes "
                    "on products and international transport margins)."
                    if va is not None
                    else "x - 1'Z (the sheet has no value-added row)."
                )
            ),
        },
    )


def _can_read_wiod2013rdata(path: Path) -> bool:
    """Whether ``path`` looks like the wiod2013 layout (cheap check)."""
    return path.is_file() and path.suffix.lower() in {".rdata", ".rda"} and "wiot" in path.name


def read_wiod2013(path: str | Path, **options: Any) -> MRIO:
    """Read a WIOD 2013 table in either layout: R data (``.RData``) or the Excel original.

    The reader of ``--format wiod2013``: a zip container (``.xlsx``) goes to
    :func:`read_wiod2013_xlsx`, anything else to :func:`read_wiod2013_rdata`.
    """
    p = Path(path)
    if p.is_file() and content_kind(p) == "zip":
        return read_wiod2013_xlsx(p, **options)
    return read_wiod2013_rdata(p, **options)


register(FunctionReader("wiod2013", _can_read_wiod2013rdata, read_wiod2013))


def _can_read_wiod2013xlsx(path: Path) -> bool:
    """Whether ``path`` looks like the wiod2013-xlsx layout (cheap check)."""
    name = path.name.lower()  # WIOTyyyy_Nov16_ROW.xlsx is the 2016 release
    return path.is_file() and name.endswith(".xlsx") and name.startswith("wiot") \
        and "_nov16" not in name


register(FunctionReader("wiod2013-xlsx", _can_read_wiod2013xlsx, read_wiod2013_xlsx))
