"""The self-contained report of one region: "who works for you", as one HTML page.

:func:`build_report` computes the numbers (:mod:`interlabor.report.views`), draws the figures
(:mod:`interlabor.report.charts`) and lays out one HTML page with everything inline: the
stylesheet (``assets/report.css``, with a print stylesheet), plotly.js (the copy that ships
with plotly), the world map (:func:`interlabor.report.geo.geo_assets_script`) and system fonts
only, so that the page opens with no network and loads nothing from any host.
:func:`write_report` writes it atomically, with a PNG of each chart beside it
(:mod:`interlabor.report.png`). Every text goes through the message catalogue
(:mod:`interlabor.report.i18n`); every number is shown with its unit and carries its raw value
and unit in ``data-value`` / ``data-unit`` attributes, which the browser tests compare with
the Python API.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from string import Template
from typing import Any

import pandas as pd

from .._version import __version__
from ..errors import InterlaborError, MissingDependencyError
from ..groups import load_groups
from ..io.output import atomic_write
from ..model import MRIO
from ..progress import Progress, notify
from . import charts
from ._variants import CENTRAL
from .geo import geo_assets_script
from .i18n import N_, Translator, translator
from .views import (
    EXCHANGE_ROWS,
    Exchange,
    WhoWorks,
    chokepoints_view,
    footprint_percentiles,
    group_exchange,
    who_works,
)

__all__ = ["Item", "Report", "build_report", "docs_link", "exchange_items", "key_figures",
           "method_notes", "plotly_js", "render_figure", "write_report"]

ASSETS = Path(__file__).resolve().parent / "assets"
#: The repository's docs folder, when interlabor runs from a source checkout.
DOCS = Path(__file__).resolve().parents[3] / "docs"
#: Group names of the shipped groupings, for the catalogue.
GROUP_NAMES = (N_("South"), N_("North"))
#: The central variant's name, for the catalogue (other variant names are data, shown as is).
VARIANT_NAMES = (N_("central"),)


def plotly_js() -> str:
    """The plotly.js bundle that ships with plotly (inlined in the page)."""
    try:
        from plotly.offline import get_plotlyjs
    except ModuleNotFoundError as exc:  # pragma: no cover - depends on the environment
        raise MissingDependencyError("the report needs plotly: pip install "
                                     "'interlabor[report]'", name="plotly") from exc
    return str(get_plotlyjs())


def docs_link(doc: str, text: str, anchor: str = "") -> str:
    """A link to a shipped doc (``docs/<doc>`` of the checkout), or its name as plain text."""
    path = DOCS / doc
    label = html.escape(text)
    if path.is_file():
        return f'<a href="{html.escape(path.as_uri() + anchor)}">{label}</a>'
    return f"{label} (docs/{html.escape(doc)})"


@dataclass(frozen=True)
class Report:
    """A built report: the page and what it shows.

    Attributes
    ----------
    html : str
        The whole page.
    figures : dict
        Chart name -> plotly figure, in page order (the PNG files are named after them).
    who : WhoWorks
    exchange : Exchange or None
        None where the table has no value-added account or the grouping does not fit.
    chokepoints : DataFrame or None
        None without :mod:`interlabor.shocks.leverage`.
    notes : list of str
        Sections left out, and why.
    """

    html: str
    figures: dict[str, Any]
    who: WhoWorks
    exchange: Exchange | None
    chokepoints: pd.DataFrame | None
    notes: list[str] = field(default_factory=list)


def _num(ident: str, value: float, unit: str, text: str) -> str:
    return (f'<span class="num" data-id="{html.escape(ident)}" data-value="{value!r}" '
            f'data-unit="{html.escape(unit)}">{html.escape(text)}</span>')


def render_figure(fig: Any, name: str) -> str:
    """A figure as an accessible ``<figure>``: chart with ``role="img"`` and ``aria-label``."""
    alt = str((fig.layout.meta or {}).get("alt", ""))
    div = fig.to_html(full_html=False, include_plotlyjs=False, div_id=f"chart-{name}",
                      config={"displaylogo": False, "responsive": True})
    return (f'<figure id="fig-{name}" aria-labelledby="cap-{name}">'
            f'<div class="chart" role="img" tabindex="0" aria-label="{html.escape(alt)}">{div}'
            f'</div><figcaption id="cap-{name}">{html.escape(alt)}</figcaption></figure>')


@dataclass(frozen=True)
class Item:
    """One number as shown: label, id, raw value and unit, its text, and the range's text."""

    label: str
    ident: str
    value: float
    unit: str
    text: str
    range_text: str = ""
    low: float | None = None
    high: float | None = None


