"""EXIOBASE 3 (ixi and pxp), read from the zip archive as downloaded or from its folder.

Layout (EXIOBASE 3.4-3.9, written by pymrio): an archive ``IOT_YYYY_ixi.zip`` (or ``pxp``) with
one folder holding ``file_parameters.json`` (``systemtype: IOSystem``; per table its file and
the number of label columns / header rows), ``A.txt`` (coefficients), ``Y.txt``, ``x.txt``
(when present), ``Z.txt`` (3.8 and later), ``unit.txt`` (money unit per row, ``M.EUR``) and
``metadata.json``; each extension (``satellite/`` and ``impacts/``, in 3.9 also
``employment/``, ``factor_inputs/``, ...) sits in a subfolder with its own
``file_parameters.json`` (``systemtype: Extension``), ``F.txt``, ``F_Y.txt`` (``F_hh.txt`` in
older releases), ``S.txt``, ``S_Y.txt`` and ``unit.txt``. All tables are tab-separated text.
Members are streamed from the archive; the square matrix is read in batches keeping only its
non-zeros.

What becomes what:

* ``Z`` is read when the archive has it, else rebuilt as ``Z = A·diag(x)`` with ``x`` from
  ``x.txt`` (or ``x`` solving ``(I - A)·x = Y·1`` when there is none, as in pymrio's mocks);
* every row of an extension's ``F`` (else ``S·diag(x)``) is an account, ``extension`` = the
  folder name, unit mapped from EXIOBASE's spelling (``M.EUR``, ``1000 p.``, ``M.hr``, ``kg``,
  ``TJ``, ``km2``, ``Mm3``, ...); the row of ``F_Y``/``F_hh`` is its final-demand part. The
  labour rows are there: ``Employment: <skill> <gender>`` (1000 persons), ``Employment hours:
  <skill> <gender>`` (million hours), ``Compensation of employees; ...: <skill>`` (EUR million);
* three labour totals are added as extension ``labour``: ``persons``, ``hours`` and
  ``compensation`` (the ``...: Total`` row where published, else the sum of the breakdown);
* regions: the source codes are EXIOBASE's ISO2 codes (``AT``, ``GB``, ..., rest-of-world
  ``WA``, ``WE``, ``WF``, ``WL``, ``WM``; the ISO3 codes of 3.4's ixi files are renamed to ISO2
  as pymrio does); canonical codes are ISO3, the rest-of-world regions stay as they are.

Reference: Stadler, K. et al. (2018). EXIOBASE 3: Developing a Time Series of Detailed
Environmentally Extended Multi-Regional Input-Output Tables. *Journal of Industrial Ecology*
22(3): 502-515. https://doi.org/10.1111/jiec.12715
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp

from ..errors import TableReadError, UnitError
from ..model import MRIO, Account, build_mrio, check_labels
from ..progress import Progress
from ..regions import EXIOBASE_ISO2, to_iso3
from ..units import MonetaryUnit, parse_unit
from ._text import Matrix, Source, read_matrix
from .base import FunctionReader, register
from .pymrio_folder import pymrio_unit

__all__ = ["exiobase_unit", "read_exiobase3"]

PARAMS = "file_parameters.json"

# EXIOBASE 3.4 ixi files (and pymrio's mock) use ISO3 and WWA..WWM: renamed to ISO2 (and
# ROM to RO) as pymrio's parse_exiobase3 does, so source codes are the same in every release.
_OLD_CODES = {v: k for k, v in EXIOBASE_ISO2.items()} | {
    "ROM": "RO", **{f"WW{c}": f"W{c}" for c in "AEFLM"}
}
_UNIT_ALIASES = {"mm3": "million m3", "gj": "GJ", "tonnes": "tonnes", "ha": "ha"}
_YEAR = re.compile(r"(?<!\d)(19|20)\d\d(?!\d)")
_LABOUR = {
    # total account -> (pattern of its rows, description)
    "persons": (re.compile(r"^employment( people)?: ", re.I), "persons employed"),
    "hours": (re.compile(r"^employment hours: ", re.I), "hours worked"),
    "compensation": (
        re.compile(r"^compensation of employees.*: ", re.I),
        "compensation of employees (wages, salaries, employers' social contributions)",
    ),
}


def exiobase_unit(text: str) -> str:
    """Map a unit as EXIOBASE writes it to one :func:`~interlabor.units.parse_unit` reads.

    Parameters
    ----------
    text : str
        E.g. ``"M.EUR"``, ``"1000 p."``, ``"M.hr"``, ``"kg"``, ``"Mm3"``, ``"TJ"``.

    Returns
    -------
    str

    Raises
    ------
    UnitError
        If the unit is empty or not understood.

    Examples
    --------
    >>> exiobase_unit("1000 p."), exiobase_unit("M.hr"), exiobase_unit("Mm3")
    ('1000 persons', 'million hours', 'million m3')
    """
    raw = str(text).strip()
    alias = _UNIT_ALIASES.get(raw.lower())
    if alias is not None and raw != alias:
        return alias
    return pymrio_unit(raw)


def _find_root(src: Source) -> str:
    """Folder (``""`` or ``"name/"``) of the IOSystem's file_parameters.json inside ``src``."""
    roots = []
    for name in src.names:
        if name.rsplit("/", 1)[-1] != PARAMS:
            continue
        try:
            kind = json.loads(src.read_text(name)).get("systemtype")
        except (ValueError, AttributeError):
            continue
        if kind == "IOSystem":
            roots.append(name[: -len(PARAMS)])
    if not roots:
        raise TableReadError(
            src.path,
            f"no {PARAMS} with systemtype 'IOSystem'; expected an EXIOBASE 3 archive "
            "(IOT_YYYY_ixi.zip / IOT_YYYY_pxp.zip) or its folder",
        )
    if len(roots) > 1:
        raise TableReadError(src.path, f"several EXIOBASE systems in one archive: {roots}")
    return roots[0]


