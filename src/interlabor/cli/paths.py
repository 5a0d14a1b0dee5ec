"""Structural path analysis: ``paths`` (the largest supply-chain paths behind a final demand)."""

from __future__ import annotations

import argparse
from typing import Any

import pandas as pd

from ..progress import notify
from ._common import (
    check_out,
    labour_data_arg,
    load,
    need_account,
    progress,
    table_args,
    with_labour,
)

__all__ = ["add_parsers"]


def _scale(unit: str, account_unit: str, reference: float) -> tuple[float, str]:
    """Factor and unit text of the printed values (``risk x`` kept in front of the account's)."""
    from ..report.text_format import scale_for

    if unit.startswith("risk x "):
        sc = scale_for(account_unit, reference)
        return sc.factor, f"risk x {sc.unit}"
    sc = scale_for(unit, reference)
    return sc.factor, sc.unit


def _print(res: pd.DataFrame, tier_table: pd.DataFrame, account_unit: str) -> None:
    from ..report.text_format import number, table_format

    a = res.attrs
    what = "risk exposure" if a["risk"] else a["account"]
    ref = float(res["value"].abs().max()) if len(res) else abs(a["footprint"])
    factor, unit = _scale(a["unit"], account_unit, ref)  # the scale of the paths listed
    mark = " [modelled estimate: illustrative]" if a["modelled"] else ""
    print(f"Supply-chain paths of {what} behind {a['demand']} ({unit}){mark}")
    print(f"  {'total risk exposure' if a['risk'] else 'footprint'}: "
          f"{number(a['footprint'] * factor)} {unit}; threshold "
          f"{number(a['threshold'] * factor)} {unit} "
          f"({number(100 * a['threshold_share'])} % of it), "
          f"depth {a['depth']}")
    if len(res):
        shown = res["value"].to_numpy() * factor
        fmt = table_format(shown, 4)
        width = max(len(fmt(v)) for v in shown)
        print(f"  {'rank':>4} {'tier':>4} {'share %':>8} {'value':>{width}}  path (origin last)")
        for r, v in zip(res.itertuples(), shown, strict=True):
            extra = f"  [risk {r.risk:g}]" if a["risk"] else ""
            print(f"  {r.rank:>4} {r.tier:>4} {100 * r.share:>8.2f} {fmt(v):>{width}}  "
                  f"{r.path}{extra}")
    else:
        print("  no path at or above the threshold")
    total = "total risk exposure" if a["risk"] else "footprint"
    print(f"Coverage (share of the {total} explained):")
    print(f"  listed paths ({len(res)}): {number(100 * a['coverage_listed'])} %")
    if a.get("coverage_threshold") is not None:
        print(f"  all {a['n_above_threshold']:,} paths above the threshold: "
              f"{number(100 * a['coverage_threshold'])} %")
    print(f"  all paths up to depth {a['depth']}: {number(100 * a['coverage_depth'])} %")
    by_tier = tier_table.groupby("tier", sort=False)["share"].sum()
    print("By tier (all paths, exact): " + ", ".join(
        f"{t} {number(100 * v)} %" for t, v in by_tier.items()))
    if a["modelled"]:
        print(f"note: {a['account']} is a modelled estimate (illustrative): paths carry its "
              "modelling assumptions, not measured hours of named suppliers")


def _cmd_paths(args: argparse.Namespace) -> int:
    from ..paths import coverage, paths, tiers

    check_out(args.out)
    with progress(not args.quiet) as step:
        mrio = load(args.table, args.format, step, not args.no_cache, args.year)
        mrio = with_labour(mrio, args.labour_data)
        need_account(mrio, args.account, args.table, args.labour_data)
        risk = None
        if args.risk:
            from ..io.risk import read_risk

            risk = read_risk(args.risk, mrio)
        notify(step, "paths", f"searching supply-chain paths of {args.account}")
        opts: dict[str, Any] = {"product": args.product, "category": args.category,
                                "depth": args.depth, "risk": risk}
        res = paths(mrio, args.account, args.consumer, top=args.top, threshold=args.threshold,
                    **opts)
        tier_table = tiers(mrio, args.account, args.consumer, by=args.tiers or "region",
                           **opts)
    _print(res, tier_table, mrio.account(args.account).unit)
    if args.out:
        from ..io.output import write_result

        parts = [res, coverage(res)] + ([tier_table] if args.tiers else [])
        long = pd.concat(parts, ignore_index=True)
        path = write_result(long, args.out)
        print(f"wrote {len(long):,} rows to {path}")
    return 0


def _share(text: str) -> float:
    v = float(text)
    if not 0 <= v < 1:
        raise argparse.ArgumentTypeError(f"expected a share 0 <= T < 1, got {text}")
    return v


def add_parsers(sub: Any) -> None:
    """Add ``paths`` to the subcommands ``sub``."""
    sp = sub.add_parser(
        "paths", help="structural path analysis: the largest supply-chain paths of an account "
        "behind one region's final demand, with their coverage")
    table_args(sp)
    labour_data_arg(sp)
    sp.add_argument("--consumer", required=True, metavar="REGION", help="consuming region")
    sp.add_argument("--product", metavar="SECTOR",
                    help="only final demand for this product (from every origin region)")
    sp.add_argument("--category", metavar="CAT",
                    help="only this final-demand category (e.g. CONS_h: households)")
    sp.add_argument("--account", default="hours", help="account name (default: hours)")
    sp.add_argument("--top", type=int, default=20, metavar="K",
                    help="paths listed (default 20)")
    sp.add_argument("--threshold", type=_share, default=1e-4, metavar="T",
                    help="enumerate every path of at least this share of the footprint "
                    "(default 0.0001); 0: only the exact top K")
    sp.add_argument("--depth", type=int, default=8, metavar="D",
                    help="largest tier (upstream steps) enumerated (default 8)")
    sp.add_argument("--risk", metavar="FILE",
                    help="CSV region,sector,risk ('*' for all): rank paths by risk x account "
                    "where it is worked")
    sp.add_argument("--tiers", choices=["region", "sector", "region-sector"],
                    help="also write every path summed by tier and origin (exact) to --out")
    sp.add_argument("--out", metavar="FILE", help="write the paths and coverage (.csv, .parquet)")
    sp.set_defaults(func=_cmd_paths)
