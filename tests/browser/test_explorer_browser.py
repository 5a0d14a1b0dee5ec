"""The explorer in Chromium: starts, follows a region change, compares, downloads, keyboard."""

from __future__ import annotations

import io
import json
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

import interlabor as il
from interlabor.explore.app import create_app, serve
from interlabor.explore.layout import CONTROLS
from interlabor.explore.state import Workspace
from interlabor.report._variants import variants
from interlabor.report.i18n import translator

from .conftest import Watch, trace

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def explorer(default_table: Any) -> Iterator[tuple[str, Workspace]]:
    ws = Workspace([("default", lambda _report: default_table)])
    app = create_app(ws, region="DEU")
    server = serve(app).start()
    ws.start()
    assert server.host == "127.0.0.1"
    yield server.url, ws
    server.stop()


def _value(page: Any, ident: str) -> float:
    return float(page.locator(f'#figures [data-id="{ident}"]').get_attribute("data-value"))


def _ready(page: Any, url: str) -> Watch:
    watch = Watch(page, allowed=url)
    page.goto(url)
    page.wait_for_selector('#figures [data-id="total"]', timeout=60_000)
    page.wait_for_function("() => document.querySelector('#map .js-plotly-plot') !== null")
    return watch


def _choose(page: Any, control: str, text: str) -> float:
    """Open a dropdown, search for ``text``, pick the option that starts with it.

    Returns the time (``perf_counter``) of the pick.
    """
    page.click(f"#{control}")
    page.fill("input.dash-dropdown-search", text)
    option = page.get_by_role("option", name=re.compile(f"^{re.escape(text)}")).first
    option.wait_for()
    t0 = time.perf_counter()
    option.click()
    return t0


def _wait_value(page: Any, ident: str, expected: float, timeout: float = 30.0) -> None:
    page.wait_for_function(
        "([id, v]) => { const e = document.querySelector(`#figures [data-id='${id}']`);"
        " return e && Math.abs(parseFloat(e.dataset.value) - v) <= 1e-9 * Math.abs(v); }",
        arg=[ident, expected], timeout=timeout * 1000, polling=10)


def test_region_change_updates_charts_and_numbers(page: Any, explorer: tuple[str, Workspace],
                                                  default_table: Any, artifacts: Path) -> None:
    url, _ws = explorer
    watch = _ready(page, url)
    fp = il.consumption_based(default_table, "hours", by="origin")
    assert _value(page, "total") == pytest.approx(fp["DEU"].sum(), rel=1e-12)
    timings = []
    for region, name in (("CHN", "China"), ("IND", "India"), ("USA", "United States"),
                         ("CHN", "China")):
        t0 = _choose(page, "region", name)
        _wait_value(page, "total", float(fp[region].sum()))
        page.wait_for_function(  # the charts redrawn too: the last one's title names it
            "(n) => ['#map', '#origins', '#sectors', '#paths'].every(c => document.querySelector("
            "`${c} .gtitle`)?.textContent.includes(n))", arg=name, polling=10)
        timings.append(time.perf_counter() - t0)
        bars = trace(page, "origins", keys=("x",))
        top = fp[region].sort_values(ascending=False).head(len(bars["x"]))
        np.testing.assert_allclose(bars["x"][::-1], top.to_numpy() / 1e3, rtol=1e-12)
        assert _value(page, "abroad") == pytest.approx(
            fp[region].sum() - fp.loc[region, region], rel=1e-12)
        assert f"behind {name}'s consumption" in page.get_attribute("#paths-wrap", "aria-label")
    page.screenshot(path=str(artifacts / "explorer_CHN.png"), full_page=True)
    (artifacts / "explorer_timings.json").write_text(json.dumps(
        {"table": "default (WIOD 2011)", "years": 1,
         "region_change_seconds": timings, "median": float(np.median(timings))}))
    print(f"explorer, bundled table: region change {np.median(timings) * 1e3:.0f} ms (median "
          f"of {len(timings)}, in the browser)")
    assert watch.errors == []
    assert watch.remote == [], f"the explorer asked a host for {watch.remote}"


def test_compare_view_and_csv_download(page: Any, explorer: tuple[str, Workspace],
                                       default_table: Any) -> None:
    url, _ws = explorer
    _ready(page, url)
    _choose(page, "compare", "United States")
    fp = il.consumption_based(default_table, "hours", by="origin")
    page.wait_for_selector('#compare-figures [data-id="USA_total"]')
    shown = float(page.locator('#compare-figures [data-id="USA_total"]')
                  .get_attribute("data-value"))
    assert shown == pytest.approx(fp["USA"].sum(), rel=1e-12)
    bars = trace(page, "compare-chart", index=1, keys=("x", "y"))  # USA's shares by origin
    assert bars["x"][-1] == pytest.approx(100 * fp.loc["USA", "USA"] / fp["USA"].sum(),
                                          rel=1e-12)
    with page.expect_download() as dl:
        page.click("#download-btn")
    csv = pd.read_csv(io.StringIO(Path(dl.value.path()).read_text()))
    rows = csv[csv["indicator"] == "footprint_by_origin"].set_index("origin_region")
    assert set(rows["consumer_region"]) == {"DEU"}
    pd.testing.assert_series_equal(rows["value"].sort_index(), fp["DEU"].sort_index(),
                                   check_names=False, rtol=1e-12)
    assert {"indicator", "label", "unit", "account", "variant", "modelled"} <= set(csv.columns)
    assert csv["modelled"].all()


def test_keyboard_reaches_every_control(page: Any, explorer: tuple[str, Workspace]) -> None:
    url, _ws = explorer
    _ready(page, url)
    page.locator("body").focus()
    reached: set[str] = set()
    ids = ", ".join(f"#{c}" for c in CONTROLS)
    for _ in range(200):
        page.keyboard.press("Tab")
        found = page.evaluate(f"() => document.activeElement?.closest('{ids}')?.id ?? null")
        if found:
            reached.add(found)
        if reached == set(CONTROLS):
            break
    assert reached == set(CONTROLS)
    # and a control works from the keyboard alone: the variant, by arrow keys
    page.focus("#variant")
    page.keyboard.press("Enter")  # opens the list, focus on the chosen option
    option = "() => document.activeElement?.getAttribute('value')"
    page.wait_for_function(f"{option} === 'central'")
    page.keyboard.press("ArrowDown")
    second = list(variants(explorer[1].table(), "hours"))[1]
    page.wait_for_function(f"{option} === '{second}'")
    page.keyboard.press("Enter")
    page.wait_for_function(f"() => document.querySelector('#variant').textContent === "
                           f"'{second}'")
    page.keyboard.press("Escape")


def test_spanish_page(browser: Any, default_table: Any) -> None:
    ws = Workspace([("default", lambda _report: default_table)])
    server = serve(create_app(ws, lang="es", region="DEU")).start()
    ws.start()
    try:
        ctx = browser.new_context()
        page = ctx.new_page()
        page.goto(server.url)
        page.wait_for_selector('#figures [data-id="total"]', timeout=60_000)
        t = translator("es")
        assert page.locator("html").get_attribute("lang") == "es"
        assert page.locator("h1").inner_text() == t._("Who works for you")
        total = il.consumption_based(default_table, "hours")["DEU"]
        assert page.locator('#figures [data-id="total"]').inner_text() == t.amount(
            total, "million hours")
        ctx.close()
    finally:
        server.stop()
