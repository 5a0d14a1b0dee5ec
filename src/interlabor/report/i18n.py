"""One message catalogue for the report and the explorer: translated text, names and numbers.

Every user-facing string of :mod:`interlabor.report.html`, :mod:`interlabor.report.charts`
and :mod:`interlabor.explore` is written in English in the code and looked up in the gettext
catalogue ``interlabor`` (``interlabor/locale/<lang>/LC_MESSAGES/interlabor.mo``, compiled
from the ``.po`` beside it by ``python tools/i18n.py compile``). English is the source
language; Spanish is complete. Numbers are formatted with Babel's locale data (decimal and
group separators) at three significant digits, with a plain-language scale and unit
("560 billion hours", "56 mil millones de horas").
"""

from __future__ import annotations

import gettext
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from ..errors import InterlaborError
from ..units import parse_unit
from .names import AGGREGATES, NAMES

__all__ = ["DOMAIN", "LANGUAGES", "LOCALE_DIR", "Translator", "translator"]

DOMAIN = "interlabor"
#: Languages with a complete catalogue, English (the source language) first.
LANGUAGES = ("en", "es")
LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale"


def N_(text: str) -> str:  # noqa: N802 - the usual gettext marker
    """Mark ``text`` for extraction; it is translated where it is shown."""
    return text


#: Scales of an amount: (threshold in base units, phrase of one amount, axis label).
_HOURS = (
    (1e9, N_("{n} billion hours"), N_("billion hours")),
    (1e6, N_("{n} million hours"), N_("million hours")),
    (1e3, N_("{n} thousand hours"), N_("thousand hours")),
    (0.0, N_("{n} hours"), N_("hours")),
)
_PERSONS = (
    (1e9, N_("{n} billion people"), N_("billion people")),
    (1e6, N_("{n} million people"), N_("million people")),
    (1e3, N_("{n} thousand people"), N_("thousand people")),
    (0.0, N_("{n} people"), N_("people")),
)
_MONEY = (
    (1e12, N_("{n} trillion {currency}"), N_("trillion {currency}")),
    (1e9, N_("{n} billion {currency}"), N_("billion {currency}")),
    (1e6, N_("{n} million {currency}"), N_("million {currency}")),
    (0.0, N_("{n} {currency}"), N_("{currency}")),
)


def _significant(value: float, digits: int) -> float:
    if value == 0 or not math.isfinite(value):
        return value
    return round(value, digits - 1 - int(math.floor(math.log10(abs(value)))))


@dataclass(frozen=True)
class Translator:
    """Text, region names and numbers in one language.

    Attributes
    ----------
    lang : str
        Language code (one of :data:`LANGUAGES`).
    """

    lang: str
    catalogue: gettext.NullTranslations = field(repr=False, compare=False)

    def _(self, message: str, /, **fields: object) -> str:
        """The translation of ``message`` with ``{name}`` fields filled in."""
        text = self.catalogue.gettext(message)
        return text.format(**fields) if fields else text

    def region(self, code: str) -> str:
        """Name of a region code (ISO3 or an aggregate such as ``RoW``), else the code."""
        name = NAMES.get(code) or AGGREGATES.get(code)
        return self._(name) if name else code

    def number(self, value: float, digits: int = 3) -> str:
        """``value`` at ``digits`` significant digits with the language's separators."""
        from babel.numbers import format_decimal

        if value is None or not math.isfinite(value):
            return self._("not available")
        v = _significant(float(value), digits)
        if abs(v) >= 10 ** (digits - 1):
            v = round(v)
        return str(format_decimal(v, format="#,##0.###", locale=self.lang))

    def percent(self, share: float, digits: int = 1) -> str:
        """A share (0-1) as a percentage with ``digits`` decimals."""
        from babel.numbers import format_percent

        if share is None or not math.isfinite(share):
            return self._("not available")
        fmt = "#,##0" + ("." + "0" * digits if digits else "") + "%"
        return str(format_percent(share, format=fmt, locale=self.lang))

    def _scales(self, unit: str) -> tuple[float, tuple[tuple[float, str, str], ...] | None, str]:
        """(factor to base units, scale table or None, currency) of a unit text."""
        try:
            u = parse_unit(unit)
        except InterlaborError:
            return 1.0, None, ""
        if u.monetary:
            return u.scale, _MONEY, u.base
        kind = u.kind
        if kind == "time worked":
            return u.scale, _HOURS, ""
        if kind == "persons":
            return u.scale, _PERSONS, ""
        return 1.0, None, ""

    def scale(self, values: Sequence[float], unit: str) -> tuple[float, str]:
        """A common scale for ``values`` in ``unit``: (factor to multiply by, axis label).

        Examples
        --------
        >>> translator("en").scale([560068.0, 62595.0], "million hours")
        (0.001, 'billion hours')
        """
        base, table, currency = self._scales(unit)
        finite = [abs(v) for v in values if v is not None and math.isfinite(v)]
        if table is None:
            return 1.0, unit
        top = max(finite, default=0.0) * base
        for threshold, _one, axis in table:
            if top >= threshold:
                return base / (threshold or 1.0), self._(axis, currency=currency)
        return base, self._(table[-1][2], currency=currency)  # pragma: no cover

    def amount(self, value: float, unit: str, digits: int = 3) -> str:
        """``value`` (in ``unit``) in words at a readable scale: ``560 billion hours``."""
        base, table, currency = self._scales(unit)
        if value is None or not math.isfinite(value):
            return self._("not available")
        if table is None:
            return f"{self.number(value, digits)} {unit}".rstrip()
        v = value * base
        for threshold, one, _axis in table:
            if abs(v) >= threshold:
                return self._(one, n=self.number(v / (threshold or 1.0), digits),
                              currency=currency)
        return self._(table[-1][1], n=self.number(v, digits), currency=currency)


@cache
def _catalogue(lang: str) -> gettext.NullTranslations:
    if lang == "en":
        return gettext.translation(DOMAIN, LOCALE_DIR, languages=["en"], fallback=True)
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang])


def translator(lang: str | None = None) -> Translator:
    """The :class:`Translator` of ``lang`` (default English).

    Raises
    ------
    InterlaborError
        No catalogue for ``lang`` (the message names the languages there are).
    """
    lang = (lang or "en").split("_")[0].split("-")[0].lower()
    if lang not in LANGUAGES:
        raise InterlaborError(f"no translation for language {lang!r}; available: "
                              f"{', '.join(LANGUAGES)}")
    return Translator(lang, _catalogue(lang))
