"""``interlabor decompose``: real WIOD years, identical tables, one-line errors."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest


def _years_folder(shared_data: Path, tmp_path: Path, years: tuple[int, ...]) -> Path:
    folder = tmp_path / "wiod"
    folder.mkdir()
    for y in years:
        (folder / f"wiot_{y}.RData").symlink_to(shared_data / "wiod2013" / f"wiot_{y}.RData")
    return folder


@pytest.mark.shared
@pytest.mark.slow
def test_two_real_wiod_years(cli, shared_data, tmp_path):
    folder = _years_folder(shared_data, tmp_path, (2005, 2011))
    out = tmp_path / "d.csv"
    status, text, err = cli("decompose", "--years", str(folder), "--labour-data",
                            str(shared_data), "--out", str(out), "-q")
    assert status == 0, err
    assert "2005 -> 2011" in text and "[modelled estimate: illustrative]" in text
    assert "South->North" in text and "constant 2005 prices" in text
    long = pd.read_csv(out, keep_default_na=False)
    assert long["modelled"].all()
    sn = long[(long["scope"] == "group_flow") & (long["origin"] == "South")
              & (long["consumer"] == "North")]
    change = sn.loc[sn["indicator"] == "decomposition_change", "value"].item()
    start = sn.loc[(sn["indicator"] == "decomposition_value") & (sn["endpoint"] == "from"),
                   "value"].item()
    assert change < 0 < start  # South->North hours fell 2005-2011 (modelled hours)
    for method in ("shapley", "two_polar"):
        eff = sn[(sn["indicator"] == "decomposition_effect") & (sn["method"] == method)]
        assert len(eff) == 7
        assert abs(eff["value"].sum() - change) < 1e-9 * start
    # nominal: the same change, other contributions
    out2 = tmp_path / "n.csv"
    status, _, err = cli("decompose", "--years", str(folder), "--labour-data", str(shared_data),
                         "--prices", "nominal", "--out", str(out2), "-q")
    assert status == 0, err
    nom = pd.read_csv(out2, keep_default_na=False)
    key = ["indicator", "scope", "origin", "consumer", "endpoint", "method", "factor"]
    both = long.merge(nom, on=key, suffixes=("", "_nominal"))
    values = both[both["indicator"] != "decomposition_effect"]
    np.testing.assert_allclose(values["value"], values["value_nominal"], rtol=1e-9, atol=1e-6)
    eff = both[(both["indicator"] == "decomposition_effect") & (both["factor"] == "intensity")]
    assert not np.allclose(eff["value"], eff["value_nominal"])


def test_identical_tables_decompose_to_zero(cli, store_years, tmp_path):
    out = tmp_path / "z.parquet"
    status, text, err = cli("decompose", "--years", str(store_years), "--prices", "nominal",
                            "--per-capita", "--out", str(out), "-q")
    assert status == 0, err
    assert "2010 -> 2011" in text and "population" in text
    long = pd.read_parquet(out)
    assert (long.loc[long["indicator"] != "decomposition_value_per_capita", "value"].abs()
            < 1e-9).all()
    assert set(long["indicator"]) == {"decomposition_value_per_capita",
                                      "decomposition_change_per_capita",
                                      "decomposition_effect_per_capita"}


def test_errors_are_one_line(cli, error_line, tmp_path):
    folder = tmp_path / "y"
    folder.mkdir()
    for y in (1995, 2005):
        (folder / f"wiot_{y}.RData").write_bytes(b"")
    status, _, err = cli("decompose", "--years", str(folder), "--prices", "nominal",
                         "--from", "1990", "-q")
    assert status == 1
    assert "no table for 1990; years found: 1995, 2005" in error_line(err, "CoverageError")
    status, _, err = cli("decompose", "--years", str(folder), "--prices", "nominal",
                         "--from", "2005", "--to", "1995")
    assert status == 2 and "must be before" in err
    status, _, err = cli("decompose", "--years", str(folder))
    assert status == 2 and "--price-data" in err
    status, _, err = cli("decompose", "--years", str(folder), "--prices", "nominal",
                         "--out", str(tmp_path / "x.txt"))
    assert status == 1
    assert "unknown output extension" in error_line(err, "OutputError")
