"""The cache of converted tables: hits, invalidation, damage, opt-out."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import numpy as np
import pytest

from interlabor.cli import main
from interlabor.io.cache import CacheWarning, cache_dir, cache_key, cached_read
from interlabor.io.pymrio_folder import read_pymrio_folder
from interlabor.io.store import write_mrio


@pytest.fixture
def source(tmp_path: Path) -> Path:
    pymrio = pytest.importorskip("pymrio")
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pymrio.load_test().save_all(tmp_path / "src", table_format="parquet")
    return tmp_path / "src"


def entries(root: Path) -> list[Path]:
    return sorted(p for p in root.iterdir() if not p.name.startswith(".")) if root.exists() else []


def same(a, b) -> None:
    np.testing.assert_array_equal(np.asarray(a.Z), np.asarray(b.Z))
    np.testing.assert_array_equal(a.Y, b.Y)
    np.testing.assert_array_equal(a.x, b.x)
    assert a.regions == b.regions and a.account_names == b.account_names
    for x, y in zip(a.accounts, b.accounts, strict=True):
        np.testing.assert_array_equal(x.values, y.values)


def test_cache_dir_honours_xdg(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache_dir() == tmp_path / "interlabor" / "tables"
    monkeypatch.setenv("XDG_CACHE_HOME", "")
    assert cache_dir() == Path.home() / ".cache" / "interlabor" / "tables"
    assert cache_dir(tmp_path / "x") == tmp_path / "x"


def test_second_read_comes_from_cache(source: Path) -> None:
    first = cached_read(source)
    (entry,) = entries(cache_dir())
    assert entry.name == cache_key(source)
    again = cached_read(source)
    same(first, again)
    same(read_pymrio_folder(source), again)
    assert entries(cache_dir()) == [entry]


def test_changed_source_gives_new_entry_and_drops_old(source: Path) -> None:
    cached_read(source)
    (old,) = entries(cache_dir())
    z = source / "Z.parquet"
    st = z.stat()
    os.utime(z, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))
    cached_read(source)
    (new,) = entries(cache_dir())
    assert new != old and new.name.split("-")[0] == old.name.split("-")[0]


def test_damaged_entry_is_replaced(source: Path) -> None:
    cached_read(source)
    (entry,) = entries(cache_dir())
    f = entry / "Z.parquet"
    data = bytearray(f.read_bytes())
    data[len(data) // 2] ^= 0xFF  # same size, different content: only the checksum sees it
    f.write_bytes(bytes(data))
    with pytest.warns(CacheWarning, match="damaged"):
        m = cached_read(source)
    same(read_pymrio_folder(source), m)
    cached_read(source)  # repaired: no warning (warnings are errors in the tests)


def test_store_is_read_directly(tmp_path: Path, source: Path) -> None:
    store = write_mrio(read_pymrio_folder(source), tmp_path / "store")
    cached_read(store)
    assert entries(cache_dir()) == []


def test_unwritable_cache_warns_and_reads(source: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.warns(CacheWarning, match="could not cache"):
        m = cached_read(source, cache_dir=blocker / "sub")
    same(read_pymrio_folder(source), m)


def test_cli_no_cache(source: Path, capsys) -> None:
    args = ["footprint", str(source), "--account", "Value Added", "-q"]
    assert main([*args, "--no-cache"]) == 0
    assert entries(cache_dir()) == []
    out = capsys.readouterr().out
    assert main(args) == 0 and len(entries(cache_dir())) == 1
    assert main(args) == 0
    assert capsys.readouterr().out == out * 2
    shutil.rmtree(cache_dir())


def test_truncated_or_missing_entry_file_is_replaced(source: Path) -> None:
    cached_read(source)
    (entry,) = entries(cache_dir())
    (entry / "Y.parquet").write_bytes((entry / "Y.parquet").read_bytes()[:100])
    with pytest.warns(CacheWarning, match="damaged"):
        cached_read(source)
    (entry,) = entries(cache_dir())
    (entry / "x.parquet").unlink()
    with pytest.warns(CacheWarning, match="damaged"):
        m = cached_read(source)
    same(read_pymrio_folder(source), m)
