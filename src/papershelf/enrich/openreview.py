"""OpenReview: the accepted version of ICLR/NeurIPS/TMLR… papers, by forum id.

API v2 first (``GET {base}/notes?id=…``, content values wrapped as ``{"value": …}``), then the
v1 API (``[sources.openreview_v1]``; plain content values) for older venues. Credentials are read
from ``OPENREVIEW_USERNAME`` / ``OPENREVIEW_PASSWORD``; without them public notes are read
anonymously, and the run says so.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from typing import Any

from .http import Fetcher, Malformed
from .record import Record, tidy, venue_name

SOURCE = "openreview"
SOURCE_V1 = "openreview_v1"


def credentials() -> tuple[str, str] | None:
    user = os.environ.get("OPENREVIEW_USERNAME") or os.environ.get("PAPERSHELF_OPENREVIEW_USERNAME")
    password = os.environ.get("OPENREVIEW_PASSWORD") or os.environ.get("PAPERSHELF_OPENREVIEW_PASSWORD")
    return (user, password) if user and password else None


def forum_url(note_id: str) -> str:
    return f"https://openreview.net/forum?id={note_id}"


def _value(content: dict, key: str) -> Any:
    value = content.get(key)
    return value.get("value") if isinstance(value, dict) else value


def parse_notes(body: bytes) -> Record | None:
    try:
        data = json.loads(body)
    except json.JSONDecodeError as exc:
        raise Malformed(f"not JSON: {exc.msg}") from None
    if not isinstance(data, dict) or not isinstance(data.get("notes"), list):
        raise Malformed("no notes list")
    if not data["notes"]:
        return None
    note = data["notes"][0]
    content = note.get("content") if isinstance(note, dict) else None
    if not isinstance(content, dict) or not isinstance(note.get("id"), str):
        raise Malformed("note without id or content")
    note_id = note.get("forum") or note["id"]
    venue_text = tidy(_value(content, "venue")) or ""
    venue = year = None
    if venue_text and not re.search(r"(?i)^(submitted to|withdrawn|rejected|under review)|blind submission", venue_text):
        venue = venue_name(venue_text)
        m = re.search(r"\b(19|20)\d{2}\b", venue_text)
        year = int(m.group(0)) if m else None
    venueid = _value(content, "venueid") or ""
    if venue and not year and isinstance(venueid, str):
        m = re.search(r"/((?:19|20)\d{2})/", venueid)
        year = int(m.group(1)) if m else None
    if year is None:
        stamp = note.get("pdate") or note.get("odate") or note.get("cdate")
        if isinstance(stamp, (int, float)) and venue:
            year = dt.datetime.fromtimestamp(stamp / 1000, dt.timezone.utc).year
    authors = _value(content, "authors") or []
    return Record(SOURCE, forum_url(note_id), title=tidy(_value(content, "title")),
                  authors=[tidy(a) for a in authors if isinstance(a, str) and tidy(a)], year=year, venue=venue,
                  abstract=tidy(_value(content, "abstract")), ids={"openreview": note_id},
                  links={"paper": forum_url(note_id)})


def _token(body: bytes) -> str:
    try:
        token = json.loads(body).get("token")
    except (json.JSONDecodeError, AttributeError):
        raise Malformed("login answer without token") from None
    if not isinstance(token, str):
        raise Malformed("login answer without token")
    return token


async def _auth_headers(fetcher: Fetcher, source: str) -> dict[str, str]:
    creds = credentials()
    if creds is None:
        fetcher.note("OpenReview: no credentials (set OPENREVIEW_USERNAME and OPENREVIEW_PASSWORD); "
                     "reading public notes anonymously")
        return {}
    cache_attr = f"_openreview_token_{source}"
    token = getattr(fetcher, cache_attr, None)
    if token is None:
        result = await fetcher.request(source, "POST", f"{fetcher.base(source)}/login",
                                       json={"id": creds[0], "password": creds[1]}, parse=_token, use_cache=False)
        token = result.data if result and result.found else ""
        if not token:
            fetcher.warn(source, "login with OPENREVIEW_USERNAME/OPENREVIEW_PASSWORD failed; reading anonymously",
                         once="login")
        setattr(fetcher, cache_attr, token)
    return {"Authorization": f"Bearer {token}"} if token else {}


async def fetch(fetcher: Fetcher, note_id: str) -> Record | None:
    """The note from API v2, else from API v1."""
    for source in (SOURCE, SOURCE_V1):
        if not fetcher.enabled(source):
            continue
        headers = await _auth_headers(fetcher, source)
        result = await fetcher.get(source, f"{fetcher.base(source)}/notes", params={"id": note_id},
                                   headers=headers, parse=parse_notes)
        if result and result.found:
            return result.data
        if result and result.status in (401, 403) and credentials() is None:
            fetcher.warn(source, "this note is not public: set OPENREVIEW_USERNAME and OPENREVIEW_PASSWORD "
                                 "to read it", once="credentials")
    return None
