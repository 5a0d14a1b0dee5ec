"""Folders written by pymrio's ``IOSystem.save_all`` (text or parquet).

Layout (pymrio 0.7): the folder holds ``file_parameters.json`` (``systemtype: IOSystem`` and, per
table, its file name and the number of index columns / header rows), ``Z``, ``Y``, optionally
``x``, ``A``, ``L``, ``unit`` (money unit of each row) and ``metadata.json``; each extension sits
in a subfolder with its own ``file_parameters.json`` (``systemtype: Extension``, ``name``), ``F``,
optionally ``F_Y``, ``S``, ``S_Y`` and ``unit``. Text tables are tab-separated with the column
levels on the first rows; parquet tables keep their pandas index. Pickle files are refused
(unpickling can run arbitrary code).

What becomes what:

* rows of ``Z`` are (``region``, ``sector``); columns of ``Y`` are (``region``, ``category``);
* every row of an extension's ``F`` becomes an :class:`~interlabor.model.Account` named by its
  label (levels of a multi-level label joined with ``" / "``, e.g. ``"emission_type1 / air"``),
  ``extension`` = the extension's name, unit from the extension's unit file (pymrio spellings
  such as ``Mill USD``, ``M.EUR``, ``1000 p.``, ``M.hr`` are mapped, see :func:`pymrio_unit`);
  the matching row of ``F_Y`` becomes ``Account.final_demand``;
* a coefficient-only system (``A`` but no ``Z``) is rebuilt as ``Z = A·diag(x)`` with ``x`` from
  the ``x`` file, else ``x = L·(Y·1)`` from ``L``, else ``x`` solving ``(I - A)·x = Y·1``;
  likewise ``F = S·diag(x)`` when an extension has ``S`` but no ``F`` and
  ``F_Y = S_Y·diag(1'Y)`` when it has ``S_Y`` but no ``F_Y``.

Reference: Stadler, K. (2021). Pymrio -- A Python Based Multi-Regional Input-Output Analysis
Toolbox. *Journal of Open Research Software* 9(1): 8. https://doi.org/10.5334/jors.251
"""

from __future__ import annotations

import csv
import json
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from scipy.sparse import issparse as sp_issparse

from ..algebra import DENSE_LIMIT
from ..errors import LabelMismatchError, TableReadError, UnitError
from ..model import MRIO, Account, build_mrio, check_labels
from ..units import MonetaryUnit, parse_unit
from ._text import Source, locate_parse_error
from .base import FunctionReader, register

__all__ = [
    "check_unique",
    "coefficient_flows",
    "extension_accounts",
    "money_unit",
    "pymrio_unit",
    "read_pymrio_folder",
    "row_labels",
]

PARAMS = "file_parameters.json"
_TEXT = {"txt", "tsv", "csv"}
_PARQUET = {"parquet", "par", "parq"}
_SCALE_ALIASES = {"mill": "million", "mio": "million", "mn": "million", "m": "million"}
_BASE_ALIASES = {"p": "persons", "hr": "hours", "hrs": "hours"}
_PYMRIO_UNIT = re.compile(r"(?P<scale>\d+|mill|mio|mn|m)\.?\s*(?P<base>[A-Za-z.]+)", re.I)


def pymrio_unit(text: str) -> str:
    """Map a unit as pymrio sources write it to a unit :func:`~interlabor.units.parse_unit` reads.

    Parameters
    ----------
    text : str
        E.g. ``"Mill USD"``, ``"M.EUR"``, ``"1000 p."`` (EXIOBASE persons), ``"M.hr"``, ``"kg"``.

    Returns
    -------
    str
        ``"USD million"``, ``"M.EUR"``, ``"1000 persons"``, ``"million hours"``, ``"kg"``.

    Raises
    ------
    UnitError
        If the unit is not understood.

    Examples
    --------
    >>> pymrio_unit("Mill USD"), pymrio_unit("1000 p."), pymrio_unit("M.hr")
    ('USD million', '1000 persons', 'million hours')
    """
    raw = str(text).strip()
    try:
        parse_unit(raw)
        return raw
    except UnitError as exc:
        m = _PYMRIO_UNIT.fullmatch(raw)
        if not m:
            raise
        scale = _SCALE_ALIASES.get(m["scale"].lower(), m["scale"])
        base = m["base"].rstrip(".")
        if re.fullmatch(r"[A-Z]{3}", base):
            candidate = f"{base} {scale}"
        else:
            candidate = f"{scale} {_BASE_ALIASES.get(base.lower(), base)}"
        try:
            parse_unit(candidate)
        except UnitError:
            raise exc from None
        return candidate


