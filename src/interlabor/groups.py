"""Region groups: shipped, versioned classifications (North/South, income groups) or a user CSV.

A group file is a CSV with columns ``region`` and ``group`` (any further columns, e.g. ``note``,
are ignored) and optional ``#`` comment lines at the top that state what the grouping is and its
vintage. A grouping that changes over time has columns ``from`` and ``to`` as well: the first
and last year (inclusive; empty = open) of each row, so a region has one row per period; it is
read for one year (``year=``, the table's). Shipped groupings live in ``interlabor/data/groups/``:

=======================  ====================================  ==================================
name                     file                                  what
=======================  ====================================  ==================================
``north-south``          ``north_south_imf_weo_2024-04.csv``   North = IMF advanced economies
                                                               (WEO April 2024), South = the rest
``north-south-by-year``  ``north_south_imf_weo_by_year.csv``   North = the IMF's advanced
                                                               economies as classified in each
                                                               year (KOR, TWN from 1997, ...)
``wb-income``            ``wb_income_fy2025.csv``              World Bank income groups, FY2025
=======================  ====================================  ==================================

Both map ISO3 codes (WIOD 2013, OECD ICIO, GLORIA countries), EXIOBASE 3's ISO2 and
rest-of-world codes, and the aggregate ``RoW``/``ROW``. A region of the table that the grouping
does not map is an error that names it: nothing is assigned to a group by default.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import pandas as pd

from .data import shipped_path
from .errors import InvalidValueError, LabelMismatchError, TableReadError

__all__ = ["REST_OF_WORLD", "SHIPPED_GROUPS", "load_groups", "rest_of_world", "shipped_groups"]

#: Shipped grouping name -> file in ``interlabor/data/groups`` (version in the file name).
SHIPPED_GROUPS: Mapping[str, str] = {
    "north-south": "north_south_imf_weo_2024-04.csv",
    "north-south-imf-weo-2024-04": "north_south_imf_weo_2024-04.csv",
    "north-south-by-year": "north_south_imf_weo_by_year.csv",
    "north-south-imf-weo-by-year-2024-04": "north_south_imf_weo_by_year.csv",
    "wb-income": "wb_income_fy2025.csv",
    "wb-income-fy2025": "wb_income_fy2025.csv",
}


#: Codes of aggregate rest-of-world regions: WIOD's ``RoW``, OECD ICIO's ``ROW``, EXIOBASE's
#: five ``WA WE WF WL WM``. They mix economies of both groups (WIOD's RoW holds CHE, NOR, SGP,
#: HKG, ISR, NZL, ISL), hence the "without RoW" robustness lines of the exchange summaries.
REST_OF_WORLD: frozenset[str] = frozenset({"RoW", "ROW", "WA", "WE", "WF", "WL", "WM"})


def rest_of_world(regions: Iterable[str]) -> list[str]:
    """The aggregate rest-of-world regions (:data:`REST_OF_WORLD`) among ``regions``."""
    return [r for r in regions if r in REST_OF_WORLD]


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


def _years(df: pd.DataFrame, path: Path) -> tuple[pd.Series, pd.Series]:
    """The ``from`` and ``to`` years of each row (open ends: -inf, +inf)."""
    out = []
    for col, open_end in (("from", float("-inf")), ("to", float("inf"))):
        text = df[col].str.strip() if col in df.columns else pd.Series("", index=df.index)
        years = pd.to_numeric(text.where(text != ""), errors="coerce")
        bad = years.isna() & (text != "")
        if bad.any():
            raise TableReadError(path, f"column {col!r}: {text[bad].iloc[0]!r} is not a year",
                                 row=df.loc[bad, "region"].iloc[0], column=col)
        out.append(years.fillna(open_end))
    return out[0], out[1]


def _for_year(df: pd.DataFrame, path: Path, year: int | None, regions: Sequence[str]
              ) -> pd.DataFrame:
    """Rows of a grouping that changes over time valid in ``year``."""
    first, last = _years(df, path)
    if year is None:
        changing = set(df.loc[first.gt(float("-inf")) | last.lt(float("inf")), "region"])
        varying = [r for r in regions if r in changing] or sorted(changing)
        raise InvalidValueError(
            f"{path}: the grouping changes over time (columns from/to; e.g. "
            f"{', '.join(varying[:3])}); expected the year of the table (year=...)",
            labels=varying[:5])
    return df[(first <= year) & (year <= last)]


def _read(path: Path, year: int | None = None, regions: Sequence[str] = ()) -> pd.DataFrame:
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
    if {"from", "to"} & set(df.columns):
        df = _for_year(df, path, year, regions)
    clash = df.groupby("region")["group"].nunique()
    clash = clash[clash > 1]
    if len(clash):
        raise LabelMismatchError(
            f"{path}: region(s) {list(clash.index[:5])} assigned to more than one group"
            + (f" in {year}" if year is not None else ""),
            labels=list(clash.index),
        )
    return df.drop_duplicates("region")


def load_groups(
    groups: str | Path | Mapping[str, str] | pd.Series, regions: Sequence[str], *,
    year: int | None = None,
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
    year : int, optional
        The table's year: needed by a grouping that changes over time (``north-south-by-year``,
        or a CSV with columns ``from``/``to``), ignored by the others.

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
        If the file is missing or lacks the ``region`` and ``group`` columns, or a ``from`` or
        ``to`` entry is not a year.
    InvalidValueError
        If the grouping changes over time and no ``year`` is given.

    Examples
    --------
    >>> g = load_groups("north-south", ["USA", "CHN", "RoW"])
    >>> g.tolist()
    ['North', 'South', 'South']
    >>> load_groups("north-south-by-year", ["KOR", "TWN"], year=1996).tolist()
    ['South', 'South']
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
        df = _read(path, year, regions)
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
    out.attrs = {"groups": name, "description": description, "year": year}
    return out
