"""A stoppage of work: which cells stop, what share of their hours, for how many days.

``REGION:SECTOR[:SHARE]`` names a (region, sector) cell of a table and the share of its hours
withdrawn while the stoppage lasts (default 1, all of them); ``days`` is its duration, the
table's year counting 365 days. Labour is taken as the binding input, so the cell's capacity
loss while it is stopped is that share, and over the table's year it is
``share x days / 365`` (:attr:`Stoppage.annual`), the perturbation of every static model in
:mod:`interlabor.shocks`. :func:`stopped_labour` says how many persons and hours were stopped.

Every mistake is a :class:`~interlabor.errors.ScenarioError` that names the culprit before any
work is done: an unknown region or sector (with the nearest labels), a share outside (0, 1], a
non-positive duration or one longer than the table's year, a cell stopped twice, a cell with
no hours to stop.
"""

from __future__ import annotations

import difflib
import math
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..errors import AccountNotFoundError, ScenarioError
from ..model import MRIO, Account

__all__ = [
    "YEAR_DAYS",
    "Stop",
    "Stoppage",
    "check_days",
    "find_cell",
    "load_scenario",
    "make_stoppage",
    "optional_account",
    "parse_stop",
    "scenario_stoppage",
    "stopped_labour",
    "value_added_of",
]

#: Days in the table's year: a stoppage of ``d`` days is ``d / 365`` of the year.
YEAR_DAYS = 365.0

#: Keys of a scenario file read here; tables named in :data:`PASSED_ON` go to other models.
SCENARIO_KEYS = ("days", "stop", "diim")
PASSED_ON = ("dynamic", "ario")


@dataclass(frozen=True)
class Stop:
    """One cell's stoppage.

    Attributes
    ----------
    region, sector : str
        Labels of the cell as the table spells them.
    share : float
        Share of the cell's hours withdrawn while the stoppage lasts, in (0, 1].
    days : float
        Duration in days, in (0, 365].
    """

    region: str
    sector: str
    share: float = 1.0
    days: float = YEAR_DAYS

    @property
    def label(self) -> str:
        """``REGION:SECTOR:SHARE``."""
        return f"{self.region}:{self.sector}:{self.share:g}"

    @property
    def annual(self) -> float:
        """Share of the cell's hours of the whole year withdrawn, ``share x days / 365``."""
        return self.share * self.days / YEAR_DAYS


@dataclass(frozen=True)
class Stoppage:
    """A validated stoppage of one or more cells of one table.

    Attributes
    ----------
    stops : tuple of Stop
    cells : ndarray of int, shape (k,)
        Positions of the stopped cells in the table's (region, sector) order.
    extra : Mapping
        Tables of a scenario file meant for other models (``[dynamic]``, ``[ario]``).
    diim : Mapping or None
        The ``[diim]`` table of a scenario file (recovery parameters), if any.
    """

    stops: tuple[Stop, ...]
    cells: np.ndarray
    extra: Mapping[str, Any] = field(default_factory=dict)
    diim: Mapping[str, Any] | None = None

    @property
    def shares(self) -> np.ndarray:
        """Share of hours withdrawn while stopped, shape (k,)."""
        return np.array([s.share for s in self.stops], dtype=np.float64)

    @property
    def days(self) -> np.ndarray:
        """Duration of each stop in days, shape (k,)."""
        return np.array([s.days for s in self.stops], dtype=np.float64)

    @property
    def annual(self) -> np.ndarray:
        """Share of each stopped cell's annual hours withdrawn, ``share x days / 365``, (k,)."""
        return self.shares * self.days / YEAR_DAYS

    def single(self, i: int) -> Stoppage:
        """The stoppage of the ``i``-th stop alone."""
        return Stoppage((self.stops[i],), self.cells[i:i + 1], self.extra, self.diim)

    def __len__(self) -> int:
        return len(self.stops)


# ---- labels ------------------------------------------------------------------------------------
def _nearest(word: str, labels: Sequence[str], k: int = 3) -> str:
    """``; nearest: a, b, c`` (or the first labels when nothing is close)."""
    low = {lab.lower(): lab for lab in labels}
    close = [low[c] for c in difflib.get_close_matches(word.lower(), list(low), n=k, cutoff=0.5)]
    if close:
        return "; nearest: " + ", ".join(close)
    return "; expected one of " + ", ".join(list(labels)[:8]) + (", ..." if len(labels) > 8 else "")


