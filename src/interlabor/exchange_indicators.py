"""Unequal-exchange indicators of :class:`~interlabor.exchange.ExchangeFlows` (regions or groups).

Formulas, references and approximations in ``docs/exchange.md``; notation of
:mod:`interlabor.exchange` (``H``, ``V``, ``C`` origin x destination flows, exports
``F_exp(r) = sum_{d != r} F[r, d]``).

* :func:`trade`: exports, imports and the exchange ratio ``ER_r = (H_exp/V_exp)/(H_imp/V_imp)``;
* :func:`net_transfer`: ``H[a, b]``, ``H[b, a]``, net hours ``N`` and the gross hours ratio;
* :func:`drain`: ``N`` valued (a) at ``b``'s same-skill wage in its exports, (b) at the world
  average wage, (c) at ``a``'s own wage in its exports, (d) at ``b``'s value added per hour
  ("Northern prices"), and the wage-bill balance ``C[a, b] - C[b, a]``;
* :func:`pairwise_drain`: (a), (c), (d) valued region pair by region pair (``sum_{o in a, d in
  b} N_od w(...)``), as the Unequal-exchange atlas does;
* :func:`price_level_drain`: the price-level method of Köhler (1998),
  ``sum_{o in a} V_exp(o -> b) (PL_b / PL_o - 1)``;
* :func:`shares`: shares of world hours, value added and compensation.

A ratio with a zero denominator raises :class:`~interlabor.errors.UndefinedRatioError`, or with
``on_undefined="report"`` is NaN beside a note that says why; never a silent inf or NaN.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

import numpy as np
import pandas as pd

from .errors import LabelMismatchError, UndefinedRatioError
from .indicators import INDICATORS

if TYPE_CHECKING:
    from .exchange import ExchangeFlows

__all__ = [
    "OnUndefined",
    "Row",
    "drain",
    "indicator_table",
    "net_transfer",
    "pairwise_drain",
    "price_level_drain",
    "shares",
    "trade",
    "unit_of",
]

OnUndefined = Literal["raise", "report"]

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


def _check_pair(ef: ExchangeFlows, a: str, b: str) -> None:
    for g in (a, b):
        if g not in ef.hours.index:
            raise LabelMismatchError(
                f"{g!r} is not a region or group of these flows; expected one of "
                f"{', '.join(ef.labels)}", labels=[g])


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

    Raises
    ------
    LabelMismatchError
        If ``a`` or ``b`` is not a region or group of the flows.
    """
    H, V = ef.hours, ef.value_added
    _check_pair(ef, a, b)
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


def _wage(C: pd.DataFrame, H: pd.DataFrame, r: str, what: str, on_undefined: OnUndefined
          ) -> tuple[float, str]:
    """Compensation (or value added) per hour embodied in ``r``'s exports (money per hour unit)."""
    cx = float(C.loc[r].sum() - C.loc[r, r])
    hx = float(H.loc[r].sum() - H.loc[r, r])
    return _ratio(cx, hx, what, f"{r}'s exports embody no hours (zero exports)", on_undefined)


def _parts(ef: ExchangeFlows) -> tuple[dict[str, tuple[pd.DataFrame, pd.DataFrame]], bool]:
    """Skill -> (hours, compensation) flows, or one part of all hours; and whether by skill."""
    assert ef.compensation is not None
    by_skill = bool(ef.skills) and all(c is not None for _, c in ef.skills.values())
    if by_skill:
        return {k: (h, c) for k, (h, c) in ef.skills.items() if c is not None}, True
    return {"all hours": (ef.hours, ef.compensation)}, False


def _notes(head: str, notes: list[str]) -> str:
    return head + "".join(f"; {n}" for n in notes if n)


