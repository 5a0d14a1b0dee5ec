"""Country-year series of the shared price and income data: price levels, GDP, labour shares.

Files (long tables ``country,year,value`` as open-numbers and ILOSTAT publish them; country
codes lower-case ISO 3166-1 alpha-3):

=================================  =================================================  ============
series                             file (under the data folder)                        source
=================================  =================================================  ============
price level ratio, USA = 1         ``prices/wdi/ddf--datapoints--pa_nus_pppc_rf--``    WDI
                                   ``by--geo--time.csv`` (``PA.NUS.PPPC.RF``)
PWT variables (``pl_gdpo``,        ``prices/pwt1001/ddf--datapoints--<var>--by--``     PWT 10.01
``cgdpo``, ``labsh``, ...)         ``country--year.csv``
ILO labour income share (% GDP)    ``ilo/labour_income_share_WIOD40_2004-2011.csv``    ILOSTAT
=================================  =================================================  ============

Sources: World Bank, World Development Indicators, ``PA.NUS.PPPC.RF`` "Price level ratio of
PPP conversion factor (GDP) to market exchange rate" (ICP 2011-based vintage, 1990-2018; CC BY
4.0), via open-numbers; Feenstra, R. C., Inklaar, R. & Timmer, M. P. (2015), "The Next
Generation of the Penn World Table", American Economic Review 105(10): 3150-3182, PWT 10.01
(CC BY 4.0), via open-numbers; ILOSTAT ``LAP_2GDP_NOC_RT`` (labour income share as a percent of
GDP, ILO modelled estimates, adjusted for the self-employed; CC BY 4.0).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import TableReadError

__all__ = [
    "ILO_LABOUR_SHARE",
    "PWT",
    "WDI_PRICE_LEVEL",
    "prices_folder",
    "read_country_year",
    "read_ilo_labour_share",
    "read_pwt",
    "read_wdi_price_level",
]

#: WDI price level ratio, relative to the ``prices`` folder.
WDI_PRICE_LEVEL = "wdi/ddf--datapoints--pa_nus_pppc_rf--by--geo--time.csv"
#: PWT 10.01 variable files, relative to the ``prices`` folder (``{var}`` filled in).
PWT = "pwt1001/ddf--datapoints--{var}--by--country--year.csv"
#: ILO labour income share, relative to the data folder (the parent of ``ilo/``).
ILO_LABOUR_SHARE = "ilo/labour_income_share_WIOD40_2004-2011.csv"


def prices_folder(folder: str | Path) -> Path:
    """The folder with ``wdi/`` and ``pwt1001/``: ``folder`` itself or its ``prices/``."""
    p = Path(folder)
    return p / "prices" if (p / "prices").is_dir() and not (p / "wdi").is_dir() else p


def read_country_year(path: str | Path, *, bounds: tuple[float, float] = (0.0, np.inf),
                      scale: float = 1.0) -> pd.DataFrame:
    """Read a long table of one series (columns: country, year, value) into country x year.

    Parameters
    ----------
    path : str or Path
        CSV whose first column is the country code (ISO3, any case), second the year, third
        the value (a header line names them; other columns are not allowed).
    bounds : (float, float)
        Valid range of the values (inclusive); a value outside is an error naming its row.
    scale : float
        Multiplier of the values (``0.01`` for percentages).

    Returns
    -------
    DataFrame
        Index upper-case ISO3 code (``iso3``), columns year (int); NaN where there is no value.
        ``attrs["path"]`` is the file.

    Raises
    ------
    TableReadError
        Missing file, not three columns, a non-numeric year or value, a value out of bounds,
        or a duplicated country-year record.
    """
    p = Path(path)
    try:
        df = pd.read_csv(p, dtype=str, keep_default_na=False)
    except FileNotFoundError as exc:
        raise TableReadError(p, "file not found") from exc
    except (OSError, ValueError) as exc:
        raise TableReadError(p, f"not a readable CSV ({exc})") from exc
    if df.shape[1] != 3:
        raise TableReadError(p, f"expected three columns (country, year, value), found "
                             f"{list(df.columns)}")
    geo, time, col = df.columns
    years = pd.to_numeric(df[time], errors="coerce")
    values = pd.to_numeric(df[col].where(df[col] != ""), errors="coerce")
    bad = years.isna() | (values.isna() & (df[col] != ""))
    if bad.any():
        r = df[bad].iloc[0]
        raise TableReadError(p, f"non-numeric year or value {r[time]!r}, {r[col]!r}",
                             row=str(r[geo]), column=col)
    out = pd.DataFrame({"iso3": df[geo].str.strip().str.upper(), "year": years.astype(int),
                        "value": values * scale}).dropna(subset=["value"])
    outside = ~out["value"].between(bounds[0] * scale, bounds[1] * scale)
    if outside.any():
        r = out[outside].iloc[0]
        raise TableReadError(p, f"value {r['value'] / scale} outside [{bounds[0]}, "
                             f"{bounds[1]}]", row=f"{r['iso3']} {r['year']}", column=col)
    series = out.set_index(["iso3", "year"])["value"]
    if series.index.has_duplicates:
        iso3, year = series.index[series.index.duplicated()][0]
        raise TableReadError(p, "duplicated country-year record", row=f"{iso3} {year}")
    table = series.unstack("year").sort_index(axis=1)
    table.columns = table.columns.astype(int)
    table.attrs["path"] = str(p)
    return table


def read_wdi_price_level(prices: str | Path) -> pd.DataFrame:
    """WDI ``PA.NUS.PPPC.RF``: price level ratio (PPP / market exchange rate, USA = 1).

    Parameters
    ----------
    prices : str or Path
        The folder with ``wdi/`` (:func:`prices_folder` of the data folder).

    Raises
    ------
    TableReadError
        As :func:`read_country_year` (values must be positive).
    """
    return read_country_year(prices_folder(prices) / WDI_PRICE_LEVEL, bounds=(1e-9, np.inf))


def read_pwt(prices: str | Path, var: str,
             bounds: tuple[float, float] = (-np.inf, np.inf)) -> pd.DataFrame:
    """One PWT 10.01 variable (``pl_gdpo``, ``cgdpo``, ``labsh``, ...), ISO3 x year.

    PWT keeps a few flagged outliers (``i_outlier``), e.g. a negative ``pl_gdpo`` of Bermuda
    in 1999: by default every finite value is read and the caller decides what is usable.

    Raises
    ------
    TableReadError
        As :func:`read_country_year` (values within ``bounds``).
    """
    return read_country_year(prices_folder(prices) / PWT.format(var=var), bounds=bounds)


def read_ilo_labour_share(data: str | Path) -> pd.DataFrame:
    """ILO labour income share of GDP (``LAP_2GDP_NOC_RT``) as a fraction, ISO3 x year.

    Parameters
    ----------
    data : str or Path
        The folder with ``ilo/`` (e.g. ``../shared/data``).

    Raises
    ------
    TableReadError
        As :func:`read_country_year`; percentages must lie in [0, 100].
    """
    return read_country_year(Path(data) / ILO_LABOUR_SHARE, bounds=(0.0, 100.0), scale=0.01)
