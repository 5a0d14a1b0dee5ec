"""Benchmark: leverage of every cell (``interlabor chokepoints``) against the naive loop.

The leverage table (:func:`interlabor.shocks.leverage.leverage`) ranks all ``n`` cells in four
linear stoppage models (iim_supply, ghosh_constrained, iim_demand, leontief_constrained) from
the one cached solve ``X = L Y``, ``3 R + 3`` forward and transposed right-hand sides and the
diagonal of ``L`` (one dense in-place factorisation). The naive loop stops one cell at a time
in the same four models (the model functions of :mod:`interlabor.shocks` and the kernel: two
single right-hand-side solves, one transposed, and one with ``R`` right-hand sides per cell,
all with the table's cached solver) and sums the value added lost abroad.

Tables: the bundled WIOD 2013 table for 2011 (41 x 35 = 1,435) and
:func:`synthetic.synthetic_mrio` 49 x 200 = 9,800 (EXIOBASE-sized, Z sparse). Each (table,
method) runs in a fresh subprocess, after the table is read and its solver built (both
untimed), so that the peak resident memory (``VmHWM``) is per method. The naive loop runs on
``--naive-cells`` cells spread over the table (all cells: ``0``) and is extrapolated to ``n``
cells by its mean time per cell; the leverage of those cells must equal the naive loop's to
1e-9 relative (the script exits non-zero otherwise).

Usage: ``PYTHONPATH=src python benchmarks/bench_chokepoints.py [--naive-cells 0 20]
[--skip-synthetic]``. Writes ``benchmarks/results/chokepoints.json``.
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
from pathlib import Path
from typing import Any

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results" / "chokepoints.json"
TOL = 1e-9
MODELS = ("iim_supply", "ghosh_constrained", "iim_demand", "leontief_constrained")


def _peak_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024.0
    return float("nan")  # pragma: no cover - not Linux


def _rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024.0
    return float("nan")  # pragma: no cover


def _load(table: str) -> Any:
    import interlabor as il

    return il.read(table, cache=False)


def worker(method: str, table: str, cells: list[int], out: str) -> None:
    from interlabor import kernel
    from interlabor.shocks import constrained_ghosh, constrained_leontief
    from interlabor.shocks.leverage import chokepoints, leverage
    from interlabor.units import parse_unit

    m = _load(table)
    kernel.solver(m)  # the cached solve of the table is set up once; not timed
    kernel.final_output(m)
    base = _rss_mib()
    h = m.account("hours").values
    res: dict[str, Any] = {"method": method, "n": m.n, "rss_before_mib": base}
    if method == "fast":
        t0 = time.perf_counter()
        d = kernel.leontief_diagonal(m)
        t1 = time.perf_counter()
        lev = leverage(m)
        ranked = chokepoints(lev, m, consumer=m.regions[0], top=None)
        t2 = time.perf_counter()
        res.update(diagonal_s=t1 - t0, rest_s=t2 - t1, total_s=t2 - t0, ranked=len(ranked),
                   diagonal_range=[float(d.min()), float(d.max())])
        vals = np.array([[lev.cells.iloc[j][(mod, "value_added_abroad")] for mod in MODELS]
                         for j in cells])
    else:
        vals = np.zeros((len(cells), len(MODELS)))
        va = kernel.intensities(m, m.account("value_added").values
                                if "value_added" in m.account_names else m.value_added)
        f = m.money.scale / parse_unit(m.account("hours").unit).scale  # to currency per hour
        region = np.repeat(np.arange(m.n_regions), m.n_sectors)
        t0 = time.perf_counter()
        for i, j in enumerate(cells):
            one, e = np.array([j]), np.ones(1)
            dy = np.zeros((m.n, m.n_regions))
            dy[j] = m.Y_by_region[j]
            dp = np.zeros(m.n)
            dp[j] = m.value_added[j]
            dx = {"iim_supply": kernel.ghosh_output(m, dp),
                  "ghosh_constrained": constrained_ghosh(m, one, e)[0],
                  "iim_demand": kernel.final_output(m, Y=dy).sum(axis=1),
                  "leontief_constrained": constrained_leontief(m, one, e)[0]}
            abroad = region != region[j]
            vals[i] = [float(va[abroad] @ dx[mod][abroad]) / h[j] * f for mod in MODELS]
        t1 = time.perf_counter()
        res.update(cells=len(cells), loop_s=t1 - t0, per_cell_s=(t1 - t0) / max(len(cells), 1),
                   total_s=(t1 - t0) / max(len(cells), 1) * m.n,
                   extrapolated=len(cells) < m.n)
    res["peak_mib"] = _peak_mib()
    res["load_average"] = os.getloadavg()
    np.save(out + ".npy", vals)
    Path(out + ".json").write_text(json.dumps(res))


def _spawn(method: str, table: str, cells: list[int], tmp: Path) -> dict[str, Any]:
    out = str(tmp / f"{Path(table).name}-{method}")
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), str(HERE)]
                                        + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else []))
    cell_file = tmp / "cells.json"
    cell_file.write_text(json.dumps(cells))
    subprocess.run([sys.executable, __file__, "--worker", method, "--table", table,
                    "--cells", str(cell_file), "--out", out], check=True, env=env)
    res = json.loads(Path(out + ".json").read_text())
    res["_vals"] = np.load(out + ".npy")
    return res


def _cells(m: Any, k: int) -> list[int]:
    """``k`` cells with hours, spread over the table (all of them for k = 0)."""
    ok = np.flatnonzero(m.account("hours").values > 0)
    if k <= 0 or k >= len(ok):
        return [int(j) for j in ok]
    return [int(j) for j in ok[np.linspace(0, len(ok) - 1, k).round().astype(int)]]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--worker", choices=["fast", "naive"], help=argparse.SUPPRESS)
    ap.add_argument("--table", help=argparse.SUPPRESS)
    ap.add_argument("--cells", help=argparse.SUPPRESS)
    ap.add_argument("--out", help=argparse.SUPPRESS)
    ap.add_argument("--naive-cells", type=int, nargs=2, default=(0, 20), metavar=("WIOD", "SYN"),
                    help="cells of the naive loop on each table (0: all; default 0 20)")
    ap.add_argument("--skip-synthetic", action="store_true")
    ap.add_argument("--results", type=Path, default=RESULTS)
    args = ap.parse_args(argv)
    if args.worker:
        worker(args.worker, args.table, json.loads(Path(args.cells).read_text()), args.out)
        return 0

    sys.path.insert(0, str(ROOT / "src"))
    sys.path.insert(0, str(HERE))
    from threadpoolctl import threadpool_info

    import interlabor as il
    from interlabor.io.store import write_mrio

    rows, ok = [], True
    with tempfile.TemporaryDirectory(prefix="interlabor-bench-") as tmpd:
        tmp = Path(tmpd)
        tables = [("wiod2011 (bundled)", "default", il.read("default"), args.naive_cells[0])]
        if not args.skip_synthetic:
            from synthetic import synthetic_mrio

            syn = synthetic_mrio(49, 200)
            tables.append(("synthetic 49 x 200", str(write_mrio(syn, tmp / "synthetic")), syn,
                           args.naive_cells[1]))
        for name, path, m, k in tables:
            cells = _cells(m, k)
            fast = _spawn("fast", path, cells, tmp)
            naive = _spawn("naive", path, cells, tmp)
            a, b = fast.pop("_vals"), naive.pop("_vals")
            floor = 1e-12 * np.abs(b).max()
            diff = float((np.abs(a - b) / np.maximum(np.abs(b), floor)).max())
            ok &= diff <= TOL
            ratio = naive["total_s"] / fast["total_s"]
            rows.append({"table": name, "n": m.n, "fast": fast, "naive": naive,
                         "ratio_naive_over_fast": ratio, "max_rel_diff": diff})
            how = "extrapolated from" if naive["extrapolated"] else "all"
            print(f"{name}: n = {m.n}: leverage of every cell {fast['total_s']:.1f} s (diagonal "
                  f"of L {fast['diagonal_s']:.1f} s, the rest {fast['rest_s']:.1f} s), peak "
                  f"{fast['peak_mib']:.0f} MiB; naive loop {naive['total_s']:.0f} s ({how} "
                  f"{naive['cells']} cells, {naive['per_cell_s'] * 1e3:.0f} ms each), peak "
                  f"{naive['peak_mib']:.0f} MiB; ratio {ratio:.0f}x; max rel. diff {diff:.1e}; "
                  f"load average {fast['load_average'][0]:.1f}")
    record = {"date": _dt.date.today().isoformat(), "rows": rows, "cpu_count": os.cpu_count(),
              "threadpool": threadpool_info(), "tolerance": TOL, "all_agree": bool(ok)}
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text(json.dumps(record, indent=1, default=float))
    print(f"wrote {args.results}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
