"""Build the bundled default table ``src/interlabor/data/wiod2013_2011/`` from WIOD 2013.

Reads ``wiot_2011.RData`` (the R package ``wiod``'s copy of the WIOD 2013 release world table
for 2011) and writes it in interlabor's own format with :func:`interlabor.io.store.write_mrio`,
recording the source file's sha256 and size in the manifest. Run from the repository root::

    PYTHONPATH=src python tools/build_default_table.py [path/to/wiot_2011.RData]

The default source path is ``../shared/data/wiod2013/wiot_2011.RData``. The output is
deterministic for given source file, interlabor and pyarrow versions.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = ROOT.parent / "shared" / "data" / "wiod2013" / "wiot_2011.RData"
TARGET = ROOT / "src" / "interlabor" / "data" / "wiod2013_2011"


def main(argv: list[str] | None = None) -> int:
    """Convert the WIOD 2011 RData file into the bundled table folder; return the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", nargs="?", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--target", type=Path, default=TARGET)
    parser.add_argument(
        "--labour-data",
        type=Path,
        default=DEFAULT_SOURCE.parents[1],
        help="folder with the sources of the modelled labour accounts (ilo/, wiod2016_sea/, "
        "ilo_by_sector/, ilo_status_sex/, population/, prices/pwt1001/)",
    )
    parser.add_argument("--no-labour", action="store_true", help="monetary accounts only")
    args = parser.parse_args(argv)

    from interlabor.errors import InterlaborError
    from interlabor.io.store import read_mrio, write_mrio
    from interlabor.io.wiod2013 import read_wiod2013_rdata

    try:
        mrio = read_wiod2013_rdata(args.source, warn=False)
        inputs = [args.source]
        if not args.no_labour:
            from interlabor.accounts import source_files, with_labour_accounts

            mrio = with_labour_accounts(mrio, args.labour_data)
            inputs += source_files(args.labour_data)
        path = write_mrio(mrio, args.target, inputs=inputs, overwrite=True)
        read_mrio(path)  # checksums and a full validation of what was written
    except InterlaborError as exc:
        print(f"{type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    size = sum(f.stat().st_size for f in path.iterdir())
    print(f"wrote {path} ({size / 1e6:.2f} MB)\n{mrio.summary()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
