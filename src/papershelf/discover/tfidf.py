"""TF-IDF fitted and applied with numpy and scipy only, for the related lists.

The related lists are found on every cold ``build``, where importing scikit-learn cost more CPU
(about half a second) than the fit itself. ``fit`` gives what ``text.vectorizer(n).fit_transform``
gives (vocabulary, idf weights, matrix: tests compare them): the terms of ``text.analyse``, terms
dropped by the vectoriser's ``min_df``/``max_df`` (``text.document_limits``), at most
``max_features`` terms (those most frequent over the corpus, ties as scikit-learn breaks them),
columns in alphabetical order, smoothed idf, sublinear tf, float32, L2-normalised rows.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from .text import MAX_FEATURES, analyse, document_limits


@dataclass
class Fitted:
    terms: list[str]  # the vocabulary, in column order
    idf: object  # float32 weight per term
    matrix: object  # CSR, one L2-normalised row per text


def fit(texts: Sequence[str], stop: frozenset[str], *, max_features: int | None = MAX_FEATURES) -> Fitted | None:
    """The vocabulary, idf and TF-IDF rows of ``texts``; None when no term is left (texts of stop
    words only), where scikit-learn raises "empty vocabulary"."""
    import numpy as np
    from scipy.sparse import csr_matrix

    vocabulary: defaultdict[str, int] = defaultdict()
    vocabulary.default_factory = vocabulary.__len__  # a term's id: the order it is first seen in
    indptr, ids, counts = [0], [], []
    for text in texts:
        found = Counter(analyse(text, stop))
        ids += map(vocabulary.__getitem__, found)
        counts += found.values()
        indptr.append(len(ids))
    if not vocabulary:
        return None
    names = list(vocabulary)
    ids, counts = np.asarray(ids, dtype=np.int64), np.asarray(counts, dtype=np.int64)
    df = np.bincount(ids, minlength=len(names))  # the number of texts each term is in
    kept = _kept_terms(names, df, ids, counts, len(texts), max_features)
    if not len(kept):
        return None
    column = np.full(len(vocabulary), -1, dtype=np.int64)
    column[kept] = np.arange(len(kept))
    # entries of kept terms, each row in the order of the terms' ids (scikit-learn's order: the
    # sums in the products of rows come out bit for bit the same, and so do the lists)
    keep = column[ids] >= 0
    rows = np.repeat(np.arange(len(texts)), np.diff(indptr))[keep]
    counts_kept = csr_matrix((counts[keep], ids[keep], np.searchsorted(rows, np.arange(len(texts) + 1))),
                             shape=(len(texts), len(vocabulary)))
    counts_kept.sort_indices()
    df = df[kept].astype(np.float32)
    df += 1.0  # smoothed: as if one more text held every term
    idf = np.full_like(df, len(texts) + 1)
    idf /= df
    np.log(idf, out=idf)
    idf += 1.0
    terms = [names[i] for i in kept.tolist()]
    return Fitted(terms, idf, weigh(counts_kept.indptr, column[counts_kept.indices], counts_kept.data, idf))


def _kept_terms(names: list[str], df, ids, counts, n_docs: int, max_features: int | None):
    """Ids of the terms kept (``df``: each term's number of texts), in alphabetical order of the
    terms (the columns' order)."""
    import numpy as np

    min_df, max_df = document_limits(n_docs)
    kept = np.flatnonzero((df >= min_df) & (df <= max_df * n_docs))
    kept = np.array(sorted(kept.tolist(), key=names.__getitem__), dtype=np.int64)
    if max_features is not None and len(kept) > max_features:
        # the most frequent over the corpus: scikit-learn's float32 sums and its argsort (not
        # stable), so terms tied at the cut are chosen as it chooses them
        frequency = np.bincount(ids, weights=counts, minlength=len(names))[kept].astype(np.float32)
        kept = kept[np.sort((-frequency).argsort()[:max_features])]
    return kept


def transform(terms: list[str], idf, stop: frozenset[str], texts: Sequence[str]):
    """TF-IDF rows of ``texts`` with a fitted vocabulary and idf, as scikit-learn's ``transform``
    makes them (terms outside the vocabulary ignored)."""
    vocabulary = {term: i for i, term in enumerate(terms)}
    indptr, cols, counts = [0], [], []
    for text in texts:
        found = Counter(vocabulary[t] for t in analyse(text, stop) if t in vocabulary)
        row = sorted(found)
        cols += row
        counts += [found[c] for c in row]
        indptr.append(len(cols))
    return weigh(indptr, cols, counts, idf)


def weigh(indptr, cols, counts, idf):
    """The CSR matrix of TF-IDF rows from term counts (row pointers, columns, counts): 1 + log of
    each count, times the term's idf, each row L2-normalised; float32 as scikit-learn makes it."""
    import numpy as np
    from scipy.sparse import csr_matrix

    data = np.log(np.asarray(counts, dtype=np.float32)) + np.float32(1)
    cols = np.asarray(cols, dtype=np.int32)
    data *= idf[cols]
    lengths = np.diff(indptr)
    n = len(lengths)
    # squares summed in float64 (as scikit-learn's normalize does), each row's entries in order
    norms = np.sqrt(np.bincount(np.repeat(np.arange(n), lengths), weights=(data * data).astype(np.float64),
                                minlength=n))
    norms[norms == 0] = 1.0
    data = (data / np.repeat(norms, lengths)).astype(np.float32)
    return csr_matrix((data, cols, np.asarray(indptr)), shape=(n, len(idf)))
