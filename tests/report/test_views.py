"""The numbers the report and the explorer show, against the API and by hand."""

from __future__ import annotations

import importlib.util

import numpy as np
import pandas as pd
import pytest

import interlabor as il
from interlabor.errors import AccountNotFoundError, LabelMismatchError
from interlabor.exchange import exchange_flows
from interlabor.exchange_report import summary_range
from interlabor.groups import load_groups
from interlabor.model import Account, build_mrio
from interlabor.report._variants import range_keys, variants
from interlabor.report.views import (
    DIRECT,
    breakdown_accounts,
    chokepoints_view,
    footprint_percentiles,
    group_exchange,
    is_country,
    who_works,
)


def test_variants_are_metadata(default_table) -> None:
    v = variants(default_table, "hours")
    assert list(v)[0] == "central" and v["central"] == "labour/hours"
    assert {"calibration:min", "calibration:max", "pattern:flat", "previous method"} <= set(v)
    for name, key in v.items():
        acc = default_table.account(key)
        assert acc.variant == name and acc.unit == "million hours"
    keys = range_keys(default_table, "hours")
    assert v["calibration:max"] in keys and v["previous method"] not in keys
    assert variants(default_table, "value_added") == {"central": "monetary/value_added"}
    assert range_keys(default_table, "value_added") == ()


def test_hand_computed_two_region_table() -> None:
    # two regions, one sector each: A = Z / x, L = (I - A)^-1 by hand
    Z = np.array([[10.0, 20.0], [30.0, 40.0]])
    Y = np.array([[50.0, 20.0], [10.0, 120.0]])  # columns: final demand of A, of B
    hours = np.array([100.0, 200.0])
    m = build_mrio(Z, Y, regions=["DEU", "CHN"], sectors=["s"], categories=["fd"],
                   accounts=[Account("hours", "million hours", hours)], year=2000)
    x = Z.sum(1) + Y.sum(1)  # 100, 200
    a = Z / x
    det = (1 - a[0, 0]) * (1 - a[1, 1]) - a[0, 1] * a[1, 0]
    L = np.array([[1 - a[1, 1], a[0, 1]], [a[1, 0], 1 - a[0, 0]]]) / det
    X = L @ Y
    expected = (hours / x)[:, None] * X  # origin x consumer
    w = who_works(m, "DEU")
    assert w.by_origin["DEU"] == pytest.approx(expected[0, 0], rel=1e-12)
    assert w.by_origin["CHN"] == pytest.approx(expected[1, 0], rel=1e-12)
    assert w.total == pytest.approx(expected[:, 0].sum(), rel=1e-12)
    assert w.share_abroad == pytest.approx(expected[1, 0] / expected[:, 0].sum(), rel=1e-12)
    assert w.by_sector.loc["s", "domestic"] == pytest.approx(expected[0, 0], rel=1e-12)
    assert w.by_sector.loc["s", "abroad"] == pytest.approx(expected[1, 0], rel=1e-12)
    assert w.ranges == {} and w.breakdown == {} and w.per_person is None


def test_who_works_equals_the_api(default_table) -> None:
    m = default_table
    F = il.consumption_based(m, "hours", by="origin")
    w = who_works(m, "DEU")
    pd.testing.assert_series_equal(w.by_origin.sort_index(), F["DEU"].sort_index(),
                                   check_names=False)
    assert w.total == pytest.approx(il.consumption_based(m, "hours")["DEU"], rel=1e-12)
    # the sector split adds up to the same total, domestic to the diagonal
    assert w.by_sector["total"].sum() == pytest.approx(w.total, rel=1e-12)
    assert w.by_sector["domestic"].sum() == pytest.approx(F.loc["DEU", "DEU"], rel=1e-12)
    assert DIRECT in w.by_sector.index  # households' own employees
    # the range: min and max over the central account and the range's variants, by hand
    keys = ["labour/hours", *range_keys(m, "hours")]
    tot = [il.consumption_based(m, k)["DEU"] for k in keys]
    assert w.ranges["total"] == pytest.approx((min(tot), max(tot)), rel=1e-12)
    alt = who_works(m, "DEU", variant="calibration:max")
    assert alt.account == variants(m, "hours")["calibration:max"]
    assert alt.total == pytest.approx(il.consumption_based(m, alt.account)["DEU"], rel=1e-12)
    assert alt.ranges == w.ranges
    # the variant beside the range is shown, never a bound
    prev = il.consumption_based(m, variants(m, "hours")["previous method"])["DEU"]
    assert who_works(m, "DEU", variant="previous method").total == pytest.approx(prev)


