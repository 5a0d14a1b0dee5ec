"""Unequal exchange between region groups: ``exchange``."""

from __future__ import annotations

import argparse
import sys
from typing import Any

import pandas as pd

from ..progress import notify
from ._common import DEFAULT, cache_arg, labour_data_arg, load, progress, with_labour, year_tables
from ._uncertainty import uncertainty_args, write_drivers

__all__ = ["add_parsers"]


def _exchange_options(args: argparse.Namespace) -> dict[str, Any]:
    opts: dict[str, Any] = {"hours": args.account, "value_added": args.value_added,
                            "compensation": args.wages,
                            "on_undefined": "report" if args.report_undefined else "raise"}
    if args.labour_income:
        opts["labour_income"] = tuple(args.labour_income)
    if args.price_data:
        from ..price_levels import load_price_levels

        opts["price_levels"] = load_price_levels(args.price_data)
    if args.labour_data and args.wages == "labour_income":
        from ..accounts.labour_income import ALTERNATIVES

        opts["wage_variants"] = ALTERNATIVES
    if args.by_sex:  # the modelled split of the labour accounts (hours_female, hours_male)
        opts["skills"] = {s: (f"hours_{s}", None) for s in ("female", "male")}
    return opts


def _with_income(mrio: Any, data_dir: str | None) -> Any:
    """Attach the modelled labour-income accounts (``labour_income`` and its variants)."""
    if data_dir is None or any(a.name == "labour_income" for a in mrio.accounts):
        return mrio
    from ..accounts.labour_income import labour_income_accounts

    return mrio.with_accounts(labour_income_accounts(mrio, data_dir))


#: Indicators of the table printed for ``--years`` (and drawn by the chart).
SERIES = ("hours_given", "hours_received", "net_hours", "gross_hours_ratio",
          "exchange_ratio_of_a")
#: Further rows of the ``--years`` table when they are in the summary.
SERIES_MORE = ("net_hours_without_row", "drain_a", "drain_c", "drain_d",
               "drain_price_level", "share_compensation_production_of_a")


def _print_exchange(res: pd.DataFrame) -> None:
    rng = "low" in res.columns
    mc = "p5" in res.columns
    w = max(len(str(i)) for i in res["label"])
    for _, r in res.iterrows():
        val = "undefined" if r.value != r.value else f"{r.value:,.4g}"
        extra = f"  [{r.low:,.4g} to {r.high:,.4g}]" if rng and r.low == r.low else ""
        if mc and r.p5 == r.p5:
            extra += f"  p5-p95 [{r.p5:,.4g} to {r.p95:,.4g}]"
        print(f"  {r.label:<{w}} {val:>10} {r.unit}{extra}")
        if r.note and (r.value != r.value or "undefined" in r.note):
            print(f"  {'':<{w}} {r.note}")


