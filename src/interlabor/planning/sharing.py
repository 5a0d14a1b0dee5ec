"""Technology sharing as mutual aid: columns of the planning LP for donors' techniques.

With :class:`~interlabor.planning.scenario.TechnologySharing` on, region ``r`` may make product
``s`` with the technique of a donor region ``g``: the donor's inputs per unit
``Ā_g[:, s]`` (inputs summed over origins, bought wherever ``r`` buys them) and the donor's
hours per unit ``l_{g,s}``, raised by the penalty. This is the rectangular choice-of-technology
model of Duchin & Levine (2011, "Sectors may use multiple technologies simultaneously: the
rectangular choice-of-technology model with binding factor constraints", Economic Systems
Research 23(3), 281-302) restricted to a shortlist of donors: the ``k`` regions with the fewest
hours per unit of each product (all donors would add ``R (R - 1) S`` dense columns, about
480,000 at 49 x 200).

Each shared column ``w_{r,g,s} >= 0`` adds to ``r``'s output of ``s`` (its output row), uses
``Ā_g[:, s] w`` of inputs in ``r`` (``r``'s demand rows), and ``l^k_{g,s} (1 + penalty) w``
of every capacity account in ``r`` (its labour rows); ``x_{r,s} + sum_g w_{r,g,s}`` stays within
``r``'s output capacity of ``s`` (row family ``sharing_capacity``) and ``sum_g w_{r,g,s}``
within ``cap`` of it (``sharing_cap``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .data import PlanData
from .scenario import TechnologySharing

__all__ = ["SharingColumns", "sharing_columns"]


@dataclass(frozen=True)
class SharingColumns:
    """The shared-technique columns of a planning LP.

    Attributes
    ----------
    r, g, s : ndarray of int, shape (k,)
        User region, donor region and product of each column.
    hours : ndarray, shape (k,)
        Hours per unit (the hours account's), the donor's times ``1 + penalty``.
    intensity : list of ndarray, shape (k,)
        The same for each capacity account of ``PlanData.cap_acc``.
    start : int
        First column of the block in the LP (set by the LP builder; -1 before).
    """

    r: np.ndarray
    g: np.ndarray
    s: np.ndarray
    hours: np.ndarray
    intensity: list[np.ndarray]
    start: int = -1

    @property
    def size(self) -> int:  # noqa: D102
        return int(self.r.size)


def donors(data: PlanData, k: int) -> np.ndarray:
    """The ``k`` least labour-intensive producing regions of each product, shape (S, k').

    Regions without output of the product today are never donors; ``-1`` pads products with
    fewer than ``k`` producers.
    """
    lab = np.where(data.x0 > 0, data.lab, np.inf)  # (R, S)
    order = np.argsort(lab, axis=0, kind="stable")[:k].T  # (S, k)
    ok = np.isfinite(np.take_along_axis(lab.T, order, axis=1))
    return np.where(ok, order, -1)


def sharing_columns(data: PlanData, sharing: TechnologySharing, x_hi: np.ndarray
                    ) -> SharingColumns | None:
    """The columns ``w_{r,g,s}`` for every region with output capacity of ``s`` and hours.

    Parameters
    ----------
    data : PlanData
    sharing : TechnologySharing
    x_hi : ndarray, shape (R * S,)
        Output capacity of each region-sector (zero: no shared technique there either).

    Returns
    -------
    SharingColumns or None
        None when the penalty is infinite or no column is possible.
    """
    if math.isinf(sharing.penalty) or sharing.cap <= 0:
        return None
    R, S = data.R, data.S
    don = donors(data, sharing.donors)  # (S, k)
    works = data.lab.sum(axis=1) > 0
    cap = x_hi.reshape(R, S)
    rr, gg, ss = [], [], []
    for sec in range(S):
        for g in don[sec]:
            if g < 0:
                continue
            users = np.flatnonzero((cap[:, sec] > 0) & works & (np.arange(R) != g))
            rr.append(users)
            gg.append(np.full(users.size, g))
            ss.append(np.full(users.size, sec))
    if not rr:
        return None
    r, g, s = (np.concatenate(a).astype(int) for a in (rr, gg, ss))
    if r.size == 0:
        return None
    f = 1.0 + float(sharing.penalty)
    return SharingColumns(r=r, g=g, s=s, hours=data.lab[g, s] * f,
                          intensity=[inten[g, s] * f for _, inten, _ in data.cap_acc])
