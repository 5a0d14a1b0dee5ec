"""A stoppage through every static model: losses by cell, by consumer, abroad, joint / sum.

A stoppage of cells ``E`` (:class:`~interlabor.shocks.stoppage.Stoppage`) with annual capacity
loss ``delta_j = share_j x days_j / 365`` is the perturbation of each model:

==========================  =====================================================================
model id                    perturbation and model
==========================  =====================================================================
``leontief_constrained``    stopped output fixed at ``(1 - delta) x``, other final demand given
                            (upstream losses; :mod:`~interlabor.shocks.constrained`)
``ghosh_constrained``       stopped output fixed, other primary inputs given (downstream)
``iim_demand``              final demand for the stopped products down by ``delta``: the
                            demand-reduction IIM, ``c* = delta y / x`` (= Leontief)
``iim_supply``              primary inputs of the stopped cells down by ``delta``: the
                            supply-side IIM, ``c_s = delta p / x`` (= Ghosh)
``extraction_backward``     share ``delta`` of the stopped cells buys no inputs
``extraction_forward``      share ``delta`` of the stopped cells sells no inputs
``diim``                    dynamic IIM: stopped share held for ``days``, then recovery (only
                            with recovery parameters)
==========================  =====================================================================

Every model gives the output lost by each origin cell ``i`` and consumer region ``d``,
``dX[i, d]`` (money): exactly for the models whose perturbation is a change of final demand or
that keep final demand (``iim_demand``, ``extraction_backward``: ``X - X_bar``), and otherwise
at the shares in which each cell's output serves each region's final demand,
``dX[i, d] = dx_i X[i, d] / x_i`` (from the one cached solve ``X = L Y_reg``; in the Ghosh
model these are also the shares in which a cell's output ends in each region's final demand).
Value added and hours lost are ``dX`` times each origin cell's value added and hours per unit
of output (fixed intensities). The models answer different questions; they are reported side
by side and never summed. Formulas and assumptions: ``docs/shocks.md``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .. import kernel
from ..errors import ScenarioError
from ..indicators import indicator
from ..io.output import tidy
from ..model import MRIO
from .constrained import constrained_ghosh, constrained_leontief
from .extraction import extraction
from .inoperability import DiimPath, dynamic_inoperability, recovery_days
from .stoppage import Stoppage, stopped_labour, value_added_of

__all__ = ["MODELS", "ShockLosses", "static_losses"]

#: Model ids and what each is, in the order they are reported.
MODELS: dict[str, str] = {
    "leontief_constrained": "supply-constrained Leontief: stopped output given, others' final "
                            "demand given (upstream: suppliers lose orders)",
    "ghosh_constrained": "supply-constrained Ghosh: stopped output given, others' primary inputs "
                         "given (downstream: customers lose supplies)",
    "iim_demand": "demand-reduction IIM (Santos & Haimes 2004): final demand for the stopped "
                  "products falls by the stopped share (a rescaled Leontief model)",
    "iim_supply": "supply-side IIM (Leung, Haimes & Santos 2007): the stopped cells' primary "
                  "inputs fall by the stopped share (a rescaled Ghosh model)",
    "extraction_backward": "backward hypothetical extraction (Dietzenbacher & Lahr 2013) of the "
                           "stopped share: it buys no inputs",
    "extraction_forward": "forward (Ghosh) hypothetical extraction of the stopped share: it sells "
                          "no inputs",
    "diim": "dynamic IIM (Lian & Haimes 2006): stopped share held for the stoppage, then "
            "recovery",
}
STATIC = tuple(m for m in MODELS if m != "diim")
#: Models whose consumer split is exact (final demand is their input or stays given).
EXACT = ("iim_demand", "extraction_backward")
MEASURES = ("output", "value_added", "hours")
MEASURE_IDS = ("shock_output_lost", "shock_value_added_lost", "shock_hours_lost")
DIIM_KEYS = ("recovery_days", "target", "horizon_days")


def _intensities(mrio: MRIO, hours: str, value_added: str
                 ) -> tuple[np.ndarray, tuple[str, str, str], tuple[str, str, str],
                            tuple[bool, bool, bool]]:
    """Per unit of output: 1, value added, hours; with units, account keys, modelled flags."""
    h = mrio.account(hours)
    va_vals, va_key, va_mod = value_added_of(mrio, value_added)
    S = kernel.intensities(mrio, np.vstack([mrio.x, va_vals, h.values]))
    money = mrio.money.label
    return S, (money, money, h.unit), ("output", va_key, h.key), (False, va_mod, h.modelled)


@dataclass(frozen=True)
class ShockLosses:
    """Losses of a stoppage in every model run.

    Attributes
    ----------
    mrio : MRIO
    stoppage : Stoppage
    labour : DataFrame
        Persons and hours stopped (:func:`~interlabor.shocks.stoppage.stopped_labour`).
    output : dict of str to ndarray, shape (n, R)
        Output lost by origin cell x consumer region in each model, money units.
    intensities : ndarray, shape (3, n)
        Output, value added and hours per unit of output of each origin cell.
    units, accounts : tuple of str
        Unit and account of each measure (output, value_added, hours).
    modelled : tuple of bool
        Whether each measure comes from a modelled account.
    joint : dict of str to ndarray of shape (3,)
        With two or more stops: joint loss over the sum of the stops' separate losses, world
        total of each measure, per model (NaN where the sum is zero).
    diim : DiimPath or None
        The path of the dynamic IIM, when it was run.
    notes : dict
        Why a model was not run.
    """

    mrio: MRIO
    stoppage: Stoppage
    labour: pd.DataFrame
    output: dict[str, np.ndarray]
    intensities: np.ndarray
    units: tuple[str, ...]
    accounts: tuple[str, ...]
    modelled: tuple[bool, ...]
    joint: dict[str, np.ndarray] = field(default_factory=dict)
    diim: DiimPath | None = None
    notes: dict[str, str] = field(default_factory=dict)

    @property
    def models(self) -> list[str]:
        """Ids of the models run, in reporting order."""
        return [m for m in MODELS if m in self.output]

    @property
    def stopped_regions(self) -> list[str]:
        """Regions with a stopped cell (the rest is 'abroad')."""
        return sorted({s.region for s in self.stoppage.stops}, key=self.mrio.regions.index)

    def _abroad(self) -> np.ndarray:
        home = {self.mrio.regions.index(r) for r in self.stopped_regions}
        return np.array([r not in home for r in range(self.mrio.n_regions)])

    def _measure(self, model: str) -> np.ndarray:
        """Losses (3, n, R): output, value added, hours by origin cell x consumer."""
        return self.intensities[:, :, None] * self.output[model][None, :, :]

    def _tidy(self, frames: list[tuple[str, int, dict[str, Any]]]) -> pd.DataFrame:
        """One tidy table (:func:`interlabor.io.output.tidy`) from (model, measure, columns)."""
        parts = []
        for model, k, cols in frames:
            df = pd.DataFrame({"model": model, **cols})
            parts.append(tidy(df, indicator=MEASURE_IDS[k], unit=self.units[k],
                              label=indicator(MEASURE_IDS[k]).label(part=model),
                              account=None if k == 0 else self.accounts[k],
                              modelled=self.modelled[k]))
        return pd.concat(parts, ignore_index=True)

    def by_cell(self) -> pd.DataFrame:
        """Tidy (docs/methods.md, Tidy outputs): losses of each producing cell, per model.

        Indicators ``shock_output_lost``, ``shock_value_added_lost``, ``shock_hours_lost``;
        dimensions model, region, sector.
        """
        m = self.mrio
        region, sector = np.repeat(m.regions, m.n_sectors), np.tile(m.sectors, m.n_regions)
        return self._tidy([(model, k, {"region": region, "sector": sector,
                                       "value": self._measure(model)[k].sum(axis=1)})
                           for model in self.models for k in range(3)])

    def by_consumer(self, *, nonzero: bool = True) -> pd.DataFrame:
        """Tidy: whose final demand loses what, from where (``footprint --by origin-sector``).

        Dimensions model, origin_region, origin_sector, consumer_region; ``nonzero`` drops the
        zero rows.
        """
        m = self.mrio
        R, n = m.n_regions, m.n
        orig_r = np.repeat(np.repeat(m.regions, m.n_sectors), R)
        orig_s = np.repeat(np.tile(m.sectors, R), R)
        cons = np.tile(m.regions, n)
        frames = []
        for model in self.models:
            vals = self._measure(model).reshape(3, n * R)
            for k in range(3):
                keep = vals[k] != 0 if nonzero else slice(None)
                frames.append((model, k, {"origin_region": orig_r[keep],
                                          "origin_sector": orig_s[keep],
                                          "consumer_region": cons[keep], "value": vals[k][keep]}))
        return self._tidy(frames)

    def by_region(self) -> pd.DataFrame:
        """Tidy: dimensions model, origin_region, consumer_region."""
        m = self.mrio
        R, S = m.n_regions, m.n_sectors
        frames = []
        for model in self.models:
            vals = self._measure(model).reshape(3, R, S, R).sum(axis=2)  # (3, origin, consumer)
            frames += [(model, k, {"origin_region": np.repeat(m.regions, R),
                                   "consumer_region": np.tile(m.regions, R),
                                   "value": vals[k].ravel()}) for k in range(3)]
        return self._tidy(frames)

    def abroad(self, measure: str = "value_added") -> pd.DataFrame:
        """Loss of one measure by producing region abroad (rows) and model (columns).

        Raises
        ------
        ValueError
            If ``measure`` is not output, value_added or hours.
        """
        if measure not in MEASURES:
            raise ValueError(f"unknown measure {measure!r}: expected one of {MEASURES}")
        k = MEASURES.index(measure)
        m = self.mrio
        cols = {model: self._measure(model)[k].sum(axis=1).reshape(m.n_regions, -1).sum(axis=1)
                for model in self.models}
        df = pd.DataFrame(cols, index=pd.Index(m.regions, name="region"))[self._abroad()]
        df.attrs = {"measure": measure, "unit": self.units[k], "account": self.accounts[k],
                    "modelled": self.modelled[k]}
        return df

    def totals(self) -> pd.DataFrame:
        """Losses by model (rows) and (measure, scope) (columns): world, abroad, home."""
        ab = np.repeat(self._abroad(), self.mrio.n_sectors)
        rows = {}
        for model in self.models:
            tot = self._measure(model).sum(axis=2)  # (3, n)
            rows[model] = {(meas, scope): v for k, meas in enumerate(MEASURES)
                           for scope, v in (("world", tot[k].sum()), ("abroad", tot[k][ab].sum()),
                                            ("home", tot[k][~ab].sum()))}
        out = pd.DataFrame.from_dict(rows, orient="index")
        out.columns = pd.MultiIndex.from_tuples(out.columns, names=["measure", "scope"])
        out.attrs = {"units": dict(zip(MEASURES, self.units, strict=True))}
        return out

    def summary(self) -> pd.DataFrame:
        """Tidy: world, abroad and home losses of each model; joint / sum with several stops.

        Dimensions model, scope (``world``, ``abroad``: producers outside the stopped cells'
        regions, ``home``); indicator ``shock_joint_over_sum`` (scope world, ``part`` the
        measure) for joint action.
        """
        t = self.totals()
        frames = [(model, k, {"scope": ["world", "abroad", "home"],
                              "value": [t.loc[model, (meas, sc)] for sc in
                                        ("world", "abroad", "home")]})
                  for model in self.models for k, meas in enumerate(MEASURES)]
        out = self._tidy(frames)
        if self.joint:
            joint = [tidy(pd.DataFrame({"model": model, "scope": "world",
                                        "value": [self.joint[model][k]]}),
                          indicator="shock_joint_over_sum", unit="ratio",
                          account=None if k == 0 else self.accounts[k],
                          modelled=self.modelled[k], part=meas.replace("_", " "))
                     .drop(columns="part") for model in self.models
                     for k, meas in enumerate(MEASURES)]
            out = pd.concat([out, *joint], ignore_index=True)
        return out

    def stops(self) -> pd.DataFrame:
        """Tidy: persons and hours stopped (``shock_persons_stopped``, ``shock_hours_stopped``).

        Dimensions region, sector, sector_name, share, days (of each stop).
        """
        lab = self.labour
        dims = lab[["region", "sector", "sector_name", "share", "days"]]
        a = lab.attrs
        persons = tidy(dims.assign(value=lab["persons_stopped"].to_numpy()),
                       indicator="shock_persons_stopped", unit=a["persons_unit"] or "persons",
                       account=a["persons_account"] or None, modelled=a["modelled"])
        hours = tidy(dims.assign(value=lab["hours_stopped"].to_numpy()),
                     indicator="shock_hours_stopped", unit=a["hours_unit"],
                     account=a["hours_account"], modelled=a["modelled"])
        return pd.concat([persons, hours], ignore_index=True)

    def diim_daily(self) -> pd.DataFrame | None:
        """Tidy: output lost each day by each producing region in the dynamic IIM (or None)."""
        if self.diim is None:
            return None
        m = self.mrio
        T = self.diim.days
        df = pd.DataFrame({"model": "diim", "day": np.repeat(np.arange(T), m.n_regions),
                           "region": np.tile(m.regions, T), "value": self.diim.daily.ravel()})
        return tidy(df, indicator="shock_output_lost_per_day", unit=f"{m.money.label} per day",
                    part="diim").drop(columns="part")


# ---- running the models --------------------------------------------------------------------------
def _shares(mrio: MRIO, dx: np.ndarray) -> np.ndarray:
    """``dx_i X[i, d] / x_i``: a cell's loss split by the final demand its output serves."""
    X = kernel.final_output(mrio)
    x = mrio.x
    pos = x > 0
    out = np.zeros_like(X)
    out[pos] = (dx[pos] / x[pos])[:, None] * X[pos]
    return out


