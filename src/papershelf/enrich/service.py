"""The enrichment entry points: look papers up, plan, apply (``papershelf.app.enrich`` wraps
them for the CLI and library users).

    report = plan_enrichment(shelf, shelf.papers, offline=False)
    apply_plans(shelf, report.plans, accept=lambda plan: False)   # changes only, no proposals
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..model import Paper
from ..net import ResponseCache, cache_path
from .http import Fetcher, source_settings
from .plan import FIELDS, PaperPlan, apply_changes, lookup_for, missing, plan_paper
from .resolve import Lookup, Resolution, resolve_all, run

def open_fetcher(shelf, *, offline: bool = False, rate_scale: float = 1.0, cache: Path | None = None,
                 **kwargs) -> Fetcher:
    """A Fetcher configured from the shelf (sources, contact) with its response cache (at
    ``cache``, else :func:`papershelf.net.cache_path` of the shelf)."""
    cache = ResponseCache(cache or cache_path(shelf))
    return Fetcher(source_settings(shelf.config, scale=rate_scale), cache=cache, offline=offline,
                   contact=shelf.config.contact, **kwargs)


async def _resolve(shelf, lookups: list[Lookup], offline: bool, progress, total, fetcher: Fetcher | None):
    own = fetcher is None
    fetcher = fetcher or open_fetcher(shelf, offline=offline)
    try:
        results = await resolve_all(fetcher, lookups, contact=shelf.config.contact, progress=progress,
                                    total=total)
    finally:
        if own:
            await fetcher.aclose()
            fetcher.cache.close()
    return results, fetcher


def resolve(shelf, lookups: list[Lookup], *, offline: bool = False, progress: Callable[[int], None] | None = None,
            total: Callable[[int], None] | None = None,
            fetcher: Fetcher | None = None) -> tuple[list[Resolution], Fetcher]:
    """Resolve lookups against every enabled source; returns the resolutions and the fetcher
    (its ``warnings``, ``notes`` and ``stats`` say what happened)."""
    return run(_resolve(shelf, lookups, offline, progress, total, fetcher))


@dataclass
class EnrichReport:
    plans: list[PaperPlan] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    skipped: int = 0
    requests: dict[str, int] = field(default_factory=dict)
    cache_hits: int = 0


def plan_enrichment(shelf, papers: list[Paper], *, fields: tuple[str, ...] = FIELDS, overwrite: bool = False,
                    missing_only: bool = False, offline: bool = False,
                    progress: Callable[[int], None] | None = None, total: Callable[[int], None] | None = None,
                    fetcher: Fetcher | None = None) -> EnrichReport:
    """Look the papers up and work out, per paper, what would change (nothing is written)."""
    report = EnrichReport()
    todo = [p for p in papers if not missing_only or missing(p, fields)]
    report.skipped = len(papers) - len(todo)
    lookups = [lookup_for(p, fields, overwrite=overwrite) for p in todo]
    resolutions, used = resolve(shelf, lookups, offline=offline, progress=progress, total=total, fetcher=fetcher)
    for paper, res in zip(todo, resolutions):
        report.plans.append(plan_paper(paper, res, fields, overwrite=overwrite, missing_only=missing_only,
                                       aliases=shelf.config.venue_aliases))
    report.warnings, report.notes = list(used.warnings), list(used.notes)
    report.requests, report.cache_hits = dict(used.stats.requests), used.stats.cache_hits
    return report


def apply_plans(shelf, plans: list[PaperPlan], *, accept: Callable[[PaperPlan], bool] | None = None) -> list[Paper]:
    """Write each plan's changes (and its proposals when ``accept(plan)`` says so) through
    ``shelf.edit``; returns the changed papers."""
    chosen: dict[str, list] = {}
    for plan in plans:
        changes = list(plan.changes)
        if plan.proposals and accept is not None and accept(plan):
            changes += plan.proposals
        if changes:
            chosen[plan.paper_id] = changes
    if not chosen:
        return []
    return shelf.edit(list(chosen), lambda p: apply_changes(p, chosen[p.id]))
