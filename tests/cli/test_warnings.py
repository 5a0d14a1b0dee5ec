"""Item 11: the zero-output warning once per table, none with ``-q``; no leading blank lines."""

from __future__ import annotations

import shutil

import pytest

ZERO = "warning: DataQualityWarning: "


@pytest.fixture
def years(shared_data, tmp_path):
    folder = tmp_path / "years"
    folder.mkdir()
    for y in (2010, 2011):
        shutil.copy(shared_data / "wiod2013" / f"wiot_{y}.RData", folder)
    return folder


@pytest.mark.slow
def test_exchange_years_warns_once_per_table(years, shared_data, tmp_path, run_cli):
    args = ("exchange", "--years", str(years), "--labour-data", str(shared_data), "--chart",
            str(tmp_path / "ex.png"))
    r = run_cli(*args)
    assert r.returncode == 0, r.stderr
    warned = [ln for ln in r.stderr.splitlines() if ln.startswith(ZERO)]
    assert len(warned) == 2  # one per table
    assert sum("wiot_2010.RData" in ln for ln in warned) == 1
    assert sum("zero (or rounding-negative) output" in ln for ln in warned) == 2
    assert not r.stdout.startswith("\n")
    q = run_cli(*args, "-q")  # the tables now come from the cache: still no warning with -q
    assert q.returncode == 0 and ZERO not in q.stderr and q.stderr == ""


def test_reading_twice_warns_once_and_quiet_is_silent(wiod2011_path, cli):
    status, out, err = cli("footprint", str(wiod2011_path), "--account", "value_added")
    assert status == 0
    assert sum(ln.startswith(ZERO) for ln in err.splitlines()) == 1
    status, out, err = cli("footprint", str(wiod2011_path), "--account", "value_added", "-q")
    assert status == 0 and ZERO not in err
    status, out, err = cli("info", str(wiod2011_path), "-q")
    assert "note (zero-output): 22 region-sector(s)" in out  # info still says it


@pytest.mark.parametrize("args", [
    ("info", "default"), ("footprint", "default", "--account", "hours"),
    ("exchange", "default"), ("trade", "default", "--account", "hours"),
])
def test_no_blank_line_before_the_first_message(args, cli):
    for quiet in ((), ("-q",)):
        status, out, _ = cli(*args, *quiet)
        assert status == 0
        assert out.splitlines()[0].strip(), out[:200]
