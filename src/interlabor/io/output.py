"""Writing results: tidy long tables (CSV or Parquet by extension) and figures, atomically.

Every writer writes to a temporary file in the target's folder and renames it into place, so
a crash never leaves a half-written result behind.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from ..errors import OutputError

__all__ = ["atomic_write", "to_long", "write_result"]


def atomic_write(path: str | Path, write: Callable[[Path], object]) -> Path:
    """Call ``write(tmp)`` on a temporary path beside ``path``, then rename it to ``path``.

    Parameters
    ----------
    path : str or Path
        Final location; its folder is created if needed.
    write : callable
        Writes the content to the path it is given.

    Returns
    -------
    Path
        ``path``.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target


def to_long(result: pd.Series | pd.DataFrame, value_name: str = "value") -> pd.DataFrame:
    """Turn a labelled result into a tidy long table with ``value`` and ``unit`` columns.

    Parameters
    ----------
    result : Series or DataFrame
        A result of :mod:`interlabor.footprints` (its ``attrs`` carry account and unit).

    Returns
    -------
    DataFrame
        One row per cell: the index and column labels as columns, then ``value``,
        ``account``, ``unit`` and ``modelled``.
    """
    attrs = dict(result.attrs)
    if isinstance(result, pd.DataFrame):
        long = result.stack(list(range(result.columns.nlevels))).rename(value_name).reset_index()
    else:
        long = result.rename(value_name).reset_index()
    long["account"] = attrs.get("account", "")
    long["unit"] = attrs.get("unit", "")
    long["modelled"] = bool(attrs.get("modelled", False))
    return long


def write_result(table: pd.DataFrame, path: str | Path) -> Path:
    """Write a tidy table to ``.csv`` or ``.parquet`` (chosen by extension), atomically.

    Raises
    ------
    OutputError
        If the extension is neither ``.csv`` nor ``.parquet``.
    """
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix == ".csv":
        return atomic_write(p, lambda t: table.to_csv(t, index=False))
    if suffix in {".parquet", ".pq"}:
        return atomic_write(p, lambda t: table.to_parquet(t, index=False))
    raise OutputError(f"{p}: unknown output extension {suffix!r}; expected .csv or .parquet")
