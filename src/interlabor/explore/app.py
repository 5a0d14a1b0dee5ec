"""The explorer, a local Dash app: the report's charts, live, for any region, year and variant.

:func:`create_app` wires the page (:mod:`interlabor.explore.layout`) to a
:class:`~interlabor.explore.state.Workspace`: while the tables load, a progress bar; then each
choice of region, year, account or variant redraws the same figures as the report
(:mod:`interlabor.report.charts`), the key figures and the exchange table, the series over the
loaded years and the comparison with a second region; the download button sends what is
shown as a tidy CSV. :func:`serve` runs it on the loopback address with werkzeug's server (the
one Dash uses), on a free port.

Why Dash: it is plotly's own app framework, so the report's plotly figures are shown as they
are (one figure code path), it serves its JavaScript from the installed package (the app works
offline), and it is maintained by the authors of plotly.
"""

from __future__ import annotations

import socket
import threading
import time
from typing import Any

import pandas as pd

from ..errors import MissingDependencyError
from ..io.output import tidy
from ..report import charts
from ..report._variants import CENTRAL, variants
from ..report.html import Item, exchange_items, key_figures
from ..report.i18n import Translator, translator
from ..report.views import Exchange, WhoWorks
from .layout import GRAPH_CONFIG, index_string, page
from .state import Workspace

__all__ = ["LOOPBACK", "Server", "create_app", "free_port", "serve", "shown_table"]

LOOPBACK = "127.0.0.1"


def _dash() -> Any:
    try:
        import dash
    except ModuleNotFoundError as exc:  # pragma: no cover - depends on the environment
        raise MissingDependencyError("the explorer needs Dash: pip install "
                                     "'interlabor[explore]'", name="dash") from exc
    return dash


def _items(html: Any, items: list[Item]) -> list[Any]:
    out = []
    for it in items:
        parts = [html.Span(it.label, className="label"),
                 html.Span(it.text, className="num", **{"data-id": it.ident,
                                                        "data-value": repr(it.value),
                                                        "data-unit": it.unit})]
        if it.range_text:
            parts.append(html.Span(it.range_text, className="range"))
        out.append(html.Li(parts))
    return out


def _exchange_table(html: Any, t: Translator, ex: Exchange) -> list[Any]:
    heads, rows = exchange_items(t, ex)
    head = html.Thead(html.Tr([html.Th(h, className="n" if i else "")
                               for i, h in enumerate(heads)]))
    body = html.Tbody([html.Tr([html.Td(label)] + [
        html.Td([html.Span(c.text, className="num", **{"data-id": c.ident,
                                                       "data-value": repr(c.value),
                                                       "data-unit": c.unit}),
                 html.Span(c.range_text, className="range")], className="n")
        for c in cells]) for label, cells in rows])
    return [head, body]


def shown_table(w: WhoWorks, ex: Exchange | None) -> pd.DataFrame:
    """What the explorer shows for a region, as one tidy table (the CSV download).

    Rows: the footprint by origin region (indicator ``footprint_by_origin``), by origin sector
    with ``part`` domestic or abroad (``footprint_by_origin_sector``, summed over origin
    regions), and the exchange rows (their ids; ``part`` ``all regions`` or
    ``countries only``), in the units given in ``unit``.
    """
    common: dict[str, Any] = {"account": w.account, "variant": w.variant,
                              "modelled": w.modelled}
    origin = pd.DataFrame({"year": w.year, "consumer_region": w.region,
                           "origin_region": w.by_origin.index, "value": w.by_origin.to_numpy()})
    frames = [tidy(origin, indicator="footprint_by_origin", unit=w.unit, **common)]
    sec = w.by_sector.reset_index().melt(id_vars=["sector", "name"],
                                         value_vars=["domestic", "abroad"], var_name="part")
    sec = sec.rename(columns={"sector": "origin_sector", "name": "sector_name"})
    sec.insert(0, "consumer_region", w.region)
    sec.insert(0, "year", w.year)
    frames.append(tidy(sec, indicator="footprint_by_origin_sector", unit=w.unit,
                       label=f"consumption-based {w.account} by origin sector (all origin "
                       "regions), domestic or abroad", **common))
    if ex is not None:
        for sfx, part in (("", "all regions"), ("_countries", "countries only")):
            rows = ex.table.reset_index()[["indicator", "label", "unit", f"value{sfx}"]]
            rows = rows.rename(columns={f"value{sfx}": "value"})
            rows.insert(0, "part", part)
            rows.insert(0, "year", w.year)
            frames.append(tidy(rows, **common))
    return pd.concat(frames, ignore_index=True)


