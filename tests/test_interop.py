"""In-memory conversion to and from pymrio: round trips, footprints against pymrio, errors."""

from __future__ import annotations

import re
import subprocess
import sys
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import pytest

from interlabor.errors import (
    AccountNotFoundError,
    DataQualityWarning,
    InterlaborError,
    LabelMismatchError,
    MissingDependencyError,
    UnitError,
)
from interlabor.footprints import consumption_based, production_based
from interlabor.interop import from_pymrio, to_pymrio
from interlabor.io import load_default
from interlabor.model import MRIO


def quiet(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Call pymrio with its own deprecation warnings silenced (the suite turns them to errors)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return fn(*args, **kwargs)


@pytest.fixture(scope="module")
def pymrio() -> Any:
    return pytest.importorskip("pymrio")


@pytest.fixture(scope="module")
def default() -> MRIO:
    return load_default()


@pytest.fixture
def test_system(pymrio: Any) -> Any:
    return quiet(pymrio.load_test)


def extension_by_name(io: Any, name: str) -> Any:
    return next(e for e in io.get_extensions(data=True) if e.name == name)


def test_round_trip_of_the_bundled_table(default: MRIO) -> None:
    io = to_pymrio(default)
    with pytest.warns(DataQualityWarning, match="zero"):  # 22 region-sectors, as the original
        back = from_pymrio(io)
    for block in ("Z", "Y", "x"):
        np.testing.assert_allclose(getattr(back, block), getattr(default, block), rtol=1e-12)
    for attr in ("regions", "sectors", "sector_names", "categories", "source_regions"):
        assert getattr(back, attr) == getattr(default, attr), attr
    assert back.money == default.money and back.year == default.year == 2011
    assert [a.key for a in back.accounts] == [a.key for a in default.accounts]
    for a, b in zip(back.accounts, default.accounts, strict=True):
        assert (a.unit, a.modelled, a.description) == (b.unit, b.modelled, b.description)
        np.testing.assert_allclose(a.values, b.values, rtol=1e-12)
        assert (a.final_demand is None) == (b.final_demand is None), a.key
        if b.final_demand is not None:
            np.testing.assert_allclose(a.final_demand, b.final_demand, rtol=1e-12)
    low = default.account("labour/hours (calibration:min)")
    assert low.modelled and low.variant_of == "labour/hours"  # the variants are kept, flagged
    assert [(a.variant_of, a.variant) for a in back.accounts] == [
        (a.variant_of, a.variant) for a in default.accounts]
    assert {k: v for k, v in back.meta.items() if k != "pymrio"} == dict(default.meta)
    assert [d.kind for d in back.diagnostics] == [d.kind for d in default.diagnostics]


def test_to_pymrio_layout(default: MRIO) -> None:
    io = to_pymrio(default)
    assert io.Z.index.names == ["region", "sector"] and io.Z.columns.equals(io.Z.index)
    assert io.Y.columns.names == ["region", "category"]
    assert io.x.columns.tolist() == ["indout"] and set(io.unit["unit"]) == {"USD million"}
    assert io.extensions == ["monetary", "labour", "demography"]
    labour = io.labour
    assert labour.F.index.tolist()[:2] == ["persons", "hours"]
    assert labour.unit.loc["hours", "unit"] == "million hours"
    n_labour = sum(a.extension == "labour" for a in default.accounts)
    assert labour.F_Y.shape == (n_labour, 41 * 5) and io.monetary.F_Y is None
    recorded = io.meta.metadata["interlabor"]
    entry = {e["stressor"]: e for e in recorded["accounts"]}["hours (calibration:max)"]
    assert entry["modelled"] is True and entry["variant_of"] == "labour/hours"
    io.Z.iloc[0, 0] = -1.0  # copies: the table is unchanged
    assert default.Z[0, 0] > 0


def test_round_trip_of_pymrio_test_system(test_system: Any) -> None:
    io = to_pymrio(from_pymrio(test_system))
    for block in ("Z", "Y", "unit"):
        pd.testing.assert_frame_equal(getattr(io, block), getattr(test_system, block),
                                      check_dtype=False)  # the test system has int columns
    assert io.extensions_instance_names == test_system.extensions_instance_names
    for ext in test_system.get_extensions(data=True):
        mine = extension_by_name(io, ext.name)
        pd.testing.assert_frame_equal(mine.F, ext.F, check_dtype=False)
        pd.testing.assert_frame_equal(mine.unit, ext.unit)
        if ext.F_Y is None:
            assert mine.F_Y is None
        else:
            pd.testing.assert_frame_equal(mine.F_Y, ext.F_Y, check_dtype=False)
    for key in ("name", "description", "system", "version"):
        assert io.meta.metadata[key] == test_system.meta.metadata[key]
    quiet(test_system.calc_system)  # the test system has no x until calc_system
    pd.testing.assert_frame_equal(io.x, test_system.x, check_dtype=False)


def test_pymrio_calc_all_agrees_with_footprints(default: MRIO) -> None:
    """pymrio's D_cba_reg and D_pba_reg both add F_Y summed by region (Extension.calc_system:
    ``D_cba.T.groupby("region").sum().T + F_Y_agg``), as interlabor's consumption_based and
    production_based do: compare them as they are."""
    io = quiet(to_pymrio(default).calc_all)
    hours = default.account("labour/hours")
    assert hours.final_demand is not None and np.any(hours.final_demand)  # F_Y is exercised
    for acc in default.accounts:
        ext = extension_by_name(io, acc.extension)
        cba = ext.D_cba_reg.loc[acc.name]
        pba = ext.D_pba_reg.loc[acc.name]
        mine_cba = consumption_based(default, acc, by="region")
        mine_pba = production_based(default, acc)
        assert list(cba.index) == list(mine_cba.index) == list(default.regions)
        np.testing.assert_allclose(mine_cba.to_numpy(), cba.to_numpy(), rtol=1e-9, atol=0)
        np.testing.assert_allclose(mine_pba.to_numpy(), pba.to_numpy(), rtol=1e-9, atol=0)


def test_to_pymrio_without_pymrio_says_how_to_install(
    default: MRIO, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pymrio", None)
    with pytest.raises(MissingDependencyError, match=re.escape("pip install 'interlabor[pymrio]'")
                       ) as info:
        to_pymrio(default)
    assert isinstance(info.value, ImportError) and isinstance(info.value, InterlaborError)
    assert info.value.name == "pymrio"


def test_from_pymrio_needs_no_pymrio_import(
    test_system: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pymrio", None)  # duck typing only
    m = from_pymrio(test_system)
    assert (m.n_regions, m.n_sectors, len(m.categories)) == (6, 8, 7)
    assert m.account("Emissions/emission_type1 / air").unit == "kg"
    assert m.account("Value Added").unit == "USD million" and m.money.label == "USD million"


def test_importing_interop_loads_no_pymrio() -> None:
    code = "import sys, interlabor.interop; print('pymrio' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_accounts_selection_and_modelled_marks(test_system: Any) -> None:
    water = "Emissions/emission_type2 / water"
    m = from_pymrio(test_system, accounts=["Emissions"], modelled=[water])
    assert m.account_names == ["emission_type1 / air", "emission_type2 / water"]
    assert [a.modelled for a in m.accounts] == [False, True]
    one = from_pymrio(test_system, accounts=["Factor Inputs/Value Added"])
    assert one.account_names == ["Value Added"]
    assert from_pymrio(test_system, accounts=[]).accounts == ()
    with pytest.raises(AccountNotFoundError, match="'Emission'.*Factor Inputs, Emissions"):
        from_pymrio(test_system, accounts=["Emission"])


def test_coefficient_only_system_is_rebuilt(test_system: Any) -> None:
    ref = from_pymrio(test_system)
    quiet(test_system.calc_all)
    test_system.Z = None
    for ext in test_system.get_extensions(data=True):
        ext.F, ext.F_Y = None, None
    m = from_pymrio(test_system)
    np.testing.assert_allclose(m.Z, ref.Z, rtol=1e-10)
    for a, b in zip(m.accounts, ref.accounts, strict=True):
        np.testing.assert_allclose(a.values, b.values, rtol=1e-10)
    assert "A·diag(x)" in m.meta["notes"]


def test_mismatched_labels_and_missing_units_are_named(test_system: Any) -> None:
    test_system.Y = test_system.Y.iloc[::-1]
    with pytest.raises(LabelMismatchError, match="rows of Y"):
        from_pymrio(test_system)
    test_system.Y = test_system.Y.iloc[::-1]
    test_system.emissions.unit = None
    with pytest.raises(UnitError, match="'Emissions' has no unit table"):
        from_pymrio(test_system)
