"""The one progress protocol: events, the command line's display, nothing printed below it."""

from __future__ import annotations

import pytest

from interlabor.cli import main
from interlabor.cli._common import progress
from interlabor.progress import ProgressEvent, amount, notify


def test_event_and_helpers() -> None:
    e = ProgressEvent("read", done=5.0, total=20.0, unit="B", message="reading Z.txt")
    assert e.fraction == 0.25 and ProgressEvent("x").fraction is None
    with pytest.raises(AttributeError):
        e.done = 6.0  # type: ignore[misc]  # frozen
    assert amount(1536, "B") == "1.5 kB" and amount(2.5e9, "B") == "2.5 GB"
    assert amount(3, "units") == "3 units" and amount(0.25) == "0.25"
    notify(None, "nothing")  # no callback: no-op


def test_plain_lines_when_not_a_terminal(capsys) -> None:
    with progress(True) as show:
        notify(show, "cli", "reading t")
        notify(show, "cli", "reading t")  # the same step once
        notify(show, "cli", "solving")
        for i in range(0, 101):  # bytes: one line per tenth
            notify(show, "read Z", "reading Z.txt", done=i * 1000, total=100_000, unit="B")
        for i in range(4):  # a few units: each
            notify(show, "batch", "units", done=i, total=3, unit="units", eta=3.0 - i)
    lines = capsys.readouterr().err.splitlines()
    assert lines[:2] == ["... reading t", "... solving"]
    assert sum(ln.endswith("reading Z.txt") for ln in lines) == 11
    assert "[50.0 kB/100.0 kB] reading Z.txt" in lines
    assert lines[-4:] == ["[0/3 units] units, about 3 s left", "[1/3 units] units, about 2 s left",
                          "[2/3 units] units, about 1 s left", "[3/3 units] units"]


def test_disabled_display_prints_nothing(capsys) -> None:
    with progress(False) as show:
        notify(show, "cli", "reading t", done=1, total=2)
    assert capsys.readouterr() == ("", "")


def test_command_shows_steps_unless_quiet(capsys) -> None:
    assert main(["info", "default"]) == 0
    cap = capsys.readouterr()
    assert "... reading default" in cap.err and "... reading the bundled table" in cap.err
    assert main(["info", "default", "-q"]) == 0
    assert capsys.readouterr().err == ""
