"""The README export keeps identifiers no link shows (a DOI filled by enrich) in the entry's
``<!-- id: … -->`` comment, and the Markdown importer reads them back."""

from __future__ import annotations

from papershelf import Shelf
from papershelf.export.readme import entry_line, render_readme
from papershelf.importers import import_file


def test_a_doi_without_a_doi_link_survives_the_readme(shelf, tmp_path):
    paper = shelf.new_paper(title="Probing Product Description Generation", year=2021, venue="AAAI",
                            links={"paper": "https://arxiv.org/abs/2012.07335"},
                            ids={"arxiv": "2012.07335", "doi": "10.1609/aaai.v35i16.17682"})
    line = entry_line(paper)
    assert line.endswith(f"<!-- id: {paper.id}; doi: 10.1609/aaai.v35i16.17682 -->")  # arXiv: shown by its link
    shelf.add([paper])
    readme = tmp_path / "README.md"
    readme.write_text(render_readme(Shelf(shelf.root), Shelf(shelf.root).papers))
    (back,) = import_file(readme, shelf.config).papers
    assert back.id == paper.id and back.ids == paper.ids
