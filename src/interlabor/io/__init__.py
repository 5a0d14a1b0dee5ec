"""Everything that touches the disk: readers, own format, cache, atomic and tidy writers.

Readers sit behind one registry; interlabor's own format, the cache of converted tables, the
atomic writers and the tidy-output writer live here too.

:func:`read` reads any supported source (``"default"`` included); :func:`read_table` is the
registry underneath it (see :mod:`interlabor.io.base`). :func:`describe` says what a source is
(shape, non-zeros of Z, size on disk) without reading its matrices; :func:`describe_table` is
the registry's part of it.
"""

from .access import DEFAULT, describe, load_default, read
from .base import READERS, Reader, TableInfo, describe_table, read_table, register

__all__ = ["DEFAULT", "READERS", "Reader", "TableInfo", "describe", "describe_table",
           "load_default", "read", "read_table", "register"]
