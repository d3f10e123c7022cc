"""Reading a landing page: is it a paper, and what is its title?"""

from __future__ import annotations

from ..model import normalise_title

TITLE_META = ("citation_title", "og:title", "dc.title", "eprints.title", "prism.title")
PAPER_META_PREFIXES = ("citation_", "dc.", "prism.", "eprints.")


def page_metadata(body: bytes, content_type: str = "") -> tuple[str | None, bool]:
    """(title from the page's scholarly metadata or None, whether the page looks like a paper).

    A page is a paper page when it carries Highwire/Google Scholar (``citation_*``), Dublin Core
    or PRISM metadata, or is itself a PDF.
    """
    if "pdf" in content_type.lower() or body[:5] == b"%PDF-":
        return None, True
    from selectolax.lexbor import LexborHTMLParser

    text = body.decode("utf-8", "replace")
    tree = LexborHTMLParser(text)
    titles: dict[str, str] = {}
    paper = False
    for node in tree.css("meta"):
        attrs = node.attributes
        name = (attrs.get("name") or attrs.get("property") or "").strip().lower()
        content = (attrs.get("content") or "").strip()
        if not name or not content:
            continue
        if name.startswith(PAPER_META_PREFIXES):
            paper = True
        if name in TITLE_META and name not in titles:
            titles[name] = " ".join(content.split())
    title = next((titles[n] for n in TITLE_META if n in titles), None)
    return title, paper


def same_title(shelf_title: str, page_title: str, threshold: float = 85.0) -> bool:
    """Whether a page title names the same paper, ignoring case, punctuation, a site suffix
    ("… | OpenReview") and a truncated shelf title."""
    from rapidfuzz import fuzz

    a, b = normalise_title(shelf_title), normalise_title(page_title)
    if not a or not b:
        return True
    score = fuzz.ratio(a, b)
    if min(len(a), len(b)) >= 20:
        score = max(score, fuzz.partial_ratio(a, b))
    return score >= threshold
