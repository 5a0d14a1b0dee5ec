"""Reports of a plan: tables written to a folder, the chart of hours by region, sensitivity.

The sensitivity table answers how much of a saving is an artefact of the guards' settings:
hours saved (share of today's) for a grid of output growth and sourcing-share bounds delta,
with and without price levels when the scenario gives them.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import InfeasibleError, SolverError
from ..indicators import indicator
from ..io.atomic import output_folder
from ..io.output import atomic_write, to_long, write_result
from ..model import MRIO
from ..planning.lp import plan_data
from ..planning.planner import plan
from ..planning.results import PlanResult
from ..planning.scenario import PlanScenario
from ..progress import Progress, notify
from .figures import pyplot, save_png

__all__ = ["format_report", "hours_chart", "plan_tables", "sensitivity", "write_plan",
           "write_sensitivity"]

GROWTHS = (0.02, 0.05, 0.10, 0.25)
DELTAS: tuple[float | None, ...] = (0.05, 0.10, 0.25, None)


def sensitivity(mrio: MRIO, scenario: PlanScenario, *, growths: Sequence[float] = GROWTHS,
                deltas: Sequence[float | None] = DELTAS,
                step: Progress | None = None) -> pd.DataFrame:
    """Hours saved (share of today's) for each output growth x sourcing-share bound.

    Parameters
    ----------
    mrio : MRIO
    scenario : PlanScenario
        Every other setting is kept.
    growths, deltas : sequence
        The grid; ``None`` in ``deltas`` lifts the bound.
    step : Progress, optional
        Told before each solve (task ``"sensitivity"``, unit ``"solves"``, with the total).

    Returns
    -------
    DataFrame
        Index ``(prices, growth)``, columns ``delta`` (``"none"`` for no bound); values
        are shares saved, NaN where the scenario is infeasible. ``prices`` is ``money`` and,
        when the scenario has price levels, ``volumes``.
    """
    variants = [("money", scenario.with_(price_levels=None))]
    if scenario.price_levels is not None:
        variants.append(("volumes", scenario))
    out = []
    total, done = len(variants) * len(growths) * len(deltas), 0
    for label, sc in variants:
        data = plan_data(mrio, sc)
        for g in growths:
            row: dict[str, float] = {}
            for d in deltas:
                notify(step, "sensitivity", f"sensitivity: {label}, growth {g:g}, delta {d}",
                       done=done, total=total, unit="solves")
                done += 1
                try:
                    res = plan(mrio, sc.with_(growth=g, delta=d), data=data)
                    row["none" if d is None else f"{d:g}"] = res.hours_saved["share"]
                except (InfeasibleError, SolverError):
                    row["none" if d is None else f"{d:g}"] = np.nan
            out.append(pd.Series(row, name=(label, g)))
    notify(step, "sensitivity", "sensitivity done", done=total, total=total, unit="solves")
    df = pd.DataFrame(out)
    df.index = pd.MultiIndex.from_tuples(df.index, names=["prices", "growth"])
    df.columns.name = "delta"
    df.attrs = {"unit": "share of today's hours saved"}
    return df


def hours_chart(result: PlanResult, path: str | Path, *, title: str = "") -> Path:
    """Bars of hours by region, today against the plan (PNG, written atomically).

    Raises
    ------
    MissingDependencyError
        matplotlib is missing (``pip install 'interlabor[cli]'``).
    """
    plt = pyplot()
    h = result.hours.sort_values("today", ascending=False)
    fig, ax = plt.subplots(figsize=(max(6.0, 0.28 * len(h) + 2), 4.2), dpi=110)
    xpos = np.arange(len(h))
    ax.bar(xpos - 0.2, h["today"], 0.4, label="today", color="#8a8a8a")
    ax.bar(xpos + 0.2, h["plan"], 0.4, label="plan", color="#3b6ea8")
    ax.set_xticks(xpos, h.index.tolist(), rotation=90, fontsize=7)
    ax.set_ylabel(f"hours worked ({result.hours.attrs.get('unit', '')})")
    ax.set_yscale("log")
    hs = result.hours_saved
    ax.set_title(title or f"Hours by region, today and plan: {hs['share']:.1%} saved",
                 fontsize=9)
    ax.legend(fontsize=8)
    ax.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    return save_png(fig, path)


def _state(indicator: str, unit: str, state: str | None = None) -> dict[str, object]:
    return {"indicator": indicator, "unit": unit, "state": state}


def plan_tables(result: PlanResult, *, modelled: bool = False, persons_unit: str = ""
                ) -> dict[str, pd.DataFrame]:
    """A plan's tables as tidy long tables of :data:`interlabor.io.output.SCHEMA`.

    Wide columns become rows: ``today`` and ``plan`` the values of column ``state``;
    the shadow price's parts the values of column ``part``. Ids ``plan_*`` of
    :mod:`interlabor.indicators`; ``account`` is the hours account for hours, null for
    output.

    Returns
    -------
    dict
        File stem (``hours_by_region``, ``output``, ``shipments``, ``shadow_prices``,
        ``binding``, ``embodied_trade``) -> tidy table.
    """
    hu = result.hours.attrs.get("unit", "")
    ou = result.output.attrs.get("unit", "")
    per_worker = f"{hu} per {persons_unit or 'person'}"  # hours account over persons account
    of_hours = partial(to_long, account=result.scenario.hours_account, modelled=modelled)
    h = {"today": _state("plan_hours", hu, "today"), "plan": _state("plan_hours", hu, "plan"),
         "change": _state("plan_hours_change", hu), "change_pct":
         _state("plan_hours_change_pct", "%"), "persons": _state("plan_persons", persons_unit),
         "per_worker_today": _state("plan_hours_per_worker", per_worker, "today"),
         "per_worker_plan": _state("plan_hours_per_worker", per_worker, "plan")}
    o = {"today": _state("plan_output", ou, "today"), "plan": _state("plan_output", ou, "plan"),
         "capacity": _state("plan_output_capacity", ou),
         "change": _state("plan_output_change", ou)}
    s = result.shipments
    moved = s[(s.index.get_level_values(0) != s.index.get_level_values(1))
              | ((s["plan"] - s["today"]).abs() > 1e-9)]
    sp = result.shadow_prices
    pu = sp.attrs.get("unit", "")
    parts = {c: {"indicator": "plan_shadow_price", "unit": pu, "part": c,
                 "label": indicator("plan_shadow_price").label(part=c)} for c in sp.columns}
    e = {f"{flow}_{st}": _state(f"plan_hours_{flow[:-1]}ed", hu, st)
         for flow in ("exports", "imports") for st in ("today", "plan")}
    return {
        "hours_by_region": of_hours(result.hours, columns={c: v for c, v in h.items()
                                                           if c in result.hours}),
        "output": to_long(result.output, columns=o, modelled=modelled),
        "shipments": to_long(moved, columns={c: o[c] | {"indicator": "plan_shipments"}
                                             for c in ("today", "plan")}, modelled=modelled),
        "shadow_prices": of_hours(sp, columns=parts),
        "binding": of_hours(result.binding, columns={"dual": {
            "indicator": "plan_binding_dual", "unit": f"{hu} per unit of the constraint"}}),
        "embodied_trade": of_hours(result.embodied_trade, columns=e),
    }


def _modelled(result: PlanResult, mrio: MRIO | None) -> bool:
    return mrio is not None and mrio.account(result.scenario.hours_account).modelled


def write_sensitivity(result: PlanResult, sens: pd.DataFrame, folder: str | Path, *,
                      mrio: MRIO | None = None) -> Path:
    """Write ``sensitivity.csv`` of :func:`sensitivity` into the plan's ``folder`` (atomic).

    Indicator ``plan_hours_saved_share`` by ``valued_in`` (money or volumes), ``growth`` and
    ``delta``; NaN where infeasible; ``modelled`` when the table's hours are.
    """
    table = to_long(sens.rename_axis(index={"prices": "valued_in"}),
                    indicator="plan_hours_saved_share", account=result.scenario.hours_account,
                    modelled=_modelled(result, mrio))
    return write_result(table, Path(folder) / "sensitivity.csv")


def write_plan(result: PlanResult, folder: str | Path, *, chart: bool = True,
               sens: pd.DataFrame | None = None, mrio: MRIO | None = None) -> list[Path]:
    """Write a plan's tables (tidy CSV, :func:`plan_tables`) and chart into ``folder``.

    Files: ``hours_by_region.csv``, ``output.csv``, ``shipments.csv`` (cross-border and
    changed flows), ``shadow_prices.csv``, ``binding.csv``, ``embodied_trade.csv``,
    ``summary.txt`` (its first line says when the hours are modelled estimates),
    ``hours_by_region.png``, and ``sensitivity.csv`` (:func:`write_sensitivity`) when given.
    ``folder`` is created if missing, its parent folder never is.

    Parameters
    ----------
    mrio : MRIO, optional
        The planned table: whether its hours are modelled and the persons account's unit.

    Returns
    -------
    list of Path
    """
    out = output_folder(folder)
    modelled, persons_unit = _modelled(result, mrio), ""
    if mrio is not None and np.all(np.isfinite(result.lp.data.persons)):
        persons_unit = mrio.account(result.scenario.persons_account).unit
    tables = plan_tables(result, modelled=modelled, persons_unit=persons_unit)
    files = [write_result(t, out / f"{name}.csv") for name, t in tables.items()]
    mark = (f"hours: {result.scenario.hours_account}, modelled estimates (illustrative): every "
            "number below is computed from them\n\n" if modelled else "")
    text = mark + result.scenario.describe() + "\n\n" + result.summary() + "\n"
    files.append(atomic_write(out / "summary.txt", lambda t: t.write_text(text)))
    if chart:
        files.append(hours_chart(result, out / "hours_by_region.png"))
    if sens is not None:
        files.append(write_sensitivity(result, sens, out, mrio=mrio))
    return files


def format_report(result: PlanResult, sens: pd.DataFrame | None = None, rows: int = 12) -> str:
    """The text report of a plan: hours saved, the largest changes, what binds, sensitivity.

    Parameters
    ----------
    result : PlanResult
    sens : DataFrame, optional
        The table of :func:`sensitivity`.
    rows : int
        Regions shown, largest changes of hours first.

    Returns
    -------
    str
        Lines joined with newlines (no trailing newline), for the command line to print.
    """
    lines = [result.scenario.describe(), "", result.summary()]
    h = result.hours
    lines += ["", f"Hours by region ({h.attrs.get('unit', '')}), largest changes:"]
    top = h.reindex(h["change"].abs().sort_values(ascending=False).index).head(rows)
    cols = [c for c in ("today", "plan", "change", "change_pct", "per_worker_today",
                        "per_worker_plan") if c in top.columns]
    lines.append(top[cols].to_string(float_format=lambda v: f"{v:,.4g}"))
    if not result.binding.empty:
        b = result.binding
        lines += ["", "Binding constraints by family (count; largest |dual| in hours per unit):"]
        agg = b.assign(absdual=b["dual"].abs()).groupby("family")["absdual"].agg(["count", "max"])
        lines.append(agg.to_string(float_format=lambda v: f"{v:,.4g}"))
    if sens is not None:
        lines += ["", "Sensitivity: share of today's hours saved, by output growth (rows) and "
                  "sourcing-share bound delta (columns; none = no bound):"]
        lines.append(sens.to_string(float_format=lambda v: f"{v:.2%}"))
    return "\n".join(lines)
