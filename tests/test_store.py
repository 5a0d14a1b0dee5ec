"""interlabor's own table format: exact round trips, atomic writes, damaged folders."""

from __future__ import annotations

import hashlib
import json
import re
import tempfile
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq
import pytest
import scipy.sparse as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import interlabor
from interlabor.data import default_table_path
from interlabor.errors import DataQualityWarning, OutputError, TableReadError
from interlabor.io import READERS, load_default, read_table, store
from interlabor.io import atomic as _atomic
from interlabor.io.store import FORMAT_NAME, is_store, read_mrio, write_mrio
from interlabor.model import MRIO, Account, build_mrio
from interlabor.units import MonetaryUnit


# ---------------------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------------------
def same_array(a: np.ndarray, b: np.ndarray) -> bool:
    """Bitwise equality (so -0.0 and +0.0 differ), same dtype and shape."""
    a, b = np.asarray(a), np.asarray(b)
    return a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes()


def assert_same_mrio(a: MRIO, b: MRIO) -> None:
    assert sp.issparse(a.Z) == sp.issparse(b.Z)
    if sp.issparse(a.Z):
        assert a.Z.shape == b.Z.shape and a.Z.nnz == b.Z.nnz
        assert (a.Z != b.Z).nnz == 0
        assert same_array(a.Z.toarray(), b.Z.toarray())
    else:
        assert same_array(a.Z, b.Z)
    assert same_array(a.Y, b.Y)
    assert same_array(a.x, b.x)
    for name in ("regions", "source_regions", "sectors", "sector_names", "categories"):
        assert getattr(a, name) == getattr(b, name), name
    assert a.money == b.money
    assert a.year == b.year
    assert dict(a.meta) == dict(b.meta)
    assert a.diagnostics == b.diagnostics
    assert len(a.accounts) == len(b.accounts)
    for p, q in zip(a.accounts, b.accounts, strict=True):
        assert (p.name, p.unit, p.extension, p.modelled, p.description) == (
            q.name,
            q.unit,
            q.extension,
            q.modelled,
            q.description,
        )
        assert same_array(p.values, q.values)
        assert (p.final_demand is None) == (q.final_demand is None)
        if p.final_demand is not None:
            assert same_array(p.final_demand, q.final_demand)
    assert b.Y.flags.writeable is False and b.x.flags.writeable is False


def small_mrio(*, sparse: bool = True) -> MRIO:
    """Two regions x three sectors, two categories; one zero-output sector; three accounts."""
    regions, sectors, cats = ["AAA", "BBB"], ["s1", "s2", "s3"], ["hh", "gov"]
    Z = np.zeros((6, 6))
    Z[0, 1], Z[1, 0], Z[0, 3], Z[4, 2], Z[5, 5], Z[3, 4] = 5.0, 2.5, 1.0, 0.125, 3.0, 7.0
    Z[1, 1] = -0.0  # kept bitwise in the dense layout
    Y = np.array(
        [[10, 1, 2, 0], [4, 0, 0, 1], [0, 0, 0, 0], [1, 0, 9, 2], [0, 0, 6, -0.5], [0, 2, 3, 0]],
        dtype=float,
    )
    Y[2, 0] = 0.0  # sector AAA/s3: zero output -> diagnostic, account must be 0
    hours = Account(
        "hours",
        "million hours",
        np.array([1.5, 2.0, 0.0, 3.25, 1.0, 0.5]),
        final_demand=np.array([0.25, 0.0, 0.125, 0.0]),
        extension="labour",
        description="hours worked, with domestic workers paid by households",
    )
    persons = Account(
        "persons",
        "1000 persons",
        np.array([1.0, 2.0, 0.0, 3.0, 0.5, 0.75]),
        extension="labour",
        modelled=True,
        description="a modelled estimate",
    )
    va = Account("value_added", "USD million", np.array([3.0, 1.0, 0.0, 2.0, 4.0, 1.0]))
    return build_mrio(
        sp.csr_array(Z) if sparse else Z,
        Y,
        regions=regions,
        sectors=sectors,
        categories=cats,
        sector_names=["Farming", "Mills — ünïcode", "Idle"],
        source_regions=["aa", "bb"],
        accounts=[hours, persons, va],
        money=MonetaryUnit("EUR", 1e3, 2015, "purchasers' prices"),
        year=2017,
        meta={
            "title": "toy",
            "source": "made up",
            "doi": "10.0/none",
            "url": "https://example.org",
            "version": "1",
            "licence": "CC0",
            "notes": "none",
            "nested": {"a": [1, 2.5, None, True]},
        },
        warn=False,
    )


@pytest.fixture()
def toy() -> MRIO:
    return small_mrio()


@pytest.fixture()
def written(tmp_path: Path, toy: MRIO) -> Path:
    return write_mrio(toy, tmp_path / "toy")


