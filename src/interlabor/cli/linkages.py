"""Linkages and the forward view: ``linkages``."""

from __future__ import annotations

import argparse
from typing import Any

import pandas as pd

from ..errors import InterlaborError
from ..progress import notify
from ._common import check_out, labour_data_arg, load, progress, table_args, with_labour
from .exchange import _with_income

__all__ = ["add_parsers"]

_KINDS = ("backward", "forward", "ghosh", "type2")


def _head(frame: pd.DataFrame, by: str, top: int) -> pd.DataFrame:
    """The ``top`` rows with the largest ``by`` (NaN left out)."""
    return frame[frame[by].notna()].sort_values(by, ascending=False).head(top)


def _print_table(title: str, frame: pd.DataFrame, cols: dict[str, str], names: dict[str, str]
                 ) -> None:
    print(title)
    print(f"  {'cell':<9} {'sector':<34}" + "".join(f"{h:>13}" for h in cols.values()))
    for (r, s), row in frame.iterrows():
        print(f"  {r + ':' + s:<9} {names.get(s, s)[:34]:<34}"
              + "".join(f"{row[c]:>13,.3f}" for c in cols))


def _in(frame: pd.DataFrame, region: str | None) -> pd.DataFrame:
    return frame if region is None else frame.loc[[region]]


def _propensity(text: str) -> float | str:
    """``--propensity``: ``average`` or a number."""
    if text == "average":
        return text
    try:
        p = float(text)
    except ValueError:
        p = float("nan")
    if not 0.0 < p <= 1.0:
        raise argparse.ArgumentTypeError(f"{text!r}: expected a number in (0, 1] or 'average'")
    return p


def _feasible(mrio: Any, kinds: tuple[str, ...], args: argparse.Namespace) -> tuple[str, ...]:
    """``--kind all`` without type2 (and a note why) when the table lacks its accounts."""
    from .. import linkages as lk
    from ..errors import AccountNotFoundError

    try:
        lk.income_account(mrio, args.income)
        lk.household_category(mrio, args.households)
    except AccountNotFoundError as exc:
        print(f"note: type-II multipliers left out: {str(exc.args[0]).split(';')[0]}")
        return tuple(k for k in kinds if k != "type2")
    return kinds


def _cmd_linkages(args: argparse.Namespace) -> int:
    from .. import linkages as lk
    from ..io.output import write_result

    if args.top < 1:
        raise InterlaborError(f"--top {args.top}: expected at least 1")
    kinds: tuple[str, ...] = _KINDS if args.kind == "all" else (args.kind,)
    accounts = args.account or (["hours"] if "ghosh" in kinds else [])
    check_out(args.out)
    with progress(not args.quiet) as report:
        mrio = load(args.table, args.format, report, not args.no_cache, args.year)
        mrio = _with_income(with_labour(mrio, args.labour_data), args.labour_data)
        if args.region is not None and args.region not in mrio.regions:
            raise InterlaborError(f"--region {args.region!r} is not a region of {args.table}; "
                                  f"regions: {', '.join(mrio.regions)}")
        if args.kind == "all":
            kinds = _feasible(mrio, kinds, args)
        notify(report, "linkages", f"{', '.join(kinds)}: solves of the table")
        long = lk.linkages(mrio, kinds=kinds, accounts=accounts, income=args.income,
                           households=args.households, propensity=args.propensity)
        names = mrio.sector_name_of
        where = f" in {args.region}" if args.region else " (world)"
        for kind, fn, what in (("backward", lk.backward_linkages, "power of dispersion, "
                                "column sums of L"),
                               ("forward", lk.forward_linkages, "sensitivity of dispersion, "
                                "row sums of the Ghosh inverse")):
            if kind in kinds:
                f = _in(fn(mrio), args.region)
                _print_table(f"Top {args.top} {kind} linkages{where} ({what}; index 1 = "
                             "average of the world's sectors):", _head(f, "index", args.top),
                             {"index": "index", "index_domestic": "domestic",
                              "index_foreign": "foreign", "total": "sum"}, names)
        if "ghosh" in kinds:
            down = lk.downstream_accounts(mrio, accounts)
            for key in down.index.unique("account"):
                one = _in(down.xs(key, level="account"), args.region)
                unit = down.attrs["units"][key]
                mark = " [modelled estimate]" if down.attrs["modelled"][key] else ""
                total, inc = one["production_based"].sum(), one["income_based"].sum()
                _print_table(f"Top {args.top} income-based {key} ({unit}){where}: enabled "
                             f"downstream by the sectors' primary inputs (Ghosh){mark}; "
                             f"total {inc:,.1f} income-based vs {total:,.1f} "
                             "production-based:", _head(one, "income_based", args.top),
                             {"income_based": "income-based", "production_based": "production",
                              "downstream_intensity": "per primary"}, names)
        if "type2" in kinds:
            t2 = lk.type2_multipliers(mrio, income=args.income, households=args.households,
                                      propensity=args.propensity)
            one = _in(t2.xs("output", level="measure"), args.region)
            mark = " [modelled income]" if t2.attrs["income_modelled"] else ""
            _print_table(f"Top {args.top} type-II output multipliers{where}; closure: "
                         f"{t2.attrs['closure']}; income {t2.attrs['income']}, households "
                         f"{t2.attrs['households']}{mark}:", _head(one, "type2", args.top),
                         {"type2": "type II", "type1": "type I", "induced": "induced"}, names)
    if args.region is not None:
        long = long[long["region"] == args.region].reset_index(drop=True)
    if args.out:
        path = write_result(long, args.out)
        print(f"wrote {len(long):,} rows to {path}")
    return 0


def add_parsers(sub: Any) -> None:
    """Add ``linkages`` to the subcommands ``sub``."""
    sp = sub.add_parser("linkages", help="backward and forward linkages, Ghosh (downstream) "
                        "accounts and type-II multipliers")
    table_args(sp)
    labour_data_arg(sp)
    sp.add_argument("--region", metavar="R", help="print and write the sectors of this region "
                    "only (the solves are of the whole table)")
    sp.add_argument("--kind", default="all", choices=[*_KINDS, "all"],
                    help="what to compute (default all)")
    sp.add_argument("--account", action="append", metavar="ACCOUNT",
                    help="account of the downstream (ghosh) and type-II parts (repeatable; "
                    "default hours for ghosh)")
    sp.add_argument("--income", metavar="ACCOUNT", help="the households' labour-income account "
                    "for type2 (default compensation or labour_income; --labour-data builds "
                    "the modelled labour_income of WIOD 2013 tables)")
    sp.add_argument("--households", metavar="CATEGORY", help="household final consumption "
                    "category for type2 (default CONS_h or the like)")
    sp.add_argument("--propensity", type=_propensity, default=1.0, metavar="P",
                    help="type2: household consumption per unit of labour income, a number in "
                    "(0, 1] spent in the shares of household final consumption (default 1), or "
                    "'average' (household consumption over labour income, per region)")
    sp.add_argument("--top", type=int, default=10, help="sectors printed per part (default 10)")
    sp.add_argument("--out", metavar="FILE", help="write the tidy table (.csv, .parquet, ...)")
    sp.set_defaults(func=_cmd_linkages)
