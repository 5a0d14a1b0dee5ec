"""The explorer's supply-chain chart: a Sankey of the largest paths (interlabor.paths)."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("plotly")

from interlabor.io import load_default  # noqa: E402
from interlabor.paths import paths  # noqa: E402
from interlabor.report.charts import path_sankey  # noqa: E402
from interlabor.report.i18n import translator  # noqa: E402


@pytest.fixture(scope="module")
def world():
    return load_default()


@pytest.mark.parametrize("lang", ["en", "es"])
def test_sankey_links_carry_every_path(world, lang):
    res = paths(world, "hours", "DEU", top=10, threshold=0)
    t = translator(lang)
    fig = path_sankey(res, t, region="DEU", sector_names=world.sector_name_of, year=2011)
    s = fig.data[0]
    factor, _ = t.scale(res["value"].to_numpy(), str(res["unit"].iloc[0]))
    # every path reaches final demand (node 0) once: the links into it carry all of them
    into_fd = sum(v for d, v in zip(s.link.target, s.link.value, strict=True) if d == 0)
    assert into_fd == pytest.approx(res["value"].sum() * factor, rel=1e-12)
    # a path of tier k crosses k + 1 links
    assert sum(s.link.value) == pytest.approx(
        float(np.sum((res["tier"] + 1) * res["value"])) * factor, rel=1e-12)
    assert s.node.label[0] == t._("final demand of {region}", region=t.region("DEU"))
    alt = fig.layout.meta["alt"]
    assert t.percent(res.attrs["coverage_listed"]) in alt and "10" in alt
    assert t.region("DEU") in fig.layout.title.text
