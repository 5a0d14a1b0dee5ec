"""The reader interface and registry.

A reader is any object with a ``name``, ``can_read(path) -> bool`` and
``read(path, **options) -> MRIO``. :func:`read_table` picks the first registered reader that
recognises the path, or the one named by ``format``. Readers raise
:class:`~interlabor.errors.TableReadError` naming the file (and row/column) for anything
missing, truncated or malformed, and let :func:`~interlabor.model.build_mrio` validate the
numbers. A reader with a ``progress`` parameter is given the caller's progress callback
(:mod:`interlabor.progress`).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from ..errors import TableReadError
from ..model import MRIO
from ..progress import Progress, notify

__all__ = ["READERS", "FunctionReader", "Reader", "read_table", "register"]


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


@dataclass(frozen=True)
class FunctionReader:
    """A reader made of two functions: the cheap layout check and the reading function."""

    name: str
    can_read: Callable[[Path], bool]
    read: Callable[..., MRIO]


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
        If the path is missing, no reader recognises it, or the named format is unknown.
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
        return _read(READERS[format], p, progress, options)
    for reader in READERS.values():
        if reader.can_read(p):
            return _read(reader, p, progress, options)
    raise TableReadError(
        p,
        "no reader recognises this file or folder; expected one of the formats "
        f"{', '.join(sorted(READERS))} (pass --format to choose)",
    )


def _read(reader: Reader, p: Path, progress: Progress | None, options: dict[str, Any]) -> MRIO:
    notify(progress, "read", f"reading {p.name} ({reader.name})")
    if progress is not None and _takes_progress(reader.read):
        options["progress"] = progress
    return reader.read(p, **options)
