"""Parameters of the ARIO model: per-sector table, model-wide settings, and TOML scenarios.

Per-sector parameters (one value per sector, the same in every region) come from BoARIO's
published defaults (BoARIO-MRIOT-Tools, MIT; copies in ``interlabor/data/ario/``) through a
documented concordance from the table's sectors to the source's (``concordance_*.csv``: one
source sector per table sector). The concordance whose sector codes cover the table's is
chosen (WIOD 2013, WIOD 2016, pymrio's test system, Eora26). A scenario (TOML file or
mapping) overrides any value::

    [model]                      # model-wide
    order_type = "alt"           # or "noalt"
    psi = 0.8
    alpha_base = 1.0
    rebuild_tau = 60             # days
    [all_sectors]                # every sector
    inventory_days = 90          # inf = never constrains production
    [sector.c14]                 # one sector (its code)
    alpha_max = 1.1

Sector keys: ``inventory_days``, ``restoration_days``, ``capital_to_va``, ``alpha_max``,
``alpha_tau``, ``rebuilding_share``. Meanings, sources and defaults: ``docs/shocks.md``
("Dynamic: ARIO").
"""

from __future__ import annotations

import csv
import math
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from ..data import data_root
from ..errors import ScenarioError

__all__ = [
    "MODEL_KEYS",
    "SECTOR_KEYS",
    "ARIOParams",
    "load_scenario",
    "sector_params",
    "shipped_concordances",
]

#: Per-sector parameters: name -> (column of BoARIO's table or None, default, meaning).
SECTOR_KEYS: dict[str, tuple[str | None, float, str]] = {
    "inventory_days": ("inventory_size", 90.0, "target inventory of the input, days of use"),
    "restoration_days": ("inventory_tau", 60.0, "time to restore the input's inventory, days"),
    "capital_to_va": ("productive_capital_to_va_ratio", 4.0, "productive capital / value added"),
    "alpha_max": (None, 1.25, "overproduction limit (capacity multiple)"),
    "alpha_tau": (None, 365.0, "overproduction adaptation time, days"),
    "rebuilding_share": ("rebuilding_factor", 0.0, "share of reconstruction demand"),
}
#: Model-wide settings and their defaults (BoARIO's ``ARIOPsiModel`` defaults).
MODEL_KEYS: dict[str, Any] = {"order_type": "alt", "psi": 0.8, "alpha_base": 1.0,
                              "rebuild_tau": 60}
ORDER_TYPES = ("alt", "noalt")
SOURCES = {"icio2021": "icio2021_full_sectors.csv", "eora26": "eora26_full_sectors.csv",
           "euregio": "euregio_full_sectors.csv"}


