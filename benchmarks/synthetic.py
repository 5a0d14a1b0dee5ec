"""Synthetic MRIO tables shaped like real ones, and a measure of any table's structure.

:func:`synthetic_mrio` makes a table of ``R`` regions x ``S`` sectors with the structural facts
of published MRIO tables (checked against WIOD 2011 by :func:`table_structure`):

* ``Z >= 0`` stored as scipy.sparse CSR, a share ``density`` of it non-zero: dense-ish domestic
  blocks (``domestic_fill`` of each ``S x S`` block) and sparse foreign blocks;
* a share ``domestic_share`` of intermediate inputs (by value) bought at home (83 % in WIOD
  2011; EXIOBASE-like tables about 80 %);
* productive: ``A`` is scaled to spectral radius ``spectral_radius`` (0.61 in WIOD 2011);
* a few zero-output region-sectors (empty row and column of Z, no final demand), as WIOD has 22;
* 5 final-demand categories (WIOD's ``CONS_h CONS_np CONS_g GFCF INVEN``), home-biased, with
  some negative entries in ``INVEN`` (changes in inventories);
* a labour account ``hours`` (hours, intensities that differ by region and sector) with a
  final-demand part ``F_Y`` (hours worked directly for households, ``CONS_h``).

The table is balanced by construction: total final demand ``f`` is drawn, ``x = (I - A)^-1 f``
is solved once (Neumann series), and ``Z = A diag(x)``, so ``x = Z·1 + Y·1`` to rounding.

Run ``python benchmarks/synthetic.py`` to print the structure of WIOD 2011 (when ../shared is
present) next to that of a synthetic table.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp

from interlabor.algebra import spectral_radius
from interlabor.model import MRIO, Account, build_mrio

CATEGORIES = ("CONS_h", "CONS_np", "CONS_g", "GFCF", "INVEN")


def synthetic_mrio(
    regions: int = 49,
    sectors: int = 200,
    *,
    density: float = 0.035,
    domestic_share: float = 0.80,
    seed: int = 0,
    domestic_fill: float = 0.7,
    target_radius: float = 0.61,
    zero_output_share: float = 0.005,
) -> MRIO:
    """A random, balanced, productive MRIO table with the structure of a real one.

    Parameters
    ----------
    regions, sectors : int
        ``R`` and ``S``; ``n = R*S``. EXIOBASE-sized: 49 x 200 = 9,800.
    density : float
        Share of non-zero entries of Z (EXIOBASE 3: about 3.5 %; WIOD 2011: 20 %).
    domestic_share : float
        Share of intermediate inputs, by value, bought from the same region.
    seed : int
        Seed of :func:`numpy.random.default_rng`; equal seeds give equal tables.
    domestic_fill : float
        Share of non-zero entries within each domestic ``S x S`` block, lowered where it
        would leave less than 40 % of the non-zeros to foreign blocks (small tables); foreign
        blocks get the remaining non-zeros.
    target_radius : float
        Spectral radius of ``A``.
    zero_output_share : float
        Share of region-sectors with zero output (at least one when positive).

    Returns
    -------
    MRIO
        ``Z`` sparse CSR (US$ million), ``Y`` dense with categories :data:`CATEGORIES`,
        account ``hours`` with a final-demand part. ``meta["synthetic"]`` holds the parameters.
    """
    rng = np.random.default_rng(seed)
    R, S = regions, sectors
    n = R * S
    dom_cells = R * S * S
    for_cells = n * n - dom_cells
    fill = min(domestic_fill, 0.6 * density * n * n / dom_cells)  # >= 40 % of non-zeros foreign
    for_density = max(density * n * n - fill * dom_cells, 0.0) / max(for_cells, 1)

    # --- sparsity pattern: domestic blocks, then foreign entries -------------------------------
    nd = int(round(fill * dom_cells))
    flat = rng.choice(dom_cells, size=nd, replace=False)  # positions in the R stacked blocks
    reg, rem = np.divmod(flat, S * S)
    di, dj = np.divmod(rem, S)
    drow, dcol = reg * S + di, reg * S + dj
    nf = int(round(for_density * for_cells))
    # draw foreign positions as (row, col) pairs, drop those that fall in a domestic block
    fr = rng.integers(0, n, size=int(nf * 1.1) + 16)
    fc = rng.integers(0, n, size=fr.size)
    keep = (fr // S) != (fc // S)
    fr, fc = fr[keep][:nf], fc[keep][:nf]
    rows = np.concatenate([drow, fr])
    cols = np.concatenate([dcol, fc])
    domestic = np.concatenate([np.ones(drow.size, bool), np.zeros(fr.size, bool)])
    # a few large suppliers: lognormal weights, heavier for "basic" sectors (services, energy)
    sector_weight = rng.lognormal(0.0, 1.0, S)
    w = rng.lognormal(0.0, 1.2, rows.size) * sector_weight[rows % S]

    # --- coefficients: column sums c_j, split domestic / foreign --------------------------------
    c = rng.uniform(0.25, 0.75, n)  # input share of output, like 1 - value-added share
    dshare = np.clip(rng.normal(domestic_share, 0.08, n), 0.3, 0.99)
    wd = np.bincount(cols[domestic], w[domestic], minlength=n)
    wf = np.bincount(cols[~domestic], w[~domestic], minlength=n)
    no_foreign = wf == 0
    dshare[no_foreign] = 1.0  # rare: a column without foreign entries buys all at home
    scale = np.where(domestic, dshare[cols] / np.where(wd > 0, wd, 1)[cols],
                     (1 - dshare[cols]) / np.where(wf > 0, wf, 1)[cols])
    a = c[cols] * w * scale
    A = sp.csr_array((a, (rows, cols)), shape=(n, n))
    A.sum_duplicates()

    # --- zero-output region-sectors: empty rows and columns --------------------------------------
    nzero = max(1, int(round(zero_output_share * n))) if zero_output_share > 0 else 0
    zero = rng.choice(n, size=nzero, replace=False)
    keep_mask = np.ones(n)
    keep_mask[zero] = 0.0
    A = sp.csr_array(sp.diags_array(keep_mask) @ A @ sp.diags_array(keep_mask))
    A.eliminate_zeros()
    rho = spectral_radius(A)
    if rho <= 0:
        raise ValueError(
            f"the random A of {R} x {S} at density {density:g} is nilpotent (spectral radius 0) "
            "and cannot be scaled to the target radius; use a larger density or table"
        )
    A = A * (target_radius / rho)

    # --- final demand: total f, home bias, categories, inventories -------------------------------
    f = rng.lognormal(np.log(1_000.0), 1.5, n) * rng.lognormal(0.0, 1.0, R).repeat(S)
    f[zero] = 0.0
    W = rng.lognormal(0.0, 1.0, (n, R)) * (rng.random((n, R)) < 0.35)
    home = np.arange(n) // S
    W[np.arange(n), home] = 0.0
    W *= (rng.uniform(0.1, 0.4, n) / np.maximum(W.sum(axis=1), 1e-300))[:, None]
    W[np.arange(n), home] = 1.0 - W.sum(axis=1)
    cat = rng.dirichlet([6.0, 0.5, 2.0, 2.0, 0.3], S)  # per sector, INVEN small
    Y = f[:, None, None] * W[:, :, None] * cat[np.arange(n) % S][:, None, :]  # (n, R, K)
    # inventories: INVEN times N(1, 0.4) (about 0.6 % of entries turn negative, as in WIOD);
    # the change is offset in CONS_h so that row totals stay f
    inven = Y[:, :, 4] * rng.normal(1.0, 0.4, (n, R))
    Y[:, :, 0] -= inven - Y[:, :, 4]
    Y[:, :, 4] = inven
    Y = Y.reshape(n, R * len(CATEGORIES))

    # --- balance: x = (I - A)^-1 f, Z = A diag(x) -------------------------------------------
    # Neumann series x = f + A x (rho(A) = target_radius < 1): cheaper than a sparse LU here
    f = Y.sum(axis=1)
    x = f.copy()
    for _ in range(2000):
        x_new = f + A @ x
        done = np.abs(x_new - x).max() <= 1e-15 * np.abs(x_new).max()
        x = x_new
        if done:
            break
    x[zero] = 0.0
    Z = sp.csr_array(A @ sp.diags_array(x))
    Z.eliminate_zeros()

    # --- labour account: hours per US$ million differ ~30x between regions ----------------------
    intensity = rng.lognormal(np.log(8_000.0), 1.0, R).repeat(S) * rng.lognormal(0.0, 0.5, n)
    hours = np.where(x > 0, intensity * x, 0.0)
    fd_hours = np.zeros((R, len(CATEGORIES)))
    fd_hours[:, 0] = 0.01 * hours.reshape(R, S).sum(axis=1)  # domestic workers of households
    acc = Account(
        "hours",
        "hours",
        hours,
        final_demand=fd_hours.ravel(),
        extension="labour",
        modelled=True,
        description="synthetic hours worked (benchmarks/synthetic.py)",
    )
    params: dict[str, Any] = {
        "regions": R, "sectors": S, "density": density, "domestic_share": domestic_share,
        "seed": seed, "domestic_fill": fill, "target_radius": target_radius,
    }
    return build_mrio(
        Z,
        Y,
        regions=[f"R{r:02d}" for r in range(R)],
        sectors=[f"s{s:03d}" for s in range(S)],
        categories=CATEGORIES,
        accounts=[acc],
        meta={"title": "synthetic MRIO", "synthetic": params},
        warn=False,
    )


def table_structure(mrio: MRIO) -> dict[str, float]:
    """Structural facts of a table: the numbers :func:`synthetic_mrio` aims at.

    Returns
    -------
    dict
        ``n``; ``zero_share`` of Z; ``domestic_input_share`` (value of the domestic blocks of Z
        over all of Z); ``spectral_radius`` of A; ``zero_output`` count (x <= 0);
        ``negative_final_demand`` count; ``domestic_block_density`` and
        ``foreign_block_density`` (shares of non-zeros).
    """
    n, S = mrio.n, mrio.n_sectors
    Z = sp.coo_array(mrio.Z) if sp.issparse(mrio.Z) else sp.coo_array(np.asarray(mrio.Z))
    nz = Z.data != 0
    rows, cols, vals = Z.row[nz], Z.col[nz], Z.data[nz]
    dom = (rows // S) == (cols // S)
    dom_cells = mrio.n_regions * S * S
    return {
        "n": float(n),
        "zero_share": 1.0 - rows.size / n**2,
        "domestic_input_share": float(vals[dom].sum() / vals.sum()),
        "spectral_radius": spectral_radius(mrio.A),
        "zero_output": float((mrio.x <= 0).sum()),
        "negative_final_demand": float((mrio.Y < 0).sum()),
        "domestic_block_density": float(dom.sum() / dom_cells),
        "foreign_block_density": float((~dom).sum() / (n**2 - dom_cells)),
    }


def _main() -> None:
    wiod = Path(__file__).resolve().parents[2] / "shared" / "data" / "wiod2013" / "wiot_2011.RData"
    if len(sys.argv) > 1:
        wiod = Path(sys.argv[1])
    if wiod.is_file():
        from interlabor.io.wiod2013 import read_wiod2013_rdata

        print("WIOD 2011 ", table_structure(read_wiod2013_rdata(wiod, warn=False)))
    print("synthetic ", table_structure(synthetic_mrio()))


if __name__ == "__main__":
    _main()
