"""``interlabor paths``: the top paths with coverage, the written table, risk files, errors."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

import interlabor as il
from interlabor.io.output import SCHEMA


def test_default_deu_c4_top_20(cli, tmp_path):
    out = tmp_path / "paths.csv"
    status, text, err = cli("paths", "default", "--consumer", "DEU", "--product", "c4",
                            "--top", "20", "--out", str(out), "--tiers", "region", "-q")
    assert status == 0, err
    assert "Supply-chain paths of labour/hours behind DEU final demand c4 (million hours) " \
        "[modelled estimate: illustrative]" in text
    rows = [line for line in text.splitlines() if " <- " in line]
    assert len(rows) == 20
    assert "DEU final demand c4 <- CHN c4 <- CHN c1" in text
    assert re.search(r"listed paths \(20\): [\d.]+ %", text)
    assert re.search(r"all [\d,]+ paths above the threshold: [\d.]+ %", text)
    assert "note: labour/hours is a modelled estimate" in text
    assert not re.search(r"\de[+-]\d", text)  # no scientific notation
    t = pd.read_csv(out)
    assert list(t.columns[:len(SCHEMA)]) == list(SCHEMA)
    assert set(t["indicator"]) == {"path_footprint", "path_coverage", "tier_footprint"}
    p = t[t.indicator == "path_footprint"]
    assert len(p) == 20 and t["modelled"].all()
    # the printed value of path 1 (million hours, 4 significant digits) is the written one
    first = rows[0].split()
    assert float(first[3].replace(",", "")) == pytest.approx(p["value"].iloc[0], rel=1e-3)
    # the written paths are the footprint's terms: shares of consumption_based by product
    foot = il.consumption_based(il.read("default"), "hours", by="product").loc["c4", "DEU"]
    np.testing.assert_allclose(p["share"] * foot, p["value"], rtol=1e-9)
    tiers = t[t.indicator == "tier_footprint"]
    assert tiers["value"].sum() == pytest.approx(foot, rel=1e-9)


def test_risk_file_ranks_by_exposure(cli, tmp_path):
    risk = tmp_path / "risk.csv"
    risk.write_text("region,sector,risk\nIND,*,1\n")
    status, text, err = cli("paths", "default", "--consumer", "DEU", "--product", "c4",
                            "--top", "5", "--risk", str(risk), "-q")
    assert status == 0, err
    assert "paths of risk exposure behind DEU final demand c4 (risk x million hours)" in text
    rows = [line for line in text.splitlines() if " <- " in line]
    assert len(rows) == 5 and all(line.split(" <- ")[-1].startswith("IND") for line in rows)
    assert all(line.endswith("[risk 1]") for line in rows)


def test_bad_risk_file_is_one_error_line(run_cli, tmp_path):
    risk = tmp_path / "risk.csv"
    risk.write_text("region,sector,risk\nDEU,c4,1\nXYZ,c1,1\n")
    proc = run_cli("paths", "default", "--consumer", "DEU", "--risk", str(risk), "-q")
    assert proc.returncode == 1
    last = proc.stderr.strip().splitlines()[-1]
    assert last.startswith("TableReadError: ") and f"{risk}, row 3: unknown region 'XYZ'" in last


@pytest.mark.parametrize("args, match", [
    (["--consumer", "XXX"], "LabelMismatchError: unknown region 'XXX'"),
    (["--consumer", "DEU", "--product", "c99"], "LabelMismatchError: unknown sector 'c99'"),
    (["--consumer", "DEU", "--category", "X"], "LabelMismatchError: unknown category 'X'"),
    (["--consumer", "DEU", "--account", "nope"], "AccountNotFoundError"),
    (["--consumer", "DEU", "--out", "x.txt"], "OutputError"),
])
def test_errors(cli, args, match):
    status, _, err = cli("paths", "default", *args, "-q")
    assert status == 1
    assert err.strip().splitlines()[-1].startswith(match)


def test_threshold_outside_zero_one_is_a_usage_error(cli):
    with pytest.raises(SystemExit) as exc:
        cli("paths", "default", "--consumer", "DEU", "--threshold", "2")
    assert exc.value.code == 2
