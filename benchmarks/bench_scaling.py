"""Scaling curve: time and memory of interlabor against table size and non-zeros.

For each size a synthetic table (:func:`synthetic.synthetic_mrio`, real-table structure: dense-ish
domestic blocks, sparse foreign blocks, 80 % domestic inputs, spectral radius 0.61) is made in
one process and written in interlabor's own format (what the cache holds); a fresh process then

* reads it (``read_mrio``: what a warm ``interlabor footprint`` run does first), and
* computes the footprints of ``hours`` by origin region x consuming region
  (``consumption_based(..., by="origin")``: coefficients, productivity check, solver set-up,
  the solve for the R consuming regions' final demand),

and reports both times and its own resident high-water mark (``VmHWM``: interpreter, libraries,
table and computation). Sizes (regions x sectors, density of Z):

====================  =======  ======  ======================================================
name                  n        density  as
====================  =======  ======  ======================================================
wiod                  1,435    20 %    WIOD 2013 (41 x 35; WIOD 2011 has 20.1 % non-zeros)
exiobase              9,800    3.5 %   EXIOBASE 3 (49 x 200)
gloria                19,680   1.75 %  GLORIA (164 x 120), about 340 non-zeros per row
gloria-dense          19,680   3.5 %   the same, twice the non-zeros
n50k                  50,000   0.7 %   125 x 400, about 350 non-zeros per row
====================  =======  ======  ======================================================

Usage: ``PYTHONPATH=src python benchmarks/bench_scaling.py [--only NAME ...]``; writes
``benchmarks/results/scaling.json``. pymrio is not run here (its dense ``L`` of a 19,680 table
alone is 2.9 GiB, and ``calc_all`` holds several such matrices); see ``bench_e2e.py`` and
``bench_footprints.py`` for pymrio side by side.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results" / "scaling.json"
SIZES = {
    "wiod": (41, 35, 0.20),
    "exiobase": (49, 200, 0.035),
    "gloria": (164, 120, 0.0175),
    "gloria-dense": (164, 120, 0.035),
    "n50k": (125, 400, 0.007),
}

MAKE = r"""
import sys, json, time
sys.path.insert(0, sys.argv[5])
from synthetic import synthetic_mrio
from interlabor.io.store import write_mrio
t = time.perf_counter()
m = synthetic_mrio(int(sys.argv[1]), int(sys.argv[2]), density=float(sys.argv[3]),
                   domestic_share=0.80, seed=0)
write_mrio(m, sys.argv[4])
print(json.dumps({"make_s": time.perf_counter() - t, "nnz": int(m.Z.nnz)}))
"""

MEASURE = r"""
import sys, json, time
from pathlib import Path

def peak():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024.0
t0 = time.perf_counter()
from interlabor.io.store import read_mrio
from interlabor.footprints import consumption_based, solver
t1 = time.perf_counter()
m = read_mrio(sys.argv[1], verify=False)
t2 = time.perf_counter()
p_read = peak()
res = consumption_based(m, "hours", by="origin")
t3 = time.perf_counter()
s = solver(m)
from threadpoolctl import threadpool_info
blas = [{k: t.get(k) for k in ("internal_api", "version", "architecture", "num_threads")}
        for t in threadpool_info()]
print(json.dumps({"blas": blas, "import_s": t1 - t0, "read_s": t2 - t1, "compute_s": t3 - t2,
                  "peak_after_read_mib": p_read, "peak_mib": peak(), "method": s.method,
                  "iterations": s.info.iterations, "relative_update": s.info.relative_update,
                  "world_total": float(res.to_numpy().sum())}))
"""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--only", nargs="*", choices=list(SIZES), help="sizes to run")
    ap.add_argument("--results", type=Path, default=RESULTS)
    args = ap.parse_args(argv)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")])
    import numpy  # noqa: F401 - load BLAS before asking threadpoolctl about it
    import scipy.linalg  # noqa: F401
    from threadpoolctl import threadpool_info

    info = {"threadpool": threadpool_info(),
            "OPENBLAS_CORETYPE": os.environ.get("OPENBLAS_CORETYPE"),
            "cpu_count": os.cpu_count()}
    print("BLAS:", "; ".join(f"{t.get('internal_api')} {t.get('version')} "
                             f"({t.get('architecture')}, {t.get('num_threads')} threads)"
                             for t in info["threadpool"]),
          "| OPENBLAS_CORETYPE =", info["OPENBLAS_CORETYPE"])
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="interlabor-scaling-") as tmpd:
        for name in args.only or list(SIZES):
            R, S, density = SIZES[name]
            folder = Path(tmpd) / name
            made = subprocess.run(
                [sys.executable, "-c", MAKE, str(R), str(S), str(density), str(folder),
                 str(HERE)], env=env, capture_output=True, text=True)
            if made.returncode:
                print(made.stderr, file=sys.stderr)
                return 1
            mk = json.loads(made.stdout.strip().splitlines()[-1])
            got = subprocess.run([sys.executable, "-c", MEASURE, str(folder)], env=env,
                                 capture_output=True, text=True)
            if got.returncode:
                print(got.stderr, file=sys.stderr)
                return 1
            r = {"name": name, "regions": R, "sectors": S, "n": R * S, "density": density,
                 **mk, **json.loads(got.stdout.strip().splitlines()[-1])}
            rows.append(r)
            print(f"{name:13s} n={r['n']:6d} nnz={r['nnz']:11,d} read {r['read_s']:6.2f} s  "
                  f"compute {r['compute_s']:6.2f} s  ({r['method']}, {r['iterations']} it.)  "
                  f"peak {r['peak_mib']:7.0f} MiB", flush=True)
            import shutil

            shutil.rmtree(folder)
    doc = {"benchmark": "scaling: read (own format) + footprints by origin, interlabor",
           "date": _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
           "note": "shared 2-core machine (other engineers' jobs running); one run per size",
           "environment": info, "results": rows}
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text(json.dumps(doc, indent=2, default=str) + "\n")
    print(f"written {args.results}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
