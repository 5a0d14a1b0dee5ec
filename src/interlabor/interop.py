"""In-memory conversion between :class:`~interlabor.model.MRIO` and pymrio's ``IOSystem``.

:func:`from_pymrio` reads any pymrio ``IOSystem`` (by duck typing: it needs the attributes
``Z`` or ``A``, ``Y``, optionally ``x``, ``L``, ``unit``, ``meta`` and extension objects with
``name``, ``F`` or ``S``, optionally ``F_Y`` or ``S_Y``, and ``unit``), so it never imports
pymrio. :func:`to_pymrio` builds an ``IOSystem`` and needs pymrio (``pip install
'interlabor[pymrio]'``). The mapping is the one of the pymrio folder reader
(:mod:`interlabor.io.pymrio_folder`), whose helpers are used here:

================================  ============================================================
pymrio                            interlabor
================================  ============================================================
``Z``, ``Y``, ``x``               ``MRIO.Z``, ``MRIO.Y``, ``MRIO.x`` (rows ``region``,
                                  ``sector``; columns of ``Y`` ``region``, ``category``)
``unit`` (one money unit)         ``MRIO.money`` (pymrio spellings such as ``Mill USD``,
                                  ``M.EUR`` mapped by :func:`.pymrio_folder.pymrio_unit`)
extension ``name``                ``Account.extension`` (accounts without one go to an
                                  extension ``accounts``)
a row of an extension's ``F``     an :class:`~interlabor.model.Account`; a multi-level row
                                  label is joined with ``" / "`` (``"emission_type1 / air"``)
that row of ``F_Y``               ``Account.final_demand``
that row of the extension unit    ``Account.unit``
================================  ============================================================

What pymrio has no place for travels in metadata. :func:`to_pymrio` writes
``IOSystem.meta.metadata["interlabor"]`` (saved by pymrio's ``save_all`` into
``metadata.json``): each account's ``modelled`` flag, description and whether it has a
final-demand part, the interlabor extension name, the money unit's price basis and year, the
year, sector names, source region codes and the table's ``meta``. :func:`from_pymrio` restores
them when they still fit the system (same regions and sectors, same money unit, an account of
the same extension and row) and keeps pymrio's side (extension instance names, row index
names, units as pymrio spelled them, name, description, system, version) in
``MRIO.meta["pymrio"]``, which :func:`to_pymrio` uses in turn: both round trips are exact.

What is lost:

* **modelled flags** live only in that metadata entry. pymrio's own operations (aggregation,
  characterisation, ``concate_extension``, ``remove_extension``...) do not carry it, and the
  folder reader :func:`~interlabor.io.pymrio_folder.read_pymrio_folder` does not read it, so
  an account that went through them comes back as published data (``modelled=False``): pass
  ``modelled=[...]`` to :func:`from_pymrio` to mark it again;
* an account without a final-demand part in an extension where others have one gets a row of
  zeros in ``F_Y`` (pymrio's layout); :func:`from_pymrio` turns it back into ``None`` only from
  the metadata entry;
* pymrio's derived tables (``A``, ``L``, ``S``, ``M``, ``D_cba``, ...), ``population`` and
  history are not read: interlabor recomputes what it needs; diagnostics of
  :func:`~interlabor.model.build_mrio` are recomputed, not carried;
* values of ``MRIO.meta`` that JSON cannot hold are stored as strings (tuples as lists).

Reference: Stadler, K. (2021). Pymrio -- A Python Based Multi-Regional Input-Output Analysis
Toolbox. *Journal of Open Research Software* 9(1): 8. https://doi.org/10.5334/jors.251
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import numpy as np
import scipy.sparse as sp

from .errors import (
    AccountNotFoundError,
    LabelMismatchError,
    MissingDependencyError,
    TableReadError,
    UnitError,
)
from .io.pymrio_folder import (
    check_unique,
    coefficient_flows,
    extension_accounts,
    money_unit,
    pymrio_unit,
    row_labels,
)
from .model import MRIO, Account, build_mrio, check_labels
from .units import MonetaryUnit, parse_unit

if TYPE_CHECKING:
    import pymrio

__all__ = ["from_pymrio", "to_pymrio"]

#: Key of interlabor's entry in pymrio's ``IOSystem.meta.metadata``.
META_KEY = "interlabor"
#: Key of pymrio's side (instance names, index names, units as spelled) in ``MRIO.meta``.
PYMRIO_KEY = "pymrio"
#: pymrio extension that takes the accounts that have no extension.
DEFAULT_EXTENSION = "accounts"
_INSTALL = "pip install 'interlabor[pymrio]'"


# ---------------------------------------------------------------------------------------
# pymrio -> interlabor
# ---------------------------------------------------------------------------------------
def _index_labels(index: Any) -> list[tuple[str, ...]]:
    """Labels of a pandas index as tuples of str (one element per level)."""
    n = int(getattr(index, "nlevels", 1))
    return [row_labels(n, v if isinstance(v, tuple) else (v,)) for v in index]


def _level(index: Any, name: str, position: int, what: str, origin: str) -> list[str]:
    """One level of a pandas index, found by name, else by position."""
    names = list(getattr(index, "names", [None]))
    i = names.index(name) if name in names else position
    if i >= int(getattr(index, "nlevels", 1)):
        raise LabelMismatchError(
            f"{what} have {getattr(index, 'nlevels', 1)} label level(s), expected a {name!r} "
            "level",
            origin=origin,
        )
    return [str(v) for v in index.get_level_values(i)]


def _values(frame: Any, what: str, origin: str) -> np.ndarray:
    """Float values of a DataFrame (or Series) of the system."""
    if not (hasattr(frame, "to_numpy") and hasattr(frame, "index")):
        raise TableReadError(
            origin, f"{what} is a {type(frame).__name__}, expected a labelled pandas DataFrame"
        )
    try:
        return np.asarray(frame.to_numpy(dtype=np.float64))
    except (TypeError, ValueError) as exc:
        raise TableReadError(origin, f"{what} has non-numeric values ({exc})") from exc


def _unit_column(unit: Any) -> list[str]:
    """The unit of each row of a pymrio unit table (column ``unit``, else the first)."""
    columns = list(getattr(unit, "columns", []))
    col = unit if not columns else unit["unit"] if "unit" in columns else unit.iloc[:, 0]
    return [str(u) for u in col]


def _metadata(iosystem: Any) -> Mapping[str, Any]:
    """Return pymrio's metadata content (``IOSystem.meta.metadata``); empty when none."""
    md = getattr(getattr(iosystem, "meta", None), "metadata", None)
    return md if isinstance(md, Mapping) else {}


