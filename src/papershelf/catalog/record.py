"""One paper as a catalog dump describes it: what enrich copies from and discover ranks."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass, field
from typing import Any

from ..identifiers import doi_from_url, is_doi, is_openreview_id, normalise_arxiv, openreview_from_url
from ..model import normalise_title

# Link kinds a record may carry; ``pdf`` is kept apart from the ``paper`` (landing) page.
LINK_KINDS = ("paper", "pdf", "code", "project")
ID_KINDS = ("arxiv", "doi", "openreview")


@dataclass
class CatalogRecord:
    """A catalog paper. ``key`` is unique in the catalog (``<source>:<id in the dump>``),
    ``source`` names the dump (``paperlists/cvpr2021``) and is what provenance records."""

    key: str
    source: str
    title: str
    authors: list[str] = field(default_factory=list)
    abstract: str | None = None
    venue: str | None = None
    year: int | None = None
    ids: dict[str, str] = field(default_factory=dict)
    links: dict[str, str] = field(default_factory=dict)

    @property
    def norm_title(self) -> str:
        return normalise_title(self.title)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def collapse(text: str) -> str:
    """Runs of whitespace as one space, none at the ends. Text already so (most of a dump's) is
    returned as it is after one C scan: ``isprintable`` is false for every whitespace but the space."""
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    return " ".join(text.split())


def clean_text(value: Any) -> str | None:
    """Whitespace collapsed; None for empty or non-text values."""
    if not isinstance(value, str):
        return None
    return collapse(value) or None


def clean_url(value: Any) -> str | None:
    """An http(s) URL, adding the scheme dumps often leave out (``github.com/x``); else None.
    Ligatures from PDF extraction (``Eﬃcient``) are unfolded (NFKC)."""
    text = clean_text(unicodedata.normalize("NFKC", value) if isinstance(value, str) else value)
    if not text or " " in text:
        return None
    if text.startswith("//"):
        text = "https:" + text
    elif not re.match(r"^https?://", text, re.I) and re.match(r"^(www\.)?[a-z0-9-]+(\.[a-z0-9-]+)+/", text, re.I):
        text = "https://" + text
    return text if re.match(r"^https?://[^\s/$.?#][^\s]*$", text, re.I) else None


def clean_ids(raw: dict[str, Any]) -> dict[str, str]:
    """Well-formed identifiers only: arXiv without version, DOI from an id or a doi.org URL,
    OpenReview from an id or a forum URL."""
    out: dict[str, str] = {}
    arxiv = clean_text(raw.get("arxiv"))
    if arxiv:
        found = normalise_arxiv(arxiv.rsplit("/abs/", 1)[-1])
        if found:
            out["arxiv"] = found
    doi = clean_text(raw.get("doi"))
    if doi:
        doi = doi_from_url(doi) if doi.lower().startswith("http") else doi
        if doi and is_doi(doi):
            out["doi"] = doi
    openreview = clean_text(raw.get("openreview"))
    if openreview:
        found = openreview_from_url(openreview) if openreview.startswith("http") else openreview
        if found and is_openreview_id(found):
            out["openreview"] = found
    return out


def id_key(kind: str, value: str) -> str:
    """The form identifiers are indexed and looked up in (DOIs are case-insensitive)."""
    return value.lower() if kind == "doi" else value
