"""OECD ICIO reader: split regions, employment join, bad input."""

from __future__ import annotations

import zipfile
from pathlib import Path

import numpy as np
import pytest

from interlabor.errors import LabelMismatchError, TableReadError, UnitError
from interlabor.io.oecd import read_oecd


@pytest.fixture(scope="module")
def icio2018(mocks: Path) -> Path:
    return mocks / "oecd_mock" / "ICIO2018_2010.CSV"


def _edit(src: Path, dest: Path, old: str, new: str) -> Path:
    text = src.read_text()
    assert old in text
    dest.write_text(text.replace(old, new, 1))
    return dest


def test_split_regions_aggregated_or_kept(mocks: Path, icio2018: Path) -> None:
    path = mocks / "oecd_mock" / "ICIO2016_2003.csv"
    agg = read_oecd(path, warn=False)
    kept = read_oecd(path, warn=False, aggregate_split=False)
    assert agg.regions == ("AUS", "NZL", "CHN", "PER")
    assert kept.regions == ("AUS", "NZL", "CHN", "PER", "CN1", "CN2")
    np.testing.assert_allclose(agg.x.sum(), kept.x.sum(), rtol=1e-12)
    s = kept.n_sectors
    parts = sum(kept.x[kept.regions.index(r) * s :][:s] for r in ("CHN", "CN1", "CN2"))
    np.testing.assert_allclose(agg.x[2 * s : 3 * s], parts, rtol=1e-12)
    assert agg.year == 2003 and agg.money.label == "USD million"
    assert read_oecd(icio2018, warn=False).regions == ("AUS", "BEL", "MEX", "BRA", "COL")


def test_disc_goes_to_own_region(mocks: Path) -> None:
    m = read_oecd(mocks / "oecd_mock" / "ICIO2016_2003.csv", warn=False)
    assert "DISC" in m.categories
    k, K, S = m.categories.index("DISC"), len(m.categories), m.n_sectors
    for r in range(m.n_regions):
        col = m.Y[:, r * K + k]
        assert not np.any(np.delete(col, np.s_[r * S : (r + 1) * S]))


def test_employment_join(icio2018: Path, tmp_path: Path) -> None:
    emp = tmp_path / "tiva_empn.csv"
    emp.write_text(
        "COU,IND,VAR,TIME,Unit Code,PowerCode Code,Value\n"
        "AUS,D01T03,EMPN,2010,PS,3,310.5\n"
        "MEX,D05T06,EMPN,2010,PS,3,12.0\n"
        "AUS,DTOTAL,EMPN,2010,PS,3,99999\n"  # aggregate: ignored
        "AUS,D01T03,EMPN,2011,PS,3,1.0\n"  # other year: ignored
    )
    m = read_oecd(icio2018, warn=False, employment=emp)
    a = m.account("employment/EMPN")
    assert a.unit == "thousand persons" and a.parsed_unit.kind == "persons"
    assert a.values.sum() == pytest.approx(322.5)
    assert a.values[0] == pytest.approx(310.5)


def test_employment_without_unit(icio2018: Path, tmp_path: Path) -> None:
    emp = tmp_path / "emp.csv"
    emp.write_text("COU,IND,TIME,Value\nAUS,01T03,2010,3\n")
    with pytest.raises(UnitError, match=r"emp.csv.*'employment' has no unit column"):
        read_oecd(icio2018, warn=False, employment=emp)


def test_employment_bad_unit(icio2018: Path, tmp_path: Path) -> None:
    emp = tmp_path / "emp.csv"
    emp.write_text("COU,IND,TIME,UNIT_MEASURE,Value\nAUS,01T03,2010,furlongs,3\n")
    with pytest.raises(UnitError, match=r"line 2.*furlongs"):
        read_oecd(icio2018, warn=False, employment=emp)


def test_truncated_zip(mocks: Path, tmp_path: Path) -> None:
    bad = tmp_path / "ICIO2018_2010.zip"
    bad.write_bytes((mocks / "oecd_mock" / "ICIO2018_2010.zip").read_bytes()[:3000])
    with pytest.raises(TableReadError, match="ICIO2018_2010.zip.*truncated"):
        read_oecd(bad)


def test_missing_member(tmp_path: Path) -> None:
    bad = tmp_path / "ICIO2018_2010.zip"
    with zipfile.ZipFile(bad, "w") as zf:
        zf.writestr("readme.txt", "nothing")
    with pytest.raises(TableReadError, match="expected one ICIO csv table"):
        read_oecd(bad)


def test_truncated_csv(icio2018: Path, tmp_path: Path) -> None:
    text = icio2018.read_text()
    bad = tmp_path / "ICIO2018_2010.csv"
    bad.write_text(text[: len(text) // 2])
    with pytest.raises(TableReadError, match="truncated") as err:
        read_oecd(bad)
    assert err.value.row is not None


def test_other_layout(mocks: Path, tmp_path: Path) -> None:
    bad = tmp_path / "ICIO2018_2010.csv"
    bad.write_text("a,b,c\nx,1,2\ny,3,4\n")
    with pytest.raises(TableReadError, match="no intermediate block"):
        read_oecd(bad)


def test_label_mismatch(icio2018: Path, tmp_path: Path) -> None:
    bad = _edit(icio2018, tmp_path / "ICIO2018_2010.csv", "\nBEL_09,", "\nBEL_99,")
    with pytest.raises(LabelMismatchError, match=r"intermediate rows.*missing \('BEL', '09'\)"):
        read_oecd(bad)


def test_not_a_number(icio2018: Path, tmp_path: Path) -> None:
    bad = _edit(icio2018, tmp_path / "ICIO2018_2010.csv", "\nBEL_09,", "\nBEL_09,abc")
    with pytest.raises(TableReadError, match=r"row 'BEL_09'.*'abc31.86689' on line 13 is not"):
        read_oecd(bad)
