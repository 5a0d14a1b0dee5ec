"""The figures: palette, scales, legend entries for what the map cannot paint, alt text."""

from __future__ import annotations

import numpy as np
import pytest

from interlabor.report import charts
from interlabor.report.geo import mapped_codes, topojson
from interlabor.report.i18n import translator
from interlabor.report.views import group_exchange, who_works


@pytest.fixture(scope="module")
def deu(default_table):
    return who_works(default_table, "DEU")


def test_map_paints_countries_only(deu) -> None:
    fig = charts.world_map(deu, translator("en"))
    main = fig.data[0]
    assert main.type == "choropleth" and main.locationmode == "ISO-3"
    locs = set(main.locations)
    assert "RoW" not in locs and "DEU" not in locs and "MLT" not in locs
    assert locs <= mapped_codes()
    np.testing.assert_allclose(10 ** np.asarray(main.z),
                               deu.by_origin[list(main.locations)].to_numpy() / 1e3,
                               rtol=1e-12)
    legend = [d.name for d in fig.data if d.type == "scattergeo"]
    row = translator("en").amount(deu.by_origin["RoW"], deu.unit)
    assert f"Rest of the world: {row} (not on the map)" in legend
    assert any(n.startswith("Malta:") and "too small" in n for n in legend)
    assert any(n.startswith("Germany itself:") for n in legend)
    assert "Hours of work abroad behind Germany's consumption, 2011" in fig.layout.title.text
    assert "World map" in fig.layout.meta["alt"]


def test_geometry_is_iso3_natural_earth() -> None:
    topo = topojson()
    ids = [g.get("id") for g in topo["objects"]["countries"]["geometries"]]
    assert len(ids) == 177 and {"DEU", "CHN", "TWN", "FRA", "NOR", "XKX"} <= set(ids)
    assert "Natural Earth" in topo["note"]


def test_bars_use_the_colour_blind_safe_palette(deu) -> None:
    fig = charts.origin_bars(deu, translator("en"))
    colors = list(fig.data[0].marker.color)
    labels = list(fig.data[0].y)
    assert colors[labels.index("Germany")] == charts.DOMESTIC
    assert set(colors) == {charts.DOMESTIC, charts.ABROAD}
    assert fig.layout.xaxis.title.text == "billion hours"
    st = charts.sector_bars(deu, translator("en"))
    assert [d.marker.color for d in st.data] == [charts.DOMESTIC, charts.ABROAD]
    assert sum(np.sum(d.x) for d in st.data) <= deu.total / 1e3 * (1 + 1e-12)


def test_exchange_and_compare_charts(default_table, deu) -> None:
    t = translator("en")
    ex = group_exchange(default_table, "DEU")
    fig = charts.exchange_bars(ex, t, year=2011)
    assert [d.name for d in fig.data] == ["all regions", "without rest of the world"]
    given = ex.table.loc["hours_given"]
    assert fig.data[0].y[0] == pytest.approx(given["value"] / 1e3, rel=1e-12)
    assert fig.data[0].error_y.array[0] == pytest.approx(
        (given["high"] - given["value"]) / 1e3, rel=1e-12)
    chn = who_works(default_table, "CHN")
    cmp_ = charts.compare_bars({"DEU": deu, "CHN": chn}, t)
    assert cmp_.data[0].x[-1] == pytest.approx(100 * (1 - deu.share_abroad), rel=1e-12)
    assert "Germany and China" in cmp_.layout.title.text
