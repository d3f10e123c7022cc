"""The Python API for adding by identifier (a confirm callback, no terminal needed) and the
registry of enrichment sources."""

from __future__ import annotations

import pytest

from papershelf import Shelf
from papershelf.app import add
from papershelf.enrich import sources
from papershelf.enrich.resolve import Lookup, resolve_all, run
from papershelf.enrich.service import open_fetcher
from papershelf.errors import PapershelfError


def test_add_by_identifier_asks_the_callback_and_writes_only_on_yes(api, eshelf):
    asked = []
    assert add.add_by_identifier(eshelf, "arXiv:1412.6550", confirm=lambda p: asked.append(p.title) or False) is None
    assert asked == ["FitNets: Hints for Thin Deep Nets"] and Shelf(eshelf.root).papers == []
    paper = add.add_by_identifier(eshelf, "arXiv:1412.6550", {"topics": ["kd"]}, confirm=lambda p: True)
    assert paper.id == "romero2015fitnets" and Shelf(eshelf.root).get(paper.id).topics == ["kd"]
    assert paper.provenance["title"].source == "arxiv"


def test_look_up_says_when_the_shelf_has_it_already(api, eshelf):
    add.add_by_identifier(eshelf, "arXiv:1412.6550")
    found = add.look_up(eshelf, "https://arxiv.org/abs/1412.6550v2")
    assert found.paper is None and found.existing.id == "romero2015fitnets"
    assert add.add_candidate(eshelf, found) is None


def test_nothing_found_is_an_error_after_the_warnings(api, eshelf):
    found = add.look_up(eshelf, "arXiv:2101.00001")
    assert found.paper is None and found.existing is None
    with pytest.raises(PapershelfError, match="found nothing"):
        add.add_candidate(eshelf, found)


def test_sources_are_looked_up_by_name(api, eshelf):
    assert [s.name for s in sources.all_sources()] == ["arxiv", "s2", "crossref", "openreview", "match", "dblp", "hf"]
    with pytest.raises(PapershelfError, match="no enrichment source 'nope'"):
        sources.get("nope")
    with pytest.raises(ValueError, match="twice"):
        sources.register(sources.get("arxiv"))


def test_the_resolver_asks_only_the_sources_it_is_given(api, eshelf):
    async def resolve(chosen):
        fetcher = open_fetcher(eshelf)
        try:
            return await resolve_all(fetcher, [Lookup("x", ids={"arxiv": "1412.6550"})], sources=chosen)
        finally:
            await fetcher.aclose()
            fetcher.cache.close()

    (res,) = run(resolve([sources.get("arxiv")]))
    assert {r.source for r in res.records} == {"arxiv"}
    assert {r["source"] for r in api.log} == {"arxiv"}
