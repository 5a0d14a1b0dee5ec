"""Price levels of the regions of a table: the ratio of PPP to the market exchange rate.

``PL_r = PPP_r / XR_r`` (USA = 1 in every year): what a US dollar's worth at market exchange
rates buys in ``r`` relative to the USA. Used by the price-level drain of the exchange
indicators (:func:`interlabor.exchange.price_level_drain`). Sectoral price levels (the
planner's) are to join this module.

Rules, in order, for region ``r`` and year ``t`` (the rule used is in ``attrs["rules"]``):

1. ``wdi``: World Bank WDI ``PA.NUS.PPPC.RF`` (ICP 2011-based vintage), when it has ``r, t``;
2. ``pwt``: Penn World Table 10.01 ``pl_gdpo`` divided by the USA's ``pl_gdpo`` of ``t`` (PWT's
   levels are relative to the USA in 2017), e.g. Taiwan, which the WDI does not cover;
3. ``rest-of-world``: an aggregate rest-of-world region (``RoW``, ``ROW``) is every PWT economy
   outside the table: ``sum_i GDP_i PL_i / sum_i GDP_i`` with ``GDP_i`` PWT's ``cgdpo``
   (output-side GDP at current PPPs), i.e. their GDP at market exchange rates over their
   GDP at PPP, ``PL_i`` by rules 1-2.

A table with several rest-of-world regions (EXIOBASE's ``WA WE WF WL WM``) needs their
membership, which is not here: an error names them. The two sources are different vintages
(WDI ICP 2011, PWT ICP 2017 based); for 2011 they agree within 0.01-0.02 for CHN, IND, DEU
(``../shared/data/README.md``); every output names the source of each region.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import CoverageError
from .groups import rest_of_world
from .io.price_data import prices_folder, read_pwt, read_wdi_price_level
from .regions import EXIOBASE_ISO2

__all__ = ["PriceLevels", "load_price_levels"]

SOURCE = ("WDI PA.NUS.PPPC.RF (price level ratio of the GDP PPP conversion factor to the "
          "market exchange rate, ICP 2011-based vintage, via open-numbers); where WDI has "
          "none, PWT 10.01 pl_gdpo over the USA's of the same year")


@dataclass(frozen=True, eq=False)
class PriceLevels:
    """Country price levels of many years, from WDI with PWT where WDI has none.

    Attributes
    ----------
    wdi, pwt : DataFrame
        ISO3 x year price level ratios (USA = 1 each year); ``pwt`` already divided by the
        USA's ``pl_gdpo`` of the year.
    gdp_ppp : DataFrame
        PWT ``cgdpo`` (million 2017 US$ at current PPPs), ISO3 x year: weights of the
        rest of the world.
    folder : str
    """

    wdi: pd.DataFrame
    pwt: pd.DataFrame
    gdp_ppp: pd.DataFrame
    folder: str

    def country(self, iso3: str, year: int) -> tuple[float, str]:
        """Price level ratio of one economy and the rule used (``wdi`` or ``pwt``).

        Raises
        ------
        CoverageError
            If neither source has the economy in ``year``.
        """
        for rule, table in (("wdi", self.wdi), ("pwt", self.pwt)):
            if iso3 in table.index and year in table.columns:
                v = float(table.loc[iso3, year])
                if np.isfinite(v) and v > 0:
                    return v, rule
        raise CoverageError(f"no price level for {iso3} in {year} in WDI PA.NUS.PPPC.RF or PWT "
                            f"10.01 pl_gdpo ({self.folder})")

    def rest_of(self, countries: Iterable[str], year: int) -> tuple[float, int]:
        """Price level of every PWT economy not in ``countries``, and how many there are."""
        skip = set(countries)
        if year not in self.gdp_ppp.columns:
            raise CoverageError(f"no PWT cgdpo for {year} ({self.folder})")
        gdp = self.gdp_ppp[year].dropna()
        num = den = 0.0
        n = 0
        for iso3, g in gdp.items():
            if iso3 in skip or g <= 0:
                continue
            try:
                pl, _ = self.country(str(iso3), year)
            except CoverageError:
                continue
            num, den, n = num + g * pl, den + g, n + 1
        if den <= 0:
            raise CoverageError(f"no economy outside the table has PWT cgdpo and a price level "
                                f"in {year}")
        return num / den, n

    def for_regions(self, regions: Iterable[str], year: int | None) -> pd.Series:
        """Price level ratio of each region of a table in ``year``.

        Parameters
        ----------
        regions : iterable of str
            ISO3 codes (EXIOBASE's ISO2 are mapped), and at most one aggregate rest-of-world
            region (``RoW``, ``ROW``).
        year : int

        Returns
        -------
        Series
            Index region (table order), values PPP over market exchange rate (USA = 1);
            ``attrs["source"]`` names sources, vintages and the rules used,
            ``attrs["rules"]`` gives the rule of each region.

        Raises
        ------
        CoverageError
            Without a year, with several rest-of-world regions, or for an economy neither
            source covers in ``year``.
        """
        regions = list(regions)
        if year is None:
            raise CoverageError("price levels are read for the table's year; the table has none")
        row = rest_of_world(regions)
        if len(row) > 1:
            raise CoverageError(f"price levels of several rest-of-world regions "
                                f"({', '.join(row)}) need their membership; not available")
        iso = {r: EXIOBASE_ISO2.get(r, r) for r in regions if r not in row}
        values, rules = {}, {}
        for r, code in iso.items():
            values[r], rules[r] = self.country(code, int(year))
        note = ""
        for r in row:
            values[r], n = self.rest_of(iso.values(), int(year))
            rules[r] = f"rest-of-world: {n} PWT economies outside the table, GDP-weighted"
            note = f"; {r}: {rules[r]} (cgdpo)"
        out = pd.Series([values[r] for r in regions], index=pd.Index(regions, name="region"),
                        name="price_level")
        used = sorted({v for v in rules.values() if v in ("wdi", "pwt")})
        by_pwt = [r for r, v in rules.items() if v == "pwt"]
        out.attrs = {
            "source": f"{SOURCE}; {year}; rules used: {', '.join(used)}"
            + (f" (PWT for {', '.join(by_pwt)})" if by_pwt else "") + note,
            "rules": rules, "year": int(year),
        }
        return out


@functools.lru_cache(maxsize=4)
def _load(folder: str) -> PriceLevels:
    wdi = read_wdi_price_level(folder)
    pl = read_pwt(folder, "pl_gdpo")
    if "USA" not in pl.index:
        raise CoverageError(f"PWT pl_gdpo in {folder} has no USA row to divide by")
    pwt = pl / pl.loc["USA"]
    return PriceLevels(wdi, pwt, read_pwt(folder, "cgdpo"), folder)


def load_price_levels(folder: str | Path) -> PriceLevels:
    """Read the WDI and PWT price levels under ``folder`` (cached per folder).

    Parameters
    ----------
    folder : str or Path
        The folder with ``wdi/`` and ``pwt1001/`` (``../shared/data/prices``), or its parent.

    Raises
    ------
    TableReadError
        A file is missing or malformed.
    CoverageError
        PWT has no USA row.
    """
    return _load(str(prices_folder(folder).resolve()))
