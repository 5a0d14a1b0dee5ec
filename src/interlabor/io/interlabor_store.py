"""Reader of interlabor's own table folders (Parquet files plus ``manifest.json``).

See :mod:`interlabor.store` for the layout; this module only registers it as the reader
``interlabor`` so that :func:`~interlabor.io.read_table` recognises such a folder.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..model import MRIO
from ..store import is_store, read_mrio
from .base import register

__all__: list[str] = []


class _InterlaborStore:
    name = "interlabor"

    def can_read(self, path: Path) -> bool:
        return path.is_dir() and is_store(path)

    def read(self, path: Path, **options: Any) -> MRIO:
        return read_mrio(path, **options)


register(_InterlaborStore())
