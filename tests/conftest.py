"""Shared fixtures. Real data in ../shared/data is reached only through `shared_data`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Every test gets its own cache of converted tables (never the user's ~/.cache)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg-cache")))


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """Path to ../shared/data; skips the test with a clear reason when it is absent."""
    if not SHARED_DATA.is_dir():
        pytest.skip(
            f"real input-output data not found at {SHARED_DATA} (the ../shared folder beside "
            "the checkout); these tests run against published tables only where they exist"
        )
    return SHARED_DATA


@pytest.fixture(scope="session")
def known_answers(shared_data: Path) -> dict:
    """The worked examples in ../shared/data/known_answers/known_answers.json."""
    return json.loads((shared_data / "known_answers" / "known_answers.json").read_text())


@pytest.fixture(scope="session")
def wiod2011_path(shared_data: Path) -> Path:
    """The WIOD 2013 release world table for 2011 (R data file)."""
    return shared_data / "wiod2013" / "wiot_2011.RData"


@pytest.fixture(scope="session")
def wiod2011(wiod2011_path: Path):
    """The WIOD 2011 table read from ../shared, validation warnings silenced."""
    from interlabor.io.wiod2013 import read_wiod2013_rdata

    return read_wiod2013_rdata(wiod2011_path, warn=False)
