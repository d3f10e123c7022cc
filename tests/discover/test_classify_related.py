"""classify (taxonomy proposals) and related papers, on hand-made shelves."""

from __future__ import annotations

import pytest
from discover_data import SHELF_TOML

from papershelf import Shelf
from papershelf.app import Conflict, discover, papers
from papershelf.discover.classify import leave_one_out
from papershelf.discover.related import related
from papershelf.errors import PapershelfError

RESPONSE = ["Soft targets of the teacher logits", "Matching teacher logits with temperature soft targets",
            "Logits distillation with soft targets and temperature", "Soft target logits of an ensemble teacher"]
FEATURE = ["Hints from intermediate feature maps", "Attention maps of intermediate feature layers",
           "Intermediate feature hints for thin students", "Feature map attention transfer between layers"]


@pytest.fixture
def bare_shelf(tmp_path):
    """A new shelf with the test topics and taxonomy, and no papers (not conftest's ``shelf``)."""
    shelf = Shelf.init(tmp_path / "bare", title="Bare")
    with open(shelf.config_path, "a", encoding="utf-8") as fh:
        fh.write(SHELF_TOML)
    return Shelf(shelf.root)


@pytest.fixture
def taxonomy_shelf(bare_shelf):
    shelf = bare_shelf
    kd = ["knowledge-distillation"]
    filed = [shelf.new_paper(id=f"r{i}", title=t, topics=kd, sections=["kd/response-based"])
             for i, t in enumerate(RESPONSE[:3])]
    filed += [shelf.new_paper(id=f"f{i}", title=t, topics=kd, sections=["kd/feature-based"])
              for i, t in enumerate(FEATURE[:3])]
    todo = [shelf.new_paper(id="r-new", title=RESPONSE[3], topics=kd),
            shelf.new_paper(id="f-new", title=FEATURE[3], topics=kd),
            shelf.new_paper(id="fl", title="Federated averaging on clients", topics=["federated-learning"])]
    papers.add(shelf, filed + todo)
    return type(shelf)(shelf.root)


def test_classify_proposes_the_section_of_the_most_alike_filed_papers(taxonomy_shelf):
    proposals = {p.paper.id: p for p in discover.classify(taxonomy_shelf, "kd")}
    assert set(proposals) == {"r-new", "f-new"}  # the FL paper is out of the taxonomy's topics
    assert proposals["r-new"].section == "kd/response-based"
    assert proposals["f-new"].section == "kd/feature-based"
    assert all(0.5 < p.confidence <= 1 and p.runner_up[1] < p.confidence for p in proposals.values())
    assert proposals["f-new"].to_json()["runner_up"]["section"] == "kd/response-based"
    assert {p.paper.id for p in discover.classify(taxonomy_shelf, "kd", topic="federated-learning")} == {"fl"}


def test_accepted_proposals_are_written_through_the_app_layer(taxonomy_shelf):
    proposals = discover.classify(taxonomy_shelf, "kd")
    written = discover.file_sections(taxonomy_shelf, proposals)
    assert {p.id: p.sections for p in written} == {"r-new": ["kd/response-based"], "f-new": ["kd/feature-based"]}
    taxonomy_shelf.invalidate()
    assert taxonomy_shelf.get("f-new").sections == ["kd/feature-based"]
    assert discover.classify(taxonomy_shelf, "kd") == []  # nothing left to file


def test_a_paper_edited_since_the_proposal_is_a_conflict(taxonomy_shelf):
    proposal = next(p for p in discover.classify(taxonomy_shelf, "kd") if p.paper.id == "f-new")
    papers.note(taxonomy_shelf, "f-new", "edited meanwhile")
    with pytest.raises(Conflict):
        discover.file_sections(taxonomy_shelf, [proposal])
    taxonomy_shelf.invalidate()
    assert taxonomy_shelf.get("f-new").sections == []


def test_classify_needs_filed_papers_in_two_sections(bare_shelf):
    shelf = bare_shelf
    with pytest.raises(PapershelfError, match="no paper is filed under 'kd'"):
        discover.classify(shelf, "kd")
    papers.add(shelf, [shelf.new_paper(id="a", title="Soft targets", topics=["knowledge-distillation"],
                                       sections=["kd/response-based"]),
                       shelf.new_paper(id="b", title="Hints", topics=["knowledge-distillation"])])
    with pytest.raises(PapershelfError, match="at least two"):
        discover.classify(type(shelf)(shelf.root), "kd")
    with pytest.raises(PapershelfError, match="no taxonomy node 'nope'"):
        discover.classify(shelf, "nope")


def test_leave_one_out_beats_the_majority_class_on_separable_sections(taxonomy_shelf):
    result = leave_one_out(taxonomy_shelf.papers, "kd")
    assert result["papers"] == 6 and result["correct"] == 6
    assert result["majority_accuracy"] == 0  # leaving one out makes the other section the majority


def test_related_papers_are_the_nearest_on_the_shelf(taxonomy_shelf):
    near = related(taxonomy_shelf.papers, k=2)
    assert set(near) == {p.id for p in taxonomy_shelf.papers}
    assert set(near["r-new"]) <= {"r0", "r1", "r2"} and len(near["r-new"]) == 2
    assert set(near["f-new"]) <= {"f0", "f1", "f2"}
    assert "fl" not in {pid for ids in near.values() for pid in ids} and near["fl"] == []  # nothing in common
    assert all(pid not in ids for pid, ids in near.items())  # never itself


def test_related_on_tiny_or_wordless_shelves(bare_shelf):
    shelf = bare_shelf
    one = shelf.new_paper(id="a", title="Only one")
    assert related([one]) == {"a": []}
    wordless = [shelf.new_paper(id="x", title="The"), shelf.new_paper(id="y", title="Of a")]
    assert related(wordless) == {"x": [], "y": []}


def test_storing_related_lists_clears_what_a_killed_write_left(tmp_path):
    """The build's related-papers child can be killed mid-write: its temporary file goes next time."""
    from papershelf.discover.related import load_related, store_related

    cache = tmp_path / "related.json"
    leftover = tmp_path / ".related.json.abc123.tmp"
    leftover.write_text('{"digest": "x", "rel')
    store_related(cache, "key", {"a": ["b"]})
    assert not leftover.exists() and load_related(cache, "key") == {"a": ["b"]}
