"""Persons and hours by sex, and employees versus self-employed, for every labour cell.

A modelled split of the central accounts (:class:`~interlabor.accounts.LabourAccounts`) that
adds up to them exactly, cell by cell. Method (``docs/labour_accounts.md``):

**Sex.** For each region, the ILO's persons by sex (``ilo/workforce_total_iso3.csv``;
RoW = world minus the 40 countries) are scaled to the region's persons, and the ILO modelled
shares of female and of male employment in agriculture, industry and services
(``ilo_status_sex/``) give a 3 x 2 seed table ``P_sex * a_b,sex``, raked (iterative
proportional fitting) to the accounts' persons by activity and the persons by sex. Every
industry of an activity gets the activity's female share (no data by industry); hours by sex
use the ILO's female-to-male ratio of weekly hours in the activity (``HOW_TEMP``, fallback:
nearest year, regional average, all activities, then 1).

**Status in employment.** In the six SEA countries, employees per cell are the SEA's (EMPE /
EMP concorded to WIOD 2013, the 2000 structure before 2000). Elsewhere the ILO's
self-employed share of employment ``se_r`` (employers, own-account and contributing family
workers) is spread over industries with the pooled SEA countries' self-employment rates
``q_s`` shifted on the logit scale by one country constant,
``logit q_rs = logit q_s + delta_r``, ``delta_r`` solved so that the cells add up to
``se_r P_r``: the pattern across industries (far more self-employment in agriculture than in
manufacturing) is the SEA countries', its level the ILO's. Hours of the self-employed per
person equal the employees' in the same cell (the SEA's own assumption).

Sources: ILOSTAT, ILO modelled estimates (CC BY 4.0) via Gapminder Systema Globalis; WIOD
2016 Socio-Economic Accounts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .ilo_modelled import ACTS
from .structure import ACT_INDEX, HOUSEHOLDS, SER

__all__ = ["GROUPS", "Group", "split_by_sex", "split_by_status"]

#: Groups of the split accounts: (account suffix, key).
GROUPS: tuple[str, ...] = ("female", "male", "employees", "self_employed")
_CLIP = 1e-4


@dataclass(frozen=True)
class Group:
    """Persons (thousand) and hours (million) of one group per cell; households' direct part.

    Attributes
    ----------
    persons, hours : ndarray, shape (R, 35)
    hh_persons, hh_hours : ndarray, shape (R,)
    """

    persons: np.ndarray
    hours: np.ndarray
    hh_persons: np.ndarray
    hh_hours: np.ndarray


def _arrays(acc: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    R = len(acc.household_persons)
    return (acc.persons.to_numpy().reshape(R, 35), acc.hours.to_numpy().reshape(R, 35),
            acc.household_persons.to_numpy(), acc.household_hours.to_numpy())


def _activity(p: np.ndarray, hh: np.ndarray) -> np.ndarray:
    out = np.stack([p[:, ACT_INDEX == b].sum(axis=1) for b in range(3)], axis=1)
    out[:, SER] += hh
    return out


def rake(seed: np.ndarray, rows: np.ndarray, cols: np.ndarray, tol: float = 1e-13
         ) -> np.ndarray:
    """Iterative proportional fitting of a (k, m) table to row and column totals.

    ``rows.sum()`` must equal ``cols.sum()``; zero rows stay zero. Converges for positive
    seeds (Deming & Stephan 1940).
    """
    t = np.where(rows[:, None] > 0, np.maximum(seed, 1e-300), 0.0)
    for _ in range(1000):
        t *= np.where(t.sum(axis=1) > 0, rows / t.sum(axis=1), 0.0)[:, None]
        t *= np.where(t.sum(axis=0) > 0, cols / t.sum(axis=0), 0.0)[None, :]
        if np.abs(t.sum(axis=1) - rows).max() <= tol * max(rows.sum(), 1.0):
            break
    return t


def _hours_ratio(ilo: Any, countries: list[str] | str, year: int, act: str,
                 weights: pd.Series) -> tuple[float, str]:
    """ILO weekly hours of women over men's in an activity (pooled for a list of countries)."""
    from ..errors import CoverageError

    def one(c: str) -> tuple[float, str]:
        for a in (act, "TOTAL"):
            try:
                f, m = ilo.weekly_hours(c, year, f"{a}:F"), ilo.weekly_hours(c, year, f"{a}:M")
            except CoverageError:
                continue
            return f.value / m.value, f"{a}-{f.rule}"
        return 1.0, "none"

    if isinstance(countries, str):
        return one(countries)
    vf, rf = ilo.own_values(year, f"{act}:F")
    vm, rm = ilo.own_values(year, f"{act}:M")
    both = set(vf.index[(rf != "").to_numpy()]) & set(vm.index[(rm != "").to_numpy()])
    have = [c for c in countries if c in both]
    w = weights.reindex(have).fillna(0.0)
    if not have or w.sum() <= 0:
        return 1.0, "none"
    return float(np.average((vf[have] / vm[have]).to_numpy(), weights=w.to_numpy())), \
        "ilo-pooled"


