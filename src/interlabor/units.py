"""Units of accounts and monetary blocks.

A unit string is an optional scale word followed by a base unit: ``"hours"``,
``"million hours"``, ``"1000 persons"``, ``"USD million"`` or ``"M.EUR"`` (EXIOBASE's
spelling). Monetary units are a three-letter ISO 4217 currency code with a scale.
Anything else is refused with :class:`~interlabor.errors.UnitError`, so that a typo
never silently turns hours into persons.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import UnitError

__all__ = ["MonetaryUnit", "Unit", "parse_unit", "readable_scale"]

_SCALES: dict[str, float] = {
    "": 1.0,
    "1": 1.0,
    "thousand": 1e3,
    "thousands": 1e3,
    "1000": 1e3,
    "k": 1e3,
    "million": 1e6,
    "millions": 1e6,
    "mn": 1e6,
    "mio": 1e6,
    "m": 1e6,
    "1000000": 1e6,
    "billion": 1e9,
    "bn": 1e9,
}

#: Physical (non-monetary) base units interlabor knows, with their kind.
PHYSICAL_UNITS: dict[str, str] = {
    "hours": "time worked",
    "hour": "time worked",
    "h": "time worked",
    "persons": "persons",
    "person": "persons",
    "people": "persons",
    "jobs": "persons",
    "fte": "persons",
    "kg": "mass",
    "t": "mass",
    "tonnes": "mass",
    "kt": "mass",
    "tj": "energy",
    "mj": "energy",
    "m3": "volume",
    "km2": "area",
    "ha": "area",
    "1": "dimensionless",
    "index": "dimensionless",
}

_CURRENCY = re.compile(r"^[A-Z]{3}$")
_MONEY_FORMS = (
    re.compile(r"^(?P<cur>[A-Z]{3})\s+(?P<scale>[A-Za-z0-9]+)$"),  # USD million
    re.compile(r"^(?P<scale>[A-Za-z0-9]+)\s+(?P<cur>[A-Z]{3})$"),  # million USD
    re.compile(r"^(?P<scale>[A-Za-z])\.(?P<cur>[A-Z]{3})$"),  # M.EUR
    re.compile(r"^(?P<cur>[A-Z]{3})$"),  # USD
)


@dataclass(frozen=True)
class Unit:
    """A parsed unit.

    Attributes
    ----------
    text : str
        The unit as written by the source.
    base : str
        Base unit (``"hours"``) or currency code (``"USD"``).
    scale : float
        Multiplier to the base unit (``1e6`` for "million").
    monetary : bool
        True for currency units.
    """

    text: str
    base: str
    scale: float
    monetary: bool

    @property
    def kind(self) -> str:
        """Physical kind (``"time worked"``, ``"persons"``, ...) or ``"money"``."""
        return "money" if self.monetary else PHYSICAL_UNITS[self.base.lower()]


@dataclass(frozen=True)
class MonetaryUnit:
    """Currency, scale and price basis of every monetary block of a table.

    Attributes
    ----------
    currency : str
        ISO 4217 code, e.g. ``"USD"``.
    scale : float
        ``1e6`` for millions.
    price_year : int or None
        Year of the prices (current prices: the table's year).
    price_basis : str
        ``"basic prices"``, ``"purchasers' prices"``, ...
    """

    currency: str = "USD"
    scale: float = 1e6
    price_year: int | None = None
    price_basis: str = "basic prices"

    def __post_init__(self) -> None:
        if not _CURRENCY.match(self.currency):
            raise UnitError(
                f"currency {self.currency!r} is not a three-letter ISO 4217 code (e.g. 'USD')"
            )
        if not self.scale > 0:
            raise UnitError(f"monetary scale must be positive, got {self.scale!r}")

    @property
    def label(self) -> str:
        """Readable unit such as ``"USD million"``."""
        names = {1.0: "", 1e3: " thousand", 1e6: " million", 1e9: " billion"}
        return f"{self.currency}{names.get(self.scale, f' x{self.scale:g}')}"

    @property
    def description(self) -> str:
        """The unit with its price basis and year."""
        year = f", {self.price_year} prices" if self.price_year else ""
        return f"{self.label} ({self.price_basis}{year})"


def parse_unit(text: str) -> Unit:
    """Parse a unit string.

    Parameters
    ----------
    text : str
        E.g. ``"hours"``, ``"million hours"``, ``"1000 persons"``, ``"USD million"``, ``"M.EUR"``.

    Returns
    -------
    Unit

    Raises
    ------
    UnitError
        If the unit is empty or its base is neither a known physical unit nor a currency code.

    Examples
    --------
    >>> parse_unit("million hours").scale
    1000000.0
    >>> parse_unit("M.EUR").base
    'EUR'
    """
    raw = str(text).strip()
    if not raw:
        raise UnitError("empty unit: expected e.g. 'hours', 'persons' or 'USD million'")
    for form in _MONEY_FORMS:
        m = form.match(raw)
        if m:
            scale_word = m.groupdict().get("scale", "") or ""
            scale = _SCALES.get(scale_word.lower())
            if scale is not None:
                return Unit(raw, m["cur"], scale, True)
    parts = raw.split()
    if len(parts) == 1:
        scale_word, base = "", parts[0]
    elif len(parts) == 2:
        scale_word, base = parts
    else:
        scale_word, base = "", ""
    scale = _SCALES.get(scale_word.lower())
    if scale is None or base.lower() not in PHYSICAL_UNITS:
        known = ", ".join(sorted({k for k in PHYSICAL_UNITS if len(k) > 2}))
        raise UnitError(
            f"unknown unit {raw!r}: expected an optional scale (thousand, million, 1000) and a "
            f"base unit ({known}) or a currency such as 'USD million'"
        )
    return Unit(raw, base, scale, False)


_WORDS = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"), (1e3, "thousand"))


def readable_scale(unit: str, magnitude: float) -> tuple[float, str]:
    """The factor and unit to show values of ``unit`` near ``magnitude`` without exponents.

    Parameters
    ----------
    unit : str
        A unit :func:`parse_unit` reads (``"million hours"``, ``"USD million"``).
    magnitude : float
        A typical value in ``unit`` (the largest of a chart, the central value).

    Returns
    -------
    (float, str)
        Multiply values by the factor to express them in the unit: the base unit with the
        scale word that keeps ``magnitude`` between 1 and 1000 (up to trillion).

    Raises
    ------
    UnitError
        If ``unit`` is not one :func:`parse_unit` reads.

    Examples
    --------
    >>> readable_scale("million hours", 560068.0)
    (0.001, 'billion hours')
    >>> readable_scale("USD million", 2.8e7)
    (1e-06, 'USD trillion')
    """
    parsed = parse_unit(unit)
    total = abs(magnitude) * parsed.scale if magnitude == magnitude else 0.0
    factor, word = next(((f, w) for f, w in _WORDS if total >= f), (1.0, ""))
    name = f"{parsed.base} {word}" if parsed.monetary else f"{word} {parsed.base}"
    return parsed.scale / factor, name.strip()
