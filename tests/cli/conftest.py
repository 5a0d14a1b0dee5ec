"""Fixtures of the command-line tests: the real entry point, in a subprocess or in-process."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from interlabor.cli import main

SRC = str(Path(__file__).resolve().parents[2] / "src")


def _run(*args: str, cwd: Path | None = None, **kw) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": SRC + os.pathsep + os.environ.get("PYTHONPATH", "")}
    return subprocess.run([sys.executable, "-m", "interlabor.cli", *args], capture_output=True,
                          text=True, env=env, timeout=600, cwd=cwd, **kw)


@pytest.fixture
def run_cli() -> Callable[..., subprocess.CompletedProcess]:
    """``python -m interlabor.cli ARGS`` as a user runs it; returns the completed process."""
    return _run


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., tuple[int, str, str]]:
    """``interlabor.cli.main(ARGS)`` in this process; returns (status, stdout, stderr)."""

    def call(*args: str) -> tuple[int, str, str]:
        status = main(list(args))
        got = capsys.readouterr()
        return status, got.out, got.err

    return call


def _one_error_line(err: str, kind: str) -> str:
    lines = [ln for ln in err.splitlines() if ln.strip() and not ln.startswith("warning: ")]
    assert "Traceback" not in err, err
    assert len(lines) == 1, err
    assert lines[0].startswith(f"{kind}: "), err
    return lines[0]


@pytest.fixture
def error_line() -> Callable[[str, str], str]:
    """``error_line(stderr, kind)``: stderr's one error line, which starts with ``kind: ``.

    Fails on a traceback or on more than one line (warnings aside).
    """
    return _one_error_line


@pytest.fixture(scope="session")
def bundled_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled WIOD 2011 table written as an interlabor folder ``.../t_2011``."""
    from interlabor.io import load_default
    from interlabor.io.store import write_mrio

    return write_mrio(load_default(), tmp_path_factory.mktemp("bundled") / "t_2011")


@pytest.fixture(scope="session")
def north_south(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled table aggregated to two regions (South, North) by the CLI: a small real table."""
    out = tmp_path_factory.mktemp("ns") / "ns"
    assert main(["aggregate", "default", "--regions", "north-south", "--out", str(out),
                 "-q"]) == 0
    return out


@pytest.fixture
def store_years(bundled_store: Path, tmp_path: Path) -> Path:
    """A folder of two tables with years in their names (``t_2010``, ``t_2011``): the bundled
    table twice."""
    import shutil

    folder = tmp_path / "years"
    folder.mkdir()
    for y in (2010, 2011):
        shutil.copytree(bundled_store, folder / f"t_{y}")
    return folder
