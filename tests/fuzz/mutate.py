"""Mutations of sample files for the fuzz tests: bytes, delimited text, workbooks, Parquet, JSON.

A sample is a dict ``{relative path: member}``; a member is raw ``bytes`` or one of the
structured kinds below, which are turned back into bytes after they are mutated:

* :class:`Grid` -- a delimited text file (CSV, TSV) as rows of cells;
* :class:`Book` -- an Excel workbook as sheets of rows of cell values (written with openpyxl);
* :class:`Frame` -- a Parquet file as a pyarrow table;
* :class:`Json` -- a JSON document;
* :class:`RList` -- an R data file holding named R objects (written with ``rdata``).

A *plan* is a short list of steps of five numbers (drawn by hypothesis, or decoded from
atheris' bytes); :func:`mutate` applies each step to one member (chosen by the step) or to the
set of members, and returns the mutated bytes with one line per step that says what was done.
Mutation kinds are named (``grid:swap-columns``, ``bytes:truncate``, ...) so that the tests can
count how often each was tried. Test-only code: nothing here is imported by the package.
"""

from __future__ import annotations

import copy
import io
import json
import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

#: Strings put into text cells: NaN/inf spellings, numbers that overflow or underflow, empty,
#: huge and odd labels, numbers in other notations.
SPECIAL_TEXT: tuple[str, ...] = (
    "NaN", "nan", "NA", "#N/A", "inf", "-inf", "Infinity", "-Infinity", "1e309", "-1e309",
    "1e-320", "", " ", "-1", "-0", "0x1F", "1,5", "1.2.3", "null", "None", "true", "-",
    "9" * 400, "\x00", "é", "∞", "١٢٣", '"', "'", "X" * 100_000,
)
#: Values put into workbook cells (numbers and text).
SPECIAL_CELL: tuple[Any, ...] = (
    math.nan, math.inf, -math.inf, 1e308, -1e308, 5e-324, -1.0, 0.0, None, "NaN", "inf", "",
    " ", "X" * 32_000, "1,5", "é", True,
)
#: Labels: empty, huge, non-ASCII, with separators or line breaks inside.
SPECIAL_LABEL: tuple[str, ...] = (
    "", " ", "X" * 100_000, "ÄÖÜ-é", "a,b", "a\tb", "a\nb", "../x", "NaN", "nan", "0", "None",
    "\ufeffAUS", "AUS ", "aus",
)
#: Re-encodings of text members.
ENCODINGS: tuple[str, ...] = ("utf-16", "utf-16-le", "latin-1", "cp1252", "utf-8-sig", "utf-32")
#: Leaf values put into JSON documents.
SPECIAL_JSON: tuple[Any, ...] = (
    None, -1, 0, 1e308, "", "X" * 100_000, [], {}, "../outside", True, "NaN", 2**63, "2",
)

Step = tuple[int, int, float, float, int]


# ---- structured members ----------------------------------------------------------------------
@dataclass
class Grid:
    """A delimited text file as rows of cells (split on ``sep``, no quoting rules)."""

    rows: list[list[str]]
    sep: str
    eol: str = "\n"
    final_eol: bool = True
    encoding: str = "utf-8"

    @classmethod
    def parse(cls, data: bytes, sep: str) -> Grid:
        text = data.decode("utf-8")
        eol = "\r\n" if "\r\n" in text else "\n"
        lines = text.split(eol)
        final = bool(lines) and lines[-1] == ""
        if final:
            lines = lines[:-1]
        return loaded(cls([line.split(sep) for line in lines], sep, eol, final), data)

    def dump(self) -> bytes:
        text = self.eol.join(self.sep.join(r) for r in self.rows)
        if self.final_eol and self.rows:
            text += self.eol
        return text.encode(self.encoding, errors="replace")


