"""Each source client against the fake APIs: documented formats, not found, malformed answers,
rate limits with Retry-After, timeouts/down hosts, User-Agent, API keys and the cache."""

from __future__ import annotations

import asyncio

import pytest
import stamina

from papershelf.enrich import arxiv, crossref, dblp, hf, openreview, s2
from papershelf.net import Client, ResponseCache
from papershelf.enrich.http import Fetcher, source_settings


def fetcher_for(api, tmp_path=None, *, offline=False, rate=0.0, **kw) -> Fetcher:
    settings = source_settings(None, env=api.env())
    for s in settings.values():
        s.rate_limit = rate
    cache = ResponseCache(tmp_path / "cache.sqlite") if tmp_path else None
    return Fetcher(settings, cache=cache, offline=offline, contact="curator@example.org", **kw)


def run(coro_fn, fetcher):
    async def main():
        try:
            return await coro_fn(fetcher)
        finally:
            await fetcher.aclose()
    return asyncio.run(main())


def test_arxiv_batches_ids_in_one_request(api):
    f = fetcher_for(api)
    found = run(lambda f: arxiv.fetch(f, ["1503.02531", "1412.6550", "2101.00001", "hep-th/9901001"]), f)
    assert set(found) == {"1503.02531", "1412.6550", "hep-th/9901001"}  # the unknown id is absent
    assert len(api.requests("arxiv")) == 1
    hinton = found["1503.02531"]
    assert hinton.title == "Distilling the Knowledge in a Neural Network"  # unwrapped
    assert hinton.year == 2015 and hinton.venue == "arXiv" and hinton.links["paper"] == "https://arxiv.org/abs/1503.02531"
    assert found["hep-th/9901001"].ids["doi"] == "10.1103/PhysRevD.60.044001"
    assert "curator@example.org" in api.requests("arxiv")[0]["headers"]["User-Agent"]


def test_arxiv_error_entry_and_rate_exceeded_are_malformed(api):
    api.queue("arxiv", 200, (api.fixtures / "arxiv" / "_error.xml").read_bytes())
    f = fetcher_for(api)
    assert run(lambda f: arxiv.fetch(f, ["1503.02531"]), f) == {}
    assert any("incorrect id format" in w for w in f.warnings)
    api.queue("arxiv", 200, "Rate exceeded.")
    f = fetcher_for(api)
    assert run(lambda f: arxiv.fetch(f, ["1503.02531"]), f) == {}
    assert f.warnings == ["arXiv: malformed response from " + api.env()["PAPERSHELF_ARXIV_URL"] +
                          "?id_list=1503.02531&max_results=1 (not an Atom feed: 'Rate exceeded.'); ignored"]


def test_s2_single_batch_match_and_not_found(api, monkeypatch):
    monkeypatch.setenv("S2_API_KEY", "k-123")
    f = fetcher_for(api)
    one = run(lambda f: s2.fetch(f, ["DOI:10.1109/CVPR.2016.90"]), f)
    rec = one["DOI:10.1109/CVPR.2016.90"]
    assert rec.ids["arxiv"] == "1512.03385" and rec.venue == "CVPR" and rec.year == 2015
    get = api.requests("s2")[-1]
    assert get["method"] == "GET" and get["path"].endswith("/paper/DOI:10.1109/CVPR.2016.90")
    assert get["headers"]["x-api-key"] == "k-123"
    f = fetcher_for(api)
    many = run(lambda f: s2.fetch(f, ["ARXIV:1503.02531", "ARXIV:1412.6550", "ARXIV:9999.99999"]), f)
    assert set(many) == {"ARXIV:1503.02531", "ARXIV:1412.6550"}
    post = api.requests("s2")[-1]
    assert post["method"] == "POST" and post["path"].endswith("/paper/batch") and b"ARXIV:9999.99999" in post["body"]
    assert many["ARXIV:1412.6550"].venue == "ICLR"
    f = fetcher_for(api)
    assert run(lambda f: s2.fetch(f, ["ARXIV:9999.99999"]), f) == {}
    assert f.warnings == []  # not found is an answer, not a problem
    f = fetcher_for(api)
    match = run(lambda f: s2.match_title(f, "Distilling the knowledge in a neural network"), f)
    assert match.ids["arxiv"] == "1503.02531" and match.matched_by == "title"
    f = fetcher_for(api)
    assert run(lambda f: s2.match_title(f, "No Such Paper At All"), f) is None


def test_s2_malformed_json_is_a_warning(api):
    api.queue("s2", 200, "{not json", headers={"Content-Type": "application/json"})
    f = fetcher_for(api)
    assert run(lambda f: s2.fetch(f, ["ARXIV:1503.02531"]), f) == {}
    assert "malformed" in f.warnings[0] and "not JSON" in f.warnings[0]
    api.queue("s2", 200, '{"data": "nope"}')
    f = fetcher_for(api)
    assert run(lambda f: s2.match_title(f, "Distilling the Knowledge in a Neural Network"), f) is None
    assert "no data list" in f.warnings[0]


