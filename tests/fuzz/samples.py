"""The samples the readers are fuzzed on: real files from ../shared/data and generated ones.

Each function returns a :class:`~.conftest.Target`: the reader, and one or more variants of
its sample (a file or folder layout with its members loaded as structured members where the
layout is text, a workbook, Parquet, JSON or R data, so that mutations can reach past the
container into rows, columns, cells and labels).
"""

from __future__ import annotations

import importlib.util
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .conftest import Target, Variant, as_folder, as_zip, one_file, unmutated
from .mutate import Book, Frame, Grid, Json, Member, RList


def _members(folder: Path, sep: str = "\t") -> dict[str, Member]:
    """Every file below ``folder``: text as Grid, JSON as Json, Parquet as Frame, else bytes."""
    out: dict[str, Member] = {}
    for p in sorted(folder.rglob("*")):
        if not p.is_file():
            continue
        name, data = p.relative_to(folder).as_posix(), p.read_bytes()
        suffix = p.suffix.lower()
        if suffix in {".txt", ".csv", ".tsv"}:
            out[name] = Grid.parse(data, "," if suffix == ".csv" else sep)
        elif suffix == ".json":
            out[name] = Json.load(data)
        elif suffix == ".parquet":
            out[name] = Frame.load(data)
        elif suffix == ".xlsx":
            out[name] = Book.load(data)
        else:
            out[name] = data
    return out


def _zip_members(path: Path) -> dict[str, Member]:
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n) for n in zf.namelist() if not n.endswith("/")}


# ---- WIOD 2013 ---------------------------------------------------------------------------------
def wiod2013_list(countries: tuple[str, ...] = ("AUS", "DEU", "ROW"), seed: int = 3,
                  year: int = 2011) -> dict[str, Any]:
    """A WIOD 2013 R list (``inter``, ``final``, ``output``, ...) of a few countries, integers
    in US$ million as in the R package ``wiod``."""
    rng = np.random.default_rng(seed)
    n = len(countries) * 35
    inter = np.floor(rng.uniform(0, 40, (n, n)) * (rng.random((n, n)) < 0.3))
    final = np.floor(rng.uniform(0, 300, (n, 5 * len(countries))))
    return {
        "year": np.array([year], dtype=np.int32),
        "countries": np.array(countries),
        "industries": np.array([f"c{i}" for i in range(1, 36)]),
        "inter": inter.astype(np.int32), "final": final.astype(np.int32),
        "output": (inter.sum(axis=1) + final.sum(axis=1)).astype(np.int32),
    }


def wiod2013_rdata(shared: Path) -> Target:
    real = shared / "wiod2013" / "wiot_1995.RData"
    return Target("wiod2013 RData", "wiod2013", [
        Variant("real wiot_1995.RData (bzip2)", {real.name: real.read_bytes()},
                one_file(real.name), packed=True),
        Variant("generated R list, 3 countries", {"wiot_2011.RData": RList(
            {"wiot_2011": wiod2013_list()}, "gzip")}, one_file("wiot_2011.RData"), packed=True),
        Variant("generated R list, uncompressed", {"wiot_2011.RData": RList(
            {"wiot_2011": wiod2013_list(seed=4)})}, one_file("wiot_2011.RData"), packed=True,
                catalogue=False),
    ])


def wiod2013_xlsx(shared: Path) -> Target:
    path = shared / "format_samples" / "pymrio_mocks" / "wiod_mock" / "wiot09_row_sep12.xlsx"
    data = path.read_bytes()
    return Target("wiod2013 xlsx", "wiod2013-xlsx", [
        Variant("WIOT mock, cells", {path.name: Book.load(data)}, one_file(path.name),
                packed=True),
        Variant("WIOT mock, xlsx parts", _zip_members(path),
                lambda f, d: as_zip(f, d / path.name), packed=True, catalogue=False),
    ])


# ---- WIOD 2016 ---------------------------------------------------------------------------------
def _io_conftest() -> Any:
    """tests/io/conftest.py, for its WIOD 2016 world-table writer."""
    path = Path(__file__).resolve().parents[1] / "io" / "conftest.py"
    spec = importlib.util.spec_from_file_location("_fuzz_io_conftest", path)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def wiod2016(tmp: Path) -> Target:
    iot = _io_conftest()
    path = iot.write_wiot2016(tmp / "WIOT2014_Nov16_ROW.xlsx", iot.wiot2016_arrays())
    data = path.read_bytes()
    return Target("wiod2016 xlsx/xlsb", "wiod2016", [
        Variant("generated WIOT2014 xlsx, cells", {path.name: Book.load(data)},
                one_file(path.name), packed=True),
        Variant("generated WIOT2014 xlsx, parts", _zip_members(path),
                lambda f, d: as_zip(f, d / path.name), packed=True, catalogue=False),
        # no .xlsb can be written here: an xlsx under the .xlsb name reaches calamine's xlsb
        # parser with a workbook in the wrong container
        Variant("xlsx bytes named .xlsb", {"WIOT2014_Nov16_ROW.xlsb": data},
                one_file("WIOT2014_Nov16_ROW.xlsb"), packed=True, valid=False),
    ])


