"""HTTP/1.1 over asyncio protocols, parsed by httptools (llhttp, Node's parser, in C).

A link check is thousands of tiny requests, so per-request CPU, not the network, sets the run
time: httpx with its own transport spent about 0.7 ms per request, httpx over an h11 transport
about 0.4 ms. This does only what papershelf needs: HTTP/1.1, TLS through one shared ``ssl``
context, a keep-alive pool per host, a body delivered in chunks so the caller can stop at its
bound. No proxies, no HTTP/2, no cookies.
"""

from __future__ import annotations

import asyncio
import ssl as ssl_module
from collections import deque
from collections.abc import AsyncIterator, Callable

import httptools

from .retry import ConnectFailed, ProtocolError

HIGH_WATER = 256 * 1024   # stop reading from the socket while this much body waits unread


class Connection(asyncio.Protocol):
    """One keep-alive connection; one request at a time."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.closed = False
        self._waiter: asyncio.Future | None = None
        self._reset(head=False)

    def _reset(self, head: bool) -> None:
        self.parser = httptools.HttpResponseParser(self)
        self.head = head
        self.status = 0
        self.headers: list[tuple[bytes, bytes]] = []
        self.chunks: deque[bytes] = deque()
        self.buffered = 0
        self.headers_done = self.done = self.paused = self.keep_alive = False
        self.error: Exception | None = None

    # -- asyncio.Protocol ------------------------------------------------------------------------
    def connection_made(self, transport) -> None:
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        if self.done:
            return
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserError as exc:
            self.error = ProtocolError(f"malformed response: {exc}")
            self.close()
        self._wake()

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        if self.headers_done and not self.done and not self._framed():
            self.done = True             # a body without length or chunks ends when the server hangs up
        if not self.done and self.error is None:
            self.error = ProtocolError("connection failed: the server closed the connection" + (
                "" if self.headers_done else " without answering"))
        self._wake()

    def _framed(self) -> bool:
        return any(name.lower() in (b"content-length", b"transfer-encoding") for name, _ in self.headers)

    # -- httptools callbacks ---------------------------------------------------------------------
    def on_header(self, name: bytes, value: bytes) -> None:
        self.headers.append((name, value))

    def on_headers_complete(self) -> None:
        self.status = self.parser.get_status_code()
        if 100 <= self.status < 200:     # an informational answer: the real one follows
            self.headers = []
            return
        self.headers_done = True
        self.keep_alive = self.parser.should_keep_alive()  # the parser forgets it once the message ends
        if self.head:
            self.done = True             # a HEAD answer has no body, whatever Content-Length says

    def on_body(self, body: bytes) -> None:
        self.chunks.append(body)
        self.buffered += len(body)
        if self.buffered > HIGH_WATER and not self.paused and self.transport is not None:
            self.paused = True
            self.transport.pause_reading()

    def on_message_complete(self) -> None:
        if self.headers_done:
            self.done = True

    # -- the caller's side -----------------------------------------------------------------------
    def _wake(self) -> None:
        waiter = self._waiter
        if waiter is not None and not waiter.done():
            waiter.set_result(None)

    async def _wait(self) -> None:
        self._waiter = asyncio.get_running_loop().create_future()
        try:
            await self._waiter
        finally:
            self._waiter = None

    async def start(self, request: bytes, head: bool) -> None:
        """Send ``request`` and wait for the answer's status line and headers."""
        if self.closed:
            raise ProtocolError("connection failed: the server closed the connection")
        self._reset(head)
        self.transport.write(request)
        while not self.headers_done:
            if self.error is not None:
                raise self.error
            await self._wait()

    async def body(self) -> AsyncIterator[bytes]:
        """The body's chunks as they arrive (already de-chunked, still content-encoded)."""
        while True:
            while self.chunks:
                chunk = self.chunks.popleft()
                self.buffered -= len(chunk)
                if self.paused and self.buffered < HIGH_WATER // 2:
                    self.paused = False
                    self.transport.resume_reading()
                yield chunk
            if self.done:
                return
            if self.error is not None:
                raise self.error
            await self._wait()

    def fail(self, error: Callable[[], Exception]) -> None:
        """Give up on the answer (its time is up): hang up, and the waiting caller raises ``error()``."""
        if not self.done:
            self.error = error()
            self.close()
            self._wake()

    @property
    def reusable(self) -> bool:
        return (self.done and not self.chunks and not self.closed and self.keep_alive
                and self.transport is not None and not self.transport.is_closing())

    def close(self) -> None:
        if self.transport is not None:
            self.transport.close()
        self.closed = True


class Pool:
    """Idle keep-alive connections by (scheme, host, port)."""

    def __init__(self, ssl_context: ssl_module.SSLContext | None = None, max_idle: int = 8) -> None:
        self._ssl = ssl_context
        self.max_idle = max_idle
        self.idle: dict[tuple, list[Connection]] = {}

    def _tls(self) -> ssl_module.SSLContext:
        if self._ssl is None:  # loading the CA certificates is slow: once per run, only if needed
            self._ssl = ssl_module.create_default_context()
        return self._ssl

    async def connect(self, key: tuple, deadline: float | None = None) -> Connection:
        """An idle connection to ``key`` the server has not closed, or a new one (``TimeoutError``
        if connecting is not done by ``deadline``, in the loop's time)."""
        pool = self.idle.get(key)
        while pool:
            conn = pool.pop()
            if not conn.closed and not conn.transport.is_closing():
                return conn
            conn.close()
        scheme, host, port = key
        tls = self._tls() if scheme == "https" else None
        loop = asyncio.get_running_loop()
        bound = asyncio.timeout_at(deadline)
        try:
            async with bound:
                _, conn = await loop.create_connection(Connection, host, port, ssl=tls,
                                                       server_hostname=host if tls else None)
        except TimeoutError as exc:
            if bound.expired():
                raise
            raise ConnectFailed(f"connection failed: {exc.strerror or exc}") from None  # the system's own
        except ssl_module.SSLError as exc:
            raise ConnectFailed(f"connection failed: TLS: {exc.reason or exc}") from None
        except ConnectionRefusedError:
            raise ConnectFailed("connection failed: connection refused") from None
        except (OSError, UnicodeError) as exc:
            raise ConnectFailed(f"connection failed: {exc.strerror or exc or type(exc).__name__}") from None
        return conn

    def release(self, key: tuple, conn: Connection) -> None:
        """Keep ``conn`` for the next request if it can carry one, else close it."""
        pool = self.idle.setdefault(key, [])
        if conn.reusable and len(pool) < self.max_idle:
            pool.append(conn)
        else:
            conn.close()

    def close(self) -> None:
        for pool in self.idle.values():
            for conn in pool:
                conn.close()
        self.idle.clear()
