"""The one figure code path of the report and the explorer: plotly figures.

Each function takes the numbers of :mod:`interlabor.report.views` and a
:class:`~interlabor.report.i18n.Translator` and returns a ``plotly.graph_objects.Figure``
with a plain-language title, axes in readable units ("billion hours", "%"), hover text with
every number and its unit, and an alternative text in ``layout.meta["alt"]`` (the report
puts it in the chart's ``aria-label``, the explorer too). The report renders the figures
inline (:mod:`interlabor.report.html`), the explorer live (:mod:`interlabor.explore`); the
PNGs beside the report are the same figures exported by kaleido.

Colours are colour-blind safe: Okabe & Ito's palette (domestic orange, abroad blue, others
grey) and a sequential ColorBrewer ``YlGnBu`` scale for the map.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from ..errors import MissingDependencyError
from .geo import mapped_codes
from .i18n import Translator
from .views import DIRECT, Exchange, WhoWorks, is_country

__all__ = ["ABROAD", "DOMESTIC", "OTHER", "breakdown_bars", "compare_bars", "exchange_bars",
           "go", "origin_bars", "sector_bars", "series_lines", "title_of", "world_map",
           "chokepoint_bars", "path_sankey"]

#: Okabe-Ito colours (colour-blind safe).
DOMESTIC, ABROAD, OTHER, ACCENT, RANGE = "#E69F00", "#0072B2", "#999999", "#D55E00", "#56B4E9"
#: Sequential, colour-blind safe (ColorBrewer YlGnBu).
SEQUENTIAL = ["#ffffd9", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#0c2c84"]
#: A legend under the plot (the subtitle with the caveat stays readable above it).
BELOW = {"orientation": "h", "y": -0.22, "yanchor": "top", "x": 0}
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"


def go() -> Any:
    """``plotly.graph_objects``, or a clear error naming the extra that brings it."""
    try:
        import plotly.graph_objects as pgo
    except ModuleNotFoundError as exc:  # pragma: no cover - depends on the environment
        raise MissingDependencyError("charts need plotly: pip install 'interlabor[report]'",
                                     name="plotly") from exc
    return pgo


def _separators(t: Translator) -> str:
    """Plotly's ``separators`` (decimal, then thousands) of the language."""
    from babel.numbers import get_decimal_symbol, get_group_symbol

    return str(get_decimal_symbol(t.lang)) + str(get_group_symbol(t.lang))


def _layout(fig: Any, t: Translator, title: str, alt: str, *, height: int = 420,
            **more: Any) -> Any:
    fig.update_layout(
        title={"text": title, "x": 0.0, "xanchor": "left", "font": {"size": 16}},
        font={"family": FONT, "size": 12, "color": "#222"}, height=height,
        margin={"l": 10, "r": 10, "t": 60, "b": 40}, paper_bgcolor="white",
        plot_bgcolor="white", meta={"alt": alt}, separators=_separators(t), **more)
    return fig


def _year(w: WhoWorks | Exchange | None, year: int | None = None) -> str:
    y = year if year is not None else getattr(w, "year", None)
    return f", {y}" if y else ""


def _kind(unit: str) -> str:
    from ..units import parse_unit

    try:
        u = parse_unit(unit)
    except Exception:  # noqa: BLE001 - an unknown unit is shown as it is written
        return ""
    return "money" if u.monetary else u.kind


def title_of(what: str, w: WhoWorks, t: Translator) -> str:
    """Plain-language titles: ``Hours of work abroad behind Germany's consumption, 2011``."""
    region, year = t.region(w.region), _year(w)
    hours = _kind(w.unit) == "time worked"
    persons = _kind(w.unit) == "persons"
    if what == "map":
        if hours:
            return t._("Hours of work abroad behind {region}'s consumption{year}",
                       region=region, year=year)
        if persons:
            return t._("Workers abroad behind {region}'s consumption{year}", region=region,
                       year=year)
        return t._("{account} abroad behind {region}'s consumption{year}",
                   account=w.central, region=region, year=year)
    if what == "origins":
        return t._("Whose work {region} consumes: the largest origins{year}", region=region,
                   year=year) if hours or persons else t._(
            "Where {region}'s consumption-based {account} comes from{year}",
            account=w.central, region=region, year=year)
    if what == "sectors":
        return t._("In which industries the work for {region}'s consumption is done{year}",
                   region=region, year=year)
    if what == "skill":
        return t._("Work for {region}'s consumption by skill level{year}", region=region,
                   year=year)
    if what == "gender":
        return t._("Work for {region}'s consumption by gender{year}", region=region, year=year)
    raise ValueError(f"unknown chart {what!r}")


