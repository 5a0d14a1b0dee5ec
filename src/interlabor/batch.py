"""Footprints of many tables (years) and scenarios, in parallel: local processes or Dask.

A *unit* is one (table, scenario) pair; its result, the footprint of one account by origin
region x consuming region (or by consuming region), is one Parquet file
``OUT/<table>/<scenario>.parquet``. A *task* is one table with the scenarios still to do: the
worker reads the table once (through the cache of converted tables,
:func:`interlabor.io.cache.cached_read`), builds the Leontief solver once and solves every
scenario's final demand in one block solve, so the factorisation (block inverses) is shared by
all scenarios of a year.

Guarantees
    * Results are written by the driver, each unit atomically (temporary file, then rename),
      so a unit's file is either complete or absent; a worker never writes a result.
    * A rerun skips units whose file exists (resume) and only does the rest.
    * A worker that dies mid-task loses nothing: its task is run again (local processes:
      up to ``retries`` times; Dask: the scheduler reschedules it, up to its
      ``allowed-failures``), and no partial file is left.
    * Before anything starts, each table's memory need is estimated (:func:`estimate_memory`)
      and compared with the memory each worker has; a table that would not fit stops the batch
      with :class:`~interlabor.errors.InsufficientMemoryError` naming the estimate.
    * Workers use one BLAS thread each (threadpoolctl, when installed), so that ``w`` workers
      use ``w`` cores; sequential runs keep the default. Results equal a sequential run to
      rounding (1e-12 relative).

Scenarios scale the final demand of consuming regions (all categories, and the direct account
of that final demand ``F_Y`` with it): ``{"name": "eu_plus10", "final_demand_scale": {"DEU":
1.1, "FRA": 1.1}}``; ``"*"`` scales every region not named. The baseline scenario scales
nothing.

Schedulers: ``"sequential"`` (this process), ``"processes"`` (a local process pool),
``"dask"`` (``dask.distributed``: a LocalCluster of ``workers`` processes, or an existing
cluster at ``address``; needs the ``dask`` extra). See ``docs/batch.md``.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from .errors import (
    BatchError,
    InsufficientMemoryError,
    InterlaborError,
    MissingDependencyError,
    OutputError,
    TableReadError,
)
from .io.atomic import output_folder
from .io.output import tidy
from .progress import Progress, notify

__all__ = [
    "BASELINE",
    "BatchReport",
    "MemoryEstimate",
    "DemandScenario",
    "WorkUnit",
    "estimate_memory",
    "load_scenarios",
    "plan_units",
    "run_batch",
    "run_table",
]

Scheduler = Literal["sequential", "processes", "dask"]
BatchBy = Literal["origin", "region"]
#: Set to a folder by tests: the first worker task to create ``<folder>/killed`` dies at once
#: (``os._exit``), to check that a dead worker loses nothing. Never set it otherwise.
KILL_ONCE_ENV = "INTERLABOR_BATCH_TEST_KILL_ONCE"
_BASE_BYTES = 300 << 20  # interpreter, numpy/scipy/pandas/pyarrow, the reader's buffers
_BATCH_MESSAGE = "footprints of (table, scenario) units"


# ---- scenarios and units --------------------------------------------------------------------
@dataclass(frozen=True)
class DemandScenario:
    """A change of final demand: consuming region -> factor (``"*"``: all others)."""

    name: str
    final_demand_scale: Mapping[str, float] = field(default_factory=dict)
    description: str = ""

    def factors(self, regions: Sequence[str]) -> np.ndarray:
        """Factor of each consuming region, shape (R,).

        Raises
        ------
        LabelMismatchError
            A region named in ``final_demand_scale`` is not in the table.
        """
        from .errors import LabelMismatchError

        scale = dict(self.final_demand_scale)
        default = float(scale.pop("*", 1.0))
        unknown = [r for r in scale if r not in set(regions)]
        if unknown:
            raise LabelMismatchError(
                f"scenario {self.name!r} scales region(s) {unknown[:5]} that the table does not "
                f"have; expected codes such as {list(regions)[:5]}",
                labels=unknown,
            )
        return np.array([float(scale.get(r, default)) for r in regions])


BASELINE = DemandScenario("baseline", {}, "final demand as published")


def load_scenarios(path: str | Path) -> list[DemandScenario]:
    """Read scenarios from JSON: a list of ``{"name", "final_demand_scale", ...}``.

    Parameters
    ----------
    path : str or Path
        A JSON file, or the JSON text itself (a string starting with ``[``).

    Raises
    ------
    TableReadError
        Not readable, not a list of objects with a unique, file-name-safe ``name``.
    """
    inline = isinstance(path, str) and path.lstrip().startswith("[")
    p = Path("--scenarios") if inline else Path(path)
    try:
        raw = json.loads(str(path) if inline else p.read_text(encoding="utf-8"))
        out = [
            DemandScenario(str(s["name"]), {str(k): float(v) for k, v in
                                      s.get("final_demand_scale", {}).items()},
                     str(s.get("description", "")))
            for s in raw
        ]
    except (OSError, ValueError, TypeError, KeyError, AttributeError) as exc:
        raise TableReadError(p, f"expected a JSON list of scenarios with a 'name' and an "
                             f"optional 'final_demand_scale' object ({exc})") from exc
    names = [s.name for s in out]
    bad = [n for n in names if not n or "/" in n or n.startswith(".") or names.count(n) > 1]
    if bad:
        raise TableReadError(p, f"scenario name {bad[0]!r} is empty, repeated, starts with '.' "
                             "or contains '/'; expected unique names usable as file names")
    return out


@dataclass(frozen=True)
class WorkUnit:
    """One (table, scenario) pair and the file of its result."""

    table: str
    path: str
    scenario: DemandScenario
    output: str

    @property
    def key(self) -> str:
        """``table/scenario``."""
        return f"{self.table}/{self.scenario.name}"


def plan_units(
    tables: Mapping[str, str | Path] | Sequence[str | Path],
    scenarios: Sequence[DemandScenario],
    out: str | Path,
) -> list[WorkUnit]:
    """Every (table, scenario) unit with its output ``OUT/<table>/<scenario>.parquet``.

    ``tables`` is a mapping label -> path, or a sequence of paths labelled by their file or
    folder name without suffix (which must then be unique).
    """
    if not isinstance(tables, Mapping):
        paths = [Path(t) for t in tables]
        labels = [p.name.split(".")[0] if p.is_file() else p.name for p in paths]
        dup = [lab for lab in labels if labels.count(lab) > 1]
        if dup:
            raise TableReadError(paths[labels.index(dup[0])],
                                 f"two tables are labelled {dup[0]!r}; give unique names")
        tables = dict(zip(labels, paths, strict=True))
    root = Path(out)
    return [
        WorkUnit(str(label), str(path), s, str(root / str(label) / f"{s.name}.parquet"))
        for label, path in tables.items()
        for s in scenarios
    ]


# ---- memory ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class MemoryEstimate:
    """Estimated peak memory of one task (bytes) and what it is based on."""

    bytes: int
    n: int
    nnz: int
    basis: str

    def __str__(self) -> str:
        return (f"about {self.bytes / 2**30:.2f} GiB (n = {self.n:,}, {self.nnz:,} non-zeros of "
                f"Z, {self.basis})")


def _need(n: int, nnz: int, regions: int, fd_cols: int, rhs: int) -> int:
    """Peak bytes of reading and solving: sparse Z/A/N/N' and their set-up, Y, blocks, X."""
    sectors = n // max(regions, 1)
    sparse = 72 * nnz  # Z, A, N, N' (12 B per entry) and the COO/sort buffers of set-up
    dense = 8 * n * (2 * fd_cols + 6 * rhs)  # Y (+ copy), right-hand sides, iterates
    blocks = 3 * 8 * regions * sectors * sectors  # domestic blocks, inverses, transposes
    return _BASE_BYTES + sparse + dense + blocks


def estimate_memory(path: str | Path, *, format: str | None = None,
                    cache_dir: str | Path | None = None, scenarios: int = 1) -> MemoryEstimate:
    """Estimate the peak memory of reading a table and solving its footprints, before reading it.

    The sizes come from :func:`interlabor.io.describe`: exact where they are recorded (an
    interlabor table folder, or the table's entry in the cache); for a pymrio folder, ``n``
    from the Parquet metadata or text header and the non-zeros of Z estimated (a text Z is
    read dense); otherwise a rough bound from the file size (dense Z, compressed up to 30x).

    Parameters
    ----------
    path : str or Path
    format : str, optional
    cache_dir : str or Path, optional
    scenarios : int
        Scenarios solved together (each adds ``R`` right-hand sides).

    Returns
    -------
    MemoryEstimate

    Raises
    ------
    TableReadError
        The path is missing, or ``format`` names no reader.
    """
    from .io import describe

    info = describe(path, format=format, cache_dir=cache_dir)
    n = info.n
    regions = info.regions or max(int(round(math.sqrt(n))), 1)  # unknown: R*K ~ n for Y
    fd_cols = regions * (info.categories or 5)
    need = _need(n, info.nnz, regions, fd_cols, regions * scenarios)
    if info.dense_read:
        need += 8 * n * n  # the dense Z the reader holds while reading
    if info.rough:
        need += 16 * info.size  # the reader's buffers, in proportion to the file
    return MemoryEstimate(need, n, info.nnz, info.basis)


def _available_memory() -> int:
    """MemAvailable from /proc/meminfo (Linux); else total physical memory."""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    except OSError:  # pragma: no cover - not Linux
        pass
    return int(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES"))


# ---- the task (runs in a worker) ------------------------------------------------------------
@contextlib.contextmanager
def _blas_threads(n: int | None) -> Iterator[None]:
    if n is None:
        yield
        return
    try:
        from threadpoolctl import threadpool_limits
    except ModuleNotFoundError:  # pragma: no cover - threadpoolctl is in the dask/test extras
        yield
        return
    with threadpool_limits(limits=n):
        yield


def _maybe_die() -> None:
    folder = os.environ.get(KILL_ONCE_ENV)
    if not folder:
        return
    try:
        fd = os.open(Path(folder) / "killed", os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    except FileExistsError:
        return
    os.close(fd)
    os._exit(70)  # a worker dying mid-unit (tests only)


def _footprints(mrio: Any, account: str, scenarios: Sequence[DemandScenario], by: BatchBy,
                max_rhs: int = 512) -> list[pd.DataFrame]:
    """Footprints of ``account`` for each scenario: the kernel's block solves of many RHS.

    Scenarios go to :func:`interlabor.kernel.flows_by_origin` as replacement final demands
    (and direct parts), ``max_rhs // R`` at a time, so that only their by-origin results stay.
    """
    from . import kernel

    acc = mrio.account(account)
    R = mrio.n_regions
    s = kernel.intensities(mrio, acc.values)
    direct = kernel.direct_by_region(mrio, acc.final_demand)
    base = mrio.Y_by_region
    factors = [sc.factors(mrio.regions) for sc in scenarios]
    per = max(1, max_rhs // max(R, 1))
    out = []
    for start in range(0, len(scenarios), per):
        chunk = factors[start:start + per]
        flows = kernel.flows_by_origin(mrio, s, [direct * f for f in chunk],
                                       Y=[base * f[None, :] for f in chunk], max_rhs=max_rhs)
        for M in flows:
            if by == "region":
                df = pd.DataFrame({"consumer_region": list(mrio.regions), "value": M.sum(axis=0)})
            else:
                df = pd.DataFrame({
                    "origin_region": np.repeat(np.array(mrio.regions, dtype=object), R),
                    "consumer_region": np.tile(np.array(mrio.regions, dtype=object), R),
                    "value": M.ravel(),
                })
            out.append(tidy(df, indicator="footprint" if by == "region" else "footprint_by_origin",
                            account=acc.key, unit=acc.unit, modelled=acc.modelled))
    return out


def run_table(
    path: str,
    scenarios: Sequence[DemandScenario],
    *,
    account: str,
    by: BatchBy = "origin",
    format: str | None = None,
    use_cache: bool = True,
    cache_dir: str | None = None,
    blas_threads: int | None = None,
    labour_data: str | None = None,
) -> list[pd.DataFrame]:
    """Read one table and compute the footprints of every scenario (a batch task).

    With ``labour_data`` (a folder with ``ilo/`` and ``wiod2016_sea/``), a WIOD 2013 table
    without an ``hours`` account gets interlabor's modelled labour accounts first
    (:func:`interlabor.accounts.labour_accounts`).

    Returns
    -------
    list of DataFrame
        One tidy table per scenario, in order, with the columns of
        :data:`interlabor.io.output.SCHEMA` (indicator ``footprint_by_origin``, or
        ``footprint`` with ``by="region"``), ``origin_region``, ``consumer_region`` (or only
        ``consumer_region`` with ``by="region"``) and ``value``.
    """
    import warnings

    with _blas_threads(blas_threads), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # validation notes were seen when the table was read
        if use_cache:
            from .io.cache import cached_read

            mrio = cached_read(path, format=format, cache_dir=cache_dir)
        else:
            from .io import read_table

            mrio = read_table(path, format=format)
        if labour_data is not None and not any(a.name == "hours" for a in mrio.accounts):
            from .accounts import labour_accounts

            mrio = mrio.with_accounts(labour_accounts(mrio, labour_data))
        _maybe_die()
        return _footprints(mrio, account, scenarios, by)


# ---- the driver -----------------------------------------------------------------------------
@dataclass
class BatchReport:
    """What a batch did: units done now, skipped (done before), failed; wall time."""

    total: int
    done: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0
    retried: int = 0


def _write(unit: WorkUnit, df: pd.DataFrame) -> None:
    from .io.atomic import output_folder
    from .io.output import atomic_write

    frame = tidy(df.assign(table=unit.table, scenario=unit.scenario.name))
    output_folder(Path(unit.output).parent)  # OUT/<table>, inside OUT made by run_batch
    try:
        atomic_write(unit.output, lambda t: frame.to_parquet(t, index=False))
    except OSError as exc:  # a full disk, a file-size limit, a folder that cannot be made
        raise OutputError(f"{unit.output}: cannot write the result of {unit.key} ({exc}); the "
                          "units written so far are kept, a rerun does the rest") from exc


def _make_out(out: str | Path) -> None:
    """Create the results folder (never its missing parents) before any work."""
    try:
        output_folder(out)
    except (OutputError, OSError) as exc:
        raise OutputError(f"{out}: cannot create the output folder ({exc}); nothing was "
                          "started") from exc


def _parse_bytes(text: str | int | None) -> int | None:
    if text is None or isinstance(text, int):
        return text
    units = {"": 1, "b": 1, "k": 1e3, "kb": 1e3, "m": 1e6, "mb": 1e6, "g": 1e9, "gb": 1e9,
             "t": 1e12, "tb": 1e12, "kib": 2**10, "mib": 2**20, "gib": 2**30, "tib": 2**40}
    s = str(text).strip().lower().replace(" ", "")
    num = s.rstrip("abcdefghijklmnopqrstuvwxyz")
    try:
        return int(float(num) * units[s[len(num):]])
    except (KeyError, ValueError):
        raise ValueError(f"memory limit {text!r}: expected e.g. 8GiB, 500MB or bytes") from None


def run_batch(
    tables: Mapping[str, str | Path] | Sequence[str | Path],
    *,
    account: str,
    out: str | Path,
    scenarios: Sequence[DemandScenario] | None = None,
    by: BatchBy = "origin",
    format: str | None = None,
    scheduler: Scheduler = "processes",
    workers: int | None = None,
    address: str | None = None,
    memory_limit: int | str | None = None,
    use_cache: bool = True,
    cache_dir: str | Path | None = None,
    retries: int = 2,
    progress: Progress | None = None,
    labour_data: str | Path | None = None,
) -> BatchReport:
    """Compute footprints for every (table, scenario) unit not done yet, in parallel.

    Parameters
    ----------
    tables : mapping label -> path, or sequence of paths
        Tables (e.g. one per year) in any format :func:`~interlabor.io.read_table` reads.
    account : str
        Account of every table (e.g. ``hours``).
    out : str or Path
        Results folder: ``OUT/<table>/<scenario>.parquet``, one file per unit. ``OUT`` is
        created if missing, its parent folder never is.
    scenarios : sequence of DemandScenario, optional
        Default: only :data:`BASELINE`.
    by : {"origin", "region"}
        Origin region x consuming region, or per consuming region.
    format : str, optional
        Reader name for every table.
    scheduler : {"sequential", "processes", "dask"}
    workers : int, optional
        Worker processes (default: the CPU count, at most the number of tasks); for Dask, the
        size of the LocalCluster made when no ``address`` is given.
    address : str, optional
        Scheduler address of an existing Dask cluster (``tcp://host:8786``).
    memory_limit : int or str, optional
        Memory of each worker (bytes, or ``"8GiB"``); default: available memory divided by
        the workers (local), the workers' own limit (Dask).
    use_cache, cache_dir
        Read tables through the cache of converted tables (:mod:`interlabor.io.cache`).
    retries : int
        Times a task is run again after its local worker process died.
    labour_data : str or Path, optional
        Build modelled labour accounts for WIOD 2013 tables without hours (see
        :func:`run_table`).
    progress : Progress, optional
        Told at the start and whenever a task's units are done (:mod:`interlabor.progress`:
        task ``"batch"``, unit ``"units"``, skipped units counting as done, ``eta`` in
        seconds from the pace of this run).

    Returns
    -------
    BatchReport

    Raises
    ------
    OutputError
        Before any work, when the parent folder of ``out`` is missing or ``out`` cannot be
        made; or when a result cannot be written (a full disk: the run stops; units written
        so far are complete and kept).
    InsufficientMemoryError
        Before any work, when a table's estimated need exceeds the memory of a worker.
    BatchError
        After all other units are done, when some failed (names each unit and its error).
    """
    from .io.atomic import check_parent

    t0 = time.perf_counter()
    scen = list(scenarios) if scenarios else [BASELINE]
    units = plan_units(tables, scen, out)
    try:  # OUT is made when work starts, its missing parents never
        check_parent(Path(out))
    except OutputError as exc:
        raise OutputError(f"{out}: cannot create the output folder ({exc}); nothing was "
                          "started") from exc
    report = BatchReport(total=len(units))
    pending: dict[str, list[WorkUnit]] = {}
    for u in units:
        if Path(u.output).is_file():
            report.skipped.append(u.key)
        else:
            pending.setdefault(u.path, []).append(u)
    notify(progress, "batch", _BATCH_MESSAGE, done=len(report.skipped), total=report.total,
           unit="units")
    if not pending:
        report.seconds = time.perf_counter() - t0
        return report
    cache = None if cache_dir is None else str(cache_dir)
    n_workers = 1 if scheduler == "sequential" else max(1, workers or os.cpu_count() or 1)
    if scheduler == "processes":
        n_workers = min(n_workers, len(pending))

    client: Any = None
    cluster: Any = None
    try:
        if scheduler == "dask":
            client, cluster = _dask_client(address, n_workers)
        limit = _parse_bytes(memory_limit)
        if limit is None:
            limit = (_dask_worker_memory(client) if scheduler == "dask"
                     else _available_memory() // n_workers)
        _check_memory(pending, limit, format, cache, len(scen))
        _make_out(out)

        kwargs = {"account": account, "by": by, "format": format, "use_cache": use_cache,
                  "cache_dir": cache, "blas_threads": None if scheduler == "sequential" else 1,
                  "labour_data": None if labour_data is None else str(labour_data)}
        started = len(report.skipped)

        def finished(us: list[WorkUnit], result: list[pd.DataFrame] | BaseException) -> None:
            if isinstance(result, BaseException):
                msg = f"{type(result).__name__}: {result}"
                for u in us:
                    report.failed[u.key] = msg
            else:
                for u, df in zip(us, result, strict=True):
                    _write(u, df)
                    report.done.append(u.key)
            done = len(report.done) + len(report.skipped) + len(report.failed)
            el = time.perf_counter() - t0
            rate = (done - started) / el if el > 0 else 0.0
            eta = (report.total - done) / rate if rate > 0 else None
            notify(progress, "batch", _BATCH_MESSAGE, done=done, total=report.total,
                   unit="units", eta=eta)

        if scheduler == "sequential":
            for path, us in pending.items():
                try:
                    res: list[pd.DataFrame] | BaseException = run_table(
                        path, [u.scenario for u in us], **kwargs)  # type: ignore[arg-type]
                except (InterlaborError, OSError, ValueError) as exc:
                    res = exc
                finished(us, res)
        elif scheduler == "processes":
            report.retried = _run_processes(pending, kwargs, n_workers, retries, finished)
        elif scheduler == "dask":
            _run_dask(client, pending, kwargs, finished)
        else:
            raise ValueError(f"unknown scheduler {scheduler!r}: expected sequential, processes "
                             "or dask")
    finally:
        if client is not None:
            client.close()
        if cluster is not None:
            cluster.close()
    report.seconds = time.perf_counter() - t0
    if report.failed:
        lines = "; ".join(f"{k}: {v}" for k, v in list(report.failed.items())[:5])
        written = len(report.done) + len(report.skipped)
        rest = ("nothing was written" if not written else
                f"the other {written} unit(s) are written, a rerun retries only the failed ones")
        what = (f"all {report.total}" if len(report.failed) == report.total
                else f"{len(report.failed)} of {report.total}")
        raise BatchError(f"{what} unit(s) failed ({lines}); {rest}", report.failed)
    return report


def _check_memory(pending: Mapping[str, list[WorkUnit]], limit: int | None, format: str | None,
                  cache: str | None, n_scen: int) -> None:
    if not limit:
        return
    for path, us in pending.items():
        est = estimate_memory(path, format=format, cache_dir=cache, scenarios=min(n_scen, 10))
        if est.bytes > limit:
            raise InsufficientMemoryError(
                f"table {us[0].table!r} ({path}) needs {est}, more than the {limit / 2**30:.2f} "
                "GiB each worker has; nothing was started. Use fewer workers, a larger "
                "--memory-limit, or a machine (Dask worker) with more memory",
                table=us[0].table, needed=est.bytes, available=limit,
            )


def _run_processes(pending: Mapping[str, list[WorkUnit]], kwargs: dict[str, Any], n_workers: int,
                   retries: int, finished: Callable[..., None]) -> int:
    """Run the tasks in a local process pool; a pool broken by a dead worker is replaced."""
    import multiprocessing as mp
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    todo = dict(pending)
    attempts = dict.fromkeys(todo, 0)
    retried = 0
    ctx = mp.get_context("spawn")
    while todo:
        with ProcessPoolExecutor(max_workers=min(n_workers, len(todo)), mp_context=ctx) as pool:
            futs = {pool.submit(run_table, path, [u.scenario for u in us], **kwargs): path
                    for path, us in todo.items()}
            broken = False
            while futs:
                done, _ = wait(futs, return_when=FIRST_COMPLETED)
                for f in done:
                    path = futs.pop(f)
                    res: list[pd.DataFrame] | BaseException
                    try:
                        res = f.result()
                    except BrokenProcessPool:
                        broken = True
                        attempts[path] += 1
                        if attempts[path] > retries:
                            finished(todo.pop(path), BatchError(
                                f"the worker process died {attempts[path]} times on this table"))
                        continue
                    except Exception as exc:  # noqa: BLE001 - reported per unit
                        res = exc
                    finished(todo.pop(path), res)
            if broken:
                retried += 1
    return retried


def _dask_client(address: str | None, n_workers: int) -> tuple[Any, Any]:
    try:
        from dask.distributed import Client, LocalCluster
    except ModuleNotFoundError as exc:
        raise MissingDependencyError(
            "the Dask scheduler needs dask.distributed, which is not installed: "
            "pip install 'interlabor[dask]'", name="dask") from exc
    if address:
        return Client(address), None
    # a port of its own for the scheduler's HTTP server: with None it takes 8787 and fails
    # (or warns) when another cluster holds that port
    cluster = LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True,
                           dashboard_address="127.0.0.1:0")  # no fixed port 8787
    return Client(cluster), cluster


def _dask_worker_memory(client: Any) -> int | None:
    limits = [w.get("memory_limit") or 0 for w in client.scheduler_info()["workers"].values()]
    limits = [x for x in limits if x > 0]
    return min(limits) if limits else None


def _run_dask(client: Any, pending: Mapping[str, list[WorkUnit]], kwargs: dict[str, Any],
              finished: Callable[..., None]) -> None:
    from dask.distributed import as_completed

    futs = {}
    for path, us in pending.items():
        f = client.submit(run_table, path, [u.scenario for u in us], pure=False, **kwargs)
        futs[f] = us
    for f in as_completed(list(futs)):
        res: list[pd.DataFrame] | BaseException
        try:
            res = f.result()
        except Exception as exc:  # noqa: BLE001 - KilledWorker and task errors, per unit
            res = exc
        finished(futs[f], res)
