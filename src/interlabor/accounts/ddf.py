"""Long tables of one indicator by country and year (``geo,time,value``), as open-numbers publish.

Gapminder's Systema Globalis (ILO modelled estimates, population) and open-numbers' Penn World
Table are published as DDF CSV files: a key column for the country (Gapminder's lower-case ids,
mostly ISO 3166-1 alpha-3 in lower case), a key column for the year and one value column.
:func:`read_series` reads one such file into an ISO3 x year table; :func:`read_geo_iso3` reads
Gapminder's country entities (``ddf--entities--geo--country.csv``), which map its ids to ISO3.

Sources: Gapminder Systema Globalis (open-numbers/ddf--gapminder--systema_globalis, CC BY 4.0);
Penn World Table 10.01 (Feenstra, Inklaar & Timmer 2015, AER 105(10); CC BY 4.0), as
republished by open-numbers.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import TableReadError
from .ilo import _numeric, _read_csv

__all__ = ["EXTRA_IDS", "read_geo_iso3", "read_series"]

#: Gapminder ids without an ISO3 code in the entities file, and the code the ILO uses.
EXTRA_IDS: dict[str, str] = {"chanisl": "CHI"}  # Channel Islands


def read_geo_iso3(path: str | Path) -> dict[str, str]:
    """Gapminder country id -> ISO3 code (plus :data:`EXTRA_IDS`).

    Raises
    ------
    TableReadError
        Missing file or columns ``country``, ``iso3166_1_alpha3``.
    """
    df = _read_csv(Path(path), ["country", "iso3166_1_alpha3"])
    ok = df["iso3166_1_alpha3"].notna()
    out = dict(zip(df.loc[ok, "country"].astype(str),
                   df.loc[ok, "iso3166_1_alpha3"].astype(str).str.upper(), strict=True))
    return {**EXTRA_IDS, **out}


def read_series(
    path: str | Path,
    *,
    keys: tuple[str, str] = ("geo", "time"),
    ids: Mapping[str, str] | None = None,
    bounds: tuple[float, float] = (0.0, np.inf),
    scale: float = 1.0,
) -> pd.DataFrame:
    """Read a DDF datapoints file into a country x year table.

    Parameters
    ----------
    path : str or Path
        ``ddf--datapoints--<indicator>--by--<geo>--<time>.csv``; the value column is the one
        column that is not a key.
    keys : (str, str)
        Names of the country and year columns.
    ids : mapping, optional
        Country id -> ISO3 (:func:`read_geo_iso3`); ids not in it are upper-cased (ISO3 in
        lower case, the convention of these files). Rows whose id maps to nothing are dropped.
    bounds : (float, float)
        Valid range of the values (inclusive); a value outside is an error naming its row.
    scale : float
        Multiplier applied to the values (``0.01`` for percentages).

    Returns
    -------
    DataFrame
        Index ISO3 code, columns year (int), values (NaN: no value).

    Raises
    ------
    TableReadError
        Missing file or column, non-numeric value, value out of bounds, or a duplicated
        country-year record.
    """
    path = Path(path)
    geo, time = keys
    df = _read_csv(path, [geo, time])
    values = [c for c in df.columns if c not in keys]
    if len(values) != 1:
        raise TableReadError(path, f"expected one value column beside {list(keys)}, found "
                             f"{values}")
    col = values[0]
    df["_t"] = _numeric(df, time, path, geo)
    df["_v"] = _numeric(df, col, path, geo)
    df = df.dropna(subset=["_t", "_v"])
    bad = ~df["_v"].between(*bounds)
    if bad.any():
        r = df[bad].iloc[0]
        raise TableReadError(path, f"value {r['_v']} outside [{bounds[0]}, {bounds[1]}]",
                             row=f"{r[geo]} {int(r['_t'])}", column=col)
    table = ids or {}
    df["_iso"] = [table.get(str(g), str(g).upper()) for g in df[geo]]
    dup = df.duplicated(["_iso", "_t"])
    if dup.any():
        r = df[dup].iloc[0]
        raise TableReadError(path, "duplicated country-year record", row=f"{r[geo]} "
                             f"{int(r['_t'])}")
    out = df.pivot(index="_iso", columns="_t", values="_v").sort_index(axis=1) * scale
    out.index = out.index.astype(str)
    out.index.name = "iso3"
    out.columns = out.columns.astype(int)
    out.attrs["path"] = str(path)
    return out
