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

from pathlib import Path

from ...config import ShelfConfig
from ...model import Paper, max_year
from ..base import ImportResult
from ..build import PaperBuilder
from .checks import (
    apply_marks,
    merge_entries,
    one_letter_variants,
    shared_links,
    truncated_titles,
    unknown_venues,
    venue_sites,
)
from .entries import Entry, ParsedList, canonical_url, check_href, url_ids
from .reader import Reader
from .sections import code_sections
from .vocab import FINDING_CODES, link_kind

__all__ = ["FINDING_CODES", "build_papers", "check_href", "link_kind", "parse_markdown", "read_markdown"]


def parse_markdown(text: str, config: ShelfConfig | None = None, include_sections: tuple[str, ...] = ()) -> ParsedList:
    """Read ``text`` into merged entries plus findings (nothing validated or written yet)."""
    reader = Reader(text, config, include_sections)
    reader.read()
    kept, skipped = code_sections(reader.entries)
    reader.findings += skipped
    entries = merge_entries(kept)
    by_url = {canonical_url(u): e for e in entries for u in e.urls()}
    for line, urls in reader.untitled:
        for url in urls:
            other = by_url.get(canonical_url(url))
            if other is not None:
                reader.finding("IMP110", line, f"the untitled entry's link {url} is also given for {other.title!r} "
                                               f"(line {other.line}): probably the same paper listed twice",
                               url=url, other_title=other.title, other_line=other.line)
    reader.report_skipped()
    shared_links(entries)
    one_letter_variants(entries)
    for venue, named in unknown_venues(entries, reader.config.venue_aliases):
        reader.finding("IMP153", named[0].line, f"venue {venue!r} ({len(named)} entr{'y' if len(named) == 1 else 'ies'}) "
                                                "is not in papershelf's vocabulary: kept as written (another name "
                                                "for a known venue? add it to [venues.aliases] in shelf.toml)",
                       venue=venue, entries=len(named), lines=[e.line for e in named])
    truncated_titles(entries)
    venue_sites(entries)
    if reader.toc_items:
        n = len(reader.toc_items)
        reader.finding("IMP121", reader.toc_items[0], f"{n} list item{'s' if n > 1 else ''} from line "
                                                      f"{reader.toc_items[0]} to {reader.toc_items[-1]} only link "
                                                      "within the page (a table of contents): not papers")
    if not reader.legend and reader.mark_counts:
        shown = ", ".join(f":{m}: \u00d7{n}" for m, n in reader.mark_counts.most_common())
        reader.finding("IMP141", None, f"marks ({shown}) found but the list has no legend: no priority or read "
                                       "status taken from them")
    elif reader.legend:
        for mark, n in reader.mark_counts.most_common():
            if mark not in reader.legend:
                reader.finding("IMP142", None, f":{mark}: (\u00d7{n}) is not in the list's legend: ignored")
    return ParsedList(entries, reader.findings, reader.legend, reader.sections)


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
