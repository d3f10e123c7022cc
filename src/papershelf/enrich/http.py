"""Talking to metadata APIs politely: base URLs, per-source rate limits, retries honouring
``Retry-After``, timeouts, a User-Agent with the shelf's contact address, and the response cache.

A source that is down, rate-limited for too long or answers garbage never stops a run: the
request returns ``None`` and one clear warning per source is recorded in ``Fetcher.warnings``.
"""

from __future__ import annotations

import asyncio
import email.utils
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from .. import __version__
from ..config import ShelfConfig
from .cache import ResponseCache, cache_key


@dataclass(frozen=True)
class SourceInfo:
    name: str
    label: str
    default_url: str
    rate_limit: float  # seconds between requests
    env: str


SOURCES: dict[str, SourceInfo] = {s.name: s for s in (
    SourceInfo("arxiv", "arXiv", "https://export.arxiv.org/api/query", 3.0, "PAPERSHELF_ARXIV_URL"),
    SourceInfo("s2", "Semantic Scholar", "https://api.semanticscholar.org/graph/v1", 1.0, "PAPERSHELF_S2_URL"),
    SourceInfo("dblp", "DBLP", "https://dblp.org/search/publ/api", 1.0, "PAPERSHELF_DBLP_URL"),
    SourceInfo("crossref", "Crossref", "https://api.crossref.org", 0.1, "PAPERSHELF_CROSSREF_URL"),
    SourceInfo("openreview", "OpenReview", "https://api2.openreview.net", 0.5, "PAPERSHELF_OPENREVIEW_URL"),
    SourceInfo("openreview_v1", "OpenReview (API v1)", "https://api.openreview.net", 0.5,
               "PAPERSHELF_OPENREVIEW_V1_URL"),
    SourceInfo("hf", "Hugging Face", "https://huggingface.co/api", 0.5, "PAPERSHELF_HF_URL"),
)}


@dataclass
class SourceSettings:
    name: str
    base_url: str
    rate_limit: float
    enabled: bool = True


def source_settings(config: ShelfConfig | None = None, env: dict[str, str] | None = None,
                    scale: float = 1.0) -> dict[str, SourceSettings]:
    """Each source's base URL (environment, else ``[sources.NAME] base_url``, else the public
    API), rate limit (``rate_limit`` seconds, else the default; times ``scale``) and switch."""
    env = os.environ if env is None else env
    configured = config.sources if config else {}
    out: dict[str, SourceSettings] = {}
    for name, info in SOURCES.items():
        conf = configured.get(name)
        url = env.get(info.env) or (conf.base_url if conf and conf.base_url else None)
        if url is None and name == "openreview_v1":
            # A mirrored/proxied v2 API means the v1 fallback goes to the same place, never the internet.
            v2 = env.get(SOURCES["openreview"].env) or (
                configured["openreview"].base_url if "openreview" in configured else None)
            url = v2
        rate = conf.rate_limit if conf and conf.rate_limit is not None else info.rate_limit
        out[name] = SourceSettings(name, (url or info.default_url).rstrip("/"), rate * scale,
                                   conf.enabled if conf else True)
    return out


def user_agent(contact: str) -> str:
    mail = f"; mailto:{contact}" if contact else ""
    return f"papershelf/{__version__} (https://github.com/papershelf/papershelf{mail})"


