"""Stoppages of work and chokepoints: ``shock``, ``chokepoints``."""

from __future__ import annotations

import argparse
import importlib
import importlib.util
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import InterlaborError
from ..progress import Progress, notify
from ._common import check_out, load, progress, table_args

__all__ = ["add_parsers", "run_dynamic"]

#: Short column heads of the models in printed tables.
SHORT = {"leontief_constrained": "L-constr", "ghosh_constrained": "G-constr",
         "iim_demand": "IIM-dem", "iim_supply": "IIM-sup", "extraction_backward": "extr-back",
         "extraction_forward": "extr-fwd", "diim": "DIIM"}


def _dynamic_model() -> Any:
    """``interlabor.shocks.ario.run_stoppage``, or an error when this build has no such model."""
    run = None
    if importlib.util.find_spec("interlabor.shocks.ario") is not None:
        run = getattr(importlib.import_module("interlabor.shocks.ario"), "run_stoppage", None)
    if run is None:
        raise InterlaborError("the dynamic model is not available in this build "
                              "(interlabor.shocks.ario.run_stoppage); run without --dynamic "
                              "for the static models")
    return run


def run_dynamic(mrio: Any, stoppage: Any, days: float, *, progress: Progress | None,
                out: str | None) -> Any:
    """Hook of ``--dynamic``: ``interlabor.shocks.ario.run_stoppage``, when this build has it.

    Called as ``run_stoppage(mrio, stoppage, days, scenario=stoppage.extra,
    progress=progress, out=out)``: the validated
    :class:`~interlabor.shocks.stoppage.Stoppage` (its ``stops``, ``cells``, ``shares``,
    ``days``), the longest duration in days, the scenario's ``[dynamic]`` / ``[ario]``
    tables, the progress callback (:data:`interlabor.progress.Progress`) and the output
    folder (or None). What it returns is printed (its ``summary()`` when it has one, a
    DataFrame as it is) and a DataFrame is written to ``DIR/dynamic.csv``.

    Raises
    ------
    InterlaborError
        If the dynamic model is not in this build.
    """
    return _dynamic_model()(mrio, stoppage, days, scenario=stoppage.extra, progress=progress,
                            out=out)


def _print_dynamic(result: Any) -> pd.DataFrame | None:
    table = result.summary() if callable(getattr(result, "summary", None)) else result
    print()
    print("Dynamic model (--dynamic):")
    if callable(getattr(result, "daily_losses", None)):   # the ARIO result: its daily path
        print(result.describe())
    if isinstance(table, pd.DataFrame):
        with pd.option_context("display.width", 140, "display.max_columns", 12):
            print(table.head(40).to_string(index=False))
        return table
    print(f"  {table}")
    return None


def _num(v: float) -> str:
    return "n/a" if v != v else f"{v:,.1f}" if abs(v) < 1e5 else f"{v:,.0f}"


def _print_stoppage(res: Any, mark: str) -> None:
    lab = res.labour
    hu, pu = lab.attrs["hours_unit"], lab.attrs["persons_unit"]
    print(f"Stoppage{mark}:")
    for _, r in lab.iterrows():
        print(f"  {r.region}:{r.sector} ({r.sector_name}): {r.share:.0%} of its hours for "
              f"{r.days:g} days = {r.annual_share:.3%} of its year")
        pers = (f"{_num(r.persons_stopped)} of {_num(r.persons)} {pu} engaged"
                if pu else "no persons account")
        print(f"    persons stopped: {pers}; hours stopped: {_num(r.hours_stopped)} {hu} "
              f"(of {_num(r.hours)} a year)")


def _print_losses(res: Any, top: int) -> None:
    t = res.totals()
    models = res.models
    home = ", ".join(res.stopped_regions)
    units = t.attrs["units"]
    print()
    print(f"Losses abroad (producers outside {home}), by model:")
    w = max(len(m) for m in models)
    print(f"  {'model':<{w}} {'output':>14} {'value added':>14} {'hours':>14}")
    print(f"  {'':<{w}} {units['output']:>14} {units['value_added']:>14} {units['hours']:>14}")
    for m in models:
        o, v, h = (t.loc[m, (meas, "abroad")] for meas in ("output", "value_added", "hours"))
        print(f"  {m:<{w}} {o:>14,.1f} {v:>14,.1f} {h:>14,.3f}")
    by_region = res.abroad("value_added")
    first = models[0]
    by_region = by_region.sort_values(first, ascending=False).head(top)
    print()
    print(f"Value added lost abroad by producing region ({by_region.attrs['unit']}), top "
          f"{len(by_region)} by {first}:")
    heads = "".join(f"{SHORT[m]:>11}" for m in models)
    print(f"  {'region':<6}{heads}")
    for region, row in by_region.iterrows():
        print(f"  {region:<6}" + "".join(f"{row[m]:>11,.1f}" for m in models))
    print("  " + "; ".join(f"{SHORT[m]} = {m}" for m in models))
    if res.joint:
        print()
        print("Joint action: loss of the coordinated stoppage / sum of the stops alone (world):")
        for m in models:
            o, v, h = res.joint[m]
            print(f"  {m:<{w}} output {o:.4f}  value added {v:.4f}  hours {h:.4f}")
    for m, note in res.notes.items():
        print(f"  {m}: {note}")


