"""Structural path analysis: the largest supply-chain paths of an account behind a final demand.

Notation (Miller & Blair 2009, ch. 2 and ch. 11 on SPA; Lenzen & Crawford 2009):
``s = f / x`` the account's intensities (:func:`interlabor.kernel.intensities`), ``A`` the
coefficients, ``y`` (n,) the final demand studied (one consumer region; optionally one
product sector from every origin region, one final-demand category, or both), ``m = s L`` the
multipliers (one transposed solve, :func:`interlabor.kernel.solve_transposed`; ``L`` is never
formed). The footprint ``m y = sum_t s A^t y`` expands into paths: the path
``d <- k <- j <- i`` (final demand of ``d`` buys ``k``, ``k`` buys ``j``, ``j`` buys ``i``)
carries ``s_i A_ij A_jk y_k`` of the account, worked in ``i``; its tier is the number of
``A`` factors (tier 0: ``s_k y_k``, worked in the sector that delivers to final demand). The
direct account of final demand itself (hours of domestic workers paid by households, the
account's ``final_demand``) is one more tier-0 row, in no product.

Enumeration (:func:`paths`) is a best-first search over the tree of paths: a node is a path
ending at sector ``j`` with weight ``c`` (``y_k`` times the coefficients along it); its value
is ``c s_j`` and the total of its subtree (itself and all its upstream extensions, every
depth) is exactly ``c m_j``. Nodes are expanded in the order of that total (a heap); a node
whose total is under the threshold is never pushed (no path in its subtree can reach the
threshold), so every path at or above it is found. With ``threshold=0`` the K-th largest value
found so far is the cut-off (the top K, exact). Values of either sign (negative changes in
inventories, negative account values) are bounded by ``|c| (|s| L)_j``.

Due diligence: :func:`tiers` sums *all* paths (not only those above a threshold) by tier and
origin, exactly, from the truncated series ``s o (A^t y)`` (``t <= depth``; the rest is one
row), and a risk weight ``w`` per region-sector (:func:`interlabor.io.risk.read_risk`) ranks
paths by risk exposure ``w_i x path value``: the search then runs on ``w o s`` with the
matching bound ``c (|w o s| L)_j``, so high-risk paths are not pruned on hours alone.

Formulas, bound and references in ``docs/paths.md``.

References
----------
Defourny, J. & Thorbecke, E. (1984). Structural path analysis and multiplier decomposition
within a social accounting matrix framework. *Economic Journal* 94: 111-136.
Lenzen, M. & Crawford, R. (2009). The path exchange method for hybrid LCA. *Environmental
Science & Technology* 43(21): 8251-8256.
Miller, R. E. & Blair, P. D. (2009). *Input-Output Analysis: Foundations and Extensions*,
2nd ed., Cambridge University Press.
Peters, G. P. & Hertwich, E. G. (2006). Structural analysis of international trade:
environmental impacts of Norway. *Economic Systems Research* 18(2): 155-181.
"""

from __future__ import annotations

import heapq
import weakref
from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sp

from . import kernel
from .errors import InterlaborError, LabelMismatchError
from .io.output import tidy
from .model import MRIO, Account

__all__ = ["CATEGORY_NAMES", "DIRECT", "Demand", "coverage", "final_demand", "paths", "tiers"]

#: Readable names of the final-demand categories of WIOD-like tables (used in path labels).
CATEGORY_NAMES = {"CONS_h": "households", "CONS_np": "non-profits", "CONS_g": "government",
                  "GFCF": "investment", "INVEN": "inventories"}
#: Origin sector of the row that holds the direct account of final demand.
DIRECT = "final demand (direct)"


