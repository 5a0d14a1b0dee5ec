"""The contract every registered reader passes, checked on a real sample of its layout.

For each reader: it yields a valid MRIO; :func:`read_table` picks it by itself; and A, Y, x and
the account totals equal an independent reading of the same sample to 1e-9 relative -- pymrio
(``load_all`` + ``calc_all``, ``parse_wiod``) where pymrio reads the layout, else the raw arrays.
"""

from __future__ import annotations

import shutil
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from interlabor.io import READERS, read_table
from interlabor.io.base import _load_builtin
from interlabor.model import MRIO

from .conftest import quiet

RTOL = 1e-9


@dataclass
class Sample:
    """A file or folder in a reader's layout, with reference results computed without interlabor."""

    reader: str
    path: Path
    A: np.ndarray
    Y: np.ndarray
    x: np.ndarray
    totals: dict[str, float]
    fd_totals: dict[str, float] = field(default_factory=dict)
    options: dict[str, Any] = field(default_factory=dict)


def _wiod_rdata(request: pytest.FixtureRequest, tmp: Path) -> Sample:
    rdata = pytest.importorskip("rdata")
    path = request.getfixturevalue("wiod2011_path")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        raw = next(v for v in rdata.read_rda(path).values() if isinstance(v, dict))
    Z, Y = np.asarray(raw["inter"], float), np.asarray(raw["final"], float)
    x = Z.sum(axis=1) + Y.sum(axis=1)
    inv = np.divide(1.0, x, out=np.zeros_like(x), where=x > 0)
    va = np.where(x > 0, x - Z.sum(axis=0), 0.0).sum()
    return Sample(
        "wiod2013", path, Z * inv, Y, x, {"monetary/value_added": va}, options={"warn": False}
    )


def _wiot_xlsx(request: pytest.FixtureRequest, tmp: Path) -> Sample:
    pymrio = pytest.importorskip("pymrio")
    path = request.getfixturevalue("wiot_xlsx")
    alone = tmp / "wiot_alone"  # parse_wiod would also parse the extensions beside the mock
    alone.mkdir()
    copy = Path(shutil.copy(path, alone / path.name))
    io = quiet(pymrio.parse_wiod, copy, names=("c_codes", "c_codes"))
    quiet(io.calc_all)
    va = io.factor_inputs.F.loc["Value added at basic prices"].sum()
    return Sample(
        "wiod2013-xlsx",
        path,
        io.A.to_numpy(),
        io.Y.to_numpy(),
        io.x.to_numpy().ravel(),
        {"monetary/value_added": va},
    )


def _pymrio(fmt: str):
    def make(request: pytest.FixtureRequest, tmp: Path) -> Sample:
        pymrio = pytest.importorskip("pymrio")
        path = request.getfixturevalue("pymrio_folders")[fmt]
        io = quiet(pymrio.load_all, path)
        quiet(io.calc_all)
        totals, fd_totals = {}, {}
        for ext in io.get_extensions(data=True):
            for label, row in ext.F.iterrows():
                key = f"{ext.name}/{' / '.join(label) if isinstance(label, tuple) else label}"
                totals[key] = row.sum()
                if ext.F_Y is not None:
                    fd_totals[key] = ext.F_Y.loc[label].sum()
        return Sample(
            "pymrio",
            path,
            io.A.to_numpy(),
            io.Y.to_numpy(),
            io.x.to_numpy().ravel(),
            totals,
            fd_totals,
        )

    return make


def _interlabor_store(request: pytest.FixtureRequest, tmp: Path) -> Sample:
    """The bundled table, checked against the raw R data it was converted from."""
    from interlabor.accounts import labour_accounts
    from interlabor.data import default_table_path

    raw = _wiod_rdata(request, tmp)
    wiod = request.getfixturevalue("wiod2011")
    labour = labour_accounts(wiod, request.getfixturevalue("shared_data"))
    totals = {**raw.totals, **{a.key: a.values.sum() for a in labour}}
    fd_totals = {a.key: a.final_demand.sum() for a in labour if a.final_demand is not None}
    return Sample("interlabor", default_table_path(), raw.A, raw.Y, raw.x, totals, fd_totals)


