"""The page: self-contained, translated, every number with its unit; the CSV of the explorer."""

from __future__ import annotations

import importlib.util
import re

import pytest

import interlabor as il
from interlabor.explore.app import shown_table
from interlabor.report.html import build_report, plotly_js, write_report
from interlabor.report.views import group_exchange, who_works


@pytest.fixture(scope="module")
def deu(default_table):
    return build_report(default_table, "DEU", table="default")


def _without_bundles(page: str) -> str:
    """The page less the inlined plotly.js (whose source names its authors' sites)."""
    js = plotly_js()
    assert js in page
    return page.replace(js, "")


def test_page_is_self_contained(deu) -> None:
    rest = _without_bundles(deu.html)
    assert "http://" not in rest and "https://" not in rest
    assert not re.search(r"<(script|img|link|iframe)[^>]+(src|href)=", rest)
    assert "@import" not in rest and "url(" not in rest
    assert "window.PlotlyGeoAssets.topojson[\"world_110m\"]" in rest  # the map, inline
    assert rest.count("Plotly.newPlot") == len(deu.figures)


def test_every_number_has_a_unit_and_the_caveat_is_there(deu, default_table) -> None:
    nums = re.findall(r'data-id="([^"]+)" data-value="([^"]+)" data-unit="([^"]*)"', deu.html)
    assert len(nums) >= 3 + 2 * 6
    assert all(unit for _i, _v, unit in nums)
    assert "id='caveat'" in deu.html and "Modelled hours" in deu.html
    assert "without rest of the world" in deu.html
    assert "<html lang=\"en\">" in deu.html and "@media print" in deu.html
    for name in deu.figures:
        assert f'id="fig-{name}"' in deu.html and 'role="img"' in deu.html
    shown = dict((i, float(v)) for i, v, _u in nums)
    assert shown["total"] == pytest.approx(
        il.consumption_based(default_table, "hours")["DEU"], rel=1e-12)


def test_chokepoints_section_only_with_the_shocks_module(deu) -> None:
    present = importlib.util.find_spec("interlabor.shocks") is not None
    assert ("chokepoints-section" in deu.html) == present
    assert ("chokepoints" in deu.figures) == present


def test_spanish_report(default_table) -> None:
    rep = build_report(default_table, "DEU", lang="es")
    assert '<html lang="es">' in rep.html
    assert "¿Quién trabaja para Alemania?" in rep.html
    assert rep.figures["map"].layout.title.text.startswith(
        "Horas de trabajo en el extranjero detrás del consumo de Alemania, 2011")
    assert "mil millones de horas" in rep.html
    assert rep.figures["map"].layout.separators == ",."


def test_write_report_is_atomic_html(deu, tmp_path) -> None:
    files = write_report(deu, tmp_path / "deu.html", png=False)
    assert files == [tmp_path / "deu.html"]
    assert files[0].read_text(encoding="utf-8") == deu.html
    assert not list(tmp_path.glob(".*.tmp"))


def test_shown_table_is_tidy_and_equals_the_views(default_table) -> None:
    w = who_works(default_table, "CHN", variant="calibration:max")
    ex = group_exchange(default_table, "CHN", variant="calibration:max")
    t = shown_table(w, ex)
    assert list(t.columns[:6]) == ["indicator", "label", "unit", "account", "variant",
                                   "modelled"]
    origin = t[t.indicator == "footprint_by_origin"].set_index("origin_region")["value"]
    assert origin.sort_index().to_dict() == pytest.approx(w.by_origin.sort_index().to_dict())
    sec = t[t.indicator == "footprint_by_origin_sector"]
    assert sec["value"].sum() == pytest.approx(w.total, rel=1e-12)
    net = t[(t.indicator == "net_hours") & (t.part == "all regions")]["value"].item()
    assert net == pytest.approx(ex.table.loc["net_hours", "value"], rel=1e-12)
    assert set(t["variant"]) == {"calibration:max"} and t["modelled"].all()
