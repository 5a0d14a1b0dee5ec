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


# ---- WIOD 2016 world table in the published layout ------------------------------------------
WIOT16_COUNTRIES = ("AUS", "DEU", "ROW")
WIOT16_INDUSTRIES = ("A01", "C10-C12", "G46", "T")
WIOT16_FD = ("CONS_h", "CONS_np", "CONS_g", "GFCF", "INVEN")
WIOT16_SUMMARY = ("II_fob", "TXSP", "EXP_adj", "PURR", "PURNR", "VA", "IntTTM", "GO")
WIOT16_SUMMARY_NAMES = (
    "Total intermediate consumption", "taxes less subsidies on products",
    "Cif/ fob adjustments on exports", "Direct purchases abroad by residents",
    "Purchases on the domestic territory by non-residents ", "Value added at basic prices",
    "International Transport Margins", "Output at basic prices",
)


def wiot2016_arrays(seed: int = 7) -> dict[str, Any]:
    """Numbers of a small world table: Z, Y, the rows below the data; DEU/T has zero output."""
    import numpy as np

    rng = np.random.default_rng(seed)
    R, S, K = len(WIOT16_COUNTRIES), len(WIOT16_INDUSTRIES), len(WIOT16_FD)
    n = R * S
    Z = np.round(rng.uniform(0, 50, (n, n)), 3)
    Y = np.round(rng.uniform(0, 80, (n, R * K)), 3)
    Y[:, K - 1 :: K] -= 5.0  # inventories, some negative
    zero = WIOT16_COUNTRIES.index("DEU") * S + WIOT16_INDUSTRIES.index("T")
    Z[zero, :] = Z[:, zero] = 0.0
    Y[zero, :] = 0.0
    x = Z.sum(axis=1) + Y.sum(axis=1)
    rows = {c: np.zeros(n + R * K) for c in WIOT16_SUMMARY}
    rows["II_fob"] = np.concatenate([Z.sum(axis=0), Y.sum(axis=0)])
    for c in ("TXSP", "EXP_adj", "PURR", "PURNR", "IntTTM"):
        rows[c] = np.round(rng.uniform(0, 3, n + R * K), 3)
        rows[c][zero] = 0.0
    rows["PURNR"][n] = -1.5  # negative on a final-demand column, as in the real tables
    rows["VA"][:n] = x - sum(rows[c][:n] for c in WIOT16_SUMMARY[:5]) - rows["IntTTM"][:n]
    rows["VA"][zero] = 0.0
    rows["GO"][:n] = x
    return {"Z": Z, "Y": Y, "x": x, "rows": rows, "zero": zero}


def write_wiot2016(path: Path, arrays: dict[str, Any], year: int = 2014) -> Path:
    """Write a world table in the layout of WIOTyyyy_Nov16_ROW (see interlabor.io.wiod2016)."""
    openpyxl = pytest.importorskip("openpyxl")
    from interlabor.io._wiod2016_common import INDUSTRY_NAME

    R, S = len(WIOT16_COUNTRIES), len(WIOT16_INDUSTRIES)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = str(year)
    cols = [(c, s, INDUSTRY_NAME[s], f"c{i + 1}") for c in WIOT16_COUNTRIES
            for i, s in enumerate(WIOT16_INDUSTRIES)]
    cols += [(c, f, f"fd {f}", f"c{57 + k}") for c in WIOT16_COUNTRIES
             for k, f in enumerate(WIOT16_FD)]
    cols.append(("TOT", "GO", "Total output", "c62"))
    ws.append([f"World Input-Output Table {year}"])
    ws.append(["43 countries, in current prices"])
    ws.append(["(industry-by-industry)", None, None, None, *[c[1] for c in cols]])
    ws.append(["(millions of US$)", None, None, None, *[c[2] for c in cols]])
    ws.append([None, None, None, None, *[c[0] for c in cols]])
    ws.append([None, None, None, None, *[c[3] for c in cols]])
    Z, Y, x = arrays["Z"], arrays["Y"], arrays["x"]
    for i, (c, s, name, code) in enumerate(cols[: R * S]):
        ws.append([s, name, c, code, *Z[i].tolist(), *Y[i].tolist(), float(x[i])])
    for k, (code, name) in enumerate(zip(WIOT16_SUMMARY, WIOT16_SUMMARY_NAMES, strict=True)):
        ws.append([code, name, "TOT", f"r{65 + k}", *arrays["rows"][code].tolist(), 0.0])
    wb.save(path)
    return path


@pytest.fixture(scope="session")
def wiot2016(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """A 3-region x 4-industry WIOD 2016 world table (xlsx) and its numbers (read-only master)."""
    arrays = wiot2016_arrays()
    path = tmp_path_factory.mktemp("wiot2016") / "WIOT2014_Nov16_ROW.xlsx"
    return write_wiot2016(path, arrays), arrays
