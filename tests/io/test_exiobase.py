"""EXIOBASE 3 reader: zip read in place, labour accounts, region codes, bad input."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from interlabor.errors import LabelMismatchError, TableReadError, UnitError
from interlabor.io import read_table
from interlabor.io.exiobase import exiobase_unit, read_exiobase3


def _rewrite(src: Path, dest: Path, edit: Callable[[str, bytes], bytes | None]) -> Path:
    """Copy a zip, passing each member through ``edit`` (None drops the member)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dest, "w") as zout:
        for info in zin.infolist():
            data = edit(info.filename, zin.read(info))
            if data is not None:
                zout.writestr(info.filename, data)
    return dest


def test_zip_equals_folder(exio3_zip: Path, mocks: Path) -> None:
    z = read_exiobase3(exio3_zip)
    f = read_exiobase3(mocks / "exio3_mock")
    np.testing.assert_allclose(np.asarray(z.Z), np.asarray(f.Z), rtol=1e-12)
    assert z.year == f.year == 2009
    assert z.source_regions == ("AU", "BR", "FI", "FR", "KR", "WF")
    assert z.regions == ("AUS", "BRA", "FIN", "FRA", "KOR", "WF")


def test_labour_accounts_and_units(exio3_zip: Path) -> None:
    m = read_exiobase3(exio3_zip, accounts="labour")
    units = {a.key: a.unit for a in m.accounts}
    assert units["satellite/Employment: Low-skilled male"] == "1000 persons"
    assert units["satellite/Employment hours: Low-skilled male"] == "million hours"
    assert units["labour/hours"] == "million hours"
    assert units["labour/compensation"] == "M.EUR"
    assert not any("emission" in k for k in units)
    hours = [a for a in m.accounts if a.name.startswith("Employment hours")]
    np.testing.assert_allclose(m.account("labour/hours").values, sum(a.values for a in hours))
    assert m.account("hours").parsed_unit.kind == "time worked"


def test_extensions_option(exio3_zip: Path) -> None:
    assert not read_exiobase3(exio3_zip, extensions=[]).accounts
    with pytest.raises(TableReadError, match="no extension folder 'impacts'"):
        read_exiobase3(exio3_zip, extensions=["impacts"])


def test_units() -> None:
    assert exiobase_unit("M.EUR") == "M.EUR"
    assert exiobase_unit("Mm3") == "million m3"
    with pytest.raises(UnitError):
        exiobase_unit("furlongs")


def test_read_table_picks_exiobase(exio3_zip: Path) -> None:
    assert read_table(exio3_zip).meta["title"] == "EXIOBASE 3 pxp"


def test_truncated_zip(exio3_zip: Path, tmp_path: Path) -> None:
    bad = tmp_path / "IOT_2009_pxp.zip"
    bad.write_bytes(exio3_zip.read_bytes()[:5000])
    with pytest.raises(TableReadError, match="truncated") as err:
        read_exiobase3(bad)
    assert str(bad) in str(err.value)


def test_missing_member(exio3_zip: Path, tmp_path: Path) -> None:
    bad = _rewrite(exio3_zip, tmp_path / "IOT_2009_pxp.zip",
                   lambda n, d: None if n.endswith("/Y.txt") else d)
    with pytest.raises(TableReadError, match=r"IOT_2009_pxp/Y.txt: missing member"):
        read_exiobase3(bad)


def test_truncated_member(exio3_zip: Path, tmp_path: Path) -> None:
    bad = _rewrite(exio3_zip, tmp_path / "IOT_2009_pxp.zip",
                   lambda n, d: d[: len(d) // 2] if n.endswith("/A.txt") else d)
    with pytest.raises(TableReadError, match=r"A.txt.*truncated") as err:
        read_exiobase3(bad)
    assert err.value.row is not None


def test_other_layout(mocks: Path, tmp_path: Path) -> None:
    bad = tmp_path / "IOT_2009_ixi.zip"
    with zipfile.ZipFile(bad, "w") as zf:
        zf.write(mocks / "oecd_mock" / "ICIO2016_2003.csv", "ICIO2016_2003.csv")
    with pytest.raises(TableReadError, match="expected an EXIOBASE 3 archive"):
        read_exiobase3(bad)


def test_label_mismatch(exio3_zip: Path, tmp_path: Path) -> None:
    def edit(name: str, data: bytes) -> bytes:
        if name.endswith("/Y.txt"):
            return data.replace(b"\nBRA\tmining", b"\nBRA\tmine", 1)
        return data

    bad = _rewrite(exio3_zip, tmp_path / "IOT_2009_pxp.zip", edit)
    with pytest.raises(LabelMismatchError, match=r"Y.txt.*rows of Y.*'mine'"):
        read_exiobase3(bad)


def test_account_without_unit(exio3_zip: Path, tmp_path: Path) -> None:
    def edit(name: str, data: bytes) -> bytes:
        if name.endswith("satellite/unit.txt"):
            return data.replace(b"emission_type2\tkg", b"emission_type2\t")
        return data

    bad = _rewrite(exio3_zip, tmp_path / "IOT_2009_pxp.zip", edit)
    with pytest.raises(TableReadError, match=r"satellite/unit.txt.*emission_type2.*no unit"):
        read_exiobase3(bad)


def test_unconvertible_unit(exio3_zip: Path, tmp_path: Path) -> None:
    def edit(name: str, data: bytes) -> bytes:
        if name.endswith("satellite/unit.txt"):
            return data.replace(b"emission_type2\tkg", b"emission_type2\tfurlongs")
        return data

    bad = _rewrite(exio3_zip, tmp_path / "IOT_2009_pxp.zip", edit)
    with pytest.raises(UnitError, match=r"satellite/unit.txt.*emission_type2.*furlongs"):
        read_exiobase3(bad)
