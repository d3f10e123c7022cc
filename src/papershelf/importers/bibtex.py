"""Importing BibTeX through bibtexparser 2: citation keys become ids; papershelf's own extra
fields (priority, status, topics, links…) are read back, so an export round-trips."""

from __future__ import annotations

import json
import re
from pathlib import Path

from ..formats import latex_unescape
from ..identifiers import ids_from_url
from ..findings import Finding
from .base import ImportResult
from .build import PaperBuilder

VENUE_FIELDS = ("booktitle", "journal", "howpublished", "publisher", "school")


def _clean(value: str) -> str:
    value = re.sub(r"(?<!\\)[{}]", "", value.strip())  # grouping braces, not escaped ones
    return " ".join(latex_unescape(value).split())


def _list(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split(",") if v.strip()]


def entry_fields(entry) -> dict:
    f = {k.lower(): str(v.value) for k, v in entry.fields_dict.items()}
    fields: dict = {"id": entry.key, "links": {}, "ids": {}}
    if "title" in f:
        fields["title"] = _clean(f["title"])
    if "author" in f:
        fields["authors"] = [_clean(a) for a in re.split(r"\s+and\s+", f["author"]) if a.strip()]
    year = re.search(r"\d{4}", f.get("year", ""))
    if year:
        fields["year"] = int(year.group())
    for name in VENUE_FIELDS:
        if f.get(name):
            fields["venue"] = _clean(f[name])
            break
    if f.get("links"):
        fields["links"].update(json.loads(f["links"]))
    if f.get("url"):
        fields["links"]["paper"] = f["url"].strip()
        fields["ids"].update(ids_from_url(f["url"]))
    if f.get("ids"):
        fields["ids"].update(json.loads(f["ids"]))
    if f.get("doi"):
        fields["ids"]["doi"] = f["doi"].strip()
    if f.get("eprint") and f.get("archiveprefix", "arxiv").lower() == "arxiv":
        fields["ids"]["arxiv"] = f["eprint"].strip()
    if f.get("abstract"):
        fields["abstract"] = _clean(f["abstract"])
    if f.get("note"):
        fields["notes"] = latex_unescape(f["note"].strip())
    if f.get("keywords"):
        fields["tags"] = _list(f["keywords"])
    for key in ("topics", "sections"):
        if f.get(key):
            fields[key] = _list(f[key])
    for key in ("priority", "status", "read_on", "added"):
        if f.get(key):
            fields[key] = f[key].strip()
    if f.get("provenance"):
        fields["provenance"] = json.loads(f["provenance"])
    return fields


def read_bibtex(path: Path, text: str, builder: PaperBuilder) -> ImportResult:
    import bibtexparser

    result = ImportResult(path)
    library = bibtexparser.parse_string(text)
    for block in library.failed_blocks:
        line = getattr(block, "start_line", None)
        message = f"unparseable BibTeX block skipped: {block.error if hasattr(block, 'error') else ''}".strip()
        result.findings.append(Finding("IMP001", "error", message, line=line + 1 if line is not None else None))
    for entry in library.entries:
        line = entry.start_line + 1 if entry.start_line is not None else None
        try:
            fields = entry_fields(entry)
        except json.JSONDecodeError as exc:
            result.findings.append(Finding("IMP001", "error", f"entry {entry.key} skipped: bad JSON field: {exc}", line=line))
            continue
        builder.add(result, fields, line=line, label=f"entry {entry.key}")
    return result