def _extensions(iosystem: Any) -> list[tuple[str, Any]]:
    """(instance name, extension) pairs, as pymrio finds them: in the instance's attributes."""
    return [
        (key, value)
        for key, value in vars(iosystem).items()
        if all(hasattr(value, a) for a in ("name", "F", "S", "unit"))
        and not hasattr(value, "to_numpy")
    ]


def _read_extension(
    instance: str,
    ext: Any,
    rows: list[tuple[str, str]],
    fd_cols: list[tuple[str, str]],
    x: np.ndarray,
    y_total: np.ndarray,
    origin: str,
) -> tuple[list[Account], dict[str, Any]]:
    """Accounts of one extension, and what pymrio says about it (for :func:`to_pymrio`)."""
    name = str(ext.name)
    where = f"{origin}, extension {name!r}"
    frame = ext.F if ext.F is not None else ext.S
    if frame is None:
        raise TableReadError(origin, f"extension {name!r} has neither F nor S")
    F = _values(frame, "F", where)
    if ext.F is None:
        F = F * x[None, :]
    stressors = _index_labels(frame.index)
    check_unique(stressors, "stressor", where)
    check_labels(rows, _index_labels(frame.columns), "columns of F", where)
    fy_frame = getattr(ext, "F_Y", None)
    FY = None if fy_frame is None else _values(fy_frame, "F_Y", where)
    if fy_frame is None and getattr(ext, "S_Y", None) is not None:
        fy_frame = ext.S_Y
        FY = _values(fy_frame, "S_Y", where) * y_total[None, :]
    if fy_frame is not None:
        check_labels(stressors, _index_labels(fy_frame.index), "rows of F_Y", where)
        check_labels(fd_cols, _index_labels(fy_frame.columns), "columns of F_Y", where)
    if ext.unit is None:
        raise UnitError(
            f"extension {name!r} has no unit table; expected a DataFrame with a column 'unit'",
            origin=origin,
        )
    check_labels(stressors, _index_labels(ext.unit.index), "rows of the unit table", where)
    units = _unit_column(ext.unit)
    accounts = extension_accounts(name, stressors, units, F, FY, where)
    info = {
        "instance": instance,
        "index_names": [None if n is None else str(n) for n in frame.index.names],
        "units": {a.name: raw for a, raw in zip(accounts, units, strict=True)},
    }
    return accounts, info


