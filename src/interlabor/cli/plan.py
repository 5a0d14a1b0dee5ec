"""Planning a cooperative division of labour: ``plan``.

The main plan is solved, written and printed first; the sensitivity table (16 more solves,
with a progress display) comes after, so that Ctrl-C during it keeps the plan.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import pandas as pd

from ..progress import notify
from ._common import load, progress, table_args

__all__ = ["add_parsers"]


def _report(res: Any, mrio: Any, rows: int = 12) -> str:
    """The plan's text report: scenario, result, largest changes of hours, what binds."""
    from ._format import columns_table

    hours_unit = res.hours.attrs.get("unit", "")
    modelled = mrio.account(res.scenario.hours_account).modelled
    lines = []
    if modelled:
        lines += [f"hours: {res.scenario.hours_account}, modelled estimates (illustrative): "
                  "every number below is computed from them", ""]
    lines += [res.scenario.describe(), "", res.summary()]
    h = res.hours
    top = h.reindex(h["change"].abs().sort_values(ascending=False).index).head(rows)
    per_worker = f"{hours_unit} per person"
    if "per_worker_today" in h.columns:  # hours account over persons account
        per_worker = f"{hours_unit} per {mrio.account(res.scenario.persons_account).unit}"
    units = {"today": hours_unit, "plan": hours_unit, "change": hours_unit, "change_pct": "%",
             "per_worker_today": per_worker, "per_worker_plan": per_worker}
    cols = [c for c in units if c in top.columns]
    lines += ["", f"Hours by region, largest changes ({len(top)} of {len(h)} regions):",
              columns_table(top[cols], units)]
    if not res.binding.empty:
        b = res.binding
        agg = b.assign(absdual=b["dual"].abs()).groupby("family")["absdual"].agg(["count", "max"])
        agg.columns = pd.Index(["count", "largest |dual|"])
        lines += ["", f"Binding constraints by family (count; largest |dual|, {hours_unit} per "
                  "unit of the constraint):", columns_table(agg, {"count": "1"})]
    return "\n".join(lines)


def _sensitivity_text(sens: pd.DataFrame) -> str:
    from ._format import number

    shown = sens.map(lambda v: "infeasible" if v != v else f"{number(100 * v, 3)} %")
    return ("Sensitivity: share of today's hours saved, by output growth (rows) and "
            "sourcing-share bound delta (columns; none = no bound):\n" + shown.to_string())


def _cmd_plan(args: argparse.Namespace) -> int:
    from ..io.atomic import check_parent
    from ..planning import load_scenario, plan
    from ..report.planning import sensitivity, write_plan, write_sensitivity

    check_parent(Path(args.out))  # the results folder is made, its parents never are
    scenario = load_scenario(args.scenario)
    with progress(not args.quiet) as step:
        mrio = load(args.table, args.format, step, not args.no_cache, args.year)
        notify(step, "plan", "solving the plan (HiGHS)")
        res = plan(mrio, scenario, threads=args.threads, verbose=args.solver_log)
        notify(step, "plan", f"writing {args.out}")
        files = write_plan(res, args.out, mrio=mrio)
    out = Path(args.out).resolve()
    print(_report(res, mrio))
    print(f"\nwrote {len(files)} files to {out}", flush=True)
    if args.no_sensitivity:
        return 0
    print("\nsensitivity: 16 more solves (Ctrl-C keeps the plan written above)", flush=True)
    with progress(not args.quiet) as step:
        sens = sensitivity(mrio, scenario, step=step)
    path = write_sensitivity(res, sens, args.out, mrio=mrio)
    print(_sensitivity_text(sens))
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
                    help="skip the sensitivity table (16 more solves, after the plan is written)")
    sp.add_argument("--threads", type=int, help="HiGHS threads")
    sp.add_argument("--solver-log", action="store_true",
                    help="print HiGHS's banner and log (silent by default)")
    sp.set_defaults(func=_cmd_plan)
