"""Aggregate a table's regions and sectors through concordances (plain or weighted).

A concordance is a CSV file with a header and the columns ``source``, ``target`` and optionally
``weight`` (the share of the source label that goes to the target; 1 when absent). A source
label split across several targets (classifications that do not nest) has one row per target,
and its weights must sum to one: every label whose weights do not is named in the error.
Shipped concordances are in ``interlabor/data/concordances`` (:func:`shipped`):

* ``iso3_continent.csv``: ISO3 country codes of EXIOBASE, WIOD and OECD (and EXIOBASE's
  rest-of-world regions ``WA``..``WM``, ``RoW``, ``ROW``) to continents;
* the region groups of :mod:`interlabor.groups` (``north-south``: the IMF's advanced economies
  against the rest; ``wb-income``: World Bank income groups) are accepted by name as region
  concordances, so that aggregation and the unequal-exchange indicators use one definition;
* ``wiod2016_to_wiod2013.csv``: the 56 WIOD 2016 industries (NACE Rev. 2) to the 35 WIOD 2013
  ones (ISIC Rev. 3), split industries with equal shares -- approximate (see
  :mod:`interlabor.accounts.concordance`).

With the aggregation matrices ``G_r`` (R' x R) and ``G_s`` (S' x S) of weights, ``G = G_r ⊗
G_s`` and ``H = G_r ⊗ I_K``::

    Z' = G Z G',   Y' = G Y H',   x' = G x,   f' = G f,   f_Y' = H f_Y

so every total (world output, each account, final demand) is kept.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from .data import shipped_path
from .errors import LabelMismatchError, TableReadError, ValidationError
from .model import MRIO, build_mrio

__all__ = ["Concordance", "aggregate", "read_concordance", "shipped"]

_TOL = 1e-6


@dataclass(frozen=True)
class Concordance:
    """Rows (source, target, weight) of a concordance, read from ``origin``."""

    rows: tuple[tuple[str, str, float], ...]
    origin: str = ""

    @property
    def targets(self) -> list[str]:
        """Target labels in order of first appearance."""
        return list(dict.fromkeys(t for _, t, _ in self.rows))

    def matrix(self, labels: Sequence[str], what: str) -> tuple[sp.csr_array, list[str]]:
        """Aggregation matrix (targets x labels) for the table's ``labels``.

        Raises
        ------
        LabelMismatchError
            A label of the table that the concordance does not map.
        """
        have = {s for s, _, _ in self.rows}
        missing = [lab for lab in labels if lab not in have]
        if missing:
            raise LabelMismatchError(
                f"{len(missing)} {what} label(s) of the table not in the concordance: "
                f"{', '.join(missing[:10])}{' ...' if len(missing) > 10 else ''}",
                origin=self.origin, labels=missing,
            )
        pos = {lab: i for i, lab in enumerate(labels)}
        rows = [r for r in self.rows if r[0] in pos]
        targets = list(dict.fromkeys(t for _, t, _ in rows))
        tpos = {t: i for i, t in enumerate(targets)}
        G = sp.coo_array(
            (
                [w for _, _, w in rows],
                ([tpos[t] for _, t, _ in rows], [pos[s] for s, _, _ in rows]),
            ),
            shape=(len(targets), len(labels)),
        ).tocsr()
        return G, targets


def read_concordance(path: str | Path) -> Concordance:
    """Read a concordance CSV (``source,target[,weight]``) and check its weights.

    Parameters
    ----------
    path : str or Path
        The CSV file.

    Returns
    -------
    Concordance

    Raises
    ------
    TableReadError
        Missing file, fewer than two columns, a weight that is not a number, a negative weight.
    ValidationError
        Source labels whose weights do not sum to one (all of them named).
    """
    p = Path(path)
    if not p.is_file():
        raise TableReadError(p, "no such concordance file")
    with p.open(newline="", encoding="utf-8-sig") as fh:
        lines = [r for r in csv.reader(fh) if r and not r[0].startswith("#")]
    if not lines or len(lines[0]) < 2:
        raise TableReadError(p, "expected a header and the columns source, target[, weight]")
    head = [h.strip().lower() for h in lines[0]]
    jw = next((head.index(h) for h in ("weight", "share") if h in head), None)
    rows: list[tuple[str, str, float]] = []
    for i, r in enumerate(lines[1:], start=2):
        if len(r) < 2:
            raise TableReadError(p, "expected source and target", row=i)
        raw = r[jw].strip() if jw is not None and jw < len(r) else ""
        try:
            w = float(raw) if raw else 1.0
        except ValueError:
            raise TableReadError(p, f"weight {raw!r} is not a number", row=i) from None
        if w < 0:
            raise TableReadError(p, f"negative weight {w}", row=i)
        rows.append((r[0].strip(), r[1].strip(), w))
    sums: dict[str, float] = {}
    for s, _, w in rows:
        sums[s] = sums.get(s, 0.0) + w
    bad = {s: v for s, v in sums.items() if abs(v - 1.0) > _TOL}
    if bad:
        listing = ", ".join(f"{s} ({v:.6g})" for s, v in list(bad.items())[:20])
        raise ValidationError(
            f"weights of {len(bad)} source label(s) do not sum to one: {listing}"
            + (" ..." if len(bad) > 20 else ""),
            origin=str(p), labels=list(bad),
        )
    return Concordance(tuple(rows), str(p))


def shipped(name: str) -> Path:
    """Path of a shipped concordance.

    Parameters
    ----------
    name : str
        ``iso3_continent`` or ``wiod2016_to_wiod2013``.

    Raises
    ------
    TableReadError
        No such shipped concordance.
    """
    return shipped_path("concordances", name)


def aggregate(
    mrio: MRIO,
    *,
    regions: Concordance | str | Path | None = None,
    sectors: Concordance | str | Path | None = None,
) -> MRIO:
    """Aggregate regions and/or sectors of a table.

    Parameters
    ----------
    mrio : MRIO
    regions, sectors : Concordance or path, optional
        Concordances on the table's canonical region codes and its sector codes (None keeps
        them as they are); ``regions`` may also name a shipped region grouping of
        :mod:`interlabor.groups` (``"north-south"``, ``"wb-income"``).

    Returns
    -------
    MRIO
        ``Z' = G Z G'`` (sparse when Z is), ``Y' = G Y H'``, ``x' = G x`` and every account
        aggregated; totals kept. ``meta['notes']`` says which concordances were applied.

    Raises
    ------
    LabelMismatchError
        A region or sector of the table missing from its concordance.
    ValidationError
        Weights that do not sum to one (from :func:`read_concordance`).
    """
    if isinstance(regions, str):
        from .groups import SHIPPED_GROUPS, load_groups

        if regions in SHIPPED_GROUPS:
            g = load_groups(regions, mrio.regions)
            regions = Concordance(tuple((r, str(t), 1.0) for r, t in g.items()), regions)
    conc = {k: (read_concordance(v) if isinstance(v, str | Path) else v)
            for k, v in (("regions", regions), ("sectors", sectors))}
    R, S, K = mrio.n_regions, mrio.n_sectors, len(mrio.categories)
    if conc["regions"] is not None:
        Gr, new_regions = conc["regions"].matrix(list(mrio.regions), "region")
    else:
        Gr, new_regions = sp.eye_array(R, format="csr"), list(mrio.regions)
    if conc["sectors"] is not None:
        Gs, new_sectors = conc["sectors"].matrix(list(mrio.sectors), "sector")
        names = new_sectors
    else:
        Gs, new_sectors, names = sp.eye_array(S, format="csr"), list(mrio.sectors), None
    G = sp.kron(Gr, Gs, format="csr")
    H = sp.kron(Gr, sp.eye_array(K), format="csr")
    Z = G @ sp.csr_array(mrio.Z) @ G.T
    Y = np.asarray(G @ (H @ mrio.Y.T).T)
    accounts = [
        replace(a, values=G @ a.values,
                final_demand=H @ a.final_demand if a.final_demand is not None else None)
        for a in mrio.accounts
    ]
    src = list(mrio.source_regions) if conc["regions"] is None else new_regions
    applied = [f"{k} by {c.origin or 'a concordance'}" for k, c in conc.items() if c is not None]
    meta = dict(mrio.meta)
    meta["notes"] = (str(meta.get("notes", "")) + f" Aggregated: {'; '.join(applied)}.").strip()
    return build_mrio(
        Z if sp.issparse(mrio.Z) else Z.toarray(),
        Y,
        regions=new_regions,
        sectors=new_sectors,
        sector_names=names if names is not None else list(mrio.sector_names),
        categories=list(mrio.categories),
        accounts=accounts,
        money=mrio.money,
        year=mrio.year,
        source_regions=src,
        meta=meta,
        x_published=G @ np.asarray(mrio.x),
        use_published_x=True,
        warn=False,
    )