def test_s2_citation_counts_are_cached_briefly(api, tmp_path):
    api.queue("s2", 200, '[{"paperId": "a", "citationCount": 12000}, null]')
    f = fetcher_for(api, tmp_path)
    counts = run(lambda f: s2.citation_counts(f, ["ARXIV:1503.02531", "ARXIV:9999.99999"]), f)
    assert counts == {"ARXIV:1503.02531": 12000}
    row = f.cache._db.execute("SELECT ttl FROM responses").fetchone()
    assert row[0] == 86400.0


def test_dblp_skips_corr_and_checks_title_and_year(api):
    f = fetcher_for(api)
    rec = run(lambda f: dblp.find(f, "FitNets: Hints for Thin Deep Nets", 2014), f)
    assert (rec.venue, rec.year, rec.ids["dblp"]) == ("ICLR", 2015, "conf/iclr/RomeroBKCGB14")
    assert "paper" not in rec.links  # its ee is the arXiv preprint
    f = fetcher_for(api)
    assert run(lambda f: dblp.find(f, "FitNets: Hints for Thin Deep Nets", 2010), f) is None  # year too far
    f = fetcher_for(api)
    assert run(lambda f: dblp.find(f, "Distilling the Knowledge in a Neural Network", 2015), f) is None  # CoRR only
    f = fetcher_for(api)
    rec = run(lambda f: dblp.find(f, "Deep Residual Learning for Image Recognition", 2015), f)
    assert rec.authors[0] == "Kaiming He" and rec.links["paper"] == "https://doi.org/10.1109/CVPR.2016.90"
    api.queue("dblp", 200, '{"result": {}}')
    f = fetcher_for(api)
    assert run(lambda f: dblp.find(f, "Deep Residual Learning for Image Recognition", 2015), f) is None
    assert "no result.hits" in f.warnings[0]


def test_crossref_record_and_not_found(api):
    f = fetcher_for(api)
    rec = run(lambda f: crossref.fetch(f, "10.1109/CVPR.2016.90", "curator@example.org"), f)
    assert (rec.venue, rec.year, rec.authors[1]) == ("CVPR", 2016, "Xiangyu Zhang")
    f = fetcher_for(api)
    assert run(lambda f: crossref.fetch(f, "10.1000/nothing", ""), f) is None and f.warnings == []
    api.queue("crossref", 200, '{"status": "ok", "message": {}}')
    f = fetcher_for(api)
    assert run(lambda f: crossref.fetch(f, "10.1109/CVPR.2016.90", ""), f) is None
    assert "no message.DOI" in f.warnings[0]


def test_openreview_submitted_is_not_a_venue(api):
    api.queue("openreview2", 200, '{"notes": [{"id": "abcdefgh", "forum": "abcdefgh", "content": {'
                                  '"title": {"value": "Under Review Paper"}, "authors": {"value": ["A B"]}, '
                                  '"venue": {"value": "Submitted to ICLR 2025"}}}]}')
    f = fetcher_for(api)
    rec = run(lambda f: openreview.fetch(f, "abcdefgh"), f)
    assert rec.title == "Under Review Paper" and rec.venue is None and rec.year is None


def test_hf_links_and_not_found(api):
    f = fetcher_for(api)
    rec = run(lambda f: hf.fetch(f, "1412.6550"), f)
    assert rec.links == {"code": "https://github.com/adri-romsor/FitNets"}
    f = fetcher_for(api)
    assert run(lambda f: hf.fetch(f, "1503.02531"), f) is None


def test_rate_limited_request_waits_for_retry_after(api, fake_clock):
    api.queue("hf", 429, "Too Many Requests", headers={"Retry-After": "1"})
    f = fetcher_for(api, client=Client(clock=fake_clock, sleep=fake_clock.sleep))
    rec = run(lambda f: hf.fetch(f, "1412.6550"), f)
    assert rec is not None and f.warnings == []
    assert len(api.requests("hf")) == 2 and fake_clock.sleeps == [1.0]  # the source waited as asked


def test_rate_limited_too_long_gives_up_with_a_warning(api, fake_clock):
    api.queue("hf", 429, "Too Many Requests", headers={"Retry-After": "3600"})
    f = fetcher_for(api, client=Client(clock=fake_clock, sleep=fake_clock.sleep))
    assert run(lambda f: hf.fetch(f, "1412.6550"), f) is None
    assert fake_clock.sleeps == []
    assert f.warnings and "rate limited" in f.warnings[0] and "3600" in f.warnings[0]
    assert len(api.requests("hf")) == 1


def test_server_errors_are_retried(api):
    api.queue("crossref", 503, "busy")
    f = fetcher_for(api, max_retries=2)
    with stamina.set_testing(True, attempts=10, cap=True):  # stamina's backoff, not waited for here
        assert run(lambda f: crossref.fetch(f, "10.1109/CVPR.2016.90", ""), f) is not None
    assert len(api.requests("crossref")) == 2


