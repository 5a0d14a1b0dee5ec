from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(scope="session")
def default_table() -> Any:
    import interlabor as il

    return il.read("default")
