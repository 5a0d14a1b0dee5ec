"""OECD Inter-Country Input-Output tables (ICIO 2016, 2018, 2021 and 2023 releases), csv or zip.

Layout: one comma-separated square table per year (``ICIO2018_2010.csv``, in a zip as
downloaded or unpacked). The first column holds row labels, the first row column labels:

* intermediate rows and columns ``REG_SECTOR`` (``AUS_C01T05AGR`` in 2016, ``AUS_01T03`` from
  2018 on), including the split regions of China (``CN1``/``CN2``) and Mexico
  (``MX1``/``MX2``);
* final-demand columns ``CAT_REG`` in 2016 (``HFCE_AUS``) and ``REG_CAT`` from 2018
  (``AUS_HFCE``), plus 2016's statistical discrepancy ``DISC`` (one column for the world);
* value-added rows: ``VA+TAXSUB`` (2016), ``REG_TAXSUB`` and ``VALU`` (2018), ``TLS`` and
  ``VA`` (2021/2023); totals ``OUT``/``OUTPUT`` (row) and ``OUT``/``TOTAL`` (column).

What becomes what: intermediate block -> Z (streamed, sparse when it is), final-demand columns
-> Y (a column without a region, ``DISC``, goes to the producing region's own ``DISC``
category, so row totals are kept), value-added rows -> accounts of extension
``factor_inputs`` in USD million (their final-demand cells -> the account's final-demand
part), the output row -> published ``x``. The split regions are added into ``CHN`` and
``MEX`` by default (rows, columns and accounts), as pymrio does; ``aggregate_split=False``
keeps them as regions of their own. Employment from a TiVA / OECD long table can be joined with
``employment=PATH`` (see :func:`read_oecd_employment`).

Reference: OECD (2023). OECD Inter-Country Input-Output Database.
http://oe.cd/icio
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from ..errors import TableReadError, UnitError
from ..model import MRIO, Account, build_mrio, check_labels
from ..progress import Progress
from ..regions import to_iso3
from ..units import MonetaryUnit, parse_unit
from ._text import Source, read_matrix
from .base import FunctionReader, register

__all__ = ["read_oecd", "read_oecd_employment"]

_TOTAL_ROWS = {"OUT", "OUTPUT"}
_TOTAL_COLS = {"OUT", "TOTAL"}
_SPLIT = {"CN": "CHN", "MX": "MEX"}
_NAME = re.compile(r"ICIO[-_]?(?P<rel>\d{4})[-_](?P<year>\d{4})", re.I)
_YEAR = re.compile(r"(?<!\d)(19|20)\d\d(?!\d)")
_MULT = {"0": "", "3": "thousand", "6": "million", "9": "billion"}
_UNIT_CODES = {"PS": "persons", "PER": "persons", "PERS": "persons", "USD": "USD",
               "USD_EXC": "USD", "H": "hours", "HRS": "hours"}  # fmt: skip


def _member(src: Source, year: int | None) -> str:
    csvs = [n for n in src.names if n.lower().endswith(".csv")]
    if year is not None and len(csvs) > 1:
        csvs = [n for n in csvs if str(year) in n.rsplit("/", 1)[-1]]
    if len(csvs) != 1:
        raise TableReadError(
            src.path,
            f"expected one ICIO csv table{f' for {year}' if year else ''}, found "
            f"{len(csvs)} ({', '.join(csvs[:5])}); pass year=... to choose",
        )
    return csvs[0]


def _split_label(label: str) -> tuple[str, str] | None:
    head, sep, tail = label.partition("_")
    return (head, tail) if sep else None


def _aggregation(codes: Sequence[str], aggregate: bool) -> tuple[list[str], np.ndarray]:
    """Target region of each source region and the list of targets (first-seen order)."""
    target = [
        _SPLIT[c[:2]] if aggregate and re.fullmatch(r"(CN|MX)\d", c) else c for c in codes
    ]
    return list(dict.fromkeys(target)), np.array(target, dtype=object)


def read_oecd(
    path: str | Path,
    *,
    year: int | None = None,
    aggregate_split: bool = True,
    employment: str | Path | None = None,
    use_published_x: bool = False,
    warn: bool = True,
    progress: Progress | None = None,
) -> MRIO:
    """Read an OECD ICIO table (csv, or the zip as downloaded).

    Parameters
    ----------
    path : str or Path
        ``ICIO20XX_YYYY.csv`` or a zip holding it (several tables: choose with ``year``).
    year : int, optional
        Reference year (default: from the file name) and, for zips with several tables, which.
    aggregate_split : bool
        Add CN1/CN2 into CHN and MX1/MX2 into MEX (default, as pymrio); else keep them.
    employment : str or Path, optional
        A long table of employment (or other labour indicators) by country and industry to
        join as accounts (:func:`read_oecd_employment`).
    use_published_x : bool
        Use the output row for coefficients instead of ``Z·1 + Y·1``.
    warn : bool
        Emit validation warnings.
    progress : Progress, optional
        Called with the bytes read of the table (see :mod:`interlabor.progress`).

    Returns
    -------
    MRIO
        Z (n, n), Y (n, R*K) and x (n,) in USD million at basic prices; accounts
        ``factor_inputs/<row>`` for each value-added row (USD million), and the joined
        employment accounts.

    Raises
    ------
    TableReadError
        Not an ICIO table (no intermediate block, unknown final-demand column), truncated or
        missing file, several tables and no year.
    LabelMismatchError
        Intermediate rows and columns differ, or do not form a region x sector grid.
    UnitError
        A joined account without a unit, or with one that cannot be read.
    """
    p = Path(path)
    with Source(p) as src:
        member = _member(src, year)
        M = read_matrix(src, member, n_idx=1, n_head=1, sep=",", sparse=True,
                        index_names_line=False, empty_is_zero=True, progress=progress)
    where = M.where
    m = _NAME.search(member) or _NAME.search(p.name)
    release = m["rel"] if m else None
    if year is None:
        ym = (m and m["year"]) or (_YEAR.search(member.rsplit("/", 1)[-1]) or [None])[0]
        year = int(ym) if ym else None
    row_lab = [r[0].strip() for r in M.rows]
    col_lab = [c[0].strip() for c in M.cols]
    cols_set = set(col_lab)
    data_rows = [i for i, r in enumerate(row_lab) if r in cols_set and _split_label(r)]
    if not data_rows:
        raise TableReadError(
            where, "no intermediate block (rows REG_SECTOR also found as columns); expected an "
            "OECD ICIO table"
        )
    labels = [row_lab[i] for i in data_rows]
    col_pos = {c: j for j, c in enumerate(col_lab)}
    pairs = [_split_label(r) or (r, "") for r in labels]  # all split: see data_rows
    codes = list(dict.fromkeys(r for r, _ in pairs))  # type: ignore[misc]
    sectors = list(dict.fromkeys(s for _, s in pairs))  # type: ignore[misc]
    check_labels([(r, s) for r in codes for s in sectors], pairs, "intermediate rows", where)
    inter_cols = [col_pos[r] for r in labels]
    check_labels(labels, [col_lab[j] for j in sorted(inter_cols)], "intermediate columns", where)
    factor_rows = [
        i for i, r in enumerate(row_lab) if i not in set(data_rows) and r not in _TOTAL_ROWS
    ]
    total_row = next((i for i, r in enumerate(row_lab) if r in _TOTAL_ROWS), None)
    inter_set = set(inter_cols)
    code_set = set(codes)
    fd: list[tuple[int, str | None, str]] = []  # column, region (None: world), category
    for j, c in enumerate(col_lab):
        if j in inter_set or c in _TOTAL_COLS:
            continue
        sp_ = _split_label(c)
        if sp_ is None:
            fd.append((j, None, c))
        elif sp_[0] in code_set:
            fd.append((j, sp_[0], sp_[1]))
        elif sp_[1] in code_set:  # 2016: CAT_REG
            fd.append((j, sp_[1], sp_[0]))
        else:
            raise TableReadError(
                where, "column is neither REG_SECTOR nor a final-demand column of a region",
                column=c,
            )
    targets, target_of = _aggregation(codes, aggregate_split)
    categories = list(dict.fromkeys(k for _, _, k in fd))
    R, S, K = len(targets), len(sectors), len(categories)
    n_src = len(labels)
    # G: aggregation of source region-sectors (n_src) into target region-sectors (R*S)
    t_index = {t: i for i, t in enumerate(targets)}
    s_index = {s: i for i, s in enumerate(sectors)}
    g_rows = np.array([t_index[target_of[codes.index(r)]] * S + s_index[s] for r, s in pairs])
    G = sp.csr_array((np.ones(n_src), (g_rows, np.arange(n_src))), shape=(R * S, n_src))
    V = M.values
    Zs = V[data_rows][:, inter_cols]
    Z = (G @ Zs @ G.T).tocsr()
    # Y: (n_src, len(fd)) -> (n, R*K); a world column goes to the producing region's own column
    Yraw = V[data_rows][:, [j for j, _, _ in fd]].toarray()
    Y = np.zeros((R * S, R * K))
    Yagg = G @ Yraw
    for f, (_, reg, cat) in enumerate(fd):
        k = categories.index(cat)
        if reg is None:
            for r in range(R):
                Y[r * S : (r + 1) * S, r * K + k] += Yagg[r * S : (r + 1) * S, f]
        else:
            Y[:, t_index[target_of[codes.index(reg)]] * K + k] += Yagg[:, f]
    x_pub = None
    if total_row is not None:
        x_pub = G @ V[[total_row]][:, inter_cols].toarray().ravel()
    accounts = []
    F = V[factor_rows][:, inter_cols].toarray() @ G.T if factor_rows else np.zeros((0, R * S))
    for a, i in enumerate(factor_rows):
        fdv = np.zeros(R * K)
        raw = V[[i]][:, [j for j, _, _ in fd]].toarray().ravel()
        for f, (_, reg, cat) in enumerate(fd):
            if reg is not None:
                fdv[t_index[target_of[codes.index(reg)]] * K + categories.index(cat)] += raw[f]
            else:  # no region: cannot be placed, kept only when zero
                if raw[f] != 0:
                    raise TableReadError(where, "value-added entry in a world column",
                                         row=row_lab[i], column=col_lab[fd[f][0]])
        accounts.append(
            Account(
                row_lab[i], "USD million", F[a], fdv, extension="factor_inputs",
                description=f"OECD ICIO value-added row {row_lab[i]!r} (USD million)",
            )
        )
    if employment is not None:
        accounts += read_oecd_employment(employment, targets, sectors, year=year)
    notes = (
        "Values in current USD million at basic prices. "
        + ("CN1/CN2 added into CHN and MX1/MX2 into MEX. " if aggregate_split else
           "Split regions CN1/CN2, MX1/MX2 kept as regions of their own (no final demand). ")
        + ("A final-demand column without a region (DISC) is put in each producing region's own "
           "DISC category. " if any(r is None for _, r, _ in fd) else "")
    )
    return build_mrio(
        Z if Z.nnz < 0.5 * Z.shape[0] ** 2 or Z.shape[0] > 5000 else Z.toarray(),
        Y,
        regions=to_iso3(targets, "oecd"),
        source_regions=targets,
        sectors=sectors,
        categories=categories,
        accounts=accounts,
        money=MonetaryUnit("USD", 1e6, year, "basic prices"),
        year=year,
        meta={
            "title": f"OECD ICIO{f' {release} release' if release else ''}",
            "source": f"OECD Inter-Country Input-Output tables ({p.name})",
            "url": "http://oe.cd/icio",
            "version": release or "",
            "licence": "OECD terms and conditions",
            "notes": notes,
        },
        x_published=x_pub,
        use_published_x=use_published_x,
        balance_rtol=1e-3,
        balance_atol=1.0,
        origin=where,
        warn=warn,
    )


_COLS = {
    "country": ("cou", "ref_area", "country", "region"),
    "industry": ("ind", "activity", "industry", "sector"),
    "year": ("time", "time_period", "year"),
    "value": ("value", "obs_value"),
    "indicator": ("var", "measure", "indicator"),
    "unit": ("unit code", "unit_measure", "unit"),
    "mult": ("powercode code", "unit_mult"),
}


def read_oecd_employment(
    path: str | Path, regions: Sequence[str], sectors: Sequence[str], *, year: int | None
) -> list[Account]:
    """Read a long table of labour indicators (TiVA / OECD.Stat / SDMX csv) as accounts.

    Columns are found by name (case-insensitive): country (``COU``/``REF_AREA``), industry
    (``IND``/``ACTIVITY``; a leading ``D`` of TiVA codes is dropped when that matches the
    table's sectors), year (``TIME``/``TIME_PERIOD``), value (``Value``/``OBS_VALUE``),
    optionally indicator (``VAR``/``MEASURE``: one account each, e.g. ``EMPN``), unit
    (``Unit Code``/``UNIT_MEASURE``: ``PS`` persons, ``USD``, ...) and power
    (``PowerCode Code``/``UNIT_MULT``: 3 = thousands). Rows for other countries, industries
    (aggregates) or years are ignored; cells of the table without a row are 0.

    Parameters
    ----------
    path : str or Path
        The csv file.
    regions, sectors : sequence of str
        The table's region codes (as in the ICIO) and sector codes.
    year : int or None
        The year to take (required when the file has several).

    Returns
    -------
    list of Account
        Extension ``employment``, shape (R*S,) each.

    Raises
    ------
    TableReadError
        Missing columns, several years and no ``year``, a value that is not a number.
    UnitError
        An indicator without a unit column, or with a unit that cannot be read.
    """
    p = Path(path)
    with Source(p) as src:
        text = src.read_text(_member(src, None) if src.zip is not None else src.names[0])
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        raise TableReadError(p, "empty employment table")
    head = [h.strip().lower() for h in rows[0]]
    pos = {k: next((head.index(c) for c in cs if c in head), None) for k, cs in _COLS.items()}
    for key in ("country", "industry", "value"):
        if pos[key] is None:
            raise TableReadError(p, f"no {key} column; expected one of {_COLS[key]}")
    years = {r[pos["year"]] for r in rows[1:]} if pos["year"] is not None else set()
    if len(years) > 1 and year is None:
        raise TableReadError(p, f"several years {sorted(years)[:5]}; pass the table's year")
    r_idx = {r: i for i, r in enumerate(regions)}
    s_idx = {s: i for i, s in enumerate(sectors)}
    S = len(sectors)
    out: dict[str, np.ndarray] = {}
    units: dict[str, str] = {}
    jc, ji, jv = pos["country"], pos["industry"], pos["value"]
    assert jc is not None and ji is not None and jv is not None  # checked above
    for lineno, r in enumerate(rows[1:], start=2):
        if pos["year"] is not None and year is not None and r[pos["year"]] != str(year):
            continue
        reg, ind = r[jc].strip(), r[ji].strip()
        if ind not in s_idx and ind[:1] == "D" and ind[1:] in s_idx:
            ind = ind[1:]
        if reg not in r_idx or ind not in s_idx:
            continue
        name = r[pos["indicator"]].strip() if pos["indicator"] is not None else "employment"
        ju, jm = pos["unit"], pos["mult"]
        if ju is None:
            raise UnitError(f"indicator {name!r} has no unit column (expected 'Unit Code' or "
                            "'UNIT_MEASURE')", origin=str(p), labels=[name])
        code = r[ju].strip()
        power = r[jm].strip() if jm is not None else "0"
        mult = _MULT.get(power or "0")
        if mult is None:
            raise UnitError(f"line {lineno}, indicator {name!r}: power {power!r} not understood "
                            "(expected 0, 3, 6 or 9)", origin=str(p), labels=[name])
        base = _UNIT_CODES.get(code.upper(), code)
        unit = " ".join(x for x in ((base, mult) if base.isupper() else (mult, base)) if x)
        try:
            parse_unit(unit)
        except UnitError as exc:
            raise UnitError(f"line {lineno}, indicator {name!r}: unit {code!r} (power "
                            f"{mult!r}): {exc}", origin=str(p), labels=[name]) from None
        if units.setdefault(name, unit) != unit:
            raise UnitError(f"line {lineno}: indicator {name!r} in {unit!r} and "
                            f"{units[name]!r}", origin=str(p), labels=[name])
        try:
            v = float(r[jv] or 0)
        except ValueError:
            raise TableReadError(p, f"value {r[jv]!r} is not a number",
                                 row=lineno) from None
        out.setdefault(name, np.zeros(len(regions) * S))[r_idx[reg] * S + s_idx[ind]] += v
    if not out:
        raise TableReadError(p, f"no rows for the table's countries and industries"
                             f"{f' in {year}' if year else ''}")
    return [
        Account(k, units[k], v, extension="employment",
                description=f"OECD indicator {k!r} joined from {p.name}")
        for k, v in out.items()
    ]


def _looks_like_icio(path: Path) -> bool:
    if not path.is_file() or path.suffix.lower() not in {".csv", ".zip"}:
        return False
    if _NAME.search(path.name):
        return True
    if path.suffix.lower() == ".zip":
        import zipfile

        try:
            with zipfile.ZipFile(path) as zf:
                return any(_NAME.search(n) for n in zf.namelist())
        except (zipfile.BadZipFile, OSError):
            return False
    return False


def _can_read_oecd(path: Path) -> bool:
    """Whether ``path`` looks like the oecd layout (cheap check)."""
    return _looks_like_icio(path)


register(FunctionReader("oecd", _can_read_oecd, read_oecd))
