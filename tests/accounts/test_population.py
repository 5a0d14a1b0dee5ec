"""Part 6 of issue 13: a population account for the bundled table and every WIOD year built."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from interlabor.accounts import labour_accounts
from interlabor.accounts.population import population_by_region, read_population
from interlabor.cli import main
from interlabor.errors import AccountNotFoundError, TableReadError
from interlabor.io import load_default

pytestmark = pytest.mark.shared


@pytest.fixture(scope="module")
def wb(shared_data):
    return pd.read_csv(shared_data / "population/wb_SP.POP.TOTL.csv")


def test_population_of_the_bundled_table(wb):
    pop = population_by_region(load_default())
    w = wb[wb.Year == 2011].set_index("Country Code")["Value"]
    assert pop["CHN"] == pytest.approx(w["CHN"], rel=1e-12)
    assert pop["ROU"] == pytest.approx(w["ROU"], rel=1e-12)  # WIOD's ROM
    assert pop["TWN"] == pytest.approx(23.07e6, rel=1e-12)  # Gapminder: not in the WB file
    assert pop.sum() == pytest.approx(w["WLD"], rel=1e-12)  # RoW = world minus the 40
    assert pop["RoW"] == pytest.approx(w["WLD"] - pop.drop("RoW").sum(), rel=1e-12)


def test_world_bank_world_includes_taiwan(wb, shared_data):
    """Why RoW subtracts Gapminder's Taiwan: WDI's world less its countries is about Taiwan."""
    ids = set(pd.read_csv(shared_data / "ilo_by_sector/ddf--entities--geo--country.csv")
              ["iso3166_1_alpha3"].dropna()) | {"XKX", "CHI"}
    for year, taiwan in ((1995, 21.2e6), (2011, 23.07e6)):
        w = wb[wb.Year == year].set_index("Country Code")["Value"]
        rest = w["WLD"] - w[[c for c in w.index if c in ids]].sum()
        assert rest == pytest.approx(taiwan, rel=0.02), year


def test_every_year_built_has_population(wiod1995, labour_sources, wb):
    accs = labour_accounts(wiod1995, sources=labour_sources, variants=("central",))
    pop = next(a for a in accs if a.name == "population")
    assert not pop.modelled and pop.unit == "thousand persons" and "World Bank" in \
        pop.description
    table = wiod1995.with_accounts(accs)
    p = population_by_region(table)
    w = wb[wb.Year == 1995].set_index("Country Code")["Value"]
    assert p.sum() == pytest.approx(w["WLD"], rel=1e-12)
    # its footprint is the population itself (all of it is households' direct part)
    from interlabor.footprints import consumption_based

    fp = consumption_based(table, "population")
    assert np.allclose(fp.to_numpy() * 1e3, p.to_numpy(), rtol=1e-12)


def test_per_capita_cli(tmp_path, capsys):
    out = tmp_path / "pc.csv"
    assert main(["footprint", "default", "--account", "hours", "--per-capita", "--out",
                 str(out), "-q"]) == 0
    pc = pd.read_csv(out).set_index("consumer_region")
    from interlabor.footprints import consumption_based

    m = load_default()
    fp = consumption_based(m, "hours")
    pop = population_by_region(m)
    assert pc.loc["IND", "value"] == pytest.approx(fp["IND"] * 1e6 / pop["IND"], rel=1e-12)
    assert set(pc["unit"]) == {"hours per person"} and pc["modelled"].all()
    assert main(["footprint", "default", "--account", "hours", "--per-capita", "--by",
                 "product", "-q"]) == 1
    assert "--per-capita needs --by region" in capsys.readouterr().err


def test_population_bad_input(tmp_path, wiod2011):
    with pytest.raises(TableReadError, match="wb_SP.POP.TOTL.csv"):
        read_population(tmp_path)
    with pytest.raises(AccountNotFoundError, match="no 'population' account"):
        population_by_region(wiod2011)
