"""Catalog use cases: index dumps, describe and search the catalog (the CLI and Python share them).

    report = add_dumps(["~/dumps/paperlists/"], shelf=shelf)
    hits = search_catalog("knowledge distillation", shelf=shelf)
    plans = plan_from_catalog(shelf, shelf.papers).plans   # then enrich.service.apply_plans
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..catalog import default_path
from ..catalog.match import WRITE, Match, Matcher, Query, is_truncation
from ..catalog.readers import SUFFIXES
from ..catalog.record import CatalogRecord
from ..catalog.store import Catalog, FileResult
from ..enrich.plan import FIELDS, Change, PaperPlan, lookup_for, missing, plan_paper, selected
from ..enrich.record import Record, is_preprint_venue
from ..enrich.resolve import PaperState, Resolution, resolve_all, run
from ..enrich.service import EnrichReport
from ..errors import PapershelfError
from ..findings import Finding
from ..model import Paper, normalise_title


def catalog_path(shelf=None, db: str | Path | None = None) -> Path:
    """``db`` when given, else ``$PAPERSHELF_CATALOG``, else the shelf's ``[catalog] path``,
    else the user cache's catalog."""
    db = db or os.environ.get("PAPERSHELF_CATALOG")
    return Path(db).expanduser() if db else default_path(shelf)


def open_catalog(shelf=None, db: str | Path | None = None, *, must_exist: bool = False) -> Catalog:
    path = catalog_path(shelf, db)
    if must_exist and not path.exists():
        raise PapershelfError(f"no catalog at {path}",
                              hint="index paper dumps first: papershelf catalog add PATH… (see the README for downloads)")
    return Catalog.open(path)


def dump_files(paths: Iterable[str | Path]) -> list[Path]:
    """The files to index: each file given, and the dumps (``*.json[.gz]``, ``*.jsonl``, ``*.bib``…)
    inside each folder given, sorted."""
    out: list[Path] = []
    for raw in paths:
        path = Path(raw).expanduser()
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.is_file() and p.name.lower().endswith(SUFFIXES))
            if not found:
                raise PapershelfError(f"no dump files (*.json, *.json.gz, *.jsonl, *.bib) in {path}")
            out.extend(found)
        elif path.exists():
            out.append(path)
        else:
            raise PapershelfError(f"no such file or folder: {path}")
    return out


@dataclass
class AddReport:
    path: Path
    files: list[FileResult] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    total: int = 0

    @property
    def failed(self) -> list[FileResult]:
        return [f for f in self.files if f.status == "failed"]


def add_dumps(paths: Iterable[str | Path], *, shelf=None, db: str | Path | None = None,
              progress: Callable[[int], None] | None = None,
              size: Callable[[int], None] | None = None) -> AddReport:
    """Index dumps into the catalog; ``size(total_bytes)`` is told the work ahead, then
    ``progress(bytes)`` as it is done."""
    files = dump_files(paths)
    if size:
        size(sum(p.stat().st_size for p in files))
    with open_catalog(shelf, db) as catalog:
        report = AddReport(catalog.path)
        report.findings = catalog.add(files, progress, results=report.files)
        report.total = catalog.count()
    return report


def catalog_stats(*, shelf=None, db: str | Path | None = None) -> dict[str, Any]:
    """Papers per source and how many have each field, plus the database's size."""
    with open_catalog(shelf, db, must_exist=True) as catalog:
        return {"path": str(catalog.path), "bytes": catalog.path.stat().st_size,
                "fields": catalog.field_counts(), "sources": catalog.sources()}


def search_catalog(text: str, *, limit: int = 20, shelf=None, db: str | Path | None = None) -> list[CatalogRecord]:
    with open_catalog(shelf, db, must_exist=True) as catalog:
        return catalog.search(text, limit)


def as_enrich_record(match: Match) -> Record:
    """A catalog match as the record an API source would have returned (provenance
    ``catalog:<dump>``). A venue-less record (a rejected submission) gives no year either."""
    r = match.record
    links = {k: v for k, v in r.links.items() if k in ("code", "project")}
    page = r.links.get("paper") or r.links.get("pdf")
    if page:
        links["paper"] = page
    return Record(source=f"catalog:{r.source}", url=page or "", title=r.title, authors=list(r.authors),
                  year=r.year if r.venue else None, venue=r.venue, abstract=r.abstract, ids=dict(r.ids),
                  links=links, matched_by="title" if match.by == "title" else "id")