def wiod2016_niot(shared: Path) -> Target:
    """The real AUS national table cut to 2014 (56 domestic, 56 imported, 8 total rows)."""
    from python_calamine import CalamineWorkbook

    path = shared / "wiod2016_niot" / "AUS_NIOT_nov16.xlsx"
    wb = CalamineWorkbook.from_path(str(path))
    try:
        notes = wb.get_sheet_by_name("Notes").to_python()
        rows = wb.get_sheet_by_name("National IO-tables").to_python()
    finally:
        wb.close()
    cut = rows[:2] + [r for r in rows[2:] if r[0] == 2014.0]
    book = Book({"National IO-tables": cut, "Notes": notes[:12]})  # the data sheet first:
    # the reader finds both by name, and mutations of a workbook pick the first sheet most
    return Target("wiod2016 national xlsx", "wiod2016-niot", [
        Variant("real AUS_NIOT_nov16.xlsx, 2014, cells", {path.name: book}, one_file(path.name),
                packed=True),
        Variant("real AUS_NIOT_nov16.xlsx, 2014, xlsx parts",
                _zip_members(_saved(book, path.name)), lambda f, d: as_zip(f, d / path.name),
                packed=True, catalogue=False),
    ])


def _saved(book: Book, name: str) -> Path:
    import tempfile

    p = Path(tempfile.mkdtemp(prefix="fuzz-book-")) / name
    p.write_bytes(book.dump())
    return p


# ---- text-based sources -------------------------------------------------------------------------
def exiobase(mocks: Path) -> Target:
    files = _members(mocks / "exio3_mock")
    top = "IOT_2009_pxp"
    return Target("exiobase zip/folder", "exiobase3", [
        Variant("EXIOBASE 3 mock, zip", files,
                lambda f, d: as_zip(f, d / f"{top}.zip", prefix=f"{top}/"), packed=True,
                main="A.txt"),
        Variant("EXIOBASE 3 mock, folder", files, lambda f, d: as_folder(f, d, top),
                main="satellite/F.txt"),
    ])


def oecd(mocks: Path) -> Target:
    folder = mocks / "oecd_mock"
    v2016 = {"ICIO2016_2003.csv": Grid.parse((folder / "ICIO2016_2003.csv").read_bytes(), ",")}
    v2018 = {"ICIO2018_2010.CSV": Grid.parse((folder / "ICIO2018_2010.CSV").read_bytes(), ",")}
    return Target("oecd csv/zip", "oecd", [
        Variant("ICIO 2016 csv", v2016, one_file("ICIO2016_2003.csv"), packed=True),
        Variant("ICIO 2018 csv", v2018, one_file("ICIO2018_2010.CSV"), packed=True,
                catalogue=False),
        Variant("ICIO 2018 zip", v2018, lambda f, d: as_zip(f, d / "ICIO2018_2010.zip"),
                packed=True),
    ])


def eora(mocks: Path) -> Target:
    files = _members(mocks / "eora26_mock")

    def zipped(f: dict[str, bytes], d: Path) -> Path:
        labels = {k: v for k, v in f.items() if k.startswith("labels")}
        as_zip(labels, d / "indices.zip")
        return as_zip({k: v for k, v in f.items() if k not in labels}, d / "Eora26_2010_bp.zip")

    return Target("eora zip", "eora26", [
        Variant("Eora26 mock, zip + indices.zip", files, zipped, packed=True,
                main="Eora26_2010_bp_T.txt", labels="labels_T.txt"),
        Variant("Eora26 mock, folder", files, lambda f, d: as_folder(f, d, "eora26"),
                main="Eora26_2010_bp_FD.txt", labels="labels_FD.txt"),
    ])


def gloria(mocks: Path) -> Target:
    src = mocks / "gloria_mock"
    files = _members(src, sep=",")
    T = next(k for k in files if "_T-Results" in k and "Markup001" in k)

    def zipped(f: dict[str, bytes], d: Path) -> Path:
        d.mkdir(parents=True, exist_ok=True)
        groups: dict[str, dict[str, bytes]] = {}
        for k, v in f.items():
            head, _, tail = k.partition("/")
            if tail:
                groups.setdefault(head, {})[tail] = v
            else:
                (d / k).write_bytes(v)
        for head, members in groups.items():
            as_zip(members, d / f"{head}.zip")
        return d

    return Target("gloria zip", "gloria", [
        Variant("GLORIA mock, zips", files, zipped, main=T, labels="GLORIA_ReadMe_059.xlsx"),
        Variant("GLORIA mock, folders", files, lambda f, d: as_folder(f, d, "gloria"),
                catalogue=False),
    ])


