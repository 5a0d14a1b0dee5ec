"""WIOD 2013 readers: the R data files and the original WIOT Excel layout."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from interlabor.errors import (
    DataQualityWarning,
    InvalidValueError,
    LabelMismatchError,
    TableReadError,
)
from interlabor.io.wiod2013 import (
    FINAL_DEMAND_CATEGORIES,
    read_wiod2013_rdata,
    read_wiod2013_xlsx,
)

CATEGORIES = tuple(c for c, _ in FINAL_DEMAND_CATEGORIES)


def wiot_cells(path: Path) -> list[tuple]:
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        return [tuple(r) for r in wb.worksheets[0].iter_rows(values_only=True)]
    finally:
        wb.close()


def edited_copy(src: Path, dst: Path, cell: str, value: object) -> Path:
    """Copy the xlsx with one cell changed (openpyxl in write mode; the mock is tiny)."""
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.load_workbook(src)
    wb.worksheets[0][cell] = value
    wb.save(dst)
    return dst


# ---- RData ----------------------------------------------------------------------------------
def test_rdata_2011_warns_about_zero_output(wiod2011_path: Path) -> None:
    with pytest.warns(DataQualityWarning, match=r"22 region-sector\(s\) with zero"):
        m = read_wiod2013_rdata(wiod2011_path)
    assert (m.n_regions, m.n_sectors, m.categories) == (41, 35, CATEGORIES)
    assert "ROU" in m.regions and "ROM" in m.source_regions and m.year == 2011


def test_rdata_2011_zero_output_columns_of_a_are_zero(wiod2011) -> None:
    lux_c5 = wiod2011.index.get_loc(("LUX", "c5"))
    assert wiod2011.x[lux_c5] <= 0
    assert np.all(wiod2011.A[:, lux_c5] == 0) and np.isfinite(wiod2011.A).all()
    assert wiod2011.account("value_added").values[lux_c5] == 0


def test_rdata_published_x(wiod2011_path: Path) -> None:
    m = read_wiod2013_rdata(wiod2011_path, warn=False, use_published_x=True)
    assert int((m.x <= 0).sum()) == 22


def test_rdata_missing_file(tmp_path: Path) -> None:
    with pytest.raises(TableReadError, match=re.escape(str(tmp_path / "wiot_2011.RData"))):
        read_wiod2013_rdata(tmp_path / "wiot_2011.RData")


def test_rdata_truncated(wiod2011_path: Path, tmp_path: Path) -> None:
    data = wiod2011_path.read_bytes()
    bad = tmp_path / "wiot_2011.RData"
    bad.write_bytes(data[: len(data) // 2])
    with pytest.raises(TableReadError, match=re.escape(str(bad)) + r".*truncated"):
        read_wiod2013_rdata(bad)


def test_rdata_unknown_option(wiod2011_path: Path) -> None:
    with pytest.raises(TypeError, match="colour"):
        read_wiod2013_rdata(wiod2011_path, colour=True)


# ---- WIOT xlsx ------------------------------------------------------------------------------
def test_xlsx_mock_layout(wiot_xlsx: Path) -> None:
    m = read_wiod2013_xlsx(wiot_xlsx)
    assert m.regions == ("AUS", "BEL", "LUX", "ROU", "USA", "RoW")
    assert m.source_regions[3] == "ROM"
    assert m.sectors == ("c1", "c2", "c3", "c4", "c5", "c6", "c7", "c35")
    assert m.sector_names[-1] == "Private Households with Employed Persons"
    assert m.categories == CATEGORIES and m.year == 2009
    assert m.money.currency == "USD" and m.money.scale == 1e6
    assert "r64" in m.meta["notes"] and m.meta["sheet"] == "WIOT_2009"


def test_xlsx_values_equal_the_cells(wiot_xlsx: Path) -> None:
    cells = wiot_cells(wiot_xlsx)
    block = np.array([r[4:] for r in cells[6:54]], dtype=float)
    m = read_wiod2013_xlsx(wiot_xlsx)
    np.testing.assert_array_equal(m.Z, block[:, :48])
    np.testing.assert_array_equal(m.Y, block[:, 48:78])
    np.testing.assert_allclose(m.x, block[:, 78], rtol=1e-12)  # the "Total output" column
    va_row = next(r for r in cells if r[3] == "r64")
    np.testing.assert_array_equal(m.account("value_added").values, np.array(va_row[4:52], float))


def test_xlsx_and_rdata_share_one_shape(wiot_xlsx: Path, wiod2011) -> None:
    m = read_wiod2013_xlsx(wiot_xlsx)
    assert m.categories == wiod2011.categories
    assert [a.key for a in m.accounts] == [a.key for a in wiod2011.accounts]
    assert set(m.sectors) <= set(wiod2011.sectors)
    assert dict(m.meta)["doi"] == dict(wiod2011.meta)["doi"]


def test_xlsx_missing_file(tmp_path: Path) -> None:
    with pytest.raises(TableReadError, match=re.escape(str(tmp_path / "wiot09.xlsx"))):
        read_wiod2013_xlsx(tmp_path / "wiot09.xlsx")


def test_xlsx_truncated(wiot_xlsx: Path, tmp_path: Path) -> None:
    data = wiot_xlsx.read_bytes()
    bad = tmp_path / "wiot09_row_sep12.xlsx"
    bad.write_bytes(data[: len(data) // 2])
    with pytest.raises(TableReadError, match=re.escape(str(bad)) + r".*truncated"):
        read_wiod2013_xlsx(bad)


def test_xlsx_text_cell(wiot_xlsx: Path, tmp_path: Path) -> None:
    bad = edited_copy(wiot_xlsx, tmp_path / "wiot09_row_sep12.xlsx", "F8", "n/a")
    with pytest.raises(
        TableReadError, match=re.escape(str(bad)) + r", row 'AUS/c2', column 'AUS/c2'.*'n/a'"
    ):
        read_wiod2013_xlsx(bad)


def test_xlsx_empty_cell_is_nan(wiot_xlsx: Path, tmp_path: Path) -> None:
    bad = edited_copy(wiot_xlsx, tmp_path / "wiot09_row_sep12.xlsx", "E9", None)
    with pytest.raises(InvalidValueError, match=re.escape(str(bad)) + r".*NaN.*row AUS/c3"):
        read_wiod2013_xlsx(bad)


def test_xlsx_negative_flow(wiot_xlsx: Path, tmp_path: Path) -> None:
    bad = edited_copy(wiot_xlsx, tmp_path / "wiot09_row_sep12.xlsx", "E9", -3.0)
    with pytest.raises(InvalidValueError, match=re.escape(str(bad)) + r".*negative.*row AUS/c3"):
        read_wiod2013_xlsx(bad)


def test_xlsx_columns_labelled_unlike_rows(wiot_xlsx: Path, tmp_path: Path) -> None:
    bad = edited_copy(wiot_xlsx, tmp_path / "wiot09_row_sep12.xlsx", "F6", "c9")
    with pytest.raises(
        LabelMismatchError, match=re.escape(str(bad)) + r": intermediate columns label 'AUS/c9'"
    ):
        read_wiod2013_xlsx(bad)


def test_xlsx_duplicate_row(wiot_xlsx: Path, tmp_path: Path) -> None:
    bad = edited_copy(wiot_xlsx, tmp_path / "wiot09_row_sep12.xlsx", "D8", "c1")
    with pytest.raises(LabelMismatchError, match=re.escape(str(bad)) + r".*'AUS/c1'"):
        read_wiod2013_xlsx(bad)


def test_xlsx_use_published_x(wiot_xlsx: Path) -> None:
    cells = wiot_cells(wiot_xlsx)
    m = read_wiod2013_xlsx(wiot_xlsx, use_published_x=True)
    np.testing.assert_array_equal(m.x, np.array([r[-1] for r in cells[6:54]], float))


def test_readers_are_registered_by_name(wiot_xlsx: Path, wiod2011_path: Path) -> None:
    from interlabor.io import READERS, read_table

    read_table(wiot_xlsx)  # loads the built-in readers
    assert READERS["wiod2013-xlsx"].can_read(wiot_xlsx)
    assert not READERS["wiod2013-xlsx"].can_read(wiod2011_path)
    assert not READERS["wiod2013"].can_read(wiot_xlsx)
