"""The one exception hierarchy of interlabor.

::

    InterlaborError                      base of everything interlabor raises on purpose
    ├── TableReadError                   missing, truncated, corrupt or wrong-layout file
    ├── ValidationError                  data read fine but break an input-output rule
    │   ├── LabelMismatchError           labels differ between blocks, or are duplicated
    │   ├── InvalidValueError            NaN/inf, negative Z, account at zero output
    │   └── UnitError                    unknown or inconsistent unit
    ├── NonProductiveError               the coefficient matrix has spectral radius >= 1
    ├── AccountNotFoundError             an account name that the table does not have
    ├── CoverageError                    the data have no value for a year/country and no fallback
    ├── ConvergenceError                 an iterative solve failed outright
    ├── UndefinedRatioError              a ratio whose denominator is zero (no exports, ...)
    ├── OutputError                      a result cannot be written (bad extension, ...)
    │   └── OutputExistsError            the target exists and overwriting was not asked for
    ├── ScenarioError                    a planning scenario with an unknown or invalid key
    ├── SolverError                      a planning solve that is unbounded or troubled
    ├── InsufficientMemoryError          a table would not fit (also a MemoryError), before work
    ├── BatchError                       some units of a batch failed (names each)
    ├── MissingDependencyError           an optional package is not installed (also an ImportError)
    └── InfeasibleError                  a planning problem has no solution

Every message names the culprit (file, row/column label, account) and says what was expected.
Warnings that are not errors use :class:`InterlaborWarning` and its subclasses
(:class:`BalanceWarning`, :class:`DataQualityWarning`, :class:`ConvergenceWarning`,
:class:`CacheWarning`, :class:`PriceLevelWarning`).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

__all__ = [
    "AccountNotFoundError",
    "BalanceWarning",
    "BatchError",
    "CacheWarning",
    "ConvergenceError",
    "CoverageError",
    "ConvergenceWarning",
    "DataQualityWarning",
    "InfeasibleError",
    "InsufficientMemoryError",
    "InterlaborError",
    "InterlaborWarning",
    "InvalidValueError",
    "LabelMismatchError",
    "MissingDependencyError",
    "NonProductiveError",
    "OutputError",
    "OutputExistsError",
    "PriceLevelWarning",
    "TableReadError",
    "ScenarioError",
    "SolverError",
    "UndefinedRatioError",
    "UnitError",
    "ValidationError",
]


class InterlaborError(Exception):
    """Base class of every error interlabor raises on purpose."""


class TableReadError(InterlaborError):
    """A source file is missing, unreadable, truncated or not in the expected layout.

    Parameters
    ----------
    path : str or Path
        The file (or folder) being read.
    message : str
        What went wrong and what was expected.
    row, column : str, optional
        The row or column label (or number) where the problem was found.
    """

    def __init__(
        self,
        path: str | Path,
        message: str,
        *,
        row: object | None = None,
        column: object | None = None,
    ) -> None:
        self.path = str(path)
        self.row = row
        self.column = column
        where = ""
        if row is not None:
            where += f", row {row!r}"
        if column is not None:
            where += f", column {column!r}"
        super().__init__(f"{self.path}{where}: {message}")


class ValidationError(InterlaborError):
    """Input data that break an input-output accounting rule.

    Parameters
    ----------
    message : str
        What was found and what was expected.
    origin : str, optional
        The file or object the data came from; prefixed to the message.
    labels : sequence, optional
        The offending row/column labels (kept as an attribute).
    """

    def __init__(
        self, message: str, *, origin: str | None = None, labels: Sequence[object] = ()
    ) -> None:
        self.origin = origin
        self.labels = list(labels)
        super().__init__(f"{origin}: {message}" if origin else message)


class LabelMismatchError(ValidationError):
    """Labels differ between Z, Y, x and the accounts, or are duplicated."""


class InvalidValueError(ValidationError):
    """NaN/inf, negative intermediate flows, or an account value where output is zero."""


class UnitError(ValidationError):
    """An unknown unit, or units that cannot be combined."""


class NonProductiveError(InterlaborError):
    """The coefficient matrix A is not productive: spectral radius of A >= 1.

    Attributes
    ----------
    spectral_radius : float
        The computed spectral radius.
    columns : list
        Labels of the columns whose input coefficients sum to 1 or more.
    """

    def __init__(self, message: str, *, spectral_radius: float, columns: Sequence[object]) -> None:
        self.spectral_radius = spectral_radius
        self.columns = list(columns)
        super().__init__(message)


class AccountNotFoundError(InterlaborError, KeyError):
    """An account name (``hours`` or ``extension/row``) that the table does not have."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


