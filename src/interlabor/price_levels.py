"""Price levels of the regions of a table: the ratio of PPP to the market exchange rate.

``PL_r = PPP_r / XR_r`` (USA = 1 in every year): what a US dollar's worth at market exchange
rates buys in ``r`` relative to the USA. Used by the price-level drain of the exchange
indicators (:func:`interlabor.exchange.price_level_drain`). Sectoral price levels (the
planner's volumes) are the second part of this module, below.

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

Sectoral price levels (second part): the price of each WIOD 2013 product in each region
relative to **the same US product** (USA = 1 for every product and year), built from the
GGDC Productivity Level Database (2005 benchmark, 35 industries; 2023 release, 12 sectors,
2005/2011/2017) and PWT 10.01 ``pl_gdpo`` relative to the USA (:attr:`PriceLevels.pwt`) by
``tools/build_price_levels.py`` (method in ``docs/planning.md``, "Price levels"), shipped for
the bundled table's year as ``interlabor/data/prices/wiod2013_sectoral.csv``.
:func:`sectoral_levels_for` finds the levels of a table; :func:`sectoral_price_levels` builds
them from the sources' tables.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .data import shipped_path
from .errors import CoverageError, TableReadError
from .groups import rest_of_world
from .io import price_levels as price_files
from .io.price_data import prices_folder, read_pwt, read_wdi_price_level
from .model import MRIO
from .regions import EXIOBASE_ISO2

__all__ = ["GGDC35", "MAJOR_SECTOR", "RULES", "SECTOR12", "SECTORAL_FILE", "TEN_SECTOR",
           "WIOD2013_SECTORS", "PriceLevels", "benchmark_2005", "harmonic_mean",
           "load_price_levels", "move_between", "scale_to_sectors", "sectoral_levels_for",
           "sectoral_price_levels"]

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


# ==== sectoral price levels (the planner's volumes) =========================================
#: The shipped sectoral price levels (``interlabor/data/prices/<name>.csv``).
SECTORAL_FILE = "wiod2013_sectoral"
#: The 35 industries of the WIOD 2013 release, in order.
WIOD2013_SECTORS: tuple[str, ...] = tuple(f"c{i}" for i in range(1, 36))


@functools.lru_cache(maxsize=32)
def _shipped(year: int) -> price_files.PriceLevels | None:
    try:
        path = shipped_path("prices", SECTORAL_FILE)
    except TableReadError:  # pragma: no cover - an installation without the file
        return None
    levels = price_files.read_price_levels(
        path, year=year,
        source=f"sectoral price levels of the WIOD 2013 tables, {year}, same US product = 1 "
        "(GGDC Productivity Level Database 2005 and 2023, PWT 10.01; shipped "
        f"prices/{SECTORAL_FILE}.csv)")
    return levels if levels.rows else None


def sectoral_levels_for(mrio: MRIO) -> price_files.PriceLevels | None:
    """The shipped sectoral price levels of a table, or None when there are none for it.

    A table gets them when it has the WIOD 2013 industries ``c1``-``c35``, money in US
    dollars, a year the shipped file covers (1995-2011) and exactly the file's regions
    (the 40 WIOD countries and ``RoW``).

    Returns
    -------
    PriceLevels or None
        One row per region and sector: the price relative to the same US product.
    """
    if (mrio.year is None or tuple(mrio.sectors) != WIOD2013_SECTORS
            or mrio.money.currency != "USD"):
        return None
    levels = _shipped(int(mrio.year))
    if levels is None or {r.region for r in levels.rows} != set(mrio.regions):
        return None
    return levels


# ---- building the sectoral price levels (tools/build_price_levels.py) ----------------------
#: GGDC's codes of the 35 WIOD industries (ISIC Rev. 3 groups), in the order c1-c35.
GGDC35: tuple[str, ...] = (
    "AtB", "C", "15t16", "17t18", "19", "20", "21t22", "23", "24", "25", "26", "27t28", "29",
    "30t33", "34t35", "36t37", "E", "F", "50", "51", "52", "H", "60", "61", "62", "63", "64",
    "J", "70", "71t74", "L", "M", "N", "O", "P")
#: The 10-sector group of each WIOD industry (GGDC 2005 benchmark, sheet Hierarchy): the
#: major sector a missing industry is filled from.
TEN_SECTOR: tuple[str, ...] = (
    "AtB", "C", *("D",) * 14, "E", "F", "G", "G", "G", "H", "I", "I", "I", "I", "I", "JtK", "JtK",
    "JtK", "LtP", "LtP", "LtP", "LtP", "LtP")
#: The 12 sectors of the GGDC PLD 2023 release (ISIC Rev. 4) each WIOD industry belongs to:
#: agr A; min B; man C (c3-c16); pu D+E (c17); con F; trd G+I (c19-c22: motor trade,
#: wholesale, retail, hotels and restaurants); tra H (c23-c26); bus J+M+N (c27 post and
#: telecommunications, mostly telecommunications, and c30 renting and business services);
#: fin K (c28); dwe L (c29); pub O+P+Q (c31-c33); oth R+S+T+U (c34, c35).
SECTOR12: tuple[str, ...] = (
    "agr", "min", *("man",) * 14, "pu", "con", "trd", "trd", "trd", "trd", "tra", "tra", "tra",
    "tra", "bus", "fin", "dwe", "bus", "pub", "pub", "pub", "oth", "oth")

#: The major sector of each WIOD industry (sheet Hierarchy, MajorSector_2): the second
#: fallback, where the 10-sector level is missing or not positive too.
MAJOR_SECTOR: tuple[str, ...] = (
    "Other goods", "Other goods", *("Manufacturing",) * 14, "Other goods", "Other goods",
    *("Market services",) * 10, "Non-market services", "Market services",
    *("Non-market services",) * 3, "Market services", "Market services")

RULES = {
    "b2005": "2005: GGDC 35-industry benchmark over the same US industry",
    "b2005_sector": "2005: industry missing (or implausible) in the benchmark, its 10-sector "
                    "group's level (or, where that is missing too, its major sector's)",
    "b2011": "2011: GGDC PLD 2023 sector level x the 2005 benchmark's pattern within it",
    "b2023_avg": "GGDC PLD 2023 sector level x the average 2005 pattern within it (no 35-"
                 "industry benchmark for this region)",
    "moved": "moved from the nearest benchmark with the country's PWT pl_gdpo relative to "
             "the USA",
    "interp": "between the 2005 and 2011 benchmarks: both moved with PWT pl_gdpo relative to "
              "the USA, geometric mean weighted by distance",
}


def harmonic_mean(levels: np.ndarray, weights: np.ndarray, axis: int = -1) -> np.ndarray:
    """Value-weighted harmonic mean ``sum w / sum (w / p)``: the price level of an aggregate.

    A value ``w_i`` at price level ``p_i`` is ``w_i / p_i`` units at the reference's prices; the
    aggregate's level is its value over its units. Zero total weight: equal weights.
    """
    w = np.asarray(weights, dtype=float)
    p = np.asarray(levels, dtype=float)
    tot = w.sum(axis=axis, keepdims=True)
    w = np.where(tot > 0, w, 1.0)
    return w.sum(axis=axis) / (w / p).sum(axis=axis)


#: Relative prices (over the same US industry) below this are treated as missing: the
#: benchmark's CYP mining (-0.49) and LUX leather (1e-7, an industry of almost no output).
IMPLAUSIBLE_BELOW = 0.02


def _positive(df: pd.DataFrame, us: pd.Series) -> pd.DataFrame:
    rel = df.astype(float) / us.astype(float)
    return rel.where(rel >= IMPLAUSIBLE_BELOW)


def benchmark_2005(go35: pd.DataFrame, go10: pd.DataFrame, major: pd.DataFrame
                   ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The 2005 benchmark over the same US industry, missing industries from their sector.

    Parameters
    ----------
    go35 : DataFrame
        Index ISO3 country (``USA`` among them), columns :data:`GGDC35`: gross-output relative
        prices of 2005 (USA GDP = 1), NaN where missing.
    go10 : DataFrame
        Same index, columns the 10 sectors of :data:`TEN_SECTOR`.
    major : DataFrame
        Same index, columns the major sectors of :data:`MAJOR_SECTOR`.

    Returns
    -------
    levels : DataFrame
        Index country, columns ``c1``-``c35``: ``go35[c, i] / go35[USA, i]``; an industry
        missing there, or below :data:`IMPLAUSIBLE_BELOW`, ``go10[c, S] / go10[USA, S]`` of
        its 10-sector group ``S``, else the same of its major sector.
    filled : DataFrame of bool
        Where a sector's level stands in for the industry's.
    """
    rel35 = _positive(go35[list(GGDC35)], go35.loc["USA", list(GGDC35)])
    rel10 = _positive(go10, go10.loc["USA"])
    relm = _positive(major, major.loc["USA"])
    from_sector = rel10[list(TEN_SECTOR)].to_numpy()
    from_sector = np.where(np.isnan(from_sector), relm[list(MAJOR_SECTOR)].to_numpy(),
                           from_sector)
    miss = rel35.isna().to_numpy()
    out = np.where(miss, from_sector, rel35.to_numpy())
    cols = list(WIOD2013_SECTORS)
    return (pd.DataFrame(out, index=go35.index, columns=cols),
            pd.DataFrame(miss, index=go35.index, columns=cols))


