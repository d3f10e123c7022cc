"""The link checker against HTTP servers these tests start on 127.0.0.1 (and nothing else)."""

from __future__ import annotations

import asyncio
import json
import re

import pytest
import stamina
import yaml

from loopback import LoopbackServer, Reply, Request
from papershelf.linkcheck import LinkCache, Settings, check_shelf
from papershelf.linkcheck.checker import Checker
from papershelf.net import Client, cache_path

TITLE = "Distilling the Knowledge in a Neural Network"


def page(title_meta: str = "") -> bytes:
    return f"<html><head><title>x</title>{title_meta}</head><body>paper</body></html>".encode()


def citation(title: str) -> str:
    return f'<meta name="citation_title" content="{title}"><meta name="citation_author" content="G. Hinton">'


class Site:
    """Stateful routes: what each path answers, and how often it was asked."""

    def __init__(self) -> None:
        self.hits: dict[str, int] = {}

    def __call__(self, request: Request) -> Reply:
        path = request.path
        n = self.hits[path] = self.hits.get(path, 0) + 1
        if path == "/ok":
            return Reply(body=page(citation(TITLE)))
        if path == "/og":
            return Reply(body=page(f'<meta property="og:title" content="{TITLE} | OpenReview">'))
        if path == "/wrong":
            return Reply(body=page(citation("FitNets: Hints for Thin Deep Nets")))
        if path == "/plain":
            return Reply(body=page())
        if path == "/chain":
            return Reply(301, b"", {"Location": "/chain2"})
        if path == "/chain2":
            return Reply(308, b"", {"Location": "/ok"})
        if path == "/temp":
            return Reply(302, b"", {"Location": "/ok"})
        if path == "/mixed":
            return Reply(301, b"", {"Location": "/temp"})
        if path == "/gone404":
            return Reply(404, b"not found")
        if path == "/gone410":
            return Reply(410, b"gone")
        if path == "/limited":
            return Reply(429, b"slow down", {"Retry-After": "1"}) if n == 1 else Reply(body=page(citation(TITLE)))
        if path == "/flaky":
            return Reply(500, b"oops") if n == 1 else Reply(body=page(citation(TITLE)))
        if path == "/slow":
            return Reply(delay=3.0)
        if path == "/reset":
            return Reply(reset=True)
        if path == "/huge":
            return Reply(endless=True)
        if path == "/nohead":
            return Reply(405, b"") if request.method == "HEAD" else Reply()
        if path == "/loop":
            return Reply(301, b"", {"Location": "/loop"})
        return Reply(404, b"no route")


@pytest.fixture
def site():
    handler = Site()
    with LoopbackServer(handler) as server:
        server.site = handler
        yield server


def shelf_with(make_shelf, links: dict[str, dict[str, str]], titles: dict[str, str] | None = None):
    papers = [{"id": pid, "title": (titles or {}).get(pid, TITLE), "topics": ["kd"], "links": paper_links}
              for pid, paper_links in links.items()]
    return make_shelf(yaml.safe_dump(papers, sort_keys=False))


FAST = Settings(timeout=1.0, backoff=0.05, retries=1, max_bytes=256 * 1024)


def by_paper(results):
    return {(r.paper, r.kind): r for r in results}


def test_statuses(make_shelf, site):
    links = {name: {"paper": site.url(f"/{name}")} for name in
             ("ok", "og", "wrong", "chain", "temp", "mixed", "gone404", "gone410", "flaky", "reset", "huge", "loop")}
    links["nohead"] = {"code": site.url("/nohead")}
    links["plaincode"] = {"code": site.url("/plain")}
    shelf = shelf_with(make_shelf, links)
    results, summary = check_shelf(shelf, FAST)
    r = {pid: res for (pid, _), res in by_paper(results).items()}
    assert r["ok"].status == "ok" and r["ok"].page_title == TITLE
    assert r["og"].status == "ok"
    assert r["wrong"].status == "mismatched" and "FitNets" in r["wrong"].message
    assert r["chain"].status == "redirected" and r["chain"].suggestion == site.url("/ok")
    assert r["temp"].status == "ok" and "temporary" in r["temp"].message and r["temp"].suggestion is None
    assert r["mixed"].status == "redirected" and r["mixed"].suggestion == site.url("/temp")
    assert r["gone404"].status == "broken" and r["gone404"].code == 404
    assert r["gone410"].status == "broken" and r["gone410"].code == 410
    assert r["flaky"].status == "ok" and site.site.hits["/flaky"] == 2
    assert r["reset"].status == "broken" and "connection failed" in r["reset"].message
    assert site.site.hits["/reset"] == 2, str([(q.method, q.peer) for q in site.requests if q.path == "/reset"])
    assert r["huge"].status == "ok"
    assert r["loop"].status == "broken" and "redirects" in r["loop"].message
    assert r["nohead"].status == "ok" and site.site.hits["/nohead"] == 2  # HEAD refused, then GET
    assert r["plaincode"].status == "ok" and site.site.hits["/plain"] == 1
    assert summary.broken == 4 and summary.mismatched == 1 and summary.redirected == 2


