"""Metadata APIs as sources: base URLs, per-source rate limits, and what a failure means for
a run. The requests themselves (User-Agent, limits, retries honouring ``Retry-After``, bounds on
time, size and redirects, the response cache) belong to :mod:`papershelf.net`.

A source that is down, rate-limited for too long or answers garbage never stops a run: the
request returns ``None`` and one clear warning per source is recorded in ``Fetcher.warnings``.
"""

from __future__ import annotations

import json as jsonlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..config import ShelfConfig
from ..net import (Bounds, Client, ConnectFailed, NetError, RateLimited, ResponseCache, RetryPolicy, TimedOut,
                   cache_key, with_params)


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
    """One shared :class:`papershelf.net.Client` for a run, one limiter per source.
    ``await fetcher.get(source, url, parse=…)``."""

    def __init__(self, settings: dict[str, SourceSettings], *, cache: ResponseCache | None = None,
                 offline: bool = False, contact: str = "", timeout: float = 20.0, max_retries: int = 3,
                 max_wait: float = 60.0, max_bytes: int = 10 * 1024 * 1024, client: Client | None = None) -> None:
        self.settings = settings
        self.cache = cache
        self.offline = offline
        self.contact = contact
        self.warnings: list[str] = []
        self.notes: list[str] = []
        self.stats = Stats()
        self._warned: set[tuple[str, str]] = set()
        self._down: set[str] = set()
        self.client = client or Client(contact=contact, bounds=Bounds(timeout=timeout, max_bytes=max_bytes),
                                       retry=RetryPolicy(retries=max_retries, backoff=1.0, max_retry_after=max_wait))
        for name, s in settings.items():
            self.client.limit(name, 8, s.rate_limit)

    async def aclose(self) -> None:
        await self.client.aclose()
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
        full = with_params(url, params)
        body = jsonlib.dumps(json, sort_keys=True).encode() if json is not None else None
        key = cache_key(method, full, body)
        cache = self.cache if use_cache else None
        hit = self._from_cache(cache, key, full, parse)
        if hit is not None:
            return hit
        if self.offline:
            self.stats.offline_misses += 1
            self.note("offline: some lookups are not in the cache (run once without --offline to fill it)")
            return None
        if source in self._down:
            return None
        send_headers = dict(headers or {})
        if body is not None:
            send_headers["Content-Type"] = "application/json"
        response = await self._send(source, method, full, body, send_headers)
        if response is None:
            return None
        return self._answer(source, response.status, response.body, full, parse, cache, key, kind)

    def _from_cache(self, cache: ResponseCache | None, key: str, url: str, parse) -> Result | None:
        cached = cache.get(key) if cache is not None else None
        if cached is None or (cached.expired and not self.offline):
            return None
        try:
            data = parse(cached.body) if cached.status == 200 else None
        except (Malformed, ValueError):
            return None
        self.stats.cache_hits += 1
        return Result(cached.status, data, url, from_cache=True)

    def _answer(self, source: str, status: int, content: bytes, url: str, parse, cache, key: str,
                kind: str) -> Result | None:
        if status == 404 or (status == 400 and source == "s2" and b"not found" in content.lower()):
            if cache is not None:
                cache.put(key, 404, content, "missing")
            return Result(404, None, url)
        if status in (401, 403):
            self.warn(source, f"access refused (HTTP {status}) at {_short(url)}", once="refused")
            return Result(status, None, url)
        if status >= 500:
            self._down.add(source)
            self.warn(source, f"HTTP {status} after {self.client.retry.retries + 1} attempts at {_short(url)}; "
                      "skipped for this run, try again later", once="down")
            return None
        if status != 200:
            self.warn(source, f"HTTP {status} from {_short(url)}", once=f"http{status}")
            return None
        try:
            data = parse(content)
        except (Malformed, ValueError) as exc:
            self.warn(source, f"malformed response from {_short(url)} ({exc}); ignored", once=f"malformed:{url}")
            return None
        if cache is not None:
            cache.put(key, 200, content, kind)
        return Result(200, data, url)

    async def _send(self, source: str, method: str, url: str, body: bytes | None, headers: dict[str, str]):
        """The answer, or None with one warning: a source that times out, cannot be reached or
        is rate-limited for too long is skipped for the rest of the run."""
        self.stats.requests[source] = self.stats.requests.get(source, 0) + 1
        try:
            return await self.client.send(method, url, headers=headers, body=body, key=source)
        except RateLimited as exc:
            self._skip(source, f"{exc.message} at {_short(url)}; skipped for this run, try again later")
        except TimedOut as exc:
            self._skip(source, f"{exc.message} at {_short(url)}; skipped for this run")
        except ConnectFailed as exc:
            self._skip(source, f"cannot reach {self.base(source)} ({exc.message.removeprefix('connection failed: ')});"
                       " skipped for this run")
        except NetError as exc:
            self.warn(source, f"{exc.message} at {_short(url)}; ignored", once=type(exc).__name__)
        return None

    def _skip(self, source: str, message: str) -> None:
        self._down.add(source)
        self.warn(source, message, once="down")


def _short(url: str, limit: int = 90) -> str:
    return url if len(url) <= limit else url[:limit - 1] + "…"
