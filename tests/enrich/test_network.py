"""The real services (arXiv, Semantic Scholar, DBLP, Crossref, Hugging Face). Skipped unless
PAPERSHELF_NETWORK_TESTS=1: run by hand to check that the fixtures still match reality."""

from __future__ import annotations

import os

import pytest

pytestmark = [
    pytest.mark.network,
    pytest.mark.skipif(os.environ.get("PAPERSHELF_NETWORK_TESTS") != "1",
                       reason="talks to the real scholarly APIs; set PAPERSHELF_NETWORK_TESTS=1"),
]


@pytest.fixture
def real(monkeypatch, shelf):
    for name in ("ARXIV", "S2", "DBLP", "CROSSREF", "OPENREVIEW", "OPENREVIEW_V1", "HF"):
        monkeypatch.delenv(f"PAPERSHELF_{name}_URL", raising=False)
    text = shelf.config_path.read_text().replace('contact = ""', 'contact = "papershelf-tests@example.org"')
    shelf.config_path.write_text(text)
    from papershelf import Shelf

    return Shelf(shelf.root)


def test_resolve_real_arxiv_and_doi(real):
    from papershelf.enrich.resolve import Lookup
    from papershelf.enrich.service import resolve

    (fitnets, resnet), fetcher = resolve(real, [Lookup("a", ids={"arxiv": "1412.6550"}),
                                                Lookup("b", ids={"doi": "10.1109/CVPR.2016.90"})])
    assert fitnets.get("title") == "FitNets: Hints for Thin Deep Nets"
    assert fitnets.get("venue") == "ICLR"
    assert resnet.get("title") == "Deep Residual Learning for Image Recognition"
    assert resnet.get("venue") == "CVPR" and resnet.get("year") == 2016


def test_add_by_title_for_real(real, cli):
    code, out, err = cli("add", "Distilling the Knowledge in a Neural Network", "--yes", "--shelf", real.root)
    assert code == 0, err
    paper = real.get(out.strip())
    assert paper.ids["arxiv"] == "1503.02531"
