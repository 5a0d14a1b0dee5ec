"""Unequal exchange on small tables whose flows, ratios and drains are computed by hand here."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from interlabor import footprints as fp
from interlabor.errors import (
    AccountNotFoundError,
    InvalidValueError,
    LabelMismatchError,
    UndefinedRatioError,
    UnitError,
)
from interlabor.exchange import (
    drain,
    exchange_flows,
    flows_by_origin_sector,
    net_transfer,
    pairwise_drain,
    price_level_drain,
    shares,
    trade,
)
from interlabor.exchange_report import exchange_series, exchange_summary, summary_range
from interlabor.model import Account, build_mrio
from interlabor.units import MonetaryUnit

NS = {"A": "North", "B": "South", "C": "South"}


def table_no_z(order=("A", "B", "C"), hours_unit="million hours", modelled=False, extra=()):
    """Three regions x one sector, no intermediate use, so L = I and F[o, d] = (f_o/x_o) Y[o, d].

    Y (origin x destination): A [60 20 20], B [30 50 20], C [40 20 140]; x = 100, 100, 200.
    hours 100, 500, 2000 (1, 5, 10 per USD); compensation 50, 50, 100 (wage 0.5, 0.1, 0.05).
    """
    base = {
        "A": ([60, 20, 20], 100, 50),
        "B": ([30, 50, 20], 150 * 0 + 500, 50),
        "C": ([40, 20, 140], 2000, 100),
    }
    pos = {r: i for i, r in enumerate(("A", "B", "C"))}
    Y = np.array([[base[o][0][pos[d]] for d in order] for o in order], float)
    h = np.array([base[o][1] for o in order], float)
    c = np.array([base[o][2] for o in order], float)
    x = Y.sum(axis=1)
    accounts = [
        Account("hours", hours_unit, h, modelled=modelled),
        Account("value_added", "USD million", x.copy()),
        Account("compensation", "USD million", c),
        *extra,
    ]
    return build_mrio(np.zeros((3, 3)), Y, regions=list(order), sectors=["s"], categories=["hh"],
                      accounts=accounts, money=MonetaryUnit(price_year=2011), year=2011)


# ---- hand-computed flows, ratios and drains -------------------------------------------------
def test_region_flows_by_hand():
    ef = exchange_flows(table_no_z(), compensation="compensation")
    np.testing.assert_allclose(ef.hours.to_numpy(),
                               [[60, 20, 20], [150, 250, 100], [400, 200, 1400]])
    np.testing.assert_allclose(ef.value_added.to_numpy(),
                               [[60, 20, 20], [30, 50, 20], [40, 20, 140]])
    np.testing.assert_allclose(ef.compensation.to_numpy(),
                               [[30, 10, 10], [15, 25, 10], [20, 10, 70]])
    t = trade(ef)
    # B exports hours 150 + 100 = 250, imports 20 + 200 = 220; VA exports 50, imports 20 + 20
    assert t.loc["B", "hours_exported"] == pytest.approx(250)
    assert t.loc["B", "hours_imported"] == pytest.approx(220)
    assert t.loc["B", "value_added_exported"] == pytest.approx(50)
    assert t.loc["B", "value_added_imported"] == pytest.approx(40)
    assert t.loc["B", "exchange_ratio"] == pytest.approx((250 / 50) / (220 / 40))
    assert t.attrs["units"]["hours_per_value_added_exported"] == "million hours per USD million"


def test_north_south_by_hand():
    ef = exchange_flows(table_no_z(), compensation="compensation").grouped(NS)
    assert ef.labels == ["North", "South"]
    # S->N = 150 + 400 = 550, N->S = 20 + 20 = 40
    n = net_transfer(ef, "South", "North")["value"]
    assert n["hours_given"] == pytest.approx(550)
    assert n["hours_received"] == pytest.approx(40)
    assert n["net_hours"] == pytest.approx(510)
    assert n["value_added_given"] == pytest.approx(70)
    assert n["value_added_received"] == pytest.approx(40)
    assert n["gross_hours_ratio"] == pytest.approx(550 / 40)
    t = trade(ef)
    assert t.loc["South", "exchange_ratio"] == pytest.approx((550 / 70) / (40 / 40))
    assert t.loc["North", "exchange_ratio"] == pytest.approx(70 / 550)
    d = drain(ef, "South", "North")["value"]
    # (a) North's export wage = 20 / 40 = 0.5 per hour -> 510 * 0.5
    assert d["drain_a"] == pytest.approx(255)
    # (b) world wage = 200 / 2600
    assert d["drain_b"] == (
        pytest.approx(510 * 200 / 2600))
    # (c) South's own export wage = (15 + 20) / (150 + 400) per hour -> 510 * 35 / 550
    key_c = "drain_c"
    assert d[key_c] == pytest.approx(510 * 35 / 550)
    # the wage-bill balance: compensation flows (15 + 20) - 20
    assert d["wage_bill_balance"] == pytest.approx(15)
    assert d["wage_a_exports"] == pytest.approx(35 / 550)
    # (d) North's value added per hour in exports = 40 / 40
    key_d = "drain_d"
    assert d[key_d] == pytest.approx(510)
    # wage rate in USD per hour: USD million per million hours = USD per hour
    assert d["wage_b_exports"] == pytest.approx(0.5)


def test_wage_rate_unit_conversion():
    ef = exchange_flows(table_no_z(hours_unit="hours"), compensation="compensation").grouped(NS)
    d = drain(ef, "South", "North")
    row = d.loc["wage_b_exports"]
    assert row["unit"] == "USD per hour"
    assert row["value"] == pytest.approx(0.5e6)  # USD million per hour -> USD per hour
    assert d["value"].iloc[-1] == pytest.approx(510)  # drains stay in the money unit


def test_shares_by_hand():
    s = shares(exchange_flows(table_no_z(), compensation="compensation").grouped(NS))
    assert s.loc["North", "share_hours_production"] == pytest.approx(
        100 / 2600)
    assert s.loc["North", "share_hours_consumption"] == (
        pytest.approx(610 / 2600))
    assert s.loc["North", "share_value_added_production"] == (
        pytest.approx(0.25))
    assert s.loc["South", "share_value_added_consumption"] == pytest.approx(270 / 400)
    assert s.loc["South", "share_compensation_production"] == (
        pytest.approx(150 / 200))


def table_with_z():
    """Two regions x one sector with intermediate use and household direct hours in B.

    Z = [[0, 20], [10, 0]], Y = [[50, 30], [40, 50]] -> x = 100, 100, A = [[0, .2], [.1, 0]],
    L = [[1, .2], [.1, 1]] / .98; X = L Y = [[58, 40], [45, 53]] / .98.
    hours 100 and 1000 (1 and 10 per USD); B's households employ 7 hours directly.
    """
    Z = np.array([[0, 20], [10, 0]], float)
    Y = np.array([[50, 30], [40, 50]], float)
    return build_mrio(
        Z, Y, regions=["A", "B"], sectors=["s"], categories=["hh"],
        accounts=[
            Account("hours", "hours", np.array([100.0, 1000.0]), np.array([0.0, 7.0]),
                    extension="labour", modelled=True),
            Account("value_added", "USD million", np.array([90.0, 80.0])),
        ],
    )


def test_flows_through_leontief_by_hand():
    ef = exchange_flows(table_with_z())
    np.testing.assert_allclose(ef.hours.to_numpy(),
                               np.array([[58, 40], [450, 530]]) / 0.98 + [[0, 0], [0, 7]])
    np.testing.assert_allclose(ef.value_added.to_numpy(),
                               np.array([[0.9 * 58, 36], [36, 0.8 * 53]]) / 0.98)
    t = trade(ef)
    assert t.loc["B", "exchange_ratio"] == pytest.approx((450 / 36) / (40 / 36))
    assert t.loc["A", "exchange_ratio"] == pytest.approx(40 / 450)
    assert ef.modelled and t.attrs["modelled"]
    assert ef.accounts["hours"] == "labour/hours"


# ---- identities ----------------------------------------------------------------------------
def test_identities_on_leontief_table():
    m = table_with_z()
    ef = exchange_flows(m)
    # sum over destinations of H[o, .] = direct hours of o, households' direct hours included
    np.testing.assert_allclose(ef.hours.sum(axis=1), [100, 1007])
    np.testing.assert_allclose(ef.hours.sum(axis=1), fp.production_based(m, "hours"))
    # value-added flows sum to world final demand
    assert ef.value_added.to_numpy().sum() == pytest.approx(m.Y.sum())
    # net transfers over all regions sum to zero
    assert trade(ef)["net_hours_exported"].sum() == pytest.approx(0, abs=1e-9)


def test_wage_bill_balance_equals_hours_at_origin_wages():
    ef = exchange_flows(table_no_z(), compensation="compensation")
    wage = np.array([0.5, 0.1, 0.05])  # compensation / hours of each origin
    np.testing.assert_allclose(ef.compensation.to_numpy(), wage[:, None] * ef.hours.to_numpy())
    g = ef.grouped(NS)
    by_hand = (150 * 0.1 + 400 * 0.05) - (20 + 20) * 0.5
    key = "wage_bill_balance"
    assert drain(g, "South", "North").loc[key, "value"] == pytest.approx(by_hand)


def test_drain_c_is_not_the_wage_bill_balance():
    """The issue's toy case: South gives 100 h at $1, North 10 h at $10 (US$ and hours)."""
    Y = np.array([[0.0, 100], [100, 0]])
    m = build_mrio(np.zeros((2, 2)), Y, regions=["S", "N"], sectors=["s"], categories=["hh"],
                   accounts=[Account("hours", "hours", np.array([100.0, 10])),
                             Account("value_added", "USD", Y.sum(1)),
                             Account("compensation", "USD", np.array([100.0, 100]))])
    d = drain(exchange_flows(m, compensation="compensation"), "S", "N")["value"]
    assert d["wage_bill_balance"] == pytest.approx(0)  # 100 x $1 - 10 x $10
    assert d["drain_c"] == pytest.approx(90)  # 90 net hours at the South's $1
    assert d["drain_a"] == pytest.approx(900)  # 90 net hours at the North's $10