def _restore(acc: Account, stored: Mapping[tuple[str, str], Mapping[str, Any]]) -> Account:
    """Apply what :func:`to_pymrio` recorded about an account (modelled, description...)."""
    entry = stored.get((acc.extension, acc.name))
    if entry is None:
        return acc
    fd = acc.final_demand
    if not entry.get("final_demand", True) and fd is not None and not np.any(fd):
        fd = None
    return replace(
        acc,
        extension=str(entry.get("extension", acc.extension)),
        modelled=bool(entry.get("modelled", acc.modelled)),
        description=str(entry.get("description", acc.description)),
        final_demand=fd,
        variant_of=entry.get("variant_of", acc.variant_of),
        variant=str(entry.get("variant", acc.variant)),
    )


def _select(
    accounts: list[Account], names: Iterable[str] | None, what: str
) -> list[Account] | None:
    """Accounts named by extension or key; None for ``names=None``.

    Raises
    ------
    AccountNotFoundError
        A name that is neither an extension nor an account key.
    """
    if names is None:
        return None
    wanted = [str(n) for n in names]
    known = {a.extension for a in accounts} | {a.key for a in accounts}
    missing = [n for n in wanted if n not in known]
    if missing:
        raise AccountNotFoundError(
            f"{what}: no extension or account {missing[0]!r} in this pymrio system; "
            f"available: {', '.join(dict.fromkeys(a.extension for a in accounts)) or 'none'} "
            f"(or their 'extension/row' keys)"
        )
    chosen = set(wanted)
    return [a for a in accounts if a.key in chosen or a.extension in chosen]


