"""Mismatch detection: a paper whose paper link resolves to a different title than the shelf's.

Used by ``papershelf lint --online`` (rule PS250). Each link is asked of the source that owns its
identifier (arXiv for arXiv links, Crossref then Semantic Scholar for DOIs, OpenReview for
forum links), in batches where the API allows, through the shared response cache.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from ..identifiers import ids_from_url
from ..model import Paper, normalise_title
from . import arxiv, crossref, openreview, s2
from .http import SOURCES, Fetcher
from .record import Record, titles_agree


@dataclass
class TitleMismatch:
    paper_id: str
    link: str
    shelf_title: str
    found_title: str
    source: str
    url: str

    @property
    def source_label(self) -> str:
        return SOURCES[self.source].label if self.source in SOURCES else self.source


@dataclass
class MismatchReport:
    mismatches: list[TitleMismatch] = field(default_factory=list)
    checked: int = 0
    unresolved: list[str] = field(default_factory=list)   # paper ids whose link no source answered for
    warnings: list[str] = field(default_factory=list)


def same_paper(shelf_title: str, found_title: str) -> bool:
    """Titles that name the same paper: nearly equal, or the shelf's is a truncation of it."""
    if titles_agree(shelf_title, found_title):
        return True
    a, b = normalise_title(shelf_title), normalise_title(found_title)
    if len(a) >= 20 and b.startswith(a):   # "Distilling the Knowledge in a…": truncated, not wrong
        return True
    from rapidfuzz import fuzz

    return len(a) >= 20 and fuzz.partial_ratio(a, b) >= 95


async def _check(fetcher: Fetcher, papers: list[Paper], contact: str) -> MismatchReport:
    report = MismatchReport()
    targets: list[tuple[Paper, str, str, str]] = []  # paper, link, kind, id
    for paper in papers:
        link = paper.links.get("paper")
        if not link:
            continue
        ids = ids_from_url(link)
        for kind in ("arxiv", "openreview", "doi"):
            if kind in ids:
                targets.append((paper, link, kind, ids[kind]))
                break
    report.checked = len(targets)
    arxiv_ids = [t[3] for t in targets if t[2] == "arxiv"]
    found: dict[tuple[str, str], Record | None] = {}

    async def by_arxiv() -> None:
        records = await arxiv.fetch(fetcher, arxiv_ids) if arxiv_ids else {}
        for i in arxiv_ids:
            found[("arxiv", i)] = records.get(i)

    async def by_doi(doi: str) -> None:
        found[("doi", doi)] = await crossref.fetch(fetcher, doi, contact)

    async def by_openreview(note: str) -> None:
        found[("openreview", note)] = await openreview.fetch(fetcher, note)

    await asyncio.gather(by_arxiv(), *(by_doi(t[3]) for t in targets if t[2] == "doi"),
                         *(by_openreview(t[3]) for t in targets if t[2] == "openreview"))
    missing_dois = sorted({t[3] for t in targets if t[2] == "doi" and found.get(("doi", t[3])) is None})
    if missing_dois:
        records = await s2.fetch(fetcher, [f"DOI:{d}" for d in missing_dois])
        for d in missing_dois:
            found[("doi", d)] = records.get(f"DOI:{d}")
    for paper, link, kind, value in targets:
        record = found.get((kind, value))
        if record is None or not record.title:
            report.unresolved.append(paper.id)
            continue
        if not same_paper(paper.title, record.title):
            report.mismatches.append(TitleMismatch(paper.id, link, paper.title, record.title, record.source,
                                                   record.url))
    report.warnings = list(fetcher.warnings)
    return report


def find_title_mismatches(shelf, papers: list[Paper] | None = None, *, offline: bool = False) -> MismatchReport:
    """Papers whose ``links.paper`` (arXiv, DOI or OpenReview) names a paper with another title."""
    from .service import open_fetcher
    from .resolve import run

    papers = shelf.papers if papers is None else papers

    async def main() -> MismatchReport:
        fetcher = open_fetcher(shelf, offline=offline)
        try:
            return await _check(fetcher, papers, shelf.config.contact)
        finally:
            await fetcher.aclose()
            fetcher.cache.close()

    return run(main())
