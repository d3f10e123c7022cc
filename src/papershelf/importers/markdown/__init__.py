"""Importing reading lists written by hand in Markdown (with raw HTML lists inside).

The reader is a pipeline of generator stages, each over the one before, so that a list flows
through it entry by entry: source (lines, legend) → blocks (markdown-it-py; raw HTML through
selectolax) → candidates (list items with their details, table rows, paper paragraphs, HTML
items) → entries (under their headings) → collect (merged when they are the same paper, kept
packed, checked against the whole list) → papers, validated one by one by the :class:`PaperBuilder`.

Nothing is dropped silently: whatever looks like an entry but cannot become a paper is a
finding with a line number. The finding codes are listed in :data:`FINDING_CODES` and in the
README ("Importing lists").
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from ...config import ShelfConfig
from ...model import Paper, max_year
from ..base import Finding, ImportResult
from ..build import PaperBuilder
from .blocks import blocks
from .candidates import candidates
from .checks import apply_marks
from .collect import finished, settle
from .entries import Entry, ParsedList, check_href
from .report import Report
from .source import read_source
from .stream import Out, entries
from .vocab import FINDING_CODES, link_kind

__all__ = ["FINDING_CODES", "build_papers", "check_href", "link_kind", "parse_markdown", "read_markdown"]


def read_entries(text: str, config: ShelfConfig,
                 include_sections: tuple[str, ...] = ()) -> tuple[dict[str, str], list[Finding], Iterator[Out]]:
    """The pipeline up to the entries stage: source → blocks → candidates → entries. Returns the
    list's legend, the source's findings and the stream (which holds the lines until it ends)."""
    source = read_source(text)
    stream = entries(candidates(blocks(source), source.legend_lines), source, config, include_sections)
    return source.legend, source.findings, stream


def pipeline(legend: dict[str, str], findings: list[Finding], stream: Iterator[Out],
             config: ShelfConfig) -> tuple[Report, Iterator[Entry]]:
    """The rest: (the report of the whole list, complete on return; the merged and checked
    entries one by one)."""
    report = Report(list(findings))
    store, keys = settle(stream, report)
    return report, finished(store, keys, report, config, legend)


def parse_markdown(text: str, config: ShelfConfig | None = None, include_sections: tuple[str, ...] = ()) -> ParsedList:
    """Read ``text`` into merged entries plus findings (nothing validated or written yet)."""
    config = config or ShelfConfig()
    legend, findings, stream = read_entries(text, config, include_sections)
    report, merged = pipeline(legend, findings, stream, config)
    return ParsedList(list(merged), report.findings, legend, report.sections)


def entry_fields(entry: Entry, legend: dict[str, str]) -> dict:
    """The loose Paper fields of one entry, for :class:`PaperBuilder`."""
    priority, status = apply_marks(legend, entry)
    links: dict[str, str | None] = {}
    ids: dict[str, str] = dict(entry.explicit_ids)
    for link in entry.links:
        links.setdefault(link.kind, link.url)
        if link.url:
            for kind, value in link.ids.items():
                ids.setdefault(kind, value)
    year = entry.year
    if year is not None and not 1900 <= year <= max_year():
        entry.note("IMP162", entry.line, f"year {year} is implausible: left out")
        year = None
    return {
        "id": entry.explicit_id, "title": entry.title, "authors": entry.authors, "year": year,
        "venue": entry.venue, "topics": entry.topics, "sections": entry.sections, "tags": entry.tags,
        "links": links, "ids": ids, "priority": priority, "status": status if status != "unread" else None,
        "notes": "\n".join(entry.notes) or None,
    }


def build_entry(entry: Entry, legend: dict[str, str], builder: PaperBuilder, result: ImportResult) -> Paper | None:
    """Validate one entry into a Paper (or an IMP002 finding); its findings go to ``result``."""
    if not entry.links:
        entry.note("IMP190", entry.line, "entry has no link")
    paper = builder.add(result, entry_fields(entry, legend), line=entry.line, label=f"entry {entry.title[:60]!r}")
    for f in entry.findings:
        f.paper = paper.id if paper else None
        result.findings.append(f)
    return paper


def build_papers(parsed: ParsedList, builder: PaperBuilder, result: ImportResult) -> list[tuple[Entry, Paper | None]]:
    """Validate every entry into a Paper (or an IMP002 finding); returns (entry, paper or None)
    pairs and fills ``result``."""
    return list(_built(parsed.entries, parsed.findings, parsed.legend, builder, result))


def read_markdown(path: Path, text: str, builder: PaperBuilder, include_sections: tuple[str, ...] = ()) -> ImportResult:
    """The importer behind ``papershelf import LIST.md``; ``include_sections`` are imported even
    when they do not look like papers. Entries become papers one by one."""
    result = ImportResult(path)
    legend, findings, stream = read_entries(text, builder.config, include_sections)
    report, merged = pipeline(legend, findings, stream, builder.config)
    for _pair in _built(merged, report.findings, legend, builder, result):
        pass  # (each paper is in result.papers already; the entry is dropped)
    return result


def _built(entries: Iterable[Entry], findings: list[Finding], legend: dict[str, str], builder: PaperBuilder,
           result: ImportResult) -> Iterator[tuple[Entry, Paper | None]]:
    """(entry, paper or None) for each entry as it is validated, the list's ``findings`` and the
    entries' own in ``result``, sorted by line once the last entry is built."""
    result.findings.extend(findings)
    for entry in entries:
        yield entry, build_entry(entry, legend, builder, result)
    result.findings.sort(key=lambda f: (f.line is None, f.line or 0))
