"""Readers report progress through the one callback (interlabor.progress), never print."""

from __future__ import annotations

import warnings
from pathlib import Path

from interlabor.io import read
from interlabor.io._text import Source, read_matrix
from interlabor.progress import ProgressEvent


def test_read_matrix_reports_bytes(pymrio_folders: dict[str, Path], capsys) -> None:
    seen: list[ProgressEvent] = []
    with Source(pymrio_folders["txt"]) as src:
        m = read_matrix(src, "Z.txt", n_idx=2, n_head=2, progress=seen.append)
        size = src.size("Z.txt")
    assert m.values.shape == (48, 48) and seen
    assert {e.task for e in seen} == {"read Z.txt"} and {e.unit for e in seen} == {"B"}
    done = [e.done for e in seen]
    assert done == sorted(done) and done[-1] == size and seen[-1].total == size
    assert seen[-1].fraction == 1.0
    assert capsys.readouterr() == ("", "")  # nothing printed


def test_read_passes_progress_to_readers_that_take_it(exio3_zip: Path, tmp_path: Path,
                                                      capsys) -> None:
    seen: list[ProgressEvent] = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        read(exio3_zip, cache_dir=tmp_path, progress=seen.append)  # source read, then cached
        read(exio3_zip, cache_dir=tmp_path, progress=seen.append)  # the cached copy
    messages = [e.message for e in seen]
    assert any(e.unit == "B" and e.task.startswith("read ") for e in seen)  # the reader's bar
    assert any(m.startswith("reading IOT_2009_pxp.zip (exiobase3") for m in messages)
    assert any(m.startswith("caching IOT_2009_pxp.zip") for m in messages)
    assert messages[-1] == "reading the cached copy of IOT_2009_pxp.zip"
    assert capsys.readouterr() == ("", "")


def test_readers_without_progress_get_a_step(pymrio_folders: dict[str, Path]) -> None:
    seen: list[ProgressEvent] = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        read(pymrio_folders["parquet"], cache=False, progress=seen.append)
    assert [(e.task, e.total) for e in seen] == [("read", None)]
    assert seen[0].message == "reading parquet (pymrio)"
