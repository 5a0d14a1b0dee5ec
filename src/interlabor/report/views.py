"""What the report and the explorer show for one region: numbers only, no text, no figures.

* :func:`who_works` -- "who works for you": the region's consumption-based account by origin
  region, by origin sector (domestic and abroad), by skill or gender where the table has such
  accounts, per person where it has a population account, with the range over the account's
  variants (:mod:`interlabor.report._variants`);
* :func:`group_exchange` -- the unequal exchange between the region's group and the other
  (:func:`interlabor.exchange_report.summary_range`), and the same with the aggregate regions
  (WIOD's RoW, EXIOBASE's WA..WM) left out of both groups;
* :func:`chokepoints_view` -- the cells whose stoppage would stop most of the region's
  consumption per hour stopped, when :mod:`interlabor.shocks.leverage` is installed (else
  ``None``: the report and the explorer then leave the section out).

Every number comes from the analyses' public functions (:func:`interlabor.consumption_based`,
``summary_range``), so that the tests compare what a page shows with the Python API.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..errors import AccountNotFoundError, InterlaborError, LabelMismatchError
from ..exchange_report import default_pair, summary_range
from ..footprints import consumption_based
from ..groups import load_groups
from ..model import MRIO, Account
from ..units import parse_unit
from ._variants import CENTRAL, range_keys, variants
from .names import NAMES

__all__ = ["DIRECT", "EXCHANGE_ROWS", "Exchange", "WhoWorks", "breakdown_accounts",
           "chokepoints_view", "footprint_percentiles", "group_exchange", "is_country",
           "population_account", "who_works"]

#: Row of the origin-sector table for work bought directly by final demand (domestic workers).
DIRECT = "final demand (direct)"
#: Chokepoints leave out cells with fewer persons engaged (as ``interlabor chokepoints``).
MIN_PERSONS = 1000.0
#: Indicator ids of the exchange section, in the order shown.
EXCHANGE_ROWS = ("hours_given", "hours_received", "net_hours", "gross_hours_ratio",
                 "exchange_ratio_of_a", "exchange_ratio_of_b")

_SKILL = re.compile(r"(low|medium|middle|high)[ _-]?skill", re.IGNORECASE)
_GENDER = re.compile(r"(?<![a-z])(female|male|women|men)(?![a-z])", re.IGNORECASE)


def is_country(code: str) -> bool:
    """Whether a region code is one country (ISO3 of :data:`~interlabor.report.names.NAMES`)."""
    return code in NAMES


def _region(mrio: MRIO, region: str) -> int:
    try:
        return mrio.regions.index(region)
    except ValueError:
        raise LabelMismatchError(
            f"no region {region!r} in the table; expected one of {', '.join(mrio.regions)}",
            labels=[region]) from None


@dataclass(frozen=True)
class WhoWorks:
    """The consumption-based account of one region, decomposed.

    Attributes
    ----------
    region : str
    account : str
        Key of the account shown (the chosen variant's).
    central : str
        Key of the central account.
    variant : str
        Variant name (``central``, ``low``, ``high``, ...).
    unit : str
        Unit of every amount (the account's).
    modelled : bool
    year : int or None
    by_origin : Series
        Index ``origin_region`` (all regions, the region itself included: its domestic part,
        with the direct part of final demand), sorted descending.
    by_sector : DataFrame
        Index ``sector`` (code), columns ``name``, ``domestic``, ``abroad``, ``total``, sorted
        by ``total`` descending; the direct part of final demand is the row :data:`DIRECT`.
    total, domestic, abroad, share_abroad : float
    ranges : dict
        ``total``, ``abroad``, ``share_abroad`` -> (low, high) over the central account and
        the range's variants; empty without variants.
    breakdown : dict
        ``"skill"`` / ``"gender"`` -> DataFrame (index label; columns ``domestic``,
        ``abroad``, ``total``) from the table's skill or gender accounts.
    per_person : float or None
        ``total`` per person of the region's population (base unit per person: hours per
        person), where the table has a population account.
    per_person_unit : str
    population : float or None
        Persons.
    percentiles : (p5, p50, p95) or None
        Monte Carlo percentiles of ``total`` (:func:`footprint_percentiles`), when given.
    """

    region: str
    account: str
    central: str
    variant: str
    unit: str
    modelled: bool
    year: int | None
    by_origin: pd.Series
    by_sector: pd.DataFrame
    total: float
    domestic: float
    abroad: float
    share_abroad: float
    ranges: dict[str, tuple[float, float]] = field(default_factory=dict)
    breakdown: dict[str, pd.DataFrame] = field(default_factory=dict)
    per_person: float | None = None
    per_person_unit: str = ""
    population: float | None = None
    percentiles: tuple[float, float, float] | None = None


def _totals(col: np.ndarray, j: int) -> tuple[float, float, float, float]:
    total = float(col.sum())
    dom = float(col[j])
    return total, dom, total - dom, (1.0 - dom / total) if total else float("nan")


def population_account(mrio: MRIO) -> Account | None:
    """The table's population account (named ``population``, counting persons), if any."""
    for a in mrio.accounts:
        if a.name != "population" or getattr(a, "variant_of", None) is not None:
            continue
        try:
            if parse_unit(a.unit).kind == "persons":
                return a
        except InterlaborError:
            continue
    return None


def breakdown_accounts(mrio: MRIO, account: str) -> dict[str, dict[str, str]]:
    """Skill and gender accounts of the same kind as ``account`` (label -> account key).

    An account belongs to a breakdown when it measures the same kind (time worked, persons)
    as ``account``, is not ``account`` or one of its variants, and its name says a skill
    level (``high_skilled``, ``Low-skilled``) or a gender (``female``, ``male``). An account
    that says both (EXIOBASE's ``Low-skilled male``) counts in both, summed over the other.

    Returns
    -------
    dict
        ``{"skill": {"high": key, ...}, "gender": {"female": key, ...}}``, a breakdown only
        when it has at least two labels.
    """
    base = mrio.account(account)
    kind = parse_unit(base.unit).kind
    own = set(variants(mrio, account).values())
    found: dict[str, dict[str, list[str]]] = {"skill": {}, "gender": {}}
    for a in mrio.accounts:
        if a.key in own:
            continue
        try:
            if parse_unit(a.unit).kind != kind:
                continue
        except InterlaborError:
            continue
        for part, rx in (("skill", _SKILL), ("gender", _GENDER)):
            m = rx.search(a.name)
            if m:
                label = m.group(1).lower().replace("middle", "medium")
                label = {"women": "female", "men": "male"}.get(label, label)
                found[part].setdefault(label, []).append(a.key)
    return {part: {k: "+".join(v) for k, v in labels.items()}
            for part, labels in found.items() if len(labels) >= 2}


def _by_origin(mrio: MRIO, key: str) -> pd.DataFrame:
    out = consumption_based(mrio, key, by="origin")
    assert isinstance(out, pd.DataFrame)
    return out


def _sum_of(mrio: MRIO, keys: str, j: int, unit_scale: float) -> np.ndarray:
    """Origin column of region ``j`` summed over ``+``-joined accounts, in the base unit."""
    col = np.zeros(mrio.n_regions)
    for k in keys.split("+"):
        acc = mrio.account(k)
        col += _by_origin(mrio, k).to_numpy()[:, j] * parse_unit(acc.unit).scale / unit_scale
    return col


def footprint_percentiles(mrio: MRIO, account: str = "hours", *, samples: int = 200,
                          seed: int = 0) -> pd.DataFrame | None:
    """Monte Carlo 5th, 50th and 95th percentiles of every region's footprint, or None.

    :func:`interlabor.uncertainty.footprint_uncertainty` (``by="region"``) with ``samples``
    draws of the labour accounts' stated assumptions; None for a table without the labour
    structure (not built with the modelled labour accounts) or another account.

    Returns
    -------
    DataFrame or None
        Index ``consumer_region``; columns ``central``, ``p5``, ``p50``, ``p95`` (account
        units); ``attrs`` say samples, seed and what the percentiles mean.
    """
    from ..uncertainty import footprint_uncertainty

    try:
        table, _ = footprint_uncertainty(mrio, samples, by="region", account=account,
                                         seed=seed, drivers=False)
    except InterlaborError:
        return None
    return table


def who_works(mrio: MRIO, region: str, account: str = "hours", variant: str = CENTRAL, *,
              percentiles: pd.DataFrame | None = None) -> WhoWorks:
    """"Who works for you": ``region``'s consumption-based ``account``, decomposed.

    Parameters
    ----------
    mrio : MRIO
    region : str
        Consuming region (a code of ``mrio.regions``).
    account : str
        The central account (``hours``).
    variant : str
        One of :func:`interlabor.report._variants.variants` (``central``,
        ``calibration:max``, ...).
    percentiles : DataFrame, optional
        :func:`footprint_percentiles` of the table: the region's row is kept.

    Returns
    -------
    WhoWorks
        Amounts in the account's unit: ``by_origin = consumption_based(mrio, key,
        by="origin")[region]``, ``by_sector`` = the ``origin-sector`` column of ``region``
        summed over origin regions (own region: domestic; others: abroad).

    Raises
    ------
    LabelMismatchError
        ``region`` is not in the table.
    AccountNotFoundError
        No such account or variant (the message names the variants there are).
    """
    j = _region(mrio, region)
    names = variants(mrio, account)
    if variant not in names:
        raise AccountNotFoundError(f"account {account!r} has no variant {variant!r}; "
                                   f"available: {', '.join(names)}")
    key = names[variant]
    acc = mrio.account(key)
    F = _by_origin(mrio, key)
    col = F.to_numpy()[:, j]
    total, dom, abroad, share = _totals(col, j)
    by_origin = pd.Series(col, index=F.index, name=key).sort_values(ascending=False)

    T = consumption_based(mrio, key, by="origin-sector")
    assert isinstance(T, pd.DataFrame)
    tcol = T[region]
    origin = tcol.index.get_level_values(0)
    sector = tcol.index.get_level_values(1)
    home = origin == region
    dom_s = tcol[home].groupby(sector[home]).sum()
    abr_s = tcol[~home].groupby(sector[~home]).sum()
    order = [*mrio.sectors, *([DIRECT] if DIRECT in set(sector) else [])]
    by_sector = pd.DataFrame({"domestic": dom_s.reindex(order, fill_value=0.0),
                              "abroad": abr_s.reindex(order, fill_value=0.0)})
    by_sector["total"] = by_sector["domestic"] + by_sector["abroad"]
    names_of = {**mrio.sector_name_of, DIRECT: DIRECT}
    by_sector.insert(0, "name", [names_of.get(s, s) for s in by_sector.index])
    by_sector.index.name = "sector"
    by_sector = by_sector.sort_values("total", ascending=False)

    ranges: dict[str, tuple[float, float]] = {}
    keys = [names[CENTRAL], *range_keys(mrio, account)]
    if len(keys) > 1:
        stats = np.array([_totals(_by_origin(mrio, k).to_numpy()[:, j], j) for k in keys])
        for i, what in ((0, "total"), (2, "abroad"), (3, "share_abroad")):
            ranges[what] = (float(np.nanmin(stats[:, i])), float(np.nanmax(stats[:, i])))

    scale = parse_unit(acc.unit).scale
    breakdown = {}
    for part, labels in breakdown_accounts(mrio, account).items():
        rows = {}
        for label, keys_joined in labels.items():
            c = _sum_of(mrio, keys_joined, j, scale)
            rows[label] = {"domestic": c[j], "abroad": c.sum() - c[j], "total": c.sum()}
        breakdown[part] = pd.DataFrame(rows).T.rename_axis(part)

    per_person = population = None
    per_unit = ""
    pop = population_account(mrio)
    if pop is not None:
        p = consumption_based(mrio, pop, by="region")
        population = float(p[region]) * parse_unit(pop.unit).scale
        if population > 0:
            u = parse_unit(acc.unit)
            per_person = total * u.scale / population
            per_unit = f"{u.base} per person"
    return WhoWorks(
        region=region, account=key, central=names[CENTRAL], variant=variant, unit=acc.unit,
        modelled=bool(acc.modelled), year=mrio.year, by_origin=by_origin, by_sector=by_sector,
        total=total, domestic=dom, abroad=abroad, share_abroad=share, ranges=ranges,
        breakdown=breakdown, per_person=per_person, per_person_unit=per_unit,
        population=population,
        percentiles=None if percentiles is None or region not in percentiles.index else
        tuple(float(percentiles.loc[region, c]) for c in ("p5", "p50", "p95")))  # type: ignore[arg-type]


@dataclass(frozen=True)
class Exchange:
    """Unequal exchange between the region's group and the other group.

    Attributes
    ----------
    region, group : str
        The region and its group (``North``).
    pair : (str, str)
        Giving and receiving group (``("South", "North")``).
    table : DataFrame
        Index indicator id (:data:`EXCHANGE_ROWS`); columns ``label``, ``unit``, ``value``,
        ``low``, ``high`` (NaN without variants), and the same with the aggregate regions
        left out of both groups: ``value_countries``, ``low_countries``, ``high_countries``
        (then the exchange ratios are those of the pair's trade with each other,
        ``ER_a = (H[a,b] / V[a,b]) / (H[b,a] / V[b,a])`` and ``ER_b = 1 / ER_a``, which is the
        definition itself when the two groups are the whole world).
    left_out : list of str
        Aggregate regions left out of the second set of columns.
    modelled : bool
    grouping : str
        The grouping's name and source.
    """

    region: str
    group: str
    pair: tuple[str, str]
    table: pd.DataFrame
    left_out: list[str]
    modelled: bool
    grouping: str


def _summary(mrio: MRIO, groups: str | Mapping[str, str], pair: tuple[str, str] | None,
             key: str, others: tuple[str, ...], value_added: str) -> pd.DataFrame:
    return summary_range(mrio, groups, pair, hours=key, variants=others,
                         value_added=value_added, on_undefined="report")


def _pairwise(s: pd.DataFrame) -> dict[str, float]:
    """The exchange rows from the flows between the pair alone (no third group's trade)."""
    v = s["value"]
    hg, hr = v["hours_given"], v["hours_received"]
    vg, vr = v["value_added_given"], v["value_added_received"]
    with np.errstate(all="ignore"):
        er = (hg / vg) / (hr / vr) if vg and vr and hr else float("nan")
    return {"hours_given": hg, "hours_received": hr, "net_hours": v["net_hours"],
            "gross_hours_ratio": v["gross_hours_ratio"], "exchange_ratio_of_a": er,
            "exchange_ratio_of_b": 1.0 / er if er else float("nan")}


def group_exchange(mrio: MRIO, region: str, account: str = "hours", variant: str = CENTRAL,
                   *, groups: str = "north-south", value_added: str = "value_added"
                   ) -> Exchange:
    """The exchange South -> North (or the grouping's pair) seen from ``region``'s group.

    Parameters
    ----------
    mrio : MRIO
    region : str
    account, variant : str
        Hours account and variant; the range is over the central account and the range's
        variants, whichever is chosen.
    groups : str
        A grouping of :func:`interlabor.groups.load_groups` (two groups, or ``South`` and
        ``North`` among them).
    value_added : str
        Value-added account.

    Returns
    -------
    Exchange

    Raises
    ------
    AccountNotFoundError, LabelMismatchError
        As :func:`interlabor.exchange_report.summary_range`; or ``region`` not in the table.
    """
    _region(mrio, region)
    names = variants(mrio, account)
    key = names.get(variant, names[CENTRAL])
    others = tuple(k for k in (names[CENTRAL], *range_keys(mrio, account)) if k != key)
    g = load_groups(groups, mrio.regions)
    pair = default_pair(list(dict.fromkeys(g.tolist())))
    full = _summary(mrio, groups, pair, key, others, value_added)
    left_out = [r for r in mrio.regions if not is_country(r)]
    cols = ["label", "unit", "value", "low", "high"]
    table = full.reindex(list(EXCHANGE_ROWS)).reindex(columns=cols).rename_axis("indicator")
    mapping = {r: (g[r] if is_country(r) else "(left out)") for r in mrio.regions}
    rows = [_pairwise(_summary(mrio, mapping, pair, k, (), value_added))
            for k in (key, *others)]
    stack = np.array([[r[i] for i in EXCHANGE_ROWS] for r in rows])
    table["value_countries"] = stack[0]
    with np.errstate(all="ignore"):
        table["low_countries"] = np.nanmin(stack, axis=0) if others else np.nan
        table["high_countries"] = np.nanmax(stack, axis=0) if others else np.nan
    return Exchange(region=region, group=str(g[region]), pair=pair, table=table,
                    left_out=left_out, modelled=bool(full.attrs.get("modelled")),
                    grouping=str(g.attrs.get("groups", groups)))


def chokepoints_view(mrio: MRIO, region: str, account: str = "hours", variant: str = CENTRAL,
                     *, top: int = 10) -> pd.DataFrame | None:
    """The top chokepoints of ``region``'s consumption, or None without the shocks module.

    The hook for :mod:`interlabor.shocks.leverage` (imported only if it is installed): the
    cells of other regions ranked by the final demand of ``region`` lost per hour stopped
    there (:func:`interlabor.shocks.leverage.chokepoints` with ``consumer=region``), cells of
    fewer than :data:`MIN_PERSONS` persons engaged left out (their modelled hours are least
    sure, and per hour they rank first).

    Returns
    -------
    DataFrame or None
        The ranking's first ``top`` rows (columns rank, region, sector, sector_name, value,
        unit, hours, ...); None when :mod:`interlabor.shocks.leverage` is not there.
    """
    try:
        lev_mod = importlib.import_module("interlabor.shocks.leverage")
    except ImportError:
        return None
    _region(mrio, region)
    key = variants(mrio, account).get(variant, mrio.account(account).key)
    lev = lev_mod.leverage(mrio, hours=key)
    out: pd.DataFrame = lev_mod.chokepoints(lev, mrio, consumer=region, top=top,
                                            min_persons=MIN_PERSONS)
    out.attrs = {**out.attrs, "modelled": bool(lev.attrs.get("modelled"))}
    return out
