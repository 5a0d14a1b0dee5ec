"""Monte Carlo draws of the uncertain parameters of the labour cells (vectorised).

:func:`draw` returns ``n`` parameter sets for :func:`~interlabor.accounts.structure.cells` as
arrays with a leading sample axis, so ``cells(st, **draw(st, 1000))`` builds 1,000 sets of
accounts in one call. Country persons stay at the ILO totals in every draw; only the regions
without SEA (the modelled ones) change. The distributions are **assumptions** stated here,
not estimates of error (the ILO publishes no standard errors for its modelled estimates):
percentiles computed from these draws describe the consequences of the assumptions and are
not confidence intervals.

=====================================  ==================================================
parameter (``vary`` name)              assumed distribution (defaults of :class:`Assumptions`)
=====================================  ==================================================
``calibration``                        ``k ~ U(min(k_min, 1), max(k_max, 1))``, one draw per
                                       sample shared by every modelled region (the SEA
                                       countries' factors and no calibration at the ends)
``hours relativities``                 ``rho_rb * exp(0.10 e)``, ``e ~ N(0, 1)`` per region
                                       and activity
``within-activity intensities``        ``iota_s * exp(0.30 e)`` and ``eta_s * exp(0.10 e)``
                                       per industry (pooled SEA values: shared by regions)
``ILO shares``                         ``a_rb * exp(0.10 e)`` per region and activity,
                                       renormalised to sum to one (about 10 % relative
                                       error; services kept above the domestic workers)
=====================================  ==================================================
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from ..errors import InvalidValueError
from .structure import SER, LabourStructure

__all__ = ["PARAMETERS", "Assumptions", "draw"]

#: The parameter groups that can be varied, in reporting order.
PARAMETERS: tuple[str, ...] = ("calibration", "hours relativities",
                               "within-activity intensities", "ILO shares")


@dataclass(frozen=True)
class Assumptions:
    """Spreads of the assumed distributions (log-scale standard deviations, or bounds).

    Attributes
    ----------
    calibration : (float, float) or None
        Bounds of the uniform calibration factor; None: ``(min(k_min, 1), max(k_max, 1))`` of
        the year's SEA factors.
    hours_relativity_sd, intensity_sd, eta_sd, share_sd : float
        Log-normal spreads of ``rho``, ``iota``, ``eta`` and of the ILO shares.
    """

    calibration: tuple[float, float] | None = None
    hours_relativity_sd: float = 0.10
    intensity_sd: float = 0.30
    eta_sd: float = 0.10
    share_sd: float = 0.10

    def bounds(self, st: LabourStructure) -> tuple[float, float]:
        """The calibration bounds for a structure."""
        if self.calibration is not None:
            return self.calibration
        m = st.modelled
        return (min(float(st.k["min"][m].min()), 1.0), max(float(st.k["max"][m].max()), 1.0))


def draw(
    st: LabourStructure,
    n: int,
    *,
    seed: int | np.random.Generator = 0,
    assumptions: Assumptions | None = None,
    vary: Iterable[str] = PARAMETERS,
) -> dict[str, np.ndarray]:
    """``n`` draws of the parameters of :func:`~interlabor.accounts.structure.cells`.

    Parameters
    ----------
    st : LabourStructure
    n : int
        Number of samples (>= 1).
    seed : int or Generator
        Seed of ``numpy.random.default_rng`` (the same seed gives the same draws).
    assumptions : Assumptions, optional
    vary : iterable of str
        Which of :data:`PARAMETERS` to draw; the others stay at their central values (the
        one-at-a-time breakdown draws one at a time).

    Returns
    -------
    dict
        ``k`` (n, R), ``rho`` (n, R, 3), ``iota`` and ``eta`` (n, 35), ``shares`` (n, R, 3);
        only the keys of the varied groups.

    Raises
    ------
    InvalidValueError
        ``n < 1``, an unknown parameter name, or a negative spread.
    """
    a = assumptions or Assumptions()
    vary = list(vary)
    bad = [v for v in vary if v not in PARAMETERS]
    if n < 1 or bad:
        raise InvalidValueError(f"draw needs n >= 1 and parameters among {PARAMETERS}; got n={n}"
                                + (f", unknown {bad}" if bad else ""))
    if min(a.hours_relativity_sd, a.intensity_sd, a.eta_sd, a.share_sd) < 0:
        raise InvalidValueError(f"negative spread in {a}")
    rng = np.random.default_rng(seed)
    R = st.n_regions
    out: dict[str, np.ndarray] = {}
    m = st.modelled
    if "calibration" in vary:
        lo, hi = a.bounds(st)
        k = rng.uniform(lo, hi, size=n)
        out["k"] = np.where(m[None, :], k[:, None], st.k["mean"][None, :])
    if "hours relativities" in vary:
        out["rho"] = st.rho[None] * np.exp(a.hours_relativity_sd * rng.standard_normal((n, R, 3)))
    if "within-activity intensities" in vary:
        out["iota"] = st.iota[None] * np.exp(a.intensity_sd * rng.standard_normal((n, 35)))
        out["eta"] = st.eta[None] * np.exp(a.eta_sd * rng.standard_normal((n, 35)))
    if "ILO shares" in vary:
        s = st.shares[None] * np.exp(a.share_sd * rng.standard_normal((n, R, 3)))
        s /= s.sum(axis=-1, keepdims=True)
        floor = st.domestic_share + 1e-6  # services must hold the domestic workers
        short = np.clip(floor - s[..., SER], 0.0, None)
        s[..., SER] += short
        s[..., :SER] *= (1 - s[..., SER:SER + 1]) / s[..., :SER].sum(axis=-1, keepdims=True)
        out["shares"] = np.where(m[None, :, None], s, st.shares[None])
    return out