def _pymrio_reference(io: Any, reader: str, path: Path, names: dict[str, str] | None = None,
                      **options: Any) -> Sample:
    """A Sample from a pymrio IOSystem after ``calc_all``: A, Y, x and F / F_Y row totals, keyed
    ``extension/row`` with the extension named by ``names`` (pymrio's attribute -> interlabor)."""
    totals, fd_totals = {}, {}
    for attr in io.get_extensions():
        ext = getattr(io, attr)
        name = (names or {}).get(attr, attr)
        for label, row in ext.F.iterrows():
            key = f"{name}/{' / '.join(label) if isinstance(label, tuple) else label}"
            totals[key] = row.sum()
            if ext.F_Y is not None:
                fd_totals[key] = ext.F_Y.loc[label].sum()
    return Sample(reader, path, io.A.to_numpy(), io.Y.to_numpy(), io.x.to_numpy().ravel(),
                  totals, fd_totals, options=options)


def _exiobase3(request: pytest.FixtureRequest, tmp: Path) -> Sample:
    pymrio = pytest.importorskip("pymrio")
    path = request.getfixturevalue("exio3_zip")
    io = quiet(pymrio.parse_exiobase3, path)
    quiet(io.calc_all)
    s = _pymrio_reference(io, "exiobase3", path)
    # interlabor adds labour totals: the sums of the employment / hours / compensation rows
    for total, prefix in (("persons", "Employment: "), ("hours", "Employment hours: "),
                          ("compensation", "Compensation of employees")):
        keys = [k for k in s.totals if k.split("/", 1)[1].startswith(prefix)]
        s.totals[f"labour/{total}"] = sum(s.totals[k] for k in keys)
        s.fd_totals[f"labour/{total}"] = sum(s.fd_totals[k] for k in keys)
    return s


def _oecd(name: str):
    """pymrio's parse_oecd, its rows put in the file's order (pymrio sorts them), its world
    column DISC put in each producing region's own DISC column (as interlabor documents)."""

    def make(request: pytest.FixtureRequest, tmp: Path) -> Sample:
        import re

        import pandas as pd

        pymrio = pytest.importorskip("pymrio")
        path = request.getfixturevalue("mocks") / "oecd_mock" / name
        io = quiet(pymrio.parse_oecd, path)
        quiet(io.calc_all)
        raw = pd.read_csv(path, index_col=0)
        agg = {"CN": "CHN", "MX": "MEX"}
        order = list(dict.fromkeys(
            (agg[r[:2]] if re.fullmatch(r"(CN|MX)\d", r) else r, s)
            for r, s in (lab.split("_", 1) for lab in raw.index if lab in raw.columns)
        ))
        regions = list(dict.fromkeys(r for r, _ in order))
        cats = list(dict.fromkeys(c for _, c in io.Y.columns))
        A = io.A.loc[order, order].to_numpy()
        Ypm = io.Y.loc[order]
        Y = np.zeros((len(order), len(regions) * len(cats)))
        for j, (reg, cat) in enumerate(Ypm.columns):
            col = Ypm.iloc[:, j].to_numpy()
            if reg == "ALL":
                for r, region in enumerate(regions):
                    own = [i for i, (rr, _) in enumerate(order) if rr == region]
                    Y[own, r * len(cats) + cats.index(cat)] += col[own]
            else:
                Y[:, regions.index(reg) * len(cats) + cats.index(cat)] += col
        s = _pymrio_reference(io, "oecd", path, options={"warn": False})
        return Sample("oecd", path, A, Y, io.x.loc[order].to_numpy().ravel(), s.totals,
                      s.fd_totals, options={"warn": False})

    return make


def _eora(request: pytest.FixtureRequest, tmp: Path) -> Sample:
    pymrio = pytest.importorskip("pymrio")
    path = request.getfixturevalue("eora_zip")
    # pymrio 0.7 looks for indices.zip inside the zip's own path when given the zip: give it
    # the folder and the year
    io = quiet(pymrio.parse_eora26, path.parent, year=2010)
    quiet(io.calc_all)
    s = _pymrio_reference(io, "eora26", path)
    # interlabor names a VA row by its label alone (pymrio: "Primary Inputs / <label>")
    s.totals = {k.replace("VA/Primary Inputs / ", "VA/"): v for k, v in s.totals.items()}
    s.fd_totals = {k: v for k, v in s.fd_totals.items() if not k.startswith("VA/")}
    return s


