"""Labelled pandas views (``mrio.df``) and the short repr of MRIO."""

from __future__ import annotations

import dataclasses
import weakref

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp

from interlabor.algebra import DENSE_LIMIT
from interlabor.errors import AccountNotFoundError
from interlabor.io import load_default
from interlabor.model import MRIO, Account, build_mrio


@pytest.fixture(scope="module")
def default() -> MRIO:
    return load_default()


def diagonal_table(n_regions: int, n_sectors: int) -> MRIO:
    n = n_regions * n_sectors
    return build_mrio(
        sp.diags_array(np.full(n, 0.5), format="csr"),
        np.ones((n, n_regions)),
        regions=[f"R{i}" for i in range(n_regions)],
        sectors=[f"s{j}" for j in range(n_sectors)],
        categories=["hh"],
        accounts=[Account("hours", "hours", np.ones(n), modelled=True)],
        warn=False,
    )


def test_views_agree_with_the_arrays(default: MRIO) -> None:
    f = default.df
    assert f.Z.index.names == ["region", "sector"] and f.Z.columns.equals(f.Z.index)
    assert f.Y.columns.names == ["region", "category"] and f.Y.shape == default.Y.shape
    np.testing.assert_array_equal(f.Z.to_numpy(), default.Z)
    np.testing.assert_array_equal(f.Y.to_numpy(), default.Y)
    np.testing.assert_array_equal(f.x["indout"].to_numpy(), default.x)
    np.testing.assert_array_equal(f.A.to_numpy(), default.A)
    assert f.Y.loc[("DEU", "c1"), ("FRA", "CONS_h")] == default.Y[
        default.regions.index("DEU") * 35, default.regions.index("FRA") * 5
    ]
    hours = f.F("labour/hours")
    np.testing.assert_array_equal(hours.to_numpy(), default.account("hours").values)
    assert hours.name == "labour/hours" and hours.index.names == ["region", "sector"]
    assert hours.attrs == {"account": "labour/hours", "unit": "million hours", "modelled": True}
    fy = f.F_Y("hours")
    assert fy.index.names == ["region", "category"]
    np.testing.assert_array_equal(fy.to_numpy(), default.account("hours").final_demand)
    assert not f.F_Y("value_added").any()  # no final-demand part: zeros
    table = f.accounts
    assert table.loc["hours", "unit"] == "million hours" and bool(table.loc["hours", "modelled"])
    assert not table.loc["value_added", "final_demand"]
    assert list(table.index) == default.account_names
    with pytest.raises(AccountNotFoundError):
        f.F("no such account")


def test_dense_views_share_memory_and_are_read_only(default: MRIO) -> None:
    Z = default.df.Z
    assert np.shares_memory(Z.to_numpy(), default.Z)
    with pytest.raises(ValueError, match="read-only"):
        Z.iloc[0, 0] = 1.0
    edited = default.df.Y.copy()
    edited.iloc[0, 0] = -5.0
    assert default.Y[0, 0] != -5.0


def test_sparse_z_is_dense_up_to_the_limit_then_pandas_sparse() -> None:
    small = diagonal_table(3, 4)
    assert sp.issparse(small.Z)
    assert not isinstance(small.df.Z.dtypes.iloc[0], pd.SparseDtype)
    np.testing.assert_array_equal(small.df.Z.to_numpy(), small.Z.toarray())
    big = diagonal_table(61, 50)  # n = 3,050 > DENSE_LIMIT
    assert big.n > DENSE_LIMIT
    Z = big.df.Z
    assert isinstance(Z.dtypes.iloc[0], pd.SparseDtype) and Z.index.names == ["region", "sector"]
    assert Z.sparse.density == pytest.approx(1 / big.n)
    assert Z.loc[("R1", "s2"), ("R1", "s2")] == 0.5
    assert isinstance(big.df.A.dtypes.iloc[0], pd.SparseDtype)


def test_repr_is_short_and_names_counts_units(default: MRIO) -> None:
    text = repr(default)
    lines = text.splitlines()
    assert len(lines) < 15
    assert "(2011)" in lines[0] and "1435 region-sectors" in lines[0]
    assert "regions (41): AUS, AUT" in text and "sectors (35)" in text
    assert "categories (5): CONS_h" in text
    assert "labour/hours (million hours) *" in text
    assert "monetary/value_added (USD million)\n" in text
    assert f"and {len(default.accounts) - 5} more" in text and "money: USD million" in text
    assert "source: World" in text
    assert "array" not in text and "8732" not in text  # never the arrays
    plain = diagonal_table(2, 2)
    assert "Z sparse" in repr(plain) and "hours (hours) *" in repr(plain)
    bare = dataclasses.replace(plain, accounts=(), meta={})
    assert "accounts: none" in repr(bare) and len(repr(bare).splitlines()) == 6


def test_equality_and_hash_stay_by_identity(default: MRIO) -> None:
    other = default.with_accounts([], replace=True)
    assert default == default and default != other
    assert hash(default) == object.__hash__(default)
    cache: weakref.WeakKeyDictionary[MRIO, int] = weakref.WeakKeyDictionary()
    cache[default], cache[other] = 1, 2
    assert len(cache) == 2
