"""Serving the built site on 127.0.0.1, rebuilding on shelf changes, and reloading browsers.

The server adds one local script to every HTML page it serves (never to the built files): it
listens on ``/__papershelf__/events`` (server-sent events) and, when a rebuild finished, reloads
the page, or, after edits in place, replaces the edited papers' lines and the counts in it with
HTML the builder rendered (``SitePages.in_place``), which is much faster on a page of thousands of
papers. Rebuilds are incremental (see ``SiteBuilder.build``): unchanged pages and shards are
not rewritten, and the engine runs only when a page changed.
"""

from __future__ import annotations

import functools
import json
import http.server
import re
import threading
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

from ..errors import PapershelfError
from .data import safe_url

EVENTS = "/__papershelf__/events"
RELOAD_JS = "/__papershelf__/livereload.js"
RELOAD_SCRIPT = b"""(function () {
  if (!window.EventSource) return;
  var source = new EventSource("/__papershelf__/events");
  var version = null, update = null;
  window.papershelfEvents = source;  // the editor's script listens for "paper" events on it
  function fragment(html) {  // HTML the server rendered (and escaped) for this page
    var t = document.createElement("template");
    t.innerHTML = html;
    return t.content.firstElementChild;
  }
  /* Show edits in place: replace the page's live blocks and the edited papers' lines. False
     (and nothing changed) when the page does not match what the server sent: it reloads. */
  function inPlace(page, edited) {
    var blocks = Object.keys(page.live), ids = Object.keys(page.lines), olds = {}, lines = [];
    for (var i = 0; i < blocks.length; i++) {
      olds[blocks[i]] = document.querySelector('[data-live="' + blocks[i] + '"]');
      if (!olds[blocks[i]] || !fragment(page.live[blocks[i]])) return false;
    }
    for (i = 0; i < ids.length; i++) {
      olds[ids[i]] = document.querySelectorAll('.ps-list li[data-paper-id="' + CSS.escape(ids[i]) + '"]');
      if (olds[ids[i]].length !== page.lines[ids[i]].length) return false;
    }
    blocks.forEach(function (name) { var n = fragment(page.live[name]); olds[name].replaceWith(n); lines.push(n); });
    ids.forEach(function (id) {
      Array.prototype.forEach.call(olds[id], function (old, k) {
        var n = fragment(page.lines[id][k]);
        old.replaceWith(n);
        lines.push(n);
      });
    });
    document.dispatchEvent(new CustomEvent("papershelf:updated", { detail: { ids: edited, roots: lines } }));
    return true;
  }
  source.addEventListener("lines", function (e) { update = JSON.parse(e.data); });
  source.onmessage = function (e) {
    // "N quiet": a rebuild of edits this page already shows. After edits in place ("lines"
    // came first) a page the edits did not touch stays, one they did changes in place; else
    // it reloads. A page may veto either (an unsaved note) by cancelling papershelf:reload.
    if (version !== null && e.data !== version && !/ quiet$/.test(e.data)) {
      var here = location.pathname.replace(/index\\.html$/, "");
      var live = update && update.build === e.data, page = live ? update.pages[here] : null;
      if ((!live || page !== undefined) &&
          window.dispatchEvent(new CustomEvent("papershelf:reload", { cancelable: true })) &&
          !(page && inPlace(page, update.ids))) location.reload();
    }
    version = e.data;
    update = null;
  };
})();
"""
INJECT = f'<script src="{RELOAD_JS}"></script>'.encode()


class Reloader:
    """A build counter that SSE handlers wait on, and the editor's events (``publish``)."""

    def __init__(self) -> None:
        self.version = 0
        self.loud = 0  # the last build that pages must reload for (not only the editor's own edits)
        self.seq = 0
        self.events: list[tuple[int, str]] = []
        self.live: tuple[int, str] | None = None  # (build, "lines" event data) after edits in place
        self.cond = threading.Condition()

    def bump(self, quiet: bool = False, live: dict | None = None) -> None:
        """A build finished; ``live``: the edited ids and what open pages need to show them in place."""
        with self.cond:
            self.version += 1
            self.seq += 1
            if not quiet:
                self.loud = self.version
            self.live = None if quiet or live is None else (
                self.version, json.dumps({"build": str(self.version), **live}))
            self.cond.notify_all()

    def publish(self, data: str) -> None:
        with self.cond:
            self.seq += 1
            self.events = [*self.events[-199:], (self.seq, data)]
            self.cond.notify_all()

    def wait(self, seen: int, timeout: float) -> int:
        with self.cond:
            self.cond.wait_for(lambda: self.seq != seen, timeout=timeout)
            return self.seq

    def message(self, seen_seq: int, seen_version: int) -> tuple[str, int, int]:
        """The SSE text for what happened after ``seen_seq``/``seen_version``, and the new pair."""
        with self.cond:
            text = "".join(f"event: paper\ndata: {data}\n\n" for seq, data in self.events if seq > seen_seq)
            if self.live and self.live[0] == self.version == seen_version + 1:  # only one build behind
                text += f"event: lines\ndata: {self.live[1]}\n\n"
            if self.version != seen_version:
                text += f"data: {self.version}{'' if self.loud > seen_version else ' quiet'}\n\n"
            return text, self.seq, self.version


def published_path(site_url: str | None) -> str:
    """The path the site will be published under (``site_url``'s, e.g. ``/reading-list/``):
    the engines aim the 404 page's links there, since it is shown at any depth."""
    path = urlsplit(safe_url(site_url) or "").path
    return path if path.endswith("/") else path + "/"


