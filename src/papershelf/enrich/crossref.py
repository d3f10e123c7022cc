"""Crossref REST API: the publisher's record of a DOI (title, authors, venue, year).

``GET {base}/works/{doi}?mailto=CONTACT`` — the ``mailto`` puts requests in Crossref's polite pool.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from .http import Fetcher, Malformed
from .record import Record, clean_doi, strip_markup, tidy, venue_name

SOURCE = "crossref"


def _first(value: Any) -> str | None:
    if isinstance(value, list):
        return tidy(value[0]) if value and isinstance(value[0], str) else None
    return tidy(value) if isinstance(value, str) else None


def _year(message: dict) -> int | None:
    for key in ("published-print", "published-online", "published", "issued", "created"):
        parts = (message.get(key) or {}).get("date-parts") if isinstance(message.get(key), dict) else None
        if parts and isinstance(parts, list) and parts[0] and isinstance(parts[0][0], int):
            return parts[0][0]
    return None


def parse_work(body: bytes) -> Record:
    try:
        data = json.loads(body)
    except json.JSONDecodeError as exc:
        raise Malformed(f"not JSON: {exc.msg}") from None
    message = data.get("message") if isinstance(data, dict) else None
    if not isinstance(message, dict) or not message.get("DOI"):
        raise Malformed("no message.DOI")
    doi = clean_doi(str(message["DOI"]))
    if not doi:
        raise Malformed(f"bad DOI {message['DOI']!r}")
    authors = []
    for a in message.get("author") or []:
        if isinstance(a, dict):
            name = " ".join(x for x in (a.get("given"), a.get("family")) if x) or a.get("name")
            if tidy(name):
                authors.append(tidy(name))
    raw_venue = _first(message.get("container-title")) or _first(message.get("event", {}).get("name")
                                                                 if isinstance(message.get("event"), dict) else None)
    event = message.get("event") if isinstance(message.get("event"), dict) else {}
    venue = venue_name(_first(event.get("acronym")), known_only=True) or venue_name(raw_venue)
    if message.get("type") == "posted-content" and not venue:
        venue = "arXiv" if doi.lower().startswith("10.48550/") else None
    return Record(SOURCE, f"https://doi.org/{doi}", title=_first(message.get("title")), authors=authors,
                  year=_year(message), venue=venue, abstract=strip_markup(message.get("abstract")),
                  ids={"doi": doi}, links={"paper": f"https://doi.org/{doi}"})


async def fetch(fetcher: Fetcher, doi: str, contact: str = "") -> Record | None:
    if not fetcher.enabled(SOURCE):
        return None
    params = {"mailto": contact} if contact else None
    result = await fetcher.get(SOURCE, f"{fetcher.base(SOURCE)}/works/{quote(doi, safe='/')}", params=params,
                               parse=parse_work)
    return result.data if result and result.found else None
