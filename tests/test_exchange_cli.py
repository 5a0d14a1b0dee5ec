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
        Account("hours (calibration:min)", "million hours", 0.8 * h, modelled=True,
                extension="labour", variant_of="labour/hours", variant="calibration:min"),
        Account("hours (calibration:max)", "million hours", 1.2 * h, modelled=True,
                extension="labour", variant_of="labour/hours", variant="calibration:max"),
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


def price_files(folder):
    """WDI and PWT files in the open-numbers layout: USA 1, CHN 0.5 (WDI), IND 0.25 (PWT)."""
    (folder / "wdi").mkdir(parents=True)
    (folder / "pwt1001").mkdir()
    (folder / "wdi" / "ddf--datapoints--pa_nus_pppc_rf--by--geo--time.csv").write_text(
        "geo,time,pa_nus_pppc_rf\nusa,2011,1\nchn,2011,0.5\n")
    pwt = folder / "pwt1001" / "ddf--datapoints--{}--by--country--year.csv"
    pwt.parent.joinpath(pwt.name.format("pl_gdpo")).write_text(
        "country,year,pl_gdpo\nusa,2011,0.8\nchn,2011,0.4\nind,2011,0.2\n")
    pwt.parent.joinpath(pwt.name.format("cgdpo")).write_text(
        "country,year,cgdpo\nusa,2011,10\nchn,2011,5\nind,2011,4\n")
    return folder


def test_exchange_price_level_drain(tmp_path, capsys):
    path = write_mrio(table(2011), tmp_path / "t2011")
    out = tmp_path / "ex.csv"
    assert main(["exchange", str(path), "--price-data", str(price_files(tmp_path / "p")),
                 "--out", str(out), "-q"]) == 0
    text = capsys.readouterr().out
    assert "(e) price-level drain South->North" in text
    rows = pd.read_csv(out).set_index(["indicator", "variant"])
    # V[CHN, USA] (1 / 0.5 - 1) + V[IND, USA] (1 / 0.25 - 1): IND from PWT, 0.2 / 0.8
    assert rows.loc[("drain_price_level", "central"), "value"] == pytest.approx(30 + 40 * 3)
    note = rows.loc[("drain_price_level", "central"), "note"]
    assert "WDI PA.NUS.PPPC.RF" in note and "PWT for IND" in note


def test_exchange_labour_income_on_wiod(wiod2011_path, shared_data, capsys):
    code = main(["exchange", str(wiod2011_path), "--labour-data", str(shared_data),
                 "--account", "hours", "--wages", "labour_income", "--price-data",
                 str(shared_data / "prices"), "-q"])
    assert code == 0
    out = capsys.readouterr().out
    assert "wages: labour income incl. self-employed, modelled" in out
    assert "labour_income_ilo_share" in out and "not computed" not in out
    for text in ("(c) drain South->North: net hours South->North at South's own wage",
                 "net wage bill", "pairwise", "without the rest-of-world region",
                 "(e) price-level drain", "share of hours South->North worked in the rest"):
        assert text in out
