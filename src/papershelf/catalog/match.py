"""Finding a shelf paper in the catalog: by identifier first, then by normalised title, scored.

The score (0–100) starts from how alike the titles are: the mean of a character score (rapidfuzz
ratio, or token-sort ratio when the words are only reordered) and the share of content words the
two titles have in common, so "Federated Knowledge Distillation" is not "Understanding Knowledge
Distillation" although the characters are 82 % alike. A title cut short after five or more words
(a prefix of the catalog's) scores ``TRUNCATED``. The score then moves with the year and venue:
a year two or more apart costs 15, one apart 3; a different venue costs 10, the same venue adds
5. An identifier match whose title also agrees scores 100. Callers write at ``WRITE`` and above
and propose between ``PROPOSE`` and ``WRITE``.

Fuzzy candidates come from an in-memory index of title words: the three rarest words of the
query title pick the catalog titles worth scoring, so a 10,000-paper shelf is matched against
a large catalog in seconds. ``Matcher.match_all`` matches many papers at once: identifiers and
exact titles are looked up a few hundred per SQL query, not one query per paper.
"""

from __future__ import annotations

from array import array
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from ..model import normalise_title
from .record import ID_KINDS, CatalogRecord, id_key
from .store import Catalog

WRITE = 92.0
PROPOSE = 75.0
TRUNCATED = 94.0
RARE_WORDS = 3
MAX_POOL = 5000  # candidate titles scored per paper, at most (about)
STOPWORDS = {"a", "an", "the", "on", "of", "in", "for", "to", "and", "with", "via", "by", "is", "are", "from",
             "towards", "toward", "at", "as", "using"}
# Words too common to pick fuzzy candidates by (they still count in the score).
COMMON = STOPWORDS | {"learning", "neural", "network", "networks", "deep", "model", "models"}


@dataclass
class Match:
    record: CatalogRecord
    score: float
    by: str  # arxiv | doi | openreview | title

    @property
    def describe(self) -> str:
        how = f"{self.by} match" if self.by != "title" else "title match"
        return f"{how} {self.score:.0f}%"


def content_words(norm: str) -> set[str]:
    """The words that tell titles apart: no stopwords, plural ``s`` folded."""
    return {w[:-1] if len(w) > 3 and w.endswith("s") else w for w in norm.split()} - STOPWORDS


def is_truncation(a: str, b: str) -> bool:
    """Whether one normalised title is the other cut short after five or more words."""
    short, long = sorted((a, b), key=len)
    return len(short.split()) >= 5 and long.startswith(short) and len(short) >= 0.5 * len(long)


def title_score(a: str, b: str) -> float:
    """How alike two normalised titles are, 0–100."""
    from rapidfuzz import fuzz

    if a == b:
        return 100.0
    if is_truncation(a, b):
        return TRUNCATED
    chars = max(fuzz.ratio(a, b), fuzz.token_sort_ratio(a, b))
    wa, wb = content_words(a), content_words(b)
    words = 100.0 * len(wa & wb) / len(wa | wb) if wa or wb else 0.0
    return (chars + words) / 2


def adjust(score: float, record: CatalogRecord, year: int | None, venue: str | None) -> float:
    """The title score moved by year and venue agreement."""
    if year and record.year:
        gap = abs(year - record.year)
        score -= 15 if gap > 1 else 3 if gap == 1 else 0
    if venue and record.venue and venue != "arXiv" and record.venue != "arXiv":
        score = score + 5 if venue == record.venue else score - 10
    return max(0.0, min(100.0, score))


@dataclass
class Query:
    """A paper to find: its title, and the year, venue and identifiers that confirm a match."""

    title: str
    year: int | None = None
    venue: str | None = None
    ids: dict[str, str] = field(default_factory=dict)


