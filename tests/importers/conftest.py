"""Helpers for the Markdown importer tests: read a text with a shelf config, get papers and findings."""

from __future__ import annotations

from pathlib import Path

import pytest
from md_support import TOPICS

from papershelf.config import ShelfConfig, TaxonomyNode
from papershelf.importers.base import ImportResult
from papershelf.importers.build import PaperBuilder
from papershelf.importers.markdown import read_markdown


@pytest.fixture
def config() -> ShelfConfig:
    return ShelfConfig(topics=TOPICS, taxonomy=[
        TaxonomyNode(path="kd", name="KD taxonomy"),
        TaxonomyNode(path="kd/response-based", name="Response-based knowledge")])


@pytest.fixture
def read(config):
    """read(markdown) -> ImportResult, with the three topics and a small taxonomy configured."""
    def run(text: str, cfg: ShelfConfig | None = None, topic: str | None = None) -> ImportResult:
        return read_markdown(Path("list.md"), text, PaperBuilder(cfg or config, (), topic))
    return run



@pytest.fixture
def import_text(tmp_path):
    """import_text(name, text) -> ImportResult: writes text to tmp_path/name and imports it with a plain config."""
    from papershelf.importers import import_file

    def run(name: str, text: str, **options) -> ImportResult:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return import_file(path, ShelfConfig(), **options)
    return run
