"""The MRIO data model: a thin, frozen, validated multi-regional input-output table.

An :class:`MRIO` holds, for ``R`` regions and ``S`` sectors (``n = R*S`` region-sector pairs,
region-major) and ``K`` final-demand categories:

========  ==============  =====================================================
name      shape           meaning
========  ==============  =====================================================
``Z``     (n, n)          intermediate flows, money (dense ndarray or scipy.sparse)
``Y``     (n, R*K)        final demand by consuming region x category, money
``x``     (n,)            gross output, money
accounts  (n,) each       satellite accounts (value added, hours, persons, ...),
                          each with its own unit and an optional (R*K,) direct
                          account of final demand (pymrio's ``F_Y``)
========  ==============  =====================================================

It is only ever made by :func:`build_mrio`, which validates everything and makes the arrays
read-only. Analysis lives in pure functions elsewhere (:mod:`interlabor.algebra`,
:mod:`interlabor.footprints`); this module only carries and checks data.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, TypeAlias

import numpy as np
import pandas as pd
import scipy.sparse as sp

from .errors import (
    AccountNotFoundError,
    BalanceWarning,
    DataQualityWarning,
    InvalidValueError,
    LabelMismatchError,
)
from .units import MonetaryUnit, Unit, parse_unit

__all__ = ["CENTRAL", "MRIO", "Account", "Diagnostic", "Frames", "build_mrio", "check_labels",
           "in_range", "variants_of"]

#: Variant of an account that is not a variant of another.
CENTRAL = "central"

ArrayLike2D: TypeAlias = np.ndarray | sp.sparray | sp.spmatrix


@dataclass(frozen=True)
class Diagnostic:
    """A finding of validation that is not an error (kept with the table, shown by ``info``).

    Attributes
    ----------
    kind : str
        ``"zero-output"``, ``"balance"``, ``"tiny-output"``, ``"negative-final-demand"``.
    message : str
        Human-readable description naming the labels.
    labels : tuple
        The (region, sector) labels concerned.
    """

    kind: str
    message: str
    labels: tuple[Any, ...] = ()


@dataclass(frozen=True)
class Account:
    """A satellite account: one value per region-sector, with its unit.

    Parameters
    ----------
    name : str
        Row label, e.g. ``"hours"``.
    unit : str
        Unit string understood by :func:`interlabor.units.parse_unit`.
    values : ndarray, shape (n,)
        Direct account of each producing region-sector.
    final_demand : ndarray, shape (R*K,), optional
        Direct account of final demand itself (e.g. hours of domestic workers paid
        directly by households), pymrio's ``F_Y``.
    extension : str
        Group the account belongs to (pymrio's extension name), e.g. ``"labour"``.
    modelled : bool
        True when the account is an estimate built by a model rather than published data;
        every output computed from it is labelled as such.
    description : str
        What the account contains and where it comes from.
    variant_of : str, optional
        Key of the central account this one is an alternative estimate of (the relation is
        metadata: names never carry it); None for a central account.
    variant : str
        ``"central"``, or the name of the alternative: ``kind:option`` for a structural
        alternative that belongs to the range (``calibration:max``, ``pattern:flat``; see
        :func:`in_range`), any other name for one reported beside it (``previous method``).
    """

    name: str
    unit: str
    values: np.ndarray
    final_demand: np.ndarray | None = None
    extension: str = ""
    modelled: bool = False
    description: str = ""
    variant_of: str | None = None
    variant: str = CENTRAL

    @property
    def key(self) -> str:
        """``extension/name`` (or ``name`` when there is no extension)."""
        return f"{self.extension}/{self.name}" if self.extension else self.name

    @property
    def parsed_unit(self) -> Unit:
        """The unit, parsed."""
        return parse_unit(self.unit)

    @property
    def label(self) -> str:
        """Name with unit, and a mark when the account is modelled."""
        mark = " [modelled estimate]" if self.modelled else ""
        return f"{self.key} ({self.unit}){mark}"


@dataclass(frozen=True, eq=False, repr=False)
class MRIO:
    """A validated multi-regional input-output table. Make it with :func:`build_mrio`.

    Attributes
    ----------
    Z : ndarray or sparse matrix, shape (n, n)
        Intermediate flows, in ``money`` units.
    Y : ndarray, shape (n, R*K)
        Final demand; columns are (consuming region, category), region-major.
    x : ndarray, shape (n,)
        Gross output used for coefficients (``Z·1 + Y·1`` unless published x was requested).
    regions : tuple of str, length R
        Canonical region codes (ISO3; ``RoW`` and similar kept as published).
    sectors : tuple of str, length S
        Sector codes.
    sector_names : tuple of str, length S
        Sector names.
    categories : tuple of str, length K
        Final-demand categories.
    accounts : tuple of Account
        Satellite accounts.
    money : MonetaryUnit
        Currency, scale, price basis and year of Z, Y, x and monetary accounts.
    year : int or None
        Reference year of the table.
    source_regions : tuple of str, length R
        Region codes as the source spells them (WIOD's ``ROM`` for Romania).
    meta : Mapping
        Provenance: source, DOI/URL, version, licence, notes.
    diagnostics : tuple of Diagnostic
        Non-fatal findings of validation.

    Notes
    -----
    ``mrio.df`` gives the blocks as labelled pandas objects laid out as pymrio's (see
    :class:`Frames`): ``mrio.df.Z``, ``.A`` (n, n) and ``.Y`` (n, R*K) DataFrames, ``.x``
    (n, 1), ``.F(account)`` and ``.F_Y(account)`` Series, ``.accounts`` (one row per account);
    rows (``region``, ``sector``), columns of Y (``region``, ``category``). They share memory
    with the table and are read-only. A sparse ``Z`` (and ``A``) is dense up to
    :data:`interlabor.algebra.DENSE_LIMIT` (3,000) region-sectors and a pandas sparse
    DataFrame beyond. :func:`interlabor.interop.to_pymrio` makes a whole pymrio ``IOSystem``.

    ``repr(mrio)`` is a short summary (counts and first labels, accounts with units, money,
    year, source), never the arrays. Tables compare and hash by identity (``eq=False``): they
    key caches (``weakref.WeakKeyDictionary``) of derived results.
    """

    Z: ArrayLike2D
    Y: np.ndarray
    x: np.ndarray
    regions: tuple[str, ...]
    sectors: tuple[str, ...]
    sector_names: tuple[str, ...]
    categories: tuple[str, ...]
    accounts: tuple[Account, ...]
    money: MonetaryUnit
    year: int | None
    source_regions: tuple[str, ...]
    meta: Mapping[str, Any] = field(default_factory=dict)
    diagnostics: tuple[Diagnostic, ...] = ()

    # ---- sizes and labels -------------------------------------------------------------
    @property
    def n_regions(self) -> int:
        """Number of regions R."""
        return len(self.regions)

    @property
    def n_sectors(self) -> int:
        """Number of sectors S."""
        return len(self.sectors)

    @property
    def n(self) -> int:
        """Number of region-sector pairs n = R*S."""
        return len(self.x)

    @cached_property
    def index(self) -> pd.MultiIndex:
        """(region, sector) labels of the rows of Z, Y and x."""
        return pd.MultiIndex.from_product([self.regions, self.sectors], names=["region", "sector"])

    @cached_property
    def fd_columns(self) -> pd.MultiIndex:
        """(region, category) labels of the columns of Y."""
        return pd.MultiIndex.from_product(
            [self.regions, self.categories], names=["region", "category"]
        )

    @cached_property
    def sector_name_of(self) -> dict[str, str]:
        """Map sector code -> sector name."""
        return dict(zip(self.sectors, self.sector_names, strict=True))

    @property
    def df(self) -> Frames:
        """Labelled pandas views of the blocks, named as pymrio's (see :class:`Frames`).

        A new, light view at each access (nothing is cached on the table): keep it
        (``frames = mrio.df``) to reuse what it builds.
        """
        return Frames(self)

    def __repr__(self) -> str:
        """A short summary: counts with the first labels, accounts, money, year, source."""

        def first(labels: Sequence[str], k: int = 5) -> str:
            shown = [lab if len(lab) <= 30 else lab[:29] + "…" for lab in labels[:k]]
            return ", ".join(shown) + (", ..." if len(labels) > k else "")

        title = str(self.meta.get("title") or "table")
        year = f" ({self.year})" if self.year is not None else ""
        kind = "sparse" if sp.issparse(self.Z) else "dense"
        lines = [
            f"MRIO {title!r}{year}: {self.n} region-sectors, Z {kind}",
            f"  regions ({self.n_regions}): {first(self.regions)}",
            f"  sectors ({self.n_sectors}): {first(self.sectors)}",
            f"  categories ({len(self.categories)}): {first(self.categories)}",
            f"  money: {self.money.description}",
        ]
        if not self.accounts:
            lines.append("  accounts: none")
        else:
            mark = ", * modelled estimate" if any(a.modelled for a in self.accounts) else ""
            lines.append(f"  accounts ({len(self.accounts)}{mark}):")
            for acc in self.accounts[:5]:
                lines.append(f"    {acc.key} ({acc.unit}){' *' if acc.modelled else ''}")
            if len(self.accounts) > 5:
                lines.append(f"    ... and {len(self.accounts) - 5} more (mrio.account_names)")
        if self.meta.get("source"):
            lines.append(f"  source: {self.meta['source']}")
        return "\n".join(lines)

    # ---- derived blocks ----------------------------------------------------------------
    @cached_property
    def Y_by_region(self) -> np.ndarray:
        """Final demand summed over categories, shape (n, R)."""
        k = len(self.categories)
        return self.Y.reshape(self.n, self.n_regions, k).sum(axis=2)

    @cached_property
    def A(self) -> ArrayLike2D:
        """Technical coefficients ``A = Z diag(x)^-1`` (zero columns where x <= 0)."""
        from .algebra import coefficients

        return coefficients(self.Z, self.x)

    @property
    def value_added(self) -> np.ndarray:
        """``x - 1'Z`` (value added plus net taxes and margins where the table has no VA rows)."""
        colsum = np.asarray(self.Z.sum(axis=0)).ravel()
        return self.x - colsum

    # ---- accounts ----------------------------------------------------------------------
    @property
    def account_names(self) -> list[str]:
        """Unambiguous names of all accounts (``name`` or ``extension/name``)."""
        counts: dict[str, int] = {}
        for a in self.accounts:
            counts[a.name] = counts.get(a.name, 0) + 1
        return [a.name if counts[a.name] == 1 else a.key for a in self.accounts]

    def account(self, name: str) -> Account:
        """Look an account up by ``name`` or ``extension/name``.

        Raises
        ------
        AccountNotFoundError
            If no account matches, or a bare name matches several extensions.
        """
        exact = [a for a in self.accounts if a.key == name]
        if exact:
            return exact[0]
        by_name = [a for a in self.accounts if a.name == name]
        if len(by_name) == 1:
            return by_name[0]
        if len(by_name) > 1:
            keys = ", ".join(a.key for a in by_name)
            raise AccountNotFoundError(f"account {name!r} is ambiguous: use one of {keys}")
        raise AccountNotFoundError(
            f"no account {name!r} in this table; available: "
            f"{', '.join(self.account_names) or 'none'}"
        )

    def with_accounts(self, accounts: Iterable[Account], *, replace: bool = False) -> MRIO:
        """Return a new table with accounts added (validated like the originals).

        Parameters
        ----------
        accounts : iterable of Account
            Accounts to add.
        replace : bool
            Replace accounts with the same key instead of raising on duplicates.
        """
        new = list(accounts)
        keys = {a.key for a in new}
        kept = [a for a in self.accounts if not (replace and a.key in keys)]
        return build_mrio(
            self.Z,
            self.Y,
            regions=self.regions,
            sectors=self.sectors,
            sector_names=self.sector_names,
            categories=self.categories,
            accounts=[*kept, *new],
            money=self.money,
            year=self.year,
            source_regions=self.source_regions,
            meta=self.meta,
            x_published=self.x,
            use_published_x=True,
            warn=False,
        )

    def summary(self) -> str:
        """A few lines describing the table."""
        nnz = int(self.Z.nnz) if sp.issparse(self.Z) else int(np.count_nonzero(self.Z))  # type: ignore[union-attr]
        lines = [
            f"{self.meta.get('title', 'MRIO')} {self.year or ''}".strip(),
            f"  {self.n_regions} regions x {self.n_sectors} sectors = {self.n:,}; "
            f"{len(self.categories)} final-demand categories",
            f"  money: {self.money.description}",
            f"  Z non-zeros: {nnz:,} ({nnz / self.n**2:.1%})",
            "  accounts: " + (", ".join(a.label for a in self.accounts) or "none"),
        ]
        if self.meta.get("source"):
            lines.append(f"  source: {self.meta['source']}")
        for d in self.diagnostics:
            lines.append(f"  note ({d.kind}): {d.message}")
        return "\n".join(lines)


class Frames:
    """Labelled pandas views of an :class:`MRIO`, laid out and named as pymrio's blocks.

    Get it as ``mrio.df``. Rows are (``region``, ``sector``) region-major, columns of ``Y``
    (``region``, ``category``), as in pymrio, so code written for an ``IOSystem`` reads
    ``mrio.df.Z`` like ``io.Z``. Each block is built at each access, on the table's own arrays
    where they are dense (no copy; they are read-only: ``.copy()`` to edit). For the whole
    pymrio system (extensions, ``calc_all``) use :func:`interlabor.interop.to_pymrio`.

    Parameters
    ----------
    mrio : MRIO
        The table viewed.

    Examples
    --------
    >>> from interlabor.io import load_default
    >>> frames = load_default().df
    >>> frames.Z.shape, list(frames.Y.columns.names), frames.x.columns.tolist()
    ((1435, 1435), ['region', 'category'], ['indout'])
    >>> bool(frames.F("labour/hours").loc[("DEU", "c1")] > 0)
    True
    """

    __slots__ = ("_mrio",)

    def __init__(self, mrio: MRIO) -> None:
        self._mrio = mrio

    def __repr__(self) -> str:
        m = self._mrio
        return (
            f"<Frames of a {m.n_regions} x {m.n_sectors} table: Z, A, Y, x, F(account), "
            f"F_Y(account), accounts ({len(m.accounts)})>"
        )

    def _square(self, M: ArrayLike2D) -> pd.DataFrame:
        """A (n, n) block: dense as it is, sparse densified up to DENSE_LIMIT."""
        import pandas as pd

        from .algebra import DENSE_LIMIT

        idx = self._mrio.index
        if not sp.issparse(M):
            return pd.DataFrame(M, index=idx, columns=idx, copy=False)
        if M.shape[0] <= DENSE_LIMIT:
            dense = M.toarray()  # type: ignore[union-attr]
            return pd.DataFrame(dense, index=idx, columns=idx, copy=False)
        return pd.DataFrame.sparse.from_spmatrix(M, index=idx, columns=idx)

    @property
    def Z(self) -> pd.DataFrame:
        """Intermediate flows, shape (n, n), money units; pymrio's ``Z``.

        A sparse ``Z`` of more than :data:`interlabor.algebra.DENSE_LIMIT` (3,000)
        region-sectors comes as a pandas sparse DataFrame (``.sparse.to_dense()`` makes it
        dense: n² x 8 bytes); up to that size it is dense.
        """
        return self._square(self._mrio.Z)

    @property
    def A(self) -> pd.DataFrame:
        """Technical coefficients ``Z diag(x)^-1``, shape (n, n); pymrio's ``A`` (sparse as Z)."""
        return self._square(self._mrio.A)

    @property
    def Y(self) -> pd.DataFrame:
        """Final demand, shape (n, R*K), money units; columns (``region``, ``category``)."""
        import pandas as pd

        m = self._mrio
        return pd.DataFrame(m.Y, index=m.index, columns=m.fd_columns, copy=False)

    @property
    def x(self) -> pd.DataFrame:
        """Gross output, shape (n, 1), money units; one column ``indout``, as pymrio's ``x``."""
        import pandas as pd

        m = self._mrio
        return pd.DataFrame(m.x[:, None], index=m.index, columns=["indout"], copy=False)

    def F(self, account: str | Account) -> pd.Series:
        """Direct account of each region-sector, shape (n,): a row of pymrio's ``F``.

        Parameters
        ----------
        account : str or Account
            ``name`` or ``extension/name``.

        Returns
        -------
        Series
            Index (``region``, ``sector``), name the account's key, in its unit; ``attrs``
            ``account``, ``unit``, ``modelled``.

        Raises
        ------
        AccountNotFoundError
            No such account, or a bare name that several extensions have.
        """
        return self._account_row(account, final_demand=False)

    def F_Y(self, account: str | Account) -> pd.Series:
        """Direct account of final demand, shape (R*K,): a row of pymrio's ``F_Y``.

        As :meth:`F`, indexed (``region``, ``category``); zeros when the account has no
        final-demand part (as interlabor counts it).
        """
        return self._account_row(account, final_demand=True)

    def _account_row(self, account: str | Account, *, final_demand: bool) -> pd.Series:
        import pandas as pd

        m = self._mrio
        acc = account if isinstance(account, Account) else m.account(account)
        if not final_demand:
            values, index = acc.values, m.index
        else:
            index = m.fd_columns
            values = acc.final_demand if acc.final_demand is not None else np.zeros(len(index))
        out = pd.Series(values, index=index, name=acc.key, copy=False)
        out.attrs = {"account": acc.key, "unit": acc.unit, "modelled": acc.modelled}
        return out

    @property
    def accounts(self) -> pd.DataFrame:
        """One row per account (index its unambiguous name, as :meth:`MRIO.account` takes).

        Columns ``extension``, ``name``, ``unit``, ``modelled`` (bool), ``final_demand``
        (bool: has an ``F_Y`` part), ``description``.
        """
        import pandas as pd

        m = self._mrio
        rows = [
            (a.extension, a.name, a.unit, a.modelled, a.final_demand is not None, a.description)
            for a in m.accounts
        ]
        columns = ["extension", "name", "unit", "modelled", "final_demand", "description"]
        return pd.DataFrame(rows, index=pd.Index(m.account_names, name="account"), columns=columns)


# ---------------------------------------------------------------------------------------
# validation
# ---------------------------------------------------------------------------------------
def _readonly(a: np.ndarray) -> np.ndarray:
    a = np.array(a, dtype=np.float64, copy=True)
    a.setflags(write=False)
    return a


def _label(index: pd.MultiIndex, i: int) -> str:
    return "/".join(str(v) for v in index[i]) if isinstance(index[i], tuple) else str(index[i])


def _check_finite(
    name: str,
    values: np.ndarray,
    rows: Sequence[str],
    cols: Sequence[str] | None,
    origin: str | None,
) -> None:
    bad = ~np.isfinite(values)
    if bad.any():
        pos = np.argwhere(bad)[0]
        where = f"row {rows[pos[0]]}" + (f", column {cols[pos[1]]}" if cols is not None else "")
        raise InvalidValueError(
            f"{name} has {int(bad.sum())} NaN/inf value(s), first at {where}; "
            "expected finite numbers (write 0 for no flow)",
            origin=origin,
            labels=[rows[pos[0]]],
        )


def _check_unique(kind: str, labels: Sequence[str], origin: str | None) -> None:
    seen: set[str] = set()
    dup = [x for x in labels if x in seen or seen.add(x)]  # type: ignore[func-returns-value]
    if dup:
        raise LabelMismatchError(
            f"duplicate {kind} label(s) {sorted(set(dup))[:5]}; expected each {kind} once",
            origin=origin,
            labels=dup,
        )


def build_mrio(
    Z: ArrayLike2D,
    Y: np.ndarray,
    *,
    regions: Sequence[str],
    sectors: Sequence[str],
    categories: Sequence[str],
    sector_names: Sequence[str] | None = None,
    accounts: Iterable[Account] = (),
    money: MonetaryUnit | None = None,
    year: int | None = None,
    source_regions: Sequence[str] | None = None,
    meta: Mapping[str, Any] | None = None,
    x_published: np.ndarray | None = None,
    use_published_x: bool = False,
    balance_rtol: float = 1e-2,
    balance_atol: float = 0.0,
    origin: str | None = None,
    warn: bool = True,
) -> MRIO:
    """Validate input-output blocks and make an immutable :class:`MRIO`.

    Gross output is ``x = Z·1 + Y·1`` unless ``use_published_x`` is set; a published ``x``
    is compared with that sum and rows beyond ``balance_atol + balance_rtol*|x|`` are reported
    (worst first) in a :class:`~interlabor.errors.BalanceWarning`.

    Parameters
    ----------
    Z : ndarray or sparse, shape (n, n)
        Intermediate flows; must be finite and non-negative.
    Y : ndarray, shape (n, R*K)
        Final demand, columns (region, category) region-major; may be negative
        (changes in inventories).
    regions, sectors, categories : sequence of str
        Labels; ``n = R*S``.
    sector_names : sequence of str, optional
        Sector names (default: the codes).
    accounts : iterable of Account
        Satellite accounts, each of length n.
    money : MonetaryUnit, optional
        Currency/scale/price basis (default USD million, basic prices, price year = year).
    year : int, optional
        Reference year.
    source_regions : sequence of str, optional
        Source's own region codes (default: ``regions``).
    meta : mapping, optional
        Provenance (source, doi, url, version, licence, title, notes).
    x_published : ndarray, shape (n,), optional
        Gross output as published.
    use_published_x : bool
        Use ``x_published`` for coefficients instead of ``Z·1 + Y·1``.
    balance_rtol, balance_atol : float
        Tolerance of the balance check of ``x_published``.
    origin : str, optional
        File or object name to put in error messages.
    warn : bool
        Emit warnings for diagnostics (they are kept in ``MRIO.diagnostics`` either way).

    Returns
    -------
    MRIO

    Raises
    ------
    LabelMismatchError
        Shapes disagree with the labels, or labels are duplicated.
    InvalidValueError
        NaN/inf anywhere, negative Z, an account value where output is zero, or an output so
        small (subnormal) that the coefficients ``Z/x`` overflow.
    UnitError
        An account's unit is unknown.
    """
    regions = tuple(str(r) for r in regions)
    sectors = tuple(str(s) for s in sectors)
    categories = tuple(str(c) for c in categories)
    _check_unique("region", regions, origin)
    _check_unique("sector", sectors, origin)
    _check_unique("final-demand category", categories, origin)
    n = len(regions) * len(sectors)
    rows = [f"{r}/{s}" for r in regions for s in sectors]
    fd_cols = [f"{r}/{c}" for r in regions for c in categories]

    if Z.shape != (n, n):
        raise LabelMismatchError(
            f"Z has shape {Z.shape}, expected ({n}, {n}) for {len(regions)} regions x "
            f"{len(sectors)} sectors",
            origin=origin,
        )
    Y = np.asarray(Y, dtype=np.float64)
    if Y.ndim != 2 or Y.shape != (n, len(regions) * len(categories)):
        raise LabelMismatchError(
            f"Y has shape {Y.shape}, expected ({n}, {len(regions) * len(categories)}) for "
            f"{len(regions)} regions x {len(categories)} final-demand categories",
            origin=origin,
        )
    if sp.issparse(Z):
        Zs = sp.csr_array(Z, dtype=np.float64)
        Zs.sum_duplicates()
        Zs.eliminate_zeros()
        _check_finite("Z", Zs.data, ["(sparse entry)"] * max(Zs.nnz, 1), None, origin)
        negative = Zs.data < 0
        if negative.any():
            coo = Zs.tocoo()
            i, j = coo.row[negative][0], coo.col[negative][0]
            raise InvalidValueError(
                f"Z has {int(negative.sum())} negative intermediate flow(s), first at row "
                f"{rows[i]}, column {rows[j]} ({coo.data[negative][0]:g}); expected flows >= 0",
                origin=origin,
                labels=[rows[i]],
            )
        Zv: ArrayLike2D = Zs
        zrow = np.asarray(Zs.sum(axis=1)).ravel()
    else:
        Zd = np.asarray(Z, dtype=np.float64)
        _check_finite("Z", Zd, rows, rows, origin)
        if (Zd < 0).any():
            i, j = np.argwhere(Zd < 0)[0]
            raise InvalidValueError(
                f"Z has {int((Zd < 0).sum())} negative intermediate flow(s), first at row "
                f"{rows[i]}, column {rows[j]} ({Zd[i, j]:g}); expected flows >= 0",
                origin=origin,
                labels=[rows[i]],
            )
        Zv = _readonly(Zd)
        zrow = Zd.sum(axis=1)
    _check_finite("Y", Y, rows, fd_cols, origin)

    diagnostics: list[Diagnostic] = []
    x_sum = zrow + Y.sum(axis=1)
    if x_published is not None:
        xp = np.asarray(x_published, dtype=np.float64).ravel()
        if xp.shape != (n,):
            raise LabelMismatchError(
                f"gross output has length {xp.shape[0]}, expected {n}", origin=origin
            )
        _check_finite("gross output x", xp[:, None], rows, None, origin)
        gap = x_sum - xp
        tol = balance_atol + balance_rtol * np.abs(xp)
        off = np.flatnonzero(np.abs(gap) > tol)
        if off.size:
            worst = off[np.argsort(-np.abs(gap[off]))][:5]
            listing = "; ".join(
                f"{rows[i]}: Z·1+Y·1={x_sum[i]:.6g} vs published {xp[i]:.6g}" for i in worst
            )
            diagnostics.append(
                Diagnostic(
                    "balance",
                    f"{off.size} row(s) where Z·1 + Y·1 differs from published gross output "
                    f"beyond {balance_atol:g} + {balance_rtol:g}·|x|; worst: {listing}. "
                    + ("Using published x." if use_published_x else "Using Z·1 + Y·1."),
                    tuple(rows[i] for i in worst),
                )
            )
        x = xp if use_published_x else x_sum
    else:
        x = x_sum

    zcol = np.asarray(Zv.sum(axis=0)).ravel()
    with np.errstate(all="ignore"):  # coefficients Z/x must be finite where x > 0
        tiny = np.flatnonzero((x > 0) & ~(np.isfinite(1.0 / x) & np.isfinite(zcol / x)))
    if tiny.size:
        i = tiny[0]
        raise InvalidValueError(
            f"{tiny.size} region-sector(s) with an output too small for their inputs, first "
            f"{rows[i]}: output {x[i]:g}, inputs {zcol[i]:g}, so the coefficients Z/x overflow; "
            "expected an output of the order of the inputs (or 0)",
            origin=origin, labels=[rows[j] for j in tiny[:10]],
        )
    zero = np.flatnonzero(x <= 0)
    if zero.size:
        names = [rows[i] for i in zero]
        diagnostics.append(
            Diagnostic(
                "zero-output",
                f"{zero.size} region-sector(s) with zero (or rounding-negative) output: "
                f"{', '.join(names[:10])}{' ...' if zero.size > 10 else ''}; their columns "
                "of A are zero",
                tuple(names),
            )
        )
    neg_fd = int((Y < 0).sum())
    if neg_fd:
        diagnostics.append(
            Diagnostic(
                "negative-final-demand",
                f"{neg_fd} negative final-demand entries (valid: changes in inventories)",
            )
        )

    fd_n = len(regions) * len(categories)
    checked: list[Account] = []
    seen_keys: set[str] = set()
    for acc in accounts:
        if acc.key in seen_keys:
            raise LabelMismatchError(f"duplicate account {acc.key!r}", origin=origin)
        seen_keys.add(acc.key)
        unit = acc.parsed_unit  # raises UnitError
        vals = np.asarray(acc.values, dtype=np.float64).ravel()
        if vals.shape != (n,):
            raise LabelMismatchError(
                f"account {acc.key!r} has {vals.shape[0]} values, expected {n} "
                f"(one per region-sector)",
                origin=origin,
            )
        _check_finite(f"account {acc.key!r}", vals[:, None], rows, None, origin)
        bad = np.flatnonzero((x <= 0) & (vals != 0))
        if bad.size:
            raise InvalidValueError(
                f"account {acc.key!r} has a value at zero output in {bad.size} region-sector(s), "
                f"first {rows[bad[0]]} ({vals[bad[0]]:g} {acc.unit}); expected 0 where gross "
                "output is 0 (put direct household work in the account's final_demand)",
                origin=origin,
                labels=[rows[i] for i in bad],
            )
        fdv = None
        if acc.final_demand is not None:
            fdv = np.asarray(acc.final_demand, dtype=np.float64).ravel()
            if fdv.shape != (fd_n,):
                raise LabelMismatchError(
                    f"final-demand part of account {acc.key!r} has {fdv.shape[0]} values, "
                    f"expected {fd_n} (one per region x category)",
                    origin=origin,
                )
            _check_finite(f"final-demand account {acc.key!r}", fdv[:, None], fd_cols, None, origin)
            fdv = _readonly(fdv)
        if not unit.monetary:
            pos = x > 0
            intensity = np.zeros_like(vals)
            intensity[pos] = np.abs(vals[pos]) / x[pos]
            nonzero = intensity[pos][intensity[pos] > 0]
            if nonzero.size:
                typical = float(np.median(nonzero))
                odd = np.flatnonzero(intensity > 1000 * typical)
                if odd.size:
                    diagnostics.append(
                        Diagnostic(
                            "tiny-output",
                            f"account {acc.key!r}: {odd.size} region-sector(s) with tiny output "
                            f"and a large account value (over 1000x the median intensity), "
                            f"e.g. {rows[odd[0]]}: {vals[odd[0]]:g} {acc.unit} on output "
                            f"{x[odd[0]]:g}; check units",
                            tuple(rows[i] for i in odd),
                        )
                    )
        checked.append(
            Account(
                acc.name,
                acc.unit,
                _readonly(vals),
                fdv,
                acc.extension,
                acc.modelled,
                acc.description,
                acc.variant_of,
                acc.variant,
            )
        )
    _check_variants(checked, origin)

    if warn:
        for d in diagnostics:
            if d.kind == "negative-final-demand":
                continue
            category = BalanceWarning if d.kind == "balance" else DataQualityWarning
            warnings.warn(f"{origin + ': ' if origin else ''}{d.message}", category, stacklevel=2)

    src = tuple(str(r) for r in source_regions) if source_regions is not None else regions
    if len(src) != len(regions):
        raise LabelMismatchError(
            f"{len(src)} source region codes for {len(regions)} regions", origin=origin
        )
    labels = tuple(str(s) for s in sector_names) if sector_names is not None else sectors
    if len(labels) != len(sectors):
        raise LabelMismatchError(
            f"{len(labels)} sector names for {len(sectors)} sectors", origin=origin
        )
    return MRIO(
        Z=Zv,
        Y=_readonly(Y),
        x=_readonly(x),
        regions=regions,
        sectors=sectors,
        sector_names=labels,
        categories=categories,
        accounts=tuple(checked),
        money=money or MonetaryUnit(price_year=year),
        year=year,
        source_regions=src,
        meta=dict(meta or {}),
        diagnostics=tuple(diagnostics),
    )


def _check_variants(accounts: Sequence[Account], origin: str | None) -> None:
    """Each variant names a central account of the same table, with a unit of the same kind."""
    by_key = {a.key: a for a in accounts}
    for a in accounts:
        if a.variant_of is None:
            if a.variant != CENTRAL:
                raise LabelMismatchError(
                    f"account {a.key!r} is variant {a.variant!r} of no account (set variant_of)",
                    origin=origin)
            continue
        base = by_key.get(a.variant_of)
        if base is None or base.variant_of is not None:
            raise LabelMismatchError(
                f"account {a.key!r} is a variant of {a.variant_of!r}, which is not a central "
                "account of this table", origin=origin)
        if not a.variant or a.variant == CENTRAL:
            raise LabelMismatchError(f"variant account {a.key!r} needs a variant name",
                                     origin=origin)
        if a.parsed_unit.kind != base.parsed_unit.kind:
            raise LabelMismatchError(
                f"variant {a.key!r} ({a.unit}) and its central account {base.key!r} "
                f"({base.unit}) measure different things", origin=origin)


def in_range(variant: str) -> bool:
    """Whether a variant is a structural alternative that belongs to the range.

    ``kind:option`` names (``calibration:max``) do, except Monte Carlo draws (``sample:17``);
    other names (``previous method``) are reported beside the range, never as a bound.

    Examples
    --------
    >>> in_range("calibration:max"), in_range("previous method"), in_range("sample:3")
    (True, False, False)
    """
    kind, sep, option = variant.partition(":")
    return bool(sep and option) and kind != "sample"


def variants_of(mrio: MRIO, account: str | Account, *, range_only: bool = False
                ) -> list[Account]:
    """The variant accounts of a central account, by the ``variant_of`` relation (table order).

    Parameters
    ----------
    mrio : MRIO
    account : str or Account
        The central account (``name`` or ``extension/name``); a variant resolves to its
        central account.
    range_only : bool
        Only the structural alternatives of the range (:func:`in_range`).

    Raises
    ------
    AccountNotFoundError
        No such account.
    """
    acc = account if isinstance(account, Account) else mrio.account(account)
    key = acc.variant_of or acc.key
    return [a for a in mrio.accounts if a.variant_of == key
            and (not range_only or in_range(a.variant))]


def check_labels(
    expected: Sequence[object], found: Sequence[object], what: str, origin: str | None = None
) -> None:
    """Raise :class:`LabelMismatchError` naming the first label that differs.

    Parameters
    ----------
    expected, found : sequence
        Labels that must agree (e.g. rows of Z and rows of Y).
    what : str
        Which block ``found`` belongs to, for the message.
    origin : str, optional
        File name for the message.
    """
    exp, fnd = list(expected), list(found)
    if exp == fnd:
        return
    if len(exp) != len(fnd):
        have, want = set(fnd), set(exp)
        missing = [e for e in exp if e not in have]
        extra = [f for f in fnd if f not in want]
        detail = (f"; first missing {missing[0]!r}" if missing else "") + (
            f"; first unexpected {extra[0]!r}" if extra else ""
        )
        raise LabelMismatchError(
            f"{what} has {len(fnd)} labels, expected {len(exp)}{detail}",
            origin=origin,
            labels=[*missing[:1], *extra[:1]],
        )
    i = next(k for k, (a, b) in enumerate(zip(exp, fnd, strict=True)) if a != b)
    raise LabelMismatchError(
        f"{what} label {fnd[i]!r} at position {i} differs from {exp[i]!r} expected there",
        origin=origin,
        labels=[fnd[i]],
    )

