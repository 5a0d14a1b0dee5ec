"""Per-region summaries of footprints: total, domestic, abroad, main foreign origins.

The share produced abroad of region ``d``'s footprint is ``1 - T[d, d] / sum_o T[o, d]`` with
``T`` the footprint by origin region (:func:`interlabor.footprints.consumption_based` with
``by="origin"``; direct household work counts as domestic).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..footprints import consumption_based
from ..model import MRIO, in_range, variants_of

__all__ = ["origin_summary", "range_accounts"]


def range_accounts(mrio: MRIO, account: str) -> dict[str, str]:
    """Variant name -> account key of every variant of ``account`` (by metadata, table order).

    Structural alternatives (:func:`interlabor.model.in_range`) come first, then variants
    reported beside the range (``previous method``). Names never decide: an account called
    ``hours_low`` without a variant relation is an account of its own.
    """
    found = variants_of(mrio, account)
    ordered = [a for a in found if in_range(a.variant)] + [
        a for a in found if not in_range(a.variant)]
    return {a.variant: a.key for a in ordered}


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
        variants (:func:`range_accounts`), ``footprint [VARIANT]`` and
        ``share_abroad [VARIANT]`` for each, and ``footprint_low``/``footprint_high``,
        ``share_abroad_low``/``share_abroad_high``: the smallest and largest over the central
        estimate and the structural alternatives (not over variants reported beside the
        range). ``attrs`` carry account and unit.
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
    ranged = [("", total, share)]
    for variant, name in range_accounts(mrio, account).items():
        Ov = consumption_based(mrio, name, by="origin")
        assert isinstance(Ov, pd.DataFrame)
        v = Ov.to_numpy()
        tv = v.sum(axis=0)
        with np.errstate(divide="ignore", invalid="ignore"):
            sv = np.where(tv != 0, 1.0 - np.diag(v) / tv, np.nan)
        out[f"footprint [{variant}]"], out[f"share_abroad [{variant}]"] = tv, sv
        if in_range(variant):
            ranged.append((variant, tv, sv))
    if len(ranged) > 1:
        fp, sh = np.vstack([r[1] for r in ranged]), np.vstack([r[2] for r in ranged])
        out["footprint_low"], out["footprint_high"] = fp.min(axis=0), fp.max(axis=0)
        out["share_abroad_low"], out["share_abroad_high"] = sh.min(axis=0), sh.max(axis=0)
    out.attrs = dict(by_origin.attrs)
    return out
