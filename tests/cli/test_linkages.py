"""``interlabor linkages``: printed top sectors, the tidy file, one-line errors."""

from __future__ import annotations

import pandas as pd
import pytest

from interlabor import linkages as lk
from interlabor.io.access import read


def test_linkages_prints_top_sectors_and_writes_the_region(tmp_path, cli):
    out = tmp_path / "links.csv"
    status, text, _ = cli("linkages", "default", "--region", "CHN", "--kind", "all", "--top",
                          "3", "-q", "--out", str(out))
    assert status == 0
    assert "Top 3 backward linkages in CHN" in text and "Top 3 forward linkages" in text
    assert "income-based labour/hours" in text and "[modelled estimate]" in text
    assert "type-II multipliers left out: no labour-income account" in text  # no --labour-data
    t = pd.read_csv(out)
    assert set(t["region"]) == {"CHN"}
    fwd = t[(t["indicator"] == "forward_linkage_index") & (t["part"] == "total")]
    best = fwd.dropna(subset=["value"]).sort_values("value").iloc[-1]
    want = lk.forward_linkages(read("default")).loc["CHN", "index"]
    assert best["sector"] == want.idxmax() and best["value"] == pytest.approx(want.max(), rel=1e-12)
    assert f"CHN:{best['sector']}" in text.split("forward linkages")[1].splitlines()[2]
    assert t.loc[t["indicator"] == "income_based", "modelled"].all()
    assert not t.loc[t["indicator"] == "backward_linkage", "modelled"].any()


def test_type2_without_income_is_one_line(run_cli, error_line):
    r = run_cli("linkages", "default", "--kind", "type2", "-q")
    assert r.returncode == 1
    line = error_line(r.stderr, "AccountNotFoundError")
    assert "labour_income" in line and "--labour-data" in line


def test_unknown_region_is_one_line(run_cli, error_line):
    r = run_cli("linkages", "default", "--region", "XXX", "--kind", "backward", "-q")
    assert r.returncode == 1
    assert "'XXX'" in error_line(r.stderr, "InterlaborError")


def test_type2_with_the_modelled_labour_income(tmp_path, cli, shared_data):
    out = tmp_path / "t2.csv"
    status, text, _ = cli("linkages", "default", "--kind", "type2", "--account", "hours",
                          "--labour-data", str(shared_data), "--region", "CHN", "--top", "3",
                          "-q", "--out", str(out))
    assert status == 0
    assert "Top 3 type-II output multipliers in CHN" in text and "[modelled income]" in text
    assert "spend 1 of each unit in the shares" in text
    t = pd.read_csv(out)
    assert t["modelled"].all()  # the income account is modelled: so is every type-II number
    m = t[t["indicator"].str.endswith("output_multiplier")].pivot_table(
        index="sector", columns="indicator", values="value")
    gain = m["type2_output_multiplier"] - m["type1_output_multiplier"]
    assert (gain >= 0).all() and (gain > 0).sum() >= 33  # equal only without output (c19, c35)


def test_bad_propensity_is_a_usage_error(run_cli):
    r = run_cli("linkages", "default", "--kind", "type2", "--propensity", "1.5")
    assert r.returncode == 2 and "expected a number in (0, 1] or 'average'" in r.stderr
