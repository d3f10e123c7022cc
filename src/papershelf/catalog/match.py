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
a large catalog in seconds.
"""

from __future__ import annotations

from array import array
from collections import Counter, defaultdict
from dataclasses import dataclass

from ..model import normalise_title
from .record import ID_KINDS, CatalogRecord
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


class Matcher:
    """Matches papers against one catalog; the fuzzy title index is built on first need."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self._norms: dict[int, str] | None = None
        self._postings: dict[str, array] = {}

    def _index(self) -> dict[int, str]:
        if self._norms is None:
            postings: dict[str, array] = defaultdict(lambda: array("i"))
            norms: dict[int, str] = {}
            for pid, norm in self.catalog.titles():
                norms[pid] = norm
                for word in set(norm.split()) - COMMON:
                    postings[word].append(pid)
            self._norms, self._postings = norms, dict(postings)
        return self._norms

    def pool(self, norm: str) -> set[int]:
        """The rows worth scoring against ``norm``: titles holding one of its three rarest words
        (two of them when that is over ``MAX_POOL`` titles)."""
        self._index()
        words = sorted((w for w in set(norm.split()) - COMMON if w in self._postings),
                       key=lambda w: len(self._postings[w]))[:RARE_WORDS]
        pool = {pid for w in words for pid in self._postings[w]}
        if len(pool) > MAX_POOL and len(words) > 1:
            seen = Counter(pid for w in words for pid in self._postings[w])
            pool = {pid for pid, n in seen.items() if n > 1}
        return pool

    def candidates(self, norm: str, limit: int = 5) -> list[tuple[int, float]]:
        """(paper row, title score) of the catalog titles most like ``norm``, best first."""
        from rapidfuzz import fuzz, process

        norms = self._index()
        choices = {pid: norms[pid] for pid in self.pool(norm)}
        # rapidfuzz's own token-sort ratio (in C) picks the few titles worth the full score
        near = process.extract(norm, choices, scorer=fuzz.token_sort_ratio, limit=4 * limit, score_cutoff=50)
        scored = sorted(((pid, title_score(norm, title)) for title, _, pid in near), key=lambda x: -x[1])
        return [(pid, score) for pid, score in scored[:limit] if score >= PROPOSE - 10]

    def match(self, title: str, year: int | None = None, venue: str | None = None,
              ids: dict[str, str] | None = None) -> list[Match]:
        """Catalog records that are this paper, best first: identifier matches whose title agrees,
        exact normalised titles, then the nearest titles; only those scoring ``PROPOSE`` or more."""
        norm = normalise_title(title)
        found: dict[str, Match] = {}
        for kind in ID_KINDS:
            value = (ids or {}).get(kind)
            for record in self.catalog.by_id(kind, value) if value else ():
                if title_score(norm, record.norm_title) >= 80:
                    found.setdefault(record.key, Match(record, 100.0, kind))
        for record in self.catalog.by_title(title):
            found.setdefault(record.key, Match(record, adjust(100.0, record, year, venue), "title"))
        if not any(m.score >= WRITE for m in found.values()) and len(norm.split()) >= 3:
            pids = self.candidates(norm)
            for record, (_, score) in zip(self.catalog.get([p for p, _ in pids]), pids):
                found.setdefault(record.key, Match(record, adjust(score, record, year, venue), "title"))
        return sorted((m for m in found.values() if m.score >= PROPOSE), key=lambda m: -m.score)
