"""Items 6 and 7: ``--by product`` keeps the direct hours; multipliers in the one layout."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from interlabor.io import load_default
from interlabor.io.output import SCHEMA


@pytest.fixture(scope="module")
def bundled():
    return load_default()


def _total(cli, tmp_path, by: str) -> pd.DataFrame:
    out = tmp_path / f"{by}.csv"
    status, _, err = cli("footprint", "default", "--account", "hours", "--by", by, "--out",
                         str(out), "-q")
    assert status == 0, err
    return pd.read_csv(out)


def test_by_product_total_equals_every_other_by(bundled, tmp_path, cli):
    product = _total(cli, tmp_path, "product")
    direct = product[product["product"] == "final demand (direct)"]
    # the direct final-demand hours, from the account itself: 8,801 million hours in 2011
    # (8,458 on the accounts before the ILO activity split)
    fd = bundled.account("hours").final_demand
    assert direct["value"].sum() == pytest.approx(fd.sum(), rel=1e-12)
    assert fd.sum() == pytest.approx(8801, rel=1e-3)
    by_region = direct.set_index("consumer_region")["value"]
    per_region = fd.reshape(bundled.n_regions, -1).sum(axis=1)
    assert np.allclose(by_region.reindex(bundled.regions).to_numpy(), per_region)
    assert direct["note"].str.contains("domestic workers").all()
    for by in ("region", "origin", "origin-sector", "category", "production"):
        assert product["value"].sum() == pytest.approx(_total(cli, tmp_path, by)["value"].sum(),
                                                       rel=1e-9), by


def test_by_product_printed_says_so(cli):
    status, out, _ = cli("footprint", "default", "--account", "hours", "--by", "product", "-q")
    assert status == 0
    assert "note: row 'final demand (direct)'" in out


def test_multipliers_have_the_one_layout(bundled, tmp_path, cli):
    m = _total(cli, tmp_path, "multipliers")
    assert list(m.columns) == [*SCHEMA, "region", "sector", "value"]
    assert (m["account"] == "labour/hours").all() and (m["indicator"] == "multiplier").all()
    assert (m["unit"] == "million hours per USD million").all()
    fp = _total(cli, tmp_path, "region")
    for other in (fp, _total(cli, tmp_path, "origin")):
        assert set(other["account"]) == {"labour/hours"}
    # identity: multipliers times final demand = footprint less its direct part
    y = bundled.Y.sum(axis=1)
    mult = m.set_index(["region", "sector"])["value"].reindex(bundled.index).to_numpy()
    direct = bundled.account("hours").final_demand.sum()
    assert mult @ y == pytest.approx(fp["value"].sum() - direct, rel=1e-9)
