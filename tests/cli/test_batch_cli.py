"""Item 9: ``batch`` takes inline JSON scenarios, checks the account first, tells the truth."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd


def test_inline_scenarios_as_in_the_help(bundled_store, tmp_path, cli):
    scen = json.dumps([{"name": "more", "final_demand_scale": {"DEU": 1.1}}])
    out = tmp_path / "out"
    status, text, err = cli("batch", str(bundled_store), "--account", "hours", "--scenarios",
                            scen, "--out", str(out), "--scheduler", "sequential", "-q")
    assert status == 0, err
    assert "1 unit(s) done" in text
    more = pd.read_parquet(out / "t_2011" / "more.parquet")
    base_out = tmp_path / "base"
    assert cli("batch", str(bundled_store), "--account", "hours", "--out", str(base_out),
               "--scheduler", "sequential", "-q")[0] == 0
    base = pd.read_parquet(base_out / "t_2011" / "baseline.parquet")
    # linear in final demand: DEU's column scales by 1.1, every other column stays
    def col(t, d):
        return t[t["consumer_region"] == d].set_index("origin_region")["value"]
    assert np.allclose(col(more, "DEU"), 1.1 * col(base, "DEU"), rtol=1e-12)
    assert np.allclose(col(more, "FRA"), col(base, "FRA"), rtol=1e-12)


def test_scenarios_file_still_works(bundled_store, tmp_path, cli):
    f = tmp_path / "s.json"
    f.write_text(json.dumps([{"name": "less", "final_demand_scale": {"USA": 0.9}}]))
    status, _, err = cli("batch", str(bundled_store), "--account", "hours", "--scenarios",
                         str(f), "--out", str(tmp_path / "o"), "--scheduler", "sequential", "-q")
    assert status == 0, err
    assert (tmp_path / "o" / "t_2011" / "less.parquet").is_file()


def test_missing_account_checked_before_launching(store_years, tmp_path, cli, error_line):
    out = tmp_path / "out"
    status, _, err = cli("batch", "--years", str(store_years), "--account", "hours_unpaid",
                         "--out", str(out), "-q")
    assert status == 1
    line = error_line(err, "AccountNotFoundError")
    assert "no account 'hours_unpaid'" in line and "nothing was launched" in line
    assert not out.exists()


def test_summary_when_every_unit_fails_is_true(store_years, tmp_path, cli, error_line):
    scen = json.dumps([{"name": "x", "final_demand_scale": {"XYZ": 1.1}}])  # no region XYZ
    out = tmp_path / "out"
    status, _, err = cli("batch", "--years", str(store_years), "--account", "hours", "--scenarios",
                         scen, "--out", str(out), "--scheduler", "sequential", "-q")
    assert status == 1
    line = error_line(err, "BatchError")
    assert line.startswith("BatchError: all 2 unit(s) failed") and "nothing was written" in line
    assert "the others are written" not in line
    assert not list(out.rglob("*.parquet"))
