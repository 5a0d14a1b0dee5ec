"""Unequal exchange: hours given and received between regions and groups, valued at wages.

Notation (formulas, references and approximations in ``docs/exchange.md``): ``H[o, d]`` hours
worked in origin ``o`` for the final demand of destination ``d``, ``V[o, d]`` value added of
``o`` embodied in ``d``'s final demand and ``C[o, d]`` compensation, all footprint flows
``diag(f / x) L Y`` from the one cached Leontief solve of the table, summed over origin
sectors, with each account's direct final-demand part on the diagonal
(:func:`~interlabor.kernel.flows_by_origin`). Exports of ``r`` are ``sum_{d != r} F[r, d]``,
imports ``sum_{o != r} F[o, r]``; for groups the flows are summed over member regions first,
so trade inside a group is not exported.

This module builds the flows (:func:`exchange_flows`, :meth:`ExchangeFlows.grouped`,
:meth:`ExchangeFlows.without`); the indicators computed from them live in
:mod:`interlabor.exchange_indicators` and are re-exported here: :func:`trade` (exchange
ratio), :func:`net_transfer` (net hours, gross hours ratio), :func:`drain` (valuations
(a)-(d) and the wage-bill balance), :func:`pairwise_drain`, :func:`price_level_drain` and
:func:`shares`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

import numpy as np
import pandas as pd

from . import kernel
from .errors import InvalidValueError, LabelMismatchError, UnitError
from .exchange_indicators import *  # noqa: F403 (the indicators, re-exported)
from .exchange_indicators import __all__ as _INDICATORS
from .footprints import consumption_based
from .groups import load_groups
from .model import MRIO, Account

__all__ = ["ExchangeFlows", "PriceLevelSource", "exchange_flows", "flows_by_origin_sector",
           *_INDICATORS]

#: Basis of compensation accounts that do not say otherwise.
EMPLOYEES = "compensation of employees"


class PriceLevelSource(Protocol):
    """Country price levels of many years (e.g. :class:`interlabor.price_levels.PriceLevels`)."""

    def for_regions(self, regions: Iterable[str], year: int | None) -> pd.Series:
        """Price level ratio of each region in ``year`` (``attrs["source"]``: source, vintage)."""
        ...


@dataclass(frozen=True)
class ExchangeFlows:
    """Origin x destination flows of hours, value added and compensation (regions or groups).

    Attributes
    ----------
    hours, value_added : DataFrame
        Square, index ``origin``, columns ``destination``; the hours account's unit and the
        value-added account's money unit.
    compensation : DataFrame or None
        In the value-added money unit (converted); labour income when adjusted.
    skills : mapping
        Skill (or gender) label -> (hours flows, compensation flows or None) in the same units.
    units : mapping
        ``hours`` (account unit), ``money`` (value-added unit), ``hour_scale`` and
        ``money_scale`` (multipliers to one hour and one currency unit).
    accounts : mapping
        Role (``hours``, ``value_added``, ``compensation``, ...) -> account key used.
    modelled : bool
        True when any input account is a modelled estimate.
    prices : str
        Price basis and year of every monetary result.
    compensation_basis : str
        ``"compensation of employees"`` or the labour-income adjustment used.
    groups : Series or None
        Region -> group when the flows are grouped.
    year : int or None
    regional : ExchangeFlows or None
        The region flows behind grouped flows (for pairwise valuations and
        :meth:`without`); None for region flows.
    price_levels : Series or None
        Price level ratio of each region (PPP over market exchange rate, USA = 1;
        ``attrs["source"]`` names source and vintage), for :func:`price_level_drain`.
    """

    hours: pd.DataFrame
    value_added: pd.DataFrame
    compensation: pd.DataFrame | None
    skills: Mapping[str, tuple[pd.DataFrame, pd.DataFrame | None]]
    units: Mapping[str, Any]
    accounts: Mapping[str, str]
    modelled: bool
    prices: str
    compensation_basis: str
    groups: pd.Series | None = None
    year: int | None = None
    notes: tuple[str, ...] = field(default=())
    regional: ExchangeFlows | None = None
    price_levels: pd.Series | None = None

    @property
    def labels(self) -> list[str]:
        """Regions (or groups) in order."""
        return list(self.hours.index)

    def grouped(self, groups: str | Mapping[str, str] | pd.Series) -> ExchangeFlows:
        """Sum the flows over the members of each group (``groups`` as :func:`load_groups`).

        Groups appear in order of first appearance in the table; trade inside a group becomes
        the diagonal (it is not exported). A grouping that changes over time is read for the
        flows' ``year``. The result keeps these region flows as ``regional``.
        """
        g = load_groups(groups, self.labels, year=self.year)
        order = list(dict.fromkeys(g.tolist()))

        def agg(df: pd.DataFrame) -> pd.DataFrame:
            out = df.T.groupby(g.to_numpy()).sum().T.groupby(g.to_numpy()).sum()
            out = out.loc[order, order]
            out.index.name, out.columns.name = "origin", "destination"
            return out

        def agg_opt(df: pd.DataFrame | None) -> pd.DataFrame | None:
            return None if df is None else agg(df)

        skills = {k: (agg(h), agg_opt(c)) for k, (h, c) in self.skills.items()}
        return replace(
            self, hours=agg(self.hours), value_added=agg(self.value_added),
            compensation=agg_opt(self.compensation), skills=skills, groups=g, regional=self,
        )

    def without(self, regions: Iterable[str]) -> ExchangeFlows:
        """The flows with ``regions`` removed (their flows with every region), regrouped.

        For the robustness lines "without RoW": the aggregate rest-of-world region neither
        gives nor receives, and its trade no longer counts in anyone's exports.

        Raises
        ------
        LabelMismatchError
            If a region is not in the (region) flows, or every region would be removed.
        """
        base = self.regional if self.regional is not None else self
        drop = list(dict.fromkeys(regions))
        unknown = [r for r in drop if r not in base.labels]
        keep = [r for r in base.labels if r not in drop]
        if unknown or not keep:
            raise LabelMismatchError(
                f"cannot remove {', '.join(unknown) or 'every region'}; expected regions of "
                f"these flows ({', '.join(base.labels)})", labels=unknown)

        def cut(df: pd.DataFrame) -> pd.DataFrame:
            return df.loc[keep, keep]

        out = replace(
            base, hours=cut(base.hours), value_added=cut(base.value_added),
            compensation=None if base.compensation is None else cut(base.compensation),
            skills={k: (cut(h), None if c is None else cut(c))
                    for k, (h, c) in base.skills.items()},
            notes=(*base.notes, f"without {', '.join(drop)}: their flows with every region "
                   "removed"),
        )
        return out if self.groups is None else out.grouped(self.groups.drop(drop))


# ---- building the flows -------------------------------------------------------------------
def _region_flows(mrio: MRIO, values: np.ndarray, direct: np.ndarray | None) -> np.ndarray:
    """``sum_{i in o} (f_i / x_i) X[i, d]`` plus the direct final-demand part on the diagonal."""
    s = kernel.intensities(mrio, values)
    return kernel.flows_by_origin(mrio, s, kernel.direct_by_region(mrio, direct))


def _frame(mrio: MRIO, F: np.ndarray) -> pd.DataFrame:
    idx = pd.Index(mrio.regions, name="origin")
    return pd.DataFrame(F, index=idx, columns=pd.Index(mrio.regions, name="destination"))


def _need(acc: Account, kind: str, role: str) -> float:
    unit = acc.parsed_unit
    if unit.kind != kind:
        raise UnitError(
            f"account {acc.key!r} passed as {role} is in {acc.unit!r} ({unit.kind}); expected "
            f"a unit of {kind}"
        )
    return unit.scale


def _money(acc: Account, role: str, currency: str | None) -> tuple[float, str]:
    unit = acc.parsed_unit
    if not unit.monetary:
        raise UnitError(
            f"account {acc.key!r} passed as {role} is in {acc.unit!r}; expected a money unit "
            f"such as 'USD million'"
        )
    if currency is not None and unit.base != currency:
        raise UnitError(
            f"account {acc.key!r} passed as {role} is in {unit.base}, value added in {currency}; "
            "expected one currency"
        )
    return unit.scale, unit.base


def _check_covers(mrio: MRIO, hours: Account, comp: Account, role: str) -> None:
    R, S = mrio.n_regions, mrio.n_sectors
    h = hours.values.reshape(R, S).sum(axis=1)
    c = comp.values.reshape(R, S).sum(axis=1)
    if comp.final_demand is not None:
        c = c + comp.final_demand.reshape(R, -1).sum(axis=1)
    gap = [r for r, hr, cr in zip(mrio.regions, h, c, strict=True) if hr > 0 and cr == 0]
    if gap:
        raise InvalidValueError(
            f"{role} account {comp.key!r} is zero for region(s) {', '.join(gap)} where "
            f"{hours.key!r} records hours; expected compensation for every region that works "
            "(missing data?)",
            labels=gap,
        )


def _labour_income_factor(mrio: MRIO, persons: Account, employees: Account) -> np.ndarray:
    """``persons / employees`` per region-sector; the region's ratio where employees are 0."""
    _need(persons, "persons", "persons engaged")
    _need(employees, "persons", "employees")
    scale = persons.parsed_unit.scale / employees.parsed_unit.scale
    R, S = mrio.n_regions, mrio.n_sectors
    p, e = persons.values.reshape(R, S) * scale, employees.values.reshape(R, S)
    pr, er = p.sum(axis=1), e.sum(axis=1)
    bad = [r for r, a, b in zip(mrio.regions, pr, er, strict=True) if a > 0 and b <= 0]
    if bad:
        raise InvalidValueError(
            f"employees account {employees.key!r} is zero for region(s) {', '.join(bad)} with "
            "persons engaged; the labour-income adjustment needs employees",
            labels=bad,
        )
    with np.errstate(divide="ignore", invalid="ignore"):
        region = np.where(er > 0, pr / er, 1.0)
        f = np.where(e > 0, p / e, region[:, None])
    return f.ravel()