@dataclass(frozen=True)
class Demand:
    """The final demand a path analysis starts from.

    Attributes
    ----------
    consumer : str
        Consuming region.
    product, category : str or None
        Product sector (bought from every origin region) and final-demand category; None: all.
    y : ndarray, shape (n,)
        Final demand by supplying region-sector, money units of the table.
    direct : float
        Direct account of that final demand (0 with a product: it belongs to no product).
    """

    consumer: str
    product: str | None
    category: str | None
    y: np.ndarray
    direct: float

    @property
    def label(self) -> str:
        """``DEU households c4``: the consumer, the category (or final demand), the product."""
        what = CATEGORY_NAMES.get(self.category, self.category) if self.category else (
            "final demand")
        return f"{self.consumer} {what}" + (f" {self.product}" if self.product else "")


def _account(mrio: MRIO, account: str | Account) -> Account:
    return account if isinstance(account, Account) else mrio.account(account)


def final_demand(mrio: MRIO, account: str | Account, consumer: str, *,
                 product: str | None = None, category: str | None = None) -> Demand:
    """The final demand ``y`` of one consumer region (optionally one product and category).

    Raises
    ------
    LabelMismatchError
        If ``consumer``, ``product`` or ``category`` is not a label of the table (the message
        lists the labels it has).
    """
    def pick(label: str, kind: str, labels: tuple[str, ...]) -> int:
        if label not in labels:
            shown = ", ".join(labels[:12]) + (", ..." if len(labels) > 12 else "")
            raise LabelMismatchError(f"unknown {kind} {label!r}; expected one of the table's "
                                     f"{len(labels)} {kind}s: {shown}")
        return labels.index(label)

    acc = _account(mrio, account)
    d = pick(consumer, "region", mrio.regions)
    K = len(mrio.categories)
    cats = [pick(category, "category", mrio.categories)] if category is not None else range(K)
    cols = [d * K + k for k in cats]
    y = np.asarray(mrio.Y[:, cols], dtype=np.float64).sum(axis=1)
    direct = 0.0
    if product is not None:
        p = pick(product, "sector", mrio.sectors)
        keep = np.zeros(mrio.n, dtype=bool)
        keep[p::mrio.n_sectors] = True
        y = np.where(keep, y, 0.0)
    elif acc.final_demand is not None:
        direct = float(np.asarray(acc.final_demand, dtype=np.float64)[cols].sum())
    return Demand(consumer, product, category, y, direct)


def _weights(mrio: MRIO, risk: np.ndarray | pd.Series | None) -> np.ndarray | None:
    """Risk weights (n,) aligned with the table's region-sectors, checked finite and >= 0."""
    if risk is None:
        return None
    if isinstance(risk, pd.Series):
        missing = mrio.index.difference(risk.index)
        if len(missing):
            raise LabelMismatchError(f"risk weights miss {len(missing)} region-sector(s), e.g. "
                                     f"{'/'.join(map(str, missing[0]))}; expected one per "
                                     "region-sector of the table")
        risk = risk.reindex(mrio.index).to_numpy()
    w = np.asarray(risk, dtype=np.float64)
    if w.shape != (mrio.n,):
        raise InterlaborError(f"risk weights have shape {w.shape}, expected ({mrio.n},)")
    if not np.all(np.isfinite(w)) or np.any(w < 0):
        raise InterlaborError("risk weights must be finite and >= 0")
    return w


@dataclass
class _Tree:
    """The nodes pushed by the search: parent node (-1 for a root), sector, tier, weight."""

    parent: list[int]
    sector: list[int]
    tier: list[int]
    weight: list[float]

    def add(self, parent: int, sector: int, tier: int, weight: float) -> int:
        self.parent.append(parent)
        self.sector.append(sector)
        self.tier.append(tier)
        self.weight.append(weight)
        return len(self.parent) - 1

    def chain(self, node: int) -> list[int]:
        """Sectors from the one that delivers to final demand up to the origin ``node``."""
        out = []
        while node >= 0:
            out.append(self.sector[node])
            node = self.parent[node]
        return out[::-1]


