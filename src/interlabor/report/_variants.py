"""The one place the report and the explorer learn an account's variants.

Every variant or range lookup of :mod:`interlabor.report.html`, :mod:`interlabor.report.views`
and :mod:`interlabor.explore` goes through :func:`variants` and :func:`range_keys`, so that
when variants become metadata of :class:`~interlabor.model.Account` (structural alternatives,
Monte Carlo percentiles) only this module changes. Today it uses the range convention of
:func:`interlabor.report.summary.range_accounts` (``hours_low`` / ``hours_high`` beside
``hours``), which :func:`interlabor.exchange_report.summary_range` follows too.
"""

from __future__ import annotations

from ..model import MRIO
from .summary import range_accounts

__all__ = ["CENTRAL", "range_keys", "variants"]

#: Name of the central estimate among the variants.
CENTRAL = "central"

#: Variant names that bound the range (the others are shown beside it).
_RANGE = ("low", "high")


def variants(mrio: MRIO, account: str) -> dict[str, str]:
    """Variant name -> account key: the central account first, then its variants.

    Parameters
    ----------
    mrio : MRIO
    account : str
        The central account (``name`` or ``extension/name``).

    Returns
    -------
    dict
        ``{"central": key, "low": key_low, "high": key_high}`` for a table with the low/high
        range, ``{"central": key}`` otherwise.

    Raises
    ------
    AccountNotFoundError
        No such account.
    """
    out = {CENTRAL: mrio.account(account).key}
    out.update(range_accounts(mrio, account))
    return out


def range_keys(mrio: MRIO, account: str) -> tuple[str, ...]:
    """Account keys whose results, with the central one's, bound the range (min and max)."""
    return tuple(key for name, key in variants(mrio, account).items()
                 if name in _RANGE or (":" in name and not name.startswith("sample:")))
