"""The cell model of the WIOD 2013 labour accounts, vectorised over variants and samples.

:class:`LabourStructure` holds, for one table year, every ingredient of the cells of the
regions without Socio-Economic Accounts ("modelled" regions) and the finished cells of the SEA
countries ("fixed" regions). :func:`cells` turns it into persons and hours per cell; each
parameter can carry a leading sample axis ``K``, so the central estimate, the named structural
alternatives and a Monte Carlo of 1,000 draws all run through the same code (one call, arrays
of shape ``(K, R, 35)``). For a modelled region ``r``, industry ``s`` of broad activity
``b(s)`` (c35, private households, index 34, is a service):

* persons by activity from the ILO modelled shares: ``P_rb = P_r * share_rb``, of which
  ``d * P_r`` are domestic workers (c35);
* within an activity, persons in proportion to ``x+_rs * iota_s`` (``x+ = max(x, 0)``,
  ``iota`` pooled SEA persons per output; flat pattern: ``iota = 1``);
* hours ``∝ persons_rs * rho_rb * eta_s`` (``rho`` the country's ILO weekly hours in the
  activity relative to all; ``eta`` pooled SEA hours per person relative to the activity;
  flat: ``eta = 1``), scaled so the region's hours are ``P_r * h1_r * k_r`` (``h1`` ILO hours
  per person, ``k`` the calibration factor);
* c35 where its output is zero: to the households' direct account (final demand).

Country persons are the ILO totals in every variant and sample; hours change only through
``k`` (and, within a region, through the pattern and relativities). Method and references:
``docs/labour_accounts.md``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..errors import CoverageError, InvalidValueError
from .concordance import BROAD_ACTIVITY, WIOD35
from .ilo_modelled import ACTS

__all__ = ["CALIBRATIONS", "Cells", "LabourStructure", "cells"]

#: Calibration options of hours per person outside the SEA countries.
CALIBRATIONS: tuple[str, ...] = ("mean", "min", "max", "none", "pwt")
HOUSEHOLDS = WIOD35.index("c35")
ACT_INDEX = np.array([ACTS.index(BROAD_ACTIVITY[s]) for s in WIOD35])
SER = ACTS.index("SER")


@dataclass(frozen=True, eq=False)
class LabourStructure:
    """Ingredients of the labour cells of one WIOD 2013 year (see the module docstring).

    Attributes
    ----------
    year : int
    regions : tuple of str, length R
        ISO3 codes and ``RoW``, table order.
    modelled : ndarray of bool, shape (R,)
        True where the cell model applies (no SEA); False for SEA countries (fixed cells).
    persons : ndarray, shape (R,)
        ILO employment, thousand persons (RoW: world minus the 40 countries).
    h1 : ndarray, shape (R,)
        ILO annual hours per person (weekly hours x working weeks), calibration 1.
    k : dict of ndarray, shape (R,)
        Calibration factor of each option in :data:`CALIBRATIONS` (SEA countries: their own).
    shares, shares_previous : ndarray, shape (R, 3)
        Persons by activity (AGR, IND, SER; rows sum to one): ILO modelled shares, and the
        previous method's split from pooled SEA persons per output (reported once, as "the
        previous method").
    rho : ndarray, shape (R, 3)
        ILO weekly hours by activity relative to all activities.
    iota, eta : ndarray, shape (35,)
        Pooled SEA persons per US$ million of output and hours per person relative to the
        activity.
    domestic_share : float
        Share of domestic workers (c35) in employment, pooled SEA.
    xpos : ndarray, shape (R, 35)
        ``max(x, 0)`` of the table, US$ million.
    fixed_persons, fixed_hours : ndarray, shape (R, 35)
        Cells of the fixed regions (zero rows for modelled ones), zero-output cells already
        moved.
    fixed_hh_persons, fixed_hh_hours : ndarray, shape (R,)
        Households' direct part of the fixed regions.
    notes : dict
        Provenance (SEA year, factors, sources).
    """

    year: int
    regions: tuple[str, ...]
    modelled: np.ndarray
    persons: np.ndarray
    h1: np.ndarray
    k: dict[str, np.ndarray]
    shares: np.ndarray
    shares_previous: np.ndarray
    rho: np.ndarray
    iota: np.ndarray
    eta: np.ndarray
    domestic_share: float
    xpos: np.ndarray
    fixed_persons: np.ndarray
    fixed_hours: np.ndarray
    fixed_hh_persons: np.ndarray
    fixed_hh_hours: np.ndarray
    notes: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        m = self.modelled
        xs = self.xpos[m][:, np.arange(35) != HOUSEHOLDS]
        acts = ACT_INDEX[np.arange(35) != HOUSEHOLDS]
        for b, a in enumerate(ACTS):
            empty = (xs[:, acts == b].sum(axis=1) <= 0) & (self.shares[m, b] > 0)
            if empty.any():
                r = np.asarray(self.regions)[m][empty]
                raise CoverageError(
                    f"region(s) {', '.join(r)} have ILO employment in {a} but no positive "
                    f"output in any industry of {a} in {self.year}: cannot place the persons")
        low = self.shares[m, SER] < self.domestic_share
        if low.any():
            raise InvalidValueError(
                f"services share below the domestic-worker share {self.domestic_share:.4f} "
                f"in {', '.join(np.asarray(self.regions)[m][low])}")

    @property
    def n_regions(self) -> int:
        """R."""
        return len(self.regions)

    def to_json(self) -> dict[str, Any]:
        """A JSON-safe dict (floats kept exactly) for a table's metadata; see :meth:`from_json`.

        Fixed cells are stored for the fixed regions only; ``xpos`` is not stored (it is the
        table's own output).
        """
        fixed = ~self.modelled
        regs = [r for r, f in zip(self.regions, fixed, strict=True) if f]

        def rows(a: np.ndarray) -> dict[str, list[float]]:
            return {r: [float(v) for v in row] for r, row in zip(regs, a[fixed], strict=True)}

        return {
            "year": int(self.year), "regions": list(self.regions),
            "modelled": [bool(v) for v in self.modelled],
            "persons": _floats(self.persons), "h1": _floats(self.h1),
            "k": {c: _floats(v) for c, v in self.k.items()},
            "shares": [_floats(r) for r in self.shares],
            "shares_previous": [_floats(r) for r in self.shares_previous],
            "rho": [_floats(r) for r in self.rho],
            "iota": _floats(self.iota), "eta": _floats(self.eta),
            "domestic_share": float(self.domestic_share),
            "fixed_persons": rows(self.fixed_persons), "fixed_hours": rows(self.fixed_hours),
            "fixed_hh_persons": rows(self.fixed_hh_persons[:, None]),
            "fixed_hh_hours": rows(self.fixed_hh_hours[:, None]),
            "notes": self.notes,
        }

    @classmethod
    def from_json(cls, d: dict[str, Any], x: np.ndarray) -> LabourStructure:
        """Rebuild from :meth:`to_json` and the table's gross output ``x`` (n,).

        Raises
        ------
        InvalidValueError
            ``x`` does not have 35 sectors per region of the structure, or an entry is
            missing.
        """
        try:
            regions = tuple(d["regions"])
            R = len(regions)
            if np.size(x) != R * 35:
                raise InvalidValueError(
                    f"the labour structure has {R} regions x 35 industries; the table has "
                    f"{np.size(x)} region-sectors (an aggregated table cannot be re-sampled)")

            def fixed(key: str, width: int) -> np.ndarray:
                out = np.zeros((R, width))
                for r, row in d[key].items():
                    out[regions.index(r)] = row
                return out

            return cls(
                year=int(d["year"]), regions=regions,
                modelled=np.array(d["modelled"], dtype=bool),
                persons=np.array(d["persons"]), h1=np.array(d["h1"]),
                k={c: np.array(v) for c, v in d["k"].items()},
                shares=np.array(d["shares"]), shares_previous=np.array(d["shares_previous"]),
                rho=np.array(d["rho"]), iota=np.array(d["iota"]), eta=np.array(d["eta"]),
                domestic_share=float(d["domestic_share"]),
                xpos=np.clip(np.asarray(x, dtype=float).reshape(R, 35), 0.0, None),
                fixed_persons=fixed("fixed_persons", 35), fixed_hours=fixed("fixed_hours", 35),
                fixed_hh_persons=fixed("fixed_hh_persons", 1)[:, 0],
                fixed_hh_hours=fixed("fixed_hh_hours", 1)[:, 0],
                notes=dict(d.get("notes", {})),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise InvalidValueError(f"malformed labour structure ({exc})") from exc


def _floats(a: np.ndarray) -> list[float]:
    return [float(v) for v in np.asarray(a).ravel()]


@dataclass(frozen=True)
class Cells:
    """Persons (thousand) and hours (million) per cell, with a leading sample axis.

    Attributes
    ----------
    persons, hours : ndarray, shape (K, R, 35)
    hh_persons, hh_hours : ndarray, shape (K, R)
        Households' direct part (c35 with zero output), for final demand CONS_h.
    """

    persons: np.ndarray
    hours: np.ndarray
    hh_persons: np.ndarray
    hh_hours: np.ndarray


def _lead(a: np.ndarray | None, default: np.ndarray, width: tuple[int, ...]) -> np.ndarray:
    v = default if a is None else np.asarray(a, dtype=float)
    if v.shape[-len(width):] != width:
        raise ValueError(f"parameter has shape {v.shape}, expected (..., {width})")
    return v.reshape((-1, *width))


def cells(
    st: LabourStructure,
    *,
    shares: np.ndarray | None = None,
    k: np.ndarray | None = None,
    rho: np.ndarray | None = None,
    iota: np.ndarray | None = None,
    eta: np.ndarray | None = None,
) -> Cells:
    """Persons and hours of every cell for one or many parameter sets.

    Parameters
    ----------
    st : LabourStructure
    shares : ndarray, shape (R, 3) or (K, R, 3), optional
        Activity shares of persons (rows sum to one); default ``st.shares``.
    k : ndarray, shape (R,) or (K, R), optional
        Calibration factors; default ``st.k["mean"]``.
    rho : ndarray, shape (R, 3) or (K, R, 3), optional
        Hours relativities by activity; default ``st.rho``.
    iota, eta : ndarray, shape (35,) or (K, 35), optional
        Within-activity intensities (persons per output, relative hours per person);
        default ``st.iota``, ``st.eta`` (ones: the flat pattern).

    Returns
    -------
    Cells
        ``K`` is the largest leading length among the parameters (1 when none has one); the
        fixed (SEA) regions are the same in every sample.

    Raises
    ------
    ValueError
        A parameter with the wrong trailing shape or leading lengths that differ.
    """
    R = st.n_regions
    p_sh = _lead(shares, st.shares, (R, 3))
    p_k = _lead(k, st.k["mean"], (R,))
    p_rho = _lead(rho, st.rho, (R, 3))
    p_iota = _lead(iota, st.iota, (35,))
    p_eta = _lead(eta, st.eta, (35,))
    lengths = {len(a) for a in (p_sh, p_k, p_rho, p_iota, p_eta)} - {1}
    if len(lengths) > 1:
        raise ValueError(f"parameters have different numbers of samples: {sorted(lengths)}")
    core = np.arange(35) != HOUSEHOLDS
    onehot = (ACT_INDEX[:, None] == np.arange(3)[None, :]) & core[:, None]  # (35, 3)
    P = st.persons
    w = st.xpos[None, :, :] * p_iota[:, None, :] * core  # (K, R, 35)
    W = w @ onehot  # (K, R, 3)
    target = P[None, :, None] * p_sh
    target[..., SER] -= st.domestic_share * P
    with np.errstate(divide="ignore", invalid="ignore"):
        per = np.where(W > 0, target / W, 0.0)
    persons = w * per[..., ACT_INDEX]
    persons[..., HOUSEHOLDS] = st.domestic_share * P
    raw = persons * p_rho[..., ACT_INDEX] * p_eta[:, None, :]
    total = P * st.h1 * p_k / 1e3  # (K, R) million hours
    with np.errstate(divide="ignore", invalid="ignore"):
        hours = raw * np.where(raw.sum(-1) > 0, total / raw.sum(-1), 0.0)[..., None]
    hh = st.xpos[:, HOUSEHOLDS] <= 0
    hh_p = np.where(hh, persons[..., HOUSEHOLDS], 0.0)
    hh_h = np.where(hh, hours[..., HOUSEHOLDS], 0.0)
    persons[..., HOUSEHOLDS] -= hh_p
    hours[..., HOUSEHOLDS] -= hh_h
    m = st.modelled[None, :]
    return Cells(
        persons=np.where(m[..., None], persons, st.fixed_persons[None]),
        hours=np.where(m[..., None], hours, st.fixed_hours[None]),
        hh_persons=np.where(m, hh_p, st.fixed_hh_persons[None]),
        hh_hours=np.where(m, hh_h, st.fixed_hh_hours[None]),
    )
