"""Files belong to people: edits keep comments, order and formatting, and touch only their lines."""

from __future__ import annotations

import datetime as dt
import difflib
import multiprocessing
import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from papershelf import Paper, PapershelfError, Shelf
from papershelf.shelf.store import PaperFile, to_yaml_item

HAND_WRITTEN = """\
# Knowledge distillation, CVPR 2021 -- curated by hand
- id: zhang2021general   # keep this id: cited in our notes
  title: "General Instance Distillation for Object Detection"
  authors: [Xing Dai, Zeren Jiang]
  year: 2021
  venue: CVPR
  links:
    paper: https://arxiv.org/abs/2103.02340   # abstract page

  priority: second

# the next one is a favourite
- id: chen2021distilling
  title: 'Distilling Object Detectors via Decoupled Features'
  authors:
    - Jianyuan Guo
    - Kai Han
  year: 2021
  venue: CVPR
"""


def test_mark_changes_only_the_papers_own_lines_and_keeps_comments(shelf):
    path = shelf.root / "papers" / "cvpr.yaml"
    path.write_text(HAND_WRITTEN)
    shelf.edit(["zhang2021general"], lambda p: p.model_copy(update={"status": "read",
                                                                    "read_on": dt.date(2021, 3, 2)}))
    after = path.read_text()
    diff = [d for d in difflib.ndiff(HAND_WRITTEN.splitlines(), after.splitlines()) if d[:1] in "+-"]
    assert diff == ["+   status: read", "+   read_on: 2021-03-02"]
    # block-style list, quotes and comments of the other paper untouched
    shelf.edit(["chen2021distilling"], lambda p: p.model_copy(update={"priority": "top"}))
    after2 = path.read_text()
    diff = [d for d in difflib.ndiff(after.splitlines(), after2.splitlines()) if d[:1] in "+-"]
    assert diff == ["+   priority: top"]
    assert "# the next one is a favourite" in after2 and "'Distilling Object Detectors" in after2


def test_edit_of_one_file_leaves_other_files_byte_identical(shelf):
    (shelf.root / "papers" / "a.yaml").write_text(HAND_WRITTEN)
    other = shelf.root / "papers" / "b.yaml"
    other.write_text("# untouched\n- id: other2020x\n  title:   Odd   spacing kept\n")
    before = other.stat().st_mtime_ns, other.read_bytes()
    shelf.update("zhang2021general", notes="x")
    assert (other.stat().st_mtime_ns, other.read_bytes()) == before


name = st.text(string.ascii_lowercase, min_size=1, max_size=8)
text = st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\x85\u2028\u2029"),
               min_size=1, max_size=40).filter(lambda s: s.strip())
papers = st.builds(
    Paper,
    id=st.from_regex(r"[a-z][a-z0-9]{2,10}", fullmatch=True),
    title=text,
    authors=st.lists(text.filter(lambda s: "," not in s), max_size=3),
    year=st.none() | st.integers(1900, 2026),
    venue=st.none() | text,
    topics=st.lists(name, max_size=2, unique=True),
    tags=st.lists(name, max_size=2, unique=True),
    links=st.dictionaries(st.sampled_from(["paper", "code", "video"]),
                          st.none() | st.builds(lambda h, p: f"https://{h}.org/{p}", name, name), max_size=2),
    ids=st.dictionaries(st.just("arxiv"), st.from_regex(r"\d{4}\.\d{5}", fullmatch=True), max_size=1),
    priority=st.sampled_from([None, "top", "second"]),
    status=st.sampled_from(["unread", "reading", "read"]),
    read_on=st.none() | st.dates(dt.date(2000, 1, 1), dt.date(2026, 1, 1)),
    notes=st.none() | text,
    abstract=st.none() | text,
)
unique_papers = st.lists(papers, min_size=1, max_size=6, unique_by=lambda p: p.id)


def _fresh_shelf(tmp_path_factory) -> Shelf:
    return Shelf.init(tmp_path_factory.mktemp("s") / "shelf")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(batch=unique_papers)
def test_load_save_load_is_identity(tmp_path_factory, batch):
    s = _fresh_shelf(tmp_path_factory)
    s.add(batch, file="papers/p.yaml")
    loaded = Shelf(s.root).papers
    assert [p.to_dict() for p in loaded] == [p.to_dict() for p in batch]
    # saving again unchanged writes the same bytes
    path = s.root / "papers" / "p.yaml"
    before = path.read_text()
    doc = PaperFile(path)
    doc.save()
    assert path.read_text() == before
    assert [p.to_dict() for p in Shelf(s.root).papers] == [p.to_dict() for p in batch]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(batch=unique_papers, data=st.data())
