"""``--uncertainty N`` of ``footprint`` and ``exchange``: the Monte Carlo, printed or written.

Tidy outputs carry one row per number and variant: ``central``, the named structural
alternatives of the hours account (``calibration:max``, ..., ``previous method``), ``low`` and
``high`` (exchange), and the percentiles ``p5``, ``p50``, ``p95``. The one-at-a-time breakdown
of the spread is printed, and written beside ``--out`` as ``<name>_drivers.<ext>``.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import pandas as pd

__all__ = ["emit_variants", "footprint_with_uncertainty", "uncertainty_args", "write_drivers"]


def uncertainty_args(sp: argparse.ArgumentParser) -> None:
    """``--uncertainty N`` and ``--seed S``."""
    sp.add_argument("--uncertainty", type=int, metavar="N",
                    help="Monte Carlo over the labour accounts' uncertain parameters: N "
                    "samples, 5th/50th/95th percentiles and what drives the spread (tables "
                    "with labour accounts; the percentiles describe stated assumptions, "
                    "not confidence intervals)")
    sp.add_argument("--seed", type=int, default=0, help="seed of the Monte Carlo (default 0)")


def footprint_with_uncertainty(mrio: Any, args: argparse.Namespace, step: Any
                               ) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """The footprint table of every variant of the account and the Monte Carlo percentiles."""
    from ..footprints import consumption_based
    from ..model import variants_of
    from ..progress import notify
    from ..uncertainty import footprint_uncertainty

    notify(step, "footprints", f"Monte Carlo of {args.account}: {args.uncertainty} samples")
    table, drivers = footprint_uncertainty(mrio, args.uncertainty, by=args.by,
                                           account=args.account, seed=args.seed)
    for v in variants_of(mrio, args.account):
        res = consumption_based(mrio, v.key, by=args.by)
        vals = res.stack() if isinstance(res, pd.DataFrame) else res
        table.insert(len(table.columns) - 3, v.variant, vals.reindex(table.index).to_numpy())
    return table, drivers


def write_drivers(drivers: pd.DataFrame | None, out: str | None) -> None:
    """Print the breakdown; write it beside ``out`` (``<stem>_drivers<suffix>``)."""
    if drivers is None:
        return
    from ..io.output import tidy, write_result
    from ..report.text_format import table as as_text

    print("\nWhat drives the spread (share of the Monte Carlo variance from each parameter "
          "group drawn alone):")
    with pd.option_context("display.width", 160, "display.max_columns", 10):
        print(as_text(drivers.iloc[:, :8], digits=3))
    if out:
        p = Path(out)
        long = drivers.stack().rename("value").reset_index()
        long.columns = ["parameter", "measure", "value"]
        path = write_result(tidy(long, label="share of the Monte Carlo variance from the "
                                 "parameter group alone (one at a time)", unit="share",
                                 modelled=True), p.with_name(f"{p.stem}_drivers{p.suffix}"))
        print(f"wrote {len(long)} rows to {path}")


def emit_variants(table: pd.DataFrame, out: str | None, indicator: str, rows: int = 20
                  ) -> None:
    """A table whose columns are variants (central, alternatives, p5, ...): rows or a print."""
    from ..io.output import to_long, write_result
    from ..report.text_format import table as as_text

    if out:
        long = to_long(table, indicator=indicator,
                       columns={c: {"variant": c} for c in table.columns})
        path = write_result(long, out)
        print(f"wrote {len(long)} rows to {path}")
        return
    mark = " [modelled estimate]" if table.attrs.get("modelled") else ""
    print(f"{table.attrs.get('account', '')} ({table.attrs.get('unit', '')}){mark}")
    if table.attrs.get("note"):
        print(f"  {table.attrs['note']}")
    print(as_text(table.head(rows)))  # commas, no exponents
    if len(table) > rows:
        print(f"... {len(table) - rows:,} more rows (use --out FILE for all)")
