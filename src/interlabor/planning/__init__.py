"""Planning a cooperative international division of labour (see ``docs/planning.md``).

:func:`plan` finds the allocation of output and shipments among regions that meets every
region's final demand with the least total hours (or the most equal burden), under labour and
output capacities, sourcing-share bounds, sovereignty, mutual aid and transport costs, and sets
it against today's allocation. Needs ``highspy`` (``pip install 'interlabor[plan]'``).
"""

from ..io.price_levels import PriceLevels, read_price_levels
from .lp import PlanData, PlanLP, build_lp, plan_data
from .planner import plan
from .results import PlanResult, shadow_price_split
from .scenario import PlanScenario, Sovereignty, example_scenario_path, load_scenario
from .solution import LPSolution
from .solve import solve_lp

__all__ = [
    "LPSolution",
    "PlanData",
    "PlanLP",
    "PlanResult",
    "PlanScenario",
    "PriceLevels",
    "Sovereignty",
    "build_lp",
    "example_scenario_path",
    "load_scenario",
    "plan",
    "plan_data",
    "read_price_levels",
    "shadow_price_split",
    "solve_lp",
]