def _search(A: sp.csc_array, s: np.ndarray, bound: np.ndarray, y: np.ndarray, *,
            threshold: float, depth: int, top: int | None
            ) -> tuple[_Tree, list[tuple[float, int]], int]:
    """Best-first search: ``(tree, [(value, node)] found, nodes expanded)``.

    Every path with ``|value| >= threshold`` (``> 0``) and tier ``<= depth`` is found; with
    ``threshold == 0`` and ``top`` the cut-off is the ``top``-th largest ``|value|`` of the
    paths made so far (each node's own value is known when it is made, before it is expanded).
    """
    tree = _Tree([], [], [], [])
    heap: list[tuple[float, int]] = []
    kth: list[tuple[float, int]] = []  # min-heap of the top |values| (threshold 0 only)
    found: list[tuple[float, int]] = []
    by_k = threshold == 0 and top is not None
    size = top or 0
    cut = threshold

    def made(parent: int, cells: np.ndarray, weights: np.ndarray, bounds: np.ndarray,
             tier: int) -> None:
        nonlocal cut
        values = weights * s[cells]
        for i, ci, bi, vi in zip(cells.tolist(), weights.tolist(), bounds.tolist(),
                                 values.tolist(), strict=True):
            if bi < cut:  # the cut-off rose while this column was read
                continue
            node = tree.add(parent, i, tier, ci)
            if tier < depth:
                heapq.heappush(heap, (-bi, node))
            if vi == 0 or abs(vi) < cut:
                continue
            if not by_k:
                found.append((vi, node))
            elif len(kth) < size:
                heapq.heappush(kth, (abs(vi), node))
                if len(kth) == size:
                    cut = kth[0][0]
            else:
                heapq.heappushpop(kth, (abs(vi), node))
                cut = kth[0][0]

    roots = np.flatnonzero(y)
    b0 = np.abs(y[roots]) * bound[roots]
    keep = (b0 > 0) & (b0 >= cut)
    made(-1, roots[keep], y[roots[keep]], b0[keep], 0)
    indptr, indices, data = A.indptr, A.indices, A.data
    expanded = 0
    while heap:
        negb, node = heapq.heappop(heap)
        if -negb < cut:
            break
        expanded += 1
        j, c = tree.sector[node], tree.weight[node]
        lo, hi = indptr[j], indptr[j + 1]
        idx = indices[lo:hi]
        cc = c * data[lo:hi]
        b = np.abs(cc) * bound[idx]
        keep = (b >= cut) & (b > 0)
        made(node, idx[keep], cc[keep], b[keep], tree.tier[node] + 1)
    if by_k:
        found = [(tree.weight[nd] * s[tree.sector[nd]], nd) for _, nd in kth]
    return tree, found, expanded


def _series(A: sp.csc_array, s: np.ndarray, y: np.ndarray, depth: int) -> np.ndarray:
    """``s o (A^t y)`` for ``t = 0..depth``: shape (depth + 1, n), the exact tier parts."""
    out = np.empty((depth + 1, len(y)))
    v = y.copy()
    for t in range(depth + 1):
        out[t] = s * v
        if t < depth:
            v = A @ v
    return out


def _setup(mrio: MRIO, account: str | Account, consumer: str, product: str | None,
           category: str | None, risk: np.ndarray | pd.Series | None, depth: int
           ) -> tuple[Account, Demand, np.ndarray, np.ndarray, np.ndarray, np.ndarray | None]:
    """Account, demand, enumerated intensities, multipliers, bound multipliers, risk weights."""
    if depth < 0:
        raise InterlaborError(f"depth must be >= 0, got {depth}")
    acc = _account(mrio, account)
    dem = final_demand(mrio, acc, consumer, product=product, category=category)
    w = _weights(mrio, risk)
    s = kernel.intensities(mrio, acc.values)
    if w is not None:
        s = w * s
    neg = bool(np.any(s < 0))
    M = kernel.solve_transposed(mrio, np.vstack([s, np.abs(s)]) if neg else s)
    m, mb = (M[0], M[1]) if neg else (M, M)
    return acc, dem, s, m, np.maximum(mb, 0.0), w


_CSC: weakref.WeakKeyDictionary[MRIO, sp.csc_array] = weakref.WeakKeyDictionary()


