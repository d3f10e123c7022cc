"""`papershelf enrich`: fills gaps, never overwrites what a curator typed, records provenance,
proposes published venues, reports conflicts and degrades when a source fails."""

from __future__ import annotations

import datetime as dt
import importlib

from papershelf import Shelf

# the module itself: the package exports the Typer app under the same name
cli_module = importlib.import_module("papershelf.cli.app")


def _add(shelf, **fields):
    paper = shelf.new_paper(**fields)
    shelf.add([paper])
    return paper.id


def _get(shelf, paper_id):
    return Shelf(shelf.root).get(paper_id)


def test_fills_gaps_and_records_provenance(api, eshelf, cli):
    pid = _add(eshelf, title="Deep residual learning for image recognition", id="he2016deep",
               links={"paper": "https://arxiv.org/abs/1512.03385"})
    code, out, err = cli("enrich", "--shelf", eshelf.root)
    assert code == 0, err
    p = _get(eshelf, pid)
    assert p.title == "Deep residual learning for image recognition"  # the curator's title is kept
    assert p.authors == ["Kaiming He", "Xiangyu Zhang", "Shaoqing Ren", "Jian Sun"]
    assert (p.venue, p.year) == ("CVPR", 2016)
    assert p.abstract.startswith("Deeper neural networks")
    assert p.ids["arxiv"] == "1512.03385" and p.ids["dblp"] == "conf/cvpr/HeZRS16"
    assert p.links["paper"] == "https://arxiv.org/abs/1512.03385"  # typed: kept
    assert p.links["code"] == "https://github.com/KaimingHe/deep-residual-networks"
    today = dt.date.today()
    assert p.provenance["authors"].source == "arxiv" and p.provenance["authors"].date == today
    assert p.provenance["venue"].source == "dblp"
    assert p.provenance["venue"].url == "https://dblp.org/rec/conf/cvpr/HeZRS16"
    assert "title" not in p.provenance and "links.paper" not in p.provenance
    assert f"+ {pid} authors" in out
    # later runs change nothing; once the ids found are looked up too, they ask nobody (cached)
    code, out, err = cli("enrich", "--shelf", eshelf.root)
    assert code == 0 and out == ""
    before = len(api.log)
    code, out, err = cli("enrich", "--shelf", eshelf.root)
    assert code == 0 and out == "" and len(api.log) == before


def test_never_overwrites_without_overwrite(api, eshelf, cli):
    pid = _add(eshelf, title="Deep Residual Learning for Image Recognition", authors=["K. He"], year=2016,
               venue="CVPR", ids={"arxiv": "1512.03385"})
    code, out, err = cli("enrich", pid, "--shelf", eshelf.root)
    assert code == 0, err
    p = _get(eshelf, pid)
    assert p.authors == ["K. He"] and "authors" not in p.provenance
    assert p.abstract and p.provenance["abstract"].source == "arxiv"
    code, out, err = cli("enrich", pid, "--overwrite", "--shelf", eshelf.root)
    assert code == 0, err
    p = _get(eshelf, pid)
    assert p.authors == ["Kaiming He", "Xiangyu Zhang", "Shaoqing Ren", "Jian Sun"]
    assert p.provenance["authors"].source == "arxiv"
    assert f"! {pid} authors: K. He → Kaiming He" in out


def test_refreshes_what_enrich_filled_but_not_with_missing_only(api, eshelf, cli):
    pid = _add(eshelf, title="Deep Residual Learning for Image Recognition", ids={"arxiv": "1512.03385"})
    eshelf.update(pid, abstract="stale abstract",
                  provenance={"abstract": {"source": "arxiv", "date": dt.date(2020, 1, 1)}})
    code, out, err = cli("enrich", pid, "--missing-only", "--shelf", eshelf.root)
    assert code == 0, err
    assert _get(eshelf, pid).abstract == "stale abstract"
    code, out, err = cli("enrich", pid, "--shelf", eshelf.root)
    p = _get(eshelf, pid)
    assert p.abstract.startswith("Deeper") and p.provenance["abstract"].date == dt.date.today()
    assert f"~ {pid} abstract" in out


def test_missing_only_skips_complete_papers(api, eshelf, cli):
    _add(eshelf, title="Deep Residual Learning for Image Recognition", authors=["Kaiming He"], year=2016,
         venue="CVPR", abstract="x", links={"paper": "https://doi.org/10.1109/CVPR.2016.90"})
    code, out, err = cli("enrich", "--missing-only", "--shelf", eshelf.root)
    assert code == 0 and "already complete" in err
    assert api.log == []


def test_fields_limits_what_is_filled(api, eshelf, cli):
    pid = _add(eshelf, title="Deep Residual Learning for Image Recognition", ids={"arxiv": "1512.03385"})
    code, out, err = cli("enrich", "--fields", "abstract", "--shelf", eshelf.root)
    assert code == 0, err
    p = _get(eshelf, pid)
    assert p.abstract and not p.authors and p.venue is None and set(p.provenance) == {"abstract"}
    assert api.requests("hf") == [] and api.requests("dblp") == []
    code, out, err = cli("enrich", "--fields", "links.code,ids.doi", "--shelf", eshelf.root)
    p = _get(eshelf, pid)
    assert p.links["code"] and p.ids["doi"].lower() == "10.1109/cvpr.2016.90" and not p.authors
    code, out, err = cli("enrich", "--fields", "colour", "--shelf", eshelf.root)
    assert code == 1 and "not a field" in err


