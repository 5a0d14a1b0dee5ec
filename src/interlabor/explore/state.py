"""The explorer's tables and cached views: loaded in the background, with progress.

A :class:`Workspace` gets one loader per table (the command line makes them: read, and attach
labour accounts where asked), loads them in a background thread while the page already shows
a progress bar, then computes ahead the views a region change needs, so that changing region
only slices cached results: footprints by origin of every loaded year (for the series over
years) and the exchange of each group (which does not depend on the region within it).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..errors import InterlaborError
from ..footprints import consumption_based
from ..groups import load_groups
from ..model import MRIO
from ..progress import Progress, ProgressEvent
from ..report._variants import CENTRAL, range_keys, variants
from ..report.views import Exchange, WhoWorks, footprint_percentiles, group_exchange, who_works
from ..units import parse_unit

__all__ = ["Loader", "Status", "Workspace"]

#: A table to load: (label shown until it is read, function that reads it).
Loader = tuple[str, Callable[[Progress], MRIO]]


@dataclass(frozen=True)
class Status:
    """Where loading stands: ``done`` of ``total`` steps, the current message, errors."""

    done: int
    total: int
    message: str
    ready: bool
    error: str = ""


class Workspace:
    """Tables by year (or label) and the cached views of the explorer.

    Parameters
    ----------
    loaders : sequence of Loader
        One per table, loaded in order.
    account : str
        Account computed ahead (the one shown first).
    groups : str
        Grouping of the exchange views.
    """

    def __init__(self, loaders: Sequence[Loader], *, account: str = "hours",
                 groups: str = "north-south") -> None:
        self.loaders = list(loaders)
        self.account = account
        self.groups = groups
        self.tables: dict[str, MRIO] = {}
        self._lock = threading.RLock()
        self._cache: dict[tuple[Any, ...], Any] = {}
        self._status = Status(0, 2 * len(self.loaders), "starting", False)
        self.load_seconds: float | None = None

    # ---- loading ----------------------------------------------------------------------------
    def _set(self, **kw: Any) -> None:
        with self._lock:
            self._status = Status(**{**self._status.__dict__, **kw})

    @property
    def status(self) -> Status:
        """The loading status (thread-safe)."""
        with self._lock:
            return self._status

    def load(self, step: Progress | None = None) -> None:
        """Read every table, then compute ahead (blocking; :meth:`start` runs it in a thread)."""
        t0 = time.perf_counter()
        n = len(self.loaders)
        try:
            for i, (label, read) in enumerate(self.loaders):
                self._set(done=i, message=f"reading {label} ({i + 1} of {n})")
                if step is not None:
                    step(ProgressEvent("explore", i, 2 * n, "steps", f"reading {label}"))
                mrio = read(lambda _e: None)
                key = str(mrio.year) if mrio.year is not None else label
                with self._lock:
                    self.tables[key if key not in self.tables else label] = mrio
            for i, key in enumerate(self.years):
                self._set(done=n + i, message=f"computing {key} ({i + 1} of {n})")
                if step is not None:
                    step(ProgressEvent("explore", n + i, 2 * n, "steps", f"computing {key}"))
                self._ahead(key)
        except InterlaborError as exc:
            self._set(error=f"{type(exc).__name__}: {exc}", message="failed", ready=False)
            return
        self.load_seconds = time.perf_counter() - t0
        self._set(done=2 * n, message="ready", ready=True)
        if step is not None:
            step(ProgressEvent("explore", 2 * n, 2 * n, "steps", "ready"))

    def start(self, step: Progress | None = None) -> threading.Thread:
        """Load in a daemon thread; the page polls :attr:`status` meanwhile."""
        th = threading.Thread(target=self.load, args=(step,), name="interlabor-load",
                              daemon=True)
        th.start()
        return th

    def _ahead(self, year: str) -> None:
        mrio = self.tables[year]
        if not self.has_account(mrio, self.account):
            return
        for variant in variants(mrio, self.account):
            self.by_origin(year, self.account, variant)
        self.percentiles(year, self.account)
        g = load_groups(self.groups, mrio.regions)
        for region in g.reset_index().groupby("group")["region"].first():
            try:
                self.exchange(year, region, self.account, CENTRAL)
            except InterlaborError:
                return

    # ---- what there is ----------------------------------------------------------------------
    @property
    def years(self) -> list[str]:
        """Loaded tables' keys, in year order."""
        with self._lock:
            return sorted(self.tables)

    def table(self, year: str | None = None) -> MRIO:
        """The table of ``year`` (default the latest)."""
        with self._lock:
            return self.tables[year if year in self.tables else self.years[-1]]

    @staticmethod
    def has_account(mrio: MRIO, account: str) -> bool:
        """Whether ``mrio`` has ``account``."""
        try:
            mrio.account(account)
        except InterlaborError:
            return False
        return True

    def accounts(self, year: str | None = None) -> list[str]:
        """Central accounts that can be shown (amounts of time, persons or money)."""
        mrio = self.table(year)
        names = mrio.account_names
        inner = {k for a in names for v, k in variants(mrio, a).items() if v != CENTRAL}
        out = []
        for name, acc in zip(names, mrio.accounts, strict=True):
            try:
                kind = parse_unit(acc.unit).kind
            except InterlaborError:
                continue
            if acc.key not in inner and kind in ("time worked", "persons", "money"):
                out.append(name)
        return out

    # ---- cached views -----------------------------------------------------------------------
    def _cached(self, key: tuple[Any, ...], make: Callable[[], Any]) -> Any:
        with self._lock:
            if key in self._cache:
                return self._cache[key]
        value = make()
        with self._lock:
            self._cache[key] = value
        return value

    def by_origin(self, year: str, account: str, variant: str) -> pd.DataFrame:
        """Origin x consumer footprint of one account variant (cached)."""
        mrio = self.table(year)
        key = variants(mrio, account)[variant]
        return self._cached(("origin", year, key),  # type: ignore[no-any-return]
                            lambda: consumption_based(mrio, key, by="origin"))

    def percentiles(self, year: str, account: str) -> pd.DataFrame | None:
        """:func:`interlabor.report.views.footprint_percentiles` of a year (cached)."""
        mrio = self.table(year)
        return self._cached(("percentiles", year, account),  # type: ignore[no-any-return]
                            lambda: footprint_percentiles(mrio, account))

    def who(self, year: str, region: str, account: str, variant: str) -> WhoWorks:
        """:func:`interlabor.report.views.who_works` (cached)."""
        mrio = self.table(year)
        pct = self.percentiles(year, account)
        return self._cached(("who", year, region, account, variant),  # type: ignore[no-any-return]
                            lambda: who_works(mrio, region, account, variant, percentiles=pct))

    def paths(self, year: str, region: str, account: str, variant: str, *, top: int = 10
              ) -> pd.DataFrame:
        """:func:`interlabor.paths.paths`: the ``top`` supply-chain paths (cached)."""
        from ..paths import paths

        mrio = self.table(year)
        key = variants(mrio, account)[variant]
        return self._cached(("paths", year, region, key, top),  # type: ignore[no-any-return]
                            lambda: paths(mrio, key, region, top=top, threshold=0))

    def exchange(self, year: str, region: str, account: str, variant: str) -> Exchange:
        """:func:`interlabor.report.views.group_exchange` (cached by the region's group)."""
        mrio = self.table(year)
        group = load_groups(self.groups, mrio.regions)[region]
        ex: Exchange = self._cached(
            ("exchange", year, group, account, variant),
            lambda: group_exchange(mrio, region, account, variant, groups=self.groups))
        if ex.region != region:  # same numbers, seen from this region
            ex = Exchange(region, ex.group, ex.pair, ex.table, ex.left_out, ex.modelled,
                          ex.grouping)
        return ex

    def series(self, region: str, account: str, variant: str) -> pd.DataFrame:
        """Over the loaded years: ``total``, ``abroad`` (and ``abroad_low``/``_high``).

        Returns
        -------
        DataFrame
            Index year (int where the key is a year), in the account's unit.
        """
        rows = {}
        for year in self.years:
            mrio = self.table(year)
            if not self.has_account(mrio, account) or region not in mrio.regions:
                continue
            j = mrio.regions.index(region)
            names = variants(mrio, account)
            col = self.by_origin(year, account, variant if variant in names else CENTRAL)
            c = col.to_numpy()[:, j]
            row = {"total": c.sum(), "abroad": c.sum() - c[j]}
            keys = [CENTRAL, *[v for v, k in names.items() if k in range_keys(mrio, account)]]
            if len(keys) > 1:
                cols = [self.by_origin(year, account, v).to_numpy()[:, j] for v in keys]
                ab = [float(x.sum() - x[j]) for x in cols]
                row |= {"abroad_low": float(np.min(ab)), "abroad_high": float(np.max(ab))}
            rows[int(year) if year.isdigit() else year] = row
        return pd.DataFrame.from_dict(rows, orient="index").sort_index()
