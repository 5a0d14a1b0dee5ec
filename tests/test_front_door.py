"""The front door: ``import interlabor as il`` names, laziness and one way to read a table."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import interlabor as il
from interlabor.errors import TableReadError

PUBLIC = [
    "Account", "InterlaborError", "MRIO", "__version__", "aggregate", "build_mrio",
    "consumption_based", "embodied_trade", "exchange_flows", "from_pymrio", "load_default",
    "multipliers", "plan", "production_based", "read", "to_pymrio", "write",
]


def test_public_names_are_pinned():
    assert sorted(il.__all__) == sorted(PUBLIC)
    for name in PUBLIC:
        assert getattr(il, name) is not None, name
    with pytest.raises(AttributeError, match="no attribute 'LeontiefSolver'"):
        il.LeontiefSolver  # noqa: B018 - expert tools stay in their modules


def test_import_loads_no_heavy_dependency():
    code = ("import sys, interlabor\n"
            "heavy = [m for m in ('pandas', 'scipy', 'pyarrow') if m in sys.modules]\n"
            "print(','.join(heavy))\n"
            "interlabor.read\n"
            "print(','.join(m for m in ('pandas', 'scipy', 'pyarrow') if m in sys.modules))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.splitlines()
    assert out[0] == ""  # nothing heavy after `import interlabor`
    assert "pandas" in out[1]  # ... until a function needs it


def test_read_default_is_the_bundled_table():
    a, b = il.read("default"), il.load_default()
    assert (a.n_regions, a.n_sectors) == (41, 35)
    np.testing.assert_array_equal(a.Y, b.Y)
    res = il.consumption_based(a, "hours", by="origin")
    assert res.shape == (41, 41)


def test_read_goes_through_the_cache_and_matches_the_reader(pymrio_txt_folder):
    from interlabor.io import read_table

    direct = read_table(pymrio_txt_folder)
    cached = il.read(pymrio_txt_folder)
    again = il.read(pymrio_txt_folder)  # now from the cache
    uncached = il.read(pymrio_txt_folder, cache=False)
    for m in (cached, again, uncached):
        np.testing.assert_array_equal(np.asarray(m.Y), np.asarray(direct.Y))
        assert m.regions == direct.regions


def test_read_mrio_on_a_file_says_what_to_use(tmp_path):
    from interlabor.io.store import read_mrio

    f = tmp_path / "wiot_2005.RData"
    f.write_bytes(b"RDX3\n")
    with pytest.raises(TableReadError, match=r"is a file, not an interlabor table folder.*"
                       r"interlabor\.read"):
        read_mrio(f)


def test_read_names_a_missing_source(tmp_path):
    with pytest.raises(TableReadError, match="no such file or folder"):
        il.read(tmp_path / "nothing.zip")


@pytest.fixture
def pymrio_txt_folder(tmp_path: Path) -> Path:
    pymrio = pytest.importorskip("pymrio")
    io = pymrio.load_test()
    io.calc_all()
    folder = tmp_path / "pymrio_test"
    io.save_all(folder)
    return folder
