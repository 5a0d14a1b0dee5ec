"""Reader of interlabor's own table folders (Parquet files plus ``manifest.json``).

See :mod:`interlabor.io.store` for the layout; this module registers it as the reader
``interlabor`` so that :func:`~interlabor.io.read_table` recognises such a folder, and
describes a folder from its manifest (:func:`describe_store`).
"""

from __future__ import annotations

from pathlib import Path

from ..errors import TableReadError
from .base import FunctionReader, TableInfo, disk_size, register
from .store import MANIFEST, _load_manifest, is_store, read_mrio

__all__ = ["describe_store"]


def _can_read_interlaborstore(path: Path) -> bool:
    """Whether ``path`` looks like the interlabor layout (cheap check)."""
    return path.is_dir() and is_store(path)


def describe_store(path: str | Path) -> TableInfo:
    """Describe an interlabor table folder from its manifest (exact shape and non-zeros of Z).

    Parameters
    ----------
    path : str or Path
        The table folder.

    Returns
    -------
    TableInfo
        Format ``"interlabor"``, ``nnz_exact`` True, basis ``"sizes recorded in the table"``.

    Raises
    ------
    TableReadError
        The folder or its manifest is missing, not interlabor's format, or has no valid
        ``shape`` and ``Z`` entries.
    """
    folder = Path(path)
    manifest = _load_manifest(folder)
    try:
        shape = manifest["shape"]
        n, regions = int(shape["n"]), int(shape["regions"])
        sectors, categories = int(shape["sectors"]), int(shape["categories"])
        nnz = int(manifest["Z"]["nnz"])
    except (KeyError, TypeError, ValueError) as exc:
        raise TableReadError(folder / MANIFEST, f"malformed shape or Z entry ({exc!r})") from exc
    return TableInfo(folder, "interlabor", n, regions, sectors, categories, nnz, True,
                     disk_size(folder), "sizes recorded in the table")


register(FunctionReader("interlabor", _can_read_interlaborstore, read_mrio, describe_store))
