"""Pieces shared by the WIOD 2016 readers: the 56 industries, the value-added block, cells.

The world tables (:mod:`.wiod2016`) and the national tables (:mod:`.wiod2016_niot`) of the
November 2016 release share the industry list, the final-demand codes and the rows below the
data (``II_fob``, ``TXSP``, ``EXP_adj``, ``PURR``, ``PURNR``, ``VA``, ``IntTTM``, ``GO``), and
both are read with python-calamine, which reads ``.xlsb`` and ``.xlsx`` quickly.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import TableReadError
from ..model import Account

#: The 56 WIOD 2016 industries (NACE Rev. 2): (code, name), as in the release's files.
INDUSTRIES_2016: tuple[tuple[str, str], ...] = (
    ("A01", "Crop and animal production, hunting and related service activities"),
    ("A02", "Forestry and logging"),
    ("A03", "Fishing and aquaculture"),
    ("B", "Mining and quarrying"),
    ("C10-C12", "Manufacture of food products, beverages and tobacco products"),
    ("C13-C15", "Manufacture of textiles, wearing apparel and leather products"),
    ("C16", "Manufacture of wood and of products of wood and cork, except furniture; "
            "manufacture of articles of straw and plaiting materials"),
    ("C17", "Manufacture of paper and paper products"),
    ("C18", "Printing and reproduction of recorded media"),
    ("C19", "Manufacture of coke and refined petroleum products"),
    ("C20", "Manufacture of chemicals and chemical products"),
    ("C21", "Manufacture of basic pharmaceutical products and pharmaceutical preparations"),
    ("C22", "Manufacture of rubber and plastic products"),
    ("C23", "Manufacture of other non-metallic mineral products"),
    ("C24", "Manufacture of basic metals"),
    ("C25", "Manufacture of fabricated metal products, except machinery and equipment"),
    ("C26", "Manufacture of computer, electronic and optical products"),
    ("C27", "Manufacture of electrical equipment"),
    ("C28", "Manufacture of machinery and equipment n.e.c."),
    ("C29", "Manufacture of motor vehicles, trailers and semi-trailers"),
    ("C30", "Manufacture of other transport equipment"),
    ("C31_C32", "Manufacture of furniture; other manufacturing"),
    ("C33", "Repair and installation of machinery and equipment"),
    ("D35", "Electricity, gas, steam and air conditioning supply"),
    ("E36", "Water collection, treatment and supply"),
    ("E37-E39", "Sewerage; waste collection, treatment and disposal activities; materials "
                "recovery; remediation activities and other waste management services"),
    ("F", "Construction"),
    ("G45", "Wholesale and retail trade and repair of motor vehicles and motorcycles"),
    ("G46", "Wholesale trade, except of motor vehicles and motorcycles"),
    ("G47", "Retail trade, except of motor vehicles and motorcycles"),
    ("H49", "Land transport and transport via pipelines"),
    ("H50", "Water transport"),
    ("H51", "Air transport"),
    ("H52", "Warehousing and support activities for transportation"),
    ("H53", "Postal and courier activities"),
    ("I", "Accommodation and food service activities"),
    ("J58", "Publishing activities"),
    ("J59_J60", "Motion picture, video and television programme production, sound recording "
                "and music publishing activities; programming and broadcasting activities"),
    ("J61", "Telecommunications"),
    ("J62_J63", "Computer programming, consultancy and related activities; information service "
                "activities"),
    ("K64", "Financial service activities, except insurance and pension funding"),
    ("K65", "Insurance, reinsurance and pension funding, except compulsory social security"),
    ("K66", "Activities auxiliary to financial services and insurance activities"),
    ("L68", "Real estate activities"),
    ("M69_M70", "Legal and accounting activities; activities of head offices; management "
                "consultancy activities"),
    ("M71", "Architectural and engineering activities; technical testing and analysis"),
    ("M72", "Scientific research and development"),
    ("M73", "Advertising and market research"),
    ("M74_M75", "Other professional, scientific and technical activities; veterinary "
                "activities"),
    ("N", "Administrative and support service activities"),
    ("O84", "Public administration and defence; compulsory social security"),
    ("P85", "Education"),
    ("Q", "Human health and social work activities"),
    ("R_S", "Other service activities"),
    ("T", "Activities of households as employers; undifferentiated goods- and "
          "services-producing activities of households for own use"),
    ("U", "Activities of extraterritorial organizations and bodies"),
)  # fmt: skip
INDUSTRY_NAME: dict[str, str] = dict(INDUSTRIES_2016)

#: Final-demand codes of the 2016 release, in the order of each country's columns.
FD_CODES: tuple[str, ...] = ("CONS_h", "CONS_np", "CONS_g", "GFCF", "INVEN")

#: Rows of the value-added block that become accounts (extension ``monetary``, USD million):
#: row code -> (account name, description). ``II_fob`` (total intermediate consumption) and
#: ``GO`` (output) are totals, used only to check the table.
VA_ACCOUNTS: dict[str, tuple[str, str]] = {
    "VA": ("value_added", "Value added at basic prices (row VA)"),
    "TXSP": ("taxes_less_subsidies_on_products", "Taxes less subsidies on products (row TXSP)"),
    "EXP_adj": ("cif_fob_adjustments_on_exports", "Cif/fob adjustments on exports (row EXP_adj)"),
    "PURR": ("direct_purchases_abroad_by_residents",
             "Direct purchases abroad by residents (row PURR)"),
    "PURNR": ("purchases_by_non_residents",
              "Purchases on the domestic territory by non-residents (row PURNR)"),
    "IntTTM": ("international_transport_margins", "International transport margins (row IntTTM)"),
}
#: All rows below the data, in the published order.
SUMMARY_ROWS: tuple[str, ...] = ("II_fob", "TXSP", "EXP_adj", "PURR", "PURNR", "VA", "IntTTM",
                                 "GO")
YEAR = re.compile(r"(19|20)\d\d")

META_2016: dict[str, Any] = {
    "source": "World Input-Output Database, 2016 release (Timmer et al. 2016)",
    "doi": "10.1111/roie.12178",
    "url": "https://www.rug.nl/ggdc/valuechain/wiod/wiod-2016-release",
    "version": "2016 release (November 2016)",
    "licence": "WIOD terms of use: free for research with citation (Timmer et al. 2015)",
}


def read_sheet(path: Path, sheet: str | None, what: str) -> tuple[str, list[list[Any]]]:
    """Return (sheet name, rows as lists) of a ``.xlsb``/``.xlsx`` workbook via python-calamine.

    Empty cells are ``""``. ``sheet=None`` takes the first sheet.

    Raises
    ------
    TableReadError
        python-calamine missing; no such file; not a workbook (truncated, corrupt); no such
        sheet.
    """
    try:
        from python_calamine import CalamineWorkbook
    except ModuleNotFoundError as exc:  # pragma: no cover - depends on the environment
        raise TableReadError(
            path, "reading WIOD 2016 Excel files (.xlsb, .xlsx) needs 'python-calamine': "
            "pip install 'interlabor[wiod]'"
        ) from exc
    if not path.is_file():
        raise TableReadError(path, f"no such file; expected {what}")
    try:
        wb = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own error types for corrupt input
        raise TableReadError(
            path, f"cannot open as an Excel workbook ({type(exc).__name__}: {exc}); the file "
            f"may be truncated; expected {what}"
        ) from exc
    try:
        names = list(wb.sheet_names)
        if sheet is not None and sheet not in names:
            raise TableReadError(path, f"no sheet {sheet!r}; the workbook has {names} "
                                 f"(expected {what})")
        if not names:
            raise TableReadError(path, f"the workbook has no sheets; expected {what}")
        name = sheet if sheet is not None else names[0]
        try:
            rows = wb.get_sheet_by_name(name).to_python()
        except Exception as exc:
            raise TableReadError(path, f"cannot read sheet {name!r} ({type(exc).__name__}: "
                                 f"{exc}); the file may be truncated") from exc
    finally:
        wb.close()
    return name, rows


def cell_text(v: object) -> str:
    """A label cell as text (``""`` for empty; floats like ``2014.0`` as ``"2014"``)."""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip() if v is not None else ""


def to_float(
    block: Sequence[Sequence[Any]], path: Path, rows: Sequence[object], cols: Sequence[object],
    *, finite: bool = False,
) -> np.ndarray:
    """Cells -> float64 array; empty cells become NaN (reported by validation with their labels).

    With ``finite``, a cell that holds NaN or an infinity as its value (not an empty cell) is
    an error: for the blocks whose empty cells the readers take as 0.

    Raises
    ------
    TableReadError
        A text cell, or with ``finite`` a NaN or infinite value, naming its row and column.
    """
    arr = np.array(block, dtype=object)
    if arr.ndim != 2:  # ragged rows: a truncated sheet
        raise TableReadError(path, "rows of unequal length; the sheet may be truncated")
    empty = (arr == "") | (arr == None)  # noqa: E711 - elementwise on an object array
    arr[empty] = np.nan
    try:
        out = arr.astype(np.float64)
        if finite and not (np.isfinite(out) | empty).all():
            i, j = np.argwhere(~np.isfinite(out) & ~empty)[0]
            raise TableReadError(path, f"cell {block[i][j]!r} is not a finite number",
                                 row=rows[i], column=cols[j])
        return out
    except (TypeError, ValueError):
        for i, row in enumerate(arr):
            for j, v in enumerate(row):
                try:
                    float(v)
                except (TypeError, ValueError):
                    raise TableReadError(path, f"cell {v!r} is not a number", row=rows[i],
                                         column=cols[j]) from None
        raise  # pragma: no cover - unreachable: some cell failed above


def va_block_accounts(
    summary: Mapping[str, np.ndarray], n: int, x: np.ndarray, release: str
) -> list[Account]:
    """Accounts of the value-added block rows (see :data:`VA_ACCOUNTS`).

    ``summary[code]`` holds the row over the n intermediate columns followed by the final-demand
    columns (R*K); the latter become the account's ``final_demand`` part. Values in columns of
    zero output (where the published table has at most rounding noise) are set to 0 and counted
    in the description.
    """
    out = []
    for code, (name, what) in VA_ACCOUNTS.items():
        row = summary[code]
        vals, fd = row[:n].copy(), row[n:].copy()
        moved = (x <= 0) & (vals != 0)
        vals[x <= 0] = 0.0
        note = f"; {int(moved.sum())} value(s) at zero output set to 0" if moved.any() else ""
        out.append(Account(name, "USD million", vals, fd if fd.size else None,
                           extension="monetary", description=f"{what}, {release}{note}"))
    return out
