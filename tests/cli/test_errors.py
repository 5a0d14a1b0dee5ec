"""Item 2: operating-system errors, a closed pipe, Ctrl-C and missing extras end in one line."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

import interlabor.cli._common as common
import interlabor.report.planning as report_planning

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(not Path("/sys").is_dir(), reason="needs /sys (Linux), unwritable even by root")
def test_unwritable_out_is_one_line_naming_the_path(run_cli, error_line):
    r = run_cli("footprint", "default", "--account", "hours", "--out", "/sys/fp.csv", "-q")
    assert r.returncode == 1
    line = error_line(r.stderr, "PermissionError")
    assert "/sys/fp.csv" in line and "tmp" not in line  # the user's path, not the temporary


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                    reason="root writes into read-only folders (the /sys test covers it)")
def test_read_only_folder(tmp_path, run_cli, error_line):
    ro = tmp_path / "ro"
    ro.mkdir(mode=0o555)
    r = run_cli("footprint", "default", "--account", "hours", "--out", str(ro / "fp.csv"), "-q")
    assert r.returncode == 1
    assert str(ro / "fp.csv") in error_line(r.stderr, "PermissionError")


def test_out_under_a_file(tmp_path, run_cli, error_line):
    afile = tmp_path / "afile"
    afile.write_text("x")
    r = run_cli("footprint", "default", "--account", "hours", "--out", str(afile / "fp.csv"),
                "-q")
    assert r.returncode == 1
    line = error_line(r.stderr, "OutputError")
    assert f"{afile} is a file, not a folder" in line
    r = run_cli("demo", "--out", str(afile / "results"), "-q")
    assert r.returncode == 1 and f"{afile} is a file" in error_line(r.stderr, "OutputError")


def test_closed_pipe_is_one_line(error_line):
    """Standard output whose reader is gone (``| head`` after its lines): one line, status 1."""
    read_end, write_end = os.pipe()
    os.close(read_end)  # every write now fails with EPIPE, as after head exits
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    try:
        r = subprocess.run([sys.executable, "-m", "interlabor.cli", "footprint", "default",
                            "--account", "hours", "--by", "origin", "-q"], stdout=write_end,
                           stderr=subprocess.PIPE, text=True, env=env, timeout=300)
    finally:
        os.close(write_end)
    assert r.returncode == 1
    error_line(r.stderr, "BrokenPipeError")
    assert "Exception ignored" not in r.stderr


def test_ctrl_c_is_one_line_and_status_130(monkeypatch, cli, error_line):
    """A real SIGINT while the command runs (Python's own handler raises KeyboardInterrupt)."""
    real = common.load

    def load_then_interrupt(*args, **kw):
        mrio = real(*args, **kw)
        os.kill(os.getpid(), signal.SIGINT)
        return mrio

    monkeypatch.setattr(common, "load", load_then_interrupt)
    import interlabor.cli.footprints as fp

    monkeypatch.setattr(fp, "load", load_then_interrupt)
    status, _, err = cli("footprint", "default", "--account", "hours", "-q")
    assert status == 130
    error_line(err, "KeyboardInterrupt")


def test_plan_without_highspy_names_the_extra(monkeypatch, north_south, tmp_path, cli,
                                             error_line):
    monkeypatch.setitem(sys.modules, "highspy", None)  # import highspy now fails
    status, _, err = cli("plan", str(north_south), "--out", str(tmp_path / "plan"), "-q")
    assert status == 1
    line = error_line(err, "MissingDependencyError")
    assert "pip install 'interlabor[plan]'" in line and "highspy" in line


def test_chart_without_matplotlib_names_the_extra(monkeypatch, tmp_path, cli, error_line):
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    status, _, err = cli("demo", "--out", str(tmp_path / "results"), "-q")
    assert status == 1
    assert "pip install 'interlabor[cli]'" in error_line(err, "MissingDependencyError")


def test_reader_without_its_package_names_the_extra(monkeypatch, tmp_path, cli, error_line):
    monkeypatch.setitem(sys.modules, "rdata", None)
    f = tmp_path / "wiot_2011.RData"
    f.write_bytes(b"RDX2\n")
    status, _, err = cli("info", str(f), "-q", "--no-cache")
    assert status == 1
    line = error_line(err, "TableReadError")  # the reader says it itself, naming the extra
    assert "pip install 'interlabor[wiod]'" in line


def test_stray_module_not_found_is_mapped_to_its_extra(monkeypatch, cli, error_line):
    """The handler's safety net: an optional package imported without a friendly message."""
    import interlabor.cli.tables as tables

    def needs_ortools(_args):
        import ortools  # noqa: F401 - fails: blocked below

    monkeypatch.setitem(sys.modules, "ortools", None)
    monkeypatch.setattr(tables, "_cmd_info", needs_ortools)
    status, _, err = cli("info", "default", "-q")
    assert status == 1
    line = error_line(err, "MissingDependencyError")
    assert "'info' needs the package 'ortools'" in line
    assert "pip install 'interlabor[plan-pdlp]'" in line


def test_sensitivity_interrupted_keeps_the_plan(monkeypatch, north_south, tmp_path, cli,
                                                error_line):
    """Ctrl-C after the main solve: the plan is printed and written, status 130."""
    def interrupted(*_args, **_kw):
        os.kill(os.getpid(), signal.SIGINT)
        raise AssertionError("unreachable")  # pragma: no cover

    monkeypatch.setattr(report_planning, "sensitivity", interrupted)
    out = tmp_path / "plan"
    status, text, err = cli("plan", str(north_south), "--out", str(out), "-q")
    assert status == 130
    error_line(err, "KeyboardInterrupt")
    assert "hours today" in text and "Hours by region" in text
    assert (out / "hours_by_region.csv").is_file() and (out / "summary.txt").is_file()
    assert not (out / "sensitivity.csv").exists()


def test_make_demo_installs_the_planner():
    """``make demo`` installs the extras that ``plan`` needs, so plan works after it."""
    text = (ROOT / "Makefile").read_text()
    core = re.search(r"\$\(STAMP_CORE\):.*?\n\t(.*?)\n", text, re.S)
    assert core is not None
    extras = re.search(r"\.\[([^\]]*)\]", core.group(1))
    assert extras is not None and {"cli", "wiod", "plan"} <= set(extras.group(1).split(","))


def test_format_on_the_bundled_table(cli, error_line):
    status, _, err = cli("info", "default", "--format", "oecd", "-q")
    assert status == 1
    assert "format 'oecd' does not apply" in error_line(err, "TableReadError")
