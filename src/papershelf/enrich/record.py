"""What one source says about one paper, before any merging."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from ..identifiers import doi_from_url, is_doi, normalise_arxiv
from ..model import normalise_title
from ..venues import canonical_venue, find_venue_in, lookup

PREPRINT_VENUES = {"arXiv"}


@dataclass
class Record:
    """One source's answer. ``venue`` is canonical; ``url`` is where a person can check it."""

    source: str
    url: str
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    year: int | None = None
    venue: str | None = None
    abstract: str | None = None
    ids: dict[str, str] = field(default_factory=dict)
    links: dict[str, str] = field(default_factory=dict)
    citation_count: int | None = None
    matched_by: str = "id"  # "id" or "title"

    @property
    def published(self) -> bool:
        """Whether the record places the paper at a peer-reviewed venue (not a preprint server)."""
        return bool(self.venue) and not is_preprint_venue(self.venue)


def is_preprint_venue(venue: str | None) -> bool:
    if not venue:
        return False
    known = lookup(venue)
    return venue in PREPRINT_VENUES or (known is not None and known.kind == "preprint") or \
        venue.lower() in {"corr", "arxiv.org", "arxiv (cornell university)", "biorxiv", "medrxiv", "ssrn"}


def tidy(text: str | None) -> str | None:
    """Collapse whitespace (arXiv wraps titles and abstracts mid-sentence)."""
    if text is None:
        return None
    text = " ".join(str(text).split())
    return text or None


def strip_markup(text: str | None) -> str | None:
    """Plain text from JATS/HTML fragments (Crossref abstracts)."""
    if text is None:
        return None
    text = re.sub(r"<jats:title>.*?</jats:title>", " ", text, flags=re.S)
    return tidy(html.unescape(re.sub(r"<[^>]+>", " ", text)))


def venue_name(raw: str | None, aliases: dict[str, str] | None = None, known_only: bool = False) -> str | None:
    """A canonical venue from whatever a source calls it ("Proceedings of … (ICLR)", "NIPS");
    with ``known_only``, None unless it is a venue papershelf knows."""
    raw = tidy(raw)
    if not raw:
        return None
    if raw.lower() in ("arxiv.org", "arxiv (cornell university)", "corr", "arxiv"):
        return "arXiv"
    name = canonical_venue(raw, aliases)
    if name and lookup(name):
        return name
    for prefix in ("Conference on ", "International Conference on ", "IEEE/CVF Conference on "):
        # Semantic Scholar shortens "Conference on Computer Vision and Pattern Recognition".
        longer = canonical_venue(prefix + raw, aliases)
        if longer and lookup(longer):
            return longer
    found = find_venue_in(raw)
    if found:
        workshop = re.search(r"\bworkshops?\b", raw, re.I) and not found[0].endswith("Workshop")
        return f"{found[0]} Workshop" if workshop else found[0]
    m = re.search(r"\(([A-Z][A-Za-z\-]+)\)", raw)  # "… Conference on Learning Representations (ICLR)"
    if m:
        inner = canonical_venue(m.group(1), aliases)
        if inner and lookup(inner):
            return inner
    for token in re.findall(r"\b[A-Z][A-Za-z]*[A-Z][A-Za-z]*\b", raw):  # an acronym inside a long name
        known = canonical_venue(token, aliases)
        if known and lookup(known) and lookup(known).kind != "preprint":
            return known
    return None if known_only else name


def clean_doi(value: str | None) -> str | None:
    if not value:
        return None
    value = value.strip()
    if value.lower().startswith(("http://", "https://")):
        value = doi_from_url(value) or ""
    return value if is_doi(value) else None


def clean_arxiv(value: str | None) -> str | None:
    return normalise_arxiv(value) if value else None


def titles_agree(a: str | None, b: str | None, threshold: float = 92.0) -> bool:
    """Whether two titles name the same paper: normalised, then nearly equal (rapidfuzz)."""
    if not a or not b:
        return False
    from rapidfuzz import fuzz

    na, nb = normalise_title(a), normalise_title(b)
    if na == nb:
        return True
    return fuzz.ratio(na, nb) >= threshold


def years_agree(a: int | None, b: int | None) -> bool:
    return a is None or b is None or abs(a - b) <= 1
