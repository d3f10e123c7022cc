"""Edits that replace only the changed keys' lines (papershelf.shelf.splice) write what the
round-trip parser would, keep every other byte, and hand anything unusual to the parser."""

from __future__ import annotations

import datetime as dt
import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from papershelf import Paper, Shelf
from papershelf.shelf import splice
from papershelf.shelf.store import PaperFile

name = st.text(string.ascii_lowercase, min_size=1, max_size=8)
text = st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\x85\u2028\u2029"),
               min_size=1, max_size=40).filter(lambda s: s.strip())
# strings at the edges of what a YAML writer may leave plain
tricky = st.sampled_from(["a: b", "x #y", "Title:", " lead", "trail ", "C# and F#", "-x", "? q", "yes", "1e3",
                          "2021-02-30", "it's", "tab\tin", "emoji \U0001f642", "über", "a\u2028b", "x" * 4100,
                          "=", "<<", "Null", "~x"]) | st.text(st.sampled_from(list("ab1 :#-=<'\"[],!&*?|>%@`~.")),
                                                          min_size=1, max_size=6).filter(str.strip)
fields = st.fixed_dictionaries({}, optional={
    "title": text | tricky,
    "authors": st.lists((text | tricky).filter(lambda s: "," not in s), max_size=3),
    "year": st.integers(1900, 2026),
    "venue": text,
    "topics": st.lists(name, max_size=2, unique=True),
    "tags": st.lists(name, max_size=2, unique=True),
    "links": st.dictionaries(st.sampled_from(["paper", "code", "video"]),
                             st.builds(lambda h, p: f"https://{h}.org/{p}", name, name), max_size=2),
    "ids": st.fixed_dictionaries({}, optional={"arxiv": st.just("2101.00001"),
                                               "doi": st.just("10.1145/3397271.3401259")}),
    "status": st.sampled_from(["reading", "read"]),
    "read_on": st.dates(dt.date(2000, 1, 1), dt.date(2026, 1, 1)),
    "abstract": text | tricky,
    "notes": text | tricky,
    "provenance": st.dictionaries(st.sampled_from(["abstract", "authors"]), st.fixed_dictionaries(
        {"source": st.sampled_from(["catalog:paperlists/cvpr2021", "arxiv"]),
         "date": st.dates(dt.date(2020, 1, 1), dt.date(2026, 12, 1))}), max_size=2),
})


def _paper(paper_id: str, data: dict) -> Paper:
    return Paper.model_validate({"id": paper_id, "title": "A title", **data})


def _edit(path, changes: dict[int, dict]) -> tuple[str, int]:
    doc = PaperFile(path)
    for index, data in changes.items():
        doc.set(index, data)
    return doc.render(), len(doc.spliced)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(old=st.lists(fields, min_size=1, max_size=5), new=st.lists(fields, min_size=5, max_size=5),
       which=st.lists(st.booleans(), min_size=5, max_size=5))
def test_a_splice_writes_the_bytes_the_round_trip_parser_writes(tmp_path_factory, monkeypatch, old, new, which):
    shelf = Shelf.init(tmp_path_factory.mktemp("s") / "shelf")
    shelf.add([_paper(f"p{i}", d) for i, d in enumerate(old)], file="papers/p.yaml")
    path = shelf.root / "papers" / "p.yaml"
    changes = {i: _paper(f"p{i}", new[i]).to_dict() for i in range(len(old)) if which[i]}
    spliced, count = _edit(path, changes)
    with monkeypatch.context() as m:
        m.setattr(splice, "cut", lambda lines, data: None)
        parsed, none = _edit(path, changes)
    assert none == 0 and count <= len(changes)
    assert spliced == parsed


HAND = ("\ufeff# header\r\n- id: a2020x\r\n  title: First\r\n  authors:\r\n  - Ann A\r\n  - Bo B\r\n"
        "  links: {paper: 'https://x.org/a'}\r\n  year: 2020\r\n\r\n\r\n"
        "- id: b2021y\r\n  title:   Odd   spacing\r\n  year: 2021")


def _write(shelf: Shelf, text: str) -> object:
    path = shelf.root / "papers" / "a.yaml"
    path.write_bytes(text.encode("utf-8"))
    return path


