"""Route a file to its reader by extension and content, and say when it is damaged.

Readers recognise their files by name (``wiot_2011.RData``, ``IOT_2019_ixi.zip``, ...). A
file whose name no reader recognises is routed here by what it is: R data (``.RData``,
``.rda``, or a gzip/bzip2/xz/``RDX`` header) to the one R data reader (``wiod2013``); an
Excel workbook (``.xlsx``) by its sheet names (``WIOT_2009`` -> ``wiod2013-xlsx``, ``National
IO-tables`` -> ``wiod2016-niot``, a year such as ``2014`` -> ``wiod2016``). When nothing fits,
:func:`diagnose` says why, and damage is reported as damage: a truncated or byte-flipped
container (R data, zip, xlsx, xlsb) names the file and the cause ("compressed data ended
before the end-of-stream marker", "no end-of-central-directory record", a failed CRC), never
"no reader recognises this file". Only the standard library is used; every check reads at
most the container's own structure, except :func:`damage` on a zip (which checks every
member's CRC, and is called only after a read failed).
"""

from __future__ import annotations

import bz2
import gzip
import lzma
import re
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

__all__ = ["content_kind", "damage", "diagnose", "route"]

R_EXTENSIONS = frozenset({".rdata", ".rda", ".rds"})
EXCEL_EXTENSIONS = frozenset({".xlsx", ".xlsb", ".xlsm"})
TEXT_EXTENSIONS = frozenset({".csv", ".txt", ".tsv"})

_R_HEADERS = (b"RDX2\n", b"RDX3\n", b"RDA2\n", b"RDA3\n", b"RDB2\n", b"RDB3\n")
_COMPRESSED = {b"\x1f\x8b": "gzip", b"BZh": "bzip2", b"\xfd7zXZ\x00": "xz"}
_ZIP = (b"PK\x03\x04", b"PK\x05\x06")


def _head(path: Path, n: int = 8) -> bytes:
    with open(path, "rb") as f:
        return f.read(n)


def _compression(head: bytes) -> str | None:
    return next((name for m, name in _COMPRESSED.items() if head.startswith(m)), None)


def _decompressed_head(head: bytes, kind: str) -> bytes:
    """The first bytes of a compressed stream's content (b"" when they do not decompress)."""
    try:
        if kind == "gzip":
            return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 16)
        if kind == "bzip2":
            return bz2.BZ2Decompressor().decompress(head)[:16]
        return lzma.LZMADecompressor().decompress(head, 16)
    except (zlib.error, OSError, lzma.LZMAError, EOFError, ValueError):
        return b""


def content_kind(path: str | Path) -> str:
    """What a file is by its first bytes.

    Returns
    -------
    str
        ``"empty"``; ``"rdata"`` (an R save header, plain or at the start of a gzip, bzip2
        or xz stream); ``"compressed"`` (another gzip, bzip2 or xz stream, or one whose start
        does not decompress); ``"zip"`` (zip archives, and so ``.xlsx``/``.xlsb``
        workbooks); ``"text"`` (no NUL byte in the first 64 kB); else ``"binary"``.
    """
    p = Path(path)
    with open(p, "rb") as f:
        head = f.read(65536)
    if not head:
        return "empty"
    if head.startswith(_R_HEADERS):
        return "rdata"
    comp = _compression(head)
    if comp is not None:
        return "rdata" if _decompressed_head(head, comp).startswith(_R_HEADERS) else "compressed"
    if head.startswith(_ZIP):
        return "zip"
    if b"\x00" not in head:
        return "text"
    return "binary"


def _sheet_names(path: Path) -> list[str] | None:
    """Sheet names of an .xlsx workbook from ``xl/workbook.xml``; None when not readable."""
    try:
        with zipfile.ZipFile(path) as zf:
            xml = zf.read("xl/workbook.xml").decode("utf-8", "replace")
    except (zipfile.BadZipFile, KeyError, OSError, zlib.error, EOFError, ValueError):
        return None
    return re.findall(r"<(?:\w+:)?sheet\b[^>]*\bname=\"([^\"]*)\"", xml)


def route(path: str | Path) -> str | None:
    """The reader for a file whose name no reader recognises, from its extension and content.

    Parameters
    ----------
    path : str or Path
        An existing file.

    Returns
    -------
    str or None
        ``wiod2013`` for R data (by extension or header; a damaged file too, so that the
        reader reports the damage), ``wiod2013-xlsx``, ``wiod2016-niot`` or ``wiod2016`` for
        an Excel workbook with their sheet names; None otherwise (then :func:`diagnose`).
    """
    p = Path(path)
    try:
        if not p.is_file():
            return None
        kind = content_kind(p)
    except OSError:
        return None
    if p.suffix.lower() in R_EXTENSIONS or kind == "rdata":
        return "wiod2013"
    if kind == "zip" and p.suffix.lower() in EXCEL_EXTENSIONS | {""}:
        sheets = _sheet_names(p) or []
        if any(re.fullmatch(r"WIOT_?\d{4}", s, re.I) for s in sheets):
            return "wiod2013-xlsx"
        if any(s.strip().lower() == "national io-tables" for s in sheets):
            return "wiod2016-niot"
        if sheets and re.fullmatch(r"(19|20)\d\d", sheets[0].strip()):
            return "wiod2016"
    return None


