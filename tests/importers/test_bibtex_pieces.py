"""The BibTeX importer parses a file piece by piece (issue 14 item 15): whatever the piece size,
papers, findings and line numbers must be those of one pass over the whole file."""

from __future__ import annotations

import pytest

from papershelf.config import ShelfConfig
from papershelf.importers import bibtex, import_file

BIB = (
    "% exported list\n"
    "@misc{same, title={First}}\n"
    "@article{b, title={Unclosed, author={A, B}\n"         # aborted at the next line starting a block
    "@misc{same, title={Second}}\n"                         # duplicate key
    "@misc{c, title={A title} junk \\\n"                    # a line break after a backslash
    "spanning}, year={20x21}}\n"
    "  @misc(p, title=\"open quote\n"
    "@misc{d, title={Kept}, url={https://arxiv.org/abs/2101.00001}}\n"
    "text between @misc{e, title={Mid-line}}\n"
    "@misc{same, title={Third}}\n"
    "@misc{f, title={Last, unclosed\n"
)


def _dump(tmp_path, monkeypatch, text: str, chunk: int) -> dict:
    monkeypatch.setattr(bibtex, "CHUNK_CHARS", chunk)
    path = tmp_path / "x.bib"
    path.write_text(text, encoding="utf-8")
    return import_file(path, ShelfConfig()).to_json()


@pytest.mark.parametrize("chunk", [1, 10, 40, 100])
def test_pieces_read_as_one_pass(tmp_path, monkeypatch, chunk):
    whole = _dump(tmp_path, monkeypatch, BIB, 10**9)
    assert _dump(tmp_path, monkeypatch, BIB, chunk) == whole
    assert [p["id"] for p in whole["papers"]] == ["same", "c", "d", "e"]
    duplicates = [f["line"] for f in whole["findings"] if "Duplicate entry key" in f["message"]]
    assert duplicates == [4, 9]  # bibtexparser does not count the line break after a backslash


def test_string_macros_defined_after_use_resolve(tmp_path, monkeypatch):
    text = "@misc{a, title={A}, booktitle=cv}\n" * 3 + "@string{cv = {CVPR}}\n"
    got = _dump(tmp_path, monkeypatch, text.replace("{a,", "{a1,", 1), 1)
    assert got["papers"][0]["venue"] == "CVPR"


def test_links_that_are_not_an_object_skip_the_entry(tmp_path, monkeypatch):
    text = "@misc{a, title={A}, links={15}}\n@misc{b, title={B}, ids={[1]}}\n@misc{c, title={C}}\n"
    got = _dump(tmp_path, monkeypatch, text, 10**9)
    assert [p["id"] for p in got["papers"]] == ["c"]
    assert [(f["code"], f["line"]) for f in got["findings"]] == [("IMP001", 1), ("IMP001", 2)]
    assert "field 'links' must be a JSON object" in got["findings"][0]["message"]
