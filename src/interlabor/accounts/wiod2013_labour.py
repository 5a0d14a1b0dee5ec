"""Persons employed and hours worked for the 41 x 35 cells of WIOD 2013 (1995-2011).

A modelled estimate built from public data; see ``docs/labour_accounts.md`` for the method,
sources, biases and checks. In short, for region ``r``, industry ``s`` and year ``t``:

* persons of each country ``P_r`` are the ILO modelled employment estimates; the rest of the
  world (RoW) is the world total minus the 40 WIOD countries;
* hours per person ``h_r`` are ILO mean weekly hours times working weeks
  ``52 - (paid leave + public holidays)/5``, times a calibration factor ``k``; in the six
  SEA countries (AUS, CAN, DEU, FRA, GBR, USA) ``h_r`` is the SEA's hours per person engaged
  (``k_r = h_SEA / h_ILO``; before 2000 the 2000 factor);
* the split over industries is the SEA's own (concorded) in the SEA countries; elsewhere
  persons follow gross output times persons-per-output of the pooled SEA countries, with
  the split between agriculture, industry and services from broad-activity intensities and
  hours per person by broad activity reshaped with the country's ILO weekly hours by activity;
* private households with employed persons (c35): where the WIOD table has zero output,
  the persons and hours go to the households' direct account (final demand, CONS_h).

Every cell carries a flag naming the rules used. Variants: ``central``; ``low``/``high``
are cell-wise envelopes over the alternative choices (calibration factor from the
smallest/largest SEA factor or none; industry pattern from the SEA or flat within broad
activity), so a footprint on ``low`` is a lower bound of the footprints on every
combination considered, and likewise for ``high``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..errors import CoverageError, LabelMismatchError
from ..regions import to_iso3
from .concordance import BROAD_ACTIVITY, WIOD35, concord, concordance_matrix
from .ilo import IloSources, read_ilo
from .sea import SeaData, read_sea

__all__ = [
    "VARIANTS",
    "LabourAccounts",
    "LabourSources",
    "build_from_output",
    "build_wiod2013_labour",
    "load_sources",
]

VARIANTS: tuple[str, ...] = ("central", "low", "high")
WIOD2013_YEARS: tuple[int, int] = (1995, 2011)
ACTS: tuple[str, ...] = ("AGR", "IND", "SER")
HOUSEHOLDS = "c35"


@dataclass(frozen=True, eq=False)
class LabourSources:
    """The ILO and SEA sources, loaded once (see :func:`load_sources`)."""

    ilo: IloSources
    sea: SeaData
    data_dir: str


@functools.lru_cache(maxsize=4)
def _load(data_dir: str, max_gap: int) -> LabourSources:
    d = Path(data_dir)
    return LabourSources(read_ilo(d / "ilo", max_gap=max_gap), read_sea(d / "wiod2016_sea"),
                         str(d))


def load_sources(data_dir: str | Path, *, max_gap: int = 10) -> LabourSources:
    """Read ``<data_dir>/ilo`` and ``<data_dir>/wiod2016_sea`` (cached per folder).

    Raises
    ------
    TableReadError
        A source file is missing or malformed.
    """
    return _load(str(Path(data_dir).resolve()), max_gap)


@dataclass(frozen=True, eq=False)
class LabourAccounts:
    """Labour accounts of one WIOD 2013 year and variant.

    Attributes
    ----------
    year : int
    variant : str
        ``central``, ``low`` or ``high``.
    persons : Series
        Thousand persons employed, index (region, sector), 41 x 35.
    hours : Series
        Million hours worked, same index.
    household_persons, household_hours : Series
        Domestic workers of private households whose industry (c35) has zero output in the
        table, by region: thousand persons and million hours, for final demand (CONS_h).
    flags : Series
        Imputation flag of each cell (``key=rule`` pairs joined by ``;``).
    calibration : Series
        Calibration factor of hours per person used for each region.
    meta : dict
        Year of the SEA used, SEA factors, pooled intensities, sources.
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

    def region_totals(self) -> pd.DataFrame:
        """Persons and hours per region including the households' direct account."""
        p = self.persons.groupby(level="region", sort=False).sum() + self.household_persons
        h = self.hours.groupby(level="region", sort=False).sum() + self.household_hours
        return pd.DataFrame({"persons": p, "hours": h, "hours_per_person": h / p * 1e3})


