"""Checking a shelf's links over HTTP, fixing permanent redirects, and reporting the problems
as findings (so they print like every other finding)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from ..findings import Finding
from ..linkcheck import LinkCache, LinkResult, Settings, Summary, apply_suggestions, check_shelf

if TYPE_CHECKING:
    from ..shelf import Shelf
    from ..shelf.records import ShelfRecords

# The severity of each link status that is a problem; ``ok`` links are no finding.
SEVERITY = {"broken": "error", "mismatched": "error", "redirected": "warning", "skipped": "info"}
CODES = {status: f"link-{status}" for status in SEVERITY}
DESCRIPTIONS = {
    "link-broken": "the link answers with an error, or not at all",
    "link-mismatched": "a paper link leads to another paper, or to a page that is not a paper",
    "link-redirected": "the link redirects permanently: --fix replaces it by its target",
    "link-skipped": "the link was not checked (the run's time ran out, or its host asked to wait too long)",
}


@dataclass
class LinkRun:
    results: list[LinkResult]
    summary: Summary
    fixed: list[LinkResult] = field(default_factory=list)  # redirects replaced by their target

    @property
    def findings(self) -> list[Finding]:
        return findings(self.results)

    @property
    def failed(self) -> bool:
        return bool(self.summary.broken or self.summary.mismatched)


def check_links(shelf: Shelf | ShelfRecords, settings: Settings, *, ttl: float | None = 7 * 24 * 3600,
                only_new: bool = False, fix: bool = False, progress_factory: Callable | None = None) -> LinkRun:
    """Check every link (cached for ``ttl`` seconds; None: no cache), locate each problem at
    its line, and with ``fix`` replace permanently redirected links by their target. ``shelf``
    may be the papers as records (:class:`~papershelf.shelf.records.ShelfRecords`), which is
    all a check reads."""
    cache = None
    if ttl is not None:
        from ..net.cache import cache_path  # here: a check without a cache loads no SQLite

        cache = LinkCache(cache_path(shelf), ttl=ttl)
    try:
        results, summary = check_shelf(shelf, settings, cache=cache, only_new=only_new,
                                       progress_factory=progress_factory)
    finally:
        if cache is not None:
            cache.close()
    _locate_problems(shelf, results)
    run = LinkRun(results, summary)
    if fix:
        for r in apply_suggestions(shelf, results):
            run.fixed.append(replace(r))  # a copy as found, for the report, before r is marked fixed
            r.status, r.url, r.file, r.line = "ok", r.suggestion or r.url, None, None
            summary.redirected -= 1
            summary.ok += 1
    return run


def _locate_problems(shelf: Shelf | ShelfRecords, results: list[LinkResult]) -> None:
    """File and line (of the link itself) for every result that is not ok: the shelf knows each
    paper's file and scans only the files that hold a problem, so a big shelf costs no YAML
    parsing."""
    for r in results:
        if r.status != "ok":
            path, r.line = shelf.where(r.paper, f"links.{r.kind}")
            r.file = shelf.relative(path)


def findings(results: list[LinkResult]) -> list[Finding]:
    """One finding per link that is not ok, in file and line order; ``data`` holds the link's
    facts (kind, url, HTTP status, final url, suggestion, page title)."""
    problems = sorted((r for r in results if r.status in SEVERITY), key=lambda r: (r.file or "", r.line or 0))
    return [Finding(CODES[r.status], SEVERITY[r.status], _message(r), file=r.file, line=r.line, paper=r.paper,
                    data=_data(r))
            for r in problems]


def _data(r: LinkResult) -> dict:
    return {"kind": r.kind, "url": r.url, "status": r.status, "http_status": r.code, "final_url": r.final_url,
            "suggestion": r.suggestion, "page_title": r.page_title, "cached": r.cached}


def _message(r: LinkResult) -> str:
    suggestion = f" → {r.suggestion}" if r.suggestion else ""
    return f"links.{r.kind} {r.url}: {r.message}{suggestion}"
