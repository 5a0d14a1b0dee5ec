"""Per-region summaries of footprints: total, domestic, abroad, main foreign origins.

The share produced abroad of region ``d``'s footprint is ``1 - T[d, d] / sum_o T[o, d]`` with
``T`` the footprint by origin region (:func:`interlabor.footprints.consumption_based` with
``by="origin"``; direct household work counts as domestic).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..footprints import consumption_based
from ..model import MRIO

__all__ = ["origin_summary", "range_accounts"]


def range_accounts(mrio: MRIO, account: str) -> dict[str, str]:
    """Names of the low/high variants of an account (``hours_low``/``hours_high``), if present."""
    base = mrio.account(account)
    keys = {a.key for a in mrio.accounts}
    out = {}
    for variant in ("low", "high"):
        name = f"{base.key}_{variant}"
        if name in keys:
            out[variant] = name
    return out


def origin_summary(mrio: MRIO, account: str, *, top: int = 3) -> pd.DataFrame:
    """For each consuming region: footprint, domestic part, part abroad and main foreign origins.

    Parameters
    ----------
    mrio : MRIO
    account : str
        Account name.
    top : int
        How many foreign origin regions to name.

    Returns
    -------
    DataFrame
        Index consumer_region; columns ``footprint``, ``domestic``, ``abroad``,
        ``share_abroad`` (0-1), ``main_foreign_origins`` (text), and, where the account has
        low/high variants, ``footprint_low``/``footprint_high`` and
        ``share_abroad_low``/``share_abroad_high``. ``attrs`` carry account and unit.
    """
    by_origin = consumption_based(mrio, account, by="origin")
    assert isinstance(by_origin, pd.DataFrame)
    vals = by_origin.to_numpy()
    total = vals.sum(axis=0)
    dom = np.diag(vals).copy()
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(total != 0, 1.0 - dom / total, np.nan)
    names = []
    for j in range(mrio.n_regions):
        col = vals[:, j].copy()
        col[j] = 0.0
        order = np.argsort(-col)[:top]
        parts = [
            f"{mrio.regions[i]} {col[i] / total[j]:.1%}" for i in order if total[j] and col[i] > 0
        ]
        names.append(", ".join(parts))
    out = pd.DataFrame(
        {
            "footprint": total,
            "domestic": dom,
            "abroad": total - dom,
            "share_abroad": share,
            "main_foreign_origins": names,
        },
        index=pd.Index(mrio.regions, name="consumer_region"),
    )
    for variant, name in range_accounts(mrio, account).items():
        Ov = consumption_based(mrio, name, by="origin")
        assert isinstance(Ov, pd.DataFrame)
        v = Ov.to_numpy()
        tv = v.sum(axis=0)
        with np.errstate(divide="ignore", invalid="ignore"):
            out[f"footprint_{variant}"] = tv
            out[f"share_abroad_{variant}"] = np.where(tv != 0, 1.0 - np.diag(v) / tv, np.nan)
    out.attrs = dict(by_origin.attrs)
    return out
