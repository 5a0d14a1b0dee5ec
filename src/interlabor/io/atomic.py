"""Write files and folders atomically: build beside the target, fsync, rename into place.

The one place of interlabor's write semantics, used for every result (tidy tables, charts,
plan and demo folders, batch units) and every table folder
(:func:`interlabor.io.store.write_mrio`):

* a reader of the target sees either the old content or the complete new one, never a
  half-written one; a crash leaves at most a hidden ``.NAME.*tmp*`` entry beside the target;
* a missing parent folder is never created (unless ``parents=True``, as for the cache): the
  error says which folder is missing, or which path is a file where a folder is expected;
* a new file gets the permissions a plain ``open()`` would give it (``0o666`` less the
  umask), a replaced file keeps its mode;
* a symbolic link at the target is written through: its target file is replaced, the link
  stays.
"""

from __future__ import annotations

import ctypes
import os
import secrets
import shutil
import stat
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import OutputError

__all__ = ["atomic_file", "atomic_folder", "output_folder", "write_synced"]


def _umask() -> int:
    """The process's umask (read without changing it, where /proc tells it)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def check_parent(target: Path, parents: bool = False) -> None:
    """Make sure the folder that will hold ``target`` exists (created only with ``parents``).

    Raises
    ------
    OutputError
        The parent is missing (naming the first missing folder) or a path on the way is a
        file, not a folder.
    """
    parent = target.parent
    if parent.is_dir():
        return
    on_way = parent
    while not on_way.exists() and on_way != on_way.parent:
        on_way = on_way.parent
    if on_way.exists() and not on_way.is_dir():
        raise OutputError(f"cannot write {target}: {on_way} is a file, not a folder")
    if not parents:
        missing = parent
        while not missing.parent.exists() and missing.parent != missing:
            missing = missing.parent
        raise OutputError(f"cannot write {target}: folder {missing} does not exist (create it "
                          "first; interlabor does not create missing parent folders)")
    parent.mkdir(parents=True, exist_ok=True)


def _named(exc: OSError, target: Path) -> OSError:
    """The same kind of OSError, naming the target instead of a temporary path."""
    out = type(exc)(exc.errno, exc.strerror or str(exc), str(target))
    return out


def atomic_file(path: str | Path, write: Callable[[Path], object], *,
                parents: bool = False) -> Path:
    """Call ``write(tmp)`` on a temporary path beside ``path``, then rename it into place.

    Parameters
    ----------
    path : str or Path
        Final location. A symbolic link is written through (its target is replaced).
    write : callable
        Writes the whole content to the path it is given.
    parents : bool
        Create missing parent folders (default: refuse, naming the missing folder).

    Returns
    -------
    Path
        ``path`` as given.

    Raises
    ------
    OutputError
        The parent folder is missing, a path on the way is a file, or ``path`` is a folder.
    OSError
        The folder is not writable, the disk is full, ...: the same error type, naming
        ``path`` (not the temporary file).
    """
    given = Path(path)
    target = Path(os.path.realpath(given)) if given.is_symlink() else given
    if target.is_dir():
        raise OutputError(f"cannot write {given}: it is a folder; expected a file name")
    check_parent(target, parents)
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp",
                                        dir=target.parent)
    except OSError as exc:
        raise _named(exc, given) from exc
    tmp = Path(tmp_name)
    try:
        os.close(fd)
        write(tmp)
        fd = os.open(tmp, os.O_RDONLY)
        try:
            os.fchmod(fd, mode)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        if exc.filename is not None and str(exc.filename) == str(tmp):
            raise _named(exc, given) from exc
        raise
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return given


def output_folder(path: str | Path, *, parents: bool = False) -> Path:
    """Make the results folder ``path`` (fine if it exists); never its missing parents.

    Raises
    ------
    OutputError
        The parent is missing (unless ``parents``), or ``path`` or a path on the way is a
        file.
    """
    target = Path(path)
    if target.exists() and not target.is_dir():
        raise OutputError(f"cannot write into {target}: it is a file, not a folder")
    check_parent(target, parents)
    try:
        target.mkdir(exist_ok=True)
    except OSError as exc:
        raise _named(exc, target) from exc
    return target


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
def atomic_folder(target: Path, *, parents: bool = False) -> Iterator[Path]:
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
        Folder to create or replace.
    parents : bool
        Create missing parent folders (default: refuse, naming the missing folder).

    Yields
    ------
    Path
        The temporary folder to fill (files written with :func:`write_synced`).
    """
    check_parent(target, parents)
    try:
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=target.parent))
    except OSError as exc:
        raise _named(exc, target) from exc
    try:
        yield tmp
        os.chmod(tmp, 0o777 & ~_umask())  # mkdtemp makes it private
        fsync_dir(tmp)
        _swap_into_place(tmp, target)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
