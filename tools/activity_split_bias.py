"""South->North hours 1995-2011 with the ILO activity split and with the previous method.

The size of the bias of the previous labour accounts (persons split between agriculture,
industry and services from the SEA countries' persons per dollar of output, which puts too few
workers in agriculture and too many in industry in low-income economies): for every WIOD 2013
year, hours embodied South->North, North->South and net (North = IMF advanced economies, RoW
counted as South; the shipped ``north-south`` groups) on the central accounts (ILO modelled
shares by activity) and on the variant ``previous method``. Country hours are the same in both;
only their split over industries differs. Run from the repository root::

    PYTHONPATH=src python tools/activity_split_bias.py [--data ../shared/data] [--out bias.csv]

Prints one row per year (billion hours) and the change in per cent.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def south_north_before_after(data_dir: Path, years: range) -> object:
    """DataFrame: year x (after/before) hours South->North, North->South, net (billion)."""
    import pandas as pd

    from interlabor.accounts import PREVIOUS_METHOD, labour_accounts, load_sources
    from interlabor.accounts.wiod2013_labour import _read_table
    from interlabor.exchange import exchange_flows

    sources = load_sources(data_dir)
    rows = []
    for y in years:
        mrio = _read_table(data_dir, y)
        mrio = mrio.with_accounts(labour_accounts(mrio, sources=sources,
                                                  variants=("central", PREVIOUS_METHOD)))
        row: dict[str, float] = {"year": y}
        for label, hours in (("after", "labour/hours"),
                             ("before", f"labour/hours ({PREVIOUS_METHOD})")):
            H = exchange_flows(mrio, hours=hours).grouped("north-south").hours / 1e3
            row[f"S->N {label}"] = H.loc["South", "North"]
            row[f"N->S {label}"] = H.loc["North", "South"]
            row[f"net {label}"] = H.loc["South", "North"] - H.loc["North", "South"]
        rows.append(row)
    df = pd.DataFrame(rows).set_index("year")
    for k in ("S->N", "N->S", "net"):
        df[f"{k} change %"] = 100 * (df[f"{k} after"] / df[f"{k} before"] - 1)
    return df


def main(argv: list[str] | None = None) -> int:
    """Print (and optionally write) the before/after table; return the exit code."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    p.add_argument("--years", default="1995-2011")
    p.add_argument("--out", type=Path, help="also write the table (.csv)")
    a = p.parse_args(argv)
    lo, _, hi = a.years.partition("-")
    from interlabor.errors import InterlaborError

    try:
        df = south_north_before_after(a.data, range(int(lo), int(hi or lo) + 1))
    except InterlaborError as exc:
        print(f"{type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    print("Hours embodied between South and North, billion hours (modelled estimates: "
          "illustrative); after = ILO activity shares, before = previous method")
    print(df.round(1).to_string())  # type: ignore[attr-defined]
    if a.out:
        from interlabor.io.output import write_result

        write_result(df.reset_index(), a.out)  # type: ignore[attr-defined]
    return 0


if __name__ == "__main__":
    sys.exit(main())
