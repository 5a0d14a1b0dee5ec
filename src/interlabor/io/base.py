"""The reader interface and registry.

A reader is any object with a ``name``, ``can_read(path) -> bool`` and
``read(path, **options) -> MRIO``; optionally ``describe(path) -> TableInfo``, which says what
the table is (shape, non-zeros of Z) from its metadata without reading the matrices.
:func:`read_table` picks the first registered reader that recognises the path, or the one named
by ``format``, else routes the file by extension and content (:mod:`interlabor.io.routing`),
which also reports a damaged file as damaged; :func:`describe_table` does the same for
``describe``, with a rough estimate from the size on disk (:func:`describe_by_size`) for
readers without it. Readers raise :class:`~interlabor.errors.TableReadError` naming the file
(and row/column) for anything missing, truncated or malformed, and let
:func:`~interlabor.model.build_mrio` validate the numbers. A reader with a ``progress``
parameter is given the caller's progress callback (:mod:`interlabor.progress`).
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from ..errors import InterlaborError, TableReadError
from ..model import MRIO
from ..progress import Progress, amount, notify

__all__ = ["READERS", "Describer", "FunctionReader", "Reader", "TableInfo", "describe_by_size",
           "describe_table", "disk_size", "find_reader", "read_table", "register"]


@dataclass(frozen=True)
class TableInfo:
    """What a table is, known without reading its matrices.

    Attributes
    ----------
    path : Path
        The table (file or folder) as given.
    format : str
        Name of the reader that recognises it; ``"unknown"`` when none does.
    n : int
        Rows (and columns) of Z: regions x sectors.
    regions, sectors, categories : int or None
        Regions, sectors per region and final-demand categories per region, when known.
    nnz : int
        Non-zeros of Z: exact when ``nnz_exact``, else an estimate (``n * n`` when nothing
        better is known).
    nnz_exact : bool
        Whether ``nnz`` is recorded (interlabor's format, a cache entry) or estimated.
    size : int
        Bytes on disk of the table (all files below a folder).
    basis : str
        Where the numbers come from (``"sizes recorded in the table"``, ...).
    dense_read : bool
        The reader holds Z as a dense (n, n) array while reading it (8 n^2 bytes more).
    rough : bool
        ``n`` itself is guessed from the size on disk (no reader metadata was used).
    """

    path: Path
    format: str
    n: int
    regions: int | None
    sectors: int | None
    categories: int | None
    nnz: int
    nnz_exact: bool
    size: int
    basis: str
    dense_read: bool = False
    rough: bool = False

    def __str__(self) -> str:
        shape = ""
        if self.regions is not None and self.sectors is not None:
            shape = f" ({self.regions} regions x {self.sectors} sectors"
            shape += f", {self.categories} categories)" if self.categories is not None else ")"
        how = "exact" if self.nnz_exact else "estimated"
        return (f"{self.path} [{self.format}]: n = {self.n:,}{shape}; {self.nnz:,} non-zeros "
                f"of Z ({how}); {amount(self.size, 'B')} on disk; {self.basis}")


def disk_size(path: str | Path) -> int:
    """Bytes on disk of a file, or of every file below a folder.

    Parameters
    ----------
    path : str or Path
        A file or folder; files that vanish while they are counted are skipped.

    Returns
    -------
    int
    """
    p = Path(path)
    total = 0
    for f in p.rglob("*") if p.is_dir() else [p]:
        try:
            if f.is_file():
                total += f.stat().st_size
        except OSError:
            continue
    return total


def describe_by_size(path: str | Path, format: str = "unknown", note: str = "") -> TableInfo:
    """A rough description from the size on disk alone: Z taken as dense, compressed up to 30x.

    Parameters
    ----------
    path : str or Path
        File or folder.
    format : str
        Reader name to record (``"unknown"`` when no reader recognises the path).
    note : str
        Appended to ``basis`` (e.g. why the reader's metadata could not be used).

    Returns
    -------
    TableInfo
        ``n = sqrt(30 * size / 8)`` (a dense float64 Z compressed up to ~30x, as WIOD's
        ``.RData``), ``nnz = n * n``, shape by region unknown; ``rough`` is True.
    """
    size = disk_size(path)
    n = int(math.sqrt(max(size, 1) * 30 / 8))
    return TableInfo(Path(path), format, n, None, None, None, n * n, False, size,
                     "rough: from the file size, Z taken as dense" + note, rough=True)


@runtime_checkable
class Reader(Protocol):
    """What every reader provides."""

    @property
    def name(self) -> str:
        """Reader name, as given to ``--format``."""
        ...

    def can_read(self, path: Path) -> bool:
        """Return True when ``path`` looks like this reader's layout (cheap check)."""
        ...

    def read(self, path: Path, **options: Any) -> MRIO:
        """Read ``path`` into a validated MRIO."""
        ...


@runtime_checkable
class Describer(Protocol):
    """What a reader provides when it can describe a table from its metadata (optional)."""

    def describe(self, path: Path) -> TableInfo:
        """Shape and non-zeros of Z of ``path``, without reading the matrices.

        Raises
        ------
        TableReadError
            The metadata is missing or malformed (:func:`describe_table` then falls back to
            :func:`describe_by_size`).
        """
        ...


@dataclass(frozen=True)
class FunctionReader:
    """A reader made of functions: the cheap layout check, the reading, optionally describing."""

    name: str
    can_read: Callable[[Path], bool]
    read: Callable[..., MRIO]
    describe: Callable[[Path], TableInfo] | None = None


READERS: dict[str, Reader] = {}
_GENERIC = ("pymrio", "interlabor")


def register(reader: Reader) -> Reader:
    """Add a reader to the registry (later registrations of the same name replace earlier)."""
    READERS[reader.name] = reader
    return reader


def _load_builtin() -> None:
    # Imported for their registration side effect; lazy so that `import interlabor` stays light.
    # source readers before the generic pymrio folder reader (an extracted EXIOBASE folder is
    # also a pymrio folder)
    for mod in ("wiod2013", "wiod2016", "wiod2016_niot", "exiobase", "oecd", "eora", "gloria",
                "pymrio_folder", "interlabor_store"):
        try:
            __import__(f"{__package__}.{mod}")
        except ModuleNotFoundError as exc:  # optional readers not present in this build
            if exc.name != f"{__package__}.{mod}":
                raise
    # generic readers last: a source's own reader recognises its folders first
    for name in _GENERIC:
        if name in READERS:
            READERS[name] = READERS.pop(name)


def find_reader(path: str | Path, format: str | None = None) -> Reader | None:
    """The reader named ``format``, else the first registered one that recognises ``path``.

    Parameters
    ----------
    path : str or Path
        File or folder (must exist).
    format : str, optional
        Reader name (see ``READERS``).

    Returns
    -------
    Reader or None
        None when no reader recognises the path.

    Raises
    ------
    TableReadError
        The path is missing, or ``format`` names no reader.
    """
    _load_builtin()
    p = Path(path)
    if not p.exists():
        raise TableReadError(p, "no such file or folder")
    if format is not None:
        if format not in READERS:
            raise TableReadError(
                p, f"unknown format {format!r}; expected one of {', '.join(sorted(READERS))}"
            )
        return READERS[format]
    found = next((r for r in READERS.values() if r.can_read(p)), None)
    if found is None:  # the name says nothing: route by extension and content
        from .routing import route

        name = route(p)
        found = READERS.get(name) if name is not None else None
    return found


def _takes_progress(read: Callable[..., Any]) -> bool:
    try:
        return "progress" in inspect.signature(read).parameters
    except (TypeError, ValueError):  # builtins and other callables without a signature
        return False


def read_table(
    path: str | Path, *, format: str | None = None, progress: Progress | None = None,
    **options: Any,
) -> MRIO:
    """Read an MRIO table from ``path``.

    Parameters
    ----------
    path : str or Path
        File or folder.
    format : str, optional
        Reader name (see ``READERS``); by default the first reader whose ``can_read`` accepts
        the path.
    progress : Progress, optional
        Told that the table is being read; given to readers that report their own progress
        (those with a ``progress`` parameter: bytes read of the large matrices).
    **options
        Passed to the reader (e.g. ``year=2011``).

    Returns
    -------
    MRIO

    Raises
    ------
    TableReadError
        If the path is missing, no reader recognises it, or the named format is unknown; or
        the file is damaged (truncated, corrupt: :func:`interlabor.io.routing.damage`),
        whatever error the reader ran into.
    """
    from .routing import damage, diagnose

    p = Path(path)
    reader = find_reader(p, format)
    if reader is None:
        raise TableReadError(p, diagnose(p, sorted(READERS)))
    notify(progress, "read", f"reading {p.name} ({reader.name})")
    if progress is not None and _takes_progress(reader.read):
        options["progress"] = progress
    try:
        return reader.read(p, **options)
    except (InterlaborError, OSError, ValueError, KeyError, IndexError, EOFError) as exc:
        broken = damage(p) if p.is_file() else None  # a damaged file: say so, whatever failed
        if broken is None or (isinstance(exc, TableReadError) and broken in str(exc)):
            raise
        raise TableReadError(p, broken) from exc


def describe_table(path: str | Path, *, format: str | None = None) -> TableInfo:
    """Describe a table from its reader's metadata, without reading the matrices.

    Parameters
    ----------
    path : str or Path
        File or folder.
    format : str, optional
        Reader name; by default the first reader whose ``can_read`` accepts the path.

    Returns
    -------
    TableInfo
        From the reader's ``describe`` where it has one and its metadata is readable; else
        the rough estimate of :func:`describe_by_size` (also for paths no reader recognises,
        with format ``"unknown"``).

    Raises
    ------
    TableReadError
        The path is missing, or the named format is unknown.
    """
    p = Path(path)
    reader = find_reader(p, format)
    if reader is None:
        return describe_by_size(p)
    describe = getattr(reader, "describe", None)
    note = ""
    if callable(describe):
        try:
            info: TableInfo = describe(p)
            return info
        except (InterlaborError, OSError, ValueError) as exc:  # fall back to the size
            note = f" ({reader.name} metadata not usable: {exc})"
    return describe_by_size(p, reader.name, note)