# ---------------------------------------------------------------------------------------
# round trips
# ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("sparse", [True, False])
def test_round_trip_is_exact(tmp_path: Path, sparse: bool) -> None:
    mrio = small_mrio(sparse=sparse)
    assert mrio.diagnostics  # zero output of AAA/s3
    path = write_mrio(mrio, tmp_path / "t")
    assert path == tmp_path / "t"
    back = read_mrio(path)
    assert_same_mrio(mrio, back)
    if not sparse:
        assert np.signbit(back.Z[1, 1])  # -0.0 kept
    assert back.account("persons").modelled
    assert back.account("hours").final_demand is not None


def test_manifest_records_provenance_units_and_checksums(tmp_path: Path, toy: MRIO) -> None:
    source = tmp_path / "source.csv"
    source.write_bytes(b"a,b\n1,2\n")
    path = write_mrio(toy, tmp_path / "t", inputs=[source])
    manifest = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["format"] == FORMAT_NAME and manifest["format_version"] == 1
    assert manifest["software"]["version"] == interlabor.__version__
    assert manifest["meta"]["doi"] == "10.0/none" and manifest["year"] == 2017
    assert manifest["money"] == {
        "currency": "EUR",
        "scale": 1000.0,
        "price_year": 2015,
        "price_basis": "purchasers' prices",
    }
    assert manifest["account_units"] == {
        "labour/hours": "million hours",
        "labour/persons": "1000 persons",
        "value_added": "USD million",
    }
    digest = hashlib.sha256(b"a,b\n1,2\n").hexdigest()
    assert manifest["inputs"] == [{"name": "source.csv", "sha256": digest, "size": 8}]
    parquet = sorted(p.name for p in path.glob("*.parquet"))
    assert sorted(manifest["files"]) == parquet
    for name in parquet:
        assert manifest["files"][name]["sha256"] == hashlib.sha256(
            (path / name).read_bytes()
        ).hexdigest()
    z = pq.read_table(path / "Z.parquet")
    assert [str(t) for t in z.schema.types] == ["int32", "int32", "double"]
    assert z.num_rows == toy.Z.nnz
    assert pq.ParquetFile(path / "Z.parquet").metadata.row_group(0).column(0).compression == "ZSTD"


def test_read_table_recognises_the_folder(written: Path, toy: MRIO) -> None:
    assert_same_mrio(toy, read_table(written))
    assert READERS["interlabor"].can_read(written)
    assert not READERS["interlabor"].can_read(written / "Z.parquet")
    assert not READERS["interlabor"].can_read(written.parent)


def test_warn_emits_the_stored_diagnostics(written: Path) -> None:
    with pytest.warns(DataQualityWarning, match="zero"):
        read_mrio(written, warn=True)


def test_table_without_accounts_and_without_meta(tmp_path: Path) -> None:
    mrio = build_mrio(
        np.array([[0.0, 1.0], [2.0, 0.0]]),
        np.array([[3.0], [4.0]]),
        regions=["R"],
        sectors=["a", "b"],
        categories=["fd"],
        warn=False,
    )
    back = read_mrio(write_mrio(mrio, tmp_path / "t"))
    assert_same_mrio(mrio, back)
    assert not (tmp_path / "t" / "accounts.parquet").exists()


@st.composite
def mrios(draw: st.DrawFn) -> MRIO:
    n_r = draw(st.integers(1, 3))
    n_s = draw(st.integers(1, 3))
    n_k = draw(st.integers(1, 2))
    n = n_r * n_s
    flows = st.one_of(st.just(0.0), st.floats(0, 1e9, allow_nan=False, allow_subnormal=False))
    fd = st.one_of(st.just(0.0), st.floats(-1e6, 1e9, allow_nan=False, allow_subnormal=False))
    Z = np.array(draw(st.lists(flows, min_size=n * n, max_size=n * n))).reshape(n, n)
    Y = np.array(draw(st.lists(fd, min_size=n * n_r * n_k, max_size=n * n_r * n_k)))
    Y = Y.reshape(n, n_r * n_k)
    names = st.text(min_size=1, max_size=6)
    regions = draw(st.lists(names, min_size=n_r, max_size=n_r, unique=True))
    sectors = draw(st.lists(names, min_size=n_s, max_size=n_s, unique=True))
    categories = draw(st.lists(names, min_size=n_k, max_size=n_k, unique=True))
    base = build_mrio(
        sp.csr_array(Z) if draw(st.booleans()) else Z,
        Y,
        regions=regions,
        sectors=sectors,
        categories=categories,
        sector_names=draw(st.lists(st.text(max_size=10), min_size=n_s, max_size=n_s)),
        money=MonetaryUnit(
            "USD", draw(st.sampled_from([1.0, 1e6])), draw(st.none() | st.integers(1900, 2100))
        ),
        year=draw(st.none() | st.integers(1900, 2100)),
        meta={"title": draw(st.text(max_size=10)), "notes": draw(st.text(max_size=20))},
        warn=False,
    )
    accounts = []
    for i in range(draw(st.integers(0, 2))):
        vals = np.array(draw(st.lists(flows, min_size=n, max_size=n)))
        fdv = None
        if draw(st.booleans()):
            fdv = np.array(draw(st.lists(fd, min_size=n_r * n_k, max_size=n_r * n_k)))
        accounts.append(
            Account(
                f"acc{i}",
                draw(st.sampled_from(["hours", "million hours", "persons", "USD million"])),
                np.where(base.x > 0, vals, 0.0),
                fdv,
                extension=draw(st.sampled_from(["", "labour"])),
                modelled=draw(st.booleans()),
                description=draw(st.text(max_size=10)),
            )
        )
    return build_mrio(
        base.Z,
        base.Y,
        regions=base.regions,
        sectors=base.sectors,
        categories=base.categories,
        sector_names=base.sector_names,
        accounts=accounts,
        money=base.money,
        year=base.year,
        meta=base.meta,
        warn=False,
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mrios())
def test_round_trip_is_identity_for_random_tables(mrio: MRIO) -> None:
    with tempfile.TemporaryDirectory() as d:
        assert_same_mrio(mrio, read_mrio(write_mrio(mrio, Path(d) / "t")))


