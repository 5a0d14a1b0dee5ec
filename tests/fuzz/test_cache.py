"""Fuzz the cache of converted tables: a damaged entry never changes what a read returns.

An entry is interlabor's own format (Parquet files and ``manifest.json``). Whatever happens to
an entry's files -- bytes flipped or cut, columns dropped or renamed, the manifest edited --
:func:`~interlabor.io.cache.cached_read` must return the table as read from the source, and
leave one complete entry behind.
"""

from __future__ import annotations

import shutil
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given

from interlabor.io.cache import cache_key, cached_read

from .conftest import PLAN, SCALE, TALLY, Tally, as_folder, attempt, check_cache, fuzz_settings
from .mutate import mutate
from .samples import _members

NAME = "the cache (entries of an OECD table)"


def same_table(a: Any, b: Any) -> None:
    """Two MRIOs are equal: blocks, labels, accounts, money, year and meta."""
    def dense(M: Any) -> np.ndarray:
        return M.toarray() if sp.issparse(M) else np.asarray(M)

    np.testing.assert_array_equal(dense(a.Z), dense(b.Z))
    np.testing.assert_array_equal(a.Y, b.Y)
    np.testing.assert_array_equal(a.x, b.x)
    for attr in ("regions", "source_regions", "sectors", "sector_names", "categories", "money",
                 "year", "meta"):
        assert getattr(a, attr) == getattr(b, attr), attr
    assert [(c.key, c.unit, c.extension, c.modelled, c.description) for c in a.accounts] == [
        (c.key, c.unit, c.extension, c.modelled, c.description) for c in b.accounts]
    for c, d in zip(a.accounts, b.accounts, strict=True):
        np.testing.assert_array_equal(c.values, d.values)
        assert (c.final_demand is None) == (d.final_demand is None)
        if c.final_demand is not None:
            np.testing.assert_array_equal(c.final_demand, d.final_demand)


@pytest.fixture(scope="module")
def cached(shared_data: Path, tmp_path_factory: pytest.TempPathFactory):
    """A source table, its reading, and the files of its cache entry."""
    from interlabor.io import read_table

    folder = tmp_path_factory.mktemp("cache-source")
    src = Path(shutil.copy(shared_data / "format_samples" / "pymrio_mocks" / "oecd_mock" /
                           "ICIO2018_2010.CSV", folder / "ICIO2018_2010.csv"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = read_table(src)
        root = folder / "cache"
        cached_read(src, cache_dir=root)
    (entry,) = list(root.iterdir())
    return src, ref, _members(entry)


@fuzz_settings(60)
@given(plan=PLAN)
def test_fuzz_cache_entry(cached, plan: list) -> None:
    src, ref, files = cached
    tally = TALLY.setdefault(NAME, Tally())
    if tally.seconds > 25 * SCALE:
        return
    t0 = time.perf_counter()
    tmp = Path(tempfile.mkdtemp(prefix="fuzz-cache-"))
    try:
        root = tmp / "cache"
        damaged, done, _ = mutate(files, plan)
        as_folder(damaged, root / cache_key(src))
        what = [d for _, d in done]
        with warnings.catch_warnings(record=True) as seen:
            warnings.simplefilter("always")
            outcome, m = attempt(lambda: cached_read(src, cache_dir=root), tmp, src, what,
                                 quiet=False)
        assert outcome == "MRIO", f"{m}\nmutations: {what}"
        same_table(m, ref)
        check_cache(root, expect_entry=True)
        replaced = any("damaged" in str(w.message) for w in seen)
        tally.outcomes["MRIO (damaged entry replaced)" if replaced
                       else "MRIO (entry read as is)"] += 1
        tally.cases += 1
        tally.mutations.update(k for k, _ in done)
        tally.seconds += time.perf_counter() - t0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


@pytest.mark.parametrize("edit", ["money/scale", "accounts/0/unit", "year", "meta/title",
                                  "accounts/0/modelled"])
def test_edited_manifest_is_not_trusted(cached, tmp_path: Path, edit: str) -> None:
    """A manifest edited to other valid values (a flipped digit, a changed unit) is caught."""
    import json

    src, ref, _ = cached
    root = tmp_path / "cache"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        cached_read(src, cache_dir=root)
    (entry,) = list(root.iterdir())
    manifest = json.loads((entry / "manifest.json").read_text())
    *path, key = edit.split("/")
    node = manifest
    for k in path:
        node = node[int(k)] if k.isdigit() else node[k]
    node[key] = {"money/scale": 1000004.0, "accounts/0/unit": "USD", "year": 1999,
                 "meta/title": "another table", "accounts/0/modelled": True}[edit]
    (entry / "manifest.json").write_text(json.dumps(manifest, indent=1))
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        m = cached_read(src, cache_dir=root)
    assert any("manifest" in str(w.message) and "damaged" in str(w.message) for w in seen)
    same_table(m, ref)
