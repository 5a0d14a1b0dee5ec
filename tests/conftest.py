"""Shared fixtures. Real data in ../shared/data is reached only through `shared_data`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def _stamps(root: Path, digest: bool) -> dict[str, tuple]:
    """Size and mtime (and sha256 with ``digest``) of every file below ``root``."""
    import hashlib

    out: dict[str, tuple] = {}
    for f in sorted(root.rglob("*")):
        if f.is_file():
            st = f.stat()
            out[str(f.relative_to(root))] = (st.st_size, st.st_mtime_ns) + (
                (hashlib.sha256(f.read_bytes()).hexdigest(),) if digest else ())
    return out


def _changed(before: dict[str, tuple], after: dict[str, tuple]) -> list[str]:
    return sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))


@pytest.fixture(scope="session", autouse=True)
def _shared_data_unchanged():
    """Inputs are never modified: sha256 of every file of ../shared/data before and after."""
    if not SHARED_DATA.is_dir():
        yield None
        return
    before = _stamps(SHARED_DATA, digest=True)
    yield {k: v[:2] for k, v in before.items()}
    changed = _changed(before, _stamps(SHARED_DATA, digest=True))
    assert not changed, f"tests modified files of {SHARED_DATA}: {changed[:20]}"


@pytest.fixture(autouse=True)
def _shared_data_untouched(request: pytest.FixtureRequest, _shared_data_unchanged):
    """After each test that reads ../shared/data: no file's size or mtime changed."""
    yield
    if _shared_data_unchanged is not None and "shared_data" in request.fixturenames:
        changed = _changed(_shared_data_unchanged, _stamps(SHARED_DATA, digest=False))
        assert not changed, f"{request.node.nodeid} modified files of {SHARED_DATA}: {changed}"


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
