"""Unequal exchange between region groups: ``exchange``."""

from __future__ import annotations

import argparse
import sys
from typing import Any

import numpy as np
import pandas as pd

from ..progress import notify
from ._common import (
    DEFAULT,
    cache_arg,
    labour_data_arg,
    load,
    need_account,
    progress,
    with_labour,
    year_tables,
)
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


def _needs_value_added(ind: str) -> bool:
    """Whether indicator ``ind`` (an id of :mod:`interlabor.indicators`) uses value added."""
    return ("value_added" in ind or "price_level" in ind  # price levels weigh by value added
            or ind.startswith(("exchange_ratio", "drain_d")))  # drain_d, drain_d_pairwise


def _value_added(mrio: Any, args: argparse.Namespace) -> tuple[Any, str | None, str | None]:
    """The table with a value-added account; the derivation note; why none can be derived.

    A table without the default ``value_added`` account gets ``x - 1'Z`` on a closed world
    table (said in the note). On an open table the same ``x - 1'Z`` only lets the hours
    results be computed: the third element says why the value-added results are not.
    """
    from ..accounts.value_added import derived_value_added, open_table_reason
    from ..errors import AccountNotFoundError

    try:
        mrio.account(args.value_added)
        return mrio, None, None
    except AccountNotFoundError:
        if args.value_added != "value_added":
            raise  # an account the user named: no stand-in
    reason = open_table_reason(mrio)
    acc = derived_value_added(mrio, allow_open=True)
    if reason is None:
        return mrio.with_accounts([acc]), f"value added: {acc.description}", None
    why = (f"not computed: the table has no value-added account, and x - 1'Z is not value "
           f"added because {reason}")
    return mrio.with_accounts([acc]), None, why


def _hours_only(res: pd.DataFrame, why: str) -> pd.DataFrame:
    """Blank the indicators that need value added, saying why (the hours ones stay)."""
    ids = res.index.get_level_values("indicator")
    mask = np.array([_needs_value_added(i) for i in ids])
    out = res.copy()
    for c in ("value", "low", "high"):
        if c in out.columns:
            out.loc[mask, c] = np.nan
    out.loc[mask, "note"] = why
    out.attrs = dict(res.attrs)
    return out


def _print_exchange(res: pd.DataFrame) -> None:
    from ..report.text_format import scale_for

    rng = "low" in res.columns
    mc = "p5" in res.columns
    w = max(len(str(i)) for i in res["label"])
    for _, r in res.iterrows():
        note = str(r.note or "")
        sc = scale_for(str(r.unit), r.value)
        if r.value == r.value:
            lo, hi = (sc.format(r.low), sc.format(r.high)) if rng and r.low == r.low else ("", "")
            extra = f"  [{lo} to {hi}]" if lo != hi else ""
            if mc and r.p5 == r.p5:
                extra += f"  p5-p95 [{sc.format(r.p5)} to {sc.format(r.p95)}]"
            print(f"  {r.label:<{w}}  {sc.text(r.value)}{extra}")
            if "undefined" in note:
                print(f"  {'':<{w}}  {note}")
        elif note.startswith("not computed"):
            print(f"  {r.label:<{w}}  {note}")
        else:
            print(f"  {r.label:<{w}}  undefined" + (f": {note}" if note else ""))


def _print_series(res: pd.DataFrame) -> None:
    from ..report.text_format import columns_table

    ids = [*SERIES, *(i for i in SERIES_MORE if i in res.index.get_level_values("indicator"))]
    rows = res[res.index.get_level_values("indicator").isin(ids)]
    wide = rows["value"].unstack("indicator")[ids]
    first = rows.groupby(level="indicator").first()
    wide.columns = pd.Index([first.loc[i, "label"] for i in ids])
    print(columns_table(wide, {first.loc[i, "label"]: first.loc[i, "unit"] for i in ids}))


def _cmd_exchange(args: argparse.Namespace) -> int:
    from ..exchange_report import exchange_series, summary_range
    from ..io.output import to_long, write_result
    from ._common import check_out

    if (args.table is None) == (args.years is None):
        print("usage error: give a TABLE or --years DIR (not both)", file=sys.stderr)
        return 2
    if args.uncertainty and args.years:
        print("usage error: --uncertainty works on one TABLE, not --years", file=sys.stderr)
        return 2
    drivers = None
    check_out(args.out)
    pair = tuple(args.pair) if args.pair else None
    notes: dict[str, None] = {}
    missing: dict[str, None] = {}

    def prepared(mrio: Any, source: str) -> Any:
        mrio = _with_income(with_labour(mrio, args.labour_data), args.labour_data)
        need_account(mrio, args.account, source, args.labour_data)
        mrio, note, why = _value_added(mrio, args)
        if note:
            notes[note] = None
        if why:
            missing[why] = None
        return mrio

    with progress(not args.quiet) as step:
        if args.years is None:
            mrio = prepared(load(args.table, args.format, step, not args.no_cache), args.table)
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
                                  read=lambda p: prepared(load(str(p), args.format,
                                                               lambda _m: None,
                                                               not args.no_cache), str(p)),
                                  **_exchange_options(args))
    if missing:
        res = _hours_only(res, next(iter(missing)))
    attrs = res.attrs
    a, b = attrs["pair"]
    mark = " [modelled estimate: illustrative]" if attrs.get("modelled") else ""
    wages = (attrs["compensation_basis"] if "compensation" in attrs.get("accounts", {}) else
             "none (no compensation account: pass --wages ACCOUNT); drains (a)-(c) not computed")
    print(f"Unequal exchange {a} -> {b}: hours account {attrs['accounts']['hours']}{mark}")
    print(f"  prices: {attrs['prices']}; wages: {wages}")
    for text in (*notes, *missing):
        print(f"  {text}")
    if "range" in attrs:
        print(f"  range: {attrs['range']}")
    if "uncertainty" in attrs:
        print(f"  Monte Carlo: {attrs['uncertainty']}")
    if args.years is None:
        _print_exchange(res)
    else:
        from ..report.figures import exchange_chart

        _print_series(res)
        chart = exchange_chart(
            res, args.chart, pair=(a, b),
            title=f"{attrs['accounts']['hours']}{mark}; {attrs['prices']}")
        print(f"wrote chart {chart}")
    if args.out:
        long = to_long(res)
        path = write_result(long, args.out)
        print(f"wrote {len(long):,} rows to {path}")
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
