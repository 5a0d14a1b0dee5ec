"""Eora26 reader: zip with indices.zip, folder, bad input."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from interlabor.errors import LabelMismatchError, TableReadError, UnitError
from interlabor.io.eora import read_eora26


def _folder(mocks: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(mocks / "eora26_mock", tmp_path / "eora"))


def test_zip_equals_folder(eora_zip: Path, mocks: Path) -> None:
    z, f = read_eora26(eora_zip), read_eora26(mocks / "eora26_mock")
    np.testing.assert_array_equal(np.asarray(z.Z), np.asarray(f.Z))
    assert z.money.label == "USD thousand" and z.year == 2010
    assert z.account("VA/Value Added").unit == "USD thousand"


def test_missing_member(mocks: Path, tmp_path: Path) -> None:
    d = _folder(mocks, tmp_path)
    (d / "Eora26_2010_bp_FD.txt").unlink()
    with pytest.raises(TableReadError, match="Eora26_2010_bp_FD.txt: missing member"):
        read_eora26(d)


def test_missing_labels(eora_zip: Path, tmp_path: Path) -> None:
    alone = Path(shutil.copy(eora_zip, tmp_path / eora_zip.name))  # no indices.zip beside it
    with pytest.raises(TableReadError, match="missing label file labels_T.txt"):
        read_eora26(alone)


def test_truncated_member(mocks: Path, tmp_path: Path) -> None:
    d = _folder(mocks, tmp_path)
    t = d / "Eora26_2010_bp_T.txt"
    lines = t.read_text().splitlines(keepends=True)
    t.write_text("".join(lines[:-3]))
    with pytest.raises(TableReadError, match=r"_T.txt: shape \(45, 48\), expected \(48, 48\)"):
        read_eora26(d)


def test_label_mismatch(mocks: Path, tmp_path: Path) -> None:
    d = _folder(mocks, tmp_path)
    lab = d / "labels_FD.txt"
    lab.write_text(lab.read_text().replace("reg2", "regX", 1))
    with pytest.raises(LabelMismatchError, match="final-demand columns"):
        read_eora26(d)


def test_satellite_without_unit(mocks: Path, tmp_path: Path) -> None:
    d = _folder(mocks, tmp_path)
    lab = d / "labels_Q.txt"
    lab.write_text(lab.read_text().replace(" (kg)", "", 1))
    with pytest.raises(UnitError, match="labels_Q|_Q.txt.*no unit"):
        read_eora26(d)
    assert not read_eora26(d, satellites=False).account_names[1:]
