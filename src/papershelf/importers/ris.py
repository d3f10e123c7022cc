"""Importing RIS (EndNote's, Zotero's and Mendeley's tagged export): ``TY`` opens a record, ``ER``
closes it, one ``TAG  - value`` per line; a line without a tag continues the field above.

Names ``Family, Given`` become ``Given Family``; ``KW`` lines give tags, ``N1`` lines notes, and a
last ``papershelf: {…}`` note line gives back priority, status, topics and the rest."""

from __future__ import annotations

import re
from pathlib import Path

from ..exchange import split_notes
from ..identifiers import ids_from_url
from .base import ImportResult
from .build import PaperBuilder, as_tag, skipped
from .markdown.vocab import url_kind

TAG = re.compile(r"([A-Z][A-Z0-9])  ?-(?: (.*)|)$")
TITLE_TAGS = ("TI", "T1", "CT", "BT")
VENUE_TAGS = ("T2", "JO", "JF", "JA", "J2", "BT", "T3")
AUTHOR_TAGS = ("AU", "A1")


def records(text: str):
    """(line, {tag: [values]}) for every record; text outside ``TY``…``ER`` is ignored."""
    current: dict[str, list[str]] | None = None
    start = 0
    last = None
    for n, line in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), 1):
        m = TAG.match(line)
        if m is None:
            if current is not None and last is not None and line.strip():
                current[last][-1] += " " + line.strip()  # a wrapped value
            continue
        tag, value = m.group(1), m.group(2) or ""
        if tag == "TY":
            if current is not None:
                yield start, current
            current, start, last = {"TY": [value.strip()]}, n, "TY"
        elif tag == "ER":
            if current is not None:
                yield start, current
            current = last = None
        elif current is not None:
            current.setdefault(tag, []).append(value)
            last = tag
    if current is not None:
        yield start, current


def _name(value: str) -> str:
    """``Family, Given`` → ``Given Family``; any other name as written."""
    family, sep, given = value.partition(",")
    if sep and family.strip() and given.strip() and "," not in given:
        return f"{given.strip()} {family.strip()}"
    return value.strip()


def record_fields(rec: dict[str, list[str]]) -> dict:
    first = {tag: values[0].strip() for tag, values in rec.items() if values}
    notes, own = split_notes(rec.get("N1", []))
    fields: dict = {**own, "notes": notes, "id": first.get("ID"),
                    "title": next((first[t] for t in TITLE_TAGS if first.get(t)), None),
                    "authors": [_name(v) for t in AUTHOR_TAGS for v in rec.get(t, []) if v.strip()],
                    "venue": next((first[t] for t in VENUE_TAGS if first.get(t)), None)}
    year = re.match(r"\s*(\d{4})(?!\d)", first.get("PY") or first.get("Y1") or first.get("DA") or "")
    fields["year"] = int(year.group(1)) if year else None
    abstract = rec.get("AB") or rec.get("N2")
    fields["abstract"] = "\n".join(abstract) if abstract else None
    links = dict(own["links"]) if isinstance(own.get("links"), dict) else own.get("links", {})
    ids = dict(own["ids"]) if isinstance(own.get("ids"), dict) else own.get("ids", {})
    if isinstance(links, dict) and isinstance(ids, dict):
        for url in [*rec.get("UR", []), *rec.get("L1", [])]:
            url = url.strip()
            kind = "paper" if "paper" not in links else url_kind(url)
            if url and url not in links.values():
                links.setdefault(kind, url)
                ids = {**ids_from_url(url), **ids}
        if first.get("DO"):
            ids["doi"] = re.sub(r"^https?://(dx\.)?doi\.org/", "", first["DO"])
    fields["links"], fields["ids"] = links, ids
    tags = [as_tag(k) for k in rec.get("KW", [])]
    fields["tags"] = list(dict.fromkeys(t for t in tags if t)) or own.get("tags")
    return fields


def read_ris(path: Path, text: str, builder: PaperBuilder) -> ImportResult:
    result = ImportResult(path)
    for line, rec in records(text):
        label = f"record at line {line}"
        try:
            fields = record_fields(rec)
        except ValueError as exc:
            result.findings.append(skipped(label, str(exc), line))
            continue
        builder.add(result, fields, line=line, label=label)
    return result
