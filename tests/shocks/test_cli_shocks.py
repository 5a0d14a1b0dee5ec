"""``interlabor shock`` and ``interlabor chokepoints``, invoked as a user would."""

import sys

import pandas as pd
import pytest

from interlabor.cli import main
from interlabor.io.store import write_mrio

from .conftest import hand_table


@pytest.fixture
def table(tmp_path):
    return str(write_mrio(hand_table(), tmp_path / "hand"))


def test_shock_prints_and_writes(table, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["shock", table, "--stop", "A:s", "--stop", "B:s", "--days", "365",
                 "--recovery-days", "30", "--out", str(out), "-q"]) == 0
    text = capsys.readouterr().out
    assert "persons stopped: 5.0 of 5.0 thousand persons" in text
    assert "modelled estimates" in text and "Losses abroad (producers outside A, B)" in text
    assert "Joint action" in text
    files = {p.name for p in out.iterdir()}
    assert {"stops.csv", "summary.csv", "by_cell.parquet", "by_region.parquet",
            "by_consumer.parquet", "diim_daily.parquet"} <= files
    s = pd.read_csv(out / "summary.csv")
    row = s[(s.model == "leontief_constrained") & (s.indicator == "shock_joint_over_sum")
            & (s.label.str.endswith("output"))]
    assert row["value"].iloc[0] == pytest.approx(200 / 220)
    cons = pd.read_parquet(out / "by_consumer.parquet")
    assert {"origin_region", "origin_sector", "consumer_region", "value", "unit",
            "modelled"} <= set(cons.columns)
    assert cons[cons.indicator == "shock_hours_lost"]["modelled"].all()
    assert not cons[cons.indicator == "shock_output_lost"]["modelled"].any()
    stops = pd.read_csv(out / "stops.csv")
    assert stops[stops.indicator == "shock_hours_stopped"]["value"].tolist() == [10.0, 20.0]
    assert stops[stops.indicator == "shock_persons_stopped"]["unit"].iloc[0] == "thousand persons"


def test_shock_one_stop_abroad_by_region(table, capsys):
    assert main(["shock", table, "--stop", "A:s:0.5", "--days", "73", "-q"]) == 0
    text = capsys.readouterr().out
    assert "Value added lost abroad by producing region" in text
    assert "diim: not run" in text and "B " in text


@pytest.mark.parametrize("args, message", [
    (["--stop", "C:s"], "ScenarioError: --stop C:s: unknown region 'C'; expected one of A, B"),
    (["--stop", "A:Stel"], "nearest: Steel"),
    (["--stop", "A:s:1.5"], r"outside (0, 1]"),
    (["--stop", "A:s", "--days", "0"], "not positive"),
    (["--stop", "A:s", "--days", "1000"], "longer than the table's year"),
    (["--stop", "A:s", "--dynamic"], "ScenarioError: no ARIO parameters for sector(s) s, t"),
    ([], "give at least one --stop"),
])
def test_shock_bad_input_writes_nothing(table, tmp_path, capsys, args, message):
    out = tmp_path / "never"
    assert main(["shock", table, *args, "--out", str(out), "-q"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert message in err[-1]
    assert not out.exists()


def test_shock_missing_recovery_parameters_name_the_sector(table, tmp_path, capsys):
    f = tmp_path / "s.toml"
    f.write_text("[diim]\nrecovery_days = { t = 30 }\n")
    out = tmp_path / "never"
    assert main(["shock", table, "--stop", "A:t", "--scenario", str(f), "--out", str(out),
                 "-q"]) == 1
    assert "no value for sector s (Steel)" in capsys.readouterr().err
    assert not out.exists()


def test_dynamic_hook_calls_the_dynamic_model(table, tmp_path, capsys, monkeypatch):
    import types

    calls = {}

    def run_stoppage(mrio, stoppage, days, *, scenario, progress, out):
        calls.update(cells=list(stoppage.cells), days=days, scenario=scenario)
        from interlabor.io.output import tidy

        return tidy(pd.DataFrame({"model": ["ario"], "value": [1.0]}), label="output lost",
                    unit="USD million")

    fake = types.ModuleType("interlabor.shocks.ario")
    fake.run_stoppage = run_stoppage  # type: ignore[attr-defined]
    fake.__spec__ = types.SimpleNamespace(name="interlabor.shocks.ario")  # type: ignore[assignment]
    monkeypatch.setitem(sys.modules, "interlabor.shocks.ario", fake)
    out = tmp_path / "out"
    assert main(["shock", table, "--stop", "B:t", "--days", "12", "--dynamic", "--out", str(out),
                 "-q"]) == 0
    assert calls == {"cells": [3], "days": 12.0, "scenario": {}}
    assert "Dynamic model" in capsys.readouterr().out
    assert (out / "dynamic.csv").exists()


def test_chokepoints(table, tmp_path, capsys):
    out, chart = tmp_path / "cp.csv", tmp_path / "cp.png"
    assert main(["chokepoints", table, "--consumer", "B", "--top", "3", "--min-persons", "0",
                 "--out", str(out), "--chart", str(chart), "-q"]) == 0
    text = capsys.readouterr().out
    assert "final demand of B lost per hour stopped (USD per hour)" in text
    assert "modelled hours" in text and "cross-check" in text
    long = pd.read_csv(out)
    assert set(long.indicator) == {"leverage_final_demand_lost"}
    assert set(long.label) == {"final demand of B lost per hour stopped"}
    ranked = long[long.model == "iim_supply"].sort_values("rank")
    # A:t: p1 X[1, B] / (x1 h1) = 90 x 54 / 3000; A:s: 30 x 30.8 / 1000
    assert ranked["sector"].tolist() == ["t", "s"] and set(ranked.region) == {"A"}
    assert ranked["value"].tolist() == pytest.approx([1.62, 0.924])
    assert set(long.model) == {"iim_supply", "ghosh_constrained", "iim_demand"}
    assert chart.stat().st_size > 1000


def test_chokepoints_bad_input(table, capsys):
    assert main(["chokepoints", table, "--consumer", "Bee", "-q"]) == 1
    assert "ScenarioError: --consumer: unknown region 'Bee'" in capsys.readouterr().err
    assert main(["chokepoints", table, "--top", "0", "-q"]) == 1


@pytest.mark.slow
def test_done_when_on_the_default_table(tmp_path, capsys):
    out = tmp_path / "chn"
    assert main(["shock", "default", "--stop", "CHN:c14:0.1", "--days", "30", "--out", str(out),
                 "-q"]) == 0
    text = capsys.readouterr().out
    assert "CHN:c14 (Electrical and Optical Equipment): 10% of its hours for 30 days" in text
    assert "Losses abroad (producers outside CHN)" in text and "USA" in text
    assert (out / "by_consumer.parquet").exists()
    assert main(["chokepoints", "default", "--consumer", "DEU", "--top", "5", "-q"]) == 0
    text = capsys.readouterr().out
    assert "final demand of DEU lost per hour stopped" in text
    assert "DEU:" not in text  # foreign cells only
