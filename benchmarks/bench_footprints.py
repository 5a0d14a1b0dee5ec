"""Benchmark: consumption-based footprints, interlabor against pymrio's ``calc_all``.

Tables (each written once to a temporary ``.npz`` that both libraries read):

* ``wiod2011``: WIOD 2013 release, 2011 (41 x 35 = 1,435), with a made-up ``hours`` account
  (seeded intensities by region and sector, and a final-demand part); only when
  ``../shared/data`` is present;
* ``synthetic``: :func:`synthetic.synthetic_mrio` 49 x 200 = 9,800 (EXIOBASE-sized, 3.5 %
  non-zero, 80 % domestic inputs), Z sparse.

For each table and method, a fresh subprocess (so that peak memory is per method):

* ``pymrio``: ``IOSystem(Z, Y)`` with an extension ``labour`` (F, F_Y), ``calc_all()``;
* ``interlabor``: ``build_mrio`` then ``consumption_based(..., by="region")`` and
  ``multipliers`` of the same account.

Each worker first runs its method once on a tiny table (lazy imports and first-call set-up are
not timed). Load (reading the .npz into arrays; densifying Z for pymrio) is timed apart from
compute (from arrays in memory to results, wrapping them in the library's objects included).
Peak memory is the worker's own high-water mark of resident memory (``VmHWM``; whole process:
interpreter, libraries, the table and the computation). The footprints by consuming region
(D_cba_reg, F_Y included) and the multipliers M are compared between the two.

Usage: ``python benchmarks/bench_footprints.py [--repeat N] [--skip-wiod] [--sizes R S]``.
Writes ``benchmarks/results/footprints.json``.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SHARED_WIOD = ROOT.parent / "shared" / "data" / "wiod2013" / "wiot_2011.RData"
RESULTS = HERE / "results" / "footprints.json"
TOL = 1e-9
ENV_KEYS = (
    "OPENBLAS_CORETYPE",
    "OPENBLAS_NUM_THREADS",
    "OMP_NUM_THREADS",
    "MKL_NUM_THREADS",
    "OPENBLAS_VERBOSE",
)


def _peak_mib() -> float:
    """Peak resident memory of this process, MiB.

    ``VmHWM`` from /proc (Linux): the high-water mark of this process image only. Not
    ``ru_maxrss``, which Linux carries over fork and exec, so that a worker would report its
    parent's peak (the parent holds the synthetic table when it starts the workers).
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    except OSError:  # pragma: no cover - not Linux
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # KiB on Linux


# ------------------------------------------------------------------------------------------------
# tables -> .npz
# ------------------------------------------------------------------------------------------------
def _made_up_hours(mrio: Any, seed: int = 2011) -> tuple[np.ndarray, np.ndarray]:
    """Hours for a table without them: intensity (hours per US$ million) by region x sector."""
    rng = np.random.default_rng(seed)
    R, S, K = mrio.n_regions, mrio.n_sectors, len(mrio.categories)
    intensity = rng.lognormal(np.log(8_000.0), 1.0, R).repeat(S) * rng.lognormal(0.0, 0.5, R * S)
    hours = np.where(mrio.x > 0, intensity * mrio.x, 0.0)
    fd = np.zeros((R, K))
    fd[:, 0] = 0.01 * hours.reshape(R, S).sum(axis=1)  # household-paid work, CONS_h
    return hours, fd.ravel()


def save_table(mrio: Any, F: np.ndarray, F_Y: np.ndarray, path: Path) -> None:
    """Write Z (dense or CSR parts), Y, x-free blocks, one account and labels to ``path``."""
    import scipy.sparse as sp

    arrays: dict[str, Any] = {
        "Y": np.asarray(mrio.Y),
        "F": np.asarray(F, dtype=np.float64),
        "F_Y": np.asarray(F_Y, dtype=np.float64),
        "regions": np.array(mrio.regions),
        "sectors": np.array(mrio.sectors),
        "categories": np.array(mrio.categories),
    }
    if sp.issparse(mrio.Z):
        Z = sp.csr_array(mrio.Z)
        arrays.update(Z_data=Z.data, Z_indices=Z.indices, Z_indptr=Z.indptr)
    else:
        arrays["Z"] = np.asarray(mrio.Z)
    np.savez(path, **arrays)


