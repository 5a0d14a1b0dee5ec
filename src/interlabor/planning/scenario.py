"""Planning scenarios: the documented defaults, TOML files, and their validation.

A :class:`PlanScenario` says everything the planner needs besides the table: the objective, the
capacities, the sourcing-share bound ``delta``, which sectors are tradable, sovereignty shares,
the mutual-aid tolerance, transport costs and price levels. ``PlanScenario()`` is the default
scenario of ``interlabor plan`` (see ``docs/planning.md``); :func:`load_scenario` reads a TOML
file with the layout of ``interlabor/data/scenarios/example.toml`` and names any unknown or
invalid key in its error.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..data import shipped_path
from ..errors import ScenarioError
from ..io.price_levels import PRICE_LEVELS_KEY, PriceLevels, read_price_levels

__all__ = [
    "DEFAULT_NON_TRADABLE_WIOD",
    "REGION_COORDINATES",
    "PlanScenario",
    "Sovereignty",
    "TechnologySharing",
    "example_scenario_path",
    "load_scenario",
]

#: WIOD 2013 sectors supplied domestically only by default: utilities (c17), construction
#: (c18), retail (c21), hotels and restaurants (c22), real estate (c29), public administration
#: (c31), education (c32), health (c33), other services (c34), households as employers (c35).
DEFAULT_NON_TRADABLE_WIOD: tuple[str, ...] = (
    "c17", "c18", "c21", "c22", "c29", "c31", "c32", "c33", "c34", "c35",
)

#: Approximate (latitude, longitude) of the economic centre of each WIOD region, for the
#: distance proxy of transport costs (great-circle km). ``RoW`` is placed in South Asia.
REGION_COORDINATES: dict[str, tuple[float, float]] = {
    "AUS": (-33.9, 151.2), "AUT": (48.2, 16.4), "BEL": (50.8, 4.4), "BGR": (42.7, 23.3),
    "BRA": (-23.5, -46.6), "CAN": (43.7, -79.4), "CHN": (31.2, 121.5), "CYP": (35.2, 33.4),
    "CZE": (50.1, 14.4), "DEU": (50.1, 8.7), "DNK": (55.7, 12.6), "ESP": (40.4, -3.7),
    "EST": (59.4, 24.7), "FIN": (60.2, 24.9), "FRA": (48.9, 2.4), "GBR": (51.5, -0.1),
    "GRC": (38.0, 23.7), "HUN": (47.5, 19.0), "IDN": (-6.2, 106.8), "IND": (19.1, 72.9),
    "IRL": (53.3, -6.3), "ITA": (45.5, 9.2), "JPN": (35.7, 139.7), "KOR": (37.6, 127.0),
    "LTU": (54.7, 25.3), "LUX": (49.6, 6.1), "LVA": (56.9, 24.1), "MEX": (19.4, -99.1),
    "MLT": (35.9, 14.5), "NLD": (52.4, 4.9), "POL": (52.2, 21.0), "PRT": (38.7, -9.1),
    "ROU": (44.4, 26.1), "RUS": (55.8, 37.6), "SVK": (48.1, 17.1), "SVN": (46.1, 14.5),
    "SWE": (59.3, 18.1), "TUR": (41.0, 29.0), "TWN": (25.0, 121.5), "USA": (40.7, -74.0),
    "RoW": (20.0, 80.0),
}

OBJECTIVES = ("min_hours", "equal_burden")
METHODS = ("ipm", "simplex", "pdlp", "ortools-pdlp")
PRICE_BASES = ("volumes", "money")


@dataclass(frozen=True)
class Sovereignty:
    """A minimum domestic share of a region's use of a product.

    Attributes
    ----------
    region : str
        Region code, or ``"*"`` for every region.
    sector : str
        Sector code, or ``"*"`` for every tradable sector.
    share : float
        Minimum share in [0, 1] of the region's use (intermediate and final) that it produces.
    """

    region: str
    sector: str
    share: float


@dataclass(frozen=True)
class TechnologySharing:
    """Technology sharing as mutual aid: a region may make a product with a donor's technique.

    Region ``r`` may make product ``s`` with the input structure ``Ā_g[:, s]`` and hours per
    unit ``l_{g,s}`` of a donor region ``g``, the hours raised by ``penalty`` (learning,
    adaptation), within ``cap`` of its output capacity of ``s``; the donors of each product
    are the ``donors`` regions with the fewest hours per unit of it (Duchin & Levine 2011,
    the rectangular choice-of-technology model).

    Attributes
    ----------
    penalty : float
        Extra hours per unit over the donor's, as a share (0.2 = +20 %); ``inf`` adds no
        technique.
    cap : float
        Share in [0, 1] of a region-sector's output capacity that may be made with shared
        techniques.
    donors : int
        Donor regions per product (the least labour-intensive ones).
    """

    penalty: float = 0.2
    cap: float = 0.5
    donors: int = 3


@dataclass(frozen=True)
class PlanScenario:
    """Everything a plan depends on besides the table. ``PlanScenario()`` is the default.

    Attributes
    ----------
    objective : {"min_hours", "equal_burden"}
        Least total hours, or the lexicographic most equal burden (first minimise the largest
        hours per worker across regions, then least total hours keeping every region within
        ``1 + epsilon`` of that maximum).
    epsilon : float
        Slack of the second stage of ``equal_burden``.
    growth : float
        Output capacity of every region-sector: today's output x ``(1 + growth)``.
    sector_growth : mapping of str to float
        Per-sector overrides of ``growth``.
    labour_growth : float or None
        Labour capacity of a region: today's hours x ``(1 + labour_growth)``; None = ``growth``.
    labour_accounts : tuple of str
        Accounts with a capacity per region (one per skill where the table has them).
    labour_capacity : mapping of str to float
        Absolute capacity of the first labour account by region (account units), overriding
        the growth rule.
    hours_account, persons_account : str
        Account of hours worked (the objective) and of persons employed (hours per worker).
    delta : float or None
        Each region's share of each origin in its use of a tradable product may move at most
        ``delta`` from today's; None lifts the bound.
    non_tradable : tuple of str or None
        Sectors supplied domestically only; None = :data:`DEFAULT_NON_TRADABLE_WIOD` for WIOD
        sector codes, none otherwise.
    sovereignty : tuple of Sovereignty
        Minimum domestic shares of use.
    mutual_aid : float or None
        Tolerance: each region's hours embodied in exports stay within ``1 + mutual_aid`` times
        the hours embodied in its imports; None = no mutual-aid constraint.
    transport : {"distance", "none"} or float
        Hours per unit shipped between two regions: from the distance proxy, none, or one
        value (account units per money unit) for every pair of distinct regions.
    transport_share : float
        Distance proxy: transport worth this share of the value shipped per 10,000 km, made at
        the world average hours per unit of the transport sectors.
    prices : {"volumes", "money"}
        What output is counted in: volumes ``money / price_level`` (default; the price
        levels of ``price_levels``, else the sectoral price levels shipped for the table,
        else money units with a warning), or money units of the table.
    price_levels : PriceLevels or None
        Price of each product in each region relative to the reference, overriding the
        shipped levels. Given as a path (str or Path) to a CSV with columns ``region,
        sector, price_level``, the file is read when the scenario is made
        (:func:`read_price_levels`), never while the plan is built.
    sharing : TechnologySharing or None
        Technology sharing as mutual aid (None: off).
    inventory_category : str
        Final-demand category of changes in inventories, held exogenous.
    method : {"ipm", "simplex", "pdlp", "ortools-pdlp"}
        HiGHS solver: interior point with crossover (default), dual simplex, or the
        first-order PDLP (no basis: approximate duals and split); or OR-Tools PDLP (the
        first-order backend for instances beyond about a million variables; needs the
        ``plan-pdlp`` extra).
    time_limit : float
        Seconds before HiGHS stops.
    tolerance : float or None
        HiGHS ``kkt_tolerance`` (primal, dual feasibility and optimality, relative for PDLP);
        None keeps HiGHS's defaults (1e-7). ``1e-3`` or ``1e-4`` with ``pdlp`` trades accuracy
        for speed on large tables. For ``ortools-pdlp``: PDLP's relative optimality
        tolerance (default 1e-4).
    source : str
        Where the scenario came from (file name or ``"defaults"``).
    """

    objective: str = "min_hours"
    epsilon: float = 0.01
    growth: float = 0.10
    sector_growth: Mapping[str, float] = field(default_factory=dict)
    labour_growth: float | None = None
    labour_accounts: tuple[str, ...] = ("hours",)
    labour_capacity: Mapping[str, float] = field(default_factory=dict)
    hours_account: str = "hours"
    persons_account: str = "persons"
    delta: float | None = 0.10
    non_tradable: tuple[str, ...] | None = None
    sovereignty: tuple[Sovereignty, ...] = ()
    mutual_aid: float | None = None
    transport: str | float = "distance"
    transport_share: float = 0.03
    prices: str = "volumes"
    price_levels: PriceLevels | None = None
    sharing: TechnologySharing | None = None
    inventory_category: str = "INVEN"
    method: str = "ipm"
    time_limit: float = 600.0
    tolerance: float | None = None
    source: str = "defaults"

    def __post_init__(self) -> None:
        if isinstance(self.price_levels, str | Path):  # a file: read it now
            object.__setattr__(self, "price_levels", read_price_levels(self.price_levels))
        _check(self)

    def with_(self, **changes: Any) -> PlanScenario:
        """A copy with some fields changed (validated again)."""
        return replace(self, **changes)

    @property
    def effective_labour_growth(self) -> float:
        """``labour_growth``, or ``growth`` when it is None."""
        return self.growth if self.labour_growth is None else self.labour_growth

    def describe(self) -> str:
        """One line per setting, for reports."""
        nt = "WIOD default list" if self.non_tradable is None else ", ".join(self.non_tradable)
        sov = "; ".join(f"{s.region}/{s.sector} >= {s.share:g}" for s in self.sovereignty)
        lines = [
            f"scenario: {self.source}",
            f"  objective {self.objective}" + (f" (epsilon {self.epsilon:g})"
                                               if self.objective == "equal_burden" else ""),
            f"  output capacity: today x (1 + {self.growth:g})"
            + (f", sector overrides {dict(self.sector_growth)}" if self.sector_growth else ""),
            f"  labour capacity ({', '.join(self.labour_accounts)}): today x "
            f"(1 + {self.effective_labour_growth:g})"
            + (f", absolute {dict(self.labour_capacity)}" if self.labour_capacity else ""),
            f"  sourcing-share bound delta: {'none' if self.delta is None else self.delta}",
            f"  non-tradable: {nt}",
            f"  sovereignty: {sov or 'none'}",
            f"  mutual aid tolerance: {'none' if self.mutual_aid is None else self.mutual_aid}",
            f"  transport: {self.transport}"
            + (f" ({self.transport_share:g} of value per 10,000 km)"
               if self.transport == "distance" else ""),
            f"  output counted in: {self.prices}"
            + (f" (price levels: {self.price_levels})" if self.price_levels is not None
               and self.prices == "volumes" else ""),
            "  technology sharing: " + ("none" if self.sharing is None else
                                        f"penalty +{self.sharing.penalty:.0%}, cap "
                                        f"{self.sharing.cap:g} of output capacity, "
                                        f"{self.sharing.donors} donors per product"),
            f"  inventories ({self.inventory_category}): exogenous",
        ]
        return "\n".join(lines)


def _fail(source: str, key: str, message: str) -> ScenarioError:
    return ScenarioError(f"{source}: {key}: {message}", key=key)


def _check(s: PlanScenario) -> None:
    src = s.source

    def number(key: str, v: Any, lo: float = 0.0, hi: float = math.inf) -> None:
        if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v):
            raise _fail(src, key, f"expected a number, got {v!r}")
        if not lo <= v <= hi:
            raise _fail(src, key, f"expected a value in [{lo:g}, {hi:g}], got {v!r}")

    if s.objective not in OBJECTIVES:
        raise _fail(src, "objective", f"expected one of {', '.join(OBJECTIVES)}, got "
                    f"{s.objective!r}")
    if s.prices not in PRICE_BASES:
        raise _fail(src, "price_levels.basis", f"expected one of {', '.join(PRICE_BASES)}, "
                    f"got {s.prices!r}")
    if s.sharing is not None:
        if isinstance(s.sharing.penalty, bool) or not isinstance(
                s.sharing.penalty, int | float) or not s.sharing.penalty >= 0:
            raise _fail(src, "technology_sharing.penalty", "expected a number >= 0 (or inf), "
                        f"got {s.sharing.penalty!r}")
        number("technology_sharing.cap", s.sharing.cap, 0.0, 1.0)
        d = s.sharing.donors
        if isinstance(d, bool) or not isinstance(d, int) or d < 1:
            raise _fail(src, "technology_sharing.donors", f"expected a whole number >= 1, got "
                        f"{d!r}")
    if s.method not in METHODS:
        raise _fail(src, "solver.method", f"expected one of {', '.join(METHODS)}, got "
                    f"{s.method!r}")
    number("objective_epsilon", s.epsilon)
    number("capacity.growth", s.growth)
    for k, v in s.sector_growth.items():
        number(f"capacity.sectors.{k}", v)
    if s.labour_growth is not None:
        number("capacity.labour_growth", s.labour_growth)
    for k, v in s.labour_capacity.items():
        number(f"capacity.labour.{k}", v)
    if not s.labour_accounts:
        raise _fail(src, "capacity.labour_accounts", "expected at least one account")
    if s.delta is not None:
        number("sourcing.delta", s.delta, 0.0, 1.0)
    if s.mutual_aid is not None:
        number("mutual_aid.tolerance", s.mutual_aid)
    for i, sv in enumerate(s.sovereignty):
        number(f"sovereignty.pairs[{i}].share", sv.share, 0.0, 1.0)
    if isinstance(s.transport, str):
        if s.transport not in ("distance", "none"):
            raise _fail(src, "transport.cost", "expected 'distance', 'none' or a number of "
                        f"hours per unit, got {s.transport!r}")
    else:
        number("transport.cost", s.transport)
    number("transport.value_share_per_10000km", s.transport_share)
    number("solver.time_limit", s.time_limit, 1e-3)
    if s.tolerance is not None:
        number("solver.tolerance", s.tolerance, 1e-10)


# ---- TOML ---------------------------------------------------------------------------------
_SECTIONS: dict[str, set[str]] = {
    "": {"objective", "description", "capacity", "sourcing", "tradability", "sovereignty",
         "mutual_aid", "transport", "price_levels", "inventories", "solver", "accounts",
         "technology_sharing"},
    "objective": set(),
    "capacity": {"growth", "labour_growth", "labour_accounts", "labour", "sectors"},
    "sourcing": {"delta"},
    "tradability": {"non_tradable", "tradable", "also_non_tradable"},
    "sovereignty": {"share", "pairs"},
    "mutual_aid": {"tolerance"},
    "transport": {"cost", "value_share_per_10000km"},
    "price_levels": {"file", "basis"},
    "technology_sharing": {"penalty", "cap", "donors"},
    "inventories": {"category"},
    "solver": {"method", "time_limit", "epsilon", "tolerance"},
    "accounts": {"hours", "persons"},
}


def _keys(src: str, section: str, table: Mapping[str, Any]) -> None:
    allowed = _SECTIONS[section]
    for k in table:
        if k not in allowed:
            where = f"{section}.{k}" if section else k
            raise _fail(src, where, f"unknown key; expected one of {', '.join(sorted(allowed))}")


def _table(src: str, raw: Mapping[str, Any], key: str) -> dict[str, Any]:
    v = raw.get(key, {})
    if not isinstance(v, dict):
        raise _fail(src, key, f"expected a table [{key}], got {v!r}")
    _keys(src, key, v)
    return v


def _strings(src: str, key: str, v: Any) -> tuple[str, ...]:
    if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
        raise _fail(src, key, f"expected a list of strings, got {v!r}")
    return tuple(v)


def _off(v: Any) -> bool:
    return v is False or (isinstance(v, str) and v.lower() in ("none", "off"))


def scenario_from_dict(raw: Mapping[str, Any], source: str = "scenario", *,
                       base_dir: str | Path | None = None) -> PlanScenario:
    """Make a :class:`PlanScenario` from the parsed TOML layout (see ``example.toml``).

    Parameters
    ----------
    raw : mapping
        The parsed TOML.
    source : str
        Where it came from, for messages.
    base_dir : str or Path, optional
        Folder that a relative ``price_levels.file`` is relative to (default: the working
        folder). The price-level file is read here.

    Raises
    ------
    ScenarioError
        An unknown key, a value of the wrong type or out of range (the message names the key),
        or a price-level file that is missing or malformed.
    """
    _keys(source, "", raw)
    kw: dict[str, Any] = {"source": source}
    if "objective" in raw:
        kw["objective"] = raw["objective"]
    cap = _table(source, raw, "capacity")
    for k in ("growth", "labour_growth"):
        if k in cap:
            kw[k] = cap[k]
    if "labour_accounts" in cap:
        kw["labour_accounts"] = _strings(source, "capacity.labour_accounts", cap["labour_accounts"])
    for k, name in (("labour", "labour_capacity"), ("sectors", "sector_growth")):
        if k in cap:
            if not isinstance(cap[k], dict):
                raise _fail(source, f"capacity.{k}", f"expected a table, got {cap[k]!r}")
            kw[name] = dict(cap[k])
    src = _table(source, raw, "sourcing")
    if "delta" in src:
        kw["delta"] = None if _off(src["delta"]) else src["delta"]
    tr = _table(source, raw, "tradability")
    if tr:
        base = _strings(source, "tradability.non_tradable", tr["non_tradable"]) \
            if "non_tradable" in tr else DEFAULT_NON_TRADABLE_WIOD
        drop = set(_strings(source, "tradability.tradable", tr.get("tradable", [])))
        add = _strings(source, "tradability.also_non_tradable", tr.get("also_non_tradable", []))
        kw["non_tradable"] = tuple(s for s in (*base, *add) if s not in drop)
    sov = _table(source, raw, "sovereignty")
    pairs: list[Sovereignty] = []
    if "share" in sov:
        pairs.append(Sovereignty("*", "*", sov["share"]))
    for i, p in enumerate(sov.get("pairs", [])):
        if not isinstance(p, dict) or set(p) - {"region", "sector", "share"} or "share" not in p:
            raise _fail(source, f"sovereignty.pairs[{i}]",
                        f"expected {{region = ..., sector = ..., share = ...}}, got {p!r}")
        pairs.append(Sovereignty(str(p.get("region", "*")), str(p.get("sector", "*")),
                                 p["share"]))
    kw["sovereignty"] = tuple(pairs)
    ma = _table(source, raw, "mutual_aid")
    if "tolerance" in ma:
        kw["mutual_aid"] = None if _off(ma["tolerance"]) else ma["tolerance"]
    tp = _table(source, raw, "transport")
    if "cost" in tp:
        kw["transport"] = tp["cost"]
    if "value_share_per_10000km" in tp:
        kw["transport_share"] = tp["value_share_per_10000km"]
    pl = _table(source, raw, "price_levels")
    if "file" in pl:
        if not isinstance(pl["file"], str):
            raise _fail(source, PRICE_LEVELS_KEY, f"expected a file name, got {pl['file']!r}")
        f = Path(pl["file"])
        kw["price_levels"] = f if base_dir is None or f.is_absolute() else Path(base_dir) / f
    if "basis" in pl:
        kw["prices"] = pl["basis"]
    ts = _table(source, raw, "technology_sharing")
    if ts:
        kw["sharing"] = TechnologySharing(**ts)  # penalty = inf (TOML) adds no technique
    inv = _table(source, raw, "inventories")
    if "category" in inv:
        kw["inventory_category"] = inv["category"]
    sv = _table(source, raw, "solver")
    for k, name in (("method", "method"), ("time_limit", "time_limit"), ("epsilon", "epsilon"),
                    ("tolerance", "tolerance")):
        if k in sv:
            kw[name] = sv[k]
    acc = _table(source, raw, "accounts")
    if "hours" in acc:
        kw["hours_account"] = acc["hours"]
        kw.setdefault("labour_accounts", (acc["hours"],))
    if "persons" in acc:
        kw["persons_account"] = acc["persons"]
    return PlanScenario(**kw)


def load_scenario(path: str | Path | None) -> PlanScenario:
    """Read a TOML scenario (None: the defaults).

    Relative price-level paths are resolved against the scenario's folder; the price-level
    file is read here (the scenario holds the parsed table).

    Raises
    ------
    ScenarioError
        The file is missing, is not valid TOML, or has an unknown or invalid key; the
        price-level file it names is missing or malformed.
    """
    if path is None:
        return PlanScenario()
    p = Path(path)
    try:
        raw = tomllib.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ScenarioError(f"{p}: scenario file not found") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(f"{p}: not valid TOML: {exc}") from exc
    return scenario_from_dict(raw, source=str(p), base_dir=p.parent)


def example_scenario_path() -> Path:
    """The shipped example scenario, ``interlabor/data/scenarios/example.toml``."""
    return shipped_path("scenarios", "example.toml")
