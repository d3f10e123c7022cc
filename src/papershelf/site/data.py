"""The site's paper data: compact, sharded, gzip-compressed JSON that the browser filters.

Papers are never written as one Markdown page each. They are grouped by venue-year (newest
year first) and packed into shards of about ``SHARD_SIZE`` papers; every shard exists twice:

- ``idx-N.<hash>.json.gz``: the columns the explorer and the search filter on (id, title,
  authors, venue, year, topics, sections, tags, priority, status, added, which link kinds, the
  paper and code links every explorer row shows, arXiv id and DOI);
- ``det-N.<hash>.json.gz``: what a paper card shows besides (links, abstract, reader notes,
  BibTeX, related papers when known).

``meta.json`` (small, fetched first and never cached) names the shards with a content hash in
the file name, lists the venue-years each shard holds (so a venue or year filter fetches only
the shards that can match) and holds the vocabularies the shards index into. An edit to one
paper changes one shard pair; every other file keeps its name and stays cached in browsers.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
import re
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from ..config import ShelfConfig
from ..export.bibtex import citation_entry
from ..model import LINK_KINDS, URL_PATTERN, Paper, ascii_fold

SHARD_SIZE = 4000
FORMAT_VERSION = 1
PRIORITY_CODE = {"top": 1, "second": 2, None: 0}
STATUS_CODE = {"unread": 0, "reading": 1, "read": 2}
UNKNOWN_VENUE = "Unknown venue"
EPOCH = dt.date(1970, 1, 1)
# the columns of the two shard kinds, in the order ``SiteData.row`` gives them
COLUMNS = {"idx": ("id", "t", "a", "v", "y", "tp", "s", "g", "p", "st", "ad", "lk", "mk", "pu", "cu", "x"),
           "det": ("ab", "no", "ln", "bib", "ro", "rel")}


def placement(p: Paper) -> tuple:
    """What decides where a paper is on the site: which pages, lists, shards and vocabularies
    hold it and in which order. An edit that keeps it (a title, a status, a link, a note) can be
    applied in place (``SitePages.patch``, ``SiteData`` with ``edited``)."""
    return p.id, p.venue, p.year, tuple(p.topics), tuple(p.sections), tuple(p.tags), p.added


def reader_notes(notes: str | None) -> str:
    """The notes a reader sees: paragraphs the importer wrote about the list itself ("Import
    check: …") are for the curator (lint and IMPORT-REPORT.md show them), not for readers."""
    if not notes:
        return ""
    kept = [part for part in re.split(r"\n\s*\n", notes) if not part.lstrip().startswith("Import check:")]
    return "\n\n".join(kept).strip()


def safe_url(url: str | None) -> str | None:
    """The URL if it is an absolute http(s) URL (the only links ever emitted), else None."""
    if url and URL_PATTERN.match(url):
        return url
    return None


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", ascii_fold(text).lower()).strip("-") or "x"


@dataclass
class Vocab:
    """Strings the shards refer to by number."""

    items: list[str] = field(default_factory=list)
    index: dict[str, int] = field(default_factory=dict)

    def __call__(self, value: str) -> int:
        found = self.index.get(value)
        if found is None:
            found = self.index[value] = len(self.items)
            self.items.append(value)
        return found


@dataclass
class Group:
    venue: str
    year: int | None
    papers: list[Paper]


def group_papers(papers: Iterable[Paper]) -> list[Group]:
    """Venue-year groups, newest year first, then venue name; papers keep shelf order."""
    groups: dict[tuple[str, int | None], list[Paper]] = {}
    for p in papers:
        groups.setdefault((p.venue or UNKNOWN_VENUE, p.year), []).append(p)
    keys = sorted(groups, key=lambda k: (-(k[1] or 0), k[0] == UNKNOWN_VENUE, k[0].casefold()))
    return [Group(v, y, groups[(v, y)]) for v, y in keys]


def pack(groups: list[Group], size: int = SHARD_SIZE) -> list[list[Group]]:
    """Consecutive groups packed into shards of at most ``size`` papers (a bigger group is
    split over several shards)."""
    shards: list[list[Group]] = []
    current: list[Group] = []
    count = 0
    for g in groups:
        for start in range(0, len(g.papers), size):
            part = Group(g.venue, g.year, g.papers[start:start + size])
            if current and count + len(part.papers) > size:
                shards.append(current)
                current, count = [], 0
            current.append(part)
            count += len(part.papers)
    if current:
        shards.append(current)
    return shards


def encode(obj: object) -> bytes:
    """Compact JSON, gzip-compressed deterministically (no timestamp: same data, same bytes).
    Level 5, not 6: half the CPU for 5 % more bytes (measured on the 10,000-paper shelf)."""
    return gzip.compress(compact_json(obj), compresslevel=5, mtime=0)


def compact_json(obj: object) -> bytes:
    """``obj`` as compact UTF-8 JSON (what ``encode`` compresses, and meta.json as it is)."""
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def shard_name(kind: str, number: int, blob: bytes) -> str:
    """The path of an encoded shard: named by its content, so a browser never keeps a stale one."""
    return f"data/{kind}-{number}.{hashlib.sha1(blob).hexdigest()[:10]}.json.gz"


def _days(d: dt.date | None) -> int:
    return (d - EPOCH).days if d else 0


@dataclass
class DataMemo:
    """The shards the last build encoded, kept by ``serve`` between rebuilds: a shard holding
    the same papers, none of them edited, under the same vocabularies is not encoded again, and
    an edit in place rewrites the edited papers' rows of the kept columns (``payloads``)."""

    shards: dict[int, tuple[tuple, tuple, dict, dict[str, str]]] = field(default_factory=dict)
    blobs: dict[tuple[int, str], bytes] = field(default_factory=dict)
    payloads: dict[int, dict[str, dict[str, list]]] = field(default_factory=dict)
    vocabs: tuple = ()
    meta: dict = field(default_factory=dict)
    rows: dict[str, tuple[int, int]] = field(default_factory=dict)  # id -> (shard, row), made on first use


class SiteData:
    """Everything the browser loads about papers, as ``{relative path: bytes}``."""

    def __init__(self, papers: list[Paper], config: ShelfConfig, venue_slugs: dict[str, str],
                 related: dict[str, list[str]] | Callable[[], dict[str, list[str]]] | None = None,
                 memo: DataMemo | None = None, dirty: set[str] | None = None,
                 edited: dict[str, tuple[Paper, Paper]] | None = None) -> None:
        self.papers = papers
        # a callable: lists still being found (a build without a memo asks for them only once
        # the rows and index shards are made, see ``_build``)
        self.later = related if callable(related) else None
        self.related = {} if callable(related) else related or {}
        self.config = config
        self.venue_slugs = venue_slugs
        self.memo = memo or DataMemo()
        self.dirty = dirty  # ids of papers that may have changed since the memo (None: all)
        self.files: dict[str, bytes] = {}
        self.meta: dict = {}
        if edited is not None and self.memo.meta:
            self._patch(edited)
        else:
            self._build()

    def _vocabularies(self, shards: list[list[Group]]) -> tuple[Vocab, Vocab, Vocab, Vocab]:
        """Venue, topic, section and tag numbers, in the order the shards meet them."""
        venues, topics, sections, tags = Vocab(), Vocab(), Vocab(), Vocab()
        for t in self.config.topics:
            topics(t.id)
        for n in self.config.taxonomy:
            sections(n.path)
        for name in self.config.tags:
            tags(name)
        for shard in shards:
            for g in shard:
                venues(g.venue)
                for p in g.papers:
                    for t in p.topics:
                        topics(t)
                    for x in p.sections:
                        sections(x)
                    for x in p.tags:
                        tags(x)
        return venues, topics, sections, tags

    def row(self, p: Paper, venue: int, vocabs: tuple[Vocab, Vocab, Vocab, Vocab]) -> tuple:
        """One paper's values, in ``COLUMNS`` order (the index columns, then the details)."""
        _, topics, sections, tags = vocabs
        kinds = {k: i for i, k in enumerate(LINK_KINDS)}
        have = missing = 0
        links = []
        for kind, url in p.links.items():
            bit = 1 << kinds[kind]
            good = safe_url(url)
            if good:
                have |= bit
            else:
                missing |= bit
            links.append([kinds[kind], good])
        return (p.id, p.title, "; ".join(p.authors), venue, p.year or 0, [topics(t) for t in p.topics],
                [sections(s) for s in p.sections], [tags(t) for t in p.tags], PRIORITY_CODE[p.priority],
                STATUS_CODE[p.status], _days(p.added), have, missing, safe_url(p.links.get("paper")) or "",
                safe_url(p.links.get("code")) or "",
                " ".join(value for key, value in p.ids.items() if value and key in ("arxiv", "doi")),
                p.abstract or "", reader_notes(p.notes), links, citation_entry(p),
                p.read_on.isoformat() if p.read_on else "", self.related_of(p.id))

    def related_of(self, paper_id: str) -> list[str]:
        """The ``rel`` column: the paper's related papers, never itself."""
        return [r for r in self.related.get(paper_id, ()) if r != paper_id]

    def _payload(self, shard: list[Group], vocabs: tuple[Vocab, Vocab, Vocab, Vocab]) -> tuple[list, dict]:
        payload = {kind: {k: [] for k in keys} for kind, keys in COLUMNS.items()}
        appends = [column.append for columns in payload.values() for column in columns.values()]
        groups = []
        for g in shard:
            v = vocabs[0](g.venue)
            groups.append([v, g.year or 0, len(g.papers)])
            for p in g.papers:
                for append, value in zip(appends, self.row(p, v, vocabs)):
                    append(value)
        return groups, payload

    def _patch(self, edited: dict[str, tuple[Paper, Paper]]) -> None:
        """The last build's shards with the edited papers' rows rewritten (edits in place only,
        see ``placement``): only the shard kinds whose values changed are encoded again."""
        memo = self.memo
        if not memo.rows:
            memo.rows = {pid: (number, row) for number, payload in memo.payloads.items()
                         for row, pid in enumerate(payload["idx"]["id"])}
        touched: set[tuple[int, str]] = set()
        for _, paper in edited.values():
            number, row = memo.rows[paper.id]
            values = iter(self.row(paper, memo.vocabs[0].index[paper.venue or UNKNOWN_VENUE], memo.vocabs))
            for kind, columns in memo.payloads[number].items():
                for column in columns.values():
                    value = next(values)
                    if column[row] != value:
                        column[row] = value
                        touched.add((number, kind))
        with ThreadPoolExecutor(max_workers=2) as pool:
            jobs = {key: pool.submit(encode, memo.payloads[key[0]][key[1]]) for key in sorted(touched)}
        for (number, kind), job in jobs.items():
            memo.blobs[(number, kind)] = blob = job.result()
            name = shard_name(kind, number, blob)
            memo.shards[number][3][kind] = memo.meta["shards"][number][kind] = name
        self.meta = memo.meta
        for number, (_, _, _, names) in memo.shards.items():
            for kind, name in names.items():
                self.files[name] = memo.blobs[(number, kind)]
        self.files["data/meta.json"] = compact_json(self.meta)

    def _build(self) -> None:
        shards = pack(group_papers(self.papers))
        vocabs = self._vocabularies(shards)
        signature = tuple(tuple(v.items) for v in vocabs)
        shard_meta = []
        pending: list[tuple[dict, int, dict]] = []
        kept: dict[int, tuple[tuple, tuple, dict, dict[str, str]]] = {}
        for number, shard in enumerate(shards):
            ids = tuple(p.id for g in shard for p in g.papers)
            old = self.memo.shards.get(number)
            if (old and self.dirty is not None and old[0] == ids and old[1] == signature
                    and not any(i in self.dirty for i in ids)):
                entry = dict(old[2])
                kept[number] = old
                for kind, name in old[3].items():
                    self.files[name] = self.memo.blobs[(number, kind)]
                    entry[kind] = name
            else:
                groups, payloads = self._payload(shard, vocabs)
                entry = {"n": sum(x[2] for x in groups), "groups": groups}
                pending.append((entry, number, payloads))
                self.memo.payloads[number] = payloads
                kept[number] = (ids, signature, {"n": entry["n"], "groups": groups}, {})
            shard_meta.append(entry)
        # zlib releases the GIL: compress the shards on two threads
        with ThreadPoolExecutor(max_workers=2) as pool:
            jobs = [(entry, number, kind, pool.submit(encode, payload))
                    for entry, number, payloads in pending for kind, payload in payloads.items()
                    if not (self.later and kind == "det")]
            if self.later:  # the related lists, then the detail shards that hold them
                self.related, self.later = self.later(), None
                for entry, number, payloads in pending:
                    payloads["det"]["rel"] = [self.related_of(pid) for pid in payloads["idx"]["id"]]
                    jobs.append((entry, number, "det", pool.submit(encode, payloads["det"])))
            for entry, number, kind, job in jobs:
                blob = job.result()
                name = shard_name(kind, number, blob)
                self.files[name] = blob
                entry[kind] = name
                kept[number][3][kind] = name
        self.memo.shards = kept
        self.memo.blobs = {(n, kind): self.files[name] for n, (_, _, _, names) in kept.items()
                           for kind, name in names.items()}
        self.memo.payloads = {n: payload for n, payload in self.memo.payloads.items() if n in kept}
        self.memo.vocabs, self.memo.rows = vocabs, {}
        venues, topics, sections, tags = vocabs
        self.meta = {
            "v": FORMAT_VERSION,
            "total": len(self.papers),
            "venues": [[name, self.venue_slugs.get(name, slugify(name))] for name in venues.items],
            "topics": [[t, (self.config.topic(t).name if self.config.topic(t) else t)] for t in topics.items],
            "sections": [[s, (self.config.taxonomy_node(s).name if self.config.taxonomy_node(s) else
                              s.rsplit("/", 1)[-1].replace("-", " ").capitalize())] for s in sections.items],
            "tags": tags.items,
            "kinds": list(LINK_KINDS),
            "shards": shard_meta,
        }
        self.memo.meta = self.meta
        self.files["data/meta.json"] = compact_json(self.meta)

    @property
    def size(self) -> int:
        return sum(len(b) for b in self.files.values())
