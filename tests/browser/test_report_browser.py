"""The report in Chromium: it renders with no error, loads nothing, shows the API's numbers."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import interlabor as il
from interlabor.exchange_report import summary_range
from interlabor.report.html import build_report, write_report
from interlabor.report.i18n import translator

from .conftest import Watch, trace

pytestmark = pytest.mark.slow

CHARTS_DRAWN = """() => [...document.querySelectorAll('.js-plotly-plot')]
    .every(d => d._fullLayout && d.querySelector('.main-svg'))"""


@pytest.fixture(scope="module")
def deu(default_table: Any, tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Path]:
    rep = build_report(default_table, "DEU", table="default")
    out = tmp_path_factory.mktemp("report") / "deu.html"
    write_report(rep, out, png=False)
    return rep, out


def _open(page: Any, path: Path, allowed: str = "") -> Watch:
    watch = Watch(page, allowed)
    page.goto(path.as_uri())
    page.wait_for_function(CHARTS_DRAWN, timeout=30_000)
    return watch


def test_report_renders_offline_without_errors(page: Any, deu: tuple[Any, Path],
                                               artifacts: Path) -> None:
    rep, path = deu
    watch = _open(page, path)
    assert watch.errors == []
    assert watch.remote == [], f"the report asked a host for {watch.remote}"
    assert all(u.startswith(("file://", "data:", "blob:", "about:")) for u in watch.requests)
    # the world map is drawn from the inlined geometry: one path per country with data
    n_paths = page.locator("#chart-map path.choroplethlocation").count()
    assert n_paths >= 35
    # every chart has an accessible label and a caption
    for name in rep.figures:
        label = page.locator(f"#fig-{name} .chart").get_attribute("aria-label")
        assert label and len(label) > 20
    page.screenshot(path=str(artifacts / "report_DEU.png"), full_page=True)


def test_numbers_shown_equal_the_api(page: Any, deu: tuple[Any, Path],
                                     default_table: Any) -> None:
    _rep, path = deu
    _open(page, path)
    t = translator("en")
    by_origin = il.consumption_based(default_table, "hours", by="origin")["DEU"]
    total = float(by_origin.sum())
    abroad = total - float(by_origin["DEU"])

    def shown(ident: str) -> tuple[float, str]:
        el = page.locator(f'[data-id="{ident}"]').first
        return float(el.get_attribute("data-value")), el.inner_text()

    for ident, expected, unit in (("total", total, "million hours"),
                                  ("abroad", abroad, "million hours")):
        value, text = shown(ident)
        assert value == pytest.approx(expected, rel=1e-12)
        assert text == t.amount(expected, unit)
    value, text = shown("share_abroad")
    assert value == pytest.approx(abroad / total, rel=1e-12)
    assert text == t.percent(abroad / total)
    ex = summary_range(default_table, "north-south", hours="hours")
    for ident in ("hours_given", "net_hours", "gross_hours_ratio"):
        assert shown(ident)[0] == pytest.approx(ex.loc[ident, "value"], rel=1e-12)
    # the bars: the largest origins, scaled to billion hours
    bars = trace(page, "chart-origins", keys=("x",))
    top = by_origin.sort_values(ascending=False).head(len(bars["x"]))
    np.testing.assert_allclose(bars["x"][::-1], top.to_numpy() / 1e3, rtol=1e-12)
    # the map: colour = log10 of billion hours of each foreign origin
    geo = trace(page, "chart-map", keys=("locations", "z"))
    for code, z in zip(geo["locations"], geo["z"], strict=True):
        assert math.isclose(10 ** z, by_origin[code] / 1e3, rel_tol=1e-9)
    assert "DEU" not in geo["locations"] and "RoW" not in geo["locations"]


def test_print_stylesheet_hides_the_toolbars(page: Any, deu: tuple[Any, Path]) -> None:
    _open(page, deu[1])
    page.emulate_media(media="print")
    assert page.evaluate("() => getComputedStyle(document.querySelector('.modebar-container'))"
                         ".display") == "none"
