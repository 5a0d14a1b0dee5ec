"""Item 8: ``plan`` prints and writes the plan first, shows sensitivity progress, gives units."""

from __future__ import annotations

import re

import pandas as pd

from interlabor.io.output import SCHEMA


def test_plan_first_then_sensitivity_with_progress(north_south, tmp_path, run_cli):
    out = tmp_path / "plan"
    r = run_cli("plan", str(north_south), "--out", str(out))
    assert r.returncode == 0, r.stderr
    text = r.stdout
    assert not text.startswith("\n")
    first_write = re.search(rf"wrote \d+ files to {re.escape(str(out))}", text).start()
    assert text.index("hours today") < first_write < text.index("Sensitivity:")
    assert "Ctrl-C keeps the plan" in text
    # progress of each sensitivity solve (16 per price basis), on stderr (plain lines)
    assert len(re.findall(r"\[\d+/(?:16|32) solves\]", r.stderr)) >= 16
    assert (out / "sensitivity.csv").is_file()


def test_plan_outputs_are_marked_and_have_units(north_south, tmp_path, cli):
    out = tmp_path / "plan"
    status, text, _ = cli("plan", str(north_south), "--out", str(out), "-q")
    assert status == 0
    assert text.startswith("hours: hours, modelled estimates (illustrative)")
    assert (out / "summary.txt").read_text().startswith("hours: hours, modelled estimates")
    for csv in out.glob("*.csv"):
        t = pd.read_csv(csv)
        assert list(t.columns[: len(SCHEMA)]) == list(SCHEMA), csv.name
        assert t["modelled"].all(), csv.name
        assert t["unit"].notna().all() and (t["unit"].str.len() > 0).all(), csv.name
        assert not [c for c in t.columns if c.startswith(("Unnamed", "level_")) or c == "index"]
    binding = pd.read_csv(out / "binding.csv")
    assert list(binding.columns) == [*SCHEMA, "family", "region", "sector", "partner", "value",
                                     "description", "prices"]  # what output is counted in
    assert binding["prices"].str.startswith(("volumes", "money units")).all()
    hours = pd.read_csv(out / "hours_by_region.csv")
    pw = hours[hours["indicator"] == "plan_hours_per_worker"]
    assert set(pw["unit"]) == {"million hours per thousand persons"}  # = hours per person


def test_per_worker_printed_in_hours_per_person(north_south, tmp_path, cli):
    status, text, _ = cli("plan", str(north_south), "--out", str(tmp_path / "p"), "-q",
                          "--no-sensitivity")
    assert status == 0
    assert "per_worker_today (hours per person)" in text
    assert "e+" not in text and "e-0" not in text
    row = next(ln for ln in text.splitlines() if ln.startswith("North "))
    per_worker = float(row.split()[-2].replace(",", ""))
    hours = pd.read_csv(tmp_path / "p" / "hours_by_region.csv")
    pw = hours.query("indicator == 'plan_hours_per_worker' and region == 'North' and "
                     "state == 'today'")["value"].item()
    assert per_worker == round(pw * 1e6 / 1e3)  # million hours per thousand persons -> hours
    assert 1_000 < per_worker < 3_000
