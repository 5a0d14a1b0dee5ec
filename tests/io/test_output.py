"""One tidy schema for every tidy output, and the one registry of indicator ids."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from interlabor.accounts import tidy_table
from interlabor.accounts.wiod2013_labour import LabourAccounts
from interlabor.batch import DemandScenario, run_batch
from interlabor.cli import main
from interlabor.errors import InterlaborError, OutputError
from interlabor.exchange import exchange_flows
from interlabor.exchange_report import exchange_summary, summary_range
from interlabor.footprints import consumption_based
from interlabor.indicators import INDICATORS, PER_GROUP, UNIT_KINDS, indicator
from interlabor.io.output import SCHEMA, tidy, to_long
from interlabor.io.store import write_mrio
from interlabor.model import Account, build_mrio
from interlabor.planning import PlanScenario, plan
from interlabor.report.planning import sensitivity, write_plan
from interlabor.units import MonetaryUnit

DOCS = Path(__file__).resolve().parents[2] / "docs"
NS = {"USA": "North", "CHN": "South", "IND": "South"}


def table(modelled: bool = True):
    """Three regions x one sector, no intermediate use, hours with a low/high range."""
    Y = np.array([[60, 20, 20], [30, 50, 20], [40, 20, 140]], float)
    h = np.array([100.0, 500, 2000])
    accounts = [Account("hours", "million hours", h, modelled=modelled),
                Account("hours (calibration:min)", "million hours", 0.8 * h, modelled=modelled,
                        variant_of="hours", variant="calibration:min"),
                Account("hours (calibration:max)", "million hours", 1.2 * h, modelled=modelled,
                        variant_of="hours", variant="calibration:max"),
                Account("persons", "thousand persons", h / 2),
                Account("value_added", "USD million", Y.sum(1)),
                Account("compensation", "USD million", np.array([50.0, 50, 100]))]
    return build_mrio(np.zeros((3, 3)), Y, regions=["USA", "CHN", "IND"], sectors=["s"],
                      categories=["hh"], accounts=accounts, year=2011,
                      money=MonetaryUnit(price_year=2011))


def assert_schema(df: pd.DataFrame, indicator_ids: set[str] | None = None) -> None:
    """The schema columns first, in order, with their dtypes; ``value`` float."""
    assert list(df.columns[:len(SCHEMA)]) == list(SCHEMA)
    assert "value" in df.columns and df["value"].dtype == np.float64
    assert df["modelled"].dtype == bool
    for c in ("indicator", "label", "unit", "account", "variant"):
        assert pd.api.types.is_string_dtype(df[c]) or df[c].isna().all(), c
    assert df["label"].notna().all() and df["unit"].notna().all()
    assert df["variant"].notna().all()
    assert set(df["indicator"].dropna()) <= set(INDICATORS)
    if indicator_ids is not None:
        assert set(df["indicator"].dropna()) == indicator_ids


def read(path: Path) -> pd.DataFrame:
    return pd.read_parquet(path) if path.suffix == ".parquet" else pd.read_csv(path)


# ---- the registry ---------------------------------------------------------------------------
def test_registry_ids_labels_units():
    assert len(INDICATORS) == len(set(INDICATORS))
    for id, ind in INDICATORS.items():
        assert ind.id == id and re.fullmatch(r"[a-z][a-z0-9_]*", id)
        assert ind.unit_kind in UNIT_KINDS and ind.description
    assert indicator("hours_given").label(a="South", b="North") == "hours South->North"
    assert indicator("exchange_ratio").label() == (
        "exchange ratio ((H/V exported) / (H/V imported))")
    assert indicator("exchange_ratio").label(part="South") == indicator(
        "exchange_ratio_of_a").label(a="South")
    with pytest.raises(InterlaborError, match="unknown indicator id 'nope'"):
        indicator("nope")
    with pytest.raises(InterlaborError, match="needs field 'b'"):
        indicator("hours_given").label(a="South")


def test_every_id_is_documented():
    text = "".join(f.read_text() for f in sorted(DOCS.glob("*.md")))  # every method doc
    # the id tables of the docs: a table headed "| id |", its first column
    tables = re.findall(r"^\| id \|.*\n\|[-| ]+\|\n((?:\|.*\n?)+)", text, flags=re.M)
    documented = {m for t in tables for m in re.findall(r"^\| `([a-z0-9_]+)`", t, flags=re.M)}
    derived = {f"{g}_of_{r}" for g in PER_GROUP for r in ("a", "b")}
    assert set(INDICATORS) - derived <= documented
    assert documented - {*SCHEMA, "value"} <= set(INDICATORS)  # the schema table aside


def test_summary_labels_are_the_english_text():
    ef = exchange_flows(table(), compensation="compensation").grouped(NS)
    s = exchange_summary(ef, "South", "North")
    a, b = "South", "North"
    assert s.loc["hours_given", "label"] == f"hours {a}->{b}"
    assert s.loc["net_hours", "label"] == f"net hours {a}->{b} ({a}->{b} minus {b}->{a})"
    assert s.loc["gross_hours_ratio", "label"] == f"gross hours ratio ({a}->{b} over {b}->{a})"
    assert s.loc["exchange_ratio_of_a", "label"] == (
        f"exchange ratio of {a} ((H/V exported) / (H/V imported))")
    assert s.loc["drain_a", "label"] == (
        f"(a) drain {a}->{b}: net hours {a}->{b} at {b}'s same-skill wage in its exports")
    assert s.loc["wage_b_exports", "label"] == f"wage of all hours embodied in {b}'s exports"
    assert s.loc["share_hours_production_of_b", "label"] == (
        f"share of world hours worked (production-based) of {b}")
    assert s.loc["wage_b_exports", "part"] == "all hours"
    assert s["part"].drop(["wage_b_exports", "wage_a_exports", "world_average_wage"]).isna().all()


# ---- tidy and to_long ------------------------------------------------------------------------
def test_tidy_fills_checks_and_orders():
    df = pd.DataFrame({"value": [1, 2], "region": ["A", "B"], "note": ["", "x"]})
    t = tidy(df, indicator="footprint", account="hours", unit="million hours")
    assert list(t.columns) == [*SCHEMA, "region", "value", "note"]
    assert t["label"].tolist() == ["consumption-based hours by consuming region"] * 2
    assert t["variant"].tolist() == ["central"] * 2 and not t["modelled"].any()
    assert_schema(t)
    with pytest.raises(OutputError, match="unregistered indicator id"):
        tidy(df, indicator="hours South->North", unit="h")
    with pytest.raises(OutputError, match="need a label"):
        tidy(df, unit="h")
    with pytest.raises(OutputError, match="without column"):
        tidy(df, indicator="footprint", account="hours")


def test_to_long_of_a_footprint_has_its_id():
    m = table()
    long = to_long(consumption_based(m, "hours"), indicator="footprint")
    assert_schema(long, {"footprint"})
    assert long["label"].iloc[0] == "consumption-based hours by consuming region"
    assert (long["account"] == "hours").all() and long["modelled"].all()
    by_origin = consumption_based(m, "hours", by="origin")
    by_origin.attrs["indicator"] = "footprint_by_origin"
    assert_schema(to_long(by_origin), {"footprint_by_origin"})


def test_to_long_of_a_summary_has_variant_rows():
    s = summary_range(table(), NS, compensation="compensation")
    long = to_long(s)
    assert_schema(long)
    assert set(long["variant"]) == {"central", "low", "high", "calibration:min",
                                    "calibration:max"}
    assert len(long) == 5 * len(s)
    rows = long.set_index(["indicator", "variant"])["value"]
    assert (rows["hours_given", "low"], rows["hours_given", "central"],
            rows["hours_given", "high"]) == pytest.approx((440, 550, 660))
    assert rows["hours_given", "calibration:max"] == pytest.approx(660)
    assert {"year", "giving", "receiving", "part", "note", "prices"} <= set(long.columns)


# ---- every tidy output -----------------------------------------------------------------------
def test_footprint_and_trade_commands(tmp_path):
    path = write_mrio(table(), tmp_path / "t")
    for by, id in (("region", "footprint"), ("origin", "footprint_by_origin"),
                   ("production", "production_based"), ("multipliers", "multiplier")):
        out = tmp_path / f"{by}.parquet"
        assert main(["footprint", str(path), "--account", "hours", "--by", by, "--out",
                     str(out), "-q"]) == 0
        assert_schema(read(out), {id})
    for method in ("flows", "eebt"):
        out = tmp_path / f"trade_{method}.csv"
        assert main(["trade", str(path), "--account", "hours", "--method", method, "--out",
                     str(out), "-q"]) == 0
        assert_schema(read(out), {f"embodied_trade_{method}"})


def test_exchange_command(tmp_path, capsys):
    path = write_mrio(table(), tmp_path / "t")
    out = tmp_path / "ex.parquet"
    assert main(["exchange", str(path), "--wages", "compensation", "--out", str(out),
                 "-q"]) == 0
    t = read(out)
    assert_schema(t)
    assert "hours_given" in set(t["indicator"]) and t["modelled"].all()


def test_labour_accounts_tidy_table():
    idx = pd.MultiIndex.from_product([["AUS", "RoW"], ["c1", "c35"]],
                                     names=["region", "sector"])
    hh = pd.Series([0.0, 2.0], index=pd.Index(["AUS", "RoW"], name="region"))
    acc = [LabourAccounts(2011, v, pd.Series(1.0, idx), pd.Series(2.0, idx), hh, 3 * hh,
                          pd.Series("ilo", idx), pd.Series(1.0, ["AUS", "RoW"]), {})
           for v in ("central", "low")]
    t = tidy_table(acc)
    assert_schema(t)
    assert t["indicator"].isna().all() and t["modelled"].all()
    assert set(t["account"]) == {"persons", "hours"} and set(t["variant"]) == {"central", "low"}
    assert len(t) == 2 * 2 * (4 + 1)  # variants x accounts x (cells + RoW's households)
    direct = t[(t["sector"] == "households_direct") & (t["account"] == "hours")]
    assert direct["value"].tolist() == [6.0, 6.0]


def test_batch_outputs(tmp_path):
    path = write_mrio(table(), tmp_path / "t")
    for by, id in (("origin", "footprint_by_origin"), ("region", "footprint")):
        out = tmp_path / by
        run_batch({"t": path}, account="hours", out=out, by=by,  # type: ignore[arg-type]
                  scenarios=[DemandScenario("baseline")], scheduler="sequential")
        t = read(out / "t" / "baseline.parquet")
        assert_schema(t, {id})
        assert {"table", "scenario"} <= set(t.columns)


def test_plan_tables(tmp_path):
    pytest.importorskip("highspy")
    Y = np.array([[10.0, 0], [10, 0], [0, 10], [0, 10]])
    accounts = [Account("hours", "hours", np.array([1.0, 2, 6, 3]) * 10, modelled=True),
                Account("persons", "persons", np.array([10.0, 10, 30, 30]))]
    m = build_mrio(np.zeros((4, 4)), Y, regions=["A", "B"], sectors=["p1", "p2"],
                   categories=["CONS_h"], accounts=accounts)
    res = plan(m, PlanScenario(prices="money"), ranges=1)
    sens = sensitivity(m, res.scenario, growths=(0.1,), deltas=(None,))
    files = write_plan(res, tmp_path / "plan", sens=sens, mrio=m, chart=False)
    csvs = [f for f in files if f.suffix == ".csv"]
    assert {f.stem for f in csvs} == {"hours_by_region", "output", "shipments", "shadow_prices",
                                      "binding", "embodied_trade", "sensitivity",
                                      "work_by_sector", "ranges"}
    for f in csvs:
        t = read(f)
        if len(t):
            assert_schema(t)
            assert t["indicator"].str.startswith("plan_").all()
    hours = read(tmp_path / "plan" / "hours_by_region.csv")
    assert hours["modelled"].all() and (hours["account"] == "hours").all()
    today = hours[(hours["indicator"] == "plan_hours") & (hours["state"] == "today")]
    assert today.set_index("region")["value"].to_dict() == pytest.approx({"A": 30, "B": 90})
