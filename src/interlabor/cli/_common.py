"""What every command shares: the progress display, reading a table, printing a result.

Nothing below the command line prints: library functions report progress through a
callback (``step(message)``), which :func:`progress` turns into a rich spinner.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd

from ..io.access import DEFAULT

__all__ = ["DEFAULT", "cache_arg", "emit", "labour_data_arg", "load", "progress", "table_args",
           "with_labour", "year_tables"]

Step = Callable[[str], None]


@contextmanager
def progress(enabled: bool) -> Iterator[Step]:
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


def load(table: str, fmt: str | None, step: Step, use_cache: bool = True) -> Any:
    """Read ``table`` (``default`` for the bundled one) with :func:`interlabor.io.read`."""
    from ..io.access import read

    step(f"reading {table}")
    return read(table, format=fmt, cache=use_cache)


def emit(result: pd.Series | pd.DataFrame, out: str | None, rows: int = 20, *,
         indicator: str | None = None) -> None:
    """Write ``result`` as a tidy long table to ``out``, or print its first rows.

    ``indicator`` is the registered id of the result (:mod:`interlabor.indicators`), written
    in the table's ``indicator`` column.
    """
    from ..io.output import to_long, write_result

    long = to_long(result, indicator=indicator)
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


def year_tables(folder: str) -> dict[int, Path]:
    """Tables in ``folder`` by the year (19xx or 20xx) in their names."""
    from ..errors import TableReadError

    found: dict[int, Path] = {}
    for p in sorted(Path(folder).iterdir()):
        m = re.search(r"(?<!\d)(19|20)\d\d(?!\d)", p.name)
        if m and not p.name.startswith(".") and "regional" not in p.name:
            found.setdefault(int(m.group(0)), p)
    if not found:
        raise TableReadError(folder, "no table with a year (19xx or 20xx) in its name")
    return found


def with_labour(mrio: Any, data_dir: str | None) -> Any:
    """Attach modelled WIOD 2013 labour accounts built from ``data_dir`` when asked."""
    if data_dir is None or any(a.name == "hours" for a in mrio.accounts):
        return mrio
    from ..accounts import labour_accounts

    return mrio.with_accounts(labour_accounts(mrio, data_dir))


def cache_arg(sp: argparse.ArgumentParser) -> None:
    """``--no-cache``."""
    sp.add_argument(
        "--no-cache", action="store_true",
        help="read the source every time; neither read nor write the cache of converted "
        "tables ($XDG_CACHE_HOME/interlabor/tables)",
    )


def table_args(sp: argparse.ArgumentParser) -> None:
    """``TABLE``, ``--format``, ``--quiet`` and ``--no-cache``."""
    sp.add_argument("table", help=f"table file or folder, or '{DEFAULT}' for the bundled one")
    sp.add_argument("--format", help="reader name (default: detected from the path)")
    sp.add_argument("-q", "--quiet", action="store_true", help="no progress display")
    cache_arg(sp)


def labour_data_arg(sp: argparse.ArgumentParser) -> None:
    """``--labour-data DIR``."""
    sp.add_argument("--labour-data", metavar="DIR",
                    help="build modelled WIOD 2013 labour accounts from this folder (ilo/, "
                    "wiod2016_sea/) for tables without an hours account")
