"""Value added derived as ``x - 1'Z`` where a table has no value-added account.

On a closed world table (every region of the world, no imports from outside, no exports to
outside) gross output less intermediate inputs, ``x - 1'Z``, is value added at basic prices
plus net taxes on products and international transport margins (whatever the table books
below its intermediate block), exactly as the bundled WIOD 2013 table's ``value_added``
(:func:`interlabor.io.wiod2013.value_added_account`). On a national or otherwise open table
``x - 1'Z`` also holds the imported inputs, so it is not value added and is never derived:
:func:`open_table_reason` says why.
"""

from __future__ import annotations

import re

from ..errors import AccountNotFoundError
from ..io.wiod2013 import value_added_account
from ..model import MRIO, Account

__all__ = ["DERIVED", "derived_value_added", "open_table_reason", "with_value_added"]

#: Extension of a derived account (its key is ``derived/value_added``).
DERIVED = "derived"

_EXPORTS = re.compile(r"^(exp|exports?|export_?\w*|e)$", re.I)
_IMPORTS = re.compile(r"(^|[/_ ])imports?($|[/_ ])", re.I)


def open_table_reason(mrio: MRIO) -> str | None:
    """Why ``x - 1'Z`` is not value added for ``mrio``, or None on a closed world table.

    A table is open when it has one region (a national table), books imports as an account
    (imported inputs are then outside ``Z``) or has an export category of final demand
    (exports to a rest of the world outside the table).

    Returns
    -------
    str or None
        The reason, in words, for the message that refuses to derive value added.
    """
    if mrio.n_regions == 1:
        return (f"it is a national table (one region, {mrio.regions[0]}): x - 1'Z would include "
                "the imported inputs, which are not in Z")
    imports = [a.key for a in mrio.accounts if _IMPORTS.search(a.key)]
    if imports:
        return (f"it books imports as the account {imports[0]} (an open table): x - 1'Z would "
                "include the imported inputs, which are not in Z")
    exports = [c for c in mrio.categories if _EXPORTS.match(c)]
    if exports:
        return (f"its final demand has an export category {exports[0]!r} (an open table): x - "
                "1'Z would include inputs imported from outside the table")
    return None


def derived_value_added(mrio: MRIO, *, allow_open: bool = False) -> Account:
    """The account ``derived/value_added = x - 1'Z`` of a closed world table.

    Parameters
    ----------
    mrio : MRIO
    allow_open : bool
        Give ``x - 1'Z`` on an open table too, marked in its description as not value
        added: only for computing results that do not depend on it (hours flows need a
        money account beside them); the caller must not report value-added results.

    Returns
    -------
    Account
        Shape (n,), the table's money unit; 0 where output is zero or rounding-negative; the
        description says it is derived and what it includes.

    Raises
    ------
    AccountNotFoundError
        On a national or open table (:func:`open_table_reason`): deriving it there would
        count imports as value added.
    """
    reason = open_table_reason(mrio)
    if reason is not None and not allow_open:
        raise AccountNotFoundError(
            f"the table has no value-added account, and value added is not derived as x - 1'Z "
            f"because {reason}; results that need value added are not computed")
    base = value_added_account(mrio.Z, mrio.x)
    what = ("value added at basic prices plus net taxes on products and international "
            "transport margins, whatever the table books below its intermediate block"
            if reason is None else f"NOT value added: {reason}")
    return Account("value_added", mrio.money.label, base.values, extension=DERIVED,
                   description=f"derived as x - 1'Z (the table has no value-added account): {what}")


def with_value_added(mrio: MRIO, name: str = "value_added") -> tuple[MRIO, str | None]:
    """``mrio`` with a value-added account: its own ``name``, else the derived one.

    Returns
    -------
    (MRIO, str or None)
        The table and the key of the derived account (None when ``name`` exists).

    Raises
    ------
    AccountNotFoundError
        ``name`` is not in the table and value added cannot be derived (an open table).
    """
    try:
        mrio.account(name)
        return mrio, None
    except AccountNotFoundError:
        pass
    acc = derived_value_added(mrio)
    return mrio.with_accounts([acc]), acc.key