def test_pairwise_drains_by_hand():
    g = exchange_flows(table_no_z(), compensation="compensation").grouped(NS)
    p = pairwise_drain(g, "South", "North")["value"]
    # export wages: A (10 + 10) / (20 + 20) = 0.5, B 25 / 250 = 0.1, C 30 / 600 = 0.05
    # pairs: N_BA = 150 - 20 = 130, N_CA = 400 - 20 = 380 (both South -> North)
    assert p["drain_a_pairwise"] == pytest.approx(130 * 0.5 + 380 * 0.5)
    assert p["drain_c_pairwise"] == pytest.approx(130 * 0.1 + 380 * 0.05)
    # value added per hour in A's exports: 40 / 40
    assert p["drain_d_pairwise"] == pytest.approx(510)
    d = drain(g, "South", "North")["value"]
    assert p["drain_c_pairwise"] != pytest.approx(d["drain_c"])  # group wage vs region wages


def test_pairwise_equals_grouped_for_one_region_each():
    ef = exchange_flows(table_no_z(), compensation="compensation")
    g = ef.grouped({"A": "A", "B": "B", "C": "rest"})
    p, d = pairwise_drain(g, "B", "A")["value"], drain(g, "B", "A")["value"]
    for k in ("a", "c", "d"):
        assert p[f"drain_{k}_pairwise"] == pytest.approx(d[f"drain_{k}"])
    # a net flow against the pair's direction (C gives A 380 net hours): (c) at the net
    # giver C's wage both ways; pairwise (a) and (d) at the net receiver A's rates, grouped
    # (a) and (d) at b = C's (the sign of N does not change whose wage)
    g = ef.grouped({"A": "A", "B": "rest", "C": "C"})
    p, d = pairwise_drain(g, "A", "C")["value"], drain(g, "A", "C")["value"]
    assert p["drain_c_pairwise"] == pytest.approx(d["drain_c"]) == pytest.approx(-380 * 0.05)
    assert p["drain_a_pairwise"] == pytest.approx(-380 * 0.5)
    assert d["drain_a"] == pytest.approx(-380 * 0.05)
    assert p["drain_d_pairwise"] == pytest.approx(-380 * 1.0)