class CatalogSource:
    """The local catalog as an enrichment source (the ``enrich.sources.Source`` protocol), so its
    answers are merged by the same resolver as the APIs'. Offline: asked once per paper, in one
    batch. Every match at ``WRITE`` or above is kept (a paper in a venue dump and in the arXiv
    snapshot), else only the best; ``matches`` keeps the scores for the plan."""

    name = "catalog"
    batched = True

    def __init__(self, matcher: Matcher, papers: list[Paper], progress: Callable[[int], None] | None = None):
        self.matcher, self.progress = matcher, progress
        self.papers = {p.id: p for p in papers}
        self.matches: dict[str, list[Match]] = {}
        self.ids: dict[str, dict[str, str]] = {}

    def key(self, paper: PaperState, rounds: int) -> str | None:
        if rounds:
            return None
        self.ids[paper.lookup.key] = paper.lookup.ids  # from the paper's ids and links (plan.lookup_for)
        return paper.lookup.key

    async def fetch(self, fetcher, keys: list, contact: str) -> dict:
        """All the papers matched together (``Matcher.match_all``); progress is told per thousand."""
        found = {}
        for start in range(0, len(keys), 1000):
            part = keys[start:start + 1000]
            papers = [self.papers[key] for key in part]
            queries = [Query(p.title, p.year, None if is_preprint_venue(p.venue) else p.venue, self.ids[key])
                       for key, p in zip(part, papers)]
            for key, matches in zip(part, self.matcher.match_all(queries)):
                self.matches[key] = matches
                found[key] = as_enrich_record(matches[0]) if matches else None
            if self.progress:
                self.progress(len(part))
        return found

    def accept(self, paper: PaperState, record: Record | None) -> None:
        matches = self.matches.get(paper.lookup.key) or []
        if record is None or not matches:
            return
        used = [m for m in matches if m.score >= WRITE] if matches[0].score >= WRITE else matches[:1]
        paper.records.extend(as_enrich_record(m) for m in used)


def catalog_plan(paper: Paper, res: Resolution, matches: list[Match], fields: tuple[str, ...] = FIELDS, *,
                 overwrite: bool = False, missing_only: bool = False,
                 aliases: dict[str, str] | None = None) -> PaperPlan:
    """What the catalog's resolution would change on one paper; below ``WRITE`` confidence every
    change is a proposal, with the reason; a title the shelf cut short gets the full one proposed."""
    title = res.values.get("title")
    if title and normalise_title(title.value) == normalise_title(paper.title):
        del res.values["title"]  # the same title written differently is not news
    plan = plan_paper(paper, res, fields, overwrite=overwrite, missing_only=missing_only, aliases=aliases)
    if matches and matches[0].score < WRITE:
        best = matches[0]
        plan.reason = (f"{best.describe} with {best.record.title!r} ({best.record.source}, "
                       f"{best.record.venue or 'no venue'} {best.record.year or ''}): check it is the same paper")
        plan.proposals = [replace(c, action="propose") for c in plan.changes] + plan.proposals
        plan.changes = []
    if matches and selected("title", fields) and is_truncation(normalise_title(paper.title),
                                                                 matches[0].record.norm_title):
        record = as_enrich_record(matches[0])
        if len(record.title) > len(paper.title):
            plan.conflicts = [c for c in plan.conflicts if not c.startswith("title:")]
            plan.proposals.append(Change("title", paper.title, record.title, record.source, record.url, "propose"))
            plan.reason = plan.reason or "the shelf's title looks cut short; the catalog has it whole"
    return plan


def plan_with_catalog(catalog: Catalog, papers: list[Paper], *, fields: tuple[str, ...] = FIELDS,
                      overwrite: bool = False, missing_only: bool = False, aliases: dict[str, str] | None = None,
                      progress: Callable[[int], None] | None = None) -> EnrichReport:
    """Plan every paper's changes from an open catalog (papers need not be on a shelf yet)."""
    report = EnrichReport()
    todo = [p for p in papers if not missing_only or missing(p, fields)]
    report.skipped = len(papers) - len(todo)
    source = CatalogSource(Matcher(catalog), todo, progress)
    lookups = [lookup_for(p, fields, overwrite=overwrite) for p in todo]
    resolutions = run(resolve_all(None, lookups, sources=[source]))  # type: ignore[arg-type]  # no network
    for paper, res in zip(todo, resolutions):
        report.plans.append(catalog_plan(paper, res, source.matches.get(paper.id, []), fields, overwrite=overwrite,
                                         missing_only=missing_only, aliases=aliases))
    report.notes.append(f"catalog {catalog.path}: {catalog.count()} papers")
    return report


def plan_from_catalog(shelf, papers: list[Paper], *, fields: tuple[str, ...] = FIELDS, overwrite: bool = False,
                      missing_only: bool = False, db: str | Path | None = None,
                      progress: Callable[[int], None] | None = None) -> EnrichReport:
    """``enrich --source catalog``: plan every paper's changes from the local catalog, offline.
    The plans are applied with ``enrich.service.apply_plans``, like the API sources' ones."""
    with open_catalog(shelf, db, must_exist=True) as catalog:
        return plan_with_catalog(catalog, papers, fields=fields, overwrite=overwrite, missing_only=missing_only,
                                 aliases=shelf.config.venue_aliases, progress=progress)
