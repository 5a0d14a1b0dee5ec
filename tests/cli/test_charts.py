"""Item 13: chart titles and axes say what is drawn, at its real scale; no empty chart."""

from __future__ import annotations

import pandas as pd
import pytest

import interlabor.report.figures as figures
from interlabor.io import load_default


@pytest.fixture
def drawn(monkeypatch):
    """The figures the command saves (each drawn, then saved by the real save_png)."""
    seen = []
    real = figures.save_png

    def spy(fig, path):
        fig.canvas.draw()  # lay out ticks and offsets as in the file
        seen.append(fig)
        return real(fig, path)

    monkeypatch.setattr(figures, "save_png", spy)
    return seen


def _texts(fig) -> list[str]:
    out = [fig._suptitle.get_text()] if fig._suptitle is not None else []
    for ax in fig.axes:
        out += [ax.get_title(), ax.get_xlabel(), ax.get_ylabel()]
    return out


def test_demo_chart_title_matches_its_percent_axis(drawn, tmp_path, cli):
    status, _, _ = cli("demo", "--out", str(tmp_path / "r"), "-q")
    assert status == 0 and len(drawn) == 1
    (ax,) = drawn[0].axes
    assert "(%)" in ax.get_xlabel()
    assert "produced abroad (%)" in ax.get_title()
    assert "million hours" not in ax.get_title()
    assert "modelled estimates" in ax.get_title()


def test_national_table_has_no_foreign_origin(drawn, tmp_path, cli):
    regions = tmp_path / "one.csv"
    regions.write_text("source,target\n" + "".join(f"{r},WLD\n" for r in load_default().regions))
    one = tmp_path / "world_as_one"
    assert cli("aggregate", "default", "--regions", str(regions), "--out", str(one), "-q")[0] == 0
    out = tmp_path / "r"
    status, text, _ = cli("demo", "--table", str(one), "--out", str(out), "-q")
    assert status == 0
    assert "no foreign origin" in text
    assert "abroad" not in text.split("no foreign origin")[0].split("by region")[-1]
    assert "0.0% from" not in text
    assert drawn == [] and not list(out.glob("*.png"))


def test_exchange_chart_axis_is_the_real_scale(drawn, store_years, tmp_path, cli):
    out = tmp_path / "ex.csv"
    status, _, err = cli("exchange", "--years", str(store_years), "--chart",
                         str(tmp_path / "ex.png"), "--out", str(out), "-q")
    assert status == 0, err
    (fig,) = drawn
    top = fig.axes[0]
    assert top.get_ylabel() == "billion hours"
    assert top.yaxis.get_offset_text().get_text() == ""  # no 1e6 offset
    net = pd.read_csv(out).query("indicator == 'net_hours' and variant == 'central'")["value"]
    drawn_net = top.get_lines()[0].get_ydata()
    assert drawn_net == pytest.approx(net.to_numpy() / 1e3)  # million -> billion hours
    assert "ratio" in fig.axes[1].get_ylabel() and "million" not in " ".join(_texts(fig)[3:])
