"""Price-level files: ``region, sector, price_level`` CSV tables (optionally by ``year``).

The scenario loader (:func:`interlabor.planning.load_scenario`) reads the file named by
``[price_levels] file`` with :func:`read_price_levels` and holds the parsed
:class:`PriceLevels`; the planning LP only looks the rows up in the table's labels. The
sectoral price levels shipped for the WIOD 2013 tables (:mod:`interlabor.price_levels`) are
a file of the same layout with a ``year`` column, read for one year.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from pathlib import Path

from ..errors import ScenarioError

__all__ = ["PRICE_LEVELS_KEY", "PriceLevel", "PriceLevels", "read_price_levels"]


@dataclass(frozen=True)
class PriceLevel:
    """One row of a price-level file.

    Attributes
    ----------
    region, sector : str
        Codes of the table, or ``"*"`` for all.
    level : float
        Price of the product in the region relative to the reference (positive).
    line : int
        Line of the file (the header is line 1), for messages.
    year : int or None
        The year the level is for (files with a ``year`` column); None: any year.
    """

    region: str
    sector: str
    level: float
    line: int
    year: int | None = None


@dataclass(frozen=True)
class PriceLevels:
    """A parsed price-level file: rows in file order (a later row overrides an earlier one).

    Attributes
    ----------
    source : str
        The file it was read from (``str()`` gives it, for reports and messages).
    rows : tuple of PriceLevel
    """

    source: str
    rows: tuple[PriceLevel, ...]

    def __str__(self) -> str:
        return self.source


#: Scenario key of the price-level file, named by every error about it.
PRICE_LEVELS_KEY = "price_levels.file"
_PRICE_COLUMNS = ("region", "sector", "price_level")


def read_price_levels(path: str | Path, *, year: int | None = None,
                      source: str | None = None) -> PriceLevels:
    """Read a price-level CSV: columns ``region, sector, price_level`` (others are ignored).

    Parameters
    ----------
    path : str or Path
        UTF-8 CSV with a header line; ``*`` as region or sector stands for all.
    year : int, optional
        Keep only the rows of this year (the file then needs a ``year`` column). Without
        it, a ``year`` column is kept in each row (:attr:`PriceLevel.year`) and the rows of
        a table's year are used when a plan is prepared.
    source : str, optional
        What :class:`PriceLevels` says it came from (default: the path).

    Returns
    -------
    PriceLevels

    Raises
    ------
    ScenarioError
        Key ``price_levels.file``: the file is missing or unreadable, lacks a column (or the
        ``year`` column when a year is asked for), or a row's level is not a positive number
        (the message names the file, row and line).
        Whether regions and sectors belong to the table is checked when the plan is
        prepared (:func:`interlabor.planning.plan_data`).
    """
    p = Path(path)
    try:
        with p.open(newline="", encoding="utf-8-sig") as fh:
            reader = csv.DictReader(fh)
            found = list(reader.fieldnames or [])
            need = set(_PRICE_COLUMNS) | ({"year"} if year is not None else set())
            if not need <= set(found):
                raise ScenarioError(f"{PRICE_LEVELS_KEY}: {p} needs columns "
                                    f"{', '.join(sorted(need))}; found {found}",
                                    key=PRICE_LEVELS_KEY)
            rows = []
            by_year = "year" in found
            for rec in reader:
                text_year = str(rec.get("year") or "").strip()
                if year is not None and text_year != str(year):
                    continue
                r, sec, text = (str(rec.get(c) or "").strip() for c in _PRICE_COLUMNS)
                try:
                    level = float(text)
                except ValueError:
                    level = math.nan
                if not level > 0 or not math.isfinite(level):
                    raise ScenarioError(
                        f"{PRICE_LEVELS_KEY}: {p}: row {r}/{sec}/{text} (line {reader.line_num}): "
                        "expected a positive price level", key=PRICE_LEVELS_KEY)
                try:
                    row_year = int(text_year) if by_year and text_year else None
                except ValueError:
                    raise ScenarioError(
                        f"{PRICE_LEVELS_KEY}: {p}: row {r}/{sec} (line {reader.line_num}): "
                        f"expected a year, got {text_year!r}", key=PRICE_LEVELS_KEY) from None
                rows.append(PriceLevel(r, sec, level, reader.line_num, row_year))
    except FileNotFoundError as exc:
        raise ScenarioError(f"{PRICE_LEVELS_KEY}: {p} not found", key=PRICE_LEVELS_KEY) from exc
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise ScenarioError(f"{PRICE_LEVELS_KEY}: {p} is not a readable CSV ({exc})",
                            key=PRICE_LEVELS_KEY) from exc
    return PriceLevels(source or str(p), tuple(rows))