def _run(mrio: MRIO, model: str, stoppage: Stoppage, diim: Mapping[str, Any] | None
         ) -> tuple[np.ndarray, DiimPath | None]:
    cells, delta = stoppage.cells, stoppage.annual
    if model == "leontief_constrained":
        return _shares(mrio, constrained_leontief(mrio, cells, delta)[0]), None
    if model == "ghosh_constrained":
        return _shares(mrio, constrained_ghosh(mrio, cells, delta)[0]), None
    if model == "iim_demand":
        dY = np.zeros((mrio.n, mrio.n_regions))
        dY[cells] = delta[:, None] * mrio.Y_by_region[cells]
        return kernel.final_output(mrio, Y=dY), None
    if model == "iim_supply":
        dp = np.zeros(mrio.n)
        dp[cells] = delta * mrio.value_added[cells]
        return _shares(mrio, np.clip(kernel.ghosh_output(mrio, dp), 0.0, None)), None
    if model in ("extraction_backward", "extraction_forward"):
        dx, dX = extraction(mrio, cells, delta, direction="backward"
                            if model == "extraction_backward" else "forward")
        return (dX if dX is not None else _shares(mrio, dx)), None
    if model == "diim":
        assert diim is not None
        path = dynamic_inoperability(
            mrio, cells, stoppage.shares, stoppage.days, recovery_days(mrio, diim["recovery_days"]),
            target=float(diim.get("target", 0.01)), horizon=diim.get("horizon_days"))
        return _shares(mrio, path.loss), path
    raise ValueError(f"unknown model {model!r}: expected one of {', '.join(MODELS)}")