def split_by_sex(acc: Any, sources: Any) -> tuple[dict[str, Group], pd.DataFrame]:
    """Split a year's central accounts into women and men (module docstring).

    Parameters
    ----------
    acc : LabourAccounts
        Central accounts (with ``structure``).
    sources : LabourSources

    Returns
    -------
    groups : dict
        ``female`` and ``male`` -> :class:`Group`; their sum is ``acc`` cell by cell.
    report : DataFrame
        Per region: ``female_share`` (of persons) ours and the ILO's, the female share by
        activity ours and the ILO's seed (before raking), and the rule of the hours ratio.
    """
    st = acc.structure
    ilo, mod = sources.ilo, sources.modelled
    year = acc.year
    p, h, hp, hh = _arrays(acc)
    A = _activity(p, hp)
    countries = [r for r in st.regions if r != "RoW"]
    world = {s: ilo.persons_year(year, s) for s in ("F", "M")}
    rest = [c for c in world["F"].index if c not in set(countries)]
    phi = np.zeros((st.n_regions, 3))
    omega = np.ones((st.n_regions, 3))
    rows = []
    for i, r in enumerate(st.regions):
        if r == "RoW":
            Ps = {s: float(world[s].sum() - world[s][countries].sum()) for s in ("F", "M")}
            a = {s: mod.pooled(rest, world[s], year, s)[0] for s in ("F", "M")}
            hr = [_hours_ratio(ilo, rest, year, b, world["F"]) for b in ACTS]
        else:
            Ps = {s: ilo.persons_of(r, year, s).value for s in ("F", "M")}
            a = {s: mod.activity_shares(r, year, s)[0] for s in ("F", "M")}
            hr = [_hours_ratio(ilo, r, year, b, world["F"]) for b in ACTS]
        total = A[i].sum()
        cols = np.array([Ps["F"], Ps["M"]]) * total / (Ps["F"] + Ps["M"])
        seed = np.stack([Ps["F"] * a["F"], Ps["M"] * a["M"]], axis=1)
        t = rake(seed, A[i], cols)
        with np.errstate(divide="ignore", invalid="ignore"):
            phi[i] = np.where(A[i] > 0, t[:, 0] / A[i], 0.0)
            seed_phi = seed[:, 0] / seed.sum(axis=1)
        omega[i] = [v for v, _ in hr]
        rows.append({"region": r, "female_share": cols[0] / total,
                     "female_share_ilo": Ps["F"] / (Ps["F"] + Ps["M"]),
                     **{f"female_share_{b}": phi[i, j] for j, b in enumerate(ACTS)},
                     **{f"female_share_{b}_ilo": seed_phi[j] for j, b in enumerate(ACTS)},
                     "hours_ratio_rule": ";".join(sorted({rule for _, rule in hr}))})
    f_cell = phi[:, ACT_INDEX]
    w_cell = omega[:, ACT_INDEX]
    hf_cell = f_cell * w_cell / (f_cell * w_cell + (1 - f_cell))
    f_hh, w_hh = phi[:, SER], omega[:, SER]
    hf_hh = f_hh * w_hh / (f_hh * w_hh + (1 - f_hh))
    female = Group(p * f_cell, h * hf_cell, hp * f_hh, hh * hf_hh)
    male = Group(p - female.persons, h - female.hours, hp - female.hh_persons,
                 hh - female.hh_hours)
    return {"female": female, "male": male}, pd.DataFrame(rows).set_index("region")


