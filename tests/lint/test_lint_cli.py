"""`papershelf lint`: output formats, exit status, --fix round trip, --explain."""

from __future__ import annotations

import json

import pytest

BROKEN = """\
# Reading list: knowledge distillation
- id: hinton2015distilling   # the classic
  title: Distilling the Knowledge in a Neural Network
  authors: [Geoffrey Hinton, Oriol Vinyals, Jeff Dean]
  year: 2015
  venue: NIPS  # typed by hand
  topics: [kd]
  links:
    paper: hhttps://arxiv.org/pdf/1503.02531.pdf
    code: http://github.com/example/distill?utm_source=x
  ids:
    arxiv: 'arXiv:1503.02531'

# a second paper, with a comment that must survive
- id: romero2015fitnets
  title: "FitNets:  Hints for Thin Deep Nets "
  authors: [Adriana Romero]
  year: 2015
  venue: ICLR
  topics: [kd]
  links: {paper: 'https://arxiv.org/abs/1412.6550'}
"""


def test_text_output_grouped_by_file_with_lines(make_shelf, cli):
    shelf = make_shelf(BROKEN)
    code, out, _ = cli("lint", "--shelf", shelf.root)
    assert code == 1  # PS202 and PS401 are errors
    assert "papers/a.yaml" in out
    assert "9  error   PS202 hinton2015distilling" in out
    assert "16  warning PS307 romero2015fitnets" in out
    assert "fixable with --fix" in out


def test_json_output(make_shelf, cli):
    shelf = make_shelf(BROKEN)
    code, out, _ = cli("lint", "--shelf", shelf.root, "--format", "json")
    data = json.loads(out)
    assert code == 1
    assert {"code", "severity", "paper", "file", "line", "message", "fix", "data"} == set(data[0])
    assert {d["data"]["rule"] for d in data if d["code"] == "PS202"} == {"malformed-url"}
    ps202 = next(d for d in data if d["code"] == "PS202")
    assert ps202["paper"] == "hinton2015distilling" and ps202["line"] == 9 and ps202["severity"] == "error"
    assert "https://arxiv.org/pdf/1503.02531.pdf" in ps202["fix"]


def test_github_output(make_shelf, cli):
    shelf = make_shelf(BROKEN)
    _, out, _ = cli("lint", "--shelf", shelf.root, "--format", "github")
    lines = out.strip().splitlines()
    assert all(line.startswith(("::error ", "::warning ", "::notice ")) for line in lines)
    assert any(line.startswith("::error file=papers/a.yaml,line=9,title=PS202 malformed-url::") for line in lines)


def test_warnings_alone_pass(make_shelf, cli):
    shelf = make_shelf(BROKEN)
    code, _, _ = cli("lint", "--shelf", shelf.root, "--select", "PS3")
    assert code == 0


def test_fix_round_trip_keeps_comments(make_shelf, cli):
    shelf = make_shelf(BROKEN)
    path = shelf.root / "papers" / "a.yaml"
    code, out, err = cli("lint", "--shelf", shelf.root, "--fix")
    text = path.read_text()
    assert code == 0, out + err
    for comment in ("# Reading list: knowledge distillation", "# the classic", "# typed by hand",
                    "# a second paper, with a comment that must survive"):
        assert comment in text
    assert "venue: NeurIPS" in text
    assert "paper: https://arxiv.org/abs/1503.02531\n" in text
    assert "code: https://github.com/example/distill\n" in text
    assert "arxiv: '1503.02531'" in text or "arxiv: 1503.02531" not in text
    assert 'title: "FitNets: Hints for Thin Deep Nets"' in text or "title: 'FitNets: Hints for Thin Deep Nets'" in text \
        or "title: \"FitNets: Hints for Thin Deep Nets\"" in text
    assert "links: {paper: 'https://arxiv.org/abs/1412.6550'}" in text  # untouched line kept as written
    assert "fixed papers/a.yaml:6: PS301 hinton2015distilling: venue: 'NIPS' → 'NeurIPS'" in err
    # a second run finds nothing left to fix, and the shelf loads
    code, out, _ = cli("lint", "--shelf", shelf.root, "--format", "json")
    assert [d for d in json.loads(out) if d["fix"]] == []
    shelf.invalidate()
    assert len(shelf.papers) == 2


def test_explain_and_rules(cli):
    code, out, _ = cli("lint", "--explain", "PS101")
    assert code == 0 and "PS101 duplicate-title (error)" in out and "listed twice" in out
    code, out, _ = cli("lint", "--rules")
    assert code == 0 and "PS404" in out and "PS202" in out
    code, _, err = cli("lint", "--explain", "PS999")
    assert code == 1 and "no lint rule 'PS999'" in err


def test_bad_format_is_an_error(make_shelf, cli):
    shelf = make_shelf(BROKEN)
    code, _, err = cli("lint", "--shelf", shelf.root, "--format", "xml")
    assert code == 1 and "--format 'xml'" in err


def test_clean_shelf_says_so(make_shelf, cli):
    from lintdata import TOML  # noqa: F401

    shelf = make_shelf("- id: a\n  title: A Paper About Things\n  authors: [A B]\n  year: 2020\n  venue: ICLR\n"
                       "  topics: [kd]\n  links: {paper: 'https://example.org/a'}\n")
    code, out, _ = cli("lint", "--shelf", shelf.root)
    assert code == 0 and "no problems found" in out


@pytest.mark.parametrize("text,expected", [("a:b,c", "a%3Ab%2Cc"), ("50%\nx", "50%25%0Ax")])
def test_github_escaping(text, expected):
    from papershelf.report import github_escape

    assert github_escape(text, property_=True) == expected