@dataclass
class Book:
    """An Excel workbook as ``{sheet: rows of cell values}``."""

    sheets: dict[str, list[list[Any]]]

    @classmethod
    def load(cls, data: bytes) -> Book:
        import openpyxl

        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            return loaded(cls({ws.title: [list(r) for r in ws.iter_rows(values_only=True)]
                               for ws in wb.worksheets}), data)
        finally:
            wb.close()

    def dump(self) -> bytes:
        import openpyxl

        wb = openpyxl.Workbook(write_only=True)
        for name, rows in self.sheets.items():
            ws = wb.create_sheet(title=name[:31] or "Sheet")
            for r in rows:
                ws.append([_xlsx_cell(v) for v in r])
        out = io.BytesIO()
        wb.save(out)
        return out.getvalue()


def _xlsx_cell(v: Any) -> Any:
    if isinstance(v, float) and not math.isfinite(v):
        return str(v)  # openpyxl writes non-finite floats as text, like Excel's #NUM!
    if isinstance(v, str):  # characters that XML cannot hold
        return "".join(c for c in v if c in "\t\n\r" or ord(c) >= 32)
    return v


@dataclass
class Frame:
    """A Parquet file as a pyarrow table (schema metadata kept)."""

    table: Any

    @classmethod
    def load(cls, data: bytes) -> Frame:
        import pyarrow as pa
        import pyarrow.parquet as pq

        return loaded(cls(pq.read_table(pa.BufferReader(data))), data)

    def dump(self) -> bytes:
        import pyarrow.parquet as pq

        out = io.BytesIO()
        pq.write_table(self.table, out)
        return out.getvalue()


@dataclass
class Json:
    """A JSON document."""

    value: Any

    @classmethod
    def load(cls, data: bytes) -> Json:
        return loaded(cls(json.loads(data.decode("utf-8"))), data)

    def dump(self) -> bytes:
        return json.dumps(self.value, indent=1, ensure_ascii=False).encode("utf-8")


@dataclass
class RList:
    """An R data file: named objects, each a dict of arrays (an R list) or an array."""

    objects: dict[str, Any]
    compression: str | None = None

    def dump(self) -> bytes:
        import tempfile
        import warnings
        from pathlib import Path

        import rdata

        with tempfile.TemporaryDirectory() as d, warnings.catch_warnings():
            warnings.simplefilter("ignore")
            p = Path(d) / "x.RData"
            try:
                rdata.write_rda(p, self.objects, compression=self.compression)
            except Exception:  # noqa: BLE001 - an object rdata cannot write: write text
                return repr(self.objects).encode("utf-8", errors="replace")[:4096]
            return p.read_bytes()


Member = bytes | Grid | Book | Frame | Json | RList


#: The bytes each structured member was loaded from, given back while it is unchanged (so
#: that a sample's checksums and sizes stay right); keyed by ``id`` of the member.
ORIGINAL: dict[int, tuple[Any, bytes]] = {}


def loaded(member: Any, data: bytes) -> Any:
    """Remember that ``member`` was loaded from ``data`` (see :data:`ORIGINAL`)."""
    ORIGINAL[id(member)] = (member, data)
    return member


def dump(member: Member) -> bytes:
    """The bytes of a member: its original bytes while it is unchanged."""
    if isinstance(member, bytes):
        return member
    kept = ORIGINAL.get(id(member))
    if kept is not None and kept[0] is member:
        return kept[1]
    return member.dump()


# ---- the operations ----------------------------------------------------------------------------
@dataclass
class Ctx:
    """One step's numbers: ``a``, ``b`` in [0, 1) pick positions, ``c`` picks values."""

    a: float
    b: float
    c: int
    rng: random.Random = field(init=False)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.c)

    def pos(self, n: int, which: str = "a") -> int:
        """A position in range(n) (0 for n <= 0)."""
        f = self.a if which == "a" else self.b
        return min(int(f * n), n - 1) if n > 0 else 0

    def pick(self, seq: tuple[Any, ...] | list[Any]) -> Any:
        return seq[self.c % len(seq)]


def _b_truncate(d: bytes, x: Ctx) -> tuple[bytes, str]:
    k = x.pos(len(d) + 1)
    return d[:k], f"truncated at byte {k} of {len(d)}"


