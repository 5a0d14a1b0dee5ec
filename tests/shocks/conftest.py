"""The 2-region, 2-sector table worked by hand in docs/shocks.md, and random productive tables."""

import numpy as np
import pytest
import scipy.sparse as sp

from interlabor.model import Account, build_mrio


def hand_table(sparse=False):
    """Regions A, B x sectors s, t: cells A:s (0), A:t (1), B:s (2), B:t (3), all x = 100.

    Z: A:s uses 50 of itself and buys 20 from B:s; A:t buys 10 from A:s; B:t buys 30 from A:t.
    So B:s buys nothing (zero column of A) and B:t sells nothing as an input (zero row), and
    L = (I - A)^-1 = [[2, .2, 0, .06], [0, 1, 0, .3], [.4, .04, 1, .012], [0, 0, 0, 1]].
    """
    Z = np.zeros((4, 4))
    Z[0, 0], Z[2, 0], Z[0, 1], Z[1, 3] = 50.0, 20.0, 10.0, 30.0
    Y = np.array([[30.0, 10.0], [40.0, 30.0], [30.0, 50.0], [20.0, 80.0]])
    p = np.array([30.0, 90.0, 100.0, 70.0])  # x - 1'Z
    accounts = [
        Account("value_added", "USD million", p, extension="monetary"),
        Account("hours", "million hours", np.array([10.0, 30.0, 20.0, 50.0]),
                np.array([1.0, 0.0]), extension="labour", modelled=True),
        Account("persons", "thousand persons", np.array([5.0, 15.0, 10.0, 25.0]),
                extension="labour", modelled=True),
    ]
    return build_mrio(sp.csr_array(Z) if sparse else Z, Y, regions=["A", "B"],
                      sectors=["s", "t"], sector_names=["Steel", "Tools"], categories=["hh"],
                      accounts=accounts, year=2011)


HAND_L = np.array([[2.0, 0.2, 0.0, 0.06],
                   [0.0, 1.0, 0.0, 0.3],
                   [0.4, 0.04, 1.0, 0.012],
                   [0.0, 0.0, 0.0, 1.0]])


def random_table(seed, R=2, S=2, density=0.6, sparse=False):
    """A random productive table with value added, hours and persons."""
    rng = np.random.default_rng(seed)
    n = R * S
    Z = rng.uniform(0, 10, (n, n)) * (rng.random((n, n)) < density)
    Y = rng.uniform(1, 40, (n, R * 2))
    x = Z.sum(1) + Y.sum(1)
    p = x - Z.sum(0)
    h = rng.uniform(1, 50, n)
    accounts = [Account("value_added", "USD million", p),
                Account("hours", "million hours", h, modelled=True),
                Account("persons", "thousand persons", h / 2, modelled=True)]
    return build_mrio(sp.csr_array(Z) if sparse else Z, Y,
                      regions=[f"r{i}" for i in range(R)], sectors=[f"s{i}" for i in range(S)],
                      categories=["c0", "c1"], accounts=accounts, warn=False)


@pytest.fixture
def hand():
    return hand_table()
