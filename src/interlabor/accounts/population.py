"""Population by region for WIOD 2013 tables (per-capita results), and reading it back.

Sources (``<data>/population/``):

``wb_SP.POP.TOTL.csv``
    World Bank WDI ``SP.POP.TOTL``, total population (persons), 1960-2024, countries and
    aggregates (``WLD`` = world); no Taiwan as a country, but Taiwan is inside the World Bank's
    world total (the world less the World Bank's countries is 23.2 million in 2011; Gapminder's
    Taiwan 23.1 million). CC BY 4.0, via the datasets/population data package (ODC-PDDL).
``gapminder_total_population.csv``
    Gapminder's total population (UN World Population Prospects based, 4 significant figures),
    which has Taiwan (``twn``). CC BY 4.0.

Each country's population is the World Bank's; Taiwan's is Gapminder's; the rest of the world
(``RoW``) is the World Bank's world total minus the table's countries.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import AccountNotFoundError, CoverageError, TableReadError
from ..model import MRIO
from .ddf import read_series
from .ilo import _numeric, _read_csv

__all__ = ["POPULATION", "Population", "population_by_region", "read_population"]

WB_FILE = "wb_SP.POP.TOTL.csv"
GAPMINDER_FILE = "gapminder_total_population.csv"
#: Name of the population account (extension ``demography``).
POPULATION = "population"


@dataclass(frozen=True, eq=False)
class Population:
    """Population tables, persons; index ISO3 (World Bank aggregates kept, ``WLD``), year."""

    world_bank: pd.DataFrame
    gapminder: pd.DataFrame
    paths: dict[str, str]

    def of(self, regions: Sequence[str], year: int, rest: str = "RoW") -> tuple[pd.Series, dict]:
        """Population of each region in ``year`` (persons) and the source of each.

        Raises
        ------
        CoverageError
            A country in neither file, or the year missing from the World Bank's world total.
        """
        out, rule = {}, {}
        countries = [r for r in regions if r != rest]
        for c in countries:
            for name, t in (("world-bank", self.world_bank), ("gapminder", self.gapminder)):
                if c in t.index and year in t.columns and np.isfinite(t.loc[c, year]):
                    out[c], rule[c] = float(t.loc[c, year]), name
                    break
            else:
                raise CoverageError(f"no population for {c} in {year} in "
                                    f"{self.paths['world_bank']} or {self.paths['gapminder']}")
        if rest in regions:
            wb = self.world_bank
            if "WLD" not in wb.index or year not in wb.columns or not np.isfinite(
                    wb.loc["WLD", year]):
                raise CoverageError(f"no world population (WLD) for {year} in "
                                    f"{self.paths['world_bank']}")
            out[rest] = float(wb.loc["WLD", year]) - sum(out[c] for c in countries)
            rule[rest] = "world-bank-world-minus-countries"
        return pd.Series(out, dtype=float).reindex(list(regions)), rule


def read_population(pop_dir: str | Path) -> Population:
    """Read the World Bank and Gapminder population files of ``pop_dir``.

    Raises
    ------
    TableReadError
        A file is missing or malformed, or a population is negative.
    """
    d = Path(pop_dir)
    path = d / WB_FILE
    df = _read_csv(path, ["Country Code", "Year", "Value"])
    df["Year"] = _numeric(df, "Year", path, "Country Code")
    df["Value"] = _numeric(df, "Value", path, "Country Code")
    if (df["Value"] < 0).any():
        r = df[df["Value"] < 0].iloc[0]
        raise TableReadError(path, f"negative population {r['Value']}",
                             row=f"{r['Country Code']} {r['Year']}", column="Value")
    wb = df.dropna().pivot_table(index="Country Code", columns="Year", values="Value",
                                 aggfunc="first")
    wb.columns = wb.columns.astype(int)
    wb.index = wb.index.astype(str)
    gm = read_series(d / GAPMINDER_FILE)
    return Population(wb, gm, {"world_bank": str(path), "gapminder": str(d / GAPMINDER_FILE)})


def population_by_region(mrio: MRIO) -> pd.Series:
    """Population of each region of a table from its population account, persons.

    The account (``population``, built by :func:`interlabor.accounts.labour_accounts`) is a
    direct account of final demand: each region's population at its own households' column.

    Raises
    ------
    AccountNotFoundError
        The table has no population account.
    """
    try:
        acc = mrio.account(POPULATION)
    except AccountNotFoundError as exc:
        raise AccountNotFoundError(
            f"the table has no {POPULATION!r} account: build it with interlabor.accounts."
            "labour_accounts (the bundled table has one)") from exc
    fd = np.zeros(mrio.n_regions * len(mrio.categories)) if acc.final_demand is None \
        else acc.final_demand
    per_region = fd.reshape(mrio.n_regions, -1).sum(axis=1) + acc.values.reshape(
        mrio.n_regions, -1).sum(axis=1)
    out = pd.Series(per_region * acc.parsed_unit.scale, index=pd.Index(mrio.regions,
                                                                        name="region"))
    out.attrs = {"unit": "persons", "source": acc.description}
    return out
