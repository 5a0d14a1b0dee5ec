"""Persons employed and hours worked for the 41 x 35 cells of WIOD 2013 (1995-2011).

A modelled estimate built from public data; see ``docs/labour_accounts.md`` for the method,
sources, biases and checks. In short, for region ``r``, industry ``s`` and year ``t``:

* persons of each country ``P_r`` are the ILO modelled employment estimates; the rest of the
  world (RoW) is the world total minus the 40 WIOD countries;
* the split of persons between agriculture, industry and services is the ILO's modelled
  shares of employment by broad activity, in every economy without Socio-Economic Accounts
  (RoW: employment-weighted over the countries outside WIOD); the six SEA countries (AUS,
  CAN, DEU, FRA, GBR, USA) keep their SEA persons by industry;
* within an activity, persons follow gross output times the pooled SEA countries' persons per
  output, hours per person the pooled SEA relativities reshaped with the country's ILO weekly
  hours by activity (:mod:`interlabor.accounts.structure`);
* hours per person ``h_r`` are ILO mean weekly hours times working weeks
  ``52 - (paid leave + public holidays)/5``, times a calibration factor ``k`` (the mean of the
  SEA countries' ``h_SEA / h_ILO``); in the SEA countries ``h_r`` is the SEA's;
* private households with employed persons (c35): where the WIOD table has zero output,
  the persons and hours go to the households' direct account (final demand, CONS_h).

Variants (:data:`VARIANTS`) are structural alternatives with the same country persons:
calibration ``min``/``max``/``none``/``pwt`` (Penn World Table hours per person), the flat
pattern within activities, and the previous method (the activity split from pooled SEA
persons per output), which is reported once, never as a bound.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..errors import CoverageError, LabelMismatchError
from ..regions import to_iso3
from .concordance import BROAD_ACTIVITY, WIOD35, concord, concordance_matrix
from .ilo import IloSources
from .ilo_modelled import ACTS
from .sources import LabourSources, load_sources, source_files
from .structure import HOUSEHOLDS, LabourStructure, cells
from .variants import PREVIOUS_METHOD, VARIANTS, cell_flags, variant_parameters

__all__ = [
    "PREVIOUS_METHOD",
    "VARIANTS",
    "LabourAccounts",
    "LabourSources",
    "build_from_output",
    "build_variants",
    "build_wiod2013_labour",
    "load_sources",
    "source_files",
    "structure_from_output",
    "variant_parameters",
]

WIOD2013_YEARS: tuple[int, int] = (1995, 2011)
_ACT = np.array([BROAD_ACTIVITY[s] for s in WIOD35])
#: Where the inputs come from, relative to the data folder (the same on every machine; the
#: absolute folder is not recorded, so a table built here equals one built elsewhere, and the
#: store manifest holds a checksum of each input file).
SOURCE_FOLDERS = ("ilo/, ilo_by_sector/, ilo_status_sex/, population/, wiod2016_sea/, "
                  "prices/pwt1001/ under the data folder")


@dataclass(frozen=True, eq=False)
class LabourAccounts:
    """Labour accounts of one WIOD 2013 year and variant.

    Attributes
    ----------
    year : int
    variant : str
        One of :data:`VARIANTS`.
    persons : Series
        Thousand persons employed, index (region, sector), 41 x 35.
    hours : Series
        Million hours worked, same index.
    household_persons, household_hours : Series
        Domestic workers of private households whose industry (c35) has zero output in the
        table, by region: thousand persons and million hours, for final demand (CONS_h).
    flags : Series
        Rule of each cell (``key=rule`` pairs joined by ``;``).
    calibration : Series
        Calibration factor of hours per person used for each region.
    meta : dict
        Year of the SEA used, SEA factors, sources.
    structure : LabourStructure or None
        The ingredients of the cells (shared by all variants of the year).
    groups : dict
        Central variant with ``groups=True``: ``female``, ``male``, ``employees``,
        ``self_employed`` -> :class:`~interlabor.accounts.sex_status.Group` (modelled splits
        that add up to the cells); empty otherwise.
    group_reports : dict
        ``sex`` and ``status``: the comparison with the ILO of each split, per region.
    """

    year: int
    variant: str
    persons: pd.Series
    hours: pd.Series
    household_persons: pd.Series
    household_hours: pd.Series
    flags: pd.Series
    calibration: pd.Series
    meta: dict[str, Any] = field(default_factory=dict)
    structure: LabourStructure | None = None
    groups: dict[str, Any] = field(default_factory=dict)
    group_reports: dict[str, pd.DataFrame] = field(default_factory=dict)

    def region_totals(self) -> pd.DataFrame:
        """Persons and hours per region including the households' direct account."""
        p = self.persons.groupby(level="region", sort=False).sum() + self.household_persons
        h = self.hours.groupby(level="region", sort=False).sum() + self.household_hours
        return pd.DataFrame({"persons": p, "hours": h, "hours_per_person": h / p * 1e3})

    def activity_persons(self) -> pd.DataFrame:
        """Persons by region and broad activity (households' direct part in services)."""
        p = self.persons.unstack("sector")[list(WIOD35)]
        out = pd.DataFrame({a: p.loc[:, _ACT == a].sum(axis=1) for a in ACTS})
        out["SER"] += self.household_persons.reindex(out.index).fillna(0.0)
        return out


