"""The editor's HTTP side in `papershelf serve`: who may edit, the JSON API, the Queue page.

Security, because the editor writes files on the reader's disk:

- on a loopback address every request must name this server in ``Host`` (127.0.0.1, localhost
  or [::1] with the port): a DNS-rebinding page, whose requests carry its own host name, gets 403
  and can neither read notes nor edit;
- a write needs the per-server secret in the ``X-Papershelf-Token`` header (never in a URL), an
  ``Origin`` equal to the server's own, ``Content-Type: application/json``, a ``Content-Length``
  and at most ``MAX_BODY`` bytes; anything else is refused (403/411/413) before the body is read
  and nothing is written. No CORS headers are ever sent, so other origins cannot read answers;
- on a non-loopback address editing exists only with ``--allow-edit``: the page then does not
  carry the secret, the reader types the token the server printed.
"""

from __future__ import annotations

import hmac
import ipaddress
import json
import re
from importlib import resources
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from .editor import Editor, EditError

PREFIX = "/__papershelf__/"
API = PREFIX + "api"
ASSETS = {PREFIX + "edit.js": ("papershelf-edit.js", "text/javascript; charset=utf-8"),
          PREFIX + "edit.css": ("papershelf-edit.css", "text/css; charset=utf-8")}
QUEUE = "/queue/"
TOKEN_HEADER = "X-Papershelf-Token"
MAX_BODY = 256 * 1024
MAX_IDS = 2000


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class Refused(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


class EditSite:
    """Plugs the editor into the server's request handler (see ``serve.Handler``)."""

    def __init__(self, editor: Editor, site_dir: Path, host: str, port: int) -> None:
        self.editor = editor
        self.site_dir = Path(site_dir)
        self.loopback = is_loopback(host)
        self.hosts = {f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}"}
        self.assets = {path: ((resources.files("papershelf.site") / "static" / name).read_bytes(), ctype)
                       for path, (name, ctype) in ASSETS.items()}

    @classmethod
    def start(cls, builder, reloader, host: str, port: int) -> EditSite:
        """The editor for ``builder``'s shelf, telling open pages of each change via ``reloader``."""
        from ..shelf import Shelf

        # a Shelf of its own: the watcher's rebuilds read the builder's from another thread
        editor = Editor(Shelf(builder.shelf.root), publish=lambda event: reloader.publish(json.dumps(event, ensure_ascii=False)))
        return cls(editor, builder.out, host, port)

    # -- the pieces the server calls ---------------------------------------------------------

    def head(self) -> bytes:
        """What the server adds to every HTML page it serves: the editor's script and style, and
        on loopback the secret (another origin cannot read the page; a rebinding one gets 403)."""
        token = self.editor.secret if self.loopback else ""
        return (f'<meta name="papershelf-edit" content="{token}">'
                f'<link rel="stylesheet" href="{PREFIX}edit.css">'
                f'<script src="{PREFIX}edit.js"></script>').encode()

    def handle(self, handler, method: str) -> bool:
        """Answer the request if it is the editor's (or must be refused); False: serve a file."""
        path = urlsplit(handler.path).path
        try:
            if not self.host_ok(handler.headers.get("Host", "")):
                raise Refused(403, "this server answers only to its own address (Host header refused)")
            if path in self.assets:
                body, ctype = self.assets[path]
                return _send(handler, 200, body, ctype) or True
            if path == QUEUE or path == QUEUE.rstrip("/"):
                return self._queue_page(handler) or True
            if path != API:
                if method == "POST":
                    raise Refused(405, "only the editor's API takes POST")
                return False
            self.check_token(handler.headers)
            if method == "GET":
                return _json(handler, 200, self._read(handler.path)) or True
            body = self.check_write(handler)
            try:
                return _json(handler, 200, self.editor.act(body)) or True
            except EditError as exc:
                return _json(handler, exc.status, exc.to_json()) or True
        except Refused as exc:
            return _json(handler, exc.status, {"error": exc.message}) or True

    # -- checks ------------------------------------------------------------------------------

    def host_ok(self, host: str) -> bool:
        return not self.loopback or host.lower() in self.hosts

    def check_token(self, headers) -> None:
        token = headers.get(TOKEN_HEADER, "")
        if not hmac.compare_digest(token.encode(), self.editor.secret.encode()):
            raise Refused(403, f"editing needs this server's token in the {TOKEN_HEADER} header")

    def check_write(self, handler) -> dict:
        """Origin, content type and size of a write; its JSON object body."""
        headers = handler.headers
        if headers.get("Origin", "") != f"http://{headers.get('Host', '')}":
            raise Refused(403, "the request comes from another site (Origin does not match)")
        if headers.get("Content-Type", "").split(";")[0].strip().lower() != "application/json":
            raise Refused(403, "only JSON bodies (Content-Type: application/json) are accepted")
        if headers.get("Transfer-Encoding") or not re.fullmatch(r"\d+", headers.get("Content-Length", "")):
            raise Refused(411, "a Content-Length is required")
        length = int(headers["Content-Length"])
        if length > MAX_BODY:
            raise Refused(413, f"the request is larger than {MAX_BODY // 1024} kB")
        try:
            body = json.loads(handler.rfile.read(length))
        except (ValueError, UnicodeDecodeError):
            raise Refused(400, "the body is not valid JSON") from None
        if not isinstance(body, dict):
            raise Refused(400, "the body must be a JSON object")
        return body

    # -- answers -----------------------------------------------------------------------------

    def _read(self, url: str) -> dict:
        query = parse_qs(urlsplit(url).query)
        what = query.get("what", ["papers"])[0]
        if what == "queue":
            return self.editor.queue()
        if what == "vocabulary":
            return self.editor.vocabulary()
        ids = [i for part in query.get("ids", []) for i in part.split(",") if i][:MAX_IDS]
        return {"papers": self.editor.papers(ids)}

    def _queue_page(self, handler) -> None:
        """The Queue page: the explorer page's frame with the queue in place of the table, as
        compact lines (the editor's script replaces them with entries it can edit)."""
        shell = self.site_dir / "explorer" / "index.html"
        try:
            html = shell.read_text(encoding="utf-8")
        except OSError:
            return _json(handler, 404, {"error": "the site is not built yet"})
        start = html.find("<article")
        start = html.find(">", start) + 1
        end = html.find("</article>", start)
        body = ('<h1 id="queue">Queue</h1><p class="ps-lead">What to read next: unread papers, top priority '
                'first, then second, then the rest, newest first (the order of <code>papershelf queue</code>).</p>'
                f'<div id="ps-queue" class="ps-queue" aria-live="polite">{self.editor.queue_lines()}</div>')
        html = html[:start] + body + html[end:]
        html = re.sub(r"<title>(?:[^<]*? - )?", "<title>Queue - ", html, count=1)
        html = re.sub(r"\b(md-(?:tabs__item|tabs__link|nav__link|nav__item)--active)\b", "", html)
        handler.send_html(html.encode())


def _send(handler, status: int, body: bytes, ctype: str) -> None:
    handler.send_response(status)
    handler.send_header("Content-Type", ctype)
    handler.send_header("Content-Length", str(len(body)))
    handler.send_header("X-Content-Type-Options", "nosniff")
    handler.end_headers()
    handler.wfile.write(body)


def _json(handler, status: int, data: dict) -> None:
    _send(handler, status, json.dumps(data, ensure_ascii=False).encode(), "application/json; charset=utf-8")
