"""Item 15: ``exchange --out`` follows the one tidy schema, ``account`` column included."""

from __future__ import annotations

import pandas as pd
import pytest

from interlabor.io.output import SCHEMA


def _check(t: pd.DataFrame) -> None:
    assert list(t.columns[: len(SCHEMA)]) == list(SCHEMA)
    assert t.columns[-4:].tolist() == ["value", "note", "prices", "compensation_basis"]
    assert t["account"].notna().all() and t["indicator"].notna().all()
    assert {"central", "low", "high"} <= set(t["variant"])  # and the named alternatives
    assert t["modelled"].all()
    by = t.drop_duplicates("indicator").set_index("indicator")["account"]
    assert by["hours_given"] == by["net_hours"] == by["gross_hours_ratio"] == "labour/hours"
    assert by["value_added_given"] == by["share_value_added_production_of_a"] \
        == "monetary/value_added"
    assert by["drain_d"] == "labour/hours"  # net hours, valued


@pytest.mark.parametrize("ext", ["csv", "parquet"])
def test_one_table(ext, tmp_path, cli):
    out = tmp_path / f"ex.{ext}"
    status, _, err = cli("exchange", "default", "--out", str(out), "-q")
    assert status == 0, err
    t = pd.read_csv(out) if ext == "csv" else pd.read_parquet(out)
    _check(t)
    assert list(t.columns[len(SCHEMA):len(SCHEMA) + 4]) == ["year", "giving", "receiving", "part"]
    fp = tmp_path / f"fp.{ext}"
    assert cli("footprint", "default", "--account", "hours", "--out", str(fp), "-q")[0] == 0
    other = pd.read_csv(fp) if ext == "csv" else pd.read_parquet(fp)
    assert list(other.columns[: len(SCHEMA)]) == list(t.columns[: len(SCHEMA)])


def test_series(store_years, tmp_path, cli):
    out = tmp_path / "ex.csv"
    status, _, err = cli("exchange", "--years", str(store_years), "--chart",
                         str(tmp_path / "c.png"), "--out", str(out), "-q")
    assert status == 0, err
    t = pd.read_csv(out)
    _check(t)
    assert sorted(t["year"].unique()) == [2010, 2011]