# ---------------------------------------------------------------------------------------
# the year context: SEA factors and pooled intensities
# ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _YearContext:
    year: int
    sea_year: int
    sea_persons: dict[str, np.ndarray]  # concorded EMP per SEA country (35,)
    sea_hours: dict[str, np.ndarray]  # concorded H per SEA country (35,)
    sea_employees: dict[str, np.ndarray]  # concorded EMPE per SEA country (35,)
    sea_factor: dict[str, float]  # h_SEA / h_ILO at sea_year
    intensity: np.ndarray  # persons per output, pooled (35,)
    intensity_act: dict[str, float]
    eta: np.ndarray  # hours per person relative to its activity, pooled (35,)
    domestic_share: float
    employee_rate: np.ndarray  # employees per person engaged, pooled (35,)


def _h_ilo(ilo: IloSources, iso3: str, year: int) -> tuple[float, str]:
    w = ilo.weekly_hours(iso3, year, "TOTAL")
    wk = ilo.working_weeks(iso3)
    rule = w.rule if wk.rule == "ilo" else f"{w.rule}+leave-{wk.rule}"
    return w.value * wk.value, rule


def _context(src: LabourSources, X: pd.DataFrame, year: int,
             countries: tuple[str, ...]) -> _YearContext:
    sea = src.sea
    lo, hi = sea.years
    ty = min(max(year, lo), hi)
    persons, hours, employees, factor = {}, {}, {}, {}
    go = np.zeros(35)
    for c in countries:
        cy = sea.country_year(c, ty)
        if cy.empty or c not in X.index:
            continue
        W = concordance_matrix(X.loc[c])
        cc = concord(cy[["EMP", "EMPE", "H", "GO"]].assign(
            GO=cy["GO"] / cy["NOMEXCH"].replace(0, np.nan).fillna(1.0)), W)
        persons[c], hours[c] = cc["EMP"].to_numpy(), cc["H"].to_numpy()
        employees[c] = cc["EMPE"].to_numpy()
        factor[c] = (cy["H"].sum() / cy["EMP"].sum() * 1e3) / _h_ilo(src.ilo, c, ty)[0]
        go += cc["GO"].to_numpy()
    if not persons:
        raise CoverageError(f"no SEA country of {sea.path} is in the table")
    emp_pool, h_pool = sum(persons.values()), sum(hours.values())
    empe_pool = sum(employees.values())
    core = np.arange(35) != HOUSEHOLDS
    with np.errstate(divide="ignore", invalid="ignore"):
        intensity = np.where(go > 0, emp_pool / go, 0.0)
        hpp = np.where(emp_pool > 0, h_pool / emp_pool, 0.0)
        rate = np.where(emp_pool > 0, empe_pool / emp_pool, 1.0)
    intensity_act, eta = {}, np.ones(35)
    for a in ACTS:
        m = (_ACT == a) & core
        intensity_act[a] = float(emp_pool[m].sum() / go[m].sum())
        hpp_a = h_pool[m].sum() / emp_pool[m].sum()
        eta[_ACT == a] = np.where(hpp[_ACT == a] > 0, hpp[_ACT == a] / hpp_a, 1.0)
    return _YearContext(year, ty, persons, hours, employees, factor, intensity, intensity_act,
                        eta, float(emp_pool[HOUSEHOLDS] / emp_pool.sum()), rate)


