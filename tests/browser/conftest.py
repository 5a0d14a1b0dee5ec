"""A real browser for the report and the explorer: Debian's Chromium driven by Playwright.

Playwright launches the system's Chromium (``executable_path``; no browser is downloaded);
``.ci/run`` installs it (``apt-get install -y chromium``) where it runs as root. Without
Chromium or the Playwright package these tests skip with the reason. Screenshots go to
``tests/artifacts/`` (not committed).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    from interlabor.report.png import find_chromium

    path = find_chromium()
    if path is None:
        pytest.skip("no Chromium on this machine (apt-get install chromium; .ci/run installs "
                    "it when it runs as root): the browser tests need a real browser")
    return path


@pytest.fixture(scope="session")
def browser(chromium_path: Path) -> Iterator[Any]:
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="the browser tests need Playwright: pip install "
        "'interlabor[test]' (the Python package only; it drives the system Chromium)")
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(chromium_path), headless=True,
                               args=["--no-sandbox", "--disable-gpu"])
        yield b
        b.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


class Watch:
    """What a page did: console errors, page errors, and every request to a host."""

    def __init__(self, page: Any, allowed: str = "") -> None:
        self.errors: list[str] = []
        self.remote: list[str] = []
        self.requests: list[str] = []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))

        def request(r: Any) -> None:
            self.requests.append(r.url)
            if r.url.startswith(("http://", "https://")) and not (
                    allowed and r.url.startswith(allowed)):
                self.remote.append(r.url)

        page.on("request", request)


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    ctx = browser.new_context(viewport={"width": 1200, "height": 900}, accept_downloads=True)
    # no request may leave the machine: anything but file:// and the local app is aborted
    ctx.route("**/*", lambda route: route.abort() if route.request.url.startswith(
        ("http://", "https://")) and not route.request.url.startswith(
        ("http://127.0.0.1", "http://localhost")) else route.continue_())
    p = ctx.new_page()
    yield p
    ctx.close()


@pytest.fixture(scope="session")
def default_table() -> Any:
    import interlabor as il

    return il.read("default")


#: JavaScript: a trace attribute as a plain array (plotly keeps typed arrays as base64 specs).
ARRAY = """(v) => (v && v.bdata)
    ? Array.from(new ({f8: Float64Array, f4: Float32Array, i4: Int32Array, i2: Int16Array,
                       i1: Int8Array, u1: Uint8Array, u2: Uint16Array, u4: Uint32Array}[v.dtype])(
        Uint8Array.from(atob(v.bdata), c => c.charCodeAt(0)).buffer))
    : Array.from(v)"""


def trace(page: Any, div: str, index: int = 0, keys: tuple[str, ...] = ("x", "y")) -> dict:
    """Attributes ``keys`` of trace ``index`` of the plotly chart in element ``div``."""
    return page.evaluate(
        f"([id, i, keys]) => {{ const arr = {ARRAY}; const el = document.getElementById(id); "
        "const gd = el.classList.contains('js-plotly-plot') ? el : "
        "el.querySelector('.js-plotly-plot'); const t = gd.data[i]; "
        "return Object.fromEntries(keys.map(k => [k, arr(t[k])])); }",
        [div, index, list(keys)])
