"""Fuzzy duplicate detection finds near-duplicates among many titles without comparing all pairs."""

from __future__ import annotations

import random
import time

from papershelf.lint.rules.duplicates import similar_pairs
from papershelf.model import normalise_title

WORDS = ("distillation knowledge teacher student network neural learning efficient compression federated "
         "contrastive representation attention transformer graph robust adversarial sparse dynamic online").split()


def titles_with_planted(n: int, planted: int, seed: int = 3):
    rng = random.Random(seed)
    titles = [normalise_title(" ".join(rng.sample(WORDS, rng.randint(4, 8))) + f" study{i}x") for i in range(n)]
    expected = set()
    for k in range(planted):
        i = rng.randrange(n)
        words = titles[i].split()
        j = max(range(len(words)), key=lambda m: len(words[m]))
        words[j] = words[j][:2] + words[j][3:]  # a typo in the longest word
        titles.append(" ".join(words))
        expected.add((i, len(titles) - 1))
    return titles, expected


def test_planted_typos_are_found_among_many_similar_titles():
    titles, expected = titles_with_planted(5000, 50)
    pairs = similar_pairs(titles)
    assert expected <= pairs


def test_not_quadratic():
    # 30,000 titles from a 20-word vocabulary: all pairs would be 450 million comparisons.
    titles, expected = titles_with_planted(30_000, 20)
    started = time.perf_counter()
    pairs = similar_pairs(titles)
    assert time.perf_counter() - started < 15
    assert expected <= pairs


def test_exact_and_numbered_titles_are_not_pairs():
    titles = [normalise_title(t) for t in ("Deep Residual Learning", "Deep residual learning!",
                                          "YOLOv3 An Incremental Improvement", "YOLOv4 An Incremental Improvement")]
    assert similar_pairs(titles) == set()
