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
import sys
import time
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from scipy.optimize import linprog

sys.path.insert(0, str(Path(__file__).resolve().parent))
from interlabor.planning import Scenario, build_lp, plan_data, solve_lp  # noqa: E402
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


def run(name: str, mrio, sc: Scenario, do_linprog: bool, time_limit: float) -> dict:
    t0 = time.perf_counter()
    data = plan_data(mrio, sc)
    lp = build_lp(data, sc)
    build = time.perf_counter() - t0
    out = {"instance": name, "rows": lp.shape[0], "columns": lp.shape[1], "nnz": int(lp.M.nnz),
           "shipment_columns": int(lp.q_o.size),
           "shipments_before_reduction": mrio.n_regions ** 2 * mrio.n_sectors,
           "build_seconds": build, "delta": sc.delta}
    try:
        s = solve_lp(lp, method="ipm", time_limit=time_limit)
        today = float(lp.c @ lp.today + lp.offset)
        out["highspy"] = {"seconds": s.seconds, "status": s.status, "objective": s.objective,
                          "saved_share": 1 - s.objective / today, "ipm_iterations":
                          s.iterations["ipm"]}
    except Exception as exc:  # report and go on
        out["highspy"] = {"error": f"{type(exc).__name__}: {exc}"}
    if do_linprog:
        out["linprog_highs_ipm"] = linprog_solve(lp, time_limit)
    print(json.dumps(out), flush=True)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--skip-linprog", action="store_true")
    ap.add_argument("--small", action="store_true", help="only the bundled table")
    ap.add_argument("--time-limit", type=float, default=600)
    args = ap.parse_args()
    from interlabor.data import load_default

    results = [run("WIOD 2011 (41 x 35), defaults", load_default(), Scenario(),
                   not args.skip_linprog, args.time_limit)]
    if not args.small:
        t0 = time.perf_counter()
        syn = synthetic_mrio(49, 200, seed=0)
        print(f"synthetic table built in {time.perf_counter() - t0:.1f} s", flush=True)
        nt = tuple(syn.sectors[140:])
        for delta in (None, 0.10):
            sc = Scenario(non_tradable=nt, delta=delta, persons_account="hours")
            results.append(run(f"synthetic 49 x 200, 30 % non-tradable, delta {delta}", syn, sc,
                               not args.skip_linprog, args.time_limit))
    meta = {"python": platform.python_version(), "machine": platform.machine(),
            "processor": platform.processor(), "cpus": __import__("os").cpu_count()}
    path = Path(__file__).resolve().parent / "results" / "plan.json"
    path.write_text(json.dumps({"meta": meta, "results": results}, indent=2))
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
