"""`papershelf add IDENTIFIER` against the fake APIs: every identifier form, user values win,
duplicates reported, confirmation, dry run, offline from the cache."""

from __future__ import annotations

import importlib

import pytest

from papershelf import Shelf

# the module itself: the package exports the Typer app under the same name
cli_module = importlib.import_module("papershelf.cli.app")


def _papers(shelf) -> list:
    return Shelf(shelf.root).papers


@pytest.mark.parametrize("identifier", [
    "arXiv:1412.6550", "1412.6550", "1412.6550v2", "https://arxiv.org/abs/1412.6550v4",
    "https://arxiv.org/pdf/1412.6550v2", "https://arxiv.org/pdf/1412.6550v2.pdf", "arxiv.org/abs/1412.6550",
    "http://export.arxiv.org/abs/1412.6550", "https://huggingface.co/papers/1412.6550",
])
def test_add_by_every_arxiv_form(api, eshelf, cli, identifier):
    code, out, err = cli("add", identifier, "--yes", "--shelf", eshelf.root)
    assert code == 0, err
    (paper,) = _papers(eshelf)
    assert out.strip() == paper.id == "romero2015fitnets"
    assert paper.title == "FitNets: Hints for Thin Deep Nets"
    assert paper.authors[0] == "Adriana Romero" and len(paper.authors) == 6
    assert (paper.venue, paper.year) == ("ICLR", 2015)          # the published version, from DBLP
    assert paper.ids["arxiv"] == "1412.6550"
    assert paper.links["paper"] == "https://arxiv.org/abs/1412.6550"  # no published page other than arXiv
    assert paper.links["code"] == "https://github.com/adri-romsor/FitNets"  # Hugging Face
    assert paper.provenance["venue"].source == "dblp"
    assert paper.provenance["links.code"].source == "hf"
    assert paper.provenance["title"].url == "https://arxiv.org/abs/1412.6550"


def test_add_old_style_arxiv_id(api, eshelf, cli):
    code, out, err = cli("add", "hep-th/9901001v3", "--yes", "--shelf", eshelf.root)
    assert code == 0, err
    (paper,) = _papers(eshelf)
    assert paper.ids == {"arxiv": "hep-th/9901001", "doi": "10.1103/PhysRevD.60.044001"}
    assert paper.year == 1999 and paper.authors == ["Lee Smolin"]


@pytest.mark.parametrize("identifier", ["10.1109/CVPR.2016.90", "https://doi.org/10.1109/CVPR.2016.90",
                                        "doi:10.1109/CVPR.2016.90"])
def test_add_by_doi(api, eshelf, cli, identifier):
    code, out, err = cli("add", identifier, "--yes", "--shelf", eshelf.root)
    assert code == 0, err
    (paper,) = _papers(eshelf)
    assert paper.title == "Deep Residual Learning for Image Recognition"
    assert (paper.venue, paper.year) == ("CVPR", 2016)
    assert paper.links["paper"].lower() == "https://doi.org/10.1109/cvpr.2016.90"
    assert paper.ids["arxiv"] == "1512.03385"
    assert paper.links["code"] == "https://github.com/KaimingHe/deep-residual-networks"
    assert paper.links["project"] == "https://example.org/resnet"
    # Semantic Scholar says 2015, DBLP/Crossref 2016: reported, not silently merged.
    assert "conflict" in err and "Semantic Scholar" in err


def test_add_doi_from_crossref_only(api, eshelf, cli):
    code, out, err = cli("add", "https://dl.acm.org/doi/10.1145/3397271.3401259", "--yes", "--shelf", eshelf.root)
    assert code == 0, err
    (paper,) = _papers(eshelf)
    assert paper.venue == "SIGIR" and paper.year == 2020
    assert paper.abstract == "We distil a dense retriever & keep it fast."
    assert paper.provenance["abstract"].source == "crossref"
    crossref = api.requests("crossref")
    assert "mailto=curator%40example.org" in crossref[0]["query"]
    assert "curator@example.org" in crossref[0]["headers"]["User-Agent"]


def test_add_openreview_v2_and_v1(api, eshelf, cli):
    code, out, err = cli("add", "https://openreview.net/forum?id=Hk2YuZrKx9", "--yes", "--shelf", eshelf.root)
    assert code == 0, err
    assert "no credentials" in err
    code, out, err = cli("add", "https://openreview.net/pdf?id=rJzIBfZAb", "--yes", "--shelf", eshelf.root)
    assert code == 0, err
    new, old = _papers(eshelf)
    assert (new.venue, new.year, new.ids["openreview"]) == ("ICLR", 2024, "Hk2YuZrKx9")
    assert new.links["paper"] == "https://openreview.net/forum?id=Hk2YuZrKx9"
    assert (old.venue, old.year, old.authors[0]) == ("ICLR", 2018, "Aleksander Madry")
    assert old.provenance["title"].source == "openreview"
    assert [r["source"] for r in api.requests() if "rJzIBfZAb" in r["query"]] == ["openreview2", "openreview1"]


def test_openreview_credentials_are_used(api, eshelf, cli, monkeypatch):
    monkeypatch.setenv("OPENREVIEW_USERNAME", "me@example.org")
    monkeypatch.setenv("OPENREVIEW_PASSWORD", "secret")
    code, out, err = cli("add", "https://openreview.net/forum?id=Hk2YuZrKx9", "--yes", "--shelf", eshelf.root)
    assert code == 0, err
    login, notes = api.requests("openreview2")
    assert login["path"].endswith("/login") and b"me@example.org" in login["body"]
    assert notes["headers"]["Authorization"] == "Bearer fake-token"
    assert "no credentials" not in err


