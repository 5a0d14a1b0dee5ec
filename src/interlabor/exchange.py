"""Unequal exchange: hours given and received between regions and groups, valued at wages.

Notation (formulas, references and approximations in ``docs/exchange.md``): ``H[o, d]`` hours
worked in origin ``o`` for the final demand of destination ``d``, ``V[o, d]`` value added of
``o`` embodied in ``d``'s final demand and ``C[o, d]`` compensation, all footprint flows
``diag(f / x) L Y`` from the one cached Leontief solve of the table, summed over origin
sectors, with each account's direct final-demand part on the diagonal
(:func:`~interlabor.kernel.flows_by_origin`). Exports of ``r`` are ``sum_{d != r} F[r, d]``,
imports ``sum_{o != r} F[o, r]``; for groups the flows are summed over member regions first,
so trade inside a group is not exported.

* exchange ratio ``ER_r = (H_exp / V_exp) / (H_imp / V_imp)``;
* gross hours ratio ``H[a, b] / H[b, a]``; net transfer ``H[a, b] - H[b, a]``;
* drain of net hours ``N = H[a, b] - H[b, a]`` valued (a) at ``b``'s same-skill wage
  ``C_k,exp(b) / H_k,exp(b)``, (b) at the world average wage, (c) at the origin's own wage
  ``C[a, b] - C[b, a]``, (d) at ``b``'s value added per hour ``V_exp(b) / H_exp(b)``;
* shares of world hours and world value added, production- and consumption-based.

A ratio with a zero denominator raises :class:`~interlabor.errors.UndefinedRatioError`, or with
``on_undefined="report"`` is NaN beside a column that says why; never a silent inf or NaN.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal

import numpy as np
import pandas as pd

from . import kernel
from .errors import InvalidValueError, LabelMismatchError, UndefinedRatioError, UnitError
from .footprints import consumption_based
from .groups import load_groups
from .indicators import INDICATORS
from .model import MRIO, Account

__all__ = [
    "ExchangeFlows",
    "drain",
    "exchange_flows",
    "flows_by_origin_sector",
    "indicator_table",
    "net_transfer",
    "shares",
    "trade",
    "unit_of",
]

OnUndefined = Literal["raise", "report"]


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

    @property
    def labels(self) -> list[str]:
        """Regions (or groups) in order."""
        return list(self.hours.index)

    def grouped(self, groups: str | Mapping[str, str] | pd.Series) -> ExchangeFlows:
        """Sum the flows over the members of each group (``groups`` as :func:`load_groups`).

        Groups appear in order of first appearance in the table; trade inside a group becomes
        the diagonal (it is not exported).
        """
        g = load_groups(groups, self.labels)
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
            compensation=agg_opt(self.compensation), skills=skills, groups=g,
        )


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
) -> ExchangeFlows:
    """Region x region flows of hours, value added and compensation from one Leontief solve.

    Parameters
    ----------
    mrio : MRIO
    hours : str
        Hours account (unit of time worked), e.g. ``hours``, ``hours_low``, ``labour/hours``.
    value_added : str
        Value-added account (money); its unit is the money unit of every result.
    compensation : str, optional
        Compensation of employees (money, same currency); needed for wage valuations.
    skills : mapping, optional
        Label -> (hours account, compensation account or None), e.g. ``{"high": ("hours_hs",
        "comp_hs"), ...}``; for valuation (a) by skill and for flows by skill or gender.
    labour_income : (persons, employees), optional
        Accounts of persons engaged and employees: compensation is multiplied by
        ``persons / employees`` per region-sector (the labour-income adjustment, so that the
        self-employed, who work hours but earn no compensation, are valued at employees' wages).

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
    basis = "compensation of employees"
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

    price_year = mrio.money.price_year or mrio.year
    prices = f"{acc_v.unit}, {mrio.money.price_basis}" + (
        f", current prices of {price_year}" if price_year else "")
    return ExchangeFlows(
        hours=H, value_added=V, compensation=C, skills=skill_flows,
        units={"hours": acc_h.unit, "money": acc_v.unit, "hour_scale": h_scale,
               "money_scale": m_scale, "currency": currency},
        accounts=roles, modelled=any(a.modelled for a in used), prices=prices,
        compensation_basis=basis, year=mrio.year,
    )


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
        g = load_groups(groups, mrio.regions)
        origin = g.reindex(T.index.get_level_values("origin")).to_numpy()
        T = T.groupby([origin, T.index.get_level_values("sector")], sort=False).sum()
        T.index.names = ["origin", "sector"]
        T = T.T.groupby(g.to_numpy(), sort=False).sum().T
        T.columns.name = "destination"
    T.attrs = {"account": acc.key, "unit": acc.unit, "modelled": acc.modelled}
    return T


# ---- indicators ---------------------------------------------------------------------------
#: One row of an indicator table: id, value, note and (for by-skill rows) the part.
Row = tuple[str, float, str, str | None]


def _ratio(num: float, den: float, what: str, why: str, on_undefined: OnUndefined
           ) -> tuple[float, str]:
    if den != 0 and np.isfinite(num) and np.isfinite(den):
        return float(num) / float(den), ""
    reason = f"{what} undefined: {why}"
    if on_undefined == "raise":
        raise UndefinedRatioError(reason + " (pass on_undefined='report' to report it instead)")
    return float("nan"), reason


def _exp_imp(F: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    a = F.to_numpy()
    d = np.diag(a)
    return a.sum(axis=1) - d, a.sum(axis=0) - d


def unit_of(kind: str, ef: ExchangeFlows) -> str:
    """The unit string of an indicator unit kind (:data:`~interlabor.indicators.UNIT_KINDS`)."""
    units = {"hours": ef.units["hours"], "money": ef.units["money"],
             "wage": f"{ef.units['currency']} per hour",
             "hours_per_money": f"{ef.units['hours']} per {ef.units['money']}",
             "ratio": "1", "share": "share of world total (0-1)"}
    return units[kind]


def _attrs(obj: pd.DataFrame, ef: ExchangeFlows, **more: object) -> pd.DataFrame:
    obj.attrs = {"modelled": ef.modelled, "prices": ef.prices, "accounts": dict(ef.accounts),
                 "compensation_basis": ef.compensation_basis, "year": ef.year, **more}
    return obj


def _columns(out: pd.DataFrame, ef: ExchangeFlows) -> pd.DataFrame:
    """``attrs`` of a region x indicator table: each column's unit and label."""
    ids = [c for c in out.columns if c in INDICATORS]
    return _attrs(out, ef, units={c: unit_of(INDICATORS[c].unit_kind, ef) for c in ids}
                  | ({"undefined": ""} if "undefined" in out.columns else {}),
                  labels={c: INDICATORS[c].label() for c in ids})


def trade(ef: ExchangeFlows, *, on_undefined: OnUndefined = "raise") -> pd.DataFrame:
    """Exports, imports and the labour exchange ratio of every region (or group).

    ``ER_r = (H_exp / V_exp) / (H_imp / V_imp)``: hours per unit of value added in what ``r``
    gives against in what it receives (footprint flows, never gross trade values).

    Returns
    -------
    DataFrame
        Index region or group, columns indicator ids (``hours_exported``, ...,
        ``exchange_ratio``); ``attrs["units"]`` and ``attrs["labels"]`` give each column's
        unit and label. Column ``undefined`` is empty, or says why a ratio is NaN (only with
        ``on_undefined="report"``).

    Raises
    ------
    UndefinedRatioError
        If a region has no exports or imports (``on_undefined="raise"``).
    """
    Hx, Hm = _exp_imp(ef.hours)
    Vx, Vm = _exp_imp(ef.value_added)
    rows = []
    for i, r in enumerate(ef.labels):
        px, wx = _ratio(Hx[i], Vx[i], f"hours per value added exported by {r}",
                        "it exports no value added (zero exports)", on_undefined)
        pm, wm = _ratio(Hm[i], Vm[i], f"hours per value added imported by {r}",
                        "it imports no value added (zero imports)", on_undefined)
        er, we = (float("nan"), "") if (wx or wm) else _ratio(
            px, pm, f"exchange ratio of {r}", "its imports embody no hours", on_undefined)
        rows.append([Hx[i], Hm[i], Hx[i] - Hm[i], Vx[i], Vm[i], px, pm, er,
                     "; ".join(w for w in (wx, wm, we) if w)])
    cols = ["hours_exported", "hours_imported", "net_hours_exported", "value_added_exported",
            "value_added_imported", "hours_per_value_added_exported",
            "hours_per_value_added_imported", "exchange_ratio", "undefined"]
    out = pd.DataFrame(rows, index=pd.Index(ef.labels, name=ef.hours.index.name), columns=cols)
    return _columns(out, ef)


def indicator_table(rows: list[Row], ef: ExchangeFlows, a: str, b: str) -> pd.DataFrame:
    """An indicator table of the pair ``a -> b``: labels and units from the registry.

    Parameters
    ----------
    rows : list of (id, value, note, part)
        ``part`` is the skill (or gender) of a by-skill row, else None.

    Returns
    -------
    DataFrame
        Index ``indicator`` (ids of :data:`~interlabor.indicators.INDICATORS`), columns
        ``label``, ``part``, ``value``, ``unit``, ``note``.
    """
    data = [(i, INDICATORS[i].label(a=a, b=b, part=part), part, float(value),
             unit_of(INDICATORS[i].unit_kind, ef), note) for i, value, note, part in rows]
    out = pd.DataFrame(data, columns=["indicator", "label", "part", "value", "unit", "note"])
    return _attrs(out.set_index("indicator"), ef, pair=(a, b))


def net_transfer(ef: ExchangeFlows, a: str, b: str, *, on_undefined: OnUndefined = "raise"
                 ) -> pd.DataFrame:
    """Hours and value added ``a->b`` and ``b->a``, their difference and the gross hours ratio.

    ``a->b`` is what ``a``'s workers produce for ``b``'s final demand. The gross hours ratio
    ``H[a, b] / H[b, a]`` is the headline ratio of Hickel, Hanbury Lemos & Barbour (2024).

    Returns
    -------
    DataFrame
        Index ``indicator`` (``hours_given``, ``hours_received``, ``net_hours``, ...; by skill
        ``hours_given_by_skill`` etc. with the skill in ``part``), columns ``label``
        (direction spelled out), ``part``, ``value``, ``unit``, ``note``.
    """
    H, V = ef.hours, ef.value_added
    for g in (a, b):
        if g not in H.index:
            raise LabelMismatchError(
                f"{g!r} is not a region or group of these flows; expected one of "
                f"{', '.join(ef.labels)}", labels=[g])
    hab, hba = float(H.loc[a, b]), float(H.loc[b, a])
    vab, vba = float(V.loc[a, b]), float(V.loc[b, a])
    ratio, why = _ratio(hab, hba, f"gross hours ratio {a}->{b} over {b}->{a}",
                        f"no hours {b}->{a}", on_undefined)
    rows: list[Row] = [
        ("hours_given", hab, f"hours worked in {a} for final demand in {b}", None),
        ("hours_received", hba, f"hours worked in {b} for final demand in {a}", None),
        ("net_hours", hab - hba, "", None),
        ("value_added_given", vab, ef.prices, None),
        ("value_added_received", vba, ef.prices, None),
        ("net_value_added", vab - vba, ef.prices, None),
        ("gross_hours_ratio", ratio, why, None),
    ]
    for k, (Hk, _) in ef.skills.items():
        x, y = float(Hk.loc[a, b]), float(Hk.loc[b, a])
        rows += [("hours_given_by_skill", x, "", k), ("hours_received_by_skill", y, "", k),
                 ("net_hours_by_skill", x - y, "", k)]
    return indicator_table(rows, ef, a, b)


def _wage(C: pd.DataFrame, H: pd.DataFrame, b: str, what: str, on_undefined: OnUndefined
          ) -> tuple[float, str]:
    """Compensation (or value added) per hour embodied in ``b``'s exports (money per hour unit)."""
    cx = float(C.loc[b].sum() - C.loc[b, b])
    hx = float(H.loc[b].sum() - H.loc[b, b])
    return _ratio(cx, hx, what, f"{b}'s exports embody no hours (zero exports)", on_undefined)


def drain(ef: ExchangeFlows, a: str, b: str, *, on_undefined: OnUndefined = "raise"
          ) -> pd.DataFrame:
    """Net hours ``N = H[a, b] - H[b, a]`` valued four ways, with price basis and year.

    (a) ``sum_k N_k w_k(b)``, ``w_k(b) = C_k,exp(b) / H_k,exp(b)``: compensation per hour of
    skill ``k`` embodied in ``b``'s exports (one "skill" of all hours when no skills are given);
    the method of Hickel, Hanbury Lemos & Barbour (2024). (b) ``sum_k N_k w_k(world)`` at the
    world average wage (production-based world totals). (c) ``C[a, b] - C[b, a]``: each hour at
    the wage of its own origin region-sector. (d) ``N V_exp(b) / H_exp(b)``: at ``b``'s value
    added per hour in its exports (the paper's alternative valuation).

    Returns
    -------
    DataFrame
        Index ``indicator``: the drains ``drain_a`` ... ``drain_d`` (value added's money unit)
        and the rates used (``wage_b_exports`` and ``world_average_wage`` by ``part``,
        ``value_added_per_hour_b_exports``; currency per hour); columns as
        :func:`net_transfer`. Valuations needing compensation are NaN with a note when no
        compensation account was given.
    """
    net = net_transfer(ef, a, b, on_undefined=on_undefined)
    N = float(net.loc["net_hours", "value"])
    per_hour = float(ef.units["money_scale"]) / float(ef.units["hour_scale"])
    rows: list[Row] = []
    C = ef.compensation
    if C is None:
        why = "not computed: no compensation account (pass compensation=... / --wages)"
        rows += [(f"drain_{key}", float("nan"), why, None) for key in ("a", "b", "c")]
    else:
        by_skill = bool(ef.skills) and all(c is not None for _, c in ef.skills.values())
        parts = ({k: (h, c) for k, (h, c) in ef.skills.items()} if by_skill
                 else {"all hours": (ef.hours, C)})
        da = db = 0.0
        notes_a, notes_b = [], []
        for k, (Hk, Ck) in parts.items():
            assert Ck is not None
            Nk = float(Hk.loc[a, b] - Hk.loc[b, a])
            w, why = _wage(Ck, Hk, b, f"wage of {k} in {b}'s exports", on_undefined)
            ww, why_w = _ratio(float(Ck.to_numpy().sum()), float(Hk.to_numpy().sum()),
                               f"world average wage of {k}", "no hours worked", on_undefined)
            da += Nk * w
            db += Nk * ww
            rows.append(("wage_b_exports", w * per_hour, why, k))
            rows.append(("world_average_wage", ww * per_hour, why_w, k))
            notes_a.append(why)
            notes_b.append(why_w)
        skill_note = (f"by skill ({', '.join(parts)})" if by_skill else "all hours at one wage")
        rows += [
            ("drain_a", da, f"{skill_note}; {ef.compensation_basis}; {ef.prices}"
             + "".join(f"; {n}" for n in notes_a if n), None),
            ("drain_b", db, f"{skill_note}; {ef.compensation_basis}; {ef.prices}"
             + "".join(f"; {n}" for n in notes_b if n), None),
            ("drain_c", float(C.loc[a, b] - C.loc[b, a]),
             f"compensation footprint flows; {ef.compensation_basis}; {ef.prices}", None),
        ]
    v, why = _wage(ef.value_added, ef.hours, b, f"value added per hour in {b}'s exports",
                   on_undefined)
    rows.append(("value_added_per_hour_b_exports", v * per_hour, why, None))
    rows.append(("drain_d", N * v, f"{ef.prices}" + (f"; {why}" if why else ""), None))
    return indicator_table(rows, ef, a, b)


def shares(ef: ExchangeFlows) -> pd.DataFrame:
    """Labour share against income share: each region's (group's) share of world totals.

    Columns (indicator ids, labels in ``attrs["labels"]``) name their denominator: hours
    worked in the region (``share_hours_production``) or embodied in its final demand
    (``share_hours_consumption``), over world hours; value added generated in the region
    (``share_value_added_production``) or embodied in its final demand
    (``share_value_added_consumption``, = its final demand when value added is ``x - 1'Z``),
    over world value added; and compensation (``share_compensation_production``) when given.
    """
    H, V = ef.hours.to_numpy(), ef.value_added.to_numpy()
    data = {
        "share_hours_production": H.sum(axis=1) / H.sum(),
        "share_hours_consumption": H.sum(axis=0) / H.sum(),
        "share_value_added_production": V.sum(axis=1) / V.sum(),
        "share_value_added_consumption": V.sum(axis=0) / V.sum(),
    }
    if ef.compensation is not None:
        C = ef.compensation.to_numpy()
        data["share_compensation_production"] = C.sum(axis=1) / C.sum()
    out = pd.DataFrame(data, index=pd.Index(ef.labels, name=ef.hours.index.name))
    return _columns(out, ef)