# ---------------------------------------------------------------------------------------
# the structure of one year
# ---------------------------------------------------------------------------------------
def _sea_cells(ctx: _YearContext, src: LabourSources, r: str, P: float, xr: np.ndarray
               ) -> tuple[np.ndarray, np.ndarray, float, float, float, str, list[str]]:
    """Persons and hours of an SEA country, zero-output cells moved; and the cell flags."""
    emp, hrs = ctx.sea_persons[r], ctx.sea_hours[r]
    k = ctx.sea_factor[r]
    if ctx.year == ctx.sea_year:
        h = float(hrs.sum() / emp.sum() * 1e3)
        flag = "hours=sea;activity-split=sea;within-activity=sea"
    else:
        h = _h_ilo(src.ilo, r, ctx.year)[0] * k
        flag = (f"hours=ilo*sea-factor-{ctx.sea_year};activity-split=sea-{ctx.sea_year};"
                f"within-activity=sea-{ctx.sea_year}")
    pers, hours = P * emp / emp.sum(), P * h / 1e3 * hrs / hrs.sum()
    extra = [""] * 35
    hh_p = hh_h = 0.0
    for j in np.flatnonzero(xr <= 0):
        if j == HOUSEHOLDS:
            hh_p, hh_h = pers[j], hours[j]
            extra[j] = ";households-final-demand"
        elif pers[j] > 0 or hours[j] > 0:
            m = (_ACT == _ACT[j]) & (xr > 0) & (np.arange(35) != HOUSEHOLDS)
            for A in (pers, hours):
                if A[m].sum() > 0:
                    A[m] += A[j] * A[m] / A[m].sum()
            extra[j] = ";zero-output-moved"
            for i in np.flatnonzero(m):
                extra[i] += ";received-zero-output-cell"
        else:
            extra[j] = ";zero-output"
        pers[j] = hours[j] = 0.0
    return pers, hours, hh_p, hh_h, k, flag, extra


def _table(x: pd.Series) -> tuple[pd.DataFrame, list[str]]:
    iso = list(dict.fromkeys(to_iso3(x.index.get_level_values(0), "wiod2013")))
    table = x.copy()
    table.index = pd.MultiIndex.from_arrays(
        [to_iso3(x.index.get_level_values(0), "wiod2013"), x.index.get_level_values(1)],
        names=["region", "sector"])
    X = table.unstack("sector")
    missing = [s for s in WIOD35 if s not in X.columns]
    if missing or X.shape[1] != 35:
        raise LabelMismatchError(f"sectors must be c1..c35; missing {missing[:5]}",
                                 labels=missing)
    return X[list(WIOD35)].reindex(iso), iso


