"""Gapminder's long tables of one indicator by country and year, with its country ids.

Gapminder's Systema Globalis (ILO modelled estimates, population) publishes DDF CSV files
``geo,time,value`` whose country ids are mostly ISO 3166-1 alpha-3 in lower case; its country
entities (``ddf--entities--geo--country.csv``) give the ISO3 code of each id, and a few ids
have none (:data:`EXTRA_IDS`). :func:`read_series` reads one file with
:func:`interlabor.io.price_data.read_country_year` and maps the ids to ISO3.

Source: Gapminder Systema Globalis (open-numbers/ddf--gapminder--systema_globalis, CC BY 4.0).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from ..io.price_data import read_country_year
from .ilo import _read_csv

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
    ids: Mapping[str, str] | None = None,
    bounds: tuple[float, float] = (0.0, np.inf),
    scale: float = 1.0,
) -> pd.DataFrame:
    """Read a DDF datapoints file into a country (ISO3) x year table.

    Parameters
    ----------
    path : str or Path
        ``ddf--datapoints--<indicator>--by--<geo>--<time>.csv`` (country, year, value).
    ids : mapping, optional
        Country id -> ISO3 (:func:`read_geo_iso3`); ids not in it are upper-cased.
    bounds, scale
        As for :func:`~interlabor.io.price_data.read_country_year`.

    Raises
    ------
    TableReadError
        As :func:`~interlabor.io.price_data.read_country_year`.
    """
    table = read_country_year(path, bounds=bounds, scale=scale)
    upper = {str(k).upper(): v for k, v in (ids or {}).items()}
    table.index = pd.Index([upper.get(c, c) for c in table.index], name="iso3")
    return table
