"""Structural decomposition of changes over time: ``decompose``."""

from __future__ import annotations

import argparse
import math
import sys
from typing import Any

import pandas as pd

from ..progress import notify
from ._common import cache_arg, labour_data_arg, load, need_account, progress, with_labour

__all__ = ["add_parsers"]


def _years(args: argparse.Namespace) -> tuple[int, int, dict[int, Any]]:
    """The start and end years and the tables of ``--years`` by year."""
    from ..errors import CoverageError
    from ._common import year_tables

    tables = year_tables(args.years)
    y0 = args.year_from if args.year_from is not None else min(tables)
    y1 = args.year_to if args.year_to is not None else max(tables)
    for y in (y0, y1):
        if y not in tables:
            raise CoverageError(f"{args.years}: no table for {y}; years found: "
                                f"{', '.join(str(t) for t in sorted(tables))}")
    return y0, y1, tables


def _deflator(args: argparse.Namespace, regions: Any, y0: int, y1: int
              ) -> tuple[pd.Series | None, str]:
    """The end year's deflators and the description of the prices."""
    if args.prices == "nominal":
        return None, ("nominal: current US$ of each year (the intensity factor mixes "
                      "productivity with inflation and exchange rates)")
    from ..decompose import pwt_deflators

    folder = args.price_data or args.labour_data
    d = pwt_deflators(folder, regions, y1, y0)
    return d, (f"constant {y0} prices: {y1} values deflated by the producing country's US$ "
               f"price level of GDP ({d.attrs['source']}), US$ at {y0} exchange rates")


def _print(res: Any, pair: tuple[str, str]) -> None:
    from ..decompose import FACTOR_LABELS
    from ..report.text_format import columns_table, quantity

    a = res.attrs
    y0, y1 = a["years"]
    k = len(res.factors)
    mark = " [modelled estimate: illustrative]" if a["modelled"] else ""
    print(f"Structural decomposition of {a['account']} ({a['unit']}){mark}, {y0} -> {y1}")
    print(f"  prices: {a['prices']}")
    print(f"  groups: {a['groups']}; Shapley: average of all {math.factorial(k):,} orderings of "
          f"{k} factors (from {2 ** k} combinations); two-polar: Dietzenbacher & Los (1998)")
    g, h = pair
    cols = {f"{g}->{h}": ("group_flow", g, h), f"{h}->{g}": ("group_flow", h, g),
            f"footprint of {h}": ("group_footprint", "all", h),
            f"footprint of {g}": ("group_footprint", "all", g)}
    for name, key in cols.items():
        v = res.values.loc[key]
        pct = f", {100 * v['change'] / v['from']:+.1f} %" if v["from"] else ""
        print(f"  {name}: {quantity(v['from'], a['unit'])} -> {quantity(v['to'], a['unit'])} "
              f"(change {quantity(v['change'], a['unit'])}{pct})")
    rows = list(res.factors)
    table = {}
    for name, key in cols.items():
        t = res.table(*key)
        table[name] = [*t["shapley"], t["shapley"].sum(), res.values.loc[key, "change"]]
        if name == f"{g}->{h}":
            table[f"{name} two-polar"] = [*t["two_polar"], t["two_polar"].sum(),
                                          res.values.loc[key, "change"]]
    df = pd.DataFrame(table, index=[*rows, "sum of contributions", "change"])
    print("Contributions to the change (Shapley; two-polar for the first flow):")
    print(columns_table(df, dict.fromkeys(df.columns, a["unit"])))
    print("factors: " + "; ".join(f"{f}: {FACTOR_LABELS[f]}" for f in res.factors))


def _cmd_decompose(args: argparse.Namespace) -> int:
    from ..decompose import decompose
    from ..exchange_report import default_pair
    from ..io.output import write_result
    from ._common import check_out

    if args.prices == "constant" and not (args.price_data or args.labour_data):
        print("usage error: constant prices need --price-data DIR (with pwt1001/) or "
              "--labour-data DIR (with prices/pwt1001/); or pass --prices nominal",
              file=sys.stderr)
        return 2
    check_out(args.out)
    y0, y1, tables = _years(args)
    if y0 >= y1:
        print(f"usage error: --from {y0} must be before --to {y1}", file=sys.stderr)
        return 2
    with progress(not args.quiet) as step:
        mrios = []
        for y in (y0, y1):
            m = with_labour(load(str(tables[y]), args.format, step, not args.no_cache),
                            args.labour_data)
            need_account(m, args.account, tables[y], args.labour_data)
            mrios.append(m)
        deflator, prices = _deflator(args, mrios[0].regions, y0, y1)
        notify(step, "decompose", f"decomposing {y0} -> {y1}")
        res = decompose(mrios[0], mrios[1], account=args.account, groups=args.groups,
                        deflator=deflator, prices=prices, per_capita=args.per_capita,
                        years=(y0, y1))
    names = list(res.values.loc["group_footprint"].index.get_level_values("consumer"))
    pair = tuple(args.pair) if args.pair else default_pair(names)
    missing = [p for p in pair if p not in names]
    if missing:
        from ..errors import LabelMismatchError

        raise LabelMismatchError(f"--pair: no group {', '.join(missing)}; groups: "
                                 f"{', '.join(names)}")
    _print(res, pair)  # type: ignore[arg-type]
    if args.out:
        long = res.long()
        path = write_result(long, args.out)
        print(f"wrote {len(long):,} rows to {path}")
    return 0


def add_parsers(sub: Any) -> None:
    """Add ``decompose`` to the subcommands ``sub``."""
    sp = sub.add_parser(
        "decompose", help="structural decomposition of the change of footprints and hours "
        "flows between two years")
    sp.add_argument("--years", metavar="DIR", required=True,
                    help="folder of tables with the year in their names")
    labour_data_arg(sp)
    sp.add_argument("--account", default="hours", help="account (default: hours)")
    sp.add_argument("--from", dest="year_from", type=int, metavar="YEAR",
                    help="start year (default: the first in DIR)")
    sp.add_argument("--to", dest="year_to", type=int, metavar="YEAR",
                    help="end year (default: the last in DIR)")
    sp.add_argument("--groups", default="north-south",
                    help="north-south (default), wb-income, or a CSV with columns region,group")
    sp.add_argument("--pair", nargs=2, metavar=("A", "B"),
                    help="the flow A->B printed first (default: South North)")
    sp.add_argument("--prices", choices=("constant", "nominal"), default="constant",
                    help="constant start-year prices (default; PWT deflators) or nominal")
    sp.add_argument("--price-data", metavar="DIR",
                    help="folder with pwt1001/ (default: --labour-data DIR's prices/)")
    sp.add_argument("--per-capita", action="store_true",
                    help="decompose per person of the consumers, population as a factor")
    sp.add_argument("--format", help="reader name (default: detected from the path)")
    sp.add_argument("-q", "--quiet", action="store_true", help="no progress display")
    cache_arg(sp)
    sp.add_argument("--out", help="write a tidy long table (.csv or .parquet)")
    sp.set_defaults(func=_cmd_decompose)