@dataclass(frozen=True)
class ARIOParams:
    """ARIO parameters for a table's sectors (arrays aligned with ``sectors``).

    Attributes
    ----------
    sectors : tuple of str, length S
    inventory_days : ndarray, shape (S,)
        Target inventory of each input, in days of use (> 1; ``inf``: never constrains).
    restoration_days : ndarray, shape (S,)
        Characteristic time of restoring each input's inventory, days (> 0).
    capital_to_va : ndarray, shape (S,)
        Productive capital per unit of yearly value added (>= 0).
    alpha_max : ndarray, shape (S,)
        Overproduction limit: capacity may rise to ``alpha_max`` x baseline (>= alpha_base).
    alpha_tau : ndarray, shape (S,)
        Characteristic time of overproduction adaptation, days (> 0).
    rebuilding_share : ndarray, shape (S,)
        Default split of reconstruction demand across sectors (>= 0; sums to 1 or all 0).
    order_type : {"alt", "noalt"}
        Orders split across suppliers by today's production capacity (Guan et al. 2020) or
        by the baseline shares.
    psi : float
        Inventories constrain production below ``psi`` x their target (0 < psi <= 1).
    alpha_base : float
        Overproduction in normal times (>= 1).
    rebuild_tau : int
        Default characteristic time of reconstruction, days.
    source : str
        Where the values came from (table, concordance, overrides).
    """

    sectors: tuple[str, ...]
    inventory_days: np.ndarray
    restoration_days: np.ndarray
    capital_to_va: np.ndarray
    alpha_max: np.ndarray
    alpha_tau: np.ndarray
    rebuilding_share: np.ndarray
    order_type: str = "alt"
    psi: float = 0.8
    alpha_base: float = 1.0
    rebuild_tau: int = 60
    source: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        """Check every value (raises :class:`~interlabor.errors.ScenarioError`)."""
        S = len(self.sectors)
        for key in SECTOR_KEYS:
            arr = np.asarray(getattr(self, key), dtype=np.float64).copy()
            if arr.shape != (S,):
                raise ScenarioError(f"{key}: expected {S} values (one per sector), got "
                                    f"shape {arr.shape}", key=key)
            arr.setflags(write=False)
            object.__setattr__(self, key, arr)
        self._check()

    def _check(self) -> None:
        def bad(key: str, ok: np.ndarray, expected: str) -> None:
            if not ok.all():
                i = int(np.flatnonzero(~ok)[0])
                raise ScenarioError(
                    f"{key} of sector {self.sectors[i]!r} is {getattr(self, key)[i]!r}; "
                    f"expected {expected}", key=key)

        inv = self.inventory_days
        bad("inventory_days", (inv > 1) & ~np.isnan(inv), "more than 1 day (inf: never binds)")
        bad("restoration_days", np.isfinite(self.restoration_days) & (self.restoration_days > 0),
            "a positive number of days")
        bad("capital_to_va", np.isfinite(self.capital_to_va) & (self.capital_to_va >= 0),
            "a number >= 0")
        bad("alpha_max", np.isfinite(self.alpha_max) & (self.alpha_max >= self.alpha_base),
            f"a number >= alpha_base ({self.alpha_base})")
        bad("alpha_tau", np.isfinite(self.alpha_tau) & (self.alpha_tau > 0), "a positive number")
        share = self.rebuilding_share
        bad("rebuilding_share", np.isfinite(share) & (share >= 0), "a number >= 0")
        if share.sum() > 0 and not math.isclose(share.sum(), 1.0, rel_tol=1e-9):
            raise ScenarioError(f"rebuilding_share sums to {share.sum()!r}; expected 1 "
                                "(or 0 everywhere)", key="rebuilding_share")
        if self.order_type not in ORDER_TYPES:
            raise ScenarioError(f"order_type is {self.order_type!r}; expected one of "
                                f"{', '.join(ORDER_TYPES)}", key="order_type")
        if not (0 < self.psi <= 1):
            raise ScenarioError(f"psi is {self.psi!r}; expected 0 < psi <= 1", key="psi")
        if not (math.isfinite(self.alpha_base) and self.alpha_base >= 1):
            raise ScenarioError(f"alpha_base is {self.alpha_base!r}; expected >= 1",
                                key="alpha_base")
        if not (isinstance(self.rebuild_tau, int) and self.rebuild_tau >= 1):
            raise ScenarioError(f"rebuild_tau is {self.rebuild_tau!r}; expected a whole "
                                "number of days >= 1", key="rebuild_tau")

    @classmethod
    def uniform(cls, sectors: Sequence[str], **values: Any) -> ARIOParams:
        """The same value in every sector: BoARIO's defaults unless given.

        Parameters
        ----------
        sectors : sequence of str
        **values
            Any of :data:`SECTOR_KEYS` (a number, or an array of one per sector) and
            :data:`MODEL_KEYS`.
        """
        unknown = set(values) - set(SECTOR_KEYS) - set(MODEL_KEYS)
        if unknown:
            raise ScenarioError(f"unknown ARIO parameter(s) {', '.join(sorted(unknown))}; "
                                f"expected {', '.join([*SECTOR_KEYS, *MODEL_KEYS])}")
        S = len(sectors)
        arrays: dict[str, Any] = {k: np.broadcast_to(np.asarray(values.get(k, d), float), (S,))
                  for k, (_, d, _) in SECTOR_KEYS.items()}
        model = {k: values.get(k, d) for k, d in MODEL_KEYS.items()}
        return cls(tuple(sectors), **arrays, **model, source="uniform values")

    def overridden(self, scenario: Mapping[str, Any], origin: str = "scenario") -> ARIOParams:
        """A copy with a scenario's values (layout in the module docstring) applied."""
        raw = dict(scenario)
        _keys(origin, "", raw, {"model", "all_sectors", "sector"})
        model = _table(origin, raw, "model")
        _keys(origin, "model", model, set(MODEL_KEYS))
        arrays: dict[str, Any] = {k: np.array(getattr(self, k)) for k in SECTOR_KEYS}
        everywhere = _table(origin, raw, "all_sectors")
        _keys(origin, "all_sectors", everywhere, set(SECTOR_KEYS))
        for k, v in everywhere.items():
            arrays[k][:] = _number(origin, f"all_sectors.{k}", v)
        per_sector = _table(origin, raw, "sector")
        where = {s: i for i, s in enumerate(self.sectors)}
        for code in per_sector:
            if code not in where:
                raise ScenarioError(f"{origin}: sector.{code}: no sector {code!r} in this "
                                    f"table (sectors: {', '.join(self.sectors[:8])}, ...)",
                                    key=f"sector.{code}")
            table = _table(origin, per_sector, code, prefix="sector.")
            _keys(origin, f"sector.{code}", table, set(SECTOR_KEYS))
            for k, v in table.items():
                arrays[k][where[code]] = _number(origin, f"sector.{code}.{k}", v)
        try:
            return replace(self, **arrays, **model,
                           source=f"{self.source}; overridden by {origin}")
        except ScenarioError as exc:
            raise ScenarioError(f"{origin}: {exc}", key=exc.key) from None

    def table(self) -> Any:
        """The per-sector values as a DataFrame (index ``sector``)."""
        import pandas as pd

        return pd.DataFrame({k: getattr(self, k) for k in SECTOR_KEYS},
                            index=pd.Index(self.sectors, name="sector"))


