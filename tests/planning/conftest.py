"""Small tables for planning tests."""

from __future__ import annotations

import numpy as np
import pytest

from interlabor.model import Account, build_mrio

pytest.importorskip("highspy")


def make_table(A: np.ndarray, Yr: np.ndarray, lab: np.ndarray, regions, sectors,
               persons: np.ndarray | None = None):
    """A balanced table from coefficients ``A`` (n x n), final demand by region ``Yr`` (n x R)
    and hours per unit ``lab`` (n,): ``x = (I - A)^-1 Y 1``, ``Z = A diag(x)``."""
    n = A.shape[0]
    x = np.linalg.solve(np.eye(n) - A, Yr.sum(axis=1))
    Z = A * x[None, :]
    accs = [Account("hours", "hours", lab * x, extension="labour")]
    if persons is not None:
        accs.append(Account("persons", "persons", persons, extension="labour"))
    return build_mrio(Z, Yr, regions=regions, sectors=sectors, categories=["CONS_h"],
                      accounts=accs, warn=False)


def random_lp(seed: int = 3):
    """The planning LP of a random 3-region, 4-product table (defaults, no transport)."""
    from interlabor.planning import PlanScenario, build_lp, plan_data

    rng = np.random.default_rng(seed)
    n = 3 * 4
    A = rng.uniform(0, 0.3 / n, (n, n))
    Yr = rng.uniform(1, 10, (n, 3))
    lab = rng.uniform(0.5, 5, n)
    t = make_table(A, Yr, lab, ["A", "B", "C"], ["p1", "p2", "p3", "p4"])
    sc = PlanScenario(non_tradable=(), transport="none", prices="money")
    return build_lp(plan_data(t, sc), sc)


@pytest.fixture(name="random_lp")
def _random_lp_fixture():
    return random_lp


@pytest.fixture(name="make_table")
def _make_table_fixture():
    return make_table


@pytest.fixture
def ricardo():
    """Two regions, two products, no inputs; A needs 1 and 2 hours, B 6 and 3 hours a unit;
    each region consumes 10 of each product and makes it at home today."""
    Yr = np.array([[10.0, 0], [10, 0], [0, 10], [0, 10]])
    lab = np.array([1.0, 2.0, 6.0, 3.0])
    persons = np.array([10.0, 10.0, 30.0, 30.0])
    return make_table(np.zeros((4, 4)), Yr, lab, ["A", "B"], ["p1", "p2"], persons)


@pytest.fixture(scope="session")
def bundled():
    from interlabor.io import load_default

    return load_default()


@pytest.fixture(scope="session")
def bundled_plan(bundled):
    from interlabor.planning import plan

    return plan(bundled, split=False, ranges=0)
