"""Fixtures of the batch fault tests: small tables, an undisturbed reference run, checks.

Every test disturbs a batch (a worker or the scheduler killed, SIGINT, a full disk, a cache
entry damaged mid-run, an output folder that cannot exist), then checks that no partial file
is visible under the output folder, and that a rerun completes with results identical to an
undisturbed run (bitwise: every unit is computed the same way whichever run did it).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from interlabor.batch import DemandScenario, run_batch
from interlabor.model import Account, build_mrio

SCENARIOS = [DemandScenario("baseline"), DemandScenario("r1_up", {"r1": 1.5}),
             DemandScenario("all_x2", {"*": 2.0})]
YEARS = tuple(range(2001, 2007))
DRIVER = Path(__file__).with_name("driver.py")


def small_table(seed: int, R: int = 4, S: int = 6, K: int = 2):
    """A random table of R regions x S sectors with an hours account (direct part too)."""
    rng = np.random.default_rng(seed)
    n = R * S
    labels = {"regions": [f"r{i}" for i in range(R)], "sectors": [f"s{i}" for i in range(S)],
              "categories": [f"c{i}" for i in range(K)]}
    Z = rng.uniform(0, 10, (n, n)) * (rng.random((n, n)) < 0.4)
    hours = Account("hours", "hours", rng.uniform(1, 100, n), rng.uniform(0, 5, R * K))
    return build_mrio(Z, rng.uniform(1, 20, (n, R * K)), accounts=[hours], warn=False, **labels)


@pytest.fixture(scope="session")
def fault_tables(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Six small tables as pymrio text folders (read through the cache; read-only masters)."""
    import warnings

    pytest.importorskip("pymrio")
    from interlabor.interop import to_pymrio

    root = tmp_path_factory.mktemp("fault-tables")
    out = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pymrio's own deprecation warnings
        for y in YEARS:
            to_pymrio(small_table(y)).save_all(root / f"t{y}", table_format="txt")
            out[str(y)] = str(root / f"t{y}")
    return out


@pytest.fixture(scope="session")
def reference(fault_tables: dict[str, str], tmp_path_factory: pytest.TempPathFactory
              ) -> dict[str, pd.DataFrame]:
    """The results of an undisturbed run."""
    out = tmp_path_factory.mktemp("fault-reference") / "out"
    run_batch(fault_tables, account="hours", out=out, scenarios=SCENARIOS,
              scheduler="sequential", cache_dir=out.parent / "cache")
    return read_all(out)


def read_all(out: Path) -> dict[str, pd.DataFrame]:
    return {p.relative_to(out).as_posix(): pd.read_parquet(p)
            for p in sorted(Path(out).rglob("*.parquet"))}


def assert_clean(out: Path, reference: dict[str, pd.DataFrame]) -> int:
    """No partial or temporary file under ``out``; each result there equals the reference.

    Returns the number of results found.
    """
    out = Path(out)
    if not out.exists():
        return 0
    hidden = [p.relative_to(out).as_posix() for p in out.rglob(".*")]
    assert not hidden, f"temporary files left under the output folder: {hidden}"
    other = [p.name for p in out.rglob("*") if p.is_file() and p.suffix != ".parquet"]
    assert not other, other
    found = read_all(out)
    for key, df in found.items():
        pd.testing.assert_frame_equal(df, reference[key], check_exact=True)
    return len(found)


def assert_rerun_completes(tables: dict[str, str], out: Path,
                           reference: dict[str, pd.DataFrame], **kw: Any) -> None:
    """A rerun does the units left, and the folder then equals the undisturbed run."""
    before = assert_clean(out, reference)
    report = run_batch(tables, account="hours", out=out, scenarios=SCENARIOS, **kw)
    assert len(report.skipped) == before and len(report.done) == len(reference) - before
    assert assert_clean(out, reference) == len(reference)


def run_driver(tmp: Path, spec: dict[str, Any], timeout: float = 120,
               new_session: bool = True) -> tuple[int, dict[str, Any]]:
    """Run tests/batch_faults/driver.py with ``spec``; its exit status and JSON line.

    The driver gets a process group of its own (as a command started from a shell), which is
    checked to be empty after it exits: no worker outlives its driver.
    """
    spec_file = tmp / f"spec-{time.monotonic_ns()}.json"
    spec_file.write_text(json.dumps(spec))
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1",
           "PYTHONPATH": os.pathsep.join([str(Path(__import__("interlabor").__file__).parents[1]),
                                          os.environ.get("PYTHONPATH", "")])}
    proc = subprocess.Popen([sys.executable, str(DRIVER), str(spec_file)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                            start_new_session=new_session)
    try:
        stdout, stderr = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, 9)
        proc.communicate()
        pytest.fail(f"the driver hung for {timeout} s")
    if new_session:
        assert_group_gone(proc.pid)
    lines = [ln for ln in stdout.splitlines() if ln.startswith("{")]
    assert lines, f"no report from the driver (status {proc.returncode}):\n{stderr[-3000:]}"
    return proc.returncode, json.loads(lines[-1])


def _group(pgid: int) -> list[int]:
    """Live (not zombie) processes of process group ``pgid``, from /proc."""
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[0] != "Z" and int(fields[2]) == pgid:
            out.append(int(stat.parent.name))
    return out


def assert_group_gone(pgid: int, wait: float = 10.0) -> None:
    """Every process of group ``pgid`` has exited (within ``wait`` s); kills stragglers."""
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if not _group(pgid):
            return
        time.sleep(0.1)
    left = _group(pgid)
    for pid in left:
        os.kill(pid, 9)
    pytest.fail(f"processes {left} of the driver's group {pgid} outlived it by {wait} s")
