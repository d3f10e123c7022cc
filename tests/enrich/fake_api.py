"""A fake scholarly-metadata server on 127.0.0.1 for tests and the benchmark.

It serves the hand-written fixtures in ``fixtures/`` (each in its API's documented format) and,
for bulk runs, renders papers of a ``world`` dict in the same formats. Every request is logged
(with its time and headers), and failures can be queued per source:

    api = FakeAPI().start()
    api.queue("s2", 429, headers={"Retry-After": "1"})   # the next S2 request is rate limited
    monkeypatch.setenv(...) for each api.env() item
"""

from __future__ import annotations

import json
import re
import threading
import time
import unicodedata
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

FIXTURES = Path(__file__).parent / "fixtures"

FEED_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <link href="http://arxiv.org/api/query?search_query%3D%26id_list%3D{ids}%26start%3D0%26max_results%3D{n}" rel="self" type="application/atom+xml"/>
  <title type="html">ArXiv Query: search_query=&amp;id_list={ids}&amp;start=0&amp;max_results={n}</title>
  <id>http://arxiv.org/api/fakefeedid</id>
  <updated>2026-11-26T00:00:00-05:00</updated>
  <opensearch:totalResults xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">{total}</opensearch:totalResults>
  <opensearch:startIndex xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">0</opensearch:startIndex>
  <opensearch:itemsPerPage xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">{n}</opensearch:itemsPerPage>
"""

ENTRY = """  <entry>
    <id>http://arxiv.org/abs/{arxiv}v1</id>
    <updated>{year}-01-15T10:00:00Z</updated>
    <published>{year}-01-15T10:00:00Z</published>
    <title>{title}</title>
    <summary>  {abstract}
</summary>
{authors}    <link href="http://arxiv.org/abs/{arxiv}v1" rel="alternate" type="text/html"/>
    <link title="pdf" href="http://arxiv.org/pdf/{arxiv}v1" rel="related" type="application/pdf"/>
    <arxiv:primary_category xmlns:arxiv="http://arxiv.org/schemas/atom" term="cs.LG" scheme="http://arxiv.org/schemas/atom"/>
    <category term="cs.LG" scheme="http://arxiv.org/schemas/atom"/>
  </entry>
