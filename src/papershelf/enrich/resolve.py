"""Resolution: ask each source what it is best at, then merge the answers field by field.

Per identifier kind:

- arXiv id → arXiv (title, authors, abstract), Semantic Scholar (ids, venue), DBLP (venue of
  the published version), Hugging Face (code/project links);
- DOI → Crossref (publisher record), Semantic Scholar, DBLP;
- OpenReview id → OpenReview (v2, then v1), Semantic Scholar by title, DBLP;
- title → Semantic Scholar ``search/match`` and DBLP, accepted only when the normalised titles
  nearly agree and the year is within one; then the ids found are looked up as above.

Records that contradict each other are reported as conflicts (and the preferred source wins);
a record whose title disagrees with the paper's own title is not used at all.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..net.loop import run  # noqa: F401 - what callers run look-ups with, from synchronous code
from .http import SOURCES, Fetcher
from .record import Record, is_preprint_venue, titles_agree

if TYPE_CHECKING:
    from .sources import Source

# Which source to believe first, per field.
PRIORITY: dict[str, tuple[str, ...]] = {
    "title": ("openreview", "arxiv", "crossref", "s2", "dblp", "hf"),
    "authors": ("arxiv", "openreview", "crossref", "dblp", "s2", "hf"),
    "abstract": ("arxiv", "openreview", "s2", "crossref"),
    "published": ("openreview", "dblp", "crossref", "s2", "arxiv"),
    "ids": ("arxiv", "openreview", "crossref", "dblp", "s2", "hf"),
    "links": ("openreview", "crossref", "dblp", "arxiv", "s2", "hf"),
}


@dataclass
class Lookup:
    """What is known about one paper before asking: its title (if any), year and ids."""

    key: str
    title: str | None = None
    year: int | None = None
    ids: dict[str, str] = field(default_factory=dict)
    venue: bool = True   # ask DBLP for the published venue
    links: bool = True   # ask Hugging Face for code/project links


@dataclass
class Value:
    value: Any
    source: str
    url: str

    @property
    def label(self) -> str:
        return SOURCES[self.source].label if self.source in SOURCES else self.source


@dataclass
class Resolution:
    """Everything learnt about one paper: merged values with their source, and conflicts."""

    lookup: Lookup
    records: list[Record] = field(default_factory=list)
    rejected: list[Record] = field(default_factory=list)
    values: dict[str, Value] = field(default_factory=dict)
    conflicts: list[str] = field(default_factory=list)

    @property
    def found(self) -> bool:
        return bool(self.records)

    def get(self, name: str) -> Any:
        v = self.values.get(name)
        return v.value if v else None


def _label(source: str) -> str:
    return SOURCES[source].label if source in SOURCES else source


class PaperState:
    """One paper being resolved: what was asked for, the records kept so far, and which
    sources were asked already."""

    def __init__(self, lookup: Lookup) -> None:
        self.lookup = lookup
        self.records: list[Record] = []
        self.rejected: list[Record] = []
        self.conflicts: list[str] = []
        self.done: set[str] = set()

    def ids(self) -> dict[str, str]:
        found = dict(self.lookup.ids)
        for record in self.records:
            for kind, value in record.ids.items():
                found.setdefault(kind, value)
        return found

    def title(self) -> str | None:
        if self.lookup.title:
            return self.lookup.title
        for source in PRIORITY["title"]:
            for record in self.records:
                if record.source == source and record.title:
                    return record.title
        return None

    def year(self) -> int | None:
        return self.lookup.year or next((r.year for r in self.records if r.year), None)

    def accept(self, record: Record | None) -> None:
        """Keep a record unless its title contradicts the paper's."""
        if record is None:
            return
        title = self.title()
        if title and record.title and not titles_agree(title, record.title):
            self.rejected.append(record)
            ident = ", ".join(f"{k} {v}" for k, v in record.ids.items() if k in ("arxiv", "doi", "openreview")) \
                or record.url
            self.conflicts.append(f"{_label(record.source)} ({ident}) is titled {record.title!r}, "
                                  f"not {title!r}: not used")
            return
        self.records.append(record)


async def _gather(tasks: list, progress: Callable[[int], None] | None) -> None:
    async def wrap(coro):
        try:
            await coro
        finally:
            if progress:
                progress(1)

    await asyncio.gather(*(wrap(t) for t in tasks))


