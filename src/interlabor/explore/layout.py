"""The explorer's page: controls, sections and the page shell (Dash components, no callbacks).

Every control has a visible label tied to it (``htmlFor``), the charts sit in ``role="img"``
wrappers whose ``aria-label`` the callbacks keep up to date, and the loading bar is a live
region. The page shell inlines the world map for plotly.js (no base map is fetched) and says
that the app runs on this computer only.
"""

from __future__ import annotations

from typing import Any

from ..report.charts import ABROAD, DOMESTIC
from ..report.geo import geo_assets_script
from ..report.i18n import Translator

__all__ = ["CONTROLS", "CSS", "GRAPH_CONFIG", "index_string", "page"]

#: plotly's toolbar is off: its buttons would be dozens of tab stops between the controls.
GRAPH_CONFIG: Any = {"displayModeBar": False, "responsive": True}

#: Ids of the controls, in keyboard order.
CONTROLS = ("region", "year", "account", "variant", "download-btn", "compare")

CSS = f"""
body {{ margin: 0; color: #222; font-family: system-ui, -apple-system, 'Segoe UI', Roboto,
  'Helvetica Neue', Arial, sans-serif; line-height: 1.4; }}
main {{ max-width: 1100px; margin: 0 auto; padding: 1rem; }}
h1 {{ margin: .2rem 0; }} h2 {{ border-bottom: 1px solid #ddd; margin-top: 1.8rem; }}
.note {{ color: #555; }}
.caveat {{ background: #fff4e0; color: #8a5300; border-left: 4px solid {DOMESTIC};
  padding: .4rem .8rem; }}
.controls {{ display: grid; grid-template-columns: repeat(auto-fit, minmax(13rem, 1fr));
  gap: .6rem 1rem; align-items: end; background: #f6f8fa; padding: .8rem; border-radius: 6px;
  position: sticky; top: 0; z-index: 10; }}
.controls label {{ display: block; font-weight: 600; font-size: .9rem; margin-bottom: .2rem; }}
.figures {{ display: grid; grid-template-columns: repeat(auto-fit, minmax(12rem, 1fr));
  gap: .8rem; list-style: none; padding: 0; }}
.figures li {{ border: 1px solid #ddd; border-radius: 6px; padding: .5rem .8rem; }}
.figures .label {{ display: block; color: #555; font-size: .9rem; }}
.figures .num {{ display: block; font-size: 1.3rem; font-weight: 600; }}
.range {{ display: block; color: #555; font-size: .85rem; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ border-bottom: 1px solid #ddd; padding: .3rem .5rem; text-align: left; }}
td.n, th.n {{ text-align: right; }}
button {{ font: inherit; padding: .45rem .9rem; border: 2px solid {ABROAD}; background: #fff;
  color: {ABROAD}; border-radius: 4px; cursor: pointer; }}
:focus-visible {{ outline: 3px solid {DOMESTIC} !important; outline-offset: 2px; }}
#loading {{ margin: .6rem 0; }} #loading progress {{ width: 100%; height: 1rem; }}
.grid2 {{ display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; }}
@media (max-width: 800px) {{ .grid2 {{ grid-template-columns: 1fr; }} }}
"""


def index_string(t: Translator) -> str:
    """Dash's page shell with the world map and the stylesheet inline."""
    return (f'<!DOCTYPE html>\n<html lang="{t.lang}">\n<head>\n{{%metas%}}\n<title>{{%title%}}'
            f"</title>\n{{%favicon%}}\n{{%css%}}\n<style>{CSS}</style>\n<script>\n"
            f"{geo_assets_script()}</script>\n</head>\n<body>\n{{%app_entry%}}\n<footer>\n"
            "{%config%}\n{%scripts%}\n{%renderer%}\n</footer>\n</body>\n</html>")


def _aria(value: str, name: str = "aria-label") -> dict[str, Any]:
    """An ``aria-*`` attribute as keyword arguments of a Dash component."""
    return {name: value}


def _chart(dcc: Any, html: Any, ident: str, height: int = 420) -> Any:
    return html.Div(dcc.Graph(id=ident, config=GRAPH_CONFIG,
                              style={"height": f"{height}px"}),
                    id=f"{ident}-wrap", role="img", tabIndex="0", **_aria(""))


def _control(dcc: Any, html: Any, ident: str, label: str, **kw: Any) -> Any:
    return html.Div([html.Label(label, htmlFor=ident, id=f"{ident}-label"),
                     dcc.Dropdown(id=ident, clearable=False, **kw)])


def page(t: Translator, *, host: str, several_years: bool) -> Any:
    """The whole layout (controls start empty; the loading callback fills them)."""
    from dash import dcc, html

    local = t._("This explorer runs on this computer only ({host}); nothing you choose is sent "
                "anywhere.", host=host)
    return html.Main([
        html.Header([
            html.H1(t._("Who works for you")),
            html.P(t._("Pick a region, a year, an account and a variant: the charts show whose "
                       "work stands behind that region's consumption, and how unequal the "
                       "exchange is."), className="note"),
            html.P(local, id="local-note", className="note"),
        ]),
        html.Div([html.Progress(id="load-bar", value="0", max="1"),
                  html.Span(t._("Loading…"), id="load-text")],
                 id="loading", role="status", **_aria("polite", "aria-live")),
        dcc.Interval(id="poll", interval=400, n_intervals=0),
        dcc.Store(id="ready", data=False),
        dcc.Store(id="group-key", data=None),
        html.Div([
            _control(dcc, html, "region", t._("Region")),
            _control(dcc, html, "year", t._("Year")),
            _control(dcc, html, "account", t._("Account")),
            _control(dcc, html, "variant", t._("Variant")),
            html.Div([html.Button(t._("Download what is shown (CSV)"), id="download-btn",
                                  n_clicks=0),
                      dcc.Download(id="download")]),
        ], className="controls", role="group", **_aria(t._("Choices"))),
        html.P(id="caveat", className="caveat", hidden=True),
        html.Section([
            html.H2(t._("Who works for you"), id="who-title"),
            html.Ul(id="figures", className="figures"),
            _chart(dcc, html, "map", 480),
            html.Div([_chart(dcc, html, "origins", 460), _chart(dcc, html, "sectors", 460)],
                     className="grid2"),
            html.Div(id="breakdown"),
        ], id="who"),
        html.Section([
            html.H2(t._("Supply chains")),
            html.P(t._("The largest paths of work behind the region's consumption, from where "
                       "the work is done to final demand (structural path analysis, "
                       "'interlabor paths')."), className="note"),
            _chart(dcc, html, "paths", 440),
        ], id="paths-section"),
        html.Section([
            html.H2(t._("Unequal exchange")),
            html.P(id="exchange-intro"),
            html.Table(id="exchange-table"),
            _chart(dcc, html, "exchange", 400),
        ], id="exchange-section"),
        html.Section([
            html.H2(t._("Over the years")),
            _chart(dcc, html, "series", 380),
        ], id="series-section", hidden=not several_years),
        html.Section([
            html.H2(t._("Compare two regions")),
            _control(dcc, html, "compare", t._("Compare with")),
            html.Ul(id="compare-figures", className="figures"),
            _chart(dcc, html, "compare-chart", 520),
        ], id="compare-section"),
        html.Footer(html.P(t._("Method, sources and the modelled-hours caveat: write the "
                               "report of a region with 'interlabor report' (docs/report.md)."),
                           className="note")),
    ])
