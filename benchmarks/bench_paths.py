"""Benchmark: the top supply-chain paths (``interlabor paths``) against the solves and brute force.

There is no MRIO-scale peer for structural path analysis (pymrio has none; the one Python
SPA package handles single-region tables), so the search is compared, in the same run, with

* the **footprint solve**: building the table's Leontief solver and the one transposed solve
  ``s L`` the bound needs (what :func:`interlabor.footprints.consumption_based` costs too);
* **brute force**: every path of the truncated series up to depth ``--brute-depth`` (default
  2) enumerated without the bound (vectorised over each tier: the frontier of nodes times the
  non-zeros of their columns of ``A``), its top ``K`` taken at the end; it must equal the
  search's top ``K`` restricted to that depth (the script exits non-zero otherwise). Its cost
  per path is extrapolated to the number of non-zero paths up to depth ``--depth`` (counted
  exactly from the sparsity pattern: ``c_{t+1} = P c_t``).

Tables: the bundled WIOD 2013 table for 2011 (41 x 35 = 1,435, dense) and
:func:`synthetic.synthetic_mrio` 49 x 200 = 9,800 (EXIOBASE-sized, Z sparse CSR). Consumer
``DEU`` / ``R00``, product ``c4`` / ``s004``; account hours.

Usage: ``PYTHONPATH=src python benchmarks/bench_paths.py [--top 1000] [--depth 8]
[--repeat 3] [--skip-synthetic]``; best of ``--repeat`` runs. Writes
``benchmarks/results/paths.json``.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results" / "paths.json"
sys.path.insert(0, str(HERE))


def _brute(A: sp.csc_array, s: np.ndarray, y: np.ndarray, depth: int, top: int
           ) -> tuple[np.ndarray, int]:
    """Top ``top`` |values| of every path up to ``depth``, without any bound; and the count."""
    sec = np.flatnonzero(y)
    w = y[sec]
    best = np.zeros(0)
    count = 0
    for t in range(depth + 1):
        v = w * s[sec]
        count += len(v)
        best = np.concatenate([best, v])
        if len(best) > top:
            best = best[np.argpartition(-np.abs(best), top)[:top]]
        if t == depth:
            break
        lo, hi = A.indptr[sec], A.indptr[sec + 1]
        lens = hi - lo
        pos = np.repeat(lo - np.cumsum(lens) + lens, lens) + np.arange(lens.sum())
        w = np.repeat(w, lens) * A.data[pos]
        sec = A.indices[pos]
    return best[np.argsort(-np.abs(best))], count


def _path_counts(A: sp.csc_array, y: np.ndarray, depth: int) -> list[float]:
    """Non-zero paths of each tier ``0..depth``: ``c_0 = [y != 0]``, ``c_{t+1} = P c_t``."""
    pattern = sp.csc_array((np.ones_like(A.data), A.indices, A.indptr), shape=A.shape)
    c = (y != 0).astype(float)
    out = []
    for _ in range(depth + 1):
        out.append(float(c.sum()))
        c = pattern @ c
    return out


def run(name: str, mrio: Any, consumer: str, product: str, top: int, depth: int,
        brute_depth: int, repeat: int) -> dict[str, Any]:
    from interlabor import kernel
    from interlabor.paths import _coefficients, final_demand, paths

    acc = mrio.account("hours")

    def best(f: Any) -> tuple[float, Any]:
        times, out = [], None
        for _ in range(repeat):
            t0 = time.perf_counter()
            out = f()
            times.append(time.perf_counter() - t0)
        return min(times), out

    def fresh_solver() -> Any:
        kernel._SOLVERS.pop(mrio, None)
        return kernel.solver(mrio)  # productivity check and factorisation (or block setup)

    t_solver, _ = best(fresh_solver)
    s = kernel.intensities(mrio, acc.values)
    t_transposed, _ = best(lambda: kernel.solve_transposed(mrio, s))
    t_top, res0 = best(lambda: paths(mrio, acc, consumer, product=product, top=top,
                                     threshold=0, depth=depth))
    t_thr, res1 = best(lambda: paths(mrio, acc, consumer, product=product, top=top,
                                     threshold=1e-5, depth=depth))
    A = _coefficients(mrio)
    y = final_demand(mrio, acc, consumer, product=product).y
    t_brute, (best_v, n_brute) = best(lambda: _brute(A, s, y, brute_depth, top))
    check = paths(mrio, acc, consumer, product=product, top=top, threshold=0, depth=brute_depth)
    diff = float(np.max(np.abs(check["value"].to_numpy() - best_v[:len(check)]))
                 / np.max(np.abs(best_v)))
    counts = _path_counts(A, y, depth)
    per_path = t_brute / n_brute
    extrapolated = per_path * sum(counts)
    a0, a1 = res0.attrs, res1.attrs
    return {
        "table": name, "n": mrio.n, "repeat": repeat, "consumer": consumer,
        "product": product, "top": top,
        "depth": depth, "solver_s": t_solver, "transposed_solve_s": t_transposed,
        "search_top_s": t_top, "search_top_expanded": a0["expanded"],
        "search_top_coverage": a0["coverage_listed"],
        "search_threshold_1e-5_s": t_thr, "threshold_expanded": a1["expanded"],
        "threshold_paths": a1["n_above_threshold"],
        "threshold_coverage": a1["coverage_threshold"], "coverage_depth": a0["coverage_depth"],
        "brute_depth": brute_depth, "brute_s": t_brute, "brute_paths": n_brute,
        "brute_max_rel_diff": diff, "paths_up_to_depth": counts,
        "brute_extrapolated_s": extrapolated,
        "ratio_search_over_footprint_solve": t_top / (t_solver + t_transposed),
        "ratio_brute_extrapolated_over_search": extrapolated / t_top,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--top", type=int, default=1000)
    ap.add_argument("--depth", type=int, default=8)
    ap.add_argument("--brute-depth", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=3, help="best of this many runs")
    ap.add_argument("--skip-synthetic", action="store_true")
    args = ap.parse_args()
    import numpy
    import scipy

    from interlabor.io import load_default

    out = []
    out.append(run("wiod2011 (bundled)", load_default(), "DEU", "c4", args.top, args.depth,
                   args.brute_depth, args.repeat))
    if not args.skip_synthetic:
        from synthetic import synthetic_mrio

        t0 = time.perf_counter()
        m = synthetic_mrio(49, 200, density=0.035, domestic_share=0.80, seed=0)
        print(f"synthetic table made in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
        out.append(run("synthetic 49x200", m, "R00", "s004", args.top, args.depth,
                       args.brute_depth, args.repeat))
    bad = False
    for r in out:
        print(f"{r['table']}: n {r['n']:,}; solver {r['solver_s']:.2f} s + transposed solve "
              f"{r['transposed_solve_s']:.3f} s; top {r['top']} paths {r['search_top_s']:.2f} s "
              f"({r['search_top_expanded']:,} nodes, {100 * r['search_top_coverage']:.1f} %); "
              f"threshold 1e-5 {r['search_threshold_1e-5_s']:.2f} s "
              f"({r['threshold_paths']:,} paths, {100 * r['threshold_coverage']:.1f} %); brute "
              f"force to depth {r['brute_depth']} {r['brute_s']:.2f} s for "
              f"{r['brute_paths']:,} paths (max rel diff {r['brute_max_rel_diff']:.1e}), "
              f"extrapolated to depth {r['depth']}: {r['brute_extrapolated_s']:.3g} s "
              f"({sum(r['paths_up_to_depth']):.3g} paths); ratios search/footprint solve "
              f"{r['ratio_search_over_footprint_solve']:.2f}, brute/search "
              f"{r['ratio_brute_extrapolated_over_search']:.3g}")
        bad |= r["brute_max_rel_diff"] > 1e-9
    RESULTS.write_text(json.dumps({
        "date": _dt.date.today().isoformat(), "cpus": os.cpu_count(),
        "numpy": numpy.__version__, "scipy": scipy.__version__, "results": out}, indent=1))
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