def _modelled(w: WhoWorks | Exchange, t: Translator) -> str:
    return t._("modelled hours: illustrative estimates") if w.modelled else ""


def world_map(w: WhoWorks, t: Translator) -> Any:
    """Choropleth of the region's consumption-based account by origin country (abroad).

    The region itself is drawn in a neutral colour and named in the legend with its domestic
    amount; aggregate regions (RoW) and countries too small for the 1:110m map (Malta) are
    legend entries with their amounts, never painted on a country. Colours are on a log
    scale (the origins span several orders of magnitude), labelled in readable units.
    """
    pgo = go()
    s = w.by_origin
    factor, unit = t.scale(s.to_numpy(), w.unit)
    drawn = mapped_codes()
    foreign = s[(s.index != w.region) & s.index.isin(drawn) & (s > 0)]
    fig = pgo.Figure()
    hover = [f"{t.region(c)}: {t.amount(v, w.unit)}" for c, v in foreign.items()]
    if len(foreign):
        z = np.log10(foreign.to_numpy() * factor)
        lo, hi = float(z.min()), float(z.max())
        ticks = list(range(math.ceil(lo), math.floor(hi) + 1))
        fig.add_trace(pgo.Choropleth(
            locations=list(foreign.index), z=z, locationmode="ISO-3", text=hover,
            hovertemplate="%{text}<extra></extra>", name=t._("abroad"),
            colorscale=[[i / (len(SEQUENTIAL) - 1), c] for i, c in enumerate(SEQUENTIAL)],
            zmin=lo, zmax=hi, marker={"line": {"color": "white", "width": 0.5}},
            colorbar={"title": {"text": unit}, "tickvals": ticks,
                      "ticktext": [t.number(10.0 ** k) for k in ticks], "len": 0.8}))
    legend: list[tuple[str, str]] = []
    if w.region in drawn:
        fig.add_trace(pgo.Choropleth(
            locations=[w.region], z=[0], locationmode="ISO-3", showscale=False,
            colorscale=[[0, "#555555"], [1, "#555555"]], name=t.region(w.region),
            text=[t._("{region} itself: {amount} (domestic)", region=t.region(w.region),
                      amount=t.amount(w.domestic, w.unit))],
            hovertemplate="%{text}<extra></extra>", showlegend=False))
        legend.append(("#555555", t._("{region} itself: {amount} (domestic)",
                                       region=t.region(w.region),
                                       amount=t.amount(w.domestic, w.unit))))
    for code, v in s.items():
        if code == w.region or code in drawn or v <= 0:
            continue
        why = t._("not on the map") if not is_country(code) else t._("too small for this map")
        legend.append((OTHER, f"{_cap(t.region(code))}: {t.amount(v, w.unit)} ({why})"))
    for color, label in legend:  # legend entries without a place on the map
        fig.add_trace(pgo.Scattergeo(lon=[None], lat=[None], mode="markers", name=label,
                                     marker={"size": 12, "color": color, "symbol": "square"},
                                     hoverinfo="skip", showlegend=True))
    top = ", ".join(f"{t.region(c)} ({t.amount(v, w.unit)})" for c, v in foreign.head(3).items())
    alt = t._("World map of where the work for {region}'s consumption is done abroad: "
              "{amount} in all ({share} of the total); largest: {top}.",
              region=t.region(w.region), amount=t.amount(w.abroad, w.unit),
              share=t.percent(w.share_abroad), top=top)
    fig.update_geos(projection_type="natural earth", showframe=False, showcoastlines=False,
                    showland=True, landcolor="#e9e9e9", showcountries=True,
                    countrycolor="white", showocean=False, showlakes=False,
                    lataxis_range=[-58, 85], bgcolor="white")
    sub = _modelled(w, t)
    return _layout(fig, t, title_of("map", w, t) + (f"<br><sup>{sub}</sup>" if sub else ""), alt,
                   height=480, legend={"orientation": "h", "y": -0.02, "x": 0.0})


