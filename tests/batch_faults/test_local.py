"""Faults in batches on local processes: dead workers, SIGINT, a full disk, bad folders, a
cache entry damaged mid-run. CI runs as root, so permission bits prove nothing here: the
folders that cannot be written are under a regular file (ENOTDIR) or in /proc."""

from __future__ import annotations

import errno
import json
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from interlabor.batch import KILL_ONCE_ENV, run_batch
from interlabor.errors import BatchError, OutputError
from interlabor.io import read_table
from interlabor.io.cache import cache_key, cached_read
from interlabor.io.store import read_mrio

from .conftest import SCENARIOS, assert_clean, assert_rerun_completes, run_driver

SPECS = [{"name": s.name, "final_demand_scale": dict(s.final_demand_scale)} for s in SCENARIOS]


def spec(tables: dict[str, str], out: Path, scheduler: str = "processes", **kw) -> dict:
    return {"tables": tables, "out": str(out), "scenarios": SPECS, "scheduler": scheduler,
            "workers": 2, "cache_dir": str(out.parent / "cache"), **kw}


# ---- a worker dies mid-unit ------------------------------------------------------------------
@pytest.mark.slow
def test_worker_killed_with_no_retries_left(fault_tables, reference, tmp_path: Path,
                                            monkeypatch) -> None:
    """The worker dies mid-unit and no retry is allowed: its units fail, named; a rerun
    completes."""
    marker = tmp_path / "marker"
    marker.mkdir()
    monkeypatch.setenv(KILL_ONCE_ENV, str(marker))
    out = tmp_path / "out"
    with pytest.raises(BatchError, match="died 1 times") as err:
        run_batch(fault_tables, account="hours", out=out, scenarios=SCENARIOS,
                  scheduler="processes", workers=2, retries=0, cache_dir=tmp_path / "cache")
    assert (marker / "killed").exists() and err.value.failures
    assert set(err.value.failures) <= {k.removesuffix(".parquet") for k in reference}
    monkeypatch.delenv(KILL_ONCE_ENV)
    assert_rerun_completes(fault_tables, out, reference, scheduler="sequential",
                           cache_dir=tmp_path / "cache")


# ---- SIGINT --------------------------------------------------------------------------------------
@pytest.mark.parametrize("scheduler,group", [
    ("sequential", False),
    pytest.param("processes", False, marks=pytest.mark.slow),
    pytest.param("processes", True, marks=pytest.mark.slow)])
def test_sigint(fault_tables, reference, tmp_path: Path, scheduler: str, group: bool) -> None:
    """SIGINT mid-run (to the driver, or to its whole process group as Ctrl-C does): the
    driver stops with KeyboardInterrupt, no worker outlives it, no partial file is left."""
    out = tmp_path / "out"
    status, result = run_driver(tmp_path, spec(fault_tables, out, scheduler, sigint_after=3,
                                               sigint_group=group))
    assert (status, result["error"]) == (130, "KeyboardInterrupt")
    assert assert_clean(out, reference) < len(reference)
    assert_rerun_completes(fault_tables, out, reference, scheduler="sequential",
                           cache_dir=tmp_path / "cache")


# ---- out of space -----------------------------------------------------------------------------
def test_file_size_limit(fault_tables, reference, tmp_path: Path) -> None:
    """Writes fail with EFBIG past a file-size limit (SIGXFSZ ignored), as on a full disk:
    an OutputError naming the file, nothing partial; a rerun with room completes."""
    out = tmp_path / "out"  # results are written by the driver, whichever the scheduler
    status, result = run_driver(tmp_path, spec(fault_tables, out, "sequential", fsize=1024))
    assert status == 1 and result["error"] == "OutputError", result
    assert ".parquet" in result["message"] and "File too large" in result["message"]
    assert assert_clean(out, reference) == 0
    assert_rerun_completes(fault_tables, out, reference, scheduler="sequential",
                           cache_dir=tmp_path / "cache")


