"""The papers stage: the stream of entries into the list's papers, one by one.

Entries that are the same paper are merged as they come (by normalised title, or by a shared
identifier with a similar title), so each distinct entry waits for the end of the list packed into
a few hundred bytes (``marshal``, in memory only), compressed 64 to a block, rather than ~1.5 KB of
objects. The checks that
need the whole list (one-letter title variants, truncated titles, unknown venues, links of untitled
entries) read the packed entries once; then each entry is unpacked, checked against the ones before
it (shared links), handed out and dropped.
"""

from __future__ import annotations

import marshal
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator

from ...config import ShelfConfig
from ..base import Finding
from ..dedupe import author_key, near_duplicate, near_keys, title_key
from ..paperlist import Blocks
from .checks import (
    id_keys,
    link_keys,
    merge_into,
    one_letter_variants,
    same_paper,
    shared_link,
    title_words,
    truncated_title,
    unknown_venue,
    venue_site,
)
from .entries import Entry, Link, canonical_url
from .report import Report
from .sections import named_by_repository
from .stream import Out
from .vocab import FINDING_CODES

NEAR_CANDIDATES = 8  # entries of one author and title head compared at most (keeps merging linear)


class Store:
    """Packed entries by index, 64 to a compressed block (``Blocks``: entries of one list share
    most of their bytes, and a packed entry was still ~230 bytes); an entry changed after it was
    added (a merge) is kept packed apart. Findings are kept beside the entries, unpacked."""

    def __init__(self) -> None:
        self.packed = Blocks()
        self.changed: dict[int, bytes] = {}
        self.findings: dict[int, list[Finding]] = {}
        self.years: list[int | None] = []  # beside the packed entries: the one-letter check needs only them
        self._year: dict[int, int] = {}  # one int object per year for all the years kept

    def __len__(self) -> int:
        return len(self.packed)

    def add(self, e: Entry) -> int:
        self.packed.append(pack(e))
        self.years.append(None)
        self._beside(len(self.packed) - 1, e)
        return len(self.packed) - 1

    def put(self, i: int, e: Entry) -> None:
        self.changed[i] = pack(e)
        self._beside(i, e)

    def _beside(self, i: int, e: Entry) -> None:
        self.years[i] = self._year.setdefault(e.year, e.year) if e.year is not None else None
        if e.findings:
            self.findings[i] = e.findings

    def get(self, i: int) -> Entry:
        data = self.changed.get(i)
        return unpack(self.packed[i] if data is None else data, self.findings.get(i, []))

    def take(self, i: int) -> Entry:
        """The entry, its changed version and findings dropped from the store (entries are taken
        in order, once: the compressed blocks go with the store)."""
        e = self.get(i)
        self.changed.pop(i, None)
        self.findings.pop(i, None)
        return e


def pack(e: Entry) -> bytes:
    return marshal.dumps((e.line, e.title, e.authors, e.venue, e.year, e.topics, e.sections, e.tags,
                          [(lk.kind, lk.url, lk.label, lk.line, lk.ids) for lk in e.links], e.marks, e.notes,
                          e.explicit_id, e.explicit_ids, e.merged_lines, e.block))


def unpack(data: bytes, findings: list[Finding]) -> Entry:
    (line, title, authors, venue, year, topics, sections, tags, links, marks, notes, explicit_id, explicit_ids,
     merged_lines, block) = marshal.loads(data)
    return Entry(line, title, authors, venue, year, topics, sections, tags, [Link(*lk) for lk in links],
                 marks, notes, explicit_id, explicit_ids, findings, merged_lines, block)


def without_code(stream: Iterator[Out]) -> Iterator[Out]:
    """The stream without the code-only entries of sections that are mostly code (a list of
    implementations under a neutral heading); a lone code-only entry among papers is a paper with
    its code. A section's entries are held from its first code-only entry to its end only."""
    block: int | None = None
    before = 0  # entries of the block handed on before its first code-only one
    held: list[Entry] = []
    for item in stream:
        if isinstance(item, Entry):
            if item.block != block:
                yield from _decide(held, before)
                block, before, held = item.block, 0, []
            if held or named_by_repository(item):
                held.append(item)
                continue
            before += 1
        yield item
    yield from _decide(held, before)


def _decide(held: list[Entry], before: int) -> Iterator[Entry | Finding]:
    code = [e for e in held if named_by_repository(e)]
    total = before + len(held)
    if not held or held[0].block == -1 or len(code) < 2 or len(code) * 2 < total:
        yield from held
        return
    dropped = {id(e) for e in code}
    for e in held:
        if id(e) in dropped:
            yield Finding("IMP121", FINDING_CODES["IMP121"][0], f"{e.title[:80]!r} is not a paper: its only links are "
                          f"code repositories, as for {len(code)} of the {total} entries of its section; skipped",
                          line=e.line, data={"title": e.title, "reason": "code"})
        else:
            yield e


