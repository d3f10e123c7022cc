"""The async link checker (httpx): per-host limits, retries, redirects, paper-aware pages."""

from __future__ import annotations

import asyncio
import email.utils
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from ..identifiers import ARXIV_HOSTS, DOI_HOSTS, OPENREVIEW_HOSTS
from ..model import check_url

REDIRECTS = (301, 302, 303, 307, 308)
PERMANENT = (301, 308)
HEAD_REFUSED = (400, 403, 405, 406, 501)   # servers that answer HEAD badly: ask again with GET
SMALL_BODY = 64 * 1024                     # read this much of a body nobody needs, then hang up
PAPER_HOSTS = frozenset(ARXIV_HOSTS | DOI_HOSTS | OPENREVIEW_HOSTS)
USER_AGENT = "papershelf-linkcheck/0.1 (+https://github.com/papershelf; reading-list link checker)"


@dataclass
class Settings:
    """How the checker behaves; every field has a safe default."""

    per_host: int = 8                 # requests in flight to one host (host:port)
    delay: float = 0.0                # politeness: seconds between request starts to one host
    timeout: float = 10.0             # seconds for one request, body included
    run_timeout: float = 600.0        # seconds for the whole run; what is left is skipped
    retries: int = 2                  # extra attempts after a timeout, connection error or 5xx
    backoff: float = 0.5              # first retry after 0.5 s, then 1 s, 2 s, …
    max_retry_after: float = 60.0     # a longer Retry-After skips the link instead of waiting
    rate_limit_retries: int = 3       # how many 429s one link may get
    max_redirects: int = 10
    max_bytes: int = 512 * 1024       # bytes of a page read to find its title
    title_threshold: float = 85.0     # rapidfuzz score below which titles differ
    paper_hosts: frozenset[str] = PAPER_HOSTS
    user_agent: str = USER_AGENT
    lean_transport: bool = True       # papershelf's HTTP/1.1 transport (see transport.py), else httpx's own


@dataclass
class Outcome:
    """What one URL did (shared by every paper that links to it; cached)."""

    url: str
    status: str                       # ok | redirected | broken | skipped
    code: int | None = None
    final_url: str | None = None
    suggestion: str | None = None     # replacement for a permanent redirect
    redirects: list[list] = field(default_factory=list)   # [[code, from, to], …]
    page_title: str | None = None     # citation_title / og:title of a fetched page
    paper_page: bool | None = None    # page has scholarly metadata (None: not looked at)
    message: str = ""
    checked_at: float = 0.0
    transient: bool = False           # a failure worth retrying later: not cached
    from_cache: bool = False


@dataclass
class LinkResult:
    """One link of one paper, with its outcome (``mismatched`` is decided per paper)."""

    paper: str
    kind: str
    url: str
    status: str
    code: int | None = None
    final_url: str | None = None
    suggestion: str | None = None
    message: str = ""
    page_title: str | None = None
    cached: bool = False
    file: str | None = None
    line: int | None = None

    def to_json(self) -> dict:
        return {"paper": self.paper, "kind": self.kind, "url": self.url, "status": self.status, "code": self.code,
                "final_url": self.final_url, "suggestion": self.suggestion, "message": self.message,
                "page_title": self.page_title, "cached": self.cached, "file": self.file, "line": self.line}


@dataclass
class Summary:
    ok: int = 0
    redirected: int = 0
    broken: int = 0
    mismatched: int = 0
    skipped: int = 0
    requests: int = 0
    cached: int = 0
    seconds: float = 0.0

    def add(self, result: LinkResult) -> None:
        setattr(self, result.status, getattr(self, result.status) + 1)
        self.cached += result.cached


class _Host:
    """One host:port: its own connection pool (httpx's pool does work proportional to its
    connections for every request, so one small pool per host keeps a big run fast), its
    concurrency limit and its politeness delay."""

    def __init__(self, limit: int, delay: float, make_transport: Callable) -> None:
        self.sem = asyncio.Semaphore(max(1, limit))
        self.delay = delay
        self.next_start = 0.0
        self.transport = make_transport(limit)

    async def acquire(self) -> None:
        await self.sem.acquire()
        while True:
            now = time.monotonic()
            if now >= self.next_start:
                break
            await asyncio.sleep(self.next_start - now)
        self.next_start = max(self.next_start, time.monotonic()) + self.delay

    def release(self) -> None:
        self.sem.release()

    def pause(self, seconds: float) -> None:
        self.next_start = max(self.next_start, time.monotonic() + seconds)


def retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


@dataclass
class _Response:
    code: int
    headers: dict
    body: bytes


class _Failure(Exception):
    def __init__(self, message: str, transient: bool = True, skipped: bool = False) -> None:
        super().__init__(message)
        self.message, self.transient, self.skipped = message, transient, skipped


class Checker:
    """Checks URLs with one shared httpx.AsyncClient; ``transport`` is for tests."""

    def __init__(self, settings: Settings | None = None, transport=None,
                 on_request: Callable[[str, str], None] | None = None) -> None:
        self.settings = settings or Settings()
        self.transport = transport
        self.hosts: dict[str, _Host] = {}
        self.requests = 0
        self.on_request = on_request
        self._ssl = None
        self._headers = {"User-Agent": self.settings.user_agent, "Accept": "text/html,*/*;q=0.8"}

    def _host(self, url: str) -> _Host:
        parts = urlsplit(url)
        key = f"{parts.scheme}://{parts.hostname}:{parts.port or (443 if parts.scheme == 'https' else 80)}"
        if key not in self.hosts:
            self.hosts[key] = _Host(self.settings.per_host, self.settings.delay, self._transport)
        return self.hosts[key]

    def _transport(self, limit: int):
        """The httpx transport for one host. Requests go straight to it (httpx.Request in,
        httpx.Response out): a link checker needs none of AsyncClient's cookies, auth or
        redirect handling, and skipping them saves a third of the CPU time per request."""
        import httpx

        s = self.settings
        if self.transport is not None:
            return self.transport
        if self._ssl is None:
            self._ssl = httpx.create_ssl_context()  # one for all hosts: loading CA certificates is slow
        if s.lean_transport:
            from .transport import LeanTransport

            return LeanTransport(self._ssl, max_idle=limit)
        return httpx.AsyncHTTPTransport(verify=self._ssl, trust_env=False,
                                        limits=httpx.Limits(max_connections=limit, max_keepalive_connections=limit))

    async def _send(self, method: str, url: str, want_body: bool) -> _Response:
        """One request, with retries for timeouts, connection errors and 5xx and waits for 429."""
        import httpx

        s = self.settings
        attempt = rate_waits = 0
        host = self._host(url)
        transport = host.transport
        while True:
            await host.acquire()
            try:
                self.requests += 1
                if self.on_request:
                    self.on_request(method, url)
                async with asyncio.timeout(s.timeout):
                    request = httpx.Request(method, url, headers=self._headers)
                    resp = await transport.handle_async_request(request)
                    resp.request = request
                    try:
                        # Read the body (bounded) even when it is not needed: a response read
                        # to its end leaves the connection open for the next request.
                        limit = s.max_bytes if want_body and resp.status_code < 300 else SMALL_BODY
                        chunks = []
                        size = 0
                        if method != "HEAD":
                            async for chunk in resp.aiter_bytes():
                                chunks.append(chunk)
                                size += len(chunk)
                                if size >= limit:
                                    break
                        else:
                            await resp.aread()
                        body = b"".join(chunks)[:limit] if want_body else b""
                        response = _Response(resp.status_code, resp.headers, body)
                    finally:
                        await resp.aclose()
            except (TimeoutError, httpx.TimeoutException):
                failure = f"timed out after {s.timeout:g} s"
            except httpx.TransportError as exc:
                failure = f"connection failed: {type(exc).__name__}{': ' + str(exc) if str(exc) else ''}"
            else:
                failure = None
            finally:
                host.release()
            if failure is not None:
                if attempt < s.retries:
                    await asyncio.sleep(s.backoff * 2 ** attempt)
                    attempt += 1
                    continue
                raise _Failure(f"{failure} ({attempt + 1} attempts)")
            if response.code == 429:
                wait = retry_after(response.headers.get("retry-after"))
                if wait is None:
                    wait = s.backoff * 2 ** rate_waits
                if rate_waits >= s.rate_limit_retries or wait > s.max_retry_after:
                    raise _Failure(f"rate limited (429, Retry-After {wait:g} s)", skipped=True)
                host.pause(wait)
                rate_waits += 1
                continue
            if response.code >= 500 and attempt < s.retries:
                await asyncio.sleep(s.backoff * 2 ** attempt)
                attempt += 1
                continue
            return response

    async def check(self, url: str, want_page: bool) -> Outcome:
        """Follow ``url`` hop by hop; read the landing page when ``want_page``."""
        s = self.settings
        hops: list[list] = []
        current = url
        method = "GET" if want_page else "HEAD"
        try:
            for _ in range(s.max_redirects + 1):
                response = await self._send(method, current, want_page)
                if method == "HEAD" and response.code in HEAD_REFUSED:
                    method = "GET"
                    response = await self._send(method, current, want_page)
                location = response.headers.get("location")
                if response.code in REDIRECTS and location:
                    target = urljoin(current, location)
                    hops.append([response.code, current, target])
                    current = target
                    if urlsplit(current).scheme not in ("http", "https"):
                        return self._done(Outcome(url, "broken", response.code, current, redirects=hops,
                                                  message=f"redirects to a non-http URL {current}"))
                    continue
                break
            else:
                return self._done(Outcome(url, "broken", None, current, redirects=hops,
                                          message=f"more than {s.max_redirects} redirects"))
        except _Failure as exc:
            return self._done(Outcome(url, "skipped" if exc.skipped else "broken", None, current, redirects=hops,
                                      message=exc.message, transient=exc.transient))
        code = response.code
        outcome = Outcome(url, "ok", code, current, redirects=hops)
        if code >= 400:
            outcome.status = "broken"
            outcome.message = f"HTTP {code}" + (f" after {len(hops)} redirect(s)" if hops else "")
            outcome.transient = code >= 500 or code == 429
        elif hops:
            permanent = 0
            while permanent < len(hops) and hops[permanent][0] in PERMANENT:
                permanent += 1
            if permanent:
                outcome.status = "redirected"
                outcome.suggestion = hops[permanent - 1][2]
                outcome.message = f"moved permanently ({hops[0][0]}) to {outcome.suggestion}"
            else:
                outcome.message = f"temporary redirect ({hops[0][0]}) to {current}"
        if want_page and code < 300 and response.body:
            from .pages import page_metadata

            outcome.page_title, outcome.paper_page = page_metadata(response.body,
                                                                   response.headers.get("content-type", ""))
        elif want_page and code < 300:
            outcome.paper_page = False
        return self._done(outcome)

    @staticmethod
    def _done(outcome: Outcome) -> Outcome:
        outcome.checked_at = time.time()
        return outcome

    async def run(self, urls: dict[str, bool], progress: Callable[[Outcome], None] | None = None) -> dict[str, Outcome]:
        """Check ``urls`` (url → whether its page is needed) within the run timeout."""
        s = self.settings
        results: dict[str, Outcome] = {}

        async def one(url: str, want: bool) -> None:
            try:
                outcome = await self.check(url, want)
            except Exception as exc:  # noqa: BLE001 - one odd page must not end the run
                outcome = self._done(Outcome(url, "skipped", message=f"could not check: {type(exc).__name__}: {exc}",
                                             transient=True))
            results[url] = outcome
            if progress:
                progress(outcome)

        try:
            tasks = [asyncio.create_task(one(u, w)) for u, w in urls.items()]
            if tasks:
                done, pending = await asyncio.wait(tasks, timeout=s.run_timeout)
                for task in pending:
                    task.cancel()
                if pending:
                    await asyncio.gather(*pending, return_exceptions=True)
        finally:
            closed = set()
            for host in self.hosts.values():
                if id(host.transport) not in closed:
                    closed.add(id(host.transport))
                    await host.transport.aclose()
        for url in urls:
            if url not in results:
                results[url] = Outcome(url, "skipped", message=f"not checked: the run's {s.run_timeout:g} s "
                                       "time limit was reached", transient=True, checked_at=time.time())
                if progress:
                    progress(results[url])
        return results