@dataclass(frozen=True)
class _Table:
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


def _entry(folder: Path, params: dict[str, Any], key: str) -> tuple[Path, int, int] | None:
    info = params.get("files", {}).get(key)
    if info is None:
        return None
    try:
        path = folder / info["name"]
        return path, int(info.get("nr_index_col", 1)), int(info.get("nr_header", 1))
    except (KeyError, TypeError, ValueError) as exc:
        raise TableReadError(folder / PARAMS, f"bad entry for {key!r}: {info!r}") from exc


def row_labels(n_levels: int, values: Sequence[object]) -> tuple[str, ...]:
    """The first ``n_levels`` parts of a (multi-level) row label as strings (None -> "")."""
    return tuple("" if v is None else str(v) for v in list(values)[:n_levels])


def _block_size(path: Path) -> int:
    """Return one pyarrow block per core (default 1 MB blocks cost ~5x on 2000-column tables)."""
    size = path.stat().st_size // (os.cpu_count() or 1) + 1
    return min(max(size, 1 << 20), 1 << 30)


def _read_text(path: Path, n_idx: int, n_head: int) -> _Table:
    import pyarrow as pa
    import pyarrow.csv as pacsv

    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.reader(fh, delimiter="\t")
        head = [next(reader, None) for _ in range(n_head + 1)]
    if any(h is None for h in head[:n_head]):
        raise TableReadError(
            path, f"expected {n_head} header row(s); the file is empty or truncated"
        )
    lines: list[list[str]] = [h for h in head[:n_head] if h is not None]
    n_cols = len(lines[0])
    cols = list(zip(*(ln[n_idx:] for ln in lines), strict=False))
    # pandas writes a column level's name in the first field of its header row; with a
    # single header row that row starts with the index names instead
    col_names = [ln[0] if n_idx and n_head > 1 else "" for ln in lines]
    skip = n_head
    row_names = lines[0][:n_idx]
    after = head[n_head]
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
    return _Table(path, values, rows, [tuple(c) for c in cols], list(row_names), col_names)


_BATCH_COLUMNS = 512


