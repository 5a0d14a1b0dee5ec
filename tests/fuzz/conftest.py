"""The fuzz harness: budgets, the per-case time limit, the allowed outcomes, the case counts.

Every reader is given mutated copies of a sample of its layout (:mod:`.mutate`) and must end
in one of two ways: a valid :class:`~interlabor.model.MRIO`, or an
:class:`~interlabor.errors.InterlaborError` whose message names the file. Anything else -- an
exception of another type, a case that runs past its time limit (a hang), a cache folder left
with a half-written or extra entry -- fails the test, and hypothesis shrinks it to the smallest
plan that still fails.

Budgets are fixed (``derandomize=True``: the same cases on every run) and small enough for
``make test``; ``INTERLABOR_FUZZ_SCALE`` multiplies the number of cases (``make fuzz``), and
``INTERLABOR_FUZZ_REPORT=FILE`` writes the counts of cases and outcomes per reader as JSON.
"""

from __future__ import annotations

import faulthandler
import gc
import json
import os
import resource
import signal
import time
import traceback
import warnings
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from interlabor.errors import InterlaborError
from interlabor.model import MRIO

from .mutate import Member, damage_packed, mutate

#: Cases per reader are multiplied by this (``make fuzz`` raises it).
SCALE = float(os.environ.get("INTERLABOR_FUZZ_SCALE", "1"))
#: Wall-clock limit of one case; past it the case counts as a hang.
CASE_SECONDS = float(os.environ.get("INTERLABOR_FUZZ_CASE_SECONDS", "20"))
#: Extra address space one case may take (a reader that trusts a size field fails fast).
CASE_MEMORY = 3 << 30

STEP = st.tuples(st.integers(0, 1 << 16), st.integers(0, 1 << 16),
                 st.floats(0, 1, exclude_max=True), st.floats(0, 1, exclude_max=True),
                 st.integers(0, 1 << 16))
#: A mutation plan: one to three steps (see :func:`.mutate.mutate`).
PLAN = st.lists(STEP, min_size=1, max_size=3)
#: Which variant of a target's sample a case starts from.
VARIANT = st.integers(0, 1 << 8)


@pytest.fixture(scope="session")
def fuzz_targets() -> dict[str, Any]:
    """The samples of each reader, built once per session (:func:`.samples.target_of`)."""
    return {}


def fuzz_settings(examples: int) -> settings:
    """Hypothesis settings of one reader's fuzz test: fixed seed, ``examples`` cases at most."""
    return settings(max_examples=max(1, int(examples * SCALE)), deadline=None,
                    derandomize=True, database=None, print_blob=False,
                    suppress_health_check=list(HealthCheck))


class CaseTimeout(BaseException):
    """A case ran past its time limit (a BaseException, so that no reader can swallow it)."""


@contextmanager
def time_limit(seconds: float = CASE_SECONDS) -> Iterator[None]:
    """Raise :class:`CaseTimeout` in the block after ``seconds``; limit its extra memory.

    A hang inside C code that never returns to Python is caught by faulthandler, which dumps
    the stacks and ends the process after four times the limit.
    """
    def expire(signum: int, frame: Any) -> None:
        raise CaseTimeout(f"the case ran for more than {seconds:g} s")

    old = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    faulthandler.dump_traceback_later(4 * seconds, exit=True)
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    try:
        vm = int(Path("/proc/self/statm").read_text().split()[0]) * resource.getpagesize()
        limit = vm + CASE_MEMORY
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (OSError, ValueError):  # no /proc, or limits not settable: time limit only
        pass
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
        faulthandler.cancel_dump_traceback_later()
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


# ---- what was tried ------------------------------------------------------------------------------
@dataclass
class Tally:
    """Cases, outcomes and mutation kinds tried on one reader."""

    cases: int = 0
    seconds: float = 0.0
    outcomes: Counter[str] = field(default_factory=Counter)
    mutations: Counter[str] = field(default_factory=Counter)
    variants: Counter[str] = field(default_factory=Counter)


