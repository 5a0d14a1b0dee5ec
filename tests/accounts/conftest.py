"""Session-scoped fixtures of the labour-account tests (sources and builds are cached)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest


@pytest.fixture(scope="session")
def labour_sources(shared_data: Path):
    from interlabor.accounts import load_sources

    return load_sources(shared_data)


@pytest.fixture(scope="session")
def x2011(wiod2011) -> pd.Series:
    return pd.Series(wiod2011.x, index=wiod2011.index)


@pytest.fixture(scope="session")
def acc2011(x2011, labour_sources):
    from interlabor.accounts import build_variants

    return build_variants(x2011, 2011, labour_sources)


@pytest.fixture(scope="session")
def wiod1995(shared_data: Path):
    from interlabor.io.wiod2013 import read_wiod2013_rdata

    return read_wiod2013_rdata(shared_data / "wiod2013" / "wiot_1995.RData", warn=False)


@pytest.fixture(scope="session")
def acc1995(wiod1995, labour_sources):
    from interlabor.accounts import build_from_output

    x = pd.Series(wiod1995.x, index=wiod1995.index)
    return build_from_output(x, 1995, labour_sources)