def _cmd_shock(args: argparse.Namespace) -> int:
    from ..io.atomic import check_parent, output_folder
    from ..io.output import write_result
    from ..shocks.static import static_losses
    from ..shocks.stoppage import check_days, load_scenario, scenario_stoppage

    if not args.stop and not args.scenario:
        raise InterlaborError("give at least one --stop REGION:SECTOR[:SHARE] or a --scenario")
    if args.days is not None:
        check_days(args.days)
    scenario = load_scenario(args.scenario) if args.scenario else {}
    if args.dynamic:
        _dynamic_model()
    out = Path(args.out) if args.out else None
    if out is not None and out.exists() and not out.is_dir():
        raise InterlaborError(f"--out {out}: exists and is not a folder")
    if out is not None:
        check_parent(out)  # the folder is made, its missing parents never are
    with progress(not args.quiet) as report:
        mrio = load(args.table, args.format, report, not args.no_cache, args.year)
        stoppage = scenario_stoppage(mrio, scenario, stops=args.stop, days=args.days,
                                     hours=args.hours, origin=args.scenario or "scenario")
        notify(report, "shock", "static models")
        res = static_losses(mrio, stoppage, hours=args.hours, value_added=args.value_added,
                            persons=args.persons, recovery=args.recovery_days)
        dyn = None
        if args.dynamic:
            notify(report, "shock", "dynamic model")
            days = float(stoppage.days.max()) if len(stoppage) else 0.0
            dyn = run_dynamic(mrio, stoppage, days, progress=report,
                              out=str(out) if out is not None else None)
        tables = {"stops.csv": res.stops(), "summary.csv": res.summary(),
                  "by_cell.parquet": res.by_cell(), "by_region.parquet": res.by_region(),
                  "by_consumer.parquet": res.by_consumer()}
        daily = res.diim_daily()
        if daily is not None:
            tables["diim_daily.parquet"] = daily
    mark = " [hours and persons: modelled estimates, illustrative]" if res.modelled[2] else ""
    _print_stoppage(res, mark)
    _print_losses(res, args.top)
    if dyn is not None:
        table = _print_dynamic(dyn)
        if table is not None:
            tables["dynamic.csv"] = table
        if out is not None and callable(getattr(dyn, "daily_losses", None)):
            from ..report.figures import ario_loss_chart

            stops = ", ".join(s.label for s in stoppage.stops)
            chart = ario_loss_chart(dyn.daily_losses(), out / "dynamic_losses.png",
                                    title=f"Daily production loss by region after the stoppage "
                                    f"{stops} ({days:g} days): ARIO, modelled")
            print(f"wrote chart {chart}")
    if out is not None:
        output_folder(out)
        for name, table in tables.items():
            write_result(table, out / name)
        print(f"wrote {', '.join(tables)} to {out}")
    return 0