def test_huge_body_is_read_only_up_to_the_limit(make_shelf, site):
    shelf = shelf_with(make_shelf, {"huge": {"paper": site.url("/huge")}})
    results, _ = check_shelf(shelf, Settings(max_bytes=100_000, timeout=5))
    assert results[0].status == "ok"  # reading the endless body would have timed out: broken


def test_slow_response_times_out(make_shelf, site):
    shelf = shelf_with(make_shelf, {"slow": {"code": site.url("/slow")}})
    results, _ = check_shelf(shelf, Settings(timeout=0.3, retries=1, backoff=0.05))
    assert results[0].status == "broken" and "timed out" in results[0].message
    assert site.site.hits["/slow"] == 2


def test_hostile_answers_get_a_clear_status(make_shelf):
    """Issue 14, item 13: an unparsable Retry-After is retried (it was 'could not check:
    ValueError'), a bad gzip body is broken (it was 'skipped'), a dribbled body ends at the
    time limit, an invalid URL is broken."""
    hits: dict[str, int] = {}

    def handler(request: Request) -> Reply:
        n = hits[request.path] = hits.get(request.path, 0) + 1
        if request.path == "/superscript":
            return Reply(429, b"", {"Retry-After": "\u00b2"}) if n == 1 else Reply(body=page(citation(TITLE)))
        if request.path == "/badgzip":
            return Reply(body=b"not gzip at all", headers={"Content-Encoding": "gzip", "Content-Type": "text/html"})
        if request.path == "/dribble":
            return Reply(body=page(citation(TITLE)), dribble=2.0)
        return Reply(404)

    with LoopbackServer(handler) as server:
        links = {name: {"paper": server.url(f"/{name}")} for name in ("superscript", "badgzip", "dribble")}
        links["oops"] = {"code": "https://[oops"}
        shelf = shelf_with(make_shelf, links)
        with stamina.set_testing(True, attempts=10, cap=True):
            r = {res.paper: res for res in check_shelf(shelf, Settings(timeout=0.5, retries=1))[0]}
    assert r["superscript"].status == "ok" and hits["/superscript"] == 2
    assert r["badgzip"].status == "broken" and "undecodable gzip body" in r["badgzip"].message
    assert r["dribble"].status == "broken" and "timed out after 0.5 s" in r["dribble"].message
    assert r["oops"].status == "broken" and "invalid URL" in r["oops"].message


def test_whole_run_timeout_skips_what_is_left(make_shelf, site):
    shelf = shelf_with(make_shelf, {"slow": {"code": site.url("/slow")}, "ok": {"paper": site.url("/ok")}})
    results, summary = check_shelf(shelf, Settings(timeout=10, run_timeout=1.0))
    r = {res.paper: res for res in results}
    assert r["slow"].status == "skipped" and "time limit" in r["slow"].message
    assert r["ok"].status == "ok" and summary.skipped == 1


def test_429_honours_retry_after(site, fake_clock):
    client = Client(clock=fake_clock, sleep=fake_clock.sleep)
    outcomes = asyncio.run(Checker(FAST, client).run({site.url("/limited"): True}))
    assert outcomes[site.url("/limited")].status == "ok"
    assert site.site.hits["/limited"] == 2 and fake_clock.sleeps == [1.0]  # the host waited as asked


def test_429_beyond_the_cap_is_skipped(make_shelf, site):
    shelf = shelf_with(make_shelf, {"limited": {"paper": site.url("/limited")}})
    results, _ = check_shelf(shelf, Settings(max_retry_after=0.5))
    assert results[0].status == "skipped" and "rate limited" in results[0].message


def test_page_without_paper_metadata_on_a_paper_host(make_shelf, site):
    shelf = shelf_with(make_shelf, {"plain": {"paper": site.url("/plain")}, "ok": {"paper": site.url("/ok")}})
    settings = Settings(paper_hosts=frozenset({"127.0.0.1"}))
    r = {res.paper: res for res in check_shelf(shelf, settings)[0]}
    assert r["plain"].status == "mismatched" and "not a paper page" in r["plain"].message
    assert r["ok"].status == "ok"


def test_per_host_concurrency_limit(make_shelf):
    def handler(request: Request) -> Reply:
        return Reply(delay=0.1)

    with LoopbackServer(handler) as server:
        links = {f"p{i}": {"code": server.url(f"/x{i}")} for i in range(24)}
        shelf = shelf_with(make_shelf, links)
        results, _ = check_shelf(shelf, Settings(per_host=3))
        assert all(r.status == "ok" for r in results)
        assert len({r.peer for r in server.requests}) == 3  # never more than 3 connections, each reused


def test_a_link_redirected_to_a_slow_host_does_not_hold_its_first_host():
    """One request at a time per host: while host B answers the first link (slowly), host A is
    already asked about the second link, not only once B has answered."""
    def handler(request: Request) -> Reply:
        if request.port == server.ports[0]:
            return Reply(302, b"", {"Location": server.url(request.path, port_index=1)})
        return Reply(delay=0.3)

    events: list[tuple[str, str]] = []
    with LoopbackServer(handler, ports=2) as server:
        first, second = server.url("/one"), server.url("/two")
        checker = Checker(Settings(per_host=1), on_request=lambda method, url: events.append(("asked", url)))
        outcomes = asyncio.run(checker.run({first: False, second: False},
                                           lambda outcome: events.append(("done", outcome.url))))
    assert {o.status for o in outcomes.values()} == {"ok"}
    assert events.index(("asked", second)) < events.index(("done", first))
    assert len({r.peer for r in server.requests if r.port == server.ports[0]}) == 1  # one connection to A


