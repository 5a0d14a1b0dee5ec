"""WIOD 2013 release world input-output tables (41 regions x 35 industries, 1995-2011).

Reads the R data files ``wiot_YYYY.RData`` of the R package ``wiod`` (a list with ``inter``
Z 1435x1435, ``final`` 1435x205, ``output``, ``countries``, ``industries``, ``year``).
The tables carry no value-added rows; interlabor derives the account ``value_added`` as
``x - 1'Z``, which is value added at basic prices *plus* net taxes on products and
international transport margins (both are inputs in the published table's value-added block).

Source: Timmer, M. P., Dietzenbacher, E., Los, B., Stehrer, R. & de Vries, G. J. (2015).
An Illustrated User Guide to the World Input-Output Database: the Case of Global Automotive
Production. *Review of International Economics* 23: 575-605. https://doi.org/10.1111/roie.12178
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import TableReadError
from ..model import MRIO, Account, build_mrio
from ..regions import to_iso3
from ..units import MonetaryUnit
from .base import register

__all__ = [
    "FINAL_DEMAND_CATEGORIES",
    "INDUSTRIES",
    "WIOD2013_META",
    "read_wiod2013_rdata",
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
    ("c21", "52", "Retail Trade, Except of Motor Vehicles and Motorcycles; Repair of Household Goods"),
    ("c22", "H", "Hotels and Restaurants"),
    ("c23", "60", "Inland Transport"),
    ("c24", "61", "Water Transport"),
    ("c25", "62", "Air Transport"),
    ("c26", "63", "Other Supporting and Auxiliary Transport Activities; Activities of Travel Agencies"),
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
    """The account ``x - 1'Z`` (value added plus net taxes and margins), 0 where x <= 0.

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
        41 regions x 35 industries, 5 final-demand categories, account ``value_added``.

    Raises
    ------
    TableReadError
        Missing, truncated or corrupt file, or a list without the expected elements.
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
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            content = rdata.read_rda(p)
    except Exception as exc:  # rdata raises many types for truncated/corrupt input
        raise TableReadError(
            p, f"cannot parse as R data ({type(exc).__name__}: {exc}); the file may be truncated"
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
    Z = np.asarray(t["inter"], dtype=np.float64)
    Y = np.asarray(t["final"], dtype=np.float64)
    x_pub = np.asarray(t["output"], dtype=np.float64).ravel()
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
        year: int | None = int(np.asarray(year_arr).ravel()[0])
    else:
        m = _YEAR.search(p.name)
        year = int(m.group(0)) if m else None
    x_sum = Z.sum(axis=1) + Y.sum(axis=1)
    use_pub = bool(options.pop("use_published_x", False))
    if options:
        raise TypeError(f"unknown option(s) for the WIOD 2013 reader: {sorted(options)}")
    x_used = x_pub if use_pub else x_sum
    return build_mrio(
        Z,
        Y,
        regions=to_iso3(countries, "wiod2013"),
        source_regions=countries,
        sectors=codes,
        sector_names=[name for _, _, name in INDUSTRIES],
        categories=[c for c, _ in FINAL_DEMAND_CATEGORIES],
        accounts=[value_added_account(Z, x_used)],
        money=MonetaryUnit("USD", 1e6, year, "basic prices"),
        year=year,
        meta={**WIOD2013_META, "file": p.name},
        x_published=x_pub,
        use_published_x=use_pub,
        # integers rounded to US$ 1 million: 1435 + 205 rounded entries per row
        balance_atol=150.0,
        balance_rtol=1e-3,
        origin=str(p),
        warn=warn,
    )


class _WIOD2013RData:
    name = "wiod2013"

    def can_read(self, path: Path) -> bool:
        return path.is_file() and path.suffix.lower() in {".rdata", ".rda"} and "wiot" in path.name

    def read(self, path: Path, **options: Any) -> MRIO:
        return read_wiod2013_rdata(path, **options)


register(_WIOD2013RData())
