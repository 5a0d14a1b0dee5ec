"""Checks of the labour accounts against the figures they were built from.

Run ``python -m interlabor.accounts.checks --data ../shared/data`` to print the checks table
of ``docs/labour_accounts.md`` (:func:`format_checks` gives it as text).

Checks (central variant):

``world_persons``
    Sum of persons (cells and households' direct account) vs the ILO world total.
``country_persons``
    Each of the 40 countries vs its ILO employment estimate.
``hours_per_person``
    Annual hours per person in the SEA countries vs the SEA's (hours of all persons engaged
    over persons engaged), SEA years only.
``industry_hours_share``
    Each industry's share of the country's hours vs the SEA concorded to WIOD 2013 industries
    (absolute difference, percentage points).
``industry_hours_level``
    Each industry's hours vs the SEA concorded (relative difference); the two differ by the
    ratio of ILO to SEA persons engaged, which is why this tolerance is wider.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from .concordance import concord, concordance_matrix
from .validation import activity_share_rows, leave_one_out_rows, pwt_rows
from .wiod2013_labour import LabourAccounts, LabourSources, _read_table, build_from_output

__all__ = ["TOLERANCES", "check_year", "checks_table", "format_checks", "summarise"]

#: Tolerance of each check (relative, except shares: absolute, in shares). None: reported, not
#: a pass/fail check (the validation rows: what the accounts were not calibrated to).
TOLERANCES: dict[str, float | None] = {
    "world_persons": 1e-9,
    "country_persons": 1e-9,
    "hours_per_person": 0.02,
    "industry_hours_share": 1e-9,
    "industry_hours_level": 0.10,
    "activity_share": 1e-9,
    "activity_share_sea": None,
    "pwt_hours_per_person": None,
    "loo_hours_per_person": None,
    "loo_activity_hours_share": None,
    "loo_industry_hours_share": None,
    "loo_industry_hours_level": None,
}
#: Checks whose ``diff`` is absolute (shares); the others are relative.
ABSOLUTE = ("industry_hours_share", "activity_share", "activity_share_sea",
            "loo_activity_hours_share", "loo_industry_hours_share")


def check_year(acc: LabourAccounts, sources: LabourSources, x: pd.Series, *,
               validation: bool = True) -> pd.DataFrame:
    """Run the checks of one year's accounts.

    Parameters
    ----------
    acc : LabourAccounts
        Central accounts of the year.
    sources : LabourSources
    x : Series
        Gross output of the table (region, sector), for the concordance weights.
    validation : bool
        Also the validation rows of :mod:`interlabor.accounts.validation` (activity shares
        against the ILO, hours per person against PWT, the leave-one-out backtest).

    Returns
    -------
    DataFrame
        Columns year, check, region, sector, ours, reference, diff (relative, or absolute for
        shares).
    """
    ilo, sea = sources.ilo, sources.sea
    year = acc.year
    rows: list[tuple] = []
    tot = acc.region_totals()
    world = ilo.persons_year(year).sum()
    rows.append((year, "world_persons", "World", "", tot["persons"].sum(), world))
    for r in tot.index:
        if r != "RoW":
            rows.append((year, "country_persons", r, "", tot.loc[r, "persons"],
                         ilo.persons_of(r, year).value))
    lo, hi = sea.years
    if lo <= year <= hi:
        for c in sea.countries:
            if c not in tot.index:
                continue
            cy = sea.country_year(c, year)
            rows.append((year, "hours_per_person", c, "", tot.loc[c, "hours_per_person"],
                         cy["H"].sum() / cy["EMP"].sum() * 1e3))
            ref = concord(cy[["H"]], concordance_matrix(x.loc[c]))["H"]
            ours = acc.hours.loc[c].copy()
            ours["c35"] += acc.household_hours[c]
            for s in ref.index:
                if ref[s] > 0.001 * ref.sum():
                    rows.append((year, "industry_hours_share", c, s, ours[s] / ours.sum(),
                                 ref[s] / ref.sum()))
                    rows.append((year, "industry_hours_level", c, s, ours[s], ref[s]))
    if validation:
        rows += activity_share_rows(acc) + pwt_rows(acc, sources)
        rows += leave_one_out_rows(x, year, sources)
    df = pd.DataFrame(rows, columns=["year", "check", "region", "sector", "ours", "reference"])
    share = df["check"].isin(ABSOLUTE)
    df["diff"] = np.where(share, df["ours"] - df["reference"],
                          df["ours"] / df["reference"] - 1.0)
    return df


def checks_table(
    data_dir: str | Path, years: Iterable[int] = range(1995, 2012), sources: LabourSources | None
    = None
) -> pd.DataFrame:
    """:func:`check_year` for several years (central variant)."""
    from .wiod2013_labour import load_sources

    sources = sources or load_sources(data_dir)
    frames = []
    for y in years:
        m = _read_table(Path(data_dir), int(y))
        x = pd.Series(m.x, index=m.index)
        frames.append(check_year(build_from_output(x, int(y), sources), sources, x))
    return pd.concat(frames, ignore_index=True)


def summarise(df: pd.DataFrame) -> pd.DataFrame:
    """Worst absolute difference per check, with the tolerance and pass/fail."""
    g = df.assign(absdiff=df["diff"].abs()).groupby("check")
    out = g.agg(n=("diff", "size"), worst=("absdiff", "max"), years=("year", "nunique"))
    tol = [TOLERANCES[c] for c in out.index]
    out["mean_abs"] = g["absdiff"].mean()
    out["tolerance"] = ["reported" if t is None else t for t in tol]
    out["pass"] = ["reported" if t is None else bool(w <= t) for w, t in zip(
        out["worst"], tol, strict=True)]
    return out


def format_checks(df: pd.DataFrame) -> str:
    """The checks report of ``docs/labour_accounts.md`` as text.

    Parameters
    ----------
    df : DataFrame
        The table of :func:`checks_table`.

    Returns
    -------
    str
        The summary (markdown when ``tabulate`` is installed), the worst industry-level
        difference by SEA country and the hours per person against the SEA in the last year.
    """
    summary = summarise(df)
    lvl = df[df["check"] == "industry_hours_level"]
    hpp = df[df["check"] == "hours_per_person"]
    parts = [
        summary.to_markdown() if _has_tabulate() else summary.to_string(),
        "\nindustry hours level, worst |diff| by SEA country:",
        lvl.assign(a=lvl["diff"].abs()).groupby("region")["a"].max().round(4).to_string(),
        f"\nhours per person vs SEA, {hpp['year'].max()}:",
        hpp[hpp["year"] == hpp["year"].max()][["region", "ours", "reference", "diff"]]
        .round(4).to_string(index=False),
    ]
    return "\n".join(parts + _validation_report(df))


def validation_by_country(df: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Per-country summaries of the validation rows of a checks table.

    Returns
    -------
    dict
        ``pwt``: hours per person against PWT ``avh`` (last year: ours, PWT, difference;
        mean and range of the difference over the years); ``loo``: the leave-one-out
        backtest per SEA country (difference of hours per person, worst |difference| of an
        activity's share of hours, mean |difference| of industry shares, over the years);
        ``activity_share_sea``: worst |difference| of the SEA countries' activity shares
        of persons against the ILO's.
    """
    out: dict[str, pd.DataFrame] = {}
    pwt = df[df["check"] == "pwt_hours_per_person"]
    if not pwt.empty:
        last = pwt[pwt["year"] == pwt["year"].max()].set_index("region")
        g = pwt.groupby("region")["diff"]
        out["pwt"] = pd.DataFrame({"ours": last["ours"], "pwt": last["reference"],
                                   "diff": last["diff"], "mean_diff": g.mean(),
                                   "min_diff": g.min(), "max_diff": g.max()})
    loo = df[df["check"].str.startswith("loo_")]
    if not loo.empty:
        a = loo.assign(absdiff=loo["diff"].abs())
        out["loo"] = pd.DataFrame({
            "hours_per_person_diff_mean": a[a.check == "loo_hours_per_person"]
            .groupby("region")["diff"].mean(),
            "activity_share_worst": a[a.check == "loo_activity_hours_share"]
            .groupby("region")["absdiff"].max(),
            "industry_share_mean_abs": a[a.check == "loo_industry_hours_share"]
            .groupby("region")["absdiff"].mean(),
            "industry_level_median_abs": a[a.check == "loo_industry_hours_level"]
            .groupby("region")["absdiff"].median(),
        })
    sea = df[df["check"] == "activity_share_sea"]
    if not sea.empty:
        out["activity_share_sea"] = sea.assign(absdiff=sea["diff"].abs()).pivot_table(
            index="region", columns="sector", values="absdiff", aggfunc="max")
    return out


