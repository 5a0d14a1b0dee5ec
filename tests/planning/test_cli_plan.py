from __future__ import annotations

from pathlib import Path

from interlabor.cli import main
from interlabor.io.store import write_mrio


def test_plan_command(ricardo, tmp_path: Path, capsys):
    table = write_mrio(ricardo, tmp_path / "table")
    scen = tmp_path / "s.toml"
    scen.write_text('[sourcing]\ndelta = "off"\n[transport]\ncost = "none"\n'
                    "[capacity]\ngrowth = 100.0\nlabour_growth = 0.0\n")
    out = tmp_path / "out"
    status = main(["plan", str(table), "--scenario", str(scen), "--out", str(out), "-q"])
    cap = capsys.readouterr()
    text = cap.out
    assert status == 0
    assert "saved 45 (37.50% of today's hours worked)" in text
    assert "Sensitivity" in text and "Who loses work" in text and "Is the optimum unique" in text
    assert "money units: no price levels for this table" in text
    assert "warning: PriceLevelWarning" in cap.err
    for f in ("hours_by_region.csv", "shadow_prices.csv", "hours_by_region.png", "summary.txt",
              "sensitivity.csv", "work_by_sector.csv", "ranges.csv"):
        assert (out / f).is_file()


def test_plan_command_scenario_error(ricardo, tmp_path: Path, capsys):
    table = write_mrio(ricardo, tmp_path / "table")
    scen = tmp_path / "bad.toml"
    scen.write_text("[sourcing]\ndelt = 0.1\n")
    status = main(["plan", str(table), "--scenario", str(scen), "--out", str(tmp_path / "o"),
                   "-q"])
    err = capsys.readouterr().err
    assert status == 1
    assert "ScenarioError" in err and "sourcing.delt" in err


def test_plan_command_infeasible(ricardo, tmp_path: Path, capsys):
    table = write_mrio(ricardo, tmp_path / "table")
    scen = tmp_path / "inf.toml"
    scen.write_text('[sourcing]\ndelta = "off"\n[capacity]\ngrowth = 100.0\nlabour_growth = 0.0\n'
                    "[capacity.labour]\nB = 50.0\n[sovereignty]\n"
                    'pairs = [{region = "B", sector = "p1", share = 1.0}]\n')
    status = main(["plan", str(table), "--scenario", str(scen), "--out", str(tmp_path / "o"),
                   "-q", "--no-sensitivity"])
    err = capsys.readouterr().err
    assert status == 1
    assert "Infeasible" in err and "B's labour capacity" in err