def exchange_flows(
    mrio: MRIO,
    *,
    hours: str = "hours",
    value_added: str = "value_added",
    compensation: str | None = None,
    skills: Mapping[str, tuple[str, str | None]] | None = None,
    labour_income: tuple[str, str] | None = None,
    price_levels: pd.Series | Mapping[str, float] | PriceLevelSource | None = None,
) -> ExchangeFlows:
    """Region x region flows of hours, value added and compensation from one Leontief solve.

    Parameters
    ----------
    mrio : MRIO
    hours : str
        Hours account (unit of time worked), e.g. ``hours``, ``hours (calibration:max)``,
        ``labour/hours``.
    value_added : str
        Value-added account (money); its unit is the money unit of every result.
    compensation : str, optional
        Compensation of employees or labour income (money, same currency); needed for wage
        valuations. Its basis is ``compensation of employees`` unless the account's
        description starts with ``labour income`` (the modelled account of
        :mod:`interlabor.accounts.labour_income`), whose first clause then names it.
    skills : mapping, optional
        Label -> (hours account, compensation account or None), e.g. ``{"high": ("hours_hs",
        "comp_hs"), ...}``; for valuation (a) by skill and for flows by skill or gender.
    labour_income : (persons, employees), optional
        Accounts of persons engaged and employees: compensation is multiplied by
        ``persons / employees`` per region-sector (the labour-income adjustment, so that the
        self-employed, who work hours but earn no compensation, are valued at employees' wages).
    price_levels : Series, mapping or PriceLevelSource, optional
        Price level ratio of each region (PPP over market exchange rate, USA = 1), or a source
        of them by year (:func:`interlabor.price_levels.load_price_levels`), read for the
        table's year: for :func:`price_level_drain`.

    Returns
    -------
    ExchangeFlows

    Raises
    ------
    AccountNotFoundError
        If an account is not in the table.
    UnitError
        If hours are not time, value added or compensation not money, or currencies differ.
    InvalidValueError
        If compensation is zero for a region that records hours.
    """
    acc_h = mrio.account(hours)
    h_scale = _need(acc_h, "time worked", "hours")
    acc_v = mrio.account(value_added)
    m_scale, currency = _money(acc_v, "value added", None)
    used: list[Account] = [acc_h, acc_v]
    roles = {"hours": acc_h.key, "value_added": acc_v.key}

    factor: np.ndarray | None = None
    basis = EMPLOYEES
    if labour_income is not None:
        acc_p, acc_e = mrio.account(labour_income[0]), mrio.account(labour_income[1])
        factor = _labour_income_factor(mrio, acc_p, acc_e)
        used += [acc_p, acc_e]
        roles |= {"persons": acc_p.key, "employees": acc_e.key}
        basis = (f"labour income: compensation of employees x {acc_p.key} / {acc_e.key} "
                 "per region-sector")

    def comp_flows(name: str, role: str, h: Account) -> pd.DataFrame:
        acc = mrio.account(name)
        scale, _ = _money(acc, role, currency)
        _check_covers(mrio, h, acc, role)
        used.append(acc)
        vals = acc.values * (scale / m_scale)
        direct = None if acc.final_demand is None else acc.final_demand * (scale / m_scale)
        if factor is not None:
            vals = vals * factor  # households' direct employees are all employees: no factor
        return _frame(mrio, _region_flows(mrio, vals, direct))

    H = _frame(mrio, _region_flows(mrio, acc_h.values, acc_h.final_demand))
    V = _frame(mrio, _region_flows(mrio, acc_v.values, acc_v.final_demand))
    C = None
    if compensation is not None:
        C = comp_flows(compensation, "compensation", acc_h)
        roles["compensation"] = used[-1].key
        if labour_income is None:
            basis = _basis(used[-1])
    skill_flows: dict[str, tuple[pd.DataFrame, pd.DataFrame | None]] = {}
    for label, (h_name, c_name) in (skills or {}).items():
        a = mrio.account(h_name)
        f = _need(a, "time worked", f"hours of {label}") / h_scale
        used.append(a)
        roles[f"hours:{label}"] = a.key
        fd = None if a.final_demand is None else a.final_demand * f
        Hk = _frame(mrio, _region_flows(mrio, a.values * f, fd))
        Ck = None
        if c_name is not None:
            Ck = comp_flows(c_name, f"compensation of {label}", a)
            roles[f"compensation:{label}"] = used[-1].key
        skill_flows[label] = (Hk, Ck)

    levels = _price_levels(mrio, price_levels)
    price_year = mrio.money.price_year or mrio.year
    prices = f"{acc_v.unit}, {mrio.money.price_basis}" + (
        f", current prices of {price_year}" if price_year else "")
    return ExchangeFlows(
        hours=H, value_added=V, compensation=C, skills=skill_flows,
        units={"hours": acc_h.unit, "money": acc_v.unit, "hour_scale": h_scale,
               "money_scale": m_scale, "currency": currency},
        accounts=roles, modelled=any(a.modelled for a in used), prices=prices,
        compensation_basis=basis, year=mrio.year, price_levels=levels,
    )