class TitleIndex:
    """Every catalog title, normalised, by position (and with its words sorted, what the
    token-sort prefilter compares); per word, the positions of the titles holding it (a title
    repeating a word is listed twice: cheaper than a set per title). Built once per matcher."""

    def __init__(self, catalog: Catalog) -> None:
        postings: dict[str, array] = defaultdict(lambda: array("i"))
        self.rows, self.norms, self.sorted = array("q"), [], []
        for pos, (row, norm) in enumerate(catalog.titles()):
            self.rows.append(row)
            self.norms.append(norm)
            words = norm.split()
            self.sorted.append(" ".join(sorted(words)))
            for word in words:
                postings[word].append(pos)
        for word in COMMON:
            postings.pop(word, None)
        self.postings = dict(postings)

    def pool(self, norm: str) -> list[int]:
        """The positions worth scoring against ``norm``: titles holding one of its three rarest
        words (two of them when that is over ``MAX_POOL`` titles)."""
        postings = self.postings
        words = sorted((w for w in set(norm.split()) - COMMON if w in postings), key=lambda w: len(postings[w]))
        lists = [postings[w] for w in words[:RARE_WORDS]]
        pool = set().union(*lists)
        if len(pool) > MAX_POOL and len(lists) > 1:
            seen = Counter()
            for positions in lists:
                seen.update(set(positions))
            return [pos for pos, n in seen.items() if n > 1]
        return list(pool)

    def candidates(self, norm: str, limit: int = 5) -> list[tuple[int, float]]:
        """(catalog row, title score) of the titles most like ``norm``, best first."""
        from rapidfuzz import fuzz, process

        pool = self.pool(norm)
        # the token-sort ratio (rapidfuzz's ratio, in C, on the sorted words) picks the few titles
        # worth the full score
        near = process.extract(" ".join(sorted(norm.split())), [self.sorted[pos] for pos in pool], scorer=fuzz.ratio,
                               limit=4 * limit, score_cutoff=50)
        scored = sorted(((pool[i], title_score(norm, self.norms[pool[i]])) for _, _, i in near), key=lambda x: -x[1])
        return [(self.rows[pos], score) for pos, score in scored[:limit] if score >= PROPOSE - 10]


class Matcher:
    """Matches papers against one catalog; the fuzzy title index is built on first need."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self._titles: TitleIndex | None = None

    @property
    def titles(self) -> TitleIndex:
        if self._titles is None:
            self._titles = TitleIndex(self.catalog)
        return self._titles

    def match(self, title: str, year: int | None = None, venue: str | None = None,
              ids: dict[str, str] | None = None) -> list[Match]:
        """The catalog records that are this paper, best first (``match_all`` for many papers)."""
        return self.match_all([Query(title, year, venue, ids or {})])[0]

    def match_all(self, queries: list[Query]) -> list[list[Match]]:
        """For each query, the catalog records that are this paper, best first: identifier matches
        whose title also agrees, exact normalised titles, then the nearest titles; only those
        scoring ``PROPOSE`` or more. Identifiers and exact titles are looked up for all the
        queries together, a few hundred per SQL query."""
        norms = [normalise_title(q.title) for q in queries]
        found: list[dict[str, Match]] = [{} for _ in queries]
        for kind in ID_KINDS:
            hits = self.catalog.by_ids(kind, [q.ids[kind] for q in queries if q.ids.get(kind)])
            for q, norm, out in zip(queries, norms, found):
                for record in hits.get(id_key(kind, q.ids[kind]), ()) if q.ids.get(kind) else ():
                    if title_score(norm, record.norm_title) >= 80:
                        out.setdefault(record.key, Match(record, 100.0, kind))
        exact = self.catalog.by_titles(norms)
        for q, norm, out in zip(queries, norms, found):
            for record in exact.get(norm, ()):
                out.setdefault(record.key, Match(record, adjust(100.0, record, q.year, q.venue), "title"))
        fuzzy = {i: self.titles.candidates(norm) for i, (norm, out) in enumerate(zip(norms, found))
                 if not any(m.score >= WRITE for m in out.values()) and len(norm.split()) >= 3}
        records = self.catalog.at_rows(row for near in fuzzy.values() for row, _ in near)
        for i, near in fuzzy.items():
            q = queries[i]
            for row, score in near:
                if row in records:
                    record = records[row]
                    found[i].setdefault(record.key, Match(record, adjust(score, record, q.year, q.venue), "title"))
        return [sorted((m for m in out.values() if m.score >= PROPOSE), key=lambda m: -m.score) for out in found]
