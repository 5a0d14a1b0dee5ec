"""Reports of a plan: tables written to a folder, the chart of changes by region, sensitivity.

The sensitivity table answers how much of a saving is an artefact of the guards' settings and
of the price basis: hours saved (share of today's hours worked) for a grid of output growth and
sourcing-share bounds delta, counted in money units and in volumes (where price levels are
known). The text report is :func:`interlabor.report.plan_text.format_report`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..errors import InfeasibleError, SolverError
from ..indicators import indicator
from ..io.atomic import output_folder
from ..io.output import atomic_write, to_long, write_result
from ..model import MRIO
from ..planning.data import plan_data
from ..planning.planner import plan, volumes_available
from ..planning.results import PlanResult
from ..planning.scenario import PlanScenario
from ..progress import Progress, notify
from .figures import pyplot, save_png
from .plan_text import format_report

__all__ = ["format_report", "hours_chart", "persons_unit_of", "plan_tables", "sensitivity",
           "write_plan", "write_sensitivity"]

GROWTHS = (0.02, 0.05, 0.10, 0.25)
DELTAS: tuple[float | None, ...] = (0.05, 0.10, 0.25, None)


def sensitivity(mrio: MRIO, scenario: PlanScenario, *, growths: Sequence[float] = GROWTHS,
                deltas: Sequence[float | None] = DELTAS,
                step: Progress | None = None) -> pd.DataFrame:
    """Hours saved (share of today's hours worked) by price basis x output growth x delta.

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
        when price levels are known for the table, ``volumes``.
    """
    variants = [("money", scenario.with_(prices="money"))]
    if volumes_available(mrio, scenario):
        variants.append(("volumes", scenario.with_(prices="volumes")))
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
                    res = plan(mrio, sc.with_(growth=g, delta=d), data=data, split=False,
                               ranges=0)
                    row["none" if d is None else f"{d:g}"] = res.hours_saved["share"]
                except (InfeasibleError, SolverError):
                    row["none" if d is None else f"{d:g}"] = np.nan
            out.append(pd.Series(row, name=(label, g)))
    notify(step, "sensitivity", "sensitivity done", done=total, total=total, unit="solves")
    df = pd.DataFrame(out)
    df.index = pd.MultiIndex.from_tuples(df.index, names=["prices", "growth"])
    df.columns.name = "delta"
    df.attrs = {"unit": "share of today's hours worked saved"}
    return df


def hours_chart(result: PlanResult, path: str | Path, *, title: str = "",
                modelled: bool = False, persons_unit: str = "") -> Path:
    """Horizontal bars: change in each region's hours worked, plan against today, in % (PNG).

    A linear axis (changes of 5-20 % stay visible), regions sorted by the change, the change
    in persons beside each bar where the table has persons. Written atomically.

    Parameters
    ----------
    modelled : bool
        The hours are modelled estimates: said in the title and the axis label.
    persons_unit : str
        Unit of the persons labels (the persons account's).

    Raises
    ------
    MissingDependencyError
        matplotlib is missing (``pip install 'interlabor[cli]'``).
    """
    plt = pyplot()
    h = result.hours.sort_values("change_pct")
    unit = result.hours.attrs.get("unit", "")
    fig, ax = plt.subplots(figsize=(7.5, 0.24 * len(h) + 1.8), dpi=110)
    y = np.arange(len(h))
    pct = h["change_pct"].to_numpy()
    ax.barh(y, pct, color=np.where(pct >= 0, "#3b6ea8", "#c8553d"), height=0.7)
    ax.set_yticks(y, h.index.tolist(), fontsize=7)
    ax.axvline(0, color="black", linewidth=0.6)
    mod = "modelled " if modelled else ""
    ax.set_xlabel(f"change in {mod}hours worked, plan against today, % of the region's hours "
                  f"today ({unit} today = 100 %)", fontsize=8)
    ax.margins(x=0.12)
    if "change_persons" in h and h["change_persons"].notna().all():
        span = max(float(np.nanmax(np.abs(pct))), 1e-9)
        for yi, p, n in zip(y, pct, h["change_persons"], strict=True):
            ax.text(p + (0.01 if p >= 0 else -0.01) * span, yi, f"{n:+,.0f}", va="center",
                    ha="left" if p >= 0 else "right", fontsize=5.5, color="#444444")
    hs = result.hours_saved
    ax.set_title(title or (f"Who gains and who loses work: {hs['share']:.1%} of today's "
                           f"{mod}hours saved\n(output counted in {result.lp.data.basis}; "
                           "labels: change in persons"
                           + (f", {persons_unit}" if persons_unit else "")
                           + (", modelled estimates)" if modelled else ")")), fontsize=9)
    ax.grid(axis="x", alpha=0.3)
    fig.tight_layout()
    return save_png(fig, path)


def _state(indicator: str, unit: str, state: str | None = None) -> dict[str, object]:
    return {"indicator": indicator, "unit": unit, "state": state}


def _parts_table(values: Mapping[str, Any], keys: Sequence[str], unit: str, share_id: str,
                 value_id: str) -> pd.DataFrame:
    df = pd.DataFrame({"hours": [values[k] for k in keys],
                       "share": [values.get(f"{k}_share", np.nan) for k in keys]},
                      index=pd.Index(list(keys), name="part"))
    return to_long(df, columns={"hours": {"indicator": value_id, "unit": unit},
                                "share": {"indicator": share_id, "unit": "share"}})


SPLIT_PARTS = ("money", "volumes", "price_level", "productivity", "transport")
SHARING_PARTS = ("with_sharing", "without_sharing", "from_sharing", "direct_technique_saving")


def plan_tables(result: PlanResult, *, modelled: bool = False, persons_unit: str = ""
                ) -> dict[str, pd.DataFrame]:
    """A plan's tables as tidy long tables of :data:`interlabor.io.output.SCHEMA`.

    Wide columns become rows: ``today`` and ``plan`` the values of column ``state``;
    the shadow price's parts the values of column ``part``. Ids ``plan_*`` of
    :mod:`interlabor.indicators`; ``account`` is the hours account for hours, null for
    output; the trailing column ``prices`` says what output is counted in.

    Returns
    -------
    dict
        File stem (``hours_by_region``, ``work_by_sector``, ``output``, ``shipments``,
        ``shadow_prices``, ``binding``, ``embodied_trade``, and where computed
        ``saving_split``, ``ranges``, ``sharing``) -> tidy table.
    """
    hu = result.hours.attrs.get("unit", "")
    ou = result.output.attrs.get("unit", "")
    per_worker = f"{hu} per {persons_unit or 'person'}"  # hours account over persons account
    basis = result.lp.data.basis
    long = partial(to_long, prices=result.valued_in)
    of_hours = partial(long, account=result.scenario.hours_account, modelled=modelled)
    h = {"today": _state("plan_hours", hu, "today"), "plan": _state("plan_hours", hu, "plan"),
         "change": _state("plan_hours_change", hu), "change_pct":
         _state("plan_hours_change_pct", "%"), "persons": _state("plan_persons", persons_unit),
         "change_persons": _state("plan_hours_change_persons", persons_unit),
         "net_given_today": _state("plan_net_hours_given", hu, "today"),
         "per_worker_today": _state("plan_hours_per_worker", per_worker, "today"),
         "per_worker_plan": _state("plan_hours_per_worker", per_worker, "plan")}
    h = {c: {**v, "valued_in": basis} for c, v in h.items()}
    for other in ("money", "volumes"):
        h[f"change_pct_{other}"] = {**_state("plan_hours_change_pct", "%"), "valued_in": other}
    w = {"today": _state("plan_sector_hours", hu, "today"),
         "plan": _state("plan_sector_hours", hu, "plan"),
         "change": _state("plan_sector_hours_change", hu),
         "change_pct_region": _state("plan_sector_hours_change_pct", "%"),
         "change_persons": _state("plan_sector_persons_change", persons_unit)}
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
    out = {
        "hours_by_region": of_hours(result.hours, columns={c: v for c, v in h.items()
                                                           if c in result.hours}),
        "work_by_sector": of_hours(result.work, columns=w),
        "output": long(result.output, columns=o, modelled=modelled),
        "shipments": long(moved, columns={c: o[c] | {"indicator": "plan_shipments"}
                                          for c in ("today", "plan")}, modelled=modelled),
        "shadow_prices": of_hours(sp, columns=parts),
        "binding": of_hours(result.binding, columns={"dual": {
            "indicator": "plan_binding_dual", "unit": f"{hu} per unit of the constraint"}}),
        "embodied_trade": of_hours(result.embodied_trade, columns=e),
    }
    extra = {"account": result.scenario.hours_account, "modelled": modelled,
             "prices": result.valued_in}
    if result.saving_split is not None:
        out["saving_split"] = _parts_table(result.saving_split, SPLIT_PARTS, hu,
                                           "plan_hours_saved_part_share",
                                           "plan_hours_saved").assign(**extra)
    if result.sharing_split is not None:
        out["sharing"] = _parts_table(result.sharing_split, SHARING_PARTS, hu,
                                      "plan_hours_saved_part_share",
                                      "plan_hours_saved").assign(**extra)
    if result.ranges is not None:
        rg = result.ranges
        out["ranges"] = of_hours(rg, columns={b: {"indicator": "plan_hours_range", "unit": hu,
                                                  "bound": b} for b in ("low", "high")},
                                 tolerance=rg.attrs.get("tolerance"))
    return out


def _modelled(result: PlanResult, mrio: MRIO | None) -> bool:
    return mrio is not None and mrio.account(result.scenario.hours_account).modelled


def persons_unit_of(result: PlanResult, mrio: MRIO | None) -> str:
    """Unit of the plan's persons account, ``""`` where the plan has no persons."""
    if mrio is not None and np.all(np.isfinite(result.lp.data.persons)):
        return mrio.account(result.scenario.persons_account).unit
    return ""


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

    Files: ``hours_by_region.csv``, ``work_by_sector.csv`` (who gains and loses work),
    ``output.csv``, ``shipments.csv`` (cross-border and changed flows),
    ``shadow_prices.csv``, ``binding.csv``, ``embodied_trade.csv``, where computed
    ``saving_split.csv``, ``ranges.csv`` and ``sharing.csv``, ``summary.txt`` (the text
    report), ``hours_by_region.png`` (change in % by region), and ``sensitivity.csv``
    (indicator ``plan_hours_saved_share`` by ``valued_in`` (money or volumes), ``growth``
    and ``delta``; NaN where infeasible) when given.
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
    modelled, persons_unit = _modelled(result, mrio), persons_unit_of(result, mrio)
    tables = plan_tables(result, modelled=modelled, persons_unit=persons_unit)
    files = [write_result(t, out / f"{name}.csv") for name, t in tables.items()]
    text = format_report(result, sens, modelled=modelled, persons_unit=persons_unit) + "\n"
    files.append(atomic_write(out / "summary.txt", lambda t: t.write_text(text)))
    if chart:
        files.append(hours_chart(result, out / "hours_by_region.png", modelled=modelled,
                                 persons_unit=persons_unit))
    if sens is not None:
        files.append(write_sensitivity(result, sens, out, mrio=mrio))
    return files