async def resolve_all(fetcher: Fetcher, lookups: list[Lookup], *, contact: str = "",
                      progress: Callable[[int], None] | None = None,
                      total: Callable[[int], None] | None = None,
                      sources: list[Source] | None = None) -> list[Resolution]:
    """Resolve every lookup with ``sources`` (default: every registered one), sharing batches
    and rate limits across papers."""
    from .sources import all_sources

    states = [PaperState(lk) for lk in lookups]
    chosen = sources if sources is not None else all_sources()

    async def ask(source: Source, wanted: dict[Hashable, list[PaperState]]) -> None:
        found = await source.fetch(fetcher, list(wanted), contact)
        for key, sts in wanted.items():
            for st in sts:
                source.accept(st, found.get(key))

    async def phase(rounds: int) -> int:
        """Start every request that what is known now allows; return how many ran."""
        tasks: list = []
        batches: dict[str, dict[Hashable, list[PaperState]]] = {s.name: {} for s in chosen if s.batched}
        for st in states:
            for source in chosen:
                key = source.key(st, rounds) if source.name not in st.done else None
                if key is None:
                    continue
                st.done.add(source.name)
                if source.batched:
                    batches[source.name].setdefault(key, []).append(st)
                else:
                    tasks.append(ask(source, {key: [st]}))
        tasks += [ask(source, batches[source.name]) for source in chosen if batches.get(source.name)]
        if tasks:
            if total:
                total(len(tasks))
            await _gather(tasks, progress)
        return len(tasks)

    for rounds in range(3):  # ids found by one source open lookups in others
        if not await phase(rounds) and rounds:
            break
    return [_merge(st) for st in states]


def _ordered(records: list[Record], order: tuple[str, ...]) -> list[Record]:
    rank = {s: i for i, s in enumerate(order)}
    return sorted(records, key=lambda r: rank.get(r.source, len(order)))


def _merge(st: PaperState) -> Resolution:
    res = Resolution(st.lookup, st.records, st.rejected, conflicts=list(st.conflicts))
    records = st.records
    for name in ("title", "authors", "abstract"):
        for record in _ordered(records, PRIORITY[name]):
            value = getattr(record, name)
            if value:
                res.values[name] = Value(value, record.source, record.url)
                break
    titles = [r for r in records if r.title and r.matched_by == "id"]
    for a in titles:
        for b in titles:
            if a.source < b.source and not titles_agree(a.title, b.title):
                res.conflicts.append(f"title: {_label(a.source)} says {a.title!r}, {_label(b.source)} says "
                                     f"{b.title!r}")
    # Venue and year: a peer-reviewed venue beats the preprint server.
    published = [r for r in _ordered(records, PRIORITY["published"]) if r.published]
    if published:
        best = published[0]
        res.values["venue"] = Value(best.venue, best.source, best.url)
        if best.year:
            res.values["year"] = Value(best.year, best.source, best.url)
        for other in published[1:]:
            if other.venue != best.venue or (other.year and best.year and other.year != best.year):
                res.conflicts.append(
                    f"venue: {best.venue} {best.year or ''} ({_label(best.source)}) but {other.venue} "
                    f"{other.year or ''} ({_label(other.source)}); using {_label(best.source)}".replace(" )", ")"))
    else:
        pre = next((r for r in _ordered(records, PRIORITY["published"]) if is_preprint_venue(r.venue)), None)
        if pre is not None:
            res.values["venue"] = Value(pre.venue, pre.source, pre.url)
        dated = next((r for r in _ordered(records, ("arxiv", "openreview", "crossref", "s2", "dblp")) if r.year), None)
        if dated is not None:
            res.values["year"] = Value(dated.year, dated.source, dated.url)
    # Identifiers: union, preferring the source that owns the identifier; disagreements reported.
    for record in _ordered(records, PRIORITY["ids"]):
        for kind, value in record.ids.items():
            key = f"ids.{kind}"
            if key not in res.values:
                res.values[key] = Value(value, record.source, record.url)
            elif kind in ("arxiv", "doi", "openreview") and res.values[key].value.lower() != value.lower():
                res.conflicts.append(f"{kind}: {res.values[key].value} ({res.values[key].label}) but {value} "
                                     f"({_label(record.source)})")
    # Links: the published version's page when there is one, else the preprint; code from HF.
    paper_sources = [r for r in published if r.links.get("paper")] or \
        [r for r in _ordered(records, PRIORITY["links"]) if r.links.get("paper")]
    if paper_sources:
        r = paper_sources[0]
        res.values["links.paper"] = Value(r.links["paper"], r.source, r.url)
    for record in _ordered(records, PRIORITY["links"]):
        for kind, url in record.links.items():
            if kind != "paper":
                res.values.setdefault(f"links.{kind}", Value(url, record.source, record.url))
    arxiv_rec = next((r for r in records if r.source == "arxiv"), None)
    if arxiv_rec is not None:
        res.values["preprint"] = Value(arxiv_rec.url, "arxiv", arxiv_rec.url)
    return res
