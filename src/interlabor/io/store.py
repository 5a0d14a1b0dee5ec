"""interlabor's own table format: a folder of Parquet files plus ``manifest.json``.

It is the cache that every run reads, so it is made to be read fast and trusted: the blocks are
stored as they are in :class:`~interlabor.model.MRIO` (no re-balancing), every file carries a
sha256 checksum in the manifest, and a folder is written atomically.

Layout of a table folder (format ``interlabor-mrio``, version 1)::

    manifest.json                  provenance, units, shapes, diagnostics, checksums (below)
    Z.parquet                      intermediate flows, non-zeros only: row, col (int32), value
    Y.parquet                      final demand, non-zeros only: row, col (int32), value
    x.parquet                      gross output used for coefficients: x, n rows
    regions.parquet                region (canonical code), source_region, R rows
    sectors.parquet                sector (code), name, S rows
    categories.parquet             category, K rows
    accounts.parquet               one float64 column per account, named by its key, n rows
    accounts_final_demand.parquet  one column per account with a final-demand part, R*K rows

``row``/``col`` are 0-based positions in the region-major order of ``MRIO`` (row ``r*S + s``,
column of Y ``r*K + k``), sorted by (row, col), unique; values are float64 in the manifest's
``money`` unit. Z is stored sparsely whether the table holds it dense or sparse (``Z.layout`` in
the manifest says which to give back); a negative zero is kept, so the round trip is bitwise.
The accounts files exist only when there are such accounts. Parquet files use zstd, delta
encoding for indices and byte-stream-split for values (WIOD 2011: 0.6 MB for Z).

``manifest.json`` holds ``format``, ``format_version``, ``software`` (interlabor's version),
``meta`` (``mrio.meta``: title, source, doi, url, version, licence, notes, ...), ``year``,
``money`` (currency, scale, price year, price basis), ``shape``, ``Z`` layout and non-zeros,
``accounts`` (key, name, extension, unit, modelled, description, final-demand part),
``account_units``, ``diagnostics``, ``files`` (sha256, size and rows of each Parquet file),
``inputs`` (name, sha256, size of the source files the table was converted from) and
``checksum``, the sha256 of the manifest's own content (:func:`manifest_checksum`). Reading a
table folder does not check ``checksum`` (a folder's manifest may be edited by hand); the cache
of converted tables does, so that an edited entry is never trusted.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import warnings
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import scipy.sparse as sp

from ..errors import BalanceWarning, DataQualityWarning, OutputExistsError, TableReadError
from ..model import MRIO, Account, Diagnostic, build_mrio
from ..units import MonetaryUnit
from .atomic import atomic_folder, write_synced

__all__ = ["FORMAT_NAME", "FORMAT_VERSION", "is_store", "manifest_checksum", "read_mrio",
           "write_mrio"]

#: Value of ``format`` in the manifest of every interlabor table folder.
FORMAT_NAME = "interlabor-mrio"
#: Newest format version this interlabor writes and reads.
FORMAT_VERSION = 1
MANIFEST = "manifest.json"

_INDEX_ENC = "DELTA_BINARY_PACKED"
_VALUE_ENC = "BYTE_STREAM_SPLIT"


# ---------------------------------------------------------------------------------------
# writing
# ---------------------------------------------------------------------------------------
def _sha256_file(path: Path) -> tuple[str, int]:
    h = hashlib.sha256()
    size = 0
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
            size += len(chunk)
    return h.hexdigest(), size


def _write_parquet(table: pa.Table, path: Path, *, numeric: bool) -> dict[str, Any]:
    """Write ``table`` to ``path`` (zstd), fsync it, and return its manifest entry."""
    buf = pa.BufferOutputStream()
    if numeric:
        pq.write_table(
            table,
            buf,
            compression="zstd",
            use_dictionary=False,
            column_encoding={
                name: _INDEX_ENC if pa.types.is_integer(table.schema.field(name).type)
                else _VALUE_ENC
                for name in table.column_names
            },
        )
    else:
        pq.write_table(table, buf, compression="zstd")
    data = buf.getvalue()
    write_synced(path, data)
    return {"sha256": hashlib.sha256(data).hexdigest(), "size": data.size, "rows": table.num_rows}


def _nonzeros(M: Any) -> pa.Table:
    """Long table (row, col, value) of the entries of M that are non-zero or -0.0."""
    if sp.issparse(M) and M.format == "csr" and M.has_canonical_format:  # type: ignore[union-attr]
        # sorted by (row, col) and unique already (build_mrio's Z): no sort needed
        csr = M
        row = np.repeat(np.arange(csr.shape[0], dtype=np.int32), np.diff(csr.indptr))
        col, val = csr.indices, csr.data
    elif sp.issparse(M):
        coo = sp.coo_array(M)
        coo.sum_duplicates()  # sorts by (row, col)
        row, col, val = coo.row, coo.col, coo.data
    else:
        d = np.asarray(M, dtype=np.float64)
        keep = (d != 0) | np.signbit(d)
        row, col = np.nonzero(keep)  # C order: sorted by (row, col)
        val = d[row, col]
    return pa.table(
        {
            "row": pa.array(row.astype(np.int32, copy=False)),
            "col": pa.array(col.astype(np.int32, copy=False)),
            "value": pa.array(np.asarray(val, dtype=np.float64)),
        }
    )


def _json_exact(value: Any, what: str) -> Any:
    try:
        back = json.loads(json.dumps(value, allow_nan=False))
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{what} cannot be stored in the manifest: {exc}") from exc
    if back != value:
        raise TypeError(
            f"{what} does not survive JSON unchanged ({value!r} would read back as {back!r}); "
            "use str, int, float, bool, None, list and dict with str keys"
        )
    return back


def _account_entry(acc: Account) -> dict[str, Any]:
    return {
        "key": acc.key,
        "name": acc.name,
        "extension": acc.extension,
        "unit": acc.unit,
        "modelled": bool(acc.modelled),
        "description": acc.description,
        "final_demand": acc.final_demand is not None,
        "variant_of": acc.variant_of,
        "variant": acc.variant,
    }


def _write_files(mrio: MRIO, tmp: Path) -> dict[str, dict[str, Any]]:
    """Write every Parquet file of ``mrio`` into ``tmp``; return the ``files`` manifest entry."""
    files: dict[str, dict[str, Any]] = {}

    def put(name: str, columns: Mapping[str, Any], numeric: bool) -> None:
        files[name] = _write_parquet(pa.table(dict(columns)), tmp / name, numeric=numeric)

    files["Z.parquet"] = _write_parquet(_nonzeros(mrio.Z), tmp / "Z.parquet", numeric=True)
    files["Y.parquet"] = _write_parquet(_nonzeros(mrio.Y), tmp / "Y.parquet", numeric=True)
    put("x.parquet", {"x": np.asarray(mrio.x, dtype=np.float64)}, True)
    put(
        "regions.parquet",
        {
            "region": pa.array(list(mrio.regions), pa.string()),
            "source_region": pa.array(list(mrio.source_regions), pa.string()),
        },
        False,
    )
    put(
        "sectors.parquet",
        {
            "sector": pa.array(list(mrio.sectors), pa.string()),
            "name": pa.array(list(mrio.sector_names), pa.string()),
        },
        False,
    )
    put("categories.parquet", {"category": pa.array(list(mrio.categories), pa.string())}, False)
    if mrio.accounts:
        put("accounts.parquet", {a.key: np.asarray(a.values) for a in mrio.accounts}, True)
    with_fd = [a for a in mrio.accounts if a.final_demand is not None]
    if with_fd:
        put(
            "accounts_final_demand.parquet",
            {a.key: np.asarray(a.final_demand) for a in with_fd},
            True,
        )
    return files


def _manifest(
    mrio: MRIO, files: dict[str, dict[str, Any]], inputs: list[dict[str, Any]]
) -> dict[str, Any]:
    from .._version import __version__

    meta = _json_exact(dict(mrio.meta), "mrio.meta")
    diagnostics = _json_exact(
        [
            {"kind": d.kind, "message": d.message, "labels": list(d.labels)}
            for d in mrio.diagnostics
        ],
        "mrio.diagnostics",
    )
    nnz = mrio.Z.nnz if sp.issparse(mrio.Z) else files["Z.parquet"]["rows"]  # type: ignore[union-attr]
    return {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "software": {"name": "interlabor", "version": __version__},
        "meta": meta,
        "year": None if mrio.year is None else int(mrio.year),
        "money": {
            "currency": mrio.money.currency,
            "scale": float(mrio.money.scale),
            "price_year": None if mrio.money.price_year is None else int(mrio.money.price_year),
            "price_basis": mrio.money.price_basis,
        },
        "shape": {
            "regions": mrio.n_regions,
            "sectors": mrio.n_sectors,
            "categories": len(mrio.categories),
            "n": mrio.n,
        },
        "Z": {"layout": "sparse" if sp.issparse(mrio.Z) else "dense", "nnz": int(nnz)},
        "accounts": [_account_entry(a) for a in mrio.accounts],
        "account_units": {a.key: a.unit for a in mrio.accounts},
        "diagnostics": diagnostics,
        "files": files,
        "inputs": inputs,
    }


def manifest_checksum(manifest: Mapping[str, Any]) -> str:
    """The sha256 of a manifest's content without its ``checksum`` entry (canonical JSON).

    Parameters
    ----------
    manifest : mapping
        A parsed ``manifest.json``.

    Returns
    -------
    str
        64 hex digits; the same for any formatting (spaces, key order) of the same content.
    """
    body = {k: v for k, v in manifest.items() if k != "checksum"}
    text = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def write_mrio(
    mrio: MRIO, folder: str | Path, *, inputs: Iterable[str | Path] = (), overwrite: bool = False,
    parents: bool = False,
) -> Path:
    """Write ``mrio`` as an interlabor table folder (Parquet files plus ``manifest.json``).

    The folder is written into a temporary folder beside ``folder``, every file fsynced, then
    renamed into place; with ``overwrite=True`` the old folder is swapped out in one step
    (``renameat2`` exchange on Linux, otherwise two renames) and removed afterwards. On any
    error nothing is left at ``folder`` (an old folder stays as it was) and the temporary
    folder is removed.

    Parameters
    ----------
    mrio : MRIO
        The table. ``mrio.meta`` must hold JSON values only (str, int, float, bool, None,
        lists and dicts with str keys).
    folder : str or Path
        Target folder; its parent folder must exist (see ``parents``).
    inputs : iterable of str or Path
        Source files the table was converted from; their name, sha256 and size are recorded.
    overwrite : bool
        Replace an existing interlabor table folder at ``folder``.
    parents : bool
        Create missing parent folders (default: refuse, naming the missing folder).

    Returns
    -------
    Path
        ``folder``.

    Raises
    ------
    OutputExistsError
        ``folder`` exists and ``overwrite`` is False, or it exists and is not an interlabor
        table folder (nor an empty folder), which is never replaced.
    OutputError
        The parent folder is missing (and ``parents`` is False), or is a file.
    FileNotFoundError
        An input file does not exist.
    TypeError
        ``mrio.meta`` holds values that JSON cannot store unchanged.

    Examples
    --------
    >>> from interlabor.io import load_default
    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as d:
    ...     path = write_mrio(load_default(), pathlib.Path(d) / "wiod2011")
    ...     read_mrio(path).n_regions
    41
    """
    target = Path(folder)
    if target.exists() or target.is_symlink():
        if not overwrite:
            raise OutputExistsError(
                f"{target} already exists; pass overwrite=True to replace it"
            )
        if not target.is_dir() or not (is_store(target) or not any(target.iterdir())):
            raise OutputExistsError(
                f"{target} exists and is not an interlabor table folder; refusing to replace it"
            )
    recorded = []
    for p in map(Path, inputs):
        if not p.is_file():
            raise FileNotFoundError(f"input file {p} does not exist")
        digest, size = _sha256_file(p)
        recorded.append({"name": p.name, "sha256": digest, "size": size})

    with atomic_folder(target, parents=parents) as tmp:
        files = _write_files(mrio, tmp)
        manifest = _manifest(mrio, files, recorded)
        manifest["checksum"] = manifest_checksum(manifest)
        text = json.dumps(manifest, indent=1, ensure_ascii=False)
        write_synced(tmp / MANIFEST, (text + "\n").encode("utf-8"))
        if target.exists() and not overwrite:  # appeared while we were writing
            raise OutputExistsError(f"{target} already exists; pass overwrite=True to replace it")
    return target


# ---------------------------------------------------------------------------------------
# reading
# ---------------------------------------------------------------------------------------
def _load_manifest(folder: Path) -> dict[str, Any]:
    path = folder / MANIFEST
    if folder.is_file():
        raise TableReadError(
            folder,
            "is a file, not an interlabor table folder; read a source file (WIOD .RData, "
            "EXIOBASE .zip, ...) with interlabor.read(path), which picks its reader",
        )
    if not folder.is_dir():
        raise TableReadError(folder, "no such folder; expected an interlabor table folder")
    if not path.is_file():
        raise TableReadError(
            path, "missing: an interlabor table folder has a manifest.json beside its Parquet files"
        )
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise TableReadError(path, f"not readable as JSON ({exc})") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_NAME:
        found = manifest.get("format") if isinstance(manifest, dict) else type(manifest).__name__
        raise TableReadError(path, f"format is {found!r}, expected {FORMAT_NAME!r}")
    version = manifest.get("format_version")
    if not isinstance(version, int) or not 1 <= version <= FORMAT_VERSION:
        newer = isinstance(version, int) and version > FORMAT_VERSION
        raise TableReadError(
            path,
            f"unknown format version {version!r}; this interlabor reads versions 1 to "
            f"{FORMAT_VERSION}" + ("; upgrade interlabor to read it" if newer else ""),
        )
    return manifest


def _field(manifest: Mapping[str, Any], key: str, path: Path) -> Any:
    if key not in manifest:
        raise TableReadError(path, f"the manifest has no {key!r} entry")
    return manifest[key]


def _read_parquet(folder: Path, name: str, files: Mapping[str, Any], verify: bool) -> pa.Table:
    """Read one Parquet file of the folder, checking its size and (with verify) its checksum."""
    path = folder / name
    entry = files.get(name)
    if not isinstance(entry, dict):
        raise TableReadError(folder / MANIFEST, f"the manifest lists no file {name!r}")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise TableReadError(path, "missing: the manifest lists it but it is not there") from None
    except OSError as exc:
        raise TableReadError(path, f"cannot read ({exc})") from exc
    expected = entry.get("size")
    if len(data) != expected:
        what = "truncated" if isinstance(expected, int) and len(data) < expected else "changed"
        raise TableReadError(
            path, f"{what}: {len(data)} bytes, the manifest says {expected}; rewrite the table"
        )
    if verify and hashlib.sha256(data).hexdigest() != entry.get("sha256"):
        raise TableReadError(
            path, "checksum differs from the manifest (sha256): the file is corrupt or was changed"
        )
    try:
        table = pq.read_table(pa.BufferReader(data))
    except (pa.ArrowException, OSError, ValueError) as exc:
        raise TableReadError(path, f"not a readable Parquet file ({exc})") from exc
    if table.num_rows != entry.get("rows", table.num_rows):
        raise TableReadError(
            path, f"{table.num_rows} rows, the manifest says {entry.get('rows')}"
        )
    return table


def _column(table: pa.Table, name: str, path: Path, length: int | None = None) -> np.ndarray:
    if name not in table.column_names:
        raise TableReadError(path, "no such column", column=name)
    col = table.column(name)
    if col.null_count:
        raise TableReadError(path, f"{col.null_count} missing value(s)", column=name)
    values = col.to_numpy()
    if length is not None and len(values) != length:
        raise TableReadError(path, f"{len(values)} values, expected {length}", column=name)
    return values


def _labels(table: pa.Table, name: str, path: Path, length: int) -> tuple[str, ...]:
    return tuple(str(v) for v in _column(table, name, path, length).tolist())


def _entries(table: pa.Table, path: Path, shape: tuple[int, int]) -> tuple[np.ndarray, ...]:
    """Rows, columns and values of a long table, checked to be in range, sorted and unique."""
    row = _column(table, "row", path).astype(np.int64)
    col = _column(table, "col", path).astype(np.int64)
    val = _column(table, "value", path).astype(np.float64, copy=False)
    if row.size and (row.min() < 0 or row.max() >= shape[0] or col.min() < 0
                     or col.max() >= shape[1]):
        raise TableReadError(path, f"an index lies outside the shape {shape}")
    linear = row * shape[1] + col
    if linear.size > 1 and not (np.diff(linear) > 0).all():
        raise TableReadError(path, "entries are not sorted by (row, col) or are repeated")
    return row, col, linear, val


def _dense(table: pa.Table, path: Path, shape: tuple[int, int]) -> np.ndarray:
    _, _, linear, val = _entries(table, path, shape)
    out = np.zeros(shape[0] * shape[1], dtype=np.float64)
    out[linear] = val
    return out.reshape(shape)


def _sparse(table: pa.Table, path: Path, shape: tuple[int, int]) -> sp.csr_array:
    row, col, _, val = _entries(table, path, shape)
    indptr = np.zeros(shape[0] + 1, dtype=np.int64)
    np.cumsum(np.bincount(row, minlength=shape[0]), out=indptr[1:])
    # arrow hands out read-only arrays; build_mrio sorts/cleans the sparse array in place
    return sp.csr_array((val.copy(), col, indptr), shape=shape)


def read_mrio(folder: str | Path, *, verify: bool = True, warn: bool = False) -> MRIO:
    """Read an interlabor table folder written by :func:`write_mrio`.

    The blocks go through :func:`~interlabor.model.build_mrio` with the stored x as published
    x (``use_published_x=True``), and the stored diagnostics are kept, so the table equals the
    one written: Z (dense or sparse as written), Y, x, labels, accounts, meta, money.

    Parameters
    ----------
    folder : str or Path
        The table folder.
    verify : bool
        Check the sha256 checksum of every Parquet file (sizes are checked always).
    warn : bool
        Emit the stored diagnostics (zero output, balance, ...) as warnings.

    Returns
    -------
    MRIO

    Raises
    ------
    TableReadError
        The folder, its manifest or a file is missing; a file is truncated, changed (checksum
        differs) or malformed; the format is not interlabor's or its version is unknown.
    ValidationError
        The numbers break an input-output rule (only possible for a folder changed by hand
        together with its checksums).
    """
    root = Path(folder)
    manifest = _load_manifest(root)
    mpath = root / MANIFEST
    files = _field(manifest, "files", mpath)
    shape = _field(manifest, "shape", mpath)
    try:
        n_r, n_s, n_k = int(shape["regions"]), int(shape["sectors"]), int(shape["categories"])
        layout = manifest["Z"]["layout"]
        if layout not in ("dense", "sparse"):
            raise ValueError(f"Z layout {layout!r}, expected 'dense' or 'sparse'")
        meta, year = manifest.get("meta", {}), manifest.get("year")
        if not isinstance(files, dict) or not isinstance(meta, dict):
            raise TypeError("'files' and 'meta' must be JSON objects")
        if year is not None and not isinstance(year, int):
            raise TypeError(f"year {year!r} is not an integer")
        money = MonetaryUnit(**_field(manifest, "money", mpath))
        account_entries = list(_field(manifest, "accounts", mpath))
        diagnostics = tuple(
            Diagnostic(d["kind"], d["message"], tuple(d["labels"]))
            for d in _field(manifest, "diagnostics", mpath)
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise TableReadError(mpath, f"malformed manifest ({type(exc).__name__}: {exc})") from exc
    n = n_r * n_s

    def read(name: str) -> pa.Table:
        return _read_parquet(root, name, files, verify)

    regions_t = read("regions.parquet")
    regions = _labels(regions_t, "region", root / "regions.parquet", n_r)
    source_regions = _labels(regions_t, "source_region", root / "regions.parquet", n_r)
    sectors_t = read("sectors.parquet")
    sectors = _labels(sectors_t, "sector", root / "sectors.parquet", n_s)
    sector_names = _labels(sectors_t, "name", root / "sectors.parquet", n_s)
    categories = _labels(read("categories.parquet"), "category", root / "categories.parquet", n_k)
    Z = (_sparse if layout == "sparse" else _dense)(read("Z.parquet"), root / "Z.parquet", (n, n))
    Y = _dense(read("Y.parquet"), root / "Y.parquet", (n, n_r * n_k))
    x = _column(read("x.parquet"), "x", root / "x.parquet", n)

    accounts = []
    if account_entries:
        values = read("accounts.parquet")
        fd = None
        if any(e.get("final_demand") for e in account_entries):
            fd = read("accounts_final_demand.parquet")
        for e in account_entries:
            try:
                key, fd_part = e["key"], None
                if e["final_demand"]:
                    path = root / "accounts_final_demand.parquet"
                    fd_part = _column(fd, key, path, n_r * n_k)  # type: ignore[arg-type]
                accounts.append(
                    Account(
                        e["name"],
                        e["unit"],
                        _column(values, key, root / "accounts.parquet", n),
                        fd_part,
                        e["extension"],
                        bool(e["modelled"]),
                        e["description"],
                        e.get("variant_of"),  # manifests before 2026-12: central accounts
                        e.get("variant", "central"),
                    )
                )
            except (KeyError, TypeError) as exc:
                raise TableReadError(mpath, f"malformed account entry {e!r}") from exc

    mrio = build_mrio(
        Z,
        Y,
        regions=regions,
        sectors=sectors,
        categories=categories,
        sector_names=sector_names,
        accounts=accounts,
        money=money,
        year=year,
        source_regions=source_regions,
        meta=meta,
        x_published=x,
        use_published_x=True,
        origin=str(root),
        warn=False,
    )
    if warn:
        for d in diagnostics:
            if d.kind != "negative-final-demand":
                category = BalanceWarning if d.kind == "balance" else DataQualityWarning
                warnings.warn(f"{root}: {d.message}", category, stacklevel=2)
    return dataclasses.replace(mrio, diagnostics=diagnostics)


def is_store(path: str | Path) -> bool:
    """Return True when ``path`` is a folder whose ``manifest.json`` names interlabor's format.

    Parameters
    ----------
    path : str or Path
        Any path; never raises.
    """
    manifest = Path(path) / MANIFEST
    try:
        if not manifest.is_file() or manifest.stat().st_size > 16 << 20:
            return False
        content = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return False
    return isinstance(content, dict) and content.get("format") == FORMAT_NAME
