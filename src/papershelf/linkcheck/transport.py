"""A lean httpx transport for checking many links: HTTP/1.1 over asyncio streams with keep-alive.

httpx's default transport (httpcore over anyio) spends about 0.7 ms of CPU per request on this
kind of work; a link check is thousands of tiny requests, so that overhead, not the network,
sets the run time. This transport does only what a link checker needs: HTTP/1.1 (parsed by
h11, the parser httpcore itself uses), TLS through one shared ``ssl`` context, a keep-alive
pool per host, no proxies, no HTTP/2. The checker still talks to it through an
``httpx.AsyncClient``; ``Settings(lean_transport=False)`` uses httpx's own transport instead.
"""

from __future__ import annotations

import asyncio
import ssl as ssl_module
from collections.abc import AsyncIterator

import h11
import httpx

READ_SIZE = 65536


class _Connection:
    __slots__ = ("reader", "writer", "h11")

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer
        self.h11 = h11.Connection(h11.CLIENT)

    def close(self) -> None:
        try:
            self.writer.close()
        except RuntimeError:  # the event loop is already closed
            pass

    @property
    def reusable(self) -> bool:
        return (self.h11.our_state is h11.DONE and self.h11.their_state is h11.DONE
                and not self.writer.is_closing() and not self.reader.at_eof())

    async def next_event(self):
        while True:
            event = self.h11.next_event()
            if event is not h11.NEED_DATA:
                return event
            data = await self.reader.read(READ_SIZE)
            self.h11.receive_data(data)  # b"" tells h11 the peer closed


class _Body(httpx.AsyncByteStream):
    def __init__(self, transport: LeanTransport, key: tuple, conn: _Connection) -> None:
        self.transport, self.key, self.conn = transport, key, conn
        self.done = False

    async def __aiter__(self) -> AsyncIterator[bytes]:
        try:
            while True:
                event = await self.conn.next_event()
                if isinstance(event, h11.Data):
                    yield bytes(event.data)
                elif isinstance(event, (h11.EndOfMessage, h11.ConnectionClosed)):
                    self.done = True
                    return
        except h11.RemoteProtocolError as exc:
            raise httpx.RemoteProtocolError(str(exc)) from None
        except OSError as exc:
            raise httpx.ReadError(str(exc) or type(exc).__name__) from None

    async def aclose(self) -> None:
        conn, self.conn = self.conn, None
        if conn is None:
            return
        if self.done and conn.reusable:
            conn.h11.start_next_cycle()
            self.transport._release(self.key, conn)
        else:
            conn.close()


class LeanTransport(httpx.AsyncBaseTransport):
    def __init__(self, ssl_context: ssl_module.SSLContext | None = None, max_idle: int = 8) -> None:
        self.ssl_context = ssl_context
        self.max_idle = max_idle
        self.idle: dict[tuple, list[_Connection]] = {}

    def _release(self, key: tuple, conn: _Connection) -> None:
        pool = self.idle.setdefault(key, [])
        if len(pool) < self.max_idle:
            pool.append(conn)
        else:
            conn.close()

    async def _connect(self, key: tuple) -> _Connection:
        """An idle connection to ``key`` that the server has not closed, or a new one."""
        scheme, host, port = key
        pool = self.idle.get(key)
        while pool:
            conn = pool.pop()
            if not conn.writer.is_closing() and not conn.reader.at_eof():
                return conn
            conn.close()
        tls = None
        if scheme == "https":
            tls = self.ssl_context or ssl_module.create_default_context()
        try:
            reader, writer = await asyncio.open_connection(host, port, ssl=tls,
                                                           server_hostname=host if tls else None, limit=READ_SIZE)
        except ssl_module.SSLError as exc:
            raise httpx.ConnectError(f"TLS: {exc.reason or exc}") from None
        except OSError as exc:
            raise httpx.ConnectError(str(exc) or type(exc).__name__) from None
        return _Connection(reader, writer)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        url = request.url
        if url.scheme not in ("http", "https"):
            raise httpx.UnsupportedProtocol(f"unsupported scheme {url.scheme!r}")
        key = (url.scheme, url.host, url.port or (443 if url.scheme == "https" else 80))
        body = request.content if request.method not in ("GET", "HEAD") else b""
        conn = await self._connect(key)
        try:
            data = conn.h11.send(h11.Request(method=request.method, target=url.raw_path,
                                             headers=list(request.headers.raw)))
            if body:
                data += conn.h11.send(h11.Data(data=body))
            data += conn.h11.send(h11.EndOfMessage())
            conn.writer.write(data)
            await conn.writer.drain()
            event = await conn.next_event()
            while isinstance(event, h11.InformationalResponse):
                event = await conn.next_event()
        except h11.RemoteProtocolError as exc:
            conn.close()
            raise httpx.RemoteProtocolError(str(exc)) from None
        except OSError as exc:
            conn.close()
            raise httpx.ReadError(str(exc) or type(exc).__name__) from None
        except BaseException:
            conn.close()
            raise
        if isinstance(event, h11.ConnectionClosed):
            conn.close()
            raise httpx.RemoteProtocolError("the server closed the connection without answering")
        return httpx.Response(event.status_code, headers=list(event.headers), stream=_Body(self, key, conn),
                              extensions={"http_version": b"HTTP/1.1"})

    async def aclose(self) -> None:
        for pool in self.idle.values():
            for conn in pool:
                conn.close()
        self.idle.clear()
