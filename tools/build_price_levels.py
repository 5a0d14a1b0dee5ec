r"""Build the sectoral price levels of the WIOD 2013 tables (same US product = 1).

Reads the GGDC Productivity Level Database (2005 benchmark: ``GO_35Industry.csv``,
``GO_10Sector.csv``, ``GO_GDP_MajorSector.csv``; 2023 release: ``Data.csv``), PWT 10.01
``pl_gdpo`` and the WIOD 2013 tables of 2005 and 2011 (gross output, the weights within a
sector) from the shared data folder, and writes ``region, sector, year, price_level, rule`` (method:
:func:`interlabor.price_levels.sectoral_price_levels`, ``docs/planning.md``). Run from the
repository root::

    PYTHONPATH=src python tools/build_price_levels.py [--data ../shared/data] \\
        [--years 2011 | --years 1995-2011] [--out FILE.csv]

The default writes the bundled table's year, 2011, to
``src/interlabor/data/prices/wiod2013_sectoral.csv`` (shipped; sources and their terms in
``src/interlabor/data/prices/README.md``). ``--years 1995-2011 --out FILE.csv`` writes every
WIOD year, usable as a scenario's ``[price_levels] file`` for any WIOD 2013 table.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data"
TARGET = ROOT / "src" / "interlabor" / "data" / "prices" / "wiod2013_sectoral.csv"


def read_ggdc_sheet(path: Path, header_line: int = 3) -> pd.DataFrame:
    """A GGDC 2005 benchmark sheet exported as CSV: title (and names) lines, then the header.

    Rows of countries (ISO3 codes) only; ``n.a.`` and empty cells as NaN.
    """
    df = pd.read_csv(path, skiprows=header_line - 1, na_values=["n.a."])
    df = df.dropna(subset=["ISO-code"]).set_index("ISO-code").drop(columns="Country")
    df = df.loc[:, [c for c in df.columns if not str(c).startswith("Unnamed")]]
    return df[df.index.str.fullmatch(r"[A-Z]{3}")].astype(float)


def sources(data: Path) -> dict[str, pd.DataFrame]:
    """The source tables under ``data/prices`` (PWT through :mod:`interlabor.price_levels`)."""
    from interlabor.price_levels import load_price_levels

    p = data / "prices"
    return {
        "go35": read_ggdc_sheet(p / "ggdc_pld_2005" / "csv" / "GO_35Industry.csv"),
        "go10": read_ggdc_sheet(p / "ggdc_pld_2005" / "csv" / "GO_10Sector.csv"),
        "major": read_ggdc_sheet(p / "ggdc_pld_2005" / "csv" / "GO_GDP_MajorSector.csv", 2),
        "pld": pd.read_csv(p / "ggdc_pld_2023" / "csv" / "Data.csv"),
        "move": load_price_levels(p).pwt,
    }


def wiod_output(data: Path, year: int) -> pd.DataFrame:
    """Gross output of a WIOD 2013 table (US$ million), index region, columns c1-c35."""
    from interlabor import read
    from interlabor.errors import DataQualityWarning

    with warnings.catch_warnings():  # WIOD's known zero-output cells (weights 0)
        warnings.simplefilter("ignore", DataQualityWarning)
        m = read(data / "wiod2013" / f"wiot_{year}.RData", cache=False)
    return pd.DataFrame(m.x.reshape(m.n_regions, m.n_sectors), index=list(m.regions),
                        columns=list(m.sectors))


def build(data: Path, years: tuple[int, ...]) -> pd.DataFrame:
    """The long table of every region, sector and year asked for."""
    from interlabor.price_levels import sectoral_price_levels

    src = sources(data)
    output = {y: wiod_output(data, y) for y in (2005, 2011)}
    regions = tuple(output[2011].index)
    return sectoral_price_levels(src["go35"], src["go10"], src["major"], src["pld"],
                                 src["move"], output, regions, years)


def _years(text: str) -> tuple[int, ...]:
    a, _, b = text.partition("-")
    return tuple(range(int(a), int(b or a) + 1))


def main(argv: list[str] | None = None) -> int:
    """Build and write the table; return the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--years", type=_years, default=(2011,))
    parser.add_argument("--out", type=Path, default=TARGET)
    args = parser.parse_args(argv)
    from interlabor.io.output import atomic_write

    table = build(args.data, args.years)
    table["price_level"] = table["price_level"].map(lambda v: float(f"{v:.6g}"))
    atomic_write(args.out, lambda t: table.to_csv(t, index=False))
    print(f"wrote {len(table):,} rows to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