def test_politeness_delay(site, fake_clock):
    urls = {site.url(f"/plain?{i}"): False for i in range(5)}
    client = Settings(delay=0.2).client(clock=fake_clock, sleep=fake_clock.sleep)
    asyncio.run(Checker(Settings(delay=0.2), client).run(urls))
    assert len(site.requests) == 5
    start = fake_clock.start  # each request starts 0.2 s after the one before
    assert fake_clock.wakes == pytest.approx([start + 0.2, start + 0.4, start + 0.6, start + 0.8])


def test_cache_second_run_makes_no_request(make_shelf, site):
    shelf = shelf_with(make_shelf, {"ok": {"paper": site.url("/ok")}, "gone": {"paper": site.url("/gone404")}})
    cache = LinkCache(cache_path(shelf), ttl=3600)
    first, s1 = check_shelf(shelf, FAST, cache=cache)
    asked = len(site.requests)
    second, s2 = check_shelf(shelf, FAST, cache=cache)
    assert len(site.requests) == asked and s2.requests == 0 and s2.cached == 2
    assert [(r.paper, r.status) for r in first] == [(r.paper, r.status) for r in second]
    expired = LinkCache(cache_path(shelf), ttl=0)
    check_shelf(shelf, FAST, cache=expired)
    assert len(site.requests) > asked


def test_transient_failures_are_not_cached(make_shelf, site):
    shelf = shelf_with(make_shelf, {"reset": {"code": site.url("/reset")}})
    cache = LinkCache(cache_path(shelf))
    check_shelf(shelf, FAST, cache=cache)
    assert cache.get(site.url("/reset")) is None


def test_only_new(make_shelf, site):
    shelf = shelf_with(make_shelf, {"ok": {"paper": site.url("/ok")}})
    cache = LinkCache(cache_path(shelf), ttl=0)  # everything already stale
    check_shelf(shelf, FAST, cache=cache)
    with (shelf.root / "papers" / "a.yaml").open("a") as fh:
        fh.write(yaml.safe_dump([{"id": "new", "title": TITLE, "links": {"paper": site.url("/og")}}]))
    shelf.invalidate()
    before = dict(site.site.hits)
    results, summary = check_shelf(shelf, FAST, cache=cache, only_new=True)
    assert site.site.hits.get("/ok") == before.get("/ok")  # old link: no request although stale
    assert site.site.hits["/og"] == 1
    assert {r.paper: r.status for r in results} == {"ok": "ok", "new": "ok"}


def test_cli_json_exit_status_and_fix(make_shelf, site, cli):
    shelf = make_shelf(f"""\
# links to check
- id: moved   # keep this comment
  title: {TITLE}
  topics: [kd]
  links:
    paper: {site.url('/chain')}
- id: gone
  title: {TITLE}
  links: {{paper: '{site.url('/gone404')}'}}
""")
    code, out, _ = cli("check-links", "--shelf", shelf.root, "--format", "json", "--timeout", "2")
    data = json.loads(out)
    assert code == 1
    assert data["summary"]["broken"] == 1 and data["summary"]["redirected"] == 1
    moved = next(r for r in data["results"] if r["paper"] == "moved")
    assert moved["suggestion"] == site.url("/ok") and moved["file"] == "papers/a.yaml" and moved["line"] == 6
    assert {(f["code"], f["paper"], f["line"]) for f in data["findings"]} == {("link-redirected", "moved", 6),
                                                                             ("link-broken", "gone", 9)}

    code, out, err = cli("check-links", "--shelf", shelf.root, "--fix", "--format", "github")
    text = (shelf.root / "papers" / "a.yaml").read_text()
    assert f"paper: {site.url('/ok')}" in text and "# keep this comment" in text and "# links to check" in text
    assert "fixed papers/a.yaml:6: moved links.paper" in err
    assert out.startswith("::error file=papers/a.yaml,line=9,title=link-broken::links.paper")
    assert code == 1


def test_cli_text_summary(make_shelf, site, cli):
    shelf = shelf_with(make_shelf, {"ok": {"paper": site.url("/ok")}})
    code, out, _ = cli("check-links", "--shelf", shelf.root)
    assert code == 0
    assert "1 ok, 0 redirected, 0 broken, 0 mismatched, 0 skipped" in out
    code, out, _ = cli("check-links", "--shelf", shelf.root)
    assert "1 from cache" in out and "0 requests" in out


def test_the_readme_names_every_link_finding_code():
    from pathlib import Path

    from papershelf.app.links import CODES

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Linting and link checking", 1)[1].split("\n## ", 1)[0]
    assert set(re.findall(r"`(link-[a-z]+)`", section)) == set(CODES.values())