def key_figures(t: Translator, w: WhoWorks) -> list[Item]:
    """The key figures of "who works for you" (the page and the explorer show these)."""
    region = t.region(w.region)

    def item(label: str, ident: str, value: float, unit: str, text: str,
             fmt: Any = None) -> Item:
        if ident not in w.ranges:
            return Item(label, ident, value, unit, text)
        lo, hi = w.ranges[ident]
        f = fmt or (lambda v: t.amount(v, w.unit))
        return Item(label, ident, value, unit, text,
                    t._("range {low} to {high}", low=f(lo), high=f(hi)), lo, hi)

    items = [
        item(t._("Work in {region}'s final demand, in all", region=region), "total", w.total,
             w.unit, t.amount(w.total, w.unit)),
        item(t._("of it abroad"), "abroad", w.abroad, w.unit, t.amount(w.abroad, w.unit)),
        item(t._("share done abroad"), "share_abroad", w.share_abroad, "share",
             t.percent(w.share_abroad), t.percent),
    ]
    if w.percentiles is not None:
        p5, p50, p95 = w.percentiles
        items.append(Item(t._("in all, Monte Carlo median"), "total_p50", p50, w.unit,
                          t.amount(p50, w.unit),
                          t._("5th to 95th percentile: {low} to {high}",
                              low=t.amount(p5, w.unit), high=t.amount(p95, w.unit)), p5, p95))
    if w.per_person is not None:
        unit = w.per_person_unit
        text = (t._("{n} hours per person", n=t.number(w.per_person)) if unit.startswith("hours")
                else f"{t.number(w.per_person)} {unit}")
        items.append(item(t._("per person living in {region}", region=region), "per_person",
                          w.per_person, unit, text))
    return items


def _key_figures(t: Translator, w: WhoWorks) -> str:
    lis = []
    for it in key_figures(t, w):
        rng = (f'<span class="range" data-id="{it.ident}_range" data-low="{it.low!r}" '
               f'data-high="{it.high!r}">{html.escape(it.range_text)}</span>'
               if it.range_text else "")
        lis.append(f'<li><span class="label">{html.escape(it.label)}</span>'
                   f'{_num(it.ident, it.value, it.unit, it.text)}{rng}</li>')
    return f'<ul class="figures">{"".join(lis)}</ul>'


def _formatter(t: Translator, ident: str, unit: str) -> Callable[[float], str]:
    """How a value of an exchange row is written (ratios in words, amounts with units)."""
    if ident == "gross_hours_ratio":
        return lambda x: t._("{n} hours per hour", n=t.number(x))
    if ident.startswith("exchange_ratio"):
        return lambda x: t._("{n} times", n=t.number(x))
    return lambda x: t.amount(x, unit)


def exchange_items(t: Translator, ex: Exchange) -> tuple[list[str], list[tuple[str, list[Item]]]]:
    """The exchange table as shown: column headers, then (label, cells) per indicator."""
    a, b = (t._(g) for g in ex.pair)
    labels = {
        "hours_given": t._("Hours worked in the {a} for the {b}'s final demand", a=a, b=b),
        "hours_received": t._("Hours worked in the {b} for the {a}'s final demand", a=a, b=b),
        "net_hours": t._("Net transfer of hours from the {a} to the {b}", a=a, b=b),
        "gross_hours_ratio": t._("Gross hours ratio: hours {a} to {b} for each hour {b} to {a}",
                                 a=a, b=b),
        "exchange_ratio_of_a": t._("Exchange ratio of the {a}: hours per dollar of value added "
                                   "it exports over hours per dollar it imports", a=a),
        "exchange_ratio_of_b": t._("Exchange ratio of the {b}", b=b),
    }
    suffixes = [""] + (["_countries"] if ex.left_out else [])
    heads = [t._("indicator"), t._("all regions")] + (
        [t._("without {regions}", regions=", ".join(t.region(r) for r in ex.left_out))]
        if ex.left_out else [])
    rows = []
    for ident in EXCHANGE_ROWS:
        r = ex.table.loc[ident]
        unit = str(r["unit"])
        fmt = _formatter(t, ident, unit)
        cells = []
        for sfx in suffixes:
            v, lo, hi = (float(r[f"{c}{sfx}"]) for c in ("value", "low", "high"))
            rng = (t._("range {low} to {high}", low=fmt(lo), high=fmt(hi))
                   if pd.notna(lo) and pd.notna(hi) else "")
            cells.append(Item(labels[ident], f"{ident}{sfx}", v, unit, fmt(v), rng, lo, hi))
        rows.append((labels[ident], cells))
    return heads, rows