def create_app(ws: Workspace, *, lang: str | None = None, region: str | None = None,
               host: str = LOOPBACK) -> Any:
    """The Dash app of a workspace (start loading with ``ws.start()``).

    Parameters
    ----------
    ws : Workspace
    lang : str, optional
        Language of the page (:data:`interlabor.report.i18n.LANGUAGES`).
    region : str, optional
        Region shown first (default: the first of the table).
    host : str
        Address the app is served on (said on the page).

    Returns
    -------
    dash.Dash
    """
    dash = _dash()
    from dash import Input, Output, State, dcc, html, no_update

    t = translator(lang)
    app = dash.Dash(__name__, title=t._("Who works for you"), serve_locally=True,
                    update_title=None, assets_ignore=".*")
    app.index_string = index_string(t)
    app.layout = page(t, host=host, several_years=len(ws.loaders) > 1)
    app.server.config["interlabor_timings"] = []

    @app.callback(Output("load-bar", "value"), Output("load-bar", "max"),
                  Output("load-text", "children"), Output("loading", "hidden"),
                  Output("poll", "disabled"), Output("ready", "data"),
                  Output("region", "options"), Output("region", "value"),
                  Output("year", "options"), Output("year", "value"),
                  Output("account", "options"), Output("account", "value"),
                  Output("compare", "options"), Output("compare", "value"),
                  Input("poll", "n_intervals"))
    def poll(_n: int) -> tuple[Any, ...]:
        s = ws.status
        if not s.ready:
            text = s.error or t._("Loading: {message}", message=s.message)
            return (str(s.done), str(max(s.total, 1)), text, False, bool(s.error), False,
                    *(no_update,) * 8)
        mrio = ws.table()
        regions = [{"label": f"{t.region(r)} ({r})", "value": r} for r in mrio.regions]
        first = region if region in mrio.regions else mrio.regions[0]
        other = next((r for r in ("CHN", "USA", "IND") if r in mrio.regions and r != first),
                     mrio.regions[-1])
        years = [{"label": y, "value": y} for y in ws.years]
        accounts = ws.accounts()
        acc = ws.account if ws.account in accounts else accounts[0]
        return ("1", "1", t._("Ready."), True, True, True, regions, first, years,
                ws.years[-1], [{"label": a, "value": a} for a in accounts], acc, regions, other)

    @app.callback(Output("variant", "options"), Output("variant", "value"),
                  Input("account", "value"), Input("year", "value"), State("variant", "value"))
    def variant_options(account: str | None, year: str | None, current: str | None
                        ) -> tuple[Any, Any]:
        if not account or not year:
            return [], None
        names = list(variants(ws.table(year), account))
        opts = [{"label": t._(v), "value": v} for v in names]
        return opts, current if current in names else CENTRAL

    choice = [Input("region", "value"), Input("year", "value"), Input("account", "value"),
              Input("variant", "value")]

    @app.callback(Output("figures", "children"), Output("caveat", "children"),
                  Output("caveat", "hidden"), Output("map", "figure"),
                  Output("map-wrap", "aria-label"), *choice, prevent_initial_call=True)
    def show_map(region_: str, year: str, account: str, variant: str) -> tuple[Any, ...]:
        if not (region_ and year and account and variant):
            return (no_update,) * 5
        t0 = time.perf_counter()
        w = ws.who(year, region_, account, variant)
        fig = charts.world_map(w, t)
        caveat = t._("Modelled hours: the hours in these tables are illustrative estimates, "
                     "not published statistics.")
        app.server.config["interlabor_timings"].append(time.perf_counter() - t0)
        return (_items(html, key_figures(t, w)), caveat, not w.modelled, fig,
                fig.layout.meta["alt"])

    @app.callback(Output("origins", "figure"), Output("origins-wrap", "aria-label"),
                  Output("sectors", "figure"), Output("sectors-wrap", "aria-label"),
                  Output("breakdown", "children"), *choice, prevent_initial_call=True)
    def show_bars(region_: str, year: str, account: str, variant: str) -> tuple[Any, ...]:
        if not (region_ and year and account and variant):
            return (no_update,) * 5
        w = ws.who(year, region_, account, variant)
        fo, fs = charts.origin_bars(w, t), charts.sector_bars(w, t)
        breakdown = []
        for part in w.breakdown:
            fb = charts.breakdown_bars(w, t, part)
            breakdown.append(html.Div(dcc.Graph(figure=fb, config=GRAPH_CONFIG), role="img",
                                      tabIndex="0", **{"aria-label": fb.layout.meta["alt"]}))
        return fo, fo.layout.meta["alt"], fs, fs.layout.meta["alt"], breakdown

    @app.callback(Output("paths", "figure"), Output("paths-wrap", "aria-label"), *choice,
                  prevent_initial_call=True)
    def show_paths(region_: str, year: str, account: str, variant: str) -> tuple[Any, ...]:
        if not (region_ and year and account and variant):
            return (no_update,) * 2
        mrio = ws.table(year)
        fig = charts.path_sankey(ws.paths(year, region_, account, variant), t, region=region_,
                                 sector_names=mrio.sector_name_of, year=mrio.year)
        return fig, fig.layout.meta["alt"]

    @app.callback(Output("group-key", "data"), *choice, State("group-key", "data"),
                  prevent_initial_call=True)
    def group_key(region_: str, year: str, account: str, variant: str, current: Any) -> Any:
        """The exchange is the same for every region of a group: redraw it only on a change."""
        if not (region_ and year and account and variant):
            return no_update
        try:
            group = str(ws.exchange(year, region_, account, variant).group)
        except Exception:  # noqa: BLE001 - no exchange for this account: say so once
            group = ""
        key = [group, year, account, variant, region_ if not group else ""]
        return no_update if key == current else key

    @app.callback(Output("exchange-intro", "children"), Output("exchange-table", "children"),
                  Output("exchange", "figure"), Output("exchange-wrap", "aria-label"),
                  Input("group-key", "data"), State("region", "value"),
                  prevent_initial_call=True)
    def show_exchange(key: list[str] | None, region_: str) -> tuple[Any, ...]:
        if not key:
            return (no_update,) * 4
        group, year, account, variant, _r = key
        if not group:
            return t._("No exchange for this account."), [], {}, ""
        ex = ws.exchange(year, region_, account, variant)
        fx = charts.exchange_bars(ex, t, year=ws.table(year).year)
        intro = t._("The region shown is in the {group} ({grouping}).", group=t._(ex.group),
                    grouping=ex.grouping)
        return intro, _exchange_table(html, t, ex), fx, fx.layout.meta["alt"]

    @app.callback(Output("series", "figure"), Output("series-wrap", "aria-label"), *choice,
                  prevent_initial_call=True)
    def show_series(region_: str, year: str, account: str, variant: str) -> tuple[Any, ...]:
        if not (region_ and year and account and variant) or len(ws.years) < 2:
            return no_update, no_update
        w = ws.who(year, region_, account, variant)
        series = ws.series(region_, account, variant)
        fig = charts.series_lines(series, t, region=region_, unit=w.unit, modelled=w.modelled)
        return fig, fig.layout.meta["alt"]

    @app.callback(Output("compare-figures", "children"), Output("compare-chart", "figure"),
                  Output("compare-chart-wrap", "aria-label"), Input("region", "value"),
                  Input("compare", "value"), Input("year", "value"),
                  Input("account", "value"), Input("variant", "value"),
                  prevent_initial_call=True)
    def compare(a: str, b: str, year: str, account: str, variant: str) -> tuple[Any, ...]:
        if not (a and b and year and account and variant):
            return (no_update,) * 3
        views = {r: ws.who(year, r, account, variant) for r in dict.fromkeys([a, b])}
        fig = charts.compare_bars(views, t)
        items = []
        for r, w in views.items():
            for it in key_figures(t, w)[:3]:
                items.append(Item(f"{t.region(r)}: {it.label}", f"{r}_{it.ident}", it.value,
                                  it.unit, it.text, it.range_text))
        return _items(html, items), fig, fig.layout.meta["alt"]

    @app.callback(Output("download", "data"), Input("download-btn", "n_clicks"),
                  State("region", "value"), State("year", "value"),
                  State("account", "value"), State("variant", "value"),
                  prevent_initial_call=True)
    def download(_n: int, region_: str, year: str, account: str, variant: str) -> Any:
        w = ws.who(year, region_, account, variant)
        try:
            ex = ws.exchange(year, region_, account, variant)
        except Exception:  # noqa: BLE001 - no exchange for this account
            ex = None
        name = f"interlabor_{region_}_{year}_{account.replace('/', '_')}_{variant}.csv"
        return dcc.send_data_frame(shown_table(w, ex).to_csv, name.replace(":", "-"),
                                   index=False)

    return app


