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
from .wiod2013_labour import LabourAccounts, LabourSources, _read_table, build_from_output

__all__ = ["TOLERANCES", "check_year", "checks_table", "format_checks", "summarise"]

#: Tolerance of each check (relative, except the share check: absolute, in shares).
TOLERANCES: dict[str, float] = {
    "world_persons": 1e-9,
    "country_persons": 1e-9,
    "hours_per_person": 0.02,
    "industry_hours_share": 1e-9,
    "industry_hours_level": 0.10,
}


def check_year(acc: LabourAccounts, sources: LabourSources, x: pd.Series) -> pd.DataFrame:
    """Run the checks of one year's accounts.

    Parameters
    ----------
    acc : LabourAccounts
        Central accounts of the year.
    sources : LabourSources
    x : Series
        Gross output of the table (region, sector), for the concordance weights.

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
    df = pd.DataFrame(rows, columns=["year", "check", "region", "sector", "ours", "reference"])
    share = df["check"] == "industry_hours_share"
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
    out["tolerance"] = [TOLERANCES[c] for c in out.index]
    out["pass"] = out["worst"] <= out["tolerance"]
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
    return "\n".join([
        summary.to_markdown() if _has_tabulate() else summary.to_string(),
        "\nindustry hours level, worst |diff| by SEA country:",
        lvl.assign(a=lvl["diff"].abs()).groupby("region")["a"].max().round(4).to_string(),
        f"\nhours per person vs SEA, {hpp['year'].max()}:",
        hpp[hpp["year"] == hpp["year"].max()][["region", "ours", "reference", "diff"]]
        .round(4).to_string(index=False),
    ])


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
