"""The one HTTP client of papershelf: enrichment and link checking both send through it.

``Client`` sends one request with every rule in one place: the User-Agent (with the shelf's
contact address), a per-host (or per-API) :class:`~papershelf.net.limits.Limiter`, the
:class:`~papershelf.net.retry.RetryPolicy`, and :class:`Bounds` on time, body size (after
decompression too) and redirects. A request either returns a :class:`Response` or raises a
:class:`~papershelf.net.retry.NetError` whose message says what happened, for the caller to
turn into a warning or a link status.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache, partial
from typing import Any
from urllib.parse import quote, urlencode, urljoin, urlsplit

from .. import __version__
from .decode import Decoder
from .limits import Clock, Limiter, Sleep, retry_after
from .retry import BadURL, RateLimited, RetryPolicy, RetryStatus, TimedOut, TooLarge, TooManyRedirects
from .transport import Connection, Pool

REDIRECTS = (301, 302, 303, 307, 308)
DRAIN = 64 * 1024   # bytes of an unwanted body read to keep the connection; past that, hang up
_SAFE = "/:?#[]@!$&'()*+,;=%~-._"


def user_agent(contact: str = "") -> str:
    """The User-Agent of every request; APIs ask for a contact address to reach a misbehaving client."""
    mail = f"; mailto:{contact}" if contact else ""
    return f"papershelf/{__version__} (+https://github.com/papershelf/papershelf{mail})"


def with_params(url: str, params: dict[str, Any] | None) -> str:
    """``url`` with ``params`` appended to its query (spaces as ``%20``)."""
    if not params:
        return url
    query = urlencode({k: v for k, v in params.items() if v is not None}, quote_via=quote)
    return f"{url}{'&' if '?' in url else '?'}{query}"


@dataclass(frozen=True)
class Bounds:
    """What one request may cost."""

    timeout: float = 20.0              # seconds for one attempt: connecting, the answer, its whole body
    max_bytes: int = 10 * 1024 * 1024  # body bytes kept, counted after decompression
    max_redirects: int = 10


@dataclass
class Response:
    status: int
    headers: dict[str, str]            # lower-case names; repeated headers joined with ", "
    body: bytes
    url: str
    truncated: bool = False            # the body was cut at the byte bound (``truncate=True``)


@dataclass(frozen=True)
class _Target:
    key: tuple                         # (scheme, host, port): the connection pool's key
    host_header: str
    path: str


# The usual link (http(s), an ASCII host name, maybe a port, printable ASCII after it, no user,
# fragment or IPv6 address) split without urlsplit's general machinery: a link check splits
# thousands. Anything else takes urlsplit's road; both give the same parts. ASCII only: ignoring
# case, Unicode would let the Kelvin sign or a long s pass for k and s.
_PLAIN_URL = re.compile(r"(https?)://([a-z0-9.-]+)(?::([0-9]{1,5}))?([/?][!\"$-~]*)?", re.I | re.A)


@lru_cache(maxsize=1 << 16)
def _split(url: str) -> tuple[str, str, int | None, str]:
    """(scheme, host (lower-case, IDNA), port or None, path with its query) of an http(s) URL
    (kept: a link check asks for each link's host, its limiter and then its request line)."""
    plain = _PLAIN_URL.fullmatch(url)
    if plain is not None and (plain[3] is None or int(plain[3]) <= 65535):
        path, _, query = (plain[4] or "").partition("?")
        return plain[1].lower(), plain[2].lower(), int(plain[3]) if plain[3] else None, (
            f"{path or '/'}?{query}" if query else path or "/")
    try:
        parts = urlsplit(url)
        port = parts.port
        host = parts.hostname or ""
        if parts.scheme not in ("http", "https") or not host:
            raise ValueError("not an http(s) URL")
        host = host if host.isascii() else host.encode("idna").decode("ascii")
    except (ValueError, UnicodeError) as exc:
        raise BadURL(f"invalid URL ({exc})") from None
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    if not path.isascii() or any(c <= " " or c == "\x7f" for c in path):
        path = quote(path, safe=_SAFE)
    return parts.scheme, host, port, path


def origin(url: str) -> tuple[str, str, int]:
    """(scheme, host, port): what a connection and, unless told otherwise, a limiter are kept
    by. Raises :class:`BadURL`."""
    scheme, host, port, _ = _split(url)
    return scheme, host, port or (443 if scheme == "https" else 80)


def _target(url: str) -> _Target:
    scheme, host, port, path = _split(url)
    default = 443 if scheme == "https" else 80
    shown = f"[{host}]" if ":" in host else host
    return _Target((scheme, host, port or default), shown if port in (None, default) else f"{shown}:{port}", path)


def _headers(raw: list[tuple[bytes, bytes]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for name, value in raw:
        key, text = name.decode("latin-1").lower(), value.decode("latin-1")
        out[key] = f"{out[key]}, {text}" if key in out else text
    return out


class Client:
    """``async with Client(contact=…) as c: r = await c.send("GET", url)``.

    ``per_host`` / ``interval`` limit every host:port not given its own limit; ``limit(key, …)``
    names a limiter (an API source) that ``send(…, key=…)`` uses instead. ``clock`` and ``sleep``
    drive the limiters (tests pass fake ones)."""

    def __init__(self, *, contact: str = "", bounds: Bounds = Bounds(), retry: RetryPolicy = RetryPolicy(),
                 per_host: int = 8, interval: float = 0.0, clock: Clock = time.monotonic,
                 sleep: Sleep = asyncio.sleep, on_request: Callable[[str, str], None] | None = None) -> None:
        self.bounds, self.retry = bounds, retry
        self.per_host, self.interval = per_host, interval
        self._clock, self._sleep = clock, sleep
        self.on_request = on_request
        self.requests = 0
        self._limiters: dict[Any, Limiter] = {}
        self._pool = Pool(max_idle=per_host)
        self._common = (f"User-Agent: {user_agent(contact)}\r\nAccept: */*\r\n"
                        "Accept-Encoding: gzip, deflate\r\n")

    async def __aenter__(self) -> Client:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        self._pool.close()

    def limit(self, key: Any, concurrency: int, interval: float) -> Limiter:
        """Give ``key`` (e.g. an API's name) its own limiter."""
        self._limiters[key] = Limiter(concurrency, interval, clock=self._clock, sleep=self._sleep)
        return self._limiters[key]

    def limiter(self, key: Any) -> Limiter:
        if key not in self._limiters:
            self.limit(key, self.per_host, self.interval)
        return self._limiters[key]

    async def send(self, method: str, url: str, *, headers: dict[str, str] | None = None, body: bytes | None = None,
                   key: Any = None, read_body: bool = True, follow_redirects: bool = True,
                   truncate: bool = False) -> Response:
        """One request with retries, following redirects unless told not to. ``read_body``: keep
        the body (of a non-redirect answer); ``truncate``: cut a body over the bound instead of
        raising :class:`TooLarge`."""
        for _ in range(self.bounds.max_redirects + 1):
            response = await self._retrying(method, url, headers, body, key, read_body, truncate)
            location = response.headers.get("location")
            if not follow_redirects or response.status not in REDIRECTS or not location:
                return response
            try:
                target = urljoin(url, location)
            except ValueError:
                raise BadURL(f"redirects to an invalid URL {location[:200]!r}") from None
            if headers and _target(target).key != _target(url).key:  # credentials stay with their host
                headers = {k: v for k, v in headers.items() if k.lower() not in ("authorization", "cookie")}
            if response.status == 303 or (response.status in (301, 302) and method == "POST"):
                method, body = "GET", None
                headers = {k: v for k, v in (headers or {}).items() if k.lower() != "content-type"}
            url = target
        raise TooManyRedirects(f"more than {self.bounds.max_redirects} redirects")

    async def _retrying(self, method, url, headers, body, key, read_body, truncate) -> Response:
        target = _target(url)
        fields = dict(headers or {})
        if body is not None:
            fields["Content-Length"] = str(len(body))
        extra = "".join(f"{k}: {v}\r\n" for k, v in fields.items())
        if any("\n" in f"{k}{v}" or "\r" in f"{k}{v}" for k, v in fields.items()):
            raise BadURL("a header holds a line break")
        request = (f"{method} {target.path} HTTP/1.1\r\nHost: {target.host_header}\r\n{self._common}{extra}\r\n"
                   ).encode("latin-1") + (body or b"")
        attempt = partial(self._attempt, method, url, target, request, key if key is not None else target.key,
                          read_body, truncate)
        try:
            return await self.retry.run(attempt)
        except RetryStatus as exc:
            if exc.response.status == 429:
                raise RateLimited(f"rate limited (HTTP 429, {self.retry.retries + 1} attempts)", 429, 0.0) from None
            return exc.response

    async def _attempt(self, method, url, target, request, key, read_body, truncate) -> Response:
        limiter = self.limiter(key)
        async with limiter:
            self.requests += 1
            if self.on_request is not None:
                self.on_request(method, url)
            response = await self._exchange(method, url, target, request, read_body, truncate)
        if response.status == 429 or (response.status == 503 and "retry-after" in response.headers):
            wait = retry_after(response.headers.get("retry-after"))
            if wait is not None and wait > self.retry.max_retry_after:
                raise RateLimited(f"rate limited (HTTP {response.status}, asked to wait {wait:g} s)",
                                  response.status, wait)
            if wait is not None:
                limiter.push_back(wait)
            raise RetryStatus(response, paused=wait is not None)
        if response.status >= 500:
            raise RetryStatus(response, paused=False)
        return response

    def _timed_out(self) -> TimedOut:
        return TimedOut(f"timed out after {self.bounds.timeout:g} s")

    async def _exchange(self, method, url, target, request, read_body, truncate) -> Response:
        """One attempt, bounded in time as a whole (connecting, the answer, its body). The bound is
        a timer that fails the connection: ``asyncio.timeout`` costs four times as much, per request."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.bounds.timeout
        try:
            conn = await self._pool.connect(target.key, deadline)
        except TimeoutError:
            raise self._timed_out() from None
        timer = loop.call_at(deadline, conn.fail, self._timed_out)
        try:
            await conn.start(request, method == "HEAD")
            headers = _headers(conn.headers)
            keep = read_body and method != "HEAD" and conn.status not in REDIRECTS
            data, truncated = await (self._read(conn, headers, truncate) if keep else self._drain(conn))
            return Response(conn.status, headers, data, url, truncated)
        finally:
            timer.cancel()
            self._pool.release(target.key, conn)

    async def _read(self, conn: Connection, headers: dict[str, str], truncate: bool) -> tuple[bytes, bool]:
        """The decoded body, at most ``max_bytes`` of it (decoded bytes and raw bytes alike)."""
        limit = self.bounds.max_bytes
        decoder = Decoder(headers.get("content-encoding", ""))
        chunks: list[bytes] = []
        size = raw = 0
        async for chunk in conn.body():
            raw += len(chunk)
            data = decoder.feed(chunk, limit - size)
            size += len(data)
            chunks.append(data)
            if size > limit or raw > 2 * limit + DRAIN:
                if not truncate:
                    raise TooLarge(f"answer larger than {limit // 1024} KB")
                conn.close()
                return b"".join(chunks)[:limit], True
        if raw:
            decoder.finish()
        return b"".join(chunks), False

    @staticmethod
    async def _drain(conn: Connection) -> tuple[bytes, bool]:
        """Read an unwanted body to its end so the connection can be reused; hang up on a long one."""
        if conn.done and not conn.chunks:  # a HEAD answer, or a body already read
            return b"", False
        size = 0
        async for chunk in conn.body():
            size += len(chunk)
            if size > DRAIN:
                conn.close()
                break
        return b"", False
