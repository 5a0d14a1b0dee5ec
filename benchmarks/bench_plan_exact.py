"""An exact (basic) optimum of the EXIOBASE-size planning LP: what was tried, measured.

The 49 x 200 default-scenario LP (``benchmarks/synthetic.py``, delta 0.10, 30 % of sectors
non-tradable) has an approximate plan from OR-Tools PDLP but no exact optimum from HiGHS in
150 s. This script measures, on one LP, in one process:

* ``pdlp``: OR-Tools PDLP at ``--tolerance`` (the starting point of the next two);
* ``crossover``: HiGHS crossover (IPX) from the PDLP primal-dual point to a basis, then HiGHS
  simplex from that basis to an exact optimum;
* ``reduced``: drop the shipment columns that PDLP leaves at zero with a clearly positive
  reduced cost (and the sourcing-share rows that then hold trivially), solve the reduced LP
  exactly (HiGHS interior point with crossover), and price the dropped columns with its duals:
  if none has a negative reduced cost the basis extends to a basic optimum of the full LP
  (exact); otherwise they are added back and the LP solved again;
* ``threshold``: sourcing-share rows only for pairs with today's share >= ``--threshold``
  (fewer rows; an approximation, its saving measured against the exact or PDLP one);
* ``fixed_use``: the share rows replaced by column bounds on today's use,
  ``(s0 - delta) u0 <= q <= (s0 + delta) u0`` (no rows; an approximation, measured).

Run: ``PYTHONPATH=src python benchmarks/bench_plan_exact.py [--regions 49 --sectors 200]
[--time-limit 300] [--threads 2]``; results go to ``benchmarks/results/plan.json`` (key
``exact``).
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import scipy.sparse as sp

sys.path.insert(0, str(Path(__file__).resolve().parent))
from interlabor.planning import (  # noqa: E402
    LPSolution,
    PlanScenario,
    build_lp,
    plan_data,
    solve_lp,
)
from interlabor.planning.highs import configured_highs, load_highspy, new_highs  # noqa: E402
from interlabor.planning.lp import FAM  # noqa: E402
from synthetic import synthetic_mrio  # noqa: E402


def _status(h) -> str:
    return h.modelStatusToString(h.getModelStatus())


def _today(lp) -> float:
    return float(lp.c @ lp.today + lp.offset)


def crossover(lp, pd_sol, time_limit: float, threads: int) -> dict:
    """HiGHS crossover from a first-order point, then simplex to optimality."""
    hp = load_highspy()
    warm = new_highs()  # HiGHS 1.16 crossover() ends the process (signal 11) when no run()
    warm.addVar(0.0, 1.0)  # has started its scheduler yet: one trivial solve first
    warm.run()
    h = configured_highs(lp, "simplex", time_limit, threads)
    z = np.clip(pd_sol.z, lp.lo, lp.hi)
    sol = hp.HighsSolution()
    sol.col_value, sol.row_value = list(z), list(lp.M @ z)
    sol.col_dual, sol.row_dual = list(pd_sol.col_dual), list(pd_sol.row_dual)
    sol.value_valid = sol.dual_valid = True
    t0 = time.perf_counter()
    st = h.crossover(sol)
    t_cross = time.perf_counter() - t0
    out = {"crossover_seconds": t_cross, "crossover_status": str(st),
           "basis_valid": bool(h.getBasis().valid), "after_crossover": _status(h)}
    t0 = time.perf_counter()
    h.run()
    info = h.getInfo()
    out.update(simplex_seconds=time.perf_counter() - t0, status=_status(h),
               simplex_iterations=int(info.simplex_iteration_count),
               objective=float(info.objective_function_value))
    out["seconds_after_pdlp"] = out["crossover_seconds"] + out["simplex_seconds"]
    out["saved_share"] = 1 - out["objective"] / _today(lp)
    return out


def _sub_lp(lp, cols: np.ndarray, rows: np.ndarray):
    M = sp.csc_array(lp.M)[rows][:, cols]
    return replace(lp, M=sp.csc_array(M), c=lp.c[cols], lo=lp.lo[cols], hi=lp.hi[cols],
                   row_lo=lp.row_lo[rows], row_hi=lp.row_hi[rows], row_fam=lp.row_fam[rows],
                   row_r=lp.row_r[rows], row_s=lp.row_s[rows], row_o=lp.row_o[rows],
                   today=lp.today[cols], notes=[])


def reduced(lp, pd_sol, time_limit: float, threads: int, rc_rel: float = 1e-3) -> dict:
    """PDLP-guided removal of dominated shipments, exact solve, pricing of what was removed."""
    N, m = lp.M.shape[1], lp.M.shape[0]
    qcols = np.arange(lp.nx, lp.nx + lp.q_o.size)
    scale = np.maximum(np.abs(lp.c), 1e-12)
    rc = pd_sol.col_dual
    zero = pd_sol.z <= 1e-6 * np.maximum(1.0, np.abs(pd_sol.z).max())
    drop = np.zeros(N, bool)
    drop[qcols] = zero[qcols] & (rc[qcols] > rc_rel * scale[qcols])
    Mc = sp.csc_array(lp.M)
    rounds, t_total = [], 0.0
    while True:
        keep_c = np.flatnonzero(~drop)
        # rows touching only dropped columns apart from u (share rows of dropped q) hold
        # trivially (q = 0 <= (s0 + d) u); keep every other row
        Mr = sp.csr_array(lp.M)
        dropped_nz = (np.diff(sp.csr_array(Mr[:, np.flatnonzero(drop)]).indptr) if drop.any()
                      else np.zeros(m))  # stored entries per row
        share = np.isin(lp.row_fam, [FAM["share_hi"]])
        keep_r = np.flatnonzero(~(share & (dropped_nz > 0)))
        sub = _sub_lp(lp, keep_c, keep_r)
        s = solve_lp(sub, method="ipm", time_limit=time_limit, threads=threads)
        t_total += s.seconds
        y = np.zeros(m)
        y[keep_r] = s.row_dual
        rc_full = lp.c - Mc.T @ y
        bad = drop & (rc_full < -1e-9 * np.maximum(1.0, np.abs(lp.c)))
        rounds.append({"columns": int(keep_c.size), "rows": int(keep_r.size),
                       "seconds": s.seconds, "objective": s.objective,
                       "negative_reduced_costs": int(bad.sum())})
        if not bad.any():
            break
        drop &= ~bad
    return {"dropped_columns": int(N - rounds[0]["columns"]), "rounds": rounds,
            "seconds_after_pdlp": t_total, "status": "Optimal (priced out: exact)",
            "objective": rounds[-1]["objective"],
            "saved_share": 1 - rounds[-1]["objective"] / _today(lp)}


def threshold_lp(lp, data, delta: float, theta: float):
    """The LP without share rows for pairs whose share today is below ``theta``."""
    share = np.isin(lp.row_fam, [FAM["share_hi"], FAM["share_lo"]])
    use0 = np.where(data.fixed, 0.0, data.q0).sum(axis=0)
    r, s, o = lp.row_r, lp.row_s, lp.row_o
    with np.errstate(invalid="ignore", divide="ignore"):
        s0 = np.where(share, data.q0[np.maximum(o, 0), np.maximum(r, 0), np.maximum(s, 0)]
                      / np.where(use0[r, s] > 0, use0[r, s], 1.0), 1.0)
    rows = np.flatnonzero(~share | (s0 >= theta))
    dropped = int(share.sum() - (share & (s0 >= theta)).sum())
    return _sub_lp(lp, np.arange(lp.M.shape[1]), rows), dropped


def fixed_use_lp(lp, data, delta: float):
    """Share rows replaced by column bounds on today's use."""
    share = np.isin(lp.row_fam, [FAM["share_hi"], FAM["share_lo"]])
    use0 = np.where(data.fixed, 0.0, data.q0).sum(axis=0)
    lo, hi = lp.lo.copy(), lp.hi.copy()
    q = lp.nx + np.arange(lp.q_o.size)
    tr = data.tradable[lp.q_s] & (use0[lp.q_d, lp.q_s] > 0)
    s0 = np.where(tr, data.q0[lp.q_o, lp.q_d, lp.q_s] / np.where(tr, use0[lp.q_d, lp.q_s], 1), 0)
    u0 = use0[lp.q_d, lp.q_s]
    hi[q[tr]] = np.where(s0[tr] + delta < 1, (s0[tr] + delta) * u0[tr], np.inf)
    lo[q[tr]] = np.where(s0[tr] - delta > 0, (s0[tr] - delta) * u0[tr], 0.0)
    sub = _sub_lp(lp, np.arange(lp.M.shape[1]), np.flatnonzero(~share))
    return replace(sub, lo=lo, hi=hi)


