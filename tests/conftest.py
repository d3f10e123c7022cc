"""Fixtures shared by every test area: temporary shelves and the CLI runner."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest

from papershelf import Shelf


@pytest.fixture(autouse=True)
def _own_cache_folder(monkeypatch, tmp_path):
    """Caches (and the catalog) go to the user's cache folder: each test gets its own, never the
    real one."""
    monkeypatch.setenv("PAPERSHELF_CACHE_DIR", str(tmp_path / "user-cache"))
    monkeypatch.delenv("PAPERSHELF_CATALOG", raising=False)


@pytest.fixture(autouse=True)
def _no_real_network(monkeypatch):
    """Point every outside service at a closed loopback port: no test may reach the internet."""
    for name in ("ARXIV", "S2", "DBLP", "CROSSREF", "OPENREVIEW", "HF"):
        monkeypatch.setenv(f"PAPERSHELF_{name}_URL", "http://127.0.0.1:9")
    monkeypatch.delenv("PAPERSHELF_SHELF", raising=False)


@pytest.fixture
def shelf(tmp_path: Path) -> Shelf:
    """A new empty shelf in a temporary folder."""
    return Shelf.init(tmp_path / "shelf", title="Test shelf")


@pytest.fixture
def cli(tmp_path: Path):
    """Run `papershelf ARGS…` in-process; returns (exit status, stdout, stderr)."""
    from papershelf.cli import main

    def run(*args: str, cwd: Path | None = None) -> tuple[int, str, str]:
        import contextlib
        import io

        out, err = io.StringIO(), io.StringIO()
        old = os.getcwd()
        os.chdir(cwd or tmp_path)
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                code = main([str(a) for a in args])
        finally:
            os.chdir(old)
        return code, out.getvalue(), err.getvalue()

    return run


class FakeClock:
    """A clock for papershelf.net's limiters: ``sleep`` returns at once, moving the clock to the
    time the sleeper asked for and recording it (``wakes``), so tests check waits without waiting."""

    def __init__(self, now: float = 1000.0) -> None:
        self.now = now
        self.start = now
        self.sleeps: list[float] = []
        self.wakes: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.wakes.append(self.now + seconds)
        self.now += seconds
        await asyncio.sleep(0)


@pytest.fixture
def fake_clock() -> FakeClock:
    return FakeClock()
