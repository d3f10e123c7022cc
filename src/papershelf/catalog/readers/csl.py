"""CSL-JSON (what Zotero, Pandoc and citation.js export): a JSON array of items with ``title``,
``author`` ([{family, given} | {literal}]), ``issued.date-parts``, ``container-title``, ``DOI``,
``URL``, ``abstract``."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from ...identifiers import ids_from_url
from ...venues import canonical_venue, find_venue_in
from ..record import CatalogRecord, clean_ids, clean_url
from .base import Item, convert, iter_json_array, open_text, text_field


def sniff(first: Any, array: bool) -> bool:
    return array and isinstance(first, dict) and "title" in first and (
        "type" in first or "issued" in first or isinstance(first.get("author"), list))


def _authors(value: Any) -> list[str]:
    names = []
    for person in value if isinstance(value, list) else []:
        if isinstance(person, dict):
            name = person.get("literal") or " ".join(str(person.get(k, "")).strip() for k in ("given", "family"))
            if str(name).strip():
                names.append(" ".join(str(name).split()))
    return names


def _year(item: dict[str, Any]) -> int | None:
    for key in ("issued", "published-print", "published-online", "created"):
        parts = (item.get(key) or {}).get("date-parts") if isinstance(item.get(key), dict) else None
        if parts and isinstance(parts, list) and parts[0] and str(parts[0][0]).isdigit():
            return int(parts[0][0])
    return None


def _venue(item: dict[str, Any]) -> str | None:
    container = text_field(item, "container-title", "event-title", "event", "publisher")
    if not container:
        return None
    found = find_venue_in(container)
    return found[0] if found else canonical_venue(container)


def to_record(item: dict[str, Any], source: str) -> CatalogRecord | None:
    title = text_field(item, "title")
    if title is None:
        return None
    url = clean_url(item.get("URL"))
    ids = {**ids_from_url(url or ""), **clean_ids({"doi": item.get("DOI")})}
    local = text_field(item, "id") or hashlib.blake2b(title.encode(), digest_size=6).hexdigest()
    return CatalogRecord(key=f"{source}:{local}", source=source, title=title, authors=_authors(item.get("author")),
                         abstract=text_field(item, "abstract"), venue=_venue(item), year=_year(item), ids=ids,
                         links={"paper": url} if url else {})


def read(path: Path, source: str, progress: Callable[[int], None] | None = None) -> Iterator[Item]:
    with open_text(path, progress) as text:
        yield from convert(iter_json_array(text), lambda item: to_record(item, source))