@pytest.mark.shared
def test_round_trip_of_wiod2011(tmp_path: Path, wiod2011: MRIO, wiod2011_path: Path) -> None:
    path = write_mrio(wiod2011, tmp_path / "wiod", inputs=[wiod2011_path])
    assert_same_mrio(wiod2011, read_mrio(path))
    size = sum(p.stat().st_size for p in path.iterdir())
    assert size < 3e6  # sparse Z, zstd
    manifest = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["inputs"][0]["size"] == wiod2011_path.stat().st_size


# ---------------------------------------------------------------------------------------
# atomic writes
# ---------------------------------------------------------------------------------------
def _fail_after_first_file(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    real = pq.write_table

    def flaky(table, where, **kwargs):  # noqa: ANN001, ANN003, ANN202
        calls.append("call")
        if len(calls) > 1:
            raise OSError("disk full (simulated)")
        return real(table, where, **kwargs)

    monkeypatch.setattr(store.pq, "write_table", flaky)
    return calls


def test_failed_write_leaves_nothing(tmp_path: Path, toy: MRIO, monkeypatch: pytest.MonkeyPatch):
    calls = _fail_after_first_file(monkeypatch)
    with pytest.raises(OSError, match="simulated"):
        write_mrio(toy, tmp_path / "t")
    assert len(calls) == 2
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("exchange", [True, False], ids=["renameat2", "two-renames"])
def test_failed_overwrite_keeps_the_old_folder(
    tmp_path: Path, toy: MRIO, monkeypatch: pytest.MonkeyPatch, exchange: bool
) -> None:
    if not exchange:
        monkeypatch.setattr(_atomic, "exchange", lambda a, b: False)
    path = write_mrio(toy, tmp_path / "t")
    before = {p.name: p.read_bytes() for p in path.iterdir()}
    with monkeypatch.context() as m:
        _fail_after_first_file(m)
        with pytest.raises(OSError, match="simulated"):
            write_mrio(toy, path, overwrite=True)
    assert {p.name: p.read_bytes() for p in path.iterdir()} == before
    assert [p.name for p in tmp_path.iterdir()] == ["t"]
    # a successful overwrite replaces it, leaving no temporary folders
    other = small_mrio(sparse=False)
    write_mrio(other, path, overwrite=True)
    assert [p.name for p in tmp_path.iterdir()] == ["t"]
    assert_same_mrio(other, read_mrio(path))


def test_existing_folder_needs_overwrite(written: Path, toy: MRIO) -> None:
    with pytest.raises(FileExistsError, match="overwrite=True"):
        write_mrio(toy, written)


def test_overwrite_refuses_a_folder_that_is_not_a_table(tmp_path: Path, toy: MRIO) -> None:
    folder = tmp_path / "precious"
    folder.mkdir()
    (folder / "thesis.tex").write_text("years of work")
    with pytest.raises(FileExistsError, match="not an interlabor table"):
        write_mrio(toy, folder, overwrite=True)
    assert (folder / "thesis.tex").read_text() == "years of work"


def test_unstorable_meta_is_refused_and_leaves_nothing(tmp_path: Path, toy: MRIO) -> None:
    from dataclasses import replace

    with pytest.raises(TypeError, match="meta"):
        write_mrio(replace(toy, meta={"when": (2011, 2012)}), tmp_path / "t")
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------------------------------
# damaged folders
# ---------------------------------------------------------------------------------------
def test_changed_parquet_file_fails_the_checksum(written: Path) -> None:
    f = written / "Y.parquet"
    data = bytearray(f.read_bytes())
    data[len(data) // 2] ^= 0xFF
    f.write_bytes(bytes(data))
    with pytest.raises(TableReadError, match="checksum differs") as info:
        read_mrio(written)
    assert info.value.path == str(f)


def test_truncated_parquet_file(written: Path) -> None:
    f = written / "Z.parquet"
    f.write_bytes(f.read_bytes()[:-100])
    for verify in (True, False):
        with pytest.raises(TableReadError, match=r"Z\.parquet.*truncated"):
            read_mrio(written, verify=verify)


def test_missing_manifest(written: Path) -> None:
    (written / "manifest.json").unlink()
    with pytest.raises(TableReadError, match=r"manifest\.json.*missing"):
        read_mrio(written)
    assert not is_store(written)


def test_missing_parquet_file(written: Path) -> None:
    (written / "accounts.parquet").unlink()
    with pytest.raises(TableReadError, match=r"accounts\.parquet.*missing"):
        read_mrio(written)


def test_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(TableReadError, match="no such folder"):
        read_mrio(tmp_path / "nowhere")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"format_version": 99}, "unknown format version 99.*upgrade interlabor"),
        ({"format_version": "1"}, "unknown format version"),
        ({"format": "something-else"}, "expected 'interlabor-mrio'"),
    ],
)
def test_unknown_format_or_version(written: Path, change: dict, message: str) -> None:
    path = written / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps({**manifest, **change}), encoding="utf-8")
    with pytest.raises(TableReadError, match=message):
        read_mrio(written)


