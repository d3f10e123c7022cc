"""Serving the built site on 127.0.0.1, rebuilding on shelf changes, and reloading browsers.

The server adds one local script to every HTML page it serves (never to the built files): it
listens on ``/__papershelf__/events`` (server-sent events) and reloads the page when a rebuild
finished. Rebuilds are incremental (see ``SiteBuilder.build``): unchanged pages and shards are
not rewritten, and the engine runs only when a page changed.
"""

from __future__ import annotations

import functools
import http.server
import threading
import time
from collections.abc import Callable
from pathlib import Path

from ..errors import PapershelfError

EVENTS = "/__papershelf__/events"
RELOAD_JS = "/__papershelf__/livereload.js"
RELOAD_SCRIPT = b"""(function () {
  if (!window.EventSource) return;
  var source = new EventSource("/__papershelf__/events");
  var version = null;
  source.onmessage = function (e) {
    if (version !== null && e.data !== version) location.reload();
    version = e.data;
  };
})();
"""
INJECT = f'<script src="{RELOAD_JS}"></script>'.encode()


class Reloader:
    """A build counter that SSE handlers wait on."""

    def __init__(self) -> None:
        self.version = 0
        self.cond = threading.Condition()

    def bump(self) -> None:
        with self.cond:
            self.version += 1
            self.cond.notify_all()

    def wait(self, seen: int, timeout: float) -> int:
        with self.cond:
            self.cond.wait_for(lambda: self.version != seen, timeout=timeout)
            return self.version


class Handler(http.server.SimpleHTTPRequestHandler):
    reloader: Reloader
    stopping: threading.Event

    def log_message(self, format: str, *args) -> None:  # quiet: the terminal shows builds
        pass

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def guess_type(self, path) -> str:
        if str(path).endswith(".gz"):
            return "application/gzip"
        return super().guess_type(path)

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        if path == EVENTS:
            return self._events()
        if path == RELOAD_JS:
            return self._send(RELOAD_SCRIPT, "text/javascript; charset=utf-8")
        target = Path(self.translate_path(path))
        if target.is_dir() and path.endswith("/"):
            target = target / "index.html"
        if target.suffix == ".html" and target.is_file():
            return self._send(self._with_reload(target.read_bytes()), "text/html; charset=utf-8")
        return super().do_GET()

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """A missing page gets the site's own 404 page (with the theme and navigation), not the
        standard library's bare error page."""
        page = Path(self.directory) / "404.html"
        if code == 404 and self.command == "GET" and page.is_file():
            return self._send(self._with_reload(page.read_bytes()), "text/html; charset=utf-8", status=404)
        super().send_error(code, message, explain)

    @staticmethod
    def _with_reload(body: bytes) -> bytes:
        at = body.rfind(b"</body>")
        return body[:at] + INJECT + body[at:] if at >= 0 else body + INJECT

    def _send(self, body: bytes, ctype: str, status: int = 200) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _events(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        seen = self.reloader.version
        try:
            self.wfile.write(f"retry: 500\ndata: {seen}\n\n".encode())
            self.wfile.flush()
            while not self.stopping.is_set():
                now = self.reloader.wait(seen, timeout=10)
                if now != seen:
                    seen = now
                    self.wfile.write(f"data: {seen}\n\n".encode())
                else:
                    self.wfile.write(b": keep-alive\n\n")
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass


class SiteServer:
    """Serves ``builder.out`` and rebuilds it when the shelf changes."""

    def __init__(self, builder, host: str = "127.0.0.1", port: int = 8000) -> None:
        self.builder = builder
        self.host = host
        self.reloader = Reloader()
        self.stopping = threading.Event()
        handler = type("BoundHandler", (Handler,), {"reloader": self.reloader, "stopping": self.stopping})
        try:
            self.httpd = http.server.ThreadingHTTPServer(
                (host, port), functools.partial(handler, directory=str(builder.out)))
        except OSError as exc:
            raise PapershelfError(f"cannot listen on {host}:{port}: {exc.strerror}",
                                  hint="pick another --port (or stop the program using it)") from None
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}/"

    def start(self) -> None:
        threading.Thread(target=self.httpd.serve_forever, name="papershelf-http", daemon=True).start()

    def stop(self) -> None:
        self.stopping.set()
        self.reloader.bump()
        self.httpd.shutdown()
        self.httpd.server_close()

    def watch(self, on_build: Callable[[object | None, Exception | None, float], None]) -> None:
        """Block, rebuilding after every change to shelf.toml, papers/ or pages/."""
        import watchfiles

        from ..config import load_config

        shelf = self.builder.shelf
        watched = (shelf.papers_dir.resolve(), (shelf.root / "pages").resolve())

        def interesting(change, path: str) -> bool:
            p = Path(path)
            if p.name.startswith(".") or p.name.endswith("~"):
                return False
            return p == shelf.config_path or any(root in p.parents for root in watched)

        for _changes in watchfiles.watch(shelf.root, watch_filter=interesting, debounce=60, step=30,
                                         stop_event=self.stopping, raise_interrupt=False):
            started = time.perf_counter()
            try:
                shelf.config = load_config(shelf.config_path)
                result = self.builder.build()
            except PapershelfError as exc:
                on_build(None, exc, time.perf_counter() - started)
                continue
            self.reloader.bump()
            on_build(result, None, time.perf_counter() - started)
