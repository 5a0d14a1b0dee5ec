"""Figures (matplotlib, imported lazily: ``pip install 'interlabor[cli]'``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..errors import MissingDependencyError
from ..io.output import atomic_write
from ..units import readable_scale

__all__ = ["ario_loss_chart", "exchange_chart", "leverage_chart", "pyplot", "save_png",
           "share_abroad_chart"]


def pyplot() -> Any:
    """Import matplotlib's pyplot on the non-interactive Agg backend.

    Raises
    ------
    MissingDependencyError
        matplotlib is missing (``pip install 'interlabor[cli]'``).
    """
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ModuleNotFoundError as exc:  # pragma: no cover - depends on the environment
        raise MissingDependencyError("figures need matplotlib, which is not installed: "
                                     "pip install 'interlabor[cli]'", name="matplotlib") from exc
    return plt


def save_png(fig: Any, path: str | Path) -> Path:
    """Write ``fig`` as a PNG atomically (temporary file, then rename) and close it."""
    try:
        return atomic_write(path, lambda tmp: fig.savefig(tmp, format="png"))
    finally:
        pyplot().close(fig)


def share_abroad_chart(summary: pd.DataFrame, path: str | Path, *, title: str) -> Path:
    """Horizontal bars: share of each region's footprint produced abroad (PNG, atomic).

    Parameters
    ----------
    summary : DataFrame
        Output of :func:`interlabor.report.summary.origin_summary`; ``share_abroad_low`` and
        ``share_abroad_high`` become error bars when present.
    path : str or Path
        PNG file to write.
    title : str
        Figure title (say the account, unit, year and whether it is modelled).
    """
    plt = pyplot()
    s = summary.sort_values("share_abroad")
    fig, ax = plt.subplots(figsize=(8, 0.22 * len(s) + 1.5), dpi=110)
    y = np.arange(len(s))
    xerr = None
    if {"share_abroad_low", "share_abroad_high"} <= set(s.columns):
        lo = np.minimum(s["share_abroad_low"], s["share_abroad_high"]).to_numpy()
        hi = np.maximum(s["share_abroad_low"], s["share_abroad_high"]).to_numpy()
        mid = s["share_abroad"].to_numpy()
        xerr = 100 * np.vstack([np.clip(mid - lo, 0, None), np.clip(hi - mid, 0, None)])
    ax.barh(y, 100 * s["share_abroad"].to_numpy(), xerr=xerr, color="#3b6ea8", ecolor="#222")
    ax.set_yticks(y, s.index.tolist(), fontsize=7)
    label = "share of the region's consumption-based footprint produced abroad (%)"
    if xerr is not None:
        label += "\nlines: the same share on the low and high variants of the account"
    ax.set_xlabel(label)
    ax.set_title(title, fontsize=9)
    ax.grid(axis="x", alpha=0.3)
    fig.tight_layout()
    return save_png(fig, path)


def exchange_chart(series: pd.DataFrame, path: str | Path, *, pair: tuple[str, str],
                   title: str) -> Path:
    """Two panels over years: net hours ``a->b``, and the gross hours and exchange ratios.

    Parameters
    ----------
    series : DataFrame
        Output of :func:`interlabor.exchange_report.exchange_series` (index year, indicator
        id); rows ``net_hours``, ``gross_hours_ratio`` and ``exchange_ratio_of_a`` are drawn,
        ``low``/``high`` columns become shaded ranges. Net hours are drawn at a readable
        scale (billion hours, say) named on the axis, never with an offset.
    path : str or Path
        PNG file to write (atomically).
    pair : (a, b)
        The giving and the receiving group.
    title : str
        Figure title (say the account, prices and whether the hours are modelled).
    """
    plt = pyplot()
    a, b = pair
    net, gross, er = "net_hours", "gross_hours_ratio", "exchange_ratio_of_a"
    fig, (ax1, ax2) = plt.subplots(2, 1, figsize=(8, 7), dpi=110, sharex=True)

    def line(ax: object, key: str, label: str, color: str, factor: float = 1.0) -> None:
        s = series.xs(key, level="indicator")
        years = s.index.to_numpy()
        ax.plot(years, s["value"] * factor, marker="o", color=color, label=label)  # type: ignore[attr-defined]
        if {"low", "high"} <= set(s.columns):
            ax.fill_between(years, s["low"] * factor, s["high"] * factor, color=color,  # type: ignore[attr-defined]
                            alpha=0.2, label=f"{label}: low-high range")

    nets = series.xs(net, level="indicator")
    top = float(np.nanmax(np.abs(nets[[c for c in ("value", "low", "high") if c in nets]])))
    factor, unit = readable_scale(str(nets["unit"].iloc[0]), top)  # the real scale, no offset
    line(ax1, net, f"net hours {a}->{b}", "#b2182b", factor)
    ax1.set_ylabel(unit)
    ax1.ticklabel_format(axis="y", style="plain", useOffset=False)
    ax1.axhline(0, color="#444", lw=0.8)
    ax1.set_title(f"Net transfer of hours {a}->{b} ({a}->{b} minus {b}->{a})", fontsize=9)
    line(ax2, gross, f"hours {a}->{b} per hour {b}->{a}", "#2166ac")
    line(ax2, er, f"exchange ratio of {a}", "#1b7837")
    ax2.axhline(1, color="#444", lw=0.8)
    ax2.set_ylabel("ratio (a pure number)")
    ax2.set_xlabel("year")
    from matplotlib.ticker import MaxNLocator

    ax2.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax2.set_title("Gross hours ratio and labour exchange ratio", fontsize=9)
    for ax in (ax1, ax2):
        ax.grid(alpha=0.3)
        ax.legend(fontsize=7)
    fig.suptitle(title, fontsize=9)
    fig.tight_layout()
    return save_png(fig, path)


def leverage_chart(ranked: pd.DataFrame, path: str | Path, *, title: str,
                   xlabel: str) -> Path:
    """Ranked horizontal bars: leverage per hour stopped of the top cells (PNG, atomic).

    Parameters
    ----------
    ranked : DataFrame
        Output of :func:`interlabor.shocks.leverage.chokepoints` (columns rank, region,
        sector, sector_name, value), best first.
    path : str or Path
        PNG file to write.
    title : str
        Figure title (say the model, the measure and that the hours are modelled).
    xlabel : str
        Axis label with the unit (e.g. "final demand of DEU lost, USD per hour stopped").
    """
    plt = pyplot()
    r = ranked.iloc[::-1]
    fig, ax = plt.subplots(figsize=(8, 0.28 * len(r) + 1.6), dpi=110)
    y = np.arange(len(r))
    ax.barh(y, r["value"].to_numpy(), color="#b2182b")
    names = [f"{a} {b} ({c if len(c) <= 28 else c[:27].rstrip() + '…'})"
             for a, b, c in zip(r["region"], r["sector"], r["sector_name"], strict=True)]
    ax.set_yticks(y, names, fontsize=7)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("stopped cell: region, sector (name), ranked")
    ax.set_title(title, fontsize=9)
    ax.grid(axis="x", alpha=0.3)
    fig.tight_layout()
    return save_png(fig, path)


def ario_loss_chart(daily: pd.DataFrame, path: str | Path, *, title: str, top: int = 8,
                    variable: str = "production_loss") -> Path:
    """Daily loss path by region of an ARIO run: the ``top`` regions, the rest, the world.

    Parameters
    ----------
    daily : DataFrame
        :meth:`interlabor.shocks.ario_result.ARIOResult.daily_losses` (index ``day``, columns
        (``variable``, ``region``)); its ``attrs["unit"]`` labels the axis.
    path : str or Path
        PNG file to write (atomically).
    title : str
        Figure title (say what was shocked, the table, and that the paths are modelled).
    top : int
        Regions drawn one by one: those with the largest total loss.
    variable : {"production_loss", "final_demand_unmet"}
    """
    plt = pyplot()
    d = daily[variable]
    order = d.abs().sum(axis=0).sort_values(ascending=False).index
    shown, rest = list(order[:top]), list(order[top:])
    fig, ax = plt.subplots(figsize=(9, 5), dpi=110)
    days = d.index.to_numpy()
    ax.plot(days, d.sum(axis=1).to_numpy(), color="#111", lw=2, label="World")
    colors = plt.get_cmap("tab10").colors
    for k, region in enumerate(shown):
        ax.plot(days, d[region].to_numpy(), color=colors[k % len(colors)], lw=1.2, label=region)
    if rest:
        ax.plot(days, d[rest].sum(axis=1).to_numpy(), color="#999", lw=1, ls="--",
                label=f"other {len(rest)} regions")
    ax.axhline(0, color="#444", lw=0.8)
    what = "production loss (baseline minus production)" if variable == "production_loss" \
        else "final demand not met"
    ax.set_ylabel(f"{what}, {daily.attrs.get('unit', '')}")
    ax.set_xlabel("day")
    ax.set_title(title, fontsize=9)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=7, ncol=2)
    fig.tight_layout()
    return save_png(fig, path)
