"""Weighted concordance from the 56 WIOD 2016 industries (NACE Rev. 2) to the 35 WIOD 2013 ones.

WIOD 2013 industries follow ISIC Rev. 3 (NACE Rev. 1); WIOD 2016 industries follow ISIC Rev. 4
(NACE Rev. 2). Most NACE Rev. 2 industries fall inside one WIOD 2013 industry; some straddle
two or three. The concordance is a matrix ``W`` (56 x 35) whose rows sum to one:

    v_s = sum_j W_js v_j        (v: persons, hours, output of industry j)

For an industry ``j`` with a single target ``W_js = 1``. For a split industry, the share of
target ``s`` is proportional to the WIOD 2013 gross output of ``s`` in the same country and
year (``W_js = x_s / sum_{s' in T(j)} x_s'``; equal shares if all targets have zero output).
This is the standard proportional (output-weighted) split; it is exact only if labour per unit
of output is equal across the targets, which it is not. The candidate targets come from the
official NACE Rev. 2 / NACE Rev. 1.1 correspondence at the two-digit level, simplified; the
approximations are listed in :data:`APPROXIMATE`.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from .sea import NACE56

__all__ = [
    "APPROXIMATE",
    "BROAD_ACTIVITY",
    "TARGETS",
    "WIOD35",
    "broad_activity_of",
    "concordance_matrix",
    "concord",
]

#: WIOD 2013 industry codes c1..c35.
WIOD35: tuple[str, ...] = tuple(f"c{i}" for i in range(1, 36))

#: ILO broad activity of each WIOD 2013 industry: agriculture (c1), industry (mining,
#: manufacturing, utilities, construction: c2-c18), services (c19-c35).
BROAD_ACTIVITY: dict[str, str] = {
    s: ("AGR" if i == 1 else "IND" if i <= 18 else "SER")
    for i, s in enumerate(WIOD35, start=1)
}

#: Candidate WIOD 2013 targets of each NACE Rev. 2 industry.
TARGETS: dict[str, tuple[str, ...]] = {
    "A01": ("c1",), "A02": ("c1",), "A03": ("c1",), "B": ("c2",),
    "C10-C12": ("c3",), "C13-C15": ("c4", "c5"), "C16": ("c6",),
    "C17": ("c7",), "C18": ("c7",), "C19": ("c8",), "C20": ("c9",), "C21": ("c9",),
    "C22": ("c10",), "C23": ("c11",), "C24": ("c12",), "C25": ("c12",),
    "C26": ("c14",), "C27": ("c14",), "C28": ("c13",), "C29": ("c15",), "C30": ("c15",),
    "C31_C32": ("c16",), "C33": ("c13", "c14", "c15"),
    "D35": ("c17",), "E36": ("c17",), "E37-E39": ("c34", "c16"), "F": ("c18",),
    "G45": ("c19",), "G46": ("c20",), "G47": ("c21",),
    "H49": ("c23",), "H50": ("c24",), "H51": ("c25",), "H52": ("c26",), "H53": ("c27",),
    "I": ("c22",), "J58": ("c7", "c30"), "J59_J60": ("c34",), "J61": ("c27",),
    "J62_J63": ("c30",), "K64": ("c28",), "K65": ("c28",), "K66": ("c28",), "L68": ("c29",),
    "M69_M70": ("c30",), "M71": ("c30",), "M72": ("c30",), "M73": ("c30",),
    "M74_M75": ("c30",), "N": ("c30", "c26"), "O84": ("c31",), "P85": ("c32",),
    "Q": ("c33",), "R_S": ("c34",), "T": ("c35",), "U": ("c34",),
}

#: Where the concordance is approximate, and how.
APPROXIMATE: dict[str, str] = {
    "C13-C15": "textiles and apparel (c4) vs leather and footwear (c5): split by output",
    "C33": "repair and installation of machinery was inside the making industries in ISIC 3 "
    "(c13, c14, c15): split by output",
    "E37-E39": "sewerage and waste were services (ISIC 90, c34), materials recovery was "
    "recycling (ISIC 37, c16): split by output",
    "J58": "publishing of printed matter was ISIC 22 (c7), software publishing ISIC 72 (c30): "
    "split by output",
    "N": "renting and business support were ISIC 71/74 (c30), travel agencies ISIC 63 (c26): "
    "split by output",
    "C31_C32": "medical and dental instruments (C32.5) were ISIC 33 (c14): all to c16",
    "C26": "a part of C26 (e.g. magnetic media) was ISIC 24: all to c14",
    "M74_M75": "veterinary activities (M75) were ISIC 85 (c33): all to c30",
    "R_S": "repair of computers and household goods (S95) was ISIC 52/72 (c21/c30): all to c34",
    "U": "extraterritorial organisations (ISIC 99) have no WIOD 2013 industry: to c34 "
    "(zero in the SEA)",
    "A03": "fishing was ISIC B, inside WIOD 2013 c1 (AtB): exact",
}


def broad_activity_of(sectors: pd.Index | list[str]) -> np.ndarray:
    """Broad activity (AGR/IND/SER) of each WIOD 2013 industry code."""
    return np.array([BROAD_ACTIVITY[str(s)] for s in sectors])


def concordance_matrix(x: Mapping[str, float] | pd.Series | None = None) -> pd.DataFrame:
    """Return the 56 x 35 weight matrix ``W`` (rows sum to one).

    Parameters
    ----------
    x : Series or mapping, optional
        WIOD 2013 gross output by industry code (any money unit) of the country and year whose
        SEA is concorded; split industries are divided in proportion to it. Non-positive or
        missing output counts as zero; if all targets of an industry are zero, or ``x`` is
        None, the split is equal.

    Returns
    -------
    DataFrame
        Index NACE56 codes, columns c1..c35.

    Examples
    --------
    >>> W = concordance_matrix()
    >>> W.loc["C13-C15", ["c4", "c5"]].tolist()
    [0.5, 0.5]
    >>> bool(np.allclose(W.sum(axis=1), 1.0))
    True
    """
    W = np.zeros((len(NACE56), len(WIOD35)))
    col = {s: k for k, s in enumerate(WIOD35)}
    xs = dict(x) if x is not None else {}
    for i, j in enumerate(NACE56):
        targets = TARGETS[j]
        w = np.array([max(float(xs.get(s, 0.0)), 0.0) for s in targets])
        if w.sum() <= 0:
            w = np.ones(len(targets))
        W[i, [col[s] for s in targets]] = w / w.sum()
    return pd.DataFrame(W, index=list(NACE56), columns=list(WIOD35))


def concord(values: pd.DataFrame, W: pd.DataFrame) -> pd.DataFrame:
    """Concord NACE56-indexed columns to WIOD 2013 industries: ``W' v``.

    Parameters
    ----------
    values : DataFrame
        Indexed by NACE56 code (missing codes count as zero); numeric columns.
    W : DataFrame
        From :func:`concordance_matrix`.

    Returns
    -------
    DataFrame
        Indexed c1..c35, same columns; column totals are preserved.
    """
    v = values.reindex(W.index).fillna(0.0)
    return pd.DataFrame(W.to_numpy().T @ v.to_numpy(), index=W.columns, columns=v.columns)