def _gloria(request: pytest.FixtureRequest, tmp: Path) -> Sample:
    pymrio = pytest.importorskip("pymrio")
    path = request.getfixturevalue("gloria_zips")
    io = quiet(pymrio.parse_gloria, path, year=2022)
    quiet(io.calc_all)
    totals: dict[str, float] = {}
    for (_, cat), v in io.VA.F.sum(axis=1).items():  # pymrio: one row per region and category
        totals[f"VA/{cat}"] = totals.get(f"VA/{cat}", 0.0) + v
    fd_totals = {}
    for (ind, head), v in io.Q.F.sum(axis=1).items():  # pymrio keeps the ReadMe's quotes
        key = f"Q/{head} / {ind.strip(chr(39))}"
        totals[key] = v
        fd_totals[key] = io.Q.F_Y.loc[(ind, head)].sum()
    return Sample("gloria", path, io.A.to_numpy(), io.Y.to_numpy(), io.x.to_numpy().ravel(),
                  totals, fd_totals, options={"warn": False})


def _wiod2016(request: pytest.FixtureRequest, tmp: Path) -> Sample:
    """The WIOT 2016 fixture read back with openpyxl by position (data from E7, as published)."""
    openpyxl = pytest.importorskip("openpyxl")
    path, _ = request.getfixturevalue("wiot2016")
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        rows = [r[4:] for r in wb.worksheets[0].iter_rows(min_row=7, values_only=True)]
    finally:
        wb.close()
    n = len(rows) - 8  # 8 rows below the data: II_fob .. GO
    vals = np.array([[float(v) for v in r] for r in rows], float)
    Z, Y = vals[:n, :n], vals[:n, n:-1]
    x = Z.sum(axis=1) + Y.sum(axis=1)
    inv = np.divide(1.0, x, out=np.zeros_like(x), where=x > 0)
    below = dict(zip(("II_fob", "TXSP", "EXP_adj", "PURR", "PURNR", "VA", "IntTTM", "GO"),
                     vals[n:n + 8], strict=True))
    names = {"VA": "value_added", "TXSP": "taxes_less_subsidies_on_products",
             "EXP_adj": "cif_fob_adjustments_on_exports",
             "PURR": "direct_purchases_abroad_by_residents",
             "PURNR": "purchases_by_non_residents", "IntTTM": "international_transport_margins"}
    totals = {f"monetary/{v}": below[k][:n].sum() for k, v in names.items()}
    fd_totals = {f"monetary/{v}": below[k][n:-1].sum() for k, v in names.items()}
    return Sample("wiod2016", path, Z * inv, Y, x, totals, fd_totals, options={"warn": False})


def _wiod2016_niot(request: pytest.FixtureRequest, tmp: Path) -> Sample:
    """The real AUS national table, 2014, read with openpyxl by position."""
    openpyxl = pytest.importorskip("openpyxl")
    path = request.getfixturevalue("shared_data") / "wiod2016_niot" / "AUS_NIOT_nov16.xlsx"
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        rows = [r for r in wb["National IO-tables"].iter_rows(min_row=3, values_only=True)
                if r[0] == 2014]
    finally:
        wb.close()
    block = np.array([r[4:67] for r in rows], float)  # 56 Domestic, 56 Imports, 8 TOT rows
    dom, imp, tot = block[:56], block[56:112], block[112:]
    Z, Y = dom[:, :56], dom[:, 56:62]
    x = Z.sum(axis=1) + Y.sum(axis=1)
    inv = np.divide(1.0, x, out=np.zeros_like(x), where=x > 0)
    names = {1: "taxes_less_subsidies_on_products", 2: "cif_fob_adjustments_on_exports",
             3: "direct_purchases_abroad_by_residents", 4: "purchases_by_non_residents",
             5: "value_added", 6: "international_transport_margins"}
    totals = {f"monetary/{v}": tot[k, :56][x > 0].sum() for k, v in names.items()}
    fd_totals = {f"monetary/{v}": tot[k, 56:62].sum() for k, v in names.items()}
    totals["monetary/imports"] = imp[:, :56].sum()
    fd_totals["monetary/imports"] = imp[:, 56:62].sum()
    return Sample("wiod2016-niot", path, Z * inv, Y, x, totals, fd_totals,
                  options={"warn": False})


