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


def test_finding_list_gives_back_equal_findings_sorts_stably_and_fills_files():
    import datetime as dt
    from pathlib import Path

    from papershelf.findings import Finding, Fix
    from papershelf.importers.paperlist import FindingList

    fix = Fix("drop it", lambda raw: None)
    kept = [Finding("IMP001", "error", "b", line=3, data={"record": "x", "n": [1, 2]}),
            Finding("IMP110", "warning", "a", file="l.md", line=1, paper="p", fix=fix),
            Finding("IMP003", "info", "c", line=None, data={"when": dt.date(2021, 1, 2), "at": Path("x")}),
            Finding("IMP002", "error", "d", line=1)]
    found = FindingList(kept)
    assert list(found) == kept and found[1].fix is fix and found[2].data["at"] == Path("x")
    found.sort(key=lambda f: (f.line is None, f.line or 0))
    assert [f.message for f in found] == ["a", "d", "b", "c"]
    found.fill_file("in.bib")
    assert [f.file for f in found] == ["l.md", "in.bib", "in.bib", "in.bib"] and found[1:2] == [found[1]]
