"""Discovery use cases: suggest catalog papers for the shelf (or a topic / taxonomy node),
accept or dismiss them (the inbox), and file unfiled papers into a taxonomy (classify).

    found = suggest(shelf, catalog, topic="knowledge-distillation", n=20)
    accept(shelf, catalog, [found[0].record.key], topic="knowledge-distillation")
    dismiss(shelf, catalog, [found[1].record.key])
    file_sections(shelf, classify(shelf, "kd-taxonomy")[:5])
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from ..catalog.record import CatalogRecord
from ..discover import embed, inbox
from ..discover.classify import Proposal, propose
from ..discover.index import open_index, with_embeddings
from ..discover.suggest import Query, Suggestion
from ..discover.suggest import suggest as rank
from ..discover.text import match_keys
from ..errors import PapershelfError
from ..model import Paper
from ..shelf import Shelf
from ..shelf.atomic import atomic_write
from ..shelf.store import locked
from . import papers as paper_ops

__all__ = ["accept", "classify", "dismiss", "dismissed", "file_sections", "scope", "suggest"]


def dismissed_path(shelf: Shelf) -> Path:
    return shelf.root / inbox.FILE_NAME


def dismissed(shelf: Shelf) -> list[inbox.Dismissed]:
    """The papers ``dismiss`` turned down, oldest first."""
    return inbox.read(dismissed_path(shelf))


def _in_scope(paper: Paper, topic: str | None, section: str | None) -> bool:
    if topic:
        return topic in paper.topics
    if section:
        return any(s == section or s.startswith(section + "/") for s in paper.sections)
    return True


def scope(shelf: Shelf, *, topic: str | None = None, section: str | None = None) -> tuple[list[Paper], list[Paper]]:
    """(papers of the topic or taxonomy node, and of its subtree; the shelf's other papers)."""
    if topic and section:
        raise PapershelfError("give a topic or a section, not both")
    _check_names(shelf, topic, section)
    inside = [p for p in shelf.papers if _in_scope(p, topic, section)]
    outside = [p for p in shelf.papers if not _in_scope(p, topic, section)]
    return inside, outside


def _check_names(shelf: Shelf, topic: str | None, section: str | None) -> None:
    if topic and not shelf.config.topic(topic):
        raise PapershelfError(f"no topic {topic!r} in shelf.toml",
                              hint="topics: " + (", ".join(t.id for t in shelf.config.topics) or "none declared"))
    if section and not shelf.config.taxonomy_node(section):
        raise PapershelfError(f"no taxonomy node {section!r} in shelf.toml",
                              hint="nodes: " + (", ".join(n.path for n in shelf.config.taxonomy) or "none declared"))


def suggest(shelf: Shelf, catalog, *, topic: str | None = None, section: str | None = None, n: int = 50,
            embeddings: bool = False, progress: Callable[[str], None] | None = None) -> list[Suggestion]:
    """The ``n`` catalog papers that best fit the shelf (or the topic / taxonomy node), best
    first; never a paper on the shelf or dismissed. ``embeddings``: rank with sentence
    embeddings too (needs papershelf[embeddings]). ``progress`` hears of a first, slow run."""
    if n < 1:
        raise PapershelfError(f"-n {n}: ask for at least one suggestion")
    inside, outside = scope(shelf, topic=topic, section=section)
    if not inside:
        what = f"topic {topic!r}" if topic else f"section {section!r}" if section else "the shelf"
        raise PapershelfError(f"{what} has no papers to learn from", hint="suggest ranks the catalog by "
                              "likeness to papers already there; add a few first")
    exclude = [(p.title, p.ids) for p in shelf.papers] + [(d.title, d.ids) for d in dismissed(shelf)]
    if embeddings and not embed.available():
        raise PapershelfError("--embeddings needs an embedding model, and none is installed",
                              hint="pip install 'papershelf[embeddings]' (WordLlama: about 20 MB, offline)")
    index = open_index(catalog, progress)
    if embeddings:
        index = with_embeddings(catalog, index, progress)
    return rank(catalog, index, Query(inside, outside if (topic or section) else (), exclude), n,
                embeddings=embeddings)


def _records(catalog, keys: Sequence[str]) -> list[CatalogRecord]:
    found = catalog.by_keys(keys)
    missing = [k for k in keys if k not in found]
    if missing:
        raise PapershelfError(f"no paper {missing[0]!r} in the catalog",
                              hint="use a key that `papershelf suggest` or `papershelf catalog search` printed")
    return [found[k] for k in dict.fromkeys(keys)]


def _on_shelf(shelf: Shelf, record: CatalogRecord) -> Paper | None:
    keys = set(match_keys(record.title, record.ids))
    return next((p for p in shelf.papers if keys & set(match_keys(p.title, p.ids))), None)


def _paper_fields(record: CatalogRecord, today: dt.date) -> dict:
    """A new paper's fields from a catalog record, each with provenance naming the dump."""
    links = {kind: record.links[kind] for kind in ("paper", "code", "project") if record.links.get(kind)}
    if "paper" not in links and record.links.get("pdf"):
        links["paper"] = record.links["pdf"]
    fields = {"title": record.title, "authors": record.authors, "year": record.year, "venue": record.venue,
              "abstract": record.abstract, "links": links,
              "ids": {k: v for k, v in record.ids.items() if k in ("arxiv", "doi", "openreview")}}
    origin = {"source": f"catalog:{record.source}", "date": today}
    provenance = {name: origin for name in ("authors", "year", "venue", "abstract") if fields[name]}
    provenance.update({f"{group}.{kind}": origin for group in ("links", "ids") for kind in fields[group]})
    return {**fields, "provenance": provenance}


def accept(shelf: Shelf, catalog, keys: Sequence[str], *, topic: str | None = None, section: str | None = None,
           file: str | Path | None = None, today: dt.date | None = None) -> list[Paper]:
    """Add catalog papers to the shelf with everything the catalog knows of them (authors,
    abstract, venue, year, identifiers, links; provenance ``catalog:<dump>``), in ``topic``
    and/or ``section``; an accepted paper leaves the dismissed list. Returns the new papers."""
    today = today or dt.date.today()
    _check_names(shelf, topic, section)
    records = _records(catalog, keys)
    papers: list[Paper] = []
    taken = set(shelf.ids())
    for record in records:
        existing = _on_shelf(shelf, record)
        if existing:
            raise PapershelfError(f"{record.key} is already on the shelf as {existing.id!r}", hint="nothing was added")
        paper = shelf.new_paper(taken, **_paper_fields(record, today), topics=[topic] if topic else [],
                                sections=[section] if section else [], added=today)
        taken.add(paper.id)
        papers.append(paper)
    added = paper_ops.add(shelf, papers, file=file)
    _forget(shelf, records)
    return added


def dismiss(shelf: Shelf, catalog, keys: Sequence[str], *, today: dt.date | None = None) -> list[inbox.Dismissed]:
    """Remember catalog papers as dismissed (in ``dismissed.yaml``), so suggest never offers
    them again; returns the entries added (papers already dismissed are not repeated)."""
    records = _records(catalog, keys)
    with locked(shelf.state_dir / "lock"):
        entries = dismissed(shelf)
        known = {e.key for e in entries}
        new = [inbox.Dismissed(r.key, r.title, dict(r.ids), today or dt.date.today())
               for r in records if r.key not in known]
        if new:
            atomic_write(dismissed_path(shelf), inbox.render(entries + new))
    return new


def _forget(shelf: Shelf, records: Iterable[CatalogRecord]) -> None:
    """Drop accepted papers from the dismissed list (by key, title or identifier)."""
    keys = {k for r in records for k in match_keys(r.title, r.ids)}
    with locked(shelf.state_dir / "lock"):
        entries = dismissed(shelf)
        kept = [e for e in entries if not keys & set(match_keys(e.title, e.ids))]
        if len(kept) != len(entries):
            atomic_write(dismissed_path(shelf), inbox.render(kept))


def classify(shelf: Shelf, taxonomy: str, *, topic: str | None = None) -> list[Proposal]:
    """A section of ``taxonomy`` proposed for each unfiled paper (of ``topic``, else of the
    topics of the papers filed there), learnt from the filed papers; most confident first."""
    if not shelf.config.taxonomy_node(taxonomy):
        raise PapershelfError(f"no taxonomy node {taxonomy!r} in shelf.toml", hint="taxonomy roots: " + (
            ", ".join(n.path for n in shelf.config.taxonomy if "/" not in n.path) or "none declared"))
    _check_names(shelf, topic, None)
    return propose(shelf.papers, taxonomy, topic=topic)


def file_sections(shelf: Shelf, proposals: Iterable[Proposal], *, base=None) -> list[Paper]:
    """Write proposals: each paper gains its proposed section (other sections kept). A paper
    changed since it was proposed raises ``papershelf.app.Conflict`` (nothing of it is written)."""
    written: list[Paper] = []
    for proposal in proposals:
        paper = proposal.paper
        guard = base if base is not None else {paper.id: paper_ops.version(paper)}
        written += paper_ops.edit(shelf, paper.id, {"sections": [*paper.sections, proposal.section]}, base=guard)
    return written
