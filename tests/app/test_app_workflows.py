"""papershelf.app: lint with fixes, importing with de-duplication, adding by hand, link findings."""

from __future__ import annotations

import textwrap

import pytest

from papershelf import Shelf
from papershelf.app import add, imports, links, lint
from papershelf.errors import PapershelfError
from papershelf.linkcheck import LinkResult

SHELF_YAML = """\
# a comment that must survive
- id: hinton2015distilling
  title: Distilling the Knowledge in a Neural Network
  authors: [Geoffrey Hinton]
  year: 2015
  venue: NIPS
  links:
    paper: hhttps://arxiv.org/pdf/1503.02531.pdf
"""

BIB = """\
@article{hinton2015distilling,
  title = {Distilling the Knowledge in a Neural Network},
  author = {Hinton, Geoffrey},
  year = {2015},
  eprint = {1503.02531},
}
@inproceedings{romero2015fitnets,
  title = {FitNets: Hints for Thin Deep Nets},
  author = {Romero, Adriana},
  year = {2015},
  booktitle = {ICLR},
}
"""


@pytest.fixture
def broken(shelf):
    (shelf.papers_dir / "a.yaml").write_text(SHELF_YAML, encoding="utf-8")
    return Shelf(shelf.root)


def test_lint_reports_without_fixing(broken):
    run = lint.lint(broken)
    assert run.applied == []
    assert [f.code for f in run.findings] == ["PS202"]  # the entry is invalid: only entry rules see it
    assert all(f.data["rule"] for f in run.findings)
    assert (broken.papers_dir / "a.yaml").read_text() == SHELF_YAML


def test_lint_fix_repeats_until_stable(broken):
    run = lint.lint(broken, fix=True)
    # hhttps://…pdf → https://…pdf (PS202), then the pdf link → the abstract page (PS204): two rounds
    assert [a.code for a in run.applied if a.code in ("PS202", "PS204")] == ["PS202", "PS204"]
    assert not [f for f in run.findings if f.fixable]
    text = (broken.papers_dir / "a.yaml").read_text()
    assert "paper: https://arxiv.org/abs/1503.02531\n" in text and "# a comment that must survive" in text
    assert Shelf(broken.root).get("hinton2015distilling").venue == "NeurIPS"


def test_lint_selection_and_rule_descriptions(broken):
    assert lint.lint(broken, select=["PS3"]).findings == []
    assert lint.rule_descriptions()["PS202"].startswith("malformed-url: ")


def test_import_skips_papers_already_on_the_shelf(shelf, tmp_path):
    source = tmp_path / "refs.bib"
    source.write_text(BIB, encoding="utf-8")
    add.add_by_hand(shelf, {"title": "Distilling the knowledge in a neural network!", "year": 2015})
    dry = imports.import_papers(shelf, source, topic="kd", dry_run=True)
    assert [p.id for p in dry.fresh] == ["romero2015fitnets"] and len(dry.present) == 1
    assert dry.summary()["would_add"] == 1 and len(Shelf(shelf.root).papers) == 1
    run = imports.import_papers(shelf, source, topic="kd")
    assert run.summary()["added"] == 1 and run.to_json()["added"] == ["romero2015fitnets"]
    assert Shelf(shelf.root).get("romero2015fitnets").topics == ["kd"]
    again = imports.import_papers(shelf, source)
    assert again.fresh == [] and len(again.present) == 2


def test_import_findings_name_the_file_and_bad_topics_are_errors(shelf, tmp_path):
    source = tmp_path / "refs.bib"
    source.write_text("@article{x,\n  title = {A Paper},\n  year = {1066},\n}\n", encoding="utf-8")
    run = imports.import_papers(shelf, source)
    assert [(f.code, f.file, f.line) for f in run.result.findings] == [("IMP002", str(source), 1)]
    with pytest.raises(PapershelfError, match="not a topic id"):
        imports.import_papers(shelf, source, topic="Not A Topic")


def test_add_by_hand_makes_the_id_and_needs_a_title(shelf):
    paper = add.add_by_hand(shelf, {"title": "FitNets: Hints for Thin Deep Nets", "authors": ["Adriana Romero"],
                                    "year": 2015, "venue": "ICLR", "topics": ["kd"]})
    assert paper.id == "romero2015fitnets" and Shelf(shelf.root).get(paper.id).venue == "ICLR"
    with pytest.raises(PapershelfError, match="--title"):
        add.add_by_hand(shelf, {"year": 2015})


def test_link_problems_become_findings_in_file_order():
    results = [
        LinkResult("b", "code", "https://x.org/b", "broken", code=404, message="HTTP 404", file="papers/b.yaml", line=3),
        LinkResult("a", "paper", "https://x.org/a", "ok"),
        LinkResult("c", "paper", "https://x.org/c", "redirected", code=301, suggestion="https://x.org/c2",
                   message="moved permanently", file="papers/a.yaml", line=7),
    ]
    found = links.findings(results)
    assert [(f.code, f.severity, f.paper, f.file, f.line) for f in found] == [
        ("link-redirected", "warning", "c", "papers/a.yaml", 7), ("link-broken", "error", "b", "papers/b.yaml", 3)]
    assert found[0].message == "links.paper https://x.org/c: moved permanently → https://x.org/c2"
    assert found[0].data["suggestion"] == "https://x.org/c2" and found[1].data["http_status"] == 404
    assert set(links.DESCRIPTIONS) == set(links.CODES.values())


def test_a_shelf_in_any_folder_layout(tmp_path):
    root = tmp_path / "s"
    (root / "papers" / "deep").mkdir(parents=True)
    (root / "shelf.toml").write_text('title = "T"\n', encoding="utf-8")
    (root / "papers" / "deep" / "x.yaml").write_text(textwrap.dedent(SHELF_YAML), encoding="utf-8")
    run = lint.lint(Shelf(root), select=["PS202"])
    assert [(f.file, f.line) for f in run.findings] == [("papers/deep/x.yaml", 8)]
