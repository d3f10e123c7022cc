"""PaperList and FindingList keep values packed, so a value read is a copy: changes go through
``map``, which keeps them (and leaves unchanged values as they were stored)."""

from __future__ import annotations

import dataclasses

from papershelf.findings import Finding, Fix
from papershelf.importers.paperlist import FindingList, PaperList
from papershelf.model import Paper


def test_a_change_through_map_is_kept_in_a_paper_list():
    papers = PaperList([Paper(id="a1", title="First"), Paper(id="b2", title="Second")])
    papers[0].title = "lost"  # a copy: the list is unchanged, which is why map exists
    assert papers[0].title == "First"
    papers.map(lambda p: p.model_copy(update={"tags": ["needs-check"]}) if p.id == "b2" else p)
    assert [p.tags for p in papers] == [[], ["needs-check"]]
    assert papers[1].model_fields_set == {"id", "title", "tags"}


def test_a_change_through_map_is_kept_in_a_finding_list_also_for_a_finding_with_a_fix():
    fix = Fix("drop it", lambda raw: None)
    findings = FindingList([Finding("IMP001", "error", "a", paper="old", line=2),
                            Finding("IMP110", "warning", "b", paper="old", fix=fix),
                            Finding("IMP003", "info", "c", paper="other")])
    findings.map(lambda f: dataclasses.replace(f, paper="new") if f.paper == "old" else f)
    assert [f.paper for f in findings] == ["new", "new", "other"] and findings[1].fix is fix


def test_a_paper_changed_in_place_before_it_was_added_keeps_the_change():
    paper = Paper(id="a1", title="First")
    paper.tags.append("survey")  # a field left at its default, then changed in place
    papers = PaperList([paper])
    assert papers[0] == paper and papers[0].tags == ["survey"]
    assert papers[0].model_fields_set == {"id", "title", "tags"}


def test_a_value_changed_in_place_inside_map_is_kept():
    def add_tag(p: Paper) -> Paper:
        p.tags.append("read-later")  # in place, returning the same object
        return p

    papers = PaperList([Paper(id="a1", title="First")])
    papers.map(add_tag)
    assert papers[0].tags == ["read-later"]
    findings = FindingList([Finding("IMP001", "error", "a", data={"n": 1})])
    findings.map(lambda f: (f.data.update(n=2), f)[1])
    assert findings[0].data == {"n": 2}