def test_a_down_host_is_skipped_after_one_failure(api):
    settings = source_settings(None, env={**api.env(), "PAPERSHELF_HF_URL": "http://127.0.0.1:9/api"})
    f = Fetcher(settings)

    async def many(f):
        return await asyncio.gather(*(hf.fetch(f, i) for i in ("1412.6550", "1512.03385", "1503.02531")))

    assert run(many, f) == [None, None, None]
    assert len(f.warnings) == 1 and "cannot reach http://127.0.0.1:9/api" in f.warnings[0]


def test_timeouts_degrade_to_a_warning(api):
    import socket

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(5)  # accepts connections, never answers
    port = sock.getsockname()[1]
    settings = source_settings(None, env={**api.env(), "PAPERSHELF_HF_URL": f"http://127.0.0.1:{port}/api"})
    for s in settings.values():
        s.rate_limit = 0
    f = Fetcher(settings, timeout=0.2, max_retries=0)
    try:
        assert run(lambda f: hf.fetch(f, "1412.6550"), f) is None
    finally:
        sock.close()
    assert "timed out" in f.warnings[0]


def test_rate_limiter_spaces_requests(api, fake_clock):
    f = fetcher_for(api, rate=0.2, client=Client(clock=fake_clock, sleep=fake_clock.sleep))

    async def three(f):
        return await asyncio.gather(*(hf.fetch(f, i) for i in ("1412.6550", "1512.03385", "1503.02531")))

    run(three, f)
    assert len(api.requests("hf")) == 3
    assert fake_clock.wakes == pytest.approx([fake_clock.start + 0.2, fake_clock.start + 0.4])  # one per 0.2 s


def test_cache_ttl_and_offline(api, tmp_path):
    f = fetcher_for(api, tmp_path)
    assert run(lambda f: hf.fetch(f, "1412.6550"), f) is not None
    assert run(lambda f: hf.fetch(f, "1503.02531"), fetcher_for(api, tmp_path)) is None  # cached as missing
    n = len(api.log)
    f2 = fetcher_for(api, tmp_path)
    assert run(lambda f: hf.fetch(f, "1412.6550"), f2) is not None
    assert len(api.log) == n and f2.stats.cache_hits == 1
    # expire everything: online refetches, offline still serves the stale copy
    f2.cache._db.execute("UPDATE responses SET fetched = fetched - 10000000")
    f2.cache.flush()
    f3 = fetcher_for(api, tmp_path, offline=True)
    assert run(lambda f: hf.fetch(f, "1412.6550"), f3) is not None and len(api.log) == n
    f4 = fetcher_for(api, tmp_path)
    assert run(lambda f: hf.fetch(f, "1412.6550"), f4) is not None and len(api.log) == n + 1
    f5 = fetcher_for(api, tmp_path, offline=True)
    assert run(lambda f: hf.fetch(f, "1512.03385"), f5) is None and f5.stats.offline_misses == 1


def test_malformed_answers_are_not_cached(api, tmp_path):
    api.queue("hf", 200, "<html>oops</html>")
    f = fetcher_for(api, tmp_path)
    assert run(lambda f: hf.fetch(f, "1412.6550"), f) is None
    assert run(lambda f: hf.fetch(f, "1412.6550"), fetcher_for(api, tmp_path)) is not None


def test_base_urls_from_env_then_shelf_toml(shelf, monkeypatch):
    from papershelf.config import Source

    shelf.config.sources["dblp"] = Source(base_url="https://dblp.mirror.example/search/publ/api/", rate_limit=2.0)
    shelf.config.sources["hf"] = Source(enabled=False)
    settings = source_settings(shelf.config, env={"PAPERSHELF_ARXIV_URL": "http://127.0.0.1:1/q"})
    assert settings["arxiv"].base_url == "http://127.0.0.1:1/q" and settings["arxiv"].rate_limit == 3.0
    assert settings["dblp"].base_url == "https://dblp.mirror.example/search/publ/api"
    assert settings["dblp"].rate_limit == 2.0
    assert settings["s2"].base_url == "https://api.semanticscholar.org/graph/v1"
    assert not settings["hf"].enabled
    # the v1 fallback never escapes a mirrored v2 API
    env = {"PAPERSHELF_OPENREVIEW_URL": "http://127.0.0.1:2/or"}
    assert source_settings(None, env=env)["openreview_v1"].base_url == "http://127.0.0.1:2/or"
    assert source_settings(None, env={})["openreview_v1"].base_url == "https://api.openreview.net"


def test_openreview_refusal_without_credentials_says_what_to_set(api):
    api.queue("openreview2", 403, '{"name": "ForbiddenError", "message": "Forbidden"}')
    api.queue("openreview1", 403, '{"name": "ForbiddenError", "message": "Forbidden"}')
    f = fetcher_for(api)
    assert run(lambda f: openreview.fetch(f, "Hk2YuZrKx9"), f) is None
    assert any("OPENREVIEW_USERNAME" in w for w in f.warnings)
    assert any("no credentials" in n for n in f.notes)