def from_pymrio(
    iosystem: Any,
    *,
    accounts: Iterable[str] | None = None,
    modelled: Iterable[str] = (),
    year: int | None = None,
    use_published_x: bool = False,
    warn: bool = True,
) -> MRIO:
    """Make an :class:`~interlabor.model.MRIO` from a pymrio ``IOSystem`` in memory.

    Needs no pymrio import: any object with pymrio's attributes will do (see the module
    docstring for the mapping and what :func:`to_pymrio` recorded that is restored).

    Parameters
    ----------
    iosystem : pymrio.IOSystem
        With ``Y`` (n, R*K) and ``Z`` (n, n), or ``A`` (n, n) with ``x`` or ``L`` (a
        coefficient-only system is rebuilt as ``Z = A·diag(x)``, ``x`` as stored, else
        ``L·(Y·1)``, else solving ``(I - A)·x = Y·1``); rows (``region``, ``sector``), columns of
        ``Y`` (``region``, ``category``), levels found by name, else by position. ``calc_all``
        is not needed and the system is not changed.
    accounts : iterable of str, optional
        Keep only these: extension names (all their rows) or account keys
        ``"extension/row"`` as the returned table spells them. Default: every row of every
        extension.
    modelled : iterable of str
        Extension names or account keys to mark as modelled estimates (pymrio has no such
        flag; accounts recorded as modelled by :func:`to_pymrio` are marked anyway).
    year : int, optional
        Reference year; default the one recorded by :func:`to_pymrio`, else pymrio's metadata
        ``year``, else none.
    use_published_x : bool
        Use the system's ``x`` for coefficients instead of ``Z·1 + Y·1`` (it is compared with
        that sum either way).
    warn : bool
        Emit validation warnings (zero output, balance against ``x``).

    Returns
    -------
    MRIO
        ``Z`` (n, n) dense, ``Y`` (n, R*K), ``x`` (n,) in the money unit of the system's
        ``unit`` table (USD million when it has none); one account per row of each extension's
        ``F`` (or ``S·diag(x)``) in the unit of its unit table, ``final_demand`` from ``F_Y``
        (or ``S_Y·diag(1'Y)``). ``meta["pymrio"]`` holds pymrio's names for :func:`to_pymrio`.

    Raises
    ------
    TableReadError
        The object lacks ``Y`` or both ``Z`` and ``A``, a block is not a DataFrame or not
        numeric, or an extension has neither ``F`` nor ``S``.
    LabelMismatchError
        Labels of Z, Y, x, F, F_Y or a unit table disagree, repeat, or lack a level.
    UnitError
        A unit interlabor does not know, several money units, or an extension without a unit
        table.
    AccountNotFoundError
        A name in ``accounts`` or ``modelled`` that the system does not have.
    InvalidValueError
        NaN, negative Z, an account value where output is zero (from
        :func:`~interlabor.model.build_mrio`).

    Examples
    --------
    >>> import pymrio  # doctest: +SKIP
    >>> mrio = from_pymrio(pymrio.load_test(), accounts=["Emissions"])  # doctest: +SKIP
    >>> mrio.account_names  # doctest: +SKIP
    ['emission_type1 / air', 'emission_type2 / water']
    """
    md = _metadata(iosystem)
    name = str(md.get("name") or "IO")
    origin = f"pymrio IOSystem {name!r}"
    Z, Y, A = (getattr(iosystem, k, None) for k in ("Z", "Y", "A"))
    if Y is None or (Z is None and A is None):
        raise TableReadError(origin, "expected a pymrio IOSystem with Y and either Z or A")
    core: Any
    core, what = (Z, "Z") if Z is not None else (A, "A")
    rows = list(
        zip(
            _level(core.index, "region", 0, f"rows of {what}", origin),
            _level(core.index, "sector", 1, f"rows of {what}", origin),
            strict=True,
        )
    )
    check_unique(rows, f"row of {what}", origin)
    regions = list(dict.fromkeys(r for r, _ in rows))
    sectors = list(dict.fromkeys(s for _, s in rows))
    check_labels(
        [(r, s) for r in regions for s in sectors], rows, f"rows (region, sector) of {what}", origin
    )
    check_labels(rows, _index_labels(core.columns), f"columns of {what}", origin)
    check_labels(rows, _index_labels(Y.index), "rows of Y", origin)
    y_cols = _index_labels(Y.columns)
    check_unique(y_cols, "column of Y", origin)
    categories = list(dict.fromkeys(_level(Y.columns, "category", 1, "columns of Y", origin)))
    fd_cols = [(r, c) for r in regions for c in categories]
    check_labels(fd_cols, y_cols, "columns (region, category) of Y", origin)
    Yv = _values(Y, "Y", origin)
    y = Yv.sum(axis=1)
    x_frame = getattr(iosystem, "x", None)
    x_pub = None
    if x_frame is not None:
        check_labels(rows, _index_labels(x_frame.index), "rows of x", origin)
        xv = _values(x_frame, "x", origin).reshape(len(rows), -1)
        if xv.shape[1] != 1:
            raise TableReadError(origin, f"x has {xv.shape[1]} columns, expected 1")
        x_pub = xv[:, 0]
    note = ""
    if Z is not None:
        z = _values(Z, "Z", origin)
    else:
        L = getattr(iosystem, "L", None) if x_pub is None else None
        if L is not None:
            check_labels(rows, _index_labels(L.index), "rows of L", origin)
        z, x_pub, how = coefficient_flows(
            _values(A, "A", origin), y, x_pub, None if L is None else _values(L, "L", origin)
        )
        note = f"Z rebuilt as A·diag(x) from a coefficient-only system, {how}. "
    x_cols = x_pub if x_pub is not None and use_published_x else z.sum(axis=1) + y

    stored = md.get(META_KEY)
    stored = stored if isinstance(stored, Mapping) else {}
    recorded = {
        (str(e.get("pymrio_extension")), str(e.get("stressor"))): e
        for e in stored.get("accounts", [])
        if isinstance(e, Mapping)
    }
    found: list[Account] = []
    ext_info: dict[str, Any] = {}
    for instance, ext in _extensions(iosystem):
        accs, info = _read_extension(
            instance, ext, rows, fd_cols, x_cols, Yv.sum(axis=0), origin
        )
        found += [_restore(a, recorded) for a in accs]
        ext_info[str(ext.name)] = info
    chosen = _select(found, accounts, "accounts")
    found = found if chosen is None else chosen
    marked = {a.key for a in _select(found, modelled, "modelled") or []}
    found = [replace(a, modelled=True) if a.key in marked else a for a in found]
    keys = {a.key for a in found}  # a variant whose central account was left out stands alone
    found = [replace(a, variant_of=None, variant="central")
             if a.variant_of is not None and a.variant_of not in keys else a for a in found]

    if year is None:
        year = stored.get("year") if isinstance(stored.get("year"), int) else None
    if year is None and str(md.get("year", "")).isdigit():
        year = int(md["year"])
    unit = getattr(iosystem, "unit", None)
    units = [] if unit is None else _unit_column(unit)
    money = money_unit(None if unit is None else (origin, _index_labels(unit.index), units), year)
    kept = stored.get("money")
    if isinstance(kept, Mapping) and (kept.get("currency"), kept.get("scale")) == (
        money.currency,
        money.scale,
    ):
        money = MonetaryUnit(
            money.currency,
            money.scale,
            kept.get("price_year"),
            str(kept.get("price_basis") or "basic prices"),
        )
    same_labels = stored.get("regions") == regions and stored.get("sectors") == sectors
    meta: dict[str, Any]
    if isinstance(stored.get("meta"), Mapping):
        meta = dict(stored["meta"])
        if note:
            meta["notes"] = f"{note}{meta.get('notes', '')}"
    else:
        meta = {k: md[k] for k in ("name", "description", "version", "system") if md.get(k)}
        meta.update(
            title=name,
            source=origin,
            notes=note + "Converted in memory with interlabor.interop.from_pymrio; accounts are "
            "the rows of each extension's F (or S·diag(x)).",
        )
    meta[PYMRIO_KEY] = {
        **{k: md.get(k) for k in ("name", "description", "system", "version")},
        "unit": units[0] if units else None,
        "extensions": ext_info,
    }
    return build_mrio(
        z,
        Yv,
        regions=regions,
        sectors=sectors,
        categories=categories,
        sector_names=stored.get("sector_names") if same_labels else None,
        accounts=found,
        money=money,
        year=year,
        source_regions=stored.get("source_regions") if same_labels else None,
        meta=meta,
        x_published=x_pub,
        use_published_x=use_published_x,
        origin=origin,
        warn=warn,
    )


