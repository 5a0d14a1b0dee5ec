"""Commands on whole tables: ``info``, ``convert``, ``aggregate``."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..progress import notify
from ._common import DEFAULT, load, progress, table_args

__all__ = ["add_parsers"]


def _cmd_info(args: argparse.Namespace) -> int:
    with progress(not args.quiet) as step:
        mrio = load(args.table, args.format, step, not args.no_cache, args.year)
    print(mrio.summary())
    return 0


def _writable_folder(table: str, dest: str, overwrite: bool) -> None:
    """Fail before reading when ``table`` is missing or the folder ``dest`` cannot be written."""
    from ..errors import OutputExistsError, TableReadError
    from ..io.atomic import check_parent

    if table != DEFAULT and not Path(table).exists():
        raise TableReadError(table, "no such file or folder")
    target = Path(dest)
    if (target.exists() or target.is_symlink()) and not overwrite:
        raise OutputExistsError(f"{target} already exists; pass --overwrite to replace it")
    check_parent(target)


def _write_table(mrio: Any, dest: str, overwrite: bool, inputs: list[Path]) -> Path:
    from ..errors import OutputExistsError
    from ..io.store import write_mrio

    try:
        return write_mrio(mrio, dest, inputs=inputs, overwrite=overwrite)
    except OutputExistsError as exc:  # appeared while reading: name the flag, not the keyword
        raise OutputExistsError(str(exc).replace("pass overwrite=True", "pass --overwrite")
                                ) from exc


def _cmd_convert(args: argparse.Namespace) -> int:
    from ..errors import OutputError

    if (args.dest is None) == (args.out is None):
        raise OutputError("give the folder to write once: as DEST or as --out DIR")
    args.dest = args.dest or args.out
    _writable_folder(args.table, args.dest, args.overwrite)
    with progress(not args.quiet) as step:
        mrio = load(args.table, args.format, step, not args.no_cache, args.year)
        notify(step, "tables", f"writing {args.dest}")
        src = [Path(args.table)] if args.table != DEFAULT and Path(args.table).is_file() else []
        path = _write_table(mrio, args.dest, args.overwrite, src)
    print(f"wrote {mrio.n_regions} regions x {mrio.n_sectors} sectors to {path}")
    return 0


def _cmd_aggregate(args: argparse.Namespace) -> int:
    from ..aggregate import aggregate, shipped
    from ..groups import SHIPPED_GROUPS

    def concordance(value: str | None) -> Path | str | None:
        if value is None or value in SHIPPED_GROUPS:
            return value  # a region grouping is resolved by aggregate() itself
        return Path(value) if Path(value).is_file() or value.endswith(".csv") else shipped(value)

    _writable_folder(args.table, args.out, args.overwrite)
    with progress(not args.quiet) as step:
        mrio = load(args.table, args.format, step, not args.no_cache, args.year)
        notify(step, "tables", "aggregating")
        agg = aggregate(mrio, regions=concordance(args.regions),
                        sectors=concordance(args.sectors))
        notify(step, "tables", f"writing {args.out}")
        path = _write_table(agg, args.out, args.overwrite, [])
    print(f"wrote {agg.n_regions} regions x {agg.n_sectors} sectors to {path}")
    return 0


def add_parsers(sub: Any) -> None:
    """Add ``info``, ``convert`` and ``aggregate`` to the subcommands ``sub``."""
    sp = sub.add_parser("info", help="describe a table")
    table_args(sp)
    sp.set_defaults(func=_cmd_info)

    sp = sub.add_parser(
        "convert",
        help="save a table in interlabor's own format (Parquet); --format exiobase3, oecd, "
        "gloria, eora26, wiod2013, wiod2013-xlsx, pymrio or detected",
    )
    table_args(sp)
    sp.add_argument("dest", nargs="?", help="folder to write (atomically; its parent folder "
                    "must exist)")
    sp.add_argument("--out", dest="out", help="folder to write (same as DEST)")
    sp.add_argument("--overwrite", action="store_true", help="replace an existing table folder")
    sp.set_defaults(func=_cmd_convert)

    sp = sub.add_parser(
        "aggregate", help="aggregate regions/sectors through concordances (CSV: source,target"
        "[,weight]) and save in interlabor's format",
    )
    table_args(sp)
    sp.add_argument("--regions", help="concordance of regions (a CSV, or a shipped one: "
                    "iso3_continent, or a region grouping: north-south, wb-income)")
    sp.add_argument("--sectors", help="concordance of sectors (a CSV, or wiod2016_to_wiod2013)")
    sp.add_argument("--out", required=True, help="folder to write (atomically)")
    sp.add_argument("--overwrite", action="store_true", help="replace an existing table folder")
    sp.set_defaults(func=_cmd_aggregate)
