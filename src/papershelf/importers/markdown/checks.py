"""After reading: marks read through the legend, same-paper entries merged, and the checks that
need the whole list (shared links, truncated titles, venue sites)."""

from __future__ import annotations

import re
from collections import Counter

from ...venues import known_venue
from ..dedupe import one_letter_apart, title_key
from .entries import Entry, Link, canonical_url, site_venues, url_ids
from .fields import add_link
from .vocab import INFLECTIONS

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


def _same_paper(a: Entry, b: Entry) -> bool:
    """Same normalised title, or a shared arXiv id/DOI/OpenReview id with a similar title."""
    na, nb = title_key(a.title), title_key(b.title)
    if na == nb:
        return True
    ids_a = {f"{k}:{v.lower()}" for url in a.urls() for k, v in url_ids(url).items()}
    ids_b = {f"{k}:{v.lower()}" for url in b.urls() for k, v in url_ids(url).items()}
    if ids_a & ids_b:
        from rapidfuzz import fuzz

        return fuzz.ratio(na, nb) >= 85 or na.startswith(nb) or nb.startswith(na)
    return False


def merge_entries(entries: list[Entry]) -> list[Entry]:
    """Entries that are the same paper (normalised title, or arXiv id/DOI with a similar title)
    become one, keeping every topic, section, link and mark."""
    by_title: dict[str, Entry] = {}
    by_id: dict[str, list[Entry]] = {}
    out: list[Entry] = []
    for e in entries:
        target = by_title.get(title_key(e.title))
        if target is None:
            for key in {f"{k}:{v.lower()}" for url in e.urls() for k, v in url_ids(url).items()}:
                target = next((c for c in by_id.get(key, []) if _same_paper(c, e)), None)
                if target:
                    break
        if target is None:
            out.append(e)
            by_title[title_key(e.title)] = e
            for key in {f"{k}:{v.lower()}" for url in e.urls() for k, v in url_ids(url).items()}:
                by_id.setdefault(key, []).append(e)
            continue
        _merge_into(target, e)
    return out


def _merge_into(target: Entry, e: Entry) -> None:
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
    target_ids = {v for url in target.urls() for v in url_ids(url).values()}
    for link in e.links:
        current = {lk.kind: lk for lk in target.links}
        if link.url and link.url in target.urls():
            continue
        if link.kind in current and current[link.kind].url and link.url:
            same_id = set(url_ids(link.url).values()) & target_ids
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


def shared_links(entries: list[Entry]) -> None:
    """IMP110: a paper link or identifier given for two different titles (a code repository or
    project page shared by several papers is normal and not reported)."""
    seen: dict[str, Entry] = {}
    for e in entries:
        keys = set()
        for link in e.links:
            if not link.url:
                continue
            if link.kind == "paper":
                keys.add(("url", canonical_url(link.url), link.url))
            for kind, value in url_ids(link.url).items():
                keys.add((kind, value.lower(), link.url))
        reported: set[int] = set()
        for kind, key, url in sorted(keys):
            other = seen.get(f"{kind}:{key}")
            if other is not None and other is not e and id(other) not in reported:
                what = "URL" if kind == "url" else f"{kind} id {key}"
                e.note("IMP110", e.line, f"same {what} ({url}) as {other.title!r} (line {other.line}): "
                                         "one of the two links is probably wrong",
                       url=url, other_title=other.title, other_line=other.line)
                reported.add(id(other))
            seen.setdefault(f"{kind}:{key}", e)


def truncated_titles(entries: list[Entry]) -> None:
    """IMP160: a title whose last word only ever appears in the list as the start of a longer word."""
    counts: Counter = Counter()
    for e in entries:
        counts.update(set(re.findall(r"[a-z]+", e.title.lower())))
    vocabulary = sorted(counts)
    for e in entries:
        words = re.findall(r"[A-Za-z]+", e.title)
        if not words or not re.search(r"[A-Za-z]$", e.title):
            continue
        last = words[-1].lower()
        if len(last) < 5 or counts[last] > 1:
            continue
        longer = [w for w in vocabulary if w.startswith(last) and len(w) > len(last)
                  and w[len(last):] not in INFLECTIONS  # "transfer" → "transferring" is a word of its own
                  and not (w[len(last)] == last[-1] and w[len(last) + 1:] in INFLECTIONS)]
        if longer:
            e.note("IMP160", e.line, f"title {e.title!r} may be truncated: {words[-1]!r} looks like the start of "
                                     f"{longer[0]!r}, used elsewhere in the list")


def venue_sites(entries: list[Entry]) -> None:
    """IMP151: an entry's venue contradicted by the site its paper link is on."""
    for e in entries:
        paper = next((lk.url for lk in e.links if lk.kind == "paper" and lk.url), None)
        if not (e.venue and paper):
            continue
        sites = site_venues(paper)
        if sites and e.venue not in sites and not any(e.venue.startswith(s) for s in sites):
            e.note("IMP151", e.line, f"entry is filed under {e.venue} but its paper link is on "
                                     f"{', '.join(sorted(sites))}'s site ({paper})")




def one_letter_variants(entries: list[Entry]) -> None:
    """IMP132: two titles one letter apart with the same year are probably one paper with a typo;
    flagged, not merged (``GAN``/``GAT``-like differences are real)."""
    for a, b in one_letter_apart(entries, lambda e: (title_key(e.title), e.year)):
        b.note("IMP132", b.line, f"title {b.title!r} differs by one letter from {a.title!r} (line {a.line}), "
                                 "same year: the same paper with a typo? Not merged",
               other_title=a.title, other_line=a.line)


def unknown_venues(entries: list[Entry], aliases: dict[str, str]) -> list[tuple[str, list[Entry]]]:
    """Venues outside papershelf's vocabulary and the shelf's aliases, with the entries naming them
    (IMP153: kept as written, but said, so a typo or a missing alias is seen)."""
    known_names = set(aliases.values())
    found: dict[str, list[Entry]] = {}
    for e in entries:
        if not e.venue or e.venue in known_names:
            continue
        base = re.sub(r"\s+(Workshop|Findings)$", "", e.venue)
        if known_venue(base) is None and base not in known_names:
            found.setdefault(e.venue, []).append(e)
    return sorted(found.items(), key=lambda kv: kv[1][0].line)
