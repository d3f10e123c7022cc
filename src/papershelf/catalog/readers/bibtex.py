"""BibTeX files, parsed as ``papershelf import`` parses them (importers.bibtex.entry_fields):
citation keys become record ids; ``url``, ``doi``, ``eprint`` become links and identifiers."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from ...importers.bibtex import entry_fields, parse_library
from ...venues import canonical_venue
from ..record import CatalogRecord, clean_ids, clean_url
from .base import CatalogInputError, Item, Skipped, open_text

# bibtexparser reads the whole file into memory: bigger files must be split.
MAX_BYTES = 256 << 20


def to_record(fields: dict, source: str) -> CatalogRecord | None:
    title = fields.get("title")
    if not title:
        return None
    links = {k: u for k, u in ((k, clean_url(v)) for k, v in fields.get("links", {}).items()) if u}
    return CatalogRecord(key=f"{source}:{fields['id']}", source=source, title=title,
                         authors=list(fields.get("authors", [])), abstract=fields.get("abstract"),
                         venue=canonical_venue(fields.get("venue")), year=fields.get("year"),
                         ids=clean_ids(fields.get("ids", {})), links=links)


def read(path: Path, source: str, progress: Callable[[int], None] | None = None) -> Iterator[Item]:
    import json

    if path.stat().st_size > MAX_BYTES:
        raise CatalogInputError(f"a BibTeX file larger than {MAX_BYTES >> 20} MB",
                                hint="split it into smaller files and add them all")
    with open_text(path, progress) as text:
        library = parse_library(text.read())
    for number, block in enumerate(library.failed_blocks, 1):
        line = getattr(block, "start_line", None)
        yield Skipped(number, f"unparseable BibTeX block at line {line + 1 if line is not None else '?'}",
                      code="CAT004")
    for number, entry in enumerate(library.entries, 1):
        try:
            record = to_record(entry_fields(entry)[0], source)
        except (json.JSONDecodeError, AttributeError, ValueError) as exc:
            yield Skipped(number, f"entry {entry.key}: bad field ({exc})", code="CAT004", key=entry.key)
            continue
        if record is None:
            yield Skipped(number, f"entry {entry.key} has no title", key=entry.key)
        else:
            yield record