def test_price_level_drain_by_hand():
    levels = pd.Series({"A": 1.0, "B": 0.5, "C": 0.25}, name="price level")
    levels.attrs["source"] = "given by hand"
    g = exchange_flows(table_no_z(), price_levels=levels).grouped(NS)
    r = price_level_drain(g, "South", "North")
    # South's level: value added 100 + 200 over 100 / 0.5 + 200 / 0.25 at PPP
    assert r.loc["price_level_a", "value"] == pytest.approx(300 / 1000)
    assert r.loc["price_level_b", "value"] == pytest.approx(1.0)
    # V[B, A] (1 / 0.5 - 1) + V[C, A] (1 / 0.25 - 1)
    assert r.loc["drain_price_level", "value"] == pytest.approx(30 * 1 + 40 * 3)
    assert "given by hand" in r.loc["drain_price_level", "note"]
    s = summary_range(table_no_z(), NS, price_levels=levels.to_dict())
    assert s.loc["drain_price_level", "value"] == pytest.approx(150)


def test_without_rest_of_world_by_hand():
    m = table_no_z()
    m = build_mrio(np.zeros((3, 3)), m.Y, regions=["A", "B", "RoW"], sectors=["s"],
                   categories=["hh"], accounts=list(m.accounts), year=2011,
                   money=MonetaryUnit(price_year=2011))
    groups = {"A": "North", "B": "South", "RoW": "South"}
    s = summary_range(m, groups, compensation="compensation")["value"]
    assert s["hours_given"] == pytest.approx(550)
    # without RoW: B -> A 150, A -> B 20; A's export wage now 10 / 20
    assert s["hours_given_without_row"] == pytest.approx(150)
    assert s["hours_received_without_row"] == pytest.approx(20)
    assert s["net_hours_without_row"] == pytest.approx(130)
    assert s["gross_hours_ratio_without_row"] == pytest.approx(7.5)
    assert s["exchange_ratio_of_a_without_row"] == pytest.approx((150 / 30) / (20 / 20))
    assert s["drain_a_without_row"] == pytest.approx(130 * 0.5)
    assert s["drain_c_without_row"] == pytest.approx(130 * 15 / 150)
    assert s["rest_of_world_share_of_hours_given"] == pytest.approx(400 / 550)
    assert "hours_given_without_row" not in summary_range(table_no_z(), NS).index


