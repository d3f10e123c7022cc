"""A small HTTP/1.1 server on 127.0.0.1 for link-checker tests and benchmarks.

Runs an asyncio server (keep-alive, any number of ports) in a background thread. A handler
maps each request to a :class:`Reply`; the default handler reads the behaviour from the path:

    /ok/...            200 (an HTML page)
    /404/..., /410/... that status
    /301/<rest>        301 to /<rest> (so /301/301/ok/x is a chain of two)
    /302/<rest>        302 to /<rest>

``python tests/lint/loopback.py --ports 20 --delay 0.05`` serves that from a separate process
(prints the first port, then serves until killed): the benchmark's peer tools use it.
"""

from __future__ import annotations

import argparse
import asyncio
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

REASONS = {200: "OK", 301: "Moved Permanently", 302: "Found", 303: "See Other", 307: "Temporary Redirect",
           308: "Permanent Redirect", 400: "Bad Request", 404: "Not Found", 405: "Method Not Allowed",
           410: "Gone", 429: "Too Many Requests", 500: "Internal Server Error", 503: "Service Unavailable"}


@dataclass
class Reply:
    status: int = 200
    body: bytes = b"<html><head><title>ok</title></head><body>ok</body></html>"
    headers: dict[str, str] = field(default_factory=lambda: {"Content-Type": "text/html; charset=utf-8"})
    delay: float = 0.0          # seconds before answering
    reset: bool = False         # close the connection without answering
    endless: bool = False       # stream body chunks until the client goes away
    dribble: float = 0.0        # send the body one byte at a time, this many seconds apart


@dataclass
class Request:
    method: str
    path: str
    port: int
    headers: dict[str, str]
    peer: int = 0               # the client's port: one per connection


def path_handler(delay: float = 0.0) -> Callable[[Request], Reply]:
    """The default behaviour, read from the path (see the module docstring)."""
    def handle(request: Request) -> Reply:
        parts = request.path.lstrip("/").split("/", 1)
        head, rest = parts[0], parts[1] if len(parts) > 1 else ""
        if head in ("301", "302", "307", "308"):
            return Reply(int(head), b"", {"Location": "/" + rest}, delay=delay)
        if head.isdigit():
            return Reply(int(head), b"gone", delay=delay)
        return Reply(delay=delay)
    return handle


class LoopbackServer:
    """``with LoopbackServer(handler, ports=2) as srv: srv.url("/ok/x", port_index=1)``."""

    def __init__(self, handler: Callable[[Request], Reply] | None = None, ports: int = 1) -> None:
        self.handler = handler or path_handler()
        self.nports = ports
        self.ports: list[int] = []
        self.requests: list[Request] = []
        self.counts: Counter = Counter()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._servers: list[asyncio.base_events.Server] = []

    def url(self, path: str, port_index: int = 0) -> str:
        return f"http://127.0.0.1:{self.ports[port_index]}{path}"

    # -- lifecycle ---------------------------------------------------------------------------
    def __enter__(self) -> LoopbackServer:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("loopback server did not start")

    def _run(self) -> None:
        self._loop = asyncio.new_event_loop()
        asyncio.set_event_loop(self._loop)
        self._loop.run_until_complete(self._serve())
        self._ready.set()
        self._loop.run_forever()
        for server in self._servers:
            server.close()
        self._loop.run_until_complete(asyncio.sleep(0))
        self._loop.close()

    async def _serve(self) -> None:
        for _ in range(self.nports):
            server = await asyncio.start_server(self._client, "127.0.0.1", 0, backlog=1024)
            self._servers.append(server)
            self.ports.append(server.sockets[0].getsockname()[1])

    def stop(self) -> None:
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
        if self._thread is not None:
            self._thread.join(5)

    # -- serving -----------------------------------------------------------------------------
    async def _client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        port = writer.get_extra_info("sockname")[1]
        peer = writer.get_extra_info("peername")[1]
        try:
            while True:
                try:
                    head = await reader.readuntil(b"\r\n\r\n")
                except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
                    return
                lines = head.decode("latin-1").split("\r\n")
                method, path, _ = (lines[0].split(" ") + ["", ""])[:3]
                headers = {}
                for line in lines[1:]:
                    if ":" in line:
                        k, v = line.split(":", 1)
                        headers[k.strip().lower()] = v.strip()
                length = int(headers.get("content-length", "0") or 0)
                if length:
                    await reader.readexactly(length)
                request = Request(method, path, port, headers, peer)
                self.requests.append(request)
                self.counts[(method, path)] += 1
                reply = self.handler(request)
                if reply.delay:
                    await asyncio.sleep(reply.delay)
                if reply.reset:
                    sock = writer.get_extra_info("socket")
                    if sock is not None:
                        import socket
                        import struct

                        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    writer.transport.abort()
                    return
                status_line = f"HTTP/1.1 {reply.status} {REASONS.get(reply.status, 'Status')}\r\n"
                hdrs = dict(reply.headers)
                if reply.endless:
                    hdrs["Transfer-Encoding"] = "chunked"
                else:
                    hdrs["Content-Length"] = str(len(reply.body))
                out = status_line + "".join(f"{k}: {v}\r\n" for k, v in hdrs.items()) + "\r\n"
                writer.write(out.encode("latin-1"))
                if reply.endless:
                    if method != "HEAD":
                        chunk = b"x" * 65536
                        frame = f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n"
                        try:
                            for _ in range(100000):  # up to 6.5 GB: the client must stop reading
                                writer.write(frame)
                                await writer.drain()
                        except (ConnectionError, RuntimeError):
                            return
                    writer.close()
                    return
                if method != "HEAD" and reply.dribble:
                    try:
                        for i in range(len(reply.body)):
                            writer.write(reply.body[i:i + 1])
                            await writer.drain()
                            await asyncio.sleep(reply.dribble)
                    except (ConnectionError, RuntimeError):
                        return
                elif method != "HEAD":
                    writer.write(reply.body)
                await writer.drain()
                if headers.get("connection", "").lower() == "close":
                    break
        except (ConnectionError, asyncio.CancelledError):
            return
        finally:
            try:
                writer.close()
            except RuntimeError:
                pass


def main() -> None:
    parser = argparse.ArgumentParser(description="Serve the path-driven test site on loopback ports.")
    parser.add_argument("--ports", type=int, default=1)
    parser.add_argument("--delay", type=float, default=0.0)
    args = parser.parse_args()
    server = LoopbackServer(path_handler(args.delay), ports=args.ports)
    server.start()
    print(" ".join(str(p) for p in server.ports), flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        server.stop()


if __name__ == "__main__":
    main()