def free_port(host: str = LOOPBACK) -> int:
    """A port that is free on ``host`` now (the system picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


class Server:
    """The app on werkzeug's threaded server (the one Dash runs), stoppable.

    Attributes
    ----------
    url : str
        ``http://HOST:PORT/``.
    """

    def __init__(self, app: Any, host: str = LOOPBACK, port: int = 0) -> None:
        from werkzeug.serving import WSGIRequestHandler, make_server

        class Quiet(WSGIRequestHandler):
            """No line per request: nothing below the command line prints."""

            def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
                return None

        self.host = host
        self.port = port or free_port(host)
        self._server = make_server(host, self.port, app.server, threaded=True,
                                   request_handler=Quiet)
        self.url = f"http://{host}:{self.port}/"
        self._thread: threading.Thread | None = None

    def start(self) -> Server:
        """Serve in a daemon thread."""
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True,
                                        name="interlabor-explore")
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        """Serve in this thread until interrupted."""
        self._server.serve_forever()

    def stop(self) -> None:
        """Stop serving."""
        self._server.shutdown()
        if self._thread is not None:
            self._thread.join(timeout=5)


def serve(app: Any, *, host: str = LOOPBACK, port: int = 0) -> Server:
    """A :class:`Server` for ``app`` on ``host`` (loopback by default) and a free port."""
    return Server(app, host, port)
