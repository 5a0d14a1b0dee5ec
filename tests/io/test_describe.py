"""Describing a table without reading its matrices: store, cache entry, pymrio, fallback."""

from __future__ import annotations

import shutil
import warnings
from pathlib import Path

import numpy as np
import pytest
import scipy.sparse as sp

from interlabor.batch import estimate_memory
from interlabor.errors import TableReadError
from interlabor.io import TableInfo, describe, describe_table, read
from interlabor.io.base import disk_size
from interlabor.io.cache import cache_entry, cached_read
from interlabor.io.store import write_mrio
from interlabor.model import build_mrio

# pymrio's test system: 6 regions x 8 sectors, 7 final-demand categories
N, R, S, K = 48, 6, 8, 7


def nnz(mrio) -> int:
    return int(mrio.Z.nnz if sp.issparse(mrio.Z) else np.count_nonzero(mrio.Z))


def small_store(tmp_path: Path) -> Path:
    rng = np.random.default_rng(1)
    Z = sp.random_array((6, 6), density=0.3, rng=rng) * 10
    return write_mrio(build_mrio(sp.csr_array(Z), rng.uniform(1, 5, (6, 4)),
                                 regions=["a", "b"], sectors=["s", "t", "u"],
                                 categories=["c", "d"], warn=False), tmp_path / "store")


def test_store_folder_from_its_manifest(tmp_path: Path) -> None:
    path = small_store(tmp_path)
    info = describe(path)
    assert isinstance(info, TableInfo) and info.format == "interlabor"
    assert (info.n, info.regions, info.sectors, info.categories) == (6, 2, 3, 2)
    assert info.nnz == nnz(read(path)) and info.nnz_exact and not info.rough
    assert info.size == disk_size(path) > 0 and "recorded in the table" in info.basis
    assert "6 (2 regions x 3 sectors, 2 categories)" in str(info) and "exact" in str(info)


def test_default_table() -> None:
    info = describe("default")
    assert (info.n, info.regions, info.sectors, info.categories) == (1435, 41, 35, 5)
    assert info.nnz_exact


def test_cache_entry_gives_exact_sizes(pymrio_folders: dict[str, Path], tmp_path: Path) -> None:
    source = Path(shutil.copytree(pymrio_folders["txt"], tmp_path / "src"))
    cache = tmp_path / "cache"
    assert cache_entry(source, cache_dir=cache) is None
    before = describe(source, cache_dir=cache)
    assert "text header" in before.basis and not before.nnz_exact
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        mrio = cached_read(source, cache_dir=cache)
    entry = cache_entry(source, cache_dir=cache)
    assert entry is not None and entry.parent == cache
    info = describe(source, cache_dir=cache)
    assert info.path == source and info.format == "pymrio"
    assert "recorded in the cache" in info.basis and str(entry) in info.basis
    assert (info.n, info.regions, info.sectors, info.categories) == (N, R, S, K)
    assert info.nnz == nnz(mrio) and info.nnz_exact
    assert info.size == disk_size(source)  # the source's size, not the entry's
    # another format asked for is another key: no entry
    assert "recorded" not in describe(source, format="pymrio", cache_dir=cache).basis
    assert cache_entry(tmp_path / "missing", cache_dir=cache) is None


def test_pymrio_parquet_from_metadata(pymrio_folders: dict[str, Path]) -> None:
    info = describe(pymrio_folders["parquet"], cache_dir=pymrio_folders["parquet"] / "none")
    assert info.format == "pymrio" and "Parquet metadata" in info.basis
    assert (info.n, info.regions, info.sectors, info.categories) == (N, R, S, K)
    assert 0 < info.nnz <= N * N and not info.nnz_exact and not info.dense_read
    # the same through the folder's file_parameters.json
    assert describe_table(pymrio_folders["parquet"] / "file_parameters.json").n == N


def test_pymrio_text_from_header(pymrio_folders: dict[str, Path]) -> None:
    info = describe_table(pymrio_folders["txt"])
    assert info.format == "pymrio" and info.basis == "pymrio text header; Z read dense"
    assert (info.n, info.regions, info.sectors, info.categories) == (N, R, S, K)
    assert info.nnz == N * N and not info.nnz_exact and info.dense_read


def test_fallback_from_file_size(tmp_path: Path) -> None:
    blob = tmp_path / "table.bin"
    blob.write_bytes(b"\x00" * 80_000)
    info = describe(blob)  # no reader recognises it
    assert info.format == "unknown" and info.rough and info.size == 80_000
    assert info.n == int(np.sqrt(80_000 * 30 / 8)) and info.nnz == info.n ** 2
    assert info.regions is None and "rough" in info.basis
    # a reader without describe: the same estimate under its name
    named = describe_table(blob, format="wiod2013")
    assert named.format == "wiod2013" and named.rough and named.n == info.n


def test_unreadable_metadata_falls_back(pymrio_txt: Path) -> None:
    (pymrio_txt / "Z.txt").unlink()
    info = describe(pymrio_txt)
    assert info.format == "pymrio" and info.rough and "metadata not usable" in info.basis


def test_missing_path_and_unknown_format(tmp_path: Path) -> None:
    with pytest.raises(TableReadError, match="no such file"):
        describe(tmp_path / "nowhere")
    with pytest.raises(TableReadError, match="unknown format"):
        describe(tmp_path, format="nosuch")


def test_estimate_memory_uses_describe(pymrio_folders: dict[str, Path]) -> None:
    text = estimate_memory(pymrio_folders["txt"])
    par = estimate_memory(pymrio_folders["parquet"])
    assert text.n == par.n == N and text.basis == "pymrio text header; Z read dense"
    assert text.bytes > par.bytes  # the dense Z of a text read
