"""`papershelf enrich --source catalog`: offline, with the same plan/review/accept flow as the APIs."""

from __future__ import annotations

import datetime as dt

import pytest
from catalog_dumps import CVPR, ICLR, write_json

from papershelf import Shelf

PAPERS = """\
- id: chen2021distilling
  title: Distilling Knowledge via Knowledge Review
  year: 2021
  venue: CVPR
- id: ji2021refine
  title: 'Refine Myself by Teaching Myself: Feature Refinement via Self-Kno'
  authors: [Mingi Ji]
- id: zhu2021complementary
  title: Complementary Relation Contrastive Distillation (CRCD)
  links: {paper: "https://arxiv.org/abs/2103.16367"}
- id: kd2016adversarial
  title: Adversarial Samples in Knowledge Distillation
  year: 2016
- id: other2020protein
  title: Protein Folding With Transformers
"""


@pytest.fixture
def kd_shelf(shelf, tmp_path, cli):
    (shelf.papers_dir / "kd.yaml").write_text(PAPERS)
    dumps = tmp_path / "d"
    dumps.mkdir()
    write_json(dumps / "cvpr2021.json", CVPR)
    write_json(dumps / "iclr2018.json", ICLR)
    code, _, err = cli("catalog", "add", dumps, "--shelf", shelf.root)
    assert code == 0, err
    return shelf


def test_dry_run_shows_fills_and_proposals_and_writes_nothing(cli, kd_shelf):
    before = (kd_shelf.papers_dir / "kd.yaml").read_text()
    code, out, err = cli("enrich", "--source", "catalog", "--dry-run", "--shelf", kd_shelf.root)
    assert code == 0, err
    assert "+ chen2021distilling authors: Pengguang Chen, Shu Liu" in out
    assert "(catalog:paperlists/cvpr2021)" in out
    assert "+ chen2021distilling links.code: https://github.com/dvlab-research/ReviewKD" in out
    assert "? ji2021refine title:" in out and "cut short" in out
    assert "? kd2016adversarial authors:" in out and "check it is the same paper" in out
    assert "1 paper(s) not found in any source: other2020protein" in " ".join(err.split())
    assert (kd_shelf.papers_dir / "kd.yaml").read_text() == before


def test_enrich_writes_confident_matches_with_provenance_and_keeps_what_the_curator_typed(cli, kd_shelf):
    code, _, err = cli("enrich", "--source", "catalog", "--shelf", kd_shelf.root)
    assert code == 0, err
    papers = {p.id: p for p in Shelf(kd_shelf.root).papers}
    chen = papers["chen2021distilling"]
    assert chen.authors[:2] == ["Pengguang Chen", "Shu Liu"] and chen.ids["arxiv"] == "2104.09044"
    assert chen.links["code"] == "https://github.com/dvlab-research/ReviewKD"
    assert chen.provenance["authors"].source == "catalog:paperlists/cvpr2021"
    assert chen.provenance["authors"].date == dt.date.today()
    ji = papers["ji2021refine"]
    assert ji.authors == ["Mingi Ji"]  # typed by the curator: kept
    assert ji.abstract == "Knowledge distillation transfers knowledge." and (ji.venue, ji.year) == ("CVPR", 2021)
    assert ji.title.endswith("Self-Kno")  # proposal not accepted
    zhu = papers["zhu2021complementary"]
    assert zhu.title == "Complementary Relation Contrastive Distillation (CRCD)"  # kept, the curator's
    assert zhu.authors == ["Jinguo Zhu", "Shixiang Tang"]  # matched by its arXiv id: written
    assert papers["kd2016adversarial"].authors == []  # low confidence: proposed only
    assert "proposal(s) not applied" in err


def test_yes_accepts_the_proposals(cli, kd_shelf):
    code, _, err = cli("enrich", "--source", "catalog", "--yes", "--shelf", kd_shelf.root)
    assert code == 0, err
    papers = {p.id: p for p in Shelf(kd_shelf.root).papers}
    assert papers["ji2021refine"].title == CVPR[1]["title"]
    kd = papers["kd2016adversarial"]
    assert kd.authors == ["A Author", "B Author"] and kd.ids["openreview"] == "Bk7wvW-C-"
    assert kd.provenance["authors"].source == "catalog:paperlists/iclr2018"


def test_a_second_run_changes_nothing(cli, kd_shelf):
    cli("enrich", "--source", "catalog", "--yes", "--shelf", kd_shelf.root)
    before = (kd_shelf.papers_dir / "kd.yaml").read_text()
    code, out, err = cli("enrich", "--source", "catalog", "--yes", "--shelf", kd_shelf.root)
    assert code == 0, err
    assert out.strip() == "" and (kd_shelf.papers_dir / "kd.yaml").read_text() == before


def test_without_a_catalog_enrich_says_how_to_build_one(cli, shelf):
    (shelf.papers_dir / "kd.yaml").write_text(PAPERS)
    code, _, err = cli("enrich", "--source", "catalog", "--shelf", shelf.root)
    assert code == 1 and "catalog add" in err


def test_an_unknown_source_is_refused(cli, shelf):
    code, _, err = cli("enrich", "--source", "dblp-dump", "--shelf", shelf.root)
    assert code == 1 and "apis, catalog" in err