def check_urls(urls: dict[str, bool], settings: Settings | None = None, transport=None,
               progress: Callable[[Outcome], None] | None = None) -> tuple[dict[str, Outcome], int]:
    """Check URLs synchronously; returns the outcomes and the number of requests sent."""
    checker = Checker(settings, transport)
    outcomes = asyncio.run(checker.run(urls, progress))
    return outcomes, checker.requests


def _judge(outcome: Outcome, paper, kind: str, settings: Settings) -> tuple[str, str]:
    """The paper-level status: a page naming another paper (or no paper) is ``mismatched``."""
    status, message = outcome.status, outcome.message
    host = (urlsplit(outcome.url).hostname or "").lower()
    if status not in ("ok", "redirected") or (kind != "paper" and host not in settings.paper_hosts):
        return status, message
    from .pages import same_title

    if outcome.page_title and not same_title(paper.title, outcome.page_title, settings.title_threshold):
        return "mismatched", f"the page is about {outcome.page_title!r}, not {paper.title!r}"
    if host in settings.paper_hosts and outcome.paper_page is False:
        return "mismatched", "the landing page has no paper metadata (citation_title, og:title): not a paper page"
    return status, message


def wants_page(kind: str, url: str, settings: Settings) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return kind == "paper" or host in settings.paper_hosts