def _coefficients(mrio: MRIO) -> sp.csc_array:
    """``A`` in compressed columns (the inputs of each sector), made once per table."""
    A = _CSC.get(mrio)
    if A is None:
        A = _CSC[mrio] = sp.csc_array(mrio.A)
    return A


def paths(mrio: MRIO, account: str | Account, consumer: str, *, product: str | None = None,
          category: str | None = None, top: int | None = 20, threshold: float = 1e-4,
          depth: int = 8, risk: np.ndarray | pd.Series | None = None) -> pd.DataFrame:
    """The ``top`` largest supply-chain paths of an account behind one consumer's final demand.

    Parameters
    ----------
    mrio : MRIO
    account : str or Account
        E.g. ``"hours"``.
    consumer : str
        Consuming region.
    product : str, optional
        Product sector of the final demand (bought from every origin region).
    category : str, optional
        Final-demand category (e.g. ``CONS_h``). Without a product, the direct account of
        that final demand is one tier-0 row (origin sector :data:`DIRECT`).
    top : int or None
        Paths listed, largest ``|value|`` first; None: every path above the threshold.
    threshold : float
        Share of the footprint (0 <= threshold < 1): every path at or above
        ``threshold x |footprint|`` is enumerated (the coverage ``above threshold``). 0:
        no threshold, the search stops at the exact top ``top`` (which must then be given).
    depth : int
        Largest tier enumerated (number of upstream steps).
    risk : ndarray of shape (n,) or Series indexed (region, sector), optional
        Risk weight (>= 0) of each region-sector where the account is worked (e.g. from
        :func:`interlabor.io.risk.read_risk`); paths are then enumerated and ranked by risk
        exposure ``w_i x value``, the threshold is a share of the total risk exposure, and
        the direct account of final demand (no sector) is left out.

    Returns
    -------
    DataFrame
        Tidy (:func:`interlabor.io.output.tidy`), indicator ``path_footprint`` (or
        ``path_risk_exposure``), one row per path: ``rank``, ``consumer_region``,
        ``category``, ``product`` (``all`` when not chosen), ``tier``, ``path`` (``DEU
        households c4 <- CHN c4 <- CHN c1``, origin last), ``origin_region``,
        ``origin_sector``, ``share`` (of the footprint, or of the total risk exposure),
        ``value`` (account units, or risk x account units); with ``risk`` also ``risk`` and
        ``account_value``. ``attrs``: ``account``, ``unit``, ``modelled``, ``footprint``,
        ``threshold`` (absolute), ``depth``, ``n_above_threshold`` and ``coverage_listed``,
        ``coverage_threshold`` (all paths above the threshold), ``coverage_depth`` (all
        paths up to ``depth``, the truncated series), ``expanded`` (nodes searched).

    Raises
    ------
    LabelMismatchError
        Unknown consumer, product or category, or risk weights missing a region-sector.
    InterlaborError
        ``top < 1``, ``threshold`` outside [0, 1), ``threshold = 0`` without ``top``,
        ``depth < 0``, or risk weights of the wrong shape, negative or not finite.
    NonProductiveError
        If ``A`` is not productive.
    """
    if top is not None and top < 1:
        raise InterlaborError(f"top must be >= 1, got {top}")
    if not 0 <= threshold < 1:
        raise InterlaborError(f"threshold is a share of the footprint, 0 <= threshold < 1; got "
                              f"{threshold}")
    if threshold == 0 and top is None:
        raise InterlaborError("threshold 0 enumerates without end: give top, or a threshold")
    acc, dem, s, m, mb, w = _setup(mrio, account, consumer, product, category, risk, depth)
    A = _coefficients(mrio)
    direct = 0.0 if w is not None else dem.direct
    total = float(m @ dem.y) + direct
    cut = threshold * abs(total)
    tree, found, expanded = _search(A, s, mb, dem.y, threshold=cut, depth=depth, top=top)
    if direct != 0 and abs(direct) >= cut:
        found.append((direct, -1))  # the direct account: node -1
    found.sort(key=lambda vn: -abs(vn[0]))
    listed = found if top is None else found[:top]
    by_depth = float(_series(A, s, dem.y, depth).sum()) + direct
    rows = [_row(mrio, tree, dem, v, nd, acc) for v, nd in listed]
    df = pd.DataFrame(rows, columns=["tier", "path", "origin_region", "origin_sector", "value"])
    df.insert(0, "rank", np.arange(1, len(df) + 1))
    df.insert(1, "consumer_region", dem.consumer)
    df.insert(2, "category", dem.category or "all")
    df.insert(3, "product", dem.product or "all")
    df.insert(len(df.columns) - 1, "share", df["value"] / total if total else np.nan)
    if w is not None:
        cell = [mrio.index.get_loc((r, s_)) for r, s_ in zip(df.origin_region, df.origin_sector,
                                                              strict=True)]
        df.insert(len(df.columns) - 1, "risk", w[cell] if cell else [])
        with np.errstate(divide="ignore", invalid="ignore"):
            df.insert(len(df.columns) - 1, "account_value",
                      np.where(df["risk"] > 0, df["value"] / df["risk"], np.nan)
                      if cell else [])
    ind = "path_risk_exposure" if w is not None else "path_footprint"
    unit = f"risk x {acc.unit}" if w is not None else acc.unit
    out = tidy(df, indicator=ind, unit=unit, account=acc.key, modelled=acc.modelled)
    out.attrs = {
        "indicator": ind, "account": acc.key, "unit": unit, "modelled": acc.modelled,
        "demand": dem.label, "consumer_region": dem.consumer,
        "category": dem.category or "all", "product": dem.product or "all", "footprint": total,
        "threshold": cut, "threshold_share": threshold,
        "depth": depth, "top": top, "n_above_threshold": len(found) if threshold > 0 else None,
        "coverage_listed": _share(sum(v for v, _ in listed), total),
        "coverage_threshold": _share(sum(v for v, _ in found), total) if threshold > 0
        else None,
        "coverage_depth": _share(by_depth, total), "expanded": expanded, "risk": w is not None,
    }
    return out


