"""PNG files of the report's figures: kaleido driving the system's Chromium.

The PNGs are the same plotly figures as the page (:mod:`interlabor.report.charts`), drawn by
kaleido (v1) in a headless Chromium that is already on the machine: Debian's ``chromium``
(``apt-get install chromium``), or the browser named by ``$INTERLABOR_CHROMIUM`` or
``$BROWSER_PATH``. Nothing is downloaded: kaleido gets plotly.js from the plotly package,
MathJax is off, and the world map is given inline (:func:`interlabor.report.geo.geo_assets_script`
in a script file beside the page kaleido renders), so the export runs offline.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import tempfile
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from ..errors import MissingDependencyError
from ..io.output import atomic_write
from ..progress import Progress, notify
from .geo import geo_assets_script

__all__ = ["WIDTH", "find_chromium", "png_bytes", "write_pngs"]

#: Width of every PNG, in CSS pixels (drawn at twice that for sharp print).
WIDTH = 1000
_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def find_chromium() -> Path | None:
    """The Chromium to use: ``$INTERLABOR_CHROMIUM``, ``$BROWSER_PATH``, else on ``PATH``."""
    for env in ("INTERLABOR_CHROMIUM", "BROWSER_PATH"):
        value = os.environ.get(env)
        if value and Path(value).is_file():
            return Path(value)
    for name in _NAMES:
        found = shutil.which(name)
        if found:
            return Path(found)
    return None


def png_bytes(figures: Mapping[str, Any], *, step: Progress | None = None) -> dict[str, bytes]:
    """Each figure as PNG bytes, from one Chromium started for all of them.

    Raises
    ------
    MissingDependencyError
        kaleido is not installed, or no Chromium is found.
    """
    try:
        import kaleido
    except ModuleNotFoundError as exc:  # pragma: no cover - depends on the environment
        raise MissingDependencyError("PNG export needs kaleido: pip install "
                                     "'interlabor[report]'", name="kaleido") from exc
    browser = find_chromium()
    if browser is None:
        raise MissingDependencyError(
            "PNG export needs a Chromium on this machine (apt-get install chromium, or set "
            "INTERLABOR_CHROMIUM to a Chrome/Chromium executable); the HTML report does not",
            name="chromium")
    with tempfile.TemporaryDirectory(prefix="interlabor-png-") as tmp:
        geo = Path(tmp) / "geo_assets.js"
        geo.write_text(geo_assets_script(), encoding="utf-8")

        async def render() -> dict[str, bytes]:
            page = kaleido.PageGenerator(mathjax=False, others=[str(geo)])
            out: dict[str, bytes] = {}
            async with kaleido.Kaleido(n=1, page_generator=page, path=str(browser)) as k:
                for i, (name, fig) in enumerate(figures.items()):
                    notify(step, "png", f"PNG {name}", done=i, total=len(figures),
                           unit="charts")
                    opts = {"format": "png", "width": WIDTH,
                            "height": int(fig.layout.height or 450), "scale": 2}
                    out[name] = await k.calc_fig(fig, opts=opts)
            notify(step, "png", "PNGs done", done=len(figures), total=len(figures),
                   unit="charts")
            return out

        try:
            asyncio.get_running_loop()
        except RuntimeError:  # no event loop here: the usual case
            return asyncio.run(render())
        # a loop runs in this thread (Jupyter, Playwright's sync API): render in another one
        with ThreadPoolExecutor(max_workers=1) as pool:
            return pool.submit(lambda: asyncio.run(render())).result()


def write_pngs(figures: Mapping[str, Any], folder: str | Path, *,
               step: Progress | None = None) -> list[Path]:
    """Write ``<folder>/<name>.png`` for each figure (atomically).

    Returns
    -------
    list of Path

    Raises
    ------
    MissingDependencyError
        As :func:`png_bytes`.
    """
    images = png_bytes(figures, step=step)

    def writer(data: bytes) -> Callable[[Path], object]:
        return lambda tmp: tmp.write_bytes(data)

    return [atomic_write(Path(folder) / f"{name}.png", writer(data))
            for name, data in images.items()]