def check_shelf(shelf, settings: Settings | None = None, *, cache=None, only_new: bool = False, transport=None,
                progress_factory=None, papers: Iterable | None = None) -> tuple[list[LinkResult], Summary]:
    """Check every link of ``shelf`` (or of ``papers``); results in shelf order and a summary.

    ``cache`` is a LinkCache (fresh outcomes are used without a request; new ones are stored).
    ``progress_factory(total)`` returns a callable invoked once per finished URL.
    """
    settings = settings or Settings()
    started = time.monotonic()
    papers = list(papers if papers is not None else shelf.papers)
    wanted: dict[str, bool] = {}
    for paper in papers:
        for kind, url in paper.links.items():
            if url:
                wanted[url] = wanted.get(url, False) or wants_page(kind, url, settings)
    outcomes: dict[str, Outcome] = {}
    to_check: dict[str, bool] = {}
    for url, want in wanted.items():
        cached = None
        if cache is not None:
            cached = cache.get(url, any_age=only_new)
            if cached is not None and want and cached.paper_page is None and cached.status in ("ok", "redirected"):
                cached = None  # checked with HEAD only; the page is needed now
        if cached is not None:
            outcomes[url] = cached
        elif only_new and cache is not None and cache.seen(url):
            outcomes[url] = Outcome(url, "skipped", message="checked before (--only-new)")
        else:
            to_check[url] = want
    requests = 0
    if to_check:
        progress = progress_factory(len(to_check)) if progress_factory else None
        fresh, requests = check_urls(to_check, settings, transport, progress)
        outcomes.update(fresh)
        if cache is not None:
            cache.put_many(o for o in fresh.values() if not o.transient and o.status != "skipped")
    results: list[LinkResult] = []
    summary = Summary(requests=requests)
    for paper in papers:
        for kind, url in paper.links.items():
            if not url:
                continue
            outcome = outcomes[url]
            status, message = _judge(outcome, paper, kind, settings)
            result = LinkResult(paper.id, kind, url, status, outcome.code, outcome.final_url, outcome.suggestion,
                                message, outcome.page_title, outcome.from_cache)
            summary.add(result)
            results.append(result)
    summary.seconds = time.monotonic() - started
    return results, summary


def apply_suggestions(shelf, results: Iterable[LinkResult]) -> list[LinkResult]:
    """Replace each permanently redirected link by its target through ``shelf.edit``; returns
    the results applied. A link edited since the check is left alone."""
    todo: dict[str, list[LinkResult]] = {}
    for r in results:
        if r.status == "redirected" and r.suggestion and r.suggestion != r.url:
            try:
                check_url(r.suggestion)
            except ValueError:
                continue
            todo.setdefault(r.paper, []).append(r)
    applied: list[LinkResult] = []

    def change(paper):
        links = dict(paper.links)
        for r in todo[paper.id]:
            if links.get(r.kind) == r.url:
                links[r.kind] = r.suggestion
                applied.append(r)
        return paper.model_copy(update={"links": links})

    if todo:
        shelf.edit(list(todo), change)
    return applied