def _exchange_section(t: Translator, ex: Exchange) -> str:
    heads, rows = exchange_items(t, ex)
    head = "<tr>" + "".join(f"<th{' class=n' if i else ''}>{html.escape(h)}</th>"
                            for i, h in enumerate(heads)) + "</tr>"
    body = []
    for label, cells in rows:
        tds = "".join(f"<td class='n'>{_num(c.ident, c.value, c.unit, c.text)}"
                      + (f"<br><span class='range'>{html.escape(c.range_text)}</span>"
                         if c.range_text else "") + "</td>" for c in cells)
        body.append(f"<tr><td>{html.escape(label)}</td>{tds}</tr>")
    a, b = (t._(g) for g in ex.pair)
    intro = t._("{region} is in the {group} ({grouping}). The exchange between the {a} and the "
                "{b}:", region=t.region(ex.region), group=t._(ex.group), grouping=ex.grouping,
                a=a, b=b)
    modelled = t._("Modelled hours: these are illustrative estimates, not published data.")
    caveat = f"<p class='caveat'>{html.escape(modelled)}</p>" if ex.modelled else ""
    return (f"<p>{html.escape(intro)}</p>{caveat}<table id='exchange'><thead>{head}</thead>"
            f"<tbody>{''.join(body)}</tbody></table>")


def _chokepoint_section(t: Translator, table: pd.DataFrame) -> str:
    head = (f"<tr><th class='n'>#</th><th>{html.escape(t._('where'))}</th>"
            f"<th class='n'>{html.escape(t._('consumption lost per hour stopped'))}</th></tr>")
    rows = []
    for _, r in table.iterrows():
        rank, value, unit = int(r["rank"]), float(r["value"]), str(r["unit"])
        num = _num(f"chokepoint_{rank}", value, unit, f"{t.number(value)} {unit}")
        place = f"{t.region(str(r['region']))}: {r['sector_name']}"
        rows.append(f"<tr><td class='n'>{rank}</td><td>{html.escape(place)}</td>"
                    f"<td class='n'>{num}</td></tr>")
    return (f"<table id='chokepoints'><thead>{head}</thead><tbody>{''.join(rows)}</tbody>"
            "</table>")


def _sources(t: Translator, mrio: MRIO, w: WhoWorks, groups: str) -> str:
    meta = mrio.meta
    items = []
    src = " ".join(str(meta[k]) for k in ("source", "version") if meta.get(k))
    if src:
        doi = f" doi:{meta['doi']}" if meta.get("doi") else ""
        items.append(t._("Input-output table: {source}.", source=src) + doi
                     + (f" {meta['licence']}." if meta.get("licence") else ""))
    acc = mrio.account(w.account)
    if acc.description:
        items.append(t._("Account {account} ({unit}): {description}", account=acc.key,
                         unit=acc.unit, description=acc.description))
    try:
        desc = load_groups(groups, mrio.regions).attrs.get("description", "")
    except InterlaborError:
        desc = ""
    if desc:
        items.append(t._("Region groups: {description}", description=desc))
    items.append(t._("Map: Natural Earth 1:110m countries (public domain), TopoJSON of "
                     "world-atlas 2.0.2."))
    return "<ul class='notes'>" + "".join(f"<li>{html.escape(i)}</li>" for i in items) + "</ul>"


