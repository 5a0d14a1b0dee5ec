"""interlabor: labour footprints, unequal exchange and cooperative planning on MRIO tables.

The front door::

    import interlabor as il
    mrio = il.read("default")                       # or a WIOD/EXIOBASE/OECD/... file
    il.consumption_based(mrio, "hours", by="origin")

Names are loaded on first use (PEP 562), so ``import interlabor`` loads neither numpy's
companions pandas, scipy nor pyarrow until a function needs them. Expert tools stay in their
modules (:class:`interlabor.algebra.LeontiefSolver`, :mod:`interlabor.kernel`, ...).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from ._version import __version__

#: Public name -> (module, attribute) it is loaded from.
_EXPORTS: dict[str, tuple[str, str]] = {
    "read": (".io.access", "read"),
    "write": (".io.store", "write_mrio"),
    "load_default": (".io.access", "load_default"),
    "MRIO": (".model", "MRIO"),
    "Account": (".model", "Account"),
    "build_mrio": (".model", "build_mrio"),
    "aggregate": (".aggregate", "aggregate"),
    "consumption_based": (".footprints", "consumption_based"),
    "production_based": (".footprints", "production_based"),
    "multipliers": (".footprints", "multipliers"),
    "embodied_trade": (".footprints", "embodied_trade"),
    "exchange_flows": (".exchange", "exchange_flows"),
    "plan": (".planning.planner", "plan"),
    "from_pymrio": (".interop", "from_pymrio"),
    "to_pymrio": (".interop", "to_pymrio"),
    "InterlaborError": (".errors", "InterlaborError"),
}

__all__ = [
    "Account",
    "InterlaborError",
    "MRIO",
    "__version__",
    "aggregate",
    "build_mrio",
    "consumption_based",
    "embodied_trade",
    "exchange_flows",
    "from_pymrio",
    "load_default",
    "multipliers",
    "plan",
    "production_based",
    "read",
    "to_pymrio",
    "write",
]


def __getattr__(name: str) -> Any:
    try:
        module, attr = _EXPORTS[name]
    except KeyError:
        raise AttributeError(f"module 'interlabor' has no attribute {name!r}") from None
    value = getattr(import_module(module, __name__), attr)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})


if TYPE_CHECKING:  # pragma: no cover - for type checkers and editors only
    from .aggregate import aggregate
    from .errors import InterlaborError
    from .exchange import exchange_flows
    from .footprints import consumption_based, embodied_trade, multipliers, production_based
    from .interop import from_pymrio, to_pymrio
    from .io.access import load_default, read
    from .io.store import write_mrio as write
    from .model import MRIO, Account, build_mrio
    from .planning.planner import plan
