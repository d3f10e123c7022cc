"""Matching shelf papers to catalog records: identifiers, exact and fuzzy titles, scores."""

from __future__ import annotations

import pytest
from catalog_dumps import CVPR, ICLR, write_json

from papershelf.catalog.match import PROPOSE, TRUNCATED, WRITE, Matcher, adjust, title_score
from papershelf.catalog.record import CatalogRecord
from papershelf.model import normalise_title


def score(a, b):
    return title_score(normalise_title(a), normalise_title(b))


def test_title_scores_separate_the_same_paper_from_look_alikes():
    assert score("Distilling Neural Networks for Greener and Faster Dependency Parsing",
                 "Distilling Neural Networks for Faster and Greener Dependency Parsing") >= WRITE
    assert PROPOSE <= score("Distilling Knowledge Learned in BERT for Text Generation",
                            "Distilling the Knowledge of BERT for Text Generation") < WRITE
    # 82 % of the characters agree, but not the words that matter
    assert score("Federated Knowledge Distillation", "Understanding Knowledge Distillation") < PROPOSE
    assert score("Distilling the knowledge in a neural network",
                 "Distilling Holistic Knowledge With Graph Neural Networks") < PROPOSE
    assert score("Multiresolution Knowledge Distillation for Anomaly Detectio",
                 "Multiresolution Knowledge Distillation for Anomaly Detection") == TRUNCATED
    assert score("Knowledge Distillation for", "Knowledge Distillation for Everything") < TRUNCATED  # too short


@pytest.mark.parametrize("year, venue, expected", [
    (2021, "CVPR", 100), (2021, None, 100), (2022, None, 97), (2019, None, 85), (2021, "ICCV", 90),
    (None, "arXiv", 100),
])
def test_year_and_venue_move_the_score(year, venue, expected):
    record = CatalogRecord("k", "s", "T", venue="CVPR", year=2021)
    assert adjust(100.0, record, year, venue) == expected


@pytest.fixture
def matcher(catalog, tmp_path):
    catalog.add([write_json(tmp_path / "cvpr2021.json", CVPR), write_json(tmp_path / "iclr2018.json", ICLR)])
    return Matcher(catalog)


def test_identifier_first_then_exact_title_then_nearest(matcher):
    (m,) = matcher.match("Complementary Relation Contrastive Distillation (extended)", ids={"arxiv": "2103.16367"})
    assert (m.by, m.score) == ("arxiv", 100.0)
    (m,) = matcher.match("complementary relation contrastive distillation", 2021)
    assert (m.by, m.score, m.record.venue) == ("title", 100.0, "CVPR")
    (m,) = matcher.match("Refine Myself by Teaching Myself: Feature Refinement via Self Knowledge Distillation", 2021)
    assert m.score >= WRITE and m.record.source == "paperlists/cvpr2021"
    assert matcher.match("Distilling Knowledge via Knowledge Review", 2016)[0].score == 85  # year 5 apart
    assert matcher.match("An Unrelated Paper About Protein Folding") == []


def test_an_identifier_on_a_paper_of_another_title_is_not_a_match(matcher):
    assert matcher.match("Protein Folding With Transformers", ids={"arxiv": "2103.16367"}) == []


def test_titles_of_common_words_only_are_scored_among_those_holding_two_of_them(catalog, tmp_path, monkeypatch):
    from papershelf.catalog import match

    words = ["Gadgets", "Revisited", "Again"]
    others = [{"title": f"{words[i % 3]} Study Number {i}", "author": "A", "status": "Poster"} for i in range(9)]
    target = {"title": "Sorting of Gadgets Revisited Again", "author": "B", "status": "Poster"}
    catalog.add([write_json(tmp_path / "icml2020.json", others + [target])])
    matcher = Matcher(catalog)
    query = normalise_title("Sortng of Gadgets Revisited Again")
    assert len(matcher.titles.pool(query)) == 10
    monkeypatch.setattr(match, "MAX_POOL", 3)
    (pos,) = matcher.titles.pool(query)
    row = matcher.titles.rows[pos]
    assert catalog.at_rows([row])[row].title == target["title"]
    (m,) = matcher.match("Sortng of Gadgets Revisited Again", 2020)
    assert m.record.title == target["title"] and PROPOSE <= m.score < WRITE
