"""Discovery fixtures: a small hand-made catalog (paperlists dumps in a temp folder, indexed into
real SQLite) and a shelf of a few papers on two topics."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from discover_data import FL, KD, OTHER, SHELF_TOML, dump


@pytest.fixture
def dumps(tmp_path) -> Path:
    folder = tmp_path / "dumps"
    folder.mkdir()
    (folder / "icml2020.json").write_text(json.dumps(dump(KD + FL[:3] + OTHER)), encoding="utf-8")
    (folder / "iclr2021.json").write_text(json.dumps(dump(FL[3:])), encoding="utf-8")
    return folder


@pytest.fixture
def catalog(dumps, shelf):
    """The catalog at the shelf's default path, holding both dumps."""
    from papershelf.catalog import default_path
    from papershelf.catalog.store import Catalog

    with Catalog.open(default_path(shelf)) as cat:
        cat.add(sorted(dumps.iterdir()))
        yield cat


@pytest.fixture
def shelf(shelf):
    """The empty test shelf with two topics and a small taxonomy, and on it three KD papers
    (one found in the catalog by arXiv id under another spelling of its title, one by title)
    and one FL paper."""
    from papershelf.app import papers

    with open(shelf.config_path, "a", encoding="utf-8") as fh:
        fh.write(SHELF_TOML)
    shelf = type(shelf)(shelf.root)
    kd, fl = "knowledge-distillation", "federated-learning"
    papers.add(shelf, [
        shelf.new_paper(id="hinton", title="Distilling the knowledge in a neural net (NIPS workshop)", year=2015,
                        ids={"arxiv": "1503.02531"}, topics=[kd], sections=["kd/response-based"]),
        shelf.new_paper(id="fitnets", title="FitNets: hints for thin deep nets", topics=[kd],
                        sections=["kd/feature-based"]),
        shelf.new_paper(id="rkd", title="Relational Knowledge Distillation", topics=[kd]),
        shelf.new_paper(id="fedavg", title="Communication-Efficient Learning of Deep Networks from Decentralized Data",
                        topics=[fl]),
    ])
    return shelf
