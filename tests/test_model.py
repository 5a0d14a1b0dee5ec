"""Validation of the MRIO model: one test per bad input, and the valid oddities of real data."""

import numpy as np
import pytest
import scipy.sparse as sp

from interlabor.errors import (
    AccountNotFoundError,
    BalanceWarning,
    DataQualityWarning,
    InvalidValueError,
    LabelMismatchError,
    UnitError,
)
from interlabor.model import Account, build_mrio, check_labels

REG = ("AAA", "BBB")
SEC = ("s1", "s2")
CAT = ("hh", "inv")


def blocks():
    Z = np.array(
        [[5.0, 2, 1, 0], [1, 4, 0, 2], [0, 1, 6, 1], [2, 0, 1, 3]],
    )
    Y = np.array([[10.0, 1, 2, 0], [5, -1, 1, 0], [1, 0, 9, 2], [0, 0, 4, -1]])
    return Z, Y


def make(**kw):
    Z, Y = blocks()
    args = dict(regions=REG, sectors=SEC, categories=CAT, origin="test.parquet")
    args.update(kw)
    return build_mrio(kw.pop("Z", Z), kw.pop("Y", Y), **{k: v for k, v in args.items()
                                                         if k not in ("Z", "Y")})


def test_valid_table_is_frozen_and_balanced():
    m = make()
    np.testing.assert_allclose(m.x, m.Z.sum(axis=1) + m.Y.sum(axis=1))
    with pytest.raises(ValueError):
        m.Z[0, 0] = 1.0  # read-only
    with pytest.raises(AttributeError):
        m.x = None  # frozen
    assert m.diagnostics[0].kind == "negative-final-demand"  # inventories: valid


def test_sparse_z_accepted():
    Z, _ = blocks()
    m = make(Z=sp.csr_array(Z))
    assert sp.issparse(m.Z) and sp.issparse(m.A)


def test_nan_names_row_and_column():
    Z, _ = blocks()
    Z[1, 2] = np.nan
    with pytest.raises(InvalidValueError, match=r"test\.parquet.*row AAA/s2, column BBB/s1"):
        make(Z=Z)


def test_inf_in_final_demand():
    _, Y = blocks()
    Y[3, 1] = np.inf
    with pytest.raises(InvalidValueError, match=r"Y .*row BBB/s2, column AAA/inv"):
        make(Y=Y)


@pytest.mark.parametrize("sparse", [False, True])
def test_negative_intermediate_flow(sparse):
    Z, _ = blocks()
    Z[2, 0] = -3
    match = r"negative intermediate.*row BBB/s1, column AAA/s1"
    with pytest.raises(InvalidValueError, match=match):
        make(Z=sp.csr_array(Z) if sparse else Z)


def test_shape_mismatch_between_z_and_labels():
    Z, _ = blocks()
    with pytest.raises(LabelMismatchError, match=r"Z has shape \(3, 3\), expected \(4, 4\)"):
        make(Z=Z[:3, :3])


def test_y_of_wrong_width():
    _, Y = blocks()
    with pytest.raises(LabelMismatchError, match="Y has shape"):
        make(Y=Y[:, :3])


def test_duplicate_labels():
    with pytest.raises(LabelMismatchError, match=r"duplicate sector label.*s1"):
        make(sectors=("s1", "s1"))


def test_check_labels_names_first_difference():
    with pytest.raises(LabelMismatchError, match=r"rows of Y label 'BBB/s9' at position 3"):
        check_labels(["AAA/s1", "AAA/s2", "BBB/s1", "BBB/s2"],
                     ["AAA/s1", "AAA/s2", "BBB/s1", "BBB/s9"], "rows of Y", "y.csv")


def test_account_of_wrong_length():
    with pytest.raises(LabelMismatchError, match=r"account 'hours' has 3 values, expected 4"):
        make(accounts=[Account("hours", "hours", np.ones(3))])


def test_account_unknown_unit():
    with pytest.raises(UnitError, match="unknown unit 'hrs'"):
        make(accounts=[Account("hours", "hrs", np.ones(4))])


def test_account_value_where_output_is_zero():
    Z, Y = blocks()
    Z[:, 3] = 0
    Z[3, :] = 0
    Y[3, :] = 0
    with pytest.warns(DataQualityWarning, match="BBB/s2"):
        m = make(Z=Z, Y=Y)
    assert (np.asarray(m.A)[:, 3] == 0).all() and np.isfinite(np.asarray(m.A)).all()
    with pytest.raises(InvalidValueError, match=r"value at zero output.*BBB/s2"):
        make(Z=Z, Y=Y, accounts=[Account("hours", "hours", np.array([1.0, 2, 3, 4]))])
    # direct work for households belongs to the final-demand part: fine
    with pytest.warns(DataQualityWarning):
        ok = make(Z=Z, Y=Y, accounts=[Account("hours", "hours", np.array([1.0, 2, 3, 0]),
                                              final_demand=np.array([0, 0, 7.0, 0]))])
    assert ok.account("hours").final_demand[2] == 7


def test_tiny_output_with_large_account_warns():
    vals = np.array([1.0, 1.0, 1.0, 1e6])
    with pytest.warns(DataQualityWarning, match="tiny output"):
        make(accounts=[Account("hours", "hours", vals)])


def test_published_x_balance_reported_with_worst_rows():
    Z, Y = blocks()
    x = Z.sum(1) + Y.sum(1)
    x[2] += 50
    with pytest.warns(BalanceWarning, match=r"1 row\(s\).*BBB/s1"):
        m = make(x_published=x)
    np.testing.assert_allclose(m.x, Z.sum(1) + Y.sum(1))  # default: Z·1 + Y·1
    with pytest.warns(BalanceWarning, match="Using published x"):
        m2 = make(x_published=x, use_published_x=True)
    assert m2.x[2] == x[2]


def test_account_lookup_by_name_and_extension():
    m = make(accounts=[Account("hours", "hours", np.ones(4), extension="labour"),
                       Account("hours", "hours", np.ones(4), extension="other"),
                       Account("persons", "persons", np.ones(4), extension="labour")])
    assert m.account("persons").extension == "labour"
    assert m.account("other/hours").extension == "other"
    with pytest.raises(AccountNotFoundError, match="ambiguous"):
        m.account("hours")
    with pytest.raises(AccountNotFoundError, match="available"):
        m.account("co2")


def test_with_accounts_revalidates():
    m = make()
    m2 = m.with_accounts([Account("hours", "hours", np.arange(4.0))])
    assert m2.account("hours").values[3] == 3 and m.accounts == ()
    with pytest.raises(LabelMismatchError):
        m.with_accounts([Account("hours", "hours", np.arange(5.0))])