def scale_to_sectors(pattern: np.ndarray, sector_level: Mapping[str, Any],
                     weights: np.ndarray) -> np.ndarray:
    """Industry levels with the 12-sector levels and the pattern within each sector.

    ``p_i = k_G pattern_i`` with ``k_G`` chosen so that the value-weighted harmonic mean of
    the group's industries equals ``sector_level[G]`` (the group's volume is the one its
    sector level gives).
    """
    out = np.empty_like(np.asarray(pattern, dtype=float))
    for g in set(SECTOR12):
        idx = [i for i, s in enumerate(SECTOR12) if s == g]
        h = harmonic_mean(pattern[..., idx], weights[..., idx])
        out[..., idx] = pattern[..., idx] * (np.asarray(sector_level[g]) / h)[..., None]
    return out


def move_between(level_a: np.ndarray, level_b: np.ndarray | None, move: pd.Series, year: int,
                 a: int = 2005, b: int = 2011) -> np.ndarray:
    """Levels of ``year`` from the benchmarks of years ``a`` and ``b`` and the country's move.

    ``move`` is the country's price level relative to the USA by year. Before ``a`` (or with
    no ``b``): ``level_a * move[year] / move[a]``; after ``b``: from ``b``; in between the
    geometric mean of both moved, weighted ``(b - year) / (b - a)`` and ``(year - a) / (b - a)``
    (the benchmarks themselves at their years).
    """
    ma = level_a * move[year] / move[a]
    if level_b is None or year <= a:
        return ma
    mb = level_b * move[year] / move[b]
    if year >= b:
        return mb
    t = (year - a) / (b - a)
    return np.exp((1 - t) * np.log(ma) + t * np.log(mb))


