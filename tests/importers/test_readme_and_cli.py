"""`export readme` gives a README that imports back to the same papers; `import` is idempotent and
`--dry-run` writes nothing."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from md_support import ORIGINAL

from papershelf import Shelf
from papershelf.export.readme import Anchors, render_readme
from papershelf.importers import import_file

KEYS = ("id", "title", "authors", "year", "venue", "topics", "sections", "tags", "links", "ids", "priority", "status")
REPO = Path(__file__).resolve().parents[2]

CONFIG = '''
title = "Test | *list*"
description = "A list for round trips."
[[topics]]
id = "knowledge-distillation"
name = "Knowledge Distillation"
[[topics]]
id = "federated-learning"
name = "Federated Learning"
[[taxonomy]]
path = "kd"
name = "KD taxonomy"
[[taxonomy]]
path = "kd/response-based"
name = "Response-based knowledge"
'''


def comparable(p) -> dict:
    d = {k: getattr(p, k) for k in KEYS}
    for k in ("topics", "sections", "tags"):
        d[k] = sorted(d[k])
    return d


def round_trip(shelf: Shelf, tmp_path: Path) -> tuple[dict, dict, str]:
    text = render_readme(shelf, shelf.papers)
    readme = tmp_path / "README.md"
    readme.write_text(text, encoding="utf-8")
    back = import_file(readme, shelf.config)
    return ({p.id: comparable(p) for p in shelf.papers}, {p.id: comparable(p) for p in back.papers}, text)


@pytest.fixture
def varied(tmp_path: Path) -> Shelf:
    shelf = Shelf.init(tmp_path / "s")
    (shelf.root / "shelf.toml").write_text(CONFIG, encoding="utf-8")
    shelf = Shelf(shelf.root)
    papers = [
        dict(id="hinton2015distilling", title="Distilling the Knowledge in a Neural Network",
             authors=["Geoffrey Hinton", "Oriol Vinyals", "Jeff Dean"], year=2015, venue="NeurIPS",
             topics=["knowledge-distillation"], sections=["kd/response-based"],
             links={"paper": "https://arxiv.org/abs/1503.02531", "code": "https://github.com/a/b_(c)"},
             ids={"arxiv": "1503.02531"}, priority="top", status="read"),
        dict(id="solo2020", title="A Title With *Stars*, [Brackets] | Pipes and `ticks`", authors=["Solo Author"],
             year=2020, venue="Nature Machine Intelligence", topics=["knowledge-distillation", "federated-learning"],
             links={"paper": None, "supp": "https://example.org/s.pdf"}, priority="second", status="reading",
             tags=["short-paper"]),
        dict(id="comma2019", title="Comma Authors Paper", authors=["Hinton, G.", "Dean, J."], venue="Workshop X",
             topics=["federated-learning"], sections=["undeclared-section", "snake_case/part"]),
        dict(id="bare2018", title="Bare Paper Without Topic", year=2018),
        dict(id="noyear", title="Venue Without Year Paper", venue="ICML", topics=["federated-learning"],
             links={"video": "https://youtube.com/watch?v=1", "other": "https://example.org/o"}),
    ]
    shelf.add([shelf.new_paper(**p) for p in papers])
    return Shelf(shelf.root)


def test_readme_round_trip_gives_back_the_same_papers(varied, tmp_path):
    before, after, text = round_trip(varied, tmp_path)
    assert after == before
    assert text.startswith("# Test \\| \\*list\\*\n")
    assert "| NeurIPS | [1](#neurips-2015) |" in text.replace("|  |", "|")  # the table links to the section
    assert "- Top priority: :star2:" in text and "## Progress" in text


def test_readme_of_the_bundled_shelf_round_trips(tmp_path):
    before, after, text = round_trip(Shelf(REPO / "reading-list"), tmp_path)
    assert len(before) == 197 and after == before
    assert "### CVPR 2021" in text and "#### Response-based knowledge" in text


def test_github_anchors_number_repeats():
    a = Anchors()
    assert [a("CVPR 2021"), a("CVPR 2021"), a("FL open question & useful framework")] == \
        ["cvpr-2021", "cvpr-2021-1", "fl-open-question--useful-framework"]


def tree_hash(root: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file() and ".papershelf" not in p.parts):
        h.update(str(path.relative_to(root)).encode() + path.read_bytes())
    return h.hexdigest()


LIST = """\
Top: :star2:

