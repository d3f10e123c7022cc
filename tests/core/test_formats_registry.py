"""papershelf.formats: formats looked up by name, readers and writers that agree with each other."""

from __future__ import annotations

import pytest

from papershelf import Shelf, formats
from papershelf.errors import PapershelfError
from papershelf.importers import import_file


def test_every_format_resolves_its_reader_and_writer():
    for fmt in formats.FORMATS.values():
        assert fmt.reader or fmt.writer
        if fmt.reader:
            assert callable(fmt.read()) and fmt.suffixes
    assert formats.readable() == ["bibtex", "csv", "json", "csl", "ris", "markdown"]
    assert formats.writable() == ["bibtex", "csv", "json", "csl", "ris", "readme"]
    assert formats.by_suffix(".BIB").name == "bibtex" and formats.by_suffix(".htm").name == "markdown"
    assert formats.by_suffix(".pdf") is None


def test_unknown_or_wrong_way_formats_are_clear_errors():
    with pytest.raises(PapershelfError, match="unknown export format 'markdown'"):
        formats.get("markdown", "export")
    with pytest.raises(PapershelfError, match="unknown import format 'readme'"):
        formats.get("readme", "import")


@pytest.mark.parametrize("name", ["bibtex", "csv", "json", "csl", "ris"])
def test_what_a_writer_writes_its_reader_reads_back(shelf, tmp_path, name):
    paper = shelf.new_paper(title="FitNets: Hints for Thin Deep Nets", authors=["Adriana Romero"], year=2015,
                            venue="ICLR", topics=["kd"], links={"paper": "https://arxiv.org/abs/1412.6550"})
    shelf.add([paper])
    fmt = formats.get(name, "export")
    path = tmp_path / f"out{fmt.suffixes[0]}"
    path.write_text(fmt.export(Shelf(shelf.root).papers, shelf), encoding="utf-8")
    (back,) = import_file(path, shelf.config).papers
    assert (back.id, back.title, back.authors, back.year, back.venue) == (
        paper.id, paper.title, paper.authors, paper.year, paper.venue)


def test_readme_writer_gets_the_shelf(shelf):
    text = formats.get("readme", "export").export([], shelf)
    assert "Test shelf" in text
