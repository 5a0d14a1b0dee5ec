"""Shared helpers of the source readers: archives read in place, matrices read in batches.

A :class:`Source` is either a folder or a zip archive (members are streamed with
:mod:`zipfile`, never extracted to disk). :func:`read_matrix` reads one delimited text member
with ``n_idx`` label columns and ``n_head`` header rows in pyarrow record batches; each batch is
turned into numpy and, when ``sparse=True``, only its non-zeros are kept, so a 9,800 x 9,800
table never exists as one dense frame.
"""

from __future__ import annotations

import csv
import io
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import numpy as np
import scipy.sparse as sp

from ..errors import TableReadError
from ..progress import Progress, notify

__all__ = ["Matrix", "Source", "locate_parse_error", "read_matrix"]

_BLOCK = 1 << 22  # 4 MB of text per batch


class Source:
    """A folder, a zip archive or a single file whose files ("members") are opened in place.

    Parameters
    ----------
    path : Path
        Folder, ``.zip`` file, or another file (then its only member is itself).

    Raises
    ------
    TableReadError
        A zip archive that is truncated or not a zip file.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.zip: zipfile.ZipFile | None = None
        self._base = self.path
        if self.path.is_file() and not (
            self.path.suffix.lower() == ".zip" or zipfile.is_zipfile(self.path)
        ):  # a single plain file: its one member is itself
            self._base = self.path.parent
            self._names = [self.path.name]
        elif self.path.is_file():
            try:
                self.zip = zipfile.ZipFile(self.path)
            except (zipfile.BadZipFile, OSError) as exc:
                raise TableReadError(
                    self.path, f"not a readable zip archive ({exc}); the file may be truncated"
                ) from exc
            self._names = [n for n in self.zip.namelist() if not n.endswith("/")]
        elif self.path.is_dir():
            self._names = sorted(
                p.relative_to(self.path).as_posix() for p in self.path.rglob("*") if p.is_file()
            )
        else:
            raise TableReadError(self.path, "no such file or folder")

    def close(self) -> None:
        """Close the archive (no-op for a folder)."""
        if self.zip is not None:
            self.zip.close()

    def __enter__(self) -> Source:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def names(self) -> list[str]:
        """Member names (posix paths relative to the folder or archive root)."""
        return list(self._names)

    def has(self, name: str) -> bool:
        """Whether member ``name`` exists."""
        return name in self._names

    def where(self, name: str) -> str:
        """``archive.zip:member`` or ``folder/member``, for messages."""
        return f"{self.path}:{name}" if self.zip is not None else str(self._base / name)

    def size(self, name: str) -> int:
        """Uncompressed size of a member in bytes."""
        if self.zip is not None:
            return self.zip.getinfo(name).file_size
        return (self._base / name).stat().st_size

    @contextmanager
    def open(self, name: str, what: str = "member") -> Iterator[IO[bytes]]:
        """Open member ``name`` for binary reading.

        Raises
        ------
        TableReadError
            Missing member, or a corrupt (CRC, deflate stream) or truncated member, or text
            that is not UTF-8, while it is read in the block.
        """
        if not self.has(name):
            raise TableReadError(
                self.where(name), f"missing {what}; expected it in {self.path}"
            )
        try:
            if self.zip is not None:
                with self.zip.open(name) as fh:
                    yield fh
            else:
                with (self._base / name).open("rb") as fh:
                    yield fh
        except (zipfile.BadZipFile, EOFError, zipfile.LargeZipFile, zlib.error, OSError) as exc:
            raise TableReadError(
                self.where(name), f"corrupt or truncated member ({type(exc).__name__}: {exc})"
            ) from exc
        except UnicodeDecodeError as exc:
            raise TableReadError(
                self.where(name), f"not UTF-8 text ({exc}); expected a UTF-8 (or ASCII) file"
            ) from exc

    def read_text(self, name: str, what: str = "member") -> str:
        """Whole member as UTF-8 text (for small files: parameters, metadata, units)."""
        with self.open(name, what) as fh:
            return fh.read().decode("utf-8-sig", errors="replace")


@dataclass(frozen=True)
class Matrix:
    """One labelled matrix read from a text member.

    Attributes
    ----------
    where : str
        ``archive:member`` for messages.
    values : ndarray or scipy.sparse.csr_array, shape (rows, cols)
    rows, cols : list of tuple of str
        Row labels (one entry per label column) and column labels (one per header row).
    """

    where: str
    values: Any
    rows: list[tuple[str, ...]]
    cols: list[tuple[str, ...]]

    def dense(self) -> np.ndarray:
        """Values as a dense float64 array."""
        v = self.values
        return v.toarray() if sp.issparse(v) else np.asarray(v)


class _Counting(io.RawIOBase):
    """Wrap a binary stream, reporting bytes read to ``report``."""

    def __init__(self, raw: IO[bytes], report: Callable[[int], None]) -> None:
        self.raw, self.report = raw, report

    def readable(self) -> bool:
        return True

    def readinto(self, b: Any) -> int:
        data = self.raw.read(len(b))
        n = len(data)
        b[:n] = data
        self.report(n)
        return n


def _byte_counter(progress: Progress | None, total: int, name: str) -> Callable[[int], None]:
    """A function fed with byte counts that reports the bytes read so far to ``progress``."""
    if progress is None:
        return lambda _n: None
    done = [0]
    task = f"read {name}"

    def tick(n: int) -> None:
        done[0] += n
        notify(progress, task, f"reading {name}", done=done[0], total=total, unit="B")

    return tick


def _header(src: Source, member: str, sep: str, n_lines: int) -> list[list[str]]:
    with src.open(member) as fh:
        text = io.TextIOWrapper(fh, encoding="utf-8-sig", newline="")
        reader = csv.reader(text, delimiter=sep)
        lines = []
        for _ in range(n_lines):
            line = next(reader, None)
            if line is None:
                break
            lines.append(line)
    return lines


def locate_parse_error(
    src: Source, member: str, sep: str, skip: int, n_idx: int, n_fields: int, exc: Exception
) -> None:
    """Find the line behind a pyarrow parse error and raise a TableReadError naming it."""
    where = src.where(member)
    with src.open(member) as fh:
        text = io.TextIOWrapper(fh, encoding="utf-8-sig", errors="replace", newline="")
        for lineno, fields in enumerate(csv.reader(text, delimiter=sep), start=1):
            if lineno <= skip:
                continue
            label = "/".join(fields[:n_idx])
            if len(fields) != n_fields:
                raise TableReadError(
                    where,
                    f"line {lineno} has {len(fields)} fields, expected {n_fields}; the member "
                    "may be truncated or in another layout",
                    row=label,
                ) from exc
            for j, v in enumerate(fields[n_idx:], start=n_idx):
                try:
                    float(v or "nan")
                except ValueError:
                    raise TableReadError(
                        where, f"value {v!r} on line {lineno} is not a number", row=label,
                        column=j + 1,
                    ) from exc
    raise TableReadError(where, f"cannot parse ({str(exc).splitlines()[0][:300]})") from exc


def read_matrix(
    src: Source,
    member: str,
    *,
    n_idx: int,
    n_head: int,
    sep: str = "\t",
    sparse: bool = False,
    index_names_line: bool | None = None,
    header_lines: int | None = None,
    empty_is_zero: bool = False,
    progress: Progress | None = None,
) -> Matrix:
    """Read a delimited text member with label columns and header rows, in batches.

    Parameters
    ----------
    src : Source
    member : str
        Member name.
    n_idx : int
        Number of label columns on the left.
    n_head : int
        Number of header rows holding column labels (pymrio's ``nr_header``).
    sep : str
        Field separator.
    sparse : bool
        Keep only non-zeros of each batch; ``values`` is a CSR array.
    index_names_line : bool, optional
        Whether a line of index names (e.g. ``region  sector`` and nothing else) follows the
        header rows; detected when None.
    header_lines : int, optional
        Total lines to skip before the data (default: ``n_head`` plus the index-names line).
    empty_is_zero : bool
        Read empty fields as 0 (OECD's ICIO leaves zero cells empty); else as NaN, which
        validation reports.
    progress : Progress, optional
        Called with the bytes read so far (unit ``"B"``, total the member's uncompressed
        size), about once per megabyte.

    Returns
    -------
    Matrix
        Values of shape (data rows, fields - n_idx) in float64.

    Raises
    ------
    TableReadError
        Missing member, fewer header rows than expected, a row of the wrong length (truncated
        member) or a value that is not a number, naming the member and the row label.
    """
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pacsv

    where = src.where(member)
    head = _header(src, member, sep, n_head + 1)
    if len(head) < max(n_head, 1):
        raise TableReadError(where, f"expected {n_head} header row(s) and data; the member is "
                             "empty")
    n_fields = len(head[0])
    if n_fields <= n_idx:
        raise TableReadError(
            where, f"header has {n_fields} field(s), expected more than {n_idx} label column(s)"
        )
    cols = list(zip(*(ln[n_idx:] for ln in head[:n_head]), strict=False))
    skip = n_head
    if header_lines is not None:
        skip = header_lines
    elif index_names_line or (
        index_names_line is None and len(head) > n_head and not any(head[n_head][n_idx:])
    ):
        skip = n_head + 1
    types = {f"f{i}": (pa.string() if i < n_idx else pa.float64()) for i in range(n_fields)}
    rows: list[tuple[str, ...]] = []
    dense_blocks: list[np.ndarray] = []
    ri: list[np.ndarray] = []
    ci: list[np.ndarray] = []
    vi: list[np.ndarray] = []
    n_rows = 0
    try:
        tick = _byte_counter(progress, src.size(member), member.rsplit("/", 1)[-1])
        with src.open(member) as fh:
            stream = io.BufferedReader(_Counting(fh, tick), 1 << 20)
            reader = pacsv.open_csv(
                stream,
                read_options=pacsv.ReadOptions(
                    skip_rows=skip, column_names=list(types), block_size=_BLOCK
                ),
                parse_options=pacsv.ParseOptions(delimiter=sep, quote_char='"'),
                convert_options=pacsv.ConvertOptions(
                    column_types=types, strings_can_be_null=False, null_values=[""]
                ),
            )
            for batch in reader:
                labels = [batch.column(i).to_pylist() for i in range(n_idx)]
                rows += list(zip(*labels, strict=True)) if n_idx else [()] * batch.num_rows
                block = np.empty((batch.num_rows, n_fields - n_idx))
                for j in range(n_idx, n_fields):
                    col = batch.column(j)
                    if empty_is_zero and col.null_count:
                        col = pc.fill_null(col, 0.0)
                    block[:, j - n_idx] = col.to_numpy(zero_copy_only=False)
                if sparse:  # CSR pieces: non-zeros per row, column indices, values
                    r, c = np.nonzero(block)  # row-major order
                    ri.append(np.bincount(r, minlength=batch.num_rows))
                    ci.append(c.astype(np.int32))
                    vi.append(block[r, c])
                    del r, c
                else:
                    dense_blocks.append(block)
                n_rows += batch.num_rows
    except (pa.ArrowInvalid, pa.ArrowTypeError) as exc:
        locate_parse_error(src, member, sep, skip, n_idx, n_fields, exc)
    shape = (n_rows, n_fields - n_idx)
    if sparse:
        indptr = np.zeros(n_rows + 1, dtype=np.int64)
        if ri:
            np.cumsum(np.concatenate(ri), out=indptr[1:])
        data = np.concatenate(vi) if vi else np.empty(0)
        vi.clear()
        indices = np.concatenate(ci) if ci else np.empty(0, np.int32)
        ci.clear()
        values: Any = sp.csr_array((data, indices, indptr), shape=shape)
    else:
        values = np.vstack(dense_blocks) if dense_blocks else np.empty(shape)
    return Matrix(where, values, [tuple(str(v) for v in r) for r in rows], [tuple(c) for c in cols])
