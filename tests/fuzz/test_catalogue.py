"""The named bad inputs, each tried on every reader (the random fuzz tests may miss some).

Truncation at an offset, flipped bytes, swapped and missing columns, wrong encodings, huge,
empty and repeated labels, NaN/inf strings, a repeated header row, a missing member, a
truncated archive: each is applied once to the main member of each sample (its labels member
for the label kinds) and must end, as in the fuzz tests, in a valid MRIO or an InterlaborError
naming the file. The outcome of every (reader, kind) pair is printed at the end of the run
and written to ``$INTERLABOR_FUZZ_REPORT`` (docs/reliability.md has the table).
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest

from . import samples
from .conftest import CATALOGUE, Target, Variant, run_case
from .mutate import _kind, step_for

#: kind -> the operation for each member type (a, b, c pick positions and values)
KINDS: dict[str, dict[str, tuple[str, float, float, int]]] = {
    "truncated at 61 % of the file": {"*": ("bytes:truncate", 0.61, 0.0, 0)},
    "truncated archive or workbook": {"packed": ("packed:truncate", 0.5, 0.0, 0)},
    "bits flipped in 8 bytes": {"*": ("bytes:flip-bits", 0.43, 0.0, 7)},
    "two columns swapped": {"grid": ("grid:swap-columns", 0.3, 0.7, 0),
                            "book": ("book:swap-columns", 0.3, 0.7, 0),
                            "frame": ("frame:swap-columns", 0.0, 0.9, 0),
                            "rlist": ("rlist:swap-elements", 0.5, 0.9, 0)},
    "a column missing": {"grid": ("grid:drop-column", 0.5, 0.0, 0),
                         "book": ("book:drop-column", 0.5, 0.0, 0),
                         "frame": ("frame:drop-column", 0.5, 0.0, 0),
                         "rlist": ("rlist:drop-element", 0.5, 0.0, 0)},
    "UTF-16 instead of UTF-8": {"grid": ("grid:encoding", 0.0, 0.0, 0)},
    "Latin-1 instead of UTF-8": {"grid": ("grid:encoding", 0.0, 0.0, 2)},
    "a label of 100,000 characters": {"grid": ("grid:odd-label", 0.5, 0.0, 2),
                                      "book": ("book:odd-label", 0.5, 0.0, 2),
                                      "frame": ("frame:rename-column", 0.5, 0.0, 2)},
    "an empty label": {"grid": ("grid:odd-label", 0.5, 0.0, 15),
                       "book": ("book:odd-label", 0.5, 0.0, 15),
                       "frame": ("frame:rename-column", 0.5, 0.0, 15)},
    "a label repeated": {"grid": ("grid:odd-label", 0.5, 0.5, 7),
                         "book": ("book:odd-label", 0.5, 0.5, 7),
                         "frame": ("frame:rename-column", 0.5, 0.0, 7)},
    "'NaN' in a number cell": {"grid": ("grid:odd-value", 0.6, 0.6, 0),
                               "book": ("book:odd-value", 0.6, 0.6, 0),
                               "frame": ("frame:odd-value", 0.99, 0.5, 0),
                               "rlist": ("rlist:odd-value", 0.6, 0.5, 0)},
    "'inf' in a number cell": {"grid": ("grid:odd-value", 0.6, 0.6, 4),
                               "book": ("book:odd-value", 0.6, 0.6, 1),
                               "frame": ("frame:odd-value", 0.99, 0.5, 1),
                               "rlist": ("rlist:odd-value", 0.6, 0.5, 1)},
    "the header row repeated": {"grid": ("grid:duplicate-row", 0.0, 0.0, 0),
                                "book": ("book:duplicate-row", 0.0, 0.0, 0)},
    "the member missing": {"files": ("files:remove-member", 0.0, 0.0, 0)},
}
def _op(variant: Variant, kind: str) -> tuple[str, tuple[str, float, float, int]] | None:
    """The member and operation of ``kind`` for a variant; None where it does not apply."""
    spec = KINDS[kind]
    labels = "label" in kind and variant.labels
    member = (variant.labels if labels else variant.main) or sorted(variant.files)[0]
    mtype = _kind(variant.files[member])
    for key, ok in ((mtype, True), ("*", True), ("packed", variant.packed),
                    ("files", len(variant.files) > 1)):
        if key in spec and ok:
            return member, spec[key]
    return None


@pytest.mark.parametrize("fmt", list(samples.BUILD))
def test_catalogue(request: pytest.FixtureRequest, fmt: str) -> None:
    target = samples.target_of(request, fmt)
    seen = CATALOGUE.setdefault(target.name, {})
    tmp = Path(tempfile.mkdtemp(prefix=f"catalogue-{fmt}-"))
    try:
        for v in (v for v in target.variants if v.catalogue):
            one = Target(f"{target.name} (catalogue)", target.format, [v], float("inf"))
            for kind in KINDS:
                op = _op(v, kind)
                if op is None:
                    continue
                member, (name, a, b, c) = op
                step = step_for(v.files, member, name, a, b, c, packed=v.packed)
                seen.setdefault(kind, []).append(f"{run_case(one, 0, [step], tmp)}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