def _params(src: Source, member: str) -> dict[str, Any]:
    try:
        params = json.loads(src.read_text(member, "parameter file"))
    except ValueError as exc:
        raise TableReadError(src.where(member), f"not valid JSON ({exc})") from exc
    if not isinstance(params, dict) or not isinstance(params.get("files"), dict):
        raise TableReadError(src.where(member), "expected an object with 'files'")
    return params


def _entry(params: dict[str, Any], folder: str, key: str, where: str) -> tuple[str, int, int]:
    info = params["files"][key]
    try:
        return folder + info["name"], int(info.get("nr_index_col", 1)), int(
            info.get("nr_header", 1)
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise TableReadError(where, f"bad entry for {key!r}: {info!r}") from exc


def _table(
    src: Source, params: dict[str, Any], folder: str, key: str, **kw: Any
) -> Matrix | None:
    if key not in params["files"]:
        return None
    member, n_idx, n_head = _entry(params, folder, key, src.where(folder + PARAMS))
    return read_matrix(src, member, n_idx=n_idx, n_head=n_head, **kw)


def _units(
    src: Source, params: dict[str, Any], folder: str, what: str
) -> tuple[str, list[tuple[str, ...]], list[str]]:
    """Read a unit member: (where, row labels, unit of each row)."""
    if "unit" not in params["files"]:
        raise TableReadError(src.where(folder + PARAMS), f"{what} lists no unit file")
    member, n_idx, _ = _entry(params, folder, "unit", src.where(folder + PARAMS))
    lines = [ln.split("\t") for ln in src.read_text(member, "unit file").splitlines() if ln]
    if not lines or len(lines[0]) < 2:
        raise TableReadError(src.where(member), "expected a header, label column(s), the unit")
    # pymrio's EXIOBASE 3 mock declares 2 label columns for a unit file that has one
    n_idx = min(n_idx, len(lines[0]) - 1)
    labels, units = [], []
    for i, ln in enumerate(lines[1:], start=2):
        if len(ln) < n_idx + 1 or not ln[n_idx].strip():
            raise TableReadError(
                src.where(member), f"line {i} has no unit", row="/".join(ln[:n_idx])
            )
        labels.append(tuple(ln[:n_idx]))
        units.append(ln[n_idx].strip())
    return src.where(member), labels, units


def _labour_totals(accounts: Sequence[Account]) -> list[Account]:
    out = []
    for name, (pattern, what) in _LABOUR.items():
        rows = [a for a in accounts if pattern.match(a.name)]
        totals = [a for a in rows if a.name.rstrip().lower().endswith(": total")]
        rows = totals[:1] or rows
        if not rows:
            continue
        units = {a.unit for a in rows}
        if len(units) != 1:
            raise UnitError(
                f"rows of {what} have different units {sorted(units)}; expected one",
                labels=[a.key for a in rows],
            )
        fds = [a.final_demand for a in rows if a.final_demand is not None]
        out.append(
            Account(
                name,
                rows[0].unit,
                np.sum([a.values for a in rows], axis=0),
                np.sum(fds, axis=0) if len(fds) == len(rows) else None,
                extension="labour",
                description=f"EXIOBASE {what}: "
                + ("the published total row" if totals else f"sum of {len(rows)} rows")
                + f" of {rows[0].extension} ({', '.join(a.name for a in rows[:3])}"
                + (", ..." if len(rows) > 3 else "")
                + ")",
            )
        )
    return out


def _extension(
    src: Source,
    folder: str,
    rows: list[tuple[str, str]],
    fd_cols: list[tuple[str, str]],
    x: np.ndarray,
    y_total: np.ndarray,
    keep: str,
) -> list[Account]:
    params = _params(src, folder + PARAMS)
    name = folder.rstrip("/").rsplit("/", 1)[-1]
    title = str(params.get("name") or name)
    F = _table(src, params, folder, "F")
    if F is None:
        S = _table(src, params, folder, "S")
        if S is None:
            raise TableReadError(src.where(folder + PARAMS), f"extension {name!r} has no F or S")
        F = Matrix(S.where, S.dense() * x[None, :], S.rows, S.cols)
    check_labels(rows, [c[:2] for c in F.cols], f"columns of F of extension {name!r}", F.where)
    FY = next(
        (t for k in ("F_Y", "F_hh") if (t := _table(src, params, folder, k)) is not None), None
    )
    if FY is None and (SY := _table(src, params, folder, "S_Y")) is not None:
        FY = Matrix(SY.where, SY.dense() * y_total[None, :], SY.rows, SY.cols)
    if FY is not None:
        check_labels(F.rows, FY.rows, f"rows of F_Y of extension {name!r}", FY.where)
        check_labels(fd_cols, [c[:2] for c in FY.cols], f"columns of F_Y of {name!r}", FY.where)
    uwhere, ulabels, units = _units(src, params, folder, f"extension {name!r}")
    check_labels(F.rows, ulabels, "rows of the unit file", uwhere)
    values, fdv = F.dense(), FY.dense() if FY is not None else None
    accounts = []
    for i, (label, raw) in enumerate(zip(F.rows, units, strict=True)):
        row = " / ".join(label)
        if keep == "labour" and not any(p.match(row) for p, _ in _LABOUR.values()):
            continue
        try:
            unit = exiobase_unit(raw)
        except UnitError as exc:
            raise UnitError(
                f"row {row!r}: {exc} (pass extensions=[...] or accounts='labour' to skip it)",
                origin=uwhere,
                labels=[row],
            ) from None
        accounts.append(
            Account(
                row,
                unit,
                values[i],
                fdv[i] if fdv is not None else None,
                extension=name,
                description=f"EXIOBASE extension {title!r}, row {row!r} (unit as published: "
                f"{raw!r})",
            )
        )
    return accounts


def _money(src: Source, params: dict[str, Any], root: str, year: int | None) -> MonetaryUnit:
    if "unit" not in params["files"]:
        return MonetaryUnit("EUR", 1e6, year)
    where, labels, units = _units(src, params, root, "the core system")
    distinct = list(dict.fromkeys(units))
    if len(distinct) != 1:
        raise UnitError(f"rows have different money units {distinct}; expected one", origin=where)
    try:
        parsed = parse_unit(exiobase_unit(distinct[0]))
    except UnitError as exc:
        raise UnitError(f"row {labels[0]!r}: {exc}", origin=where, labels=labels[:1]) from None
    if not parsed.monetary:
        raise UnitError(f"unit {distinct[0]!r} of Z is not a currency", origin=where)
    return MonetaryUnit(parsed.base, parsed.scale, year)


def read_exiobase3(
    path: str | Path,
    *,
    year: int | None = None,
    extensions: Sequence[str] | None = None,
    accounts: str = "all",
    sparse: bool | None = None,
    use_published_x: bool = False,
    warn: bool = True,
    progress: Progress | None = None,
) -> MRIO:
    """Read an EXIOBASE 3 archive (``IOT_YYYY_ixi.zip``/``pxp``) or its extracted folder.

    Parameters
    ----------
    path : str or Path
        The zip archive as downloaded, or the folder holding ``file_parameters.json``.
    year : int, optional
        Reference year (default: from ``metadata.json`` or the file name).
    extensions : sequence of str, optional
        Extension folders to read (e.g. ``["satellite"]``); default all.
    accounts : {"all", "labour"}
        Every row of the extensions, or only employment, hours and compensation rows.
    sparse : bool, optional
        Keep Z sparse; by default when it has fewer than half non-zeros and over 2,000 rows.
    use_published_x : bool
        Use ``x.txt`` for coefficients instead of ``Z·1 + Y·1``.
    warn : bool
        Emit validation warnings.
    progress : Progress, optional
        Called with the bytes read of the square matrix (see :mod:`interlabor.progress`).

    Returns
    -------
    MRIO
        ``Z`` (n, n), ``Y`` (n, R*K), ``x`` (n,) in the core unit (EUR million in the
        releases, ``Mill USD`` in pymrio's mock); one account per extension row plus
        ``labour/persons``, ``labour/hours``, ``labour/compensation`` where the rows exist.

    Raises
    ------
    TableReadError
        Not a zip/folder, truncated archive, missing member, malformed table (naming member
        and row), no IOSystem parameters.
    LabelMismatchError
        Labels of A/Z, Y, x, F, F_Y or unit rows differ (naming member and label).
    UnitError
        An account with no unit, or one that cannot be converted (naming member and row).
    """
    if accounts not in {"all", "labour"}:
        raise ValueError(f"accounts must be 'all' or 'labour', got {accounts!r}")
    p = Path(path)
    if p.name == PARAMS:
        p = p.parent
    with Source(p) as src:
        root = _find_root(src)
        params = _params(src, root + PARAMS)
        meta: dict[str, Any] = {}
        if src.has(root + "metadata.json"):
            try:
                md = json.loads(src.read_text(root + "metadata.json"))
            except ValueError:
                md = {}
            md = md if isinstance(md, dict) else {}  # metadata is optional: ignore another type
            meta = {k: str(md[k]) for k in ("name", "description", "version", "system") if k in md}
        if year is None:
            for text in (meta.get("description", ""), root, p.name):
                if m := _YEAR.search(text):
                    year = int(m.group(0))
                    break
        has_z = "Z" in params["files"] and src.has(_entry(params, root, "Z", str(p))[0])
        key = "Z" if has_z else "A"
        if key not in params["files"] or "Y" not in params["files"]:
            raise TableReadError(src.where(root + PARAMS), "expected Y and A (or Z) in 'files'")
        core = _table(src, params, root, key, sparse=True, progress=progress)
        assert core is not None
        Y = _table(src, params, root, "Y")
        assert Y is not None
        rows = [(r[0], r[1]) for r in core.rows if len(r) >= 2]
        if not rows or len(core.rows[0]) < 2:
            raise TableReadError(core.where, "expected two label columns (region, sector)")
        regions_src = list(dict.fromkeys(r for r, _ in rows))
        sectors = list(dict.fromkeys(s for _, s in rows))
        check_labels([(r, s) for r in regions_src for s in sectors], rows, "rows", core.where)
        check_labels(rows, [c[:2] for c in core.cols], "columns", core.where)
        check_labels(rows, [r[:2] for r in Y.rows], "rows of Y", Y.where)
        categories = list(dict.fromkeys(c[1] for c in Y.cols))
        fd_cols = [(r, c) for r in regions_src for c in categories]
        check_labels(fd_cols, [c[:2] for c in Y.cols], "columns (region, category) of Y", Y.where)
        Yv = Y.dense()
        y = Yv.sum(axis=1)
        x_pub = None
        if "x" in params["files"]:
            xt = _table(src, params, root, "x")
            assert xt is not None
            check_labels(rows, [r[:2] for r in xt.rows], "rows of x", xt.where)
            x_pub = xt.dense()[:, 0]
        n = len(rows)
        A_or_Z = sp.csr_array(core.values)
        note = ""
        if has_z:
            Z = A_or_Z
        else:
            if x_pub is None:
                import scipy.sparse.linalg as spla

                x_solve = spla.spsolve(sp.eye_array(n, format="csc") - A_or_Z.tocsc(), y)
                how = "x solving (I - A)·x = Y·1 (the archive has no x)"
            else:
                x_solve, how = x_pub, "x as published"
            Z = A_or_Z @ sp.diags_array(np.asarray(x_solve))
            note = f"Z rebuilt as A·diag(x), {how}. "
        density = Z.nnz / max(n * n, 1)
        if not (sparse if sparse is not None else (n > 2000 and density < 0.5)):
            Z = Z.toarray()
        x_sum = np.asarray(Z.sum(axis=1)).ravel() + y
        x_cols = x_pub if (use_published_x and x_pub is not None) else x_sum
        subfolders = sorted(
            {n[: -len(PARAMS)] for n in src.names if n.startswith(root) and n.endswith(PARAMS)}
            - {root}
        )
        accs: list[Account] = []
        for folder in subfolders:
            if _params(src, folder + PARAMS).get("systemtype") != "Extension":
                continue
            name = folder[len(root) :].rstrip("/")
            if extensions is not None and name not in extensions:
                continue
            accs += _extension(src, folder, rows, fd_cols, x_cols, Yv.sum(axis=0), accounts)
        if extensions is not None:
            found = {f[len(root) :].rstrip("/") for f in subfolders}
            missing = [e for e in extensions if e not in found]
            if missing:
                raise TableReadError(
                    p, f"no extension folder {missing[0]!r}; the archive has {sorted(found)}"
                )
        accs += _labour_totals(accs)
        money = _money(src, params, root, year)
    codes = [_OLD_CODES.get(r, r) for r in regions_src]
    meta.update(
        title=f"EXIOBASE 3 {meta.get('system', '')}".strip(),
        source=f"EXIOBASE 3 ({p.name})",
        doi="10.1111/jiec.12715",
        url="https://doi.org/10.5281/zenodo.3583070",
        licence="CC BY-SA 4.0",
        notes=note
        + "Region codes are EXIOBASE's ISO2 (source_regions) mapped to ISO3; rest-of-world "
        "regions WA, WE, WF, WL, WM kept. Accounts are the rows of each extension's F.",
    )
    return build_mrio(
        Z,
        Yv,
        regions=to_iso3(codes, "exiobase3"),
        source_regions=codes,
        sectors=sectors,
        categories=categories,
        accounts=accs,
        money=money,
        year=year,
        meta=meta,
        x_published=x_pub,
        use_published_x=use_published_x,
        origin=str(p),
        warn=warn,
    )


def _looks_like_exiobase(path: Path) -> bool:
    if re.fullmatch(r"IOT_\d{4}_(ixi|pxp)(\.zip)?", path.name, re.I):
        return True
    folder = path.parent if path.name == PARAMS else path
    md = folder / "metadata.json"
    if folder.is_dir() and md.is_file() and (folder / PARAMS).is_file():
        try:
            meta = json.loads(md.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return False
        text = f"{meta.get('name', '')} {meta.get('description', '')}".lower()
        return "exio" in text and ("3" in str(meta.get("version", "")) or "exiobase 3" in text)
    return False


def _can_read_exiobase3(path: Path) -> bool:
    """Whether ``path`` looks like the exiobase3 layout (cheap check)."""
    return _looks_like_exiobase(path)


register(FunctionReader("exiobase3", _can_read_exiobase3, read_exiobase3))
