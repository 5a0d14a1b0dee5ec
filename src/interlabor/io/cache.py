"""A cache of converted tables in interlabor's own format, so that a second run reads fast.

Reading a source table (pymrio's 9,800-column Parquet, WIOD's R data files) costs seconds;
reading the same table from interlabor's own format (:mod:`interlabor.io.store`: the non-zeros of
Z, zstd) costs a fraction of that. :func:`cached_read` reads a source once, writes it to the
cache, and reads the cached copy on later calls.

Where
    ``$XDG_CACHE_HOME/interlabor/tables`` (``~/.cache/interlabor/tables`` when the variable is
    unset or empty), or the ``cache_dir`` argument. Deleting the folder is always safe.

Key
    The resolved path of the source, and the name, size and modification time (ns) of every
    file it consists of (all files below a folder), the reader format asked for, and
    interlabor's version and store format version. A changed, touched, added or removed source
    file gives a new key; the entry of the old key for the same path is removed when the new
    one is written.

Integrity
    Entries are written atomically (:func:`interlabor.io.store.write_mrio`: a temporary folder
    renamed into place), so a crash never leaves a half entry. The manifest's own checksum
    (its units, money, labels of accounts, meta) and the sizes of the cached files are checked
    on every read; the files' sha256 checksums are verified *lazily*: hashed in a background
    thread while the table is being decoded, and compared before :func:`cached_read` returns.
    A damaged entry is removed and the source read again (with a :class:`CacheWarning`).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import threading
import warnings
from pathlib import Path
from typing import Any

from ..errors import CacheWarning, InterlaborError, OutputError, TableReadError
from ..model import MRIO
from ..progress import Progress, notify

__all__ = ["CacheWarning", "cache_dir", "cache_entry", "cache_key", "cached_read"]


def cache_dir(cache_dir: str | Path | None = None) -> Path:
    """The folder of cached tables: ``cache_dir``, else ``$XDG_CACHE_HOME/interlabor/tables``.

    Parameters
    ----------
    cache_dir : str or Path, optional
        Use this folder instead.

    Returns
    -------
    Path
        Not created here.
    """
    if cache_dir is not None:
        return Path(cache_dir)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "interlabor" / "tables"


_cache_root = cache_dir  # cached_read's parameter of the same name hides the function


def _source_files(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(p for p in path.rglob("*") if p.is_file())
    return [path]


def cache_key(path: str | Path, *, format: str | None = None) -> str:
    """The cache key of a source table: ``<path digest>-<content stamp digest>``.

    Parameters
    ----------
    path : str or Path
        Source file or folder (must exist).
    format : str, optional
        Reader name, as given to :func:`~interlabor.io.read_table`.

    Returns
    -------
    str
        32 hex digits: 16 from the resolved path, 16 from the file stamps (name, size,
        mtime in ns), ``format`` and the versions of interlabor and its store format.
    """
    from .._version import __version__
    from .store import FORMAT_VERSION

    src = Path(path).resolve()
    stamps = []
    for f in _source_files(src):
        st = f.stat()
        stamps.append([str(f.relative_to(src)) if f != src else f.name, st.st_size,
                       st.st_mtime_ns])
    where = hashlib.sha256(str(src).encode("utf-8")).hexdigest()[:16]
    what = hashlib.sha256(
        json.dumps([stamps, format, __version__, FORMAT_VERSION]).encode("utf-8")
    ).hexdigest()[:16]
    return f"{where}-{what}"


def cache_entry(
    path: str | Path, *, format: str | None = None, cache_dir: str | Path | None = None
) -> Path | None:
    """The cached copy of a source table, when the cache holds one.

    Parameters
    ----------
    path : str or Path
        Source file or folder.
    format : str, optional
        Reader name, as given to :func:`cached_read` (part of the key).
    cache_dir : str or Path, optional
        Cache folder (default: see :func:`cache_dir`).

    Returns
    -------
    Path or None
        The entry folder (an interlabor table folder, :mod:`interlabor.io.store`) for the
        source as it is now; None when there is none, or the source cannot be stamped
        (missing, unreadable). Never raises.
    """
    from .store import is_store

    try:
        entry = _cache_root(cache_dir) / cache_key(path, format=format)
    except (OSError, RuntimeError):  # missing source, unresolvable path or home folder
        return None
    return entry if is_store(entry) else None


def _hash_files(folder: Path, files: dict[str, Any], bad: list[str]) -> None:
    """Append the name of every listed file whose sha256 differs from the manifest to ``bad``."""
    for name, entry in files.items():
        if not isinstance(entry, dict):
            bad.append(name)
            continue
        h = hashlib.sha256()
        try:
            with open(folder / name, "rb") as f:
                while chunk := f.read(1 << 22):
                    h.update(chunk)
        except OSError:
            bad.append(name)
            continue
        if h.hexdigest() != entry.get("sha256"):
            bad.append(name)


def _read_entry(entry: Path, source: Path) -> MRIO:
    """Read a cache entry, sha256 checked in a background thread while it is decoded.

    The stored validation diagnostics are emitted as warnings naming ``source``.
    """
    from ..errors import BalanceWarning, DataQualityWarning
    from .store import MANIFEST, manifest_checksum, read_mrio

    try:
        manifest = json.loads((entry / MANIFEST).read_text(encoding="utf-8"))
        files = manifest["files"]
        if manifest["checksum"] != manifest_checksum(manifest):
            raise ValueError("its content differs from its checksum (sha256): it was changed")
        if not isinstance(files, dict):
            raise TypeError("'files' is not an object")
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise TableReadError(entry / MANIFEST, f"unusable cache manifest ({exc})") from exc
    bad: list[str] = []
    worker = threading.Thread(target=_hash_files, args=(entry, files, bad), daemon=True)
    worker.start()
    failure: InterlaborError | None = None
    try:
        mrio = read_mrio(entry, verify=False, warn=False)
    except InterlaborError as exc:  # damaged in a way that decoding or validation sees first
        failure = exc
    finally:
        worker.join()
    if bad:
        raise TableReadError(entry / bad[0], "checksum differs from the manifest (sha256)")
    if failure is not None:
        raise TableReadError(entry, f"unreadable ({type(failure).__name__}: {failure})")
    for d in mrio.diagnostics:
        if d.kind != "negative-final-demand":
            category = BalanceWarning if d.kind == "balance" else DataQualityWarning
            warnings.warn(f"{source}: {d.message}", category, stacklevel=3)
    return mrio


def _remove(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)


def cached_read(
    path: str | Path, *, format: str | None = None, cache_dir: str | Path | None = None,
    progress: Progress | None = None,
) -> MRIO:
    """Read a table through the cache: from interlabor's own format when it is there.

    Parameters
    ----------
    path : str or Path
        Any table :func:`~interlabor.io.read_table` reads. A folder already in interlabor's
        own format is read directly (never copied into the cache).
    format : str, optional
        Reader name (default: detected from the path).
    cache_dir : str or Path, optional
        Cache folder (default: see :func:`cache_dir`).
    progress : Progress, optional
        Told which copy is read and when the table is cached (:mod:`interlabor.progress`);
        given to the reader when the source is read.

    Returns
    -------
    MRIO
        Equal to ``read_table(path, format=format)``; the validation warnings of the source are
        emitted on every read (they are stored with the entry).

    Raises
    ------
    TableReadError, ValidationError
        As :func:`~interlabor.io.read_table` (the cache never hides a bad source).

    Warns
    -----
    CacheWarning
        A damaged entry was replaced, or the cache folder is not writable (the table is then
        read from the source every time).
    """
    from .base import read_table
    from .store import is_store, write_mrio

    src = Path(path)
    if not src.exists():
        raise TableReadError(src, "no such file or folder")
    if format in (None, "interlabor") and is_store(src):
        return read_table(src, format=format, progress=progress)
    root = _cache_root(cache_dir)
    key = cache_key(src, format=format)
    entry = root / key
    if entry.is_dir():
        notify(progress, "read", f"reading the cached copy of {src.name}")
        try:
            return _read_entry(entry, src)
        except TableReadError as exc:
            warnings.warn(f"cached copy of {src} is damaged ({exc}); reading the source again",
                          CacheWarning, stacklevel=2)
            _remove(entry)
    mrio = read_table(src, format=format, progress=progress)
    notify(progress, "read", f"caching {src.name} in {root}")
    try:
        write_mrio(mrio, entry, overwrite=True, parents=True)
    except (OSError, TypeError, OutputError) as exc:  # read-only cache, full disk, meta not JSON
        warnings.warn(f"could not cache {src} in {root} ({exc}); the table is read from the "
                      "source every time", CacheWarning, stacklevel=2)
        return mrio
    prefix = key.split("-")[0] + "-"
    for old in root.glob(prefix + "*"):
        if old.name != key and not old.name.startswith("."):
            _remove(old)  # an earlier version of the same source
    return mrio