"""


def slug(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()
    return "_".join(re.findall(r"[a-z0-9]+", folded))


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class FakeAPI:
    def __init__(self, fixtures: Path = FIXTURES, world: dict[str, dict] | None = None) -> None:
        self.fixtures = fixtures
        self.world = world or {}
        self.by_title = {slug(p["title"]): p for p in self.world.values()}
        self.log: list[dict] = []
        self._queued: dict[str, list[tuple[int, dict, bytes]]] = {}
        self._lock = threading.Lock()
        self.server: ThreadingHTTPServer | None = None

    # -- control --------------------------------------------------------------------------------

    def start(self) -> FakeAPI:
        api = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # quiet
                pass

            def _serve(self, method: str) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                status, headers, payload = api.handle(method, self.path, body, dict(self.headers))
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def do_GET(self):
                self._serve("GET")

            def do_POST(self):
                self._serve("POST")

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server:
            self.server.shutdown()
            self.server.server_close()

    @property
    def url(self) -> str:
        assert self.server
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def env(self) -> dict[str, str]:
        return {"PAPERSHELF_ARXIV_URL": f"{self.url}/arxiv/api/query",
                "PAPERSHELF_S2_URL": f"{self.url}/s2/graph/v1",
                "PAPERSHELF_DBLP_URL": f"{self.url}/dblp/search/publ/api",
                "PAPERSHELF_CROSSREF_URL": f"{self.url}/crossref",
                "PAPERSHELF_OPENREVIEW_URL": f"{self.url}/openreview2",
                "PAPERSHELF_OPENREVIEW_V1_URL": f"{self.url}/openreview1",
                "PAPERSHELF_HF_URL": f"{self.url}/hf/api"}

    def queue(self, source: str, status: int, body: bytes | str = b"", headers: dict | None = None,
              times: int = 1) -> None:
        """The next ``times`` requests to ``source`` get this answer instead of the normal one."""
        payload = body.encode() if isinstance(body, str) else body
        with self._lock:
            self._queued.setdefault(source, []).extend([(status, headers or {}, payload)] * times)

    def requests(self, source: str | None = None) -> list[dict]:
        return [r for r in self.log if source is None or r["source"] == source]

    # -- answering ------------------------------------------------------------------------------

    def handle(self, method: str, path: str, body: bytes, headers: dict) -> tuple[int, dict, bytes]:
        parts = urlsplit(path)
        source = parts.path.strip("/").split("/", 1)[0]
        with self._lock:
            self.log.append({"source": source, "method": method, "path": parts.path, "query": parts.query,
                             "time": time.monotonic(), "headers": headers, "body": body})
            queued = self._queued.get(source)
            if queued:
                status, extra, payload = queued.pop(0)
                return status, {"Content-Type": "text/plain", **extra}, payload
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        handler = getattr(self, f"_{source}", None)
        if handler is None:
            return 404, {"Content-Type": "text/plain"}, b"no such fake API"
        return handler(method, unquote(parts.path), query, body)

    def _file(self, *names: str) -> bytes | None:
        path = self.fixtures.joinpath(*names)
        return path.read_bytes() if path.is_file() else None

    def _json(self, status: int, payload) -> tuple[int, dict, bytes]:
        data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        return status, {"Content-Type": "application/json"}, data

    # arXiv: GET /arxiv/api/query?id_list=a,b
    def _arxiv(self, method, path, query, body):
        ids = [i for i in query.get("id_list", "").split(",") if i]
        entries = []
        for arxiv_id in ids:
            fixture = self._file("arxiv", arxiv_id.replace("/", "_") + ".xml")
            if fixture is not None:
                entries.append(fixture.decode())
            elif arxiv_id in self.world:
                p = self.world[arxiv_id]
                authors = "".join(f"    <author>\n      <name>{_xml(a)}</name>\n    </author>\n" for a in p["authors"])
                entries.append(ENTRY.format(arxiv=arxiv_id, year=p["year"], title=_xml(p["title"]),
                                            abstract=_xml(p["abstract"]), authors=authors))
        head = FEED_HEAD.format(ids=",".join(ids), n=query.get("max_results", "10"), total=len(entries))
        return 200, {"Content-Type": "application/atom+xml; charset=utf-8"}, \
            (head + "".join(entries) + "</feed>\n").encode()

    def _s2_item(self, key: str):
        fixture = self._file("s2", key.replace(":", "_").replace("/", "_") + ".json")
        if fixture is not None:
            return json.loads(fixture)
        if key.startswith("ARXIV:") and key[6:] in self.world:
            p = self.world[key[6:]]
            ext = {"ArXiv": p["arxiv"], "CorpusId": p["corpus"]}
            if p.get("doi"):
                ext["DOI"] = p["doi"]
            return {"paperId": p["s2"], "externalIds": ext,
                    "url": f"https://www.semanticscholar.org/paper/{p['s2']}", "title": p["title"],
                    "venue": p["s2_venue"], "publicationVenue": {"name": p["s2_venue"], "type": "conference"},
                    "year": p["venue_year"], "authors": [{"authorId": str(i), "name": a}
                                                         for i, a in enumerate(p["authors"])],
                    "abstract": p["abstract"], "journal": None}
        return None

    # Semantic Scholar: GET /s2/graph/v1/paper/{id}, POST /paper/batch, GET /paper/search/match
    def _s2(self, method, path, query, body):
        rest = path.split("/graph/v1/", 1)[-1]
        if method == "POST" and rest == "paper/batch":
            try:
                ids = json.loads(body)["ids"]
            except (ValueError, KeyError):
                return self._json(400, {"error": "Unacceptable request body"})
            return self._json(200, [self._s2_item(k) for k in ids])
        if rest == "paper/search/match":
            name = slug(query.get("query", ""))
            fixture = self._file("s2", "match", name + ".json")
            if fixture is not None:
                return self._json(200, fixture)
            p = self.by_title.get(name)
            if p is not None:
                item = self._s2_item(f"ARXIV:{p['arxiv']}")
                return self._json(200, {"data": [{**item, "matchScore": 150.0}]})
            return self._json(404, self._file("s2", "_match_not_found.json"))
        if rest.startswith("paper/"):
            item = self._s2_item(rest[6:])
            if item is None:
                return self._json(404, {"error": f"Paper with id {rest[6:]} not found"})
            return self._json(200, item)
        return self._json(404, {"error": "Not found"})

    # DBLP: GET /dblp/search/publ/api?q=…&format=json
    def _dblp(self, method, path, query, body):
        name = slug(query.get("q", ""))
        fixture = self._file("dblp", name + ".json")
        if fixture is not None:
            return self._json(200, fixture)
        p = self.by_title.get(name)
        if p is None:
            return self._json(200, self._file("dblp", "_empty.json"))
        authors = {"author": [{"@pid": f"00/{i}", "text": a} for i, a in enumerate(p["authors"])]}
        hits = [{"@score": "9", "@id": "1", "info": {
                    "authors": authors, "title": p["title"] + ".", "venue": "CoRR", "year": str(p["year"]),
                    "type": "Informal and Other Publications", "key": f"journals/corr/abs-{p['arxiv']}",
                    "ee": f"https://arxiv.org/abs/{p['arxiv']}", "url": "https://dblp.org/rec/x"}}]
        if p.get("dblp_venue"):
            info = {"authors": authors, "title": p["title"] + ".", "venue": p["dblp_venue"],
                    "year": str(p["venue_year"]), "type": "Conference and Workshop Papers",
                    "key": f"conf/{p['dblp_venue'].lower()}/{p['arxiv']}", "url": "https://dblp.org/rec/y"}
            if p.get("doi"):
                info.update(doi=p["doi"], ee=f"https://doi.org/{p['doi']}")
            hits.append({"@score": "9", "@id": "2", "info": info})
        return self._json(200, {"result": {"query": query.get("q", ""), "status": {"@code": "200", "text": "OK"},
                                           "hits": {"@total": str(len(hits)), "@sent": str(len(hits)),
                                                    "@first": "0", "hit": hits}}})

    # Crossref: GET /crossref/works/{doi}
    def _crossref(self, method, path, query, body):
        doi = path.split("/works/", 1)[-1]
        fixture = self._file("crossref", doi.replace("/", "_") + ".json")
        if fixture is None:
            for name in (self.fixtures / "crossref").glob("*.json"):
                if name.stem.lower() == doi.replace("/", "_").lower():
                    fixture = name.read_bytes()
        if fixture is not None:
            return self._json(200, fixture)
        return 404, {"Content-Type": "text/plain"}, self._file("crossref", "_not_found.txt") or b"Resource not found."

    # OpenReview: GET /openreview2/notes?id=…, /openreview1/notes?id=…
    def _notes(self, folder, query):
        fixture = self._file(folder, query.get("id", "") + ".json")
        return self._json(200, fixture if fixture is not None else {"notes": [], "count": 0})

    def _openreview2(self, method, path, query, body):
        if path.endswith("/login"):
            return self._json(200, {"token": "fake-token"})
        return self._notes("openreview2", query)

    def _openreview1(self, method, path, query, body):
        if path.endswith("/login"):
            return self._json(200, {"token": "fake-token-v1"})
        return self._notes("openreview1", query)

    # Hugging Face: GET /hf/api/papers/{arxiv_id}
    def _hf(self, method, path, query, body):
        arxiv_id = path.rsplit("/papers/", 1)[-1]
        fixture = self._file("hf", arxiv_id + ".json")
        if fixture is not None:
            return self._json(200, fixture)
        p = self.world.get(arxiv_id)
        if p is not None and p.get("code"):
            return self._json(200, {"id": arxiv_id, "title": p["title"], "authors": [{"name": a} for a in p["authors"]],
                                    "upvotes": 0, "githubRepo": p["code"]})
        return self._json(404, self._file("hf", "_not_found.json"))
