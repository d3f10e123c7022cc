"""papershelf.report: one printer for every finding, in text, JSON, GitHub annotations and SARIF."""

from __future__ import annotations

import io
import json

import pytest
from rich.console import Console

from papershelf import report
from papershelf.errors import PapershelfError
from papershelf.findings import Finding, Fix

FINDINGS = [
    Finding("PS202", "error", "malformed URL: hhttps://x.org, 100%", file="papers/a.yaml", line=9, paper="p1",
            data={"rule": "malformed-url"}, fix=Fix("hhttps → https", lambda data: None)),
    Finding("IMP101", "warning", "empty link\non two lines :star:", file="list.md", line=3),
    Finding("link-skipped", "info", "not checked", paper="p2"),
]


def test_text_groups_by_file_and_marks_fixable():
    out = io.StringIO()
    report.print_text(FINDINGS, Console(file=out, width=200, color_system=None))
    text = out.getvalue()
    assert "papers/a.yaml" in text and "list.md" in text and "\nshelf\n" in text
    assert "9  error   PS202 p1  malformed URL: hhttps://x.org, 100% (fixable)" in text
    assert "-  info    link-skipped p2  not checked" in text
    assert "on two lines :star:" in text  # untrusted text stays text
    out = io.StringIO()
    report.print_text(FINDINGS[:1], Console(file=out, width=200, color_system=None), fixable_hint=False)
    assert "(fixable)" not in out.getvalue()


def test_json_is_a_list_or_a_document_with_findings():
    items = json.loads(report.to_json(FINDINGS))
    assert items[0] == {"code": "PS202", "severity": "error", "message": "malformed URL: hhttps://x.org, 100%",
                        "file": "papers/a.yaml", "line": 9, "paper": "p1", "data": {"rule": "malformed-url"},
                        "fix": "hhttps → https"}
    assert items[1]["fix"] is None and "data" not in items[1]
    doc = json.loads(report.to_json(FINDINGS, {"summary": {"ok": 1}}))
    assert doc["summary"] == {"ok": 1} and len(doc["findings"]) == 3


def test_github_annotations_escape_and_carry_location():
    lines = report.to_github(FINDINGS).splitlines()
    assert lines[0] == ("::error file=papers/a.yaml,line=9,title=PS202 malformed-url::"
                        "malformed URL: hhttps://x.org, 100%25 [p1]")
    assert lines[1] == "::warning file=list.md,line=3,title=IMP101::empty link%0Aon two lines :star:"
    assert lines[2] == "::notice title=link-skipped::not checked [p2]"


@pytest.mark.parametrize("text,expected", [("a:b,c", "a%3Ab%2Cc"), ("50%\n", "50%25%0A")])
def test_github_property_escaping(text, expected):
    assert report.github_escape(text, property_=True) == expected


def test_sarif_2_1_0_run_with_rules_results_and_locations():
    doc = json.loads(report.to_sarif(FINDINGS, rules={"PS202": "malformed-url: a link is not a URL"}))
    assert doc["version"] == "2.1.0" and doc["$schema"].endswith("sarif-2.1.0.json")
    (run,) = doc["runs"]
    rules = run["tool"]["driver"]["rules"]
    assert run["tool"]["driver"]["name"] == "papershelf"
    assert [r["id"] for r in rules] == ["IMP101", "PS202", "link-skipped"]
    assert rules[1]["shortDescription"]["text"] == "malformed-url: a link is not a URL"
    first, second, third = run["results"]
    assert (first["ruleId"], first["level"], rules[first["ruleIndex"]]["id"]) == ("PS202", "error", "PS202")
    assert first["locations"][0]["physicalLocation"] == {"artifactLocation": {"uri": "papers/a.yaml"},
                                                         "region": {"startLine": 9}}
    assert first["properties"] == {"paper": "p1", "data": {"rule": "malformed-url"}, "fix": "hhttps → https"}
    assert second["level"] == "warning" and third["level"] == "note" and "locations" not in third


def test_summary_and_unknown_formats():
    assert report.summary(FINDINGS) == "1 error, 1 warning, 1 info"
    assert report.summary([]) == ""
    with pytest.raises(PapershelfError, match="--format 'xml'"):
        report.check_format("xml")


def test_every_command_that_prints_findings_offers_every_format(cli, shelf, tmp_path):
    source = tmp_path / "refs.bib"
    source.write_text("@article{x,\n  title = {A Paper},\n  year = {1066},\n}\n", encoding="utf-8")
    code, out, _ = cli("import", source, "--report", "sarif", "--shelf", shelf.root)
    assert code == 0 and json.loads(out)["runs"][0]["results"][0]["ruleId"] == "IMP002"
    code, out, _ = cli("import", source, "--report", "github", "--shelf", shelf.root)
    assert out.startswith(f"::error file={report.github_escape(str(source), True)},line=1,title=IMP002::")
    code, out, _ = cli("lint", "--format", "sarif", "--shelf", shelf.root)
    assert code == 0 and json.loads(out)["runs"][0]["results"] == []
