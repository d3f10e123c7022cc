"""Fixtures for lint and link-check tests: shelves written from YAML text, loopback servers."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from lintdata import TOML  # noqa: E402


@pytest.fixture
def make_shelf(tmp_path):
    """``make_shelf(yaml_text, toml=TOML)`` → a Shelf whose papers/a.yaml holds the text."""
    from papershelf import Shelf

    counter = {"n": 0}

    def make(papers: str, toml: str = TOML, name: str = "a.yaml"):
        counter["n"] += 1
        root = tmp_path / f"shelf{counter['n']}"
        (root / "papers").mkdir(parents=True)
        (root / "shelf.toml").write_text(toml, encoding="utf-8")
        (root / "papers" / name).write_text(textwrap.dedent(papers), encoding="utf-8")
        return Shelf(root)

    return make
