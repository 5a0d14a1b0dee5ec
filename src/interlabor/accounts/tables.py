"""Labour accounts as interlabor :class:`~interlabor.model.Account` objects and tidy tables."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import CoverageError, InterlaborError
from ..io.output import tidy, write_result
from ..model import MRIO, Account
from .population import POPULATION
from .wiod2013_labour import (
    VARIANTS,
    WIOD2013_YEARS,
    LabourAccounts,
    LabourSources,
    build_variants,
    load_sources,
)

__all__ = ["EXTENSION", "STRUCTURE_KEY", "build_all_years", "labour_accounts",
           "population_account", "tidy_table", "with_labour_accounts", "write_table"]

#: Extension of the labour accounts.
EXTENSION = "labour"
#: Key of the cell structure in a table's metadata.
STRUCTURE_KEY = "labour_structure"

_CAVEAT = (
    "Illustrative modelled estimate, not published data: ILO employment, ILO modelled shares "
    "by broad activity and weekly hours, WIOD 2016 SEA industry patterns concorded to WIOD "
    "2013, calibrated to SEA hours where available (see docs/labour_accounts.md)."
)
_VARIANT_TEXT = {
    "central": "central estimate",
    "calibration:min": "alternative: smallest SEA calibration factor outside SEA countries",
    "calibration:max": "alternative: largest SEA calibration factor outside SEA countries",
    "calibration:none": "alternative: no calibration of ILO hours outside SEA countries",
    "calibration:pwt": "alternative: hours per person of the Penn World Table (avh) outside "
    "SEA countries",
    "pattern:flat": "alternative: flat pattern within broad activities outside SEA countries",
    "previous method": "previous method (activity split from pooled SEA persons per output; "
    "understates agriculture in low-income economies), reported for comparison only",
}


def _final_demand(mrio: MRIO, values: pd.Series) -> np.ndarray:
    k = len(mrio.categories)
    if "CONS_h" not in mrio.categories:
        raise CoverageError("the table has no CONS_h final-demand category for domestic workers")
    fd = np.zeros(mrio.n_regions * k)
    j = mrio.categories.index("CONS_h")
    v = values.reindex(list(mrio.regions)).fillna(0.0).to_numpy()
    fd[np.arange(mrio.n_regions) * k + j] = v
    return fd


def _sources(data_dir: str | Path | None, sources: LabourSources | None) -> LabourSources:
    if sources is not None:
        return sources
    if data_dir is None:
        raise InterlaborError("give data_dir (the folder with ilo/, wiod2016_sea/, "
                              "ilo_by_sector/, ...)")
    return load_sources(data_dir)


def _build(mrio: MRIO, sources: LabourSources, variants: Iterable[str]
           ) -> dict[str, LabourAccounts]:
    if mrio.year is None:
        raise CoverageError("the table has no year: labour accounts are built for one year")
    wanted = tuple(dict.fromkeys(["central", *variants]))  # variants need their central one
    x = pd.Series(mrio.x, index=mrio.index)
    return build_variants(x, int(mrio.year), sources, wanted)


def population_account(mrio: MRIO, sources: LabourSources) -> Account:
    """Population of each region as a direct account of its households' final demand.

    Values are zero for every industry; ``final_demand`` holds each region's population at
    its CONS_h column, so the consumption-based account of a region is its population and
    per-capita results divide by it. World Bank WDI ``SP.POP.TOTL`` for the countries,
    Gapminder for Taiwan, RoW = the World Bank's world total minus the table's countries
    (:mod:`interlabor.accounts.population`).

    Raises
    ------
    CoverageError
        The table has no year or no CONS_h category, or a region has no population.
    """
    if mrio.year is None:
        raise CoverageError("the table has no year: population is looked up for one year")
    pop, rules = sources.population.of(list(mrio.regions), int(mrio.year))
    used = sorted({f"{r}: {v}" for r, v in rules.items() if v != "world-bank"})
    return Account(
        name=POPULATION, unit="thousand persons", values=np.zeros(mrio.n),
        final_demand=_final_demand(mrio, pop / 1e3), extension="demography",
        description=f"Total population {mrio.year} (direct account of households' final "
        "demand, for per-capita results): World Bank WDI SP.POP.TOTL (CC BY 4.0); "
        f"{'; '.join(used)} (Gapminder total population, CC BY 4.0, for Taiwan; RoW = world "
        "minus the table's countries).")


def _accounts(mrio: MRIO, built: dict[str, LabourAccounts]) -> list[Account]:
    out: list[Account] = []
    for v, acc in built.items():
        for what, unit, cells, hh in (
            ("persons", "thousand persons", acc.persons, acc.household_persons),
            ("hours", "million hours", acc.hours, acc.household_hours),
        ):
            if what == "persons" and v.startswith("calibration:"):
                continue  # calibration moves hours only: persons are the central ones
            central = v == "central"
            out.append(Account(
                name=what if central else f"{what} ({v})",
                unit=unit,
                values=cells.reindex(mrio.index).to_numpy(),
                final_demand=_final_demand(mrio, hh),
                extension=EXTENSION,
                modelled=True,
                description=f"{what.capitalize()} worked/employed, {_VARIANT_TEXT[v]}, "
                f"{mrio.year}. {_CAVEAT}",
                variant_of=None if central else f"{EXTENSION}/{what}",
                variant=v,
            ))
    return out


def labour_accounts(
    mrio: MRIO,
    data_dir: str | Path | None = None,
    *,
    sources: LabourSources | None = None,
    variants: Iterable[str] = VARIANTS,
    population: bool = True,
) -> list[Account]:
    """Labour accounts of a WIOD 2013 table as interlabor accounts (extension ``labour``).

    Parameters
    ----------
    mrio : MRIO
        A WIOD 2013 table (41 regions x c1..c35) with ``year`` set.
    data_dir : str or Path, optional
        Folder with the sources of :func:`~interlabor.accounts.load_sources` (needed unless
        ``sources`` is given).
    sources : LabourSources, optional
        Pre-loaded sources.
    variants : iterable of str
        Which of :data:`~interlabor.accounts.VARIANTS` to make (``central`` always).
    population : bool
        Add the population account (:func:`population_account`, key
        ``demography/population``).

    Returns
    -------
    list of Account
        ``persons`` (thousand persons) and ``hours`` (million hours), the central estimate;
        for each other variant ``hours (VARIANT)`` and, where persons differ (the pattern and
        the previous method), ``persons (VARIANT)``, related to the central account by
        ``variant_of``/``variant`` (metadata, never the name); all ``modelled=True``.
        Domestic workers of households whose c35 output is zero are in ``final_demand`` at
        the region's CONS_h column.

    Raises
    ------
    CoverageError
        The table has no year, or a year outside the data.
    """
    src = _sources(data_dir, sources)
    out = _accounts(mrio, _build(mrio, src, variants))
    return [*out, population_account(mrio, src)] if population else out


def with_labour_accounts(
    mrio: MRIO,
    data_dir: str | Path | None = None,
    *,
    sources: LabourSources | None = None,
    variants: Iterable[str] = VARIANTS,
    population: bool = True,
) -> MRIO:
    """The table with :func:`labour_accounts` added and the cell structure in its metadata.

    ``mrio.meta["labour_structure"]`` (:meth:`LabourStructure.to_json`) lets
    :mod:`interlabor.uncertainty` draw Monte Carlo samples of the hours without the sources.

    Raises
    ------
    CoverageError
        As for :func:`labour_accounts`.
    """
    src = _sources(data_dir, sources)
    built = _build(mrio, src, variants)
    accounts = _accounts(mrio, built)
    table = mrio.with_accounts([*accounts, population_account(mrio, src)] if population
                               else accounts)
    st = built["central"].structure
    assert st is not None
    return replace(table, meta={**table.meta, STRUCTURE_KEY: st.to_json()})


def tidy_table(accounts: Iterable[LabourAccounts]) -> pd.DataFrame:
    """One tidy long table of :data:`interlabor.io.output.SCHEMA`: a row per number.

    Columns: the schema (``indicator`` null: these are accounts, not indicators; ``label``
    ``persons employed`` or ``hours worked``; ``unit`` thousand persons or million hours;
    ``account`` ``persons`` or ``hours``; ``variant`` central, low or high; ``modelled``
    True), then ``year``, ``region``, ``sector``, ``value``, ``flag``. Domestic workers moved
    to final demand appear with sector ``households_direct``.
    """
    frames = []
    for a in accounts:
        keep = (a.household_persons > 0).to_numpy()
        for what, label, unit, cells, hh in (
            ("persons", "persons employed", "thousand persons", a.persons, a.household_persons),
            ("hours", "hours worked", "million hours", a.hours, a.household_hours),
        ):
            part = pd.DataFrame({"value": cells, "flag": a.flags}).reset_index()
            direct = pd.DataFrame({
                "region": hh.index[keep], "sector": "households_direct",
                "value": hh.to_numpy()[keep], "flag": "c35-zero-output-to-final-demand-CONS_h",
            })
            part = pd.concat([part, direct], ignore_index=True)
            part.insert(0, "year", a.year)
            frames.append(tidy(part, label=label, unit=unit, account=what, variant=a.variant,
                               modelled=True))
    return pd.concat(frames, ignore_index=True)


def write_table(df: pd.DataFrame, out: str | Path) -> Path:
    """Write ``df`` to ``out`` (``.parquet`` or ``.csv``) atomically (temp file + rename).

    Raises
    ------
    OutputError
        If the extension is neither ``.parquet`` nor ``.csv``.
    """
    return write_result(df, out)


def build_all_years(
    data_dir: str | Path,
    years: Iterable[int] = range(WIOD2013_YEARS[0], WIOD2013_YEARS[1] + 1),
    variants: Iterable[str] = VARIANTS,
) -> pd.DataFrame:
    """Build every year and variant into one tidy table (see :func:`tidy_table`)."""
    from .wiod2013_labour import _read_table

    variants = tuple(variants)
    sources = load_sources(data_dir)
    accs: list[LabourAccounts] = []
    for y in years:
        if not WIOD2013_YEARS[0] <= int(y) <= WIOD2013_YEARS[1]:
            raise CoverageError(f"year {y} is outside the WIOD 2013 release "
                                f"({WIOD2013_YEARS[0]}-{WIOD2013_YEARS[1]})")
        mrio = _read_table(Path(data_dir), int(y))
        x = pd.Series(mrio.x, index=mrio.index)
        accs += build_variants(x, int(y), sources, variants).values()
    return tidy_table(accs)
