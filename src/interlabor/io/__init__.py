"""Everything that touches the disk: readers, own format, cache, atomic and tidy writers.

Readers sit behind one registry; interlabor's own format, the cache of converted tables, the
atomic writers and the tidy-output writer live here too.

:func:`read` reads any supported source (``"default"`` included); :func:`read_table` is the
registry underneath it (see :mod:`interlabor.io.base`).
"""

from .access import DEFAULT, load_default, read
from .base import READERS, Reader, read_table, register

__all__ = ["DEFAULT", "READERS", "Reader", "load_default", "read", "read_table", "register"]
