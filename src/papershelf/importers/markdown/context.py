"""What headings mean for the entries under them: venue/year, topic, taxonomy node, section.

Pure functions of a heading's text, the shelf's configuration and the headings above it (the
``stack``, outermost first); the entries stage keeps the stack.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...config import ShelfConfig
from ...model import normalise_title
from ...venues import canonical_venue
from ..base import Finding
from .entries import Heading, site_venues
from .sections import heading_reason, included
from .vocab import FINDING_CODES, MARK_RE, NEUTRAL_HEADINGS, find_venue_in, slug

_YEAR_ONLY = re.compile(r"\W*((?:19|20)\d{2})\W*")
_TAIL_YEAR = re.compile(r"(.{2,80}?)[\s,]+((?:19|20)\d{2})")
_CODE_PATH = re.compile(r"`?([a-z0-9][a-z0-9\-_]*(?:/[a-z0-9][a-z0-9\-_]*)*)`?")


@dataclass(frozen=True)
class Context:
    """What the headings above an entry give it."""

    topic: str | None = None
    sections: tuple[str, ...] = ()  # the section path, or nothing
    venue: str | None = None
    year: int | None = None


def context_of(stack: list[Heading], pending: Heading | None = None) -> Context:
    """The context the headings (and a bold venue line labelling the list, ``pending``) give."""
    topic = venue = None
    year = None
    path: list[str] = []
    for h in stack:
        if h.kind == "topic":
            topic, path = h.value, []
        elif h.kind == "taxon" and h.value:
            path = h.value.split("/")
        elif h.kind == "section" and h.value:
            path.append(h.value)
        elif h.kind == "venue":
            if h.venue:
                venue, year = h.venue, h.year
            elif h.year:
                year = h.year
    if pending is not None:
        venue = pending.venue or venue
        year = pending.year or year
    return Context(topic, ("/".join(path),) if path else (), venue, year)


def heading_of(level: float, text: str, hrefs: list[str], line: int, config: ShelfConfig,
               stack: list[Heading], title_line: int | None, include: tuple[str, ...]) -> tuple[Heading, list[Finding]]:
    """What a heading means (with ``text`` and ``skip`` set), and IMP150 when it names one venue
    but links to another's site."""
    clean = " ".join(MARK_RE.sub(" ", text).split()).strip(" :#-\u2013\u2014")
    h, named = _meaning(level, clean, text, line, config, stack, title_line)
    findings = venue_site_findings(h, hrefs, line, clean) if named else []
    h.text = " ".join(MARK_RE.sub(" ", text).split())
    h.skip = None if included(h.text, include) else heading_reason(h.text)
    return h, findings


def _meaning(level: float, clean: str, text: str, line: int, config: ShelfConfig, stack: list[Heading],
             title_line: int | None) -> tuple[Heading, bool]:
    """The heading, and whether it names a venue of the vocabulary (its links are checked then)."""
    norm = normalise_title(clean)
    year_only = _YEAR_ONLY.fullmatch(clean)
    if year_only:
        return Heading(level, "venue", year=int(year_only.group(1)), line=line), False
    vy = find_venue_in(clean)
    if vy:
        return Heading(level, "venue", venue=vy[0], year=vy[1], line=line), True
    tail_year = _TAIL_YEAR.fullmatch(clean)
    if tail_year and len(tail_year.group(1).split()) <= 6 and level >= 2:
        return Heading(level, "venue", venue=canonical_venue(tail_year.group(1), config.venue_aliases),
                       year=int(tail_year.group(2)), line=line), False
    if line == title_line or norm in NEUTRAL_HEADINGS or not norm:
        return Heading(level, "neutral", line=line), False
    code_path = _CODE_PATH.fullmatch(text.strip())
    if code_path and ("/" in code_path.group(1) or text.strip().startswith("`")):
        return Heading(level, "taxon", code_path.group(1), line=line), False  # a section path written as such
    exact_topic = topic_for(config, norm, exact=True)
    node = None if exact_topic else taxon_for(config, norm, context_of(stack).sections)
    topic = exact_topic or (None if node else topic_for(config, norm))
    if topic:
        return Heading(level, "topic", topic, line=line), False
    if node:
        return Heading(level, "taxon", node, line=line), False
    return Heading(level, "section", slug(clean) or None, line=line), False


def topic_for(config: ShelfConfig, norm: str, exact: bool = False) -> str | None:
    """The configured topic a heading names (exactly, or as whole words inside it)."""
    best: tuple[int, str] | None = None
    for topic in config.topics:
        for name in (normalise_title(topic.name), normalise_title(topic.id.replace("-", " "))):
            if name and (norm == name or (not exact and f" {name} " in f" {norm} ")):
                score = len(name) + (1000 if norm == name else 0)
                if best is None or score > best[0]:
                    best = (score, topic.id)
    return best[1] if best else None


def taxon_for(config: ShelfConfig, norm: str, current: tuple[str, ...]) -> str | None:
    """The taxonomy node a heading names: by its name, else by the last part of its path;
    an ambiguous last part is resolved by the section the heading stands in (``current``)."""
    by_name = [n.path for n in config.taxonomy if normalise_title(n.name) == norm]
    if len(by_name) == 1:
        return by_name[0]
    matches = by_name or [n.path for n in config.taxonomy
                          if normalise_title(n.path.rsplit("/", 1)[-1].replace("-", " ")) == norm]
    if len(matches) == 1:
        return matches[0]
    inside = [p for p in matches if current and p.startswith(current[0] + "/")]
    return inside[0] if len(inside) == 1 else None


def venue_site_findings(h: Heading, hrefs: list[str], line: int, heading: str) -> list[Finding]:
    """IMP150: a venue heading (or bold venue line) whose link is on another venue's site."""
    found = []
    for href in hrefs:
        sites = site_venues(href)
        others = sites - {h.venue}
        if h.venue and others and h.venue not in sites:
            found.append(Finding("IMP150", FINDING_CODES["IMP150"][0], f"heading {heading!r} names {h.venue} but "
                                 f"links to {', '.join(sorted(others))}'s site ({href})", line=line))
    return found


def above(stack: list[Heading], level: float) -> list[Heading]:
    """The headings a new heading of ``level`` stands under (it replaces those of its level and below)."""
    kept = list(stack)
    while kept and kept[-1].level >= level:
        kept.pop()
    return kept
