"""GLORIA reader: supply-use -> input-output conversion, bad input."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from interlabor.errors import TableReadError
from interlabor.io.gloria import read_gloria

T_NAME = "0_120secMother_AllCountries_002_T-Results_2022_059_Markup001(full).csv"


def _copy(mocks: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(mocks / "gloria_mock", tmp_path / "gloria"))


def test_conversion_is_exact_for_diagonal_supply(mocks: Path) -> None:
    folder = mocks / "gloria_mock"
    m = read_gloria(folder, warn=False)
    T = np.loadtxt(folder / "GLORIA_MRIOs_59_2022" / T_NAME, delimiter=",")
    R, S = 3, 3
    pos = np.arange(R * 2 * S).reshape(R, 2, S)
    U = T[np.ix_(pos[:, 1].ravel(), pos[:, 0].ravel())]
    np.testing.assert_allclose(np.asarray(m.Z), U, rtol=1e-15)  # V diagonal: Z is U
    assert "conversion is exact" in m.meta["notes"]
    assert m.account("VA/Compensation of employees D.1").unit == "USD thousand"


def test_zip_equals_folder(mocks: Path, gloria_zips: Path) -> None:
    a, b = read_gloria(mocks / "gloria_mock", warn=False), read_gloria(gloria_zips, warn=False)
    np.testing.assert_array_equal(np.asarray(a.Z), np.asarray(b.Z))
    assert [x.key for x in a.accounts] == [x.key for x in b.accounts]


def test_missing_member(mocks: Path, tmp_path: Path) -> None:
    d = _copy(mocks, tmp_path)
    (d / "GLORIA_MRIOs_59_2022" / T_NAME).chmod(0o644)
    (d / "GLORIA_MRIOs_59_2022" / T_NAME).unlink()
    with pytest.raises(TableReadError, match=r"T-Results_2022_059_Markup001\(full\).csv: missing"):
        read_gloria(d, warn=False)


def test_missing_readme(mocks: Path, tmp_path: Path) -> None:
    d = _copy(mocks, tmp_path)
    (d / "GLORIA_ReadMe_059.xlsx").unlink()
    with pytest.raises(TableReadError, match="no GLORIA ReadMe"):
        read_gloria(d)


def test_truncated_member(mocks: Path, tmp_path: Path) -> None:
    d = _copy(mocks, tmp_path)
    t = d / "GLORIA_MRIOs_59_2022" / T_NAME
    t.chmod(0o644)
    t.write_text("".join(t.read_text().splitlines(keepends=True)[:-2]))
    with pytest.raises(TableReadError, match=r"shape \(16, 18\), expected \(18, 18\)"):
        read_gloria(d)
