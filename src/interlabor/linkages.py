"""Forward view and linkages: Rasmussen and Ghosh linkages, downstream accounts, type II.

Notation (Miller & Blair 2009): ``n`` region-sectors (region-major), ``R`` regions,
``L = (I - A)^-1``, ``B = diag(x)^-1 Z`` the allocation coefficients, ``G = (I - B)^-1`` the
Ghosh inverse, ``v = x - Z' 1`` the primary inputs, ``s = f / x`` the intensities of an
account ``f``. Neither ``L`` nor ``G`` is formed; every quantity is a solve with the table's
cached Leontief solver (:mod:`interlabor.kernel`):

* :func:`backward_linkages`: column sums ``1' L`` (Rasmussen 1956) from one transposed solve
  with one right-hand side per region, split into the part within the column's region
  (domestic) and in other regions (foreign); normalised by their mean, the power of dispersion.
* :func:`forward_linkages`: row sums ``G 1`` of the Ghosh inverse (Miller & Blair 2009,
  sec. 12.2, recommended over the row sums of ``L``), split the same way; normalised, the
  sensitivity of dispersion.
* :func:`downstream_accounts`: the account enabled downstream per unit of primary input,
  ``G s``, and the income-based account ``v_i (G s)_i`` (Lenzen & Murray 2010; Marques et al.
  2012): the account of all production that region-sector ``i``'s primary inputs enable;
  summed over ``i`` it is the world total of the account (``v' G = x'``).
* :func:`type2_multipliers`: output (and account) multipliers with each region's households
  endogenised (Miller & Blair 2009, sec. 6.2): households of region ``r`` earn the
  labour income of ``r``'s sectors and spend it on the products (from every region) of ``r``'s
  household final consumption, in its proportions.

:func:`linkages` puts them into one tidy table (:func:`interlabor.io.output.tidy`). Formulas,
approximations and how to read them: ``docs/linkages.md``. The Ghosh quantities describe
where output is sold, not a causal supply model (Dietzenbacher 1997; Oosterhaven 1988).

References
----------
Rasmussen, P. N. (1956). *Studies in Inter-Sectoral Relations*. Amsterdam: North-Holland.
Ghosh, A. (1958). Input-output approach in an allocation system. *Economica* 25: 58-64.
Dietzenbacher, E. (1997). In vindication of the Ghosh model: a reinterpretation as a price
model. *Journal of Regional Science* 37(4): 629-651.
Miller, R. E. & Blair, P. D. (2009). *Input-Output Analysis: Foundations and Extensions*, 2nd
ed., Cambridge University Press, ch. 6 (multipliers) and ch. 12 (supply side, linkages).
Lenzen, M. & Murray, J. (2010). Conceptualising environmental responsibility. *Ecological
Economics* 70(2): 261-270.
Marques, A., Rodrigues, J., Lenzen, M. & Domingos, T. (2012). Income-based environmental
responsibility. *Ecological Economics* 84: 57-65.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import scipy.sparse as sp

from .algebra import LeontiefSolver, check_productive
from .errors import AccountNotFoundError, InterlaborError, UnitError
from .indicators import indicator
from .io.output import tidy
from .kernel import ghosh_solve, intensities, solve_transposed
from .model import MRIO, Account

__all__ = [
    "HOUSEHOLD_CATEGORIES",
    "INCOME_ACCOUNTS",
    "KINDS",
    "backward_linkages",
    "closure",
    "downstream_accounts",
    "forward_linkages",
    "household_category",
    "income_account",
    "linkages",
    "type2_multipliers",
]

#: What :func:`linkages` computes, in the order of its output.
KINDS: tuple[str, ...] = ("backward", "forward", "ghosh", "type2")
#: Final-demand categories read as household final consumption (first match wins).
HOUSEHOLD_CATEGORIES: tuple[str, ...] = (
    "CONS_h", "Final consumption expenditure by households", "households", "HFCE")
#: Accounts read as the households' labour income, in order of preference.
INCOME_ACCOUNTS: tuple[str, ...] = ("compensation", "labour_income")


def closure(propensity: float | str = 1.0) -> str:
    """The closure of :func:`type2_multipliers` in words, as written in its output."""
    how = ("its household final consumption per unit of labour income (HFCE_r / W_r)"
           if propensity == "average" else
           f"{float(propensity):g} of each unit in the shares of its household final consumption")
    return ("per-region households (Miller & Blair 2009, sec. 6.2): households of each region "
            f"earn its sectors' labour income and spend {how}")


# ---- helpers -----------------------------------------------------------------------------------
def _region_of(mrio: MRIO) -> np.ndarray:
    """Region number of each region-sector, shape (n,)."""
    return np.repeat(np.arange(mrio.n_regions), mrio.n_sectors)


def _membership(mrio: MRIO) -> np.ndarray:
    """``E[r, i] = 1`` where region-sector ``i`` is in region ``r``, shape (R, n)."""
    E = np.zeros((mrio.n_regions, mrio.n))
    E[_region_of(mrio), np.arange(mrio.n)] = 1.0
    return E


def _split(mrio: MRIO, by_region: np.ndarray) -> pd.DataFrame:
    """Totals, domestic and foreign parts and their indices from per-region sums (n, R)."""
    total = by_region.sum(axis=1)
    domestic = by_region[np.arange(mrio.n), _region_of(mrio)]
    pos = mrio.x > 0
    mean = total[pos].mean() if pos.any() else np.nan
    scale = np.where(pos, 1.0 / mean, np.nan)
    return pd.DataFrame({
        "total": total, "domestic": domestic, "foreign": total - domestic,
        "index": total * scale, "index_domestic": domestic * scale,
        "index_foreign": (total - domestic) * scale,
    }, index=mrio.index)


# ---- linkages ----------------------------------------------------------------------------------
def backward_linkages(mrio: MRIO) -> pd.DataFrame:
    """Backward linkages: column sums of ``L`` and the power of dispersion (Rasmussen 1956).

    ``b_j = sum_i L_ij`` from one transposed solve ``E L`` (one row per region:
    ``(E L)_rj = sum_{i in r} L_ij``), domestic part ``sum_{i in r(j)} L_ij``, foreign part
    the rest; the index is ``b_j / mean(b)`` (and each part over the same mean, so the parts
    add up to it), the mean over region-sectors with output.

    Parameters
    ----------
    mrio : MRIO

    Returns
    -------
    DataFrame, index (region, sector), n rows
        ``total``, ``domestic``, ``foreign``: output of all sectors per unit of final demand for
        the product (money per money); ``index``, ``index_domestic``, ``index_foreign``:
        dimensionless, 1 on average (NaN for sectors without output).

    Raises
    ------
    NonProductiveError
        If ``A`` is not productive.
    """
    return _split(mrio, solve_transposed(mrio, _membership(mrio)).T)


def forward_linkages(mrio: MRIO) -> pd.DataFrame:
    """Forward linkages: row sums of the Ghosh inverse and the sensitivity of dispersion.

    ``g_i = sum_j G_ij`` from one Ghosh solve ``G E'`` (one column per region:
    ``(G E')_ir = sum_{j in r} G_ij``; :func:`interlabor.kernel.ghosh_solve`), split and
    normalised like :func:`backward_linkages`. ``g_i`` is the output of all sectors that one
    unit of primary input of ``i`` passes through (Miller & Blair 2009, sec. 12.2).
    Parameters, returns (the columns of row sums of ``G``) and errors as
    :func:`backward_linkages`.
    """
    return _split(mrio, ghosh_solve(mrio, _membership(mrio).T))


def _money_values(mrio: MRIO, acc: Account) -> np.ndarray:
    """An account's values in the table's money unit; UnitError for another currency."""
    unit = acc.parsed_unit
    if not unit.monetary or unit.base != mrio.money.currency:
        raise UnitError(f"account {acc.key!r} is in {acc.unit!r}; expected money in "
                        f"{mrio.money.currency} (the table's currency)")
    return np.asarray(acc.values, dtype=np.float64) * (unit.scale / mrio.money.scale)


def downstream_accounts(mrio: MRIO, accounts: Sequence[str]) -> pd.DataFrame:
    """Accounts enabled downstream by each region-sector's primary inputs (income-based view).

    With ``s = f / x``: ``d = G s`` (one Ghosh solve for all accounts), the account of the
    production that one unit of primary input of ``i`` enables, and the income-based account
    ``v_i d_i`` with ``v = x - Z' 1``; ``sum_i v_i d_i = v' G s = x' s = sum f``.

    Parameters
    ----------
    mrio : MRIO
    accounts : sequence of str
        Account names (``hours``, ``labour/hours``, ...).

    Returns
    -------
    DataFrame, index (account, region, sector)
        ``primary_inputs`` ``v`` (money), ``production_based`` ``f`` (account unit),
        ``downstream_intensity`` ``d`` (account unit per money unit of primary input) and
        ``income_based`` ``v d`` (account unit). ``attrs``: ``units`` and ``modelled``
        (account key -> unit, -> bool).

    Raises
    ------
    AccountNotFoundError
        If an account is not in the table.
    NonProductiveError
        If ``A`` is not productive.
    """
    accs = [mrio.account(a) for a in accounts]
    F = np.array([a.values for a in accs], dtype=np.float64).reshape(len(accs), mrio.n)
    D = ghosh_solve(mrio, intensities(mrio, F).T).T  # (k, n)
    v = mrio.value_added
    idx = pd.MultiIndex.from_tuples(
        [(a.key, r, s) for a in accs for r, s in mrio.index], names=["account", "region", "sector"])
    out = pd.DataFrame({"primary_inputs": np.tile(v, len(accs)), "production_based": F.ravel(),
                        "downstream_intensity": D.ravel(), "income_based": (D * v).ravel()},
                       index=idx)
    out.attrs.update(units={a.key: a.unit for a in accs},
                     modelled={a.key: bool(a.modelled) for a in accs})
    return out


# ---- type II -----------------------------------------------------------------------------------
def household_category(mrio: MRIO, name: str | None = None) -> int:
    """Position of the household final consumption category in ``mrio.categories``.

    Raises
    ------
    AccountNotFoundError
        If ``name`` (or, without it, every name of :data:`HOUSEHOLD_CATEGORIES`) is not a
        category of the table.
    """
    wanted = (name,) if name is not None else HOUSEHOLD_CATEGORIES
    low = [c.lower() for c in mrio.categories]
    for w in wanted:
        if w.lower() in low:
            return low.index(w.lower())
    raise AccountNotFoundError(
        f"no household final consumption in this table: expected a final-demand category "
        f"{' or '.join(repr(w) for w in wanted)}; categories: {', '.join(mrio.categories)}")


def income_account(mrio: MRIO, name: str | None = None) -> Account:
    """The households' labour-income account: ``name``, or the first of :data:`INCOME_ACCOUNTS`.

    Raises
    ------
    AccountNotFoundError
        If there is no such account (names the accounts looked for and the table's).
    """
    if name is not None:
        return mrio.account(name)
    for cand in INCOME_ACCOUNTS:
        try:
            return mrio.account(cand)
        except AccountNotFoundError:
            continue
    raise AccountNotFoundError(
        f"no labour-income account for the households: expected an account "
        f"{' or '.join(repr(c) for c in INCOME_ACCOUNTS)} (compensation of employees, or the "
        f"modelled labour income built with --labour-data); accounts: "
        f"{', '.join(mrio.account_names) or 'none'}")


def _closed(mrio: MRIO, w: np.ndarray, k: int, propensity: float | str
            ) -> tuple[sp.csr_array, np.ndarray]:
    """The coefficients ``[[A, C], [H, 0]]`` closed for per-region households, and ``1' C``."""
    n, R, K = mrio.n, mrio.n_regions, len(mrio.categories)
    reg = _region_of(mrio)
    hh = mrio.Y.reshape(n, R, K)[:, :, k]  # (n, R): household consumption of each region
    if propensity == "average":
        W = np.bincount(reg, weights=w, minlength=R)
        bad = [r for r, Wr, c in zip(mrio.regions, W, hh.sum(axis=0), strict=True)
               if c > 0 and Wr <= 0]
        if bad:
            raise InterlaborError(f"households of {', '.join(bad)} consume but earn no labour "
                                  "income; expected labour income wherever households consume")
        C = np.divide(hh, W, out=np.zeros_like(hh), where=W > 0)
    else:
        p = float(propensity)
        if not 0.0 < p <= 1.0:
            raise ValueError(f"propensity {propensity!r}: expected a number in (0, 1] or "
                             "'average'")
        total = hh.sum(axis=0)
        C = p * np.divide(hh, total, out=np.zeros_like(hh), where=total > 0)
    pos = mrio.x > 0
    h = np.divide(w, mrio.x, out=np.zeros(n), where=pos)
    H = sp.csr_array((h[pos], (reg[pos], np.flatnonzero(pos))), shape=(R, n))
    A = sp.csr_array(mrio.A) if sp.issparse(mrio.A) else sp.csr_array(np.asarray(mrio.A))
    top = sp.hstack([A, sp.csr_array(C)])
    bottom = sp.hstack([H, sp.csr_array((R, R))])
    return sp.csr_array(sp.vstack([top, bottom])), C.sum(axis=0)


def type2_multipliers(mrio: MRIO, *, income: str | None = None, households: str | None = None,
                      accounts: Sequence[str] = (), propensity: float | str = 1.0
                      ) -> pd.DataFrame:
    """Type-I and type-II multipliers, households of each region endogenised.

    The closed coefficients are ``Abar = [[A, C], [H, 0]]`` (``n + R`` square): ``H[r, i] =
    w_i / x_i`` for ``i`` in region ``r`` (labour-income coefficients, ``w`` the income
    account) and ``C[i, r] = p yh_ir / sum_j yh_jr``: households of region ``r`` spend the
    share ``p`` (``propensity``, default 1) of each unit of labour income on product ``i``
    (from any region) in the shares of their final consumption ``yh``; with ``propensity=
    "average"``, ``C[i, r] = yh_ir / W_r`` (Miller & Blair's coefficients with labour income
    ``W_r = sum_{i in r} w_i`` as the households' whole income: above 1 per unit where
    household consumption exceeds labour income).
    Type-II multipliers are ``[m, 0] (I - Abar)^-1`` over the first ``n`` columns, from one
    transposed solve of the sparse closed system (after a productivity check); type I are
    ``m L``, with ``m = 1`` (output) or ``s`` (an account's intensities).

    Parameters
    ----------
    mrio : MRIO
    income : str, optional
        Labour-income account (money); default the first of :data:`INCOME_ACCOUNTS`.
    households : str, optional
        Household final consumption category; default the first of
        :data:`HOUSEHOLD_CATEGORIES`.
    accounts : sequence of str
        Accounts whose multipliers are added besides output.
    propensity : float in (0, 1], or "average"
        Household consumption per unit of labour income (see above).

    Returns
    -------
    DataFrame, index (measure, region, sector)
        ``measure`` is ``output`` or an account key; columns ``type1``, ``type2`` (output:
        money per money; an account: its unit per money unit of final demand) and ``induced``
        (``type2 - type1``). ``attrs``: ``closure``, ``income`` (account key),
        ``households`` (category), ``income_modelled``, ``propensity`` (region -> household
        consumption per unit of labour income, ``1' C``), ``units``, ``modelled``.

    Raises
    ------
    AccountNotFoundError
        If the table has no labour-income account or no household consumption category (the
        message names what is missing), or an account is not in the table.
    UnitError
        If the income account is not money in the table's currency.
    ValueError
        If ``propensity`` is not in (0, 1] or ``"average"``.
    InterlaborError
        With ``"average"``: households that consume in a region without labour income.
    NonProductiveError
        If the closed system is not productive (its households' rows are labelled
        ``households/REGION``).
    """
    acc_w = income_account(mrio, income)
    k = household_category(mrio, households)
    w = _money_values(mrio, acc_w)
    accs = [mrio.account(a) for a in accounts]
    Abar, spent = _closed(mrio, w, k, propensity)
    labels = [f"{r}/{s}" for r, s in mrio.index] + [f"households/{r}" for r in mrio.regions]
    check_productive(Abar, labels, origin=str(mrio.meta.get("file") or "") or None)
    n, R = mrio.n, mrio.n_regions
    S = np.vstack([np.ones((1, n)),
                   intensities(mrio, np.array([a.values for a in accs]).reshape(-1, n))])
    type1 = solve_transposed(mrio, S)
    rhs = np.hstack([S, np.zeros((S.shape[0], R))])
    type2 = LeontiefSolver(Abar).solve_transposed(np.ascontiguousarray(rhs.T)).T[:, :n]
    names = ["output", *(a.key for a in accs)]
    idx = pd.MultiIndex.from_tuples([(m, r, s) for m in names for r, s in mrio.index],
                                    names=["measure", "region", "sector"])
    out = pd.DataFrame({"type1": type1.ravel(), "type2": type2.ravel(),
                        "induced": (type2 - type1).ravel()}, index=idx)
    out.attrs.update(
        closure=closure(propensity), income=acc_w.key, households=mrio.categories[k],
        income_modelled=bool(acc_w.modelled),
        propensity=dict(zip(mrio.regions, spent.tolist(), strict=True)),
        units={"output": f"{mrio.money.currency} per {mrio.money.currency}",
               **{a.key: f"{a.unit} per {mrio.money.label}" for a in accs}},
        modelled={"output": bool(acc_w.modelled),
                  **{a.key: bool(a.modelled or acc_w.modelled) for a in accs}})
    return out


# ---- the tidy table ----------------------------------------------------------------------------
_LINK_COLS = {"total": ("", "total"), "domestic": ("", "domestic"), "foreign": ("", "foreign"),
              "index": ("_index", "total"), "index_domestic": ("_index", "domestic"),
              "index_foreign": ("_index", "foreign")}


def _long(frame: pd.DataFrame, columns: dict[str, tuple[str, str]], *, unit: str | list[str],
          account: str | None = None, modelled: bool = False, note: str | None = None
          ) -> pd.DataFrame:
    """``frame`` (index region, sector) melted to rows of (indicator, part, value)."""
    parts = []
    for col, (ind, part) in columns.items():
        df = frame[[col]].rename(columns={col: "value"}).reset_index()
        df.insert(0, "part", part)
        df.insert(0, "indicator", ind)
        parts.append(df)
    long = pd.concat(parts, ignore_index=True)
    long["label"] = [indicator(i).label(part=p, account=account)
                     for i, p in zip(long["indicator"], long["part"], strict=True)]
    extra = {} if note is None else {"note": note}
    return tidy(long, unit=unit, account=account, modelled=modelled, **extra)


def linkages(mrio: MRIO, *, kinds: Sequence[str] = KINDS, accounts: Sequence[str] = (),
             income: str | None = None, households: str | None = None,
             propensity: float | str = 1.0) -> pd.DataFrame:
    """Linkages and forward-view accounts of a table as one tidy long table.

    Parameters
    ----------
    mrio : MRIO
    kinds : sequence of {"backward", "forward", "ghosh", "type2"}
        What to compute (:data:`KINDS`).
    accounts : sequence of str
        Accounts of the ``ghosh`` (downstream) and ``type2`` parts; ``ghosh`` needs one.
    income, households, propensity
        Passed to :func:`type2_multipliers`.

    Returns
    -------
    DataFrame
        The schema of :func:`interlabor.io.output.tidy`, dimensions ``part`` (``total``,
        ``domestic``, ``foreign``), ``region``, ``sector``; ids ``backward_linkage[_index]``,
        ``forward_linkage[_index]``, ``downstream_intensity``, ``income_based``,
        ``type1_output_multiplier``, ``type2_output_multiplier``, ``type1_multiplier``,
        ``type2_multiplier`` (of an account); ``modelled`` from the accounts used,
        ``note`` the closure on type-II rows.

    Raises
    ------
    ValueError
        If a kind is unknown, or ``ghosh`` is asked without an account.
    AccountNotFoundError, UnitError, NonProductiveError
        As the functions above.
    """
    unknown = [k for k in kinds if k not in KINDS]
    if unknown:
        raise ValueError(f"unknown kind(s) {', '.join(unknown)}; expected {', '.join(KINDS)}")
    out = []
    money = mrio.money.currency
    ratio = f"{money} per {money}"
    for kind, fn in (("backward", backward_linkages), ("forward", forward_linkages)):
        if kind in kinds:
            cols = {c: (f"{kind}_linkage{suffix}", part) for c, (suffix, part) in
                    _LINK_COLS.items()}
            out.append(_long(fn(mrio), cols, unit=[ratio] * 3 * mrio.n + ["1"] * 3 * mrio.n))
    if "ghosh" in kinds:
        if not accounts:
            raise ValueError("the downstream (ghosh) accounts need an account, e.g. hours")
        down = downstream_accounts(mrio, accounts)
        for key in down.index.unique("account"):
            one = down.xs(key, level="account")
            unit = down.attrs["units"][key]
            out.append(_long(one, {"downstream_intensity": ("downstream_intensity", "total"),
                                   "income_based": ("income_based", "total")},
                             unit=[f"{unit} per {mrio.money.label}"] * mrio.n + [unit] * mrio.n,
                             account=key, modelled=down.attrs["modelled"][key]))
    if "type2" in kinds:
        t2 = type2_multipliers(mrio, income=income, households=households, accounts=accounts,
                               propensity=propensity)
        for m in t2.index.unique("measure"):
            one = t2.xs(m, level="measure")
            ids = (("type1_output_multiplier", "type2_output_multiplier") if m == "output"
                   else ("type1_multiplier", "type2_multiplier"))
            out.append(_long(one, {"type1": (ids[0], "total"), "type2": (ids[1], "total")},
                             unit=t2.attrs["units"][m], modelled=t2.attrs["modelled"][m],
                             account=None if m == "output" else m,
                             note=f"{t2.attrs['closure']}; income {t2.attrs['income']}"
                             f"{' (modelled)' if t2.attrs['income_modelled'] else ''}, "
                             f"households {t2.attrs['households']}"))
    return pd.concat(out, ignore_index=True) if out else tidy(pd.DataFrame(
        {"value": [], "label": []}), unit=[])
