"""Faults in Dask batches: a worker killed mid-unit (in a LocalCluster, and as a separate
``dask worker`` process), and the scheduler killed mid-run. In a LocalCluster the scheduler
lives in the driver, so for that test ``dask scheduler`` runs as its own process on
127.0.0.1 (a port of its choosing, no dashboard), with ``dask worker`` processes."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from interlabor.batch import KILL_ONCE_ENV, run_batch

from .conftest import SCENARIOS, assert_clean, assert_rerun_completes, run_driver
from .test_local import spec

pytestmark = pytest.mark.slow
distributed = pytest.importorskip("distributed")


@contextmanager
def port_taken(port: int) -> Iterator[None]:
    """Hold ``port`` on 127.0.0.1 for the block (when it is free), as another cluster would."""
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", port))
        s.listen()
    except OSError:  # already taken: the case to test anyway
        pass
    try:
        yield
    finally:
        s.close()


def test_local_cluster_worker_killed(fault_tables, reference, tmp_path: Path,
                                     monkeypatch) -> None:
    """A LocalCluster worker dies mid-unit: the nanny restarts it, the scheduler reruns the
    task, every unit is written once and whole. Port 8787 (Dask's default dashboard) is
    taken meanwhile: the cluster must not need it."""
    marker = tmp_path / "marker"
    marker.mkdir()
    monkeypatch.setenv(KILL_ONCE_ENV, str(marker))  # inherited by the worker processes
    out = tmp_path / "out"
    with port_taken(8787):
        report = run_batch(fault_tables, account="hours", out=out, scenarios=SCENARIOS,
                           scheduler="dask", workers=2, cache_dir=tmp_path / "cache")
    assert (marker / "killed").exists()
    assert len(report.done) == len(reference) and not report.failed
    assert assert_clean(out, reference) == len(reference)


class Cluster:
    """A ``dask scheduler`` process and ``dask worker`` processes (no nanny: a dead worker
    stays dead), each in a process group of its own."""

    def __init__(self, tmp: Path, workers: int, env: dict[str, str]) -> None:
        bindir = Path(sys.executable).parent
        dask = str(bindir / "dask") if (bindir / "dask").exists() else "dask"
        file = tmp / "scheduler.json"
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL,
                 "start_new_session": True}
        self.scheduler = subprocess.Popen(
            [dask, "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
             "--dashboard-address", "127.0.0.1:0", "--scheduler-file", str(file)], **quiet)
        deadline = time.monotonic() + 60
        while not file.exists():
            assert time.monotonic() < deadline and self.scheduler.poll() is None
            time.sleep(0.1)
        self.address = json.loads(file.read_text())["address"]
        self.workers = [subprocess.Popen(
            [dask, "worker", self.address, "--nthreads", "1", "--no-nanny", "--no-dashboard",
             "--dashboard-address", "127.0.0.1:0", "--host", "127.0.0.1"],
            env={**os.environ, **env}, **quiet)
            for _ in range(workers)]
        from distributed import Client

        with Client(self.address, timeout=60) as client:
            client.wait_for_workers(workers, timeout=120)

    def close(self) -> None:
        for p in (*self.workers, self.scheduler):
            if p.poll() is None:
                p.kill()
            p.wait()


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Cluster, Path]]:
    """A scheduler with two workers; the first task either worker runs kills that worker."""
    tmp = tmp_path_factory.mktemp("dask-cluster")
    marker = tmp / "marker"
    marker.mkdir()
    c = Cluster(tmp, 2, {KILL_ONCE_ENV: str(marker)})
    yield c, marker
    c.close()


def test_worker_process_killed(cluster, fault_tables, reference, tmp_path: Path) -> None:
    """A ``dask worker`` process dies mid-unit: the scheduler gives its task to the other."""
    c, marker = cluster
    out = tmp_path / "out"
    report = run_batch(fault_tables, account="hours", out=out, scenarios=SCENARIOS,
                       scheduler="dask", address=c.address, cache_dir=tmp_path / "cache")
    assert (marker / "killed").exists()
    assert sum(w.poll() is not None for w in c.workers) == 1
    assert len(report.done) == len(reference) and not report.failed
    assert assert_clean(out, reference) == len(reference)


def test_scheduler_killed(cluster, fault_tables, reference, tmp_path: Path) -> None:
    """The scheduler process dies once the first unit is written: the driver stops in bounded
    time with a BatchError naming the units lost, no partial file is left, and a rerun
    completes (runs after test_worker_process_killed: it ends the cluster)."""
    c, _ = cluster
    assert c.scheduler.poll() is None
    out = tmp_path / "out"
    t0 = time.monotonic()
    status, result = run_driver(tmp_path, spec(fault_tables, out, "dask", address=c.address,
                                               kill_after=1, kill_pid=c.scheduler.pid))
    assert c.scheduler.wait(timeout=10) is not None
    assert time.monotonic() - t0 < 120
    written = assert_clean(out, reference)
    print(f"scheduler killed: status {status}, {written} units written, {result}")
    if status == 0:  # every task had finished before the scheduler went
        assert written == len(reference)
    else:
        assert (status, result["error"], result["interlabor"]) == (1, "BatchError", True)
        assert 0 < written < len(reference)
    assert_rerun_completes(fault_tables, out, reference, scheduler="sequential",
                           cache_dir=tmp_path / "cache")