def prepare_tables(tmp: Path, sizes: tuple[int, int], skip_wiod: bool) -> list[dict[str, Any]]:
    """Write the benchmark tables and return their descriptions (incl. measured structure)."""
    sys.path.insert(0, str(HERE))
    from synthetic import synthetic_mrio, table_structure

    tiny = synthetic_mrio(3, 5, density=0.5, seed=1)
    save_table(tiny, tiny.account("hours").values, tiny.account("hours").final_demand,
               tmp / "tiny.npz")
    tables = []
    if not skip_wiod and SHARED_WIOD.is_file():
        from interlabor.io.wiod2013 import read_wiod2013_rdata

        m = read_wiod2013_rdata(SHARED_WIOD, warn=False)
        F, F_Y = _made_up_hours(m)
        path = tmp / "wiod2011.npz"
        save_table(m, F, F_Y, path)
        tables.append({
            "name": "wiod2011", "n": m.n, "regions": m.n_regions, "sectors": m.n_sectors,
            "path": str(path), "Z_format": "dense",
            "source": "WIOD 2013 release, wiot_2011.RData (../shared); hours made up (seed 2011)",
            "structure": table_structure(m),
        })
        del m
    elif not skip_wiod:
        print(f"note: {SHARED_WIOD} not found; WIOD 2011 skipped", file=sys.stderr)
    R, S = sizes
    m = synthetic_mrio(R, S, density=0.035, domestic_share=0.80, seed=0)
    acc = m.account("hours")
    path = tmp / "synthetic.npz"
    save_table(m, acc.values, acc.final_demand, path)
    tables.append({
        "name": "synthetic", "n": m.n, "regions": R, "sectors": S, "path": str(path),
        "Z_format": "csr",
        "source": "benchmarks/synthetic.py synthetic_mrio(density=0.035, domestic_share=0.80, "
                  "seed=0)",
        "structure": table_structure(m),
    })
    return tables


# ------------------------------------------------------------------------------------------------
# workers (run in their own process)
# ------------------------------------------------------------------------------------------------
def _load(path: str, dense: bool) -> dict[str, Any]:
    with np.load(path) as f:
        d = {k: f[k] for k in f.files}
    if "Z_data" in d:
        import scipy.sparse as sp

        n = d["Y"].shape[0]
        Z = sp.csr_array((d.pop("Z_data"), d.pop("Z_indices"), d.pop("Z_indptr")), shape=(n, n))
        d["Z"] = Z.toarray() if dense else Z
    d["regions"] = [str(r) for r in d["regions"]]
    d["sectors"] = [str(s) for s in d["sectors"]]
    d["categories"] = [str(c) for c in d["categories"]]
    return d


def worker_pymrio(d: dict[str, Any]) -> tuple[np.ndarray, np.ndarray, dict[str, float]]:
    import pandas as pd
    import pymrio

    t0 = time.perf_counter()
    idx = pd.MultiIndex.from_product([d["regions"], d["sectors"]], names=["region", "sector"])
    fdx = pd.MultiIndex.from_product([d["regions"], d["categories"]], names=["region", "category"])
    io = pymrio.IOSystem(
        Z=pd.DataFrame(d["Z"], index=idx, columns=idx, copy=False),
        Y=pd.DataFrame(d["Y"], index=idx, columns=fdx, copy=False),
        unit=pd.DataFrame({"unit": ["USD million"] * len(idx)}, index=idx),
        name="bench",
    )
    io.labour = pymrio.Extension(
        name="labour",
        F=pd.DataFrame(d["F"][None, :], index=pd.Index(["hours"], name="stressor"), columns=idx),
        F_Y=pd.DataFrame(d["F_Y"][None, :], index=pd.Index(["hours"], name="stressor"),
                         columns=fdx),
        unit=pd.DataFrame({"unit": ["hours"]}, index=pd.Index(["hours"], name="stressor")),
    )
    io.calc_all()
    cba = io.labour.D_cba_reg.loc["hours"].reindex(d["regions"]).to_numpy()
    M = io.labour.M.loc["hours"].reindex(idx).to_numpy()
    return cba, M, {"compute_s": time.perf_counter() - t0}


