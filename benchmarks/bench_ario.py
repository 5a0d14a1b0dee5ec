"""Benchmark: a year of daily ARIO steps, interlabor against BoARIO 0.7.2, same table, same path.

Table: :func:`synthetic.synthetic_mrio` 49 x 200 = 9,800 (EXIOBASE-sized, 3.5 % non-zero),
through :func:`interlabor.shocks.ario.prepare_table` (negative final demand to zero, gross
output recomputed), written once to a temporary ``.npz`` that both read. Parameters: BoARIO's
defaults in every sector (inventories 90 days, restoration 60 days, capital 4 x value added,
psi 0.8, alpha 1 -> 1.25 over 365 days), ``order_type="alt"``. Event: capital destroyed in
three industries on day 5 (a tenth to a third of their capital), for 3 days, then either
recovered linearly over 90 days (``--event recover``: BoARIO's ``EventKapitalRecover``) or
rebuilt through reconstruction demand (``--event rebuild``: ``EventKapitalRebuild``, 60 days,
to 10 sectors).

Each library runs in a fresh subprocess (peak memory per library, ``VmHWM`` of the worker),
after a warm-up on a tiny table. *Setup* is from arrays in memory to a model ready to step
(BoARIO: ``IOSystem`` + ``ARIOPsiModel`` + ``Simulation`` + the event; interlabor:
``build_mrio``, the parameters, the event); *run* the daily steps (BoARIO: ``Simulation.loop``;
interlabor: ``ario.simulate``, which also prepares its arrays). The daily production and final
demand not met are compared: max over days and cells of ``|a - b| / baseline`` of the cell.

BoARIO's cost per day is the same every day (dense ``n x n`` arrays whatever the state), so
``--boario-days N`` runs it for the first N days only (a year of it takes hours on a shared
2-core machine); the paths are then compared over those days (interlabor's first N days do not
depend on how long it runs) and times per simulated day.

Usage: ``python benchmarks/bench_ario.py [--days 365] [--boario-days N] [--sizes 49 200]
[--event recover]``; ``--only interlabor`` skips BoARIO. Writes
``benchmarks/results/ario.json``.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results" / "ario.json"
sys.path.insert(0, str(HERE))

from bench_footprints import _load, _peak_mib, blas_info  # noqa: E402

REBUILDING = 10       # the first sectors rebuild (equal shares)


def _damage(d: dict[str, Any]) -> dict[tuple[str, str], float]:
    """Capital destroyed in three industries (a tenth to a third of their capital: value
    added x 4), placed at fixed fractions of the regions and sectors (the next industry with
    value added where one has none)."""
    Z, Y = d["Z"], d["Y"]
    S, n = len(d["sectors"]), Y.shape[0]
    x = np.asarray(Z.sum(axis=1)).ravel() + Y.sum(axis=1)
    va = x - np.asarray(Z.sum(axis=0)).ravel()
    out = {}
    for fr, fs, share in ((0.07, 0.06, 0.3), (0.35, 0.2, 0.1), (0.61, 0.75, 0.2)):
        i = int(fr * len(d["regions"])) * S + int(fs * S)
        while va[i] <= 0:
            i = (i + 1) % n
        out[(d["regions"][i // S], d["sectors"][i % S])] = share * 4.0 * float(va[i])
    return out


def save(mrio: Any, path: Path) -> None:
    """Z (CSR parts), Y and labels of a table, for the workers."""
    import scipy.sparse as sp

    Z = sp.csr_array(mrio.Z)
    np.savez(path, Y=np.asarray(mrio.Y), regions=np.array(mrio.regions),
             sectors=np.array(mrio.sectors), categories=np.array(mrio.categories),
             Z_data=Z.data, Z_indices=Z.indices, Z_indptr=Z.indptr)


def worker_boario(d: dict[str, Any], days: int, event: str) -> tuple[np.ndarray, np.ndarray,
                                                                     dict[str, float]]:
    import pandas as pd
    import pymrio
    from boario import event as bev
    from boario.extended_models import ARIOPsiModel
    from boario.simulation import Simulation

    t0 = time.perf_counter()
    idx = pd.MultiIndex.from_product([d["regions"], d["sectors"]], names=["region", "sector"])
    fdx = pd.MultiIndex.from_product([d["regions"], d["categories"]],
                                     names=["region", "category"])
    io = pymrio.IOSystem(Z=pd.DataFrame(d["Z"], index=idx, columns=idx, copy=False),
                         Y=pd.DataFrame(d["Y"], index=idx, columns=fdx, copy=False), name="bench")
    io.x = pymrio.calc_x(io.Z, io.Y)
    io.A = pymrio.calc_A(io.Z, io.x)
    out_dir = tempfile.mkdtemp(prefix="boario-bench-")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = ARIOPsiModel(io, order_type="alt", monetary_factor=10**6,
                             productive_capital_to_VA_dict={s: 4.0 for s in d["sectors"]})
        sim = Simulation(model, n_temporal_units_to_sim=days, boario_output_dir=out_dir)
        dmg = pd.Series(_damage(d))
        dmg.index = pd.MultiIndex.from_tuples(dmg.index, names=["region", "sector"])
        kw: dict[str, Any] = dict(occurrence=5, duration=3, event_monetary_factor=10**6)
        if event == "recover":
            ev = bev.from_series(dmg, event_type="recovery", recovery_tau=90, **kw)
        else:
            ev = bev.from_series(dmg, event_type="rebuild", rebuild_tau=60, rebuilding_sectors={
                s: 1 / REBUILDING for s in d["sectors"][:REBUILDING]}, **kw)
        sim.add_event(ev)
        t1 = time.perf_counter()
        sim.loop()
        t2 = time.perf_counter()
    prod = sim.production_realised.reindex(columns=idx).to_numpy()
    unmet = sim.final_demand_unmet.reindex(columns=idx).to_numpy()
    return prod, unmet, {"setup_s": t1 - t0, "run_s": t2 - t1, "crashed": sim.has_crashed}


def worker_interlabor(d: dict[str, Any], days: int, event: str) -> tuple[np.ndarray, np.ndarray,
                                                                         dict[str, float]]:
    from interlabor.model import build_mrio
    from interlabor.shocks import ario
    from interlabor.shocks.ario_params import ARIOParams

    t0 = time.perf_counter()
    m = build_mrio(d["Z"], d["Y"], regions=d["regions"], sectors=d["sectors"],
                   categories=d["categories"], warn=False)
    S = len(d["sectors"])
    share = np.r_[np.full(REBUILDING, 1 / REBUILDING), np.zeros(S - REBUILDING)]
    params = ARIOParams.uniform(m.sectors, rebuilding_share=share)
    dmg = _damage(d)
    ev: Any = (ario.CapitalRecover(dmg, recovery_days=90, start=5, duration=3)
               if event == "recover" else
               ario.CapitalRebuild(dmg, start=5, duration=3, rebuild_tau=60))
    t1 = time.perf_counter()
    res = ario.simulate(m, [ev], days, params=params)
    t2 = time.perf_counter()
    return res.production, res.final_demand_unmet, {"setup_s": t1 - t0, "run_s": t2 - t1}


def run_worker(method: str, table: str, out: str, days: int, event: str) -> None:
    fn = worker_boario if method == "boario" else worker_interlabor
    dense = method == "boario"
    fn(_load(str(Path(table).with_name("tiny.npz")), dense=dense), 12, event)   # warm-up
    t0 = time.perf_counter()
    d = _load(table, dense=dense)
    load_s = time.perf_counter() - t0
    peak_load = _peak_mib()
    prod, unmet, info = fn(d, days, event)
    res = {"method": method, "load_s": load_s, "peak_after_load_mib": peak_load,
           "peak_mib": _peak_mib(), **info}
    np.savez(out + ".npz", production=prod, unmet=unmet)
    Path(out + ".json").write_text(json.dumps(res))


def _spawn(method: str, table: Path, tmp: Path, days: int, event: str) -> dict[str, Any]:
    out = str(tmp / method)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(ROOT / "src"), str(HERE)] + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else []))
    t0 = time.perf_counter()
    subprocess.run([sys.executable, __file__, "--worker", method, "--table", str(table),
                    "--out", out, "--days", str(days), "--event", event], check=True, env=env)
    res = json.loads(Path(out + ".json").read_text())
    res["wall_s"] = time.perf_counter() - t0
    with np.load(out + ".npz") as f:
        res["_production"], res["_unmet"] = f["production"], f["unmet"]
    return res


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--days", type=int, default=365)
    ap.add_argument("--sizes", type=int, nargs=2, default=(49, 200), metavar=("R", "S"))
    ap.add_argument("--boario-days", type=int, default=None,
                    help="days BoARIO runs (default: --days)")
    ap.add_argument("--event", choices=("recover", "rebuild"), default="recover")
    ap.add_argument("--only", choices=("interlabor", "boario"))
    ap.add_argument("--worker", choices=("interlabor", "boario"), help=argparse.SUPPRESS)
    ap.add_argument("--table", help=argparse.SUPPRESS)
    ap.add_argument("--out", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        run_worker(args.worker, args.table, args.out, args.days, args.event)
        return 0

    from interlabor.shocks.ario import prepare_table
    from synthetic import synthetic_mrio, table_structure

    R, S = args.sizes
    methods = [m for m in ("interlabor", "boario") if args.only in (None, m)]
    with tempfile.TemporaryDirectory(prefix="bench-ario-") as tmpdir:
        tmp = Path(tmpdir)
        mrio = prepare_table(synthetic_mrio(R, S, seed=0))
        structure = table_structure(mrio)
        save(mrio, tmp / "table.npz")
        save(prepare_table(synthetic_mrio(4, 20, seed=1)), tmp / "tiny.npz")
        baseline = np.asarray(mrio.x) / 365
        del mrio
        days = {"interlabor": args.days, "boario": args.boario_days or args.days}
        runs = {m: _spawn(m, tmp / "table.npz", tmp, days[m], args.event) for m in methods}
    report: dict[str, Any] = {
        "date": _dt.date.today().isoformat(), "days": days, "event": args.event,
        "table": {"regions": R, "sectors": S, "n": R * S, **structure},
        "cpu_count": os.cpu_count(), "blas": blas_info(),
        "versions": _versions(), "runs": {}}
    for m, r in runs.items():
        report["runs"][m] = {k: v for k, v in r.items() if not k.startswith("_")}
        report["runs"][m]["run_s_per_day"] = r["run_s"] / days[m]
    if len(runs) == 2:
        a, b = runs["interlabor"], runs["boario"]
        N = days["boario"]
        a["_production"], a["_unmet"] = a["_production"][:N], a["_unmet"][:N]
        scale = np.where(baseline > 0, baseline, 1.0)[None, :]
        fd = np.abs(b["_unmet"]).max(axis=0, keepdims=True)
        report["comparison"] = {
            "max_rel_diff_production": float((np.abs(a["_production"] - b["_production"])
                                              / scale).max()),
            "max_rel_diff_final_demand_unmet": float(np.abs(a["_unmet"] - b["_unmet"]).max()
                                                      / max(float(fd.max()), 1e-300)),
            "loss_interlabor": float((baseline[None, :] - a["_production"]).sum()),
            "loss_boario": float((baseline[None, :] - b["_production"]).sum()),
            "days_compared": N,
            "time_ratio_per_day": (b["run_s"] / N) / (a["run_s"] / days["interlabor"]),
            "boario_year_estimate_s": b["setup_s"] + b["run_s"] / N * days["interlabor"],
            "time_ratio_year": (b["setup_s"] + b["run_s"] / N * days["interlabor"])
                               / (a["setup_s"] + a["run_s"]),
            "peak_ratio": b["peak_mib"] / a["peak_mib"],
        }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2, default=str))
    for m, r in report["runs"].items():
        print(f"{m:10s} {days[m]:4d} days: setup {r['setup_s']:8.2f} s  run {r['run_s']:9.2f} s"
              f" ({r['run_s_per_day']:.3f} s/day)  peak {r['peak_mib']:8.0f} MiB")
    if "comparison" in report:
        c = report["comparison"]
        print(f"BoARIO / interlabor: time per day {c['time_ratio_per_day']:.1f}x, a year "
              f"{c['time_ratio_year']:.1f}x, peak memory {c['peak_ratio']:.1f}x; over {N} days "
              f"max rel diff production {c['max_rel_diff_production']:.2e}, final demand "
              f"not met {c['max_rel_diff_final_demand_unmet']:.2e}")
        return 0 if c["max_rel_diff_production"] < 1e-6 else 1
    return 0


def _versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for pkg in ("numpy", "scipy", "pandas", "pymrio", "boario"):
        try:
            out[pkg] = version(pkg)
        except PackageNotFoundError:
            out[pkg] = "absent"
    return out


if __name__ == "__main__":
    sys.exit(main())
