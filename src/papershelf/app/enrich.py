"""Enriching papers: plan what open metadata would change (nothing written), then apply the plan."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ..enrich.plan import PaperPlan, parse_fields
from ..enrich.service import EnrichReport, apply_plans, plan_enrichment
from ..errors import PapershelfError
from ..model import Paper
from ..shelf import Shelf

__all__ = ["EnrichReport", "PaperPlan", "apply", "plan"]

SOURCES = ("apis", "catalog")


def plan(shelf: Shelf, ids: Iterable[str] | None = None, *, fields: str | None = None, overwrite: bool = False,
         missing_only: bool = False, offline: bool = False, progress: Callable[[int], None] | None = None,
         total: Callable[[int], None] | None = None, source: str = "apis") -> EnrichReport:
    """Look up ``ids`` (default: every paper) and work out, per paper, what would be filled,
    refreshed, overwritten or proposed. ``fields`` is a comma-separated list (``authors,ids.doi``;
    default: all); ``progress(n)``/``total(n)`` report the look-ups done and planned. ``source``
    is ``apis`` (the scholarly APIs) or ``catalog`` (the local catalog, offline: app.catalog)."""
    if source not in SOURCES:
        raise PapershelfError(f"--source {source!r} is not one of {', '.join(SOURCES)}")
    chosen = parse_fields(fields)
    papers = [shelf.get(i) for i in dict.fromkeys(ids)] if ids else list(shelf.papers)
    if not papers:
        return EnrichReport()
    if source == "catalog":
        from .catalog import plan_from_catalog

        if total:
            total(len(papers))
        return plan_from_catalog(shelf, papers, fields=chosen, overwrite=overwrite, missing_only=missing_only,
                                 progress=progress)
    return plan_enrichment(shelf, papers, fields=chosen, overwrite=overwrite, missing_only=missing_only,
                           offline=offline, progress=progress, total=total)


def apply(shelf: Shelf, plans: list[PaperPlan], *, accept: Callable[[PaperPlan], bool] | None = None) -> list[Paper]:
    """Write each plan's changes, and its proposals (a preprint's published venue, year and
    link) when ``accept(plan)`` says so; returns the papers changed."""
    return apply_plans(shelf, plans, accept=accept)
