"""BibTeX export through bibtexparser 2: ids become citation keys, and papershelf's own fields
(priority, status, topics, links…) travel as extra fields so a round trip loses nothing."""

from __future__ import annotations

import json
from collections.abc import Iterable

from ..formats import latex_escape
from ..model import Paper
from ..venues import lookup

def entry_type(p: Paper) -> tuple[str, str | None]:
    """(BibTeX entry type, field holding the venue)."""
    venue = lookup(p.venue or "")
    if not p.venue:
        return "misc", None
    if venue and venue.kind == "journal":
        return "article", "journal"
    if venue and venue.kind == "preprint":
        return "misc", "howpublished"
    return "inproceedings", "booktitle"


def citation_fields(p: Paper) -> dict[str, str]:
    """The standard fields a reference manager reads: title, authors, year, venue, URL, DOI, arXiv."""
    _, venue_field = entry_type(p)
    fields: dict[str, str] = {"title": "{" + latex_escape(p.title) + "}"}
    if p.authors:
        fields["author"] = " and ".join(latex_escape(a) for a in p.authors)
    if p.year:
        fields["year"] = str(p.year)
    if venue_field and p.venue:
        fields[venue_field] = latex_escape(p.venue)
    if p.links.get("paper"):
        fields["url"] = p.links["paper"]
    if p.ids.get("doi"):
        fields["doi"] = p.ids["doi"]
    if p.ids.get("arxiv"):
        fields["eprint"] = p.ids["arxiv"]
        fields["archiveprefix"] = "arXiv"
    return fields


def citation_entry(p: Paper) -> str:
    """One clean ``@type{id, …}`` entry with the standard fields only (for copying from a page)."""
    kind, _ = entry_type(p)
    body = ",\n".join(f"  {k} = {{{v}}}" for k, v in citation_fields(p).items())
    return f"@{kind}{{{p.id},\n{body}\n}}"


def paper_fields(p: Paper) -> dict[str, str]:
    """Every field of a paper: the citation fields plus papershelf's own, for a lossless export."""
    fields = citation_fields(p)
    if p.abstract:
        fields["abstract"] = latex_escape(p.abstract)
    if p.notes:
        fields["note"] = latex_escape(p.notes)
    if p.tags:
        fields["keywords"] = ", ".join(p.tags)
    extra = p.to_json()
    for key in ("topics", "sections"):
        if key in extra:
            fields[key] = ", ".join(extra[key])
    for key in ("priority", "status", "read_on", "added"):
        if key in extra:
            fields[key] = str(extra[key])
    other_links = {k: v for k, v in p.links.items() if k != "paper" or v is None}
    if other_links:
        fields["links"] = json.dumps(other_links, separators=(",", ":"))
    other_ids = {k: v for k, v in p.ids.items() if k not in ("doi", "arxiv") and v}
    if other_ids:
        fields["ids"] = json.dumps(other_ids, separators=(",", ":"))
    if "provenance" in extra:
        fields["provenance"] = json.dumps(extra["provenance"], separators=(",", ":"))
    return fields


def to_bibtex(papers: Iterable[Paper]) -> str:
    import bibtexparser
    from bibtexparser.model import Entry, Field

    library = bibtexparser.Library()
    for p in papers:
        kind, _ = entry_type(p)
        library.add(Entry(kind, p.id, [Field(k, v) for k, v in paper_fields(p).items()]))
    fmt = bibtexparser.BibtexFormat()
    fmt.indent = "  "
    return bibtexparser.write_string(library, bibtex_format=fmt)
