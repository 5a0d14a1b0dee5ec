"""Every source of the WIOD 2013 labour accounts, read once per folder.

``<data>/ilo/`` (ILO employment, weekly hours, paid leave), ``<data>/wiod2016_sea/`` (WIOD 2016
Socio-Economic Accounts), ``<data>/ilo_by_sector/`` and ``<data>/ilo_status_sex/`` (ILO
modelled shares by activity, sex and status), ``<data>/population/`` (World Bank, Gapminder)
and ``<data>/prices/pwt1001/`` (Penn World Table hours per person); each reader cites its
source.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .ilo import IloSources, read_ilo
from .ilo_modelled import IloModelled, read_ilo_modelled
from .population import Population, read_population
from .pwt import read_avh
from .sea import SeaData, read_sea

__all__ = ["LabourSources", "load_sources", "source_files"]


@dataclass(frozen=True, eq=False)
class LabourSources:
    """Every source of the labour accounts, loaded once (see :func:`load_sources`)."""

    ilo: IloSources
    sea: SeaData
    data_dir: str
    modelled: IloModelled
    population: Population
    avh: pd.DataFrame


@functools.lru_cache(maxsize=4)
def _load(data_dir: str, max_gap: int) -> LabourSources:
    d = Path(data_dir)
    return LabourSources(read_ilo(d / "ilo", max_gap=max_gap), read_sea(d / "wiod2016_sea"),
                         str(d), read_ilo_modelled(d, max_gap=max_gap),
                         read_population(d / "population"), read_avh(d))


def load_sources(data_dir: str | Path, *, max_gap: int = 10) -> LabourSources:
    """Read every source of the labour accounts under ``data_dir`` (cached per folder).

    ``ilo/``, ``wiod2016_sea/``, ``ilo_by_sector/``, ``ilo_status_sex/``, ``population/`` and
    ``prices/pwt1001/``.

    Raises
    ------
    TableReadError
        A source file is missing or malformed.
    """
    return _load(str(Path(data_dir).resolve()), max_gap)


def source_files(data_dir: str | Path) -> list[Path]:
    """Every file :func:`load_sources` reads under ``data_dir`` (for provenance records)."""
    from .ilo import HOURS_FILE, VACATION_FILE, WORKFORCE_FILE
    from .ilo_modelled import FAMILY_FILE, GEO_FILE, SHARE_FILES, STATUS_FILES
    from .population import GAPMINDER_FILE, WB_FILE
    from .pwt import AVH_FILE
    from .sea import SEA_FILES

    d = Path(data_dir)
    return [*(d / "ilo" / f for f in (WORKFORCE_FILE, HOURS_FILE, VACATION_FILE)),
            *(d / "wiod2016_sea" / f for f, _ in SEA_FILES),
            *(d / f for f in (GEO_FILE, *SHARE_FILES.values(), *STATUS_FILES.values(),
                              FAMILY_FILE, AVH_FILE)),
            *(d / "population" / f for f in (WB_FILE, GAPMINDER_FILE))]