def _validation_report(df: pd.DataFrame) -> list[str]:
    titles = {"pwt": "hours per person vs Penn World Table avh (relative difference)",
              "loo": "leave-one-out backtest, each SEA country built without its SEA "
                     "(six high-income economies: no validation for the South)",
              "activity_share_sea": "SEA countries: activity shares of persons vs ILO, "
                                    "worst |difference|"}
    return [f"\n{titles[k]}:\n{t.round(3).to_string()}"
            for k, t in validation_by_country(df).items()]


def main(argv: Sequence[str] | None = None) -> str:
    """Parse ``--data DIR [--years 1995-2011]`` and return the checks report (markdown).

    Raises
    ------
    SystemExit
        Bad arguments (argparse).
    """
    p = argparse.ArgumentParser(prog="python -m interlabor.accounts.checks")
    p.add_argument("--data", required=True)
    p.add_argument("--years", default="1995-2011")
    a = p.parse_args(argv)
    lo, _, hi = a.years.partition("-")
    return format_checks(checks_table(a.data, range(int(lo), int(hi or lo) + 1)))


def _has_tabulate() -> bool:
    try:
        import tabulate  # noqa: F401
    except ImportError:
        return False
    return True


if __name__ == "__main__":  # pragma: no cover - the only place that prints
    print(main())
