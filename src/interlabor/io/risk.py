"""Risk tables of supply-chain due diligence: ``region, sector, risk`` CSV files.

A user-supplied indicator per region-sector (a forced-labour or low-wage risk score, a 0/1
list of high-risk cells, ...) that :func:`interlabor.paths.paths` and
:func:`interlabor.paths.tiers` weight the account with, where it is worked. ``*`` as region
or sector stands for all; the most specific row wins (region and sector, then region with
``*``, then ``*`` with sector, then ``* , *``); cells no row names get ``default`` (0: no
risk).
"""

from __future__ import annotations

import csv
import math
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import TableReadError
from ..model import MRIO

__all__ = ["RISK_COLUMNS", "read_risk"]

#: Columns a risk table needs (others are ignored).
RISK_COLUMNS = ("region", "sector", "risk")


def read_risk(path: str | Path, mrio: MRIO, *, default: float = 0.0) -> pd.Series:
    """Read a risk table and spread it over the table's region-sectors.

    Parameters
    ----------
    path : str or Path
        UTF-8 CSV with a header line holding :data:`RISK_COLUMNS`.
    mrio : MRIO
        The table whose region and sector codes the rows name.
    default : float
        Risk of the region-sectors no row covers.

    Returns
    -------
    Series, shape (n,)
        Index ``mrio.index`` (region, sector); finite values >= 0; ``attrs["source"]`` the
        path.

    Raises
    ------
    TableReadError
        The file is missing or unreadable, lacks a column, or a row (named by its line
        number) has an unknown region or sector, a risk that is not a finite number >= 0, or
        repeats the region and sector of an earlier row.
    """
    p = Path(path)
    regions, sectors = set(mrio.regions), set(mrio.sectors)
    rows: dict[tuple[str, str], tuple[float, int]] = {}
    try:
        with p.open(newline="", encoding="utf-8-sig") as fh:
            reader = csv.DictReader(fh)
            found = [str(c).strip() for c in reader.fieldnames or []]
            reader.fieldnames = found
            if not set(RISK_COLUMNS) <= set(found):
                raise TableReadError(p, f"expected columns {', '.join(RISK_COLUMNS)}; found "
                                     f"{', '.join(found) or 'none'}")
            for rec in reader:
                line = reader.line_num
                r, s, text = (str(rec.get(c) or "").strip() for c in RISK_COLUMNS)
                if r != "*" and r not in regions:
                    raise TableReadError(p, f"unknown region {r!r}; expected a region code of "
                                         f"the table ({', '.join(mrio.regions[:8])}, ...) or *",
                                         row=line)
                if s != "*" and s not in sectors:
                    raise TableReadError(p, f"unknown sector {s!r}; expected a sector code of "
                                         f"the table ({', '.join(mrio.sectors[:8])}, ...) or *",
                                         row=line)
                try:
                    risk = float(text)
                except ValueError:
                    risk = math.nan
                if not math.isfinite(risk) or risk < 0:
                    raise TableReadError(p, f"risk {text!r} of {r}/{s}: expected a finite "
                                         "number >= 0", row=line)
                if (r, s) in rows:
                    raise TableReadError(p, f"{r}/{s} repeats line {rows[r, s][1]}; expected "
                                         "one row per region and sector", row=line)
                rows[r, s] = (risk, line)
    except FileNotFoundError as exc:
        raise TableReadError(p, "risk table not found") from exc
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise TableReadError(p, f"not a readable CSV ({exc})") from exc
    R, S = mrio.n_regions, mrio.n_sectors
    w = np.full((R, S), float(default))
    ri = {r: i for i, r in enumerate(mrio.regions)}
    si = {s: j for j, s in enumerate(mrio.sectors)}
    rank = {("*", "*"): 0, ("*", "s"): 1, ("r", "*"): 2, ("r", "s"): 3}
    for (r, s), (risk, _) in sorted(rows.items(), key=lambda kv: rank[
            ("*" if kv[0][0] == "*" else "r", "*" if kv[0][1] == "*" else "s")]):
        w[slice(None) if r == "*" else ri[r], slice(None) if s == "*" else si[s]] = risk
    out = pd.Series(w.ravel(), index=mrio.index, name="risk")
    out.attrs = {"source": str(p)}
    return out
