"""Price-level files of planning scenarios: ``region, sector, price_level`` CSV tables.

The scenario loader (:func:`interlabor.planning.load_scenario`) reads the file named by
``[price_levels] file`` with :func:`read_price_levels` and holds the parsed
:class:`PriceLevels`; the planning LP only looks the rows up in the table's labels.
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
    """

    region: str
    sector: str
    level: float
    line: int


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


def read_price_levels(path: str | Path) -> PriceLevels:
    """Read a price-level CSV: columns ``region, sector, price_level`` (others are ignored).

    Parameters
    ----------
    path : str or Path
        UTF-8 CSV with a header line; ``*`` as region or sector stands for all.

    Returns
    -------
    PriceLevels

    Raises
    ------
    ScenarioError
        Key ``price_levels.file``: the file is missing or unreadable, lacks a column, or a
        row's level is not a positive number (the message names the file, row and line).
        Whether regions and sectors belong to the table is checked when the plan is
        prepared (:func:`interlabor.planning.plan_data`).
    """
    p = Path(path)
    try:
        with p.open(newline="", encoding="utf-8-sig") as fh:
            reader = csv.DictReader(fh)
            found = list(reader.fieldnames or [])
            if not set(_PRICE_COLUMNS) <= set(found):
                raise ScenarioError(f"{PRICE_LEVELS_KEY}: {p} needs columns region, sector, "
                                    f"price_level; found {found}", key=PRICE_LEVELS_KEY)
            rows = []
            for rec in reader:
                r, sec, text = (str(rec.get(c) or "").strip() for c in _PRICE_COLUMNS)
                try:
                    level = float(text)
                except ValueError:
                    level = math.nan
                if not level > 0 or not math.isfinite(level):
                    raise ScenarioError(
                        f"{PRICE_LEVELS_KEY}: {p}: row {r}/{sec}/{text} (line {reader.line_num}): "
                        "expected a positive price level", key=PRICE_LEVELS_KEY)
                rows.append(PriceLevel(r, sec, level, reader.line_num))
    except FileNotFoundError as exc:
        raise ScenarioError(f"{PRICE_LEVELS_KEY}: {p} not found", key=PRICE_LEVELS_KEY) from exc
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise ScenarioError(f"{PRICE_LEVELS_KEY}: {p} is not a readable CSV ({exc})",
                            key=PRICE_LEVELS_KEY) from exc
    return PriceLevels(str(p), tuple(rows))