def _hbar(pgo: Any, t: Translator, labels: list[str], values: np.ndarray, *, color: Any,
          name: str, text: list[str], factor: float, position: str = "outside") -> Any:
    return pgo.Bar(y=labels, x=values * factor, orientation="h", marker_color=color,
                   name=name, customdata=text, hovertemplate="%{y}: %{customdata}<extra></extra>",
                   text=[t.number(v * factor) if v else "" for v in values],
                   textposition=position,
                   cliponaxis=False, textfont={"size": 11})



def origin_bars(w: WhoWorks, t: Translator, *, top: int = 15) -> Any:
    """Sorted bars of the largest origin regions (the region itself in the domestic colour)."""
    pgo = go()
    s = w.by_origin[w.by_origin > 0].head(top)
    factor, unit = t.scale(s.to_numpy(), w.unit)
    s = s.iloc[::-1]
    labels = [_cap(t.region(c)) for c in s.index]
    colors = [DOMESTIC if c == w.region else ABROAD for c in s.index]
    text = [t.amount(v, w.unit) for v in s.to_numpy()]
    fig = pgo.Figure(_hbar(pgo, t, labels, s.to_numpy(), color=colors, name=w.central, text=text,
                           factor=factor))
    alt = t._("Bar chart of the {n} largest origins of the work in {region}'s consumption: "
              "{list}.", n=len(s), region=t.region(w.region),
              list="; ".join(f"{a} {b}" for a, b in zip(labels[::-1], text[::-1], strict=True)))
    fig.update_xaxes(title_text=unit, gridcolor="#eee")
    fig = _layout(fig, t, title_of("origins", w, t), alt, height=120 + 24 * len(s),
                  showlegend=False)
    fig.update_layout(margin={"r": 60})  # room for the value beside the longest bar
    return fig


def _cap(name: str) -> str:
    """A name at the start of a label: ``Rest of the world``."""
    return name[:1].upper() + name[1:]


def _stacked(w: WhoWorks, t: Translator, table: pd.DataFrame, labels: list[str], title: str,
             alt_what: str) -> Any:
    pgo = go()
    factor, unit = t.scale(table["total"].to_numpy(), w.unit)
    fig = pgo.Figure()
    for col, color, name in (("domestic", DOMESTIC, t._("domestic")),
                             ("abroad", ABROAD, t._("abroad"))):
        vals = table[col].to_numpy()
        fig.add_trace(_hbar(pgo, t, labels, vals, color=color, name=name,
                            text=[f"{name}: {t.amount(v, w.unit)}" for v in vals],
                            factor=factor, position="none"))
    fig.update_layout(barmode="stack")
    fig.update_xaxes(title_text=unit, gridcolor="#eee")
    parts = "; ".join(f"{lab} {t.amount(v, w.unit)}" for lab, v in
                      zip(labels[::-1], table["total"].to_numpy()[::-1], strict=True))
    alt = t._("Stacked bar chart, domestic and abroad, of the work for {region}'s consumption "
              "by {what}: {list}.", region=t.region(w.region), what=alt_what, list=parts)
    return _layout(fig, t, title, alt, height=140 + 24 * len(labels),
                   legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0})


def sector_bars(w: WhoWorks, t: Translator, *, top: int = 12) -> Any:
    """Stacked bars (domestic, abroad) of the largest origin sectors."""
    table = w.by_sector.head(top).iloc[::-1]
    labels = [t._("households' own employees") if s == DIRECT else str(n)[:48]
              for s, n in zip(table.index, table["name"], strict=True)]
    return _stacked(w, t, table, labels, title_of("sectors", w, t), t._("industry"))


