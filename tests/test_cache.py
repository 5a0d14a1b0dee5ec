"""The user cache of converted tables."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import numpy as np
import pytest

from interlabor import cache
from interlabor.io import READERS


@pytest.fixture
def source(shared_data: Path, tmp_path: Path) -> Path:
    mocks = shared_data / "format_samples" / "pymrio_mocks"
    src = tmp_path / "IOT_2009_pxp.zip"
    with zipfile.ZipFile(src, "w") as zf:
        for f in (mocks / "exio3_mock").rglob("*"):
            if f.is_file():
                zf.write(f, f"IOT_2009_pxp/{f.relative_to(mocks / 'exio3_mock').as_posix()}")
    return src


def test_second_open_comes_from_the_cache(source: Path, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.cache_dir() == tmp_path / "xdg" / "interlabor" / "tables"
    first = cache.cached_read(source)
    entries = list(cache.cache_dir().iterdir())
    assert len(entries) == 1 and (entries[0] / "manifest.json").is_file()

    def boom(*a, **k):
        raise AssertionError("the source was read again")

    monkeypatch.setattr(READERS["exiobase3"], "read", boom)
    second = cache.cached_read(source)
    np.testing.assert_array_equal(np.asarray(second.Z), np.asarray(first.Z))
    assert (entries[0] / ".verified").is_file()
    cache.cached_read(source, warn=False)  # neutral option: same entry
    # a touched source is a new key: read again
    os.utime(source, ns=(source.stat().st_atime_ns, source.stat().st_mtime_ns + 10**9))
    with pytest.raises(AssertionError, match="read again"):
        cache.cached_read(source)
    assert cache.clear_cache() == 1


def test_damaged_entry_is_rebuilt(source: Path, tmp_path: Path,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    cache.cached_read(source)
    (entry,) = cache.cache_dir().iterdir()
    z = entry / "Z.parquet"
    data = bytearray(z.read_bytes())
    data[len(data) // 2] ^= 0xFF
    z.chmod(0o644)
    z.write_bytes(bytes(data))
    again = cache.cached_read(source)  # first reuse verifies, finds the damage, converts again
    assert again.n == 48 and (entry / "manifest.json").is_file()


def test_cli_cache_flag(source: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                        capsys: pytest.CaptureFixture[str]) -> None:
    from interlabor.cli import main

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert main(["info", str(source), "--cache", "-q"]) == 0
    assert main(["info", str(source), "--cache", "-q"]) == 0
    assert len(list(cache.cache_dir().iterdir())) == 1
    assert capsys.readouterr().out.count("EXIOBASE 3 pxp 2009") == 2