class Handler(http.server.SimpleHTTPRequestHandler):
    reloader: Reloader
    stopping: threading.Event
    builder = None  # the SiteBuilder whose output is served
    editsite = None  # edithttp.EditSite when the served pages can edit the shelf

    def log_message(self, format: str, *args) -> None:  # quiet: the terminal shows builds
        pass

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def send_head(self):
        # http.server answers If-Modified-Since by the file's mtime in whole seconds: a file
        # rebuilt within the second the browser last read it (meta.json after an edit shown in
        # place) would be answered "304 Not Modified" and the browser would keep the old one.
        del self.headers["If-Modified-Since"]
        return super().send_head()

    def guess_type(self, path) -> str:
        if str(path).endswith(".gz"):
            return "application/gzip"
        return super().guess_type(path)

    def do_POST(self) -> None:
        if not (self.editsite and self.editsite.handle(self, "POST")):
            self.send_error(405, "read-only server")

    def do_GET(self) -> None:
        if self.editsite and self.editsite.handle(self, "GET"):
            return
        path = self.path.split("?", 1)[0]
        if path == EVENTS:
            return self._events()
        if path == RELOAD_JS:
            return self._send(RELOAD_SCRIPT, "text/javascript; charset=utf-8")
        target = Path(self.translate_path(path))
        if target.is_dir() and path.endswith("/"):
            target = target / "index.html"
        if target.suffix == ".html" and target.is_file():
            return self.send_html(target.read_bytes())
        return super().do_GET()

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """A missing page gets the site's own 404 page (with the theme and navigation), not the
        standard library's bare error page."""
        page = Path(self.directory) / "404.html"
        if code == 404 and self.command == "GET" and page.is_file():
            return self.send_html(self.served_here(page.read_bytes()), status=404)
        super().send_error(code, message, explain)

    def served_here(self, html: bytes) -> bytes:
        """The 404 page's absolute links aim at where the site will be published (``site_url``'s
        path): this server serves it from ``/``, so they are aimed there (else the page would
        come without its styles and its links would lead to more 404s)."""
        base = published_path(self.builder.shelf.config.site_url) if self.builder else "/"
        if base == "/":
            return html
        return re.sub(rb'((?:href|src|action)=")' + re.escape(base.encode()), rb"\1/", html)

    def send_html(self, body: bytes, status: int = 200) -> None:
        """A page with the live-reload script (and the editor's, when editing) added."""
        inject = INJECT + (self.editsite.head() if self.editsite else b"")
        at = body.rfind(b"</body>")
        self._send(body[:at] + inject + body[at:] if at >= 0 else body + inject, "text/html; charset=utf-8", status)

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
        seen, version = self.reloader.seq, self.reloader.version
        try:
            self.wfile.write(f"retry: 500\ndata: {version}\n\n".encode())
            self.wfile.flush()
            while not self.stopping.is_set():
                now = self.reloader.wait(seen, timeout=10)
                if now != seen:
                    text, seen, version = self.reloader.message(seen, version)
                    self.wfile.write(text.encode())
                else:
                    self.wfile.write(b": keep-alive\n\n")
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass


def in_background(build: Callable[[], object]) -> object:
    """Run ``build`` on a thread of lower CPU priority and wait for it: a rebuild after the
    editor's own saves (the page already shows them) must not slow the next save down. A
    rebuild after a change made elsewhere runs at normal priority: a reader waits for it (a
    niced watcher, on a busy machine, saw changes a second late)."""
    from .editor import Editor

    done: dict[str, object] = {}

    def run() -> None:
        Editor.rebuild_in_background()
        try:
            done["result"] = build()
        except BaseException as exc:  # handed to the waiting thread
            done["error"] = exc

    worker = threading.Thread(target=run, name="papershelf-rebuild", daemon=True)
    worker.start()
    worker.join()
    if "error" in done:
        raise done["error"]  # type: ignore[misc]
    return done["result"]


class SiteServer:
    """Serves ``builder.out`` and rebuilds it when the shelf changes."""

    def __init__(self, builder, host: str = "127.0.0.1", port: int = 8000, edit: bool = False) -> None:
        self.builder = builder
        self.host = host
        self.reloader = Reloader()
        self.stopping = threading.Event()
        handler = type("BoundHandler", (Handler,), {"reloader": self.reloader, "stopping": self.stopping,
                                                    "builder": builder})
        try:
            self.httpd = http.server.ThreadingHTTPServer(
                (host, port), functools.partial(handler, directory=str(builder.out)))
        except OSError as exc:
            raise PapershelfError(f"cannot listen on {host}:{port}: {exc.strerror}",
                                  hint="pick another --port (or stop the program using it)") from None
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.editsite = None
        if edit:  # the pages become an editor (site/edithttp.py)
            from .edithttp import EditSite

            handler.editsite = self.editsite = EditSite.start(builder, self.reloader, host, self.port)

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
            # the editor's own writes need no reload: its pages already show them
            quiet = self.editsite is not None and self.editsite.editor.files_changed([Path(p) for _, p in _changes])
            if quiet:  # rebuild once the curator pauses: a rebuild slows the next save down
                self.editsite.editor.settle(self.stopping)
            try:
                shelf.config = load_config(shelf.config_path)
                result = self.builder.build() if not quiet else in_background(self.builder.build)
            except PapershelfError as exc:
                on_build(None, exc, time.perf_counter() - started)
                continue
            self.reloader.bump(quiet=quiet, live=result.live)
            on_build(result, None, time.perf_counter() - started)
