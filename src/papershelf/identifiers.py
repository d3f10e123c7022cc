"""Recognising scholarly identifiers (arXiv, DOI, OpenReview) in ids and URLs.

Shared by validation, importers, enrichment and lint, so every layer agrees on what a
well-formed identifier is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import SplitResult, parse_qs, unquote, urlsplit

# New-style arXiv ids (0704.0001 onwards) and old-style archive/YYMMNNN ids.
ARXIV_NEW = re.compile(r"^(?P<id>\d{4}\.\d{4,5})(?P<version>v\d+)?$")
ARXIV_OLD = re.compile(r"^(?P<id>[a-z\-]+(?:\.[A-Z]{2})?/\d{7})(?P<version>v\d+)?$")
DOI = re.compile(r"^10\.\d{4,9}/\S+$")
OPENREVIEW = re.compile(r"^[A-Za-z0-9_\-]{6,20}$")

ARXIV_HOSTS = {"arxiv.org", "www.arxiv.org", "export.arxiv.org"}
DOI_HOSTS = {"doi.org", "dx.doi.org", "www.doi.org"}
OPENREVIEW_HOSTS = {"openreview.net", "www.openreview.net"}


@dataclass(frozen=True)
class Identifier:
    """A parsed identifier: kind is arxiv, doi, openreview, url or title."""

    kind: str
    value: str

    def __str__(self) -> str:
        return f"{self.kind}:{self.value}"


def normalise_arxiv(text: str) -> str | None:
    """Return the version-less arXiv id in ``text`` (an id, ``arXiv:`` id), or None."""
    text = text.strip()
    if text.lower().startswith("arxiv:"):
        text = text[6:].strip()
    for pattern in (ARXIV_NEW, ARXIV_OLD):
        m = pattern.match(text)
        if m:
            return m.group("id")
    return None


def is_arxiv_id(text: str) -> bool:
    return normalise_arxiv(text) == text


def is_doi(text: str) -> bool:
    return bool(DOI.match(text))


def is_openreview_id(text: str) -> bool:
    return bool(OPENREVIEW.match(text))


def split_url(url: str) -> SplitResult | None:
    """The URL's parts, or None when it cannot be parsed (``https://[oops``, a port out of range):
    a hand-edited shelf may hold such a link, which lint reports (PS202) and nothing else trips on."""
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018 - raises on a bad port
    except ValueError:
        return None
    return parts


def arxiv_from_url(url: str) -> str | None:
    """arXiv id from any arXiv URL form (abs, pdf, with or without version or .pdf)."""
    return _arxiv_from(split_url(url))


def _arxiv_from(parts: SplitResult | None) -> str | None:
    if parts is None or parts.hostname not in ARXIV_HOSTS:
        return None
    path = unquote(parts.path)
    for prefix in ("/abs/", "/pdf/", "/html/", "/format/"):
        if path.startswith(prefix):
            rest = path[len(prefix):]
            if rest.endswith(".pdf"):
                rest = rest[:-4]
            return normalise_arxiv(rest.rstrip("/"))
    return None


def doi_from_url(url: str) -> str | None:
    """DOI from a doi.org URL or a publisher URL that embeds ``/doi/10.…``."""
    return _doi_from(split_url(url))


def _doi_from(parts: SplitResult | None) -> str | None:
    if parts is None:
        return None
    path = unquote(parts.path)
    if parts.hostname in DOI_HOSTS:
        candidate = path.lstrip("/")
        return candidate if is_doi(candidate) else None
    m = re.search(r"/doi/(?:abs/|full/|pdf/|epdf/)?(10\.\d{4,9}/[^?#\s]+)", path)
    if m and is_doi(m.group(1)):
        return m.group(1).rstrip("/")
    return None


def openreview_from_url(url: str) -> str | None:
    """OpenReview note id from a forum or pdf URL."""
    return _openreview_from(split_url(url))


def _openreview_from(parts: SplitResult | None) -> str | None:
    if parts is None or parts.hostname not in OPENREVIEW_HOSTS or parts.path not in ("/forum", "/pdf", "/attachment"):
        return None
    values = parse_qs(parts.query).get("id")
    if values and is_openreview_id(values[0]):
        return values[0]
    return None


def ids_from_url(url: str) -> dict[str, str]:
    """All identifiers a URL reveals, keyed like ``Paper.ids`` (the URL split once for all three:
    an import asks this of every link)."""
    parts = split_url(url)
    found: dict[str, str] = {}
    for kind, fn in (("arxiv", _arxiv_from), ("doi", _doi_from), ("openreview", _openreview_from)):
        value = fn(parts)
        if value:
            found[kind] = value
    return found


def parse_identifier(text: str) -> Identifier:
    """Classify what a curator pasted: an arXiv id or URL, a DOI or DOI URL, an OpenReview URL,
    another URL, or else a title."""
    text = text.strip()
    arxiv = normalise_arxiv(text)
    if arxiv:
        return Identifier("arxiv", arxiv)
    if text.lower().startswith("doi:"):
        text = text[4:].strip()
    if is_doi(text):
        return Identifier("doi", text)
    if re.match(r"^https?://", text, re.I):
        for kind, fn in (("arxiv", arxiv_from_url), ("doi", doi_from_url), ("openreview", openreview_from_url)):
            value = fn(text)
            if value:
                return Identifier(kind, value)
        return Identifier("url", text)
    return Identifier("title", text)