def settle(stream: Iterator[Out], report: Report) -> tuple[Store, list[str]]:
    """Merge the entries that are the same paper; report everything else. Returns the distinct
    entries and their title keys (in the same order)."""
    store = Store()
    by_title: dict[str, int] = {}
    # the hash of an identifier -> the entry (rarely entries) giving it: kept as strings, the keys
    # were 8 % of a list's memory; a hash shared by two identifiers costs one ``same_paper``, which
    # compares the identifiers themselves (titles alike are found by ``by_title`` first)
    by_id: dict[int, int | list[int]] = {}
    by_near: dict[int, int | list[int]] = {}  # near_keys bucket -> its first NEAR_CANDIDATES entries
    keys: list[str] = []  # by entry: its title key (the strings by_title holds) and its first
    authors: list[str] = []  # author's key, so a candidate is compared without unpacking it
    for item in without_code(stream):
        if not isinstance(item, Entry):
            report.add(item)
            continue
        key = title_key(item.title)
        target = by_title.get(key)
        ids = [hash(k) for k in id_keys(item)] if target is None else []
        if ids:
            target = _first(by_id, ids, lambda c: same_paper(store.get(c), item))
        near = (author_key(item.authors), key, item.year)
        buckets = near_keys(near[0], key) if target is None else ()
        if buckets:
            target = _first(by_near, buckets, lambda c: near_duplicate((authors[c], keys[c], store.years[c]), near))
        if target is None:
            i = by_title[key] = store.add(item)
            keys.append(key)
            authors.append(sys.intern(near[0]))
            for k in ids:
                _file(by_id, k, i)
            for b in buckets:
                _file(by_near, b, i, most=NEAR_CANDIDATES)
        else:
            merged = store.get(target)
            merge_into(merged, item)  # (it may give the entry a year, kept in store.years, or authors
            store.put(target, merged)  # when it had none: then it is in no by_near bucket; never a title)
    return store, keys


def _listed(found: int | list[int] | tuple[()]) -> list[int] | tuple[int, ...] | tuple[()]:
    return (found,) if isinstance(found, int) else found


def _first(index: dict[int, int | list[int]], keys: Iterable[int], match: Callable[[int], bool]) -> int | None:
    """The first entry filed in ``index`` under one of ``keys`` (in order) that ``match`` accepts."""
    for k in keys:
        target = next((c for c in _listed(index.get(k, ())) if match(c)), None)
        if target is not None:
            return target
    return None


def _file(index: dict[int, int | list[int]], k: int, i: int, most: int | None = None) -> None:
    """File entry ``i`` under ``k`` (a lone entry as an int, more as a list of at most ``most``)."""
    found = index.setdefault(k, i)
    if found != i and (most is None or len(_listed(found)) < most):
        index[k] = [*_listed(found), i]


def finished(store: Store, keys: list[str], report: Report, config: ShelfConfig, legend: dict[str, str]) -> Iterator[Entry]:
    """Run the checks that need the whole list now (their findings go to ``report``), then hand
    out each entry with its own checks done, dropping it from the store."""
    letters = one_letter_variants(keys, store.years, _title_line(store))
    del keys[:]
    counts: Counter = Counter()
    venues: dict[str, list[int]] = {}
    by_url: dict[str, tuple[str, int]] = {}
    want_urls = any(urls for _, urls in report.untitled)
    shared: dict[int, list[Finding]] = {}
    seen: dict[int, int] = {}  # hash of a link key -> index of the first entry giving it
    for i in range(len(store)):
        e = store.get(i)
        counts.update(title_words(e.title))
        unknown_venue(e, config.venue_aliases, venues)
        _shared_links(store, i, e, seen, shared)
        if want_urls:
            by_url.update((canonical_url(u), (e.title, e.line)) for u in e.urls())
    del seen
    report.untitled_links(by_url)
    report.skipped_sections()
    report.unknown_venues(venues)
    report.marks(legend)
    return _each(store, shared, letters, counts)


def _shared_links(store: Store, i: int, e: Entry, seen: dict[int, int], shared: dict[int, list[Finding]]) -> None:
    """IMP110 for entry ``i`` when a link key of it was given by an entry before (reported once per
    other entry); ``seen`` is updated. Keys are kept as their hashes (two keys per entry of a
    100,000-entry list were a third of its memory); two keys of one hash (about 1 in 10^9 for such
    a list) would give one wrong IMP110, never a wrong paper."""
    reported: set[int] = set()
    for key, url in link_keys(e):
        other = seen.setdefault(hash(key), i)
        if other != i and other not in reported:
            shared.setdefault(i, []).append(shared_link(e, url, key, store.get(other)))
            reported.add(other)


def _title_line(store: Store) -> Callable[[int], tuple[str, int]]:
    def get(i: int) -> tuple[str, int]:
        e = store.get(i)
        return e.title, e.line
    return get


def _each(store: Store, shared: dict[int, list[Finding]], letters: dict[int, list[Finding]],
          counts: Counter) -> Iterator[Entry]:
    vocabulary = sorted(counts)
    for i in range(len(store)):
        e = store.take(i)
        e.findings += shared.get(i, [])
        e.findings += letters.get(i, [])
        truncated_title(e, counts, vocabulary)
        venue_site(e)
        yield e
