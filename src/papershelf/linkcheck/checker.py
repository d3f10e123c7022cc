"""The async link checker: paper-aware outcomes over papershelf's one HTTP client
(:mod:`papershelf.net`, which owns per-host limits, retries, Retry-After and the bounds)."""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields, replace
from functools import lru_cache
from urllib.parse import urljoin

from ..identifiers import ARXIV_HOSTS, DOI_HOSTS, OPENREVIEW_HOSTS
from ..net import BadURL, Bounds, Client, NetError, RateLimited, Response, RetryPolicy, origin, run

REDIRECTS = (301, 302, 303, 307, 308)
PERMANENT = (301, 308)
HEAD_REFUSED = (400, 403, 405, 406, 501)   # servers that answer HEAD badly: ask again with GET
PAPER_HOSTS = frozenset(ARXIV_HOSTS | DOI_HOSTS | OPENREVIEW_HOSTS)


@dataclass
class Settings:
    """How the checker behaves; every field has a safe default."""

    per_host: int = 8                 # requests in flight to one host (host:port)
    delay: float = 0.0                # politeness: seconds between request starts to one host
    timeout: float = 10.0             # seconds for one request, body included
    run_timeout: float = 600.0        # seconds for the whole run; what is left is skipped
    retries: int = 2                  # extra attempts after a timeout, a dropped connection, a 5xx or a 429
    backoff: float = 0.5              # first retry after 0.5 s, then 1 s, 2 s, …
    max_retry_after: float = 60.0     # a longer Retry-After skips the link instead of waiting
    max_redirects: int = 10
    max_bytes: int = 512 * 1024       # bytes of a page read to find its title (after decompression)
    title_threshold: float = 85.0     # rapidfuzz score below which titles differ
    paper_hosts: frozenset[str] = PAPER_HOSTS
    contact: str = ""                 # for the User-Agent (check_shelf uses the shelf's when empty)

    def client(self, **kwargs) -> Client:
        """The network client these settings describe (``kwargs``: on_request, clock, sleep)."""
        return Client(contact=self.contact, bounds=Bounds(self.timeout, self.max_bytes, self.max_redirects),
                      retry=RetryPolicy(self.retries, self.backoff, max_retry_after=self.max_retry_after),
                      per_host=self.per_host, interval=self.delay, **kwargs)


@dataclass
class Outcome:
    """What one URL did (shared by every paper that links to it; cached)."""

    url: str
    status: str                       # ok | redirected | broken | skipped
    code: int | None = None
    final_url: str | None = None
    suggestion: str | None = None     # replacement for a permanent redirect
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
        """Every field, in order: the raw per-link record (findings come from app.links). Each is
        a str, int, bool or None, so a shallow copy (``asdict`` deep-copies each value)."""
        return {name: getattr(self, name) for name in _RESULT_FIELDS}


_RESULT_FIELDS = tuple(f.name for f in fields(LinkResult))


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


