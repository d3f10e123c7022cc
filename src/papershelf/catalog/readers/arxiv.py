"""The arXiv metadata snapshot (Kaggle ``Cornell-University/arxiv``,
``arxiv-metadata-oai-snapshot.json``): JSON lines, one object per paper with ``id``, ``title``,
``authors`` / ``authors_parsed``, ``abstract``, ``doi``, ``journal-ref``, ``versions``."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from ...identifiers import normalise_arxiv
from ..record import CatalogRecord, clean_ids
from .base import Item, convert, iter_json_lines, open_text, text_field


def sniff(first: Any, array: bool) -> bool:
    return not array and isinstance(first, dict) and "id" in first and "title" in first \
        and ("authors" in first or "authors_parsed" in first)


def authors_of(raw: dict[str, Any]) -> list[str]:
    """``authors_parsed`` ([family, given, suffix]) when present, else the ``authors`` string."""
    parsed = raw.get("authors_parsed")
    if isinstance(parsed, list) and parsed:
        names = []
        for parts in parsed:
            if isinstance(parts, list) and parts:
                family, given = str(parts[0]).strip(), str(parts[1]).strip() if len(parts) > 1 else ""
                suffix = str(parts[2]).strip() if len(parts) > 2 else ""
                names.append(" ".join(p for p in (given, family, suffix) if p))
        return [n for n in names if n]
    text = text_field(raw, "authors") or ""
    names = re.split(r",|\band\b", text) if "and" in text else text.split(",")  # the regex only when needed
    return [a for a in map(str.strip, names) if a]


def year_of(raw: dict[str, Any], arxiv_id: str | None) -> int | None:
    """The year of the first version (``versions[0].created``), else the id's YYMM."""
    versions = raw.get("versions")
    if isinstance(versions, list) and versions and isinstance(versions[0], dict):
        m = re.search(r"\b(19|20)\d\d\b", str(versions[0].get("created", "")))
        if m:
            return int(m.group())
    m = re.match(r"^(?:[a-z\-]+(?:\.[A-Z]{2})?/)?(\d\d)\d\d", arxiv_id or "")
    if m:
        yy = int(m.group(1))
        return 1900 + yy if yy >= 91 else 2000 + yy
    return None


def to_record(raw: dict[str, Any], source: str) -> CatalogRecord | None:
    title = text_field(raw, "title")
    arxiv_id = normalise_arxiv(str(raw.get("id", "")))
    if title is None or arxiv_id is None:
        return None
    ids = {"arxiv": arxiv_id, **clean_ids({"doi": raw.get("doi")})}  # the id is normalised already
    return CatalogRecord(key=f"{source}:{arxiv_id}", source=source, title=title, authors=authors_of(raw),
                         abstract=text_field(raw, "abstract"), venue="arXiv", year=year_of(raw, arxiv_id),
                         ids=ids, links={"paper": f"https://arxiv.org/abs/{arxiv_id}"})


def read(path: Path, source: str, progress: Callable[[int], None] | None = None) -> Iterator[Item]:
    with open_text(path, progress) as text:
        yield from convert(iter_json_lines(text), lambda raw: to_record(raw, source),
                           lambda raw: "has no title" if text_field(raw, "title") is None else "has no valid arXiv id")
