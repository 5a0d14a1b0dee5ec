"""The text report of a plan: saving and its parts, who gains and loses work, ranges."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..planning.results import PlanResult
from .text_format import columns_table, number

__all__ = ["format_report", "sensitivity_text"]


def _fmt(v: float) -> str:
    """A number with commas, never in scientific notation."""
    return "n/a" if v != v else number(v, 4)


def _split_lines(result: PlanResult) -> list[str]:
    sp = result.saving_split
    hu = result.hours.attrs.get("unit", "")
    if sp is None:
        return []
    rows = [("saved, output counted in money units", "money"),
            ("saved, output counted in volumes", "volumes"),
            ("  price-level part (money minus volumes)", "price_level"),
            ("  productivity part (hours worked, volumes)", "productivity"),
            ("  transport part (proxy, volumes)", "transport")]
    out = ["", f"The saving split (the same scenario in money units and in volumes; {hu}, "
           "share of today's hours worked):"]
    for label, k in rows:
        out.append(f"  {label:<46} {sp[k]:>14,.0f}  {sp[f'{k}_share']:>7.2%}")
    out.append(f"  (volumes: {sp['price_source']})")
    return out


def _work_lines(result: PlanResult, rows: int, persons_unit: str) -> list[str]:
    w = result.work
    hu = w.attrs.get("unit", "")
    units = {"today": hu, "plan": hu, "change": hu, "change_pct_region": "%",
             "change_persons": persons_unit}
    cols = [c for c in units if c in w.columns]
    gains = w[w["change"] > 0].sort_values("change", ascending=False).head(rows)
    losses = w[w["change"] < 0].sort_values("change").head(rows)
    out = ["", "Who gains work: region-sectors with the largest gains (change as % of the "
           "region's hours today; in persons at today's hours per person):"]
    out.append(columns_table(gains[cols], units) if len(gains) else "  none")
    out += ["", "Who loses work: the largest losses:"]
    out.append(columns_table(losses[cols], units) if len(losses) else "  none")
    return out


def _range_lines(result: PlanResult) -> list[str]:
    rg = result.ranges
    if rg is None:
        return []
    tol = rg.attrs.get("tolerance", 0.0)
    out = ["", f"Is the optimum unique? Hours of the regions with the largest changes over every "
           f"plan within {tol:.1%} of the optimal objective (change from today, %; "
           f"{'warm-started simplex' if rg.attrs.get('warm') else 'solved from scratch'}):"]
    show = rg[["plan", "low", "high"]].copy()
    show["plan %"] = (rg["plan"] - rg["today"]) / rg["today"] * 100
    show["low %"], show["high %"], show["width %"] = rg["low_pct"], rg["high_pct"], \
        rg["width_pct"]
    show["exact"] = np.where(rg["low_exact"] & rg["high_exact"], "yes",
                             "no: stopped at the time limit, range at least this wide")
    out.append(show.to_string(float_format=_fmt))
    return out


def _sharing_lines(result: PlanResult) -> list[str]:
    sh = result.sharing_split
    if sh is None:
        return []
    hu = result.hours.attrs.get("unit", "")
    return ["", f"Technology sharing ({hu}; share of today's hours worked): saved with shared "
            f"techniques {sh['with_sharing']:,.0f} ({sh['with_sharing_share']:.2%}), without "
            f"{sh['without_sharing']:,.0f} ({sh['without_sharing_share']:.2%}): shared "
            f"technique adds {sh['from_sharing']:,.0f} ({sh['from_sharing_share']:.2%}); "
            f"{_fmt(sh['shared_output'])} output units made with shared techniques, "
            f"{sh['direct_technique_saving']:,.0f} hours fewer than with the users' own "
            "(direct hours); the rest of the saving is relocation."]


def format_report(result: PlanResult, sens: pd.DataFrame | None = None, rows: int = 12, *,
                  modelled: bool = False, persons_unit: str = "") -> str:
    """The text report of a plan.

    Hours saved and its split into price-level, productivity and transport parts, the
    findings (whether work moves away from the regions that give more hours than they
    receive), changes by region, who gains and loses work by region-sector, the near-optimal
    ranges, what binds, technology sharing and the sensitivity table.

    Parameters
    ----------
    result : PlanResult
    sens : DataFrame, optional
        The table of :func:`interlabor.report.planning.sensitivity`.
    rows : int
        Rows of each list (regions, gains, losses).
    modelled : bool
        The hours are modelled estimates: said in the first line.
    persons_unit : str
        Unit of the table's persons account (changes in persons, hours per person).

    Returns
    -------
    str
        Lines joined with newlines (no trailing newline), for the command line to print.
    """
    lines = []
    if modelled:
        lines += [f"hours: {result.scenario.hours_account}, modelled estimates (illustrative): "
                  "every number below is computed from them", ""]
    lines += [result.scenario.describe(), "", result.summary()]
    lines += _split_lines(result)
    if result.findings:
        lines += [""] + [f"* {f}" for f in result.findings]
    h = result.hours
    hu = h.attrs.get("unit", "")
    per_worker = f"{hu} per {persons_unit or 'person'}"
    units = {"today": hu, "plan": hu, "change": hu, "change_pct": "%", "change_pct_money": "%",
             "change_pct_volumes": "%", "change_persons": persons_unit,
             "net_given_today": hu, "per_worker_today": per_worker,
             "per_worker_plan": per_worker}
    top = h.reindex(h["change"].abs().sort_values(ascending=False).index).head(rows)
    cols = [c for c in units if c in top.columns]
    lines += ["", f"Hours by region, largest changes ({len(top)} of {len(h)} regions):",
              columns_table(top[cols], units)]
    lines += _work_lines(result, rows, persons_unit)
    lines += _range_lines(result)
    lines += _sharing_lines(result)
    if not result.binding.empty:
        b = result.binding
        agg = b.assign(absdual=b["dual"].abs()).groupby("family")["absdual"].agg(["count", "max"])
        agg.columns = pd.Index(["count", "largest |dual|"])
        lines += ["", f"Binding constraints by family (count; largest |dual|, {hu} per unit of "
                  "the constraint):", columns_table(agg, {"count": "1"})]
    if sens is not None:
        lines += ["", sensitivity_text(sens)]
    return "\n".join(lines)


def sensitivity_text(sens: pd.DataFrame) -> str:
    """The sensitivity table of :func:`interlabor.report.planning.sensitivity` as text.

    Shares saved in %, three significant digits, ``infeasible`` where a scenario is.
    """
    shown = sens.map(lambda v: "infeasible" if v != v else f"{number(100 * v, 3)} %")
    return ("Sensitivity: share of today's hours worked saved, by output counted in (money or "
            "volumes) and output growth (rows) and sourcing-share bound delta (columns; none = "
            "no bound):\n" + shown.to_string())
