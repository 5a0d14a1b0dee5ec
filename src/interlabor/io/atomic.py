"""Write a folder atomically: build it beside the target, fsync, rename into place.

Used by :func:`interlabor.io.store.write_mrio`. A reader of the target sees either the old folder
or the complete new one, never a half-written or half-replaced one; a crash leaves at most a
hidden ``.NAME.tmp-*`` folder beside the target, never a damaged target.
"""

from __future__ import annotations

import ctypes
import os
import secrets
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = ["atomic_folder", "write_synced"]


def write_synced(path: Path, data: bytes | memoryview | bytearray | object) -> None:
    """Write ``data`` (anything with the buffer protocol) to a new file and fsync it.

    Raises
    ------
    FileExistsError
        ``path`` exists.
    """
    with open(path, "xb") as f:
        f.write(data)  # type: ignore[arg-type]
        f.flush()
        os.fsync(f.fileno())


def fsync_dir(path: Path) -> None:
    """Flush a folder's entries (new names, renames) to disk; a no-op on Windows."""
    if sys.platform == "win32":  # pragma: no cover - folders cannot be opened there
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step with Linux ``renameat2(RENAME_EXCHANGE)``.

    Returns
    -------
    bool
        False (and nothing done) where the call or the file system does not support it.
    """
    if not sys.platform.startswith("linux"):
        return False
    try:
        fn = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    return fn(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


def _swap_into_place(tmp: Path, target: Path) -> None:
    """Move the finished folder ``tmp`` to ``target``; an old ``target`` ends up at ``tmp``."""
    if not target.exists():
        os.rename(tmp, target)
    elif not exchange(tmp, target):
        old = target.parent / f".{target.name}.old-{secrets.token_hex(4)}"
        os.rename(target, old)
        try:
            os.rename(tmp, target)
        except BaseException:
            os.rename(old, target)
            raise
        os.rename(old, tmp)  # removed by the caller, like an exchanged folder
    fsync_dir(target.parent)


@contextmanager
def atomic_folder(target: Path) -> Iterator[Path]:
    """Yield an empty temporary folder that replaces ``target`` when the block succeeds.

    The folder is made beside ``target`` (same file system, so the final rename is atomic).
    On normal exit it is fsynced, given the mode of a plain new folder and renamed to
    ``target``; an existing ``target`` is swapped out in one step (``renameat2`` exchange on
    Linux, otherwise two renames that restore it on failure) and then removed. On any error
    the temporary folder is removed and ``target`` is left as it was. Checking whether an
    existing ``target`` may be replaced is the caller's job.

    Parameters
    ----------
    target : Path
        Folder to create or replace; its parent is created if needed.

    Yields
    ------
    Path
        The temporary folder to fill (files written with :func:`write_synced`).
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=target.parent))
    try:
        yield tmp
        umask = os.umask(0o022)
        os.umask(umask)
        os.chmod(tmp, 0o777 & ~umask)  # mkdtemp makes it private
        fsync_dir(tmp)
        _swap_into_place(tmp, target)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