SAMPLES = {
    "wiod2016-wiot-fixture": _wiod2016,
    "wiod2016-niot-aus": _wiod2016_niot,
    "gloria-zips": _gloria,
    "eora26-zip": _eora,
    "oecd-2016-csv": _oecd("ICIO2016_2003.csv"),
    "oecd-2018-zip": _oecd("ICIO2018_2010.zip"),
    "exiobase3-zip": _exiobase3,
    "wiod2013-rdata-2011": _wiod_rdata,
    "wiot-xlsx-mock": _wiot_xlsx,
    "pymrio-text": _pymrio("txt"),
    "pymrio-parquet": _pymrio("parquet"),
    "interlabor-bundled": _interlabor_store,
}


@pytest.fixture(scope="module", params=list(SAMPLES))
def sample(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Sample:
    return SAMPLES[request.param](request, tmp_path_factory.mktemp(request.param))


def test_every_registered_reader_has_a_sample() -> None:
    _load_builtin()
    covered = {"wiod2013", "wiod2013-xlsx", "wiod2016", "wiod2016-niot", "pymrio", "interlabor",
               "exiobase3", "oecd", "eora26", "gloria"}
    missing = sorted(set(READERS) - covered)
    assert not missing, f"readers without a contract sample in SAMPLES: {missing}"


def _dense(M: Any) -> np.ndarray:
    return M.toarray() if hasattr(M, "toarray") else np.asarray(M)


def assert_valid(m: MRIO) -> None:
    n, rk = m.n, m.n_regions * len(m.categories)
    assert isinstance(m, MRIO)
    assert m.n == m.n_regions * m.n_sectors
    assert m.Z.shape == (n, n) and m.Y.shape == (n, rk) and m.x.shape == (n,)
    assert len(m.sector_names) == m.n_sectors and len(m.source_regions) == m.n_regions
    assert m.index.is_unique and m.fd_columns.is_unique
    for arr in (m.Y, m.x, *(a.values for a in m.accounts)):
        assert not arr.flags.writeable and np.isfinite(arr).all()
    assert np.isfinite(_dense(m.A)).all()
    for a in m.accounts:
        a.parsed_unit  # noqa: B018 - raises on an unknown unit
        assert a.values.shape == (n,)
        assert a.final_demand is None or a.final_demand.shape == (rk,)


def test_reader_contract(sample: Sample, tmp_path: Path) -> None:
    reader = READERS[sample.reader]
    m = reader.read(sample.path, **sample.options)
    assert_valid(m)

    # read_table recognises the layout on its own, and picks this reader
    picked = [r.name for r in READERS.values() if r.can_read(sample.path)]
    assert picked[:1] == [sample.reader]
    auto = read_table(sample.path, **sample.options)
    np.testing.assert_array_equal(_dense(auto.Z), _dense(m.Z))

    # the same numbers as an independent reading
    np.testing.assert_allclose(_dense(m.A), sample.A, rtol=RTOL, atol=0)
    np.testing.assert_allclose(m.Y, sample.Y, rtol=RTOL, atol=0)
    np.testing.assert_allclose(m.x, sample.x, rtol=RTOL, atol=0)
    assert {a.key for a in m.accounts} == set(sample.totals)
    for a in m.accounts:
        np.testing.assert_allclose(a.values.sum(), sample.totals[a.key], rtol=RTOL, err_msg=a.key)
        if a.key in sample.fd_totals:
            assert a.final_demand is not None
            np.testing.assert_allclose(a.final_demand.sum(), sample.fd_totals[a.key], rtol=RTOL)
        else:
            assert a.final_demand is None

    # interlabor's own format holds it unchanged
    from interlabor.io.store import read_mrio, write_mrio

    back = read_mrio(write_mrio(m, tmp_path / "roundtrip"))
    np.testing.assert_array_equal(_dense(back.Z), _dense(m.Z))
    np.testing.assert_array_equal(back.Y, m.Y)
    np.testing.assert_array_equal(back.x, m.x)
    assert (back.regions, back.sectors, back.sector_names, back.categories) == (
        m.regions, m.sectors, m.sector_names, m.categories)
    assert back.money == m.money and back.year == m.year and dict(back.meta) == dict(m.meta)
    for a, b in zip(m.accounts, back.accounts, strict=True):
        assert (a.key, a.unit, a.modelled) == (b.key, b.unit, b.modelled)
        np.testing.assert_array_equal(a.values, b.values)
