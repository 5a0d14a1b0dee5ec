"""Many tables and scenarios at once: ``batch``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ..errors import InterlaborError
from ..progress import notify
from ._common import cache_arg, labour_data_arg, need_account, progress, year_tables

__all__ = ["add_parsers"]


def _check_account(path: str | Path, args: argparse.Namespace) -> None:
    """Read the first table (kept in the cache for the workers) and look its account up.

    Raises
    ------
    AccountNotFoundError
        The table has no such account (and ``--labour-data`` would not add it), before any
        unit is launched.
    """
    from ..io.access import read

    mrio = read(path, format=args.format, cache=not args.no_cache)
    need_account(mrio, args.account, path, args.labour_data, "; nothing was launched")


def _cmd_batch(args: argparse.Namespace) -> int:
    from ..batch import load_scenarios, run_batch
    from ..io.atomic import check_parent

    tables: dict[str, Path] | list[str] = list(args.tables)
    if args.years:
        if args.tables:
            print("usage error: give TABLE... or --years DIR (not both)", file=sys.stderr)
            return 2
        tables = {str(y): p for y, p in year_tables(args.years).items()}
    elif not args.tables:
        print("usage error: give TABLE... or --years DIR", file=sys.stderr)
        return 2
    scenarios = load_scenarios(args.scenarios) if args.scenarios else None
    scheduler: Any = "dask" if (args.dask or args.address) else args.scheduler
    check_parent(Path(args.out))
    first = next(iter(tables.values())) if isinstance(tables, dict) else tables[0]
    with progress(not args.quiet) as show:
        notify(show, "batch", f"checking account {args.account} in {first}")
        _check_account(first, args)
        try:
            report = run_batch(
                tables, account=args.account, out=args.out, scenarios=scenarios, by=args.by,
                format=args.format, scheduler=scheduler, workers=args.workers,
                address=args.address, memory_limit=args.memory_limit,
                use_cache=not args.no_cache, progress=show, labour_data=args.labour_data,
            )
        except ValueError as exc:  # a bad --memory-limit
            raise InterlaborError(str(exc)) from exc
    print(f"{len(report.done)} unit(s) done, {len(report.skipped)} already done (skipped), "
          f"in {report.seconds:,.1f} s; results in {Path(args.out).resolve()}")
    return 0


def add_parsers(sub: Any) -> None:
    """Add ``batch`` to the subcommands ``sub``."""
    sp = sub.add_parser(
        "batch", help="footprints of many tables (years) and scenarios, in parallel (local or "
        "Dask); resumes where a previous run stopped")
    sp.add_argument("tables", nargs="*", help="table files or folders (labelled by file name)")
    sp.add_argument("--years", metavar="DIR", help="folder of tables with the year in their names")
    sp.add_argument("--account", required=True, help="account of every table, e.g. hours")
    sp.add_argument("--by", default="origin", choices=["origin", "region"],
                    help="origin region x consuming region (default) or per consuming region")
    sp.add_argument("--scenarios", metavar="JSON",
                    help="list of scenarios, as a JSON file or the JSON text itself: "
                    "'[{\"name\": \"more\", \"final_demand_scale\": {\"DEU\": 1.1}}]' "
                    "(default: baseline only)")
    sp.add_argument("--out", required=True, help="results folder: OUT/<table>/<scenario>.parquet "
                    "(made if missing; its parent folder must exist)")
    sp.add_argument("--scheduler", default="processes",
                    choices=["sequential", "processes", "dask"],
                    help="where tasks run (default: local processes)")
    sp.add_argument("--workers", type=int, help="worker processes (default: CPU count)")
    sp.add_argument("--dask", action="store_true", help="same as --scheduler dask (LocalCluster)")
    sp.add_argument("--address", help="scheduler address of an existing Dask cluster "
                    "(tcp://host:8786); implies --scheduler dask")
    sp.add_argument("--memory-limit", help="memory of each worker, e.g. 8GiB (default: available "
                    "memory / workers; a Dask worker's own limit)")
    labour_data_arg(sp)
    sp.add_argument("--format", help="reader name (default: detected from each path)")
    sp.add_argument("-q", "--quiet", action="store_true", help="no progress display")
    cache_arg(sp)
    sp.set_defaults(func=_cmd_batch)
