"""Planning a cooperative international division of labour (see ``docs/planning.md``).

:func:`plan` finds the allocation of output and shipments among regions that meets every
region's final demand with the least total hours (or the most equal burden), under labour and
output capacities, sourcing-share bounds, sovereignty, mutual aid, technology sharing and
transport costs, counted in volumes (sectoral price levels) by default, and sets it against
today's allocation: the saving split into price-level and productivity parts, who gains and
who loses work, and how much of it the optimum really requires (near-optimal ranges). Needs
``highspy`` (``pip install 'interlabor[plan]'``).
"""

from ..io.price_levels import PriceLevels, read_price_levels
from .data import PlanData, plan_data
from .decompose import saving_split
from .lp import PlanLP, build_lp
from .planner import plan
from .ranges import near_optimal_ranges
from .results import PlanResult, shadow_price_split
from .scenario import (
    PlanScenario,
    Sovereignty,
    TechnologySharing,
    example_scenario_path,
    load_scenario,
)
from .solution import LPSolution
from .solve import solve_lp
from .work import net_hours_given, work_changes

__all__ = [
    "LPSolution",
    "PlanData",
    "PlanLP",
    "PlanResult",
    "PlanScenario",
    "PriceLevels",
    "Sovereignty",
    "TechnologySharing",
    "build_lp",
    "example_scenario_path",
    "load_scenario",
    "near_optimal_ranges",
    "net_hours_given",
    "plan",
    "plan_data",
    "read_price_levels",
    "saving_split",
    "shadow_price_split",
    "solve_lp",
    "work_changes",
]
