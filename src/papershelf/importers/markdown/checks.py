"""After reading: marks read through the legend, same-paper entries merged, and the checks that
need the whole list (shared links, truncated titles, venue sites)."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable
from itertools import islice, takewhile

from ...findings import Finding
from ...venues import known_venue
from ..dedupe import one_letter_apart, title_key
from .entries import Entry, Link, canonical_url, site_venues
from .fields import add_link
from .vocab import FINDING_CODES, INFLECTIONS

_LETTERS = re.compile(r"[a-z]+")
_WORDS = re.compile(r"[A-Za-z]+")
_ENDS_IN_LETTER = re.compile(r"[A-Za-z]$")
_QUALIFIER = re.compile(r"\s+(Workshop|Findings)$")

# -- after reading: legend, merge, checks, build ------------------------------------------------


def apply_marks(legend: dict[str, str], entry: Entry) -> tuple[str | None, str]:
    """(priority, status) the entry's marks mean under the list's legend."""
    priority: str | None = None
    status = "unread"
    for mark, _line in entry.marks:
        meaning = legend.get(mark)
        if meaning == "top":
            priority = "top"
        elif meaning == "second" and priority != "top":
            priority = "second"
        elif meaning == "read":
            status = "read"
        elif meaning == "reading" and status != "read":
            status = "reading"
    return priority, status


def id_keys(e: Entry) -> set[str]:
    """The identifiers (arXiv id, DOI, OpenReview id) the entry's links carry, as ``kind:value`` keys."""
    return {f"{k}:{v.lower()}" for lk in e.links if lk.url for k, v in lk.ids.items()}


def same_paper(a: Entry, b: Entry) -> bool:
    """Same normalised title, or a shared arXiv id/DOI/OpenReview id with a similar title."""
    na, nb = title_key(a.title), title_key(b.title)
    if na == nb:
        return True
    if id_keys(a) & id_keys(b):
        from rapidfuzz import fuzz

        return fuzz.ratio(na, nb) >= 85 or na.startswith(nb) or nb.startswith(na)
    return False


def merge_into(target: Entry, e: Entry) -> None:
    """Fold the duplicate ``e`` into ``target``, keeping everything, and report it (IMP130/IMP131)."""
    kept: list[str] = []
    for t in e.topics:
        if t not in target.topics:
            target.topics.append(t)
            kept.append(f"topic {t}")
    for s in e.sections:
        if s not in target.sections:
            target.sections.append(s)
            kept.append(f"section {s}")
    for tag in e.tags:
        if tag not in target.tags:
            target.tags.append(tag)
    target.notes += [n for n in e.notes if n not in target.notes]
    if not target.authors and e.authors:
        target.authors = e.authors
        kept.append("authors")
    if (target.venue, target.year) != (e.venue, e.year) and e.venue and target.venue and (
            target.venue != e.venue or (e.year and target.year and e.year != target.year)):
        target.note("IMP131", e.line, f"line {e.line} gives {e.venue} {e.year or ''}".rstrip() +
                    f", line {target.line} {target.venue} {target.year or ''}".rstrip() + ": the first kept")
    target.venue = target.venue or e.venue
    target.year = target.year or e.year
    target_ids = {v for lk in target.links if lk.url for v in lk.ids.values()}
    for link in e.links:
        current = {lk.kind: lk for lk in target.links}
        if link.url and link.url in target.urls():
            continue
        if link.kind in current and current[link.kind].url and link.url:
            same_id = set(link.ids.values()) & target_ids
            if same_id or canonical_url(link.url) == canonical_url(current[link.kind].url):
                continue
            if "other" not in current:
                target.links.append(Link("other", link.url, link.label, link.line))
                target.note("IMP131", e.line, f"duplicates give different {link.kind} links: "
                                              f"{current[link.kind].url} kept, {link.url} kept as 'other'")
            else:
                target.note("IMP131", e.line, f"duplicates give different {link.kind} links: "
                                              f"{current[link.kind].url} kept, {link.url} dropped")
            continue
        add_link(target, link)
        if link.url:
            kept.append(f"{link.kind} link")
    target.marks += e.marks
    target.findings += e.findings
    target.merged_lines.append(e.line)
    what = f" (added {', '.join(kept)})" if kept else ""
    target.note("IMP130", e.line, f"{e.title!r} is the same paper as line {target.line}: merged{what}")


