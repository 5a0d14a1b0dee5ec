"""Figures (matplotlib, imported lazily: ``pip install 'interlabor[cli]'``)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..io.output import atomic_write

__all__ = ["share_abroad_chart"]


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
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ModuleNotFoundError as exc:  # pragma: no cover - depends on the environment
        raise ModuleNotFoundError(
            "figures need matplotlib: pip install 'interlabor[cli]'"
        ) from exc
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

    def _save(tmp: Path) -> None:
        fig.savefig(tmp, format="png")

    try:
        return atomic_write(path, _save)
    finally:
        plt.close(fig)
