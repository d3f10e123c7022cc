"""Each lint rule fires on a fixture made for it, on the paper it should, and not on a clean one."""

from __future__ import annotations

import copy

import pytest
import yaml

from papershelf.lint import all_rules, lint

BASE = {
    "id": "clean", "title": "Distilling the Knowledge in a Neural Network",
    "authors": ["Geoffrey Hinton", "Oriol Vinyals", "Jeff Dean"], "year": 2015, "venue": "NeurIPS Workshop",
    "topics": ["kd"], "sections": ["response"], "tags": ["survey"],
    "links": {"paper": "https://arxiv.org/abs/1503.02531", "code": "https://github.com/example/distill"},
    "ids": {"arxiv": "1503.02531"},
}
OTHER = {
    "id": "other", "title": "FitNets: Hints for Thin Deep Nets", "authors": ["Adriana Romero"], "year": 2015,
    "venue": "ICLR", "topics": ["kd"], "links": {"paper": "https://arxiv.org/abs/1412.6550"},
    "ids": {"arxiv": "1412.6550"},
}


def paper(pid: str = "p", base: dict = BASE, drop: tuple = (), **changes) -> dict:
    data = copy.deepcopy(base)
    data["id"] = pid
    for key in drop:
        data.pop(key, None)
    for key, value in changes.items():
        if "__" in key:
            outer, inner = key.split("__")
            data.setdefault(outer, {})[inner] = value
        else:
            data[key] = value
    return data


def preprint(pid: str) -> dict:
    return paper(pid, venue="arXiv", year=2015, links={"paper": "https://arxiv.org/abs/1503.02531"},
                 ids={"arxiv": "1503.02531"})


# code → (papers of the fixture, the paper the finding must name)
FIXTURES = {
    "PS001": ([paper("p", colour="blue")], "p"),
    "PS002": ([paper("p"), paper("p", base=OTHER)], "p"),
    "PS101": ([paper("a"), paper("b", title="Distilling the knowledge in a neural network.", ids={},
                                 links={"paper": "https://example.org/b"})], "b"),
    "PS102": ([paper("a", base=OTHER), paper("b", base=OTHER, title="FitNets: Hints for Thin Deep Net", ids={},
                                             links={"paper": "https://example.org/b"})], "b"),
    "PS103": ([paper("a", base=OTHER), paper("b", base=OTHER, title="FitNets: Hints for Thin Deep Networks!",
                                             links={"paper": "https://example.org/b"})], "b"),
    "PS104": ([paper("a", base=OTHER), paper("b", links={"paper": "https://arxiv.org/abs/1412.6550"}, ids={})],
              "b"),
    "PS105": ([paper("pub", venue="NeurIPS", year=2015), preprint("pre")], "pre"),
    "PS201": ([paper("p", links={"paper": None, "code": "https://github.com/example/distill"})], "p"),
    "PS202": ([paper("p", links__paper="hhttps://arxiv.org/abs/1503.02531")], "p"),
    "PS203": ([paper("p", links__code="http://github.com/example/distill")], "p"),
    "PS204": ([paper("p", links__paper="https://arxiv.org/pdf/1503.02531v2.pdf")], "p"),
    "PS205": ([paper("p", links__code="https://github.com/example/distill?utm_source=twitter&tab=readme")], "p"),
    "PS301": ([paper("p", venue="NIPS")], "p"),
    "PS302": ([paper("p", venue="ICLR", year=2011, ids={}, links={"paper": "https://example.org/p"})], "p"),
    "PS303": ([paper("p", year=2021)], "p"),
    "PS304": ([paper("p", authors=[])], "p"),
    "PS305": ([paper("p", title="Distilling the Knowledge in a Neural Network and...")], "p"),
    "PS306": ([paper("p", title="Distilling the <b>Knowledge</b> in a Neural Network")], "p"),
    "PS307": ([paper("p", title="Distilling the  Knowledge in a Neural Network ")], "p"),
    "PS308": ([paper("p", topics=["kd", "distillation"])], "p"),
    "PS309": ([paper("p", sections=["response/typo"])], "p"),
    "PS310": ([paper("p", tags=["surveys"])], "p"),
    "PS401": ([paper("p", ids__arxiv="arXiv:1503.02531v2")], "p"),
    "PS402": ([paper("p", ids__doi="doi:10.48550/arXiv.1503.02531")], "p"),
    "PS403": ([paper("p", ids__openreview="https://openreview.net/forum")], "p"),
    "PS404": ([paper("p", ids__arxiv="1503.02532")], "p"),
}


def dump(papers: list[dict]) -> str:
    return yaml.safe_dump(papers, sort_keys=False, allow_unicode=True)


def offline_rules():
    return [r for r in all_rules() if not r.online]


def test_every_offline_rule_has_a_fixture():
    assert {r.code for r in offline_rules()} - {"PS000"} == set(FIXTURES)


