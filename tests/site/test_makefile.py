"""`make serve` reinstalls papershelf only when pyproject.toml changed (issue 10)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_serve_reinstalls_only_after_pyproject_changed(tmp_path: Path) -> None:
    shutil.copy(REPO / "Makefile", tmp_path / "Makefile")
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    (tmp_path / ".venv/bin").mkdir(parents=True)
    (tmp_path / ".venv/bin/python").touch()

    def planned() -> str:
        return subprocess.run(["make", "-n", "serve"], cwd=tmp_path, capture_output=True, text=True, check=True).stdout

    assert "pip install" in planned()  # never installed
    (tmp_path / ".venv/.installed").touch()
    assert "pip install" not in planned() and "papershelf --shelf reading-list serve" in planned()
    later = (tmp_path / ".venv/.installed").stat().st_mtime + 10
    os.utime(tmp_path / "pyproject.toml", (later, later))
    assert "pip install" in planned()