def test_add_by_title_accepts_only_a_close_match(api, eshelf, cli):
    code, out, err = cli("add", "Distilling the knowledge in a neural network", "--yes", "--shelf", eshelf.root)
    assert code == 0, err
    (paper,) = _papers(eshelf)
    assert paper.ids["arxiv"] == "1503.02531" and paper.venue == "arXiv" and paper.year == 2015
    assert paper.authors == ["Geoffrey Hinton", "Oriol Vinyals", "Jeff Dean"]  # arXiv's spelling wins
    # S2's best match for this title is another paper: rejected, so nothing is found.
    code, out, err = cli("add", "Knowledge Distillation: A Survey", "--yes", "--shelf", eshelf.root)
    assert code == 1 and "found nothing" in err
    assert len(_papers(eshelf)) == 1


def test_user_values_win(api, eshelf, cli):
    code, out, err = cli("add", "arXiv:1412.6550", "--yes", "--venue", "NIPS", "--topic", "knowledge-distillation",
                         "--priority", "top", "--link", "code=https://example.org/mine", "--shelf", eshelf.root)
    assert code == 0, err
    (paper,) = _papers(eshelf)
    assert paper.venue == "NeurIPS" and "venue" not in paper.provenance
    assert paper.topics == ["knowledge-distillation"] and paper.priority == "top"
    assert paper.links["code"] == "https://example.org/mine" and "links.code" not in paper.provenance
    assert (eshelf.root / "papers" / "knowledge-distillation.yaml").is_file()


def test_already_on_the_shelf_is_reported_not_added(api, eshelf, cli):
    assert cli("add", "arXiv:1412.6550", "--yes", "--shelf", eshelf.root)[0] == 0
    before = len(api.log)
    code, out, err = cli("add", "https://arxiv.org/pdf/1412.6550v1", "--yes", "--shelf", eshelf.root)
    assert code == 0 and out == ""
    assert "already on the shelf" in err and "romero2015fitnets" in err and "papers/inbox.yaml:" in err
    assert len(api.log) == before  # known before asking anyone
    assert len(_papers(eshelf)) == 1
    # found by title too, without a request
    code, out, err = cli("add", "FitNets: hints for thin deep nets", "--yes", "--shelf", eshelf.root)
    assert code == 0 and "already on the shelf" in err and len(api.log) == before
    # and by an identifier the sources reveal: the shelf has the DOI, the user pastes the arXiv id
    eshelf.add([eshelf.new_paper(id="resnet", title="ResNet", ids={"doi": "10.1109/CVPR.2016.90"})])
    code, out, err = cli("add", "arXiv:1512.03385", "--yes", "--shelf", eshelf.root)
    assert code == 0 and "already on the shelf" in err and "resnet" in err


def test_refuses_without_terminal_and_confirms_with_one(api, eshelf, cli, monkeypatch):
    code, out, err = cli("add", "arXiv:1412.6550", "--shelf", eshelf.root)
    assert code == 1 and "not a terminal" in err and "--yes" in err
    assert _papers(eshelf) == [] and api.log == []  # refused before asking anyone
    monkeypatch.setattr(cli_module, "interactive", lambda: True)
    answers = iter([False, True])
    monkeypatch.setattr("typer.confirm", lambda *a, **k: next(answers))
    code, out, err = cli("add", "arXiv:1412.6550", "--shelf", eshelf.root)
    assert code == 0 and "not added" in err and _papers(eshelf) == []
    code, out, err = cli("add", "arXiv:1412.6550", "--shelf", eshelf.root)
    assert code == 0 and out.strip() == "romero2015fitnets"


def test_dry_run_then_offline_from_cache(api, eshelf, cli):
    code, out, err = cli("add", "10.1109/CVPR.2016.90", "--dry-run", "--shelf", eshelf.root)
    assert code == 0 and "Deep Residual Learning" in err and "nothing written" in err
    assert _papers(eshelf) == []
    asked = len(api.log)
    code, out, err = cli("add", "10.1109/CVPR.2016.90", "--offline", "--yes", "--shelf", eshelf.root)
    assert code == 0, err
    assert len(api.log) == asked  # no request at all
    (paper,) = _papers(eshelf)
    assert paper.venue == "CVPR" and paper.links["code"]


def test_offline_without_cache_says_so(api, eshelf, cli):
    code, out, err = cli("add", "arXiv:1412.6550", "--offline", "--yes", "--shelf", eshelf.root)
    assert code == 1 and "found nothing" in err and "cache" in err
    assert api.log == []


def test_unknown_identifier_and_unknown_url(api, eshelf, cli):
    code, out, err = cli("add", "arXiv:2101.00001", "--yes", "--shelf", eshelf.root)
    assert code == 1 and "found nothing for 'arxiv:2101.00001'" in err
    code, out, err = cli("add", "https://example.org/paper.pdf", "--yes", "--shelf", eshelf.root)
    assert code == 1 and "--title" in err


def test_sources_down_degrade_to_warnings(eshelf, cli):
    # conftest points every source at a closed port
    code, out, err = cli("add", "arXiv:1412.6550", "--yes", "--shelf", eshelf.root)
    assert code == 1
    assert "cannot reach" in err and "arXiv" in err and "Traceback" not in err
