"""The one text representation discovery uses: title + abstract, TF-IDF weighted.

Settings follow arxiv-sanity-lite (word uni- and bigrams, English stop words, sublinear tf,
rare and very common terms dropped), relaxed on small corpora where those cut-offs would
leave no vocabulary.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from ..model import normalise_title

TOKEN_PATTERN = r"(?u)\b[a-zA-Z_][a-zA-Z0-9_]+\b"
TOKENS = re.compile(TOKEN_PATTERN).findall
# A light stemmer, one regex pass per text: distillation, distilling, distilled -> distill.
# (a lookbehind and an empty replacement keep the substitution in C: no template per match; the
# lookahead first, one character, rules out most positions before the lookbehind's three)
SUFFIX = re.compile(r"(?=[aeis])(?<=[a-z]{3})(?:ations?|ings?|ed|ers?|es|(?<!s)s)\b")


def strip_accents(text: str) -> str:
    """Accents removed as scikit-learn's ``strip_accents_unicode`` does (decomposed, combining
    marks dropped), without importing scikit-learn: ``analyse`` runs without it."""
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def preprocess(text: str) -> str:
    """Accents removed, lower case, common English suffixes dropped (so word forms meet)."""
    return SUFFIX.sub("", strip_accents(text.lower()))


def stop_words() -> list[str]:
    """scikit-learn's English stop words, preprocessed like the texts (kept as data: no import)."""
    from .stopwords import STOP_WORDS

    return list(STOP_WORDS)


def analyse(text: str, stop: frozenset[str]) -> list[str]:
    """The terms ``vectorizer``'s analyser makes of ``text`` (words then word pairs, stop words
    left out), without scikit-learn: the related lists' TF-IDF (``discover.tfidf``) is made
    without importing it; a test keeps the two equal."""
    words = [w for w in TOKENS(preprocess(text)) if w not in stop]
    return words + [f"{a} {b}" for a, b in zip(words, words[1:])]


def paper_text(title: str | None, abstract: str | None) -> str:
    """What is vectorised: the title twice (titles are short and say the most), then the abstract."""
    title = title or ""
    return f"{title}. {title}. {abstract or ''}"


LARGE = 2000  # corpora of this many documents drop rare and very common terms
MAX_FEATURES = 50_000


def document_limits(n_docs: int) -> tuple[int, float]:
    """(``min_df``, ``max_df``) as scikit-learn reads them: the fewest documents a term must be
    in, and the largest share of them it may be in (``discover.tfidf`` applies the same)."""
    return (3, 0.1) if n_docs >= LARGE else (1, 1.0)


def vectorizer(n_docs: int, *, max_features: int = MAX_FEATURES):
    """A TF-IDF vectoriser suited to a corpus of ``n_docs`` documents."""
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    min_df, max_df = document_limits(n_docs)
    return TfidfVectorizer(preprocessor=preprocess, stop_words=stop_words(),
                           token_pattern=TOKEN_PATTERN, ngram_range=(1, 2), sublinear_tf=True,
                           min_df=min_df, max_df=max_df, max_features=max_features, dtype=np.float32)


def settings(vec) -> dict:
    """The vectoriser's parameters as JSON data (the preprocessor by name): saved beside a fitted
    vocabulary, and compared on load so an index is used only with the vectoriser that made it."""
    import numpy as np

    out = {}
    for name, value in sorted(vec.get_params().items()):
        if callable(value) and name != "dtype":
            value = f"{value.__module__}.{value.__qualname__}"
        elif name == "dtype":
            value = np.dtype(value).name
        elif isinstance(value, (tuple, list)):
            value = list(value)
        out[name] = value
    return out


def fitted_vectorizer(n_docs: int, saved: dict, vocabulary: dict[str, int], idf):
    """``vectorizer(n_docs)`` with a saved vocabulary (term -> column) and idf, no refit: through
    the ``vocabulary`` parameter and the ``idf_`` setter scikit-learn supports for this. A
    ValueError if ``saved`` settings are not this vectoriser's or the parts do not fit together."""
    vec = vectorizer(n_docs)
    if settings(vec) != saved:
        raise ValueError("made by another vectoriser")
    if not isinstance(vocabulary, dict) or not all(isinstance(t, str) and type(c) is int
                                                   for t, c in vocabulary.items()):
        raise ValueError("the vocabulary is not a map of terms to columns")
    if getattr(idf, "ndim", None) != 1 or idf.dtype.kind != "f":
        raise ValueError("idf is not a vector of floats")
    vec.set_params(vocabulary=vocabulary)
    vec.idf_ = idf  # validates the vocabulary (columns 0..n-1) and its length against idf
    return vec


def title_hash(title: str) -> int:
    """The catalog's hash of the normalised title (``papers.nhash``)."""
    from ..catalog.store import title_hash as catalog_title_hash

    return catalog_title_hash(normalise_title(title))


def id_hashes(ids: dict[str, str | None]) -> list[int]:
    """Hashes of a paper's arXiv id, DOI and OpenReview id (DOIs compared case-insensitively)."""
    return [hash64(f"{kind}:{value.lower()}") for kind, value in sorted(ids.items())
            if value and kind in ("arxiv", "doi", "openreview")]


def hash64(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "little") >> 1


def match_keys(title: str, ids: dict[str, str | None]) -> list[int]:
    """Every key under which a paper can be found again: its identifiers and its title."""
    keys = id_hashes(ids)
    if normalise_title(title):
        keys.append(title_hash(title))
    return keys


def top_k(scores, k: int) -> list[int]:
    """Indices of the ``k`` highest scores, best first (ties by index)."""
    import numpy as np

    k = min(k, len(scores))
    if k <= 0:
        return []
    part = np.argpartition(-scores, k - 1)[:k]
    return [int(i) for i in part[np.lexsort((part, -scores[part]))]]


def ranked(indptr, data):
    """For a compressed sparse matrix's ``indptr`` and ``data`` (values >= 0): the order
    of its entries with each row (column) segment sorted by descending value, the segment of
    each entry, and each entry's rank within its segment. One flat sort, no loop per row."""
    import numpy as np

    segment = np.repeat(np.arange(len(indptr) - 1, dtype=np.uint64), np.diff(indptr))
    # one integer key per entry: the segment, then the value's bits inverted (the bits of a
    # float32 >= 0 grow with it); sorting integers is about twice as fast as float keys
    value = (np.clip(np.asarray(data, dtype=np.float32), 0.0, None) + np.float32(0)).view(np.uint32)
    order = np.argsort((segment << np.uint64(32)) | (~value).astype(np.uint64))
    segment = segment.astype(np.intp)
    return order, segment, np.arange(len(order)) - indptr[segment]


def keep_top_terms(matrix, n: int):
    """Each row of a CSR matrix cut to its ``n`` heaviest terms and L2-normalised again: bounds
    the size of a vectorised catalog (and the cost of scoring it) whatever the abstracts' length."""
    from scipy.sparse import csr_matrix
    from sklearn.preprocessing import normalize

    order, rows, rank = ranked(matrix.indptr, matrix.data)
    keep = order[rank < n]
    cut = csr_matrix((matrix.data[keep], (rows[keep], matrix.indices[keep])), shape=matrix.shape)
    return normalize(cut, copy=False)