def worker_interlabor(d: dict[str, Any]) -> tuple[np.ndarray, np.ndarray, dict[str, float]]:
    from interlabor.footprints import consumption_based, multipliers, solver
    from interlabor.model import Account, build_mrio

    t0 = time.perf_counter()
    m = build_mrio(
        d["Z"], d["Y"], regions=d["regions"], sectors=d["sectors"], categories=d["categories"],
        accounts=[Account("hours", "hours", d["F"], final_demand=d["F_Y"], extension="labour")],
        warn=False,
    )
    t1 = time.perf_counter()
    cba = consumption_based(m, "labour/hours", by="region").to_numpy()
    M = multipliers(m, ["labour/hours"]).to_numpy()[0]
    t2 = time.perf_counter()
    s = solver(m)
    return cba, M, {
        "compute_s": t2 - t0, "build_s": t1 - t0, "footprints_s": t2 - t1,
        "solver_method": s.method, "iterations": s.info.iterations,  # type: ignore[dict-item]
    }


def run_worker(method: str, table: str, out: str) -> None:
    from threadpoolctl import threadpool_info

    fn = worker_pymrio if method == "pymrio" else worker_interlabor
    # warm-up on a tiny table: lazy imports and first-call set-up are not timed, for either
    fn(_load(str(Path(table).with_name("tiny.npz")), dense=(method == "pymrio")))
    t0 = time.perf_counter()
    d = _load(table, dense=(method == "pymrio"))
    load_s = time.perf_counter() - t0
    peak_load = _peak_mib()
    cba, M, info = fn(d)
    res = {
        "method": method, "load_s": load_s, "peak_after_load_mib": peak_load,
        "peak_mib": _peak_mib(), **info, "threadpool": threadpool_info(),
    }
    np.savez(out + ".npz", cba=cba, M=M)
    Path(out + ".json").write_text(json.dumps(res))


# ------------------------------------------------------------------------------------------------
# driver
# ------------------------------------------------------------------------------------------------
def _spawn(method: str, table: dict[str, Any], tmp: Path, rep: int) -> dict[str, Any]:
    out = str(tmp / f"{table['name']}-{method}-{rep}")
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(ROOT / "src"), str(HERE)] + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else [])
    )
    t0 = time.perf_counter()
    subprocess.run(
        [sys.executable, __file__, "--worker", method, "--table", table["path"], "--out", out],
        check=True, env=env,
    )
    res = json.loads(Path(out + ".json").read_text())
    res["wall_s"] = time.perf_counter() - t0
    with np.load(out + ".npz") as f:
        res["_cba"], res["_M"] = f["cba"], f["M"]
    return res


def _rel_diff(a: np.ndarray, b: np.ndarray) -> float:
    """max |a - b| / max(|b|, 1e-12 max|b|): relative, but not blown up by exact zeros."""
    floor = 1e-12 * max(float(np.abs(b).max()), np.finfo(float).tiny)
    return float((np.abs(a - b) / np.maximum(np.abs(b), floor)).max())


