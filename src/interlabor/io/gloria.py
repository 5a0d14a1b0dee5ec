"""GLORIA (Global Resource Input-Output Assessment, release 059), read as published.

Layout: a folder holding ``GLORIA_MRIOs_59_YYYY`` and ``GLORIA_SatelliteAccounts_059_YYYY``
(each a zip as downloaded, or its folder) and ``GLORIA_ReadMe_059.xlsx``. The result files are
headerless comma-separated matrices; the labels are in the ReadMe (sheets ``Regions``,
``Sectors``, ``Value added and final demand``, ``Satellites``):

=====================================================  =====================================
``..._T-Results_YYYY_059_Markup001(full).csv``         T, (R·2·S) x (R·2·S): per region an
                                                       industry block then a product block
``..._Y-Results_..._Markup001(full).csv``              Y, (R·2·S) x (R·F)
``..._V-Results_..._Markup001(full).csv``              value added, (R·V) x (R·2·S)
``..._TQ-Results_...`` / ``..._YQ-Results_...``        satellites, Q x (R·2·S) / Q x (R·F)
=====================================================  =====================================

Markup 001 is basic prices (005 purchasers' prices, ``markup="005"``). Values are in thousand
US dollars (``'000 US$``).

**T is a supply-use table; interlabor converts it to a product-by-product input-output table**
with the industry-technology assumption (Eurostat Manual of Supply, Use and Input-Output Tables,
2008, ch. 11, model B)::

    V = T[industry rows, product columns]    (supply, industry x product)
    U = T[product rows, industry columns]    (use, product x industry)
    g = V·1,  D = diag(g)⁻¹ V                (market shares, industry x product)
    Z = U D,   Y = Y[product rows],   F = F_industry D   (value added and satellites)

In GLORIA every industry supplies only its own product (V is diagonal, ``D = I``), so the
conversion is exact: Z is U with industries relabelled by their products, and F is unchanged.
A non-diagonal V is converted all the same (and said so in the notes). Regions whose rows and
columns of T are all zero are dropped, as pymrio does. Each value-added category is one account
of extension ``VA`` (summed over the rows of the regions, which hold only their own region's
value added), ``Compensation of employees D.1`` being the labour account; each satellite row an
account of extension ``Q`` named ``head indicator / indicator``.

Reference: Lenzen, M. et al. (2022). Implementing the material footprint to measure progress
towards SDGs 8 and 12. *Nature Sustainability* 5: 157-166.
https://doi.org/10.1038/s41893-021-00811-6
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp

from ..errors import TableReadError, UnitError
from ..model import MRIO, Account, build_mrio
from ..progress import Progress
from ..units import MonetaryUnit, parse_unit
from ._text import Source, read_matrix
from .base import FunctionReader, register

__all__ = ["gloria_unit", "read_gloria"]

_UNITS = {"kilotonnes": "kt", "tonnes": "tonnes", "kt": "kt", "tj": "TJ", "hectares": "ha",
          "1000 hectares": "thousand ha", "1000 persons": "thousand persons",
          "persons": "persons", "1000 hours": "thousand hours", "hours": "hours",
          "mm3": "million m3", "million m3": "million m3", "m3": "m3", "kg": "kg",
          "‘000 us$": "USD thousand", "'000 us$": "USD thousand"}  # fmt: skip
_YEAR = re.compile(r"(?<!\d)(19|20)\d\d(?!\d)")


def gloria_unit(text: str) -> str:
    """Map a GLORIA satellite unit (ReadMe column ``Sat_unit``) to one interlabor reads.

    Raises
    ------
    UnitError
        If the unit is empty or not understood.

    Examples
    --------
    >>> gloria_unit("kilotonnes")
    'kt'
    """
    raw = str(text or "").strip()
    unit = _UNITS.get(raw.lower(), raw)
    parse_unit(unit)
    return unit


def _readme(path: Path) -> dict[str, dict[str, list[Any]]]:
    """Sheets of the ReadMe as {sheet: {column header: values}}."""
    try:
        import openpyxl
    except ModuleNotFoundError as exc:  # pragma: no cover - depends on the environment
        raise TableReadError(path, "reading the GLORIA ReadMe needs 'openpyxl': "
                             "pip install 'interlabor[wiod]'") from exc
    with path.open("rb") as fh:  # opened here: openpyxl leaves a file it fails on open
        try:
            wb = openpyxl.load_workbook(fh, read_only=True, data_only=True)
        except Exception as exc:  # zipfile/openpyxl raise many types for corrupt input
            raise TableReadError(path, f"cannot open as an Excel workbook ({exc})") from exc
        try:
            out = {}
            for ws in wb.worksheets:
                rows = [r for r in ws.iter_rows(values_only=True)
                        if any(v is not None for v in r)]
                if rows:
                    head = [str(h).strip() if h is not None else "" for h in rows[0]]
                    out[ws.title] = {h: [r[j] if j < len(r) else None for r in rows[1:]]
                                     for j, h in enumerate(head) if h}
            return out
        except Exception as exc:  # a damaged sheet fails while it is read
            raise TableReadError(path, f"cannot read the workbook ({type(exc).__name__}: "
                                 f"{exc})") from exc
        finally:
            wb.close()


def _column(sheets: dict[str, dict[str, list[Any]]], sheet: str, col: str, path: Path) -> list:
    try:
        return [v for v in sheets[sheet][col] if v is not None]
    except KeyError:
        raise TableReadError(path, f"no column {col!r} in sheet {sheet!r}; expected the GLORIA "
                             "ReadMe layout") from None


def _find(folder: Path, pattern: str, what: str) -> Path:
    hits = sorted(p for p in folder.iterdir() if re.fullmatch(pattern, p.name, re.I))
    if not hits:
        raise TableReadError(folder, f"no {what} (expected a name matching {pattern})")
    zips = [h for h in hits if h.suffix.lower() == ".zip"]
    return zips[0] if zips else hits[0]


def _member(src: Source, kind: str, year: int, markup: str) -> str:
    want = f"_{kind}-Results_{year}_059_Markup{markup}(full).csv"
    hits = [n for n in src.names if n.endswith(want)]
    if not hits:
        raise TableReadError(src.where(f"*{want}"), f"missing member (GLORIA {kind} results)")
    return hits[0]


def read_gloria(
    path: str | Path,
    *,
    year: int | None = None,
    markup: str = "001",
    satellites: bool = True,
    warn: bool = True,
    progress: Progress | None = None,
) -> MRIO:
    """Read GLORIA (release 059) and convert its supply-use table to an input-output table.

    Parameters
    ----------
    path : str or Path
        The folder holding the MRIO and satellite archives (or folders) and the ReadMe, or the
        ``GLORIA_MRIOs_59_YYYY.zip`` archive itself (the others beside it).
    year : int, optional
        Year (default: from the archive name).
    markup : {"001", "005"}
        Basic prices (001) or purchasers' prices (005) for T and Y.
    satellites : bool
        Read the satellite accounts (TQ, YQ).
    warn : bool
        Emit validation warnings.
    progress : Progress, optional
        Called with the bytes read of T (see :mod:`interlabor.progress`).

    Returns
    -------
    MRIO
        Regions x products (``S`` = 120), Z (n, n) sparse where it is, Y (n, R·F), in USD
        thousand; accounts ``VA/<category>`` (USD thousand) and ``Q/<head> / <indicator>``.

    Raises
    ------
    TableReadError
        Missing archive, member, ReadMe or ReadMe sheet; shapes that do not fit the ReadMe's
        labels (truncated member or another release).
    UnitError
        A satellite with no unit or one that cannot be read (naming the indicator).
    """
    p = Path(path)
    folder = p.parent if p.is_file() else p
    mrio_path = p if p.is_file() else _find(
        folder, r"GLORIA_MRIOs_0?59_\d{4}(\.zip)?", "MRIO archive"
    )
    if year is None:
        m = _YEAR.search(mrio_path.name)
        if m is None:
            raise TableReadError(mrio_path, "no year in the name; pass year=...")
        year = int(m.group(0))
    readme = _find(folder, r"GLORIA_ReadMe_0?59a?\.xlsx", "GLORIA ReadMe")
    sheets = _readme(readme)
    regions = [str(v) for v in _column(sheets, "Regions", "Region_acronyms", readme)]
    sectors = [str(v) for v in _column(sheets, "Sectors", "Sector_names", readme)]
    va_fd = "Value added and final demand"
    va_cats = [str(v) for v in _column(sheets, va_fd, "Value_added_names", readme)]
    fd_cats = [str(v) for v in _column(sheets, va_fd, "Final_demand_names", readme)]
    R, S, K, NV = len(regions), len(sectors), len(fd_cats), len(va_cats)
    with Source(mrio_path) as src:
        kw: dict[str, Any] = dict(n_idx=0, n_head=0, sep=",", index_names_line=False)
        T = read_matrix(src, _member(src, "T", year, markup), sparse=True, progress=progress,
                        **kw)
        Yr = read_matrix(src, _member(src, "Y", year, markup), **kw)
        V = read_matrix(src, _member(src, "V", year, "001"), sparse=True, **kw)
    sat = None
    if satellites:
        sat_path = _find(folder, rf"GLORIA_SatelliteAccounts_0?59_{year}(\.zip)?",
                         "satellite archive")
        with Source(sat_path) as ssrc:
            sat = (read_matrix(ssrc, _member(ssrc, "TQ", year, "001"), **kw),
                   read_matrix(ssrc, _member(ssrc, "YQ", year, "001"), **kw))
        heads = _column(sheets, "Satellites", "Sat_head_indicator", readme)
        inds = _column(sheets, "Satellites", "Sat_indicator", readme)
        units = sheets["Satellites"].get("Sat_unit", [None] * len(inds))
    N = R * 2 * S
    for mat, shape in ((T, (N, N)), (Yr, (N, R * K)), (V, (R * NV, N)),
                       *(((sat[0], (len(inds), N)), (sat[1], (len(inds), R * K))) if sat else ())):
        if mat.values.shape != shape:
            raise TableReadError(mat.where, f"shape {mat.values.shape}, expected {shape} from "
                                 f"the ReadMe ({R} regions, {S} sectors, {K} final-demand and "
                                 f"{NV} value-added categories); truncated or another release")
    for mat in (T, V):  # the blocks not used below must not hide damaged cells either
        data = sp.csr_array(mat.values).data
        if not np.isfinite(data).all():
            raise TableReadError(mat.where, f"{int((~np.isfinite(data)).sum())} value(s) that "
                                 "are NaN or infinite; expected finite numbers")
    Tv = sp.csr_array(T.values)
    # positions in T: region r, block b (0 industry, 1 product), sector s
    pos = np.arange(N).reshape(R, 2, S)
    empty = [r for r in range(R) if not Tv[pos[r].ravel()].nnz and not Tv[:, pos[r].ravel()].nnz]
    keep = [r for r in range(R) if r not in empty]
    ind = pos[keep, 0].ravel()
    prod = pos[keep, 1].ravel()
    Vsup = Tv[ind][:, prod]  # industry x product
    U = Tv[prod][:, ind]  # product x industry
    g = np.asarray(Vsup.sum(axis=1)).ravel()
    ginv = np.divide(1.0, g, out=np.zeros_like(g), where=g != 0)
    D = sp.diags_array(ginv) @ Vsup  # market shares
    off = Vsup - sp.diags_array(Vsup.diagonal())
    diagonal = not sp.csr_array(off).count_nonzero()
    Z = (U @ D).tocsr()
    fd_keep = [r * K + k for r in keep for k in range(K)]
    Y = Yr.dense()[np.ix_(prod, np.array(fd_keep, dtype=np.intp))]
    VA = V.values[:, ind] @ D  # (R*NV) x n
    accounts = []
    for c, cat in enumerate(va_cats):
        rows = [r * NV + c for r in range(R)]
        vals = np.asarray(VA[rows].sum(axis=0)).ravel()
        accounts.append(Account(cat, "USD thousand", vals, extension="VA",
                                description=f"GLORIA value added {cat!r}, converted to products"))
    if sat is not None:
        Q = sat[0].dense()[:, ind] @ D
        QY = sat[1].dense()[:, fd_keep]
        for i, (head, name, unit) in enumerate(zip(heads, inds, units, strict=False)):
            label = f"{str(head).strip()} / {str(name).strip().strip(chr(39))}"
            try:
                u = gloria_unit(unit)
            except UnitError as exc:
                raise UnitError(f"satellite {label!r}: {exc} (satellites=False skips them)",
                                origin=str(readme), labels=[label]) from None
            accounts.append(Account(label, u, np.asarray(Q[i]).ravel(), QY[i], extension="Q",
                                    description=f"GLORIA satellite {label!r} ({unit})"))
    kept = [regions[r] for r in keep]
    n = len(prod)
    return build_mrio(
        Z if (n > 2000 and Z.nnz < 0.5 * n * n) else Z.toarray(),
        Y,
        regions=kept,
        sectors=sectors,
        categories=fd_cats,
        accounts=accounts,
        money=MonetaryUnit("USD", 1e3, year,
                           "basic prices" if markup == "001" else "purchasers' prices"),
        year=year,
        meta={
            "title": "GLORIA (release 059), product by product",
            "source": f"GLORIA MRIO {year}, markup {markup} ({mrio_path.name})",
            "doi": "10.1038/s41893-021-00811-6",
            "url": "https://ielab.info/labs/ielab-gloria",
            "version": "059",
            "licence": "GLORIA terms of use (free for research, with citation)",
            "notes": "Values in USD thousand. Supply-use table converted to product-by-product "
            "IO with the industry-technology assumption: Z = U·diag(V·1)⁻¹·V; "
            + ("the supply table is diagonal, so the conversion is exact. " if diagonal else
               "the supply table is NOT diagonal here: products are mixes of industries. ")
            + (f"Empty regions dropped: {', '.join(regions[r] for r in empty)}." if empty else ""),
        },
        origin=str(mrio_path),
        warn=warn,
    )


def _can_read_gloria(path: Path) -> bool:
    """Whether ``path`` looks like the gloria layout (cheap check)."""
    if path.is_file():
        return bool(re.fullmatch(r"GLORIA_MRIOs_0?59_\d{4}\.zip", path.name, re.I))
    return path.is_dir() and any(
        re.fullmatch(r"GLORIA_MRIOs_0?59_\d{4}(\.zip)?", c.name, re.I) for c in path.iterdir()
    )


register(FunctionReader("gloria", _can_read_gloria, read_gloria))
