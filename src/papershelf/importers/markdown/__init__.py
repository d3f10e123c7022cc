"""Importing reading lists written by hand in Markdown (with raw HTML lists inside).

The reader walks the Markdown block structure with markdown-it-py (headings, paragraphs,
Markdown lists, tables) and reads raw HTML lists with selectolax (lexbor). Every list item and
table row becomes a raw :class:`Entry`; the entries are then cleaned (titles, prefixes, marks,
links), merged when they are the same paper, checked (empty and malformed links, shared links,
truncated titles, venue/site mismatches) and handed to the :class:`PaperBuilder`.

Nothing is dropped silently: whatever looks like an entry but cannot become a paper is a
finding with a line number. The finding codes are listed in :data:`FINDING_CODES` and in the
README ("Importing lists").
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ...config import ShelfConfig
from ...model import Paper, max_year
from ..base import ImportResult
from ..build import PaperBuilder
from .blocks import blocks
from .candidates import candidates
from .checks import (
    apply_marks,
    merge_entries,
    one_letter_variants,
    shared_links,
    truncated_titles,
    unknown_venues,
    venue_sites,
)
from .entries import Entry, ParsedList, check_href, url_ids
from .report import Report
from .sections import code_sections
from .source import Source, read_source
from .stream import entries
from .vocab import FINDING_CODES, link_kind

__all__ = ["FINDING_CODES", "build_papers", "check_href", "link_kind", "parse_markdown", "read_markdown"]


def read_entries(text: str, config: ShelfConfig, include_sections: tuple[str, ...] = ()) -> tuple[Source, Iterator]:
    """The pipeline up to the entries stage: source → blocks → candidates → entries (a stream)."""
    source = read_source(text)
    return source, entries(candidates(blocks(source), source.legend_lines), source, config, include_sections)


def parse_markdown(text: str, config: ShelfConfig | None = None, include_sections: tuple[str, ...] = ()) -> ParsedList:
    """Read ``text`` into merged entries plus findings (nothing validated or written yet)."""
    config = config or ShelfConfig()
    source, stream = read_entries(text, config, include_sections)
    report = Report(list(source.findings))
    raw: list[Entry] = []
    for item in stream:
        if isinstance(item, Entry):
            raw.append(item)
        else:
            report.add(item)
    kept, skipped = code_sections(raw)
    report.findings += skipped
    merged = merge_entries(kept)
    report.untitled_links(merged)
    report.skipped_sections()
    shared_links(merged)
    one_letter_variants(merged)
    report.unknown_venues(unknown_venues(merged, config.venue_aliases))
    truncated_titles(merged)
    venue_sites(merged)
    report.marks(source.legend)
    return ParsedList(merged, report.findings, source.legend, report.sections)


def entry_fields(entry: Entry, legend: dict[str, str]) -> dict:
    """The loose Paper fields of one entry, for :class:`PaperBuilder`."""
    priority, status = apply_marks(legend, entry)
    links: dict[str, str | None] = {}
    ids: dict[str, str] = dict(entry.explicit_ids)
    for link in entry.links:
        links.setdefault(link.kind, link.url)
        if link.url:
            for kind, value in url_ids(link.url).items():
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


def build_papers(parsed: ParsedList, builder: PaperBuilder, result: ImportResult) -> list[tuple[Entry, Paper | None]]:
    """Validate every entry into a Paper (or an IMP002 finding); returns (entry, paper or None)
    pairs and fills ``result``."""
    pairs: list[tuple[Entry, Paper | None]] = []
    result.findings.extend(parsed.findings)
    for entry in parsed.entries:
        if not entry.links:
            entry.note("IMP190", entry.line, "entry has no link")
        fields = entry_fields(entry, parsed.legend)
        paper = builder.add(result, fields, line=entry.line, label=f"entry {entry.title[:60]!r}")
        for f in entry.findings:
            f.paper = paper.id if paper else None
            result.findings.append(f)
        pairs.append((entry, paper))
    result.findings.sort(key=lambda f: (f.line is None, f.line or 0))
    return pairs


def read_markdown(path: Path, text: str, builder: PaperBuilder, include_sections: tuple[str, ...] = ()) -> ImportResult:
    """The importer behind ``papershelf import LIST.md``; ``include_sections`` are imported even
    when they do not look like papers."""
    result = ImportResult(path)
    build_papers(parse_markdown(text, builder.config, include_sections), builder, result)
    return result
