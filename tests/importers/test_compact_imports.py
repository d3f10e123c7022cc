"""Imports that hold less at once (issue 14 item 15): JSON arrays decoded one record at a time,
CSV read line by line, papers kept compressed in blocks. The results and every error must be
those of reading the whole file at once."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from papershelf.config import ShelfConfig
from papershelf.errors import PapershelfError
from papershelf.importers import import_file
from papershelf.importers.paperlist import Blocks, PaperList
from papershelf.importers.tabular import _lines, load_json, load_json_items
from papershelf.model import Paper

# -- JSON, element by element -------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    '[]', ' [ ] \n', '[1, "a", {"b": [2, 3]}, null]', '\n[\r\n{"x": 1} ,\t{"y": 2}\n]\n',
])
def test_a_json_array_is_decoded_element_by_element_to_what_json_loads_gives(text):
    items = load_json_items(Path("x.json"), text)
    assert not isinstance(items, list) and list(items) == json.loads(text)


@pytest.mark.parametrize("text", ['{"papers": []}', '"text"', '5', 'null'])
def test_json_that_is_no_array_is_parsed_whole(text):
    assert load_json_items(Path("x.json"), text) == json.loads(text)


@pytest.mark.parametrize("text", [
    '[{"title": "A"}, {"title": "B"} {"title": "C"}]',   # a comma missing
    '[{"title": "A"},\n {"title": "B"},\n]',             # a trailing comma
    '[{"title": "A"}] x',                                # something after the array
    '[{"title": "A"},\n {"title": "B"',                 # cut short
    '[{"title": "A"}, ' + '[' * 5000 + ']' * 5000 + ']',  # nested too deep
    '[{"title": "A"}, ' + '9' * 5000 + ']',              # a number too long
    '[{"title": "A"}, {"title": "B"}]]',
])
def test_a_fault_anywhere_gives_the_error_of_the_whole_text(tmp_path: Path, text):
    path = tmp_path / "x.json"
    with pytest.raises(PapershelfError) as whole:
        load_json(path, text)
    with pytest.raises(PapershelfError) as streamed:
        list(load_json_items(path, text))
    assert (str(streamed.value), streamed.value.line) == (str(whole.value), whole.value.line)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PapershelfError) as imported:
        import_file(path, ShelfConfig())  # the records before the fault are not imported
    assert str(imported.value) == str(whole.value)


def test_a_json_array_of_papers_and_of_csl_items_imports_as_before(tmp_path: Path):
    own = tmp_path / "own.json"
    own.write_text('[7, {"id": "a", "title": "First"}, {"id": "a", "title": "Second"}]', encoding="utf-8")
    result = import_file(own, ShelfConfig())
    assert [(p.id, p.title) for p in result.papers] == [("a", "First"), ("ab", "Second")]
    assert [f.message for f in result.findings] == ["item 1 is not an object: skipped"]
    csl = tmp_path / "csl.json"
    csl.write_text('["x", {"type": "article", "title": "A CSL Item", "issued": {"date-parts": [[2020]]}}]',
                   encoding="utf-8")
    result = import_file(csl, ShelfConfig())
    assert [(p.title, p.year) for p in result.papers] == [("A CSL Item", 2020)]
    assert [f.data["record"] for f in result.findings] == ["item 1"]


# -- CSV, line by line -----------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "", "id,title\n", "id,title\na,A", "id,title\r\na,A\r\nb,B\r\n", "id,title\na,\"two\nlines\"\nb,B\n",
    "id,title\na,A\rb,B\n", "\n\n", "x\n\ny",
])
def test_csv_lines_are_those_stringio_gives(text):
    def rows(lines):
        try:
            return list(csv.reader(lines))
        except csv.Error as exc:
            return str(exc)

    assert list(_lines(text)) == list(io.StringIO(text))
    assert rows(_lines(text)) == rows(io.StringIO(text))


def test_a_lone_carriage_return_ends_a_csv_row_as_before(tmp_path: Path):
    path = tmp_path / "x.csv"
    path.write_text("id,title\na,A\rb\nc,C\n", encoding="utf-8", newline="")
    result = import_file(path, ShelfConfig())
    assert [p.id for p in result.papers] == ["a", "c"]
    assert [(f.code, f.line) for f in result.findings] == [("IMP002", 3)]  # "b": no title


# -- papers compressed in blocks -----------------------------------------------------------------


def test_blocks_give_back_every_value_by_index_slice_and_in_order():
    texts = [f'{{"n": {n}, "t": "caf\u00e9 {n}\n"}}' for n in range(9)] + [b"\x00\n\xff", (1, None, ["x"])]
    store = Blocks(size=4)
    for t in texts:
        store.append(t)
    assert len(store) == 11 and list(store) == texts
    assert [store[i] for i in (0, 3, 4, 10, -1, -11, 5, 2)] == [texts[i] for i in (0, 3, 4, 10, -1, -11, 5, 2)]
    assert store[2:9] == texts[2:9] and store[::-3] == texts[::-3] and store[20:] == []
    with pytest.raises(IndexError):
        store[11]
    with pytest.raises(IndexError):
        store[-12]


def test_a_paper_list_longer_than_a_block_gives_back_equal_papers():
    papers = [Paper.model_validate({"id": f"p{n}", "title": f"Title \u00e9 {n}\nwith a newline",
                                    "authors": ["A. B"], "links": {"code": None}}) for n in range(150)]
    kept = PaperList(papers)
    assert len(kept) == 150 and list(kept) == papers and kept[-1] == papers[-1] and kept[64] == papers[64]
    assert all(a.model_fields_set == b.model_fields_set for a, b in zip(kept, papers, strict=True))
    assert kept[60:70] == papers[60:70]


# -- one "record skipped" finding for every format ---------------------------------------------


@pytest.mark.parametrize(("name", "content", "code", "label", "record", "line"), [
    ("x.csv", "title,provenance\nA,{x\n", "IMP001", "row 2", "row 2", 2),
    ("x.csv", 'title,abstract\nA,"' + "x" * 140_000 + '"\n', "IMP001", "row at line 2", "line 2", 2),
    ("x.csv", "title,links\nA,x\n", "IMP002", "row 2", "row 2", 2),
    ("x.json", '[{"type": "article", "title": "A", "author": 5}]', "IMP001", "item 1", "item 1", None),
    ("x.json", '[{"title": "A", "links": "x"}]', "IMP002", "item 1", "item 1", None),
    ("x.bib", "@misc{k, title={A}, links={15}}", "IMP001", "entry k", "entry k", 1),
    ("x.bib", "@misc{k, title={A}, author={B}, url={https://[oops}}", "IMP002", "entry k", "entry k", 1),
])
def test_a_skipped_record_is_one_finding_naming_it_and_its_problem(tmp_path: Path, name, content, code, label,
                                                                    record, line):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    (finding,) = [f for f in import_file(path, ShelfConfig()).findings if f.severity == "error"]
    assert (finding.code, finding.line, finding.data["record"]) == (code, line, record)
    assert finding.message == f"{label} skipped: {finding.data['problem']}"
