"""What every command shares: the progress display, reading a table, printing a result.

Nothing below the command line prints: library functions report progress through one
callback (:data:`interlabor.progress.Progress`), which :func:`progress` turns into one display
on standard error.
"""

from __future__ import annotations

import argparse
import inspect
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import pandas as pd

from ..io.access import DEFAULT
from ..progress import Progress, ProgressEvent, amount, notify

__all__ = ["DEFAULT", "cache_arg", "check_out", "emit", "labour_data_arg", "load",
           "need_account", "progress", "table_args", "with_labour", "year_tables"]


def _left(eta: float | None) -> str:
    return "" if eta is None or eta <= 0 else f"about {eta:,.0f} s left"


def _ratio(e: ProgressEvent) -> str:
    """``2/3 units``, ``1.0 MB/10.0 MB``."""
    done = amount(e.done or 0, e.unit) if e.unit == "B" else amount(e.done or 0)
    return f"{done}/{amount(e.total or 0, e.unit)}"


class _Lines:
    """Plain progress lines (a log, a pipe, no rich): one per step, tenths of a known total."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.last: dict[str, object] = {}

    def __call__(self, e: ProgressEvent) -> None:
        if e.total is None or e.done is None:
            key: object = e.message or e.task
            line = f"... {key}"
        else:
            counted = e.unit != "B" and e.total <= 100  # a few units: each; else tenths
            key = (e.done if counted else int(10 * (e.fraction or 0.0)), e.message)
            eta = _left(e.eta)
            line = f"[{_ratio(e)}] {e.message}".rstrip() + (f", {eta}" if eta else "")
        if self.last.get(e.task) != key:
            self.last[e.task] = key
            print(line, file=self.stream, flush=True)


@contextmanager
def _rich(console: Any) -> Iterator[Progress]:
    """A live rich display: a spinner line for the current step, a bar per task with a total."""
    from rich.progress import (
        BarColumn,
        ProgressColumn,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )
    from rich.progress import Progress as RichProgress
    from rich.text import Text

    class Bar(BarColumn):
        def render(self, task: Any) -> Any:
            return Text("") if task.total is None else super().render(task)

    class Left(ProgressColumn):
        def render(self, task: Any) -> Any:
            eta = task.fields.get("eta")
            return Text(_left(task.time_remaining if eta is None else eta))

    with RichProgress(SpinnerColumn(), TextColumn("{task.description}"), Bar(),
                      TextColumn("{task.fields[amount]}"), TimeElapsedColumn(), Left(),
                      console=console, transient=True) as prog:
        tasks: dict[str, Any] = {}

        def show(e: ProgressEvent) -> None:
            bar = e.total is not None and e.done is not None
            name = e.task if bar else ""  # every step shares one spinner line
            text = e.message or e.task
            done = _ratio(e) if bar else ""
            if name not in tasks:
                tasks[name] = prog.add_task(text, total=e.total, amount=done, eta=e.eta)
            prog.update(tasks[name], description=text, total=e.total, completed=e.done or 0,
                        amount=done, eta=e.eta)
            if bar and (e.done or 0) >= (e.total or 0):  # finished: the bar goes
                prog.remove_task(tasks.pop(name))

        yield show


@contextmanager
def progress(enabled: bool) -> Iterator[Progress]:
    """One progress display on standard error, fed with :class:`ProgressEvent` objects.

    Parameters
    ----------
    enabled : bool
        False gives a callback that shows nothing.

    Yields
    ------
    Progress
        The callback to give to library functions (and to :func:`interlabor.progress.notify`).
        On a terminal with rich installed: a live display (a spinner with the current step,
        a bar with amount, elapsed and remaining time for each task with a known total).
        Elsewhere (a log, a pipe, no rich): plain lines, one per step and one per tenth of a
        task with a known total (each of a small count, such as batch units).
    """
    if not enabled:
        yield lambda _e: None
        return
    try:
        from rich.console import Console
    except ModuleNotFoundError:
        yield _Lines(sys.stderr)
        return
    console = Console(stderr=True)
    if not console.is_terminal:
        yield _Lines(sys.stderr)
        return
    with _rich(console) as show:
        yield show


def load(table: str, fmt: str | None, report: Progress, use_cache: bool = True,
         year: int | None = None) -> Any:
    """Read ``table`` (``default`` for the bundled one) with :func:`interlabor.io.read`.

    ``year`` picks one year of a file that holds several (WIOD 2016 national tables).

    Raises
    ------
    TableReadError
        As :func:`interlabor.io.read`; or ``year`` is given for a reader that reads one year
        per file.
    """
    from ..io.access import read

    options: dict[str, Any] = {}
    if year is not None:
        from ..errors import TableReadError
        from ..io.base import find_reader

        reader = None if table == DEFAULT else find_reader(table, fmt)
        name = "interlabor" if reader is None else reader.name
        try:
            takes_year = reader is not None and "year" in inspect.signature(reader.read).parameters
        except (TypeError, ValueError):
            takes_year = False
        if not takes_year:
            raise TableReadError(table, f"--year picks one year of a file that holds several "
                                 f"(WIOD 2016 national tables, --format wiod2016-niot); the "
                                 f"{name} reader reads the one year of its file")
        options["year"] = year
    notify(report, "read", f"reading {table}")
    return read(table, format=fmt, cache=use_cache, progress=report, **options)


def need_account(mrio: Any, name: str, source: str | Path, labour_data: str | None,
                 then: str = "") -> None:
    """Look the account ``name`` up in ``mrio`` read from ``source``; say how to get it.

    ``--labour-data`` builds modelled labour accounts (hours, persons and their low/high
    variants) for a WIOD 2013 table without hours: those names pass when it is given.

    Raises
    ------
    AccountNotFoundError
        Naming the table, the accounts it has and, for hours, ``--labour-data``.
    """
    from ..errors import AccountNotFoundError

    try:
        mrio.account(name)
    except AccountNotFoundError as exc:
        built = {f"{w}{v}" for w in ("hours", "persons") for v in ("", "_low", "_high")}
        if (labour_data is not None and name.removeprefix("labour/") in built
                and not any(a.name == "hours" for a in mrio.accounts)):
            return
        hint = ("" if labour_data is not None else "; pass --labour-data DIR to build "
                "modelled labour accounts (hours, persons) for WIOD 2013 tables")
        raise AccountNotFoundError(f"{source}: {exc}{hint}{then}") from exc


def check_out(out: str | None) -> None:
    """Fail before any work when ``--out`` cannot be written (extension, missing folder)."""
    if out:
        from ..io.output import check_result_path

        check_result_path(out)


def emit(result: pd.Series | pd.DataFrame, out: str | None, rows: int = 20, *,
         indicator: str | None = None) -> None:
    """Write ``result`` as a tidy long table to ``out``, or print its first rows.

    ``indicator`` is the registered id of the result (:mod:`interlabor.indicators`), written
    in the table's ``indicator`` column. Printed numbers use :func:`._format.table` (commas,
    no scientific notation); ``attrs["note"]`` is printed under the table.
    """
    from ..io.output import to_long, write_result
    from ..report.text_format import table as as_text

    note = result.attrs.get("note")
    long = to_long(result, indicator=indicator, **({"note": note} if note else {}))
    if out:
        path = write_result(long, out)
        print(f"wrote {len(long):,} rows to {path}")
        return
    unit = result.attrs.get("unit", "")
    mark = " [modelled estimate]" if result.attrs.get("modelled") else ""
    print(f"{result.attrs.get('account', '')} ({unit}){mark}")
    print(as_text(result.head(rows) if len(result) > rows else result))
    if len(result) > rows:
        print(f"... {len(result) - rows:,} more rows (use --out FILE for all)")
    if note:
        print(f"note: {note}")


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
    from ..accounts import with_labour_accounts

    return with_labour_accounts(mrio, data_dir)


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
    sp.add_argument("--year", type=int, help="the year to read from a file that holds several "
                    "(WIOD 2016 national tables; default: the latest)")
    sp.add_argument("-q", "--quiet", action="store_true",
                    help="no progress display, no notes on the source data")
    cache_arg(sp)


def labour_data_arg(sp: argparse.ArgumentParser) -> None:
    """``--labour-data DIR``."""
    sp.add_argument("--labour-data", metavar="DIR",
                    help="build modelled WIOD 2013 labour accounts from this folder (ilo/, "
                    "wiod2016_sea/) for tables without an hours account")
