"""Satellite accounts from public data: ``interlabor accounts build-wiod2013``."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from typing import Any

from ..accounts.wiod2013_labour import VARIANTS, WIOD2013_YEARS
from ..errors import InterlaborError
from ._common import check_out

__all__ = ["add_parsers", "main_build", "parser"]

DESCRIPTION = ("Build modelled labour accounts (persons, hours; central and named structural "
               "alternatives) for WIOD 2013 years from ILO and WIOD 2016 SEA data, into one "
               "tidy table.")


def _build_args(p: argparse.ArgumentParser) -> None:
    g = p.add_mutually_exclusive_group(required=True)
    g.add_argument("--year", type=int, help=f"one year, {WIOD2013_YEARS[0]}-{WIOD2013_YEARS[1]}")
    g.add_argument("--all", action="store_true", help="all 17 years")
    p.add_argument("--data", required=True, help="folder with wiod2013/, ilo/, wiod2016_sea/, "
                   "ilo_by_sector/, ilo_status_sex/, population/, prices/pwt1001/")
    p.add_argument("--out", required=True, help="output file, .parquet or .csv")
    p.add_argument("--variants", default=",".join(VARIANTS),
                   help="comma-separated subset of " + ",".join(VARIANTS))


def parser() -> argparse.ArgumentParser:
    """Argument parser of ``build-wiod2013`` on its own."""
    p = argparse.ArgumentParser(prog="interlabor accounts build-wiod2013",
                                description=DESCRIPTION)
    _build_args(p)
    return p


def _cmd_build(args: argparse.Namespace) -> int:
    from ..accounts.tables import build_all_years, write_table

    years = range(WIOD2013_YEARS[0], WIOD2013_YEARS[1] + 1) if args.all else [args.year]
    variants = [v.strip() for v in args.variants.split(",") if v.strip()]
    t0 = time.perf_counter()
    try:
        bad = [v for v in variants if v not in VARIANTS]
        if bad:
            raise InterlaborError(f"unknown variant(s) {bad}; expected {VARIANTS}")
        check_out(args.out)  # before the build, not after it
        df = build_all_years(args.data, years, variants)
        out = write_table(df, args.out)
    except InterlaborError as exc:
        print(f"{type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {len(df)} rows ({len(list(years))} year(s) x {len(variants)} variant(s)) to "
          f"{out} in {time.perf_counter() - t0:.1f} s; modelled, illustrative estimates")
    return 0


def main_build(argv: Sequence[str] | None = None) -> int:
    """Run ``build-wiod2013`` with its arguments; returns the exit status (0, 1 or 2)."""
    return _cmd_build(parser().parse_args(argv))


def add_parsers(sub: Any) -> None:
    """Add ``accounts build-wiod2013`` to the subcommands ``sub``."""
    sp = sub.add_parser("accounts", help="build satellite accounts from public data")
    acc_sub = sp.add_subparsers(dest="builder", required=True)
    b = acc_sub.add_parser(
        "build-wiod2013",
        help="modelled labour accounts (persons, hours, variants) for WIOD 2013 years",
        description=DESCRIPTION,
    )
    _build_args(b)
    b.set_defaults(func=_cmd_build)
