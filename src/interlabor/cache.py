"""A user cache of converted tables, so that the second open of a big source takes a second.

A source read through :func:`cached_read` is converted once and stored in interlabor's own
format (:mod:`interlabor.store`) under ``$XDG_CACHE_HOME/interlabor/tables`` (default
``~/.cache/interlabor/tables``), in a folder named by a key made of the source's resolved path,
size and modification time, the reader and the options that change the result. A changed,
moved or touched source gets a new key (the old entry is left for :func:`clear_cache`). The
manifest records the source's sha256 (when it is a file); the Parquet checksums of an entry are
verified on its first reuse, which leaves a ``.verified`` stamp, and not on later ones.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path
from typing import Any

from .model import MRIO

__all__ = ["cache_dir", "cache_key", "cached_read", "clear_cache"]

#: Reader options that do not change the table read (left out of the key).
_NEUTRAL = {"warn", "progress"}
_STAMP = ".verified"


def cache_dir() -> Path:
    """Folder of cached tables: ``$XDG_CACHE_HOME/interlabor/tables`` or ``~/.cache/...``."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "interlabor" / "tables"


def _stat(path: Path) -> tuple[int, int]:
    if path.is_file():
        st = path.stat()
        return st.st_size, st.st_mtime_ns
    files = [p for p in path.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), max((p.stat().st_mtime_ns for p in files),
                                                     default=0)


def cache_key(path: str | Path, reader: str, options: dict[str, Any]) -> str:
    """Key of a source: sha256 of its resolved path, size, mtime, reader and options.

    Parameters
    ----------
    path : str or Path
        File or folder (a folder's size and newest mtime over all its files).
    reader : str
        Reader name.
    options : dict
        Reader options (``warn`` and ``progress`` are ignored: they do not change the table).

    Returns
    -------
    str
        32 hexadecimal digits.
    """
    from . import __version__
    from .store import FORMAT_VERSION

    p = Path(path).resolve()
    size, mtime = _stat(p)
    opts = {k: str(v) for k, v in sorted(options.items()) if k not in _NEUTRAL}
    text = json.dumps([str(p), size, mtime, reader, opts, __version__, FORMAT_VERSION])
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def cached_read(
    path: str | Path, *, format: str | None = None, refresh: bool = False, **options: Any
) -> MRIO:
    """Read a source through the cache (convert and store it on the first open).

    Parameters
    ----------
    path : str or Path
        Source file or folder, as for :func:`~interlabor.io.read_table`.
    format : str, optional
        Reader name (default: detected).
    refresh : bool
        Convert again even when the cache has the table.
    **options
        Reader options.

    Returns
    -------
    MRIO
        The same table as ``read_table(path, format=format, **options)``.

    Raises
    ------
    TableReadError
        As the reader; or a cached entry whose files no longer match their checksums (the
        entry is then removed and the source read again).
    """
    from .errors import TableReadError
    from .io import READERS, read_table
    from .io.base import _load_builtin
    from .store import is_store, read_mrio, write_mrio

    p = Path(path)
    if not p.exists():
        raise TableReadError(p, "no such file or folder")
    _load_builtin()
    name = format or next((r.name for r in READERS.values() if r.can_read(p)), None)
    if name is None:  # let read_table say why
        return read_table(p, format=format, **options)
    entry = cache_dir() / f"{p.name}-{cache_key(p, name, options)}"
    if entry.is_dir() and is_store(entry) and not refresh:
        stamp = entry / _STAMP
        try:
            cached = read_mrio(entry, verify=not stamp.is_file())
        except TableReadError:
            shutil.rmtree(entry, ignore_errors=True)  # damaged entry: convert again
        else:
            stamp.touch()
            return cached
    mrio = read_table(p, format=name, **options)
    write_mrio(mrio, entry, inputs=[p] if p.is_file() else [], overwrite=entry.exists())
    return mrio


def clear_cache() -> int:
    """Remove every cached table; returns how many were removed."""
    root = cache_dir()
    if not root.is_dir():
        return 0
    n = 0
    for d in root.iterdir():
        if d.is_dir():
            shutil.rmtree(d, ignore_errors=True)
            n += 1
    return n
