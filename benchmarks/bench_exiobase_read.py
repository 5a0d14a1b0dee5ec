"""Read a synthetic EXIOBASE 3 archive in the real layout: interlabor against pymrio.

Run from the repository root::

    PYTHONPATH=src python benchmarks/bench_exiobase_read.py [REGIONS SECTORS DENSITY]

Default 49 regions x 200 sectors = 9,800 (EXIOBASE 3 pxp size), 10 % non-zero coefficients.
Writes ``IOT_2011_pxp.zip`` (``A.txt``, ``Y.txt``, ``x.txt``, ``unit.txt``, ``satellite/`` with
employment and hours rows) to a temporary folder, then times, each in a fresh process, with the
peak resident memory of that process: interlabor's reader, pymrio's ``parse_exiobase3``, the
first open through interlabor's cache (read + convert) and the second (cache hit).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import numpy as np

ROOT = "IOT_2011_pxp/"

CHILD = r"""
import json, resource, sys, time, warnings
warnings.simplefilter("ignore")
path, what = sys.argv[1], sys.argv[2]
t = time.perf_counter()
if what == "pymrio":
    import pymrio
    pymrio.parse_exiobase3(path)
elif what == "interlabor":
    from interlabor.io.exiobase import read_exiobase3
    read_exiobase3(path, warn=False)
else:
    import warnings

    from interlabor.io.cache import cached_read
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # validation warnings of the source, stored with it
        cached_read(path)
print(json.dumps({"s": time.perf_counter() - t,
                  "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def _header(cols_r: list[str], cols_s: list[str], n_idx: int = 2) -> str:
    pad = "\t" * (n_idx - 1)
    return (f"region{pad}\t" + "\t".join(cols_r) + "\n" + f"sector{pad}\t" + "\t".join(cols_s)
            + "\n" + "region\tsector" + "\t" * len(cols_r) + "\n")


def write_archive(path: Path, R: int, S: int, density: float, seed: int = 0) -> None:
    """Write a synthetic EXIOBASE 3 pxp archive (row by row: never the dense A in memory)."""
    rng = np.random.default_rng(seed)
    n = R * S
    rows = [(f"R{r:02d}", f"s{s:03d}") for r in range(R) for s in range(S)]
    K = 7
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr(ROOT + "file_parameters.json", json.dumps({"systemtype": "IOSystem", "files": {
            "A": {"name": "A.txt", "nr_index_col": "2", "nr_header": "2"},
            "Y": {"name": "Y.txt", "nr_index_col": "2", "nr_header": "2"},
            "x": {"name": "x.txt", "nr_index_col": "2", "nr_header": "1"},
            "unit": {"name": "unit.txt", "nr_index_col": "2", "nr_header": "1"}}}))
        zf.writestr(ROOT + "metadata.json", json.dumps(
            {"name": "EXIO3", "description": "synthetic EXIOBASE 3 for 2011", "system": "pxp",
             "version": "3.8", "history": []}))
        zf.writestr(ROOT + "unit.txt", "region\tsector\tunit\n"
                    + "".join(f"{r}\t{s}\tM.EUR\n" for r, s in rows))
        with zf.open(ROOT + "A.txt", "w") as fh:
            fh.write(_header([r for r, _ in rows], [s for _, s in rows]).encode())
            for r, s in rows:
                a = rng.random(n) * (rng.random(n) < density) * (0.5 / (density * n))
                fh.write((f"{r}\t{s}\t" + "\t".join(
                    "0" if v == 0 else f"{v:.7g}" for v in a) + "\n").encode())
        Y = rng.random((n, R * K))
        zf.writestr(ROOT + "Y.txt", _header([f"R{r:02d}" for r in range(R) for _ in range(K)],
                                            [f"c{k}" for _ in range(R) for k in range(K)])
                    + "".join(f"{r}\t{s}\t" + "\t".join(f"{v:.7g}" for v in y) + "\n"
                              for (r, s), y in zip(rows, Y, strict=True)))
        x = Y.sum(axis=1) * 2  # any positive output: A is rebuilt into Z = A diag(x)
        zf.writestr(ROOT + "x.txt", "region\tsector\tindout\n"
                    + "".join(f"{r}\t{s}\t{v:.9g}\n" for (r, s), v in zip(rows, x, strict=True)))
        labels = ["Employment: Low-skilled male", "Employment hours: Low-skilled male"]
        zf.writestr(ROOT + "satellite/file_parameters.json", json.dumps(
            {"systemtype": "Extension", "name": "Satellite", "files": {
                "F": {"name": "F.txt", "nr_index_col": "1", "nr_header": "2"},
                "unit": {"name": "unit.txt", "nr_index_col": "1", "nr_header": "1"}}}))
        zf.writestr(ROOT + "satellite/F.txt", "region\t" + "\t".join(r for r, _ in rows) + "\n"
                    + "sector\t" + "\t".join(s for _, s in rows) + "\n"
                    + "".join(lab + "\t" + "\t".join(f"{v:.6g}" for v in x * 1e-3) + "\n"
                              for lab in labels))
        zf.writestr(ROOT + "satellite/unit.txt", "stressor\tunit\n"
                    f"{labels[0]}\t1000 p.\n{labels[1]}\tM.hr\n")


def run(path: Path, what: str, env: dict[str, str]) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", CHILD, str(path), what], capture_output=True,
                         text=True, env=env, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    import os

    R, S, d = (int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])) if len(sys.argv) > 3 \
        else (49, 200, 0.1)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "IOT_2011_pxp.zip"
        write_archive(path, R, S, d)
        env = {**os.environ, "XDG_CACHE_HOME": str(Path(tmp) / "cache")}
        print(f"{R * S} sectors, density {d:.0%}, archive {path.stat().st_size / 2**20:.0f} MiB")
        res = {w: run(path, w, env) for w in ("interlabor", "pymrio", "cache", "cache ")}
        base = res["pymrio"]["s"]
        for w, r in res.items():
            label = {"cache": "cache (1st: read+convert)", "cache ": "cache (2nd open)"}.get(w, w)
            print(f"{label:28s} {r['s']:8.2f} s  ({r['s'] / base:5.2f} x pymrio)  "
                  f"peak {r['peak_mib']:8.0f} MiB")


if __name__ == "__main__":
    main()