def find_cell(mrio: MRIO, region: str, sector: str, *, what: str = "") -> int:
    """Position of the cell (region, sector) in the table, matching labels case-insensitively.

    A region matches a code of ``mrio.regions`` or of ``mrio.source_regions`` (``ROM`` for
    ``ROU``); a sector matches a code of ``mrio.sectors`` or a name of ``mrio.sector_names``.

    Raises
    ------
    ScenarioError
        If the region or sector is unknown; names the nearest labels.
    """
    where = f"{what}: " if what else ""
    regs = {r.lower(): i for i, r in enumerate(mrio.regions)}
    regs.update({r.lower(): i for i, r in enumerate(mrio.source_regions) if r.lower() not in regs})
    r = regs.get(region.strip().lower())
    if r is None:
        raise ScenarioError(f"{where}unknown region {region!r}"
                            f"{_nearest(region, mrio.regions)}", key="region")
    secs = {s.lower(): i for i, s in enumerate(mrio.sectors)}
    for i, name in enumerate(mrio.sector_names):
        secs.setdefault(name.lower(), i)
    s = secs.get(sector.strip().lower())
    if s is None:
        raise ScenarioError(
            f"{where}unknown sector {sector!r}"
            f"{_nearest(sector, list(mrio.sectors) + list(mrio.sector_names))}", key="sector")
    return r * mrio.n_sectors + s


def check_days(days: object, *, what: str = "--days") -> float:
    """A stoppage's duration in days, checked: finite, positive, at most the table's year.

    Raises
    ------
    ScenarioError
        If ``days`` is not a number, not positive, or longer than 365 days.
    """
    try:
        d = float(days)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ScenarioError(f"{what}: duration {days!r} is not a number of days",
                            key="days") from None
    if not math.isfinite(d) or d <= 0:
        raise ScenarioError(f"{what}: duration {days!r} days is not positive (expected "
                            f"0 < days <= {YEAR_DAYS:g})", key="days")
    if d > YEAR_DAYS:
        raise ScenarioError(
            f"{what}: a stoppage of {d:g} days is longer than the table's year "
            f"({YEAR_DAYS:g} days); the table is one year of flows (expected 0 < days <= "
            f"{YEAR_DAYS:g})", key="days")
    return d


def _check_share(share: object, what: str) -> float:
    text = str(share).strip()
    try:
        v = float(text[:-1]) / 100 if text.endswith("%") else float(text)
    except ValueError:
        raise ScenarioError(f"{what}: share {share!r} is not a number (expected a share of "
                            "the cell's hours in (0, 1], e.g. 0.1 or 10%)", key="share") from None
    if not (math.isfinite(v) and 0 < v <= 1):
        raise ScenarioError(f"{what}: share {share!r} is outside (0, 1] (the share of the "
                            "cell's hours withdrawn)", key="share")
    return v