def _avg_pattern(levels: pd.DataFrame) -> np.ndarray:
    """Geometric-mean pattern within the 12 sectors across the benchmark's countries, (35,)."""
    logs = np.log(levels.to_numpy(dtype=float))
    out = np.empty(len(SECTOR12))
    for g in set(SECTOR12):
        idx = [i for i, s in enumerate(SECTOR12) if s == g]
        out[idx] = (logs[:, idx] - logs[:, idx].mean(axis=1, keepdims=True)).mean(axis=0)
    return np.exp(out)


def sectoral_price_levels(go35: pd.DataFrame, go10: pd.DataFrame, major: pd.DataFrame,
                          pld: pd.DataFrame,
                          move: pd.DataFrame, output: dict[int, pd.DataFrame],
                          regions: tuple[str, ...], years: tuple[int, ...],
                          rest: str = "RoW") -> pd.DataFrame:
    """Sectoral price levels of the WIOD 2013 tables, the same US product = 1.

    Parameters
    ----------
    go35, go10, major : DataFrame
        GGDC 2005 benchmark, gross-output relative prices (USA GDP = 1) of the 35
        industries (:data:`GGDC35`), of the 10 sectors and of the major sectors, index ISO3
        country.
    pld : DataFrame
        GGDC PLD 2023 release: columns ``countrycode, year, sector, VA, PPP_y, xr`` (the
        relative price of a sector is ``PPP_y / xr``, relative to the same US sector).
    move : DataFrame
        Country price levels relative to the USA of the same year, index ISO3 country,
        columns years: PWT 10.01 ``pl_gdpo`` over the USA's (:attr:`PriceLevels.pwt` of
        :func:`load_price_levels`; one vintage for all 40 countries, Taiwan included).
    output : dict
        Year (2005, 2011) -> WIOD gross output (US$), index region, columns ``c1``-``c35``:
        the weights within a 12-sector group.
    regions : tuple of str
        WIOD regions (ISO3 of the 40 countries and ``rest``).
    years : tuple of int
    rest : str
        The rest of the world: the countries of the 2023 release outside ``regions``,
        value-added weighted.

    Returns
    -------
    DataFrame
        Columns ``region, sector, year, price_level, rule`` (keys of :data:`RULES`),
        USA 1 for every product and year.

    Raises
    ------
    KeyError
        A region or year that a source lacks where no rule covers it.
    """
    b05, filled = benchmark_2005(go35, go10, major)
    avg = _avg_pattern(b05.dropna())
    pld = pld.assign(level=pld["PPP_y"] / pld["xr"], va_usd=(pld["VA"] / pld["xr"]).clip(0))
    sect = {y: pld[pld["year"] == y].pivot(index="countrycode", columns="sector",
                                           values="level") for y in (2005, 2011)}
    others = sorted(set(pld["countrycode"]) - set(regions))
    va = pld[pld["countrycode"].isin(others)]
    w_rest = va[va["year"] == 2011].groupby("countrycode")["va_usd"].sum()
    rest_sect = {}
    for y in (2005, 2011):
        v = va[va["year"] == y]
        rest_sect[y] = {g: float(harmonic_mean(grp["level"].to_numpy(), grp["va_usd"].to_numpy()))
                        for g, grp in v.groupby("sector")}
    known = [c for c in others if c in move.index]
    mv = move.loc[known].where(move.loc[known] > 0)
    wk = w_rest.reindex(known).fillna(0).to_numpy()
    rest_move = pd.Series({y: float(harmonic_mean(mv[y].dropna().to_numpy(),
                                                  wk[mv[y].notna().to_numpy()]))
                           for y in move.columns if mv[y].notna().any()})
    rows = []
    cols = list(WIOD2013_SECTORS)
    for r in regions:
        w05 = output[2005].loc[r, cols].to_numpy(dtype=float).clip(0)
        w11 = output[2011].loc[r, cols].to_numpy(dtype=float).clip(0)
        lev11: np.ndarray | None
        if r == rest:
            lev05 = scale_to_sectors(avg, rest_sect[2005], w05)
            lev11 = scale_to_sectors(avg, rest_sect[2011], w11)
            m, rule05, rule11 = rest_move, ["b2023_avg"] * 35, "b2023_avg"
        else:
            m = move.loc[r]
            if r in b05.index:
                lev05 = b05.loc[r].to_numpy()
                rule05 = ["b2005_sector" if f else "b2005" for f in filled.loc[r]]
                pat, rule11 = lev05, "b2011"
            else:  # no 35-industry benchmark (Taiwan): the 2023 release's 2005 sectors
                lev05 = scale_to_sectors(avg, sect[2005].loc[r].to_dict(), w05)
                rule05, pat, rule11 = ["b2023_avg"] * 35, avg, "b2023_avg"
            lev11 = (scale_to_sectors(pat, sect[2011].loc[r].to_dict(), w11)
                     if r in sect[2011].index else None)
        for y in years:
            lev = move_between(lev05, lev11, m, y)
            if y == 2005:
                rule = rule05
            elif y == 2011 and lev11 is not None:
                rule = [rule11] * 35
            else:
                rule = ["interp" if 2005 < y < 2011 and lev11 is not None else "moved"] * 35
            rows += [(r, s, y, float(v), k) for s, v, k in zip(cols, lev, rule, strict=True)]
    out = pd.DataFrame(rows, columns=["region", "sector", "year", "price_level", "rule"])
    return out