def _basis(acc: Account) -> str:
    """What a compensation account measures: its own statement for labour income."""
    text = acc.description.strip()
    if text.lower().startswith("labour income"):
        return text.split(":")[0].split(";")[0].strip()
    return EMPLOYEES


def _price_levels(mrio: MRIO, given: pd.Series | Mapping[str, float] | PriceLevelSource | None
                  ) -> pd.Series | None:
    if given is None:
        return None
    if isinstance(given, pd.Series | Mapping):
        out = pd.Series(dict(given), dtype=float)
        out.attrs = dict(getattr(given, "attrs", {}))
        return out
    return given.for_regions(mrio.regions, mrio.year)


def flows_by_origin_sector(
    mrio: MRIO, groups: str | Mapping[str, str] | pd.Series | None = None, *, hours: str = "hours"
) -> pd.DataFrame:
    """Hours by (origin, origin sector) x destination, by region or by group.

    Household direct hours appear as sector ``"final demand (direct)"`` of the consumer.
    """
    acc = mrio.account(hours)
    T = consumption_based(mrio, acc, by="origin-sector").rename_axis(  # with direct rows
        index=["origin", "sector"], columns="destination")
    if groups is not None:
        g = load_groups(groups, mrio.regions, year=mrio.year)
        origin = g.reindex(T.index.get_level_values("origin")).to_numpy()
        T = T.groupby([origin, T.index.get_level_values("sector")], sort=False).sum()
        T.index.names = ["origin", "sector"]
        T = T.T.groupby(g.to_numpy(), sort=False).sum().T
        T.columns.name = "destination"
    T.attrs = {"account": acc.key, "unit": acc.unit, "modelled": acc.modelled}
    return T