def _cmd_chokepoints(args: argparse.Namespace) -> int:
    from ..io.output import write_result
    from ..shocks.leverage import chokepoints, leverage, ranking_long

    if args.top < 1:
        raise InterlaborError(f"--top {args.top}: expected at least 1")
    check_out(args.out)
    with progress(not args.quiet) as report:
        mrio = load(args.table, args.format, report, not args.no_cache, args.year)
        notify(report, "chokepoints",
               "leverage of every cell (one solve, its transpose, the diagonal of L)")
        lev = leverage(mrio, hours=args.hours, value_added=args.value_added,
                       persons=args.persons)
        ranked = chokepoints(lev, mrio, consumer=args.consumer, producer=args.producer,
                             model=args.model, measure=args.measure, top=None,
                             min_hours=args.min_hours, min_persons=args.min_persons)
    mark = " [modelled hours: illustrative]" if lev.attrs["modelled"] else ""
    a = ranked.attrs
    scope = f" in {args.producer}" if args.producer else ""
    print(f"Chokepoints{scope}: {a['measure']} ({a['unit']}), model {a['model']}{mark}")
    pu = a["persons_unit"]
    limits = (f"--min-persons {args.min_persons:g} / " if pu else "") + \
        f"--min-hours {args.min_hours:g}"
    print(f"  {a['ranked']} cells ranked; left out: cells of the consumer region, without hours, "
          f"or under {limits}")
    others = [c for c in ranked.columns if c.startswith("value_")]
    head = ranked.head(args.top)
    print(f"  {'#':>3} {'cell':<9} {'sector':<34} {a['model']:>12}"
          + "".join(f"{c[6:][:12]:>13}" for c in others) + (f"  persons ({pu})" if pu else ""))
    for _, r in head.iterrows():
        print(f"  {r['rank']:>3} {r.region + ':' + r.sector:<9} {r.sector_name[:34]:<34} "
              f"{r.value:>12,.2f}" + "".join(f"{r[c]:>13,.2f}" for c in others)
              + (f"  {_num(r.persons)}" if pu else ""))
    rho: dict[str, float] = lev.attrs["influence_spearman"]  # type: ignore[assignment]
    print("  cross-check: rank correlation of the influence vector (Acemoglu et al. 2012) with "
          "each model's world value-added loss of a full stoppage: "
          + ", ".join(f"{m} {v:.3f}" for m, v in rho.items()))
    if args.out:
        long = ranking_long(ranked)
        path = write_result(long, args.out)
        print(f"wrote {len(long)} rows ({len(ranked)} cells) to {path}")
    if args.chart:
        from ..report.figures import leverage_chart

        chart = leverage_chart(head, args.chart, title=f"Leverage of a stoppage, model "
                               f"{a['model']}{mark}",
                               xlabel=f"{a['measure']} ({a['unit']})"
                               + ("\nper hour of modelled hours (illustrative)" if mark else ""))
        print(f"wrote chart {chart}")
    return 0


def _account_args(sp: argparse.ArgumentParser) -> None:
    sp.add_argument("--hours", default="hours", help="hours account (default: hours)")
    sp.add_argument("--persons", default="persons", help="persons account (default: persons)")
    sp.add_argument("--value-added", default="value_added",
                    help="value-added account (default: value_added; x - 1'Z without it)")


def add_parsers(sub: Any) -> None:
    """Add ``shock`` and ``chokepoints`` to the subcommands ``sub``."""
    sp = sub.add_parser(
        "shock", help="a stoppage of work: losses at home and abroad in the static models")
    table_args(sp)
    sp.add_argument("--stop", action="append", default=[], metavar="REGION:SECTOR[:SHARE]",
                    help="stop SHARE (default 1: all) of the cell's hours; repeat for joint "
                    "action")
    sp.add_argument("--days", type=float, help="duration in days, the table's year = 365 "
                    "(default: the scenario's, else 365)")
    sp.add_argument("--scenario", metavar="FILE", help="TOML file with [[stop]] tables, days, "
                    "[diim] recovery parameters and [dynamic] settings (docs/shocks.md)")
    sp.add_argument("--recovery-days", type=float, metavar="N",
                    help="run the dynamic IIM: days for each cell to recover 99 %% of its "
                    "inoperability")
    sp.add_argument("--dynamic", action="store_true",
                    help="also run the dynamic (ARIO) model, when this build has it")
    _account_args(sp)
    sp.add_argument("--top", type=int, default=12, help="regions printed (default 12)")
    sp.add_argument("--out", metavar="DIR", help="write the tidy tables to this folder")
    sp.set_defaults(func=_cmd_shock)

    cp = sub.add_parser(
        "chokepoints", help="rank every cell by what an hour stopped there stops elsewhere")
    table_args(cp)
    cp.add_argument("--consumer", metavar="REGION",
                    help="rank by the final demand of this region lost per hour stopped")
    cp.add_argument("--producer", metavar="REGION", help="rank only the cells of this region")
    cp.add_argument("--model", default="iim_supply",
                    choices=["iim_supply", "ghosh_constrained", "iim_demand",
                             "leontief_constrained"], help="model (default iim_supply)")
    cp.add_argument("--measure", choices=["final_demand_abroad", "value_added_abroad",
                                          "output_abroad", "hours_abroad"],
                    help="without --consumer (default final_demand_abroad)")
    cp.add_argument("--top", type=int, default=20, help="cells printed (default 20)")
    cp.add_argument("--min-persons", type=float, default=1000.0,
                    help="leave out cells with fewer persons engaged (default 1000)")
    cp.add_argument("--min-hours", type=float, default=0.0,
                    help="leave out cells with fewer hours (the account's unit; default 0)")
    _account_args(cp)
    cp.add_argument("--out", metavar="FILE", help="write the whole ranking (.csv or .parquet)")
    cp.add_argument("--chart", metavar="PNG", help="ranked bar chart of the top cells")
    cp.set_defaults(func=_cmd_chokepoints)
