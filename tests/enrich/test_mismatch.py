"""Mismatch detection: a paper link that resolves to another title (and `lint --online` PS250)."""

from __future__ import annotations

import json

from papershelf.enrich.mismatch import find_title_mismatches, same_paper


def _add(shelf, **fields):
    shelf.add([shelf.new_paper(**fields)])


def test_same_paper_tolerates_case_punctuation_and_truncation():
    assert same_paper("Fitnets - hints for thin deep nets", "FitNets: Hints for Thin Deep Nets")
    assert same_paper("Distilling the Knowledge in a Neural", "Distilling the Knowledge in a Neural Network")
    assert not same_paper("Attention Is All You Need", "FitNets: Hints for Thin Deep Nets")
    assert not same_paper("Deep Learning", "Deep Residual Learning for Image Recognition")


def test_finds_links_to_other_papers(api, eshelf):
    _add(eshelf, id="good", title="FitNets: hints for thin deep nets", links={"paper": "https://arxiv.org/abs/1412.6550v2"})
    _add(eshelf, id="wrong", title="Attention Is All You Need", links={"paper": "https://arxiv.org/pdf/1503.02531"})
    _add(eshelf, id="wrongdoi", title="Some Other Paper Entirely",
         links={"paper": "https://doi.org/10.1109/CVPR.2016.90"})
    _add(eshelf, id="orgood", title="Towards Deep Learning Models Resistant to Adversarial Attacks",
         links={"paper": "https://openreview.net/forum?id=rJzIBfZAb"})
    _add(eshelf, id="unknown", title="Not Anywhere", links={"paper": "https://arxiv.org/abs/2101.00001"})
    _add(eshelf, id="nolink", title="No Link")
    report = find_title_mismatches(eshelf)
    assert report.checked == 5
    assert [(m.paper_id, m.found_title, m.source) for m in report.mismatches] == [
        ("wrong", "Distilling the Knowledge in a Neural Network", "arxiv"),
        ("wrongdoi", "Deep Residual Learning for Image Recognition", "crossref")]
    assert report.unresolved == ["unknown"]
    assert len(api.requests("arxiv")) == 1  # both arXiv links in one batch
    # a second run reuses the cache, also offline
    asked = len(api.log)
    again = find_title_mismatches(eshelf, offline=True)
    assert [m.paper_id for m in again.mismatches] == ["wrong", "wrongdoi"] and len(api.log) == asked


def test_lint_online_reports_ps250(api, eshelf, cli):
    _add(eshelf, id="wrong", title="Attention Is All You Need", authors=["A. Vaswani"], year=2017,
         venue="NeurIPS", links={"paper": "https://arxiv.org/abs/1503.02531"})
    code, out, err = cli("lint", "--shelf", eshelf.root, "--format", "json")
    assert "PS250" not in out and api.log == []  # offline by default
    code, out, err = cli("lint", "--online", "--select", "PS250", "--shelf", eshelf.root, "--format", "json")
    findings = json.loads(out)
    assert [(f["code"], f["paper"]) for f in findings] == [("PS250", "wrong")]
    assert "Distilling the Knowledge in a Neural Network" in findings[0]["message"]
    assert findings[0]["file"].endswith(".yaml") and findings[0]["line"]


def test_lint_online_with_sources_down_says_so(eshelf, cli):
    _add(eshelf, id="p", title="Attention Is All You Need", links={"paper": "https://arxiv.org/abs/1706.03762"})
    code, out, err = cli("lint", "--online", "--select", "PS250", "--shelf", eshelf.root, "--format", "json")
    findings = json.loads(out)
    assert len(findings) == 1 and "could not be checked" in findings[0]["message"]
    assert "cannot reach" in findings[0]["message"]