def structure_from_output(
    x: pd.Series, year: int, sources: LabourSources, *,
    sea_countries: tuple[str, ...] | None = None,
) -> tuple[LabourStructure, dict[str, Any]]:
    """The cell structure of a WIOD 2013 table's year, with the rules of each region.

    Parameters
    ----------
    x : Series
        Gross output, index (region, sector) with ISO3 region codes (WIOD's ``ROM`` is
        accepted) plus ``RoW``, sectors c1..c35; US$ million.
    year : int
    sources : LabourSources
    sea_countries : tuple of str, optional
        SEA countries to use (default all); one left out is built as if it had no SEA (the
        leave-one-out backtest), and the pooled intensities and factors exclude it.

    Returns
    -------
    structure : LabourStructure
    rules : dict
        ``region`` -> rule text (persons, hours, activity hours, shares), ``cells`` ->
        extra flags of the SEA cells, ``ctx`` -> the year context.

    Raises
    ------
    LabelMismatchError
        A region code not in the ILO files, or sectors other than c1..c35.
    CoverageError
        A year outside the ILO estimates, or a country without ILO activity shares.
    """
    ilo, mod = sources.ilo, sources.modelled
    ilo.check_year(year)
    X, iso = _table(x)
    countries = [r for r in iso if r != "RoW"]
    for r in countries:
        ilo.check_country(r)
    use = sources.sea.countries if sea_countries is None else tuple(sea_countries)
    ctx = _context(sources, X, year, use)
    world = ilo.persons_year(year)
    rest = [c for c in world.index if c not in set(countries)]
    n = len(iso)
    P, h1, shares, prev = np.zeros(n), np.zeros(n), np.zeros((n, 3)), np.zeros((n, 3))
    rho, modelled = np.ones((n, 3)), np.ones(n, dtype=bool)
    k_sea, k_pwt = np.full(n, np.nan), np.full(n, np.nan)
    fixed_p, fixed_h = np.zeros((n, 35)), np.zeros((n, 35))
    fixed_hp, fixed_hh = np.zeros(n), np.zeros(n)
    rules: dict[str, Any] = {"cells": {}, "ctx": ctx}
    core = np.arange(35) != HOUSEHOLDS
    xv = X.to_numpy(dtype=float)
    for i, r in enumerate(iso):
        xp = np.clip(xv[i], 0.0, None)
        w = np.array([xp[(_ACT == a) & core].sum() * ctx.intensity_act[a] for a in ACTS])
        d = ctx.domestic_share
        prev[i] = (1 - d) * w / w.sum() if w.sum() > 0 else 0.0
        prev[i, 2] += d
        if r == "RoW":
            P[i] = float(world.sum() - world[countries].sum())
            h1[i] = float(np.average([_h_ilo(ilo, c, year)[0] for c in rest],
                                     weights=world[rest].to_numpy()))
            rho[i] = [ilo.activity_ratio(rest, year, a).value for a in ACTS]
            shares[i], _se, cov = mod.pooled(rest, world, year)
            rules[r] = (f"persons=ilo-world-minus-40;hours=ilo-rest-weighted;"
                        f"activity-hours=ilo-pooled;activity-split=ilo-shares-pooled-"
                        f"{cov:.4f}-covered")
            continue
        lk = ilo.persons_of(r, year)
        P[i] = lk.value
        if r in ctx.sea_persons:
            (fixed_p[i], fixed_h[i], fixed_hp[i], fixed_hh[i], k_sea[i], flag,
             rules["cells"][r]) = _sea_cells(ctx, sources, r, P[i], xv[i])
            modelled[i] = False
            h1[i] = _h_ilo(ilo, r, year)[0]
            shares[i] = mod.activity_shares(r, year)[0]
            rules[r] = f"persons={lk.rule};{flag}"
            continue
        h1[i], hrule = _h_ilo(ilo, r, year)
        looks = [ilo.activity_ratio(r, year, a) for a in ACTS]
        rho[i] = [v.value for v in looks]
        arule = sorted({v.rule for v in looks}, key=len)[-1]
        shares[i], srule = mod.activity_shares(r, year)
        avh = _avh(sources, r, year)
        if avh is not None:
            k_pwt[i] = avh / h1[i]
        rules[r] = f"persons={lk.rule};hours={hrule};activity-hours={arule};activity-split={srule}"
    factors = np.array(list(ctx.sea_factor.values()))
    km = float(factors.mean())

    def option(v: float) -> np.ndarray:
        return np.where(modelled, v, k_sea)

    k = {"mean": option(km), "min": option(float(factors.min())),
         "max": option(float(factors.max())), "none": option(1.0),
         "pwt": np.where(modelled, np.where(np.isnan(k_pwt), km, k_pwt), k_sea)}
    notes = {"sea_year": ctx.sea_year, "sea_factors": dict(ctx.sea_factor),
             "sea_countries": list(ctx.sea_persons), "sources": SOURCE_FOLDERS,
             "pwt_missing": [r for r, m, v in zip(iso, modelled, k_pwt, strict=True)
                             if m and np.isnan(v)]}
    st = LabourStructure(
        year=year, regions=tuple(iso), modelled=modelled, persons=P, h1=h1, k=k,
        shares=shares, shares_previous=prev, rho=rho, iota=ctx.intensity, eta=ctx.eta,
        domestic_share=ctx.domestic_share, xpos=np.clip(xv, 0.0, None),
        fixed_persons=fixed_p, fixed_hours=fixed_h, fixed_hh_persons=fixed_hp,
        fixed_hh_hours=fixed_hh, notes=notes)
    return st, rules


def _avh(sources: LabourSources, r: str, year: int) -> float | None:
    from .ilo import nearest_value

    found = nearest_value(sources.avh, r, year, sources.ilo.max_gap)
    return None if found is None else found.value


