"""Fuzz every reader: mutated samples end in a valid MRIO or an InterlaborError naming the file.

See tests/fuzz/conftest.py for the harness and docs/reliability.md for the counts.
"""

from __future__ import annotations

import pytest
from hypothesis import given

from . import samples
from .conftest import PLAN, VARIANT, fuzz_body, fuzz_settings


def _fuzz(fmt: str, examples: int):
    """A fuzz test of reader ``fmt`` with a budget of ``examples`` cases."""
    @fuzz_settings(examples)
    @given(variant=VARIANT, plan=PLAN)
    def test(request: pytest.FixtureRequest, variant: int, plan: list) -> None:
        fuzz_body(samples.target_of(request, fmt), variant, plan)

    test.__name__ = f"test_fuzz_{fmt.replace('-', '_')}"
    return test


test_fuzz_wiod2013 = _fuzz("wiod2013", 80)
test_fuzz_wiod2013_xlsx = _fuzz("wiod2013-xlsx", 80)
test_fuzz_wiod2016 = _fuzz("wiod2016", 150)
test_fuzz_wiod2016_niot = _fuzz("wiod2016-niot", 40)
test_fuzz_exiobase3 = _fuzz("exiobase3", 150)
test_fuzz_oecd = _fuzz("oecd", 200)
test_fuzz_eora26 = _fuzz("eora26", 150)
test_fuzz_gloria = _fuzz("gloria", 100)
test_fuzz_pymrio = _fuzz("pymrio", 100)
test_fuzz_interlabor = _fuzz("interlabor", 200)
