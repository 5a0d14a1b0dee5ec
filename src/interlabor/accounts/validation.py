"""Validation of the labour accounts against sources they were not calibrated to.

Three families of rows for the checks table (:mod:`interlabor.accounts.checks`), each with
columns year, check, region, sector, ours, reference, diff:

``activity_share`` / ``activity_share_sea``
    Persons by broad activity (share of the region's persons) against the ILO modelled shares:
    every economy without SEA and RoW (equal by construction: tolerance 1e-9), and the six SEA
    countries, whose persons by industry are the SEA's (the difference is reported: it is the
    gap between the SEA's persons engaged by industry and the ILO's labour-force-survey based
    shares).
``pwt_hours_per_person``
    Annual hours per person engaged against the Penn World Table 10.01 ``avh``, an independent
    source (national accounts and labour-force surveys collected by the GGDC), all 40
    countries; reported, and used as the alternative calibration ``calibration:pwt``.
``loo_*``
    Leave-one-out backtest: each SEA country built as if it had no SEA (ILO persons, ILO
    activity shares and hours relativities, intensities and calibration factor pooled over the
    other five), against its SEA hours: hours per person, hours by activity (share of the
    country's hours) and by industry (share, and level). Six high-income economies do not
    validate the method for the South; they show how far the cell model is from measured
    accounts where both exist.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .concordance import BROAD_ACTIVITY, WIOD35, concord, concordance_matrix
from .ilo_modelled import ACTS
from .lookup import nearest_value

__all__ = ["activity_share_rows", "leave_one_out_rows", "pwt_rows"]

_ACT = np.array([BROAD_ACTIVITY[s] for s in WIOD35])
Row = tuple[int, str, str, str, float, float]


def activity_share_rows(acc: Any) -> list[Row]:
    """Persons by activity (shares) of every region against the ILO modelled shares."""
    st = acc.structure
    ap = acc.activity_persons()
    share = ap.div(ap.sum(axis=1), axis=0)
    rows: list[Row] = []
    for i, r in enumerate(st.regions):
        check = "activity_share" if st.modelled[i] else "activity_share_sea"
        for j, a in enumerate(ACTS):
            rows.append((acc.year, check, r, a, float(share.loc[r, a]), float(st.shares[i, j])))
    return rows


def pwt_rows(acc: Any, sources: Any) -> list[Row]:
    """Hours per person of each country against PWT ``avh`` (nearest year within the gap)."""
    tot = acc.region_totals()
    rows: list[Row] = []
    for r in tot.index:
        found = nearest_value(sources.avh, r, acc.year, sources.ilo.max_gap)
        if r != "RoW" and found is not None:
            rows.append((acc.year, "pwt_hours_per_person", r, "",
                         float(tot.loc[r, "hours_per_person"]), found.value))
    return rows


def _sea_hours(sources: Any, c: str, year: int, x: pd.Series) -> pd.Series:
    cy = sources.sea.country_year(c, year)
    return concord(cy[["H", "EMP"]], concordance_matrix(x.loc[c]))


def leave_one_out_rows(x: pd.Series, year: int, sources: Any) -> list[Row]:
    """Each SEA country built without its SEA, against its SEA (SEA years only).

    Checks ``loo_hours_per_person`` (relative), ``loo_activity_hours_share`` (absolute, share
    of the country's hours in AGR, IND, SER), ``loo_industry_hours_share`` (absolute) and
    ``loo_industry_hours_level`` (relative, industries above 0.1 % of the SEA's hours; level
    differences include the ratio of ILO to SEA persons).
    """
    from .wiod2013_labour import build_variants

    lo, hi = sources.sea.years
    if not lo <= year <= hi:
        return []
    regions = set(x.index.get_level_values(0))
    rows: list[Row] = []
    for c in sources.sea.countries:
        if c not in regions:
            continue
        others = tuple(s for s in sources.sea.countries if s != c)
        acc = build_variants(x, year, sources, ("central",), sea_countries=others)["central"]
        ref = _sea_hours(sources, c, year, x)
        ours = acc.hours.loc[c].copy()
        ours["c35"] += acc.household_hours[c]
        tot = acc.region_totals().loc[c]
        rows.append((year, "loo_hours_per_person", c, "", float(tot["hours_per_person"]),
                     float(ref["H"].sum() / ref["EMP"].sum() * 1e3)))
        for a in ACTS:
            m = _ACT == a
            rows.append((year, "loo_activity_hours_share", c, a,
                         float(ours[m].sum() / ours.sum()),
                         float(ref["H"][m].sum() / ref["H"].sum())))
        H = ref["H"]
        for s in H.index:
            if H[s] > 0.001 * H.sum():
                rows.append((year, "loo_industry_hours_share", c, s,
                             float(ours[s] / ours.sum()), float(H[s] / H.sum())))
                rows.append((year, "loo_industry_hours_level", c, s, float(ours[s]),
                             float(H[s])))
    return rows
