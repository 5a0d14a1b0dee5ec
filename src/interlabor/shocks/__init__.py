"""Joint action and shocks: stoppages of work, hypothetical extraction, inoperability, leverage.

Static models (one solve each through :mod:`interlabor.kernel`): :mod:`.extraction`
(hypothetical extraction, backward and forward), :mod:`.inoperability` (demand-reduction,
supply-side and dynamic IIM), :mod:`.constrained` (supply-constrained Leontief and Ghosh),
:mod:`.static` (a stoppage through all of them), :mod:`.leverage` (every cell's leverage per
hour stopped, chokepoints); :mod:`.stoppage` parses ``REGION:SECTOR[:SHARE]``. Methods in
``docs/shocks.md``.
"""

from .constrained import constrained_ghosh, constrained_leontief
from .extraction import extraction, extraction_closed_form
from .inoperability import demand_inoperability, dynamic_inoperability, supply_inoperability
from .static import MODELS, ShockLosses, static_losses
from .stoppage import Stop, Stoppage, make_stoppage, parse_stop, stopped_labour

__all__ = [
    "MODELS",
    "ShockLosses",
    "Stop",
    "Stoppage",
    "constrained_ghosh",
    "constrained_leontief",
    "demand_inoperability",
    "dynamic_inoperability",
    "extraction",
    "extraction_closed_form",
    "make_stoppage",
    "parse_stop",
    "static_losses",
    "stopped_labour",
    "supply_inoperability",
]

# The dynamic (ARIO) model lives in .ario (another module; imported where it is used).