def breakdown_bars(w: WhoWorks, t: Translator, part: str) -> Any:
    """Stacked bars (domestic, abroad) by skill level or gender (``part``)."""
    table = w.breakdown[part].iloc[::-1]
    names = {"low": t._("low-skilled"), "medium": t._("medium-skilled"),
             "high": t._("high-skilled"), "female": t._("women"), "male": t._("men")}
    labels = [names.get(str(i), str(i)) for i in table.index]
    what = t._("skill level") if part == "skill" else t._("gender")
    return _stacked(w, t, table, labels, title_of(part, w, t), what)


def _error_bars(rows: list[pd.Series], value: str, low: str, high: str, factor: float
                ) -> dict[str, Any] | None:
    """Asymmetric error bars from the range columns, or None where there is no range."""
    lo = np.array([r[low] for r in rows], dtype=float)
    hi = np.array([r[high] for r in rows], dtype=float)
    v = np.array([r[value] for r in rows], dtype=float)
    if not (np.isfinite(lo).all() and np.isfinite(hi).all()):
        return None
    return {"type": "data", "symmetric": False, "array": list((hi - v) * factor),
            "arrayminus": list((v - lo) * factor), "color": "#222", "thickness": 1.2}


def exchange_bars(ex: Exchange, t: Translator, *, year: int | None = None) -> Any:
    """Hours given and received between the pair, with the range; all regions and countries."""
    pgo = go()
    a, b = ex.pair
    tab = ex.table
    unit = str(tab.loc["hours_given", "unit"])
    factor, axis = t.scale(tab.loc[["hours_given", "hours_received"],
                                   ["value", "high"]].to_numpy().ravel(), unit)
    fig = pgo.Figure()
    groups = [(t._("all regions"), "value", "low", "high", ABROAD)]
    if ex.left_out:
        groups.append((t._("without {regions}", regions=", ".join(t.region(r)
                                                                  for r in ex.left_out)),
                       "value_countries", "low_countries", "high_countries", RANGE))
    for name, v, lo, hi, color in groups:
        rows = [tab.loc["hours_given"], tab.loc["hours_received"]]
        fig.add_trace(pgo.Bar(
            x=[t._("{a} to {b}", a=t._(a), b=t._(b)), t._("{a} to {b}", a=t._(b), b=t._(a))],
            y=[r[v] * factor for r in rows], name=name, marker_color=color,
            text=[t.amount(r[v], unit) for r in rows], textposition="none",
            hovertemplate="%{x}, " + name + ": %{text}<extra></extra>",
            error_y=_error_bars(rows, v, lo, hi, factor)))
    fig.update_layout(barmode="group")
    fig.update_yaxes(title_text=axis, gridcolor="#eee")
    g = tab.loc["gross_hours_ratio"]
    alt = t._("Bar chart of hours of work embodied in trade: {a} to {b} {given}, {b} to {a} "
              "{received}; {a} gives {ratio} hours for each hour it receives.",
              a=t._(a), b=t._(b), given=t.amount(tab.loc["hours_given", "value"], unit),
              received=t.amount(tab.loc["hours_received", "value"], unit),
              ratio=t.number(g["value"]))
    title = t._("Hours of work given and received between {a} and {b}{year}", a=t._(a),
                b=t._(b), year=_year(ex, year))
    sub = _modelled(ex, t)
    return _layout(fig, t, title + (f"<br><sup>{sub}</sup>" if sub else ""), alt, height=400,
                   legend=BELOW)