def _b_flip(d: bytes, x: Ctx) -> tuple[bytes, str]:
    if not d:
        return d, "flip bits (empty)"
    buf = bytearray(d)
    k = 1 + x.c % 8
    where = [x.pos(len(d))] + [x.rng.randrange(len(d)) for _ in range(k - 1)]
    for i in where:
        buf[i] ^= 1 << x.rng.randrange(8)
    return bytes(buf), f"flipped {k} bit(s) at bytes {sorted(where)[:8]}"


def _b_overwrite(d: bytes, x: Ctx) -> tuple[bytes, str]:
    i = x.pos(len(d) + 1)
    k = 1 + int(x.b * 64)
    junk = bytes(x.rng.randrange(256) for _ in range(k))
    return d[:i] + junk + d[i + k:], f"overwrote {k} byte(s) at {i} with random bytes"


def _b_insert(d: bytes, x: Ctx) -> tuple[bytes, str]:
    i = x.pos(len(d) + 1)
    k = 1 + int(x.b * 64)
    junk = bytes(x.rng.randrange(256) for _ in range(k))
    return d[:i] + junk + d[i:], f"inserted {k} random byte(s) at {i}"


def _b_delete(d: bytes, x: Ctx) -> tuple[bytes, str]:
    i = x.pos(len(d) + 1)
    k = 1 + int(x.b * max(1, len(d) // 8))
    return d[:i] + d[i + k:], f"deleted {k} byte(s) at {i}"


def _b_duplicate(d: bytes, x: Ctx) -> tuple[bytes, str]:
    i = x.pos(len(d) + 1)
    k = 1 + int(x.b * max(1, len(d) // 8))
    return d[:i + k] + d[i:i + k] + d[i + k:], f"duplicated {k} byte(s) at {i}"


def _b_empty(d: bytes, x: Ctx) -> tuple[bytes, str]:
    return b"", "emptied"


BYTE_OPS: dict[str, Callable[[bytes, Ctx], tuple[bytes, str]]] = {
    "truncate": _b_truncate, "flip-bits": _b_flip, "overwrite": _b_overwrite,
    "insert-bytes": _b_insert, "delete-bytes": _b_delete, "duplicate-bytes": _b_duplicate,
    "empty": _b_empty,
}


def _cols(rows: list[list[Any]]) -> int:
    return max((len(r) for r in rows), default=0)


def _g_truncate_rows(rows: list[list[Any]], x: Ctx) -> str:
    k = x.pos(len(rows) + 1)
    del rows[k:]
    return f"kept the first {k} rows"


def _g_cut_row(rows: list[list[Any]], x: Ctx) -> str:
    if not rows:
        return "cut a row (none)"
    i = x.pos(len(rows))
    j = x.pos(len(rows[i]) + 1, "b")
    del rows[i + 1:]
    del rows[i][j:]
    return f"truncated inside row {i} after cell {j}"


def _g_drop_col(rows: list[list[Any]], x: Ctx) -> str:
    j = x.pos(_cols(rows))
    for r in rows:
        if j < len(r):
            del r[j]
    return f"dropped column {j}"


def _g_swap_cols(rows: list[list[Any]], x: Ctx) -> str:
    n = _cols(rows)
    i, j = x.pos(n), x.pos(n, "b")
    for r in rows:
        if i < len(r) and j < len(r):
            r[i], r[j] = r[j], r[i]
    return f"swapped columns {i} and {j}"


def _g_dup_col(rows: list[list[Any]], x: Ctx) -> str:
    j = x.pos(_cols(rows))
    for r in rows:
        if j < len(r):
            r.insert(j + 1, r[j])
    return f"duplicated column {j}"


def _g_drop_row(rows: list[list[Any]], x: Ctx) -> str:
    if not rows:
        return "dropped a row (none)"
    i = x.pos(len(rows))
    del rows[i]
    return f"dropped row {i}"


def _g_dup_row(rows: list[list[Any]], x: Ctx) -> str:
    if not rows:
        return "duplicated a row (none)"
    i = x.pos(len(rows)) if x.c % 2 else min(x.pos(3), len(rows) - 1)  # often a header row
    rows.insert(i + 1, list(rows[i]))
    return f"duplicated row {i}"


def _g_swap_rows(rows: list[list[Any]], x: Ctx) -> str:
    if not rows:
        return "swapped rows (none)"
    i, j = x.pos(len(rows)), x.pos(len(rows), "b")
    rows[i], rows[j] = rows[j], rows[i]
    return f"swapped rows {i} and {j}"


def _g_ragged(rows: list[list[Any]], x: Ctx) -> str:
    if not rows:
        return "ragged (none)"
    i = x.pos(len(rows))
    if x.c % 2 and rows[i]:
        rows[i].pop()
        return f"removed the last cell of row {i}"
    rows[i].append(rows[i][-1] if rows[i] else "1")
    return f"added a cell to row {i}"


def _g_blank_row(rows: list[list[Any]], x: Ctx) -> str:
    i = x.pos(len(rows) + 1)
    rows.insert(i, [])
    return f"inserted a blank line at row {i}"


def _cell(rows: list[list[Any]], x: Ctx, label: bool) -> tuple[int, int] | None:
    if not rows or not _cols(rows):
        return None
    if label:  # a header cell (first rows) or an index cell (first columns)
        if x.c % 2:
            i = x.pos(min(3, len(rows)))
            j = x.pos(max(1, len(rows[i])), "b")
        else:
            i = x.pos(len(rows))
            j = x.pos(min(4, max(1, len(rows[i]))), "b")
    else:
        i = x.pos(len(rows))
        j = x.pos(max(1, len(rows[i])), "b")
    return (i, j) if j < len(rows[i]) else None


def _set_cell(rows: list[list[Any]], x: Ctx, values: tuple[Any, ...], label: bool) -> str:
    where = _cell(rows, x, label)
    if where is None:
        return "set a cell (none)"
    i, j = where
    v = x.pick(values)
    if label and x.c % 7 == 0 and len(rows[i]) > 1:  # a label repeated from its neighbour
        v = rows[i][j - 1] if j else rows[i][j + 1]
    rows[i][j] = v
    return f"cell ({i}, {j}) set to {_short(v)}"


def _short(v: Any) -> str:
    r = repr(v)
    return r if len(r) <= 24 else f"{r[:12]}...({len(str(v))} chars)"


def _grid_value(rows: list[list[Any]], x: Ctx) -> str:
    return _set_cell(rows, x, SPECIAL_TEXT, label=False)


def _grid_label(rows: list[list[Any]], x: Ctx) -> str:
    return _set_cell(rows, x, SPECIAL_LABEL, label=True)


def _book_value(rows: list[list[Any]], x: Ctx) -> str:
    return _set_cell(rows, x, SPECIAL_CELL, label=False)


def _book_label(rows: list[list[Any]], x: Ctx) -> str:
    return _set_cell(rows, x, SPECIAL_LABEL + SPECIAL_CELL[:5], label=True)


def _g_comma_decimals(rows: list[list[Any]], x: Ctx) -> str:
    j = x.pos(_cols(rows))
    for r in rows:
        if j < len(r) and isinstance(r[j], str) and "." in r[j]:
            r[j] = r[j].replace(".", ",")
    return f"decimal commas in column {j}"


ROW_OPS: dict[str, Callable[[list[list[Any]], Ctx], str]] = {
    "truncate-rows": _g_truncate_rows, "cut-inside-row": _g_cut_row,
    "drop-column": _g_drop_col, "swap-columns": _g_swap_cols, "duplicate-column": _g_dup_col,
    "drop-row": _g_drop_row, "duplicate-row": _g_dup_row, "swap-rows": _g_swap_rows,
    "ragged-row": _g_ragged, "blank-line": _g_blank_row,
}
GRID_OPS = {**ROW_OPS, "odd-value": _grid_value, "odd-label": _grid_label,
            "decimal-comma": _g_comma_decimals}
BOOK_OPS = {**ROW_OPS, "odd-value": _book_value, "odd-label": _book_label}


def _grid(m: Grid, op: str, x: Ctx) -> str:
    if op == "encoding":
        m.encoding = x.pick(ENCODINGS)
        if m.rows and m.rows[0]:
            m.rows[0][0] = m.rows[0][0] + "é"
        return f"re-encoded as {m.encoding} (a non-ASCII character added)"
    if op == "crlf":
        m.eol = "\r\n" if m.eol == "\n" else "\n"
        return f"line endings {m.eol!r}"
    return GRID_OPS[op](m.rows, x)


def _book(m: Book, op: str, x: Ctx) -> str:
    names = list(m.sheets)
    if not names:
        return "no sheets"
    name = names[x.c % len(names)]
    if op == "drop-sheet":
        del m.sheets[name]
        return f"dropped sheet {name!r}"
    if op == "rename-sheet":
        new = x.pick(("Sheet1", "X" * 31, "2014", name + " "))
        m.sheets = {(new if k == name else k): v for k, v in m.sheets.items()}
        return f"renamed sheet {name!r} to {new!r}"
    if op == "sheet-first":
        m.sheets = {"Sheet0": [["nothing here"]], **m.sheets}
        return "added an empty first sheet"
    return f"sheet {name!r}: " + BOOK_OPS[op](m.sheets[name], x)


def _frame(m: Frame, op: str, x: Ctx) -> str:
    import pyarrow as pa
    import pyarrow.compute as pc

    t = m.table
    names = t.column_names
    if not names:
        return "no columns"
    j = x.pos(len(names))
    if op == "drop-column":
        m.table = t.remove_column(j)
        return f"dropped column {names[j]!r}"
    if op == "swap-columns":
        k = x.pos(len(names), "b")
        order = list(range(len(names)))
        order[j], order[k] = order[k], order[j]
        m.table = t.select(order)
        return f"swapped columns {names[j]!r} and {names[k]!r}"
    if op == "rename-column":
        new = names[(j + 1) % len(names)] if x.c % 7 == 0 else x.pick(SPECIAL_LABEL)
        m.table = t.rename_columns([new if i == j else c for i, c in enumerate(names)])
        return f"renamed column {names[j]!r} to {_short(new)}"
    if op == "truncate-rows":
        k = x.pos(t.num_rows + 1, "b")
        m.table = t.slice(0, k)
        return f"kept the first {k} of {t.num_rows} rows"
    if op == "duplicate-row":
        if t.num_rows:
            i = x.pos(t.num_rows, "b")
            m.table = pa.concat_tables([t.slice(0, i + 1), t.slice(i)])
        return "duplicated a row"
    if op == "drop-metadata":
        m.table = t.replace_schema_metadata(None)
        return "dropped the schema metadata"
    if op == "as-text":
        col = t.column(j)
        m.table = t.set_column(j, names[j], pc.cast(col, pa.string()))
        return f"column {names[j]!r} stored as text"
    # odd-value: one cell of column j
    col = t.column(j).combine_chunks()
    if not len(col):
        return f"odd value in column {names[j]!r} (empty)"
    i = x.pos(len(col), "b")
    values = col.to_pylist()
    if pa.types.is_floating(col.type):
        values[i] = x.pick((math.nan, math.inf, -math.inf, 1e308, -1.0, 5e-324, None))
    elif pa.types.is_integer(col.type):
        values[i] = x.pick((-1, 2**31 - 1, -(2**31), None, 0))
    elif pa.types.is_string(col.type) or pa.types.is_large_string(col.type):
        values[i] = x.pick(SPECIAL_LABEL + (None,))
    else:
        values[i] = None
    try:
        new_col = pa.array(values, type=col.type)
    except (pa.ArrowException, OverflowError, ValueError):
        new_col = pa.array([None] * len(values), type=col.type)
    m.table = t.set_column(j, names[j], new_col)
    return f"column {names[j]!r} row {i} set to {_short(values[i])}"


def _json_paths(v: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(v, dict):
        for k, w in v.items():
            out += _json_paths(w, (*prefix, k))
    elif isinstance(v, list):
        for i, w in enumerate(v):
            out += _json_paths(w, (*prefix, i))
    return out


def _json(m: Json, op: str, x: Ctx) -> str:
    paths = _json_paths(m.value)
    path = paths[x.pos(len(paths))]
    if not path:
        if op == "wrong-type":
            m.value = x.pick(([], "text", 1, None))
            return f"document replaced by {m.value!r}"
        path = paths[-1] if len(paths) > 1 else ()
    if not path:
        return "empty document"
    parent = m.value
    for k in path[:-1]:
        parent = parent[k]
    key = path[-1]
    if op == "delete-key":
        del parent[key]
        return f"deleted {'/'.join(map(str, path))}"
    if op == "add-key" and isinstance(parent, dict):
        parent["unexpected_" + str(key)] = x.pick(SPECIAL_JSON)
        return f"added a key beside {'/'.join(map(str, path))}"
    v = x.pick(SPECIAL_JSON)
    parent[key] = copy.deepcopy(v)
    return f"{'/'.join(map(str, path))} set to {_short(v)}"


def _rlist(m: RList, op: str, x: Ctx) -> str:
    import numpy as np

    if op == "compression":
        m.compression = x.pick(("gzip", "bzip2", "xz", None))
        return f"compression {m.compression}"
    if op == "extra-object":
        m.objects["other"] = np.arange(3.0)
        return "added a second object"
    names = list(m.objects)
    obj = m.objects[names[0]]
    if not isinstance(obj, dict) or not obj:
        return "not a list"
    keys = list(obj)
    key = keys[x.pos(len(keys))]
    v = obj[key]
    if op == "drop-element":
        del obj[key]
        return f"dropped element {key!r}"
    if op == "swap-elements":
        other = keys[x.pos(len(keys), "b")]
        obj[key], obj[other] = obj[other], obj[key]
        return f"swapped elements {key!r} and {other!r}"
    arr = np.asarray(v)
    if op == "transpose" and arr.ndim == 2:
        obj[key] = np.ascontiguousarray(arr.T)
        return f"{key!r} transposed"
    if op == "shrink" and arr.ndim >= 1 and arr.shape[0] > 1:
        obj[key] = arr[:-1]
        return f"{key!r} lost its last row"
    if op == "as-text":
        obj[key] = arr.astype(str)
        return f"{key!r} stored as text"
    if arr.size == 0:
        return f"{key!r} is empty"
    flat = arr.ravel().copy()
    i = x.pos(flat.size, "b")
    if arr.dtype.kind in "fi":
        flat = flat.astype(np.float64)
        flat[i] = x.pick((np.nan, np.inf, -np.inf, -1.0, 1e308, 1e-12, 1e12))
    else:
        flat = flat.astype(object)
        flat[i] = x.pick(SPECIAL_LABEL[:9])
        flat = flat.astype(str)
    obj[key] = flat.reshape(arr.shape)
    return f"{key!r} element {i} set to {_short(flat[i])}"


STRUCT_OPS: dict[type, tuple[str, ...]] = {
    Grid: (*GRID_OPS, "encoding", "crlf"),
    Book: (*BOOK_OPS, "drop-sheet", "rename-sheet", "sheet-first"),
    Frame: ("drop-column", "swap-columns", "rename-column", "truncate-rows", "duplicate-row",
            "drop-metadata", "as-text", "odd-value", "odd-value"),
    Json: ("delete-key", "add-key", "odd-value", "odd-value", "wrong-type"),
    RList: ("drop-element", "swap-elements", "transpose", "shrink", "as-text", "odd-value",
            "odd-value", "odd-value", "compression", "extra-object"),
}
_APPLY: dict[type, Callable[[Any, str, Ctx], str]] = {
    Grid: _grid, Book: _book, Frame: _frame, Json: _json, RList: _rlist,
}
#: Operations on the set of members.
FILE_OPS: tuple[str, ...] = ("remove-member", "add-member", "rename-member")
#: Operations on the packed file (zip archive, workbook), after the members are written.
PACKED_OPS: tuple[str, ...] = ("truncate", "flip-bits", "overwrite", "delete-bytes")


def _kind(member: Member) -> str:
    return "bytes" if isinstance(member, bytes) else type(member).__name__.lower()


def mutate(files: dict[str, Member], plan: list[Step], *, packed: bool = False
           ) -> tuple[dict[str, bytes], list[tuple[str, str]], list[tuple[str, Ctx]]]:
    """Apply a plan to (a deep copy of) the members.

    Parameters
    ----------
    files : dict
        Relative path -> member.
    plan : list of (op, member, a, b, c)
        ``op`` and ``member`` are taken modulo the operations and members available.
    packed : bool
        Whether the sample is packed into one file (then steps may also damage that file,
        returned as the third element, to be applied by :func:`damage_packed`).

    Returns
    -------
    (dict, list, list)
        The members as bytes; ``(kind, description)`` of each step; packed-file steps.
    """
    work: dict[str, Member] = {}
    for k, v in files.items():
        work[k] = copy.deepcopy(v)
        kept = ORIGINAL.get(id(v))
        if kept is not None and kept[0] is v:
            loaded(work[k], kept[1])
    done: list[tuple[str, str]] = []
    later: list[tuple[str, Ctx]] = []
    for op_i, mem_i, a, b, c in plan:
        x = Ctx(a, b, c)
        names = sorted(work)
        if not names:
            done.append(("files:none", "no members left"))
            continue
        name = names[mem_i % len(names)]
        member = work[name]
        struct = STRUCT_OPS.get(type(member), ())
        segments = (struct, tuple(BYTE_OPS), FILE_OPS, PACKED_OPS if packed else ())
        k = op_i % sum(map(len, segments))
        part = 0
        while k >= len(segments[part]):
            k -= len(segments[part])
            part += 1
        op = segments[part][k]
        if part == 0:
            ORIGINAL.pop(id(member), None)
            what = _APPLY[type(member)](member, op, x)
            done.append((f"{_kind(member)}:{op}", f"{name}: {what}"))
        elif part == 1:
            data, what = BYTE_OPS[op](dump(member), x)
            work[name] = data
            done.append((f"bytes:{op}", f"{name}: {what}"))
        elif part == 2:
            done.append((f"files:{op}", _file_op(work, name, op, x)))
        else:
            later.append((op, x))
            done.append((f"packed:{op}", f"the packed file: {op}"))
    out = {k: dump(v) for k, v in work.items()}
    for v in work.values():
        ORIGINAL.pop(id(v), None)
    return out, done, later


def _file_op(work: dict[str, Member], name: str, op: str, x: Ctx) -> str:
    if op == "remove-member":
        del work[name]
        return f"removed {name}"
    if op == "add-member":
        new = name.rsplit("/", 1)[0] + "/unexpected.txt" if "/" in name else "unexpected.txt"
        work[new] = b"1\t2\n3\t4\n"
        return f"added {new}"
    new = name.upper() if x.c % 2 else name + ".bak"
    work[new] = work.pop(name)
    return f"renamed {name} to {new}"


def damage_packed(data: bytes, later: list[tuple[str, Ctx]]) -> bytes:
    """Apply the packed-file steps returned by :func:`mutate` to the packed file's bytes."""
    for op, x in later:
        data = BYTE_OPS[op](data, x)[0]
    return data


def step_for(files: dict[str, Member], member: str, op: str, a: float = 0.5, b: float = 0.5,
             c: int = 0, *, packed: bool = False) -> Step:
    """The plan step that applies operation ``op`` (``"grid:swap-columns"``, ``"bytes:truncate"``,
    ``"packed:truncate"``, ...) to ``member`` with the numbers ``a``, ``b``, ``c``.

    Raises
    ------
    ValueError
        ``op`` does not apply to that member (or to an unpacked sample).
    """
    names = sorted(files)
    struct = STRUCT_OPS.get(type(files[member]), ())
    kind, _, name = op.partition(":")
    offset = {"bytes": len(struct), "files": len(struct) + len(BYTE_OPS),
              "packed": len(struct) + len(BYTE_OPS) + len(FILE_OPS)}
    group = {"bytes": tuple(BYTE_OPS), "files": FILE_OPS, "packed": PACKED_OPS}
    if kind in group:
        if kind == "packed" and not packed or name not in group[kind]:
            raise ValueError(f"{op} does not apply here")
        index = offset[kind] + group[kind].index(name)
    elif kind == _kind(files[member]) and name in struct:
        index = struct.index(name)
    else:
        raise ValueError(f"{op} does not apply to {member} ({_kind(files[member])})")
    return (index, names.index(member), a, b, c)
