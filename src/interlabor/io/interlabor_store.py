"""Reader of interlabor's own table folders (Parquet files plus ``manifest.json``).

See :mod:`interlabor.io.store` for the layout; this module only registers it as the reader
``interlabor`` so that :func:`~interlabor.io.read_table` recognises such a folder.
"""

from __future__ import annotations

from pathlib import Path

from .base import FunctionReader, register
from .store import is_store, read_mrio

__all__: list[str] = []


def _can_read_interlaborstore(path: Path) -> bool:
    """Whether ``path`` looks like the interlabor layout (cheap check)."""
    return path.is_dir() and is_store(path)


register(FunctionReader("interlabor", _can_read_interlaborstore, read_mrio))