TALLY: dict[str, Tally] = {}
#: reader -> kind of bad input -> outcome of each sample (tests/fuzz/test_catalogue.py)
CATALOGUE: dict[str, dict[str, list[str]]] = {}


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Print cases and outcomes per reader; write them as JSON to ``$INTERLABOR_FUZZ_REPORT``."""
    if not TALLY:
        return
    tr = terminalreporter
    tr.section("fuzz: cases per reader")
    for name, t in TALLY.items():
        top = ", ".join(f"{k} {v}" for k, v in t.outcomes.most_common())
        tr.write_line(f"{name}: {t.cases} cases in {t.seconds:.1f} s ({top})")
    out = os.environ.get("INTERLABOR_FUZZ_REPORT")
    if out:
        report: dict[str, Any] = {
            k: {"cases": t.cases, "seconds": round(t.seconds, 1),
                "outcomes": dict(t.outcomes.most_common()),
                "variants": dict(t.variants.most_common()),
                "mutations": dict(sorted(t.mutations.items()))} for k, t in TALLY.items()}
        report["catalogue"] = CATALOGUE
        Path(out).write_text(json.dumps(report, indent=1) + "\n")


# ---- targets -------------------------------------------------------------------------------------
@dataclass
class Variant:
    """A sample of a layout: its members and how they are laid out on disk.

    ``pack(files, folder)`` writes the member bytes below ``folder`` and returns the path to
    read (a file or folder); ``packed`` says that this path is one file whose bytes a plan may
    damage too (a zip archive, a workbook, an R data file).
    """

    label: str
    files: dict[str, Member]
    pack: Callable[[dict[str, bytes], Path], Path]
    packed: bool = False
    options: dict[str, Any] = field(default_factory=dict)
    valid: bool = True  # whether the unmutated sample reads to an MRIO
    main: str | None = None  # the member the catalogue damages (default: the first)
    labels: str | None = None  # the member holding the labels (default: main)
    catalogue: bool = True  # whether tests/fuzz/test_catalogue.py tries this variant


@dataclass
class Target:
    """A reader under test: its name in reports, its ``format`` and its sample variants."""

    name: str
    format: str
    variants: list[Variant]
    seconds: float = 25.0  # wall-clock budget of the whole test (times SCALE)


def as_folder(files: dict[str, bytes], folder: Path, prefix: str = "") -> Path:
    """Write the members below ``folder/prefix``; returns that folder."""
    root = folder / prefix if prefix else folder
    root.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        p = root / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)
    return root


def as_zip(files: dict[str, bytes], path: Path, prefix: str = "") -> Path:
    """Write the members into the zip archive ``path`` (names prefixed with ``prefix``)."""
    import zipfile

    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in sorted(files.items()):
            zf.writestr(prefix + name, data)
    return path


def one_file(name: str) -> Callable[[dict[str, bytes], Path], Path]:
    """A layout of one file: the member ``name`` written as ``folder/name``."""
    def pack(files: dict[str, bytes], folder: Path) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        p = folder / name
        p.write_bytes(files.get(name, b""))
        for other, data in files.items():  # members a plan added or renamed: beside it
            if other != name:
                (folder / Path(other).name).write_bytes(data)
        return p

    return pack


# ---- checks --------------------------------------------------------------------------------------
def check_valid(m: Any) -> None:
    """A reader's result is a consistent, finite, read-only MRIO."""
    import scipy.sparse as sp

    assert isinstance(m, MRIO), type(m)
    n, rk = m.n, m.n_regions * len(m.categories)
    assert n == m.n_regions * m.n_sectors and n > 0
    assert m.Z.shape == (n, n) and m.Y.shape == (n, rk) and m.x.shape == (n,)
    assert m.index.is_unique and m.fd_columns.is_unique
    for arr in (m.Y, m.x, *(a.values for a in m.accounts)):
        assert not arr.flags.writeable and np.isfinite(arr).all()
    A = m.A.toarray() if sp.issparse(m.A) else np.asarray(m.A)
    assert np.isfinite(A).all() and (A >= 0).all()
    for a in m.accounts:
        a.parsed_unit  # noqa: B018 - raises on an unknown unit
        assert a.values.shape == (n,)
        assert a.final_demand is None or a.final_demand.shape == (rk,)


def names_the_file(exc: BaseException, case: Path, src: Path) -> bool:
    """Whether an error message names the file read (or a file of the case folder)."""
    msg = str(exc)
    if str(case) in msg or src.name in msg:
        return True
    return any(p.name in msg for p in case.rglob("*") if p.is_file() and len(p.name) > 4)


def check_cache(root: Path, expect_entry: bool) -> None:
    """The cache folder holds one complete entry after a good read, none after an error."""
    from interlabor.io.store import is_store, read_mrio

    found = sorted(root.iterdir()) if root.exists() else []
    hidden = [p.name for p in found if p.name.startswith(".")]
    assert not hidden, f"temporary cache folders left behind: {hidden}"
    broken = [p.name for p in found if not is_store(p)]
    assert not broken, f"half-written cache entries: {broken}"
    for p in found:
        read_mrio(p, verify=True)
    assert len(found) == (1 if expect_entry else 0), [p.name for p in found]


