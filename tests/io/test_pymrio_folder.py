"""Reader of folders written by pymrio's save_all (text and parquet)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import numpy as np
import pytest

from interlabor.errors import InvalidValueError, LabelMismatchError, TableReadError, UnitError
from interlabor.io.pymrio_folder import pymrio_unit, read_pymrio_folder

from .conftest import quiet


def edit_line(path: Path, lineno: int, fn) -> None:
    """Apply ``fn`` to the fields of line ``lineno`` (1-based) of a tab-separated file."""
    lines = path.read_text().split("\n")
    lines[lineno - 1] = "\t".join(fn(lines[lineno - 1].split("\t")))
    path.write_text("\n".join(lines))


def set_field(row: int, col: int, value: str):
    def fn(fields: list[str]) -> list[str]:
        fields[col] = value
        return fields

    return fn


# Z.txt: two header rows, one row of index names, then data rows (reg1/food on line 4)
FIRST_Z_ROW = 4


@pytest.mark.parametrize("fmt", ["txt", "parquet"])
def test_reads_test_system(pymrio_folders: dict[str, Path], fmt: str) -> None:
    m = read_pymrio_folder(pymrio_folders[fmt])
    assert (m.n_regions, m.n_sectors, len(m.categories)) == (6, 8, 7)
    assert m.regions[0] == "reg1" and m.sectors[:2] == ("food", "mining")
    assert m.money.currency == "USD" and m.money.scale == 1e6
    assert m.account_names == ["emission_type1 / air", "emission_type2 / water", "Value Added"]
    air = m.account("Emissions/emission_type1 / air")
    assert air.unit == "kg" and air.final_demand is not None
    assert air.final_demand.shape == (6 * 7,)
    assert m.account("Value Added").unit == "USD million"
    assert m.account("Value Added").final_demand is None


def test_text_and_parquet_agree(pymrio_folders: dict[str, Path]) -> None:
    a, b = (read_pymrio_folder(pymrio_folders[f]) for f in ("txt", "parquet"))
    np.testing.assert_allclose(a.Z, b.Z, rtol=1e-11)
    np.testing.assert_allclose(a.Y, b.Y, rtol=1e-11)
    assert a.index.equals(b.index) and a.fd_columns.equals(b.fd_columns)


def test_stored_x_is_checked_and_optionally_used(tmp_path: Path) -> None:
    pymrio = pytest.importorskip("pymrio")
    system = quiet(pymrio.load_test)
    quiet(system.calc_all)
    quiet(system.save_all, tmp_path / "calc")
    m = read_pymrio_folder(tmp_path / "calc", use_published_x=True)
    np.testing.assert_allclose(m.x, system.x["indout"].to_numpy(), rtol=1e-11)


def test_coefficient_only_folder_is_rebuilt(tmp_path: Path, pymrio_folders) -> None:
    """A folder with A, L, S, S_Y but no Z, F, F_Y: Z = A·diag(x), F = S·diag(x)."""
    pymrio = pytest.importorskip("pymrio")
    system = quiet(pymrio.load_test)
    quiet(system.calc_all)
    system.Z = None
    for ext in system.get_extensions(data=True):
        ext.F, ext.F_Y = None, None
    quiet(system.save_all, tmp_path / "coef")
    ref = read_pymrio_folder(pymrio_folders["txt"])
    with_x = read_pymrio_folder(tmp_path / "coef")
    # without x: x = L·(Y·1)
    params = json.loads((tmp_path / "coef" / "file_parameters.json").read_text())
    del params["files"]["x"]
    (tmp_path / "coef" / "file_parameters.json").write_text(json.dumps(params))
    from_l = read_pymrio_folder(tmp_path / "coef")
    # without L either: x solves (I - A) x = Y·1
    del params["files"]["L"]
    (tmp_path / "coef" / "file_parameters.json").write_text(json.dumps(params))
    solved = read_pymrio_folder(tmp_path / "coef")
    for m, how in ((with_x, "x as stored"), (from_l, "x = L·(Y·1)"), (solved, "(I - A)")):
        assert how in m.meta["notes"]
        np.testing.assert_allclose(m.Z, ref.Z, rtol=1e-9, atol=1e-6)
        for a, b in zip(m.accounts, ref.accounts, strict=True):
            assert a.key == b.key
            np.testing.assert_allclose(a.values, b.values, rtol=1e-8, atol=1e-6)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Mill USD", "USD million"),
        ("M.EUR", "M.EUR"),
        ("1000 p.", "1000 persons"),
        ("M.hr", "million hours"),
        ("kg", "kg"),
        ("million hours", "million hours"),
    ],
)
def test_pymrio_units(raw: str, expected: str) -> None:
    assert pymrio_unit(raw) == expected


def test_can_read_only_core_folders(pymrio_folders: dict[str, Path]) -> None:
    from interlabor.io import READERS
    from interlabor.io.base import _load_builtin

    _load_builtin()
    reader = READERS["pymrio"]
    assert reader.can_read(pymrio_folders["txt"])
    assert reader.can_read(pymrio_folders["txt"] / "file_parameters.json")
    assert not reader.can_read(pymrio_folders["txt"] / "emissions")
    assert not reader.can_read(pymrio_folders["txt"] / "Z.txt")


# ---- one test per bad input: error type, and the message names the file and the label ------
def test_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(TableReadError, match=re.escape(str(tmp_path / "nowhere"))):
        read_pymrio_folder(tmp_path / "nowhere")


def test_missing_listed_file(pymrio_txt: Path) -> None:
    (pymrio_txt / "Y.txt").unlink()
    with pytest.raises(TableReadError, match=r"Y\.txt.*listed as 'Y'.*missing"):
        read_pymrio_folder(pymrio_txt)


def test_extension_folder_is_refused(pymrio_txt: Path) -> None:
    with pytest.raises(TableReadError, match=r"emissions.*file_parameters\.json.*'Extension'"):
        read_pymrio_folder(pymrio_txt / "emissions")


def test_pickle_folder_is_refused(tmp_path: Path) -> None:
    pymrio = pytest.importorskip("pymrio")
    quiet(quiet(pymrio.load_test).save_all, tmp_path / "pkl", table_format="pkl")
    with pytest.raises(TableReadError, match=r"Y\.pkl.*unsupported table format 'pkl'"):
        read_pymrio_folder(tmp_path / "pkl")


def test_truncated_z(pymrio_txt: Path) -> None:
    z = pymrio_txt / "Z.txt"
    data = z.read_bytes()
    z.write_bytes(data[: len(data) // 2])
    with pytest.raises(TableReadError, match=r"Z\.txt, row 'reg\d/\w+'.*fields.*truncated"):
        read_pymrio_folder(pymrio_txt)


def test_truncated_parquet(pymrio_folders: dict[str, Path], tmp_path: Path) -> None:
    folder = Path(shutil.copytree(pymrio_folders["parquet"], tmp_path / "pq"))
    data = (folder / "Z.parquet").read_bytes()
    (folder / "Z.parquet").write_bytes(data[: len(data) // 2])
    with pytest.raises(TableReadError, match=r"Z\.parquet: cannot read as parquet"):
        read_pymrio_folder(folder)


def test_text_in_z(pymrio_txt: Path) -> None:
    edit_line(pymrio_txt / "Z.txt", FIRST_Z_ROW + 1, set_field(0, 5, "abc"))
    with pytest.raises(TableReadError, match=r"Z\.txt, row 'reg1/mining', column 6: value 'abc'"):
        read_pymrio_folder(pymrio_txt)


def test_nan_in_z(pymrio_txt: Path) -> None:
    edit_line(pymrio_txt / "Z.txt", FIRST_Z_ROW + 1, set_field(0, 3, "nan"))
    with pytest.raises(InvalidValueError, match=r"system: Z has 1 NaN.*row reg1/mining") as err:
        read_pymrio_folder(pymrio_txt)
    assert str(pymrio_txt) in str(err.value)


def test_negative_z(pymrio_txt: Path) -> None:
    edit_line(pymrio_txt / "Z.txt", FIRST_Z_ROW + 2, set_field(0, 2, "-5"))
    with pytest.raises(InvalidValueError, match=r"negative.*row reg1/manufactoring") as err:
        read_pymrio_folder(pymrio_txt)
    assert str(pymrio_txt) in str(err.value)


def test_labels_differ_between_z_and_y(pymrio_txt: Path) -> None:
    edit_line(pymrio_txt / "Y.txt", FIRST_Z_ROW + 1, set_field(0, 1, "mines"))
    with pytest.raises(LabelMismatchError, match=r"Y\.txt: rows of Y label \('reg1', 'mines'\)"):
        read_pymrio_folder(pymrio_txt)


def test_duplicate_labels(pymrio_txt: Path) -> None:
    edit_line(pymrio_txt / "Z.txt", FIRST_Z_ROW + 1, set_field(0, 1, "food"))
    with pytest.raises(LabelMismatchError, match=r"Z\.txt: duplicate row label \('reg1', 'food'\)"):
        read_pymrio_folder(pymrio_txt)


def test_account_of_wrong_length(pymrio_txt: Path) -> None:
    f = pymrio_txt / "emissions" / "F.txt"
    lines = f.read_text().split("\n")
    f.write_text("\n".join("\t".join(ln.split("\t")[:-1]) for ln in lines))
    with pytest.raises(
        LabelMismatchError,
        match=r"emissions/F\.txt: columns of F .* 47 labels, expected 48; "
        r"first missing \('reg6', 'other'\)",
    ):
        read_pymrio_folder(pymrio_txt)


def test_unknown_unit(pymrio_txt: Path) -> None:
    unit = pymrio_txt / "emissions" / "unit.txt"
    unit.write_text(unit.read_text().replace("water\tkg", "water\tfurlongs"))
    with pytest.raises(
        UnitError,
        match=r"emissions/unit\.txt: row 'emission_type2 / water': unknown unit 'furlongs'",
    ):
        read_pymrio_folder(pymrio_txt)


def test_account_at_zero_output(pymrio_txt: Path) -> None:
    # reg1/food (first data row of Z and Y) produces nothing, but still emits
    for name in ("Z.txt", "Y.txt"):
        edit_line(pymrio_txt / name, FIRST_Z_ROW, lambda f: f[:2] + ["0"] * (len(f) - 2))
    with pytest.raises(
        InvalidValueError,
        match=r"account 'Emissions/emission_type1 / air' has a value at zero "
        r"output .* first reg1/food",
    ) as err:
        read_pymrio_folder(pymrio_txt)
    assert str(pymrio_txt) in str(err.value)


def test_parquet_z_read_sparse_without_a_dense_frame(
    pymrio_folders: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    import scipy.sparse as sp

    from interlabor.io import _pymrio_tables as tables
    from interlabor.io import pymrio_folder as mod

    dense = read_pymrio_folder(pymrio_folders["parquet"])
    monkeypatch.setattr(mod, "DENSE_LIMIT", 0)  # large-table path: Z stays sparse
    monkeypatch.setattr(tables, "_BATCH_COLUMNS", 7)  # several column batches
    sparse = read_pymrio_folder(pymrio_folders["parquet"])
    assert sp.issparse(sparse.Z) and not sp.issparse(dense.Z)
    np.testing.assert_array_equal(sparse.Z.toarray(), dense.Z)
    np.testing.assert_allclose(sparse.x, dense.x, rtol=1e-14)  # summation order differs
    for a, b in zip(sparse.accounts, dense.accounts, strict=True):
        np.testing.assert_array_equal(a.values, b.values)


def test_nan_in_parquet_z(pymrio_folders: dict[str, Path], tmp_path: Path) -> None:
    import pandas as pd

    folder = Path(shutil.copytree(pymrio_folders["parquet"], tmp_path / "pq"))
    z = pd.read_parquet(folder / "Z.parquet")
    z.iloc[1, 3] = np.nan
    z.to_parquet(folder / "Z.parquet")
    with pytest.raises(InvalidValueError, match=r"Z has 1 NaN.*row reg1/mining"):
        read_pymrio_folder(folder)
