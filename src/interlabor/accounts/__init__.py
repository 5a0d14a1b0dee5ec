"""Labour accounts (persons employed, hours worked) built from public labour data.

These are modelled, illustrative estimates: see ``docs/labour_accounts.md``.
"""

from .tables import build_all_years, labour_accounts, tidy_table, write_table
from .wiod2013_labour import (
    VARIANTS,
    LabourAccounts,
    LabourSources,
    build_from_output,
    build_wiod2013_labour,
    load_sources,
)

__all__ = [
    "VARIANTS",
    "LabourAccounts",
    "LabourSources",
    "build_all_years",
    "build_from_output",
    "build_wiod2013_labour",
    "labour_accounts",
    "load_sources",
    "tidy_table",
    "write_table",
]