# ---------------------------------------------------------------------------------------
# interlabor -> pymrio
# ---------------------------------------------------------------------------------------
def _import_pymrio() -> Any:
    """Import pymrio, or say how to install it."""
    try:
        import pymrio
    except ImportError as exc:
        raise MissingDependencyError(
            f"to_pymrio needs pymrio (>= 0.7), which is not installed: {_INSTALL}",
            name="pymrio",
        ) from exc
    return pymrio


def _spells(raw: object, unit: str) -> bool:
    """Whether ``raw`` (a unit as pymrio spelled it) maps to interlabor's ``unit``."""
    try:
        return isinstance(raw, str) and pymrio_unit(raw) == unit
    except UnitError:
        return False


def _money_text(raw: object, money: MonetaryUnit) -> str:
    """Return pymrio's spelling of the money unit when it still says ``money``, else its label."""
    try:
        parsed = parse_unit(pymrio_unit(str(raw))) if isinstance(raw, str) else None
    except UnitError:
        parsed = None
    if parsed is not None and (parsed.base, parsed.scale) == (money.currency, money.scale):
        return str(raw)
    return money.label


def _instance_name(name: str, taken: Any) -> str:
    """An attribute name for an extension that ``taken`` (the IOSystem) does not have."""
    base = re.sub(r"\W+", "_", name.strip()).strip("_").lower() or "extension"
    if base[0].isdigit():
        base = f"ext_{base}"
    candidate, i = base, 1
    while hasattr(taken, candidate):
        i += 1
        candidate = f"{base}_{i}"
    return candidate