def _logit(q: np.ndarray) -> np.ndarray:
    q = np.clip(q, _CLIP, 1 - _CLIP)
    return np.log(q / (1 - q))


def split_by_status(acc: Any, sources: Any, ctx: Any) -> tuple[dict[str, Group], pd.DataFrame]:
    """Split a year's central accounts into employees and the self-employed.

    Parameters
    ----------
    acc : LabourAccounts
        Central accounts (with ``structure``).
    sources : LabourSources
    ctx : the year context of the build (SEA employees by country, pooled employee rates)

    Returns
    -------
    groups : dict
        ``employees`` and ``self_employed`` -> :class:`Group`; their sum is ``acc``.
    report : DataFrame
        Per region: self-employed share of persons, ours and the ILO's, and the rule.
    """
    st = acc.structure
    mod, ilo = sources.modelled, sources.ilo
    year = acc.year
    p, h, hp, hh = _arrays(acc)
    R = st.n_regions
    base = _logit(1.0 - ctx.employee_rate)  # (35,) pooled SEA self-employment, logit scale
    emp_rate = np.zeros((R, 35))
    countries = [r for r in st.regions if r != "RoW"]
    world = ilo.persons_year(year)
    rest = [c for c in world.index if c not in set(countries)]
    target = np.full(R, np.nan)
    rules = []
    for i, r in enumerate(st.regions):
        if r in ctx.sea_employees:
            emp, empe = ctx.sea_persons[r], ctx.sea_employees[r]
            with np.errstate(divide="ignore", invalid="ignore"):
                emp_rate[i] = np.where(emp > 0, empe / emp, 1.0)
            rules.append("sea-employees" + ("" if year == ctx.sea_year
                                             else f"-{ctx.sea_year}"))
            continue
        if r == "RoW":
            target[i] = mod.pooled(rest, world, year)[1]
            rules.append("ilo-self-employed-pooled;logit-shift-of-sea-pattern")
        else:
            lk = mod.self_employed_rate(r, year)
            target[i] = lk.value
            rules.append(f"{lk.rule.replace('ilo', 'ilo-self-employed')};"
                         "logit-shift-of-sea-pattern")
    m = np.isfinite(target)
    if m.any():
        P = p[m].sum(axis=1) + hp[m]
        lo, hi = np.full(m.sum(), -40.0), np.full(m.sum(), 40.0)
        hhw = np.where(hp[m] > 0, hp[m], 0.0)
        for _ in range(200):  # bisection: the self-employed share rises with delta
            mid = (lo + hi) / 2
            q = 1 / (1 + np.exp(-(base[None, :] + mid[:, None])))
            se = (p[m] * q).sum(axis=1) + hhw * q[:, HOUSEHOLDS]
            up = se / P < target[m]
            lo, hi = np.where(up, mid, lo), np.where(up, hi, mid)
        delta = (lo + hi) / 2
        emp_rate[m] = 1 - 1 / (1 + np.exp(-(base[None, :] + delta[:, None])))
    emp_hh = emp_rate[:, HOUSEHOLDS]
    employees = Group(p * emp_rate, h * emp_rate, hp * emp_hh, hh * emp_hh)
    self_emp = Group(p - employees.persons, h - employees.hours, hp - employees.hh_persons,
                     hh - employees.hh_hours)
    tot = p.sum(axis=1) + hp
    ours = (self_emp.persons.sum(axis=1) + self_emp.hh_persons) / tot
    ref = []
    for r in st.regions:
        if r == "RoW":
            ref.append(mod.pooled(rest, world, year)[1])
        else:
            ref.append(mod.self_employed_rate(r, year).value)
    report = pd.DataFrame({"self_employed_share": ours, "self_employed_share_ilo": ref,
                           "rule": rules}, index=pd.Index(st.regions, name="region"))
    return {"employees": employees, "self_employed": self_emp}, report