def series_lines(series: pd.DataFrame, t: Translator, *, region: str, unit: str,
                 modelled: bool = False) -> Any:
    """Hours abroad behind a region's consumption over years, with the range as a band.

    Parameters
    ----------
    series : DataFrame
        Index year; columns ``abroad`` and ``total`` (and ``abroad_low``, ``abroad_high``),
        in ``unit``.
    """
    pgo = go()
    years = [int(y) for y in series.index]
    factor, axis = t.scale(series["total"].to_numpy(), unit)
    fig = pgo.Figure()
    if {"abroad_low", "abroad_high"} <= set(series.columns):
        fig.add_trace(pgo.Scatter(x=years + years[::-1],
                                  y=list(series["abroad_high"] * factor)
                                  + list(series["abroad_low"][::-1] * factor),
                                  fill="toself", fillcolor="rgba(86,180,233,0.3)",
                                  line={"width": 0}, hoverinfo="skip",
                                  name=t._("range of the estimates")))
    for col, color, name in (("abroad", ABROAD, t._("abroad")),
                             ("total", OTHER, t._("in all"))):
        fig.add_trace(pgo.Scatter(x=years, y=series[col] * factor, mode="lines+markers",
                                  line={"color": color}, name=name,
                                  text=[t.amount(v, unit) for v in series[col]],
                                  hovertemplate="%{x}: %{text}<extra></extra>"))
    fig.update_yaxes(title_text=axis, gridcolor="#eee", rangemode="tozero")
    fig.update_xaxes(title_text=t._("year"), dtick=1 if len(years) < 12 else 2)
    first, last = series.iloc[0], series.iloc[-1]
    alt = t._("Line chart of the work abroad behind {region}'s consumption from {y0} to {y1}: "
              "{v0} to {v1}.", region=t.region(region), y0=years[0], y1=years[-1],
              v0=t.amount(first["abroad"], unit), v1=t.amount(last["abroad"], unit))
    title = t._("Work abroad behind {region}'s consumption over the years", region=t.region(region))
    sub = t._("modelled hours: illustrative estimates") if modelled else ""
    return _layout(fig, t, title + (f"<br><sup>{sub}</sup>" if sub else ""), alt, height=400,
                   legend=BELOW)


def compare_bars(views: Mapping[str, WhoWorks], t: Translator, *, top: int = 8) -> Any:
    """Two (or more) regions side by side: share of each one's account by origin region.

    Each region's own (domestic) share and its largest foreign origins (the union of each
    region's ``top``) as a share of its total, so that a small and a large economy compare.
    """
    pgo = go()
    ws = list(views.values())
    origins: list[str] = []
    for w in ws:
        foreign = w.by_origin[w.by_origin.index != w.region]
        origins += [c for c in foreign.head(top).index if c not in origins]
    fig = pgo.Figure()
    colors = [ABROAD, DOMESTIC, "#009E73", "#CC79A7"]
    rows = [t._("own country"), *[_cap(t.region(c)) for c in origins]]
    for k, w in enumerate(ws):
        vals = [w.domestic, *[float(w.by_origin.get(c, 0.0)) for c in origins]]
        shares = np.array(vals) / w.total if w.total else np.zeros(len(vals))
        fig.add_trace(pgo.Bar(
            y=rows[::-1], x=(100 * shares)[::-1], orientation="h", name=t.region(w.region),
            marker_color=colors[k % len(colors)],
            text=[f"{t.percent(s)} ({t.amount(v, w.unit)})" for s, v in
                  zip(shares[::-1], vals[::-1], strict=True)],
            textposition="none",
            hovertemplate=t.region(w.region) + ", %{y}: %{text}<extra></extra>"))
    fig.update_layout(barmode="group")
    fig.update_xaxes(title_text=t._("% of the region's total"), gridcolor="#eee")
    names = [t.region(w.region) for w in ws]
    alt = t._("Grouped bar chart comparing {regions}: share of each one's consumption-based "
              "work done at home ({home}) and in its largest origins abroad.",
              regions=" / ".join(names),
              home=" / ".join(t.percent(1 - w.share_abroad) for w in ws))
    title = t._("Who works for {regions}: shares by origin{year}",
                regions=t._(" and ").join(names), year=_year(ws[0]))
    return _layout(fig, t, title, alt, height=160 + 36 * len(rows),
                   legend={"orientation": "h", "y": 1.0, "yanchor": "bottom", "x": 0})


