"""What the editor tests share: a served copy of the bundled shelf, the page's token, API calls
the way a page makes them, and the check that a YAML file changed only in one paper's lines."""

from __future__ import annotations

import http.client
import json
import re
from pathlib import Path
from urllib.parse import urlsplit

TOKEN = re.compile(rb'<meta name="papershelf-edit" content="([^"]*)">')


def request(url: str, method: str = "GET", path: str = "/", body: bytes | None = None,
            headers: dict | None = None) -> tuple[int, bytes]:
    """One raw HTTP request (http.client sends exactly the headers given, plus Host)."""
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    headers = dict(headers or {})
    skip_host = "Host" in headers
    conn.putrequest(method, path, skip_host=skip_host, skip_accept_encoding=True)
    for key, value in headers.items():
        conn.putheader(key, value)
    if body is not None and "Content-Length" not in headers:
        conn.putheader("Content-Length", str(len(body)))
    conn.endheaders(body)
    response = conn.getresponse()
    data = response.read()
    conn.close()
    return response.status, data


def token_of(url: str) -> str:
    status, page = request(url, path="/")
    assert status == 200
    return TOKEN.search(page).group(1).decode()


class Client:
    """Calls the editor's API as its own page does."""

    def __init__(self, url: str) -> None:
        self.url = url.rstrip("/")
        self.host = urlsplit(url).netloc
        self.token = token_of(url)

    def headers(self, **extra) -> dict:
        return {"Host": self.host, "Origin": f"http://{self.host}", "Content-Type": "application/json",
                "X-Papershelf-Token": self.token, **extra}

    def post(self, body: dict, **headers) -> tuple[int, dict]:
        status, data = request(self.url, "POST", "/__papershelf__/api", json.dumps(body).encode(),
                               self.headers(**headers))
        return status, json.loads(data)

    def get(self, query: str) -> dict:
        status, data = request(self.url, "GET", "/__papershelf__/api?" + query, None, self.headers())
        assert status == 200, data
        return json.loads(data)

    def state(self, paper_id: str) -> dict:
        return self.get("ids=" + paper_id)["papers"][paper_id]


def file_of(shelf: Path, paper_id: str) -> Path:
    pattern = re.compile(rf"^- id: {re.escape(paper_id)}$", re.M)
    return next(p for p in sorted((shelf / "papers").rglob("*.yaml")) if pattern.search(p.read_text()))


def without_paper(text: str, paper_id: str) -> str:
    """The file's text minus the one paper's block (an item starting at ``- id: <paper_id>``)."""
    blocks = re.split(r"(?m)^(?=- )", text)
    return "".join(b for b in blocks if not re.match(rf"- id: {re.escape(paper_id)}\n", b))


def assert_only_paper_changed(before: str, after: str, paper_id: str) -> None:
    assert before != after, "the file did not change"
    assert without_paper(before, paper_id) == without_paper(after, paper_id), \
        f"lines outside {paper_id} changed"


def paper_block(text: str, paper_id: str) -> str:
    blocks = re.split(r"(?m)^(?=- )", text)
    return next((b for b in blocks if re.match(rf"- id: {re.escape(paper_id)}\n", b)), "")
