"""Readers of MRIO sources behind one interface; see :mod:`interlabor.io.base`."""

from .base import READERS, Reader, read_table, register

__all__ = ["READERS", "Reader", "read_table", "register"]