def test_valuation_c_equals_compensation_footprint_flows():
    m = table_no_z()
    ef = exchange_flows(m, compensation="compensation")
    expected = fp.consumption_based(m, "compensation", by="origin").to_numpy()
    np.testing.assert_allclose(ef.compensation.to_numpy(), expected)


def test_one_solve_serves_every_account(monkeypatch):
    m = table_with_z()
    calls = []
    real = fp.final_output

    def counting(mrio):
        calls.append(1)
        return real(mrio)

    fp._FINAL_OUTPUT.pop(m, None)
    solves = []
    s = fp.solver(m)
    orig = s.solve
    monkeypatch.setattr(s, "solve", lambda B, *a, **k: (solves.append(1), orig(B, *a, **k))[1])
    exchange_flows(m)
    exchange_flows(m)
    assert len(solves) == 1


def test_invariant_to_region_order():
    a = summary_range(table_no_z(), NS, compensation="compensation")
    b = summary_range(table_no_z(order=("C", "A", "B")), NS, compensation="compensation")
    pd.testing.assert_series_equal(a["value"], b.loc[a.index, "value"], rtol=1e-12)


@settings(max_examples=25, deadline=None)
@given(st.integers(2, 4), st.integers(1, 3), st.integers(0, 10_000))
def test_identities_property(R, S, seed):
    rng = np.random.default_rng(seed)
    n = R * S
    Z = rng.uniform(0, 0.5, (n, n))
    Y = rng.uniform(2, 10, (n, R))  # row sums >= 2R > column sums of Z: value added > 0
    x = Z.sum(1) + Y.sum(1)
    regions = [f"r{i}" for i in range(R)]
    m = build_mrio(Z, Y, regions=regions, sectors=[f"s{j}" for j in range(S)],
                   categories=["hh"],
                   accounts=[Account("hours", "hours", rng.uniform(1, 9, n),
                                     rng.uniform(0, 2, R)),
                             Account("value_added", "USD million", x - Z.sum(0))])
    ef = exchange_flows(m)
    np.testing.assert_allclose(ef.hours.sum(axis=1), fp.production_based(m, "hours"), rtol=1e-9)
    t = trade(ef)
    assert abs(t["net_hours_exported"].sum()) <= 1e-9 * ef.hours.to_numpy().sum()
    groups = {r: ("North" if i % 2 else "South") for i, r in enumerate(regions)}
    g = ef.grouped(groups)
    np.testing.assert_allclose(g.hours.to_numpy().sum(), ef.hours.to_numpy().sum())
    n1 = net_transfer(g, "South", "North")["value"].iloc[2]
    n2 = net_transfer(g, "North", "South")["value"].iloc[2]
    assert n1 == pytest.approx(-n2)


