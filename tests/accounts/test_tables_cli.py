"""Tidy table, atomic write and the build-wiod2013 command."""

from __future__ import annotations

import pandas as pd
import pytest

from interlabor.accounts import VARIANTS, tidy_table, write_table
from interlabor.accounts.tables import TIDY_COLUMNS
from interlabor.cli.accounts import main_build
from interlabor.errors import OutputError

pytestmark = pytest.mark.shared


def test_tidy_table_and_atomic_write(acc2011, tmp_path):
    df = tidy_table(acc2011.values())
    assert list(df.columns) == ["indicator", "label", "unit", "account", "variant", "modelled",
                                "year", "region", "sector", "value", "flag"]
    assert list(df.columns) == list(TIDY_COLUMNS)
    assert set(df.variant) == set(VARIANTS)
    assert set(df.account) == {"persons", "hours"}
    assert set(df.unit) == {"thousand persons", "million hours"} and df.modelled.all()
    assert (df.sector == "households_direct").any()
    hours = df[(df.account == "hours") & (df.variant == "central")]
    assert hours.value.sum() == pytest.approx(acc2011["central"].region_totals().hours.sum())
    out = write_table(df, tmp_path / "labour.parquet")
    assert pd.read_parquet(out).shape == df.shape
    assert [p.name for p in tmp_path.iterdir()] == ["labour.parquet"]  # no temp file left
    with pytest.raises(OutputError, match=r"expected \.csv or \.parquet"):
        write_table(df, tmp_path / "labour.xlsx")


def test_cli_one_year(shared_data, tmp_path, capsys):
    out = tmp_path / "l.csv"
    assert main_build(["--year", "2011", "--data", str(shared_data), "--out", str(out),
                       "--variants", "central"]) == 0
    df = pd.read_csv(out, keep_default_na=False)
    assert df.year.unique().tolist() == [2011] and len(df) >= 41 * 35
    assert "illustrative" in capsys.readouterr().out
    accounts = set(df.account)
    assert {"hours_female", "employees", "population"} <= accounts
    pop = df[df.account == "population"]
    assert len(pop) == 41 and not pop.modelled.any() and (pop.sector == "").all()
    # the groups add up to the central account
    tot = df.groupby("account").value.sum()
    assert tot["hours_female"] + tot["hours_male"] == pytest.approx(tot["hours"])


def test_cli_bad_year_and_variant(shared_data, tmp_path, capsys):
    out = tmp_path / "l.csv"
    assert main_build(["--year", "2020", "--data", str(shared_data), "--out", str(out)]) == 1
    assert "CoverageError: year 2020" in capsys.readouterr().err
    assert main_build(["--year", "2011", "--data", str(shared_data), "--out", str(out),
                       "--variants", "mid"]) == 1
    assert not out.exists()


@pytest.mark.parametrize("order", ["year-first", "out-first"])
def test_readme_command_through_the_entry_point(shared_data, tmp_path, capsys, order):
    """`interlabor accounts build-wiod2013 --year 2005 --data DIR --out F`, as the README says."""
    from interlabor.cli import main

    out = tmp_path / "l.parquet"
    opts = {"year-first": ["--year", "2005", "--data", str(shared_data), "--out", str(out)],
            "out-first": ["--out", str(out), "--data", str(shared_data), "--year", "2005"]}[order]
    assert main(["accounts", "build-wiod2013", *opts, "--variants", "central"]) == 0
    assert pd.read_parquet(out).year.unique().tolist() == [2005]
    assert "illustrative" in capsys.readouterr().out


def test_build_wiod2013_help_through_the_entry_point(capsys):
    from interlabor.cli import main

    with pytest.raises(SystemExit) as stop:
        main(["accounts", "build-wiod2013", "--help"])
    assert stop.value.code == 0
    text = capsys.readouterr().out
    assert "--year" in text and "--data" in text and "--variants" in text