class CoverageError(InterlaborError):
    """The source data have no value for a year or country, and no documented fallback applies.

    E.g. a WIOD 2013 year outside 1995-2011, or a country with no employment estimate.
    """


class ConvergenceError(InterlaborError):
    """An iterative Leontief solve diverged or stalled far from its tolerance."""


class UndefinedRatioError(InterlaborError):
    """A ratio is undefined because its denominator is zero (a region with no exports, ...).

    Raised instead of returning inf or NaN; the message names the ratio, the region and why.
    """


class OutputError(InterlaborError):
    """A result cannot be written where or how it was asked (names the path)."""


class OutputExistsError(OutputError, FileExistsError):
    """The output exists already and overwriting was not asked for."""


class ScenarioError(InterlaborError):
    """A planning scenario (TOML file or settings) with an unknown or invalid key.

    Attributes
    ----------
    key : str or None
        The offending key, dotted (``sourcing.delta``).
    """

    def __init__(self, message: str, *, key: str | None = None) -> None:
        self.key = key
        super().__init__(message)


class SolverError(InterlaborError):
    """A planning solve that ended unbounded, at a limit, or in numerical trouble.

    Attributes
    ----------
    status : str
        The solver's own model status.
    info : dict
        What the solver reached before it stopped (first-order backends: relative gap,
        residuals, seconds, iterations); empty when it says nothing.
    """

    def __init__(self, message: str, *, status: str = "",
                 info: dict[str, float] | None = None) -> None:
        self.status = status
        self.info = dict(info or {})
        super().__init__(message)


class InsufficientMemoryError(InterlaborError, MemoryError):
    """A table would not fit in the memory available to it; raised before the work starts.

    ``needed`` and ``available`` (bytes) and ``table`` say which table and by how much.
    """

    def __init__(self, message: str, *, table: str | None = None, needed: int = 0,
                 available: int = 0) -> None:
        super().__init__(message)
        self.table = table
        self.needed = needed
        self.available = available


class BatchError(InterlaborError):
    """Some units of a batch failed; ``failures`` maps each unit to its error message."""

    def __init__(self, message: str, failures: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.failures = dict(failures or {})


class MissingDependencyError(InterlaborError, ImportError):
    """An optional package that a function needs is not installed.

    Also an :class:`ImportError`, so ``except ImportError`` keeps working. The message names
    the package and the ``pip install`` command (the interlabor extra) that brings it.

    Parameters
    ----------
    message : str
        What needs the package and how to install it.
    name : str, optional
        The missing package (:class:`ImportError`'s ``name``), e.g. ``"pymrio"``.
    """

    def __init__(self, message: str, *, name: str | None = None) -> None:
        super().__init__(message, name=name)


class InfeasibleError(InterlaborError):
    """A planning problem has no feasible solution.

    Attributes
    ----------
    explanation : list of str
        The constraints of an irreducible infeasible set, each in words (empty when the solver
        could not compute one).
    status : str
        The solver's model status.
    """

    def __init__(
        self, message: str, *, explanation: Sequence[str] = (), status: str = "Infeasible"
    ) -> None:
        self.explanation = list(explanation)
        self.status = status
        super().__init__(message)


class InterlaborWarning(UserWarning):
    """Base class of interlabor's warnings."""


class BalanceWarning(InterlaborWarning):
    """Published gross output differs from Z·1 + Y·1 beyond rounding."""


class DataQualityWarning(InterlaborWarning):
    """Valid but suspicious data: zero output, tiny output with a large account, ..."""


class ConvergenceWarning(InterlaborWarning):
    """An iterative solve stopped before reaching its tolerance (says how far it got)."""


class CacheWarning(InterlaborWarning):
    """A cache entry could not be used or written; the source was read instead."""


class PriceLevelWarning(InterlaborWarning):
    """Volumes were asked for but no price levels are known: the result is in money units."""
