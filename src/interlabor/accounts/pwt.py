"""Average annual hours worked per person engaged from the Penn World Table 10.01 (``avh``).

File: ``<data>/prices/pwt1001/ddf--datapoints--avh--by--country--year.csv`` (lower-case ISO3,
year, hours per year). An independent source for the labour accounts' hours per person (the
checks table) and an alternative calibration (variant ``calibration:pwt``).

Source: Feenstra, R. C., Inklaar, R. & Timmer, M. P. (2015), "The Next Generation of the Penn
World Table", American Economic Review 105(10): 3150-3182, www.ggdc.net/pwt (CC BY 4.0), as
republished by open-numbers.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..io.price_data import read_pwt

__all__ = ["AVH_FILE", "read_avh"]

AVH_FILE = "prices/pwt1001/ddf--datapoints--avh--by--country--year.csv"


def read_avh(data_dir: str | Path) -> pd.DataFrame:
    """PWT ``avh``: ISO3 x year, hours per person engaged and year.

    Raises
    ------
    TableReadError
        The file is missing or malformed, or a value is outside (0, 8784].
    """
    return read_pwt(Path(data_dir) / "prices", "avh", bounds=(1e-9, 8784.0))