class Checker:
    """Checks URLs through one :class:`papershelf.net.Client` (``client`` is for tests)."""

    def __init__(self, settings: Settings | None = None, client: Client | None = None,
                 on_request: Callable[[str, str], None] | None = None) -> None:
        self.settings = settings or Settings()
        self.client = client or self.settings.client(on_request=on_request)

    @property
    def requests(self) -> int:
        return self.client.requests

    async def _fetch(self, method: str, url: str, want_page: bool) -> Response:
        return await self.client.send(method, url, read_body=want_page, follow_redirects=False, truncate=True)

    async def check(self, url: str, want_page: bool, leave: Callable[[], None] | None = None) -> Outcome:
        """Follow ``url`` hop by hop (each hop is seen); read the landing page when ``want_page``.
        ``leave()`` is called once, before the first hop to another host (scheme, host, port)."""
        s = self.settings
        hops: list[tuple[int, str, str]] = []
        current = url
        first = _origin(url) if leave is not None else None
        method = "GET" if want_page else "HEAD"
        try:
            for _ in range(s.max_redirects + 1):
                response = await self._fetch(method, current, want_page)
                if method == "HEAD" and response.status in HEAD_REFUSED:
                    method = "GET"
                    response = await self._fetch(method, current, want_page)
                location = response.headers.get("location")
                if response.status not in REDIRECTS or not location:
                    break
                target = _join(current, location)
                hops.append((response.status, current, target))
                current = target
                if not current.startswith(("http://", "https://")):
                    return self._done(Outcome(url, "broken", response.status, current,
                                              message=f"redirects to a non-http URL {current}"))
                if leave is not None and _origin(current) != first:
                    leave()
                    leave = None
            else:
                return self._done(Outcome(url, "broken", None, current, message=f"more than {s.max_redirects} redirects"))
        except RateLimited as exc:
            return self._done(Outcome(url, "skipped", None, current, message=exc.message, transient=True))
        except NetError as exc:
            return self._done(Outcome(url, "broken", None, current, message=exc.message, transient=exc.transient))
        return self._done(self._landed(url, response, current, hops, want_page))

    @staticmethod
    def _landed(url: str, response: Response, current: str, hops: list, want_page: bool) -> Outcome:
        """The outcome of the answer at the end of the redirects."""
        code = response.status
        outcome = Outcome(url, "ok", code, current)
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
        return outcome

    @staticmethod
    def _done(outcome: Outcome) -> Outcome:
        outcome.checked_at = time.time()
        return outcome

    async def run(self, urls: dict[str, bool], progress: Callable[[Outcome], None] | None = None) -> dict[str, Outcome]:
        """Check ``urls`` (url → whether its page is needed) within the run timeout.

        Each host gets as many workers as its limiter lets requests fly, each taking the host's
        next link when done, rather than one task per link waiting at the limiter: a waiting
        task costs a task, a future and a wake-up, a third of the CPU of a big check. A worker
        whose link is redirected to another host hands its place to a new worker at once, so a
        slow host at the end of redirects does not hold back the host the links start from."""
        results: dict[str, Outcome] = {}
        queues: dict[tuple | None, deque[tuple[str, bool]]] = {}
        for url, want in urls.items():
            queues.setdefault(_origin(url), deque()).append((url, want))
        workers: set[asyncio.Task] = set()
        finished = asyncio.get_running_loop().create_future()

        def start(queue: deque) -> None:
            task = asyncio.create_task(self._work(queue, results, progress, start))
            workers.add(task)
            task.add_done_callback(ended)

        def ended(task: asyncio.Task) -> None:
            workers.discard(task)
            if not workers and not finished.done():
                finished.set_result(None)

        try:
            for key, queue in queues.items():
                for _ in range(min(len(queue), self.client.limiter(key).concurrency if key else 1)):
                    start(queue)
            if workers:
                await asyncio.wait([finished], timeout=self.settings.run_timeout)
            while workers:  # the run's time is up: stop what is left
                stopping = list(workers)
                for task in stopping:
                    task.cancel()
                await asyncio.gather(*stopping, return_exceptions=True)
        finally:
            await self.client.aclose()
        for url in urls:
            if url not in results:
                results[url] = Outcome(url, "skipped", message=f"not checked: the run's {self.settings.run_timeout:g} s "
                                       "time limit was reached", transient=True, checked_at=time.time())
                if progress:
                    progress(results[url])
        return results

    async def _work(self, queue: deque, results: dict[str, Outcome], progress, start: Callable[[deque], None]) -> None:
        """One worker of one host: check the host's links one after the other until none is left,
        or until a link leads to another host (``start`` then sets a new worker on this host)."""
        left = False

        def leave() -> None:
            nonlocal left
            left = True
            if queue:
                start(queue)

        while queue and not left:
            url, want = queue.popleft()
            try:
                outcome = await self.check(url, want, leave)
            except Exception as exc:  # noqa: BLE001 - one odd page must not end the run
                outcome = self._done(Outcome(url, "skipped", message=f"could not check: {type(exc).__name__}: {exc}",
                                             transient=True))
            results[url] = outcome
            if progress:
                progress(outcome)


def check_urls(urls: dict[str, bool], settings: Settings | None = None,
               progress: Callable[[Outcome], None] | None = None) -> tuple[dict[str, Outcome], int]:
    """Check URLs synchronously; returns the outcomes and the number of requests sent."""
    checker = Checker(settings)
    outcomes = run(checker.run(urls, progress))
    return outcomes, checker.requests


def _judge(outcome: Outcome, paper, kind: str, settings: Settings) -> tuple[str, str]:
    """The paper-level status: a page naming another paper (or no paper) is ``mismatched``."""
    status, message = outcome.status, outcome.message
    host = _hostname(outcome.url)
    if status not in ("ok", "redirected") or (kind != "paper" and host not in settings.paper_hosts):
        return status, message
    from .pages import same_title

    if outcome.page_title and not same_title(paper.title, outcome.page_title, settings.title_threshold):
        return "mismatched", f"the page is about {outcome.page_title!r}, not {paper.title!r}"
    if host in settings.paper_hosts and outcome.paper_page is False:
        return "mismatched", "the landing page has no paper metadata (citation_title, og:title): not a paper page"
    return status, message


def _join(base: str, location: str) -> str:
    try:
        return urljoin(base, location)
    except ValueError:  # a Location such as http://[oops
        raise BadURL(f"redirects to an invalid URL {location[:200]!r}") from None


def _origin(url: str) -> tuple | None:
    """The limiter key of ``url`` (scheme, host, port), None for a URL that is not one."""
    try:
        return origin(url)
    except BadURL:
        return None


@lru_cache(maxsize=1 << 16)
def _hostname(url: str) -> str:
    key = _origin(url)
    return key[1] if key else ""  # e.g. https://[oops: the check itself reports it


def wants_page(kind: str, url: str, settings: Settings) -> bool:
    return kind == "paper" or _hostname(url) in settings.paper_hosts


def check_shelf(shelf, settings: Settings | None = None, *, cache=None, only_new: bool = False,
                progress_factory=None, papers: Iterable | None = None) -> tuple[list[LinkResult], Summary]:
    """Check every link of ``shelf`` (or of ``papers``); results in shelf order and a summary.

    ``cache`` is a LinkCache (fresh outcomes are used without a request; new ones are stored).
    ``progress_factory(total)`` returns a callable invoked once per finished URL.
    """
    settings = settings or Settings()
    if not settings.contact and shelf is not None:
        settings = replace(settings, contact=shelf.config.contact)
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
        fresh, requests = check_urls(to_check, settings, progress)
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
    from ..model import check_url

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
