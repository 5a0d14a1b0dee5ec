"""The ``interlabor`` command line: one module per command group.

``tables`` (info, convert, aggregate), ``footprints`` (footprint, trade, demo), ``exchange``,
``accounts``, ``plan``, ``batch``; each adds its subcommands with ``add_parsers(sub)``.
Errors raised on purpose (:class:`~interlabor.errors.InterlaborError`) print as
``ErrorType: message`` on standard error and exit with status 1; usage errors exit with 2.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from collections.abc import Sequence

from .._version import __version__
from ..errors import InterlaborError, InterlaborWarning
from . import accounts, batch, exchange, footprints, plan, shocks, show, tables

__all__ = ["main", "parser"]

#: Command groups in the order of ``interlabor --help``.
GROUPS = (tables, footprints, accounts, batch, exchange, plan, shocks, show)


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


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = parser().parse_args(argv)
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
