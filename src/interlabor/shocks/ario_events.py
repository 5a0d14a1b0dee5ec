"""Events of the ARIO model: a loss of production capacity, destroyed capital (two kinds).

Each event names region-sectors by ``(region, sector)`` labels, starts on day ``start``
(>= 1; day 0 is the undisturbed baseline) and lasts ``duration`` days at full strength:

* :class:`Stoppage`: a share of production capacity lost (hours withdrawn by a stoppage, a
  heatwave's lost hours), back linearly over ``recovery_days``;
* :class:`CapitalRecover`: productive capital destroyed (in the table's money units), which
  recovers linearly over ``recovery_days`` without demand (BoARIO's ``EventKapitalRecover``);
* :class:`CapitalRebuild`: productive capital destroyed and rebuilt: the damage becomes
  reconstruction demand addressed to the rebuilding sectors, and capacity returns as it is
  delivered (BoARIO's ``EventKapitalRebuild``).

The day-by-day timelines are in ``docs/shocks.md`` ("Dynamic: ARIO", "Events"). The model
(:mod:`interlabor.shocks.ario`) compiles each event into a tracker (:func:`compile_events`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeAlias

import numpy as np

from ..errors import InvalidValueError, ScenarioError

__all__ = ["CapitalRebuild", "CapitalRecover", "Event", "Stoppage", "compile_events"]

Cells: TypeAlias = Mapping[tuple[str, str], float]
#: Rebuilding events end when their remaining demand falls below this share of the initial.
REBUILT = 1e-12


def _cells(values: Any, what: str) -> dict[tuple[str, str], float]:
    items = values.items() if hasattr(values, "items") else values
    out: dict[tuple[str, str], float] = {}
    for key, v in items:
        if not (isinstance(key, tuple) and len(key) == 2):
            raise ScenarioError(f"{what}: key {key!r} is not a (region, sector) pair")
        out[(str(key[0]), str(key[1]))] = out.get((str(key[0]), str(key[1])), 0.0) + float(v)
    if not out:
        raise ScenarioError(f"{what}: no region-sector given")
    return out


def _days(name: str, v: int, low: int) -> None:
    if isinstance(v, bool) or not isinstance(v, int | np.integer) or v < low:
        raise ScenarioError(f"{name} is {v!r}; expected a whole number of days >= {low}",
                            key=name)


@dataclass(frozen=True)
class Stoppage:
    """A share of production capacity lost, then back linearly.

    Capacity lost is ``share`` on days ``start .. start+duration-1``, then
    ``share * (1 - k/recovery_days)`` on the k-th day after (k = 1 .. recovery_days): back in
    full on day ``start + duration + recovery_days - 1`` (day ``start + duration`` when
    ``recovery_days`` is 0). A fractional ``duration`` (2.5 days) stops the last day for that
    fraction of it (``share x 0.5`` on the third day); recovery starts the day after.

    Attributes
    ----------
    shares : mapping (region, sector) -> float
        Share of the region-sector's production capacity lost, in (0, 1].
    start : int
        First day (>= 1).
    duration : float
        Days stopped (> 0).
    recovery_days : int
    """

    shares: Cells
    start: int = 1
    duration: float = 1
    recovery_days: int = 0

    def __post_init__(self) -> None:
        """Validate (raises :class:`~interlabor.errors.ScenarioError`)."""
        object.__setattr__(self, "shares", _cells(self.shares, "stoppage"))
        for key, v in self.shares.items():
            if not (0 < v <= 1):
                raise ScenarioError(f"stoppage share of {key[0]}/{key[1]} is {v!r}; expected "
                                    "0 < share <= 1 (the share of capacity lost)")
        _days("start", self.start, 1)
        d = self.duration
        if isinstance(d, bool) or not isinstance(d, int | float | np.number) or not (
                np.isfinite(d) and d > 0):
            raise ScenarioError(f"duration is {d!r}; expected a number of days > 0",
                                key="duration")
        _days("recovery_days", self.recovery_days, 0)

    @property
    def _last(self) -> int:
        """Last day with any stoppage."""
        return self.start + math.ceil(self.duration) - 1

    def loss(self, day: int) -> float:
        """Share of ``shares`` still lost on ``day`` (1 during the stoppage, then linear)."""
        if day < self.start:
            return 0.0
        whole = math.floor(self.duration)
        if day < self.start + whole:
            return 1.0
        if day == self._last and whole < self.duration:
            return float(self.duration - whole)
        k = day - self._last
        return 0.0 if k >= self.recovery_days else 1.0 - k / self.recovery_days

    @property
    def end(self) -> int:
        """First day with capacity back in full."""
        return self._last + max(self.recovery_days, 1)

    @property
    def span(self) -> int:
        """Whole days touched by the stoppage (for the timeline of events)."""
        return math.ceil(self.duration)


@dataclass(frozen=True)
class CapitalRecover:
    """Productive capital destroyed, recovering linearly without reconstruction demand.

    As BoARIO's ``EventKapitalRecover`` with linear recovery: the damage is in full on days
    ``start .. start+duration``, then ``damage * (1 - k/recovery_days)`` on day
    ``start + duration + 1 + k``: none from day ``start + duration + 1 + recovery_days``.

    Attributes
    ----------
    damage : mapping (region, sector) -> float
        Capital destroyed, in the table's money units (> 0).
    recovery_days : int
    start, duration : int
    """

    damage: Cells
    recovery_days: int
    start: int = 1
    duration: int = 1

    def __post_init__(self) -> None:
        """Validate (raises :class:`~interlabor.errors.ScenarioError`)."""
        object.__setattr__(self, "damage", _positive(self.damage))
        _days("recovery_days", self.recovery_days, 1)
        _days("start", self.start, 1)
        _days("duration", self.duration, 1)


@dataclass(frozen=True)
class CapitalRebuild:
    """Productive capital destroyed and rebuilt through reconstruction demand.

    As BoARIO's ``EventKapitalRebuild``: the damage is in full on days ``start ..
    start+duration``; from day ``start + duration`` the rebuilding sectors receive each day
    ``1/rebuild_tau`` of the reconstruction still to do (``damage x factor``, split across
    sectors by ``sectors`` and across supplying regions by the affected industry's purchases
    in the table), and the capital still destroyed is the remaining demand / ``factor``.

    Attributes
    ----------
    damage : mapping (region, sector) -> float
        Capital destroyed, in the table's money units (> 0).
    start, duration : int
    rebuild_tau : int, optional
        Characteristic time of reconstruction, days (default: the parameters' ``rebuild_tau``).
    sectors : mapping sector -> float, optional
        Shares of the reconstruction demand by rebuilding sector, summing to 1 (default: the
        parameters' ``rebuilding_share``).
    factor : float
        Reconstruction demand per unit of capital destroyed (> 0).
    """

    damage: Cells
    start: int = 1
    duration: int = 1
    rebuild_tau: int | None = None
    sectors: Mapping[str, float] | None = None
    factor: float = 1.0

    def __post_init__(self) -> None:
        """Validate (raises :class:`~interlabor.errors.ScenarioError`)."""
        object.__setattr__(self, "damage", _positive(self.damage))
        _days("start", self.start, 1)
        _days("duration", self.duration, 1)
        if self.rebuild_tau is not None:
            _days("rebuild_tau", self.rebuild_tau, 1)
        if not (np.isfinite(self.factor) and self.factor > 0):
            raise ScenarioError(f"factor is {self.factor!r}; expected a number > 0", key="factor")
        if self.sectors is not None:
            total = sum(float(v) for v in self.sectors.values())
            if any(float(v) < 0 for v in self.sectors.values()) or not np.isclose(total, 1.0):
                raise ScenarioError(f"rebuilding sector shares {dict(self.sectors)} must be "
                                    f">= 0 and sum to 1 (they sum to {total})", key="sectors")


Event: TypeAlias = Stoppage | CapitalRecover | CapitalRebuild


def _positive(damage: Cells) -> dict[tuple[str, str], float]:
    out = _cells(damage, "damage")
    for key, v in out.items():
        if not (np.isfinite(v) and v > 0):
            raise ScenarioError(f"capital destroyed in {key[0]}/{key[1]} is {v!r}; expected "
                                "a positive amount in the table's money units")
    return out


@dataclass
class Tracker:
    """The state of one event during a run (indices into the table's region-sectors).

    ``status`` is ``pending``, ``happening``, ``recovering``, ``rebuilding`` or
    ``finished``; ``lost`` the capital still destroyed (capital events) on ``idx``.
    """

    event: Event
    idx: np.ndarray
    values: np.ndarray                      # shares (stoppage) or initial damage (capital)
    status: str = "pending"
    lost: np.ndarray | None = None
    # rebuilding: remaining demand D (rows = rebuilding industries, columns = idx)
    rows: np.ndarray | None = None
    demand: np.ndarray | None = None
    tau: int = 1
    initial: float = 0.0
    received: bool = field(default=False)

    def begin_day(self, day: int) -> None:
        """Move on the status at the start of ``day`` (before production)."""
        ev = self.event
        if self.status == "pending" and day >= ev.start:
            self.status = "happening"
            self.lost = self.values.copy() if not isinstance(ev, Stoppage) else None
        if self.status == "happening" and day >= ev.start + (
                ev.span if isinstance(ev, Stoppage) else ev.duration):
            self.status = "rebuilding" if isinstance(ev, CapitalRebuild) else "recovering"
        if isinstance(ev, Stoppage) and self.status != "pending" and day >= ev.end:
            self.status = "finished"

    def capacity_share(self, day: int) -> np.ndarray | None:
        """Share of capacity lost on ``idx`` (stoppages), or None."""
        if not isinstance(self.event, Stoppage) or self.status in ("pending", "finished"):
            return None
        return self.values * self.event.loss(day)

    def step_demand(self) -> np.ndarray | None:
        """Today's reconstruction demand on ``rows`` (rebuilding events), or None."""
        if self.status != "rebuilding" or self.demand is None:
            return None
        return self.demand.sum(axis=1) / self.tau

    def end_day(self, day: int, rho: np.ndarray) -> None:
        """After delivery on ``day``: receive reconstruction or recover capital.

        ``rho`` (n,) is the share of demand that each region-sector delivered today.
        """
        ev = self.event
        if self.status == "rebuilding" and self.demand is not None:
            assert self.rows is not None
            self.demand *= (1.0 - rho[self.rows] / self.tau)[:, None]
            assert isinstance(ev, CapitalRebuild)
            self.lost = self.demand.sum(axis=0) / ev.factor
            if self.demand.sum() <= REBUILT * self.initial:
                self.status, self.lost, self.demand = "finished", None, None
        elif self.status == "recovering" and isinstance(ev, CapitalRecover):
            elapsed = day - (ev.start + ev.duration)
            if elapsed >= ev.recovery_days:
                self.status, self.lost = "finished", None
            else:
                self.lost = self.values * (1.0 - elapsed / ev.recovery_days)


def compile_events(events: Sequence[Event], *, index: dict[tuple[str, str], int],
                   sectors: Sequence[str], capital: np.ndarray, Z: Any, Zc: np.ndarray,
                   rebuilding_share: np.ndarray, rebuild_tau: int, days: int,
                   money: str) -> list[Tracker]:
    """Check events against a table and make their trackers.

    Parameters
    ----------
    events : sequence of events
    index : dict (region, sector) -> position in the table's region-sectors
    sectors : sequence of str, length S
    capital : ndarray, shape (n,)
        Productive capital of each region-sector (money units).
    Z : scipy.sparse CSC matrix, shape (n, n)
        Intermediate flows (yearly; only the columns of affected industries are read).
    Zc : ndarray, shape (S, n)
        ``Z`` summed over supplying regions.
    rebuilding_share : ndarray, shape (S,)
        Default shares of reconstruction demand by sector.
    rebuild_tau : int
        Default reconstruction time.
    days : int
        Days simulated (events must start within them).
    money : str
        The table's money unit, for messages.

    Raises
    ------
    ScenarioError
        An event names a region-sector or rebuilding sector the table does not have, or
        starts after the last day, or reconstruction has no sector to go to.
    InvalidValueError
        Events destroy more capital than a region-sector has (names it and both amounts).
    """
    S, n = len(sectors), len(capital)
    sector_pos = {s: i for i, s in enumerate(sectors)}
    trackers: list[Tracker] = []
    destroyed = np.zeros(n)
    for ev in events:
        cells = ev.shares if isinstance(ev, Stoppage) else ev.damage
        missing = [f"{r}/{s}" for r, s in cells if (r, s) not in index]
        if missing:
            raise ScenarioError(f"event names region-sector(s) not in the table: "
                                f"{', '.join(missing[:10])}", key="event")
        if ev.start >= days:
            raise ScenarioError(f"event starts on day {ev.start}, after the last simulated "
                                f"day {days - 1}", key="start")
        idx = np.array([index[c] for c in cells], dtype=np.int64)
        values = np.array(list(cells.values()), dtype=np.float64)
        tr = Tracker(ev, idx, values)
        if not isinstance(ev, Stoppage):
            np.add.at(destroyed, idx, values)
        if isinstance(ev, CapitalRebuild):
            shares = rebuilding_share.copy()
            if ev.sectors is not None:
                unknown = [s for s in ev.sectors if s not in sector_pos]
                if unknown:
                    raise ScenarioError(f"rebuilding sector(s) not in the table: "
                                        f"{', '.join(unknown)}", key="sectors")
                shares = np.zeros(S)
                for s, v in ev.sectors.items():
                    shares[sector_pos[s]] = float(v)
            if shares.sum() <= 0:
                raise ScenarioError("reconstruction demand has no sector to go to: give the "
                                    "event's sectors or rebuilding_share in the parameters",
                                    key="rebuilding_share")
            tr.tau = ev.rebuild_tau or rebuild_tau
            tr.rows, tr.demand = _rebuild_demand(idx, values * ev.factor, shares, Z, Zc, S)
            tr.initial = float(tr.demand.sum())
        trackers.append(tr)
    over = np.flatnonzero(destroyed > capital * (1 + 1e-12))
    if over.size:
        labels = {v: k for k, v in index.items()}
        i = int(over[np.argmax(destroyed[over] - capital[over])])
        raise InvalidValueError(
            f"events destroy {destroyed[i]:.6g} {money} of productive capital in "
            f"{labels[i][0]}/{labels[i][1]}, which has {capital[i]:.6g} (value added x "
            f"capital_to_va); {over.size} region-sector(s) over their capital",
            labels=[f"{labels[int(j)][0]}/{labels[int(j)][1]}" for j in over])
    return trackers


def _rebuild_demand(idx: np.ndarray, amount: np.ndarray, shares: np.ndarray, Z: Any,
                    Zc: np.ndarray, S: int) -> tuple[np.ndarray, np.ndarray]:
    """Reconstruction demand: rows (region, rebuilding sector), columns the affected cells.

    ``D[(r, s), j] = shares[s] x amount_j x Z[(r, s), j] / Zc[s, j]`` (0 where ``Zc`` is 0):
    each affected industry buys its reconstruction where it buys its inputs of that sector.
    """
    n = Zc.shape[1]
    R = n // S
    reb = np.flatnonzero(shares > 0)
    rows = (np.arange(R)[:, None] * S + reb[None, :]).ravel()
    cols = Z[:, idx].toarray()[rows]                      # (R*|reb|, |idx|)
    tot = Zc[np.tile(reb, R)][:, idx]                     # Zc[s(row), j]
    share_of_region = np.divide(cols, tot, out=np.zeros_like(cols), where=tot != 0)
    demand = share_of_region * shares[rows % S][:, None] * amount[None, :]
    return rows, demand
