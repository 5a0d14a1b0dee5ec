"""HiGHS set-up shared by the planning backends, and infeasibility put in words.

``highspy`` is imported lazily (``pip install 'interlabor[plan]'``). Both backends
(:mod:`interlabor.planning.solve` for HiGHS's own methods, :mod:`interlabor.planning.pdlp` for
OR-Tools PDLP) use :func:`configured_highs`; an infeasible LP is explained from an irreducible
infeasible subsystem (IIS) computed by HiGHS (:func:`explain_infeasible`).
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from typing import Any

import numpy as np

from ..errors import MissingDependencyError
from .lp import FAMILIES, PlanLP

__all__ = ["configured_highs", "describe_col", "describe_row", "explain_infeasible", "load_highspy",
           "new_highs"]


def load_highspy() -> Any:
    """The ``highspy`` module (imported on first use)."""
    try:
        import highspy
    except ModuleNotFoundError as exc:  # pragma: no cover - depends on the environment
        raise MissingDependencyError(
            "planning needs the HiGHS solver (highspy>=1.7), which is not installed: "
            "pip install 'interlabor[plan]'", name="highspy") from exc
    return highspy


def _model(lp: PlanLP) -> Any:
    hp = load_highspy()
    M = lp.M.tocsc()
    model = hp.HighsLp()
    model.num_col_ = int(M.shape[1])
    model.num_row_ = int(M.shape[0])
    inf = hp.kHighsInf
    model.col_cost_ = np.ascontiguousarray(lp.c, dtype=np.float64)
    model.col_lower_ = np.ascontiguousarray(np.where(np.isfinite(lp.lo), lp.lo, -inf))
    model.col_upper_ = np.ascontiguousarray(np.where(np.isfinite(lp.hi), lp.hi, inf))
    model.row_lower_ = np.ascontiguousarray(np.where(np.isfinite(lp.row_lo), lp.row_lo, -inf))
    model.row_upper_ = np.ascontiguousarray(np.where(np.isfinite(lp.row_hi), lp.row_hi, inf))
    model.a_matrix_.format_ = hp.MatrixFormat.kColwise
    model.a_matrix_.start_ = M.indptr.astype(np.int32)
    model.a_matrix_.index_ = M.indices.astype(np.int32)
    model.a_matrix_.value_ = M.data.astype(np.float64)
    model.offset_ = float(lp.offset)
    return model


@contextlib.contextmanager
def _quiet_stdout() -> Iterator[None]:
    """Point file descriptor 1 at the null device (HiGHS prints its banner from C++)."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        sys.stdout.flush()
    try:
        saved = os.dup(1)
    except OSError:  # pragma: no cover - no descriptor 1
        yield
        return
    null = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(null, 1)
        yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)
        os.close(null)


def new_highs(verbose: bool = False) -> Any:
    """A ``highspy.Highs`` object; silent (no start-up banner, no log) unless ``verbose``."""
    hp = load_highspy()
    if verbose:
        h = hp.Highs()
    else:
        with _quiet_stdout():
            h = hp.Highs()
    h.setOptionValue("output_flag", bool(verbose))
    h.setOptionValue("log_to_console", bool(verbose))
    return h


def configured_highs(lp: PlanLP, method: str, time_limit: float, threads: int | None,
                     verbose: bool = False) -> Any:
    """A ``highspy.Highs`` holding ``lp``, set up for ``method`` (ipm, simplex or pdlp)."""
    h = new_highs(verbose)
    h.setOptionValue("time_limit", float(time_limit))
    if threads:
        h.setOptionValue("threads", int(threads))
    if method == "ipm":
        h.setOptionValue("solver", "ipm")
        h.setOptionValue("run_crossover", "on")
    elif method == "simplex":
        h.setOptionValue("solver", "simplex")
    elif method == "pdlp":
        h.setOptionValue("solver", "pdlp")
    else:
        raise ValueError(f"unknown method {method!r}: expected ipm, simplex, pdlp or "
                         "ortools-pdlp")
    h.passModel(_model(lp))
    return h


# ---- infeasibility in words ---------------------------------------------------------------
def _num(v: float) -> str:
    return f"{v:,.4g}"