# ---------------------------------------------------------------------------------------
# the year context: SEA factors and pooled intensities
# ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _YearContext:
    year: int
    sea_year: int
    sea_persons: dict[str, np.ndarray]  # concorded EMP per SEA country (35,)
    sea_hours: dict[str, np.ndarray]  # concorded H per SEA country (35,)
    sea_factor: dict[str, float]  # h_SEA / h_ILO at sea_year
    intensity: np.ndarray  # persons per output, pooled (35,)
    intensity_act: dict[str, float]
    eta: np.ndarray  # hours per person relative to its activity, pooled (35,)
    domestic_share: float


def _h_ilo(ilo: IloSources, iso3: str, year: int) -> tuple[float, str]:
    w = ilo.weekly_hours(iso3, year, "TOTAL")
    wk = ilo.working_weeks(iso3)
    rule = w.rule if wk.rule == "ilo" else f"{w.rule}+leave-{wk.rule}"
    return w.value * wk.value, rule


def _context(src: LabourSources, x: pd.DataFrame, year: int) -> _YearContext:
    sea = src.sea
    lo, hi = sea.years
    ty = min(max(year, lo), hi)
    persons, hours, factor = {}, {}, {}
    go = np.zeros(35)
    emp_pool, h_pool = np.zeros(35), np.zeros(35)
    for c in sea.countries:
        cy = sea.country_year(c, ty)
        if cy.empty or c not in x.index:
            continue
        W = concordance_matrix(x.loc[c])
        cc = concord(cy[["EMP", "H", "GO"]].assign(GO=cy["GO"] / cy["NOMEXCH"].replace(0, np.nan)
                                                     .fillna(1.0)), W)
        persons[c] = cc["EMP"].to_numpy()
        hours[c] = cc["H"].to_numpy()
        h_sea = cy["H"].sum() / cy["EMP"].sum() * 1e3
        factor[c] = h_sea / _h_ilo(src.ilo, c, ty)[0]
        go += cc["GO"].to_numpy()
        emp_pool += persons[c]
        h_pool += hours[c]
    if not persons:
        raise CoverageError(f"no SEA country of {sea.path} is in the table")
    acts = np.array([BROAD_ACTIVITY[s] for s in WIOD35])
    core = np.arange(35) != 34
    with np.errstate(divide="ignore", invalid="ignore"):
        intensity = np.where(go > 0, emp_pool / go, 0.0)
        hpp = np.where(emp_pool > 0, h_pool / emp_pool, 0.0)
    intensity_act, eta = {}, np.ones(35)
    for a in ACTS:
        m = (acts == a) & core
        intensity_act[a] = float(emp_pool[m].sum() / go[m].sum())
        hpp_a = h_pool[m].sum() / emp_pool[m].sum()
        ma = acts == a
        eta[ma] = np.where(hpp[ma] > 0, hpp[ma] / hpp_a, 1.0)
    return _YearContext(year, ty, persons, hours, factor, intensity, intensity_act, eta,
                        float(emp_pool[34] / emp_pool.sum()))


# ---------------------------------------------------------------------------------------
# one region
# ---------------------------------------------------------------------------------------
def _sea_region(
    ctx: _YearContext, src: LabourSources, r: str, xr: np.ndarray, P: float, prule: str
) -> tuple[np.ndarray, np.ndarray, str, float]:
    emp, hrs = ctx.sea_persons[r], ctx.sea_hours[r]
    if ctx.year == ctx.sea_year:
        h = float(hrs.sum() / emp.sum() * 1e3)
        k = ctx.sea_factor[r]
        flag = f"persons={prule};hours=sea;pattern=sea"
    else:
        h0, hrule = _h_ilo(src.ilo, r, ctx.year)
        k = ctx.sea_factor[r]
        h = h0 * k
        flag = (f"persons={prule};hours={hrule}*sea-factor-{ctx.sea_year};"
                f"pattern=sea-{ctx.sea_year}")
    pers = P * emp / emp.sum()
    hours = P * h / 1e3 * hrs / hrs.sum()
    return pers, hours, flag, k