def _keys(origin: str, section: str, table: Mapping[str, Any], allowed: set[str]) -> None:
    for k in table:
        if k not in allowed:
            where = f"{section}.{k}" if section else k
            raise ScenarioError(f"{origin}: unknown key {where!r}; expected one of "
                                f"{', '.join(sorted(allowed))}", key=where)


def _table(origin: str, raw: Mapping[str, Any], key: str, prefix: str = "") -> dict[str, Any]:
    v = raw.get(key, {})
    if not isinstance(v, Mapping):
        raise ScenarioError(f"{origin}: {prefix}{key} must be a table ([{prefix}{key}])",
                            key=f"{prefix}{key}")
    return dict(v)


def _number(origin: str, key: str, v: Any) -> float:
    if isinstance(v, str) and v.strip().lower() in {"inf", "infinity"}:
        return math.inf
    if isinstance(v, bool) or not isinstance(v, int | float):
        raise ScenarioError(f"{origin}: {key} is {v!r}; expected a number", key=key)
    return float(v)


def load_scenario(path: str | Path) -> dict[str, Any]:
    """Read an ARIO scenario file (TOML; layout in the module docstring).

    Raises
    ------
    ScenarioError
        The file is missing or not valid TOML (keys are checked when applied).
    """
    p = Path(path)
    try:
        return tomllib.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ScenarioError(f"{p}: scenario file not found") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(f"{p}: not valid TOML: {exc}") from exc


