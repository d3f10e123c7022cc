"""When two imported titles are the same paper: a comparison key that folds Unicode look-alikes,
a check that flags (never merges) titles one letter apart, and the near-duplicates of one first
author that are merged (a typo, a file name pasted as the title, a title cut short).

``title_key`` keeps letters of every script (two Chinese titles are not one paper because their
ASCII fold is empty), folds ligatures and width (NFKC), accents, the hyphens U+2010–U+2015 and the
minus sign, curly quotes, case, punctuation and spacing.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from typing import TypeVar

T = TypeVar("T")
_LOOKALIKES = str.maketrans({**dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u00ad", "-"),
                             **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032", "'"),
                             **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033", '"')})
_WORD = re.compile(r"[^\W_]+")
_NUMBERING = re.compile(r"\d+|\b[ivx]{1,4}\b")  # "part 2", "v3", "ii": a sequel, not a typo
NEAR_RATIO = 93  # rapidfuzz ratio of two title keys of one first author within a year
MIN_KEY = 24  # shorter title keys differ for real ("GAN" / "GAT"): neither flagged nor merged
PREFIX_WORDS = 6  # a title cut short keeps at least this many words


def title_key(title: str) -> str:
    """``Self‑Supervised ﬁne-tuning`` and ``self-supervised fine tuning`` give the same key."""
    if title.isascii():  # (what the folds leave of ASCII text: its lower case; 5 times faster)
        return " ".join(_WORD.findall(title.lower()))
    text = unicodedata.normalize("NFKC", title).translate(_LOOKALIKES).casefold()
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(_WORD.findall(text))


def one_letter_apart(items: Sequence[T], key: Callable[[T], tuple[str, object]]) -> Iterable[tuple[T, T]]:
    """Pairs of items whose (title key, year) have equal years and title keys one letter apart
    (one letter changed, added or left out). Linear: one edit leaves either the first or the last
    12 characters alone, so only keys sharing those (and the year) are compared. Buckets are kept
    by the hash of what they share (a collision only adds comparisons): 100,000 titles made
    200,000 bucket tuples and lists; keys are asked for again rather than kept (a list of
    100,000 (key, year) tuples was 7 MB)."""
    buckets: dict[int, int | list[int]] = {}
    for n, item in enumerate(items):
        k, year = key(item)
        if len(k) >= MIN_KEY:
            for part in (hash((year, "head", k[:12])), hash((year, "tail", k[-12:]))):
                found = buckets.setdefault(part, n)
                if isinstance(found, list):
                    found.append(n)
                elif found != n:
                    buckets[part] = [found, n]
    seen: set[tuple[int, int]] = set()
    for group in buckets.values():
        if isinstance(group, int) or len(group) > 50:  # alone; or a family of titles sharing a long prefix
            continue
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                (ka, ya), (kb, yb) = key(items[a]), key(items[b])
                if (a, b) not in seen and ka != kb and ya == yb and _one_edit(ka, kb):
                    seen.add((a, b))
                    yield items[a], items[b]


def _one_edit(a: str, b: str) -> bool:
    """One letter changed, added or left out (a digit or a space is not a typo: "v2", "Part 3")."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [(x, y) for x, y in zip(a, b, strict=True) if x != y]
        return len(diff) == 1 and diff[0][0].isalpha() and diff[0][1].isalpha()
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    i = next((i for i, (x, y) in enumerate(zip(short, long_)) if x != y), len(short))
    return short[i:] == long_[i + 1:] and long_[i].isalpha()


def author_key(authors: Sequence[str]) -> str:
    """The first author's surname, folded like a title (``Krauß`` and ``krauss`` agree)."""
    words = title_key(authors[0]).split() if authors else []
    return words[-1] if words else ""


def near_keys(author: str, key: str) -> tuple[int, int] | tuple[()]:
    """Bucket hashes for :func:`near_duplicate` candidates: the first author with the head or
    the tail of the title key (one typo leaves one of them alone); none without an author."""
    if not author or len(key) < MIN_KEY:
        return ()
    return hash(("near", author, key[:12])), hash(("near", author, key[-12:]))


@lru_cache(maxsize=128)
def _numbering(key: str) -> tuple[str, ...]:
    """The numbers of a title key (asked again for the few candidates each new title meets)."""
    return tuple(_NUMBERING.findall(key))


def near_duplicate(a: tuple[str, str, int | None], b: tuple[str, str, int | None]) -> bool:
    """(author key, title key, year) of two entries that are one paper written twice: the same
    first author, years at most one apart, numbering alike, and titles 93 % alike or one cut
    short (six words or more, same year). Titles one letter apart with the same year are left to
    :func:`one_letter_apart` (flagged, never merged)."""
    (author_a, ka, ya), (author_b, kb, yb) = a, b
    if not author_a or author_a != author_b or ya is None or yb is None or abs(ya - yb) > 1:
        return False
    if min(len(ka), len(kb)) < MIN_KEY or _numbering(ka) != _numbering(kb):
        return False
    if ya == yb and _one_edit(ka, kb):
        return False
    short, long_ = sorted((ka, kb), key=len)
    if ya == yb and long_.startswith(short + " ") and len(short.split()) >= PREFIX_WORDS:
        return True
    from rapidfuzz import fuzz

    return fuzz.ratio(ka, kb) >= NEAR_RATIO
