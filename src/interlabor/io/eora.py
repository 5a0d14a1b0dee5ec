"""Eora26 (189 countries and a rest of the world x 26 sectors), zip as downloaded or its folder.

Layout: an archive ``Eora26_YYYY_bp.zip`` (``pp`` for purchasers' prices) of headerless,
tab-separated matrices ``Eora26_YYYY_bp_T.txt`` (Z), ``_FD.txt`` (Y), ``_VA.txt`` (primary
inputs), ``_Q.txt`` and ``_QY.txt`` (satellite accounts of industries and of final demand),
with their labels in ``labels_T.txt`` (country name, code, ``Industries``, sector),
``labels_FD.txt``, ``labels_VA.txt`` and ``labels_Q.txt`` (stressor with its unit in
parentheses, compartment). The labels ship inside the archive or in a separate
``indices.zip`` beside it; both are read in place.

What becomes what: Z (streamed, sparse where it is), Y; each VA row is an account of extension
``VA`` named by its label (``Compensation of employees D.1`` is the labour account), in
USD thousand (Eora's "000 USD", current prices); each Q row an account of extension ``Q`` named
``stressor / compartment`` with the unit from the parentheses (``Gg`` is read as ``kt``), the
row of QY its final-demand part. The one-sector rest-of-the-world region ``ROW`` does not fit
the region x sector grid and is dropped, as pymrio does (its flows are reported in the notes).

Reference: Lenzen, M., Moran, D., Kanemoto, K. & Geschke, A. (2013). Building Eora: a global
multi-region input-output database at high country and sector resolution. *Economic Systems
Research* 25(1): 20-49. https://doi.org/10.1080/09535314.2013.769938
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp

from ..errors import TableReadError, UnitError
from ..model import MRIO, Account, build_mrio, check_labels
from ..progress import Progress
from ..regions import to_iso3
from ..units import MonetaryUnit, parse_unit
from ._text import Source, read_matrix
from .base import FunctionReader, register

__all__ = ["read_eora26"]

_NAME = re.compile(r"Eora26_(?P<year>\d{4})_(?P<price>bp|pp)", re.I)
_UNIT = re.compile(r"^(?P<name>.*?)\s*\((?P<unit>[^()]*)\)\s*$")
_UNIT_ALIASES = {"gg": "kt", "mm3": "million m3", "1000 ha": "thousand ha", "ktonnes": "kt"}
_ROW = "ROW"


def _labels(srcs: list[Source], name: str, fields: int) -> tuple[str, list[list[str]]]:
    """Where label file ``name`` is, and its rows (each of at least ``fields`` fields)."""
    for s in srcs:
        hit = [n for n in s.names if n.rsplit("/", 1)[-1] == name]
        if hit:
            where, text = s.where(hit[0]), s.read_text(hit[0], "label file")
            try:
                rows = [r for r in csv.reader(io.StringIO(text, newline=""), delimiter="\t")
                        if r]
            except csv.Error as exc:
                raise TableReadError(where, f"not a tab-separated label file ({exc})") from exc
            short = next((i for i, r in enumerate(rows) if len(r) < fields), None)
            if short is not None:
                raise TableReadError(where, f"label {short + 1} has {len(rows[short])} "
                                     f"field(s), expected {fields}", row=rows[short][0])
            return where, rows
    raise TableReadError(
        srcs[0].path, f"missing label file {name}; expected it in the archive, its folder or an "
        "indices.zip beside it"
    )


def _member(src: Source, year: str, price: str, key: str) -> str:
    want = f"Eora26_{year}_{price}_{key}.txt"
    hit = [n for n in src.names if n.rsplit("/", 1)[-1] == want]
    if not hit:
        raise TableReadError(src.where(want), f"missing member (Eora26 {key} table)")
    return hit[0]


def eora_unit(text: str) -> str:
    """Map an Eora satellite unit (from ``stressor (unit)``) to one interlabor reads.

    Raises
    ------
    UnitError
        If the unit is not understood.

    Examples
    --------
    >>> eora_unit("Gg"), eora_unit("kg")
    ('kt', 'kg')
    """
    raw = text.strip()
    unit = _UNIT_ALIASES.get(raw.lower(), raw)
    parse_unit(unit)
    return unit


def read_eora26(
    path: str | Path,
    *,
    year: int | None = None,
    price: str = "bp",
    satellites: bool = True,
    warn: bool = True,
    progress: Progress | None = None,
) -> MRIO:
    """Read an Eora26 archive (``Eora26_YYYY_bp.zip``) or a folder of its unpacked files.

    Parameters
    ----------
    path : str or Path
        The zip archive, or the folder holding the text files.
    year : int, optional
        Year (default: from the file names); needed for a folder holding several years.
    price : {"bp", "pp"}
        Basic or purchasers' prices, for a folder (a zip's name says which).
    satellites : bool
        Read the Q/QY satellite accounts (energy, emissions, ...) besides VA.
    warn : bool
        Emit validation warnings.
    progress : Progress, optional
        Called with the bytes read of T (see :mod:`interlabor.progress`).

    Returns
    -------
    MRIO
        Regions (Eora codes mapped to ISO3) x 26 sectors, without ``ROW``; money in USD
        thousand (current prices, ``bp``: basic, ``pp``: purchasers'); accounts ``VA/<row>``
        (USD thousand) and ``Q/<stressor> / <compartment>``.

    Raises
    ------
    TableReadError
        Missing archive, member or label file, truncated member, wrong number of rows.
    LabelMismatchError
        Labels of T and FD disagree or do not form a country x sector grid.
    UnitError
        A satellite row without ``(unit)`` or with a unit that cannot be read.
    """
    p = Path(path)
    with Source(p) as src:
        m = _NAME.search(p.name) or next(
            (m for n in src.names if (m := _NAME.search(n.rsplit("/", 1)[-1]))), None
        )
        if m is None and year is None:
            raise TableReadError(p, "no Eora26_YYYY_bp_*.txt member; expected an Eora26 table")
        yr = str(year) if year is not None else m["year"]  # type: ignore[index]
        if m is not None and p.suffix.lower() == ".zip":
            price = m["price"].lower()
        extra = [Source(p.parent / "indices.zip")] if (p.parent / "indices.zip").is_file() else []
        try:
            lab_srcs = [src, *extra] if src.zip is not None else [src]
            wt, lab_t = _labels(lab_srcs, "labels_T.txt", 4)
            wf, lab_fd = _labels(lab_srcs, "labels_FD.txt", 4)
            _, lab_va = _labels(lab_srcs, "labels_VA.txt", 1)
            lab_q = _labels(lab_srcs, "labels_Q.txt", 2)[1] if satellites else []
            read: dict[str, Any] = {}
            for key, sparse in (("T", True), ("FD", False), ("VA", False), ("Q", False),
                                ("QY", False)):
                if key in ("Q", "QY") and not satellites:
                    continue
                member = _member(src, yr, price, key)
                read[key] = read_matrix(src, member, n_idx=0, n_head=0, sparse=sparse,
                                        index_names_line=False,
                                        progress=progress if key == "T" else None)
        finally:
            for e in extra:
                e.close()
    T, FD = read["T"], read["FD"]
    for key, shape in (("T", (len(lab_t), len(lab_t))), ("FD", (len(lab_t), len(lab_fd))),
                       ("VA", (len(lab_va), len(lab_t))), ("Q", (len(lab_q), len(lab_t))),
                       ("QY", (len(lab_q), len(lab_fd)))):
        if key in read and read[key].values.shape != shape:
            raise TableReadError(read[key].where, f"shape {read[key].values.shape}, expected "
                                 f"{shape} from the label files; the member may be truncated")
    keep = [i for i, r in enumerate(lab_t) if r[1] != _ROW]
    keep_fd = [j for j, r in enumerate(lab_fd) if r[1] != _ROW]
    rows = [(lab_t[i][1], lab_t[i][3]) for i in keep]
    codes = list(dict.fromkeys(r for r, _ in rows))
    sectors = list(dict.fromkeys(s for _, s in rows))
    check_labels([(r, s) for r in codes for s in sectors], rows, "rows (country, sector)", wt)
    cats = list(dict.fromkeys(lab_fd[j][3] for j in keep_fd))
    check_labels([(r, c) for r in codes for c in cats],
               [(lab_fd[j][1], lab_fd[j][3]) for j in keep_fd], "final-demand columns", wf)
    Tv = sp.csr_array(T.values)
    lost = Tv.sum() - Tv[keep][:, keep].sum() + FD.values.sum() - FD.values[keep][:, keep_fd].sum()
    Z = Tv[keep][:, keep]
    Y = FD.values[np.ix_(keep, keep_fd)]
    accounts = []
    VA = read["VA"].values[:, keep]
    for i, lab in enumerate(lab_va):
        accounts.append(Account(lab[-1], "USD thousand", VA[i], extension="VA",
                                description=f"Eora26 primary input {' / '.join(lab)!r}"))
    if satellites:
        Q, QY = read["Q"].values[:, keep], read["QY"].values[:, keep_fd]
        wq = read["Q"].where
        for i, lab in enumerate(lab_q):
            mu = _UNIT.match(lab[0])
            name = " / ".join([mu["name"] if mu else lab[0], *lab[1:2]])
            if mu is None:
                raise UnitError(f"satellite row {lab[0]!r} has no unit in parentheses",
                                origin=wq, labels=[lab[0]])
            try:
                unit = eora_unit(mu["unit"])
            except UnitError as exc:
                raise UnitError(f"satellite row {lab[0]!r}: {exc} (satellites=False skips Q)",
                                origin=wq, labels=[lab[0]]) from None
            accounts.append(Account(name, unit, Q[i], QY[i], extension="Q",
                                    description=f"Eora26 satellite {lab[0]!r} ({lab[1]})"))
    n = len(rows)
    return build_mrio(
        Z if Z.nnz < 0.5 * n * n and n > 2000 else Z.toarray(),
        Y,
        regions=to_iso3(codes, "eora26"),
        source_regions=codes,
        sectors=sectors,
        categories=cats,
        accounts=accounts,
        money=MonetaryUnit("USD", 1e3, int(yr),
                           "basic prices" if price == "bp" else "purchasers' prices"),
        year=int(yr),
        meta={
            "title": "Eora26",
            "source": f"Eora26 {yr} {price} ({p.name})",
            "doi": "10.1080/09535314.2013.769938",
            "url": "https://worldmrio.com",
            "licence": "Eora licence (free for academic use, registration required)",
            "notes": f"Values in USD thousand (Eora's 000 USD), current prices. The one-sector "
            f"rest of the world (ROW) is dropped, as in pymrio: {lost:.6g} of T and FD lost.",
        },
        origin=str(p),
        warn=warn,
    )


def _can_read_eora26(path: Path) -> bool:
    """Whether ``path`` looks like the eora26 layout (cheap check)."""
    if path.is_file():
        return bool(_NAME.search(path.name)) and path.suffix.lower() == ".zip"
    return path.is_dir() and any(_NAME.search(f.name) for f in path.glob("Eora26_*_T.txt"))


register(FunctionReader("eora26", _can_read_eora26, read_eora26))