def drain(ef: ExchangeFlows, a: str, b: str, *, on_undefined: OnUndefined = "raise"
          ) -> pd.DataFrame:
    """Net hours ``N = H[a, b] - H[b, a]`` valued four ways, with price basis and year.

    (a) ``sum_k N_k w_k(b)``, ``w_k(r) = C_k,exp(r) / H_k,exp(r)``: compensation per hour of
    skill ``k`` embodied in ``r``'s exports (one "skill" of all hours when no skills are given);
    the method of Hickel, Hanbury Lemos & Barbour (2024). (b) ``sum_k N_k w_k(world)`` at the
    world average wage (production-based world totals). (c) ``sum_k N_k w_k(a)``: at the giving
    side's own wage in its exports (a skill that ``b`` gives net, ``N_k < 0``, at ``w_k(b)``:
    each net hour at the wage of those who work it). (d) ``N V_exp(b) / H_exp(b)``: at ``b``'s
    value added per hour in its exports, the "Northern prices" valuation of Hickel, Dorninger,
    Wieland & Suwandi (2022). Beside them the wage-bill balance ``C[a, b] - C[b, a]`` (compensation
    embodied both ways: a balance of wage bills, not a valuation of net hours).

    Returns
    -------
    DataFrame
        Index ``indicator``: the rates used (``wage_b_exports``, ``wage_a_exports`` and
        ``world_average_wage`` by ``part``; currency per hour), ``drain_a`` ... ``drain_c``,
        ``wage_bill_balance``, ``value_added_per_hour_b_exports`` and ``drain_d`` (value
        added's money unit); columns as :func:`net_transfer`. Valuations needing compensation
        are NaN with a note when no compensation account was given.

    Raises
    ------
    UndefinedRatioError
        If a wage or value added per hour is undefined (``on_undefined="raise"``).
    """
    net = net_transfer(ef, a, b, on_undefined=on_undefined)
    N = float(net.loc["net_hours", "value"])
    per_hour = float(ef.units["money_scale"]) / float(ef.units["hour_scale"])
    rows: list[Row] = []
    C = ef.compensation
    if C is None:
        why = "not computed: no compensation account (pass compensation=... / --wages)"
        rows += [(key, float("nan"), why, None)
                 for key in ("drain_a", "drain_b", "drain_c", "wage_bill_balance")]
    else:
        parts, by_skill = _parts(ef)
        da = db = dc = 0.0
        notes: dict[str, list[str]] = {"a": [], "b": [], "c": []}
        for k, (Hk, Ck) in parts.items():
            Nk = float(Hk.loc[a, b] - Hk.loc[b, a])
            wb, why_b = _wage(Ck, Hk, b, f"wage of {k} in {b}'s exports", on_undefined)
            wa, why_a = _wage(Ck, Hk, a, f"wage of {k} in {a}'s exports", "report")
            ww, why_w = _ratio(float(Ck.to_numpy().sum()), float(Hk.to_numpy().sum()),
                               f"world average wage of {k}", "no hours worked", on_undefined)
            # (c): each net hour at its net giver's own wage (a's unless b gives skill k net)
            wc, why_c = (wa, why_a) if Nk >= 0 else (wb, why_b)
            if Nk != 0 and why_c and on_undefined == "raise":
                raise UndefinedRatioError(why_c + " (pass on_undefined='report' to report it "
                                          "instead)")
            da, db, dc = da + Nk * wb, db + Nk * ww, dc + (Nk * wc if Nk else 0.0)
            rows += [("wage_b_exports", wb * per_hour, why_b, k),
                     ("wage_a_exports", wa * per_hour, why_a, k),
                     ("world_average_wage", ww * per_hour, why_w, k)]
            notes["a"].append(why_b)
            notes["b"].append(why_w)
            notes["c"].append(why_c if Nk else "")
        head = (f"{'by skill (' + ', '.join(parts) + ')' if by_skill else 'all hours at one wage'}"
                f"; {ef.compensation_basis}; {ef.prices}")
        rows += [
            ("drain_a", da, _notes(head, notes["a"]), None),
            ("drain_b", db, _notes(head, notes["b"]), None),
            ("drain_c", dc, _notes(head, notes["c"]), None),
            ("wage_bill_balance", float(C.loc[a, b] - C.loc[b, a]),
             f"compensation footprint flows, not a valuation of net hours; "
             f"{ef.compensation_basis}; {ef.prices}", None),
        ]
    v, why = _wage(ef.value_added, ef.hours, b, f"value added per hour in {b}'s exports",
                   on_undefined)
    rows.append(("value_added_per_hour_b_exports", v * per_hour, why, None))
    rows.append(("drain_d", N * v, f"{ef.prices}" + (f"; {why}" if why else ""), None))
    return indicator_table(rows, ef, a, b)