def test_a_splice_keeps_line_ends_bom_styles_blank_lines_and_other_keys(shelf):
    path = _write(shelf, HAND)

    def change(paper_id, data):
        if paper_id == "a2020x":
            return {**data, "authors": ["Cy C"], "links": {**data["links"], "code": "https://x.org/c"},
                    "status": "read"}
        return {**data, "notes": "n"}

    shelf.edit_raw(["a2020x", "b2021y"], change)
    assert path.read_bytes().decode("utf-8") == (
        "\ufeff# header\r\n- id: a2020x\r\n  title: First\r\n  authors:\r\n  - Cy C\r\n"
        "  links: {paper: 'https://x.org/a', code: https://x.org/c}\r\n  year: 2020\r\n  status: read\r\n\r\n\r\n"
        "- id: b2021y\r\n  title:   Odd   spacing\r\n  year: 2021\r\n  notes: n\r\n")
    assert Shelf(shelf.root).get("a2020x").authors == ["Cy C"]


def test_a_removed_key_takes_its_lines_with_it(shelf):
    path = _write(shelf, "- id: a\n  title: T\n  abstract: >-\n    folded\n    text\n  notes: keep\n")
    shelf.edit_raw(["a"], lambda pid, data: {k: v for k, v in data.items() if k != "abstract"})
    assert path.read_text() == "- id: a\n  title: T\n  notes: keep\n"


@pytest.mark.parametrize("paper", [
    "- id: a\n  title: _0\n",                      # yaml-rs reads 0, the YAML spec reads text
    "- id: a\n  title: T\n  notes: 12:30\n",       # a number to YAML 1.1, text to 1.2
    "- id: a  # a comment\n  title: T\n",
    "- id: a\n  title: T\n  notes: |+\n    kept\n\n",    # the writer used to end the document here
])
def test_a_paper_the_cut_cannot_vouch_for_goes_to_the_parser(shelf, monkeypatch, paper):
    path = _write(shelf, paper + "- id: b\n  title: Other\n")
    doc = PaperFile(path)
    assert doc._cut(0) is None and doc._cut(1) is not None
    before = doc.plain(0)
    doc.set(0, {**before, "status": "read"})
    doc.save()
    written = path.read_text()
    assert "  status: read\n" in written and written.endswith("\n- id: b\n  title: Other\n")
    assert PaperFile(path).plain(0) == {**before, "status": "read"}


def test_a_spliced_edit_survives_a_whole_file_parse_for_another_paper(shelf):
    path = _write(shelf, "- id: a\n  title: &t Shared\n- id: b\n  title: *t\n- id: c\n  title: Plain\n")
    shelf.edit_raw(["c", "b"], lambda pid, data: {**data, "notes": f"note {pid}"})
    papers = {p.id: p for p in Shelf(shelf.root).papers}
    assert papers["b"].notes == "note b" and papers["c"].notes == "note c" and papers["b"].title == "Shared"


EDGES = ["plain words", "a: b", "x #y", "C# and F#", "Title:", "ends with colon:", " lead", "trail ", "-x", "- x",
         "? q", "?q", "yes", "1e3", "0o17", "2021-02-30", "it's", "tab\tin", "emoji \U0001f642", "über",
         "a\u2028b", "\ufeffbom", "x" * 3900, "x" * 4100, "[x]", "{x}", "a, b", "%x", "@x", "`x", "!x", "&x", "*x",
         "|x", ">x", "'x", '"x', "#x", "a:b", "https://x.org/a?b=c#d", "=", "<<", "<x", "=x", "...", "---", "... and more", "--- x"]


@pytest.mark.parametrize("value", EDGES + [["A B", "C"], ["a: b"], ["über", "x #y"], dt.date(2026, 12, 1), 2020,
                                           {"source": "catalog:paperlists/cvpr2021", "date": dt.date(2026, 1, 2)},
                                           {"arxiv": "2101.00001"}, True, None, 1.5, {}])
def test_a_value_emitted_directly_is_what_the_round_trip_writer_writes(value):
    import io

    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    from papershelf.shelf.store import _to_yaml_value, _yaml

    for key in ("notes", "authors", "provenance"):
        node = _to_yaml_value(key, value)
        direct = splice.emit(key, node)
        buffer = io.StringIO()
        _yaml().dump(CommentedSeq([CommentedMap([(key, node)])]), buffer)
        if direct is not None:
            assert direct == "  " + buffer.getvalue()[2:], (key, value)
    common = ("plain words", "C# and F#", "a:b", "x" * 3900, ["A B", "C"], dt.date(2026, 12, 1), 2020)
    assert value not in common or splice.emit("authors", _to_yaml_value("authors", value)) is not None
