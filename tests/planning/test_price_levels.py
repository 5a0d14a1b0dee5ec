"""Sectoral price levels: the builder's arithmetic, the shipped table, the default volumes."""

from __future__ import annotations

import importlib.util
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from interlabor.errors import ScenarioError
from interlabor.io.price_levels import read_price_levels
from interlabor.price_levels import (
    GGDC35,
    SECTOR12,
    SECTORAL_FILE,
    TEN_SECTOR,
    WIOD2013_SECTORS,
    benchmark_2005,
    harmonic_mean,
    move_between,
    scale_to_sectors,
    sectoral_levels_for,
)

ROOT = Path(__file__).resolve().parents[2]


def _tool():
    spec = importlib.util.spec_from_file_location("build_price_levels",
                                                  ROOT / "tools" / "build_price_levels.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


# ---- arithmetic, by hand ---------------------------------------------------------------------
def test_harmonic_mean_is_the_aggregate_price_level():
    # 10 money units at level 2 are 5 units, 30 at level 0.5 are 60: 40 money units, 65 units
    assert harmonic_mean(np.array([2.0, 0.5]), np.array([10.0, 30.0])) == pytest.approx(40 / 65)
    assert harmonic_mean(np.array([2.0, 0.5]), np.zeros(2)) == pytest.approx(2 / 2.5)


def test_scale_to_sectors_keeps_the_pattern_and_the_sector_level():
    rng = np.random.default_rng(0)
    pattern = rng.uniform(0.3, 2.0, 35)
    w = rng.uniform(0, 5, 35)
    levels = {g: float(v) for g, v in zip(sorted(set(SECTOR12)), rng.uniform(0.2, 1.5, 12),
                                          strict=True)}
    out = scale_to_sectors(pattern, levels, w)
    for g, lev in levels.items():
        idx = [i for i, s in enumerate(SECTOR12) if s == g]
        assert harmonic_mean(out[idx], w[idx]) == pytest.approx(lev, rel=1e-12)
        assert out[idx] / out[idx][0] == pytest.approx(pattern[idx] / pattern[idx][0])


def test_benchmark_over_the_same_us_industry_and_fill_from_sector():
    idx = ["USA", "AAA"]
    go35 = pd.DataFrame(np.ones((2, 35)), index=idx, columns=list(GGDC35))
    go35.loc["USA"] = 0.5
    go35.loc["AAA", "AtB"] = 0.25
    go35.loc["AAA", "50"] = np.nan  # motor trade missing: its sector G
    go35.loc["AAA", "C"] = -0.3  # implausible: sector C, itself missing -> major sector
    tens = sorted(set(TEN_SECTOR))
    go10 = pd.DataFrame(1.0, index=idx, columns=tens)
    go10.loc["AAA", "G"] = 0.8
    go10.loc["AAA", "C"] = np.nan
    major = pd.DataFrame(1.0, index=idx, columns=["Other goods", "Manufacturing",
                                                  "Market services", "Non-market services"])
    major.loc["AAA", "Other goods"] = 0.6
    lev, filled = benchmark_2005(go35, go10, major)
    assert (lev.loc["USA"] == 1.0).all()
    assert lev.loc["AAA", "c1"] == pytest.approx(0.5)
    assert lev.loc["AAA", "c19"] == pytest.approx(0.8) and filled.loc["AAA", "c19"]
    assert lev.loc["AAA", "c2"] == pytest.approx(0.6) and filled.loc["AAA", "c2"]
    assert lev.loc["AAA", "c3"] == pytest.approx(2.0) and not filled.loc["AAA", "c3"]


def test_move_between_benchmarks():
    move = pd.Series({2000: 0.5, 2005: 1.0, 2008: 1.2, 2011: 1.5})
    a, b = np.array([1.0]), np.array([3.0])
    assert move_between(a, b, move, 2000) == pytest.approx([0.5])
    assert move_between(a, b, move, 2005) == pytest.approx([1.0])
    assert move_between(a, b, move, 2011) == pytest.approx([3.0])
    # 2008: halfway, geometric: sqrt(1 * 1.2 / 1 * 3 * 1.2 / 1.5)
    assert move_between(a, b, move, 2008) == pytest.approx([np.sqrt(1.2 * 2.4)])
    assert move_between(a, None, move, 2011) == pytest.approx([1.5])


# ---- the shipped table -----------------------------------------------------------------------
def test_shipped_table_for_the_bundled_table(bundled):
    levels = sectoral_levels_for(bundled)
    assert levels is not None and "GGDC" in levels.source and "2011" in levels.source
    rows = pd.DataFrame([(r.region, r.sector, r.level) for r in levels.rows],
                        columns=["region", "sector", "level"])
    assert len(rows) == 41 * 35 and set(rows["region"]) == set(bundled.regions)
    w = rows.pivot(index="region", columns="sector", values="level")[list(WIOD2013_SECTORS)]
    assert (w.loc["USA"] == 1.0).all()
    assert (w.to_numpy() > 0.05).all() and (w.to_numpy() < 10).all()
    # services cheap in poor countries, closer to parity in manufacturing (the data's facts)
    assert w.loc["IND", "c32"] < 0.3 and w.loc["CHN", "c18"] < 0.5
    assert w.loc["CHN", "c18"] < w.loc["CHN", "c13"]


def test_no_levels_for_other_tables(ricardo):
    assert sectoral_levels_for(ricardo) is None


def test_file_of_many_years_is_read_for_the_tables_year(tmp_path, make_table):
    t = make_table(np.zeros((2, 2)), np.eye(2), np.ones(2), ["A", "B"], ["p1"])
    f = tmp_path / "years.csv"
    f.write_text("region,sector,year,price_level\nA,p1,2010,2\nB,p1,2010,3\n*,*,2011,4\n")
    levels = read_price_levels(f)
    assert [r.year for r in levels.rows] == [2010, 2010, 2011]
    from interlabor.planning import PlanScenario, plan_data
    from interlabor.planning.data import price_levels_of

    t2010 = replace(t, year=2010)
    p, basis, _ = price_levels_of(t2010, PlanScenario(price_levels=levels))
    assert basis == "volumes" and list(p) == [2.0, 3.0]
    with pytest.raises(ScenarioError, match="no rows for the table's year 2009"):
        plan_data(replace(t, year=2009), PlanScenario(price_levels=f))
    one = read_price_levels(f, year=2011)
    assert [(r.region, r.level) for r in one.rows] == [("*", 4.0)]


# ---- rebuilt from the sources ----------------------------------------------------------------
@pytest.mark.slow
def test_shipped_table_rebuilds_from_the_sources(shared_data, bundled):
    from interlabor.data import shipped_path

    tool = _tool()
    src = tool.sources(shared_data)
    table = tool.build(shared_data, (2005, 2011))
    shipped = pd.read_csv(shipped_path("prices", SECTORAL_FILE))
    new = table[table["year"] == 2011].reset_index(drop=True)
    assert list(new["region"]) == list(shipped["region"])
    assert new["price_level"].to_numpy() == pytest.approx(shipped["price_level"], rel=1e-5)
    assert list(new["rule"]) == list(shipped["rule"])
    w05 = table[table["year"] == 2005].pivot(index="region", columns="sector",
                                             values="price_level")
    w11 = new.pivot(index="region", columns="sector", values="price_level")
    go35 = src["go35"]
    # 2005: the benchmark over the same US industry (China, agriculture: 0.39 / 0.55)
    assert w05.loc["CHN", "c1"] == pytest.approx(go35.loc["CHN", "AtB"] / go35.loc["USA", "AtB"])
    assert w05.loc["IND", "c32"] == pytest.approx(go35.loc["IND", "M"] / go35.loc["USA", "M"])
    # 2011: each 12-sector group's output-weighted harmonic mean is the 2023 release's level
    pld = src["pld"]
    x = pd.DataFrame(bundled.x.reshape(41, 35), index=list(bundled.regions),
                     columns=list(bundled.sectors))
    for r, g in (("CHN", "man"), ("DEU", "trd"), ("IND", "pub"), ("TWN", "man")):
        row = pld[(pld.countrycode == r) & (pld.year == 2011) & (pld.sector == g)].iloc[0]
        cols = [c for c, s in zip(WIOD2013_SECTORS, SECTOR12, strict=True) if s == g]
        got = harmonic_mean(w11.loc[r, cols].to_numpy(), x.loc[r, cols].to_numpy().clip(0))
        assert got == pytest.approx(row["PPP_y"] / row["xr"], rel=1e-5)
    # Malta (no 2023 release): its 2005 benchmark moved with PWT pl_gdpo relative to the USA
    pl = src["move"]  # PWT pl_gdpo over the USA's, of interlabor.price_levels
    assert (pl.loc["USA"] == 1.0).all()
    m = pl.loc["MLT", 2011] / pl.loc["MLT", 2005]
    assert w11.loc["MLT"].to_numpy() == pytest.approx(w05.loc["MLT"].to_numpy() * m, rel=1e-5)