def build_variants(
    x: pd.Series, year: int, sources: LabourSources, variants: tuple[str, ...] | list[str] =
    VARIANTS, *, sea_countries: tuple[str, ...] | None = None, groups: bool = False,
) -> dict[str, LabourAccounts]:
    """Build several variants of a year's labour accounts from one structure (one call).

    Parameters
    ----------
    x, year, sources, sea_countries
        As for :func:`structure_from_output`.
    variants : sequence of str
        Names from :data:`VARIANTS`.
    groups : bool
        Also split the central variant by sex and status in employment
        (:mod:`interlabor.accounts.sex_status`).

    Returns
    -------
    dict
        Variant -> :class:`LabourAccounts`; persons (thousand) and hours (million) per cell,
        ``sum(persons) + household_persons`` equal to the ILO employment of each country
        (world minus the 40 countries for RoW) in every variant.

    Raises
    ------
    ValueError
        Unknown variant.
    LabelMismatchError, CoverageError
        As for :func:`structure_from_output`.
    """
    bad = [v for v in variants if v not in VARIANTS]
    if bad:
        raise ValueError(f"variant(s) {bad}; expected one of {VARIANTS}")
    st, rules = structure_from_output(x, year, sources, sea_countries=sea_countries)
    iso = list(st.regions)
    idx = pd.MultiIndex.from_product([iso, list(WIOD35)], names=["region", "sector"])
    ridx = pd.Index(iso, name="region")
    factors = np.array(list(st.notes["sea_factors"].values()))
    meta = {**st.notes, "sea_factor_mean": float(factors.mean()),
            "sea_factor_min": float(factors.min()), "sea_factor_max": float(factors.max()),
            "domestic_share": st.domestic_share,
            "world_persons_ilo": float(sources.ilo.persons_year(year).sum()), "modelled": True}
    out = {}
    for v in variants:
        params = variant_parameters(st, v)
        c = cells(st, **params)
        k = params.get("k", st.k["mean"])
        out[v] = LabourAccounts(
            year=year, variant=v,
            persons=pd.Series(c.persons[0].ravel(), index=idx, name="persons"),
            hours=pd.Series(c.hours[0].ravel(), index=idx, name="hours"),
            household_persons=pd.Series(c.hh_persons[0], index=ridx, name="persons"),
            household_hours=pd.Series(c.hh_hours[0], index=ridx, name="hours"),
            flags=pd.Series(cell_flags(st, rules, v).ravel(), index=idx, name="flag"),
            calibration=pd.Series(np.asarray(k, dtype=float), index=ridx, name="calibration"),
            meta=dict(meta), structure=st)
    if groups and "central" in out:
        from .sex_status import split_by_sex, split_by_status

        sex, sex_report = split_by_sex(out["central"], sources)
        status, status_report = split_by_status(out["central"], sources, rules["ctx"])
        out["central"] = replace(out["central"], groups={**sex, **status},
                                 group_reports={"sex": sex_report, "status": status_report})
    return out


def build_from_output(
    x: pd.Series, year: int, sources: LabourSources, *, variant: str = "central"
) -> LabourAccounts:
    """Build one variant of a WIOD 2013 table's labour accounts (see :func:`build_variants`).

    Raises
    ------
    ValueError
        Unknown variant.
    LabelMismatchError
        A region code not in the ILO files, or sectors other than c1..c35.
    CoverageError
        A year outside the ILO employment estimates.
    """
    return build_variants(x, year, sources, (variant,))[variant]


def build_wiod2013_labour(
    data_dir: str | Path, year: int, *, variant: str = "central"
) -> LabourAccounts:
    """Build labour accounts for one WIOD 2013 year from the files in ``data_dir``.

    Parameters
    ----------
    data_dir : str or Path
        Folder with ``wiod2013/`` and the sources of :func:`load_sources`.
    year : int
        1995-2011.
    variant : str
        One of :data:`VARIANTS`.

    Raises
    ------
    CoverageError
        ``year`` outside 1995-2011.
    TableReadError
        A source file is missing or malformed.
    """
    lo, hi = WIOD2013_YEARS
    if not lo <= int(year) <= hi:
        raise CoverageError(f"year {year} is outside the WIOD 2013 release ({lo}-{hi})")
    mrio = _read_table(Path(data_dir), int(year))
    x = pd.Series(mrio.x, index=mrio.index)
    return build_from_output(x, int(year), load_sources(data_dir), variant=variant)


def _read_table(data_dir: Path, year: int) -> Any:
    from ..errors import TableReadError
    from ..io.wiod2013 import read_wiod2013_rdata

    path = data_dir / "wiod2013" / f"wiot_{year}.RData"
    if not path.is_file():
        raise TableReadError(path, "WIOD 2013 table not found")
    return read_wiod2013_rdata(path, warn=False)