def describe_row(lp: PlanLP, i: int) -> str:
    """A row of the LP in words (family, region, product, bound)."""
    d = lp.data
    fam = FAMILIES[lp.row_fam[i]]
    r, s, o = lp.row_r[i], lp.row_s[i], lp.row_o[i]
    reg = d.regions[r] if r >= 0 else ""
    sec = d.sectors[s] if s >= 0 else ""
    hu, ou = d.units.get("hours", "hours"), d.units.get("output", "money")
    if fam == "labour":
        name = d.cap_acc[o][0]
        return (f"{reg}'s labour capacity ({name}) cannot exceed {_num(lp.row_hi[i])} {hu} "
                "for production")
    if fam == "demand":
        return (f"{reg} must receive at least {_num(lp.row_lo[i])} {ou} of {sec} beyond what "
                "its own industries use (its final demand, with its use of the product as an "
                "input on top)")
    if fam == "output":
        return f"{reg}'s output of {sec} must be shipped somewhere (output = shipments)"
    if fam == "mutual_aid":
        return (f"mutual aid: the hours {reg} puts into its exports stay within the agreed "
                "multiple of the hours it receives in its imports")
    if fam == "sovereignty":
        k = lp.row_o[i]
        own = lp.M[[i], :].toarray().ravel()
        share = -own[lp.u_index[k, s]] if lp.u_index[k, s] >= 0 else float("nan")
        return (f"sovereignty in {reg} requires at least {share:.0%} of its use of {sec} made "
                "at home")
    if fam in ("share_hi", "share_lo"):
        side = "above" if fam == "share_hi" else "below"
        return (f"{reg}'s share of {sec} bought from {d.regions[o]} may not move more than delta "
                f"{side} today's")
    if fam == "use":
        return f"{reg}'s use of {sec} is the sum of what it receives"
    if fam == "burden":
        return f"{reg}'s hours per worker stay within the equal-burden cap"
    if fam == "sharing_capacity":
        return (f"{reg}'s output of {sec}, own and shared techniques together, cannot exceed "
                f"{_num(lp.row_hi[i])} {ou} (today's x (1 + growth))")
    if fam == "sharing_cap":
        return (f"{reg} may make at most {_num(lp.row_hi[i])} {ou} of {sec} with shared "
                "techniques (the sharing cap)")
    return f"row {i} ({fam})"


def describe_col(lp: PlanLP, j: int) -> str:
    """A column bound of the LP in words."""
    d = lp.data
    if j < lp.nx:
        r, s = divmod(j, d.S)
        return (f"{d.regions[r]}'s output of {d.sectors[s]} is capped at "
                f"{_num(lp.hi[j])} {d.units.get('output', '')} (today's x (1 + growth))")
    k = j - lp.nx
    if k < lp.q_o.size:
        return (f"shipments of {d.sectors[lp.q_s[k]]} from {d.regions[lp.q_o[k]]} to "
                f"{d.regions[lp.q_d[k]]} cannot be negative")
    w = lp.sharing
    if w is not None and w.start <= j < w.start + w.size:
        k = j - w.start
        return (f"{d.regions[w.r[k]]}'s output of {d.sectors[w.s[k]]} with "
                f"{d.regions[w.g[k]]}'s technique cannot be negative")
    return f"column {j} bound"


def explain_infeasible(lp: PlanLP, h: Any) -> list[str]:
    """An irreducible infeasible set of an infeasible LP, each constraint in words.

    Parameters
    ----------
    lp : PlanLP
    h : highspy.Highs
        The solver object after ``run()`` reported infeasibility.

    Returns
    -------
    list of str
        Empty when HiGHS could not compute an IIS.
    """
    iis = None
    for strategy in (4, 2, 3):  # HiGHS 1.16: 4 and 2 find an irreducible set from the LP
        try:
            h.setOptionValue("iis_strategy", strategy)
            status, found = h.getIis()
        except Exception:  # pragma: no cover - option values differ between versions
            continue
        if getattr(found, "valid_", False) and (len(found.row_index_) or len(found.col_index_)):
            iis = found
            break
    if iis is None:
        return []
    lines = [describe_row(lp, int(i)) for i in iis.row_index_]
    for j in iis.col_index_:
        j = int(j)
        if j < lp.nx and np.isfinite(lp.hi[j]):
            lines.append(describe_col(lp, j))
    # group repeated descriptions (many demand rows of one kind) and keep it short
    seen: dict[str, int] = {}
    for ln in lines:
        seen[ln] = seen.get(ln, 0) + 1
    out = [ln + (f" (x{c})" if c > 1 else "") for ln, c in seen.items()]
    if len(out) > 25:
        out = out[:25] + [f"... and {len(out) - 25} more constraints"]
    return out