def _parquet_layout(path: Path) -> tuple[Any, list[str], list[str], list[str], list[str]] | None:
    """The pandas layout of a Parquet file, when the fast reader can use it; else None.

    Returns the open ``ParquetFile``, the index field names, the index level names, the data
    field names and the column level names. None (use pandas) for anything unusual: no pandas
    metadata, a RangeIndex, non-numeric data columns, column labels that do not parse.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    pf = pq.ParquetFile(path)
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
    return pf, index_fields, row_names, data_fields, col_names


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


def _read_parquet_fast(path: Path, *, sparse: bool) -> _Table | None:
    """Read a pandas-written Parquet table column by column with pyarrow (no DataFrame).

    With ``sparse``, only the non-zeros are kept (CSC built batch by batch, then CSR): a
    9,800-column Z never exists as a dense array (the reader densifies Z again only up to
    ``DENSE_LIMIT`` = 3,000 rows, where the dense LU solver is used anyway). Returns None
    when the layout is unusual (the caller then reads through pandas).
    """
    import scipy.sparse as sp

    layout = _parquet_layout(path)
    if layout is None:
        return None
    pf, index_fields, row_names, data_fields, col_names = layout
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
    return _Table(path, values, rows, cols, row_names, col_names)


def _read_parquet(path: Path, *, sparse: bool = False) -> _Table:
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
    return _Table(path, values, rows, cols, names, [str(n or "") for n in df.columns.names])


def _read(
    folder: Path, params: dict[str, Any], key: str, *, text_values: bool = False,
    sparse: bool = False,
) -> Any:
    """Read table ``key`` listed in ``params``; ``None`` when it is not listed."""
    entry = _entry(folder, params, key)
    if entry is None:
        return None
    path, n_idx, n_head = entry
    if not path.is_file():
        raise TableReadError(path, f"listed as {key!r} in {folder / PARAMS} but missing")
    fmt = path.suffix.lower().lstrip(".")
    if text_values:  # unit files: one column of strings
        return _read_units(path, fmt, n_idx)
    if fmt in _TEXT:
        return _read_text(path, n_idx, n_head)
    if fmt in _PARQUET:
        return _read_parquet(path, sparse=sparse)
    raise TableReadError(
        path,
        f"unsupported table format {fmt!r}; expected text (txt) or parquet (pickle is refused: "
        "unpickling can run arbitrary code; re-save with table_format='parquet')",
    )


def _read_units(path: Path, fmt: str, n_idx: int) -> tuple[Path, list[tuple[str, ...]], list[str]]:
    """Read a unit file: row labels (tuples of str) and the unit of each row."""
    import pandas as pd

    try:
        if fmt in _PARQUET:
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


def check_unique(labels: Sequence[object], what: str, path: Path | str) -> None:
    """Raise :class:`LabelMismatchError` naming the first repeated label of ``what``."""
    seen: set[object] = set()
    dup = [x for x in labels if x in seen or seen.add(x)]  # type: ignore[func-returns-value]
    if dup:
        raise LabelMismatchError(
            f"duplicate {what} label {dup[0]!r}; expected each label once",
            origin=str(path),
            labels=dup,
        )


def _account_name(label: tuple[str, ...]) -> str:
    return " / ".join(label)


def money_unit(
    unit: tuple[Path | str, list[tuple[str, ...]], list[str]] | None, year: int | None
) -> MonetaryUnit:
    """Money unit of the core ``unit`` table ``(origin, row labels, units)``: one currency."""
    if unit is None:
        return MonetaryUnit(price_year=year)
    path, labels, units = unit
    distinct = list(dict.fromkeys(units))
    if len(distinct) != 1:
        raise UnitError(
            f"rows have different money units {distinct}; expected one", origin=str(path)
        )
    try:
        parsed = parse_unit(pymrio_unit(distinct[0]))
    except UnitError as exc:
        raise UnitError(f"row {labels[0]!r}: {exc}", origin=str(path), labels=labels[:1]) from None
    if not parsed.monetary:
        raise UnitError(f"unit {distinct[0]!r} of Z is not a currency", origin=str(path))
    return MonetaryUnit(parsed.base, parsed.scale, year)


def _params(folder: Path) -> dict[str, Any]:
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


def _extension(
    folder: Path,
    rows: Sequence[tuple[str, ...]],
    fd_cols: Sequence[tuple[str, ...]],
    x: np.ndarray,
    y_total: np.ndarray,
) -> list[Account]:
    """Accounts of one extension subfolder; F's columns must be Z's rows."""
    params = _params(folder)
    name = str(params.get("name") or folder.name)
    F = _read(folder, params, "F")
    if F is None:  # coefficient-only extension
        S = _read(folder, params, "S")
        if S is None:
            raise TableReadError(folder, f"extension {name!r} has neither F nor S")
        F = _Table(S.path, S.values * x[None, :], S.rows, S.cols, S.row_names, S.col_names)
    check_unique(F.rows, "stressor", F.path)
    check_labels(rows, F.cols, f"columns of F of extension {name!r}", str(F.path))
    FY = _read(folder, params, "F_Y")
    if FY is None:
        SY = _read(folder, params, "S_Y")
        if SY is not None:
            FY = _Table(SY.path, SY.values * y_total[None, :], SY.rows, SY.cols, [], [])
    if FY is not None:
        check_labels(F.rows, FY.rows, f"rows of F_Y of extension {name!r}", str(FY.path))
        check_labels(fd_cols, FY.cols, f"columns of F_Y of extension {name!r}", str(FY.path))
    unit = _read(folder, params, "unit", text_values=True)
    if unit is None:
        raise TableReadError(folder, f"extension {name!r} has no unit file")
    upath, ulabels, units = unit
    check_labels(F.rows, ulabels, "rows of the unit file", str(upath))
    return extension_accounts(name, F.rows, units, F.values,
                              None if FY is None else FY.values, str(upath))


def extension_accounts(
    name: str,
    rows: Sequence[tuple[str, ...]],
    units: Sequence[str],
    F: np.ndarray,
    FY: np.ndarray | None,
    origin: str,
) -> list[Account]:
    """One account per row of an extension's ``F`` (with that row of ``F_Y``).

    ``rows`` are the row labels, ``units`` the units as pymrio wrote them (mapped with
    :func:`pymrio_unit`; a unit it does not know raises :class:`UnitError` naming ``origin``).
    """
    accounts = []
    for i, (label, raw) in enumerate(zip(map(_account_name, rows), units, strict=True)):
        try:
            unit_text = pymrio_unit(raw)
        except UnitError as exc:
            raise UnitError(f"row {label!r}: {exc}", origin=origin, labels=[label]) from None
        accounts.append(
            Account(
                label,
                unit_text,
                F[i],
                FY[i] if FY is not None else None,
                extension=name,
                description=f"pymrio extension {name!r}, row {label!r} (unit as stored: {raw!r})",
            )
        )
    return accounts


def coefficient_flows(
    A: np.ndarray, y: np.ndarray, x: np.ndarray | None, L: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray, str]:
    """``Z = A·diag(x)`` of a coefficient-only system, and the ``x`` used, and how it was had.

    ``x`` as given, else ``L·y`` from the Leontief inverse ``L``, else the solution of
    ``(I - A)·x = y`` (``y`` = final demand summed over its columns).
    """
    if x is not None:
        how = "x as stored"
    elif L is not None:
        x, how = L @ y, "x = L·(Y·1)"
    else:
        import scipy.linalg

        x = scipy.linalg.solve(np.eye(len(y)) - A, y)
        how = "x solving (I - A)·x = Y·1"
    return A * x[None, :], x, how


def read_pymrio_folder(
    path: str | Path,
    *,
    year: int | None = None,
    warn: bool = True,
    use_published_x: bool = False,
) -> MRIO:
    """Read a folder written by pymrio's ``save_all`` (text or parquet tables).

    Parameters
    ----------
    path : str or Path
        The folder (or its ``file_parameters.json``).
    year : int, optional
        Reference year (pymrio folders do not record one; ``metadata.json``'s ``year`` if any).
    warn : bool
        Emit validation warnings (zero output, balance against a stored ``x``).
    use_published_x : bool
        Use the stored ``x`` for coefficients instead of ``Z·1 + Y·1``.

    Returns
    -------
    MRIO
        Shapes ``Z`` (n, n), ``Y`` (n, R*K), ``x`` (n,) in the money unit of the core ``unit``
        file (USD million when there is none); one account per row of each extension's ``F``.

    Raises
    ------
    TableReadError
        Missing folder or files, a pickle folder, truncated or malformed tables (naming file,
        line and row label).
    LabelMismatchError
        Labels of Z rows, Z columns, Y rows, x, F columns, F_Y, unit rows disagree, or repeat.
    UnitError
        A unit pymrio wrote that interlabor does not know (naming the unit file and row).
    InvalidValueError
        NaN, negative Z, an account value where output is zero (from
        :func:`~interlabor.model.build_mrio`).
    """
    folder = Path(path)
    if folder.name == PARAMS:
        folder = folder.parent
    if not folder.is_dir():
        raise TableReadError(
            folder, "no such folder; expected a folder written by pymrio's save_all"
        )
    params = _params(folder)
    if params.get("systemtype") != "IOSystem":
        raise TableReadError(
            folder / PARAMS,
            f"systemtype {params.get('systemtype')!r}; expected 'IOSystem' (this may be an "
            "extension subfolder: pass its parent)",
        )
    origin = str(folder)
    Y = _read(folder, params, "Y")
    Z = _read(folder, params, "Z", sparse=True)
    A: Any = _read(folder, params, "A") if Z is None else None
    if Y is None or (Z is None and A is None):
        raise TableReadError(folder / PARAMS, "expected Y and either Z or A in 'files'")
    core: _Table = Z if Z is not None else A  # type: ignore[assignment]  # one is set
    check_unique(core.rows, "row", core.path)
    check_unique(core.cols, "column", core.path)
    regions = list(dict.fromkeys(core.level("region", 0)))
    sectors = list(dict.fromkeys(core.level("sector", 1)))
    rows = list(zip(core.level("region", 0), core.level("sector", 1), strict=True))
    check_labels(
        [(r, s) for r in regions for s in sectors], rows, "rows (region, sector)", str(core.path)
    )
    check_labels(rows, core.cols, "columns", str(core.path))
    check_labels(rows, Y.rows, "rows of Y", str(Y.path))
    check_unique(Y.cols, "column", Y.path)
    categories = list(dict.fromkeys(Y.level("category", 1, axis="cols")))
    fd_cols = [(r, c) for r in regions for c in categories]
    check_labels(fd_cols, Y.cols, "columns (region, category) of Y", str(Y.path))
    y = Y.values.sum(axis=1)
    xt = _read(folder, params, "x")
    if xt is not None:
        check_labels(rows, xt.rows, "rows of x", str(xt.path))
        if xt.values.shape[1] != 1:
            raise TableReadError(xt.path, f"x has {xt.values.shape[1]} columns, expected 1")
    x_pub = xt.values[:, 0] if xt is not None else None
    note = ""
    if Z is not None:
        z = Z.values
        if sp_issparse(z) and z.shape[0] <= DENSE_LIMIT:
            z = z.toarray()  # small tables stay dense, as pandas would give them (<= 72 MB)
    else:  # coefficient-only system: Z = A diag(x)
        L = _read(folder, params, "L") if x_pub is None else None
        if L is not None:
            check_labels(rows, L.rows, "rows of L", str(L.path))
        z, x_pub, how = coefficient_flows(A.values, y, x_pub, None if L is None else L.values)
        note = f"Z rebuilt as A·diag(x) from a coefficient-only folder, {how}. "
    x_cols = x_pub if x_pub is not None and use_published_x else z.sum(axis=1) + y
    accounts = []
    subfolders = sorted(d for d in folder.iterdir() if d.is_dir() and (d / PARAMS).is_file())
    for sub in subfolders:
        accounts += _extension(sub, rows, fd_cols, x_cols, Y.values.sum(axis=0))
    meta: dict[str, Any] = {}
    mfile = folder / "metadata.json"
    if mfile.is_file():
        try:
            md = json.loads(mfile.read_text(encoding="utf-8"))
        except ValueError:
            md = {}
        meta = {k: md[k] for k in ("name", "description", "version", "system") if k in md}
        if year is None and str(md.get("year", "")).isdigit():
            year = int(md["year"])
    meta.update(
        title=str(meta.get("name") or folder.name),
        source=f"pymrio folder {folder}",
        notes=note + "Read with interlabor's pymrio reader; accounts are the rows of each "
        "extension's F (or S·diag(x)).",
    )
    return build_mrio(
        z,
        Y.values,
        regions=regions,
        sectors=sectors,
        categories=categories,
        accounts=accounts,
        money=money_unit(_read(folder, params, "unit", text_values=True), year),
        year=year,
        meta=meta,
        x_published=x_pub,
        use_published_x=use_published_x,
        origin=origin,
        warn=warn,
    )


def _can_read_pymriofolder(path: Path) -> bool:
    """Whether ``path`` looks like the pymrio layout (cheap check)."""
    folder = path.parent if path.name == PARAMS else path
    try:
        params = json.loads((folder / PARAMS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(params, dict) and params.get("systemtype") == "IOSystem"


register(FunctionReader("pymrio", _can_read_pymriofolder, read_pymrio_folder))
