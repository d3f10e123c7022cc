"""A private user cache, hand-made dumps and a catalog in a temp folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from catalog_dumps import CVPR, ICLR, write_json


@pytest.fixture
def dumps(tmp_path) -> Path:
    folder = tmp_path / "dumps"
    folder.mkdir()
    write_json(folder / "cvpr2021.json.gz", CVPR, gz=True)
    write_json(folder / "iclr2018.json", ICLR)
    (folder / "SOURCES.tsv").write_text("not a dump\n")
    return folder


@pytest.fixture
def catalog(tmp_path):
    from papershelf.catalog.store import Catalog

    with Catalog.open(tmp_path / "cat" / "catalog.sqlite") as cat:
        yield cat