def parse_stop(text: str, mrio: MRIO, *, days: float = YEAR_DAYS) -> Stop:
    """Parse ``REGION:SECTOR[:SHARE]`` against a table.

    The share may be written ``0.1`` or ``10%``; a sector name containing ``:`` is kept whole
    (the last part is a share only when it is a number).

    Raises
    ------
    ScenarioError
        Unknown region or sector (with the nearest labels), share outside (0, 1], bad days.
    """
    what = f"--stop {text}"
    parts = str(text).split(":")
    if len(parts) < 2 or not parts[0].strip() or not parts[1].strip():
        raise ScenarioError(f"{what}: expected REGION:SECTOR[:SHARE], e.g. CHN:c14:0.1",
                            key="stop")
    share: object = 1.0
    if len(parts) >= 3:
        last = parts[-1].strip().rstrip("%")
        try:
            float(last)
            share, parts = parts[-1], parts[:-1]
        except ValueError:
            pass
    region, sector = parts[0], ":".join(parts[1:])
    idx = find_cell(mrio, region, sector, what=what)
    return Stop(mrio.regions[idx // mrio.n_sectors], mrio.sectors[idx % mrio.n_sectors],
                _check_share(share, what), check_days(days))


def _hours_account(mrio: MRIO, hours: str) -> np.ndarray:
    return mrio.account(hours).values


def optional_account(mrio: MRIO, name: str | None) -> Account | None:
    """The account ``name``, or None when it is None or the table has no such account."""
    if name is None:
        return None
    try:
        return mrio.account(name)
    except AccountNotFoundError:
        return None


def value_added_of(mrio: MRIO, name: str) -> tuple[np.ndarray, str, bool]:
    """Values, key and modelled flag of the value-added account; primary inputs without one."""
    acc = optional_account(mrio, name)
    if acc is None:
        return mrio.value_added, "primary inputs (x - 1'Z)", False
    return acc.values, acc.key, acc.modelled


def make_stoppage(mrio: MRIO, stops: Sequence[str | Stop], *, days: float = YEAR_DAYS,
                  hours: str | None = "hours", extra: Mapping[str, Any] | None = None,
                  diim: Mapping[str, Any] | None = None) -> Stoppage:
    """A validated :class:`Stoppage` from ``REGION:SECTOR[:SHARE]`` strings or :class:`Stop` s.

    Parameters
    ----------
    mrio : MRIO
    stops : sequence of str or Stop
        Empty: a stoppage of nothing (every loss is zero).
    days : float
        Duration of the stops given as strings (``Stop`` s carry their own).
    hours : str or None
        Hours account: every stopped cell must have hours to stop; None skips the check.
    extra, diim : Mapping, optional
        See :class:`Stoppage`.

    Raises
    ------
    ScenarioError
        A bad stop (see :func:`parse_stop`), a cell given twice, a cell without hours.
    AccountNotFoundError
        If the hours account is missing.
    """
    days = check_days(days)
    parsed: list[Stop] = []
    cells: list[int] = []
    for s in stops:
        if isinstance(s, Stop):
            what = f"stop {s.label}"
            idx = find_cell(mrio, s.region, s.sector, what=what)
            stop = Stop(mrio.regions[idx // mrio.n_sectors], mrio.sectors[idx % mrio.n_sectors],
                        _check_share(s.share, what), check_days(s.days, what=what))
        else:
            stop = parse_stop(s, mrio, days=days)
            idx = find_cell(mrio, stop.region, stop.sector)
        if idx in cells:
            raise ScenarioError(f"stop {stop.label}: cell {stop.region}:{stop.sector} is "
                                "stopped twice; give each cell once", key="stop")
        parsed.append(stop)
        cells.append(idx)
    if hours is not None and cells:
        h = _hours_account(mrio, hours)
        for stop, idx in zip(parsed, cells, strict=True):
            if not h[idx] > 0:
                raise ScenarioError(
                    f"stop {stop.label}: cell {stop.region}:{stop.sector} has no hours in "
                    f"account {hours!r} (nothing to stop)", key="stop")
    return Stoppage(tuple(parsed), np.array(cells, dtype=np.intp), dict(extra or {}), diim)


# ---- scenario files ------------------------------------------------------------------------------
def load_scenario(path: str | Path) -> dict[str, Any]:
    """Read a stoppage scenario file (TOML).

    Layout::

        days = 30                      # default duration of every stop
        [[stop]]
        cell = "CHN:c14:0.1"           # or region = "CHN", sector = "c14", share = 0.1
        days = 10                      # optional, this stop only
        [diim]                         # dynamic inoperability model (recovery)
        recovery_days = 30             # or a table by sector: { default = 30, c14 = 60 }
        [dynamic]                      # passed on, unread, to the dynamic (ARIO) model

    Raises
    ------
    ScenarioError
        If the file is missing or is not valid TOML.
    """
    p = Path(path)
    try:
        with p.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise ScenarioError(f"{p}: scenario file not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(f"{p}: not a valid TOML scenario ({exc})") from None


def scenario_stoppage(mrio: MRIO, scenario: Mapping[str, Any], *, stops: Sequence[str] = (),
                      days: float | None = None, hours: str | None = "hours",
                      origin: str = "scenario") -> Stoppage:
    """The stoppage of a scenario (see :func:`load_scenario`) plus stops given on the side.

    Parameters
    ----------
    scenario : Mapping
        The parsed file (may be empty).
    stops : sequence of str
        ``REGION:SECTOR[:SHARE]`` given besides the file (the command line's ``--stop``).
    days : float, optional
        Duration overriding the file's ``days`` (the command line's ``--days``); default the
        file's, else 365.

    Raises
    ------
    ScenarioError
        An unknown key (named), a bad stop, share or duration.
    """
    unknown = [k for k in scenario if k not in SCENARIO_KEYS + PASSED_ON]
    if unknown:
        raise ScenarioError(f"{origin}: unknown key(s) {', '.join(map(repr, unknown))}; "
                            f"expected {', '.join(SCENARIO_KEYS + PASSED_ON)}", key=unknown[0])
    base = check_days(days if days is not None else scenario.get("days", YEAR_DAYS),
                      what=f"{origin}: days" if days is None else "--days")
    out: list[str | Stop] = list(stops)
    for i, entry in enumerate(scenario.get("stop", [])):
        what = f"{origin}: stop {i + 1}"
        if not isinstance(entry, Mapping):
            raise ScenarioError(f"{what}: expected a table ([[stop]]), got {entry!r}", key="stop")
        bad = [k for k in entry if k not in ("cell", "region", "sector", "share", "days")]
        if bad:
            raise ScenarioError(f"{what}: unknown key(s) {', '.join(map(repr, bad))}; expected "
                                "cell, or region and sector, and optionally share and days",
                                key=f"stop.{bad[0]}")
        d = check_days(entry.get("days", base), what=f"{what}: days")
        if "cell" in entry:
            s = parse_stop(str(entry["cell"]), mrio, days=d)
            share = entry.get("share", s.share)
            out.append(Stop(s.region, s.sector, share, d))
        elif "region" in entry and "sector" in entry:
            out.append(Stop(str(entry["region"]), str(entry["sector"]),
                            entry.get("share", 1.0), d))
        else:
            raise ScenarioError(f"{what}: expected cell = 'REGION:SECTOR[:SHARE]' or region and "
                                "sector", key="stop")
    diim = scenario.get("diim")
    if diim is not None and not isinstance(diim, Mapping):
        raise ScenarioError(f"{origin}: [diim] must be a table", key="diim")
    extra = {k: scenario[k] for k in PASSED_ON if k in scenario}
    return make_stoppage(mrio, out, days=base, hours=hours, extra=extra, diim=diim)


# ---- who was stopped -----------------------------------------------------------------------------
def stopped_labour(mrio: MRIO, stoppage: Stoppage, *, hours: str = "hours",
                   persons: str | None = "persons") -> pd.DataFrame:
    """Persons and hours stopped, one row per stop.

    ``persons_stopped = share x persons`` (persons on strike while it lasts) and
    ``hours_stopped = share x hours x days / 365`` (the cell's annual hours are the table's).

    Parameters
    ----------
    hours, persons : str
        Account names; ``persons`` None (or missing from the table) leaves its columns NaN.

    Returns
    -------
    DataFrame
        Columns region, sector, sector_name, share, days, annual_share, persons (the cell's),
        persons_stopped, hours (the cell's, per year), hours_stopped; ``attrs`` give the
        units (``hours_unit``, ``persons_unit``) and ``modelled``.

    Raises
    ------
    AccountNotFoundError
        If the hours account is missing.
    """
    h_acc = mrio.account(hours)
    p_acc = optional_account(mrio, persons)
    idx = stoppage.cells
    pers = p_acc.values[idx] if p_acc is not None else np.full(len(idx), np.nan)
    df = pd.DataFrame({
        "region": [s.region for s in stoppage.stops],
        "sector": [s.sector for s in stoppage.stops],
        "sector_name": [mrio.sector_name_of[s.sector] for s in stoppage.stops],
        "share": stoppage.shares,
        "days": stoppage.days,
        "annual_share": stoppage.annual,
        "persons": pers,
        "persons_stopped": stoppage.shares * pers,
        "hours": h_acc.values[idx],
        "hours_stopped": stoppage.annual * h_acc.values[idx],
    })
    df.attrs = {"hours_unit": h_acc.unit, "persons_unit": p_acc.unit if p_acc else "",
                "modelled": bool(h_acc.modelled or (p_acc is not None and p_acc.modelled)),
                "hours_account": h_acc.key, "persons_account": p_acc.key if p_acc else ""}
    return df
