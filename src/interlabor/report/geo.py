"""The shipped world map: Natural Earth 1:110m countries as TopoJSON keyed by ISO3.

``interlabor/data/geo/world_110m.json`` is Natural Earth's Admin 0 countries at 1:110m
(public domain, naturalearthdata.com) in the TopoJSON of the npm package world-atlas 2.0.2
(ISC), with ISO 3166-1 alpha-3 ids (``tools/build_world_geometry.py``). plotly.js draws its
geo traces on a base map that it fetches from a CDN (``world_110m.json``) unless
``window.PlotlyGeoAssets.topojson.world_110m`` already holds one: :func:`geo_assets_script`
puts this file there, inline, so that the report and the explorer load nothing from any host.
"""

from __future__ import annotations

import json
from functools import cache

from ..data import data_root

__all__ = ["TOPOJSON_NAME", "geo_assets_script", "mapped_codes", "topojson"]

#: Name plotly.js looks the base map up by (scope ``world``, resolution 110).
TOPOJSON_NAME = "world_110m"


@cache
def _text() -> str:
    return (data_root() / "geo" / "world_110m.json").read_text(encoding="utf-8")


def topojson() -> dict[str, object]:
    """The world map as a TopoJSON dict (objects ``countries`` with ISO3 ids, ``land``)."""
    out: dict[str, object] = json.loads(_text())
    return out


@cache
def mapped_codes() -> frozenset[str]:
    """ISO3 codes drawn on the map (Malta and other small states are not, at 1:110m)."""
    geoms = topojson()["objects"]["countries"]["geometries"]  # type: ignore[index]
    return frozenset(g["id"] for g in geoms if g.get("id"))


def geo_assets_script() -> str:
    """JavaScript that gives plotly.js the base map inline (run before any geo trace draws)."""
    return ("window.PlotlyGeoAssets = window.PlotlyGeoAssets || {topojson: {}};\n"
            f"window.PlotlyGeoAssets.topojson[{json.dumps(TOPOJSON_NAME)}] = {_text()};\n")
