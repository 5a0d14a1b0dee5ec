"""Reproduce Hickel, Hanbury Lemos & Barbour (2024) for 2021 from EXIOBASE 3.8.2: the check to run.

Hickel, J., Hanbury Lemos, M. & Barbour, F. (2024). Unequal exchange of labour in the world
economy. Nature Communications 15, 6298. Their 2021 figures (EXIOBASE 3.8.2, its labour
extension with three skill levels; North = IMF advanced economies):

* 906 billion hours embodied South->North, 80 billion North->South, 826 billion net;
* the net hours valued at Northern same-skill wages: EUR 16.9 trillion (our valuation (a));
* valued at Northern value added per hour: about EUR 30.5 trillion (our valuation (d)).

Usage (needs ``pip install pymrio`` and the EXIOBASE 3.8.2 ``IOT_2021_ixi.zip`` from
https://doi.org/10.5281/zenodo.5589597; not run in interlabor's test suite, which has no
EXIOBASE files)::

    python tools/reproduce_hickel2024_exiobase.py path/to/IOT_2021_ixi.zip [--tolerance 0.05]

It parses the zip with pymrio's EXIOBASE 3 parser, saves it as a pymrio folder, reads that with
interlabor's pymrio reader (so the numbers go through the same code as every other table),
sums the labour rows by skill (male + female), and runs
:func:`interlabor.exchange_report.summary_range` with the shipped ``north-south`` grouping.
It prints each figure beside the paper's and exits 1 when one differs by more than the
tolerance (default 5%: the paper's North/South split of EXIOBASE's rest-of-world regions and
its treatment of household hours may differ slightly from ours; see docs/exchange.md).
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from pathlib import Path

import numpy as np

PAPER_2021 = {  # by indicator id (interlabor.indicators), South -> North
    "hours_given": 906e9,
    "hours_received": 80e9,
    "net_hours": 826e9,
    "drain_a": 16.9e12,  # EUR, Northern same-skill wages
    "drain_d": 30.5e12,  # EUR, Northern value added per hour
}
SKILLS = ("Low-skilled", "Medium-skilled", "High-skilled")


def _skill(label: str) -> str:
    """``Low-skilled`` -> ``low_skilled``."""
    return label.lower().replace("-", "_")


def _rows(mrio, pattern: str) -> list:
    """Accounts whose name matches ``pattern`` (regular expression, case-insensitive)."""
    found = [a for a in mrio.accounts if re.search(pattern, a.name, re.IGNORECASE)]
    if not found:
        names = "\n  ".join(a.name for a in mrio.accounts)
        sys.exit(f"no account matches {pattern!r}; the table has:\n  {names}")
    return found


def _sum(name, unit, accounts, ext="labour"):
    from interlabor.model import Account

    fd = [a.final_demand for a in accounts if a.final_demand is not None]
    return Account(
        name, unit, np.sum([a.values for a in accounts], axis=0),
        np.sum(fd, axis=0) if fd else None, extension=ext,
        description=" + ".join(a.name for a in accounts),
    )


def build(zip_path: Path, workdir: Path):
    """EXIOBASE zip -> interlabor MRIO with hours and compensation by skill and value added."""
    import pymrio

    from interlabor.io.pymrio_folder import read_pymrio_folder
    from interlabor.model import Account

    io = pymrio.parse_exiobase3(path=str(zip_path))
    io.save_all(path=str(workdir), table_format="txt")
    mrio = read_pymrio_folder(workdir, year=2021, warn=False)
    new = []
    hour_unit = _rows(mrio, r"^Employment hours")[0].unit
    for skill in SKILLS:  # named for the skill (hours_low_skilled): never a range variant
        key = _skill(skill)
        new.append(_sum(f"hours_{key}", hour_unit,
                        _rows(mrio, rf"^Employment hours: {skill}")))
        comp = _rows(mrio, rf"^Compensation of employees.*: {skill}")
        new.append(_sum(f"compensation_{key}", comp[0].unit, comp))
    new.append(_sum("hours", hour_unit, _rows(mrio, r"^Employment hours: ")))
    new.append(_sum("compensation", new[1].unit, _rows(mrio, r"^Compensation of employees")))
    new.append(Account("value_added", new[1].unit, mrio.value_added, extension="derived",
                       description="x - 1'Z (value added incl. net taxes on products)"))
    return mrio.with_accounts(new)


def main(argv: list[str] | None = None) -> int:
    """Run the check; 0 when every figure is within the tolerance."""
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("zip", type=Path, help="EXIOBASE 3.8.2 IOT_2021_ixi.zip")
    p.add_argument("--tolerance", type=float, default=0.05, help="relative (default 0.05)")
    args = p.parse_args(argv)

    from interlabor.exchange_report import summary_range
    from interlabor.units import parse_unit

    with tempfile.TemporaryDirectory() as tmp:
        mrio = build(args.zip, Path(tmp))
    skills = {_skill(k): (f"hours_{_skill(k)}", f"compensation_{_skill(k)}") for k in SKILLS}
    res = summary_range(mrio, "north-south", ("South", "North"), hours="labour/hours",
                        value_added="value_added", compensation="labour/compensation",
                        skills={k: (f"labour/{h}", f"labour/{c}") for k, (h, c) in skills.items()})
    h_scale = parse_unit(mrio.account("labour/hours").unit).scale
    m_scale = parse_unit(mrio.account("value_added").unit).scale
    failed = False
    print(f"EXIOBASE 3.8.2, 2021, North = IMF advanced economies; {res.attrs['prices']}")
    for key, paper in PAPER_2021.items():
        row = res.loc[key]
        scale, unit = (m_scale, "EUR") if key.startswith("drain_") else (h_scale, "hours")
        ours, label = row["value"] * scale, f"{row['label']} ({unit})"
        rel = ours / paper - 1
        ok = abs(rel) <= args.tolerance
        failed |= not ok
        print(f"  {label:<70} ours {ours:12.4g}  paper {paper:10.4g}  {rel:+7.1%}"
              f"  {'ok' if ok else 'DIFFERS'}")
    ratio = res.loc["gross_hours_ratio", "value"]
    print(f"  gross hours ratio South->North over North->South: {ratio:.2f} (paper: about 11)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
