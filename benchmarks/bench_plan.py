"""Planner speed: HiGHS (highspy, the model built directly) against scipy's ``linprog``.

Instances: the bundled WIOD 2011 table (41 x 35) with the default scenario, and a synthetic
EXIOBASE-shaped table (49 x 200, :func:`synthetic.synthetic_mrio`) with 30 % of sectors
non-tradable, with and without the sourcing-share bound. ``linprog`` gets the same LP (it
calls HiGHS too, through scipy's own copy; the comparison measures the interfaces and the
formulation handed over).

Run: ``PYTHONPATH=src python benchmarks/bench_plan.py [--skip-linprog] [--small]``; results go
to ``benchmarks/results/plan.json``.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import sys
import time
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from scipy.optimize import linprog

sys.path.insert(0, str(Path(__file__).resolve().parent))
from interlabor.planning import PlanScenario, build_lp, plan_data, solve_lp  # noqa: E402
from synthetic import synthetic_mrio  # noqa: E402


def linprog_solve(lp, time_limit: float) -> dict:
    M = sp.csr_array(lp.M)
    eq = np.isfinite(lp.row_lo) & np.isfinite(lp.row_hi) & (lp.row_lo == lp.row_hi)
    up = np.isfinite(lp.row_hi) & ~eq
    lo = np.isfinite(lp.row_lo) & ~eq
    A_ub = sp.vstack([M[up], -M[lo]]).tocsr()
    b_ub = np.concatenate([lp.row_hi[up], -lp.row_lo[lo]])
    bounds = np.column_stack([lp.lo, np.where(np.isfinite(lp.hi), lp.hi, np.inf)])
    t0 = time.perf_counter()
    res = linprog(lp.c, A_ub=A_ub, b_ub=b_ub, A_eq=M[eq], b_eq=lp.row_lo[eq], bounds=bounds,
                  method="highs-ipm", options={"time_limit": time_limit})
    secs = time.perf_counter() - t0
    return {"seconds": secs, "status": res.message,
            "objective": float(res.fun + lp.offset) if res.x is not None else None}


def backend_run(lp, method: str, time_limit: float, threads: int | None) -> dict:
    """Time one method (HiGHS ``ipm``/``simplex``/``pdlp`` or ``ortools-pdlp``);
    ``"pdlp:1e-3"`` sets the tolerance (HiGHS ``kkt_tolerance``) to 1e-3, ``"ipm:nocrossover"``
    runs interior point without crossover (no basis)."""
    method, _, tol = method.partition(":")
    if tol == "nocrossover":
        opts: dict | None = {"run_crossover": "off"}
    else:
        opts = {"kkt_tolerance": float(tol)} if tol else None
    try:
        s = solve_lp(lp, method=method, time_limit=time_limit, threads=threads, options=opts)
    except Exception as exc:  # report and go on, with what a first-order method reached
        return {"error": f"{type(exc).__name__}: {exc}", **getattr(exc, "info", {})}
    today = float(lp.c @ lp.today + lp.offset)
    out = {"seconds": s.seconds, "status": s.status, "objective": s.objective,
           "saved_share": 1 - s.objective / today,
           "iterations": {k: v for k, v in s.iterations.items() if v}}
    out.update(s.info)
    return out


def run(name: str, mrio, sc: PlanScenario, do_linprog: bool, time_limit: float,
        methods: tuple[str, ...] = ("ipm",), threads: int | None = None) -> dict:
    t0 = time.perf_counter()
    data = plan_data(mrio, sc)
    lp = build_lp(data, sc)
    build = time.perf_counter() - t0
    out = {"instance": name, "rows": lp.shape[0], "columns": lp.shape[1], "nnz": int(lp.M.nnz),
           "shipment_columns": int(lp.q_o.size),
           "shipments_before_reduction": mrio.n_regions ** 2 * mrio.n_sectors,
           "build_seconds": build, "delta": sc.delta}
    for method in methods:
        key = "highspy" if method == "ipm" else f"highspy_{method.replace(':', '_tol')}"
        key = key.replace("_tolnocrossover", "_nocrossover")
        if method.startswith("ortools"):
            key = method.replace(":", "_tol").replace("-", "_")
        out[key] = backend_run(lp, method, time_limit, threads)
        out["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"  {name}: {key} {out[key]}", flush=True)
    if do_linprog:
        out["linprog_highs_ipm"] = linprog_solve(lp, time_limit)
    print(json.dumps(out), flush=True)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--skip-linprog", action="store_true")
    ap.add_argument("--small", action="store_true", help="only the bundled table")
    ap.add_argument("--time-limit", type=float, default=600)
    ap.add_argument("--methods", default="ipm,pdlp",
                    help="methods to time, comma-separated (ipm, ipm:nocrossover, simplex, "
                    "pdlp, ortools-pdlp; pdlp:1e-3 sets the tolerance)")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--deltas", default="none,0.1",
                    help="sourcing-share bounds of the synthetic instance (none or a number)")
    ap.add_argument("--large", action="store_true",
                    help="only the 70 x 290 synthetic instance (about 10^6 variables) with the "
                    "first-order backends (--large-methods)")
    ap.add_argument("--large-methods", default="ortools-pdlp:1e-4,pdlp:1e-4")
    args = ap.parse_args()
    methods = tuple(args.methods.split(","))
    from interlabor.io import load_default

    if args.large:
        t0 = time.perf_counter()
        big = synthetic_mrio(70, 290, seed=0)
        print(f"synthetic table built in {time.perf_counter() - t0:.1f} s", flush=True)
        sc = PlanScenario(non_tradable=tuple(big.sectors[203:]), delta=0.1, persons_account="hours")
        results = [run("synthetic 70 x 290, 30 % non-tradable, delta 0.1", big, sc, False,
                       args.time_limit, tuple(args.large_methods.split(",")), args.threads)]
    else:
        results = [run("WIOD 2011 (41 x 35), defaults", load_default(), PlanScenario(),
                       not args.skip_linprog, args.time_limit, methods, args.threads)]
    if not args.small and not args.large:
        t0 = time.perf_counter()
        syn = synthetic_mrio(49, 200, seed=0)
        print(f"synthetic table built in {time.perf_counter() - t0:.1f} s", flush=True)
        nt = tuple(syn.sectors[140:])
        for d in args.deltas.split(","):
            delta = None if d == "none" else float(d)
            sc = PlanScenario(non_tradable=nt, delta=delta, persons_account="hours")
            results.append(run(f"synthetic 49 x 200, 30 % non-tradable, delta {delta}", syn, sc,
                               not args.skip_linprog, args.time_limit, methods, args.threads))
    meta = {"python": platform.python_version(), "machine": platform.machine(),
            "processor": platform.processor(), "cpus": __import__("os").cpu_count()}
    path = Path(__file__).resolve().parent / "results" / "plan.json"
    if path.exists():  # keep earlier measurements not rerun this time (e.g. linprog)
        old = {r["instance"]: r for r in json.loads(path.read_text())["results"]}
        for r in results:
            for k, v in old.get(r["instance"], {}).items():
                if k.startswith(("highspy", "linprog", "ortools")) and k not in r:
                    r[k] = {**v, "note": "earlier run"}
        rerun = {r["instance"] for r in results}
        results += [{**r, "note": "earlier run"} for name, r in old.items() if name not in rerun]
    meta["note"] = "shared 2-core machine (other work running); wall seconds of HiGHS run()"
    meta["threads"] = args.threads
    meta["time_limit"] = args.time_limit
    path.write_text(json.dumps({"meta": meta, "results": results}, indent=2))
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