def _stressor_index(names: Sequence[str], index_names: Sequence[Any] | None) -> Any:
    """Row index of an extension: split ``" / "`` labels back into pymrio's levels."""
    import pandas as pd

    levels = list(index_names or ["stressor"])
    parts = [n.split(" / ") for n in names]
    if len(levels) > 1 and all(len(p) == len(levels) for p in parts):
        return pd.MultiIndex.from_tuples([tuple(p) for p in parts], names=levels)
    return pd.Index(list(names), name=levels[0] if len(levels) == 1 else "stressor")


def _json_safe(value: Any) -> Any:
    """``value`` as JSON can hold it (what pymrio's ``save_all`` writes); others as str."""
    return json.loads(json.dumps(value, default=str))


def to_pymrio(mrio: MRIO) -> pymrio.IOSystem:
    """Make a pymrio ``IOSystem`` from an :class:`~interlabor.model.MRIO`, in memory.

    ``Z``, ``Y``, ``x`` and ``unit`` are set (``A``, ``L`` and the extensions' ``S``, ``M``,
    ``D_*`` are left to pymrio's ``calc_all``); one ``Extension`` per ``Account.extension``
    with the accounts as rows of ``F`` (and ``F_Y`` where any of them has a final-demand
    part). What pymrio has no place for is recorded in ``meta.metadata["interlabor"]`` (see
    the module docstring), so ``from_pymrio(to_pymrio(mrio))`` gives the table back.

    Parameters
    ----------
    mrio : MRIO
        The table; a sparse ``Z`` is made dense (pymrio works on dense DataFrames: n² x 8
        bytes, 770 MB for EXIOBASE's n = 9,800).

    Returns
    -------
    pymrio.IOSystem
        ``Z`` (n, n), ``Y`` (n, R*K), ``x`` (n, 1) column ``indout``, ``unit`` (n, 1), all
        copies (changing them leaves ``mrio`` alone); rows (``region``, ``sector``), columns
        of ``Y`` (``region``, ``category``). Extensions: ``F`` (rows, n), ``F_Y`` (rows, R*K)
        or None, ``unit`` (rows, 1); rows indexed ``stressor`` (or the levels that
        :func:`from_pymrio` found), units as pymrio spelled them when they came from pymrio.

    Raises
    ------
    MissingDependencyError
        pymrio is not installed (also an :class:`ImportError`); the message says
        ``pip install 'interlabor[pymrio]'``.

    Examples
    --------
    >>> from interlabor.io import load_default
    >>> io = to_pymrio(load_default())  # doctest: +SKIP
    >>> io.calc_all().labour.D_cba_reg.loc["hours"].sum()  # doctest: +SKIP
    """
    pymrio = _import_pymrio()
    import pandas as pd

    info = mrio.meta.get(PYMRIO_KEY)
    info = info if isinstance(info, Mapping) else {}
    ext_info = info.get("extensions")
    ext_info = ext_info if isinstance(ext_info, Mapping) else {}
    title = mrio.meta.get("title") or "MRIO"
    Z = (
        mrio.Z.toarray()  # type: ignore[union-attr]
        if sp.issparse(mrio.Z)
        else np.array(mrio.Z, dtype=np.float64)
    )
    io = pymrio.IOSystem(
        Z=pd.DataFrame(Z, index=mrio.index.copy(), columns=mrio.index.copy()),
        Y=pd.DataFrame(np.array(mrio.Y), index=mrio.index.copy(), columns=mrio.fd_columns.copy()),
        x=pd.DataFrame(np.array(mrio.x)[:, None], index=mrio.index.copy(), columns=["indout"]),
        unit=pd.DataFrame(
            {"unit": [_money_text(info.get("unit"), mrio.money)] * mrio.n},
            index=mrio.index.copy(),
        ),
        name=str(info.get("name") or title),
        description=str(
            info.get("description")
            or f"{title} {mrio.year or ''}".strip() + ", converted by interlabor.to_pymrio"
        ),
        system=info.get("system") or mrio.meta.get("system"),
        version=info.get("version") or mrio.meta.get("version"),
    )
    groups: dict[str, list[Account]] = {}
    for acc in mrio.accounts:
        groups.setdefault(acc.extension, []).append(acc)
    default = DEFAULT_EXTENSION
    while default in groups:
        default += "_"
    recorded = []
    for extension, accs in groups.items():
        name = extension or default
        einfo = ext_info.get(name)
        einfo = einfo if isinstance(einfo, Mapping) else {}
        index = _stressor_index([a.name for a in accs], einfo.get("index_names"))
        raw = einfo.get("units")
        raw = raw if isinstance(raw, Mapping) else {}
        units = [raw[a.name] if _spells(raw.get(a.name), a.unit) else a.unit for a in accs]
        F_Y = None
        if any(a.final_demand is not None for a in accs):
            zeros = np.zeros(len(mrio.fd_columns))
            F_Y = pd.DataFrame(
                np.vstack([zeros if a.final_demand is None else a.final_demand for a in accs]),
                index=index.copy(),
                columns=mrio.fd_columns.copy(),
            )
        instance = str(einfo.get("instance") or "")
        if not instance.isidentifier() or hasattr(io, instance):
            instance = _instance_name(name, io)
        extension_obj = pymrio.Extension(
            name=name,
            F=pd.DataFrame(
                np.vstack([a.values for a in accs]), index=index, columns=mrio.index.copy()
            ),
            F_Y=F_Y,
            unit=pd.DataFrame({"unit": units}, index=index.copy()),
        )
        setattr(io, instance, extension_obj)
        recorded += [
            {
                "pymrio_extension": name,
                "stressor": a.name,
                "extension": a.extension,
                "modelled": a.modelled,
                "description": a.description,
                "final_demand": a.final_demand is not None,
                "variant_of": a.variant_of,
                "variant": a.variant,
            }
            for a in accs
        ]
    if mrio.year is not None:
        io.meta.change_meta("year", mrio.year, log=False)
    io.meta.change_meta(
        META_KEY,
        _json_safe(
            {
                "year": mrio.year,
                "money": {
                    "currency": mrio.money.currency,
                    "scale": mrio.money.scale,
                    "price_year": mrio.money.price_year,
                    "price_basis": mrio.money.price_basis,
                },
                "regions": list(mrio.regions),
                "sectors": list(mrio.sectors),
                "sector_names": list(mrio.sector_names),
                "source_regions": list(mrio.source_regions),
                "meta": {k: v for k, v in mrio.meta.items() if k != PYMRIO_KEY},
                "accounts": recorded,
            }
        ),
        log=False,
    )
    return io
