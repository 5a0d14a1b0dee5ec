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

import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from scipy.sparse import issparse as sp_issparse

from ..algebra import DENSE_LIMIT
from ..errors import LabelMismatchError, TableReadError, UnitError
from ..model import MRIO, Account, build_mrio, check_labels
from ..units import MonetaryUnit, parse_unit
from ._pymrio_tables import (
    PARAMS,
    PARQUET,
    TEXT,
    Table,
    entry,
    parquet_columns,
    read_listed,
    read_params,
    row_labels,
    text_header,
)
from .base import FunctionReader, TableInfo, disk_size, register

__all__ = [
    "check_unique",
    "coefficient_flows",
    "describe_pymrio_folder",
    "extension_accounts",
    "money_unit",
    "pymrio_unit",
    "read_pymrio_folder",
    "row_labels",
]

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



def _extension(
    folder: Path,
    rows: Sequence[tuple[str, ...]],
    fd_cols: Sequence[tuple[str, ...]],
    x: np.ndarray,
    y_total: np.ndarray,
) -> list[Account]:
    """Accounts of one extension subfolder; F's columns must be Z's rows."""
    params = read_params(folder)
    name = str(params.get("name") or folder.name)
    F = read_listed(folder, params, "F")
    if F is None:  # coefficient-only extension
        S = read_listed(folder, params, "S")
        if S is None:
            raise TableReadError(folder, f"extension {name!r} has neither F nor S")
        F = Table(S.path, S.values * x[None, :], S.rows, S.cols, S.row_names, S.col_names)
    check_unique(F.rows, "stressor", F.path)
    check_labels(rows, F.cols, f"columns of F of extension {name!r}", str(F.path))
    FY = read_listed(folder, params, "F_Y")
    if FY is None:
        SY = read_listed(folder, params, "S_Y")
        if SY is not None:
            FY = Table(SY.path, SY.values * y_total[None, :], SY.rows, SY.cols, [], [])
    if FY is not None:
        check_labels(F.rows, FY.rows, f"rows of F_Y of extension {name!r}", str(FY.path))
        check_labels(fd_cols, FY.cols, f"columns of F_Y of extension {name!r}", str(FY.path))
    unit = read_listed(folder, params, "unit", text_values=True)
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
    params = read_params(folder)
    if params.get("systemtype") != "IOSystem":
        raise TableReadError(
            folder / PARAMS,
            f"systemtype {params.get('systemtype')!r}; expected 'IOSystem' (this may be an "
            "extension subfolder: pass its parent)",
        )
    origin = str(folder)
    Y = read_listed(folder, params, "Y")
    Z = read_listed(folder, params, "Z", sparse=True)
    A: Any = read_listed(folder, params, "A") if Z is None else None
    if Y is None or (Z is None and A is None):
        raise TableReadError(folder / PARAMS, "expected Y and either Z or A in 'files'")
    core: Table = Z if Z is not None else A  # type: ignore[assignment]  # one is set
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
    xt = read_listed(folder, params, "x")
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
        L = read_listed(folder, params, "L") if x_pub is None else None
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
        md = md if isinstance(md, dict) else {}  # metadata is optional: ignore another type
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
        money=money_unit(read_listed(folder, params, "unit", text_values=True), year),
        year=year,
        meta=meta,
        x_published=x_pub,
        use_published_x=use_published_x,
        origin=origin,
        warn=warn,
    )


def _distinct(labels: Sequence[tuple[str, ...]] | None, names: Sequence[str], name: str,
              position: int) -> int | None:
    """Distinct labels of one column level (found by name, else by position); None: unknown."""
    if not labels:
        return None
    i = list(names).index(name) if name in names else position
    if len(labels[0]) <= i:
        return None
    return len({lab[i] for lab in labels})


def _columns(path: Path, fmt: str, n_idx: int,
             n_head: int) -> tuple[int, list[tuple[str, ...]] | None, list[str], int | None]:
    """Data columns, their labels and level names, and the encoded bytes (Parquet only)."""
    if fmt in PARQUET:
        rows, labels, names, encoded = parquet_columns(path)
        return (rows if labels is None else len(labels)), labels, names, encoded
    if fmt in TEXT:
        labels, names = text_header(path, n_idx, n_head)
        return len(labels), labels, names, None
    raise TableReadError(path, f"unsupported table format {fmt!r}; expected text or parquet")


def describe_pymrio_folder(path: str | Path) -> TableInfo:
    """Describe a pymrio folder from its metadata, without reading the matrices.

    ``n`` and the regions and sectors come from the column labels of Z (or A) in the header
    lines of a text table or the schema of a Parquet table; the categories from those of Y.
    The non-zeros of Z are estimated: from the encoded size of a Parquet Z (8 bytes a value),
    as ``n * n`` for a text Z (read dense) or a coefficient-only folder (Z rebuilt dense).

    Parameters
    ----------
    path : str or Path
        The folder (or its ``file_parameters.json``).

    Returns
    -------
    TableInfo
        Format ``"pymrio"``; ``nnz_exact`` is False.

    Raises
    ------
    TableReadError
        ``file_parameters.json`` is missing or malformed, lists neither Z nor A, or a listed
        table is missing or unreadable.
    """
    folder = Path(path)
    if folder.name == PARAMS:
        folder = folder.parent
    params = read_params(folder)
    key = "Z" if "Z" in params["files"] else "A"
    core = entry(folder, params, key)
    if core is None:
        raise TableReadError(folder / PARAMS, "expected Z or A in 'files'")
    zpath, fmt, n_idx, n_head = core
    n, cols, names, encoded = _columns(zpath, fmt, n_idx, n_head)
    dense = key == "A" or encoded is None
    source = "text header" if encoded is None else "Parquet metadata"
    if encoded is None or dense:
        nnz = n * n
        basis = f"pymrio {source}; Z " + ("rebuilt dense from A" if key == "A" else "read dense")
    else:
        nnz = min(n * n, encoded // 8)
        basis = "pymrio Parquet metadata; non-zeros estimated from the encoded size"
    categories = None
    y = entry(folder, params, "Y")
    if y is not None:
        _, ycols, ynames, _ = _columns(*y)
        categories = _distinct(ycols, ynames, "category", 1)
    return TableInfo(folder, "pymrio", n, _distinct(cols, names, "region", 0),
                     _distinct(cols, names, "sector", 1), categories, nnz, False,
                     disk_size(folder), basis, dense_read=dense)


def _can_read_pymriofolder(path: Path) -> bool:
    """Whether ``path`` looks like the pymrio layout (cheap check)."""
    folder = path.parent if path.name == PARAMS else path
    try:
        params = json.loads((folder / PARAMS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(params, dict) and params.get("systemtype") == "IOSystem"


register(FunctionReader("pymrio", _can_read_pymriofolder, read_pymrio_folder,
                        describe_pymrio_folder))