def _members(ef: ExchangeFlows, a: str, b: str) -> tuple[ExchangeFlows, list[str], list[str]]:
    """The region flows behind ``ef`` and the regions of ``a`` and ``b``."""
    _check_pair(ef, a, b)
    if ef.groups is None or ef.regional is None:
        return ef, [a], [b]
    g = ef.groups
    return ef.regional, list(g.index[g == a]), list(g.index[g == b])


def _export_rates(C: pd.DataFrame, H: pd.DataFrame) -> pd.Series:
    """``C_exp(r) / H_exp(r)`` of every region (NaN where its exports embody no hours)."""
    cx, _ = _exp_imp(C)
    hx, _ = _exp_imp(H)
    with np.errstate(divide="ignore", invalid="ignore"):
        return pd.Series(np.where(hx != 0, cx / np.where(hx != 0, hx, 1.0), np.nan),
                         index=H.index)


def _pairwise(H: pd.DataFrame, rate: pd.Series, ma: list[str], mb: list[str], side: str,
              what: str, on_undefined: OnUndefined) -> tuple[float, str]:
    """``sum_{o in a, d in b} N_od r(receiver or giver of the pair)``, ``N_od = H[o,d]-H[d,o]``."""
    Nod = H.loc[ma, mb].to_numpy() - H.loc[mb, ma].to_numpy().T
    ra, rb = rate[ma].to_numpy()[:, None], rate[mb].to_numpy()[None, :]
    if side == "receiver":
        r = np.where(Nod > 0, rb, ra)
    else:
        r = np.where(Nod > 0, ra, rb)
    need = Nod != 0
    bad = need & ~np.isfinite(r)
    if bad.any():
        o, d = np.argwhere(bad)[0]
        reason = (f"{what} undefined: the pair {ma[o]}-{mb[d]} has net hours but its {side}'s "
                  "exports embody no hours")
        if on_undefined == "raise":
            raise UndefinedRatioError(reason + " (pass on_undefined='report' to report it "
                                      "instead)")
        return float("nan"), reason
    return float(np.where(need, Nod * np.where(need, r, 0.0), 0.0).sum()), ""


def pairwise_drain(ef: ExchangeFlows, a: str, b: str, *, on_undefined: OnUndefined = "raise"
                   ) -> pd.DataFrame:
    """Valuations (a), (c), (d) region pair by region pair, summed over the pairs of ``a`` x ``b``.

    For origin ``o`` in ``a`` and destination ``d`` in ``b``, ``N_od = H[o, d] - H[d, o]``
    (by skill ``k`` where skills exist) is valued at a rate of one region of the pair:
    (a) the net receiver's same-skill export wage ``w_k(receiver)``, (c) the net giver's
    ``w_k(giver)``, (d) the net receiver's value added per hour in its exports; the rates are
    those of single regions (exports to every other region, own group included), as in the
    Unequal-exchange atlas (IngiRG), not of the group totals of :func:`drain`.

    Returns
    -------
    DataFrame
        Index ``indicator``: ``drain_a_pairwise``, ``drain_c_pairwise`` (NaN without
        compensation), ``drain_d_pairwise``; columns as :func:`net_transfer`.

    Raises
    ------
    UndefinedRatioError
        If a pair with net hours has a rate of a region that exports nothing
        (``on_undefined="raise"``).
    """
    base, ma, mb = _members(ef, a, b)
    rows: list[Row] = []
    if base.compensation is None:
        why = "not computed: no compensation account (pass compensation=... / --wages)"
        rows += [(k, float("nan"), why, None) for k in ("drain_a_pairwise", "drain_c_pairwise")]
    else:
        parts, by_skill = _parts(base)
        totals = {"receiver": 0.0, "giver": 0.0}
        notes: dict[str, list[str]] = {"receiver": [], "giver": []}
        for k, (Hk, Ck) in parts.items():
            rate = _export_rates(Ck, Hk)
            for side in totals:
                val, why = _pairwise(Hk, rate, ma, mb, side, f"pairwise wage of {k}",
                                     on_undefined)
                totals[side] += val
                notes[side].append(why)
        head = (f"{len(ma)} x {len(mb)} region pairs; "
                f"{'by skill (' + ', '.join(parts) + ')' if by_skill else 'all hours'}; "
                f"{ef.compensation_basis}; {ef.prices}")
        rows += [("drain_a_pairwise", totals["receiver"], _notes(head, notes["receiver"]), None),
                 ("drain_c_pairwise", totals["giver"], _notes(head, notes["giver"]), None)]
    rate = _export_rates(base.value_added, base.hours)
    val, why = _pairwise(base.hours, rate, ma, mb, "receiver", "pairwise value added per hour",
                         on_undefined)
    rows.append(("drain_d_pairwise", val, _notes(f"{len(ma)} x {len(mb)} region pairs; "
                                                  f"{ef.prices}", [why]), None))
    return indicator_table(rows, ef, a, b)