# ---- skills, labour income, sectors --------------------------------------------------------
def test_drain_a_by_skill_by_hand():
    # A's hours split 40 high / 60 low; B and C all low skill. Compensation by skill:
    # A high 30 low 20 (wages 0.75, 1/3); B, C low only.
    extra = [
        Account("hours_hs", "million hours", np.array([40.0, 0, 0])),
        Account("hours_ls", "million hours", np.array([60.0, 500, 2000])),
        Account("comp_hs", "USD million", np.array([30.0, 0, 0])),
        Account("comp_ls", "USD million", np.array([20.0, 50, 100])),
    ]
    m = table_no_z(extra=extra)
    ef = exchange_flows(m, compensation="compensation",
                        skills={"high": ("hours_hs", "comp_hs"), "low": ("hours_ls", "comp_ls")})
    g = ef.grouped(NS)
    # net high-skill S->N = 0 - 0.4*40 = -16 at North's high wage 0.75;
    # net low-skill = 550 - 0.6*40 = 526 at North's low wage 1/3
    d = drain(g, "South", "North")
    key = "drain_a"
    assert d.loc[key, "value"] == pytest.approx(-16 * 0.75 + 526 / 3)
    assert "by skill (high, low)" in d.loc[key, "note"]
    # (c): each skill's net hours at its net giver's own wage: high-skill hours go North ->
    # South (the South exports none) at the North's 0.75; low at the South's 35 / 550
    assert d.loc["drain_c", "value"] == pytest.approx(-16 * 0.75 + 526 * 35 / 550)
    n = net_transfer(g, "South", "North").set_index("part", append=True)["value"]
    assert n["net_hours_by_skill", "low"] == pytest.approx(526)


def test_labour_income_adjustment():
    extra = [Account("persons", "persons", np.array([10.0, 20, 40])),
             Account("employees", "persons", np.array([10.0, 10, 10]))]
    m = table_no_z(extra=extra)
    ef = exchange_flows(m, compensation="compensation", labour_income=("persons", "employees"))
    # compensation x persons / employees: 50, 100, 400
    np.testing.assert_allclose(ef.compensation.sum(axis=1), [50, 100, 400])
    assert "labour income" in ef.compensation_basis
    assert "labour income" in drain(ef.grouped(NS), "South", "North")["note"].iloc[-3]


def test_flows_by_origin_sector():
    m = table_with_z()
    T = flows_by_origin_sector(m, {"A": "North", "B": "South"})
    assert T.loc[("South", "final demand (direct)"), "South"] == pytest.approx(7)
    assert T.to_numpy().sum() == pytest.approx(1107)


# ---- undefined ratios and bad input --------------------------------------------------------
def autarky_table():
    """Region D exports nothing: its exchange ratio is undefined."""
    Y = np.array([[5.0, 5.0, 0], [5.0, 5.0, 0], [0, 0, 10.0]])
    return build_mrio(np.zeros((3, 3)), Y, regions=["A", "B", "D"], sectors=["s"],
                      categories=["hh"],
                      accounts=[Account("hours", "hours", np.array([10.0, 50, 30])),
                                Account("value_added", "USD million", Y.sum(1))])


def test_zero_exports_raise_naming_region():
    ef = exchange_flows(autarky_table())
    with pytest.raises(UndefinedRatioError, match="D.*zero exports"):
        trade(ef)


