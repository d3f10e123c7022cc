"""Paper Copilot's ``paperlists`` dumps (github.com/papercopilot/paperlists): one JSON array per
venue-year, named like ``cvpr2021.json``. Fields used: ``title``, ``author`` (names joined by
``;`` or ``,``), ``abstract``, ``status`` (Reject/Withdraw mean the paper is not at the venue),
``id``, ``arxiv``, ``doi``, ``openreview``, ``oa``/``proceeding``/``site`` (landing page),
``pdf``, ``github``, ``project``."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from ...identifiers import is_openreview_id
from ...venues import known_venue
from ..record import CatalogRecord, clean_ids, clean_url
from .base import Item, convert, iter_json_array, open_text, text_field

NOT_AT_VENUE = {"reject", "withdraw", "desk reject", "withdrawn", "rejected"}
PAGE_FIELDS = ("oa", "proceeding", "site")
# Venues whose paperlists ``id`` is the OpenReview forum id.
OPENREVIEW_VENUES = {"ICLR"}


def sniff(first: Any, array: bool) -> bool:
    return array and isinstance(first, dict) and isinstance(first.get("title"), str) \
        and isinstance(first.get("author"), str) and ("status" in first or "track" in first)


def venue_year(stem: str) -> tuple[str | None, int | None]:
    """``cvpr2021`` → (CVPR, 2021); ``nips2020`` → (NeurIPS, 2020); unknown names keep the letters."""
    m = re.fullmatch(r"([A-Za-z]+)[_-]?((?:19|20)\d\d)", stem)
    if not m:
        return None, None
    return known_venue(m.group(1)) or m.group(1).upper(), int(m.group(2))


NICKNAME = re.compile(r"\s+[\"\u201c\u00ab][^\"\u201d\u00bb]{1,30}[\"\u201d\u00bb](?=\s)")


def split_authors(text: str | None) -> list[str]:
    """Names joined by ``;`` (or ``,``); a quoted nickname (``Zhangyang “Atlas” Wang``) is left
    out, as citations leave it out."""
    if not text:
        return []
    parts = text.split(";") if ";" in text else text.split(",")
    return [" ".join(NICKNAME.sub("", p).split()) for p in parts if p.strip()]


def to_record(raw: dict[str, Any], source: str, venue: str | None, year: int | None) -> CatalogRecord | None:
    """A catalog record from one paperlists entry (None without a title)."""
    title = text_field(raw, "title")
    if title is None:
        return None
    raw_id = text_field(raw, "id")
    ids = clean_ids(raw)
    if venue in OPENREVIEW_VENUES and raw_id and is_openreview_id(raw_id):
        ids.setdefault("openreview", raw_id)
    links = {}
    page = next((u for u in (clean_url(raw.get(f)) for f in PAGE_FIELDS) if u), None)
    if page is None and ids.get("openreview"):
        page = f"https://openreview.net/forum?id={ids['openreview']}"
    for kind, value in (("paper", page), ("pdf", clean_url(raw.get("pdf"))),
                        ("code", clean_url(raw.get("github"))), ("project", clean_url(raw.get("project")))):
        if value:
            links[kind] = value
    status = (text_field(raw, "status") or "").lower()
    local = raw_id or hashlib.blake2b(title.encode(), digest_size=6).hexdigest()
    return CatalogRecord(key=f"{source}:{local}", source=source, title=title,
                         authors=split_authors(text_field(raw, "author")), abstract=text_field(raw, "abstract"),
                         venue=None if status in NOT_AT_VENUE else venue, year=year, ids=ids, links=links)


def read(path: Path, source: str, progress: Callable[[int], None] | None = None) -> Iterator[Item]:
    venue, year = venue_year(source.rsplit("/", 1)[-1])
    with open_text(path, progress) as text:
        yield from convert(iter_json_array(text), lambda raw: to_record(raw, source, venue, year))
