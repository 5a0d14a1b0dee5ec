"""Writing results: tidy long tables (CSV or Parquet by extension) and figures, atomically.

Every writer writes to a temporary file in the target's folder and renames it into place, so
a crash never leaves a half-written result behind.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from pathlib import Path

import pandas as pd

from ..errors import OutputError
from ..indicators import INDICATORS
from .atomic import atomic_file

__all__ = ["SCHEMA", "TRAILING", "atomic_write", "check_result_path", "tidy", "to_long",
           "write_result"]

#: Extensions :func:`write_result` writes.
RESULT_EXTENSIONS = {".csv": "csv", ".parquet": "parquet", ".pq": "parquet"}


def atomic_write(path: str | Path, write: Callable[[Path], object], *,
                 parents: bool = False) -> Path:
    """Call ``write(tmp)`` on a temporary path beside ``path``, then rename it to ``path``.

    The semantics of :func:`interlabor.io.atomic.atomic_file`: no missing parent folder is
    created (unless ``parents``), a new file gets the umask's permissions and a replaced one
    keeps its mode, a symbolic link is written through.

    Parameters
    ----------
    path : str or Path
        Final location.
    write : callable
        Writes the content to the path it is given.
    parents : bool
        Create missing parent folders.

    Returns
    -------
    Path
        ``path``.

    Raises
    ------
    OutputError
        The parent folder is missing, or a path on the way is a file.
    OSError
        Not writable, disk full, ... (naming ``path``).
    """
    return atomic_file(path, write, parents=parents)


#: The columns every tidy table starts with, in order; then its dimensions, ``value``, notes.
SCHEMA: tuple[str, ...] = ("indicator", "label", "unit", "account", "variant", "modelled")
#: Text columns of the schema (``indicator`` and ``account`` may be null).
TEXT = ("indicator", "label", "unit", "account", "variant")
#: Columns that qualify a value rather than index it: they follow ``value``.
TRAILING = ("note", "description", "flag", "prices", "compensation_basis")
_DEFAULTS: dict[str, object] = {"indicator": None, "account": None, "variant": "central",
                                "modelled": False}


def tidy(df: pd.DataFrame, *, value: str = "value", **columns: object) -> pd.DataFrame:
    """Give a long table the schema: set, fill, check and order its columns.

    Parameters
    ----------
    df : DataFrame
        One row per number: dimension columns (region, year, part, ...) and ``value``.
    value : str
        The column that holds the numbers (renamed to ``value``).
    **columns
        Schema (or other) columns to set: a scalar for every row or one value per row.
        Missing ones default to ``indicator`` null, ``account`` null, ``variant``
        ``"central"``, ``modelled`` False; a missing (or null) ``label`` is the registered
        label of the row's indicator (its template filled with the string columns given
        here).

    Returns
    -------
    DataFrame
        :data:`SCHEMA`, then the dimension columns in their order, then ``value``, then any
        of :data:`TRAILING`; text columns as strings (null kept), ``modelled`` bool,
        ``value`` float.

    Raises
    ------
    OutputError
        If ``unit`` or ``label`` is missing, or an indicator id is not registered.
    """
    out = df.rename(columns={value: "value"}) if value != "value" else df.copy()
    for k, v in columns.items():
        out[k] = v
    for k, v in _DEFAULTS.items():
        if k not in out.columns:
            out[k] = v
    ids = pd.unique(out["indicator"].dropna())
    unknown = sorted(str(i) for i in ids if i not in INDICATORS)
    if unknown:
        raise OutputError(f"unregistered indicator id(s) {', '.join(unknown)}; expected ids of "
                          "interlabor.indicators.INDICATORS")
    need = out["label"].isna() if "label" in out.columns else pd.Series(True, out.index)
    if need.any():
        if out.loc[need, "indicator"].isna().any():
            raise OutputError("rows without an indicator id need a label")
        fields = {k: v for k, v in columns.items() if isinstance(v, str)}
        labels = {i: INDICATORS[i].label(**fields) for i in ids}
        out["label"] = out["label"].where(~need, out["indicator"].map(labels)) if (
            "label" in out.columns) else out["indicator"].map(labels)
    elif "label" not in out.columns:  # an empty table
        out["label"] = None
    missing = [c for c in (*SCHEMA, "value") if c not in out.columns]
    if missing:
        raise OutputError(f"tidy table without column(s) {', '.join(missing)}")
    for c in TEXT:
        out[c] = out[c].astype(object).where(out[c].notna(), None).astype("str")
    out["modelled"] = out["modelled"].astype(bool)
    out["value"] = out["value"].astype(float)
    trailing = [c for c in TRAILING if c in out.columns]
    dims = [c for c in out.columns if c not in (*SCHEMA, "value", *trailing)]
    return out[[*SCHEMA, *dims, "value", *trailing]].reset_index(drop=True)


def _is_indicator_table(result: pd.Series | pd.DataFrame) -> bool:
    return (isinstance(result, pd.DataFrame) and "label" in result.columns
            and "indicator" in result.index.names)


def _indicator_long(table: pd.DataFrame) -> pd.DataFrame:
    """An indicator table (index ``indicator``, ``label``, ``value``, ``low``/``high``) as rows."""
    attrs = table.attrs
    flat = table.reset_index()
    if "year" not in flat.columns and attrs.get("year") is not None:
        flat.insert(0, "year", attrs["year"])
    ranges = [c for c in ("low", "high", *attrs.get("variants", ())) if c in flat.columns]
    keep = [c for c in flat.columns if c not in ("value", *ranges)]
    long = flat.melt(id_vars=keep, value_vars=["value", *ranges], var_name="variant",
                     value_name="_value")
    long["variant"] = long["variant"].replace({"value": "central"})
    extra: dict[str, object] = {}
    if "pair" in attrs:
        extra["giving"], extra["receiving"] = attrs["pair"]
    for k in ("prices", "compensation_basis"):
        if k in attrs:
            extra[k] = attrs[k]
    dims = [c for c in ("year", "giving", "receiving", "part") if c in long.columns or c in extra]
    long = long.assign(**extra)
    long = long[[c for c in long.columns if c not in dims] + dims]  # dims in a fixed order
    accounts = attrs.get("accounts", {})
    return tidy(long, value="_value", account=long["indicator"].map(
        lambda i: _row_account(str(i), accounts)), modelled=bool(attrs.get("modelled", False)))


def _row_account(ind: str, accounts: Mapping[str, str]) -> str | None:
    """The account an exchange indicator measures: value added or compensation, else hours."""
    base = re.sub(r"_of_[ab]$", "", ind)
    if base in ("value_added_given", "value_added_received", "net_value_added",
                "value_added_exported", "value_added_imported") or base.startswith(
                    "share_value_added"):
        return accounts.get("value_added")
    if base in ("wage_b_exports", "world_average_wage", "share_compensation_production"):
        return accounts.get("compensation")
    return accounts.get("hours")


def to_long(result: pd.Series | pd.DataFrame, value_name: str = "value", *,
            indicator: str | None = None, label: str | None = None,
            columns: Mapping[str, Mapping[str, object]] | None = None,
            **more: object) -> pd.DataFrame:
    """Turn a labelled result into a tidy long table of :data:`SCHEMA` (see :func:`tidy`).

    Parameters
    ----------
    result : Series or DataFrame
        A result of :mod:`interlabor.footprints` (its ``attrs`` carry account and unit), or
        an indicator table (index ``indicator``, columns ``label``, ``value``, ``unit``,
        ``note``, optionally ``part``, ``low``, ``high``), e.g. of
        :func:`interlabor.exchange_report.summary_range`.
    value_name : str
        Name of the value column before :func:`tidy` renames it ``value``.
    indicator : str, optional
        Registered id of the result (default ``attrs["indicator"]``, else null), e.g.
        ``footprint``; its label is filled with the account. ``columns`` may name others.
    label : str, optional
        Human label instead of the registered one.
    columns : mapping, optional
        For a wide table whose columns are different measures: column -> schema and
        dimension values of its rows (``indicator``, ``unit``, ``state``, ...). These columns
        become rows; the index and the other columns stay as dimension (or note) columns.
    **more
        Schema, dimension or note columns for every row (override ``attrs``), passed to
        :func:`tidy`.

    Returns
    -------
    DataFrame
        One row per number. An indicator table's ``low`` and ``high`` columns, and the
        named variant columns listed in ``attrs["variants"]``, become rows of that variant
        beside ``central``; its ``attrs`` add ``year``,
        ``giving``, ``receiving``, ``prices`` and ``compensation_basis``, and ``account`` is
        its hours account. Otherwise the index and column labels become columns.
    """
    if _is_indicator_table(result):
        return _indicator_long(result)  # type: ignore[arg-type]
    attrs = dict(result.attrs)
    fixed: dict[str, object] = {"indicator": indicator or attrs.get("indicator"),
                                "account": attrs.get("account"), "unit": attrs.get("unit", ""),
                                "modelled": bool(attrs.get("modelled", False)), **more}
    if isinstance(result, pd.DataFrame) and columns is not None:
        named = any(n is not None for n in result.index.names)
        flat = result.reset_index(drop=not named)
        long = flat.melt(id_vars=[c for c in flat.columns if c not in columns],
                         value_vars=list(columns), var_name="_column", value_name=value_name)
        fields = sorted({k for spec in columns.values() for k in spec})
        for k in fields:
            long[k] = long["_column"].map({c: spec.get(k) for c, spec in columns.items()})
            fixed.pop(k, None)
        long = long.drop(columns="_column")
        return tidy(long[[c for c in long.columns if c != value_name] + [value_name]],
                    value=value_name, **fixed)
    if isinstance(result, pd.DataFrame):
        long = result.stack(list(range(result.columns.nlevels))).rename(value_name).reset_index()
    else:
        long = result.rename(value_name).reset_index()
    if label is not None or fixed["indicator"] is None:
        fixed["label"] = label or attrs.get("label") or fixed["account"] or ""
    return tidy(long, value=value_name, **fixed)


def check_result_path(path: str | Path) -> Path:
    """Check, before any work, that :func:`write_result` can write ``path``; write nothing.

    Raises
    ------
    OutputError
        The extension is neither ``.csv`` nor ``.parquet``, ``path`` is a folder, its parent
        folder is missing or a path on the way is a file.
    """
    from .atomic import check_parent

    p = Path(path)
    if p.suffix.lower() not in RESULT_EXTENSIONS:
        raise OutputError(f"{p}: unknown output extension {p.suffix.lower()!r}; expected .csv or "
                          ".parquet")
    if p.is_dir():
        raise OutputError(f"cannot write {p}: it is a folder; expected a file name")
    check_parent(Path(os.path.realpath(p)) if p.is_symlink() else p)
    return p


def write_result(table: pd.DataFrame, path: str | Path, *, parents: bool = False) -> Path:
    """Write a tidy table to ``.csv`` or ``.parquet`` (chosen by extension), atomically.

    As :func:`atomic_write`: no missing parent folder is created unless ``parents``.

    Raises
    ------
    OutputError
        If the extension is neither ``.csv`` nor ``.parquet``, or the parent folder is
        missing.
    OSError
        The file cannot be written (naming ``path``).
    """
    p = Path(path)
    kind = RESULT_EXTENSIONS.get(p.suffix.lower())
    if kind == "csv":
        return atomic_write(p, lambda t: table.to_csv(t, index=False), parents=parents)
    if kind == "parquet":
        return atomic_write(p, lambda t: table.to_parquet(t, index=False), parents=parents)
    raise OutputError(f"{p}: unknown output extension {p.suffix.lower()!r}; expected .csv or "
                      ".parquet")
