"""The result of an ARIO run: daily paths by region-sector, and losses summed.

Values are in the table's money unit per day (``unit``); every table says the numbers are
modelled (``modelled`` column, ``attrs["modelled"]``): they are simulations of the ARIO
model, not observations.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..io.output import tidy
from ..model import MRIO
from .ario_params import ARIOParams

__all__ = ["VARIABLES", "ARIOResult"]

#: Daily paths kept by a run, and what each is (row labels: region, sector).
VARIABLES: dict[str, str] = {
    "production": "production of the region-sector",
    "capacity": "production capacity (baseline x (1 - share lost) x overproduction)",
    "final_demand_unmet": "final demand of the region for the sector's product not met",
    "production_loss": "baseline production minus production",
}


@dataclass(frozen=True, eq=False)
class ARIOResult:
    """Daily paths of an ARIO run.

    Attributes
    ----------
    table : MRIO
        The table the model ran on (after :func:`~interlabor.shocks.ario.prepare_table`).
    params : ARIOParams
    events : tuple
    baseline : ndarray, shape (n,)
        Daily production before any event.
    final_demand_baseline : ndarray, shape (n,)
        Daily final demand by (consuming region, product sector), region-major.
    production, capacity : ndarray, shape (days, n)
        By (region, sector) of the producer.
    final_demand_unmet : ndarray, shape (days, n)
        By (consuming region, product sector): demand of the region's final users for the
        sector's product, from every supplying region, not delivered that day.
    shortage : ndarray of bool, shape (days, n)
        Whether the region-sector's production was held below its demand and capacity by a
        lack of inputs in its inventories that day.
    totals : ndarray, shape (days, 3)
        World totals each day: capital still destroyed (money), reconstruction demanded and
        reconstruction delivered (money per day); see :meth:`world`.
    """

    table: MRIO
    params: ARIOParams
    events: tuple[Any, ...]
    baseline: np.ndarray
    final_demand_baseline: np.ndarray
    production: np.ndarray
    capacity: np.ndarray
    final_demand_unmet: np.ndarray
    totals: np.ndarray
    shortage: np.ndarray

    @property
    def days(self) -> int:
        """Number of days simulated (day 0 first)."""
        return int(self.production.shape[0])

    @property
    def unit(self) -> str:
        """Money unit of every value, per day."""
        return f"{self.table.money.label} per day"

    def frame(self, variable: str) -> pd.DataFrame:
        """One path as a wide DataFrame: index ``day``, columns (``region``, ``sector``).

        Parameters
        ----------
        variable : {"production", "capacity", "final_demand_unmet", "production_loss"}
        """
        if variable not in VARIABLES:
            raise KeyError(f"no variable {variable!r}; expected one of {', '.join(VARIABLES)}")
        values = (self.baseline[None, :] - self.production if variable == "production_loss"
                  else getattr(self, variable))
        df = pd.DataFrame(values, index=pd.RangeIndex(self.days, name="day"),
                          columns=self.table.index)
        df.attrs = {"variable": variable, "unit": self.unit, "modelled": True}
        return df

    def world(self) -> pd.DataFrame:
        """World totals by day (index ``day``; money, per day for flows).

        Columns: production, production loss, final demand not met, capital still destroyed,
        reconstruction demanded and delivered.
        """
        out = pd.DataFrame({
            "production": self.production.sum(axis=1),
            "production_loss": (self.baseline[None, :] - self.production).sum(axis=1),
            "final_demand_unmet": self.final_demand_unmet.sum(axis=1),
            "capital_lost": self.totals[:, 0],
            "reconstruction_demand": self.totals[:, 1],
            "reconstruction_delivered": self.totals[:, 2],
        }, index=pd.RangeIndex(self.days, name="day"))
        out.attrs = {"unit": self.unit, "modelled": True}
        return out

    def daily_losses(self, by: str = "region") -> pd.DataFrame:
        """Daily production loss and final demand not met, summed by region (or world).

        Parameters
        ----------
        by : {"region", "world"}

        Returns
        -------
        DataFrame
            Index ``day``; columns (``variable``, ``region``) for ``by="region"``,
            ``variable`` for ``"world"``; values in :attr:`unit`.
        """
        R, S = self.table.n_regions, self.table.n_sectors
        loss = (self.baseline[None, :] - self.production).reshape(self.days, R, S).sum(axis=2)
        unmet = self.final_demand_unmet.reshape(self.days, R, S).sum(axis=2)
        day = pd.RangeIndex(self.days, name="day")
        if by == "world":
            out = pd.DataFrame({"production_loss": loss.sum(axis=1),
                                "final_demand_unmet": unmet.sum(axis=1)}, index=day)
        elif by == "region":
            cols = pd.MultiIndex.from_product(
                [["production_loss", "final_demand_unmet"], self.table.regions],
                names=["variable", "region"])
            out = pd.DataFrame(np.hstack([loss, unmet]), index=day, columns=cols)
        else:
            raise ValueError(f"by={by!r}: expected 'region' or 'world'")
        out.attrs = {"unit": self.unit, "modelled": True}
        return out

    def losses(self) -> pd.DataFrame:
        """Losses summed over the days, by region, with the world total last (wide).

        Returns
        -------
        DataFrame
            Index ``region`` (and ``World``); columns ``production_loss`` and
            ``final_demand_unmet`` (sums over days, table money units), ``loss_share``
            (production loss / baseline production over the same days), ``peak_day`` (day
            of the largest daily production loss). ``attrs``: ``unit``, ``modelled``.
        """
        daily = self.daily_losses("region")
        loss = daily["production_loss"]
        unmet = daily["final_demand_unmet"]
        base = self.baseline.reshape(self.table.n_regions, -1).sum(axis=1) * self.days
        out = pd.DataFrame({
            "production_loss": loss.sum(axis=0).to_numpy(),
            "final_demand_unmet": unmet.sum(axis=0).to_numpy(),
            "loss_share": loss.sum(axis=0).to_numpy() / np.where(base > 0, base, np.nan),
            "peak_day": loss.to_numpy().argmax(axis=0),
        }, index=pd.Index(self.table.regions, name="region"))
        world = self.daily_losses("world")
        out.loc["World"] = [world["production_loss"].sum(), world["final_demand_unmet"].sum(),
                            world["production_loss"].sum() / (base.sum() or np.nan),
                            int(world["production_loss"].to_numpy().argmax())]
        out["peak_day"] = out["peak_day"].astype(int)
        out.attrs = {"unit": self.table.money.label, "modelled": True}
        return out

    def summary(self) -> pd.DataFrame:
        """The losses summed over the days as a tidy table (World first, then by loss).

        Returns
        -------
        DataFrame
            :data:`~interlabor.io.output.SCHEMA` columns (indicators
            ``ario_production_loss_total``, ``ario_final_demand_unmet_total`` in the table's
            money unit, ``ario_loss_share``; ``modelled`` True), then ``region``, ``value``.
        """
        wide = self.losses()
        order = ["World", *wide.drop("World").sort_values("production_loss",
                                                           ascending=False).index]
        wide = wide.loc[order]
        money = self.table.money.label
        parts = [tidy(pd.DataFrame({"region": wide.index, "value": wide[col].to_numpy()}),
                      indicator=ind, unit=unit, modelled=True)
                 for col, ind, unit in (
                     ("production_loss", "ario_production_loss_total", money),
                     ("final_demand_unmet", "ario_final_demand_unmet_total", money),
                     ("loss_share", "ario_loss_share", "share of baseline production"))]
        out = pd.concat(parts, ignore_index=True)
        order_of = {r: k for k, r in enumerate(order)}
        return out.sort_values("region", key=lambda c: c.map(order_of),
                               kind="stable").reset_index(drop=True)

    def paths(self, variables: tuple[str, ...] = ("production", "capacity",
                                                  "final_demand_unmet")) -> pd.DataFrame:
        """The daily paths as one tidy table, ready to write.

        Parameters
        ----------
        variables : tuple of str
            Any of :data:`VARIABLES`.

        Returns
        -------
        DataFrame
            :data:`~interlabor.io.output.SCHEMA` columns (indicator ``ario_<variable>``,
            unit the table's money unit per day, ``modelled`` True: ARIO simulations), then
            ``day``, ``region``, ``sector``, ``value``; one row per day, region-sector and
            variable (for ``final_demand_unmet`` the region consumes and the sector is the
            product). Region and sector are categorical (compact in memory).
        """
        parts = []
        R, S, n = self.table.n_regions, self.table.n_sectors, self.table.n
        region = pd.Categorical.from_codes(np.tile(np.repeat(np.arange(R), S), self.days),
                                           categories=list(self.table.regions))
        sector = pd.Categorical.from_codes(np.tile(np.arange(S), R * self.days),
                                           categories=list(self.table.sectors))
        day = np.repeat(np.arange(self.days), n)
        for v in variables:
            df = pd.DataFrame({"day": day, "region": region, "sector": sector,
                               "value": self.frame(v).to_numpy().ravel()})
            parts.append(tidy(df, indicator=f"ario_{v}", unit=self.unit, modelled=True))
        return pd.concat(parts, ignore_index=True)

    def describe(self, width: int = 73) -> str:
        """A few lines: the run, its parameters' source, the world losses and their path.

        The path is a text sparkline of the world's daily production loss (``width`` bins of
        days; ``_`` where production is at or above baseline).
        """
        s = self.losses().loc["World"]
        money = self.table.money.label
        w = self.world()
        loss = w["production_loss"].to_numpy()
        step = max(1, -(-self.days // width))
        return "\n".join([
            f"ARIO (modelled), {self.days} days, order_type={self.params.order_type}, "
            f"psi={self.params.psi}, {len(self.events)} event(s)",
            f"  parameters: {self.params.source}",
            f"  world production loss {s['production_loss']:,.6g} {money} "
            f"({100 * s['loss_share']:.4f} % of baseline over the period), final demand not "
            f"met {s['final_demand_unmet']:,.6g} {money}; largest daily loss "
            f"{loss.max():,.6g} {money} on day {int(s['peak_day'])}",
            f"  daily world production loss, {step} day(s) a character, day 0 to "
            f"{self.days - 1}:",
            "  " + _spark(loss, step),
        ])


def _spark(values: np.ndarray, step: int) -> str:
    """Text sparkline of the means of ``values`` over bins of ``step``; ``_`` at or below 0."""
    k = -(-values.size // step)
    padded = np.full(k * step, np.nan)
    padded[:values.size] = values
    means = np.nanmean(padded.reshape(k, step), axis=1)
    top = means.max()
    if not top > 0:
        return "_" * k
    bars = "▁▂▃▄▅▆▇█"
    return "".join("_" if m <= 1e-9 * top else bars[min(int(m / top * 8), 7)] for m in means)