def _share(part: float, total: float) -> float:
    return float(part / total) if total else float("nan")


def _row(mrio: MRIO, tree: _Tree, dem: Demand, value: float, node: int, acc: Account
         ) -> tuple[int, str, str, str, float]:
    """``(tier, path, origin region, origin sector, value)`` of one found path."""
    if node < 0:
        return (0, f"{dem.label} (direct: {acc.name} paid by final demand itself)",
                dem.consumer, DIRECT, value)
    S = mrio.n_sectors
    cells = tree.chain(node)
    names = [f"{mrio.regions[c // S]} {mrio.sectors[c % S]}" for c in cells]
    o = cells[-1]
    return (len(cells) - 1, " <- ".join([dem.label, *names]), mrio.regions[o // S],
            mrio.sectors[o % S], value)


def coverage(result: pd.DataFrame) -> pd.DataFrame:
    """The coverage of a :func:`paths` result as tidy rows (indicator ``path_coverage``).

    Returns
    -------
    DataFrame
        Rows ``listed paths``, ``all paths above the threshold`` (when there is one) and
        ``all paths up to depth D``: the share (0-1) of the footprint (or of the total risk
        exposure) they explain; column ``path`` names them; ``consumer_region``,
        ``category`` and ``product`` as in the result.
    """
    a = result.attrs
    rows = [(f"listed paths ({len(result)})", a["coverage_listed"])]
    if a.get("coverage_threshold") is not None:
        rows.append((f"all paths above the threshold ({a['n_above_threshold']})",
                     a["coverage_threshold"]))
    rows.append((f"all paths up to depth {a['depth']}", a["coverage_depth"]))
    df = pd.DataFrame(rows, columns=["path", "value"])
    for i, k in enumerate(("consumer_region", "category", "product")):
        df.insert(i, k, result[k].iloc[0] if len(result) else a.get(k))
    return tidy(df, indicator="path_coverage", unit="share (0-1)", account=a["account"],
                modelled=a["modelled"])


def tiers(mrio: MRIO, account: str | Account, consumer: str, *, product: str | None = None,
          category: str | None = None, depth: int = 8, by: str = "region",
          risk: np.ndarray | pd.Series | None = None) -> pd.DataFrame:
    """All paths summed by tier and origin (due diligence): ``s o (A^t y)``, exactly.

    Parameters
    ----------
    mrio, account, consumer, product, category, risk
        As in :func:`paths` (with ``risk``: risk exposure ``w o s o (A^t y)``).
    depth : int
        Tiers listed one by one; the rest of the footprint (every deeper tier) is the row
        of tier ``"{depth+1}+"``, by origin as well (``(w o s) o (L A^(depth+1) y)``, one
        more solve).
    by : {"region", "sector", "region-sector"}
        Origin dimension.

    Returns
    -------
    DataFrame
        Tidy, indicator ``tier_footprint`` (or ``tier_risk_exposure``): ``consumer_region``,
        ``category``, ``product``, ``tier`` (text: ``"0"``, ``"1"``, ..., ``"9+"``, and
        ``"0 (direct)"`` for the direct account of final demand), the origin column(s),
        ``share`` and ``value``; zero rows left out. The values sum to the footprint.

    Raises
    ------
    InterlaborError
        Unknown ``by``, ``depth < 0``; and as :func:`paths`.
    """
    if by not in ("region", "sector", "region-sector"):
        raise InterlaborError(f"unknown by={by!r}: expected region, sector or region-sector")
    acc, dem, s, m, _, w = _setup(mrio, account, consumer, product, category, risk, depth)
    A = _coefficients(mrio)
    T = _series(A, s, dem.y, depth)
    v = dem.y.copy()
    for _ in range(depth + 1):  # A^(depth+1) y
        v = A @ v
    rest = s * kernel.solver(mrio).solve(v[:, None])[:, 0]  # every deeper tier: L A^(D+1) y
    parts = np.vstack([T, rest[None, :]])
    labels = [str(t) for t in range(depth + 1)] + [f"{depth + 1}+"]
    R, S = mrio.n_regions, mrio.n_sectors
    cube = parts.reshape(len(labels), R, S)
    if by == "region":
        vals, dims = cube.sum(axis=2), {"origin_region": list(mrio.regions)}
    elif by == "sector":
        vals, dims = cube.sum(axis=1), {"origin_sector": list(mrio.sectors)}
    else:
        vals = parts
        dims = {"origin_region": [r for r in mrio.regions for _ in mrio.sectors],
                "origin_sector": list(mrio.sectors) * R}
    n_o = vals.shape[1]
    df = pd.DataFrame({"tier": np.repeat(labels, n_o),
                       **{k: np.tile(v_, len(labels)) for k, v_ in dims.items()},
                       "value": vals.ravel()})
    direct = 0.0 if w is not None else dem.direct
    if direct:
        extra = {"origin_region": dem.consumer, "origin_sector": DIRECT}
        df = pd.concat([pd.DataFrame([{"tier": "0 (direct)",
                                       **{k: extra[k] for k in dims}, "value": direct}]), df])
    total = float(m @ dem.y) + direct
    df = df[df["value"] != 0].reset_index(drop=True)
    for i, (k, val) in enumerate((("consumer_region", dem.consumer),
                                  ("category", dem.category or "all"),
                                  ("product", dem.product or "all"))):
        df.insert(i, k, val)
    df.insert(len(df.columns) - 1, "share", df["value"] / total if total else np.nan)
    ind = "tier_risk_exposure" if w is not None else "tier_footprint"
    unit = f"risk x {acc.unit}" if w is not None else acc.unit
    out = tidy(df, indicator=ind, unit=unit, account=acc.key, modelled=acc.modelled)
    out.attrs = {"indicator": ind, "account": acc.key, "unit": unit, "modelled": acc.modelled,
                 "demand": dem.label, "consumer_region": dem.consumer,
                 "category": dem.category or "all", "product": dem.product or "all",
                 "footprint": total, "depth": depth, "by": by}
    return out
