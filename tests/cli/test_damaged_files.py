"""Item 3: damaged files are diagnosed as damaged, by extension and content, naming the file."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest


@pytest.fixture
def wiod_bytes(wiod2011_path: Path) -> bytes:
    return wiod2011_path.read_bytes()


@pytest.fixture
def info_error(run_cli, error_line):
    """``info FILE`` as a user runs it: it must fail with one TableReadError line naming FILE."""

    def call(f: Path) -> str:
        r = run_cli("info", str(f), "-q")
        assert r.returncode == 1
        line = error_line(r.stderr, "TableReadError")
        assert str(f) in line
        return line

    return call


@pytest.mark.parametrize("name", ["wiot_2011.RData", "trunc.RData", "table.rda"])
def test_truncated_rdata_says_truncated(name, wiod_bytes, tmp_path, info_error):
    f = tmp_path / name
    f.write_bytes(wiod_bytes[: len(wiod_bytes) // 2])
    line = info_error(f)
    assert "damaged R data file" in line
    assert "ended before the end-of-stream marker" in line
    assert "no reader recognises" not in line


def test_byte_flipped_rdata_says_corrupt(wiod_bytes, tmp_path, run_cli, error_line):
    data = bytearray(wiod_bytes)
    data[len(data) // 3] ^= 0xFF
    f = tmp_path / "flipped.RData"
    f.write_bytes(bytes(data))
    r = run_cli("footprint", str(f), "--account", "value_added", "-q")
    assert r.returncode == 1
    line = error_line(r.stderr, "TableReadError")
    assert str(f) in line and "damaged R data file" in line and "corrupt" in line


def test_rdata_without_a_name_the_readers_know_is_read(wiod2011_path, tmp_path, cli):
    """Routed by content: an intact R data file named anything is read by the R reader."""
    f = tmp_path / "renamed.RData"
    shutil.copy(wiod2011_path, f)
    status, out, _ = cli("info", str(f), "-q", "--no-cache")
    assert status == 0 and "41 regions x 35 sectors" in out


@pytest.fixture
def wiot_xlsx(shared_data: Path, tmp_path: Path) -> Path:
    src = shared_data / "format_samples" / "pymrio_mocks" / "wiod_mock" / "wiot09_row_sep12.xlsx"
    return Path(shutil.copy(src, tmp_path / src.name))


def test_format_wiod2013_reads_the_xlsx_layout(wiot_xlsx, cli):
    status, out, err = cli("info", str(wiot_xlsx), "--format", "wiod2013", "-q", "--no-cache")
    assert status == 0, err
    assert "6 regions x 8 sectors" in out and "2009" in out
    assert "cannot parse as R data" not in err


def test_xlsx_routed_by_its_sheet_names(wiot_xlsx, tmp_path, cli):
    other = tmp_path / "my_table.xlsx"
    shutil.copy(wiot_xlsx, other)
    status, out, _ = cli("info", str(other), "-q", "--no-cache")
    assert status == 0 and "6 regions x 8 sectors" in out


@pytest.mark.parametrize("name", ["wiot09_row_sep12.xlsx", "other.xlsx", "WIOT2014_Nov16_ROW.xlsb"])
def test_truncated_workbook_says_damaged(name, wiot_xlsx, tmp_path, info_error):
    f = tmp_path / name
    f.write_bytes(wiot_xlsx.read_bytes()[:3000])
    line = info_error(f)
    assert "damaged Excel workbook" in line
    assert "end-of-central-directory" in line


def test_workbook_with_a_failing_crc(wiot_xlsx, tmp_path, info_error):
    """A byte flipped inside a member's data: the zip opens, the member fails its CRC."""
    data = bytearray(wiot_xlsx.read_bytes())
    with zipfile.ZipFile(wiot_xlsx) as zf:
        info = zf.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start + info.compress_size // 2] ^= 0xFF
    f = tmp_path / "mine.xlsx"
    f.write_bytes(bytes(data))
    assert "damaged Excel workbook" in info_error(f)


@pytest.mark.parametrize("name", ["IOT_2011_ixi.zip", "tables.zip"])  # by name, by content
def test_truncated_zip_archive(name, bundled_store, tmp_path, info_error):
    whole = tmp_path / "whole.zip"
    with zipfile.ZipFile(whole, "w") as zf:
        for p in bundled_store.iterdir():
            zf.write(p, p.name)
    f = tmp_path / name
    f.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    assert "damaged zip archive" in info_error(f)


@pytest.mark.parametrize("name, content, says", [
    ("ICIO2018_2010.csv", b"CHN_01T02,\x00\x00\x17garbage\x00", "damaged text (CSV) file"),
    ("mine.csv", b"a,b\n1,2\n", "a text file that no reader recognises by name"),
    ("wiot_2011.RData", b"", "is empty (0 bytes)"),
])
def test_other_files_say_what_they_are(name, content, says, tmp_path, info_error):
    f = tmp_path / name
    f.write_bytes(content)
    assert says in info_error(f)