def _cmd_exchange(args: argparse.Namespace) -> int:
    from ..exchange_report import exchange_series, summary_range
    from ..io.output import to_long, write_result

    if (args.table is None) == (args.years is None):
        print("usage error: give a TABLE or --years DIR (not both)", file=sys.stderr)
        return 2
    if args.uncertainty and args.years:
        print("usage error: --uncertainty works on one TABLE, not --years", file=sys.stderr)
        return 2
    drivers = None
    pair = tuple(args.pair) if args.pair else None
    with progress(not args.quiet) as step:
        if args.years is None:
            mrio = _with_income(with_labour(load(args.table, args.format, step,
                                                 not args.no_cache), args.labour_data),
                                args.labour_data)
            notify(step, "exchange", "unequal exchange")
            res = summary_range(mrio, args.groups, pair, **_exchange_options(args))
            if args.uncertainty:
                from ..uncertainty import exchange_uncertainty

                notify(step, "exchange", f"Monte Carlo: {args.uncertainty} samples")
                res, drivers = exchange_uncertainty(
                    mrio, args.uncertainty, args.groups, pair, summary=res, seed=args.seed,
                    **_exchange_options(args))
        else:
            tables = year_tables(args.years)
            res = exchange_series(tables, args.groups, pair, step=step,
                                  read=lambda p: _with_income(with_labour(
                                      load(str(p), args.format, lambda _m: None,
                                           not args.no_cache),
                                      args.labour_data), args.labour_data),
                                  **_exchange_options(args))
    attrs = res.attrs
    a, b = attrs["pair"]
    mark = " [modelled estimate: illustrative]" if attrs.get("modelled") else ""
    print(f"Unequal exchange {a} -> {b}: hours account {attrs['accounts']['hours']}{mark}")
    print(f"  prices: {attrs['prices']}; wages: {attrs['compensation_basis']}")
    if "range" in attrs:
        print(f"  range: {attrs['range']}")
    if "uncertainty" in attrs:
        print(f"  Monte Carlo: {attrs['uncertainty']}")
    if args.years is None:
        _print_exchange(res)
    else:
        from ..report.figures import exchange_chart

        ids = [*SERIES, *(i for i in SERIES_MORE
                          if i in res.index.get_level_values("indicator"))]
        rows = res[res.index.get_level_values("indicator").isin(ids)]
        wide = rows["value"].unstack("indicator")[ids]
        labels = rows["label"].groupby(level="indicator").first()
        wide.columns = pd.Index([labels[i] for i in ids], name="indicator")
        with pd.option_context("display.width", 200, "display.max_columns", 12):
            print(wide.to_string(float_format=lambda v: f"{v:,.4g}"))
        chart = exchange_chart(
            res, args.chart, pair=(a, b),
            title=f"{attrs['accounts']['hours']}{mark}; {attrs['prices']}")
        print(f"wrote chart {chart}")
    if args.out:
        long = to_long(res)
        path = write_result(long, args.out)
        print(f"wrote {len(long)} rows to {path}")
    write_drivers(drivers, args.out)
    return 0


def add_parsers(sub: Any) -> None:
    """Add ``exchange`` to the subcommands ``sub``."""
    sp = sub.add_parser(
        "exchange", help="unequal exchange: hours given and received between region groups")
    sp.add_argument("table", nargs="?", help=f"table file or folder, or '{DEFAULT}'")
    labour_data_arg(sp)
    sp.add_argument("--years", metavar="DIR",
                    help="folder of tables with the year in their names: a time series")
    sp.add_argument("--format", help="reader name (default: detected from the path)")
    sp.add_argument("-q", "--quiet", action="store_true", help="no progress display")
    cache_arg(sp)
    sp.add_argument("--account", default="hours", help="hours account (default: hours)")
    sp.add_argument("--groups", default="north-south",
                    help="north-south (default), wb-income, or a CSV with columns region,group")
    sp.add_argument("--pair", nargs=2, metavar=("A", "B"),
                    help="giving and receiving group (default: South North)")
    sp.add_argument("--value-added", default="value_added", help="value-added account")
    sp.add_argument("--wages", help="compensation account, for the wage-valued drains; "
                    "'labour_income' with --labour-data: the modelled labour income incl. "
                    "self-employed (its ILO-share and flat-pattern variants give the range)")
    sp.add_argument("--price-data", metavar="DIR",
                    help="folder with wdi/ and pwt1001/ (e.g. ../shared/data/prices): country "
                    "price levels for the price-level drain (e)")
    sp.add_argument("--labour-income", nargs=2, metavar=("PERSONS", "EMPLOYEES"),
                    help="adjust compensation by persons engaged / employees")
    uncertainty_args(sp)
    sp.add_argument("--by-sex", action="store_true",
                    help="also report hours by sex (accounts hours_female, hours_male)")
    sp.add_argument("--report-undefined", action="store_true",
                    help="report undefined ratios (zero exports) instead of failing")
    sp.add_argument("--chart", default="exchange.png",
                    help="PNG chart for --years (default: exchange.png)")
    sp.add_argument("--out", help="write a tidy long table (.csv or .parquet)")
    sp.set_defaults(func=_cmd_exchange)