def test_manifest_that_is_not_json(written: Path) -> None:
    (written / "manifest.json").write_text("{ not json", encoding="utf-8")
    with pytest.raises(TableReadError, match="JSON"):
        read_mrio(written)


# ---------------------------------------------------------------------------------------
# the bundled table (no ../shared needed)
# ---------------------------------------------------------------------------------------
def test_bundled_default_table() -> None:
    mrio = load_default()
    assert (mrio.n_regions, mrio.n_sectors, len(mrio.categories)) == (41, 35, 5)
    assert mrio.year == 2011 and mrio.money.currency == "USD"
    assert mrio.account("value_added").unit == "USD million"
    assert mrio.regions[0] == "AUS" and "ROU" in mrio.regions and "ROM" in mrio.source_regions
    manifest = json.loads((default_table_path() / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["inputs"][0]["name"] == "wiot_2011.RData"
    assert_same_mrio(mrio, read_table(default_table_path()))
    assert READERS["interlabor"].can_read(default_table_path())
    assert sum(p.stat().st_size for p in default_table_path().iterdir()) < 3e6


@pytest.mark.shared
def test_bundled_table_equals_the_source(wiod2011: MRIO, shared_data: Path) -> None:
    """The bundled table is the WIOD 2011 table plus the labour accounts built from ../shared."""
    from interlabor.accounts import with_labour_accounts

    expected = with_labour_accounts(wiod2011, shared_data)
    assert_same_mrio(expected, load_default())


def test_bundled_manifest_records_no_path_of_this_machine() -> None:
    """The bundled table must equal one built on any machine: no absolute path in its metadata."""
    from interlabor.data import default_table_path

    text = (default_table_path() / "manifest.json").read_text(encoding="utf-8")
    assert not re.search(r'"(/|[A-Za-z]:\\\\)[^"]*"', text), "absolute path in manifest.json"


def test_damaged_file_with_matching_checksum_is_named(written: Path) -> None:
    """A file replaced by garbage whose checksum was also put in the manifest still fails."""
    f = written / "x.parquet"
    f.write_bytes(b"not parquet at all")
    path = written / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest["files"]["x.parquet"].update(
        sha256=hashlib.sha256(b"not parquet at all").hexdigest(), size=18
    )
    path.write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(TableReadError, match=r"x\.parquet.*not a readable Parquet"):
        read_mrio(written)


def test_malformed_manifest_entry(written: Path) -> None:
    path = written / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest["Z"]["layout"] = "banded"
    path.write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(TableReadError, match="malformed manifest.*banded"):
        read_mrio(written)


def test_write_creates_parents_only_when_asked_and_read_table_by_name(
        tmp_path: Path, toy: MRIO) -> None:
    with pytest.raises(OutputError, match=r"folder .*a does not exist"):
        write_mrio(toy, tmp_path / "a" / "b" / "toy")
    assert not (tmp_path / "a").exists()
    path = write_mrio(toy, tmp_path / "a" / "b" / "toy", parents=True)
    assert_same_mrio(toy, read_table(path, format="interlabor"))
    assert not is_store(path / "Z.parquet") and not is_store(tmp_path / "missing")
