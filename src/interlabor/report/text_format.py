"""The one number formatter of the terminal: thousands separators, scale words, units.

Every command prints numbers through these functions: never scientific notation, never a
unit of ``1``; a quantity in a unit interlabor parses (:func:`interlabor.units.parse_unit`)
is shown at a readable scale (``560 billion hours``, ``USD 28.1 trillion``), a rate ``X per
Y`` in base units (``0.157 hours per USD``, ``USD 56.5 per hour``), a share as a percentage.

Examples
--------
>>> number(44927.1), number(0.01771), number(8.9474)
('44,927', '0.0177', '8.95')
>>> quantity(560068.0, "million hours")
'560 billion hours'
>>> quantity(2.809e7, "USD million")
'USD 28.1 trillion'
>>> quantity(0.1571, "million hours per USD million")
'0.157 hours per USD'
>>> quantity(8.947, "1"), quantity(0.8692, "share of world total (0-1)")
('8.95', '86.9 %')
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from ..errors import UnitError
from ..units import parse_unit, readable_scale

__all__ = ["Scale", "columns_table", "number", "quantity", "scale_for", "table", "table_format"]

_NONE = ("", "1", "ratio", "dimensionless")
_SINGULAR = {"hours": "hour", "persons": "person", "people": "person", "jobs": "job"}


def number(value: float, digits: int = 3) -> str:
    """``value`` with ``digits`` significant digits (all digits of its integer part) and commas.

    NaN is ``"n/a"``, infinities ``"inf"``/``"-inf"``; never scientific notation.
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    v = float(value)
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    if v == 0:
        return "0"
    decimals = max(0, digits - 1 - math.floor(math.log10(abs(v))))
    return f"{v:,.{decimals}f}"


@dataclass(frozen=True)
class Scale:
    """How to show numbers of one unit: a factor, a scale word and the base unit.

    ``format(v)`` gives the number, ``text(v)`` the number with its unit.
    """

    factor: float
    unit: str
    money: bool = False
    percent: bool = False

    def format(self, value: float, digits: int = 3) -> str:
        """The number alone, at this scale."""
        if self.percent:
            return number(100 * value, digits)
        return number(value * self.factor, digits)

    def text(self, value: float, digits: int = 3) -> str:
        """The number with its unit (``USD 28.1 trillion``, ``560 billion hours``)."""
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return "n/a"
        if self.percent:
            return f"{self.format(value, digits)} %"
        if self.money:
            cur, _, rest = self.unit.partition(" ")
            return f"{cur} {self.format(value, digits)}" + (f" {rest}" if rest else "")
        return f"{self.format(value, digits)} {self.unit}".rstrip()


def scale_for(unit: str, reference: float) -> Scale:
    """The scale to show values of ``unit`` near ``reference`` (e.g. the central value).

    Parameters
    ----------
    unit : str
        The unit of the values: ``million hours``, ``USD million``, ``million hours per USD
        million``, ``USD per hour``, ``1``, ``share ... (0-1)``, ``%`` or any other text
        (then the numbers are shown as they are, with that unit).
    reference : float
        The value that picks the scale word (``billion`` for 5.6e11 hours).
    """
    text = (unit or "").strip()
    if text.lower() in _NONE:
        return Scale(1.0, "")
    if text.startswith("share") or text.endswith("(0-1)"):
        return Scale(1.0, "%", percent=True)
    if " per " in text:
        num, _, den = text.partition(" per ")
        try:
            pn, pd_ = parse_unit(num), parse_unit(den)
        except UnitError:
            return Scale(1.0, text)
        per = _SINGULAR.get(pd_.base, pd_.base)
        return Scale(pn.scale / pd_.scale, f"{pn.base} per {per}", money=pn.monetary)
    try:
        factor, name = readable_scale(text, 0.0 if reference is None else reference)
    except UnitError:
        return Scale(1.0, text)
    return Scale(factor, name, money=parse_unit(text).monetary)


def quantity(value: float, unit: str, digits: int = 3) -> str:
    """``value`` in ``unit`` at a readable scale, with its unit (see the module examples)."""
    return scale_for(unit, value).text(value, digits)


def table_format(values: object, digits: int = 4) -> Callable[[float], str]:
    """One float format for a whole table: decimals set by its largest value, with commas.

    Parameters
    ----------
    values : array-like
        The numbers of the table.
    digits : int
        Significant digits of the largest value (whole numbers: no decimals).
    """
    import numpy as np

    arr = np.asarray(values, dtype=float)
    finite = np.abs(arr[np.isfinite(arr)])
    top = float(finite.max()) if finite.size else 0.0
    integers = bool(finite.size) and bool(np.all(finite == np.round(finite)))
    decimals = 0 if top == 0 or integers else max(0, digits - 1 - math.floor(math.log10(top)))

    def fmt(v: float) -> str:
        return "n/a" if v != v else f"{v:,.{decimals}f}"

    return fmt


def table(df: pd.DataFrame | pd.Series, digits: int = 4) -> str:
    """A table as text with :func:`table_format` (no scientific notation, commas)."""
    values = df.select_dtypes("number").to_numpy() if isinstance(df, pd.DataFrame) else (
        df.to_numpy() if pd.api.types.is_numeric_dtype(df) else [])
    with pd.option_context("display.width", 120, "display.max_columns", 12):
        return df.to_string(float_format=table_format(values, digits))


def columns_table(df: pd.DataFrame, units: dict[str, str], digits: int = 4) -> str:
    """A table whose columns have different units: each at its own readable scale.

    Parameters
    ----------
    df : DataFrame
        Numeric columns.
    units : dict
        Column -> unit (``million hours``, ``%``, ``million hours per person``, ...);
        columns not named are shown as they are.

    Returns
    -------
    str
        Each column headed ``name (unit at its scale)``, its numbers with commas and the
        decimals of its largest value, never in scientific notation.
    """
    import numpy as np

    cols: dict[str, list[str]] = {}
    for c in df.columns:
        values = df[c].to_numpy(dtype=float)
        finite = np.abs(values[np.isfinite(values)])
        sc = scale_for(units.get(str(c), ""), float(finite.max()) if finite.size else 0.0)
        shown = values * (100.0 if sc.percent else sc.factor)
        fmt = table_format(shown, digits)
        unit = "%" if sc.percent else sc.unit
        cols[f"{c} ({unit})" if unit else str(c)] = [fmt(v) for v in shown]
    text = pd.DataFrame(cols, index=df.index)
    with pd.option_context("display.width", 200, "display.max_columns", 12,
                           "display.max_colwidth", 80):
        return text.to_string()
