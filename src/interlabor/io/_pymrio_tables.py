"""The files of a folder written by pymrio's ``save_all``: entries, text and Parquet tables.

``file_parameters.json`` lists each table with its file name and the number of index columns
and header rows (:func:`entry`). Text tables are read with pyarrow in one pass; Parquet tables
written by pandas are read column batch by column batch (Z keeping only its non-zeros), and
fall back to pandas for anything unusual. :func:`text_header` and :func:`parquet_columns` give
the column labels (and row count) from the header lines or the Parquet schema alone, for
:func:`interlabor.io.pymrio_folder.describe_pymrio_folder`.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import TableReadError
from ._text import Source, locate_parse_error

__all__ = ["PARAMS", "PARQUET", "TEXT", "Table", "entry", "parquet_columns", "read_listed",
           "read_params", "row_labels", "text_header"]

PARAMS = "file_parameters.json"
#: Suffixes of text and of Parquet tables.
TEXT = frozenset({"txt", "tsv", "csv"})
PARQUET = frozenset({"parquet", "par", "parq"})


@dataclass(frozen=True)
class Table:
    """One stored pymrio table: float values with row/column labels (tuples of str)."""

    path: Path
    values: Any  # ndarray; scipy CSR for Z read from Parquet
    rows: list[tuple[str, ...]]
    cols: list[tuple[str, ...]]
    row_names: list[str]
    col_names: list[str]

    def level(self, name: str, position: int, *, axis: str = "rows") -> list[str]:
        """Labels of one level, found by name, else by position."""
        labels, names = (
            (self.rows, self.row_names) if axis == "rows" else (self.cols, self.col_names)
        )
        i = names.index(name) if name in names else position
        if labels and len(labels[0]) <= i:
            raise TableReadError(
                self.path,
                f"the {axis} have {len(labels[0])} label level(s), expected a {name!r} level",
            )
        return [lab[i] for lab in labels]


def entry(folder: Path, params: dict[str, Any], key: str) -> tuple[Path, str, int, int] | None:
    """The file of table ``key`` listed in ``params``: path, format, index columns, header rows.

    Parameters
    ----------
    folder : Path
        The folder of ``file_parameters.json``.
    params : dict
        Its parsed content (:func:`read_params`).
    key : str
        Table name (``"Z"``, ``"Y"``, ``"unit"``, ...).

    Returns
    -------
    tuple or None
        ``(path, format, nr_index_col, nr_header)`` with the format the file's suffix in lower
        case (``"txt"``, ``"parquet"``, ...); None when ``key`` is not listed.

    Raises
    ------
    TableReadError
        A malformed entry, or a listed file that is missing.
    """
    info = params.get("files", {}).get(key)
    if info is None:
        return None
    try:
        path = folder / info["name"]
        n_idx, n_head = int(info.get("nr_index_col", 1)), int(info.get("nr_header", 1))
        if not (0 <= n_idx <= 64 and 1 <= n_head <= 64):
            raise ValueError("expected nr_index_col from 0 and nr_header from 1, up to 64")
        if not path.resolve().is_relative_to(folder.resolve()):
            raise ValueError("the file is outside the folder")
        found = path.is_file()
    except (KeyError, TypeError, ValueError, AttributeError, OSError) as exc:
        raise TableReadError(folder / PARAMS, f"bad entry for {key!r}: {str(info)[:200]} "
                             f"({exc})") from exc
    if not found:
        raise TableReadError(path, f"listed as {key!r} in {folder / PARAMS} but missing")
    return path, path.suffix.lower().lstrip("."), n_idx, n_head


def _unsupported(path: Path, fmt: str) -> TableReadError:
    return TableReadError(
        path,
        f"unsupported table format {fmt!r}; expected text (txt) or parquet (pickle is refused: "
        "unpickling can run arbitrary code; re-save with table_format='parquet')",
    )


def row_labels(n_levels: int, values: Sequence[object]) -> tuple[str, ...]:
    """The first ``n_levels`` parts of a (multi-level) row label as strings (None -> "")."""
    return tuple("" if v is None else str(v) for v in list(values)[:n_levels])


def _block_size(path: Path) -> int:
    """Return one pyarrow block per core (default 1 MB blocks cost ~5x on 2000-column tables)."""
    size = path.stat().st_size // (os.cpu_count() or 1) + 1
    return min(max(size, 1 << 20), 1 << 30)


def _head(path: Path, n_head: int) -> tuple[list[list[str]], list[str] | None]:
    """The ``n_head`` header lines of a text table and the line after them (None: none)."""
    try:
        with path.open(newline="", encoding="utf-8") as fh:
            reader = csv.reader(fh, delimiter="\t")
            head = [next(reader, None) for _ in range(n_head + 1)]
    except UnicodeDecodeError as exc:
        raise TableReadError(path, f"not UTF-8 text ({exc}); expected pymrio's tab-separated "
                             "text") from exc
    except csv.Error as exc:
        raise TableReadError(path, f"not tab-separated text ({exc})") from exc
    if any(h is None for h in head[:n_head]):
        raise TableReadError(
            path, f"expected {n_head} header row(s); the file is empty or truncated"
        )
    return [h for h in head[:n_head] if h is not None], head[n_head]


def _header_columns(lines: list[list[str]], n_idx: int) -> tuple[list[tuple[str, ...]], list[str]]:
    """Column labels (one tuple per column) and level names from the header lines."""
    cols = [tuple(c) for c in zip(*(ln[n_idx:] for ln in lines), strict=False)]
    # pandas writes a column level's name in the first field of its header row; with a
    # single header row that row starts with the index names instead
    return cols, [ln[0] if n_idx and len(lines) > 1 and ln else "" for ln in lines]


def text_header(path: Path, n_idx: int, n_head: int) -> tuple[list[tuple[str, ...]], list[str]]:
    """Column labels and level names of a tab-separated table from its header lines alone.

    Parameters
    ----------
    path : Path
    n_idx, n_head : int
        Index columns and header rows (pymrio's ``nr_index_col``, ``nr_header``).

    Returns
    -------
    labels : list of tuple of str
        One tuple (one entry per header row) per data column.
    names : list of str
        Name of each column level (``"region"``, ``"sector"``; ``""`` when not written).

    Raises
    ------
    TableReadError
        Fewer than ``n_head`` lines.
    """
    return _header_columns(_head(path, n_head)[0], n_idx)


def _read_text(path: Path, n_idx: int, n_head: int) -> Table:
    import pyarrow as pa
    import pyarrow.csv as pacsv

    lines, after = _head(path, n_head)
    n_cols = len(lines[0])
    if n_cols <= n_idx:  # a blank or short first header line
        raise TableReadError(path, f"the first header line has {n_cols} field(s), expected more "
                             f"than the {n_idx} label column(s)")
    cols, col_names = _header_columns(lines, n_idx)
    skip = n_head
    row_names = lines[0][:n_idx]
    if n_head > 1 and after is not None and not any(after[n_idx:]):  # line of index names
        row_names, skip = after[:n_idx], n_head + 1
    types = {f"f{i}": (pa.string() if i < n_idx else pa.float64()) for i in range(n_cols)}
    try:
        table = pacsv.read_csv(
            path,
            read_options=pacsv.ReadOptions(
                skip_rows=skip, column_names=list(types), block_size=_block_size(path)
            ),
            parse_options=pacsv.ParseOptions(delimiter="\t"),
            convert_options=pacsv.ConvertOptions(column_types=types, strings_can_be_null=False),
        )
    except (pa.ArrowInvalid, pa.ArrowTypeError) as exc:
        with Source(path) as src:
            locate_parse_error(src, path.name, "\t", skip, n_idx, n_cols, exc)
    idx = [table.column(i).to_pylist() for i in range(n_idx)]
    rows: list[tuple[str, ...]] = (
        [tuple(r) for r in zip(*idx, strict=True)] if n_idx else [()] * table.num_rows
    )
    values = np.empty((table.num_rows, n_cols - n_idx))
    for j in range(n_idx, n_cols):
        values[:, j - n_idx] = table.column(j).to_numpy(zero_copy_only=False)
    return Table(path, values, rows, cols, list(row_names), col_names)


_BATCH_COLUMNS = 512


def _parquet_layout(pf: Any) -> tuple[list[str], list[str], list[str], list[str]] | None:
    """The pandas layout of an open ``ParquetFile``, when the fast reader can use it; else None.

    Returns the index field names, the index level names, the data field names and the
    column level names. None (use pandas) for anything unusual: no pandas metadata, a
    RangeIndex, non-numeric data columns.
    """
    import pyarrow as pa

    schema = pf.schema_arrow  # built on each access: once only (9,800 fields)
    raw = (schema.metadata or {}).get(b"pandas")
    if raw is None:
        return None
    md = json.loads(raw)
    index_fields = md.get("index_columns", [])
    if not all(isinstance(f, str) for f in index_fields):
        return None  # a RangeIndex is stored as a dict
    names_of = {c.get("field_name"): c.get("name") for c in md.get("columns", [])}
    data_fields = [f for f in schema.names if f not in set(index_fields)]
    for f in data_fields:
        t = schema.field(f).type
        if not (pa.types.is_floating(t) or pa.types.is_integer(t)):
            return None
    row_names = [str(names_of.get(f) or "") for f in index_fields]
    col_names = [str(c.get("name") or "") for c in md.get("column_indexes", [])]
    return index_fields, row_names, data_fields, col_names


def _column_labels(fields: list[str], n_levels: int) -> list[tuple[str, ...]] | None:
    """Column labels from pandas' field names (``str(tuple)`` for several levels)."""
    if n_levels <= 1:
        return [(f,) for f in fields]
    import ast

    out = []
    for f in fields:
        if f.startswith("('") and f.endswith("')"):  # repr of a tuple of plain str: split it
            parts = f[2:-2].split("', '")
            if len(parts) == n_levels and not any(
                c in part for part in parts for c in "'\"\\"
            ):
                out.append(tuple(parts))
                continue
        try:
            label = ast.literal_eval(f)
        except (ValueError, SyntaxError, MemoryError, RecursionError):
            return None
        if not isinstance(label, tuple) or len(label) != n_levels:
            return None
        out.append(row_labels(n_levels, label))
    return out


def _scan(table: Any, start: int, dense: np.ndarray | None, counts: np.ndarray,
          parts_i: list[np.ndarray], parts_v: list[np.ndarray]) -> None:
    """Copy a batch of columns into ``dense``, or append their non-zeros (CSC parts)."""
    for k in range(table.num_columns):
        col = table.column(k)
        v = col.to_numpy() if col.null_count == 0 else col.to_numpy(zero_copy_only=False)
        v = np.asarray(v, dtype=np.float64)  # nulls (pandas' NaN) come back as NaN
        if dense is not None:
            dense[:, start + k] = v
        else:
            nz = np.flatnonzero(v)
            counts[start + k] = nz.size
            parts_i.append(nz.astype(np.int32))
            parts_v.append(v[nz])


def _read_parquet_fast(path: Path, *, sparse: bool) -> Table | None:
    """Read a pandas-written Parquet table column by column with pyarrow (no DataFrame).

    With ``sparse``, only the non-zeros are kept (CSC built batch by batch, then CSR): a
    9,800-column Z never exists as a dense array (the reader densifies Z again only up to
    ``DENSE_LIMIT`` = 3,000 rows, where the dense LU solver is used anyway). Returns None
    when the layout is unusual (the caller then reads through pandas).
    """
    import pyarrow.parquet as pq
    import scipy.sparse as sp

    pf = pq.ParquetFile(path)
    layout = _parquet_layout(pf)
    if layout is None:
        return None
    index_fields, row_names, data_fields, col_names = layout
    cols = _column_labels(data_fields, max(len(col_names), 1))
    if cols is None:
        return None
    n_rows = pf.metadata.num_rows
    if index_fields:
        idx = pf.read(columns=index_fields)
        levels = [idx.column(i).to_pylist() for i in range(len(index_fields))]
        rows = [row_labels(len(levels), r) for r in zip(*levels, strict=True)]
    else:
        rows = [()] * n_rows
    ncol = len(data_fields)
    dense = None if sparse else np.empty((n_rows, ncol))
    parts_i: list[np.ndarray] = []
    parts_v: list[np.ndarray] = []
    counts = np.zeros(ncol, dtype=np.int64)
    from concurrent.futures import ThreadPoolExecutor

    starts = list(range(0, ncol, _BATCH_COLUMNS))

    def fetch(start: int) -> Any:
        return pf.read(columns=data_fields[start : start + _BATCH_COLUMNS], use_threads=True)

    # the next batch is decoded (pyarrow, without the GIL) while this one is scanned
    with ThreadPoolExecutor(max_workers=1) as ahead:
        pending = ahead.submit(fetch, starts[0]) if starts else None
        for i, start in enumerate(starts):
            assert pending is not None
            table = pending.result()
            pending = ahead.submit(fetch, starts[i + 1]) if i + 1 < len(starts) else None
            _scan(table, start, dense, counts, parts_i, parts_v)
            del table
    if dense is not None:
        values: Any = dense
    else:
        indptr = np.zeros(ncol + 1, dtype=np.int64)
        np.cumsum(counts, out=indptr[1:])
        csc = sp.csc_array(
            (
                np.concatenate(parts_v) if parts_v else np.zeros(0),
                np.concatenate(parts_i) if parts_i else np.zeros(0, np.int32),
                indptr,
            ),
            shape=(n_rows, ncol),
        )
        del parts_i, parts_v
        values = sp.csr_array(csc)
    return Table(path, values, rows, cols, row_names, col_names)


def _read_parquet(path: Path, *, sparse: bool = False) -> Table:
    try:
        fast = _read_parquet_fast(path, sparse=sparse)
    except Exception as exc:  # pyarrow raises several types for corrupt files
        raise TableReadError(path, f"cannot read as parquet ({type(exc).__name__}: {exc})") from exc
    if fast is not None:
        return fast
    import pandas as pd

    try:
        df = pd.read_parquet(path)
    except Exception as exc:  # pyarrow raises several types for corrupt files
        raise TableReadError(path, f"cannot read as parquet ({type(exc).__name__}: {exc})") from exc
    rows = [row_labels(df.index.nlevels, r if isinstance(r, tuple) else (r,)) for r in df.index]
    cols = [row_labels(df.columns.nlevels, c if isinstance(c, tuple) else (c,)) for c in df.columns]
    try:
        values = df.to_numpy(dtype=np.float64, na_value=np.nan)
    except (TypeError, ValueError) as exc:
        raise TableReadError(path, f"non-numeric values ({exc})") from exc
    names = [str(n or "") for n in df.index.names]
    return Table(path, values, rows, cols, names, [str(n or "") for n in df.columns.names])


def read_listed(
    folder: Path, params: dict[str, Any], key: str, *, text_values: bool = False,
    sparse: bool = False,
) -> Any:
    """Read table ``key`` listed in ``params``; ``None`` when it is not listed.

    Returns
    -------
    Table, or (path, row labels, units) with ``text_values`` (a unit file), or None

    Raises
    ------
    TableReadError
        The file is missing, malformed, or in a format other than text or Parquet.
    """
    listed = entry(folder, params, key)
    if listed is None:
        return None
    path, fmt, n_idx, n_head = listed
    if text_values:  # unit files: one column of strings
        return _read_units(path, fmt, n_idx)
    if fmt in TEXT:
        return _read_text(path, n_idx, n_head)
    if fmt in PARQUET:
        return _read_parquet(path, sparse=sparse)
    raise _unsupported(path, fmt)


def parquet_columns(path: Path) -> tuple[int, list[tuple[str, ...]] | None, list[str], int]:
    """Rows, column labels and encoded size of a pandas-written Parquet table, from metadata.

    Only the footer and the schema are read, never a column.

    Parameters
    ----------
    path : Path

    Returns
    -------
    rows : int
    labels : list of tuple of str, or None
        One tuple per data column (one entry per column level); None when the layout is not
        pandas' (no pandas metadata, a RangeIndex, labels that do not parse).
    names : list of str
        Column level names (``"region"``, ``"category"``, ...).
    encoded : int
        Uncompressed bytes of all column chunks (index columns included).

    Raises
    ------
    TableReadError
        Not a readable Parquet file.
    """
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(path)
        md = pf.metadata
        encoded = sum(md.row_group(g).column(c).total_uncompressed_size
                      for g in range(md.num_row_groups) for c in range(md.num_columns))
        layout = _parquet_layout(pf)
    except Exception as exc:  # pyarrow raises several types for corrupt files
        raise TableReadError(path, f"cannot read as parquet ({type(exc).__name__}: {exc})") from exc
    if layout is None:
        return md.num_rows, None, [], encoded
    _, _, data_fields, col_names = layout
    return md.num_rows, _column_labels(data_fields, max(len(col_names), 1)), col_names, encoded


def _read_units(path: Path, fmt: str, n_idx: int) -> tuple[Path, list[tuple[str, ...]], list[str]]:
    """Read a unit file: row labels (tuples of str) and the unit of each row."""
    import pandas as pd

    try:
        if fmt in PARQUET:
            df = pd.read_parquet(path)
        else:
            df = pd.read_csv(
                path, sep="\t", index_col=list(range(n_idx)), dtype=str, keep_default_na=False
            )
    except Exception as exc:  # pandas/pyarrow raise many types for malformed files
        raise TableReadError(
            path, f"cannot read the unit table ({type(exc).__name__}: {exc})"
        ) from exc
    if df.shape[1] < 1:
        raise TableReadError(path, "expected a column 'unit'")
    labels = [row_labels(df.index.nlevels, r if isinstance(r, tuple) else (r,)) for r in df.index]
    return path, labels, [str(u) for u in df.iloc[:, 0]]


def read_params(folder: Path) -> dict[str, Any]:
    """The parsed ``file_parameters.json`` of ``folder``.

    Raises
    ------
    TableReadError
        Missing, not JSON, or without a ``files`` object.
    """
    file = folder / PARAMS
    if not file.is_file():
        raise TableReadError(folder, f"no {PARAMS}; expected a folder written by pymrio's save_all")
    try:
        params = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise TableReadError(file, f"not valid JSON ({exc})") from exc
    if not isinstance(params, dict) or not isinstance(params.get("files"), dict):
        raise TableReadError(file, "expected an object with 'files' and 'systemtype'")
    return params
