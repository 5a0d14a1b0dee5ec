"""Labour accounts (persons employed, hours worked) built from public labour data.

These are modelled, illustrative estimates: see ``docs/labour_accounts.md``.
"""

from .structure import LabourStructure, cells
from .tables import (
    build_all_years,
    labour_accounts,
    tidy_table,
    with_labour_accounts,
    write_table,
)
from .wiod2013_labour import (
    PREVIOUS_METHOD,
    VARIANTS,
    LabourAccounts,
    LabourSources,
    build_from_output,
    build_variants,
    build_wiod2013_labour,
    load_sources,
    source_files,
    structure_from_output,
)

__all__ = [
    "PREVIOUS_METHOD",
    "VARIANTS",
    "LabourAccounts",
    "LabourSources",
    "LabourStructure",
    "build_all_years",
    "build_from_output",
    "build_variants",
    "build_wiod2013_labour",
    "cells",
    "labour_accounts",
    "load_sources",
    "source_files",
    "structure_from_output",
    "tidy_table",
    "with_labour_accounts",
    "write_table",
]