def _group_level(levels: pd.Series, va: pd.Series, members: list[str]) -> float:
    """Price level of a group: its value added at market prices over its value added at PPP."""
    v = va[members].to_numpy()
    return float(v.sum() / (v / levels[members].to_numpy()).sum())


def price_level_drain(ef: ExchangeFlows, a: str, b: str) -> pd.DataFrame:
    """The price-level (exchange-rate deviation) drain of Köhler (1998) and Hickel et al. (2021).

    ``sum_{o in a} V_exp(o -> b) (PL_b / PL_o - 1)``: the value added each region ``o`` of
    ``a`` gives to ``b``'s final demand, revalued at ``b``'s price level, minus its value. It
    revalues money flows, not hours. ``PL_r`` is the price level ratio (PPP conversion factor
    over market exchange rate, USA = 1) of :attr:`ExchangeFlows.price_levels`; a group's is
    its value added over its value added at PPP, ``sum_r V_r / sum_r (V_r / PL_r)``, with
    ``V_r`` the production-based value added of ``r`` in the table.

    Returns
    -------
    DataFrame
        Index ``indicator``: ``price_level_a``, ``price_level_b`` (ratio) and
        ``drain_price_level`` (money); the notes name source and vintage of the price levels.

    Raises
    ------
    LabelMismatchError
        If the flows have no price levels, or miss one of a member region.
    """
    pl = ef.price_levels
    if pl is None:
        raise LabelMismatchError("these flows have no price levels; pass price_levels=... to "
                                 "exchange_flows (--price-data DIR)")
    base, ma, mb = _members(ef, a, b)
    missing = [r for r in (*ma, *mb) if not np.isfinite(pl.get(r, np.nan))]
    if missing:
        raise LabelMismatchError(f"no price level for region(s) {', '.join(missing)}",
                                 labels=missing)
    V = base.value_added
    va = V.sum(axis=1)
    pla, plb = _group_level(pl, va, ma), _group_level(pl, va, mb)
    given = V.loc[ma, mb].sum(axis=1)
    value = float((given * (plb / pl[ma] - 1.0)).sum())
    source = str(pl.attrs.get("source", "price levels given"))
    note = "value added at market exchange rates over at PPP of the group's regions"
    rows: list[Row] = [
        ("price_level_a", pla, f"{note}; {source}", None),
        ("price_level_b", plb, f"{note}; {source}", None),
        ("drain_price_level", value, f"{ef.prices}; price levels: {source}", None),
    ]
    return indicator_table(rows, ef, a, b)


def shares(ef: ExchangeFlows) -> pd.DataFrame:
    """Labour share against income share: each region's (group's) share of world totals.

    Columns (indicator ids, labels in ``attrs["labels"]``) name their denominator: hours
    worked in the region (``share_hours_production``) or embodied in its final demand
    (``share_hours_consumption``), over world hours; value added generated in the region
    (``share_value_added_production``) or embodied in its final demand
    (``share_value_added_consumption``, = its final demand when value added is ``x - 1'Z``),
    over world value added; and wages, compensation or labour income
    (``share_compensation_production``), when given: the "share of global income" of Hickel,
    Hanbury Lemos & Barbour (2024) (see ``docs/exchange.md``).
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
