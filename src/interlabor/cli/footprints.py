"""Footprints and embodied trade: ``footprint``, ``trade``, ``demo``."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..progress import notify
from ._common import DEFAULT, cache_arg, check_out, emit, load, progress, table_args
from ._uncertainty import (
    emit_variants,
    footprint_with_uncertainty,
    uncertainty_args,
    write_drivers,
)

__all__ = ["add_parsers"]

#: Indicator id (:mod:`interlabor.indicators`) of each ``footprint --by`` and ``trade --method``.
FOOTPRINT_IDS = {"region": "footprint", "origin": "footprint_by_origin",
                 "origin-sector": "footprint_by_origin_sector", "product": "footprint_by_product",
                 "category": "footprint_by_category", "production": "production_based",
                 "multipliers": "multiplier"}
TRADE_IDS = {"flows": "embodied_trade_flows", "eebt": "embodied_trade_eebt"}


#: Label of the row of ``--by product`` that holds the direct account of final demand.
DIRECT = "final demand (direct)"


def _multipliers(mrio: Any, account: str) -> pd.Series:
    """Total multipliers of one account as a Series (region, sector), like every result."""
    from ..footprints import multipliers

    acc = mrio.account(account)
    m = multipliers(mrio, [acc]).iloc[0].rename(acc.key)
    m.attrs = {"account": acc.key, "unit": f"{acc.unit} per {mrio.money.label}",
               "modelled": acc.modelled}
    return m


def _by_product(mrio: Any, account: str) -> pd.DataFrame:
    """Footprints by consumed product, with a row for the direct account of final demand.

    The direct part (e.g. hours of domestic workers paid by households) is no product of any
    sector; without its row the total would fall short of every other ``--by``.
    """
    from ..footprints import consumption_based
    from ..kernel import direct_by_region

    acc = mrio.account(account)
    res = consumption_based(mrio, acc, by="product")
    assert isinstance(res, pd.DataFrame)
    direct = direct_by_region(mrio, acc.final_demand)
    if acc.final_demand is not None and np.any(direct):
        row = pd.DataFrame([direct], index=pd.Index([DIRECT], name=res.index.name),
                           columns=res.columns)
        attrs = dict(res.attrs)
        res = pd.concat([res, row])
        res.attrs = attrs | {"note": f"row {DIRECT!r}: {acc.key} worked directly for final "
                             "demand (e.g. domestic workers paid by households), in no product"}
    return res


def _cmd_footprint(args: argparse.Namespace) -> int:
    from ..footprints import consumption_based, production_based

    check_out(args.out)
    with progress(not args.quiet) as step:
        mrio = load(args.table, args.format, step, not args.no_cache, args.year)
        notify(step, "footprints", f"solving footprints of {args.account}")
        res: pd.Series | pd.DataFrame
        if args.by == "multipliers":
            res = _multipliers(mrio, args.account)
        elif args.by == "production":
            res = production_based(mrio, args.account)
        elif args.uncertainty:
            res, drivers = footprint_with_uncertainty(mrio, args, step)
        elif args.by == "product":
            res = _by_product(mrio, args.account)
        else:
            res = consumption_based(mrio, args.account, by=args.by)
        if args.per_capita:
            res = _per_capita(res, mrio, args.by)
    ind = FOOTPRINT_IDS[args.by] + ("_per_capita" if args.per_capita else "")
    if args.uncertainty:
        emit_variants(res, args.out, ind)
        write_drivers(drivers, args.out)
        return 0
    emit(res, args.out, indicator=ind)
    return 0


def _per_capita(res: Any, mrio: Any, by: str) -> Any:
    """Divide by the consuming region's population (the table's population account)."""
    from ..accounts.population import population_by_region
    from ..errors import InterlaborError
    from ..units import parse_unit

    if by not in ("region", "origin", "category"):
        raise InterlaborError(f"--per-capita needs --by region, origin or category, not {by}")
    pop = population_by_region(mrio)
    unit = parse_unit(res.attrs["unit"])
    axis = "columns" if by == "origin" else "index"
    labels = res.columns if by == "origin" else res.index
    if isinstance(labels, pd.MultiIndex):  # --uncertainty by origin: rows (origin, consumer)
        labels = labels.get_level_values("consumer_region")
    out = res.mul(unit.scale).div(pop.reindex(labels).to_numpy(), axis=axis)
    out.attrs = {**res.attrs, "unit": f"{unit.base} per person"}
    return out


def _cmd_trade(args: argparse.Namespace) -> int:
    from ..footprints import embodied_trade

    check_out(args.out)
    with progress(not args.quiet) as step:
        mrio = load(args.table, args.format, step, not args.no_cache, args.year)
        notify(step, "footprints", f"embodied trade of {args.account} ({args.method})")
        res = embodied_trade(mrio, args.account, method=args.method)
    emit(res, args.out, indicator=TRADE_IDS[args.method])
    return 0


def _print_summary(mrio: Any, summaries: dict[str, pd.DataFrame]) -> None:
    from ..report.demo import NO_FOREIGN_ORIGIN

    for acc, s in summaries.items():
        a = mrio.account(acc)
        print()
        national = mrio.n_regions == 1
        what = "" if national else ": share produced abroad and main foreign origins"
        print(f"Consumption-based {acc} by region ({a.unit}"
              + (", modelled estimates: illustrative" if a.modelled else "")
              + f"), {mrio.year}{what}")
        has_range = "footprint_low" in s.columns
        for region, row in s.iterrows():
            rng = ""
            if has_range:
                lo, hi = sorted((row.footprint_low, row.footprint_high))
                rng = f" [{lo:,.0f}-{hi:,.0f}]"
            if national:
                print(f"  {region:<4} {row.footprint:>16,.0f}{rng}")
                continue
            origins = row.main_foreign_origins or "none (nothing produced abroad)"
            print(f"  {region:<4} {row.footprint:>16,.0f}{rng}  abroad {row.share_abroad:6.1%}"
                  f"  from {origins}")
        if national:
            print(f"  note: {NO_FOREIGN_ORIGIN}")


def _gap(value: float) -> str:
    """A relative gap without exponents: ``below 1 in 10^12`` when it is that small."""
    from ..report.text_format import number

    return "below 1 in 10^12" if abs(value) < 1e-12 else number(value)


def _cmd_demo(args: argparse.Namespace) -> int:
    from ..io.atomic import check_parent
    from ..report.demo import run_demo
    from ..report.text_format import number

    check_parent(Path(args.out))  # the results folder is made, its parents never are
    with progress(not args.quiet) as step:
        mrio = load(args.table, args.format, step, not args.no_cache)
        res = run_demo(mrio, args.out, step=step)
    print(mrio.summary())
    _print_summary(mrio, res.summaries)
    assert res.identities is not None
    print()
    print("World identities (consumption-based total = production-based total):")
    for _, r in res.identities.iterrows():
        unit = mrio.account(r.account).unit
        print(f"  {r.account}: {number(r.consumption, 6)} vs {number(r.production, 6)} {unit} "
              f"(relative gap {_gap(r.relative_gap)})")
    print(f"\nwrote {len(res.files)} files to {Path(args.out).resolve()}")
    return 0


def add_parsers(sub: Any) -> None:
    """Add ``footprint``, ``trade`` and ``demo`` to the subcommands ``sub``."""
    sp = sub.add_parser("footprint", help="footprints (consumption-based accounts) of an account")
    table_args(sp)
    sp.add_argument("--account", required=True, help="account name, e.g. hours or labour/hours")
    sp.add_argument(
        "--by",
        default="region",
        choices=["region", "origin", "origin-sector", "product", "category", "production",
                 "multipliers"],
        help="decomposition (default: total per consuming region)",
    )
    uncertainty_args(sp)
    sp.add_argument("--per-capita", action="store_true",
                    help="divide by the consuming region's population (the table's "
                    "population account): hours per person of consumption")
    sp.add_argument("--out", help="write a tidy long table (.csv or .parquet)")
    sp.set_defaults(func=_cmd_footprint)

    sp = sub.add_parser("trade", help="account embodied in trade between regions")
    table_args(sp)
    sp.add_argument("--account", required=True)
    sp.add_argument("--method", default="flows", choices=["flows", "eebt"])
    sp.add_argument("--out", help="write a tidy long table (.csv or .parquet)")
    sp.set_defaults(func=_cmd_trade)

    sp = sub.add_parser("demo", help="footprints by origin for every region of the bundled table")
    sp.add_argument("--table", default=DEFAULT, help="table to use instead of the bundled one")
    sp.add_argument("--format", help="reader name for --table")
    sp.add_argument("--out", default="results", help="results folder (default: results)")
    sp.add_argument("-q", "--quiet", action="store_true")
    cache_arg(sp)
    sp.set_defaults(func=_cmd_demo)
