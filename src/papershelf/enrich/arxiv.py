"""arXiv API (Atom feed): titles, authors, abstracts, first-version year, DOI and journal ref.

``GET {base}?id_list=ID,ID,…&max_results=N``; arXiv asks for at most one request every 3 s,
so ids are fetched in batches of up to 100.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from .http import Fetcher, Malformed
from .record import Record, clean_arxiv, clean_doi, tidy, venue_name

SOURCE = "arxiv"
BATCH = 100
NS = {"atom": "http://www.w3.org/2005/Atom", "arxiv": "http://arxiv.org/schemas/atom",
      "opensearch": "http://a9.com/-/spec/opensearch/1.1/"}
# Tags in Clark notation ({namespace}name): ElementTree finds these among an element's children
# directly, twelve times faster than a prefixed path with a namespace map (a cached second run of
# enrich reads 500 entries again).
ATOM, ARXIV = f"{{{NS['atom']}}}", f"{{{NS['arxiv']}}}"


def abs_url(arxiv_id: str) -> str:
    return f"https://arxiv.org/abs/{arxiv_id}"


def parse_feed(body: bytes) -> list[Record]:
    """Records from an arXiv Atom feed. An ``Error`` entry or a non-feed body is Malformed."""
    text = body.strip()
    if not text.startswith(b"<"):
        raise Malformed(f"not an Atom feed: {text[:60].decode('utf-8', 'replace')!r}")
    try:
        root = ET.fromstring(body)
    except ET.ParseError as exc:
        raise Malformed(f"not XML: {exc}") from None
    if root.tag != f"{ATOM}feed":
        raise Malformed("not an Atom feed")
    records = []
    for entry in root.findall(ATOM + "entry"):
        entry_id = (entry.findtext(ATOM + "id", "") or "").strip()
        title = tidy(entry.findtext(ATOM + "title"))
        if "/api/errors" in entry_id or title == "Error":
            raise Malformed(f"arXiv error: {tidy(entry.findtext(ATOM + 'summary', ''))}")
        arxiv_id = clean_arxiv(entry_id.rsplit("/abs/", 1)[-1]) if "/abs/" in entry_id else None
        if not arxiv_id or not title:  # unknown ids come back as empty entries
            continue
        published = entry.findtext(ATOM + "published", "") or ""
        year = int(published[:4]) if published[:4].isdigit() else None
        authors = [tidy(a.findtext(ATOM + "name", "")) for a in entry.findall(ATOM + "author")]
        ids = {"arxiv": arxiv_id}
        doi = clean_doi(entry.findtext(ARXIV + "doi"))
        if doi:
            ids["doi"] = doi
        journal = tidy(entry.findtext(ARXIV + "journal_ref"))
        venue = venue_name(journal, known_only=True) if journal else None
        records.append(Record(SOURCE, abs_url(arxiv_id), title=title, authors=[a for a in authors if a],
                              year=year, venue=venue or "arXiv", abstract=tidy(entry.findtext(ATOM + "summary")),
                              ids=ids, links={"paper": abs_url(arxiv_id)}))
    return records


async def fetch(fetcher: Fetcher, arxiv_ids: list[str]) -> dict[str, Record]:
    """Records by arXiv id, fetched in batches (ids the API does not know are absent)."""
    import asyncio

    if not fetcher.enabled(SOURCE):
        return {}
    wanted = sorted(set(arxiv_ids))
    batches = [wanted[i:i + BATCH] for i in range(0, len(wanted), BATCH)]

    async def one(batch: list[str]) -> list[Record]:
        result = await fetcher.get(SOURCE, fetcher.base(SOURCE),
                                   params={"id_list": ",".join(batch), "max_results": len(batch)}, parse=parse_feed)
        return result.data if result and result.found else []

    found: dict[str, Record] = {}
    for records in await asyncio.gather(*(one(b) for b in batches)):
        for record in records:
            found[record.ids["arxiv"]] = record
    return found