def test_preprint_gets_a_published_venue_proposal(api, eshelf, cli, monkeypatch):
    pid = _add(eshelf, title="FitNets: Hints for Thin Deep Nets", venue="arXiv", year=2014,
               links={"paper": "https://arxiv.org/abs/1412.6550"})
    code, out, err = cli("enrich", pid, "--shelf", eshelf.root)
    assert code == 0, err
    assert f"? {pid} venue: arXiv → ICLR" in out and "year: 2014 → 2015" in out
    assert "proposal(s) not applied" in err and "--yes" in err
    assert _get(eshelf, pid).venue == "arXiv"
    monkeypatch.setattr(cli_module, "interactive", lambda: True)
    monkeypatch.setattr("typer.confirm", lambda *a, **k: False)
    cli("enrich", pid, "--shelf", eshelf.root)
    assert _get(eshelf, pid).venue == "arXiv"
    monkeypatch.setattr("typer.confirm", lambda *a, **k: True)
    code, out, err = cli("enrich", pid, "--shelf", eshelf.root)
    p = _get(eshelf, pid)
    assert (p.venue, p.year) == ("ICLR", 2015) and p.provenance["venue"].source == "dblp"


def test_proposal_accepted_with_yes_replaces_arxiv_link_with_published_one(api, eshelf, cli):
    pid = _add(eshelf, title="Deep Residual Learning for Image Recognition", venue="arXiv", year=2015,
               links={"paper": "https://arxiv.org/abs/1512.03385"})
    code, out, err = cli("enrich", pid, "--yes", "--shelf", eshelf.root)
    assert code == 0, err
    p = _get(eshelf, pid)
    assert (p.venue, p.year) == ("CVPR", 2016)
    assert p.links["paper"].lower() == "https://doi.org/10.1109/cvpr.2016.90"
    assert "1 proposal(s) applied" in err


def test_wrong_link_is_a_conflict_and_nothing_is_taken_from_it(api, eshelf, cli):
    pid = _add(eshelf, title="Attention Is All You Need", links={"paper": "https://arxiv.org/abs/1412.6550"})
    code, out, err = cli("enrich", pid, "--shelf", eshelf.root)
    assert code == 0, err
    assert "conflict" in err and "FitNets" in err and "not used" in err
    p = _get(eshelf, pid)
    assert not p.authors and p.abstract is None and p.venue is None


def test_disagreeing_sources_are_reported(api, eshelf, cli, tmp_path):
    # Semantic Scholar answers with another title for the same arXiv id than arXiv itself does.
    api.queue("s2", 200, b'{"paperId": "abc", "externalIds": {"ArXiv": "1503.02531"}, "title": '
                         b'"A Completely Different Paper", "year": 2015, "authors": []}',
              headers={"Content-Type": "application/json"})
    pid = _add(eshelf, title="Distilling the Knowledge in a Neural Network", ids={"arxiv": "1503.02531"})
    code, out, err = cli("enrich", pid, "--dry-run", "--shelf", eshelf.root)
    assert code == 0, err
    assert "A Completely Different Paper" in err and "not used" in err
    assert f"+ {pid} authors: Geoffrey Hinton" in out and "nothing written" in err
    assert not _get(eshelf, pid).authors


def test_a_failing_source_degrades_to_a_warning(api, eshelf, cli):
    api.queue("s2", 500, "Internal Server Error", headers={"Retry-After": "0"}, times=10)
    api.queue("arxiv", 200, "Rate exceeded.")
    pid = _add(eshelf, title="Deep Residual Learning for Image Recognition", ids={"arxiv": "1512.03385"})
    code, out, err = cli("enrich", "--shelf", eshelf.root)
    assert code == 0, err
    assert "Semantic Scholar: HTTP 500" in err and "arXiv: malformed response" in err
    p = _get(eshelf, pid)
    assert (p.venue, p.year) == ("CVPR", 2016)  # DBLP still answered
    assert p.links["code"] and not p.authors == []  # HF answered; DBLP gave authors
    assert p.provenance["authors"].source == "dblp"


def test_offline_uses_only_the_cache(api, eshelf, cli):
    pid = _add(eshelf, title="Deep Residual Learning for Image Recognition", ids={"arxiv": "1512.03385"})
    code, out, err = cli("enrich", "--offline", "--shelf", eshelf.root)
    assert code == 0 and "not in the cache" in err and api.log == []
    assert not _get(eshelf, pid).authors
    cli("enrich", "--dry-run", "--shelf", eshelf.root)  # fills the cache, writes nothing
    asked = len(api.log)
    code, out, err = cli("enrich", "--offline", "--shelf", eshelf.root)
    assert code == 0 and len(api.log) == asked
    assert _get(eshelf, pid).authors[0] == "Kaiming He"


def test_unknown_paper_id_is_an_error(api, eshelf, cli):
    code, out, err = cli("enrich", "nosuchpaper", "--shelf", eshelf.root)
    assert code == 1 and "no paper with id 'nosuchpaper'" in err


def test_overwrite_also_applies_the_published_version(api, eshelf, cli):
    pid = _add(eshelf, title="FitNets: Hints for Thin Deep Nets", venue="arXiv", year=2014,
               ids={"arxiv": "1412.6550"})
    code, out, err = cli("enrich", pid, "--overwrite", "--shelf", eshelf.root)
    assert code == 0, err
    p = _get(eshelf, pid)
    assert (p.venue, p.year) == ("ICLR", 2015) and f"! {pid} venue: arXiv → ICLR" in out
    assert "proposal" not in err