def _model_region(
    ctx: _YearContext,
    xr: np.ndarray,
    P: float,
    h_ilo: float,
    ratios: dict[str, float],
    pattern: str,
) -> tuple[np.ndarray, np.ndarray]:
    """Persons and hours (at calibration 1) of a region without SEA data."""
    acts = np.array([BROAD_ACTIVITY[s] for s in WIOD35])
    xp = np.clip(xr, 0.0, None)
    core = np.arange(35) != 34
    pers = np.zeros(35)
    weight = {a: float(xp[(acts == a) & core].sum() * ctx.intensity_act[a]) for a in ACTS}
    total = sum(weight.values())
    if total <= 0:
        raise CoverageError("region has no positive output outside c35: cannot split persons")
    for a in ACTS:
        m = (acts == a) & core
        w = xp[m] * (ctx.intensity[m] if pattern == "sea" else 1.0)
        if w.sum() > 0:
            pers[m] = P * (1 - ctx.domestic_share) * weight[a] / total * w / w.sum()
    pers[34] = P * ctx.domestic_share
    rho = np.array([ratios[a] for a in acts])
    raw = pers * rho * (ctx.eta if pattern == "sea" else 1.0)
    hours = raw / raw.sum() * P * h_ilo / 1e3
    return pers, hours


