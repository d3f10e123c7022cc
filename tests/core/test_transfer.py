"""BibTeX, CSV and JSON exports import back to the same papers; importing twice adds nothing."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from papershelf import Shelf

RICH = [
    dict(id="hinton2015distilling", title="Distilling the Knowledge in a Neural Network",
         authors=["Geoffrey Hinton", "Oriol Vinyals", "Jeff Dean"], year=2015, venue="NeurIPS Workshop",
         topics=["knowledge-distillation"], sections=["kd-taxonomy/response-based"], tags=["classic"],
         links={"paper": "https://arxiv.org/abs/1503.02531", "code": "https://github.com/x/y", "supp": None},
         ids={"arxiv": "1503.02531"}, priority="top", status="read", read_on=dt.date(2021, 3, 2),
         added=dt.date(2021, 3, 1), abstract="A very simple way to improve 100% of models & more_things {x}.",
         notes="Temperature T; see §2 & the 'dark knowledge' idea.",
         provenance={"abstract": {"source": "arxiv", "date": dt.date(2026, 11, 1)}}),
    dict(id="romero2015fitnets", title="FitNets: Hints for Thin Deep Nets", authors=["Adriana Romero"],
         year=2015, venue="ICLR", priority="second", status="reading", ids={"doi": "10.1000/xyz_1"},
         added=dt.date(2021, 3, 1)),
    dict(id="mueller2019when", title="When does label smoothing help?", authors=["Rafael Müller"], year=2019,
         venue="TPAMI", added=dt.date(2021, 3, 1)),
    dict(id="anon2020", title="A preprint with no authors", venue="arXiv", added=dt.date(2021, 3, 1)),
]


@pytest.fixture
def rich_shelf(shelf):
    shelf.add([shelf.new_paper(taken=(), **fields) for fields in RICH], file="papers/all.yaml")
    return Shelf(shelf.root)


@pytest.mark.parametrize("fmt, suffix", [("bibtex", "bib"), ("csv", "csv"), ("json", "json")])
def test_export_then_import_round_trips_every_field(cli, rich_shelf, tmp_path, fmt, suffix):
    out = tmp_path / f"export.{suffix}"
    code, _, err = cli("export", fmt, "-o", out, "--shelf", rich_shelf.root)
    assert code == 0, err
    target = Shelf.init(tmp_path / "target")
    code, _, err = cli("import", out, "--shelf", target.root)
    assert code == 0, err
    original = {p.id: p.to_dict() for p in rich_shelf.papers}
    imported = {p.id: p.to_dict() for p in Shelf(target.root).papers}
    assert imported == original


def test_bibtex_uses_ids_as_keys_and_entry_types(cli, rich_shelf):
    code, out, _ = cli("export", "bibtex", "--shelf", rich_shelf.root)
    assert "@inproceedings{hinton2015distilling," in out
    assert "@article{mueller2019when," in out and "journal = {TPAMI}" in out
    assert "@misc{anon2020," in out
    assert r"100\% of models \& more\_things" in out
    assert "priority = {top}" in out and "status = {read}" in out


def test_import_twice_adds_nothing(cli, rich_shelf, tmp_path):
    out = tmp_path / "e.json"
    cli("export", "json", "-o", out, "--shelf", rich_shelf.root)
    target = Shelf.init(tmp_path / "target")
    code, _, err = cli("import", out, "--shelf", target.root)
    assert "added 4" in err
    files_before = {p: p.read_bytes() for p in (target.root / "papers").rglob("*.yaml")}
    code, _, err = cli("import", out, "--shelf", target.root)
    assert code == 0 and "added 0, 4 already on the shelf" in err
    assert {p: p.read_bytes() for p in (target.root / "papers").rglob("*.yaml")} == files_before


def test_import_dry_run_writes_nothing_and_json_report(cli, rich_shelf, tmp_path):
    out = tmp_path / "e.csv"
    cli("export", "csv", "-o", out, "--shelf", rich_shelf.root)
    target = Shelf.init(tmp_path / "target")
    code, stdout, _ = cli("import", out, "--dry-run", "--report", "json", "--shelf", target.root)
    report = json.loads(stdout)
    assert len(report["papers"]) == 4 and report["added"] == [] and report["findings"] == []
    assert list((target.root / "papers").iterdir()) == []


def test_import_matches_existing_papers_by_arxiv_id_or_title(cli, shelf, tmp_path):
    shelf.add([shelf.new_paper(title="Distilling the knowledge in a neural network.", ids={"arxiv": "1503.02531"})])
    bib = tmp_path / "x.bib"
    bib.write_text("@article{other, title={Distilling the Knowledge in a Neural Network}, year={2015}}\n"
                   "@article{b, title={Something else}, eprint={1503.02531}, archiveprefix={arXiv}}\n"
                   "@article{c, title={New paper}, author={Ann Lee and Bo Chen}, year={2020}}\n")
    code, _, err = cli("import", bib, "--topic", "kd", "--shelf", shelf.root)
    assert code == 0 and "added 1, 2 already" in err
    new = Shelf(shelf.root).get("c")
    assert new.authors == ["Ann Lee", "Bo Chen"] and new.topics == ["kd"]


def test_bad_entries_become_findings_not_crashes(cli, shelf, tmp_path):
    bib = tmp_path / "x.bib"
    bib.write_text("@article{ok, title={Fine}, year={2020}}\n"
                   "@article{bad, title={Too old}, year={1492}}\n"
                   "@article{nourl, title={Bad link}, url={javascript:alert(1)}}\n")
    code, _, err = cli("import", bib, "--shelf", shelf.root)
    assert code == 0
    assert "IMP002" in err and "year 1492" in err and "http(s)" in err
    assert [p.id for p in Shelf(shelf.root).papers] == ["ok"]
