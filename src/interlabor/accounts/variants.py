"""Named structural variants of the labour accounts: their parameters and cell flags.

Each variant keeps country persons at the ILO totals; see ``docs/labour_accounts.md``.
``calibration:*`` change the calibration factor ``k`` of hours per person outside the SEA
countries (mean, min or max of the SEA factors, none, or Penn World Table hours per person),
``pattern:flat`` replaces the pooled SEA intensities within activities by a constant, and
``previous method`` is the activity split from pooled SEA persons per output used before
2026-12 (reported beside the range, never as a bound).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .structure import HOUSEHOLDS, LabourStructure

__all__ = ["PREVIOUS_METHOD", "VARIANTS", "cell_flags", "variant_parameters"]

#: The variant of the activity split from pooled SEA persons per output (before 2026-12).
PREVIOUS_METHOD = "previous method"
#: Central estimate and structural alternatives (country persons = ILO totals in each).
VARIANTS: tuple[str, ...] = ("central", "calibration:min", "calibration:max",
                             "calibration:none", "calibration:pwt", "pattern:flat",
                             PREVIOUS_METHOD)


def variant_parameters(st: LabourStructure, variant: str) -> dict[str, np.ndarray]:
    """Parameters of :func:`~interlabor.accounts.structure.cells` for a named variant.

    Raises
    ------
    ValueError
        Unknown variant.
    """
    if variant not in VARIANTS:
        raise ValueError(f"variant {variant!r}; expected one of {VARIANTS}")
    if variant.startswith("calibration:"):
        return {"k": st.k[variant.split(":", 1)[1]]}
    if variant == "pattern:flat":
        return {"iota": np.ones(35), "eta": np.ones(35)}
    if variant == PREVIOUS_METHOD:
        return {"shares": st.shares_previous}
    return {}


_CAL_RULE = {"central": "sea-mean", "calibration:min": "sea-min", "calibration:max": "sea-max",
             "calibration:none": "none", "calibration:pwt": "pwt-avh"}


def cell_flags(st: LabourStructure, rules: dict[str, Any], variant: str) -> np.ndarray:
    """Flag of every cell (R, 35) for a variant, from the rules of each region."""
    within = "flat" if variant == "pattern:flat" else "sea-intensity"
    cal = _CAL_RULE.get(variant, "sea-mean")
    out = np.empty((st.n_regions, 35), dtype=object)
    for i, r in enumerate(st.regions):
        base = rules[r]
        if not st.modelled[i]:
            out[i] = [base + e for e in rules["cells"][r]]
            continue
        if variant == PREVIOUS_METHOD:
            base = base.split(";activity-split=")[0] + ";activity-split=previous-method-" \
                "sea-intensity"
        c = "sea-mean(no-pwt)" if cal == "pwt-avh" and r in st.notes["pwt_missing"] else cal
        head = base.replace(";hours=", f";calibration={c};hours=", 1)
        out[i] = [f"{head};within-activity={within}"] * 35
        hh = st.xpos[i, HOUSEHOLDS] <= 0
        out[i, HOUSEHOLDS] = f"{head};within-activity=domestic-share" + (
            ";households-final-demand" if hh else "")
        for j in np.flatnonzero(st.xpos[i] <= 0):
            if j != HOUSEHOLDS:
                out[i, j] += ";zero-output"
    return out