def test_zero_exports_reported_not_silent():
    t = trade(exchange_flows(autarky_table()), on_undefined="report")
    assert np.isnan(t.loc["D", "exchange_ratio"])
    assert "zero exports" in t.loc["D", "undefined"]
    assert t.loc["A", "undefined"] == ""
    assert np.isfinite(t.loc[["A", "B"], "exchange_ratio"]).all()
    assert not np.isinf(t.select_dtypes("number").to_numpy()).any()


def test_gross_ratio_undefined():
    ef = exchange_flows(autarky_table()).grouped({"A": "N", "B": "N", "D": "S"})
    with pytest.raises(UndefinedRatioError, match="gross hours ratio"):
        net_transfer(ef, "N", "S")
    r = net_transfer(ef, "N", "S", on_undefined="report")
    assert "no hours S->N" in r["note"].iloc[-1]


def test_groups_not_covering_every_region():
    ef = exchange_flows(table_no_z())
    with pytest.raises(LabelMismatchError, match="C"):
        ef.grouped({"A": "North", "B": "South"})


def test_wage_account_wrong_unit():
    m = table_no_z(extra=[Account("comp_h", "hours", np.ones(3))])
    with pytest.raises(UnitError, match="comp_h.*money"):
        exchange_flows(m, compensation="comp_h")


def test_wage_account_other_currency():
    m = table_no_z(extra=[Account("comp_eur", "EUR million", np.ones(3))])
    with pytest.raises(UnitError, match="EUR"):
        exchange_flows(m, compensation="comp_eur")


def test_hours_account_not_time():
    m = table_no_z(extra=[Account("persons", "persons", np.ones(3))])
    with pytest.raises(UnitError, match="time worked"):
        exchange_flows(m, hours="persons")


def test_wage_account_missing_for_a_region():
    m = table_no_z(extra=[Account("comp_gap", "USD million", np.array([1.0, 0, 1]))])
    with pytest.raises(InvalidValueError, match="region.*B"):
        exchange_flows(m, compensation="comp_gap")


def test_wage_account_absent():
    with pytest.raises(AccountNotFoundError, match="wages"):
        exchange_flows(table_no_z(), compensation="wages")


def test_drain_without_compensation_says_why():
    d = drain(exchange_flows(table_no_z()).grouped(NS), "South", "North")
    assert d["value"].iloc[0] != d["value"].iloc[0]  # NaN ...
    assert "no compensation account" in d["note"].iloc[0]  # ... with its reason
    assert d["value"].iloc[-1] == pytest.approx(510)


# ---- summary, range, series ----------------------------------------------------------------
def test_summary_attrs_and_modelled():
    s = summary_range(table_no_z(modelled=True), NS, compensation="compensation")
    assert s.attrs["modelled"] is True
    assert "2011" in s.attrs["prices"]
    assert s.loc["hours_given", "value"] == pytest.approx(550)
    assert "exchange_ratio_of_a" in s.index


def test_summary_range_low_high():
    extra = [Account("hours (calibration:min)", "million hours", np.array([50.0, 250, 1000]),
                     variant_of="hours", variant="calibration:min"),
             Account("hours (calibration:max)", "million hours", np.array([200.0, 1000, 4000]),
                     variant_of="hours", variant="calibration:max"),
             Account("hours (previous method)", "million hours", np.array([100.0, 1000, 1000]),
                     variant_of="hours", variant="previous method")]
    s = summary_range(table_no_z(extra=extra), NS, compensation="compensation")
    row = s.loc["hours_given"]
    assert (row["low"], row["value"], row["high"]) == pytest.approx((275, 550, 1100))
    assert (row["calibration:min"], row["calibration:max"]) == pytest.approx((275, 1100))
    # reported beside the range, never one of its bounds: (B, C) -> A = 30*10 + 40*5
    assert row["previous method"] == pytest.approx(500)
    assert s.attrs["beside_range"] == "previous method"
    ratio = s.loc["gross_hours_ratio"]
    assert ratio["low"] == pytest.approx(550 / 40) == ratio["high"]


def test_summary_range_over_wage_alternatives():
    extra = [Account("comp2", "USD million", np.array([100.0, 100, 200]))]
    s = summary_range(table_no_z(extra=extra), NS, compensation="compensation",
                      wage_variants=["comp2"])
    row = s.loc["drain_a"]
    assert (row["low"], row["value"], row["high"]) == pytest.approx((255, 255, 510))
    assert s.loc["hours_given", "low"] == s.loc["hours_given", "high"] == pytest.approx(550)
    assert "comp2" in s.attrs["range"]


