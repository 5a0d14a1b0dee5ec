"""The one registry of indicator ids: stable names, human labels and unit kinds.

Every tidy result interlabor writes (:func:`interlabor.io.output.tidy`) and every indicator
table (:func:`interlabor.exchange.net_transfer`, :func:`~interlabor.exchange.drain`,
:func:`interlabor.exchange_report.summary_range`, ...) names its rows by an id from
:data:`INDICATORS`; code selects rows by id, people read the label. The ids, their meaning,
unit and formula are tabled in ``docs/exchange.md`` (exchange), ``docs/methods.md``
(footprints) and ``docs/planning.md`` (plans).

Label templates are :meth:`str.format` strings with the fields ``a`` (giving group), ``b``
(receiving group), ``part`` (skill, gender, or the region or group of a per-region column) and
``account``. A segment in square brackets is kept only when every field in it is given:
``"exchange ratio[ of {part}]"`` reads ``exchange ratio`` or ``exchange ratio of South``.

Per-group indicators (columns of :func:`~interlabor.exchange.trade` and
:func:`~interlabor.exchange.shares`) have two derived ids for a pair of groups,
``<id>_of_a`` and ``<id>_of_b`` (of the giving and of the receiving group), made here from the
same template. Pair indicators of :data:`WITHOUT_ROW` have a derived id ``<id>_without_row``:
the same indicator with the aggregate rest-of-world region removed (a robustness line).
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from .errors import InterlaborError

__all__ = ["INDICATORS", "PER_GROUP", "UNIT_KINDS", "WITHOUT_ROW", "Indicator", "indicator"]

#: What each unit kind means; results resolve it to a unit string of their accounts.
UNIT_KINDS: Mapping[str, str] = MappingProxyType({
    "hours": "the hours account's unit (e.g. million hours)",
    "money": "the value-added account's money unit (e.g. USD million)",
    "wage": "currency per hour (e.g. USD per hour)",
    "hours_per_money": "hours unit per money unit",
    "ratio": "1 (a pure number)",
    "share": "share of a world or today's total (0-1)",
    "percent": "% of today's value",
    "account": "the unit of the account (any account)",
    "account_per_money": "the account's unit per money unit of output",
    "output": "the table's money unit, or volume unit at reference price levels",
    "hours_per_output": "hours unit per unit of output",
    "hours_per_constraint": "hours unit per unit of a constraint's right-hand side",
    "persons": "the persons account's unit",
    "hours_per_person": "hours unit per person of the persons account",
    "account_per_capita": "the account's base unit per person of population (e.g. hours "
    "per person)",
})

_OPTIONAL = re.compile(r"\[([^\[\]]*)\]")


@dataclass(frozen=True)
class Indicator:
    """One indicator: its stable id, the template of its label, its unit kind and meaning.

    Attributes
    ----------
    id : str
        Stable name, lowercase with underscores; what code selects rows by.
    label_template : str
        Human label (see the module docstring for fields and optional segments).
    unit_kind : str
        A key of :data:`UNIT_KINDS`.
    description : str
        One sentence: what the number is (the formula is in the docs table).
    """

    id: str
    label_template: str
    unit_kind: str
    description: str

    def label(self, **fields: object) -> str:
        """The label with ``fields`` filled in; optional segments missing a field are dropped.

        Raises
        ------
        InterlaborError
            If a field outside an optional segment is not given.
        """
        given = {k: v for k, v in fields.items() if v is not None}

        def keep(m: re.Match[str]) -> str:
            names = {f for _, f, _, _ in string.Formatter().parse(m.group(1)) if f}
            return m.group(1) if names <= given.keys() else ""

        text = _OPTIONAL.sub(keep, self.label_template)
        try:
            return text.format(**given)
        except KeyError as exc:
            raise InterlaborError(
                f"label of indicator {self.id!r} needs field {exc.args[0]!r}; got "
                f"{sorted(given) or 'none'}") from None


def _ind(id: str, label: str, unit_kind: str, description: str) -> Indicator:
    return Indicator(id, label, unit_kind, description)


_PAIR = [
    _ind("hours_given", "hours {a}->{b}", "hours",
         "Hours worked in a for the final demand of b, H[a, b]."),
    _ind("hours_received", "hours {b}->{a}", "hours",
         "Hours worked in b for the final demand of a, H[b, a]."),
    _ind("net_hours", "net hours {a}->{b} ({a}->{b} minus {b}->{a})", "hours",
         "Net transfer of hours N = H[a, b] - H[b, a]."),
    _ind("value_added_given", "value added {a}->{b}", "money",
         "Value added of a embodied in b's final demand, V[a, b]."),
    _ind("value_added_received", "value added {b}->{a}", "money",
         "Value added of b embodied in a's final demand, V[b, a]."),
    _ind("net_value_added", "net value added {a}->{b} ({a}->{b} minus {b}->{a})", "money",
         "V[a, b] - V[b, a]."),
    _ind("gross_hours_ratio", "gross hours ratio ({a}->{b} over {b}->{a})", "ratio",
         "Hours a gives for each hour it receives, H[a, b] / H[b, a]."),
    _ind("hours_given_by_skill", "hours {a}->{b}, {part}", "hours",
         "H_k[a, b] for the skill (or gender) k in column part."),
    _ind("hours_received_by_skill", "hours {b}->{a}, {part}", "hours",
         "H_k[b, a] for the skill (or gender) k in column part."),
    _ind("net_hours_by_skill", "net hours {a}->{b}, {part} ({a}->{b} minus {b}->{a})", "hours",
         "N_k = H_k[a, b] - H_k[b, a] for the skill (or gender) k in column part."),
    _ind("wage_b_exports", "wage of {part} embodied in {b}'s exports", "wage",
         "Compensation per hour of skill k (part) embodied in b's exports, w_k(b)."),
    _ind("world_average_wage", "world average wage of {part}", "wage",
         "World compensation per hour of skill k (part), w_k(world)."),
    _ind("drain_a", "(a) drain {a}->{b}: net hours {a}->{b} at {b}'s same-skill wage in its "
         "exports", "money", "Valuation (a): sum_k N_k w_k(b), Hickel et al. (2024)."),
    _ind("drain_b", "(b) drain {a}->{b}: net hours {a}->{b} at the world average wage", "money",
         "Valuation (b): sum_k N_k w_k(world)."),
    _ind("wage_a_exports", "wage of {part} embodied in {a}'s exports", "wage",
         "Compensation per hour of skill k (part) embodied in a's exports, w_k(a)."),
    _ind("drain_c", "(c) drain {a}->{b}: net hours {a}->{b} at {a}'s own wage in its exports",
         "money", "Valuation (c): sum_k N_k w_k(a), each net hour at the giving side's wage."),
    _ind("wage_bill_balance", "net wage bill {a}->{b} (compensation {a}->{b} minus {b}->{a})",
         "money", "C[a, b] - C[b, a]: a balance of wage bills, not a valuation of net hours."),
    _ind("value_added_per_hour_b_exports", "value added per hour embodied in {b}'s exports",
         "wage", "V_exp(b) / H_exp(b)."),
    _ind("drain_d", "(d) drain {a}->{b} in {b}'s prices (\"Northern prices\"): net hours "
         "{a}->{b} at {b}'s value added per hour in its exports", "money",
         "Valuation (d): N V_exp(b) / H_exp(b), the Northern-prices valuation of Hickel, "
         "Dorninger, Wieland & Suwandi (2022)."),
    _ind("drain_a_pairwise", "(a) drain {a}->{b}, pairwise: each region pair's net hours at the "
         "receiving region's same-skill wage in its exports", "money",
         "sum_k sum_{o in a, d in b} N_od,k w_k(net receiver of the pair)."),
    _ind("drain_c_pairwise", "(c) drain {a}->{b}, pairwise: each region pair's net hours at the "
         "giving region's own wage in its exports", "money",
         "sum_k sum_{o in a, d in b} N_od,k w_k(net giver of the pair)."),
    _ind("drain_d_pairwise", "(d) drain {a}->{b}, pairwise: each region pair's net hours at the "
         "receiving region's value added per hour in its exports", "money",
         "sum_{o in a, d in b} N_od V_exp / H_exp of the net receiver of the pair."),
    *(_ind(f"price_level_{g}", f"price level of {{{g}}} (PPP over market exchange rate, USA = "
           "1)", "ratio", f"sum_r V_r / sum_r (V_r / PL_r) over the regions r of {g}.")
      for g in "ab"),
    _ind("drain_price_level", "(e) price-level drain {a}->{b}: value added {a}->{b} at {b}'s "
         "price level minus its value", "money",
         "sum_{o in a} V_exp(o -> b) (PL_b / PL_o - 1), Koehler (1998)."),
    _ind("rest_of_world_share_of_hours_given", "share of hours {a}->{b} worked in the "
         "rest-of-world region", "ratio",
         "H[RoW, b] / H[a, b]: how much of the transfer rests on the aggregate RoW."),
]

#: Pair indicators repeated without the aggregate rest-of-world region, as ``<id>_without_row``.
WITHOUT_ROW: tuple[str, ...] = (
    "hours_given", "hours_received", "net_hours", "gross_hours_ratio", "exchange_ratio_of_a",
    "drain_a", "drain_c", "drain_d", "drain_price_level",
)

#: Columns of :func:`~interlabor.exchange.trade` and :func:`~interlabor.exchange.shares`.
_GROUP = [
    _ind("hours_exported", "hours embodied in [{part}'s ]exports", "hours",
         "H_exp(r) = sum_{d != r} H[r, d]."),
    _ind("hours_imported", "hours embodied in [{part}'s ]imports", "hours",
         "H_imp(r) = sum_{o != r} H[o, r]."),
    _ind("net_hours_exported", "net hours exported[ by {part}] (exports minus imports)",
         "hours", "H_exp(r) - H_imp(r)."),
    _ind("value_added_exported", "value added embodied in [{part}'s ]exports", "money",
         "V_exp(r)."),
    _ind("value_added_imported", "value added embodied in [{part}'s ]imports", "money",
         "V_imp(r)."),
    _ind("hours_per_value_added_exported", "hours per value added in [{part}'s ]exports",
         "hours_per_money", "H_exp(r) / V_exp(r)."),
    _ind("hours_per_value_added_imported", "hours per value added in [{part}'s ]imports",
         "hours_per_money", "H_imp(r) / V_imp(r)."),
    _ind("exchange_ratio", "exchange ratio[ of {part}] ((H/V exported) / (H/V imported))",
         "ratio", "Labour exchange ratio ER_r = (H_exp / V_exp) / (H_imp / V_imp)."),
    _ind("share_hours_production", "share of world hours worked (production-based)"
         "[ of {part}]", "share", "sum_d H[r, d] / sum H."),
    _ind("share_hours_consumption", "share of world hours embodied in final demand "
         "(consumption-based)[ of {part}]", "share", "sum_o H[o, r] / sum H."),
    _ind("share_value_added_production", "share of world value added generated "
         "(production-based)[ of {part}]", "share", "sum_d V[r, d] / sum V."),
    _ind("share_value_added_consumption", "share of world value added embodied in final "
         "demand (consumption-based)[ of {part}]", "share", "sum_o V[o, r] / sum V."),
    _ind("share_compensation_production", "share of world wages earned (compensation or "
         "labour income, production-based)[ of {part}]", "share", "sum_d C[r, d] / sum C."),
]

#: Ids of the per-group indicators, each with ``_of_a`` and ``_of_b`` variants.
PER_GROUP: tuple[str, ...] = tuple(i.id for i in _GROUP)

_FOOTPRINTS = [
    _ind("footprint", "consumption-based {account} by consuming region", "account",
         "Footprint: s L Y_d plus the direct final-demand part of d."),
    _ind("footprint_by_origin", "consumption-based {account} by origin region and consuming "
         "region", "account", "Footprint flows summed over origin sectors, F[o, d]."),
    _ind("footprint_by_origin_sector", "consumption-based {account} by origin region-sector "
         "and consuming region", "account", "Footprint flows diag(s) L Y_d."),
    _ind("footprint_by_product", "consumption-based {account} by consumed product and "
         "consuming region", "account", "s L diag(Y_d), summed over origin."),
    _ind("footprint_by_category", "consumption-based {account} by consuming region and "
         "final-demand category", "account", "s L Y_d,k plus the direct part of category k."),
    _ind("footprint_per_capita", "consumption-based {account} per person by consuming region",
         "account_per_capita", "Footprint over the consumer's population (the table's "
         "population account)."),
    _ind("footprint_by_origin_per_capita", "consumption-based {account} per person by origin "
         "region and consuming region", "account_per_capita",
         "F[o, d] over the population of d."),
    _ind("footprint_by_category_per_capita", "consumption-based {account} per person by "
         "consuming region and final-demand category", "account_per_capita",
         "Footprint of category k over the population of the consuming region."),
    _ind("production_based", "production-based {account} by region", "account",
         "The account where it is worked or generated, direct final-demand part included."),
    _ind("multiplier", "total multiplier of {account} by region-sector", "account_per_money",
         "s L: the account per unit of final demand for each product."),
    _ind("embodied_trade_flows", "{account} embodied in trade (footprint flows), exporter to "
         "importer", "account", "Footprint flows F[o, d] off the diagonal."),
    _ind("embodied_trade_eebt", "{account} embodied in bilateral trade (EEBT), exporter to "
         "importer", "account", "Emissions-embodied-in-bilateral-trade accounting."),
]

_PLAN = [
    _ind("plan_hours", "hours worked by region", "hours",
         "Hours worked, today or in the plan (column state)."),
    _ind("plan_hours_change", "change in hours worked (plan minus today)", "hours",
         "Planned minus today's hours."),
    _ind("plan_hours_change_pct", "change in hours worked (plan minus today, % of today)",
         "percent", "100 (plan - today) / today; NaN where today is 0."),
    _ind("plan_persons", "persons employed (held fixed)", "persons",
         "Persons employed today, the denominator of hours per worker."),
    _ind("plan_hours_per_worker", "hours worked per person employed", "hours_per_person",
         "Hours over today's persons employed, today or in the plan."),
    _ind("plan_output", "gross output", "output", "Output, today or in the plan."),
    _ind("plan_output_capacity", "output capacity", "output",
         "Upper bound of planned output."),
    _ind("plan_output_change", "change in gross output (plan minus today)", "output",
         "Planned minus today's output."),
    _ind("plan_shipments", "shipments from origin to destination", "output",
         "Intermediate plus final deliveries of a product, today or in the plan."),
    _ind("plan_shadow_price", "shadow price of a product delivered to a region[: {part}]",
         "hours_per_output", "Dual of the demand row, split into parts (column part)."),
    _ind("plan_binding_dual", "dual of a binding constraint", "hours_per_constraint",
         "Hours per unit of the constraint's right-hand side (sign as HiGHS reports it)."),
    _ind("plan_hours_exported", "hours embodied in exports (EEBT multipliers)", "hours",
         "Hours embodied in exports, today or in the plan."),
    _ind("plan_hours_imported", "hours embodied in imports (EEBT multipliers)", "hours",
         "Hours embodied in imports, today or in the plan."),
    _ind("plan_hours_saved_share", "share of today's hours saved", "share",
         "Hours saved over today's hours worked, by price basis, output growth and "
         "sourcing-share bound (NaN: infeasible)."),
    *(_ind(*row) for row in (
        ("plan_hours_change_persons", "change in work in persons (at today's hours per person)",
         "persons", "Change in hours of each region-sector times today's persons per hour."),
        ("plan_net_hours_given", "net hours given today (footprint flows)", "hours",
         "Hours worked for other regions' final demand minus hours others worked for the "
         "region's (production- minus consumption-based hours)."),
        ("plan_sector_hours", "hours worked by region and sector", "hours",
         "Hours of a region-sector, today or in the plan (column state)."),
        ("plan_sector_hours_change", "change in hours worked by region and sector", "hours",
         "Planned minus today's hours of a region-sector."),
        ("plan_sector_hours_change_pct", "change in hours of a region-sector, % of the "
         "region's hours", "percent", "100 (plan - today) / the region's hours today."),
        ("plan_sector_persons_change", "change in work of a region-sector in persons",
         "persons", "Change in hours times today's persons per hour of the region-sector."),
        ("plan_hours_saved", "hours saved[: {part}]", "hours",
         "Hours saved against today's (column part: money, volumes, price_level, "
         "productivity, transport; with technology sharing with_sharing, without_sharing, "
         "from_sharing, direct_technique_saving)."),
        ("plan_hours_saved_part_share", "hours saved, share of today's hours worked[: {part}]",
         "share", "The parts of the saving over today's hours worked."),
        ("plan_hours_range", "hours of a region over near-optimal plans (column bound)",
         "hours", "Least (bound low) and most (high) hours of the region over all plans "
         "within the tolerance of the optimal objective."),
    )),
]

#: Stoppages of work and leverage (docs/shocks.md); ``part`` is the model id or the consumer.
_SHOCKS = [
    _ind("shock_output_lost", "output lost[ ({part})]", "output",
         "Output not produced because of a stoppage, in the model of column model."),
    _ind("shock_value_added_lost", "value added lost[ ({part})]", "money",
         "Value added of the output lost (the origin cell's value added per unit of output)."),
    _ind("shock_hours_lost", "hours lost[ ({part})]", "hours",
         "Hours of the output lost (the origin cell's hours per unit of output)."),
    _ind("shock_joint_over_sum", "joint loss over the sum of the stops alone[, {part}]",
         "ratio", "World loss of a coordinated stoppage over the sum of its stops' losses."),
    _ind("shock_persons_stopped", "persons stopped", "persons",
         "share x persons engaged in the stopped cell."),
    _ind("shock_hours_stopped", "hours stopped", "hours",
         "share x the cell's hours x days / 365."),
    _ind("shock_output_lost_per_day", "output lost per day[ ({part})]", "output",
         "Daily output lost by a producing region in the dynamic IIM."),
    _ind("leverage_final_demand_lost", "final demand[ of {part}] lost per hour stopped", "wage",
         "Final demand of a consumer region (or of all others) lost per hour stopped."),
    _ind("leverage_output_abroad", "output lost abroad per hour stopped", "wage",
         "Output of other regions lost per hour stopped at the cell."),
    _ind("leverage_value_added_abroad", "value added lost abroad per hour stopped", "wage",
         "Value added of other regions lost per hour stopped at the cell."),
    _ind("leverage_hours_abroad", "hours lost abroad per hour stopped", "ratio",
         "Hours of other regions lost per hour stopped at the cell."),
    _ind("influence", "influence vector (Domar weight)", "share",
         "v = L beta, beta the world final-demand shares (Acemoglu et al. 2012)."),
]

#: The dynamic shock model (ARIO, docs/shocks.md "Dynamic: ARIO"); values are modelled.
_ARIO = [
    _ind("ario_production", "production per day (ARIO)", "output",
         "Daily production of a region-sector in the ARIO model."),
    _ind("ario_capacity", "production capacity per day (ARIO)", "output",
         "Baseline x (1 - share of capacity lost) x overproduction."),
    _ind("ario_final_demand_unmet", "final demand not met per day (ARIO)", "output",
         "Final demand of a region for a product not delivered that day."),
    _ind("ario_production_loss", "production lost per day (ARIO)", "output",
         "Baseline daily production minus production."),
    _ind("ario_production_loss_total", "production lost over the run (ARIO)", "output",
         "Sum over the days simulated of baseline minus production."),
    _ind("ario_final_demand_unmet_total", "final demand not met over the run (ARIO)", "output",
         "Sum over the days simulated of final demand not met."),
    _ind("ario_loss_share", "production lost, share of baseline production (ARIO)", "share",
         "Production lost over the run / baseline production over the same days."),
]

#: Linkages and the forward view (docs/linkages.md); ``part`` is total, domestic or foreign.
_LINKAGES = [
    _ind("backward_linkage", "backward linkage (column sum of L)[, {part} part]", "ratio",
         "Output of all sectors per unit of final demand for the product, sum_i L_ij."),
    _ind("backward_linkage_index", "power of dispersion (backward linkage over its mean)"
         "[, {part} part]", "ratio", "Rasmussen's index, sum_i L_ij / mean_j sum_i L_ij."),
    _ind("forward_linkage", "forward linkage (row sum of the Ghosh inverse G)[, {part} part]",
         "ratio", "Output of all sectors per unit of primary input of the sector, sum_j G_ij."),
    _ind("forward_linkage_index", "sensitivity of dispersion (forward linkage over its mean)"
         "[, {part} part]", "ratio", "sum_j G_ij / mean_i sum_j G_ij."),
    _ind("downstream_intensity", "{account} enabled downstream per unit of primary input",
         "account_per_money", "(G s)_i: the account of the output one unit of primary "
         "input of i enables."),
    _ind("income_based", "income-based {account} (enabled by the primary inputs)", "account",
         "v_i (G s)_i, Marques et al. (2012); sums to the world total of the account."),
    _ind("type1_output_multiplier", "type-I output multiplier (households exogenous)", "ratio",
         "sum_i L_ij."),
    _ind("type2_output_multiplier", "type-II output multiplier (households of each region "
         "endogenous)", "ratio", "Column sums over the n sectors of (I - Abar)^-1."),
    _ind("type1_multiplier", "type-I multiplier of {account} (households exogenous)",
         "account_per_money", "(s L)_j."),
    _ind("type2_multiplier", "type-II multiplier of {account} (households of each region "
         "endogenous)", "account_per_money", "([s, 0] (I - Abar)^-1)_j over the n sectors."),
]


#: Structural decomposition of changes over time (docs/decomposition.md); ``part`` the factor.
_DECOMPOSITION = [
    *(_ind(f"decomposition_{what}{pc}", f"{label} of {{account}}{per} (structural "
           "decomposition)[: {part}]", kind, f"{desc}{per_desc}")
      for what, label, desc in (
          ("value", "value", "The flow or footprint in the start or end year (column "
           "endpoint)."),
          ("change", "change", "End-year minus start-year value."),
          ("effect", "contribution to the change", "Contribution of one factor (column "
           "factor) by one method (column method: shapley, two_polar)."))
      for pc, per, kind, per_desc in (
          ("", "", "account", ""),
          ("_per_capita", " per person of the consumers", "account_per_capita",
           " Per person of the consuming region or group.")))
]

#: Structural path analysis (docs/paths.md).
_PATHS = [
    _ind("path_footprint", "{account} along a supply-chain path", "account",
         "One term s_i A_ij ... A_jk y_k of the footprint's power series (a path)."),
    _ind("path_risk_exposure", "risk exposure of {account} along a supply-chain path",
         "account", "Risk weight of the origin times the path's value, w_i s_i A_ij ... y_k."),
    _ind("path_coverage", "share of the footprint explained by supply-chain paths", "share",
         "Sum of the paths listed (above the threshold, up to the depth) over the footprint."),
    _ind("tier_footprint", "{account} by supply-chain tier and origin", "account",
         "Every path of a tier summed by origin, s o (A^t y)."),
    _ind("tier_risk_exposure", "risk exposure of {account} by supply-chain tier and origin",
         "account", "w o s o (A^t y): risk-weighted tier totals by origin."),
]


def _of(ind: Indicator, role: str) -> Indicator:
    """The ``_of_a`` / ``_of_b`` variant of a per-group indicator."""
    template = _OPTIONAL.sub(lambda m: m.group(1), ind.label_template)
    return Indicator(f"{ind.id}_of_{role}", template.replace("{part}", "{" + role + "}"),
                     ind.unit_kind, f"{ind.description} For r = {role}.")


def _without_row(ind: Indicator) -> Indicator:
    """The ``_without_row`` variant of a pair indicator (:data:`WITHOUT_ROW`)."""
    return Indicator(f"{ind.id}_without_row",
                     f"{ind.label_template}, without the rest-of-world region",
                     ind.unit_kind, f"{ind.description} The aggregate rest-of-world region "
                     "removed (its flows with every region).")


def _registry(items: Iterable[Indicator]) -> Mapping[str, Indicator]:
    out: dict[str, Indicator] = {}
    for ind in items:
        if ind.id in out or not re.fullmatch(r"[a-z][a-z0-9_]*", ind.id):
            raise InterlaborError(f"indicator id {ind.id!r} is duplicated or malformed")
        if ind.unit_kind not in UNIT_KINDS:
            raise InterlaborError(f"indicator {ind.id!r}: unknown unit kind {ind.unit_kind!r}")
        out[ind.id] = ind
    return MappingProxyType(out)


_BASE = [*_PAIR, *_GROUP, *(_of(i, r) for r in ("a", "b") for i in _GROUP)]
_BY_ID = {i.id: i for i in _BASE}

#: Every indicator id -> :class:`Indicator`.
INDICATORS: Mapping[str, Indicator] = _registry(
    [*_BASE, *(_without_row(_BY_ID[i]) for i in WITHOUT_ROW), *_FOOTPRINTS, *_PLAN,
     *_SHOCKS, *_ARIO, *_LINKAGES, *_DECOMPOSITION, *_PATHS])


def indicator(id: str) -> Indicator:
    """The registered indicator ``id``.

    Raises
    ------
    InterlaborError
        If ``id`` is not registered (the message lists the ids).
    """
    try:
        return INDICATORS[id]
    except KeyError:
        raise InterlaborError(
            f"unknown indicator id {id!r}; expected one of {', '.join(INDICATORS)}") from None