def shipped_concordances() -> dict[str, Path]:
    """The shipped concordances to BoARIO's tables, by name (``wiod2013``, ...)."""
    folder = data_root() / "ario"
    return {p.stem.removeprefix("concordance_"): p
            for p in sorted(folder.glob("concordance_*.csv"))}


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(line for line in f if not line.startswith("#")))


def _from_concordance(name: str, path: Path, sectors: Sequence[str]) -> dict[str, Any]:
    rows = {r["sector"]: r for r in _read_csv(path)}
    folder = data_root() / "ario"
    cache: dict[str, dict[str, dict[str, str]]] = {}
    values: dict[str, Any] = {k: np.empty(len(sectors)) for k in SECTOR_KEYS}
    matched: list[tuple[str, str]] = []
    for i, s in enumerate(sectors):
        src = rows[s]["source"]
        if src not in cache:
            table = _read_csv(folder / SOURCES[src])
            cache[src] = {next(iter(r.values())): r for r in table}
        row = cache[src][rows[s]["source_sector"]]
        matched.append((src, rows[s]["source_sector"]))
        for k, (col, default, _) in SECTOR_KEYS.items():
            values[k][i] = float(row[col]) if col is not None else default
    # a source sector's share of reconstruction goes in equal parts to the sectors matched to it
    counts: dict[tuple[str, str], int] = {}
    for m in matched:
        counts[m] = counts.get(m, 0) + 1
    share = values["rebuilding_share"] / np.array([counts[m] for m in matched])
    values["rebuilding_share"] = share / share.sum() if share.sum() > 0 else share
    return values


def sector_params(sectors: Sequence[str], scenario: Mapping[str, Any] | str | Path | None = None,
                  ) -> ARIOParams:
    """ARIO parameters for a table's sectors: shipped defaults, then a scenario's overrides.

    Parameters
    ----------
    sectors : sequence of str
        The table's sector codes (``mrio.sectors``).
    scenario : mapping, str or Path, optional
        Overrides (a TOML file or its parsed mapping; layout in the module docstring).

    Returns
    -------
    ARIOParams

    Raises
    ------
    ScenarioError
        No shipped concordance covers the sectors and the scenario does not give every
        per-sector parameter for them (the message names the sectors without parameters),
        or a scenario key or value is invalid.
    """
    sectors = tuple(sectors)
    origin = "scenario"
    raw: dict[str, Any] = {}
    if isinstance(scenario, str | Path):
        origin, raw = str(scenario), load_scenario(scenario)
    elif scenario is not None:
        raw, origin = dict(scenario), getattr(scenario, "origin", "scenario")
    for name, path in shipped_concordances().items():
        codes = {r["sector"] for r in _read_csv(path)}
        if set(sectors) <= codes:
            values = _from_concordance(name, path, sectors)
            base = ARIOParams(sectors, **values,
                              source=f"BoARIO defaults via concordance_{name}.csv")
            return base.overridden(raw, origin) if raw else base
    given = raw.get("all_sectors", {}) if isinstance(raw.get("all_sectors"), Mapping) else {}
    missing_keys = [k for k in SECTOR_KEYS if k not in given and k not in ("alpha_max",
                    "alpha_tau", "rebuilding_share")]
    per = raw.get("sector", {}) if isinstance(raw.get("sector"), Mapping) else {}
    missing = [s for s in sectors
               if any(k not in per.get(s, {}) for k in missing_keys)] if missing_keys else []
    if missing:
        shown = ", ".join(missing[:10]) + (f" and {len(missing) - 10} more"
                                           if len(missing) > 10 else "")
        raise ScenarioError(
            f"no ARIO parameters for sector(s) {shown}: no shipped concordance "
            f"({', '.join(shipped_concordances())}) covers this table's sectors; give "
            f"{', '.join(missing_keys)} in the scenario ([all_sectors] or [sector.CODE])",
            key="sector")
    base = ARIOParams.uniform(sectors)
    return replace(base.overridden(raw, origin), source=f"{origin} (no shipped concordance)")
