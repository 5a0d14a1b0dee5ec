"""Parsing and validating stoppages: REGION:SECTOR[:SHARE], days, scenarios, recovery."""

import numpy as np
import pytest

from interlabor.errors import AccountNotFoundError, ScenarioError
from interlabor.shocks import Stop, make_stoppage, parse_stop, static_losses, stopped_labour
from interlabor.shocks.inoperability import recovery_days
from interlabor.shocks.stoppage import check_days, load_scenario, scenario_stoppage


def test_parse_stop(hand):
    assert parse_stop("A:s", hand) == Stop("A", "s", 1.0, 365.0)
    assert parse_stop("a:T:0.25", hand, days=30) == Stop("A", "t", 0.25, 30.0)
    assert parse_stop("B:Steel:10%", hand).share == pytest.approx(0.1)  # sector by name
    st = make_stoppage(hand, ["A:s:0.5", Stop("B", "t", 1.0, 73)], days=146)
    np.testing.assert_array_equal(st.cells, [0, 3])
    np.testing.assert_allclose(st.annual, [0.5 * 146 / 365, 0.2])


@pytest.mark.parametrize("text, match", [
    ("C:s", "unknown region 'C'; expected one of A, B"),
    ("AA:s", "unknown region 'AA'; nearest: A"),
    ("A:x", "unknown sector 'x'"),
    ("A:Steal", "nearest: Steel"),
    ("A:s:0", r"share '0' is outside \(0, 1\]"),
    ("A:s:1.5", r"outside \(0, 1\]"),
    ("A:s:-0.2", r"outside \(0, 1\]"),
    ("A:s:nan", r"outside \(0, 1\]"),
    ("A", "expected REGION:SECTOR"),
    ("A:", "expected REGION:SECTOR"),
])
def test_bad_stops(hand, text, match):
    with pytest.raises(ScenarioError, match=match):
        make_stoppage(hand, [text])


@pytest.mark.parametrize("days, match", [
    (0, "not positive"), (-3, "not positive"), (float("nan"), "not positive"),
    (float("inf"), "not positive"), (400, "longer than the table's year"),
    ("soon", "not a number"),
])
def test_bad_days(days, match):
    with pytest.raises(ScenarioError, match=match):
        check_days(days)


def test_cell_twice_and_cells_without_hours(hand):
    with pytest.raises(ScenarioError, match="stopped twice"):
        make_stoppage(hand, ["A:s:0.5", "a:S"])
    from interlabor.model import Account

    no_hours = hand.with_accounts([Account("hours2", "hours", np.array([0.0, 1, 1, 1]))])
    with pytest.raises(ScenarioError, match="has no hours in account 'hours2'"):
        make_stoppage(no_hours, ["A:s"], hours="hours2")
    with pytest.raises(AccountNotFoundError, match="no account 'labour_hours'"):
        make_stoppage(hand, ["A:s"], hours="labour_hours")


def test_stopped_labour(hand):
    lab = stopped_labour(hand, make_stoppage(hand, ["B:t:0.2"], days=73))
    r = lab.iloc[0]
    assert (r.persons, r.persons_stopped) == (25.0, pytest.approx(5.0))
    assert r.hours_stopped == pytest.approx(50 * 0.2 * 0.2)
    assert lab.attrs["modelled"] and lab.attrs["persons_unit"] == "thousand persons"
    # no persons account: NaN, said
    lab = stopped_labour(hand, make_stoppage(hand, ["B:t"]), persons="staff")
    assert np.isnan(lab.iloc[0].persons_stopped) and lab.attrs["persons_unit"] == ""


def test_scenario_file(hand, tmp_path):
    f = tmp_path / "s.toml"
    f.write_text('days = 30\n[[stop]]\ncell = "A:s:0.5"\n[[stop]]\nregion = "B"\nsector = "t"\n'
                 'days = 10\n[diim]\nrecovery_days = { default = 20, t = 40 }\n'
                 '[dynamic]\nanything = 1\n')
    st = scenario_stoppage(hand, load_scenario(f), stops=["B:s:0.1"])
    assert [s.label for s in st.stops] == ["B:s:0.1", "A:s:0.5", "B:t:1"]
    np.testing.assert_allclose(st.days, [30, 30, 10])
    assert st.extra == {"dynamic": {"anything": 1}}
    res = static_losses(hand, st)
    assert "diim" in res.models and res.diim is not None
    st2 = scenario_stoppage(hand, load_scenario(f), days=5)  # --days overrides the file's
    np.testing.assert_allclose(st2.days, [5, 10])


@pytest.mark.parametrize("text, match", [
    ("dayz = 3\n", "unknown key"),
    ("[[stop]]\ncell = 'A:s'\nshare = 2\n", r"outside \(0, 1\]"),
    ("[[stop]]\nsector = 's'\n", "expected cell"),
    ("[[stop]]\ncell = 'A:s'\nwho = 1\n", "unknown key"),
    ("days = 500\n", "longer than the table's year"),
    ("[diim]\nrecovery = 3\n", "unknown key"),
    ("[diim]\nrecovery_days = { s = 30 }\n", r"no value for sector t \(Tools\)"),
    ("[diim]\nrecovery_days = 2\n", "shorter than ln"),
    ("[diim]\nrecovery_days = -1\n", "not a positive number"),
    ("[diim]\nrecovery_days = { default = 9, Stel = 3 }\n", "nearest: Steel"),
    ("[diim]\nrecovery_days = 30\nhorizon_days = 0\n", "horizon_days"),
    ("not toml [", "not a valid TOML"),
])
def test_bad_scenarios(hand, tmp_path, text, match):
    f = tmp_path / "bad.toml"
    f.write_text(text)
    with pytest.raises(ScenarioError, match=match):
        st = scenario_stoppage(hand, load_scenario(f), stops=["A:t"])
        static_losses(hand, st)


def test_recovery_days_by_cell(hand):
    r = recovery_days(hand, {"default": 10, "t": 20, "B:s": 30})
    np.testing.assert_allclose(r, [10, 20, 30, 20])
    with pytest.raises(ScenarioError, match="scenario file not found"):
        load_scenario("/nonexistent/shock.toml")
