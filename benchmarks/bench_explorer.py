"""Explorer speed in a real browser: how long a region change takes until charts and numbers show.

The same steps as ``tests/browser/test_explorer_browser.py`` (Playwright driving the system
Chromium against the app on 127.0.0.1), timed from the click on a region to the moment the key
figure shows the new region's total (checked against ``interlabor.consumption_based``) and the
map, origin and sector charts are redrawn for it. Two set-ups: the bundled WIOD 2011 table,
and every year of ``../shared/data/wiod2013`` with the modelled labour accounts built from
``../shared/data`` (17 tables; the series over years is redrawn on each change).

Run: ``PYTHONPATH=src python benchmarks/bench_explorer.py [--years-only | --bundled-only]``;
results go to ``benchmarks/results/explorer.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import statistics
import time
from pathlib import Path

import interlabor as il
from interlabor.cli._common import load, with_labour, year_tables
from interlabor.explore.app import create_app, serve
from interlabor.explore.state import Workspace
from interlabor.report.png import find_chromium

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
REGIONS = (("CHN", "China"), ("IND", "India"), ("USA", "United States"), ("BRA", "Brazil"),
           ("DEU", "Germany"), ("CHN", "China"))


def measure(ws: Workspace, label: str) -> dict:
    from playwright.sync_api import sync_playwright

    app = create_app(ws, region="DEU")
    server = serve(app).start()
    t_load = time.perf_counter()
    ws.start()
    out: dict = {"setup": label}
    try:
        with sync_playwright() as pw:
            b = pw.chromium.launch(executable_path=str(find_chromium()),
                                   args=["--no-sandbox", "--disable-gpu"])
            page = b.new_page(viewport={"width": 1200, "height": 900})
            page.goto(server.url)
            page.wait_for_selector('#figures [data-id="total"]', timeout=900_000)
            out["load_seconds"] = time.perf_counter() - t_load
            mrio = ws.table()
            fp = il.consumption_based(mrio, "hours", by="origin")
            times = []
            for code, name in REGIONS:
                page.click("#region")
                page.fill("input.dash-dropdown-search", name)
                option = page.get_by_role("option", name=re.compile(f"^{re.escape(name)}"))
                option.first.wait_for()
                t0 = time.perf_counter()
                option.first.click()
                page.wait_for_function(
                    "(v) => Math.abs(parseFloat(document.querySelector("
                    "`#figures [data-id='total']`).dataset.value) - v) <= 1e-9 * v",
                    arg=float(fp[code].sum()), polling=10, timeout=60_000)
                page.wait_for_function(
                    "(n) => ['#map', '#origins', '#sectors'].every(c => document."
                    "querySelector(`${c} .gtitle`)?.textContent.includes(n))", arg=name,
                    polling=10, timeout=60_000)
                times.append(time.perf_counter() - t0)
            b.close()
    finally:
        server.stop()
    out |= {"tables": len(ws.tables), "region_change_seconds": times,
            "median_seconds": statistics.median(times[1:]),  # the first warms the browser
            "server_callback_seconds": statistics.median(
                app.server.config["interlabor_timings"][1:])}
    print(f"{label}: {len(ws.tables)} table(s), loaded in {out['load_seconds']:.1f} s; region "
          f"change {out['median_seconds'] * 1e3:.0f} ms median in the browser "
          f"(server callback {out['server_callback_seconds'] * 1e3:.0f} ms)", flush=True)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--years-only", action="store_true")
    ap.add_argument("--bundled-only", action="store_true")
    args = ap.parse_args()
    results = []
    if not args.years_only:
        table = il.read("default")
        results.append(measure(Workspace([("default", lambda _r: table)]), "bundled WIOD 2011"))
    if not args.bundled_only and SHARED.is_dir():
        loaders = [(p.name, lambda r, p=p: with_labour(load(str(p), None, r), str(SHARED)))
                   for p in year_tables(str(SHARED / "wiod2013")).values()]
        results.append(measure(Workspace(loaders), "WIOD 2013, 17 years, modelled labour"))
    out = ROOT / "benchmarks" / "results" / "explorer.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"machine": platform.platform(), "cores": os.cpu_count(),
                               "load_average": os.getloadavg(), "date": time.strftime("%F"),
                               "results": results}, indent=1))
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
