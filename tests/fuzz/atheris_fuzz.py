"""Longer, coverage-guided fuzzing of one reader with atheris (``make fuzz``; not collected).

Usage::

    python tests/fuzz/atheris_fuzz.py TARGET SECONDS [atheris/libFuzzer options]

``TARGET`` is a reader name (``oecd``, ``exiobase3``, ``wiod2013``, ...; see
``samples.BUILD``). Each
input atheris makes is decoded into a variant and a mutation plan of the same kind the
hypothesis tests draw (tests/fuzz/mutate.py), run through the same harness (the same allowed
outcomes, time limit and cache checks); a case that fails ends the run with a crash file
that names the mutations. Needs ../shared/data and ``pip install atheris``.
"""

from __future__ import annotations

import atexit
import sys
import tempfile
from pathlib import Path

import atheris

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

with atheris.instrument_imports(include=["interlabor"]):
    import interlabor.io.base as base

    base._load_builtin()

from fuzz import samples  # noqa: E402 - after the instrumented imports
from fuzz.conftest import TALLY, fuzz_body  # noqa: E402

SHARED = HERE.parents[2] / "shared" / "data"  # ../shared/data beside the checkout


def _tmp() -> Path:
    return Path(tempfile.mkdtemp(prefix="atheris-"))


def main() -> None:
    name, seconds = sys.argv[1], int(sys.argv[2])
    where = samples.Where(shared=lambda: SHARED, tmp=_tmp,
                          pymrio=lambda: samples.save_pymrio_test(_tmp()))
    target = samples.BUILD[name](where)
    target.seconds = float("inf")

    def one_input(data: bytes) -> None:
        fdp = atheris.FuzzedDataProvider(data)
        variant = fdp.ConsumeIntInRange(0, 255)
        plan = [(fdp.ConsumeIntInRange(0, 1 << 16), fdp.ConsumeIntInRange(0, 1 << 16),
                 fdp.ConsumeProbability(), fdp.ConsumeProbability(),
                 fdp.ConsumeIntInRange(0, 1 << 16))
                for _ in range(fdp.ConsumeIntInRange(1, 3))]
        fuzz_body(target, variant, plan)

    def report() -> None:  # libFuzzer ends the process itself
        t = TALLY.get(target.name)
        if t is not None:
            print(f"{target.name}: {t.cases} cases, outcomes {dict(t.outcomes)}", flush=True)

    atexit.register(report)
    atheris.Setup([sys.argv[0], f"-max_total_time={seconds}", "-timeout=120",
                   "-rss_limit_mb=6144", *sys.argv[3:]], one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