# ---------------------------------------------------------------------------------------
# the builder
# ---------------------------------------------------------------------------------------
def build_from_output(
    x: pd.Series, year: int, sources: LabourSources, *, variant: str = "central"
) -> LabourAccounts:
    """Build labour accounts for a WIOD 2013 table's gross output.

    Parameters
    ----------
    x : Series
        Gross output, index (region, sector) with ISO3 region codes (WIOD's ``ROM`` is
        accepted and mapped) plus ``RoW``, sectors c1..c35; US$ million.
    year : int
        Year of the table.
    sources : LabourSources
        From :func:`load_sources`.
    variant : {"central", "low", "high"}

    Returns
    -------
    LabourAccounts
        Persons (thousand) and hours (million) per cell; ``sum(persons) + household_persons``
        equals the ILO employment of each country (world minus the 40 countries for RoW).

    Raises
    ------
    ValueError
        Unknown variant.
    LabelMismatchError
        A region code not in the ILO files, or sectors other than c1..c35.
    CoverageError
        A year outside the ILO employment estimates.
    """
    if variant not in VARIANTS:
        raise ValueError(f"variant {variant!r}; expected one of {VARIANTS}")
    ilo = sources.ilo
    ilo.check_year(year)
    regions = list(dict.fromkeys(x.index.get_level_values(0)))
    iso = list(to_iso3(regions, "wiod2013"))
    table = x.copy()
    table.index = pd.MultiIndex.from_arrays(
        [to_iso3(x.index.get_level_values(0), "wiod2013"), x.index.get_level_values(1)],
        names=["region", "sector"])
    X = table.unstack("sector")
    missing = [s for s in WIOD35 if s not in X.columns]
    if missing or X.shape[1] != 35:
        raise LabelMismatchError(f"sectors must be c1..c35; missing {missing[:5]}",
                                 labels=missing)
    X = X[list(WIOD35)].reindex(iso)
    countries = [r for r in iso if r != "RoW"]
    for r in countries:
        ilo.check_country(r)
    ctx = _context(sources, X, year)

    world = ilo.persons_year(year)
    n = len(iso)
    pers = {p: np.zeros((n, 35)) for p in ("sea", "flat")}
    hours1 = {p: np.zeros((n, 35)) for p in ("sea", "flat")}  # at calibration factor 1
    is_sea = np.zeros(n, dtype=bool)
    flags: list[str] = []
    kappa = np.ones(n)
    factors = np.array(list(ctx.sea_factor.values()))
    k_mean, k_min, k_max = float(factors.mean()), float(factors.min()), float(factors.max())
    for i, r in enumerate(iso):
        xr = X.loc[r].to_numpy(dtype=float)
        if r == "RoW":
            rest = [c for c in world.index if c not in set(countries)]
            P = float(world.sum() - world[countries].sum())
            hs = np.array([_h_ilo(ilo, c, year)[0] for c in rest])
            h_ilo = float(np.average(hs, weights=world[rest].to_numpy()))
            ratios = {a: ilo.activity_ratio(rest, year, a).value for a in ACTS}
            flag = "persons=ilo-world-minus-40;hours=ilo-rest-weighted*sea-mean;" \
                   "pattern=output-intensity;activity=ilo-pooled"
        elif r in ctx.sea_persons:
            lk = ilo.persons_of(r, year)
            p_, h_, flag, kappa[i] = _sea_region(ctx, sources, r, xr, lk.value, lk.rule)
            for p in pers:
                pers[p][i], hours1[p][i] = p_, h_ / kappa[i]
            is_sea[i] = True
            flags.append(flag)
            continue
        else:
            lk = ilo.persons_of(r, year)
            P = lk.value
            h_ilo, hrule = _h_ilo(ilo, r, year)
            looks = {a: ilo.activity_ratio(r, year, a) for a in ACTS}
            ratios = {a: v.value for a, v in looks.items()}
            arule = sorted({v.rule for v in looks.values()}, key=len)[-1]
            flag = (f"persons={lk.rule};hours={hrule}*sea-mean;pattern=output-intensity;"
                    f"activity={arule}")
        kappa[i] = k_mean
        for p in pers:
            pers[p][i], hours1[p][i] = _model_region(ctx, xr, P, h_ilo, ratios, p)
        flags.append(flag)

    k_cell = np.where(is_sea, kappa, {"central": k_mean, "low": min(k_min, 1.0),
                                      "high": max(k_max, 1.0)}[variant])[:, None]
    if variant == "central":
        P_, H_ = pers["sea"], hours1["sea"] * k_cell
    elif variant == "low":
        P_ = np.minimum(pers["sea"], pers["flat"])
        H_ = np.minimum(hours1["sea"], hours1["flat"]) * k_cell
    else:
        P_ = np.maximum(pers["sea"], pers["flat"])
        H_ = np.maximum(hours1["sea"], hours1["flat"]) * k_cell
    H_ = np.where(is_sea[:, None], pers["sea"] * 0 + hours1["sea"] * k_cell, H_)
    P_ = np.where(is_sea[:, None], pers["sea"], P_)

    # zero-output cells: c35 goes to households; others (SEA countries only) are spread
    # over the region's positive-output cells of the same broad activity
    xv = X.to_numpy(dtype=float)
    cell_flags = np.array([[f] * 35 for f in flags], dtype=object)
    hh_p, hh_h = np.zeros(n), np.zeros(n)
    acts = np.array([BROAD_ACTIVITY[s] for s in WIOD35])
    for i in range(n):
        for j in np.flatnonzero(xv[i] <= 0):
            if j == 34:
                hh_p[i], hh_h[i] = P_[i, j], H_[i, j]
                cell_flags[i, j] += ";households-final-demand"
            elif P_[i, j] > 0 or H_[i, j] > 0:
                m = (acts == acts[j]) & (xv[i] > 0) & (np.arange(35) != 34)
                for A in (P_, H_):
                    if A[i, m].sum() > 0:
                        A[i, m] += A[i, j] * A[i, m] / A[i, m].sum()
                cell_flags[i, j] += ";zero-output-moved"
                cell_flags[i, m] = [f + ";received-zero-output-cell" for f in cell_flags[i, m]]
            else:
                cell_flags[i, j] += ";zero-output"
            P_[i, j] = H_[i, j] = 0.0
    idx = pd.MultiIndex.from_product([iso, list(WIOD35)], names=["region", "sector"])
    ridx = pd.Index(iso, name="region")
    meta = {
        "sea_year": ctx.sea_year,
        "sea_factors": dict(ctx.sea_factor),
        "sea_factor_mean": k_mean,
        "sea_factor_min": k_min,
        "sea_factor_max": k_max,
        "domestic_share": ctx.domestic_share,
        "world_persons_ilo": float(world.sum()),
        "sources": sources.data_dir,
        "modelled": True,
    }
    return LabourAccounts(
        year=year,
        variant=variant,
        persons=pd.Series(P_.ravel(), index=idx, name="persons"),
        hours=pd.Series(H_.ravel(), index=idx, name="hours"),
        household_persons=pd.Series(hh_p, index=ridx, name="persons"),
        household_hours=pd.Series(hh_h, index=ridx, name="hours"),
        flags=pd.Series(cell_flags.ravel(), index=idx, name="flag"),
        calibration=pd.Series(k_cell.ravel(), index=ridx, name="calibration"),
        meta=meta,
    )


def build_wiod2013_labour(
    data_dir: str | Path, year: int, *, variant: str = "central"
) -> LabourAccounts:
    """Build labour accounts for one WIOD 2013 year from the files in ``data_dir``.

    Parameters
    ----------
    data_dir : str or Path
        Folder with ``wiod2013/``, ``ilo/`` and ``wiod2016_sea/`` (e.g. ``../shared/data``).
    year : int
        1995-2011.
    variant : {"central", "low", "high"}

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