def test_breakdown_and_per_person(default_table) -> None:
    m = default_table
    h = m.account("hours")
    fd = h.final_demand
    parts = [Account(f"hours_{lvl}_skilled", h.unit, h.values * s,
                     None if fd is None else fd * s, extension="labour")
             for lvl, s in (("high", 0.25), ("low", 0.75))]
    t = m.with_accounts(parts)
    found = breakdown_accounts(t, "hours")
    assert found["skill"] == {"high": "labour/hours_high_skilled",
                              "low": "labour/hours_low_skilled"}
    assert found["gender"] == {"female": "labour/hours_female", "male": "labour/hours_male"}
    w = who_works(t, "DEU")
    sk = w.breakdown["skill"]
    assert sk.loc["high", "total"] == pytest.approx(0.25 * w.total, rel=1e-12)
    assert sk.loc["low", "abroad"] == pytest.approx(0.75 * w.abroad, rel=1e-12)
    # the table's own accounts by sex add up to its hours
    g = w.breakdown["gender"]
    assert g["total"].sum() == pytest.approx(w.total, rel=1e-9)
    assert g["abroad"].sum() == pytest.approx(w.abroad, rel=1e-9)
    # per person: total hours over the population (thousand persons), by hand
    pop = il.consumption_based(m, "population")["DEU"]
    assert w.population == pytest.approx(pop * 1e3, rel=1e-12)
    assert w.per_person == pytest.approx(w.total * 1e6 / (pop * 1e3), rel=1e-12)
    assert w.per_person_unit == "hours per person"


def test_monte_carlo_percentiles(default_table) -> None:
    pct = footprint_percentiles(default_table, samples=50)
    assert pct is not None and pct.attrs["samples"] == 50
    w = who_works(default_table, "DEU", percentiles=pct)
    p5, p50, p95 = w.percentiles
    assert p5 <= p50 <= p95 and (p5, p50, p95) == tuple(pct.loc["DEU", ["p5", "p50", "p95"]])
    assert pct.loc["DEU", "central"] == pytest.approx(w.total, rel=1e-12)
    two = build_mrio(np.array([[1.0]]), np.array([[2.0]]), regions=["DEU"], sectors=["s"],
                     categories=["fd"], accounts=[Account("hours", "million hours",
                                                          np.array([1.0]))])
    assert footprint_percentiles(two) is None  # no labour structure: no percentiles


def test_group_exchange_equals_summary_range(default_table) -> None:
    m = default_table
    ex = group_exchange(m, "DEU")
    assert ex.group == "North" and ex.pair == ("South", "North") and ex.left_out == ["RoW"]
    s = summary_range(m, "north-south", hours="hours")
    for ident in ("hours_given", "net_hours", "gross_hours_ratio", "exchange_ratio_of_a"):
        for c in ("value", "low", "high"):
            assert ex.table.loc[ident, c] == pytest.approx(s.loc[ident, c], rel=1e-12)
    # two groups make the whole world: the pairwise ratio is the exchange ratio itself
    v = s["value"]
    er = (v["hours_given"] / v["value_added_given"]) / (
        v["hours_received"] / v["value_added_received"])
    assert er == pytest.approx(v["exchange_ratio_of_a"], rel=1e-12)
    # without RoW, by hand from the region flows
    ef = exchange_flows(m, hours="hours")
    g = load_groups("north-south", m.regions)
    south = [r for r in m.regions if g[r] == "South" and r != "RoW"]
    north = [r for r in m.regions if g[r] == "North"]
    H, V = ef.hours, ef.value_added
    hg, hr = H.loc[south, north].to_numpy().sum(), H.loc[north, south].to_numpy().sum()
    vg, vr = V.loc[south, north].to_numpy().sum(), V.loc[north, south].to_numpy().sum()
    assert ex.table.loc["hours_given", "value_countries"] == pytest.approx(hg, rel=1e-12)
    assert ex.table.loc["gross_hours_ratio", "value_countries"] == pytest.approx(hg / hr,
                                                                                 rel=1e-12)
    assert ex.table.loc["exchange_ratio_of_a", "value_countries"] == pytest.approx(
        (hg / vg) / (hr / vr), rel=1e-12)


def test_errors_name_the_culprit(default_table) -> None:
    with pytest.raises(LabelMismatchError, match="no region 'XXX'"):
        who_works(default_table, "XXX")
    with pytest.raises(AccountNotFoundError, match="no variant 'p50'"):
        who_works(default_table, "DEU", variant="p50")


def test_chokepoints_hook(default_table) -> None:
    out = chokepoints_view(default_table, "DEU")
    if importlib.util.find_spec("interlabor.shocks") is None:
        assert out is None
    else:
        from interlabor.shocks.leverage import chokepoints, leverage

        ref = chokepoints(leverage(default_table), default_table, consumer="DEU", top=10,
                          min_persons=1000.0)
        assert (ref["persons"] * 1e3 >= 1000.0).all()  # thousand persons
        pd.testing.assert_frame_equal(out.reset_index(drop=True), ref.reset_index(drop=True))


def test_is_country() -> None:
    assert is_country("DEU") and is_country("TWN")
    assert not is_country("RoW") and not is_country("WA")