## Knowledge Distillation
### CVPR 2021
<ul>
<li>:star2:First Imported Paper<a href="https://arxiv.org/abs/2101.00001">[paper]</a>
<li>Second Imported Paper<a href="">[paper]</a>
</ul>
"""


def test_dry_run_writes_nothing(shelf, cli, tmp_path):
    source = tmp_path / "list.md"
    source.write_text(LIST, encoding="utf-8")
    shelf.add([shelf.new_paper(title="A Paper Already There", year=2020)])
    before = tree_hash(shelf.root)
    code, out, err = cli("import", source, "--dry-run", "--shelf", shelf.root)
    assert code == 0, err
    assert "would add 2" in " ".join(err.split())
    assert tree_hash(shelf.root) == before


def test_import_is_idempotent_and_reports_json(shelf, cli, tmp_path):
    source = tmp_path / "list.md"
    source.write_text(LIST, encoding="utf-8")
    code, out, err = cli("import", source, "--report", "json", "--topic", "misc", "--shelf", shelf.root)
    assert code == 0, err
    data = json.loads(out)
    assert len(data["added"]) == 2 and data["already_on_shelf"] == []
    assert {f["code"] for f in data["findings"]} == {"IMP101"}
    assert data["findings"][0]["line"] == 7 and data["findings"][0]["severity"] == "warning"
    assert data["summary"]["added"] == 2
    first = {p["title"]: p for p in data["papers"]}["First Imported Paper"]
    # this shelf declares no topics: the heading becomes a section, --topic gives the topic
    assert (first["priority"], first["topics"], first["sections"]) == ("top", ["misc"], ["knowledge-distillation"])
    files = tree_hash(shelf.root)
    code, out, err = cli("import", source, "--report", "json", "--shelf", shelf.root)
    data = json.loads(out)
    assert data["added"] == [] and len(data["already_on_shelf"]) == 2
    assert tree_hash(shelf.root) == files
    assert len(Shelf(shelf.root).papers) == 2


def test_bad_options_are_clear_errors(shelf, cli, tmp_path):
    source = tmp_path / "list.md"
    source.write_text(LIST, encoding="utf-8")
    code, _, err = cli("import", source, "--report", "xml", "--shelf", shelf.root)
    assert code == 1 and "--report" in err
    code, _, err = cli("import", source, "--topic", "Not A Topic", "--shelf", shelf.root)
    assert code == 1 and "'Not A Topic' is not a topic id" in err


def test_importing_the_original_twice_adds_nothing(shelf, cli):
    code, _, err = cli("import", ORIGINAL, "--shelf", shelf.root)
    assert code == 0, err
    assert len(Shelf(shelf.root).papers) == 197  # two papers sharing an arXiv id are both added
    code, _, err = cli("import", ORIGINAL, "--shelf", shelf.root)
    assert "added 0, 197 already on the shelf" in " ".join(err.split())


def test_imported_papers_are_written_without_yaml_aliases(shelf, cli, tmp_path):
    source = tmp_path / "list.md"
    source.write_text(LIST, encoding="utf-8")
    assert cli("import", source, "--shelf", shelf.root)[0] == 0
    text = "".join(p.read_text(encoding="utf-8") for p in (shelf.root / "papers").rglob("*.yaml"))
    assert text.count("added: ") == 2 and "&id" not in text and "*id" not in text


def test_ris_and_csl_exports_import_into_another_shelf(varied, cli, tmp_path):
    """export ris / export csl from one shelf, import into an empty one: the same papers."""
    for fmt, name in (("ris", "out.ris"), ("csl", "out.csljson")):
        target = Shelf.init(tmp_path / f"to-{fmt}", title="Target")
        code, _, err = cli("export", fmt, "-o", tmp_path / name, "--shelf", varied.root)
        assert code == 0, err
        code, _, err = cli("import", tmp_path / name, "--shelf", target.root)
        assert code == 0, err
        got = {p.id: (p.title, p.priority, p.status, p.tags) for p in Shelf(target.root).papers}
        assert got == {p.id: (p.title, p.priority, p.status, p.tags) for p in varied.papers}


def test_include_section_imports_a_skipped_section(shelf, cli, tmp_path):
    source = tmp_path / "list.md"
    source.write_text("## Papers\n- [A Real Paper Title](https://arxiv.org/abs/2101.00001)\n\n"
                      "## Talks\n- [A Talk About Things](https://youtube.com/watch?v=1)\n", encoding="utf-8")
    code, out, _ = cli("import", source, "--dry-run", "--report", "json", "--shelf", shelf.root)
    assert code == 0 and [f["code"] for f in json.loads(out)["findings"]].count("IMP123") == 1
    code, out, _ = cli("import", source, "--dry-run", "--report", "json", "--include-section", "Talks",
                       "--shelf", shelf.root)
    assert code == 0 and len(json.loads(out)["papers"]) == 2
