"""Semantic Scholar Graph API: ids across indexes, venue, year, abstract, citation counts.

``GET {base}/paper/ARXIV:…|DOI:…``, ``POST {base}/paper/batch`` (up to 500 ids) and
``GET {base}/paper/search/match?query=TITLE`` for titles. An API key (optional) is read from
``S2_API_KEY`` or ``PAPERSHELF_S2_API_KEY`` and sent as ``x-api-key``.
"""

from __future__ import annotations

import json
import os
from typing import Any

from .http import Fetcher, Malformed
from .record import Record, clean_arxiv, clean_doi, tidy, venue_name

SOURCE = "s2"
BATCH = 500
FIELDS = "paperId,externalIds,url,title,venue,publicationVenue,year,authors,abstract,journal"


def api_key() -> str | None:
    return os.environ.get("PAPERSHELF_S2_API_KEY") or os.environ.get("S2_API_KEY") or None


def _headers() -> dict[str, str]:
    key = api_key()
    return {"x-api-key": key} if key else {}


def lookup_key(ids: dict[str, str]) -> str | None:
    """The Graph API's id for a paper: ``ARXIV:…`` first, then ``DOI:…``."""
    if ids.get("arxiv"):
        return f"ARXIV:{ids['arxiv']}"
    if ids.get("doi"):
        return f"DOI:{ids['doi']}"
    if ids.get("s2"):
        return ids["s2"]
    return None


def to_record(item: Any, matched_by: str = "id") -> Record:
    if not isinstance(item, dict) or not isinstance(item.get("paperId"), str):
        raise Malformed("paper without paperId")
    ext = item.get("externalIds") or {}
    if not isinstance(ext, dict):
        raise Malformed("externalIds is not an object")
    ids = {"s2": item["paperId"]}
    arxiv = clean_arxiv(str(ext.get("ArXiv") or "")) if ext.get("ArXiv") else None
    doi = clean_doi(str(ext.get("DOI") or "")) if ext.get("DOI") else None
    if arxiv:
        ids["arxiv"] = arxiv
    if doi and not doi.lower().startswith("10.48550/"):  # arXiv's own DOIs say nothing new
        ids["doi"] = doi
    if ext.get("DBLP"):
        ids["dblp"] = str(ext["DBLP"])
    if ext.get("PubMed"):
        ids["pmid"] = str(ext["PubMed"])
    pv = item.get("publicationVenue") if isinstance(item.get("publicationVenue"), dict) else {}
    raw_venue = (pv or {}).get("name") or item.get("venue") or ((item.get("journal") or {}).get("name")
                                                                 if isinstance(item.get("journal"), dict) else None)
    authors = item.get("authors") or []
    if not isinstance(authors, list):
        raise Malformed("authors is not a list")
    year = item.get("year")
    if year is not None and not isinstance(year, int):
        raise Malformed("year is not a number")
    url = item.get("url") or f"https://www.semanticscholar.org/paper/{item['paperId']}"
    links = {"paper": f"https://doi.org/{doi}"} if doi and "doi" in ids else {}
    count = item.get("citationCount")
    return Record(SOURCE, url, title=tidy(item.get("title")),
                  authors=[tidy(a.get("name")) for a in authors if isinstance(a, dict) and tidy(a.get("name"))],
                  year=year, venue=venue_name(raw_venue), abstract=tidy(item.get("abstract")), ids=ids,
                  links=links, citation_count=count if isinstance(count, int) else None, matched_by=matched_by)


def _json(body: bytes) -> Any:
    try:
        return json.loads(body)
    except json.JSONDecodeError as exc:
        raise Malformed(f"not JSON: {exc.msg}") from None


def parse_paper(body: bytes) -> Record:
    return to_record(_json(body))


def parse_batch(body: bytes) -> list[Record | None]:
    data = _json(body)
    if not isinstance(data, list):
        raise Malformed("batch answer is not a list")
    return [to_record(item) if item is not None else None for item in data]


def parse_match(body: bytes) -> Record | None:
    data = _json(body)
    if not isinstance(data, dict) or not isinstance(data.get("data"), list):
        raise Malformed("match answer has no data list")
    return to_record(data["data"][0], matched_by="title") if data["data"] else None


async def fetch(fetcher: Fetcher, keys: list[str]) -> dict[str, Record]:
    """Records by lookup key (``ARXIV:…``, ``DOI:…``): one GET for one key, else batches."""
    import asyncio

    if not fetcher.enabled(SOURCE) or not keys:
        return {}
    base = fetcher.base(SOURCE)
    wanted = sorted(set(keys))
    if len(wanted) == 1:
        from urllib.parse import quote

        result = await fetcher.get(SOURCE, f"{base}/paper/{quote(wanted[0], safe=':/')}",
                                   params={"fields": FIELDS}, headers=_headers(), parse=parse_paper)
        return {wanted[0]: result.data} if result and result.found else {}
    batches = [wanted[i:i + BATCH] for i in range(0, len(wanted), BATCH)]

    async def one(batch: list[str]) -> dict[str, Record]:
        result = await fetcher.request(SOURCE, "POST", f"{base}/paper/batch", params={"fields": FIELDS},
                                       json={"ids": batch}, headers=_headers(), parse=parse_batch)
        if not result or not result.found:
            return {}
        if len(result.data) != len(batch):
            fetcher.warn(SOURCE, "batch answer does not match the ids asked for; ignored", once="batchlen")
            return {}
        return {key: rec for key, rec in zip(batch, result.data) if rec is not None}

    found: dict[str, Record] = {}
    for part in await asyncio.gather(*(one(b) for b in batches)):
        found.update(part)
    return found


async def match_title(fetcher: Fetcher, title: str) -> Record | None:
    """The Graph API's best match for a title (the caller checks that it really agrees)."""
    if not fetcher.enabled(SOURCE):
        return None
    result = await fetcher.get(SOURCE, f"{fetcher.base(SOURCE)}/paper/search/match",
                               params={"query": title, "fields": FIELDS}, headers=_headers(), parse=parse_match)
    return result.data if result and result.found else None


def parse_counts(body: bytes) -> list[int | None]:
    data = _json(body)
    if not isinstance(data, list):
        raise Malformed("batch answer is not a list")
    return [item.get("citationCount") if isinstance(item, dict) else None for item in data]


async def citation_counts(fetcher: Fetcher, keys: list[str]) -> dict[str, int]:
    """Citation counts by lookup key; cached briefly (they change), unlike metadata."""
    wanted = sorted(set(keys))
    out: dict[str, int] = {}
    for i in range(0, len(wanted), BATCH):
        batch = wanted[i:i + BATCH]
        result = await fetcher.request(SOURCE, "POST", f"{fetcher.base(SOURCE)}/paper/batch",
                                       params={"fields": "citationCount"}, json={"ids": batch},
                                       headers=_headers(), parse=parse_counts, kind="citations")
        if result and result.found and len(result.data) == len(batch):
            out.update({k: n for k, n in zip(batch, result.data) if isinstance(n, int)})
    return out
