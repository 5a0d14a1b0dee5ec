"""Labour accounts as interlabor :class:`~interlabor.model.Account` objects and tidy tables."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..errors import CoverageError, InterlaborError
from ..io.output import tidy, write_result
from ..model import MRIO, Account
from .population import POPULATION
from .structure import LabourStructure
from .wiod2013_labour import (
    VARIANTS,
    WIOD2013_YEARS,
    LabourAccounts,
    LabourSources,
    build_variants,
    load_sources,
)

__all__ = ["EXTENSION", "GROUP_ACCOUNTS", "STRUCTURE_KEY", "TIDY_COLUMNS", "build_all_years",
           "labour_accounts", "population_account", "tidy_table", "with_labour_accounts",
           "write_table"]

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


def _build(mrio: MRIO, sources: LabourSources, variants: Iterable[str], groups: bool
           ) -> dict[str, LabourAccounts]:
    if mrio.year is None:
        raise CoverageError("the table has no year: labour accounts are built for one year")
    wanted = tuple(dict.fromkeys(["central", *variants]))  # variants need their central one
    x = pd.Series(mrio.x, index=mrio.index)
    return build_variants(x, int(mrio.year), sources, wanted, groups=groups)


#: Names of the accounts of each group of the sex and status split: (persons, hours).
GROUP_ACCOUNTS: dict[str, tuple[str, str]] = {
    "female": ("persons_female", "hours_female"),
    "male": ("persons_male", "hours_male"),
    "employees": ("employees", "hours_employees"),
    "self_employed": ("self_employed", "hours_self_employed"),
}
_GROUP_TEXT = {
    "female": "women (ILO modelled shares by sex and activity, raked to the accounts; ILO "
    "weekly hours of women relative to men)",
    "male": "men (ILO modelled shares by sex and activity, raked to the accounts; ILO weekly "
    "hours of men relative to women)",
    "employees": "employees (SEA employees in the SEA countries; elsewhere the ILO's "
    "self-employment rate spread with the SEA pattern, logit shift)",
    "self_employed": "self-employed: employers, own-account and contributing family workers "
    "(SEA in the SEA countries; elsewhere the ILO's rate, logit shift of the SEA pattern)",
}


def _group_accounts(mrio: MRIO, acc: LabourAccounts) -> list[Account]:
    out = []
    R = mrio.n_regions
    regions = pd.Index(acc.household_persons.index)
    order = [regions.get_loc(r) for r in mrio.regions]
    for g, (pname, hname) in GROUP_ACCOUNTS.items():
        grp = acc.groups[g]
        for name, unit, cells, hh in (
            (pname, "thousand persons", grp.persons, grp.hh_persons),
            (hname, "million hours", grp.hours, grp.hh_hours),
        ):
            out.append(Account(
                name=name, unit=unit, values=np.asarray(cells)[order].reshape(R * 35),
                final_demand=_final_demand(mrio, pd.Series(hh, index=regions)),
                extension=EXTENSION, modelled=True,
                description=f"{unit.split()[1].capitalize()} of {_GROUP_TEXT[g]}, "
                f"{mrio.year}; the groups add up to the central account cell by cell. "
                f"{_CAVEAT}"))
    return out


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
    central = built["central"]
    for v, acc in built.items():
        for what, unit, cells, hh in (
            ("persons", "thousand persons", acc.persons, acc.household_persons),
            ("hours", "million hours", acc.hours, acc.household_hours),
        ):
            if what == "persons" and v.startswith("calibration:"):
                continue  # calibration moves hours only: persons are the central ones
            is_central = v == "central"
            out.append(Account(
                name=what if is_central else f"{what} ({v})",
                unit=unit,
                values=cells.reindex(mrio.index).to_numpy(),
                final_demand=_final_demand(mrio, hh),
                extension=EXTENSION,
                modelled=True,
                description=f"{what.capitalize()} worked/employed, {_VARIANT_TEXT[v]}, "
                f"{mrio.year}. {_CAVEAT}",
                variant_of=None if is_central else f"{EXTENSION}/{what}",
                variant=v,
            ))
    return out + (_group_accounts(mrio, central) if central.groups else [])


def labour_accounts(
    mrio: MRIO,
    data_dir: str | Path | None = None,
    *,
    sources: LabourSources | None = None,
    variants: Iterable[str] = VARIANTS,
    population: bool = True,
    groups: bool = True,
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
    groups : bool
        Add persons and hours by sex and by status in employment (:data:`GROUP_ACCOUNTS`;
        :mod:`interlabor.accounts.sex_status`).

    Returns
    -------
    list of Account
        ``persons`` (thousand persons) and ``hours`` (million hours), the central estimate;
        by sex ``persons_female``, ``hours_female``, ``persons_male``, ``hours_male`` and by
        status ``employees``, ``hours_employees``, ``self_employed``,
        ``hours_self_employed`` (each pair adds up to the central account);
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
    return _collect(mrio, src, variants, population, groups)[0]


def _collect(mrio: MRIO, src: LabourSources, variants: Iterable[str], population: bool,
             groups: bool) -> tuple[list[Account], LabourStructure]:
    built = _build(mrio, src, variants, groups)
    out = _accounts(mrio, built)
    st = built["central"].structure
    assert st is not None
    return ([*out, population_account(mrio, src)] if population else out), st


def with_labour_accounts(mrio: MRIO, data_dir: str | Path | None = None, **options: Any
                         ) -> MRIO:
    """The table with :func:`labour_accounts` added and the cell structure in its metadata.

    ``options`` are those of :func:`labour_accounts` (``sources``, ``variants``,
    ``population``, ``groups``). ``mrio.meta["labour_structure"]``
    (:meth:`LabourStructure.to_json`) lets :mod:`interlabor.uncertainty` draw Monte Carlo
    samples of the hours without the sources.

    Raises
    ------
    CoverageError
        As for :func:`labour_accounts`.
    """
    src = _sources(data_dir, options.pop("sources", None))
    accounts, st = _collect(mrio, src, options.pop("variants", VARIANTS),
                            options.pop("population", True), options.pop("groups", True))
    if options:
        raise TypeError(f"unknown option(s) {sorted(options)}")
    table = mrio.with_accounts(accounts)
    return replace(table, meta={**table.meta, STRUCTURE_KEY: st.to_json()})


#: Columns of the tidy labour table (:data:`interlabor.io.output.SCHEMA`, then these).
TIDY_COLUMNS: tuple[str, ...] = ("indicator", "label", "unit", "account", "variant", "modelled",
                                 "year", "region", "sector", "value", "flag")
_HH_FLAG = "c35-zero-output-to-final-demand-CONS_h"
_LABEL = {"thousand persons": "persons employed", "million hours": "hours worked"}


def _long(a: LabourAccounts, account: str, unit: str, cells: np.ndarray, hh: np.ndarray,
          flags: np.ndarray, variant: str, label: str = "") -> pd.DataFrame:
    idx = a.persons.index
    regions = a.household_persons.index.to_numpy()
    keep = hh > 0
    return pd.DataFrame({
        "label": label or _LABEL[unit], "unit": unit, "account": account, "variant": variant,
        "modelled": True, "year": a.year,
        "region": np.concatenate([idx.get_level_values(0).to_numpy(dtype=object),
                                  regions[keep]]),
        "sector": np.concatenate([idx.get_level_values(1).to_numpy(dtype=object),
                                  np.full(keep.sum(), "households_direct", dtype=object)]),
        "value": np.concatenate([np.asarray(cells).ravel(), hh[keep]]),
        "flag": np.concatenate([flags, np.full(keep.sum(), _HH_FLAG, dtype=object)]),
    })


def tidy_table(accounts: Iterable[LabourAccounts],
               population: Iterable[tuple[int, pd.Series]] = ()) -> pd.DataFrame:
    """One tidy long table of :data:`interlabor.io.output.SCHEMA`: a row per number.

    Columns :data:`TIDY_COLUMNS`: ``indicator`` null (these are accounts, not indicators);
    ``label`` ``persons employed`` or ``hours worked`` (with the group: ``hours worked,
    female``); ``unit`` thousand persons or million hours; ``account`` ``persons`` or
    ``hours`` (every variant), the group accounts of the central variant (``hours_female``,
    ``employees``, ...; :data:`GROUP_ACCOUNTS`) and ``population`` (sector ``""``, one row
    per region, not modelled): the names of the accounts in a table;
    ``variant`` the variant's name; ``modelled``; then ``year``, ``region``, ``sector``,
    ``value`` and ``flag`` (the rules of the cell). Domestic workers moved to final demand
    appear with sector ``households_direct``.

    Parameters
    ----------
    accounts : iterable of LabourAccounts
    population : iterable of (year, Series)
        Population by region (persons) of each year, e.g. from
        :meth:`~interlabor.accounts.population.Population.of`.
    """
    frames = []
    for a in accounts:
        flags = a.flags.to_numpy(dtype=object)
        frames += [
            _long(a, "persons", "thousand persons", a.persons.to_numpy(),
                  a.household_persons.to_numpy(), flags, a.variant),
            _long(a, "hours", "million hours", a.hours.to_numpy(),
                  a.household_hours.to_numpy(), flags, a.variant),
        ]
        split = flags + ";modelled-split-by-sex-and-status"
        for g, (pname, hname) in GROUP_ACCOUNTS.items() if a.groups else ():
            grp = a.groups[g]
            frames += [
                _long(a, pname, "thousand persons", grp.persons, grp.hh_persons, split,
                      "central", f"persons employed, {g}"),
                _long(a, hname, "million hours", grp.hours, grp.hh_hours, split, "central",
                      f"hours worked, {g}")]
    for year, pop in population:
        frames.append(pd.DataFrame({
            "label": "population", "unit": "thousand persons",
            "account": POPULATION, "variant": "central", "modelled": False,
            "year": year, "region": pop.index.to_numpy(), "sector": "",
            "value": pop.to_numpy() / 1e3,
            "flag": "world-bank;gapminder-for-TWN;RoW-world-minus-40"}))
    return tidy(pd.concat(frames, ignore_index=True))


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
    *,
    groups: bool = True,
) -> pd.DataFrame:
    """Build every year and variant into one tidy table (see :func:`tidy_table`).

    With ``groups`` the central variant is split by sex and status in employment; every
    year gets its population rows.
    """
    from .wiod2013_labour import _read_table

    variants = tuple(variants)
    sources = load_sources(data_dir)
    accs: list[LabourAccounts] = []
    pops = []
    for y in years:
        if not WIOD2013_YEARS[0] <= int(y) <= WIOD2013_YEARS[1]:
            raise CoverageError(f"year {y} is outside the WIOD 2013 release "
                                f"({WIOD2013_YEARS[0]}-{WIOD2013_YEARS[1]})")
        mrio = _read_table(Path(data_dir), int(y))
        x = pd.Series(mrio.x, index=mrio.index)
        accs += build_variants(x, int(y), sources, variants, groups=groups).values()
        pops.append((int(y), sources.population.of(list(mrio.regions), int(y))[0]))
    return tidy_table(accs, pops)
