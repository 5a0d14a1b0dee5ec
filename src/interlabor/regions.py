"""Region codes: ISO3 canonical, with each source's own code kept beside it.

Sources spell some regions their own way (WIOD 2013's ``ROM`` for Romania, EXIOBASE's ISO2
codes and rest-of-world regions ``WA``/``WE``/``WF``/``WL``/``WM``). interlabor labels regions
by ISO 3166-1 alpha-3 and keeps the source's code in ``MRIO.source_regions``. Aggregate regions
that are not countries (``RoW``) stay as the source writes them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

__all__ = ["SOURCE_TO_ISO3", "to_iso3"]

#: Per-source code quirks: source code -> ISO3.
SOURCE_TO_ISO3: Mapping[str, Mapping[str, str]] = {
    "wiod2013": {"ROM": "ROU"},
    "wiod2016": {"ROM": "ROU"},
}


def to_iso3(codes: Iterable[str], source: str) -> tuple[str, ...]:
    """Map a source's region codes to canonical codes.

    Parameters
    ----------
    codes : iterable of str
        Region codes as the source writes them.
    source : str
        Source key in :data:`SOURCE_TO_ISO3` (unknown sources map codes to themselves).

    Returns
    -------
    tuple of str

    Examples
    --------
    >>> to_iso3(["AUS", "ROM", "RoW"], "wiod2013")
    ('AUS', 'ROU', 'RoW')
    """
    table = SOURCE_TO_ISO3.get(source, {})
    return tuple(table.get(str(c), str(c)) for c in codes)