@pytest.mark.parametrize("code", sorted(FIXTURES))
def test_rule_fires_on_its_fixture(make_shelf, code):
    papers, expected = FIXTURES[code]
    shelf = make_shelf(dump(papers))
    found = [f for f in lint(shelf) if f.code == code]
    assert found, f"{code} did not fire"
    assert expected in {f.paper for f in found}
    for f in found:
        assert f.file == "papers/a.yaml" and f.line and f.line >= 1
        assert f.severity in ("error", "warning", "info")


def test_clean_paper_has_no_findings(make_shelf):
    shelf = make_shelf(dump([paper("clean"), paper("other", base=OTHER, sections=["response"], tags=["survey"])]))
    assert lint(shelf) == []


def test_unreadable_file(make_shelf):
    shelf = make_shelf("- id: x\n  title: [unclosed\n")
    found = lint(shelf)
    assert [f.code for f in found] == ["PS000"]
    assert found[0].file == "papers/a.yaml" and found[0].line


def test_invalid_entry_does_not_hide_other_papers(make_shelf):
    shelf = make_shelf(dump([paper("bad", links__paper="hhttps://x.org/p"), paper("good", venue="NIPS")]))
    codes = {(f.code, f.paper) for f in lint(shelf)}
    assert ("PS202", "bad") in codes and ("PS301", "good") in codes
    assert ("PS001", "bad") not in codes  # PS202 explains it


def test_ps001_reports_link_problem_when_ps202_is_ignored(make_shelf):
    shelf = make_shelf(dump([paper("bad", links__paper="hhttps://x.org/p")]))
    codes = {f.code for f in lint(shelf, ignore=["PS202"])}
    assert "PS001" in codes


def test_line_points_at_the_field(make_shelf):
    shelf = make_shelf(dump([paper("p"), paper("q", base=OTHER, venue="NIPS")]))
    finding = next(f for f in lint(shelf) if f.code == "PS301")
    text = (shelf.root / "papers" / "a.yaml").read_text().splitlines()
    assert text[finding.line - 1].strip().startswith("venue: NIPS")


def test_numbers_make_different_papers(make_shelf):
    a = paper("a", base=OTHER, title="YOLOv3: An Incremental Improvement", ids={}, links={})
    b = paper("b", base=OTHER, title="YOLOv4: An Incremental Improvement", ids={}, links={})
    assert not [f for f in lint(make_shelf(dump([a, b]))) if f.code == "PS102"]


def test_loopback_http_is_not_insecure(make_shelf):
    shelf = make_shelf(dump([paper("p", links__code="http://127.0.0.1:8000/code", links__demo="http://localhost/x",
                                   links__data="http://example.org/data")]))
    assert not [f for f in lint(shelf) if f.code == "PS203"]


def test_preprint_year_must_match_its_id(make_shelf):
    found = lint(make_shelf(dump([paper("p", venue="arXiv", year=2016)])))
    assert [f.code for f in found if f.code == "PS303"] == ["PS303"]


def test_select_ignore_and_config(make_shelf):
    papers = dump([paper("p", venue="NIPS", authors=[])])
    shelf = make_shelf(papers)
    assert {f.code for f in lint(shelf, select=["PS30"])} == {"PS301", "PS304"}
    assert {f.code for f in lint(shelf, select=["PS3"], ignore=["PS304"])} == {"PS301"}


def test_config_ignore_and_severity(make_shelf):
    from lintdata import TOML

    toml = TOML + '\n[lint]\nignore = ["PS304"]\nseverity = { PS301 = "error" }\n'
    shelf = make_shelf(dump([paper("p", venue="NIPS", authors=[])]), toml=toml)
    found = lint(shelf)
    assert [(f.code, f.severity) for f in found] == [("PS301", "error")]


def test_unknown_code_is_a_clear_error(make_shelf):
    from papershelf.errors import PapershelfError

    with pytest.raises(PapershelfError, match="no lint rule matches"):
        lint(make_shelf(dump([paper("p")])), select=["PS999"])


def test_online_rules_run_only_when_asked(make_shelf):
    from papershelf.lint.core import select_rules

    shelf = make_shelf(dump([paper("p")]))
    offline = {r.code for r in select_rules(shelf.config)}
    online = {r.code for r in select_rules(shelf.config, online=True)}
    extra = online - offline
    assert extra and all(r.online for r in all_rules() if r.code in extra)
    assert not any(r.online for r in all_rules() if r.code in offline)


def test_flow_style_file_is_located(make_shelf):
    shelf = make_shelf("[{id: a, title: 'A paper', venue: NIPS, year: 2019, authors: [X Y], topics: [kd]},\n"
                       " {id: b, title: 'B paper', venue: NIPS, year: 2019, authors: [X Y], topics: [kd]}]\n")
    found = {(f.paper, f.line) for f in lint(shelf, select=["PS301"])}
    assert found == {("a", 1), ("b", 2)}