def link_keys(e: Entry) -> list[tuple[str, str]]:
    """(key, URL) for the entry's paper links and the identifiers any link carries (a code
    repository or project page shared by several papers is normal: not a key)."""
    keys = set()
    for link in e.links:
        if not link.url:
            continue
        if link.kind == "paper":
            keys.add(("url", canonical_url(link.url), link.url))
        for kind, value in link.ids.items():
            keys.add((kind, value.lower(), link.url))
    return [(f"{kind}:{key}", url) for kind, key, url in sorted(keys)]


def shared_link(e: Entry, url: str, key: str, other: Entry) -> Finding:
    """IMP110: a paper link or identifier of ``e`` was already given for the title of ``other``."""
    kind, _, value = key.partition(":")
    what = "URL" if kind == "url" else f"{kind} id {value}"
    return Finding("IMP110", FINDING_CODES["IMP110"][0], f"same {what} ({url}) as {other.title!r} (line "
                   f"{other.line}): one of the two links is probably wrong", line=e.line,
                   data={"url": url, "other_title": other.title, "other_line": other.line})


def title_words(title: str) -> set[str]:
    """The lower-case words of a title (counted over the list for IMP160)."""
    return set(_LETTERS.findall(title.lower()))


def truncated_title(e: Entry, counts: Counter, vocabulary: list[str]) -> None:
    """IMP160: a title whose last word only ever appears in the list (``counts``, its sorted
    ``vocabulary``) as the start of a longer word."""
    words = _WORDS.findall(e.title)
    if not words or not _ENDS_IN_LETTER.search(e.title):
        return
    last = words[-1].lower()
    if len(last) < 5 or counts[last] > 1:
        return
    starting = takewhile(lambda w: w.startswith(last), islice(vocabulary, bisect_left(vocabulary, last), None))
    longer = [w for w in starting if len(w) > len(last) and w[len(last):] not in INFLECTIONS  # "transfer" →
              and not (w[len(last)] == last[-1] and w[len(last) + 1:] in INFLECTIONS)]  # "transferring"
    if longer:
        e.note("IMP160", e.line, f"title {e.title!r} may be truncated: {words[-1]!r} looks like the start of "
                                 f"{longer[0]!r}, used elsewhere in the list")


def venue_site(e: Entry) -> None:
    """IMP151: an entry's venue contradicted by the site its paper link is on."""
    paper = next((lk.url for lk in e.links if lk.kind == "paper" and lk.url), None)
    if not (e.venue and paper):
        return
    sites = site_venues(paper)
    if sites and e.venue not in sites and not any(e.venue.startswith(s) for s in sites):
        e.note("IMP151", e.line, f"entry is filed under {e.venue} but its paper link is on "
                                 f"{', '.join(sorted(sites))}'s site ({paper})")


def one_letter_variants(keys: list[str], years: list[int | None],
                        titles: Callable[[int], tuple[str, int]]) -> dict[int, list[Finding]]:
    """IMP132 per entry index: two titles one letter apart with the same year (``keys`` and
    ``years``: title key and year of each entry; ``titles``: title and line by index) are probably
    one paper with a typo; flagged, not merged (``GAN``/``GAT``-like differences are real)."""
    notes: dict[int, list[Finding]] = {}
    for a, b in one_letter_apart(range(len(keys)), lambda i: (keys[i], years[i])):
        (a_title, a_line), (b_title, b_line) = titles(a), titles(b)
        notes.setdefault(b, []).append(Finding(
            "IMP132", FINDING_CODES["IMP132"][0], f"title {b_title!r} differs by one letter from {a_title!r} "
            f"(line {a_line}), same year: the same paper with a typo? Not merged", line=b_line,
            data={"other_title": a_title, "other_line": a_line}))
    return notes


def unknown_venue(e: Entry, aliases: dict[str, str], found: dict[str, list[int]]) -> None:
    """Record the entry's venue in ``found`` (venue -> lines) when it is outside papershelf's
    vocabulary and the shelf's aliases (IMP153: kept as written, but said, so a typo or a missing
    alias is seen)."""
    if not e.venue or e.venue in aliases.values():
        return
    base = _QUALIFIER.sub("", e.venue)
    if known_venue(base) is None and base not in aliases.values():
        found.setdefault(e.venue, []).append(e.line)
