"""Item 10: ``convert`` names ``--overwrite``; ``--year`` reaches every year of a national table."""

from __future__ import annotations

import pytest

from interlabor.errors import DataQualityWarning
from interlabor.io import read


def test_existing_folder_names_the_flag(tmp_path, cli, error_line):
    dest = tmp_path / "t"
    assert cli("convert", "default", str(dest), "-q")[0] == 0
    status, _, err = cli("convert", "default", str(dest), "-q")
    assert status == 1
    line = error_line(err, "OutputExistsError")
    assert "pass --overwrite to replace it" in line and "overwrite=True" not in line
    status, _, err = cli("convert", "default", "--out", str(dest), "--overwrite", "-q")
    assert status == 0, err
    status, _, err = cli("aggregate", "default", "--regions", "north-south", "--out", str(dest),
                         "-q")
    assert status == 1 and "--overwrite" in error_line(err, "OutputExistsError")


@pytest.fixture
def niot(shared_data):
    return shared_data / "wiod2016_niot" / "DEU_NIOT_nov16.xlsx"


@pytest.mark.parametrize("year", [2000, 2005, 2014])
def test_year_of_a_national_table(year, niot, tmp_path, cli):
    dest = tmp_path / f"deu{year}"
    status, text, err = cli("convert", str(niot), str(dest), "--year", str(year), "-q")
    assert status == 0, err
    t = read(dest)
    assert t.year == year and t.regions == ("DEU",)
    with pytest.warns(DataQualityWarning, match="zero"):  # DEU/U: no output (valid)
        direct = read(niot, year=year, cache=False)  # the reader itself, the same year
    assert (t.x == direct.x).all()


def test_year_on_the_cli_of_other_commands(niot, cli):
    status, text, _ = cli("info", str(niot), "--year", "2003", "-q")
    assert status == 0 and "DEU 2003" in text
    status, text, _ = cli("footprint", str(niot), "--year", "2003", "--account",
                          "value_added", "-q")
    assert status == 0


def test_year_refused_where_a_file_holds_one_year(cli, error_line):
    status, _, err = cli("info", "default", "--year", "2005", "-q")
    assert status == 1
    assert "--year picks one year of a file that holds several" in error_line(err,
                                                                             "TableReadError")


def test_year_not_in_the_file(niot, cli, error_line):
    status, _, err = cli("info", str(niot), "--year", "1990", "-q")
    assert status == 1
    assert "no year 1990" in error_line(err, "CoverageError")
