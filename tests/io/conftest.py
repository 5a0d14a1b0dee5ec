"""Fixtures of the reader tests: pymrio's test system saved as folders, the WIOT xlsx mock."""

from __future__ import annotations

import shutil
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest


def quiet(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Call pymrio (a test-only dependency) with its own deprecation/parser warnings silenced."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return fn(*args, **kwargs)


@pytest.fixture(scope="session")
def pymrio_folders(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """pymrio's test system saved by ``save_all`` as text and as parquet (read-only masters)."""
    pymrio = pytest.importorskip("pymrio")
    root = tmp_path_factory.mktemp("pymrio")
    system = quiet(pymrio.load_test)
    out = {}
    for fmt in ("txt", "parquet"):
        out[fmt] = root / fmt
        quiet(system.save_all, out[fmt], table_format=fmt)
    return out


@pytest.fixture
def pymrio_txt(pymrio_folders: dict[str, Path], tmp_path: Path) -> Path:
    """A private, writable copy of the text folder (for tests that damage it)."""
    return Path(shutil.copytree(pymrio_folders["txt"], tmp_path / "system"))


@pytest.fixture(scope="session")
def wiot_xlsx(shared_data: Path) -> Path:
    """The WIOD 2013 WIOT xlsx layout sample (6 countries, 8 industries, pymrio's mock)."""
    return shared_data / "format_samples" / "pymrio_mocks" / "wiod_mock" / "wiot09_row_sep12.xlsx"
