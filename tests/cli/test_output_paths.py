"""Items 4 and 5: no missing parent folders made; permissions, symlinks and atomic writes."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pandas as pd
import pytest


@pytest.fixture
def umask():
    """Set the process umask for a test and restore it after."""
    old = os.umask(0o022)
    os.umask(old)

    def set_mask(mask: int) -> None:
        os.umask(mask)

    yield set_mask
    os.umask(old)


def _mode(p: Path) -> int:
    return stat.S_IMODE(p.stat().st_mode)


def test_file_out_never_creates_missing_folders(tmp_path, cli, error_line):
    out = tmp_path / "nonexistent_dir" / "deeper" / "fp.csv"
    status, _, err = cli("footprint", "default", "--account", "hours", "--out", str(out), "-q")
    assert status == 1
    line = error_line(err, "OutputError")
    assert f"folder {tmp_path / 'nonexistent_dir'} does not exist" in line
    assert not (tmp_path / "nonexistent_dir").exists()


def test_exchange_and_accounts_out_too(tmp_path, cli, error_line):
    out = tmp_path / "missing" / "ex.csv"
    status, _, err = cli("exchange", "default", "--out", str(out), "-q")
    assert status == 1 and "does not exist" in error_line(err, "OutputError")
    status, _, err = cli("chokepoints", "default", "--out", str(out), "-q")
    assert status == 1 and "does not exist" in error_line(err, "OutputError")
    status, _, err = cli("accounts", "build-wiod2013", "--year", "2011", "--data",
                         str(tmp_path), "--out", str(tmp_path / "missing" / "labour.parquet"))
    assert status == 1 and "does not exist" in error_line(err, "OutputError")  # before building
    assert not out.parent.exists()


@pytest.mark.parametrize("command", [
    ["convert", "default"], ["aggregate", "default", "--regions", "north-south", "--out"],
    ["demo", "--out"], ["shock", "default", "--stop", "CHN:c14:0.1", "--out"],
])
def test_folder_commands_make_the_final_folder_only(command, tmp_path, cli, error_line):
    deep = tmp_path / "a" / "b" / "result"
    status, _, err = cli(*command, str(deep), "-q")
    assert status == 1
    assert f"folder {tmp_path / 'a'} does not exist" in error_line(err, "OutputError")
    assert not (tmp_path / "a").exists()
    final = tmp_path / "result"
    status, _, err = cli(*command, str(final), "-q")
    assert status == 0, err
    assert final.is_dir() and any(final.iterdir())


def test_batch_and_plan_folders(tmp_path, bundled_store, north_south, cli, error_line):
    deep = tmp_path / "a" / "out"
    status, _, err = cli("batch", str(bundled_store), "--account", "hours", "--out", str(deep),
                         "--scheduler", "sequential", "-q")
    assert status == 1 and "does not exist" in error_line(err, "OutputError")
    status, _, err = cli("plan", str(north_south), "--out", str(deep), "-q", "--no-sensitivity")
    assert status == 1 and "does not exist" in error_line(err, "OutputError")
    assert not (tmp_path / "a").exists()


@pytest.mark.parametrize("mask", [0o022, 0o002, 0o077])
def test_new_files_follow_the_umask(mask, umask, tmp_path, cli):
    umask(mask)
    csv = tmp_path / "fp.csv"
    assert cli("footprint", "default", "--account", "hours", "--out", str(csv), "-q")[0] == 0
    assert _mode(csv) == 0o666 & ~mask
    results = tmp_path / "results"
    assert cli("demo", "--out", str(results), "-q")[0] == 0
    assert _mode(results) == 0o777 & ~mask
    for f in results.iterdir():  # tables and the chart
        assert _mode(f) == 0o666 & ~mask, f
    table = tmp_path / "table"
    assert cli("convert", "default", str(table), "-q")[0] == 0
    assert _mode(table) == 0o777 & ~mask
    assert {_mode(f) for f in table.iterdir()} == {0o666 & ~mask}


def test_replaced_file_keeps_its_mode(umask, tmp_path, cli):
    umask(0o022)
    csv = tmp_path / "fp.csv"
    csv.write_text("old\n")
    csv.chmod(0o640)
    assert cli("footprint", "default", "--account", "hours", "--out", str(csv), "-q")[0] == 0
    assert _mode(csv) == 0o640
    assert len(pd.read_csv(csv)) == 41


def test_symlink_is_written_through(tmp_path, cli):
    real = tmp_path / "store" / "fp.parquet"
    real.parent.mkdir()
    real.write_bytes(b"old")
    real.chmod(0o644)
    link = tmp_path / "fp.parquet"
    link.symlink_to(real)
    assert cli("footprint", "default", "--account", "hours", "--by", "origin", "--out",
               str(link), "-q")[0] == 0
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert len(pd.read_parquet(real)) == 41 * 41
    assert _mode(real) == 0o644
    leftovers = [p.name for d in (tmp_path, real.parent) for p in d.iterdir()
                 if p.name.startswith(".")]
    assert leftovers == []  # atomic: the temporary file was renamed, nothing is left


def test_dangling_symlink_writes_its_target(tmp_path, cli):
    target = tmp_path / "data" / "new.csv"
    target.parent.mkdir()
    link = tmp_path / "fp.csv"
    link.symlink_to(target)
    assert cli("footprint", "default", "--account", "hours", "--out", str(link), "-q")[0] == 0
    assert link.is_symlink() and target.is_file() and len(pd.read_csv(link)) == 41