def pymrio_folders(folders: dict[str, Path]) -> Target:
    return Target("pymrio text/parquet folders", "pymrio", [
        Variant("pymrio test system, text", _members(folders["txt"]),
                lambda f, d: as_folder(f, d, "system"), main="Z.txt"),
        Variant("pymrio test system, parquet", _members(folders["parquet"]),
                lambda f, d: as_folder(f, d, "system"), main="Z.parquet"),
    ])


# ---- interlabor's own format ------------------------------------------------------------------
def small_table(seed: int = 5, R: int = 3, S: int = 4, K: int = 2) -> Any:
    """A small valid table with one account and a direct final-demand part."""
    from interlabor.model import Account, build_mrio

    rng = np.random.default_rng(seed)
    n = R * S
    Z = rng.uniform(0, 10, (n, n)) * (rng.random((n, n)) < 0.5)
    Y = rng.uniform(1, 20, (n, R * K))
    hours = Account("hours", "hours", rng.uniform(1, 100, n), rng.uniform(0, 5, R * K),
                    extension="labour")
    return build_mrio(Z, Y, regions=[f"r{i}" for i in range(R)],
                      sectors=[f"s{i}" for i in range(S)],
                      categories=[f"c{i}" for i in range(K)], accounts=[hours],
                      meta={"title": "fuzz sample"}, warn=False)


def _rehash(files: dict[str, bytes]) -> dict[str, bytes]:
    """Update the manifest's sizes and checksums (when it still parses) to the mutated files."""
    import hashlib

    try:
        manifest = json.loads(files["manifest.json"])
        listed = manifest["files"]
        for name, entry in listed.items():
            if name in files and isinstance(entry, dict):
                entry["sha256"] = hashlib.sha256(files[name]).hexdigest()
                entry["size"] = len(files[name])
    except (KeyError, TypeError, ValueError, AttributeError):
        return files
    return {**files, "manifest.json": json.dumps(manifest).encode()}


def store(tmp: Path) -> Target:
    from interlabor.io.store import write_mrio

    folder = write_mrio(small_table(), tmp / "table")
    files = _members(folder)
    return Target("interlabor store folder", "interlabor", [
        Variant("store folder", files, lambda f, d: as_folder(f, d, "table"),
                main="Z.parquet", labels="sectors.parquet"),
        Variant("store folder, checksums updated after the damage", files,
                lambda f, d: as_folder(_rehash(f), d, "table"), main="Z.parquet",
                labels="sectors.parquet"),
    ])



def save_pymrio_test(root: Path) -> dict[str, Path]:
    """pymrio's test system saved by ``save_all`` as text and as Parquet below ``root``."""
    import warnings

    import pymrio

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        system = pymrio.load_test()
        for fmt in ("txt", "parquet"):
            system.save_all(root / fmt, table_format=fmt)
    return {"txt": root / "txt", "parquet": root / "parquet"}


@dataclass
class Where:
    """Where a target's sample comes from: ../shared/data, a fresh folder, pymrio's system."""

    shared: Callable[[], Path]
    tmp: Callable[[], Path]
    pymrio: Callable[[], dict[str, Path]]

    def mocks(self) -> Path:
        return self.shared() / "format_samples" / "pymrio_mocks"


#: The target of each reader (by its format name); only the real samples need ../shared/data.
BUILD: dict[str, Callable[[Where], Target]] = {
    "wiod2013": lambda w: wiod2013_rdata(w.shared()),
    "wiod2013-xlsx": lambda w: wiod2013_xlsx(w.shared()),
    "wiod2016": lambda w: wiod2016(w.tmp()),
    "wiod2016-niot": lambda w: wiod2016_niot(w.shared()),
    "exiobase3": lambda w: exiobase(w.mocks()),
    "oecd": lambda w: oecd(w.mocks()),
    "eora26": lambda w: eora(w.mocks()),
    "gloria": lambda w: gloria(w.mocks()),
    "pymrio": lambda w: pymrio_folders(w.pymrio()),
    "interlabor": lambda w: store(w.tmp()),
}


def target_of(request: Any, name: str) -> Target:
    """The target of reader ``name`` for a test, built on first use in the session (and
    checked to read unmutated); only the real samples need ../shared/data (else a skip)."""
    import pytest

    cache = request.getfixturevalue("fuzz_targets")
    if name not in cache:
        tmp = request.getfixturevalue("tmp_path_factory")

        def pymrio() -> dict[str, Path]:
            pytest.importorskip("pymrio")
            return save_pymrio_test(tmp.mktemp("pymrio"))

        where = Where(shared=lambda: request.getfixturevalue("shared_data"),
                      tmp=lambda: tmp.mktemp(name), pymrio=pymrio)
        cache[name] = BUILD[name](where)
        unmutated(cache[name])
    return cache[name]