def method_notes(t: Translator, w: WhoWorks) -> str:
    """Short method notes as an HTML list, with links into the shipped docs."""
    region = t.region(w.region)
    notes = [
        t._("Work in final demand: the hours worked in every country and industry to make what "
            "{region}'s households, government and investors buy (its consumption-based "
            "account, from one solve of the Leontief system; the inverse is never formed).",
            region=region) + " " + docs_link("methods.md", t._("Methods")),
        t._("Abroad: every origin other than {region}; work bought directly by households "
            "(domestic employees) counts as domestic.", region=region),
    ]
    if w.ranges:
        notes.append(t._("Range: the smallest and largest result over the variants of the "
                         "labour accounts; a modelling range, not a statistical confidence "
                         "interval.") + " " + docs_link("labour_accounts.md",
                                                         t._("Labour accounts")))
    if w.percentiles is not None:
        notes.append(t._("Monte Carlo: the 5th to 95th percentile of the total over 200 draws "
                         "of the stated assumptions of the labour accounts (calibration, hours "
                         "relativities, intensities, ILO shares); they describe those "
                         "assumptions, not every source of error."))
    notes.append(t._("Exchange: hours given and received between the two groups, their gross "
                     "ratio (Hickel, Hanbury Lemos & Barbour 2024) and the labour exchange "
                     "ratio; aggregate regions such as the rest of the world are counted in "
                     "a group, and left out of both in the last column.")
                 + " " + docs_link("exchange.md", t._("Unequal exchange")))
    notes.append(t._("Map: the rest of the world and countries too small for a 1:110m map are "
                     "legend entries, not painted on a country.")
                 + " " + docs_link("report.md", t._("The report")))
    return ("<ul class='notes'>"
            + "".join(f"<li>{n if '<a ' in n else html.escape(n)}</li>" for n in notes)
            + "</ul>")


def build_report(mrio: MRIO, region: str, account: str = "hours", *, variant: str = CENTRAL,
                 lang: str | None = None, groups: str = "north-south",
                 value_added: str = "value_added", table: str = "",
                 step: Progress | None = None) -> Report:
    """The report of ``region``: numbers, figures and the whole page.

    Parameters
    ----------
    mrio : MRIO
    region : str
        Consuming region (a code of ``mrio.regions``).
    account, variant : str
        The account (``hours``) and its variant (``central``; see
        :func:`interlabor.report._variants.variants`).
    lang : str, optional
        Language of every text (:data:`interlabor.report.i18n.LANGUAGES`; default English).
    groups : str
        Grouping of the exchange section (``north-south``).
    value_added : str
        Value-added account of the exchange section.
    table : str
        How the table was named (shown in the page).
    step : Progress, optional
        Told before each part (task ``"report"``).

    Returns
    -------
    Report

    Raises
    ------
    LabelMismatchError, AccountNotFoundError
        Unknown region, account or variant.
    MissingDependencyError
        plotly or Babel is missing (``pip install 'interlabor[report]'``).
    """
    t = translator(lang)
    notify(step, "report", "who works for you", done=0, total=4, unit="parts")
    notes: list[str] = []
    pct = footprint_percentiles(mrio, account)
    if pct is None:
        notes.append("Monte Carlo percentiles left out: the table has no labour structure")
    w = who_works(mrio, region, account, variant, percentiles=pct)
    notify(step, "report", "exchange", done=1, total=4, unit="parts")
    ex: Exchange | None
    try:
        ex = group_exchange(mrio, region, account, variant, groups=groups,
                            value_added=value_added)
    except InterlaborError as exc:
        ex = None
        notes.append(f"exchange left out: {exc}")
    notify(step, "report", "chokepoints", done=2, total=4, unit="parts")
    try:
        chokes = chokepoints_view(mrio, region, account, variant)
    except InterlaborError as exc:
        chokes = None
        notes.append(f"chokepoints left out: {exc}")
    notify(step, "report", "figures", done=3, total=4, unit="parts")
    figs: dict[str, Any] = {"map": charts.world_map(w, t), "origins": charts.origin_bars(w, t),
                            "sectors": charts.sector_bars(w, t)}
    for part in w.breakdown:
        figs[part] = charts.breakdown_bars(w, t, part)
    if ex is not None:
        figs["exchange"] = charts.exchange_bars(ex, t, year=mrio.year)
    if chokes is not None and len(chokes):
        figs["chokepoints"] = charts.chokepoint_bars(chokes, t, region=region, year=mrio.year)
    page = _page(t, mrio, w, ex, chokes, figs, groups=groups, table=table)
    notify(step, "report", "done", done=4, total=4, unit="parts")
    return Report(page, figs, w, ex, chokes, notes)