def blas_info() -> dict[str, Any]:
    import pymrio
    import scipy
    import scipy.linalg  # noqa: F401  (loads scipy's own OpenBLAS, used by lu_factor)
    from threadpoolctl import threadpool_info

    return {
        "threadpool": threadpool_info(),
        "env": {k: os.environ.get(k) for k in ENV_KEYS},
        "cpu_count": os.cpu_count(),
        "cpu_affinity": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "machine": platform.machine(),
        "processor": platform.processor(),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "pymrio": pymrio.__version__,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--worker", choices=["pymrio", "interlabor"], help=argparse.SUPPRESS)
    ap.add_argument("--table", help=argparse.SUPPRESS)
    ap.add_argument("--out", help=argparse.SUPPRESS)
    ap.add_argument("--repeat", type=int, default=2, help="runs per method and table (best kept)")
    ap.add_argument("--sizes", type=int, nargs=2, default=(49, 200), metavar=("R", "S"))
    ap.add_argument("--skip-wiod", action="store_true")
    ap.add_argument("--results", type=Path, default=RESULTS)
    args = ap.parse_args(argv)
    if args.worker:
        run_worker(args.worker, args.table, args.out)
        return 0

    sys.path.insert(0, str(ROOT / "src"))
    info = blas_info()
    tp = info["threadpool"]
    print("BLAS:", "; ".join(
        f"{t.get('internal_api')} {t.get('version')} ({t.get('architecture')}, "
        f"{t.get('num_threads')} threads, {Path(t.get('filepath', '')).name})" for t in tp
    ), "| OPENBLAS_CORETYPE =", info["env"]["OPENBLAS_CORETYPE"], "| CPUs:", info["cpu_count"])
    rows, ok = [], True
    with tempfile.TemporaryDirectory(prefix="interlabor-bench-") as tmpd:
        tmp = Path(tmpd)
        tables = prepare_tables(tmp, tuple(args.sizes), args.skip_wiod)
        for t in tables:
            st = t["structure"]
            print(f"\n{t['name']}: n = {t['n']}, zeros {st['zero_share']:.1%}, domestic inputs "
                  f"{st['domestic_input_share']:.1%}, rho(A) {st['spectral_radius']:.3f}, "
                  f"{st['zero_output']:.0f} zero-output sectors, "
                  f"{st['negative_final_demand']:.0f} negative final-demand entries")
            runs: dict[str, list[dict[str, Any]]] = {"pymrio": [], "interlabor": []}
            for rep in range(args.repeat):
                for method in ("interlabor", "pymrio"):
                    r = _spawn(method, t, tmp, rep)
                    runs[method].append(r)
                    print(f"  {method:10s} run {rep + 1}: load {r['load_s']:.2f} s, compute "
                          f"{r['compute_s']:.2f} s, peak {r['peak_mib']:.0f} MiB")
            best = {k: min(v, key=lambda r: r["compute_s"]) for k, v in runs.items()}
            p, i = best["pymrio"], best["interlabor"]
            agree = {
                "D_cba_reg_max_rel_diff": _rel_diff(i["_cba"], p["_cba"]),
                "M_max_rel_diff": _rel_diff(i["_M"], p["_M"]),
            }
            agree["within_tolerance"] = max(agree.values()) <= TOL  # type: ignore[assignment]
            ok &= bool(agree["within_tolerance"])
            for name, r in best.items():
                rows.append({
                    "table": t["name"], "method": name, "n": t["n"],
                    "load_s": r["load_s"], "compute_s": r["compute_s"],
                    "compute_s_all_runs": [x["compute_s"] for x in runs[name]],
                    "peak_mib": r["peak_mib"], "peak_after_load_mib": r["peak_after_load_mib"],
                    **{k: r[k] for k in ("build_s", "footprints_s", "solver_method", "iterations")
                       if k in r},
                })
            t["agreement"] = agree
            t["ratio_time_pymrio_over_interlabor"] = p["compute_s"] / i["compute_s"]
            t["ratio_peak_pymrio_over_interlabor"] = p["peak_mib"] / i["peak_mib"]
            t["worker_threadpool"] = i["threadpool"]

    print(f"\n{'table':10s} {'method':10s} {'n':>6s} {'load s':>8s} {'compute s':>10s} "
          f"{'peak MiB':>9s}")
    for r in rows:
        print(f"{r['table']:10s} {r['method']:10s} {r['n']:6d} {r['load_s']:8.2f} "
              f"{r['compute_s']:10.3f} {r['peak_mib']:9.0f}")
    print(f"\n{'table':10s} {'time pymrio/interlabor':>23s} {'peak pymrio/interlabor':>23s} "
          f"{'max rel diff D_cba_reg':>23s} {'max rel diff M':>15s}")
    for t in tables:
        a = t["agreement"]
        print(f"{t['name']:10s} {t['ratio_time_pymrio_over_interlabor']:23.1f} "
              f"{t['ratio_peak_pymrio_over_interlabor']:23.1f} "
              f"{a['D_cba_reg_max_rel_diff']:23.2e} {a['M_max_rel_diff']:15.2e}")
    print(f"\nagreement within {TOL:g} relative: {'yes' if ok else 'NO'}")

    for t in tables:
        t.pop("path", None)
    doc = {
        "benchmark": "consumption-based footprints (D_cba_reg) and multipliers: interlabor vs "
                     "pymrio calc_all",
        "date": _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
        "note": "timings on a shared 2-core machine (other jobs running); best of "
                f"{args.repeat} runs per method; peak = worker VmHWM (resident high-water mark)",
        "tolerance": TOL,
        "environment": info,
        "tables": tables,
        "results": rows,
    }
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text(json.dumps(doc, indent=2, default=str) + "\n")
    print(f"written {args.results}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
