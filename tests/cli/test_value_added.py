"""Item 14: value added derived as x - 1'Z on a closed world table, refused on an open one."""

from __future__ import annotations

import dataclasses
import re

import numpy as np
import pandas as pd
import pytest

from interlabor.io import load_default
from interlabor.io.store import write_mrio
from interlabor.model import Account, build_mrio


@pytest.fixture(scope="module")
def world():
    return load_default()


@pytest.fixture
def without_va(world, tmp_path):
    """The bundled world table (closed) with its value-added account removed."""
    kept = tuple(a for a in world.accounts if a.name != "value_added")
    return write_mrio(dataclasses.replace(world, accounts=kept), tmp_path / "no_va")


def test_closed_world_table_derives_value_added(without_va, tmp_path, cli):
    out = tmp_path / "derived.csv"
    status, text, err = cli("exchange", str(without_va), "--out", str(out), "-q")
    assert status == 0, err
    assert "no account value_added" not in err
    assert "value added: derived as x - 1'Z (the table has no value-added account): value " \
        "added at basic prices plus net taxes on products" in text
    ref = tmp_path / "ref.csv"
    assert cli("exchange", "default", "--out", str(ref), "-q")[0] == 0
    a, b = pd.read_csv(out), pd.read_csv(ref)
    # the bundled table's value_added is x - 1'Z too: every number is the same
    assert np.allclose(a["value"], b["value"], rtol=1e-12, equal_nan=True)
    va_rows = a["indicator"] == "value_added_given"
    assert set(a.loc[va_rows, "account"]) == {"derived/value_added"}
    assert set(b.loc[va_rows, "account"]) == {"monetary/value_added"}


def _open_pair(world, keep=("CHN", "USA")) -> object:
    """Two regions cut from the world table: an open table, as a national table is.

    Inputs from the other 39 regions become the account ``monetary/imports``; what the two
    sell to them becomes the final-demand category ``EXP``; so ``x`` is unchanged and
    ``x - 1'Z`` is value added plus those imports.
    """
    R, S, K = world.n_regions, world.n_sectors, len(world.categories)
    reg = [world.regions.index(r) for r in keep]
    rows = np.concatenate([np.arange(r * S, (r + 1) * S) for r in reg])
    out_rows = np.setdiff1d(np.arange(R * S), rows)
    Z = np.asarray(world.Z.todense()) if hasattr(world.Z, "todense") else np.asarray(world.Z)
    Y = world.Y
    fd = np.concatenate([np.arange(r * K, (r + 1) * K) for r in reg])
    fd_out = np.setdiff1d(np.arange(R * K), fd)
    Zs = Z[np.ix_(rows, rows)]
    exports = Z[np.ix_(rows, out_rows)].sum(axis=1) + Y[np.ix_(rows, fd_out)].sum(axis=1)
    blocks = []
    for i, r in enumerate(reg):
        own = Y[np.ix_(rows, np.arange(r * K, (r + 1) * K))]
        exp = np.where((np.arange(len(rows)) // S) == i, exports, 0.0)
        blocks.append(np.column_stack([own, exp]))
    Ys = np.hstack(blocks)
    imp_fd = Y[np.ix_(out_rows, fd)].sum(axis=0).reshape(len(reg), K)
    hours = world.account("hours")
    hfd = hours.final_demand.reshape(R, K)[reg]
    accounts = [
        Account("hours", hours.unit, hours.values[rows],
                np.column_stack([hfd, np.zeros(len(reg))]).ravel(), "labour", True),
        Account("imports", "USD million", Z[np.ix_(out_rows, rows)].sum(axis=0),
                np.column_stack([imp_fd, np.zeros(len(reg))]).ravel(), "monetary"),
    ]
    return build_mrio(Zs, Ys, regions=keep, sectors=world.sectors,
                      categories=(*world.categories, "EXP"), accounts=accounts,
                      money=world.money, year=world.year, warn=False)


def test_open_table_refuses_and_still_computes_hours(world, tmp_path, cli):
    pair = _open_pair(world)
    chn, usa = (world.regions.index(r) * 35 for r in ("CHN", "USA"))
    assert np.allclose(pair.x, world.x[np.r_[chn:chn + 35, usa:usa + 35]])  # output kept
    folder = write_mrio(pair, tmp_path / "open")
    groups = tmp_path / "g.csv"
    groups.write_text("region,group\nCHN,South\nUSA,North\n")
    out = tmp_path / "ex.csv"
    status, text, err = cli("exchange", str(folder), "--groups", str(groups), "--out", str(out),
                            "-q")
    assert status == 0, err
    assert "x - 1'Z is not value added because it books imports as the account " \
        "monetary/imports" in text
    t = pd.read_csv(out).query("variant == 'central'").set_index("indicator")
    va_based = [i for i in t.index if "value_added" in i or "price_level" in i
                or i.startswith(("exchange_ratio", "drain_d"))]
    assert {"drain_d", "exchange_ratio_of_a", "value_added_given"} <= set(va_based)
    assert va_based and t.loc[va_based, "value"].isna().all()
    assert t.loc[va_based, "note"].str.startswith("not computed: the table has no value-added "
                                                  "account").all()
    # the hours results, against a dense solve of the open table by hand
    A = np.asarray(pair.Z) / np.where(pair.x > 0, pair.x, 1.0)
    L = np.linalg.inv(np.eye(70) - A)
    s = pair.account("hours").values / np.where(pair.x > 0, pair.x, 1.0)
    y_usa = pair.Y[:, 6:12].sum(axis=1)
    hours_chn_usa = (s * (L @ y_usa))[:35].sum()
    assert t.loc["hours_given", "value"] == pytest.approx(hours_chn_usa, rel=1e-9)
    assert t.loc["gross_hours_ratio", "value"] > 0
    assert re.search(r"exchange ratio of South \(.*\)\s+not computed: the table has no", text)


def test_named_value_added_account_is_never_stood_in(without_va, cli, error_line):
    status, _, err = cli("exchange", str(without_va), "--value-added", "gva", "-q")
    assert status == 1
    assert "no account 'gva'" in error_line(err, "AccountNotFoundError")