def approx_run(name: str, lp, ref: float, time_limit: float, threads: int, **extra) -> dict:
    try:
        s = solve_lp(lp, method="ipm", time_limit=time_limit, threads=threads)
    except Exception as exc:
        return {"error": f"{type(exc).__name__}: {exc}", "rows": lp.shape[0], **extra}
    out = {"rows": lp.shape[0], "columns": lp.shape[1], "nnz": int(lp.M.nnz),
           "seconds": s.seconds, "status": s.status, "objective": s.objective,
           "saved_share": 1 - s.objective / ref, **extra}
    print(f"  {name}: {out}", flush=True)
    return out


def _instance(R: int, S: int):
    syn = synthetic_mrio(R, S, seed=0)
    nt = tuple(syn.sectors[int(0.7 * S):])
    sc = PlanScenario(non_tradable=nt, delta=0.1, persons_account="hours", prices="money")
    data = plan_data(syn, sc)
    return data, build_lp(data, sc)


def crossover_in_subprocess(args, point: Path) -> dict:
    """Run :func:`crossover` in a child process, so that a crash of the solver is reported
    (HiGHS 1.16's crossover ends the process with signal 11 when it is the first thing the
    process asks of HiGHS; :func:`crossover` starts with a trivial solve)."""
    import subprocess

    cmd = [sys.executable, __file__, "--regions", str(args.regions), "--sectors",
           str(args.sectors), "--time-limit", str(args.time_limit), "--threads",
           str(args.threads), "--crossover-from", str(point)]
    t0 = time.perf_counter()
    r = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    lines = [ln for ln in r.stdout.splitlines() if ln.startswith("{")]
    if r.returncode == 0 and lines:
        return json.loads(lines[-1])
    return {"error": f"the process ended with status {r.returncode} (negative: signal) after "
                     f"{wall:.0f} s, {r.stderr.strip()[-300:]}", "returncode": r.returncode}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--regions", type=int, default=49)
    ap.add_argument("--sectors", type=int, default=200)
    ap.add_argument("--time-limit", type=float, default=300)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--tolerance", type=float, default=1e-4)
    ap.add_argument("--threshold", type=float, default=0.02)
    ap.add_argument("--only", default="pdlp,crossover,reduced,threshold,fixed_use")
    ap.add_argument("--crossover-from", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    todo = set(args.only.split(","))
    R, S = args.regions, args.sectors
    if args.crossover_from:  # the child of crossover_in_subprocess
        _, lp = _instance(R, S)
        pt = np.load(args.crossover_from)
        sol = LPSolution("Optimal", 0.0, pt["z"], lp.M @ pt["z"], pt["row_dual"],
                         pt["col_dual"], np.zeros(0, bool), np.zeros(0, bool), 0.0, {}, {},
                         "ortools-pdlp")
        print(json.dumps(crossover(lp, sol, args.time_limit, args.threads)), flush=True)
        return
    t0 = time.perf_counter()
    data, lp = _instance(R, S)
    res: dict = {"instance": f"synthetic {R} x {S}, 30 % non-tradable, delta 0.1",
                 "rows": lp.shape[0], "columns": lp.shape[1], "nnz": int(lp.M.nnz),
                 "build_seconds": time.perf_counter() - t0, "threads": args.threads,
                 "time_limit": args.time_limit}
    print(json.dumps(res), flush=True)
    today = _today(lp)
    t0 = time.perf_counter()
    pd_sol = solve_lp(lp, method="ortools-pdlp", threads=args.threads,
                      options={"kkt_tolerance": args.tolerance}, time_limit=args.time_limit)
    res["pdlp"] = {"seconds": time.perf_counter() - t0, "tolerance": args.tolerance,
                   "objective": pd_sol.objective, "saved_share": 1 - pd_sol.objective / today,
                   **pd_sol.info}
    print(f"  pdlp: {res['pdlp']}", flush=True)
    if "crossover" in todo:
        point = Path(__file__).resolve().parent / "results" / "pdlp_point.npz"
        np.savez(point, z=pd_sol.z, col_dual=pd_sol.col_dual, row_dual=pd_sol.row_dual)
        res["crossover"] = crossover_in_subprocess(args, point)
        point.unlink(missing_ok=True)
        print(f"  crossover: {res['crossover']}", flush=True)
    if "reduced" in todo:
        try:
            res["reduced"] = reduced(lp, pd_sol, args.time_limit, args.threads)
        except Exception as exc:
            res["reduced"] = {"error": f"{type(exc).__name__}: {exc}"}
        print(f"  reduced: {res['reduced']}", flush=True)
    exact = next((res[k]["objective"] for k in ("reduced", "crossover")
                  if k in res and "Optimal" in str(res[k].get("status", ""))), None)
    ref = exact if exact is not None else pd_sol.objective
    res["reference"] = {"objective": ref, "exact": exact is not None}
    if "threshold" in todo:
        tl, dropped = threshold_lp(lp, data, 0.1, args.threshold)
        r = approx_run("threshold", tl, today, args.time_limit, args.threads,
                       threshold=args.threshold, share_rows_dropped=dropped)
        if "objective" in r:
            r["objective_vs_reference"] = r["objective"] / ref - 1
        res["threshold"] = r
    if "fixed_use" in todo:
        r = approx_run("fixed_use", fixed_use_lp(lp, data, 0.1), today, args.time_limit,
                       args.threads)
        if "objective" in r:
            r["objective_vs_reference"] = r["objective"] / ref - 1
        res["fixed_use"] = r
    res["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(res), flush=True)
    path = Path(__file__).resolve().parent / "results" / "plan.json"
    doc = json.loads(path.read_text()) if path.exists() else {"meta": {}, "results": []}
    doc["exact"] = res
    path.write_text(json.dumps(doc, indent=2))
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