def test_grouping_that_changes_over_time():
    m = table_no_z()
    m = build_mrio(np.zeros((3, 3)), m.Y, regions=["USA", "KOR", "CHN"], sectors=["s"],
                   categories=["hh"], accounts=list(m.accounts), year=1996)
    before = exchange_flows(m).grouped("north-south-by-year")
    assert before.groups.to_dict() == {"USA": "North", "KOR": "South", "CHN": "South"}
    later = exchange_flows(replace_year(m, 1997)).grouped("north-south-by-year")
    assert later.groups["KOR"] == "North"
    # CHN -> USA 400 and CHN -> KOR 200 once KOR is North
    assert net_transfer(later, "South", "North").loc["hours_given", "value"] == (
        pytest.approx(600))


def replace_year(m, year):
    return build_mrio(np.zeros((3, 3)), m.Y, regions=list(m.regions), sectors=["s"],
                      categories=["hh"], accounts=list(m.accounts), year=year)


def test_skill_accounts_are_never_a_range():
    """EXIOBASE-style skill names (labour/hours_low, labour/hours_high) are not variants."""
    extra = [Account("hours_low", "million hours", np.array([50.0, 250, 1000]),
                     extension="labour"),
             Account("hours_high", "million hours", np.array([200.0, 1000, 4000]),
                     extension="labour")]
    s = summary_range(table_no_z(extra=extra), NS, compensation="compensation",
                      skills={"low": ("labour/hours_low", None),
                              "high": ("labour/hours_high", None)})
    assert "low" not in s.columns and "high" not in s.columns and "range" not in s.attrs
    assert s.loc["hours_given", "value"] == pytest.approx(550)


def test_series_nominal_and_deflated():
    tables = {2010: table_no_z(), 2011: table_no_z()}
    s = exchange_series(tables, NS, compensation="compensation")
    assert "nominal" in s.attrs["prices"]
    assert s.loc[(2010, "value_added_given"), "value"] == pytest.approx(70)
    d = exchange_series(tables, NS, compensation="compensation",
                        deflator={2010: 50.0, 2011: 100.0})
    assert "constant 2011" in d.attrs["prices"]
    assert d.loc[(2010, "value_added_given"), "value"] == pytest.approx(140)
    assert d.loc[(2011, "value_added_given"), "value"] == pytest.approx(70)
    assert d.loc[(2010, "hours_given"), "value"] == pytest.approx(550)
    ratio = "gross_hours_ratio"
    assert d.loc[(2010, ratio), "value"] == pytest.approx(550 / 40)


def test_exchange_summary_pair_must_exist():
    ef = exchange_flows(table_no_z()).grouped(NS)
    with pytest.raises(LabelMismatchError, match="East"):
        exchange_summary(ef, "East", "North")


# ---- the real WIOD 2011 table (skipped without ../shared) ----------------------------------
@pytest.mark.shared
def test_wiod_2011_north_south_identities(wiod2011):
    rng = np.random.default_rng(3)
    hours = np.where(wiod2011.x > 0, wiod2011.x * rng.uniform(2, 60, wiod2011.n), 0.0)
    m = wiod2011.with_accounts([Account("hours", "thousand hours", hours, modelled=True)])
    ef = exchange_flows(m)
    np.testing.assert_allclose(ef.hours.sum(axis=1), fp.production_based(m, "hours"), rtol=1e-9)
    # exact up to the final demand of rows with output <= 0 (LUX c5, c8: inventory change -1,
    # x = -1, zero columns of A, no value added), which no origin's value added serves
    lost = m.Y[m.x <= 0].sum()
    assert ef.value_added.to_numpy().sum() == pytest.approx(m.Y.sum() - lost, rel=1e-12)
    g = ef.grouped("north-south")
    assert g.labels == ["North", "South"]
    s = exchange_summary(g, "South", "North")
    net = s.loc["net_hours", "value"]
    t = trade(g)
    assert net == pytest.approx(t.loc["South", "net_hours_exported"])
    assert s.attrs["modelled"]
