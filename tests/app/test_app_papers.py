"""papershelf.app.papers: the edits the CLI and the browser editor share, called from Python."""

from __future__ import annotations

import datetime as dt

import pytest

from papershelf import Shelf
from papershelf.app import Conflict, papers, version
from papershelf.errors import PapershelfError, PaperNotFound


@pytest.fixture
def two(shelf):
    """A shelf with two papers in papers/kd.yaml; returns (shelf, first id, second id)."""
    first = shelf.new_paper(title="Distilling the Knowledge in a Neural Network", authors=["Geoffrey Hinton"],
                            year=2015, venue="NIPS Workshop", topics=["kd"], tags=["classic"],
                            links={"paper": "https://arxiv.org/abs/1503.02531"})
    second = shelf.new_paper(title="FitNets: Hints for Thin Deep Nets", authors=["Adriana Romero"], year=2015,
                             topics=["kd"], taken={first.id})
    papers.add(shelf, [first, second])
    return shelf, first.id, second.id


def on_disk(shelf, paper_id):
    return Shelf(shelf.root).get(paper_id)


def test_add_writes_to_the_topic_file_and_refuses_taken_ids(two):
    shelf, first, second = two
    assert (shelf.root / "papers" / "kd.yaml").read_text().startswith(f"- id: {first}\n")
    with pytest.raises(PapershelfError, match="already on the shelf"):
        papers.add(shelf, [on_disk(shelf, first)])


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_add_before_a_paper_puts_it_back_in_its_place(two, newline):
    shelf, first, second = two
    path = shelf.root / "papers" / "kd.yaml"
    path.write_bytes(path.read_bytes().replace(b"\n", newline.encode()))
    before = path.read_bytes()
    removed = on_disk(shelf, first)
    papers.remove(shelf, [first])
    papers.add(shelf, [removed], file="papers/kd.yaml", before=second)
    assert path.read_bytes() == before
    papers.remove(shelf, [first])
    papers.add(shelf, [removed], file="papers/kd.yaml", before="gone2020")  # not in the file: at the end
    assert [p.id for p in Shelf(shelf.root).papers] == [second, first]


def test_mark_read_records_the_given_day_and_other_statuses_drop_it(two):
    shelf, first, second = two
    day = dt.date(2021, 3, 2)
    changed = papers.mark(shelf, [first, second], "read", today=day)
    assert [(p.id, p.status, p.read_on) for p in changed] == [(first, "read", day), (second, "read", day)]
    assert on_disk(shelf, second).read_on == day
    papers.mark(shelf, [first], "reading")
    assert (on_disk(shelf, first).status, on_disk(shelf, first).read_on) == ("reading", None)


def test_bad_values_are_errors_that_write_nothing(two):
    shelf, first, _ = two
    before = (shelf.root / "papers" / "kd.yaml").read_bytes()
    for call in (lambda: papers.mark(shelf, [first], "done"), lambda: papers.prioritise(shelf, [first], "urgent"),
                 lambda: papers.edit(shelf, first, {"year": 1800}), lambda: papers.edit(shelf, first, {"colour": 1}),
                 lambda: papers.edit(shelf, first, {"links": {"code": "javascript:alert(1)"}}),
                 lambda: papers.tag(shelf, [first], add=["x"], remove=["x"])):
        with pytest.raises(PapershelfError):
            call()
    with pytest.raises(PaperNotFound):
        papers.remove(shelf, [first, "nope2020x"])
    assert (shelf.root / "papers" / "kd.yaml").read_bytes() == before


def test_prioritise_sets_and_removes(two):
    shelf, first, _ = two
    assert papers.prioritise(shelf, [first], "top")[0].priority == "top"
    assert papers.prioritise(shelf, [first], None)[0].priority is None
    assert on_disk(shelf, first).priority is None


def test_tag_adds_once_removes_and_keeps_order(two):
    shelf, first, second = two
    changed = papers.tag(shelf, [first, second], add=["survey", "survey", "classic"], remove=["old"])
    assert [p.tags for p in changed] == [["classic", "survey"], ["survey", "classic"]]
    assert papers.tag(shelf, [first], remove=["classic"])[0].tags == ["survey"]
    assert on_disk(shelf, first).tags == ["survey"]


def test_note_sets_appends_and_clears(two):
    shelf, first, _ = two
    papers.note(shelf, first, "seminal")
    assert papers.note(shelf, first, "read twice", append=True)[0].notes == "seminal\nread twice"
    papers.note(shelf, first, "")
    assert on_disk(shelf, first).notes is None


def test_edit_sets_clears_merges_links_and_canonicalises_venue(two):
    shelf, first, _ = two
    p = papers.edit(shelf, first, {"venue": "NIPS", "year": "2016", "tags": None,
                                   "links": {"code": "https://github.com/x/y", "paper": None}})[0]
    assert (p.venue, p.year, p.tags, p.links) == ("NeurIPS", 2016, [], {"code": "https://github.com/x/y"})
    assert on_disk(shelf, first) == p


def test_remove_returns_the_papers_as_they_were(two):
    shelf, first, second = two
    removed = papers.remove(shelf, [second])
    assert [p.title for p in removed] == ["FitNets: Hints for Thin Deep Nets"]
    assert Shelf(shelf.root).ids() == {first}


def test_version_is_the_same_however_the_paper_was_loaded_and_changes_with_it(two):
    shelf, first, _ = two
    fresh = version(Shelf(shelf.root).get(first))  # validated from YAML
    assert version(Shelf(shelf.root).get(first)) == fresh  # revived from the load cache
    papers.note(shelf, first, "x")
    assert version(Shelf(shelf.root).get(first)) != fresh


def test_a_stale_base_raises_conflict_with_the_current_paper_and_writes_nothing(two):
    shelf, first, second = two
    seen = Shelf(shelf.root)  # an editor's view of the shelf, loaded before someone else's change
    base = {p.id: version(p) for p in seen.papers}
    papers.note(Shelf(shelf.root), first, "changed elsewhere")
    before = (shelf.root / "papers" / "kd.yaml").read_bytes()
    for call in (lambda: papers.mark(seen, [second, first], "read", base=base),
                 lambda: papers.prioritise(seen, [second, first], "top", base=base),
                 lambda: papers.tag(seen, [first], add=["x"], base=base),
                 lambda: papers.note(seen, first, "mine", base=base),
                 lambda: papers.edit(seen, first, {"year": 2016}, base=base),
                 lambda: papers.remove(seen, [second, first], base=base)):
        with pytest.raises(Conflict) as caught:
            call()
        assert caught.value.paper_id == first
        assert caught.value.current.notes == "changed elsewhere"
        assert isinstance(caught.value, PapershelfError)
    assert (shelf.root / "papers" / "kd.yaml").read_bytes() == before
    # the unchanged paper's version still matches: its edit goes through
    assert papers.mark(seen, [second], "read", base=base)[0].status == "read"


def test_base_may_name_only_some_papers(two):
    shelf, first, second = two
    base = {first: version(on_disk(shelf, first))}
    assert [p.priority for p in papers.prioritise(shelf, [first, second], "second", base=base)] == ["second"] * 2
