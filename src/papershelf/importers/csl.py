"""Importing CSL-JSON (Zotero's, Mendeley's, pandoc's export): an array of items, or one item.

Names are ``{family, given}`` or ``{literal}``; the year is the first ``issued`` date part;
``keyword`` gives tags; a last ``papershelf: {…}`` note line gives back priority, status, topics
and the rest (see :mod:`papershelf.exchange`)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..errors import PapershelfError
from ..exchange import split_notes
from ..identifiers import ids_from_url
from .base import ImportResult
from .build import PaperBuilder, as_tag, skipped
from .tabular import load_json_items

VENUE_KEYS = ("container-title", "event-title", "collection-title", "publisher")


def _name(person) -> str:
    if isinstance(person, str):
        return person
    if not isinstance(person, dict):
        raise ValueError(f"an author must be an object with family/given or literal, not {type(person).__name__}")
    if isinstance(person.get("literal"), str):
        return person["literal"]
    parts = [person.get(k) for k in ("given", "non-dropping-particle", "family")]
    if not all(isinstance(x, str | None) for x in parts) or not any(parts):
        raise ValueError("an author's family/given must be text")
    return " ".join(x for x in parts if x)


def _year(issued) -> int | None:
    if isinstance(issued, dict):
        parts = issued.get("date-parts")
        if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
            first = parts[0][0]
            if isinstance(first, str) and first.strip().isascii() and first.strip().isdigit() and len(first) <= 4:
                return int(first)
            if isinstance(first, int) and not isinstance(first, bool) and -10**6 < first < 10**6:
                return first
            raise ValueError("issued.date-parts must start with a year")
        raw = issued.get("raw") or issued.get("literal")
        if isinstance(raw, str) and raw[:4].isascii() and raw[:4].isdigit():
            return int(raw[:4])
    return None


def item_fields(item: dict) -> dict:
    """Loose Paper fields of one CSL item; ValueError names a field of the wrong shape."""
    authors = item.get("author") or []
    if not isinstance(authors, list):
        raise ValueError("field 'author' must be a list")
    notes, own = split_notes(item["note"].split("\n")) if isinstance(item.get("note"), str) else (None, {})
    fields: dict = {**own, "id": item.get("id") if isinstance(item.get("id"), str) else None,
                    "title": item.get("title"), "authors": [_name(a) for a in authors],
                    "year": _year(item.get("issued")), "abstract": item.get("abstract"), "notes": notes}
    fields["venue"] = next((item[k] for k in VENUE_KEYS if item.get(k)), None)
    links = dict(own.get("links") or {}) if isinstance(own.get("links"), dict) else own.get("links")
    ids = dict(own.get("ids") or {}) if isinstance(own.get("ids"), dict) else own.get("ids")
    url, doi = item.get("URL"), item.get("DOI")
    if isinstance(url, str) and url.strip() and isinstance(links, dict):
        links["paper"] = url.strip()
        if isinstance(ids, dict):
            ids = {**ids_from_url(url.strip()), **ids}
    if isinstance(doi, str) and doi.strip() and isinstance(ids, dict):
        ids["doi"] = doi.strip().removeprefix("https://doi.org/")
    fields["links"], fields["ids"] = links, ids
    keyword = item.get("keyword")
    if isinstance(keyword, str):
        fields["tags"] = list(dict.fromkeys(t for t in (as_tag(k) for k in keyword.split(",")) if t))
    return fields


def looks_like_csl(data) -> bool:
    """Whether parsed JSON is CSL-JSON rather than papershelf's own: its first item has a CSL
    ``type`` (a papershelf paper has no such field)."""
    items = data if isinstance(data, list | Iterator) else [data]
    first = next((i for i in items if isinstance(i, dict)), None)
    return first is not None and isinstance(first.get("type"), str)


def read_csl(path: Path, text: str, builder: PaperBuilder) -> ImportResult:
    return read_csl_data(path, load_json_items(path, text), builder)


def read_csl_data(path: Path, data, builder: PaperBuilder) -> ImportResult:
    if isinstance(data, dict):
        data = data.get("items", [data]) if "title" not in data else [data]
    if not isinstance(data, list | Iterator):
        raise PapershelfError("expected a CSL-JSON array of items", file=path, line=1)
    result = ImportResult(path)
    for n, item in enumerate(data, 1):
        label = f"item {n}" + (f" ({item['id'][:60]})" if isinstance(item, dict) and isinstance(item.get("id"), str) else "")
        try:
            if not isinstance(item, dict):
                raise ValueError("not an object")
            fields = item_fields(item)
        except ValueError as exc:
            result.findings.append(skipped(label, str(exc)))
            continue
        builder.add(result, fields, line=None, label=label)
    return result
