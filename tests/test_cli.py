"""The command line, invoked as a user would (a subprocess) and in-process for speed."""

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from interlabor.cli import main

SRC = str(Path(__file__).resolve().parents[1] / "src")


def run_cli(*args):
    env = {**os.environ, "PYTHONPATH": SRC + os.pathsep + os.environ.get("PYTHONPATH", "")}
    return subprocess.run(
        [sys.executable, "-m", "interlabor.cli", *args],
        capture_output=True, text=True, env=env, timeout=300,
    )


def test_missing_file_prints_error_type_and_exits_nonzero(tmp_path):
    missing = tmp_path / "nope.RData"
    r = run_cli("info", str(missing), "-q")
    assert r.returncode == 1
    assert r.stderr.startswith("TableReadError: ") and str(missing) in r.stderr
    assert "Traceback" not in r.stderr


def test_unknown_format(tmp_path):
    f = tmp_path / "t.csv"
    f.write_text("a,b\n")
    assert main(["info", str(f), "--format", "nosuch", "-q"]) == 1


def test_footprint_by_origin_to_parquet(wiod2011_path, tmp_path, capsys):
    out = tmp_path / "fp.parquet"
    code = main(["footprint", str(wiod2011_path), "--account", "value_added", "--by", "origin",
                 "--out", str(out), "-q"])
    assert code == 0
    t = pd.read_parquet(out)
    assert list(t.columns) == ["indicator", "label", "unit", "account", "variant", "modelled",
                               "origin_region", "consumer_region", "value"]
    assert len(t) == 41 * 41 and (t["unit"] == "USD million").all()
    assert not list(tmp_path.glob(".*tmp"))  # nothing half-written left behind


def test_unknown_account_is_a_clear_error(wiod2011_path, capsys):
    code = main(["footprint", str(wiod2011_path), "--account", "co2", "-q"])
    assert code == 1
    err = capsys.readouterr().err
    assert err.startswith("AccountNotFoundError: no account 'co2'") and "value_added" in err


def test_trade_eebt_csv(wiod2011_path, tmp_path):
    out = tmp_path / "trade.csv"
    assert main(["trade", str(wiod2011_path), "--account", "value_added", "--method", "eebt",
                 "--out", str(out), "-q"]) == 0
    t = pd.read_csv(out)
    assert {"exporter", "importer", "value", "unit"} <= set(t.columns)


def test_demo_on_a_given_table(wiod2011_path, tmp_path, capsys):
    out = tmp_path / "results"
    assert main(["demo", "--table", str(wiod2011_path), "--out", str(out), "-q"]) == 0
    captured = capsys.readouterr()
    text = captured.out
    # zero-output sectors of the raw WIOD table are noted in the summary, not raised; -q
    # silences the warning (tests/cli/test_warnings.py checks it without -q)
    assert "warning: DataQualityWarning: " not in captured.err
    assert "zero (or rounding-negative)" in text
    assert "share produced abroad" in text and "CHN" in text and "relative gap" in text
    names = {p.name for p in out.iterdir()}
    assert {"summary_value_added.parquet", "summary_value_added.csv", "identities.csv",
            "share_abroad_value_added.png"} <= names
    summary = pd.read_parquet(out / "summary_value_added.parquet")
    assert len(summary) == 41 and summary["share_abroad"].between(0, 1).all()


def test_convert_then_read_back(wiod2011_path, tmp_path, capsys):
    dest = tmp_path / "wiod2011"
    assert main(["convert", str(wiod2011_path), str(dest), "-q"]) == 0
    assert (dest / "manifest.json").is_file()
    assert main(["info", str(dest), "-q"]) == 0
    assert "41 regions x 35 sectors" in capsys.readouterr().out
    # a second convert onto the same folder refuses without --overwrite
    assert main(["convert", str(wiod2011_path), str(dest), "-q"]) == 1
    assert main(["convert", str(wiod2011_path), str(dest), "-q", "--overwrite"]) == 0


def test_info_on_bundled_table(capsys):
    assert main(["info", "default", "-q"]) == 0
    out = capsys.readouterr().out
    assert "WIOD 2013" in out and "value_added" in out


def test_demo_on_bundled_table_shows_hours_with_range(tmp_path, capsys):
    out = tmp_path / "results"
    assert main(["demo", "--out", str(out), "-q"]) == 0
    text = capsys.readouterr().out
    assert "Consumption-based hours by region (million hours, modelled estimates: illustrative)" \
        in text
    deu = next(line for line in text.splitlines() if line.strip().startswith("DEU"))
    assert "[" in deu and "abroad" in deu  # low-high range beside the central estimate
    summary = pd.read_parquet(out / "summary_hours.parquet")
    assert summary["modelled"].all()
    assert (summary["footprint_low"] <= summary["footprint"]).all()
    assert (summary["footprint"] <= summary["footprint_high"]).all()
    assert (out / "share_abroad_hours.png").stat().st_size > 10_000


def test_convert_sources_with_out(tmp_path, capsys):
    """Every new source converts through the CLI (--format and --out) and reads back."""
    import zipfile

    from interlabor.io.store import read_mrio

    mocks = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "format_samples"
    mocks = mocks / "pymrio_mocks"
    if not mocks.is_dir():
        pytest.skip(f"format samples not found at {mocks}")
    exio = tmp_path / "IOT_2009_pxp.zip"
    with zipfile.ZipFile(exio, "w") as zf:
        for f in (mocks / "exio3_mock").rglob("*"):
            if f.is_file():
                zf.write(f, f"IOT_2009_pxp/{f.relative_to(mocks / 'exio3_mock').as_posix()}")
    cases = [
        (exio, "exiobase3"),
        (mocks / "oecd_mock" / "ICIO2018_2010.zip", "oecd"),
        (mocks / "eora26_mock", "eora26"),
        (mocks / "gloria_mock", "gloria"),
    ]
    for src, fmt in cases:
        out = tmp_path / fmt
        assert main(["convert", str(src), "--format", fmt, "--out", str(out), "-q"]) == 0, fmt
        assert read_mrio(out).n > 0
        assert main(["info", str(out), "-q"]) == 0
    text = capsys.readouterr().out
    assert "EXIOBASE 3 pxp 2009" in text and "OECD ICIO" in text and "GLORIA" in text
    assert main(["convert", str(exio), "-q"]) == 1  # no destination
