"""Where interlabor's shipped data are: one locator for every bundled file.

``wiod2013_2011/`` is the WIOD 2013 release world input-output table for 2011 (41 regions x
35 industries, 5 final-demand categories, account ``value_added``, modelled labour accounts)
in interlabor's own format (:mod:`interlabor.io.store`), converted from ``wiot_2011.RData``
of the R package ``wiod`` by ``tools/build_default_table.py``. Source: Timmer et al. (2015),
https://doi.org/10.1111/roie.12178; its provenance and the checksum of the source file are in
the folder's ``manifest.json``. ``groups/`` holds the region groupings of the exchange
indicators, ``concordances/`` the shipped aggregation concordances, ``scenarios/`` the
example planning scenario, ``prices/`` the sectoral price levels of the WIOD 2013 tables
(built by ``tools/build_price_levels.py``; sources and terms in ``prices/README.md``).

This module only finds files; reading them belongs to :mod:`interlabor.io`
(:func:`interlabor.io.load_default`), :mod:`interlabor.groups`, :mod:`interlabor.aggregate`
and :mod:`interlabor.planning.scenario`.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path
from typing import Literal

from ..errors import TableReadError

__all__ = ["DEFAULT_TABLE", "KINDS", "data_root", "default_table_path", "shipped_path"]

#: Folder name of the bundled default table inside this package.
DEFAULT_TABLE = "wiod2013_2011"

Kind = Literal["table", "groups", "concordances", "scenarios", "prices"]
#: Kinds of shipped data and the folder of each, with the suffix of its files.
KINDS: dict[str, tuple[str, str]] = {
    "table": ("", ""),
    "groups": ("groups", ".csv"),
    "concordances": ("concordances", ".csv"),
    "scenarios": ("scenarios", ".toml"),
    "prices": ("prices", ".csv"),
}


def data_root() -> Path:
    """The folder of the shipped data (this package's folder).

    Raises
    ------
    TableReadError
        The package is installed in a form (a zip file) whose data are not a folder on disk.
    """
    ref = resources.files(__name__)
    if not isinstance(ref, os.PathLike):  # pragma: no cover - zip imports
        raise TableReadError(
            str(ref), "the shipped data are not a folder on disk; install interlabor unzipped"
        )
    return Path(ref)


def shipped_path(kind: Kind, name: str) -> Path:
    """Path of one shipped file or table folder.

    Parameters
    ----------
    kind : {"table", "groups", "concordances", "scenarios", "prices"}
        What is asked for.
    name : str
        File name with or without its suffix (``iso3_continent``, ``example.toml``), or the
        table folder (``wiod2013_2011``).

    Returns
    -------
    Path
        An existing file (or, for ``table``, a folder with a ``manifest.json``).

    Raises
    ------
    TableReadError
        No such shipped file, naming the path looked at and what exists there.
    ValueError
        ``kind`` is not one of the kinds.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}: expected one of {', '.join(KINDS)}")
    folder, suffix = KINDS[kind]
    base = data_root() / folder
    if kind == "table":
        path = base / name
        if not (path / "manifest.json").is_file():
            raise TableReadError(
                path,
                "the bundled table is missing from this installation; reinstall interlabor "
                "or rebuild it with tools/build_default_table.py",
            )
        return path
    path = base / (name if name.endswith(suffix) else f"{name}{suffix}")
    if not path.is_file():
        have = sorted(p.stem for p in base.glob(f"*{suffix}")) if base.is_dir() else []
        raise TableReadError(
            path, f"no such shipped {kind} file; expected one of {', '.join(have) or '(none)'}"
        )
    return path


def default_table_path() -> Path:
    """Folder of the bundled default table (WIOD 2013 release, 2011).

    Returns
    -------
    Path
        An interlabor table folder, readable with :func:`interlabor.read` (``"default"``).

    Raises
    ------
    TableReadError
        The package was installed without its data files.
    """
    return shipped_path("table", DEFAULT_TABLE)
