"""Fixtures of the reader tests: pymrio's test system saved as folders, the WIOT xlsx mock."""

from __future__ import annotations

import shutil
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest


def quiet(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Call pymrio (a test-only dependency) with its own deprecation/parser warnings silenced."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return fn(*args, **kwargs)


@pytest.fixture(scope="session")
def pymrio_folders(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """pymrio's test system saved by ``save_all`` as text and as parquet (read-only masters)."""
    pymrio = pytest.importorskip("pymrio")
    root = tmp_path_factory.mktemp("pymrio")
    system = quiet(pymrio.load_test)
    out = {}
    for fmt in ("txt", "parquet"):
        out[fmt] = root / fmt
        quiet(system.save_all, out[fmt], table_format=fmt)
    return out


@pytest.fixture
def pymrio_txt(pymrio_folders: dict[str, Path], tmp_path: Path) -> Path:
    """A private, writable copy of the text folder (for tests that damage it)."""
    return Path(shutil.copytree(pymrio_folders["txt"], tmp_path / "system"))


@pytest.fixture(scope="session")
def wiot_xlsx(shared_data: Path) -> Path:
    """The WIOD 2013 WIOT xlsx layout sample (6 countries, 8 industries, pymrio's mock)."""
    return shared_data / "format_samples" / "pymrio_mocks" / "wiod_mock" / "wiot09_row_sep12.xlsx"


@pytest.fixture(scope="session")
def mocks(shared_data: Path) -> Path:
    """pymrio's cut-down copies of the published layouts in ../shared (skips when absent)."""
    return shared_data / "format_samples" / "pymrio_mocks"


# rows added to the EXIOBASE mock's satellite so that the labour accounts are exercised
EXIO_LABOUR_ROWS = {
    "Employment: Low-skilled male": ("1000 p.", 1e-6),
    "Employment: High-skilled female": ("1000 p.", 2e-6),
    "Employment hours: Low-skilled male": ("M.hr", 3e-6),
    "Employment hours: High-skilled female": ("M.hr", 4e-6),
    "Compensation of employees; wages, salaries, & employers' social contributions: "
    "Low-skilled": ("M.EUR", 5e-6),
}


def _scaled_rows(lines: list[str], factor_of: dict[str, float]) -> list[str]:
    """Rows of the first data line (emission_type1) scaled by each factor, labels replaced."""
    fields = lines[0].rstrip("\n").split("\t")
    out = []
    for label, f in factor_of.items():
        out.append("\t".join([label] + [repr(float(v) * f) for v in fields[1:]]) + "\n")
    return out


@pytest.fixture(scope="session")
def exio3_zip(mocks: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The EXIOBASE 3 mock as the releases ship it: ``IOT_2009_pxp.zip`` with one top folder,
    with employment, hours and compensation rows added to ``satellite/``."""
    import zipfile

    src = mocks / "exio3_mock"
    out = tmp_path_factory.mktemp("exio3") / "IOT_2009_pxp.zip"
    factors = {k: f for k, (_, f) in EXIO_LABOUR_ROWS.items()}
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for f in sorted(src.rglob("*")):
            if not f.is_file():
                continue
            name = f"IOT_2009_pxp/{f.relative_to(src).as_posix()}"
            text = f.read_text(encoding="utf-8")
            if f.parent.name == "satellite" and f.name in {"F.txt", "F_hh.txt"}:
                lines = text.splitlines(keepends=True)
                text += "".join(_scaled_rows(lines[2:], factors))
            elif f.parent.name == "satellite" and f.name == "unit.txt":
                text += "".join(f"{k}\t{u}\n" for k, (u, _) in EXIO_LABOUR_ROWS.items())
            zf.writestr(name, text)
    return out


@pytest.fixture(scope="session")
def eora_zip(mocks: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Eora26 mock as downloaded: ``Eora26_2010_bp.zip`` with the label files in a separate
    ``indices.zip`` beside it."""
    import zipfile

    src = mocks / "eora26_mock"
    out = tmp_path_factory.mktemp("eora") / "Eora26_2010_bp.zip"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as data, zipfile.ZipFile(
        out.parent / "indices.zip", "w"
    ) as labels:
        for f in sorted(src.iterdir()):
            (labels if f.name.startswith("labels") else data).write(f, f.name)
    return out


@pytest.fixture(scope="session")
def gloria_zips(mocks: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The GLORIA mock as downloaded: a folder with the MRIO and satellite zips and the ReadMe."""
    import zipfile

    src = mocks / "gloria_mock"
    out = tmp_path_factory.mktemp("gloria")
    for sub in sorted(d for d in src.iterdir() if d.is_dir()):
        with zipfile.ZipFile(out / f"{sub.name}.zip", "w", zipfile.ZIP_DEFLATED) as zf:
            for f in sorted(sub.iterdir()):
                zf.write(f, f.name)
    shutil.copy(src / "GLORIA_ReadMe_059.xlsx", out)
    return out
