"""The ``interlabor`` command line: one module per command group.

``tables`` (info, convert, aggregate), ``footprints`` (footprint, trade, demo), ``exchange``,
``accounts``, ``plan``, ``batch``; each adds its subcommands with ``add_parsers(sub)``.
Every error ends in one line ``ErrorType: message`` on standard error: errors raised on
purpose (:class:`~interlabor.errors.InterlaborError`), errors of the operating system (a
folder that is not writable, a disk that is full: the message names the path), a missing
optional package (the message names the ``pip install 'interlabor[...]'`` to run) and
standard output closed early (``| head``) exit with status 1; Ctrl-C exits with 130; usage
errors exit with 2. Warnings print once each, after the result, as
``warning: WarningType: message``; ``-q`` silences the notes on the source data
(:class:`~interlabor.errors.DataQualityWarning`, :class:`~interlabor.errors.BalanceWarning`).
"""

from __future__ import annotations

import argparse
import os
import sys
import warnings
from collections.abc import Sequence

from .._version import __version__
from ..errors import (
    BalanceWarning,
    DataQualityWarning,
    InterlaborError,
    InterlaborWarning,
    MissingDependencyError,
)
from . import (
    accounts,
    batch,
    decompose,
    exchange,
    footprints,
    linkages,
    paths,
    plan,
    shocks,
    show,
    tables,
)

__all__ = ["EXTRAS", "main", "parser"]

#: Command groups in the order of ``interlabor --help``.
GROUPS = (tables, footprints, accounts, batch, exchange, plan, shocks, show, linkages,
          decompose, paths)

#: Optional packages -> the interlabor extra that installs them (pyproject.toml).
EXTRAS = {"highspy": "plan", "ortools": "plan-pdlp", "matplotlib": "cli", "rich": "cli",
          "rdata": "wiod", "openpyxl": "wiod", "python_calamine": "wiod", "dask": "dask",
          "distributed": "dask", "pymrio": "pymrio"}

#: Warnings about the source data that ``-q`` silences (``info`` reports them as notes).
QUIET = (DataQualityWarning, BalanceWarning)


def parser() -> argparse.ArgumentParser:
    """The argument parser of every command."""
    p = argparse.ArgumentParser(
        prog="interlabor",
        description="Labour footprints and the international division of labour from MRIO tables.",
    )
    p.add_argument("--version", action="version", version=f"interlabor {__version__}")
    sub = p.add_subparsers(dest="command", required=True)
    for group in GROUPS:
        group.add_parsers(sub)
    return p


def _missing(exc: ModuleNotFoundError, command: str) -> str:
    """``MissingDependencyError: ...`` for an optional package that is not installed."""
    if isinstance(exc, MissingDependencyError):
        return f"{type(exc).__name__}: {exc}"
    top = (exc.name or "").split(".")[0]
    extra = EXTRAS.get(top)
    if extra is None:
        return f"{type(exc).__name__}: {exc}"
    return (f"MissingDependencyError: '{command}' needs the package {top!r}, which is not "
            f"installed; install it with: pip install 'interlabor[{extra}]'")


def _os_error(exc: OSError) -> str:
    """``PermissionError: PATH: Permission denied``: the path and the reason, no errno."""
    name = type(exc).__name__
    if exc.filename is None:
        return f"{name}: {exc.strerror or exc}"
    where = str(exc.filename) + (f" -> {exc.filename2}" if exc.filename2 is not None else "")
    return f"{name}: {where}: {exc.strerror or exc}"


def _silence_stdout() -> None:
    """Point standard output at /dev/null so that the final flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # no real file descriptor (captured)
        pass


def _print_warnings(caught: list[warnings.WarningMessage], quiet: bool) -> None:
    seen: set[tuple[type, str]] = set()
    for w in caught:
        key = (w.category, str(w.message))
        if key in seen or (quiet and issubclass(w.category, QUIET)):
            continue
        seen.add(key)
        print(f"warning: {w.category.__name__}: {w.message}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (0, 1, 2 or 130)."""
    args = parser().parse_args(argv)
    quiet = bool(getattr(args, "quiet", False))
    status = 1
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", InterlaborWarning)
        try:
            status = int(args.func(args))
        except InterlaborError as exc:
            print(f"{type(exc).__name__}: {exc}", file=sys.stderr)
        except ModuleNotFoundError as exc:
            print(_missing(exc, args.command), file=sys.stderr)
        except BrokenPipeError:
            _silence_stdout()
            print("BrokenPipeError: standard output was closed before the output ended "
                  "(piped into head?)", file=sys.stderr)
        except OSError as exc:
            print(_os_error(exc), file=sys.stderr)
        except KeyboardInterrupt:
            print("KeyboardInterrupt: interrupted; results written before are kept, nothing is "
                  "half-written", file=sys.stderr)
            status = 130
        finally:
            try:
                _print_warnings(caught, quiet)
            except BrokenPipeError:  # stderr closed too: nothing more to say
                pass
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()
    return status
