"""``interlabor report`` and ``interlabor explore`` through the real entry point."""

from __future__ import annotations

import pytest

from interlabor.cli import main


def test_report_command_writes_the_page(tmp_path, capsys) -> None:
    out = tmp_path / "deu.html"
    status = main(["report", "default", "--region", "DEU", "--out", str(out), "--no-png",
                   "-q", "--lang", "es"])
    assert status == 0
    assert "¿Quién trabaja para Alemania?" in out.read_text(encoding="utf-8")
    assert f"wrote {out}" in capsys.readouterr().out


def test_report_of_an_unknown_region_is_one_error_line(tmp_path, capsys) -> None:
    status = main(["report", "default", "--region", "XXX", "--out", str(tmp_path / "x.html"),
                   "--no-png", "-q"])
    assert status == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("LabelMismatchError: no region 'XXX'")
    assert not (tmp_path / "x.html").exists()


def test_explore_help_says_loopback(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["explore", "--help"])
    text = capsys.readouterr().out
    assert "127.0.0.1" in text and "--no-browser" in text and "--years" in text
