"""Who gains and who loses work in a plan: hours by region and sector, in hours and persons.

:func:`work_changes` sets a plan's hours by region-sector against today's: the change in
hours, as a share of the region's hours today, and in persons at today's hours per person of
the region-sector. :func:`net_hours_given` is each region's net hours given today in the
footprint flows (hours worked for others' final demand minus hours others worked for its own:
production- minus consumption-based hours, the measure the unequal-exchange indicators use),
and :func:`givers_statement` says in words whether the plan moves work away from the regions
that give more hours than they receive.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..footprints import consumption_based, production_based
from ..model import MRIO
from .lp import PlanLP

__all__ = ["givers_statement", "net_hours_given", "persons_per_hour", "work_changes"]


def persons_per_hour(lp: PlanLP) -> np.ndarray:
    """Today's persons per hour of each region-sector, shape (R, S); NaN without persons.

    Region-sectors without hours today take their region's average (work a plan moves there
    is counted at the region's hours per person).
    """
    d = lp.data
    h0 = d.hours0
    with np.errstate(divide="ignore", invalid="ignore"):
        region = d.persons / (h0.sum(axis=1) + d.hours_fd)
        cell = np.where(h0 > 0, d.persons_rs / np.where(h0 > 0, h0, 1.0), region[:, None])
    return cell


def work_changes(lp: PlanLP, z: np.ndarray) -> pd.DataFrame:
    """Hours by region-sector today and in the plan ``z``, largest changes first.

    Returns
    -------
    DataFrame
        Index (region, sector), sorted by the size of the change (largest first); columns
        ``today``, ``plan``, ``change`` (hours unit), ``change_pct_region`` (change as % of
        the region's hours today), ``change_persons`` (change at today's persons per hour of
        the region-sector; the persons account's unit, NaN without one). Hours worked
        directly for final demand are fixed and not listed.
    """
    d = lp.data
    h0 = d.hours0
    h1 = lp.cell_hours(z)
    h1 = np.where(np.abs(h1) <= 1e-9 * max(1.0, float(np.abs(h0).max())), 0.0, h1)
    region_today = h0.sum(axis=1) + d.hours_fd
    with np.errstate(divide="ignore", invalid="ignore"):
        pct = np.where(region_today[:, None] > 0, (h1 - h0) / region_today[:, None] * 100,
                       np.nan)
    idx = pd.MultiIndex.from_product([d.regions, d.sectors], names=["region", "sector"])
    df = pd.DataFrame({"today": h0.ravel(), "plan": h1.ravel(), "change": (h1 - h0).ravel(),
                       "change_pct_region": pct.ravel(),
                       "change_persons": ((h1 - h0) * persons_per_hour(lp)).ravel()},
                      index=idx)
    df = df.iloc[np.argsort(-np.abs(df["change"].to_numpy()), kind="stable")]
    df.attrs = {"unit": d.units.get("hours", "")}
    return df


def net_hours_given(mrio: MRIO, account: str) -> pd.Series:
    """Net hours each region gives today: production- minus consumption-based hours.

    Hours worked in ``r`` for other regions' final demand minus hours worked elsewhere for
    ``r``'s final demand (footprint flows ``diag(l) L Y``; direct final-demand hours on both
    sides cancel). Positive: ``r`` gives more hours than it receives.

    Returns
    -------
    Series, index region (hours unit)
    """
    out = production_based(mrio, account) - consumption_based(mrio, account, by="region")
    out.name = "net_given_today"
    return out


def givers_statement(hours: pd.DataFrame, unit: str) -> str:
    """Whether the plan moves work away from the regions that give more hours than they receive.

    Parameters
    ----------
    hours : DataFrame
        Index region; ``today``, ``change``, ``net_given_today``.
    unit : str
        The hours unit, for the text.

    Returns
    -------
    str
        One or two plain sentences.
    """
    give = hours["net_given_today"] > 0
    if not give.any():
        return "No region gives more hours than it receives today (footprint flows)."
    g, r = hours[give], hours[~give]
    dg, dr = float(g["change"].sum()), float(r["change"].sum())
    pg = 100 * dg / float(g["today"].sum())
    pr = 100 * dr / float(r["today"].sum()) if len(r) else float("nan")
    losers = g[g["change"] < 0].sort_values("change")
    names = ", ".join(f"{k} {v:+.1f} %" for k, v in
                      (losers["change"] / losers["today"] * 100).head(6).items())
    who = (f"the {int(give.sum())} regions that give more hours than they receive today "
           "(net givers in the footprint flows of the unequal-exchange indicators)")
    if dg < 0:
        return (f"The plan moves work AWAY from {who}: their hours fall by {-dg:,.0f} {unit} "
                f"({pg:+.1f} %; {names}), while the other regions' hours change by "
                f"{dr:+,.0f} ({pr:+.1f} %).")
    return (f"The plan does not move work away from {who}: their hours change by {dg:+,.0f} "
            f"{unit} ({pg:+.1f} %), the other regions' by {dr:+,.0f} ({pr:+.1f} %)."
            + (f" Among them, hours fall in {names}." if names else ""))