def _page(t: Translator, mrio: MRIO, w: WhoWorks, ex: Exchange | None,
          chokes: pd.DataFrame | None, figs: dict[str, Any], *, groups: str, table: str) -> str:
    region = t.region(w.region)
    year = f" {mrio.year}" if mrio.year else ""
    title = t._("Who works for {region}?", region=region)
    lead = t._("Hours of work behind the consumption of {region}{year}: where they are worked, "
               "in which industries, and how unequal the exchange is. Table: {table}; account: "
               "{account} ({variant}).", region=region, year=year,
               table=table or str(mrio.meta.get("title", "")), account=w.account,
               variant=t._(w.variant))
    parts = [f"<header><h1>{html.escape(title)}</h1><p class='lead'>{html.escape(lead)}</p>"]
    if w.modelled:
        parts.append("<p class='caveat' id='caveat'>" + html.escape(t._(
            "Modelled hours: the hours in this table are illustrative estimates built by "
            "interlabor from ILO and WIOD data, not published statistics. Every number below "
            "that uses them is modelled.")) + "</p>")
    parts.append("</header>")
    parts.append(f"<section id='who'><h2>{html.escape(t._('Who works for you'))}</h2>")
    parts.append(_key_figures(t, w))
    parts += [render_figure(figs[k], k) for k in ("map", "origins", "sectors")]
    for part in w.breakdown:
        parts.append(render_figure(figs[part], part))
    parts.append("</section>")
    if ex is not None:
        parts.append(f"<section id='exchange-section'><h2>{html.escape(t._('Unequal exchange'))}"
                     f"</h2>{_exchange_section(t, ex)}"
                     f"{render_figure(figs['exchange'], 'exchange')}</section>")
    if chokes is not None and len(chokes):  # the hook of interlabor.shocks.leverage
        intro = t._("Where an hour of stopped work would stop most of {region}'s consumption "
                    "(supply-side inoperability model, per hour stopped).", region=region)
        parts.append(f"<section id='chokepoints-section'><h2>{html.escape(t._('Chokepoints'))}"
                     f"</h2><p>{html.escape(intro)}</p>{_chokepoint_section(t, chokes)}"
                     f"{render_figure(figs['chokepoints'], 'chokepoints')}</section>")
    parts.append(f"<section id='method'><h2>{html.escape(t._('How this is computed'))}</h2>"
                 f"{method_notes(t, w)}</section>")
    parts.append(f"<section id='sources'><h2>{html.escape(t._('Data sources'))}</h2>"
                 f"{_sources(t, mrio, w, groups)}</section>")
    made = t._("Made with interlabor {version}.", version=__version__)
    parts.append(f"<footer>{html.escape(made)}</footer>")
    tpl = Template((ASSETS / "report.html").read_text(encoding="utf-8"))
    return tpl.substitute(lang=t.lang, version=__version__, title=html.escape(title),
                          style=(ASSETS / "report.css").read_text(encoding="utf-8"),
                          geo=geo_assets_script(), plotly=plotly_js(),
                          skip=html.escape(t._("Skip to the report")), body="\n".join(parts))


def write_report(report: Report, out: str | Path, *, png: bool = True,
                 step: Progress | None = None) -> list[Path]:
    """Write the page (atomically) and, with ``png``, a PNG of each chart beside it.

    The PNGs are ``<stem>_<chart>.png`` in the page's folder, drawn from the same figures by
    kaleido in the system's Chromium (:func:`interlabor.report.png.write_pngs`).

    Returns
    -------
    list of Path
        The page, then the PNGs.

    Raises
    ------
    MissingDependencyError
        ``png`` and no Chromium or kaleido (the page is written first).
    """
    path = Path(out)
    files = [atomic_write(path, lambda tmp: tmp.write_text(report.html, encoding="utf-8"))]
    if png:
        from .png import write_pngs

        files += write_pngs({f"{path.stem}_{k}": f for k, f in report.figures.items()},
                            path.parent, step=step)
    return files
