"""Variants of an account are metadata (``variant_of``, ``variant``), never name suffixes."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from interlabor.errors import LabelMismatchError
from interlabor.io.store import read_mrio, write_mrio
from interlabor.model import Account, build_mrio, in_range, variants_of
from interlabor.report.summary import origin_summary, range_accounts


def table(extra=()):
    """Two regions x one sector, no intermediate use (L = I): footprints by hand."""
    Y = np.array([[6.0, 4.0], [1.0, 9.0]])
    h = np.array([10.0, 100.0])
    accounts = [
        Account("hours", "million hours", h, extension="labour", modelled=True),
        Account("hours (calibration:max)", "million hours", 2 * h, extension="labour",
                variant_of="labour/hours", variant="calibration:max", modelled=True),
        Account("hours (previous method)", "million hours", np.array([20.0, 50.0]),
                extension="labour", variant_of="labour/hours", variant="previous method",
                modelled=True),
        *extra,
    ]
    return build_mrio(np.zeros((2, 2)), Y, regions=["AAA", "BBB"], sectors=["s"],
                      categories=["hh"], accounts=accounts, year=2011)


def test_variants_found_by_metadata_not_names():
    skills = [Account("hours_low", "million hours", np.array([1.0, 1.0]), extension="labour"),
              Account("hours_high", "million hours", np.array([2.0, 2.0]), extension="labour")]
    m = table(skills)
    assert [a.variant for a in variants_of(m, "labour/hours")] == ["calibration:max",
                                                                     "previous method"]
    assert [a.variant for a in variants_of(m, "hours", range_only=True)] == ["calibration:max"]
    assert variants_of(m, "labour/hours_low") == []  # a skill, not a bound
    assert range_accounts(m, "hours") == {"calibration:max": "labour/hours (calibration:max)",
                                          "previous method": "labour/hours (previous method)"}
    assert in_range("pattern:flat") and not in_range("previous method")
    assert not in_range("sample:12") and not in_range("central")


def test_origin_summary_range_over_alternatives_only():
    s = origin_summary(table(), "hours")
    # footprint of AAA: 10*6/10 + 100*1/10 = 16; doubled for calibration:max
    assert s.loc["AAA", "footprint"] == pytest.approx(16.0)
    assert s.loc["AAA", "footprint [calibration:max]"] == pytest.approx(32.0)
    assert (s.loc["AAA", "footprint_low"], s.loc["AAA", "footprint_high"]) == pytest.approx(
        (16.0, 32.0))
    # previous method: 20*6/10 + 50*1/10 = 17, reported, not a bound (BBB: 8 + 45 = 53 < 84)
    assert s.loc["AAA", "footprint [previous method]"] == pytest.approx(17.0)
    assert s.loc["BBB", "footprint_low"] == pytest.approx(4 + 90.0)


def test_invalid_relations_are_refused():
    h = np.array([1.0, 2.0])
    with pytest.raises(LabelMismatchError, match="not a central account"):
        table([Account("hours x", "million hours", h, variant_of="labour/nothing",
                       variant="a:b")])
    with pytest.raises(LabelMismatchError, match="not a central account"):
        table([Account("hours y", "million hours", h, extension="labour",
                       variant_of="labour/hours (calibration:max)", variant="a:b")])
    with pytest.raises(LabelMismatchError, match="measure different things"):
        table([Account("persons z", "thousand persons", h, variant_of="labour/hours",
                       variant="a:b")])
    with pytest.raises(LabelMismatchError, match="of no account"):
        table([Account("hours w", "million hours", h, variant="calibration:min")])
    with pytest.raises(LabelMismatchError, match="needs a variant name"):
        table([Account("hours v", "million hours", h, variant_of="labour/hours")])


def test_store_keeps_variants_and_reads_old_manifests(tmp_path: Path):
    path = write_mrio(table(), tmp_path / "t")
    back = read_mrio(path)
    assert [(a.variant_of, a.variant) for a in back.accounts] == [
        (a.variant_of, a.variant) for a in table().accounts]
    # a manifest written before variants existed: every account is central
    m = tmp_path / "old"
    write_mrio(build_mrio(np.zeros((2, 2)), np.eye(2), regions=["AAA", "BBB"], sectors=["s"],
                          categories=["hh"], accounts=[Account("hours_low", "hours",
                                                                np.ones(2))]), m)
    manifest = json.loads((m / "manifest.json").read_text())
    for e in manifest["accounts"]:
        del e["variant_of"], e["variant"]
    (m / "manifest.json").write_text(json.dumps(manifest))
    old = read_mrio(m)
    assert (old.accounts[0].variant_of, old.accounts[0].variant) == (None, "central")


def test_aggregate_and_pymrio_keep_variants():
    from interlabor.aggregate import Concordance, aggregate

    conc = Concordance((("AAA", "W", 1.0), ("BBB", "W", 1.0)), origin="test")
    agg = aggregate(table(), regions=conc)
    assert [a.variant for a in agg.accounts] == ["central", "calibration:max", "previous method"]
    pytest.importorskip("pymrio")
    from interlabor.interop import from_pymrio, to_pymrio

    back = from_pymrio(to_pymrio(table()))
    assert [(a.variant_of, a.variant) for a in back.accounts] == [
        (a.variant_of, a.variant) for a in table().accounts]
    only = from_pymrio(to_pymrio(table()), accounts=["labour/hours (previous method)"])
    assert (only.accounts[0].variant_of, only.accounts[0].variant) == (None, "central")
