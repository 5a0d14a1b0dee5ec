"""Time interlabor's own format on WIOD 2011 against reading the source RData file.

Run from the repository root: ``PYTHONPATH=src python benchmarks/bench_store.py [wiot_2011.RData]``.
Prints median wall times of write_mrio and read_mrio (with and without checksums, Z dense and
sparse), the folder size, and read time as a ratio of the RData read.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

import scipy.sparse as sp

from interlabor.io.store import read_mrio, write_mrio
from interlabor.io.wiod2013 import read_wiod2013_rdata
from interlabor.model import build_mrio

SOURCE = Path(__file__).resolve().parents[2] / "shared" / "data" / "wiod2013" / "wiot_2011.RData"


def median_time(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else SOURCE
    t_rdata = median_time(lambda: read_wiod2013_rdata(source, warn=False), 3)
    dense = read_wiod2013_rdata(source, warn=False)
    sparse = build_mrio(
        sp.csr_array(dense.Z), dense.Y, regions=dense.regions, sectors=dense.sectors,
        categories=dense.categories, sector_names=dense.sector_names,
        accounts=dense.accounts, money=dense.money, year=dense.year,
        source_regions=dense.source_regions, meta=dense.meta, warn=False,
    )
    print(f"read RData (source)            {t_rdata * 1e3:8.1f} ms")
    with tempfile.TemporaryDirectory() as d:
        for label, mrio in (("dense Z", dense), ("sparse Z", sparse)):
            path = Path(d) / label.replace(" ", "_")
            t_w = median_time(lambda m=mrio, p=path: write_mrio(m, p, overwrite=True), 5)
            t_r = median_time(lambda p=path: read_mrio(p), 10)
            t_rn = median_time(lambda p=path: read_mrio(p, verify=False), 10)
            size = sum(f.stat().st_size for f in path.iterdir())
            print(f"{label}: write {t_w * 1e3:6.1f} ms | read {t_r * 1e3:6.1f} ms "
                  f"(no checksums {t_rn * 1e3:6.1f} ms) = {t_r / t_rdata:.3f} x RData | "
                  f"folder {size / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
