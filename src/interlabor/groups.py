"""Region groups: shipped, versioned classifications (North/South, income groups) or a user CSV.

A group file is a CSV with columns ``region`` and ``group`` (any further columns, e.g. ``note``,
are ignored) and optional ``#`` comment lines at the top that state what the grouping is and its
vintage. Shipped groupings live in ``interlabor/data/groups/``:

==================  ========================================  ==================================
name                file                                      what
==================  ========================================  ==================================
``north-south``     ``north_south_imf_weo_2024-04.csv``       North = IMF advanced economies
                                                              (WEO April 2024), South = the rest
``wb-income``       ``wb_income_fy2025.csv``                  World Bank income groups, FY2025
==================  ========================================  ==================================

Both map ISO3 codes (WIOD 2013, OECD ICIO, GLORIA countries), EXIOBASE 3's ISO2 and
rest-of-world codes, and the aggregate ``RoW``/``ROW``. A region of the table that the grouping
does not map is an error that names it: nothing is assigned to a group by default.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd

from .data import shipped_path
from .errors import LabelMismatchError, TableReadError

__all__ = ["SHIPPED_GROUPS", "load_groups", "shipped_groups"]

#: Shipped grouping name -> file in ``interlabor/data/groups`` (version in the file name).
SHIPPED_GROUPS: Mapping[str, str] = {
    "north-south": "north_south_imf_weo_2024-04.csv",
    "north-south-imf-weo-2024-04": "north_south_imf_weo_2024-04.csv",
    "wb-income": "wb_income_fy2025.csv",
    "wb-income-fy2025": "wb_income_fy2025.csv",
}


def shipped_groups() -> dict[str, Path]:
    """Names of the shipped groupings and their files."""
    return {name: shipped_path("groups", file) for name, file in SHIPPED_GROUPS.items()}


def _header(path: Path) -> str:
    lines = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.startswith("#"):
                break
            lines.append(line[1:].strip())
    return " ".join(lines)


def _read(path: Path) -> pd.DataFrame:
    try:
        df = pd.read_csv(path, comment="#", dtype=str, keep_default_na=False)
    except (OSError, ValueError) as exc:
        raise TableReadError(path, f"cannot read region groups: {exc}") from exc
    missing = {"region", "group"} - set(df.columns)
    if missing:
        raise TableReadError(
            path, f"region-group file lacks column(s) {sorted(missing)}; expected a CSV with "
            "columns region,group"
        )
    df = df.assign(region=df["region"].str.strip(), group=df["group"].str.strip())
    empty = df.loc[(df["region"] == "") | (df["group"] == ""), "region"].tolist()
    if empty:
        raise TableReadError(path, f"empty region or group in row(s) for {empty[:5]}")
    clash = df.groupby("region")["group"].nunique()
    clash = clash[clash > 1]
    if len(clash):
        raise LabelMismatchError(
            f"{path}: region(s) {list(clash.index[:5])} assigned to more than one group",
            labels=list(clash.index),
        )
    return df.drop_duplicates("region")


def load_groups(
    groups: str | Path | Mapping[str, str] | pd.Series, regions: Sequence[str]
) -> pd.Series:
    """Map each region of a table to its group.

    Parameters
    ----------
    groups : str, Path, mapping or Series
        A shipped name (``"north-south"``, ``"wb-income"``, or a versioned name from
        :data:`SHIPPED_GROUPS`), the path of a CSV with columns ``region,group``, or a mapping
        region -> group.
    regions : sequence of str
        The table's regions (``MRIO.regions``), in table order.

    Returns
    -------
    Series
        Index ``region`` (table order), values the group; ``attrs["groups"]`` names the grouping
        and ``attrs["description"]`` carries its header (source and vintage).

    Raises
    ------
    LabelMismatchError
        If a region of the table has no group (the message names every one), or a file assigns
        a region to two groups.
    TableReadError
        If the file is missing or lacks the ``region`` and ``group`` columns.

    Examples
    --------
    >>> g = load_groups("north-south", ["USA", "CHN", "RoW"])
    >>> g.tolist()
    ['North', 'South', 'South']
    """
    name: str
    description = ""
    if isinstance(groups, pd.Series | Mapping):
        mapping = {str(k): str(v) for k, v in dict(groups).items()}
        name = "user mapping"
    else:
        key = str(groups)
        shipped = shipped_groups()
        if key in shipped:
            path = shipped[key]
            name = f"{key} ({path.name})"
        else:
            path = Path(key)
            if not path.is_file():
                raise TableReadError(
                    path,
                    "no such region-group file, and not a shipped grouping; expected a CSV "
                    f"path or one of {', '.join(SHIPPED_GROUPS)}",
                )
            name = str(path)
        df = _read(path)
        description = _header(path)
        mapping = dict(zip(df["region"], df["group"], strict=True))
    missing = [r for r in regions if r not in mapping]
    if missing:
        raise LabelMismatchError(
            f"region group(s) {name} do not cover region(s) {', '.join(map(str, missing))}; "
            "expected every region of the table in the grouping (pass a CSV with columns "
            "region,group to extend it)",
            labels=missing,
        )
    out = pd.Series(
        [mapping[r] for r in regions], index=pd.Index(list(regions), name="region"), name="group"
    )
    out.attrs = {"groups": name, "description": description}
    return out