def test_an_edit_changes_only_its_own_lines(tmp_path_factory, batch, data):
    s = _fresh_shelf(tmp_path_factory)
    s.add(batch, file="papers/p.yaml")
    path = s.root / "papers" / "p.yaml"
    before = path.read_text().splitlines()
    target = data.draw(st.sampled_from(batch))
    new_notes = data.draw(text)
    s.update(target.id, notes=new_notes, priority="top")
    after = path.read_text().splitlines()
    # lines outside the edited paper's block are unchanged
    start = before.index(f"- id: {target.id}")
    end = next((i for i in range(start + 1, len(before)) if before[i].startswith("- id: ")), len(before))
    start2 = after.index(f"- id: {target.id}")
    end2 = next((i for i in range(start2 + 1, len(after)) if after[i].startswith("- id: ")), len(after))
    assert before[:start] == after[:start2]
    assert before[end:] == after[end2:]
    reloaded = {p.id: p for p in Shelf(s.root).papers}
    assert reloaded[target.id].notes == new_notes and reloaded[target.id].priority == "top"
    for p in batch:
        if p.id != target.id:
            assert reloaded[p.id].to_dict() == p.to_dict()


def _mark_many(root: str, ids: list[str], barrier) -> None:
    shelf = Shelf(root)
    barrier.wait()
    for paper_id in ids:
        shelf.update(paper_id, status="reading")


def test_two_processes_editing_one_file_lose_no_edit(shelf):
    batch = [shelf.new_paper(id=f"p{i:03d}", title=f"Paper {i}", taken=()) for i in range(40)]
    shelf.add(batch, file="papers/all.yaml")
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(2)
    workers = [ctx.Process(target=_mark_many, args=(str(shelf.root), [p.id for p in batch[k::2]], barrier))
               for k in (0, 1)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(60)
        assert w.exitcode == 0
    assert {p.status for p in Shelf(shelf.root).papers} == {"reading"}


def test_write_is_atomic_and_leaves_no_temporary_files(shelf, monkeypatch):
    path = shelf.root / "papers" / "a.yaml"
    path.write_text(HAND_WRITTEN)

    import papershelf.shelf.atomic as atomic

    def boom(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(atomic.os, "replace", boom)
    with pytest.raises(PapershelfError, match="cannot write: disk full"):
        shelf.update("zhang2021general", notes="lost")
    assert path.read_text() == HAND_WRITTEN
    assert sorted(p.name for p in path.parent.iterdir()) == ["a.yaml"]


def test_new_item_uses_canonical_key_order():
    item = to_yaml_item({"notes": "n", "id": "x", "year": 2020, "title": "T"})
    assert list(item) == ["id", "title", "year", "notes"]


def test_inline_lists_quote_what_yaml_would_misread(shelf):
    """Found by the property test: `authors: [?0]` reads back as a mapping, not a name."""
    authors = ["?0", "- x", "Hinton, G.", "a: b", "#c", "[x]", "x #y", "0", "true", "null", "O'Neil", "tail "]
    shelf.add([shelf.new_paper(title="T", authors=authors, tags=["plain"])])
    assert Shelf(shelf.root).papers[0].authors == authors
    assert "tags: [plain]" in (shelf.root / "papers" / "inbox.yaml").read_text()


def test_strings_a_yaml_reader_could_take_for_numbers_stay_strings(shelf):
    """Found by the property test: yaml-rs reads a plain `_0` as the number 0."""
    titles = ["_0", "1_000", "0x10", "yes", "No", "12:30", "1e3", ".5", "2021-03-02", "~", "+1", "3D Human Pose"]
    shelf.add([shelf.new_paper(id=f"p{i}", title=t, authors=[t], taken=()) for i, t in enumerate(titles)])
    loaded = Shelf(shelf.root).papers
    assert [p.title for p in loaded] == titles and [p.authors for p in loaded] == [[t] for t in titles]
    assert "title: 3D Human Pose\n" in (shelf.root / "papers" / "inbox.yaml").read_text()


def test_a_hand_written_scalar_yaml_rs_misreads_is_read_as_the_yaml_spec_says(shelf):
    (shelf.root / "papers" / "hand.yaml").write_text("- id: hand\n  title: _0\n")
    assert Shelf(shelf.root).get("hand").title == "_0"
