"""The ``interlabor`` command line: parses arguments, calls the library, prints results.

Errors raised on purpose (:class:`~interlabor.errors.InterlaborError`) print as
``ErrorType: message`` on standard error and exit with status 1; usage errors exit with 2.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd

from . import __version__
from .errors import InterlaborError, InterlaborWarning

__all__ = ["main"]

DEFAULT = "default"


# ---- terminal helpers ---------------------------------------------------------------------
@contextmanager
def _progress(enabled: bool) -> Iterator[Callable[[str], None]]:
    """A spinner with the current step and elapsed time (rich), or nothing."""
    if not enabled:
        yield lambda _msg: None
        return
    try:
        from rich.console import Console
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
    except ModuleNotFoundError:
        yield lambda msg: print(f"... {msg}", file=sys.stderr)
        return
    console = Console(stderr=True)
    with Progress(
        SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=console,
        transient=True,
    ) as prog:
        task = prog.add_task("starting", total=None)
        yield lambda msg: prog.update(task, description=msg)


def _load(
    table: str, fmt: str | None, step: Callable[[str], None], use_cache: bool = True
) -> Any:
    step(f"reading {table}")
    if table == DEFAULT:
        from .data import load_default

        return load_default()
    if use_cache:
        from .cache import cached_read

        return cached_read(table, format=fmt)
    from .io import read_table

    return read_table(table, format=fmt)


def _emit(result: pd.Series | pd.DataFrame, out: str | None, rows: int = 20) -> None:
    from .io.output import to_long, write_result

    long = to_long(result)
    if out:
        path = write_result(long, out)
        print(f"wrote {len(long)} rows to {path}")
        return
    unit = result.attrs.get("unit", "")
    mark = " [modelled estimate]" if result.attrs.get("modelled") else ""
    print(f"{result.attrs.get('account', '')} ({unit}){mark}")
    with pd.option_context("display.width", 120, "display.max_columns", 12):
        print(result.head(rows).to_string() if len(result) > rows else result.to_string())
        if len(result) > rows:
            print(f"... {len(result) - rows} more rows (use --out FILE for all)")


# ---- commands -----------------------------------------------------------------------------
def _cmd_info(args: argparse.Namespace) -> int:
    with _progress(not args.quiet) as step:
        mrio = _load(args.table, args.format, step, not args.no_cache)
    print(mrio.summary())
    return 0


def _cmd_footprint(args: argparse.Namespace) -> int:
    from .footprints import consumption_based, multipliers, production_based

    with _progress(not args.quiet) as step:
        mrio = _load(args.table, args.format, step, not args.no_cache)
        step(f"solving footprints of {args.account}")
        if args.by == "multipliers":
            res: pd.Series | pd.DataFrame = multipliers(mrio, [args.account]).T
            res.attrs = {"account": args.account, "unit": f"{mrio.account(args.account).unit} "
                         f"per {mrio.money.label}", "modelled": mrio.account(args.account).modelled}
        elif args.by == "production":
            res = production_based(mrio, args.account)
        else:
            res = consumption_based(mrio, args.account, by=args.by)
    _emit(res, args.out)
    return 0


def _cmd_trade(args: argparse.Namespace) -> int:
    from .footprints import embodied_trade

    with _progress(not args.quiet) as step:
        mrio = _load(args.table, args.format, step, not args.no_cache)
        step(f"embodied trade of {args.account} ({args.method})")
        res = embodied_trade(mrio, args.account, method=args.method)
    _emit(res, args.out)
    return 0


def _cmd_convert(args: argparse.Namespace) -> int:
    from .errors import OutputError
    from .store import write_mrio

    if (args.dest is None) == (args.out is None):
        raise OutputError("give the folder to write once: as DEST or as --out DIR")
    args.dest = args.dest or args.out
    with _progress(not args.quiet) as step:
        mrio = _load(args.table, args.format, step, not args.no_cache)
        step(f"writing {args.dest}")
        src = [Path(args.table)] if args.table != DEFAULT and Path(args.table).is_file() else []
        path = write_mrio(mrio, args.dest, inputs=src, overwrite=args.overwrite)
    print(f"wrote {mrio.n_regions} regions x {mrio.n_sectors} sectors to {path}")
    return 0


def _cmd_aggregate(args: argparse.Namespace) -> int:
    from .aggregate import aggregate, shipped
    from .groups import SHIPPED_GROUPS
    from .store import write_mrio

    def concordance(value: str | None) -> Path | str | None:
        if value is None or value in SHIPPED_GROUPS:
            return value  # a region grouping is resolved by aggregate() itself
        return Path(value) if Path(value).is_file() or value.endswith(".csv") else shipped(value)

    with _progress(not args.quiet) as step:
        mrio = _load(args.table, args.format, step, not args.no_cache)
        step("aggregating")
        agg = aggregate(mrio, regions=concordance(args.regions),
                        sectors=concordance(args.sectors))
        step(f"writing {args.out}")
        path = write_mrio(agg, args.out, overwrite=args.overwrite)
    print(f"wrote {agg.n_regions} regions x {agg.n_sectors} sectors to {path}")
    return 0


def _cmd_accounts(args: argparse.Namespace) -> int:
    from .accounts.cli import main_build

    return main_build(args.rest)


def _print_summary(mrio: Any, summaries: dict[str, pd.DataFrame]) -> None:
    for acc, s in summaries.items():
        a = mrio.account(acc)
        print()
        print(
            f"Consumption-based {acc} by region ({a.unit}"
            + (", modelled estimates: illustrative" if a.modelled else "")
            + f"), {mrio.year}: share produced abroad and main foreign origins"
        )
        has_range = "footprint_low" in s.columns
        for region, row in s.iterrows():
            rng = ""
            if has_range:
                rng = (
                    f" [{min(row.footprint_low, row.footprint_high):,.0f}-"
                    f"{max(row.footprint_low, row.footprint_high):,.0f}]"
                )
            print(
                f"  {region:<4} {row.footprint:>16,.0f}{rng}  abroad {row.share_abroad:6.1%}"
                f"  from {row.main_foreign_origins}"
            )


def _cmd_demo(args: argparse.Namespace) -> int:
    from .report.demo import run_demo

    with _progress(not args.quiet) as step:
        mrio = _load(args.table, args.format, step, not args.no_cache)
        res = run_demo(mrio, args.out, step=step)
    print(mrio.summary())
    _print_summary(mrio, res.summaries)
    assert res.identities is not None
    print()
    print("World identities (consumption-based total = production-based total):")
    for _, r in res.identities.iterrows():
        print(
            f"  {r.account}: {r.consumption:,.1f} vs {r.production:,.1f} "
            f"(relative gap {r.relative_gap:.1e})"
        )
    print(f"\nwrote {len(res.files)} files to {Path(args.out).resolve()}")
    return 0


def _exchange_options(args: argparse.Namespace) -> dict[str, Any]:
    opts: dict[str, Any] = {"hours": args.account, "value_added": args.value_added,
                            "compensation": args.wages,
                            "on_undefined": "report" if args.report_undefined else "raise"}
    if args.labour_income:
        opts["labour_income"] = tuple(args.labour_income)
    return opts


def _year_tables(folder: str) -> dict[int, Path]:
    import re

    from .errors import TableReadError

    found: dict[int, Path] = {}
    for p in sorted(Path(folder).iterdir()):
        m = re.search(r"(?<!\d)(19|20)\d\d(?!\d)", p.name)
        if m and not p.name.startswith(".") and "regional" not in p.name:
            found.setdefault(int(m.group(0)), p)
    if not found:
        raise TableReadError(folder, "no table with a year (19xx or 20xx) in its name")
    return found


def _print_exchange(res: pd.DataFrame) -> None:
    rng = "low" in res.columns
    w = max(len(str(i)) for i in res.index)
    for name, r in res.iterrows():
        val = "undefined" if r.value != r.value else f"{r.value:,.4g}"
        extra = f"  [{r.low:,.4g} to {r.high:,.4g}]" if rng and r.low == r.low else ""
        print(f"  {name:<{w}} {val:>10} {r.unit}{extra}")
        if r.note and (r.value != r.value or "undefined" in r.note):
            print(f"  {'':<{w}} {r.note}")


def _with_labour(mrio: Any, data_dir: str | None) -> Any:
    """Attach modelled WIOD 2013 labour accounts built from ``data_dir`` when asked."""
    if data_dir is None or any(a.name == "hours" for a in mrio.accounts):
        return mrio
    from .accounts import labour_accounts

    return mrio.with_accounts(labour_accounts(mrio, data_dir))


def _cmd_exchange(args: argparse.Namespace) -> int:
    from .exchange_report import exchange_series, summary_range
    from .io.output import write_result

    if (args.table is None) == (args.years is None):
        print("usage error: give a TABLE or --years DIR (not both)", file=sys.stderr)
        return 2
    pair = tuple(args.pair) if args.pair else None
    with _progress(not args.quiet) as step:
        if args.years is None:
            mrio = _with_labour(_load(args.table, args.format, step, not args.no_cache),
                                args.labour_data)
            step("unequal exchange")
            res = summary_range(mrio, args.groups, pair, **_exchange_options(args))
            long = res.reset_index().assign(year=mrio.year)
        else:
            tables = _year_tables(args.years)
            res = exchange_series(tables, args.groups, pair, step=step,
                                  read=lambda p: _with_labour(
                                      _load(str(p), args.format, lambda _m: None,
                                            not args.no_cache),
                                      args.labour_data),
                                  **_exchange_options(args))
            long = res.reset_index()
    attrs = res.attrs
    a, b = attrs["pair"]
    long = long.assign(modelled=bool(attrs.get("modelled")), prices=attrs["prices"],
                       compensation_basis=attrs["compensation_basis"])
    mark = " [modelled estimate: illustrative]" if attrs.get("modelled") else ""
    print(f"Unequal exchange {a} -> {b}: hours account {attrs['accounts']['hours']}{mark}")
    print(f"  prices: {attrs['prices']}; wages: {attrs['compensation_basis']}")
    if "range" in attrs:
        print(f"  range: {attrs['range']}")
    if args.years is None:
        _print_exchange(res)
    else:
        from .report.figures import exchange_chart

        keys = [f"hours {a}->{b}", f"hours {b}->{a}",
                f"net hours {a}->{b} ({a}->{b} minus {b}->{a})",
                f"gross hours ratio ({a}->{b} over {b}->{a})",
                f"exchange ratio of {a} ((H/V exported) / (H/V imported))"]
        wide = res["value"].unstack("indicator")[keys]
        with pd.option_context("display.width", 200, "display.max_columns", 12):
            print(wide.to_string(float_format=lambda v: f"{v:,.4g}"))
        chart = exchange_chart(
            res, args.chart, pair=(a, b),
            title=f"{attrs['accounts']['hours']}{mark}; {attrs['prices']}")
        print(f"wrote chart {chart}")
    if args.out:
        path = write_result(long, args.out)
        print(f"wrote {len(long)} rows to {path}")
    return 0


def _cmd_plan(args: argparse.Namespace) -> int:
    from .planning import load_scenario, plan
    from .planning.report import print_report, sensitivity, write_plan

    scenario = load_scenario(args.scenario)
    with _progress(not args.quiet) as step:
        mrio = _load(args.table, args.format, step, not args.no_cache)
        step("solving the plan (HiGHS)")
        res = plan(mrio, scenario, threads=args.threads, verbose=args.solver_log)
        sens = None
        if not args.no_sensitivity:
            sens = sensitivity(mrio, scenario, step=step)
        step(f"writing {args.out}")
        files = write_plan(res, args.out, sens=sens)
    print_report(res, sens)
    print(f"\nwrote {len(files)} files to {Path(args.out).resolve()}")
    return 0


def _cmd_batch(args: argparse.Namespace) -> int:
    from .batch import load_scenarios, run_batch

    tables: dict[str, Path] | list[str] = list(args.tables)
    if args.years:
        if args.tables:
            print("usage error: give TABLE... or --years DIR (not both)", file=sys.stderr)
            return 2
        tables = {str(y): p for y, p in _year_tables(args.years).items()}
    elif not args.tables:
        print("usage error: give TABLE... or --years DIR", file=sys.stderr)
        return 2
    scenarios = load_scenarios(args.scenarios) if args.scenarios else None
    scheduler: Any = "dask" if (args.dask or args.address) else args.scheduler

    def progress(done: int, total: int, elapsed: float, eta: float | None) -> None:
        if args.quiet:
            return
        left = "" if eta is None else f", about {eta:,.0f} s left"
        print(f"[{done}/{total} units] {elapsed:,.1f} s elapsed{left}", file=sys.stderr,
              flush=True)

    try:
        report = run_batch(
            tables, account=args.account, out=args.out, scenarios=scenarios, by=args.by,
            format=args.format, scheduler=scheduler, workers=args.workers,
            address=args.address, memory_limit=args.memory_limit, use_cache=not args.no_cache,
            progress=progress, labour_data=args.labour_data,
        )
    except (ModuleNotFoundError, ValueError) as exc:  # no dask installed; a bad --memory-limit
        print(f"{type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    print(f"{len(report.done)} unit(s) done, {len(report.skipped)} already done (skipped), "
          f"in {report.seconds:,.1f} s; results in {Path(args.out).resolve()}")
    return 0


# ---- parser -------------------------------------------------------------------------------
def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="interlabor",
        description="Labour footprints and the international division of labour from MRIO tables.",
    )
    p.add_argument("--version", action="version", version=f"interlabor {__version__}")
    sub = p.add_subparsers(dest="command", required=True)

    def table_args(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("table", help=f"table file or folder, or '{DEFAULT}' for the bundled one")
        sp.add_argument("--format", help="reader name (default: detected from the path)")
        sp.add_argument("-q", "--quiet", action="store_true", help="no progress display")
        cache_arg(sp)

    def cache_arg(sp: argparse.ArgumentParser) -> None:
        sp.add_argument(
            "--no-cache", action="store_true",
            help="read the source every time; neither read nor write the cache of converted "
            "tables ($XDG_CACHE_HOME/interlabor/tables)",
        )

    sp = sub.add_parser("info", help="describe a table")
    table_args(sp)
    sp.set_defaults(func=_cmd_info)

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
    sp.add_argument("--out", help="write a tidy long table (.csv or .parquet)")
    sp.set_defaults(func=_cmd_footprint)

    sp = sub.add_parser("trade", help="account embodied in trade between regions")
    table_args(sp)
    sp.add_argument("--account", required=True)
    sp.add_argument("--method", default="flows", choices=["flows", "eebt"])
    sp.add_argument("--out", help="write a tidy long table (.csv or .parquet)")
    sp.set_defaults(func=_cmd_trade)

    sp = sub.add_parser(
        "convert",
        help="save a table in interlabor's own format (Parquet); --format exiobase3, oecd, "
        "gloria, eora26, wiod2013, wiod2013-xlsx, pymrio or detected",
    )
    table_args(sp)
    sp.add_argument("dest", nargs="?", help="folder to write (atomically)")
    sp.add_argument("--out", dest="out", help="folder to write (same as DEST)")
    sp.add_argument("--overwrite", action="store_true", help="replace an existing table folder")
    sp.set_defaults(func=_cmd_convert)

    sp = sub.add_parser(
        "aggregate", help="aggregate regions/sectors through concordances (CSV: source,target"
        "[,weight]) and save in interlabor's format",
    )
    table_args(sp)
    sp.add_argument("--regions", help="concordance of regions (a CSV, or a shipped one: "
                    "iso3_continent, or a region grouping: north-south, wb-income)")
    sp.add_argument("--sectors", help="concordance of sectors (a CSV, or wiod2016_to_wiod2013)")
    sp.add_argument("--out", required=True, help="folder to write (atomically)")
    sp.add_argument("--overwrite", action="store_true", help="replace an existing table folder")
    sp.set_defaults(func=_cmd_aggregate)

    sp = sub.add_parser("accounts", help="build satellite accounts from public data")
    acc_sub = sp.add_subparsers(dest="builder", required=True)
    b = acc_sub.add_parser(
        "build-wiod2013",
        help="modelled labour accounts (persons, hours; central/low/high) for WIOD 2013 years",
        add_help=False,
    )
    b.add_argument("rest", nargs=argparse.REMAINDER, help="--year YEAR|--all --data DIR --out FILE")
    b.set_defaults(func=_cmd_accounts)

    sp = sub.add_parser("demo", help="footprints by origin for every region of the bundled table")
    sp.add_argument("--table", default=DEFAULT, help="table to use instead of the bundled one")
    sp.add_argument("--format", help="reader name for --table")
    sp.add_argument("--out", default="results", help="results folder (default: results)")
    sp.add_argument("-q", "--quiet", action="store_true")
    cache_arg(sp)
    sp.set_defaults(func=_cmd_demo)

    sp = sub.add_parser(
        "batch", help="footprints of many tables (years) and scenarios, in parallel (local or "
        "Dask); resumes where a previous run stopped")
    sp.add_argument("tables", nargs="*", help="table files or folders (labelled by file name)")
    sp.add_argument("--years", metavar="DIR", help="folder of tables with the year in their names")
    sp.add_argument("--account", required=True, help="account of every table, e.g. hours")
    sp.add_argument("--by", default="origin", choices=["origin", "region"],
                    help="origin region x consuming region (default) or per consuming region")
    sp.add_argument("--scenarios", metavar="JSON",
                    help="list of scenarios: [{\"name\": ..., \"final_demand_scale\": "
                    "{\"DEU\": 1.1}}] (default: baseline only)")
    sp.add_argument("--out", required=True, help="results folder: OUT/<table>/<scenario>.parquet")
    sp.add_argument("--scheduler", default="processes",
                    choices=["sequential", "processes", "dask"],
                    help="where tasks run (default: local processes)")
    sp.add_argument("--workers", type=int, help="worker processes (default: CPU count)")
    sp.add_argument("--dask", action="store_true", help="same as --scheduler dask (LocalCluster)")
    sp.add_argument("--address", help="scheduler address of an existing Dask cluster "
                    "(tcp://host:8786); implies --scheduler dask")
    sp.add_argument("--memory-limit", help="memory of each worker, e.g. 8GiB (default: available "
                    "memory / workers; a Dask worker's own limit)")
    sp.add_argument("--labour-data", metavar="DIR",
                    help="build modelled WIOD 2013 labour accounts from this folder (ilo/, "
                    "wiod2016_sea/) for tables without an hours account")
    sp.add_argument("--format", help="reader name (default: detected from each path)")
    sp.add_argument("-q", "--quiet", action="store_true", help="no progress lines")
    cache_arg(sp)
    sp.set_defaults(func=_cmd_batch)

    sp = sub.add_parser(
        "exchange", help="unequal exchange: hours given and received between region groups")
    sp.add_argument("table", nargs="?", help=f"table file or folder, or '{DEFAULT}'")
    sp.add_argument("--labour-data", metavar="DIR",
                    help="build modelled WIOD 2013 labour accounts from this folder (ilo/, "
                    "wiod2016_sea/) for tables without an hours account")
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
    sp.add_argument("--wages", help="compensation account, for the wage-valued drains")
    sp.add_argument("--labour-income", nargs=2, metavar=("PERSONS", "EMPLOYEES"),
                    help="adjust compensation by persons engaged / employees")
    sp.add_argument("--report-undefined", action="store_true",
                    help="report undefined ratios (zero exports) instead of failing")
    sp.add_argument("--chart", default="exchange.png",
                    help="PNG chart for --years (default: exchange.png)")
    sp.add_argument("--out", help="write a tidy long table (.csv or .parquet)")
    sp.set_defaults(func=_cmd_exchange)

    sp = sub.add_parser(
        "plan", help="plan a cooperative division of labour (least hours) against today's")
    table_args(sp)
    sp.add_argument("--scenario", metavar="FILE.toml",
                    help="scenario (default: the documented defaults; see "
                    "interlabor/data/scenarios/example.toml)")
    sp.add_argument("--out", default="plan", help="results folder (default: plan)")
    sp.add_argument("--no-sensitivity", action="store_true",
                    help="skip the sensitivity table (16 more solves)")
    sp.add_argument("--threads", type=int, help="HiGHS threads")
    sp.add_argument("--solver-log", action="store_true",
                    help="print HiGHS's banner and log (silent by default)")
    sp.set_defaults(func=_cmd_plan)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = _parser().parse_args(argv)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", InterlaborWarning)
        try:
            status = int(args.func(args))
        except InterlaborError as exc:
            print(f"{type(exc).__name__}: {exc}", file=sys.stderr)
            status = 1
        finally:
            for w in caught:
                print(f"warning: {w.category.__name__}: {w.message}", file=sys.stderr)
    return status


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
