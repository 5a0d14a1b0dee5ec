"""Planning a cooperative division of labour: ``plan``.

The main plan is solved, written and printed first; the sensitivity table (16 more solves,
with a progress display) comes after, so that Ctrl-C during it keeps the plan.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..progress import notify
from ._common import load, progress, table_args

__all__ = ["add_parsers"]


def _cmd_plan(args: argparse.Namespace) -> int:
    from ..io.atomic import check_parent
    from ..planning import load_scenario, plan
    from ..report.plan_text import sensitivity_text
    from ..report.planning import (
        format_report,
        persons_unit_of,
        sensitivity,
        write_plan,
        write_sensitivity,
    )

    check_parent(Path(args.out))  # the results folder is made, its parents never are
    scenario = load_scenario(args.scenario)
    if args.prices:
        scenario = scenario.with_(prices=args.prices)
    with progress(not args.quiet) as step:
        mrio = load(args.table, args.format, step, not args.no_cache, args.year)
        notify(step, "plan", "solving the plan (HiGHS)")
        res = plan(mrio, scenario, threads=args.threads, verbose=args.solver_log,
                   ranges=args.ranges)
        notify(step, "plan", f"writing {args.out}")
        files = write_plan(res, args.out, mrio=mrio)
    out = Path(args.out).resolve()
    modelled = mrio.account(scenario.hours_account).modelled
    print(format_report(res, None, modelled=modelled, persons_unit=persons_unit_of(res, mrio)))
    print(f"\nwrote {len(files)} files to {out}", flush=True)
    if args.no_sensitivity:
        return 0
    print("\nsensitivity: more solves (Ctrl-C keeps the plan written above)", flush=True)
    with progress(not args.quiet) as step:
        sens = sensitivity(mrio, scenario, step=step)
    path = write_sensitivity(res, sens, args.out, mrio=mrio)
    print(sensitivity_text(sens))
    print(f"\nwrote {path}")
    return 0


def add_parsers(sub: Any) -> None:
    """Add ``plan`` to the subcommands ``sub``."""
    sp = sub.add_parser(
        "plan", help="plan a cooperative division of labour (least hours) against today's")
    table_args(sp)
    sp.add_argument("--scenario", metavar="FILE.toml",
                    help="scenario (default: the documented defaults; see "
                    "interlabor/data/scenarios/example.toml)")
    sp.add_argument("--out", default="plan", help="results folder (default: plan; its parent "
                    "folder must exist)")
    sp.add_argument("--no-sensitivity", action="store_true",
                    help="skip the sensitivity table (16 more solves per price basis)")
    sp.add_argument("--prices", choices=("volumes", "money"),
                    help="count output in volumes (default, with the table's price levels) or "
                    "in money units (overrides the scenario's [price_levels] basis)")
    sp.add_argument("--ranges", type=int, default=5, metavar="N",
                    help="range the hours of the N regions with the largest changes over the "
                    "plans within 0.1%% of the optimum (two solves each; 0 skips; default 5)")
    sp.add_argument("--threads", type=int, help="HiGHS threads")
    sp.add_argument("--solver-log", action="store_true",
                    help="print HiGHS's banner and log (silent by default)")
    sp.set_defaults(func=_cmd_plan)
