"""``interlabor exchange`` on small tables written in interlabor's format."""

import numpy as np
import pandas as pd
import pytest

from interlabor.cli import main
from interlabor.io.store import write_mrio
from interlabor.model import Account, build_mrio
from interlabor.units import MonetaryUnit


def table(year, scale=1.0, regions=("USA", "CHN", "IND")):
    Y = np.array([[60, 20, 20], [30, 50, 20], [40, 20, 140]], float)
    h = np.array([100, 500, 2000], float) * scale
    accounts = [
        Account("hours", "million hours", h, modelled=True, extension="labour"),
        Account("hours_low", "million hours", 0.8 * h, modelled=True, extension="labour"),
        Account("hours_high", "million hours", 1.2 * h, modelled=True, extension="labour"),
        Account("value_added", "USD million", Y.sum(1)),
        Account("compensation", "USD million", np.array([50.0, 50, 100])),
    ]
    return build_mrio(np.zeros((3, 3)), Y, regions=list(regions), sectors=["s"],
                      categories=["hh"], accounts=accounts, year=year,
                      money=MonetaryUnit(price_year=year))


def test_exchange_one_table(tmp_path, capsys):
    path = write_mrio(table(2011), tmp_path / "t2011")
    out = tmp_path / "ex.csv"
    assert main(["exchange", str(path), "--groups", "north-south", "--wages", "compensation",
                 "--out", str(out), "-q"]) == 0
    text = capsys.readouterr().out
    assert "South -> North" in text and "modelled estimate" in text
    assert "hours South->North" in text and "(a) drain" in text and "exchange ratio" in text
    long = pd.read_csv(out)
    rows = long.set_index(["indicator", "variant"])
    row = rows.loc[("hours_given", "central")]
    assert row["value"] == pytest.approx(550)
    assert (rows.loc[("hours_given", "low"), "value"],
            rows.loc[("hours_given", "high"), "value"]) == pytest.approx((440, 660))
    assert bool(row["modelled"]) and "2011" in row["prices"]


def test_exchange_series_and_chart(tmp_path, capsys):
    folder = tmp_path / "years"
    folder.mkdir()
    for y, k in [(2009, 1.0), (2010, 1.5), (2011, 2.0)]:
        write_mrio(table(y, k), folder / f"table_{y}")
    chart = tmp_path / "ex.png"
    assert main(["exchange", "--years", str(folder), "--chart", str(chart), "-q"]) == 0
    text = capsys.readouterr().out
    assert "2010" in text and "nominal" in text
    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_exchange_unmapped_region(tmp_path, capsys):
    path = write_mrio(table(2011, regions=("USA", "CHN", "XYZ")), tmp_path / "t")
    assert main(["exchange", str(path), "-q"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("LabelMismatchError: ") and "XYZ" in err


def test_exchange_needs_table_or_years(capsys):
    assert main(["exchange", "-q"]) == 2


def test_exchange_builds_labour_accounts_for_a_raw_wiod_table(wiod2011_path, shared_data, capsys):
    code = main(["exchange", str(wiod2011_path), "--labour-data", str(shared_data),
                 "--account", "hours", "--groups", "north-south", "-q"])
    assert code == 0
    out = capsys.readouterr().out
    assert "modelled estimate: illustrative" in out and "gross hours ratio" in out
