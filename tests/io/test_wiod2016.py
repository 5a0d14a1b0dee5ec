"""WIOD 2016 readers: the world tables (fixture in the published layout) and national tables."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from interlabor.errors import (
    CoverageError,
    DataQualityWarning,
    LabelMismatchError,
    TableReadError,
    ValidationError,
)
from interlabor.io import READERS, read_table
from interlabor.io.base import _load_builtin
from interlabor.io.wiod2016 import read_wiod2016
from interlabor.io.wiod2016_niot import NIOT_CATEGORIES, read_wiod2016_niot

from .conftest import WIOT16_COUNTRIES, WIOT16_FD, WIOT16_INDUSTRIES

VA_KEYS = {
    "VA": "monetary/value_added",
    "TXSP": "monetary/taxes_less_subsidies_on_products",
    "EXP_adj": "monetary/cif_fob_adjustments_on_exports",
    "PURR": "monetary/direct_purchases_abroad_by_residents",
    "PURNR": "monetary/purchases_by_non_residents",
    "IntTTM": "monetary/international_transport_margins",
}


def edited(src: Path, dst: Path, edit: Any) -> Path:
    """Copy the fixture xlsx with ``edit(worksheet)`` applied."""
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.load_workbook(src)
    edit(wb.worksheets[0])
    wb.save(dst)
    return dst


# ---- world table ----------------------------------------------------------------------------
def test_world_table_numbers(wiot2016: tuple[Path, dict]) -> None:
    path, a = wiot2016
    with pytest.warns(DataQualityWarning, match="DEU/T"):
        m = read_wiod2016(path)
    n = len(WIOT16_COUNTRIES) * len(WIOT16_INDUSTRIES)
    assert m.regions == WIOT16_COUNTRIES and m.sectors == WIOT16_INDUSTRIES
    assert m.categories == WIOT16_FD and m.year == 2014 and m.money.currency == "USD"
    assert m.sector_names[0].startswith("Crop and animal production")
    np.testing.assert_array_equal(m.Z, a["Z"])
    np.testing.assert_allclose(m.Y, a["Y"], rtol=1e-12)
    np.testing.assert_allclose(m.x, a["x"], rtol=1e-12)
    assert {acc.key for acc in m.accounts} == set(VA_KEYS.values())
    for code, key in VA_KEYS.items():
        acc = m.account(key)
        assert acc.unit == "USD million"
        np.testing.assert_allclose(acc.values, a["rows"][code][:n], rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(acc.final_demand, a["rows"][code][n:], atol=1e-12)
    # column identity of the published table: 1'Z + the value-added block = x
    block = sum(m.account(k).values for k in VA_KEYS.values())
    np.testing.assert_allclose(np.asarray(m.Z).sum(axis=0) + block, m.x, rtol=1e-9)


def test_world_table_is_picked_by_read_table_not_by_the_2013_reader(wiot2016) -> None:
    path, _ = wiot2016
    _load_builtin()
    assert [r.name for r in READERS.values() if r.can_read(path)] == ["wiod2016"]
    m = read_table(path, warn=False)
    assert m.meta["file"] == path.name and m.meta["sheet"] == "2014"


def test_world_table_published_x(wiot2016) -> None:
    path, a = wiot2016
    m = read_wiod2016(path, warn=False, use_published_x=True)
    np.testing.assert_allclose(m.x, a["x"], rtol=1e-12)


def test_world_table_truncated(wiot2016, tmp_path: Path) -> None:
    path, _ = wiot2016
    bad = tmp_path / path.name
    bad.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    with pytest.raises(TableReadError, match=r"WIOT2014_Nov16_ROW\.xlsx.*truncated"):
        read_wiod2016(bad)


def test_world_table_rows_cut_before_the_value_added_block(wiot2016, tmp_path: Path) -> None:
    path, _ = wiot2016
    last = 6 + len(WIOT16_COUNTRIES) * len(WIOT16_INDUSTRIES)
    bad = edited(path, tmp_path / path.name, lambda ws: ws.delete_rows(last + 3, 10))
    with pytest.raises(TableReadError, match=r"rows \['EXP_adj', 'PURR'.*not found below") as e:
        read_wiod2016(bad)
    assert e.value.path == str(bad) and e.value.row == last + 1


def test_world_table_of_another_layout(wiot2016, tmp_path: Path) -> None:
    path, _ = wiot2016

    def shift(ws: Any) -> None:  # the 2013 layout: no "c1" header from column E
        for cell in ws[6]:
            cell.value = None

    with pytest.raises(TableReadError, match="no header row of column codes c1"):
        read_wiod2016(edited(path, tmp_path / path.name, shift))

    def unknown(ws: Any) -> None:
        ws.cell(row=3, column=6).value = "XYZ"

    with pytest.raises(TableReadError, match="unexpected column: code 'XYZ'") as e:
        read_wiod2016(edited(path, tmp_path / "WIOT2014_unknown.xlsx", unknown))
    assert e.value.column == 6


def test_world_table_label_mismatch(wiot2016, tmp_path: Path) -> None:
    path, _ = wiot2016
    # the second column says DEU where the rows have AUS
    bad = edited(path, tmp_path / path.name, lambda ws: setattr(ws.cell(5, 6), "value", "DEU"))
    with pytest.raises(LabelMismatchError, match=r"intermediate columns label 'DEU/C10-C12'") \
            as e:
        read_wiod2016(bad)
    assert str(bad) in str(e.value) and e.value.labels == ["DEU/C10-C12"]


def test_world_table_text_cell_is_named(wiot2016, tmp_path: Path) -> None:
    path, _ = wiot2016
    bad = edited(path, tmp_path / path.name, lambda ws: setattr(ws.cell(8, 7), "value", "n/a"))
    with pytest.raises(TableReadError, match="'n/a' is not a number") as e:
        read_wiod2016(bad)
    assert (e.value.row, e.value.column) == ("AUS/C10-C12", "AUS/G46")


def test_world_table_empty_cell_is_a_validation_error(wiot2016, tmp_path: Path) -> None:
    path, _ = wiot2016
    bad = edited(path, tmp_path / path.name, lambda ws: setattr(ws.cell(8, 7), "value", None))
    with pytest.raises(ValidationError, match="AUS/C10-C12"):
        read_wiod2016(bad)


# ---- national tables ------------------------------------------------------------------------
@pytest.fixture(scope="module")
def niot(shared_data: Path) -> Path:
    return shared_data / "wiod2016_niot"


def niot_reference(path: Path, year: int) -> dict[str, np.ndarray]:
    """Blocks of one year read with openpyxl by position (independent of the reader)."""
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        rows = [r for r in wb["National IO-tables"].iter_rows(min_row=3, values_only=True)
                if r[0] == year]
    finally:
        wb.close()
    dom = np.array([r[4:67] for r in rows if r[3] == "Domestic"], float)
    imp = np.array([r[4:67] for r in rows if r[3] == "Imports"], float)
    tot = {r[1]: np.array(r[4:67], float) for r in rows if r[3] == "TOT"}
    return {"dom": dom, "imp": imp, **tot}


@pytest.mark.parametrize("iso", ["AUS", "DEU"])
def test_niot_real_balances(niot: Path, iso: str) -> None:
    m = read_wiod2016_niot(niot / f"{iso}_NIOT_nov16.xlsx", warn=False)
    ref = niot_reference(niot / f"{iso}_NIOT_nov16.xlsx", 2014)
    assert m.regions == (iso,) and m.year == 2014 and m.categories == NIOT_CATEGORIES
    assert m.n == 56 and not [d for d in m.diagnostics if d.kind == "balance"]
    # x = Z·1 + Y·1 (exports in Y) reproduces the published output
    np.testing.assert_allclose(m.x, ref["dom"][:, 62], rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(np.asarray(m.Z), ref["dom"][:, :56], rtol=0, atol=0)
    # column identity: domestic + imported inputs + value-added block = output
    cols = np.asarray(m.Z).sum(axis=0) + m.account("imports").values + sum(
        m.account(k).values for k in VA_KEYS.values())
    np.testing.assert_allclose(cols, m.x, rtol=1e-6, atol=0.05)
    np.testing.assert_allclose(m.account("imports").final_demand,
                               ref["imp"][:, 56:62].sum(axis=0), rtol=1e-12)
    np.testing.assert_allclose(m.account("value_added").values, ref["VA"][:56], rtol=1e-12)


def test_niot_year_option_and_auto_detection(niot: Path) -> None:
    path = niot / "AUS_NIOT_nov16.xlsx"
    _load_builtin()
    assert [r.name for r in READERS.values() if r.can_read(path)] == ["wiod2016-niot"]
    m = read_table(path, year=2000, warn=False)
    ref = niot_reference(path, 2000)
    assert m.year == 2000 and m.money.price_year == 2000
    np.testing.assert_allclose(m.Y, ref["dom"][:, 56:62], rtol=0, atol=0)
    with pytest.raises(CoverageError, match="no year 1999; the file covers 2000-2014"):
        read_wiod2016_niot(path, year=1999)


def test_niot_bad_input(niot: Path, tmp_path: Path) -> None:
    src = niot / "AUS_NIOT_nov16.xlsx"
    cut = tmp_path / src.name
    cut.write_bytes(src.read_bytes()[:200_000])
    with pytest.raises(TableReadError, match=r"AUS_NIOT_nov16\.xlsx.*truncated"):
        read_wiod2016_niot(cut)
    other = tmp_path / "XXX_NIOT_nov16.xlsx"
    shutil.copy(Path(__file__).parents[2] / "src/interlabor/data/concordances/"
                "iso3_continent.csv", other)
    with pytest.raises(TableReadError, match="XXX_NIOT_nov16.xlsx"):
        read_wiod2016_niot(other)
    with pytest.raises(TableReadError, match="pass region="):
        read_wiod2016_niot(tmp_path / "aus_table.xlsx")


def test_niot_wrong_sheet_layout(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "National IO-tables"
    ws.append(["Year", "Code", "Description", "Country", "A01"])
    path = tmp_path / "AUS_NIOT_nov16.xlsx"
    wb.save(path)
    with pytest.raises(TableReadError, match="expected \\['Year', 'Code', 'Description', "
                       "'Origin'\\]") as e:
        read_wiod2016_niot(path)
    assert e.value.row == 1


# ---- CLI ------------------------------------------------------------------------------------
def test_cli_converts_both_layouts(wiot2016, niot: Path, tmp_path: Path, capsys) -> None:
    from interlabor.cli import main
    from interlabor.io.store import read_mrio

    path, a = wiot2016
    assert main(["convert", str(path), "--format", "wiod2016", "--out", str(tmp_path / "w"),
                 "-q"]) == 0
    back = read_mrio(tmp_path / "w")
    np.testing.assert_array_equal(np.asarray(back.Z), a["Z"])
    assert main(["convert", str(niot / "DEU_NIOT_nov16.xlsx"), "--out", str(tmp_path / "n"),
                 "-q"]) == 0
    assert main(["info", str(tmp_path / "n"), "-q"]) == 0
    assert "monetary/imports" in capsys.readouterr().out
