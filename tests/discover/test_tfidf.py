"""TF-IDF without scikit-learn (discover/tfidf.py) against scikit-learn's own vectoriser."""

from __future__ import annotations

import random

import numpy as np
import pytest

from papershelf.discover import tfidf
from papershelf.discover.related import FLOOR, candidates, nearest, related
from papershelf.discover.text import LARGE, analyse, paper_text, preprocess, stop_words, strip_accents, vectorizer
from papershelf.model import Paper

STOP = frozenset(stop_words())
SYLLABLES = ["dis", "til", "fed", "er", "graph", "prun", "quant", "con", "tras", "at", "tent", "spar",
             "tok", "teach", "rob", "ust", "ad", "apt", "mod", "el", "net", "work", "lay", "vis"]


def words(rng: random.Random, n: int) -> list[str]:
    """``n`` made-up words; drawn with Zipf-like weights, some are in most texts, most in few."""
    return ["".join(rng.sample(SYLLABLES, rng.randint(2, 3))) for _ in range(n)]


def corpus(n_docs: int, n_words: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    vocabulary = words(rng, n_words)
    weights = [1 / (i + 1) for i in range(n_words)]
    texts = []
    for i in range(n_docs):
        title = " ".join(rng.choices(vocabulary, weights, k=rng.randint(3, 9)))
        abstract = " ".join(rng.choices(vocabulary + ["the", "of", "and"], k=rng.randint(0, 30)))
        texts.append(paper_text(title, abstract if i % 3 else None))
    return texts


def assert_same_fit(texts: list[str], max_features: int = 50_000) -> None:
    """The fit without scikit-learn equals ``text.vectorizer(n).fit_transform``: the same terms
    in the same columns, the same idf and the same matrix, bit for bit."""
    vec = vectorizer(len(texts), max_features=max_features)
    expected = vec.fit_transform(texts).tocsr()
    fitted = tfidf.fit(texts, STOP, max_features=max_features)
    assert fitted.terms == sorted(vec.vocabulary_, key=vec.vocabulary_.__getitem__)
    assert fitted.idf.dtype == np.float32
    np.testing.assert_array_equal(fitted.idf, vec.idf_)
    assert fitted.matrix.dtype == expected.dtype == np.float32
    np.testing.assert_array_equal(fitted.matrix.indptr, expected.indptr)
    np.testing.assert_array_equal(fitted.matrix.indices, expected.indices)  # same order in each row
    np.testing.assert_array_equal(fitted.matrix.data, expected.data)


def test_the_stop_words_kept_as_data_are_scikit_learns() -> None:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    assert stop_words() == sorted({preprocess(w) for w in ENGLISH_STOP_WORDS})
    assert vectorizer(10).get_stop_words() == STOP


# accents, compatibility characters, stop words only, an empty text
ODD_TEXTS = ["Distilling the Knowledge in a Neural Network. Distilling the Knowledge in a Neural Network. ",
             "Über Ästhetik: café naïve résumé — Ångström's 2nd-order méthodes, x_1 and A/B tests",
             "The of and a an to be", "", "ﬁne-tuned ＢＥＲＴ models (ICLR’21) with ≥ 3 heads; self-attention's costs"]


def test_analyse_makes_the_terms_of_the_vectorizers_analyser() -> None:
    from sklearn.feature_extraction.text import strip_accents_unicode

    reference = vectorizer(10).build_analyzer()
    for text in ODD_TEXTS:
        assert analyse(text, STOP) == reference(text)
        assert strip_accents(text) == strip_accents_unicode(text)
    assert preprocess("Distillations Ångström") == "distill angstrom"


def test_a_small_corpus_with_accents_duplicates_and_empty_texts() -> None:
    assert_same_fit(ODD_TEXTS + [ODD_TEXTS[0], "network network network distillation distilled knowledge café"])


@pytest.mark.parametrize("seed", [1, 2])
def test_a_corpus_smaller_than_large_keeps_every_term(seed) -> None:
    texts = corpus(300, 200, seed)
    assert_same_fit(texts)
    assert len(tfidf.fit(texts, STOP).terms) > 400  # words and pairs seen once are kept


def test_a_large_corpus_drops_rare_and_common_terms() -> None:
    texts = corpus(LARGE + 100, 400, 3)
    assert_same_fit(texts)
    every = vectorizer(10).fit(texts).vocabulary_
    assert 0 < len(tfidf.fit(texts, STOP).terms) < len(every) // 2  # min_df 3 and max_df 10 % applied


@pytest.mark.parametrize("max_features", [1, 7, 50, 333])
def test_max_features_keeps_the_most_frequent_terms_ties_as_scikit_learn(max_features) -> None:
    texts = corpus(400, 120, 4) + ["alpha beta gamma delta", "gamma delta alpha beta"] * 3
    assert_same_fit(texts, max_features)
    fitted = tfidf.fit(texts, STOP, max_features=max_features)
    assert len(fitted.terms) == max_features


def test_max_features_among_many_tied_terms() -> None:
    """Every term as frequent as every other: which ones are kept is the tie rule alone."""
    rng = random.Random(5)
    vocabulary = words(rng, 300)
    texts = [" zz ".join(vocabulary[i:i + 10]) for i in range(0, 300, 10)]
    for max_features in (5, 64, 301):
        assert_same_fit(texts, max_features)


def test_texts_of_stop_words_only_have_no_vocabulary() -> None:
    texts = ["The of and", "a an the", ""]
    assert tfidf.fit(texts, STOP) is None
    with pytest.raises(ValueError, match="empty vocabulary"):
        vectorizer(len(texts)).fit_transform(texts)


def test_a_large_corpus_of_rare_terms_only_has_no_vocabulary() -> None:
    """Every term in fewer than 3 texts: all are dropped (scikit-learn: "no terms remain")."""
    texts = [f"word{chr(97 + i % 26)}{chr(97 + i // 26 % 26)}{chr(97 + i // 676)}" for i in range(LARGE)]
    assert tfidf.fit(texts, STOP) is None
    with pytest.raises(ValueError, match="no terms remain"):
        vectorizer(len(texts)).fit_transform(texts)


def test_transform_equals_scikit_learns_with_the_same_vocabulary() -> None:
    texts = corpus(300, 150, 6)
    fitted = tfidf.fit(texts, STOP)
    vec = vectorizer(len(texts)).fit(texts)
    new = corpus(40, 200, 7) + ["", "unknownword another"]
    mine = tfidf.transform(fitted.terms, fitted.idf, STOP, new)
    expected = vec.transform(new).tocsr()
    np.testing.assert_array_equal(mine.indptr, expected.indptr)
    np.testing.assert_array_equal(mine.indices, expected.indices)
    np.testing.assert_array_equal(mine.data, expected.data)


def varied_shelf(n: int, seed: int = 11) -> list[Paper]:
    rng = random.Random(seed)
    texts = corpus(n, 300, seed)
    papers = [Paper(id=f"p{i:05d}", title=t.split(". ")[0], abstract=t.split(". ", 2)[2] or None)
              for i, t in enumerate(texts)]
    papers += [papers[i].model_copy(update={"id": f"dup{i}"}) for i in rng.sample(range(n), 20)]
    return papers


@pytest.mark.parametrize("n", [500, LARGE + 300])
def test_related_lists_are_those_of_scikit_learns_fit(n) -> None:
    papers = varied_shelf(n)
    texts = [paper_text(p.title, p.abstract) for p in papers]
    matrix = vectorizer(len(texts)).fit_transform(texts).tocsr()
    ids = [p.id for p in papers]
    expected: dict[str, list[str]] = {pid: [] for pid in ids}
    nearest(matrix, candidates(matrix), ids, expected, 5, FLOOR)
    found = related(papers)
    assert found == expected
    assert sum(map(len, found.values())) > 4 * len(papers)