def test_disk_full_mid_write(fault_tables, reference, tmp_path: Path, monkeypatch) -> None:
    """ENOSPC half-way through the third result: that file never appears, the others stay."""
    real = pd.DataFrame.to_parquet
    calls = []

    def full_disk(self, path, *args, **kwargs):
        calls.append(path)
        real(self, path, *args, **kwargs)
        if len(calls) == 3:
            data = Path(path).read_bytes()
            Path(path).write_bytes(data[: len(data) // 2])
            raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(pd.DataFrame, "to_parquet", full_disk)
    out = tmp_path / "out"
    with pytest.raises(OutputError, match="No space left on device") as err:
        run_batch(fault_tables, account="hours", out=out, scenarios=SCENARIOS,
                  scheduler="sequential", cache_dir=tmp_path / "cache")
    assert str(out) in str(err.value) and "rerun" in str(err.value)
    assert assert_clean(out, reference) == 2
    monkeypatch.setattr(pd.DataFrame, "to_parquet", real)
    assert_rerun_completes(fault_tables, out, reference, scheduler="sequential",
                           cache_dir=tmp_path / "cache")


# ---- folders that cannot be used ----------------------------------------------------------
@pytest.mark.parametrize("where", ["under-a-file", "proc"])
def test_output_folder_cannot_be_made(fault_tables, reference, tmp_path: Path,
                                      where: str) -> None:
    """An output folder below a regular file (ENOTDIR) or in /proc: an OutputError naming
    it before any work, and nothing written anywhere."""
    if where == "proc":
        out = Path("/proc/interlabor-batch-fault-test/out")
    else:
        (tmp_path / "file").write_text("a regular file")
        out = tmp_path / "file" / "out"
    with pytest.raises(OutputError, match="cannot") as err:
        run_batch(fault_tables, account="hours", out=out, scenarios=SCENARIOS,
                  scheduler="sequential", cache_dir=tmp_path / "cache")
    assert str(out) in str(err.value)
    assert not (tmp_path / "cache").exists()  # stopped before reading any table


@pytest.mark.parametrize("where", ["under-a-file", "proc"])
def test_cache_folder_cannot_be_made(fault_tables, reference, tmp_path: Path,
                                     where: str) -> None:
    """The cache is optional: a cache folder that cannot exist only costs speed."""
    if where == "proc":
        cache = Path("/proc/interlabor-batch-fault-test/cache")
    else:
        (tmp_path / "file").write_text("a regular file")
        cache = tmp_path / "file" / "cache"
    out = tmp_path / "out"
    report = run_batch(fault_tables, account="hours", out=out, scenarios=SCENARIOS,
                       scheduler="sequential", cache_dir=cache)
    assert len(report.done) == len(reference)
    assert assert_clean(out, reference) == len(reference)


# ---- the cache damaged mid-run -----------------------------------------------------------
def _damage(entry: Path, how: int) -> None:
    if how == 0:  # a flipped byte in Z
        f = entry / "Z.parquet"
        data = bytearray(f.read_bytes())
        data[len(data) // 2] ^= 0x40
        f.write_bytes(bytes(data))
    elif how == 1:  # a truncated file
        f = entry / "accounts.parquet"
        f.write_bytes(f.read_bytes()[:100])
    elif how == 2:  # an edited manifest (another unit for hours)
        m = json.loads((entry / "manifest.json").read_text())
        m["accounts"][0]["unit"] = "USD"
        (entry / "manifest.json").write_text(json.dumps(m))
    else:  # a file missing
        (entry / "Y.parquet").unlink()


@pytest.mark.parametrize("scheduler", ["sequential",
                                       pytest.param("processes", marks=pytest.mark.slow)])
def test_cache_entry_damaged_mid_run(fault_tables, reference, tmp_path: Path,
                                     scheduler: str) -> None:
    """Once the first table is done, the cached copies of the others are damaged (four ways)
    and a crashed writer's temporary folder is left in the cache: the damaged copies are
    replaced from the sources, and the results equal the undisturbed run."""
    cache = tmp_path / "cache"
    run_batch(fault_tables, account="hours", out=tmp_path / "first", scenarios=SCENARIOS[:1],
              scheduler="sequential", cache_dir=cache)  # fills the cache
    (cache / ".0123456789abcdef-0123456789abcdef.tmp-x").mkdir()  # a crashed write
    (cache / ".0123456789abcdef-0123456789abcdef.tmp-x" / "Z.parquet").write_bytes(b"PAR1")
    entries = {label: cache / cache_key(path) for label, path in fault_tables.items()}
    assert all(e.is_dir() for e in entries.values())
    damaged: list[str] = []

    def damage_the_rest(ev) -> None:
        if ev.done and not damaged:
            for i, label in enumerate(sorted(entries)[1:]):
                _damage(entries[label], i % 4)
                damaged.append(label)

    out = tmp_path / "out"
    report = run_batch(fault_tables, account="hours", out=out, scenarios=SCENARIOS,
                       scheduler=scheduler, workers=1, cache_dir=cache,
                       progress=damage_the_rest)
    assert damaged and len(report.done) == len(reference) and not report.failed
    assert assert_clean(out, reference) == len(reference)
    # a copy damaged after its table was read (a worker fetched it first) is replaced on the
    # next read; then every entry is whole
    for label, e in entries.items():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            same = cached_read(fault_tables[label], cache_dir=cache)
        assert np.array_equal(same.Y, read_table(fault_tables[label]).Y)
        read_mrio(e, verify=True)

