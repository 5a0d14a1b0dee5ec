"""The one way to read a table: :func:`read` for every source, ``"default"`` included.

``read`` is what the command line, batch runs and the explorer use: ``"default"`` is the
bundled WIOD 2011 table; an interlabor table folder is read directly; anything else goes
through the cache of converted tables (:mod:`interlabor.io.cache`, ``cache=False`` to skip
it) and the reader registry (:func:`interlabor.io.base.read_table`), which picks the reader
from the path or takes the one named by ``format``. :func:`describe` says what a source is
(shape, non-zeros of Z, size) without reading its matrices, from the same places.
"""

from __future__ import annotations

import contextlib
import dataclasses
from pathlib import Path
from typing import Any

from ..data import default_table_path
from ..errors import TableReadError
from ..model import MRIO
from ..progress import Progress, notify
from .base import TableInfo, disk_size

__all__ = ["DEFAULT", "describe", "load_default", "read"]

#: The name that stands for the bundled table, in :func:`read` and on the command line.
DEFAULT = "default"


def load_default(**options: Any) -> MRIO:
    """Load the bundled default table: WIOD 2013 release, world, 2011.

    Parameters
    ----------
    **options
        Passed to :func:`interlabor.io.store.read_mrio` (``verify``, ``warn``).

    Returns
    -------
    MRIO
        41 regions x 35 industries, 5 final-demand categories; accounts ``value_added``
        (US$ million, current prices) and modelled labour accounts (hours, persons, with
        their low-high variants).

    Raises
    ------
    TableReadError
        The bundled table is missing or damaged.

    Examples
    --------
    >>> mrio = load_default()
    >>> mrio.n_regions, mrio.n_sectors, len(mrio.categories)
    (41, 35, 5)
    """
    from .store import read_mrio

    return read_mrio(default_table_path(), **options)


def read(
    source: str | Path,
    *,
    format: str | None = None,
    cache: bool = True,
    cache_dir: str | Path | None = None,
    progress: Progress | None = None,
    **options: Any,
) -> MRIO:
    """Read any supported table into a validated :class:`~interlabor.model.MRIO`.

    Parameters
    ----------
    source : str or Path
        ``"default"`` (the bundled WIOD 2011 table), a file or folder as downloaded (WIOD
        ``.RData``/``.xlsx``/``.xlsb``, EXIOBASE ``IOT_YYYY_ixi.zip``, OECD ICIO, Eora26, GLORIA,
        a pymrio ``save_all`` folder) or an interlabor table folder. Zip archives are read in
        place.
    format : str, optional
        Reader name (``exiobase3``, ``wiod2013``, ...; see :data:`interlabor.io.READERS`);
        default: chosen from the path.
    cache : bool
        Keep the converted table in the cache so that the next read is fast (ignored for
        ``"default"`` and interlabor folders, which are read directly; and when reader
        ``options`` are given, since the cache key does not record them).
    cache_dir : str or Path, optional
        Cache folder (default ``$XDG_CACHE_HOME/interlabor/tables``).
    progress : Progress, optional
        Told what is read (:mod:`interlabor.progress`); readers that report the bytes read
        of their large matrices are given it.
    **options
        Passed to the reader (e.g. ``year=2011`` for WIOD national tables).

    Returns
    -------
    MRIO

    Raises
    ------
    TableReadError
        The source is missing, damaged, or no reader recognises it (names the file); or a
        ``format`` other than ``interlabor`` is given for ``"default"``.
    ValidationError
        The numbers break an input-output rule (names the row or column).

    Examples
    --------
    >>> import interlabor as il
    >>> il.read("default").n_regions
    41
    """
    if isinstance(source, str) and source == DEFAULT:
        if format not in (None, "interlabor"):
            raise TableReadError(DEFAULT, f"the bundled table is in interlabor's format; "
                                 f"format {format!r} does not apply (leave --format out)")
        notify(progress, "read", "reading the bundled table")
        return load_default(**options)
    from .base import read_table

    if cache and not options:
        from .cache import cached_read

        return cached_read(source, format=format, cache_dir=cache_dir, progress=progress)
    return read_table(source, format=format, progress=progress, **options)


def describe(
    path: str | Path, format: str | None = None, cache_dir: str | Path | None = None
) -> TableInfo:
    """Say what a table is (shape, non-zeros of Z, size on disk) without reading its matrices.

    In order: an interlabor table folder (or ``"default"``) from its manifest; a source with
    an entry in the cache of converted tables from that entry's manifest (exact sizes); else
    the reader's own ``describe`` (pymrio: Parquet metadata or text headers); else a rough
    estimate from the size on disk (:func:`interlabor.io.base.describe_by_size`).

    Parameters
    ----------
    path : str or Path
        ``"default"``, or any file or folder :func:`read` reads.
    format : str, optional
        Reader name (default: detected from the path); part of the cache key.
    cache_dir : str or Path, optional
        Cache folder to look in (default ``$XDG_CACHE_HOME/interlabor/tables``).

    Returns
    -------
    TableInfo
        ``path`` and ``size`` are the source's (a cache entry only lends its recorded shape
        and non-zeros); ``format`` is the reader that recognises the source, ``"unknown"``
        when none does; ``nnz_exact`` says whether the non-zeros are recorded or estimated.

    Raises
    ------
    TableReadError
        The path is missing, or ``format`` names no reader.

    Examples
    --------
    >>> info = describe("default")
    >>> info.n, info.regions, info.sectors, info.categories, info.nnz_exact
    (1435, 41, 35, 5, True)
    """
    from .base import describe_table, find_reader
    from .cache import cache_entry
    from .interlabor_store import describe_store
    from .store import is_store

    if isinstance(path, str) and path == DEFAULT:
        return describe_store(default_table_path())
    p = Path(path)
    if format in (None, "interlabor") and is_store(p):
        return describe_store(p)
    entry = cache_entry(p, format=format, cache_dir=cache_dir)
    if entry is not None:
        reader = find_reader(p, format)
        with contextlib.suppress(TableReadError):  # a damaged entry: as if there were none
            return dataclasses.replace(
                describe_store(entry), path=p, size=disk_size(p),
                format=reader.name if reader is not None else "unknown",
                basis=f"sizes recorded in the cache ({entry})")
    return describe_table(p, format=format)

