"""DBLP publication search: where and when a computer-science paper was published.

``GET {base}?q=TITLE&format=json&h=10``. CoRR (arXiv) hits are skipped: DBLP is asked for the
venue, and the preprint is not one.
"""

from __future__ import annotations

import json
import re
from typing import Any

from ..identifiers import arxiv_from_url
from .http import Fetcher, Malformed
from .record import Record, clean_doi, tidy, titles_agree, venue_name, years_agree

SOURCE = "dblp"
INFORMAL = {"Informal Publications", "Informal and Other Publications"}


def _as_list(value: Any) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _author(value: Any) -> str | None:
    name = value.get("text") if isinstance(value, dict) else value
    return re.sub(r"\s+\d{4}$", "", tidy(str(name)) or "") or None if name else None


def parse_hits(body: bytes) -> list[Record]:
    try:
        data = json.loads(body)
    except json.JSONDecodeError as exc:
        raise Malformed(f"not JSON: {exc.msg}") from None
    try:
        hits = data["result"]["hits"]
    except (KeyError, TypeError):
        raise Malformed("no result.hits") from None
    records = []
    for hit in _as_list(hits.get("hit") if isinstance(hits, dict) else None):
        info = hit.get("info") if isinstance(hit, dict) else None
        if not isinstance(info, dict) or not info.get("title"):
            continue
        raw_venue = info.get("venue")
        raw_venue = raw_venue[0] if isinstance(raw_venue, list) and raw_venue else raw_venue
        if (isinstance(raw_venue, str) and raw_venue.strip().lower() == "corr") or info.get("type") in INFORMAL:
            continue
        authors_block = info.get("authors") if isinstance(info.get("authors"), dict) else {}
        authors = [a for a in (_author(x) for x in _as_list(authors_block.get("author"))) if a]
        year = int(info["year"]) if str(info.get("year", "")).isdigit() else None
        ids: dict[str, str] = {}
        if info.get("key"):
            ids["dblp"] = str(info["key"])
        doi = clean_doi(str(info.get("doi") or ""))
        if doi:
            ids["doi"] = doi
        ee = [e for e in _as_list(info.get("ee")) if isinstance(e, str) and e.startswith(("http://", "https://"))]
        ee = [e for e in ee if not arxiv_from_url(e)]  # the preprint is not the published version
        paper = f"https://doi.org/{doi}" if doi else (ee[0] if ee else None)
        url = info.get("url") if isinstance(info.get("url"), str) else f"https://dblp.org/rec/{ids.get('dblp', '')}"
        records.append(Record(SOURCE, url, title=tidy(str(info["title"])).rstrip("."), authors=authors, year=year,
                              venue=venue_name(str(raw_venue)) if raw_venue else None, ids=ids,
                              links={"paper": paper} if paper else {}, matched_by="title"))
    return records


async def find(fetcher: Fetcher, title: str, year: int | None = None) -> Record | None:
    """The published (non-CoRR) DBLP record whose title agrees and whose year is within one."""
    if not fetcher.enabled(SOURCE) or not title:
        return None
    result = await fetcher.get(SOURCE, fetcher.base(SOURCE), params={"q": title, "format": "json", "h": 10},
                               parse=parse_hits)
    if not result or not result.found:
        return None
    for record in result.data:
        if titles_agree(record.title, title) and years_agree(record.year, year):
            return record
    return None