def _diim_parameters(stoppage: Stoppage, recovery: float | Mapping[str, object] | None
                     ) -> dict[str, Any] | None:
    params = dict(stoppage.diim or {})
    bad = [k for k in params if k not in DIIM_KEYS]
    if bad:
        raise ScenarioError(f"[diim]: unknown key(s) {', '.join(map(repr, bad))}; expected "
                            f"{', '.join(DIIM_KEYS)}", key=f"diim.{bad[0]}")
    if recovery is not None:
        params["recovery_days"] = recovery
    if "horizon_days" in params:
        h = params["horizon_days"]
        if not isinstance(h, int) or isinstance(h, bool) or not 0 < h <= 3650:
            raise ScenarioError(f"[diim] horizon_days {h!r}: expected a whole number of days "
                                "in 1..3650", key="diim.horizon_days")
    return params if "recovery_days" in params else None


def static_losses(mrio: MRIO, stoppage: Stoppage, *, models: Sequence[str] | None = None,
                  hours: str = "hours", value_added: str = "value_added",
                  persons: str | None = "persons",
                  recovery: float | Mapping[str, object] | None = None) -> ShockLosses:
    """Run a stoppage through the static models (and the dynamic IIM when it has parameters).

    Parameters
    ----------
    mrio : MRIO
    stoppage : Stoppage
        From :func:`~interlabor.shocks.stoppage.make_stoppage`; empty: every loss is zero.
    models : sequence of str, optional
        Model ids of :data:`MODELS` (default: all, ``diim`` only with recovery parameters).
    hours, value_added, persons : str
        Accounts; without a value-added account, primary inputs ``x - 1'Z`` are used.
    recovery : float or Mapping, optional
        Recovery days of the dynamic IIM (see
        :func:`~interlabor.shocks.inoperability.recovery_days`), overriding the scenario's
        ``[diim] recovery_days``.

    Returns
    -------
    ShockLosses

    Raises
    ------
    ScenarioError
        Bad dynamic-IIM parameters, or ``diim`` asked for without any.
    AccountNotFoundError
        If the hours account is missing.
    ValueError
        An unknown model id.
    """
    S, units, accounts, modelled = _intensities(mrio, hours, value_added)
    diim = _diim_parameters(stoppage, recovery)
    notes: dict[str, str] = {}
    if models is None:
        chosen = list(STATIC) + (["diim"] if diim is not None else [])
        if diim is None:
            notes["diim"] = ("not run: no recovery parameters (--recovery-days N, or "
                             "[diim] recovery_days in the scenario)")
    else:
        chosen = list(models)
        unknown = [mod for mod in chosen if mod not in MODELS]
        if unknown:
            raise ValueError(f"unknown model(s) {unknown}: expected {', '.join(MODELS)}")
        if "diim" in chosen and diim is None:
            raise ScenarioError("the dynamic IIM needs recovery parameters (recovery_days)",
                                key="recovery_days")
    output: dict[str, np.ndarray] = {}
    joint: dict[str, np.ndarray] = {}
    path = None
    for model in chosen:
        output[model], p = _run(mrio, model, stoppage, diim)
        path = p if p is not None else path
        if len(stoppage) > 1:
            parts = sum(_run(mrio, model, stoppage.single(i), diim)[0].sum(axis=1)
                        for i in range(len(stoppage)))
            tot_joint = S @ output[model].sum(axis=1)
            tot_parts = S @ np.asarray(parts)
            with np.errstate(divide="ignore", invalid="ignore"):
                joint[model] = np.where(tot_parts != 0, tot_joint / tot_parts, np.nan)
    labour = stopped_labour(mrio, stoppage, hours=hours, persons=persons)
    return ShockLosses(mrio, stoppage, labour, output, S, units, accounts, modelled, joint,
                       path, notes)