class RateLimiter:
    """At most one request every ``interval`` seconds: each caller gets the next free slot."""

    def __init__(self, interval: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.interval = interval
        self._clock = clock
        self._next = 0.0

    async def wait(self) -> None:
        now = self._clock()
        slot = max(now, self._next)
        self._next = slot + self.interval
        if slot > now:
            await asyncio.sleep(slot - now)

    def push_back(self, seconds: float) -> None:
        """The server asked us to wait: no request before ``seconds`` from now."""
        self._next = max(self._next, self._clock() + seconds)


def retry_after(value: str | None, default: float) -> float:
    """Seconds to wait from a ``Retry-After`` header (seconds or an HTTP date)."""
    if not value:
        return default
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return default
    return max(0.0, when.timestamp() - time.time())


class Malformed(ValueError):
    """A response that does not have the documented shape."""


@dataclass
class Result:
    """A usable answer: ``status`` 200 (``data`` parsed) or 404 (``data`` None)."""

    status: int
    data: Any
    url: str
    from_cache: bool = False

    @property
    def found(self) -> bool:
        return self.status == 200 and self.data is not None


@dataclass
class Stats:
    requests: dict[str, int] = field(default_factory=dict)
    cache_hits: int = 0
    offline_misses: int = 0


class Fetcher:
    """One shared HTTP client for a run. ``await fetcher.get(source, url, parse=…)``."""

    def __init__(self, settings: dict[str, SourceSettings], *, cache: ResponseCache | None = None,
                 offline: bool = False, contact: str = "", timeout: float = 20.0, max_retries: int = 3,
                 max_wait: float = 60.0, transport: httpx.AsyncBaseTransport | None = None) -> None:
        self.settings = settings
        self.cache = cache
        self.offline = offline
        self.contact = contact
        self.max_retries = max_retries
        self.max_wait = max_wait
        self.warnings: list[str] = []
        self.notes: list[str] = []
        self.stats = Stats()
        self._warned: set[tuple[str, str]] = set()
        self._down: set[str] = set()
        self._limiters = {name: RateLimiter(s.rate_limit) for name, s in settings.items()}
        self._client = httpx.AsyncClient(
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            headers={"User-Agent": user_agent(contact)}, follow_redirects=True, transport=transport,
            limits=httpx.Limits(max_connections=32, max_keepalive_connections=16))

    async def aclose(self) -> None:
        await self._client.aclose()
        if self.cache is not None:
            self.cache.flush()

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    # -- reporting ------------------------------------------------------------------------------

    def label(self, source: str) -> str:
        return SOURCES[source].label if source in SOURCES else source

    def warn(self, source: str, message: str, *, once: str | None = None) -> None:
        key = (source, once or message)
        if key in self._warned:
            return
        self._warned.add(key)
        self.warnings.append(f"{self.label(source)}: {message}")

    def note(self, message: str) -> None:
        if message not in self.notes:
            self.notes.append(message)

    def enabled(self, source: str) -> bool:
        s = self.settings.get(source)
        return bool(s and s.enabled and source not in self._down)

    def base(self, source: str) -> str:
        return self.settings[source].base_url

    # -- requests -------------------------------------------------------------------------------

    async def get(self, source: str, url: str, *, params: dict[str, Any] | None = None,
                  headers: dict[str, str] | None = None, parse: Callable[[bytes], Any],
                  kind: str = "metadata") -> Result | None:
        return await self.request(source, "GET", url, params=params, headers=headers, parse=parse, kind=kind)

    async def request(self, source: str, method: str, url: str, *, params: dict[str, Any] | None = None,
                      json: Any = None, headers: dict[str, str] | None = None,
                      parse: Callable[[bytes], Any], kind: str = "metadata",
                      use_cache: bool = True) -> Result | None:
        """The parsed answer (from the cache when fresh), a 404 Result, or None when the source
        cannot answer now (offline miss, down, rate-limited, malformed: a warning says which)."""
        settings = self.settings.get(source)
        if settings is None or not settings.enabled:
            return None
        full = str(httpx.URL(url, params=params)) if params else url
        body = None
        if json is not None:
            import json as jsonlib

            body = jsonlib.dumps(json, sort_keys=True).encode()
        key = cache_key(method, full, body)
        cache = self.cache if use_cache else None
        cached = cache.get(key) if cache is not None else None
        if cached is not None and (not cached.expired or self.offline):
            try:
                data = parse(cached.body) if cached.status == 200 else None
            except (Malformed, ValueError):
                data = None
            else:
                self.stats.cache_hits += 1
                return Result(cached.status, data, full, from_cache=True)
        if self.offline:
            self.stats.offline_misses += 1
            self.note("offline: some lookups are not in the cache (run once without --offline to fill it)")
            return None
        if source in self._down:
            return None
        response = await self._send(source, method, full, body, headers)
        if response is None:
            return None
        if response.status_code == 404 or (response.status_code == 400 and source == "s2"
                                           and b"not found" in response.content.lower()):
            if cache is not None:
                cache.put(key, 404, response.content, "missing")
            return Result(404, None, full)
        if response.status_code in (401, 403):
            self.warn(source, f"access refused (HTTP {response.status_code}) at {_short(full)}", once="refused")
            return Result(response.status_code, None, full)
        if response.status_code != 200:
            self.warn(source, f"HTTP {response.status_code} from {_short(full)}", once=f"http{response.status_code}")
            return None
        try:
            data = parse(response.content)
        except (Malformed, ValueError) as exc:
            self.warn(source, f"malformed response from {_short(full)} ({exc}); ignored", once=f"malformed:{full}")
            return None
        if cache is not None:
            cache.put(key, 200, response.content, kind)
        return Result(200, data, full)

    async def _send(self, source: str, method: str, url: str, body: bytes | None,
                    headers: dict[str, str] | None) -> httpx.Response | None:
        limiter = self._limiters[source]
        interval = self.settings[source].rate_limit
        send_headers = dict(headers or {})
        if body is not None:
            send_headers["Content-Type"] = "application/json"
        for attempt in range(self.max_retries + 1):
            if source in self._down:
                return None
            await limiter.wait()
            self.stats.requests[source] = self.stats.requests.get(source, 0) + 1
            try:
                response = await self._client.request(method, url, content=body, headers=send_headers)
            except httpx.TimeoutException:
                if attempt < self.max_retries:
                    limiter.push_back(min(2 ** attempt, self.max_wait))
                    continue
                self._down.add(source)
                self.warn(source, f"timed out at {_short(url)}; skipped for this run", once="down")
                return None
            except httpx.TransportError as exc:
                self._down.add(source)
                self.warn(source, f"cannot reach {self.base(source)} ({_reason(exc)}); skipped for this run",
                          once="down")
                return None
            if response.status_code in (429, 503) or response.status_code >= 500:
                default = max(interval, 1.0) * 2 ** attempt
                wait = retry_after(response.headers.get("Retry-After"), default)
                if attempt < self.max_retries and wait <= self.max_wait:
                    limiter.push_back(wait)
                    continue
                if response.status_code == 429 or wait > self.max_wait:
                    what = f"rate limited (HTTP {response.status_code}, asked to wait {wait:.0f} s)"
                else:
                    what = f"HTTP {response.status_code} after {attempt + 1} attempts"
                self._down.add(source)
                self.warn(source, f"{what} at {_short(url)}; skipped for this run, try again later", once="down")
                return None
            return response
        return None


def _short(url: str, limit: int = 90) -> str:
    return url if len(url) <= limit else url[:limit - 1] + "…"


def _reason(exc: Exception) -> str:
    text = str(exc) or type(exc).__name__
    if "Connection refused" in text or "connect" in type(exc).__name__.lower():
        return "connection refused" if "refused" in text.lower() else text
    return text
