"""PNGs of the figures by kaleido in the system Chromium (skips without one)."""

from __future__ import annotations

import asyncio
import struct

import pytest

from interlabor.report import charts
from interlabor.report.i18n import translator
from interlabor.report.png import WIDTH, find_chromium, write_pngs
from interlabor.report.views import who_works

pytestmark = pytest.mark.slow


def test_pngs_of_the_map_and_bars(default_table, tmp_path) -> None:
    if find_chromium() is None:
        pytest.skip("no Chromium on this machine (apt-get install chromium): PNG export "
                    "runs kaleido in the system browser")
    pytest.importorskip("kaleido", reason="PNG export needs kaleido (interlabor[report])")
    w = who_works(default_table, "DEU")
    t = translator("en")
    files = write_pngs({"map": charts.world_map(w, t), "origins": charts.origin_bars(w, t)},
                       tmp_path)
    assert [f.name for f in files] == ["map.png", "origins.png"]
    for f, fig in zip(files, (charts.world_map(w, t), charts.origin_bars(w, t)), strict=True):
        head = f.read_bytes()[:24]
        assert head[:8] == b"\x89PNG\r\n\x1a\n"
        width, height = struct.unpack(">II", head[16:24])
        assert (width, height) == (2 * WIDTH, 2 * fig.layout.height)


def test_pngs_while_an_event_loop_runs(default_table) -> None:
    """As in Jupyter or beside Playwright's sync API: kaleido runs in a thread of its own."""
    if find_chromium() is None:
        pytest.skip("no Chromium on this machine (apt-get install chromium)")
    pytest.importorskip("kaleido", reason="PNG export needs kaleido (interlabor[report])")
    from interlabor.report.png import png_bytes

    fig = charts.origin_bars(who_works(default_table, "DEU"), translator("en"))

    async def inside_a_loop() -> dict[str, bytes]:
        return png_bytes({"origins": fig})  # a blocking call while this loop runs

    try:
        asyncio.get_running_loop()  # one runs already (the browser tests' Playwright)
        running = True
    except RuntimeError:
        running = False
    out = png_bytes({"origins": fig}) if running else asyncio.run(inside_a_loop())
    assert out["origins"][:8] == b"\x89PNG\r\n\x1a\n"
