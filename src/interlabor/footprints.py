"""Footprints of any account: multipliers, production- and consumption-based accounts, flows.

Notation (Miller & Blair 2009, ch. 2-3; pymrio's names in brackets): ``n`` region-sectors,
``R`` regions, ``f`` an account (hours, value added, ...) of shape (n,), ``s = f / x`` its
intensities [S], ``L = (I - A)^-1`` [L], ``Y_d`` final demand of consuming region ``d`` summed
over categories, ``f^Y_d`` the direct account of ``d``'s final demand [F_Y].

* multipliers ``m' = s' L`` [M]: total account per unit of final demand of each product;
  type-I multipliers ``m / s``: total over direct.
* footprint flows ``T[i, d] = s_i (L Y_d)_i``: account of origin region-sector ``i`` embodied in
  the final demand of ``d``. Summing ``T`` over origin sectors of region ``o`` gives ``o``'s
  work for ``d``. One solve ``L [Y_1 ... Y_R]`` (R right-hand sides) serves every account.
* consumption-based account of ``d``: ``sum_i T[i, d] + sum f^Y_d`` [D_cba_reg];
  production-based account of ``r``: ``sum_{i in r} f_i + sum f^Y_r`` [D_pba_reg]; with
  ``x = L Y 1`` these have the same world total (the identity tested everywhere).
* by consumed product [D_cba]: ``D[d, p] = sum_r m_(r,p) Y[(r,p), d]``.
* embodied trade, two ways: footprint flows between regions (off-diagonal ``T`` summed by
  origin region, the default), and the EEBT content of gross exports: exports ``e_{rd}`` of
  ``r`` to ``d`` (intermediate and final) valued with ``r``'s domestic chain only,
  ``s_r' (I - A_rr)^-1 e_{rd}`` (Peters 2008; Kanemoto et al. 2012). Gross exports times world
  multipliers double counts and is never computed.

Every function takes an :class:`~interlabor.model.MRIO` and returns labelled pandas objects
whose ``attrs`` carry ``account``, ``unit`` and ``modelled``. The algebra (cached solver and
``L Y``, intensities, flows, multipliers) is :mod:`interlabor.kernel`'s; ``solver`` and
``final_output`` here are the kernel's own.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np
import pandas as pd
import scipy.sparse as sp

from . import kernel
from .errors import LabelMismatchError
from .kernel import _FINAL_OUTPUT as _FINAL_OUTPUT  # noqa: F401 - the caches, for tests
from .kernel import _SOLVERS as _SOLVERS  # noqa: F401
from .kernel import final_output, solver
from .model import MRIO, Account

__all__ = [
    "consumption_based",
    "eebt",
    "embodied_trade",
    "final_output",
    "footprint_flows",
    "identity_check",
    "intensities",
    "multipliers",
    "per_capita",
    "per_worker",
    "production_based",
    "solver",
    "type1_multipliers",
]

By = Literal["region", "origin", "origin-sector", "product", "category"]

Layout = Literal["interlabor", "pymrio"]


def _attrs(obj: pd.Series | pd.DataFrame, acc: Account) -> pd.Series | pd.DataFrame:
    obj.attrs = {"account": acc.key, "unit": acc.unit, "modelled": acc.modelled}
    return obj


def _account(mrio: MRIO, account: str | Account) -> Account:
    return account if isinstance(account, Account) else mrio.account(account)


def intensities(mrio: MRIO, account: str | Account) -> np.ndarray:
    """Direct intensities ``s = f / x`` (account per unit of output), 0 where ``x <= 0``.

    Returns
    -------
    ndarray, shape (n,)
        In account unit per money unit of the table (e.g. hours per USD million).
    """
    return kernel.intensities(mrio, _account(mrio, account).values)


def multipliers(mrio: MRIO, accounts: Sequence[str | Account] | None = None) -> pd.DataFrame:
    """Total multipliers ``M = S L``: account per unit of final demand, by product.

    One transposed solve ``L' S'`` with one right-hand side per account.

    Parameters
    ----------
    mrio : MRIO
    accounts : sequence of str or Account, optional
        Default: all accounts.

    Returns
    -------
    DataFrame, shape (k, n)
        Index: account keys; columns: (region, sector). Units: account unit per money unit.
    """
    accs = [_account(mrio, a) for a in (accounts if accounts is not None else mrio.accounts)]
    F = np.array([a.values for a in accs]).reshape(len(accs), mrio.n)
    M = kernel.solve_transposed(mrio, kernel.intensities(mrio, F))
    return pd.DataFrame(M, index=[a.key for a in accs], columns=mrio.index)


def type1_multipliers(mrio: MRIO, accounts: Sequence[str | Account] | None = None) -> pd.DataFrame:
    """Type-I multipliers: total over direct, ``m_j / s_j`` (NaN where ``s_j = 0``).

    Returns
    -------
    DataFrame, shape (k, n)
        Dimensionless.
    """
    M = multipliers(mrio, accounts)
    S = np.vstack([intensities(mrio, k) for k in M.index]) if len(M) else np.zeros((0, mrio.n))
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(S != 0, M.to_numpy() / np.where(S != 0, S, 1.0), np.nan)
    return pd.DataFrame(ratio, index=M.index, columns=M.columns)


def _direct(mrio: MRIO, acc: Account) -> np.ndarray:
    return kernel.direct_by_region(mrio, acc.final_demand)


def production_based(mrio: MRIO, account: str | Account) -> pd.Series:
    """Production-based account by region: ``sum_{i in r} f_i + f^Y_r`` [pymrio D_pba_reg].

    Returns
    -------
    Series, index region
    """
    acc = _account(mrio, account)
    by_region = acc.values.reshape(mrio.n_regions, mrio.n_sectors).sum(axis=1)
    total = by_region + _direct(mrio, acc)
    return _attrs(pd.Series(total, index=pd.Index(mrio.regions, name="region"), name=acc.key), acc)


def footprint_flows(mrio: MRIO, account: str | Account) -> pd.DataFrame:
    """Footprint flows ``T = diag(s) L Y_reg``: origin region-sector -> consuming region.

    Returns
    -------
    DataFrame, shape (n, R)
        Index (origin_region, origin_sector); columns consumer_region; account units. Direct
        accounts of final demand are not included (see :func:`consumption_based`).
    """
    acc = _account(mrio, account)
    T = kernel.flows(mrio, intensities(mrio, acc))
    idx = mrio.index.set_names(["origin_region", "origin_sector"])
    cols = pd.Index(mrio.regions, name="consumer_region")
    return _attrs(pd.DataFrame(T, index=idx, columns=cols), acc)


def consumption_based(
    mrio: MRIO, account: str | Account, *, by: By = "region", layout: Layout = "interlabor"
) -> pd.Series | pd.DataFrame:
    """Consumption-based account (footprint) of each consuming region.

    Parameters
    ----------
    mrio : MRIO
    account : str or Account
        Account name (``hours`` or ``extension/row``) or the account itself.
    by : {"region", "origin", "origin-sector", "product", "category"}
        ``region``: total per consumer [D_cba_reg], including the direct account of final
        demand. ``origin``: origin region x consumer region; the direct account of final
        demand is domestic (on the diagonal). ``origin-sector``: (origin region, origin
        sector) x consumer, with a row ``(d, "final demand (direct)")`` per region when the
        account has a final-demand part. ``product``: consumed product (sector, from any
        origin region) of the consumer's final demand x consumer region [D_cba, transposed],
        without the direct part. ``category``: consumer region x final-demand category,
        direct part included in its category.
    layout : {"interlabor", "pymrio"}
        ``interlabor``: the labelled shapes above. ``pymrio``: the orientation of pymrio's
        extension accounts, one row per account (index ``account``: the account key) and one
        column per consumer, for the two decompositions pymrio has: ``by="region"`` gives
        ``D_cba_reg`` (columns ``region``: the consumer region; direct part included, as
        pymrio adds ``F_Y``) and ``by="product"`` gives ``D_cba`` (columns ``(region,
        sector)``: the consumer region and the product it buys, summed over the regions that
        supply it; no direct part, as in pymrio). Equal to pymrio's frames row for row.

    Returns
    -------
    Series or DataFrame
        In the account's unit; ``attrs`` say account, unit and whether it is modelled.

    Raises
    ------
    ValueError
        If ``by`` or ``layout`` is unknown, or ``layout="pymrio"`` with a ``by`` other than
        ``region`` or ``product`` (pymrio has no such table).
    """
    acc = _account(mrio, account)
    if layout == "pymrio":
        return _pymrio_layout(mrio, acc, by)
    if layout != "interlabor":
        raise ValueError(f"unknown layout {layout!r}: expected 'interlabor' or 'pymrio'")
    direct = _direct(mrio, acc)
    regions = pd.Index(mrio.regions, name="consumer_region")
    if by in ("region", "origin"):
        F = kernel.flows_by_origin(mrio, intensities(mrio, acc), direct)
        if by == "region":
            return _attrs(pd.Series(F.sum(axis=0), index=regions, name=acc.key), acc)
        idx = pd.Index(mrio.regions, name="origin_region")
        return _attrs(pd.DataFrame(F, index=idx, columns=regions), acc)
    if by == "origin-sector":
        T = footprint_flows(mrio, acc)
        if acc.final_demand is None or not np.any(acc.final_demand):
            return T
        extra = pd.DataFrame(
            np.diag(direct),
            index=pd.MultiIndex.from_product(
                [mrio.regions, ["final demand (direct)"]], names=T.index.names
            ),
            columns=regions,
        )
        return _attrs(pd.concat([T, extra]), acc)
    if by == "product":
        m = kernel.solve_transposed(mrio, intensities(mrio, acc))
        D = (m[:, None] * mrio.Y_by_region).reshape(mrio.n_regions, mrio.n_sectors, -1).sum(axis=0)
        idx = pd.Index(mrio.sectors, name="product")
        return _attrs(pd.DataFrame(D, index=idx, columns=regions), acc)
    if by == "category":
        m = kernel.solve_transposed(mrio, intensities(mrio, acc))
        C = (m @ mrio.Y).reshape(mrio.n_regions, len(mrio.categories))
        if acc.final_demand is not None:
            C = C + acc.final_demand.reshape(C.shape)
        cols = pd.Index(mrio.categories, name="category")
        return _attrs(pd.DataFrame(C, index=regions, columns=cols), acc)
    raise ValueError(
        f"unknown decomposition by={by!r}: expected region, origin, origin-sector, product "
        "or category"
    )


def _pymrio_layout(mrio: MRIO, acc: Account, by: By) -> pd.DataFrame:
    """``D_cba_reg`` (by region) or ``D_cba`` (by product) as pymrio orients them."""
    if by == "region":
        cols: pd.Index = pd.Index(mrio.regions, name="region")
    elif by == "product":
        cols = mrio.index  # (consumer region, product sector), region-major like pymrio
    else:
        raise ValueError(
            f"layout='pymrio' has no by={by!r}: pymrio's accounts are D_cba_reg (by='region') "
            "and D_cba (by='product')"
        )
    res = consumption_based(mrio, acc, by=by)
    vals = res.to_numpy().T.ravel()  # product: (S, R) -> consumer-major (R*S,)
    out = pd.DataFrame(vals[None, :], index=pd.Index([acc.key], name="account"), columns=cols)
    return _attrs(out, acc)


def embodied_trade(
    mrio: MRIO, account: str | Account, *, method: Literal["flows", "eebt"] = "flows"
) -> pd.DataFrame:
    """Account embodied in trade between regions, origin (exporter) x consumer (importer).

    Parameters
    ----------
    method : {"flows", "eebt"}
        ``flows``: footprint flows, the account of origin ``o`` in the final demand of
        ``d != o`` wherever the goods cross borders on the way. ``eebt``: the domestic-chain
        content of ``o``'s gross exports to ``d`` (see :func:`eebt`). The two answer different
        questions and have the same world total only by coincidence.

    Returns
    -------
    DataFrame, shape (R, R)
        Zero diagonal.
    """
    if method == "flows":
        by_origin = consumption_based(mrio, account, by="origin")
        assert isinstance(by_origin, pd.DataFrame)
        vals = by_origin.to_numpy().copy()
        np.fill_diagonal(vals, 0.0)
        out = pd.DataFrame(
            vals,
            index=pd.Index(mrio.regions, name="exporter"),
            columns=pd.Index(mrio.regions, name="importer"),
        )
        return _attrs(out, _account(mrio, account))
    if method == "eebt":
        return eebt(mrio, account)
    raise ValueError(f"unknown method {method!r}: expected 'flows' or 'eebt'")


def eebt(mrio: MRIO, account: str | Account) -> pd.DataFrame:
    """Account embodied in bilateral trade (EEBT): domestic-chain content of gross exports.

    For exporter ``r`` and importer ``d != r``: ``s_r' (I - A_rr)^-1 e_rd`` where ``e_rd`` is
    what ``r`` ships to ``d`` (``Z_rd 1 + Y_rd 1``) and ``A_rr`` the domestic block of ``r``.

    Returns
    -------
    DataFrame, shape (R, R)
        Index exporter, columns importer, zero diagonal.
    """
    acc = _account(mrio, account)
    R, S = mrio.n_regions, mrio.n_sectors
    s = intensities(mrio, acc)
    A = mrio.A
    Zs = sp.csr_array(mrio.Z) if sp.issparse(mrio.Z) else None
    out = np.zeros((R, R))
    for r in range(R):
        rows = slice(r * S, (r + 1) * S)
        if Zs is not None:
            Zr = Zs[rows, :].toarray()
            Arr = sp.csr_array(A)[rows, rows].toarray()
        else:
            Zr = np.asarray(mrio.Z)[rows, :]
            Arr = np.asarray(A)[rows, rows]
        e = Zr.reshape(S, R, S).sum(axis=2) + mrio.Y_by_region[rows, :]  # (S, R) by importer
        e[:, r] = 0.0
        mult = np.linalg.solve((np.eye(S) - Arr).T, s[rows])  # s_r' (I - A_rr)^-1
        out[r] = mult @ e
    idx = pd.Index(mrio.regions, name="exporter")
    cols = pd.Index(mrio.regions, name="importer")
    return _attrs(pd.DataFrame(out, index=idx, columns=cols), acc)


def identity_check(mrio: MRIO, account: str | Account) -> dict[str, float]:
    """World consumption-based total against world production-based total.

    Returns
    -------
    dict
        ``consumption`` and ``production`` world totals (account units) and
        ``relative_gap`` = |cba - pba| / max(|pba|, tiny).
    """
    cba = float(consumption_based(mrio, account).sum())
    pba = float(production_based(mrio, account).sum())
    return {
        "consumption": cba,
        "production": pba,
        "relative_gap": abs(cba - pba) / max(abs(pba), np.finfo(float).tiny),
    }


def per_capita(result: pd.Series, population: pd.Series | dict[str, float]) -> pd.Series:
    """Divide a per-region result by population (or any per-region denominator).

    Parameters
    ----------
    result : Series
        Indexed by region (e.g. :func:`consumption_based` with ``by="region"``).
    population : Series or dict
        Persons per region, same region codes.

    Returns
    -------
    Series
        Unit ``"<unit> per person"``; NaN where the population is 0.

    Raises
    ------
    LabelMismatchError
        If a region of ``result`` has no population.
    """
    pop = pd.Series(population, dtype=float)
    missing = [r for r in result.index if r not in pop.index]
    if missing:
        raise LabelMismatchError(
            f"no population for region(s) {missing[:5]}; expected one value per region of the "
            "result"
        )
    p = pop.reindex(result.index).to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        out = pd.Series(np.where(p != 0, result.to_numpy() / p, np.nan), index=result.index,
                        name=result.name)
    out.attrs = {**result.attrs, "unit": f"{result.attrs.get('unit', '')} per person".strip()}
    return out


def per_worker(mrio: MRIO, account: str | Account, persons: str | Account) -> pd.Series:
    """Production-based account per person employed, by region (e.g. hours per worker).

    Both accounts include their final-demand (household) parts.

    Returns
    -------
    Series
        Unit ``"<account unit> per <persons unit>"``.
    """
    num = production_based(mrio, account)
    den = production_based(mrio, persons)
    out = per_capita(num, den)
    out.attrs["unit"] = f"{num.attrs['unit']} per {den.attrs['unit']}"
    out.attrs["modelled"] = bool(num.attrs.get("modelled") or den.attrs.get("modelled"))
    return out
