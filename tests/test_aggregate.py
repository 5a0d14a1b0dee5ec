"""Aggregation through concordances."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from interlabor.aggregate import aggregate, read_concordance, shipped
from interlabor.cli import main
from interlabor.errors import LabelMismatchError, ValidationError
from interlabor.io import load_default
from interlabor.io.store import read_mrio
from interlabor.model import build_mrio


@pytest.fixture(scope="module")
def wiod():
    return load_default()


def test_continents_keep_totals(wiod) -> None:
    agg = aggregate(wiod, regions=shipped("iso3_continent"))
    assert set(agg.regions) <= {"Europe", "Asia-Pacific", "Americas", "Rest of the world"}
    np.testing.assert_allclose(agg.x.sum(), wiod.x.sum(), rtol=1e-12)
    np.testing.assert_allclose(np.asarray(agg.Z).sum(), np.asarray(wiod.Z).sum(), rtol=1e-12)
    np.testing.assert_allclose(agg.Y.sum(), wiod.Y.sum(), rtol=1e-12)
    for a in wiod.accounts:
        b = agg.account(a.key)
        np.testing.assert_allclose(b.values.sum(), a.values.sum(), rtol=1e-12)
        if a.final_demand is not None:
            np.testing.assert_allclose(b.final_demand.sum(), a.final_demand.sum(), rtol=1e-12)
    # aggregating into North/South and then into one region equals aggregating at once
    ns = aggregate(wiod, regions="north-south")
    assert set(ns.regions) == {"North", "South"}
    np.testing.assert_allclose(ns.x.sum(), wiod.x.sum(), rtol=1e-12)


def test_weighted_split(tmp_path: Path) -> None:
    Z = np.array([[1.0, 2.0], [3.0, 4.0]])
    m = build_mrio(Z, np.array([[5.0], [6.0]]), regions=["R"], sectors=["a", "b"],
                   categories=["hh"])
    conc = tmp_path / "s.csv"
    conc.write_text("source,target,weight\na,A,0.25\na,B,0.75\nb,B,1\n")
    agg = aggregate(m, sectors=conc)
    G = np.array([[0.25, 0.0], [0.75, 1.0]])
    np.testing.assert_allclose(np.asarray(agg.Z), G @ Z @ G.T)
    np.testing.assert_allclose(agg.x, G @ m.x)


def test_weights_must_sum_to_one(tmp_path: Path) -> None:
    conc = tmp_path / "bad.csv"
    conc.write_text("source,target,weight\na,A,0.5\na,B,0.4\nb,B,1\nc,C,2\n")
    with pytest.raises(ValidationError, match=r"2 source label\(s\).*a \(0.9\), c \(2\)"):
        read_concordance(conc)


def test_missing_label(wiod, tmp_path: Path) -> None:
    conc = tmp_path / "r.csv"
    conc.write_text("source,target\nAUS,Oceania\n")
    with pytest.raises(LabelMismatchError, match="40 region label.*not in the concordance"):
        aggregate(wiod, regions=conc)


def test_cli_aggregate(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "continents"
    assert main(["aggregate", "default", "--regions", "iso3_continent", "--out", str(out),
                 "-q"]) == 0
    assert read_mrio(out).n_regions == 4
    assert main(["aggregate", "default", "--regions", str(tmp_path / "none.csv"), "--out",
                 str(tmp_path / "x"), "-q"]) == 1
    assert "TableReadError" in capsys.readouterr().err
