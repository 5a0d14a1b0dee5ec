"""The layer contracts of pyproject.toml ([tool.importlinter]), checked with import-linter.

``docs/architecture.md`` explains the layers. The second test shows that the contracts can
fail: an upward import added to a copy of the package breaks them.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"


def _lint(src: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    code = ("import sys; from importlinter.cli import lint_imports_command; "
            "sys.exit(lint_imports_command())")
    return subprocess.run(
        [sys.executable, "-c", code, str(ROOT / "pyproject.toml"), "--no-cache"],
        cwd=cwd, capture_output=True, text=True, timeout=300,
        env={"PYTHONPATH": str(src), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "COLUMNS": "200"},
    )


def test_layer_contracts_hold():
    pytest.importorskip("importlinter")
    res = _lint(SRC, ROOT)
    assert res.returncode == 0, res.stdout + res.stderr
    assert "0 broken" in res.stdout


def test_an_upward_import_breaks_the_contracts(tmp_path):
    pytest.importorskip("importlinter")
    copy = tmp_path / "src"
    shutil.copytree(SRC / "interlabor", copy / "interlabor",
                    ignore=shutil.ignore_patterns("*.parquet", "*.csv", "__pycache__"))
    # io (a low layer) importing the command line (the top layer)
    (copy / "interlabor" / "io" / "_wrong.py").write_text(
        '"""Throwaway: an import upwards."""\nfrom ..cli import main\n\n__all__ = ["main"]\n')
    res = _lint(copy, tmp_path)
    assert res.returncode != 0
    assert "interlabor.io is not allowed to import interlabor.cli" in res.stdout, res.stdout
    assert "interlabor.io._wrong -> interlabor.cli" in res.stdout
