"""Monte Carlo of the labour accounts: 1,000 samples of the North/South exchange summary.

Run from the repository root: ``PYTHONPATH=src python benchmarks/bench_uncertainty.py
[--samples 1000] [--repeat 3] [--loop 20]``. On the bundled WIOD 2011 table it times, in the
same run:

* **vectorised** (interlabor): :func:`interlabor.uncertainty.exchange_uncertainty` for
  ``--samples`` draws, the full summary (every indicator, 5th/50th/95th percentiles), without
  and with the one-at-a-time breakdown of the spread (4 x ``--samples`` more draws): one
  vectorised build of all samples' accounts, one shared Leontief solve, array formulas; the
  central summary with its named alternatives (``summary_range``, computed once whatever the
  number of samples) is timed on its own;
* **loop** (the naive way, on ``--loop`` samples, extrapolated to ``--samples``): for each
  sample, build its accounts (:func:`interlabor.accounts.structure.cells` with one parameter
  set), its hours flows (:func:`interlabor.kernel.flows_by_origin`, solve cached) and
  :func:`interlabor.exchange_report.exchange_summary` on them;
* with ``../shared/data`` present, also the per-sample rebuild from the sources
  (:func:`interlabor.accounts.build_from_output`, the 0.2 s a year-variant of the issue),
  timed on 3 builds and extrapolated.

Prints the median of ``--repeat`` wall times and the ratios; writes
``benchmarks/results/uncertainty.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

from bench_store import median_time  # noqa: E402  (benchmarks/ is the script's folder)
from interlabor import kernel
from interlabor.accounts.sampling import draw
from interlabor.accounts.structure import cells
from interlabor.exchange import exchange_flows
from interlabor.exchange_report import exchange_summary, summary_range
from interlabor.io import load_default
from interlabor.uncertainty import exchange_uncertainty, structure_of

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"


def loop(mrio, st, n: int) -> None:
    """The naive Monte Carlo: one account, one flow computation, one summary per sample."""
    ef = exchange_flows(mrio, hours="hours").grouped("north-south")
    g = ef.groups
    d = draw(st, n, seed=0)
    for k in range(n):
        c = cells(st, **{p: v[k] for p, v in d.items()})
        F = kernel.flows_by_origin(mrio, kernel.intensities(mrio, c.hours[0].ravel()),
                                   c.hh_hours[0])
        H = pd.DataFrame(F, index=ef_labels(mrio), columns=ef_labels(mrio))
        Hg = H.T.groupby(g.to_numpy()).sum().T.groupby(g.to_numpy()).sum()
        Hg = Hg.loc[ef.labels, ef.labels]
        exchange_summary(replace(ef, hours=Hg), "South", "North", on_undefined="report")


def ef_labels(mrio) -> list[str]:
    return list(mrio.regions)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--samples", type=int, default=1000)
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--loop", type=int, default=20)
    a = p.parse_args()
    mrio = load_default()
    st = structure_of(mrio)
    exchange_uncertainty(mrio, 10, drivers=False)  # warm the solver cache and imports
    n = a.samples
    summary = summary_range(mrio, "north-south", on_undefined="report")
    t_sum = median_time(lambda: summary_range(mrio, "north-south", on_undefined="report"),
                        a.repeat)
    t_vec = median_time(lambda: exchange_uncertainty(mrio, n, drivers=False, summary=summary),
                        a.repeat)
    t_drv = median_time(lambda: exchange_uncertainty(mrio, n, drivers=True, summary=summary),
                        a.repeat)
    t_loop = median_time(lambda: loop(mrio, st, a.loop), 1) * n / a.loop
    res = {"samples": n, "summary_with_alternatives_s": t_sum, "vectorised_s": t_vec,
           "vectorised_with_drivers_s": t_drv, "loop_extrapolated_s": t_loop,
           "loop_measured_samples": a.loop, "ratio_loop_over_vectorised": t_loop / t_vec}
    print(f"{n} samples of the North/South exchange summary, bundled WIOD 2011 table")
    print(f"  central + 6 named alternatives (summary_range, once) {t_sum:6.2f} s")
    print(f"  Monte Carlo, vectorised                      {t_vec:8.2f} s")
    print(f"  Monte Carlo + drivers (5 x draws)            {t_drv:8.2f} s")
    print(f"  loop (extrapolated from {a.loop})                 {t_loop:8.1f} s  = "
          f"{t_loop / t_vec:.0f} x")
    if SHARED.is_dir():
        from interlabor.accounts import build_from_output, load_sources
        from interlabor.io.wiod2013 import read_wiod2013_rdata

        src = load_sources(SHARED)
        w = read_wiod2013_rdata(SHARED / "wiod2013" / "wiot_2011.RData", warn=False)
        x = pd.Series(w.x, index=w.index)
        build_from_output(x, 2011, src)
        t_build = median_time(lambda: build_from_output(x, 2011, src), 3) * n
        res["rebuild_from_sources_extrapolated_s"] = t_build
        res["ratio_rebuild_over_vectorised"] = t_build / t_vec
        print(f"  rebuild from sources per sample {t_build:8.1f} s  = {t_build / t_vec:.0f} x "
              "(accounts only, no summary)")
    res.update(machine=platform.machine(), python=platform.python_version(),
               load_average=os.getloadavg()[0], numpy=np.__version__,
               date=time.strftime("%Y-%m-%d"))
    out = ROOT / "benchmarks" / "results" / "uncertainty.json"
    out.write_text(json.dumps(res, indent=2) + "\n")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
