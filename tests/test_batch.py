"""Batch runs over many tables and scenarios: schedulers agree, resume, faults, memory."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp

from interlabor.batch import (
    KILL_ONCE_ENV,
    DemandScenario,
    estimate_memory,
    load_scenarios,
    run_batch,
)
from interlabor.cli import main
from interlabor.errors import BatchError, InsufficientMemoryError, TableReadError
from interlabor.io.store import write_mrio
from interlabor.model import Account, build_mrio

SCENARIOS = [DemandScenario("baseline"), DemandScenario("r1_up", {"r1": 1.5}),
             DemandScenario("all_x2", {"*": 2.0})]


def small_table(seed: int, R: int = 3, S: int = 4, K: int = 2):
    rng = np.random.default_rng(seed)
    n = R * S
    Z = sp.random_array((n, n), density=0.4, rng=rng) * 10
    Y = rng.uniform(1, 20, (n, R * K))
    hours = rng.uniform(1, 100, n)
    return build_mrio(
        sp.csr_array(Z), Y, regions=[f"r{i}" for i in range(R)],
        sectors=[f"s{i}" for i in range(S)], categories=[f"c{i}" for i in range(K)],
        accounts=[Account("hours", "hours", hours, final_demand=rng.uniform(0, 5, R * K))],
        warn=False,
    )


@pytest.fixture
def tables(tmp_path: Path) -> dict[str, Path]:
    out = {}
    (tmp_path / "tables").mkdir()
    for year in (2001, 2002, 2003):
        out[str(year)] = write_mrio(small_table(year), tmp_path / "tables" / f"t{year}")
    return out


def read_all(out: Path) -> dict[str, pd.DataFrame]:
    return {str(p.relative_to(out)): pd.read_parquet(p) for p in sorted(out.rglob("*.parquet"))}


def assert_same(a: dict[str, pd.DataFrame], b: dict[str, pd.DataFrame], rtol: float) -> None:
    assert a.keys() == b.keys() and a
    for k in a:
        x, y = a[k], b[k]
        assert (x.drop(columns="value") == y.drop(columns="value")).all().all()
        scale = np.abs(y.value).max()
        assert np.abs(x.value - y.value).max() <= rtol * scale, k


def test_processes_equal_sequential_and_resume(tables, tmp_path: Path) -> None:
    seq, par = tmp_path / "seq", tmp_path / "par"
    r1 = run_batch(tables, account="hours", out=seq, scenarios=SCENARIOS, scheduler="sequential")
    assert len(r1.done) == 9 and not r1.skipped
    seen = []
    r2 = run_batch(tables, account="hours", out=par, scenarios=SCENARIOS, scheduler="processes",
                   workers=2, progress=seen.append)
    assert len(r2.done) == 9
    assert (seen[-1].done, seen[-1].total) == (9, 9) and seen[-1].eta == 0
    assert_same(read_all(seq), read_all(par), 1e-12)
    # scenarios: linear in final demand
    base = pd.read_parquet(seq / "2001" / "baseline.parquet")
    x2 = pd.read_parquet(seq / "2001" / "all_x2.parquet")
    np.testing.assert_allclose(x2.value, 2 * base.value, rtol=1e-12)
    assert set(base.columns) >= {"origin_region", "consumer_region", "value", "table",
                                 "scenario", "account", "unit"}
    # resume: nothing left to do; a removed unit is the only one redone
    (par / "2002" / "r1_up.parquet").unlink()
    r3 = run_batch(tables, account="hours", out=par, scenarios=SCENARIOS, scheduler="sequential")
    assert r3.done == ["2002/r1_up"] and len(r3.skipped) == 8


def test_baseline_matches_footprint(tables, tmp_path: Path) -> None:
    from interlabor.footprints import consumption_based
    from interlabor.io.store import read_mrio

    run_batch(tables, account="hours", out=tmp_path / "o", scheduler="sequential", by="region")
    got = pd.read_parquet(tmp_path / "o" / "2001" / "baseline.parquet")
    want = consumption_based(read_mrio(tables["2001"]), "hours", by="region")
    np.testing.assert_allclose(got.value, want.to_numpy(), rtol=1e-13)


def test_dead_worker_loses_nothing(tables, tmp_path: Path, monkeypatch) -> None:
    marker = tmp_path / "marker"
    marker.mkdir()
    monkeypatch.setenv(KILL_ONCE_ENV, str(marker))
    out = tmp_path / "out"
    report = run_batch(tables, account="hours", out=out, scenarios=SCENARIOS,
                       scheduler="processes", workers=2)
    assert (marker / "killed").exists() and report.retried >= 1
    assert len(report.done) == 9 and not report.failed
    assert not [p for p in out.rglob("*") if p.name.startswith(".")]  # no partial files
    monkeypatch.delenv(KILL_ONCE_ENV)
    ref = tmp_path / "ref"
    run_batch(tables, account="hours", out=ref, scenarios=SCENARIOS, scheduler="sequential")
    assert_same(read_all(out), read_all(ref), 1e-12)


def test_memory_checked_before_work(tables, tmp_path: Path) -> None:
    est = estimate_memory(tables["2001"])
    assert est.n == 12 and est.nnz > 0 and "recorded" in est.basis
    with pytest.raises(InsufficientMemoryError, match=r"needs about .* GiB \(n = 12") as err:
        run_batch(tables, account="hours", out=tmp_path / "o", memory_limit="1MB",
                  scheduler="sequential")
    assert err.value.needed > err.value.available == 10**6
    assert not (tmp_path / "o").exists()


def test_failed_units_reported_others_written(tables, tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text("not a table")
    with pytest.raises(BatchError, match="1 of 4 unit") as err:
        run_batch({**tables, "bad": bad}, account="hours", out=tmp_path / "o",
                  scheduler="sequential")
    assert list(err.value.failures) == ["bad/baseline"]
    assert len(list((tmp_path / "o").rglob("*.parquet"))) == 3


def test_load_scenarios(tmp_path: Path) -> None:
    f = tmp_path / "s.json"
    f.write_text(json.dumps([{"name": "a"}, {"name": "b", "final_demand_scale": {"r0": 2}}]))
    assert load_scenarios(f)[1].final_demand_scale == {"r0": 2.0}
    f.write_text(json.dumps([{"name": "a"}, {"name": "a"}]))
    with pytest.raises(TableReadError, match="repeated"):
        load_scenarios(f)
    with pytest.raises(Exception, match="does not have"):
        DemandScenario("x", {"XXX": 2}).factors(["r0"])


def test_cli_batch(tables, tmp_path: Path, capsys) -> None:
    args = ["batch", *map(str, tables.values()), "--account", "hours", "--out",
            str(tmp_path / "o"), "--scheduler", "sequential"]
    assert main(args) == 0
    assert "3 unit(s) done" in capsys.readouterr().out
    assert main(args) == 0
    cap = capsys.readouterr()
    assert "0 unit(s) done, 3 already done" in cap.out and "[3/3 units]" in cap.err
    args[args.index("--out") + 1] = str(tmp_path / "o2")
    assert main([*args, "--memory-limit", "1kB"]) == 1
    assert "InsufficientMemoryError" in capsys.readouterr().err
    assert main([*args, "--memory-limit", "lots"]) == 1
    assert "expected e.g. 8GiB" in capsys.readouterr().err


def test_dask_local_cluster_synthetic(tables, tmp_path: Path) -> None:
    pytest.importorskip("dask.distributed")
    seq, out = tmp_path / "seq", tmp_path / "dask"
    run_batch(tables, account="hours", out=seq, scenarios=SCENARIOS, scheduler="sequential")
    report = run_batch(tables, account="hours", out=out, scenarios=SCENARIOS, scheduler="dask",
                       workers=2)
    assert len(report.done) == 9
    assert_same(read_all(out), read_all(seq), 1e-12)


@pytest.mark.slow
def test_dask_local_cluster_equals_sequential(shared_data: Path, tmp_path: Path,
                                              monkeypatch) -> None:
    pytest.importorskip("dask.distributed")
    years = {str(y): shared_data / "wiod2013" / f"wiot_{y}.RData" for y in (1995, 2003, 2011)}
    seq = tmp_path / "seq"
    run_batch(years, account="value_added", out=seq, scheduler="sequential")
    marker = tmp_path / "marker"
    marker.mkdir()
    monkeypatch.setenv(KILL_ONCE_ENV, str(marker))  # one worker dies mid-unit
    out = tmp_path / "dask"
    report = run_batch(years, account="value_added", out=out, scheduler="dask", workers=2)
    assert (marker / "killed").exists()
    assert len(report.done) == 3 and not report.failed
    assert not [p for p in out.rglob("*") if p.name.startswith(".")]
    assert_same(read_all(out), read_all(seq), 1e-12)