def chokepoint_bars(table: pd.DataFrame, t: Translator, *, region: str,
                    year: int | None = None) -> Any:
    """The top chokepoints of a region's consumption (:func:`views.chokepoints_view`)."""
    pgo = go()
    tab = table.iloc[::-1]
    unit = str(tab["unit"].iloc[0]) if len(tab) else ""
    labels = [f"{t.region(r)}: {str(n)[:40]}" for r, n in
              zip(tab["region"], tab["sector_name"], strict=True)]
    fig = pgo.Figure(pgo.Bar(y=labels, x=tab["value"], orientation="h", marker_color=ACCENT,
                             text=[f"{t.number(v)} {unit}" for v in tab["value"]],
                             textposition="none",
                             hovertemplate="%{y}: %{text}<extra></extra>"))
    fig.update_xaxes(title_text=unit, gridcolor="#eee")
    alt = t._("Bar chart of the places where an hour of stopped work would stop most of "
              "{region}'s consumption: {list}.", region=t.region(region),
              list="; ".join(labels[::-1][:5]))
    title = t._("Chokepoints: where an hour of stopped work stops most of {region}'s "
                "consumption{year}", region=t.region(region), year=_year(None, year))
    return _layout(fig, t, title, alt, height=140 + 24 * len(labels), showlegend=False)


def path_sankey(paths: pd.DataFrame, t: Translator, *, region: str,
                sector_names: Mapping[str, str] | None = None, year: int | None = None) -> Any:
    """A small Sankey of the largest supply-chain paths (:func:`interlabor.paths.paths`).

    Each path flows from its origin, tier by tier, to the region's final demand; a node is a
    region-sector at one tier (a path through the same sector twice has two nodes), links add
    the paths through them.
    """
    pgo = go()
    names = dict(sector_names or {})
    unit = str(paths["unit"].iloc[0]) if len(paths) else ""
    factor, axis = t.scale(paths["value"].to_numpy(), unit) if len(paths) else (1.0, unit)
    nodes: dict[tuple[int, str], int] = {(0, ""): 0}
    labels = [t._("final demand of {region}", region=t.region(region))]
    links: dict[tuple[int, int], float] = {}
    readable = []
    for chain, value in zip(paths["path"], paths["value"], strict=True):
        cells = chain.split(" <- ")[1:]
        prev = 0
        for pos, cell in enumerate(cells, start=1):
            key = (pos, cell)
            if key not in nodes:
                r, _, s = cell.partition(" ")
                nodes[key] = len(labels)
                labels.append(f"{t.region(r)}: {names.get(s, s)[:32]}" if s else t.region(r))
            links[nodes[key], prev] = links.get((nodes[key], prev), 0.0) + abs(value) * factor
            prev = nodes[key]
        readable.append(" <- ".join(labels[nodes[pos, c]]
                                    for pos, c in enumerate(cells, start=1)))
    src, dst = zip(*links, strict=True) if links else ((), ())
    fig = pgo.Figure(pgo.Sankey(
        arrangement="snap", valueformat=".3~s", valuesuffix=f" {axis}",
        node={"label": labels, "pad": 12, "thickness": 14,
              "color": [ACCENT] + [DOMESTIC if lab.startswith(t.region(region) + ":")
                                   else ABROAD for lab in labels[1:]]},
        link={"source": list(src), "target": list(dst), "value": list(links.values()),
              "color": "rgba(0, 114, 178, 0.25)"}))
    share = paths.attrs.get("coverage_listed", float("nan"))
    alt = t._("Sankey diagram of the {k} largest supply chains of work behind {region}'s "
              "consumption, which explain {share} of its footprint: {list}.", k=len(paths),
              region=t.region(region), share=t.percent(share),
              list="; ".join(readable[:3]))
    title = t._("The largest supply chains behind {region}'s consumption{year}",
                region=t.region(region), year=_year(None, year))
    return _layout(fig, t, title, alt, height=420)
