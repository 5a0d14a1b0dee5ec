"""Tables bundled with interlabor.

``wiod2013_2011/`` is the WIOD 2013 release world input-output table for 2011 (41 regions x
35 industries, 5 final-demand categories, account ``value_added``) in interlabor's own format
(:mod:`interlabor.store`), converted from ``wiot_2011.RData`` of the R package ``wiod`` by
``tools/build_default_table.py``. Source: Timmer et al. (2015), https://doi.org/10.1111/roie.12178;
its provenance and the checksum of the source file are in the folder's ``manifest.json``.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import TableReadError
from ..model import MRIO

__all__ = ["DEFAULT_TABLE", "default_table_path", "load_default"]

#: Folder name of the bundled default table inside this package.
DEFAULT_TABLE = "wiod2013_2011"


def default_table_path() -> Path:
    """Folder of the bundled default table (WIOD 2013 release, 2011).

    Returns
    -------
    Path
        An interlabor table folder, readable with :func:`interlabor.store.read_mrio` or
        :func:`interlabor.io.read_table`.

    Raises
    ------
    TableReadError
        The package was installed without its data files, or in a form (a zip file) whose
        data are not a folder on disk.
    """
    ref = resources.files(__name__) / DEFAULT_TABLE
    if not isinstance(ref, os.PathLike):  # pragma: no cover - zip imports
        raise TableReadError(
            str(ref), "the bundled table is not a folder on disk; install interlabor unzipped"
        )
    path = Path(ref)
    if not (path / "manifest.json").is_file():
        raise TableReadError(
            path,
            "the bundled default table is missing from this installation; reinstall interlabor "
            "or rebuild it with tools/build_default_table.py",
        )
    return path


def load_default(**options: Any) -> MRIO:
    """Load the bundled default table: WIOD 2013 release, world, 2011.

    Parameters
    ----------
    **options
        Passed to :func:`interlabor.store.read_mrio` (``verify``, ``warn``).

    Returns
    -------
    MRIO
        41 regions x 35 industries, 5 final-demand categories, account ``value_added``
        (US$ million, current prices).

    Raises
    ------
    TableReadError
        The bundled table is missing or damaged.

    Examples
    --------
    >>> mrio = load_default()
    >>> mrio.n_regions, mrio.n_sectors, len(mrio.categories)
    (41, 35, 5)
    """
    from ..store import read_mrio

    return read_mrio(default_table_path(), **options)