def _open_files(below: Path) -> dict[str, str]:
    """Open file descriptors of this process on files below ``below`` (Linux /proc)."""
    out = {}
    try:
        fds = os.listdir("/proc/self/fd")
    except OSError:  # not Linux: nothing to check
        return out
    for fd in fds:
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        if target.startswith(str(below)):
            out[fd] = target
    return out


@contextmanager
def leaks_named(case: Path, what: list[str]) -> Iterator[None]:
    """Fail the case when it leaves a file of its folder open (a reader that leaks a handle
    on a damaged file; its ResourceWarning would surface later, in another test)."""
    before = _open_files(case)
    yield
    for i in range(21):  # pyarrow's read-ahead threads let go of a file a moment later
        left = {fd: t for fd, t in _open_files(case).items() if fd not in before}
        if not left:
            return
        if i == 19:
            gc.collect()
        time.sleep(0.05)
    pytest.fail(f"file(s) left open: {sorted(left.values())}\nmutations: {what}")


def attempt(read: Callable[[], Any], case: Path, src: Path, what: list[str], *,
            quiet: bool = True) -> tuple[str, Any]:
    """Run one read; return its outcome (``"MRIO"`` or the error type) and the result (the
    MRIO, or the error message).

    Fails the test (with the mutations in ``what``) on any other exception or a hang.
    Warnings are ignored (``quiet``), or left to the caller to record.
    """
    with warnings.catch_warnings(), leaks_named(case, what):
        if quiet:
            warnings.simplefilter("ignore")
        try:
            with time_limit():
                result = read()
        except InterlaborError as exc:
            assert names_the_file(exc, case, src), (
                f"{type(exc).__name__} does not name the file: {exc}\nmutations: {what}")
            return type(exc).__name__, str(exc)  # not the error: its frames hold files
        except CaseTimeout as exc:
            pytest.fail(f"hang: {exc}\nmutations: {what}")
        except Exception as exc:  # noqa: BLE001 - the outcome that must never happen
            tb = "".join(traceback.format_exception(exc)[-12:])
            pytest.fail(f"{type(exc).__name__} (not an InterlaborError): {exc}\n"
                        f"mutations: {what}\n{tb}")
    check_valid(result)
    return "MRIO", result


def run_case(target: Target, variant_i: int, plan: list[Any], tmp: Path) -> str | None:
    """Mutate a sample of ``target``, read it through the cache, check and count the outcome.

    Returns None (and counts nothing) once the target's time budget is spent.
    """
    tally = TALLY.setdefault(target.name, Tally())
    if tally.seconds > target.seconds * SCALE:
        return None
    t0 = time.perf_counter()
    variant = target.variants[variant_i % len(target.variants)]
    case = tmp / f"case{tally.cases}"
    files, done, later = mutate(variant.files, plan, packed=variant.packed)
    src = variant.pack(files, case / "src")
    if later and src.is_file():
        src.write_bytes(damage_packed(src.read_bytes(), later))
    what = [d for _, d in done]
    cache = case / "cache"

    def read() -> Any:
        from interlabor.io import read

        if variant.options:  # options bypass the cache: read through cached_read anyway
            from interlabor.io.base import read_table

            return read_table(src, format=target.format, **variant.options)
        return read(src, format=target.format, cache_dir=cache)

    outcome, _ = attempt(read, case, src, what)
    cached = not variant.options and target.format != "interlabor"  # own format: read directly
    check_cache(cache, expect_entry=outcome == "MRIO" and cached)
    tally.cases += 1
    tally.outcomes[outcome] += 1
    tally.variants[variant.label] += 1
    tally.mutations.update(k for k, _ in done)
    tally.seconds += time.perf_counter() - t0
    return outcome


def fuzz_body(target: Target, variant: int, plan: list[Any]) -> None:
    """The body of every reader's fuzz test: one case in a fresh temporary folder."""
    import shutil
    import tempfile

    tmp = Path(tempfile.mkdtemp(prefix=f"fuzz-{target.format}-"))
    try:
        run_case(target, variant, plan, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def unmutated(target: Target) -> None:
    """Every variant of a target reads, unmutated, to a valid MRIO (the samples are good)."""
    import shutil
    import tempfile

    from interlabor.io.base import read_table

    from .mutate import dump

    for v in target.variants:
        if not v.valid:
            continue
        tmp = Path(tempfile.mkdtemp(prefix="fuzz-sample-"))
        try:
            src = v.pack({k: dump(m) for k, m in v.files.items()}, tmp / "src")
            outcome, result = attempt(
                lambda src=src, v=v: read_table(src, format=target.format, **v.options),
                tmp, src, [f"{v.label} as is"])
            assert outcome == "MRIO", f"{target.name} {v.label}: {result}"
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
