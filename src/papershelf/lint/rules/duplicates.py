"""PS1xx: the same paper listed twice, or two papers sharing what should be one paper's.

All five rules share one pass over the shelf (``find_duplicates``) that never compares every
pair: exact keys (normalised title, ids, paper URL) are grouped in dictionaries, and fuzzy title
matching compares titles only within blocks of titles sharing a pair of their rarest words.
A pair is reported once, by the first rule that explains it (same title, then same id, then
same URL, then similar title); a preprint beside its published version is always PS105.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from itertools import combinations

from ...identifiers import arxiv_from_url, split_url
from ...model import _STOPWORDS, normalise_title
from ...venues import canonical_venue, lookup
from ..core import Entry, LintContext, Report, rule

FUZZY_THRESHOLD = 93.0   # rapidfuzz ratio (0-100) on normalised titles
BLOCK_KEYS = 3           # blocks are keyed by pairs of a title's 3 rarest words
MAX_BLOCK = 300          # larger blocks are searched by sorted neighbourhood
WINDOW = 20


def is_preprint(entry: Entry, ctx: LintContext) -> bool:
    """A preprint: an arXiv/CoRR venue, or no venue but an arXiv id or link."""
    paper = entry.paper
    if not paper.venue:
        return bool(paper.ids.get("arxiv") or arxiv_from_url(paper.links.get("paper") or ""))
    kinds = ctx.memo.setdefault("venue-kind", {})
    if paper.venue not in kinds:
        record = lookup(canonical_venue(paper.venue, ctx.config.venue_aliases) or "")
        kinds[paper.venue] = record.kind if record else None
    return kinds[paper.venue] == "preprint"


def url_key(url: str) -> str:
    """A URL reduced so that http/https, www., a trailing slash and arXiv pdf/abs forms agree."""
    arxiv = arxiv_from_url(url)
    if arxiv:
        return f"arxiv:{arxiv}"
    parts = split_url(url)
    if parts is None:
        return url.strip()
    host = (parts.hostname or "").removeprefix("www.")
    path = parts.path.rstrip("/")
    return f"{host}{path}?{parts.query}" if parts.query else f"{host}{path}"


def _blocks(titles: list[str]) -> dict[tuple[str, ...], list[int]]:
    """Blocking keys: every pair of a title's three rarest words (the whole title when it has
    fewer). Two titles that differ by a typo or one word still share a pair of rare words, and
    pairs of words are specific enough to keep blocks small even for common vocabularies."""
    tokens = [[w for w in t.split() if w not in _STOPWORDS] or t.split() for t in titles]
    df = Counter(w for words in tokens for w in set(words))
    blocks: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i, words in enumerate(tokens):
        rare = sorted(set(words), key=lambda w: (df[w], w))[:BLOCK_KEYS]
        if len(rare) < 3:
            blocks[tuple(sorted(rare))].append(i)
        else:
            for pair in combinations(sorted(rare), 2):
                blocks[pair].append(i)
    return blocks


def _numbers(title: str) -> tuple[str, ...]:
    return tuple(re.findall(r"\d+", title))


def similar_pairs(titles: list[str], threshold: float = FUZZY_THRESHOLD) -> set[tuple[int, int]]:
    """Index pairs (i < j) of near-identical, not identical, titles. Titles differing in a
    number (YOLOv3 / YOLOv4, Part 1 / Part 2) are different papers, not near-duplicates.

    Within a block every pair is compared, except in blocks larger than MAX_BLOCK, where each
    title is compared with its WINDOW neighbours in sorted order (forwards and reversed), so
    the work stays linear in the number of papers whatever the vocabulary."""
    from rapidfuzz import fuzz, process

    pairs: set[tuple[int, int]] = set()

    def consider(i: int, j: int) -> None:
        if titles[i] != titles[j] and _numbers(titles[i]) == _numbers(titles[j]):
            pairs.add((min(i, j), max(i, j)))

    for members in _blocks(titles).values():
        if len(members) < 2:
            continue
        if len(members) <= MAX_BLOCK:
            block = [titles[i] for i in members]
            for a in range(len(members) - 1):
                for _, _, b in process.extract(block[a], block[a + 1:], scorer=fuzz.ratio, score_cutoff=threshold,
                                               limit=None):
                    consider(members[a], members[a + 1 + b])
            continue
        for order in (sorted(members, key=lambda i: titles[i]), sorted(members, key=lambda i: titles[i][::-1])):
            block = [titles[i] for i in order]
            for a in range(len(order) - 1):
                window = block[a + 1:a + 1 + WINDOW]
                for _, _, b in process.extract(block[a], window, scorer=fuzz.ratio, score_cutoff=threshold,
                                               limit=None):
                    consider(order[a], order[a + 1 + b])
    return pairs


def find_duplicates(ctx: LintContext) -> dict[str, list[Report]]:
    """Every duplicate finding of the shelf, by rule code (computed once per lint run)."""
    if "duplicates" in ctx.memo:
        return ctx.memo["duplicates"]
    entries = [e for e in ctx.entries if e.paper is not None]
    titles = [normalise_title(e.paper.title) for e in entries]
    preprint = [is_preprint(e, ctx) for e in entries]
    found: dict[str, list[Report]] = defaultdict(list)
    seen: set[frozenset[int]] = set()

    def where(i: int) -> str:
        file, line = ctx.locate(entries[i])
        return f"{entries[i].paper.id} ({file}:{line})"

    def report(code: str, i: int, j: int, message: str, same_paper: bool = True) -> None:
        """Report the pair (first i, then j) on j, or on the preprint when one side is one."""
        key = frozenset((i, j))
        if key in seen or i == j:
            return
        if same_paper and preprint[i] != preprint[j] and "PS105" in ctx.active:
            pre, pub = (i, j) if preprint[i] else (j, i)
            seen.add(key)
            found["PS105"].append(Report(
                f"arXiv preprint listed beside its published version {where(pub)}: keep the published entry "
                f"(with ids.arxiv) and remove this one", entry=entries[pre]))
            return
        if code in ctx.active:
            seen.add(key)
            found[code].append(Report(message.format(other=where(i)), field="title", entry=entries[j]))

    def groups(keys: Iterable[tuple[str, int]]) -> Iterable[list[int]]:
        by_key: dict[str, list[int]] = defaultdict(list)
        for key, i in keys:
            if key and i not in by_key[key]:
                by_key[key].append(i)
        return (g for g in by_key.values() if len(g) > 1)

    for group in groups((t, i) for i, t in enumerate(titles)):
        for j in group[1:]:
            report("PS101", group[0], j, "same title as {other}")

    def id_keys():
        for i, e in enumerate(entries):
            for kind in ("arxiv", "doi", "openreview"):
                value = e.paper.ids.get(kind)
                if value:
                    yield f"{kind}:{value.casefold() if kind == 'doi' else value}", i

    for group in groups(id_keys()):
        for j in group[1:]:
            note = "" if titles[group[0]] == titles[j] else " although the titles differ: one id is probably wrong"
            report("PS103", group[0], j, "same identifier as {other}" + note, same_paper=not note)

    paper_urls = ((url_key(e.paper.links["paper"]), i) for i, e in enumerate(entries) if e.paper.links.get("paper"))
    for group in groups(paper_urls):
        for j in group[1:]:
            if titles[group[0]] != titles[j]:
                report("PS104", group[0], j, "links.paper is the same as that of {other} although the titles "
                       "differ: one of them probably points at the wrong paper", same_paper=False)

    for i, j in sorted(similar_pairs(titles)):
        report("PS102", i, j, "title nearly identical to that of {other}")
    ctx.memo["duplicates"] = found
    return found


@rule("PS101", "duplicate-title", severity="error", scope="shelf",
      summary="two papers have the same title (ignoring case, accents and punctuation)")
def duplicate_title(ctx):
    """A paper listed twice (often in two sections of a hand-kept list) is counted twice in
    statistics and drifts apart when one copy is edited. Keep one entry and give it every
    section it belongs to."""
    return find_duplicates(ctx)["PS101"]


@rule("PS102", "similar-title", severity="warning", scope="shelf",
      summary="two papers have nearly identical titles (a typo or a variant of one paper)")
def similar_title(ctx):
    """Titles that differ by a typo, a hyphen or a dropped word usually name one paper typed
    twice. Compared with rapidfuzz (ratio >= 93 on normalised titles) inside blocks of titles
    that share a rare word, so it stays fast on 100,000 papers. Titles that differ in a number
    (YOLOv3 / YOLOv4) are not reported."""
    return find_duplicates(ctx)["PS102"]


@rule("PS103", "duplicate-identifier", severity="error", scope="shelf",
      summary="two papers have the same arXiv id, DOI or OpenReview id")
def duplicate_identifier(ctx):
    """An identifier names exactly one paper. Two entries with one id are the same paper twice,
    or one of them carries the other's id."""
    return find_duplicates(ctx)["PS103"]


@rule("PS104", "shared-paper-link", severity="error", scope="shelf",
      summary="two papers with different titles link to the same paper URL")
def shared_paper_link(ctx):
    """When two differently titled papers point at one URL, one link was copied from its
    neighbour and leads to the wrong paper (a common slip in hand-kept lists)."""
    return find_duplicates(ctx)["PS104"]


@rule("PS105", "preprint-beside-published", severity="warning", scope="shelf",
      summary="an arXiv preprint is listed beside its published version")
def preprint_beside_published(ctx):
    """Readers want the published version; the preprint adds a second entry for one paper.
    Keep the published entry, record the arXiv id in its ``ids.arxiv``, and remove the
    preprint."""
    return find_duplicates(ctx)["PS105"]
