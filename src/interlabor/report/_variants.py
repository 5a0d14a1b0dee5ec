"""The one place the report and the explorer learn an account's variants.

Every variant or range lookup of :mod:`interlabor.report.html`, :mod:`interlabor.report.views`
and :mod:`interlabor.explore` goes through :func:`variants` and :func:`range_keys`. Variants
are metadata of :class:`~interlabor.model.Account` (``variant_of``, ``variant``;
:func:`interlabor.model.variants_of`): the structural alternatives of the range
(``calibration:max``, ``pattern:flat``; :func:`interlabor.model.in_range`) and variants shown
beside it (``previous method``), in table order, as
:func:`interlabor.report.summary.range_accounts` lists them. Names never make a variant.
Monte Carlo percentiles are not accounts: :func:`interlabor.report.views.footprint_percentiles`.
"""

from __future__ import annotations

from ..model import MRIO, in_range
from .summary import range_accounts

__all__ = ["CENTRAL", "range_keys", "variants"]

#: Name of the central estimate among the variants.
CENTRAL = "central"


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
        ``{"central": key, "calibration:min": key_of_that_variant, ...}``; only the central
        account for an account without variants.

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
                 if name != CENTRAL and in_range(name))
