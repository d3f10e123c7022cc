"""The metadata sources enrichment asks, looked up by name.

A source says what it can be asked about a paper from what is known so far (``key``: an arXiv
id, a DOI, a title…; None when it has nothing to ask yet), fetches the answers (``fetch``: one
request per paper, or one batch for many) and decides whether an answer is kept (``accept``).
The resolver (``resolve.py``) runs every registered source in rounds, as ids found by one open
look-ups in another, and knows none of them by name: a new source is one ``register`` call.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from ..errors import PapershelfError
from . import arxiv, crossref, dblp, hf, openreview, s2
from .http import Fetcher
from .record import Record, titles_agree, years_agree

if TYPE_CHECKING:
    from .resolve import PaperState


class Source(Protocol):
    name: str
    batched: bool  # one ``fetch`` for every paper of a round, else one per paper

    def key(self, paper: PaperState, rounds: int) -> Hashable | None:
        """What to ask about ``paper`` in round ``rounds`` (0, 1, 2), or None."""

    async def fetch(self, fetcher: Fetcher, keys: list[Hashable], contact: str) -> dict[Hashable, Record | None]:
        """The record found for each key (missing or None: nothing)."""

    def accept(self, paper: PaperState, record: Record | None) -> None:
        """Keep ``record`` for ``paper`` (or reject it)."""


@dataclass(frozen=True)
class FunctionSource:
    """A source made of a key function and a fetch function (``many`` for batches, else ``one``)."""

    name: str
    key: Callable[[PaperState, int], Hashable | None]
    one: Callable[[Fetcher, Hashable, str], Awaitable[Record | None]] | None = None
    many: Callable[[Fetcher, list], Awaitable[dict]] | None = None

    @property
    def batched(self) -> bool:
        return self.many is not None

    async def fetch(self, fetcher: Fetcher, keys: list[Hashable], contact: str) -> dict[Hashable, Record | None]:
        if self.many is not None:
            return await self.many(fetcher, keys)
        assert self.one is not None
        return {key: await self.one(fetcher, key, contact) for key in keys}

    def accept(self, paper: PaperState, record: Record | None) -> None:
        paper.accept(record)


class TitleMatch(FunctionSource):
    """Semantic Scholar's best match for a title: kept only when title and year agree."""

    def accept(self, paper: PaperState, record: Record | None) -> None:
        if record is None:
            return
        if titles_agree(record.title, paper.title()) and years_agree(record.year, paper.lookup.year):
            paper.accept(record)
        else:
            paper.rejected.append(record)


def _crossref_key(st: PaperState, rounds: int) -> str | None:
    # Crossref is asked about a DOI when it is all there is, or, for a paper that also has an
    # arXiv id, only after the other sources found no published version (the same decision on
    # every run, so that a second run is answered from the cache).
    ids = st.ids()
    if ids.get("doi") and (not ids.get("arxiv") or (rounds and not any(r.published for r in st.records))):
        return ids["doi"]
    return None


def _match_key(st: PaperState, rounds: int) -> str | None:
    ids = st.ids()
    return st.title() if not (ids.get("arxiv") or ids.get("doi") or ids.get("s2")) else None


def _dblp_key(st: PaperState, rounds: int) -> tuple[str, int | None] | None:
    title = st.title()
    return (title, st.year()) if st.lookup.venue and title else None


def _hf_key(st: PaperState, rounds: int) -> str | None:
    return st.ids().get("arxiv") if st.lookup.links else None


_REGISTRY: dict[str, Source] = {}


def register(source: Source) -> Source:
    """Add ``source`` (after the others: it is asked in that order within a round)."""
    if source.name in _REGISTRY:
        raise ValueError(f"enrichment source {source.name!r} is registered twice")
    _REGISTRY[source.name] = source
    return source


def get(name: str) -> Source:
    if name not in _REGISTRY:
        raise PapershelfError(f"no enrichment source {name!r}", hint=f"sources: {', '.join(_REGISTRY)}")
    return _REGISTRY[name]


def all_sources() -> list[Source]:
    return list(_REGISTRY.values())


for _source in (
    FunctionSource("arxiv", lambda st, rounds: st.ids().get("arxiv"), many=arxiv.fetch),
    FunctionSource("s2", lambda st, rounds: s2.lookup_key(st.ids()), many=s2.fetch),
    FunctionSource("crossref", _crossref_key, one=lambda fetcher, doi, contact: crossref.fetch(fetcher, doi, contact)),
    FunctionSource("openreview", lambda st, rounds: st.ids().get("openreview"),
                   one=lambda fetcher, note_id, contact: openreview.fetch(fetcher, note_id)),
    TitleMatch("match", _match_key, one=lambda fetcher, title, contact: s2.match_title(fetcher, title)),
    FunctionSource("dblp", _dblp_key, one=lambda fetcher, key, contact: dblp.find(fetcher, *key)),
    FunctionSource("hf", _hf_key, one=lambda fetcher, arxiv_id, contact: hf.fetch(fetcher, arxiv_id)),
):
    register(_source)
