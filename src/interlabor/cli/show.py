"""Showing results to people: ``report`` (one HTML page) and ``explore`` (a local web app)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ..progress import notify
from ._common import DEFAULT, cache_arg, labour_data_arg, load, progress, with_labour, year_tables

__all__ = ["add_parsers"]


def _cmd_report(args: argparse.Namespace) -> int:
    from ..errors import MissingDependencyError
    from ..report.html import build_report, write_report

    out = Path(args.out or f"{args.region.lower()}_report.html")
    with progress(not args.quiet) as step:
        mrio = with_labour(load(args.table, args.format, step, not args.no_cache),
                           args.labour_data)
        rep = build_report(mrio, args.region, args.account, variant=args.variant,
                           lang=args.lang, groups=args.groups, table=args.table, step=step)
        files = write_report(rep, out, png=False)
        png_error = None
        if not args.no_png:
            from ..report.png import write_pngs

            notify(step, "report", "PNGs of the charts")
            try:
                files += write_pngs({f"{out.stem}_{k}": f for k, f in rep.figures.items()},
                                    out.parent, step=step)
            except MissingDependencyError as exc:
                png_error = exc
    for note in rep.notes:
        print(f"note: {note}")
    print(f"wrote {files[0]} ({files[0].stat().st_size / 1e6:.1f} MB, self-contained)")
    for f in files[1:]:
        print(f"wrote {f}")
    if png_error is not None:
        print(f"warning: no PNGs: {png_error}", file=sys.stderr)
    return 0


def _loaders(args: argparse.Namespace) -> list[tuple[str, Any]]:
    if args.years and args.tables:
        raise SystemExit("usage error: give TABLE ... or --years DIR, not both")
    paths = ([str(p) for p in year_tables(args.years).values()] if args.years
             else (args.tables or [DEFAULT]))

    def loader(path: str) -> Any:
        return lambda report: with_labour(load(path, args.format, report, not args.no_cache),
                                          args.labour_data)

    return [(Path(p).name, loader(p)) for p in paths]


def _cmd_explore(args: argparse.Namespace) -> int:
    from ..explore.app import create_app, serve
    from ..explore.state import Workspace

    ws = Workspace(_loaders(args), account=args.account, groups=args.groups)
    app = create_app(ws, lang=args.lang, region=args.region, host=args.host)
    server = serve(app, host=args.host, port=args.port)
    where = ("only this computer can reach it (loopback)" if args.host.startswith("127.")
             or args.host in ("localhost", "::1")
             else f"WARNING: bound to {args.host}: other machines may reach it")
    print(f"interlabor explorer: {server.url}  ({where}; Ctrl-C stops it)", flush=True)
    with progress(not args.quiet) as step:
        ws.start(step)
        if not args.no_browser:
            import webbrowser

            webbrowser.open(server.url)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            print("stopped")
    return 0


def add_parsers(sub: Any) -> None:
    """Add ``report`` and ``explore`` to the subcommands ``sub``."""
    from ..report.i18n import LANGUAGES

    rp = sub.add_parser("report", help="one self-contained HTML page: who works for a region, "
                        "and how unequal the exchange is")
    rp.add_argument("table", help=f"table file or folder, or '{DEFAULT}' for the bundled one")
    rp.add_argument("--region", required=True, help="consuming region (e.g. DEU)")
    rp.add_argument("--account", default="hours", help="account (default: hours)")
    rp.add_argument("--variant", default="central",
                    help="variant of the account (central, calibration:max, previous method, ...)")
    rp.add_argument("--groups", default="north-south",
                    help="region groups of the exchange section (default: north-south)")
    rp.add_argument("--out", help="HTML file (default: <region>_report.html); PNGs beside it")
    rp.add_argument("--lang", default="en", choices=LANGUAGES, help="language (default: en)")
    rp.add_argument("--no-png", action="store_true",
                    help="write only the HTML (the PNGs need Chromium)")
    rp.add_argument("--format", help="reader name (default: detected from the path)")
    rp.add_argument("-q", "--quiet", action="store_true", help="no progress display")
    labour_data_arg(rp)
    cache_arg(rp)
    rp.set_defaults(func=_cmd_report)

    ep = sub.add_parser("explore", help="a local web app to explore who works for whom "
                        "(opens the browser)")
    ep.add_argument("tables", nargs="*", metavar="TABLE",
                    help=f"tables to load (default: '{DEFAULT}')")
    ep.add_argument("--years", metavar="DIR",
                    help="folder of tables with the year in their names: every year")
    ep.add_argument("--account", default="hours", help="account shown first (default: hours)")
    ep.add_argument("--region", help="region shown first")
    ep.add_argument("--groups", default="north-south", help="region groups of the exchange")
    ep.add_argument("--lang", default="en", choices=LANGUAGES, help="language (default: en)")
    ep.add_argument("--host", default="127.0.0.1",
                    help="address to bind (default 127.0.0.1: this computer only)")
    ep.add_argument("--port", type=int, default=0, help="port (default: a free one)")
    ep.add_argument("--no-browser", action="store_true", help="do not open the browser")
    ep.add_argument("--format", help="reader name (default: detected from the path)")
    ep.add_argument("-q", "--quiet", action="store_true", help="no progress display")
    labour_data_arg(ep)
    cache_arg(ep)
    ep.set_defaults(func=_cmd_explore)
