"""Region codes: ISO3 canonical, with each source's own code kept beside it.

Sources spell some regions their own way (WIOD 2013's ``ROM`` for Romania, EXIOBASE's ISO2
codes and rest-of-world regions ``WA``/``WE``/``WF``/``WL``/``WM``). interlabor labels regions
by ISO 3166-1 alpha-3 and keeps the source's code in ``MRIO.source_regions``. Aggregate regions
that are not countries (``RoW``) stay as the source writes them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

__all__ = ["EXIOBASE_ISO2", "SOURCE_TO_ISO3", "to_iso3"]

#: EXIOBASE 3 country codes (ISO 3166 alpha-2) -> ISO3; rest-of-world WA, WE, WF, WL, WM are
#: not countries and stay as they are.
EXIOBASE_ISO2: Mapping[str, str] = {
    "AT": "AUT", "AU": "AUS", "BE": "BEL", "BG": "BGR", "BR": "BRA", "CA": "CAN", "CH": "CHE",
    "CN": "CHN", "CY": "CYP", "CZ": "CZE", "DE": "DEU", "DK": "DNK", "EE": "EST", "ES": "ESP",
    "FI": "FIN", "FR": "FRA", "GB": "GBR", "GR": "GRC", "HR": "HRV", "HU": "HUN", "ID": "IDN",
    "IE": "IRL", "IN": "IND", "IT": "ITA", "JP": "JPN", "KR": "KOR", "LT": "LTU", "LU": "LUX",
    "LV": "LVA", "MT": "MLT", "MX": "MEX", "NL": "NLD", "NO": "NOR", "PL": "POL", "PT": "PRT",
    "RO": "ROU", "RU": "RUS", "SE": "SWE", "SI": "SVN", "SK": "SVK", "TR": "TUR", "TW": "TWN",
    "US": "USA", "ZA": "ZAF",
}  # fmt: skip

#: Per-source code quirks: source code -> ISO3.
SOURCE_TO_ISO3: Mapping[str, Mapping[str, str]] = {
    "wiod2013": {"ROM": "ROU"},
    "wiod2016": {"ROM": "ROU"},
    "exiobase3": EXIOBASE_ISO2,
    # OECD ICIO codes are ISO3 (ROW: rest of the world); its split regions CN1/CN2 and MX1/MX2
    # are aggregated into CHN and MEX by the reader, or kept under their own codes
    "oecd": {},
    # Eora26 codes are ISO3 except a few of its own
    "eora26": {"SUD": "SDN", "SDS": "SSD", "ROM": "ROU", "ZAR": "COD", "TMP": "TLS"},
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