def _stream_damage(path: Path, kind: str) -> str | None:
    """Why a gzip/bzip2/xz stream does not decompress to its end; None when it does."""
    openers: dict[str, Callable[..., Any]] = {"gzip": gzip.open, "bzip2": bz2.open,
                                              "xz": lzma.open}
    try:
        with openers[kind](path, "rb") as f:
            while f.read(1 << 22):
                pass
    except EOFError as exc:
        text = str(exc).rstrip(".") or "the stream ended early"
        return f"{kind} stream: {text[0].lower()}{text[1:]}"
    except (OSError, lzma.LZMAError, zlib.error, ValueError) as exc:
        text = str(exc).rstrip(".") or type(exc).__name__
        return f"{kind} stream: {text[0].lower()}{text[1:]}"
    return None


def _zip_damage(path: Path) -> str | None:
    """Why a zip container does not open or a member fails its CRC; None when it is whole."""
    try:
        with zipfile.ZipFile(path) as zf:
            bad = zf.testzip()
    except zipfile.BadZipFile as exc:
        why = str(exc)
        if why == "File is not a zip file":
            why = "no end-of-central-directory record, the end of the archive is missing"
        return f"zip container: {why}"
    except (OSError, EOFError, zlib.error, NotImplementedError, ValueError) as exc:
        return f"zip container: {type(exc).__name__}: {exc}"
    if bad is not None:
        return f"zip container: member {bad!r} fails its CRC check"
    return None


def _what(path: Path) -> str:
    ext = path.suffix.lower()
    if ext in R_EXTENSIONS:
        return "R data file"
    if ext in EXCEL_EXTENSIONS:
        return "Excel workbook"
    if ext == ".zip":
        return "zip archive"
    if ext in TEXT_EXTENSIONS:
        return "text (CSV) file"
    return "file"


def damage(path: str | Path) -> str | None:
    """Why a file's container is damaged (truncated, byte-flipped), or None when it is whole.

    Checks what the extension promises against what the content is, then the container
    itself: an R data stream decompresses to its end; a zip (``.zip``, ``.xlsx``, ``.xlsb``)
    opens and every member passes its CRC check; a text file (``.csv``, ``.txt``) has no NUL
    bytes.

    Returns
    -------
    str or None
        E.g. ``"damaged R data file: bzip2 stream: compressed file ended before the
        end-of-stream marker was reached; the file is truncated or corrupt: download it
        again"``.
    """
    p = Path(path)
    if not p.is_file():
        return None
    kind = content_kind(p)
    ext = p.suffix.lower()
    what = _what(p)
    again = "; the file is truncated or corrupt: download it again"
    if kind == "empty":
        return f"the {what} is empty (0 bytes){again}"
    why: str | None = None
    if kind in ("rdata", "compressed"):
        comp = _compression(_head(p))
        why = _stream_damage(p, comp) if comp is not None else None
    elif ext in R_EXTENSIONS:
        why = (f"it starts with {_head(p)!r}, not with a gzip, bzip2 or xz header nor an R "
               "save header (RDX2/RDX3)")
    elif kind == "zip":
        why = _zip_damage(p)
    elif ext in EXCEL_EXTENSIONS | {".zip"}:
        why = f"not a zip container: it starts with {_head(p)!r}, not with 'PK'"
    elif ext in TEXT_EXTENSIONS and kind != "text":
        why = "NUL bytes in its first 64 kB: not text"
    return None if why is None else f"damaged {what}: {why}{again}"


def diagnose(path: str | Path, formats: list[str]) -> str:
    """Why no reader recognises ``path``: damage first, else what it is and what was expected.

    Parameters
    ----------
    path : str or Path
        The file or folder.
    formats : list of str
        The reader names, for the message.

    Returns
    -------
    str
        The message of the :class:`~interlabor.errors.TableReadError` to raise.
    """
    p = Path(path)
    expected = f"expected one of the formats {', '.join(formats)} (pass --format to choose)"
    if not p.is_file():
        return f"no reader recognises this folder; {expected}"
    broken = damage(p)
    if broken is not None:
        return broken
    kind = content_kind(p)
    if kind == "zip":
        sheets = _sheet_names(p)
        if sheets is not None:
            return (f"an Excel workbook (sheets {', '.join(sheets[:5])}) that no reader "
                    "recognises by name or sheet; expected a WIOD 2013 table wiotYY_row_sep12.xlsx "
                    "(--format wiod2013-xlsx), a WIOD 2016 world table WIOTyyyy_Nov16_ROW.xlsx "
                    "(--format wiod2016) or a national table ISO_NIOT_nov16.xlsx (--format "
                    "wiod2016-niot)")
        with zipfile.ZipFile(p) as zf:
            names = zf.namelist()
        more = f" and {len(names) - 5} more" if len(names) > 5 else ""
        return (f"a zip archive (members {', '.join(names[:5])}{more}) that no reader "
                f"recognises; {expected}")
    if kind == "text":
        return ("a text file that no reader recognises by name; expected an OECD ICIO table "
                "ICIO20yy_YYYY.csv (--format oecd), or a folder of text tables (pymrio, "
                "EXIOBASE, Eora26: pass the folder)")
    return f"no reader recognises this {kind} file; {expected}"
